use leptos::prelude::*;
use lyceum_kit::{api, set_page_title};
use shared_types::{CourseProgress, SubsectionProgress};

use crate::{
    components::{
        grade_chart::{GradeChart, GradeTable},
        loading::loading,
        progress_bar::ProgressBar,
    },
    format::{local_datetime, percent, points},
    pages::course::{course_load_error, use_course},
};

/// `/course/:course_key/progress`: the learner's grade, how each assignment
/// type stands against the cutoffs, and every subsection's scores.
#[component]
pub fn ProgressPage() -> impl IntoView {
    set_page_title("Progress");
    let course = use_course();
    let progress = LocalResource::new(move || {
        let course_key = course.course_key.get();
        async move { api::get_course_progress(&course_key).await }
    });
    view! {
        <section class="page">
            <h1>"Progress"</h1>
            {loading(
                Some("Loading your progress…"),
                move || {
                    progress
                        .get()
                        .map(|result| match result {
                            Ok(progress) => Ok(view! { <Progress progress=progress /> }.into_any()),
                            Err(error) => course_load_error(&course.course_key.get_untracked(), error),
                        })
                },
            )}
        </section>
    }
}

#[component]
fn Progress(progress: CourseProgress) -> impl IntoView {
    let grade = percent(progress.percent);
    let standing = match (&progress.letter_grade, progress.passed) {
        (Some(letter), true) => format!("You are passing with a grade of {letter}."),
        (Some(letter), false) => format!("Your grade so far is {letter}."),
        (None, _) => "You are not passing yet.".to_string(),
    };
    let has_grades = !progress.assignment_types.is_empty();
    let subsections = sections(&progress.subsections);
    view! {
        <div class="progress-summary card" data-testid="course-grade">
            <p class="course-grade">
                <span class="course-grade-value">{format!("{grade}%")}</span>
                <span class="course-grade-label">"Course grade"</span>
            </p>
            <p>{standing}</p>
            <ProgressBar percent=percent(progress.completion) label="Course completion" />
        </div>
        <section aria-labelledby="grades-heading">
            <h2 id="grades-heading">"Grades"</h2>
            {if has_grades {
                view! {
                    <div class="grade-summary">
                        <GradeChart progress=progress.clone() />
                        <GradeTable progress=progress.clone() />
                    </div>
                }
                    .into_any()
            } else {
                view! { <p class="empty-state">"This course has no graded assignments."</p> }.into_any()
            }}
        </section>
        <section aria-labelledby="subsections-heading">
            <h2 id="subsections-heading">"Scores by subsection"</h2>
            {subsections}
        </section>
    }
}

/// The subsections grouped by section, in course order.
fn sections(subsections: &[SubsectionProgress]) -> AnyView {
    if subsections.is_empty() {
        return view! { <p class="empty-state">"There is nothing to score in this course yet."</p> }
            .into_any();
    }
    let mut groups: Vec<(String, Vec<&SubsectionProgress>)> = Vec::new();
    for subsection in subsections {
        match groups.last_mut() {
            Some((section, items)) if *section == subsection.section => items.push(subsection),
            _ => groups.push((subsection.section.clone(), vec![subsection])),
        }
    }
    groups
        .into_iter()
        .map(|(section, items)| {
            let items = items.into_iter().map(subsection_view).collect_view();
            view! {
                <h3 class="progress-section">{section}</h3>
                <ul class="progress-subsections">{items}</ul>
            }
        })
        .collect_view()
        .into_any()
}

fn subsection_view(subsection: &SubsectionProgress) -> impl IntoView {
    let kind = match (subsection.graded, &subsection.format) {
        (true, Some(format)) if !format.is_empty() => format!("{format} (graded)"),
        (true, _) => "Graded".to_string(),
        (false, _) => "Practice (ungraded)".to_string(),
    };
    let score = if subsection.possible > 0.0 {
        format!(
            "{}/{} ({}%)",
            points(subsection.earned),
            points(subsection.possible),
            percent(subsection.earned / subsection.possible)
        )
    } else {
        "No points".to_string()
    };
    let due = subsection.due.map(|due| {
        view! {
            <span>
                " · Due " <time datetime=due.to_rfc3339()>{local_datetime(&due)}</time>
            </span>
        }
    });
    let problems = (!subsection.problems.is_empty()).then(|| {
        let items = subsection
            .problems
            .iter()
            .map(|problem| {
                view! {
                    <li>
                        <span>{problem.display_name.clone()}</span>
                        ": "
                        <span class="problem-score">
                            {format!("{}/{}", points(problem.earned), points(problem.possible))}
                        </span>
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="problem-scores" aria-label="Problem scores">{items}</ul> }
    });
    view! {
        <li class="progress-subsection card" data-testid="progress-subsection">
            <div class="progress-subsection-head">
                <span class="progress-subsection-name">{subsection.display_name.clone()}</span>
                <span class="progress-subsection-score">{score}</span>
            </div>
            <p class="outline-meta">{kind} {due}</p>
            {problems}
        </li>
    }
}
