//! The course team's open response grading: the course's assessments, one
//! assessment's submissions, and the grading page of one submission.

use leptos::prelude::*;
use lyceum_kit::{
    params::{use_course_key, use_param},
    set_page_title,
};

use crate::components::{
    course_nav::{CourseNav, CourseTab},
    ora_grading::{OraList, SubmissionGrader, SubmissionList},
};

/// `/course/:course_key/ora`: every open response assessment of the course
/// with its submission counts.
#[component]
pub fn OraListPage() -> impl IntoView {
    let course_key = use_course_key();
    move || {
        let course_key = course_key.get();
        set_page_title("Open responses");
        view! {
            <section class="page ora-grading-page">
                <CourseNav course_key=course_key.clone() current=CourseTab::OpenResponses />
                <h1>"Open responses"</h1>
                <p>
                    "Grade learners' open responses, read every assessment of them, and cancel submissions."
                </p>
                <OraList course_key=course_key />
            </section>
        }
    }
}

/// `/course/:course_key/ora/:usage_key`: one assessment's submissions, a
/// page at a time, with the CSV export.
#[component]
pub fn OraSubmissionsPage() -> impl IntoView {
    let course_key = use_course_key();
    let usage_key = use_param("usage_key");
    move || {
        let course_key = course_key.get();
        let usage_key = usage_key.get();
        view! {
            <section class="page ora-grading-page">
                <CourseNav course_key=course_key.clone() current=CourseTab::OpenResponses />
                <SubmissionList course_key=course_key usage_key=usage_key />
            </section>
        }
    }
}

/// `/course/:course_key/ora/:usage_key/submissions/:uuid`: grading one
/// submission, held for the grader while the page is open.
#[component]
pub fn OraGradingPage() -> impl IntoView {
    let course_key = use_course_key();
    let usage_key = use_param("usage_key");
    let uuid = use_param("uuid");
    move || {
        let course_key = course_key.get();
        let usage_key = usage_key.get();
        let uuid = uuid.get();
        view! {
            <section class="page ora-grading-page">
                <CourseNav course_key=course_key.clone() current=CourseTab::OpenResponses />
                <SubmissionGrader course_key=course_key usage_key=usage_key uuid=uuid />
            </section>
        }
    }
}
