//! A list of threads as the forum and the activity page show them: kind,
//! badges, title linking to the thread, author, activity and counts.

use leptos::prelude::*;
use shared_types::{DiscussionThread, ThreadType};

use crate::links;
use crate::pages::post::{author_text, when};

/// The threads as linked cards; `empty` when there are none.
pub fn thread_items(course_key: &str, threads: Vec<DiscussionThread>, empty: AnyView) -> AnyView {
    if threads.is_empty() {
        return empty;
    }
    let items = threads
        .into_iter()
        .map(|t| {
            let href = links::thread(course_key, t.id);
            let kind = match t.type_ {
                ThreadType::Question => "Question",
                ThreadType::Discussion => "Discussion",
            };
            let badges = [
                t.pinned.then_some("Pinned"),
                t.closed.then_some("Closed"),
                (!t.read).then_some("Unread"),
                t.deleted.then_some("Deleted"),
            ]
            .into_iter()
            .flatten()
            .map(|b| view! { <span class="badge">{b}</span> })
            .collect_view();
            view! {
                <li class="thread-item card" class:post-deleted=t.deleted data-testid="thread-item">
                    <span class="badge badge-muted">{kind}</span>
                    {badges}
                    <a class="thread-title" href=href>{t.title}</a>
                    <p class="thread-meta">
                        {author_text(&t.author)} " · " {when(&t.last_activity_at)} " · "
                        {format!(
                            "{} {} · {} {}",
                            t.comment_count,
                            if t.comment_count == 1 { "reply" } else { "replies" },
                            t.vote_count,
                            if t.vote_count == 1 { "vote" } else { "votes" },
                        )}
                    </p>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="thread-list">{items}</ul> }.into_any()
}
