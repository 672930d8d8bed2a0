//! What the forum's pages share: who wrote a post, when, the state of a
//! thread page, and the forms to write and edit a post.

use leptos::{ev::SubmitEvent, prelude::*, task::spawn_local};
use lyceum_kit::{
    api,
    components::{Alert, Button, ButtonVariant},
    ApiError,
};
use shared_types::{CreateCommentRequest, DiscussionComment, EditPostRequest, PostAuthor};

use crate::components::{
    anonymity::{AnonymityChoice, AnonymityOptions, AnonymityRules},
    editor::{draft_text, Drafts, MarkdownEditor},
    focus_later,
    history::PostRef,
};

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

/// What a thread page's posts share, and what must outlive the redraw
/// that follows every action and every new reply.
#[derive(Debug, Clone, Copy)]
pub struct ThreadState {
    /// Bumped to load the thread and its responses again.
    pub version: RwSignal<u32>,
    /// The anonymous posting the course allows.
    pub rules: Signal<AnonymityRules>,
    /// The post being edited, if any (one at a time).
    pub editing: RwSignal<Option<PostRef>>,
    /// The element to focus once the page has been drawn again.
    pub pending_focus: StoredValue<Option<String>>,
    /// What the last action did, for the page's status line.
    pub status: RwSignal<String>,
    /// Responses whose every comment is shown.
    pub expanded: RwSignal<Vec<i64>>,
}

impl ThreadState {
    pub fn use_state() -> Self {
        expect_context::<Self>()
    }

    /// Loads the page again, then focuses `focus` (an element id) and
    /// says `status`.
    pub fn reload(&self, focus: Option<String>, status: &str) {
        self.pending_focus.set_value(focus);
        self.status.set(status.to_string());
        self.version.update(|v| *v += 1);
    }

    /// Whether editing a post needs a reason: moderators editing someone
    /// else's post say why.
    pub fn edit_needs_reason(moderator: bool, mine: bool) -> bool {
        moderator && !mine
    }
}

/// What a reply answers.
#[derive(Debug, Clone, Copy)]
pub enum ReplyTo {
    Thread(i64),
    Response(i64),
}

/// A Markdown reply box with its preview and anonymity choices; `on_posted`
/// gets the new post.
#[component]
pub fn ReplyForm(
    course_key: String,
    to: ReplyTo,
    /// The field's label ("Your response", "Add a comment").
    label: &'static str,
    id: String,
    on_posted: Callback<DiscussionComment>,
) -> impl IntoView {
    let state = ThreadState::use_state();
    let drafts = Drafts::used();
    let draft_key = StoredValue::new(format!("reply-{id}"));
    let text = draft_text(&draft_key.get_value(), String::new());
    let anonymity = AnonymityChoice::new();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let key = StoredValue::new(course_key.clone());
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
        let (anonymous, anonymous_to_peers) = anonymity.chosen(state.rules.get_untracked());
        spawn_local(async move {
            let request = CreateCommentRequest {
                body,
                anonymous,
                anonymous_to_peers,
            };
            let result: Result<DiscussionComment, ApiError> = match to {
                ReplyTo::Thread(id) => api::create_response(&course_key, id, &request).await,
                ReplyTo::Response(id) => api::create_comment(&course_key, id, &request).await,
            };
            busy.set(false);
            match result {
                Ok(made) => {
                    if let Some(drafts) = drafts {
                        drafts.forget(&draft_key.get_value());
                    }
                    text.set(String::new());
                    anonymity.reset();
                    on_posted.run(made);
                }
                Err(e) => error.set(Some(e.detail().to_string())),
            }
        });
    };
    let error_id = format!("{id}-error");
    let invalid = {
        let error_id = error_id.clone();
        Signal::derive(move || error.get().map(|_| error_id.clone()))
    };
    view! {
        <form class="reply-form" on:submit=on_submit novalidate>
            <MarkdownEditor
                course_key=course_key
                id=id.clone()
                label=label
                text=text
                rows=3
                draft_key=draft_key.get_value()
                error_id=invalid
            />
            <AnonymityOptions id=id.clone() rules=state.rules choice=anonymity />
            {move || error.get().map(|e| view! { <p class="field-error" id=error_id.clone()>{e}</p> })}
            <Button button_type="submit" busy=Signal::derive(move || busy.get())>"Post"</Button>
        </form>
    }
}

/// The post an [`EditPostForm`] changes, with what it says now.
#[derive(Debug, Clone)]
pub struct EditTarget {
    pub post: PostRef,
    /// A thread's title; `None` for a response or comment.
    pub title: Option<String>,
    pub body: String,
    /// A moderator is editing someone else's post: a reason is required.
    pub needs_reason: bool,
}

/// Edits a post in place: title (threads) and body, and the reason when a
/// moderator changes someone else's post. `on_done` hears `true` once
/// saved, `false` when cancelled.
#[component]
pub fn EditPostForm(
    course_key: String,
    target: EditTarget,
    on_done: Callback<bool>,
) -> impl IntoView {
    let drafts = Drafts::used();
    let post = target.post;
    let base = format!("edit-{}", post.anchor());
    let title_key = format!("{base}-title");
    let body_key = format!("{base}-body");
    let keys = StoredValue::new((title_key.clone(), body_key.clone()));
    let is_thread = target.title.is_some();
    let title = draft_text(&title_key, target.title.clone().unwrap_or_default());
    let body = draft_text(&body_key, target.body.clone());
    let reason = RwSignal::new(String::new());
    let needs_reason = target.needs_reason;
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let reason_error = RwSignal::new(None::<String>);
    let key = StoredValue::new(course_key.clone());
    let forget = move || {
        if let Some(drafts) = drafts {
            keys.with_value(|(title_key, body_key)| {
                drafts.forget(title_key);
                drafts.forget(body_key);
            });
        }
    };
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        reason_error.set(None);
        let new_body = body.get_untracked();
        let new_title = title.get_untracked();
        if new_body.trim().is_empty() || (is_thread && new_title.trim().is_empty()) {
            error.set(Some(if is_thread {
                "A post needs a title and some text.".into()
            } else {
                "Write something first.".into()
            }));
            return;
        }
        let why = reason.get_untracked();
        if needs_reason && why.trim().is_empty() {
            reason_error.set(Some("Say why you are changing someone else's post.".into()));
            return;
        }
        let request = EditPostRequest {
            title: is_thread.then_some(new_title),
            body: Some(new_body),
            topic_id: None,
            type_: None,
            reason: (!why.trim().is_empty()).then_some(why),
        };
        busy.set(true);
        let course_key = key.get_value();
        spawn_local(async move {
            let result = match post {
                PostRef::Thread(id) => api::update_thread(&course_key, id, &request)
                    .await
                    .map(|_| ()),
                PostRef::Comment(id) => api::update_comment(&course_key, id, &request)
                    .await
                    .map(|_| ()),
            };
            busy.set(false);
            match result {
                Ok(()) => {
                    forget();
                    on_done.run(true);
                }
                Err(e) if e.field() == Some("reason") => {
                    reason_error.set(Some(e.detail().to_string()));
                }
                Err(e) => error.set(Some(e.detail().to_string())),
            }
        });
    };
    let title_id = format!("{base}-title");
    let body_id = format!("{base}-body");
    let reason_id = format!("{base}-reason");
    let reason_error_id = format!("{reason_id}-error");
    // Start where the reader will type.
    focus_later(if is_thread {
        title_id.clone()
    } else {
        body_id.clone()
    });
    let title_field = is_thread.then(|| {
        let title_key = title_key.clone();
        view! {
            <label for=title_id.clone()>"Title"</label>
            <input
                id=title_id.clone()
                type="text"
                maxlength="255"
                prop:value=move || title.get()
                on:input=move |ev| {
                    let value = event_target_value(&ev);
                    if let Some(drafts) = drafts {
                        drafts.save(&title_key, &value);
                    }
                    title.set(value);
                }
            />
        }
    });
    let reason_field = needs_reason.then(|| {
        let described = reason_error_id.clone();
        view! {
            <label for=reason_id.clone()>"Reason for editing (required)"</label>
            <input
                id=reason_id.clone()
                type="text"
                maxlength="255"
                required
                aria-required="true"
                aria-invalid=move || reason_error.get().map(|_| "true")
                aria-describedby=move || reason_error.get().map(|_| described.clone())
                prop:value=move || reason.get()
                on:input=move |ev| reason.set(event_target_value(&ev))
            />
            {
                let id = reason_error_id.clone();
                move || reason_error.get().map(|e| view! { <p class="field-error" id=id.clone()>{e}</p> })
            }
        }
    });
    let body_label = match post {
        PostRef::Thread(_) => "Post text",
        PostRef::Comment(_) => "Text",
    };
    view! {
        <form class="edit-form" on:submit=on_submit novalidate aria-label="Edit the post">
            {title_field}
            <MarkdownEditor
                course_key=course_key
                id=body_id
                label=body_label
                text=body
                rows=5
                draft_key=body_key
            />
            {reason_field}
            {move || error.get().map(|e| view! { <Alert><p>{e}</p></Alert> })}
            <div class="form-actions">
                <Button button_type="submit" busy=Signal::derive(move || busy.get())>"Save"</Button>
                <Button
                    variant=ButtonVariant::Secondary
                    on:click=move |_| {
                        forget();
                        on_done.run(false);
                    }
                >
                    "Cancel"
                </Button>
            </div>
        </form>
    }
}

/// An action's failure, shown until the next action.
#[component]
pub fn ActionError(error: RwSignal<Option<String>>) -> impl IntoView {
    move || error.get().map(|e| view! { <Alert><p>{e}</p></Alert> })
}
