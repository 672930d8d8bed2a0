use leptos::prelude::*;
use lyceum_kit::set_page_title;
use shared_types::CourseBlocks;

use crate::{
    components::{loading::loading, outline_tree::OutlineTree, progress_bar::ProgressBar},
    format::percent,
    links,
    pages::course::{course_load_error, use_course},
};

/// `/course/:course_key`: the course outline with the learner's progress
/// and a way back in.
#[component]
pub fn CourseHome() -> impl IntoView {
    set_page_title("Course");
    let course = use_course();
    view! {
        <section class="page">
            {loading(
                Some("Loading the course…"),
                move || {
                    course
                        .blocks
                        .get()
                        .map(|result| match result {
                            Ok(blocks) => Ok(view! { <CourseOverview blocks=blocks /> }.into_any()),
                            Err(error) => course_load_error(&course.course_key.get_untracked(), error),
                        })
                },
            )}
        </section>
    }
}

#[component]
fn CourseOverview(blocks: CourseBlocks) -> impl IntoView {
    let name = blocks.root.display_name.clone();
    set_page_title(&name);
    let done = percent(blocks.root.completion);
    let resume = links::resume(&blocks.course_key, blocks.resume_block.as_deref());
    let (action, hint) = if done > 0 {
        ("Resume course", "Pick up where you left off.")
    } else {
        ("Start course", "Begin with the first unit.")
    };
    view! {
        <h1>{name.clone()}</h1>
        <div class="course-home-summary card">
            <ProgressBar percent=done label="Course progress" />
            <p class="course-home-resume">
                <a class="button button-primary" href=resume data-testid="resume">
                    {action}
                </a>
                <span class="field-hint">{hint}</span>
            </p>
        </div>
        <OutlineTree blocks=blocks />
    }
}
