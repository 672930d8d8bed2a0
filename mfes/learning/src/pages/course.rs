//! The frame of every page of one course: the course's name, its tab bar,
//! and the learner's course tree shared by the pages below it.

use leptos::prelude::*;
use leptos_router::components::Outlet;
use lyceum_kit::{api, params::use_course_key, ApiError};
use shared_types::CourseBlocks;

use crate::{components::course_tabs::CourseTabs, links};

/// What the course pages share: the course and the learner's tree of it
/// (with completion), loaded once for all of them.
#[derive(Clone, Copy)]
pub struct CourseContext {
    pub course_key: Memo<String>,
    /// `GET /courses/{course_key}/blocks`; refetched after the learner
    /// completes something, so the marks follow.
    pub blocks: LocalResource<Result<CourseBlocks, ApiError>>,
}

/// The course context of the enclosing [`CourseLayout`].
pub fn use_course() -> CourseContext {
    use_context::<CourseContext>().expect("course pages are routed inside CourseLayout")
}

/// `/course/:course_key/...`: the course's name and tabs above the page.
#[component]
pub fn CourseLayout() -> impl IntoView {
    let course_key = use_course_key();
    let blocks = LocalResource::new(move || {
        let course_key = course_key.get();
        async move { api::get_course_blocks(&course_key).await }
    });
    provide_context(CourseContext { course_key, blocks });
    let course_name = move || {
        blocks
            .get()
            .and_then(Result::ok)
            .map(|blocks| blocks.root.display_name)
    };

    view! {
        <div class="course-frame">
            <p class="course-name" data-testid="course-name">
                {course_name}
            </p>
            <CourseTabs course_key=course_key />
            <Outlet />
        </div>
    }
}

/// What a course page shows when its data cannot load: learners who are
/// not enrolled are sent to the about page, a missing course is said to be
/// missing; other failures go to the page's error boundary.
pub fn course_load_error(course_key: &str, error: ApiError) -> Result<AnyView, ApiError> {
    if error.is_forbidden() {
        let about = links::about(course_key);
        return Ok(view! {
            <div class="empty-state" data-testid="not-enrolled">
                <h2>"You are not enrolled in this course"</h2>
                <p>{error.detail().to_string()}</p>
                <p>
                    <a class="button button-primary" href=about>
                        "See the course and enroll"
                    </a>
                </p>
            </div>
        }
        .into_any());
    }
    if error.status == 404 {
        return Ok(view! {
            <div class="empty-state">
                <h2>"Course not found"</h2>
                <p>"This course does not exist, or it has not been published yet."</p>
                <p>
                    <a href=links::catalog()>"Browse the catalog"</a>
                </p>
            </div>
        }
        .into_any());
    }
    Err(error)
}
