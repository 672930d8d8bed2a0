//! The course's files page.

use leptos::prelude::*;
use lyceum_kit::{params::use_course_key, set_page_title};

use crate::components::{
    course_nav::{CourseNav, CourseTab},
    settings::files::FilesManager,
};

/// `/course/:course_key/files`: upload, list and delete the course's files.
#[component]
pub fn FilesPage() -> impl IntoView {
    let course_key = use_course_key();
    move || {
        let course_key = course_key.get();
        set_page_title("Files");
        view! {
            <section class="page settings-page">
                <CourseNav course_key=course_key.clone() current=CourseTab::Files />
                <h1>"Files"</h1>
                <FilesManager course_key=course_key />
            </section>
        }
    }
}
