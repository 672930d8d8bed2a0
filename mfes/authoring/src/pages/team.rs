//! The course team page.

use leptos::prelude::*;
use lyceum_kit::{params::use_course_key, set_page_title};

use crate::components::{
    course_nav::{CourseNav, CourseTab},
    settings::team::TeamManager,
};

/// `/course/:course_key/team`: who works on the course, in which role.
#[component]
pub fn TeamPage() -> impl IntoView {
    let course_key = use_course_key();
    move || {
        let course_key = course_key.get();
        set_page_title("Course team");
        view! {
            <section class="page settings-page">
                <CourseNav course_key=course_key.clone() current=CourseTab::Team />
                <h1>"Course team"</h1>
                <TeamManager course_key=course_key />
            </section>
        }
    }
}
