use leptos::prelude::*;
use lyceum_kit::{
    components::{error_fallback, Spinner},
    ApiError, Mfe,
};
use shared_types::{CourseSummary, CourseSummaryPage};

/// The course runs the user may author, each linking to its outline.
#[component]
pub fn CourseList(
    /// The first page of the user's course runs.
    courses: LocalResource<Result<CourseSummaryPage, ApiError>>,
) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="courses-heading">
            <h2 id="courses-heading">"Your courses"</h2>
            <Transition fallback=|| view! { <Spinner label="Loading your courses…" /> }>
                <ErrorBoundary fallback=error_fallback>
                    {move || {
                        courses.get().map(|page| page.map(|page| course_items(page.results)))
                    }}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

fn course_items(courses: Vec<CourseSummary>) -> AnyView {
    if courses.is_empty() {
        return view! {
            <p class="empty-state" data-testid="courses-empty">
                "No courses yet."
            </p>
        }
        .into_any();
    }
    let items = courses
        .into_iter()
        .map(|course| {
            let href = Mfe::Authoring.path(&format!("/course/{}", course.course_key));
            let (badge_class, badge) = if course.published_version.is_some() {
                ("badge badge-published", "Published")
            } else {
                ("badge badge-never", "Not published")
            };
            view! {
                <li class="course-item" data-testid="course-item">
                    <a href=href class="course-link">
                        {course.display_name}
                    </a>
                    <code class="course-key">{course.course_key}</code>
                    <span class=badge_class>{badge}</span>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="course-list">{items}</ul> }.into_any()
}
