//! `/course/:course_key/activity`: "My posts", the threads the reader
//! started and those they took part in (started, responded to or
//! commented on), each a page at a time.

use leptos::prelude::*;
use lyceum_kit::{
    api::{self, ThreadListPaging, ThreadListQuery},
    components::{error_fallback, Spinner},
    params::use_course_key,
    set_page_title,
};

use super::forum::THREADS_PER_PAGE;
use crate::components::{
    pager::{back_to_first, range_text, Pager},
    tabs::{panel_id, TabList},
    thread_list::thread_items,
};
use crate::links;

/// The two lists: (tab name, tab id, API filter, what an empty list says).
const VIEWS: [(&str, &str, &str, &str); 2] = [
    (
        "Started by me",
        "activity-started",
        "mine",
        "You have not started any posts in this course yet.",
    ),
    (
        "Took part in",
        "activity-participated",
        "participating",
        "You have not started, answered or commented on any posts in this course yet.",
    ),
];

#[component]
pub fn Activity() -> impl IntoView {
    set_page_title("My posts");
    let course_key = use_course_key();
    let selected = RwSignal::new(0usize);
    let page = RwSignal::new(1u64);
    let threads = LocalResource::new(move || {
        let key = course_key.get();
        let query = ThreadListQuery {
            topic_id: None,
            filter: Some(VIEWS[selected.get()].2.to_string()),
            sort: Some("activity".into()),
            page: page.get(),
        };
        let paging = ThreadListPaging {
            page_size: Some(THREADS_PER_PAGE),
            include_deleted: false,
        };
        async move { api::list_threads_paged(&key, &query, paging).await }
    });
    // Each list starts at its first page.
    Effect::new(move |before: Option<()>| {
        selected.track();
        if before.is_some() {
            back_to_first(page);
        }
    });
    let tabs = VIEWS
        .iter()
        .map(|(name, id, _, _)| (name.to_string(), id.to_string()))
        .collect();
    let count = Signal::derive(move || {
        threads
            .get()
            .and_then(Result::ok)
            .map_or(0, |found| found.count)
    });
    let list = move || {
        let key = course_key.get_untracked();
        threads.get().map(|result| {
            result.map(|found| {
                let empty = view! {
                    <div class="empty-state" data-testid="activity-empty">
                        <h2>"Nothing here yet"</h2>
                        <p>{VIEWS[selected.get_untracked()].3}</p>
                        <p>
                            <a href=links::forum(&key)>"Go to the discussions"</a>
                        </p>
                    </div>
                }
                .into_any();
                let range = range_text(
                    found.count,
                    page.get_untracked(),
                    THREADS_PER_PAGE,
                    ("post", "posts"),
                );
                view! {
                    <p class="thread-meta list-range">{range}</p>
                    {thread_items(&key, found.results, empty)}
                }
            })
        })
    };
    view! {
        <section class="page activity">
            <p class="breadcrumb">
                <a href=move || links::forum(&course_key.get())>"All discussions"</a>
            </p>
            <h1>"My posts"</h1>
            <TabList label="Which posts".to_string() tabs=tabs selected=selected />
            <div
                role="tabpanel"
                class="activity-panel"
                id=move || panel_id(VIEWS[selected.get()].1)
                aria-labelledby=move || VIEWS[selected.get()].1
                data-testid="activity-list"
            >
                <Transition fallback=|| view! { <Spinner label="Loading your posts…" /> }>
                    <ErrorBoundary fallback=error_fallback>{list}</ErrorBoundary>
                </Transition>
                <Pager label="Pages of your posts" count=count page_size=THREADS_PER_PAGE page=page />
            </div>
        </section>
    }
}
