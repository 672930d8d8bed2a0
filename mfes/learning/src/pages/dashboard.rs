use leptos::prelude::*;
use lyceum_kit::{api, set_page_title, use_session};
use shared_types::{Dashboard as MyCourses, DashboardCourse};

use crate::{
    components::{loading::loading, progress_bar::ProgressBar},
    format::local_datetime,
    links,
};

/// `/`: the signed-in learner's courses, with progress, what is due next
/// and where to resume.
#[component]
pub fn Dashboard() -> impl IntoView {
    set_page_title("My courses");
    let session = use_session();
    let name = move || session.user().map(|user| user.name).unwrap_or_default();
    let dashboard = LocalResource::new(api::get_dashboard);

    view! {
        <section class="page">
            <h1>"Learning dashboard"</h1>
            <p class="welcome">"Welcome, " {name} ". Here are your courses."</p>
            {loading(
                Some("Loading your courses…"),
                move || dashboard.get().map(|result| result.map(courses_view)),
            )}
        </section>
    }
}

fn courses_view(dashboard: MyCourses) -> AnyView {
    if dashboard.results.is_empty() {
        return view! {
            <div class="empty-state" data-testid="dashboard-empty">
                <h2>"You are not enrolled in any course yet"</h2>
                <p>"Find a course you like in the catalog and enroll: it will appear here, with your progress."</p>
                <p>
                    <a class="button button-primary" href=links::catalog()>
                        "Browse the catalog"
                    </a>
                </p>
            </div>
        }
        .into_any();
    }
    let cards = dashboard
        .results
        .into_iter()
        .map(|course| view! { <DashboardCard course=course /> })
        .collect_view();
    view! {
        <ul class="dashboard-courses">{cards}</ul>
        <p>
            <a href=links::catalog()>"Find more courses in the catalog"</a>
        </p>
    }
    .into_any()
}

#[component]
fn DashboardCard(course: DashboardCourse) -> impl IntoView {
    let key = course.course.course_key.clone();
    let name = course.course.display_name.clone();
    let started = course.progress_percent > 0;
    let resume = links::resume(&key, course.resume_block.as_deref());
    let next_due = course.next_due.map(|item| {
        view! {
            <p class="dashboard-due">
                "Next due: " <strong>{item.display_name}</strong> ", "
                <time datetime=item.due.to_rfc3339()>{local_datetime(&item.due)}</time>
            </p>
        }
    });
    let image = course
        .course
        .card_image_url
        .clone()
        .map(|src| view! { <img class="dashboard-image" src=src alt="" loading="lazy" /> });
    view! {
        <li class="dashboard-course card" data-testid="dashboard-course">
            {image}
            <div class="dashboard-body">
                <h2 class="dashboard-title">
                    <a href=links::course_home(&key)>{name.clone()}</a>
                </h2>
                <p class="course-card-org">{course.course.org.clone()}</p>
                <ProgressBar
                    percent=u32::from(course.progress_percent)
                    label=format!("Progress in {name}")
                />
                {next_due}
                <p class="dashboard-actions">
                    <a class="button button-primary" href=resume aria-label=format!(
                        "{} {name}",
                        if started { "Resume" } else { "Start" },
                    )>{if started { "Resume" } else { "Start" }}</a>
                    <a href=links::progress(&key)>"Progress"</a>
                </p>
            </div>
        </li>
    }
}
