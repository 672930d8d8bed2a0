//! "Edit history": a post's earlier versions, who changed each and why,
//! behind a disclosure button so the page loads it only when asked.

use leptos::prelude::*;
use lyceum_kit::{
    api,
    components::{Alert, Spinner},
};
use shared_types::PostEdit;

use crate::pages::post::when;

/// A thread, or a response or comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PostRef {
    Thread(i64),
    Comment(i64),
}

impl PostRef {
    /// The post's element id on the thread page (the target of links to it).
    pub fn anchor(self) -> String {
        match self {
            Self::Thread(_) => "thread".to_string(),
            Self::Comment(id) => format!("post-{id}"),
        }
    }

    fn key(self) -> String {
        match self {
            Self::Thread(id) => format!("thread-{id}"),
            Self::Comment(id) => format!("comment-{id}"),
        }
    }
}

/// The "Edit history" button and, when open, the list of earlier versions.
#[component]
pub fn EditHistory(course_key: String, post: PostRef) -> impl IntoView {
    let open = RwSignal::new(false);
    let region_id = format!("{}-history", post.key());
    let edits = LocalResource::new(move || {
        let wanted = open.get();
        let course_key = course_key.clone();
        async move {
            if !wanted {
                return None;
            }
            Some(match post {
                PostRef::Thread(id) => api::list_thread_edits(&course_key, id).await,
                PostRef::Comment(id) => api::list_comment_edits(&course_key, id).await,
            })
        }
    });
    let list = move || {
        if !open.get() {
            return None;
        }
        Some(match edits.get().flatten() {
            None => view! { <Spinner label="Loading the edit history…" /> }.into_any(),
            Some(Ok(list)) => edit_list(list.results),
            Some(Err(e)) => view! {
                <Alert>
                    <p>"The edit history could not be loaded: " {e.detail().to_string()}</p>
                </Alert>
            }
            .into_any(),
        })
    };
    view! {
        <div class="edit-history">
            <button
                type="button"
                class="link-button"
                aria-expanded=move || if open.get() { "true" } else { "false" }
                aria-controls=region_id.clone()
                on:click=move |_| open.update(|o| *o = !*o)
            >
                "Edit history"
            </button>
            <div id=region_id class="edit-history-list" hidden=move || !open.get()>
                {list}
            </div>
        </div>
    }
}

fn edit_list(edits: Vec<PostEdit>) -> AnyView {
    if edits.is_empty() {
        return view! { <p class="field-hint">"No earlier versions."</p> }.into_any();
    }
    // Newest first, as a reader looks back from the current text.
    let items = edits
        .into_iter()
        .rev()
        .map(|edit| {
            let reason = edit.reason.map(|r| view! { <p class="edit-reason">"Reason: " {r}</p> });
            let title = edit
                .previous_title
                .map(|t| view! { <p class="edit-title">"Previous title: " <strong>{t}</strong></p> });
            view! {
                <li data-testid="post-edit">
                    <p class="thread-meta">"Edited by " {edit.editor} ", " {when(&edit.edited_at)}</p>
                    {reason}
                    {title}
                    <p class="edit-label">"Previous text:"</p>
                    <pre class="edit-previous">{edit.previous_body}</pre>
                </li>
            }
        })
        .collect_view();
    view! { <ol class="edit-list">{items}</ol> }.into_any()
}
