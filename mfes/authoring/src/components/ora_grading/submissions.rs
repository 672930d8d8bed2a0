//! One assessment's submissions, a page at a time: who submitted, where
//! they are, the grades so far and who is grading it now, with a link to
//! grade each and the CSV export of them all.

use leptos::prelude::*;
use lyceum_kit::{
    api,
    components::{error_fallback, Spinner},
    set_page_title,
};
use shared_types::{OraSubmissionPage, OraSubmissionSummary};

use super::status_label;
use crate::components::{
    course_nav::{course_href, ora_submission_href, CourseTab},
    settings::time::local_display,
};

/// How many submissions a page lists.
const PAGE_SIZE: u64 = 25;

/// The assessment's name and place, its export, and its submissions.
#[component]
pub fn SubmissionList(course_key: String, usage_key: String) -> impl IntoView {
    let keys = StoredValue::new((course_key.clone(), usage_key.clone()));
    let page = RwSignal::new(1u64);
    // The name and place come with the course's list of assessments.
    let item = LocalResource::new(move || async move {
        let (course_key, usage_key) = keys.get_value();
        api::list_course_oras(&course_key)
            .await
            .map(|items| items.into_iter().find(|i| i.id == usage_key))
    });
    let submissions = LocalResource::new(move || {
        let page = page.get();
        async move {
            let (course_key, usage_key) = keys.get_value();
            api::list_ora_submissions(&course_key, &usage_key, page, PAGE_SIZE).await
        }
    });
    let name = move || {
        item.get()
            .and_then(Result::ok)
            .flatten()
            .map(|i| i.display_name)
    };
    Effect::new(move |_| {
        let title = name().unwrap_or_else(|| "Submissions".to_string());
        set_page_title(&format!("{title} · Open responses"));
    });
    let place = move || {
        item.get()
            .and_then(Result::ok)
            .flatten()
            .filter(|i| !i.breadcrumb.is_empty())
            .map(|i| view! { <p class="ora-place">{i.breadcrumb.join(" › ")}</p> })
    };
    let export = api::ora_export_csv_url(&course_key, &usage_key);
    // Kept from the last page loaded, so the pager stays (with the focus
    // on the button just pressed) while the next page loads.
    let pages = Memo::new(move |previous: Option<&u64>| {
        submissions
            .get()
            .and_then(Result::ok)
            .map(|list| list.num_pages.max(1))
            .unwrap_or_else(|| previous.copied().unwrap_or(1))
    });

    view! {
        <nav class="breadcrumb" aria-label="Breadcrumb">
            <a href=course_href(&course_key, CourseTab::OpenResponses)>"Open responses"</a>
        </nav>
        <h1>{move || name().unwrap_or_else(|| "Submissions".to_string())}</h1>
        {place}
        <p>
            <a class="button button-secondary" href=export download="">
                "Download all submissions (CSV)"
            </a>
        </p>
        <section aria-labelledby="submissions-heading">
            <h2 id="submissions-heading">"Submissions"</h2>
            <Transition fallback=|| view! { <Spinner label="Loading the submissions…" /> }>
                <ErrorBoundary fallback=error_fallback>
                    {move || {
                        submissions
                            .get()
                            .map(|result| {
                                result
                                    .map(|list| {
                                        let (course_key, usage_key) = keys.get_value();
                                        submission_table(&course_key, &usage_key, list, page)
                                    })
                            })
                    }}
                </ErrorBoundary>
            </Transition>
            <Pager page=page pages=pages />
        </section>
    }
}

/// The table of one page of submissions with the pager, or the empty state.
fn submission_table(
    course_key: &str,
    usage_key: &str,
    list: OraSubmissionPage,
    page: RwSignal<u64>,
) -> AnyView {
    if list.count == 0 {
        return view! { <p class="empty-state">"No learner has submitted a response yet."</p> }
            .into_any();
    }
    let rows = list
        .results
        .into_iter()
        .map(|s| submission_row(course_key, usage_key, s))
        .collect_view();
    let pages = list.num_pages.max(1);
    let first = (page.get_untracked() - 1) * PAGE_SIZE + 1;
    let last = (first + PAGE_SIZE - 1).min(list.count);
    let range = if pages == 1 {
        format!(
            "{} submission{}",
            list.count,
            if list.count == 1 { "" } else { "s" }
        )
    } else {
        format!("Showing {first}–{last} of {} submissions", list.count)
    };
    view! {
        <p class="ora-range">{range}</p>
        <div class="table-wrap">
            <table class="ora-submissions">
                <caption class="visually-hidden">"Submissions"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Learner"</th>
                        <th scope="col">"Attempt"</th>
                        <th scope="col">"Submitted"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col">"Peer grades"</th>
                        <th scope="col">"Staff graded"</th>
                        <th scope="col">"Score"</th>
                        <th scope="col">"Being graded by"</th>
                        <th scope="col">
                            <span class="visually-hidden">"Actions"</span>
                        </th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// Previous and Next with "Page 2 of 3"; nothing for one page.
#[component]
fn Pager(page: RwSignal<u64>, pages: Memo<u64>) -> impl IntoView {
    view! {
        <Show when=move || { pages.get() > 1 }>
            <nav class="pager" aria-label="Pages of submissions">
                <button
                    type="button"
                    class="button button-secondary"
                    disabled=move || page.get() <= 1
                    on:click=move |_| page.update(|p| *p = p.saturating_sub(1).max(1))
                >
                    "Previous"
                </button>
                <span class="pager-where">
                    {move || format!("Page {} of {}", page.get(), pages.get())}
                </span>
                <button
                    type="button"
                    class="button button-secondary"
                    disabled=move || page.get() >= pages.get()
                    on:click=move |_| page.update(|p| *p = (*p + 1).min(pages.get_untracked()))
                >
                    "Next"
                </button>
            </nav>
        </Show>
    }
}

/// One submission's row.
fn submission_row(course_key: &str, usage_key: &str, s: OraSubmissionSummary) -> impl IntoView {
    let href = ora_submission_href(course_key, usage_key, &s.uuid);
    let score = match s.earned {
        Some(earned) => format!("{earned} / {}", s.possible),
        None => "—".to_string(),
    };
    let (action, verb) = if s.status == "cancelled" {
        ("View", "View")
    } else if s.staff_graded {
        ("Review", "Review the grade of")
    } else {
        ("Grade", "Grade")
    };
    let label = format!("{verb} {}'s submission", s.username);
    view! {
        <tr>
            <th scope="row">{s.username.clone()}</th>
            <td class="numeric">{s.attempt}</td>
            <td>{local_display(s.submitted_at.timestamp_millis())}</td>
            <td>{status_label(&s.status)}</td>
            <td class="numeric">{s.peer_received}</td>
            <td>{if s.staff_graded { "Yes" } else { "No" }}</td>
            <td>{score}</td>
            <td>{s.locked_by.unwrap_or_else(|| "—".to_string())}</td>
            <td>
                <a href=href aria-label=label>
                    {action}
                </a>
            </td>
        </tr>
    }
}
