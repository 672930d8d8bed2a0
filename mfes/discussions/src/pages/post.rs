//! What the forum's pages share: who wrote a post, when, and the forms to
//! write one.

use leptos::{ev::SubmitEvent, prelude::*, task::spawn_local};
use lyceum_kit::{
    api,
    components::{Alert, Button},
    ApiError,
};
use shared_types::{CreateCommentRequest, DiscussionComment, PostAuthor};

/// "ana · Staff" or "Anonymous".
pub fn author_text(author: &PostAuthor) -> String {
    match (&author.username, &author.label) {
        (Some(name), Some(label)) => format!("{name} · {label}"),
        (Some(name), None) => name.clone(),
        (None, _) => "Anonymous".to_string(),
    }
}

/// A date as the browser writes it in the reader's locale.
pub fn when(at: &chrono::DateTime<chrono::Utc>) -> impl IntoView {
    let text = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(
        at.timestamp_millis() as f64
    ))
    .to_locale_string("default", &wasm_bindgen::JsValue::UNDEFINED)
    .as_string()
    .unwrap_or_default();
    view! { <time datetime=at.to_rfc3339()>{text}</time> }
}

/// What a reply answers.
#[derive(Debug, Clone, Copy)]
pub enum ReplyTo {
    Thread(i64),
    Response(i64),
}

/// A Markdown reply box; `on_posted` gets the new post.
#[component]
pub fn ReplyForm(
    course_key: String,
    to: ReplyTo,
    /// The field's label ("Your response", "Add a comment").
    label: &'static str,
    id: String,
    on_posted: Callback<DiscussionComment>,
) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let key = StoredValue::new(course_key);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let body = text.get_untracked();
        if body.trim().is_empty() {
            error.set(Some("Write something first.".into()));
            return;
        }
        busy.set(true);
        error.set(None);
        let course_key = key.get_value();
        spawn_local(async move {
            let request = CreateCommentRequest {
                body,
                anonymous: false,
                anonymous_to_peers: false,
            };
            let result: Result<DiscussionComment, ApiError> = match to {
                ReplyTo::Thread(id) => api::create_response(&course_key, id, &request).await,
                ReplyTo::Response(id) => api::create_comment(&course_key, id, &request).await,
            };
            match result {
                Ok(made) => {
                    text.set(String::new());
                    on_posted.run(made);
                }
                Err(e) => error.set(Some(e.detail().to_string())),
            }
            busy.set(false);
        });
    };
    let error_id = format!("{id}-error");
    view! {
        <form class="reply-form" on:submit=on_submit novalidate>
            <label for=id.clone()>{label}</label>
            <textarea
                id=id.clone()
                rows="3"
                prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))
                aria-invalid=move || error.get().map(|_| "true")
                aria-describedby=move || error.get().map(|_| error_id.clone())
            ></textarea>
            {
                let error_id = format!("{id}-error");
                move || error.get().map(|e| view! { <p class="field-error" id=error_id.clone()>{e}</p> })
            }
            <Button button_type="submit" busy=Signal::derive(move || busy.get())>"Post"</Button>
        </form>
    }
}

/// An action's failure, shown until the next action.
#[component]
pub fn ActionError(error: RwSignal<Option<String>>) -> impl IntoView {
    move || error.get().map(|e| view! { <Alert><p>{e}</p></Alert> })
}
