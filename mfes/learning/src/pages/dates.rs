use leptos::prelude::*;
use lyceum_kit::set_page_title;
use shared_types::CourseBlocks;

use crate::{
    components::loading::loading,
    format::{is_past, local_datetime},
    links,
    outline::{due_dates, is_complete},
    pages::course::{course_load_error, use_course},
};

/// `/course/:course_key/dates`: what is due when, soonest first, in the
/// learner's own time zone; dates gone by are marked.
#[component]
pub fn DatesPage() -> impl IntoView {
    set_page_title("Dates");
    let course = use_course();
    view! {
        <section class="page">
            <h1>"Important dates"</h1>
            {loading(
                Some("Loading the dates…"),
                move || {
                    course
                        .blocks
                        .get()
                        .map(|result| match result {
                            Ok(blocks) => Ok(dates_view(blocks)),
                            Err(error) => course_load_error(&course.course_key.get_untracked(), error),
                        })
                },
            )}
        </section>
    }
}

fn dates_view(blocks: CourseBlocks) -> AnyView {
    let dates = due_dates(&blocks.root);
    if dates.is_empty() {
        return view! {
            <div class="empty-state" data-testid="dates-empty">
                <h2>"No due dates"</h2>
                <p>"Nothing in this course has a due date: work at your own pace."</p>
            </div>
        }
        .into_any();
    }
    let course_key = blocks.course_key;
    let items = dates
        .into_iter()
        .map(|date| {
            let past = is_past(&date.due);
            let done = is_complete(date.completion);
            let (badge_class, badge) = match (done, past) {
                (true, _) => ("badge badge-open", "Completed"),
                (false, true) => ("badge badge-past", "Past due"),
                (false, false) => ("badge badge-muted", "Upcoming"),
            };
            let kind = match (date.graded, &date.format) {
                (true, Some(format)) if !format.is_empty() => format!("{format} (graded)"),
                (true, _) => "Graded".to_string(),
                (false, _) => String::new(),
            };
            let name = match &date.entry {
                Some(unit) => view! {
                    <a href=links::unit(&course_key, unit)>{date.display_name.clone()}</a>
                }
                .into_any(),
                None => view! { <span>{date.display_name.clone()}</span> }.into_any(),
            };
            view! {
                <li class="date-item" class:date-past=past data-testid="date-item">
                    <time class="date-when" datetime=date.due.to_rfc3339()>
                        {local_datetime(&date.due)}
                    </time>
                    <div class="date-what">
                        <span class="date-name">{name}</span>
                        <span class="outline-meta">{date.section_name.clone()} {(!kind.is_empty()).then(|| format!(" · {kind}"))}</span>
                    </div>
                    <span class=badge_class>{badge}</span>
                </li>
            }
        })
        .collect_view();
    view! { <ol class="dates-list">{items}</ol> }.into_any()
}
