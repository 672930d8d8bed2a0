//! The course's open response assessments, each with its submissions and
//! how many still lack a staff grade.

use leptos::prelude::*;
use lyceum_kit::{
    api,
    components::{error_fallback, Spinner},
};
use shared_types::OraItemSummary;

use super::step_label;
use crate::components::course_nav::ora_href;

/// The table of the course's assessments, or the empty state.
#[component]
pub fn OraList(course_key: String) -> impl IntoView {
    let course = StoredValue::new(course_key);
    let items =
        LocalResource::new(move || async move { api::list_course_oras(&course.get_value()).await });
    view! {
        <Transition fallback=|| view! { <Spinner label="Loading the open response assessments…" /> }>
            <ErrorBoundary fallback=error_fallback>
                {move || {
                    items
                        .get()
                        .map(|result| {
                            result.map(|items| ora_table(&course.get_value(), items))
                        })
                }}
            </ErrorBoundary>
        </Transition>
    }
}

fn ora_table(course_key: &str, items: Vec<OraItemSummary>) -> AnyView {
    if items.is_empty() {
        return view! {
            <p class="empty-state">
                "This course has no open response assessments yet. Add one to a unit from the outline."
            </p>
        }
        .into_any();
    }
    let rows = items
        .into_iter()
        .map(|item| {
            let href = ora_href(course_key, &item.id);
            let steps: Vec<&str> = item.steps.iter().copied().map(step_label).collect();
            let steps = if steps.is_empty() {
                "—".to_string()
            } else {
                steps.join(", ")
            };
            view! {
                <tr>
                    <th scope="row">
                        <a href=href>{item.display_name}</a>
                    </th>
                    <td>{item.breadcrumb.join(" › ")}</td>
                    <td>{steps}</td>
                    <td class="numeric">{item.submissions}</td>
                    <td class="numeric">{item.ungraded}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="ora-items">
                <caption class="visually-hidden">"Open response assessments"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Assessment"</th>
                        <th scope="col">"Location"</th>
                        <th scope="col">"Steps"</th>
                        <th scope="col">"Submissions"</th>
                        <th scope="col">"Ungraded"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}
