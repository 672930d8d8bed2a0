use leptos::prelude::*;
use lyceum_kit::{api, set_page_title, Mfe};

use crate::components::courses::{CourseList, NewCourseForm};

/// How many course runs the home page lists.
const PAGE_SIZE: u64 = 100;

/// `/`: the course runs the signed-in user may author, and a form to start
/// a new one.
#[component]
pub fn Home() -> impl IntoView {
    set_page_title("Authoring");
    let courses = LocalResource::new(|| api::list_authored_courses(1, PAGE_SIZE));

    view! {
        <section class="page">
            <h1>"Authoring"</h1>
            <p>
                <a href=Mfe::Authoring.path("/import")>"Import a course"</a>
                " from an Open edX course export."
            </p>
            <CourseList courses=courses />
            <NewCourseForm />
        </section>
    }
}
