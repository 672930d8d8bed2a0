//! The navigation shared by every page of one course run: back to the
//! course list, and the course's pages as tabs.

use leptos::prelude::*;
use lyceum_kit::{api::encode_path_segment, Mfe};

/// The pages of a course run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CourseTab {
    Outline,
    Details,
    Grading,
    Advanced,
    Files,
    Team,
    OpenResponses,
    ImportExport,
}

impl CourseTab {
    const ALL: [CourseTab; 8] = [
        CourseTab::Outline,
        CourseTab::Details,
        CourseTab::Grading,
        CourseTab::Advanced,
        CourseTab::Files,
        CourseTab::Team,
        CourseTab::OpenResponses,
        CourseTab::ImportExport,
    ];

    fn label(self) -> &'static str {
        match self {
            CourseTab::Outline => "Outline",
            CourseTab::Details => "Schedule & details",
            CourseTab::Grading => "Grading",
            CourseTab::Advanced => "Advanced settings",
            CourseTab::Files => "Files",
            CourseTab::Team => "Course team",
            CourseTab::OpenResponses => "Open responses",
            CourseTab::ImportExport => "Export",
        }
    }

    /// The page's path below the course's own path.
    fn suffix(self) -> &'static str {
        match self {
            CourseTab::Outline => "",
            CourseTab::Details => "/settings/details",
            CourseTab::Grading => "/settings/grading",
            CourseTab::Advanced => "/settings/advanced",
            CourseTab::Files => "/files",
            CourseTab::Team => "/team",
            CourseTab::OpenResponses => "/ora",
            CourseTab::ImportExport => "/export",
        }
    }
}

/// The address of one page of a course run.
pub fn course_href(course_key: &str, tab: CourseTab) -> String {
    Mfe::Authoring.path(&format!(
        "/course/{}{}",
        encode_path_segment(course_key),
        tab.suffix()
    ))
}

/// The address of a unit's page.
pub fn unit_href(course_key: &str, unit_key: &str) -> String {
    Mfe::Authoring.path(&format!(
        "/course/{}/unit/{}",
        encode_path_segment(course_key),
        encode_path_segment(unit_key)
    ))
}

/// The address of one open response assessment's submissions.
pub fn ora_href(course_key: &str, usage_key: &str) -> String {
    Mfe::Authoring.path(&format!(
        "/course/{}/ora/{}",
        encode_path_segment(course_key),
        encode_path_segment(usage_key)
    ))
}

/// The address of the grading page of one submission.
pub fn ora_submission_href(course_key: &str, usage_key: &str, uuid: &str) -> String {
    format!(
        "{}/submissions/{}",
        ora_href(course_key, usage_key),
        encode_path_segment(uuid)
    )
}

/// "All courses" and the course's tabs; the current page is marked for
/// screen readers with `aria-current`.
#[component]
pub fn CourseNav(course_key: String, current: CourseTab) -> impl IntoView {
    let tabs = CourseTab::ALL
        .into_iter()
        .map(|tab| {
            let href = course_href(&course_key, tab);
            let aria_current = (tab == current).then_some("page");
            view! {
                <li>
                    <a href=href aria-current=aria_current>
                        {tab.label()}
                    </a>
                </li>
            }
        })
        .collect_view();
    view! {
        <nav class="course-nav" aria-label="Course">
            <a class="course-nav-home" href=Mfe::Authoring.home()>
                "All courses"
            </a>
            <ul>{tabs}</ul>
        </nav>
    }
}
