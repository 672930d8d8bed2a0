//! `/course/:course_key/reported`: the moderators' queue of posts learners
//! reported as abusive, most reported first. A moderator opens the post in
//! its thread, or clears its reports ("Unflag"), which takes it off the
//! queue.

use leptos::{prelude::*, task::spawn_local};
use lyceum_kit::{
    api,
    components::{error_fallback, Alert, Spinner},
    params::use_course_key,
    set_page_title,
};
use shared_types::FlaggedPost;

use super::post::when;
use crate::components::{
    focus_later,
    history::PostRef,
    pager::{range_text, Pager},
};
use crate::links;

/// Reported posts per page.
const PER_PAGE: u64 = 20;

#[component]
pub fn Reported() -> impl IntoView {
    set_page_title("Reported posts");
    let course_key = use_course_key();
    let page = RwSignal::new(1u64);
    // Bumped to load the page again after the last post on it was cleared.
    let version = RwSignal::new(0u32);
    let queue = LocalResource::new(move || {
        let key = course_key.get();
        let page = page.get();
        version.track();
        async move { api::list_flagged_posts(&key, page).await }
    });
    // The posts still on the queue: cleared ones leave it at once.
    let posts = RwSignal::new(Vec::<FlaggedPost>::new());
    let count = RwSignal::new(0u64);
    let status = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        if let Some(Ok(found)) = queue.get() {
            count.set(found.count);
            posts.set(found.results);
        }
    });
    let unflag = move |post: FlaggedPost, index: usize| {
        let course_key = course_key.get_untracked();
        error.set(None);
        spawn_local(async move {
            let cleared = if post.kind == "thread" {
                api::set_thread_mark(&course_key, post.id, "flag", false).await
            } else {
                api::set_comment_mark(&course_key, post.id, "flag", false).await
            };
            match cleared {
                Ok(()) => {
                    posts.update(|list| list.retain(|p| !(p.kind == post.kind && p.id == post.id)));
                    count.update(|c| *c = c.saturating_sub(1));
                    status.set(format!(
                        "Reports cleared on a post in “{}”.",
                        post.thread_title
                    ));
                    let left = posts.with_untracked(Vec::len);
                    if left == 0 {
                        // Fetch what now fills this page (or the one before).
                        if page.get_untracked() > 1
                            && count.get_untracked() <= (page.get_untracked() - 1) * PER_PAGE
                        {
                            page.update(|p| *p -= 1);
                        } else {
                            version.update(|v| *v += 1);
                        }
                        focus_later("reported-heading".into());
                    } else {
                        // The next post's Unflag button, or the last one's.
                        let next = posts
                            .with_untracked(|list| list.get(index.min(left - 1)).map(unflag_id));
                        if let Some(id) = next {
                            focus_later(id);
                        }
                    }
                }
                Err(e) => error.set(Some(e.detail().to_string())),
            }
        });
    };
    let list = move || {
        queue.get().map(|result| {
            result.map(|_| {
                let key = course_key.get_untracked();
                move || {
                    let shown = posts.get();
                    if shown.is_empty() {
                        return view! {
                            <div class="empty-state" data-testid="reported-empty">
                                <h2>"Nothing reported"</h2>
                                <p>"Posts learners report as abusive appear here."</p>
                            </div>
                        }
                        .into_any();
                    }
                    let items = shown
                        .into_iter()
                        .enumerate()
                        .map(|(index, post)| reported_item(&key, post, index, unflag))
                        .collect_view();
                    view! { <ul class="reported-list">{items}</ul> }.into_any()
                }
            })
        })
    };
    let range = move || {
        let count = count.get();
        (count > 0).then(|| {
            range_text(
                count,
                page.get(),
                PER_PAGE,
                ("reported post", "reported posts"),
            )
        })
    };
    view! {
        <section class="page">
            <p class="breadcrumb">
                <a href=move || links::forum(&course_key.get())>"All discussions"</a>
            </p>
            <h1 id="reported-heading" tabindex="-1">"Reported posts"</h1>
            <p class="visually-hidden" role="status">{move || status.get()}</p>
            <p class="thread-meta list-range">{range}</p>
            {move || error.get().map(|e| view! { <Alert><p>{e}</p></Alert> })}
            <Transition fallback=|| view! { <Spinner label="Loading reported posts…" /> }>
                <ErrorBoundary fallback=error_fallback>{list}</ErrorBoundary>
            </Transition>
            <Pager label="Pages of reported posts" count=count page_size=PER_PAGE page=page />
        </section>
    }
}

/// The id of a queued post's Unflag button.
fn unflag_id(post: &FlaggedPost) -> String {
    format!("unflag-{}-{}", post.kind, post.id)
}

fn reported_item(
    course_key: &str,
    post: FlaggedPost,
    index: usize,
    unflag: impl Fn(FlaggedPost, usize) + Copy + 'static,
) -> impl IntoView {
    let target = if post.kind == "thread" {
        PostRef::Thread(post.id)
    } else {
        PostRef::Comment(post.id)
    };
    let href = links::post(course_key, post.thread_id, &target.anchor());
    let reports = if post.flag_count == 1 {
        "1 report".to_string()
    } else {
        format!("{} reports", post.flag_count)
    };
    let kind = if post.kind == "thread" {
        "Post"
    } else {
        "Response or comment"
    };
    let button_id = unflag_id(&post);
    let title_id = format!("{button_id}-title");
    let cleared = post.clone();
    view! {
        <li class="card" data-testid="reported-post">
            <p class="thread-meta">
                <span class="badge badge-muted">{kind}</span> " in "
                <a href=href.clone() id=title_id.clone()>{post.thread_title}</a>
            </p>
            <div class="post-body" inner_html=post.rendered_body></div>
            <p class="thread-meta">
                {post.author} ", " {when(&post.created_at)} " · " {reports}
            </p>
            <div class="post-actions">
                <a class="button button-secondary" href=href aria-describedby=title_id.clone()>
                    "Go to the post"
                </a>
                <button
                    type="button"
                    class="button button-secondary"
                    id=button_id
                    aria-describedby=title_id
                    on:click=move |_| unflag(cleared.clone(), index)
                >
                    "Unflag"
                </button>
            </div>
        </li>
    }
}
