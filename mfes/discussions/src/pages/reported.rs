//! `/course/:course_key/reported`: the moderators' queue of posts learners
//! reported as abusive, most reported first.

use leptos::prelude::*;
use lyceum_kit::{
    api,
    components::{error_fallback, Spinner},
    params::use_course_key,
    set_page_title,
};
use shared_types::FlaggedPostPage;

use super::post::when;
use crate::links;

#[component]
pub fn Reported() -> impl IntoView {
    set_page_title("Reported posts");
    let course_key = use_course_key();
    let queue = LocalResource::new(move || {
        let key = course_key.get();
        async move { api::list_flagged_posts(&key, 1).await }
    });
    let body = move || {
        queue
            .get()
            .map(|result| result.map(|page| queue_view(&course_key.get_untracked(), page)))
    };
    view! {
        <section class="page">
            <p class="breadcrumb">
                <a href=move || links::forum(&course_key.get())>"All discussions"</a>
            </p>
            <h1>"Reported posts"</h1>
            <Transition fallback=|| view! { <Spinner label="Loading reported posts…" /> }>
                <ErrorBoundary fallback=error_fallback>{body}</ErrorBoundary>
            </Transition>
        </section>
    }
}

fn queue_view(course_key: &str, page: FlaggedPostPage) -> AnyView {
    if page.results.is_empty() {
        return view! {
            <div class="empty-state" data-testid="reported-empty">
                <h2>"Nothing reported"</h2>
                <p>"Posts learners report as abusive appear here."</p>
            </div>
        }
        .into_any();
    }
    let items = page
        .results
        .into_iter()
        .map(|post| {
            let href = links::thread(course_key, post.thread_id);
            let reports = if post.flag_count == 1 {
                "1 report".to_string()
            } else {
                format!("{} reports", post.flag_count)
            };
            view! {
                <li class="card" data-testid="reported-post">
                    <a href=href>{post.thread_title}</a>
                    <div class="post-body" inner_html=post.rendered_body></div>
                    <p class="thread-meta">
                        {post.author} ", " {when(&post.created_at)} " · " {reports}
                    </p>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="reported-list">{items}</ul> }.into_any()
}
