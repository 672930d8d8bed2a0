//! How a course run is summed up in the catalog and on the about page.

use leptos::prelude::*;
use shared_types::{CatalogCourse, EnrollmentStatus};

use crate::{format::local_date, links};

/// The words and style of an enrollment status badge.
pub fn enrollment_badge(status: EnrollmentStatus) -> (&'static str, &'static str) {
    match status {
        EnrollmentStatus::Open => ("badge badge-open", "Enrollment open"),
        EnrollmentStatus::NotYetOpen => ("badge badge-muted", "Enrollment not open yet"),
        EnrollmentStatus::Closed => ("badge badge-muted", "Enrollment closed"),
        EnrollmentStatus::Full => ("badge badge-muted", "Course full"),
        EnrollmentStatus::InvitationOnly => ("badge badge-muted", "By invitation only"),
    }
}

/// "Self-paced" or "Instructor-paced".
pub fn pacing(self_paced: bool) -> &'static str {
    if self_paced {
        "Self-paced"
    } else {
        "Instructor-paced"
    }
}

/// The course's run dates in one line ("Starts Mar 1, 2026 · Ends ...").
pub fn run_dates(course: &CatalogCourse) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(start) = &course.start {
        parts.push(format!("Starts {}", local_date(start)));
    }
    if let Some(end) = &course.end {
        parts.push(format!("Ends {}", local_date(end)));
    }
    (!parts.is_empty()).then(|| parts.join(" · "))
}

/// One course in the catalog: its image, name (linking to the about page),
/// organization, description, dates, pacing and whether it can be joined.
#[component]
pub fn CourseCard(course: CatalogCourse) -> impl IntoView {
    let href = links::about(&course.course_key);
    let (badge_class, badge) = enrollment_badge(course.enrollment_status);
    let dates = run_dates(&course);
    // The name says what the course is; the image only decorates it.
    let image = course
        .card_image_url
        .clone()
        .map(|src| view! { <img class="course-card-image" src=src alt="" loading="lazy" /> });
    view! {
        <li class="course-card" data-testid="catalog-course">
            {image}
            <div class="course-card-body">
                <h2 class="course-card-title">
                    <a href=href>{course.display_name.clone()}</a>
                </h2>
                <p class="course-card-org">
                    {course.org.clone()} " · " {course.number.clone()}
                </p>
                {course
                    .short_description
                    .clone()
                    .map(|text| view! { <p class="course-card-description">{text}</p> })}
                {dates.map(|dates| view! { <p class="course-card-dates">{dates}</p> })}
                <p class="course-card-badges">
                    <span class="badge badge-muted">{pacing(course.self_paced)}</span>
                    <span class=badge_class>{badge}</span>
                </p>
            </div>
        </li>
    }
}
