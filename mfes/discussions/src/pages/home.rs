use leptos::prelude::*;
use lyceum_kit::{api, components::error_fallback, components::Spinner, set_page_title, Mfe};

use crate::{components::preferences::EmailPreference, links};

/// `/`: the forums of the courses the signed-in user is in.
#[component]
pub fn Home() -> impl IntoView {
    set_page_title("Discussions");
    let courses = LocalResource::new(api::get_dashboard);
    let list = move || {
        courses.get().map(|result| {
            result.map(|dashboard| {
                if dashboard.results.is_empty() {
                    return view! {
                        <div class="empty-state" data-testid="forums-empty">
                            <h2>"No course discussions yet"</h2>
                            <p>
                                "Enroll in a course to join its discussions. "
                                <a href=Mfe::Learning.path("/courses")>"Browse the catalog"</a>
                            </p>
                        </div>
                    }
                    .into_any();
                }
                let items = dashboard
                    .results
                    .into_iter()
                    .map(|c| {
                        let href = links::forum(&c.course.course_key);
                        view! {
                            <li class="card">
                                <a href=href>{c.course.display_name}</a>
                            </li>
                        }
                    })
                    .collect_view();
                view! { <ul class="forum-courses">{items}</ul> }.into_any()
            })
        })
    };
    view! {
        <section class="page">
            <h1>"Discussions"</h1>
            <p>"The discussions of your courses."</p>
            <Transition fallback=|| view! { <Spinner label="Loading your courses…" /> }>
                <ErrorBoundary fallback=error_fallback>{list}</ErrorBoundary>
            </Transition>
            <EmailPreference />
        </section>
    }
}
