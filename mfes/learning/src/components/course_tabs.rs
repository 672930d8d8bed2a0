use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::links;

/// The course pages a learner moves between.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CourseTab {
    Course,
    Progress,
    Dates,
}

impl CourseTab {
    const ALL: [CourseTab; 3] = [CourseTab::Course, CourseTab::Progress, CourseTab::Dates];

    fn label(self) -> &'static str {
        match self {
            CourseTab::Course => "Course",
            CourseTab::Progress => "Progress",
            CourseTab::Dates => "Dates",
        }
    }

    fn href(self, course_key: &str) -> String {
        match self {
            CourseTab::Course => links::course_home(course_key),
            CourseTab::Progress => links::progress(course_key),
            CourseTab::Dates => links::dates(course_key),
        }
    }

    /// The tab a path belongs to; units belong to the course.
    fn of_path(path: &str) -> CourseTab {
        let path = path.trim_end_matches('/');
        if path.ends_with("/progress") {
            CourseTab::Progress
        } else if path.ends_with("/dates") {
            CourseTab::Dates
        } else {
            CourseTab::Course
        }
    }
}

/// The course's tab bar: Course, Progress, Dates. The current page is
/// marked for screen readers with `aria-current`.
#[component]
pub fn CourseTabs(course_key: Memo<String>) -> impl IntoView {
    let location = use_location();
    let current = Memo::new(move |_| {
        let path = location.pathname.get();
        (CourseTab::of_path(&path), path.contains("/unit/"))
    });
    let tabs = CourseTab::ALL
        .into_iter()
        .map(|tab| {
            let aria_current = move || match current.get() {
                (now, false) if now == tab => Some("page"),
                (now, true) if now == tab => Some("true"),
                _ => None,
            };
            view! {
                <li>
                    <a href=move || tab.href(&course_key.get()) aria-current=aria_current>
                        {tab.label()}
                    </a>
                </li>
            }
        })
        .collect_view();
    view! {
        <nav class="course-tabs" aria-label="Course">
            <ul>{tabs}</ul>
        </nav>
    }
}
