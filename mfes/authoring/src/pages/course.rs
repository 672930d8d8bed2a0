use leptos::prelude::*;
use lyceum_kit::{
    api,
    components::{error_fallback, Spinner},
    params::use_course_key,
    set_page_title,
};
use shared_types::Outline;

use crate::components::{
    course_nav::{CourseNav, CourseTab},
    outline::{Editor, OutlineTree, PublishBar},
};

/// `/course/:course_key`: the draft outline of one course run, to edit and
/// publish.
#[component]
pub fn CoursePage() -> impl IntoView {
    let course_key = use_course_key();
    // A new editor (and outline) for each course the route points at.
    move || view! { <CourseEditor course_key=course_key.get() /> }
}

/// The editor of one course run.
#[component]
fn CourseEditor(course_key: String) -> impl IntoView {
    set_page_title("Course outline");
    let outline = {
        let course_key = course_key.clone();
        LocalResource::new(move || {
            let course_key = course_key.clone();
            async move { api::get_course_outline(&course_key).await }
        })
    };
    let editor = Editor::provide(course_key.clone(), outline);

    view! {
        <section class="page">
            <CourseNav course_key=course_key.clone() current=CourseTab::Outline />
            <Transition fallback=|| view! { <Spinner label="Loading the outline…" /> }>
                <ErrorBoundary fallback=|errors| {
                    view! {
                        <h1>"Course outline"</h1>
                        {error_fallback(errors)}
                    }
                }>
                    {move || {
                        outline.get().map(|outline| outline.map(|outline| view! { <CourseOutline outline=outline /> }))
                    }}
                </ErrorBoundary>
            </Transition>
            <p class="visually-hidden" role="status" aria-live="polite">
                {move || editor.announcement()}
            </p>
        </section>
    }
}

/// The loaded outline: the course's name, its publish state and the tree.
#[component]
fn CourseOutline(outline: Outline) -> impl IntoView {
    let name = outline.root.display_name.clone();
    set_page_title(&name);
    view! {
        <h1>{name}</h1>
        <p class="course-key">
            <code>{outline.course_key}</code>
        </p>
        <PublishBar version=outline.version published_version=outline.published_version />
        <section aria-labelledby="outline-heading">
            <h2 id="outline-heading">"Outline"</h2>
            <OutlineTree root=outline.root />
        </section>
    }
}
