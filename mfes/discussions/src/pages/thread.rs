//! `/course/:course_key/threads/:thread_id`: a thread with its responses
//! and comments, and the actions the reader may take on each: reply,
//! vote, follow, report; edit and delete their own posts; moderators also
//! pin, close, endorse, clear reports and restore deleted posts.

use leptos::{prelude::*, task::spawn_local};
use leptos_router::{hooks::use_navigate, NavigateOptions};
use lyceum_kit::{
    api,
    components::{error_fallback, Spinner},
    params::{use_course_key, use_param},
    set_page_title,
};
use shared_types::{CommentPage, DiscussionComment, DiscussionThread, ThreadType};

use super::post::{
    author_text, when, ActionError, EditPostForm, EditTarget, ReplyForm, ReplyTo, ThreadState,
};
use crate::components::{
    anonymity::AnonymityRules,
    confirm::DeleteButton,
    editor::Drafts,
    history::{EditHistory, PostRef},
    pager::back_to_first,
    FocusSnapshot,
};
use crate::links;

/// Responses per page; "Load more" adds a page.
const RESPONSES_PER_PAGE: u64 = 20;
/// Comments shown once a reader asks for all of a response's comments.
const ALL_COMMENTS: u64 = 100;

/// A thread with the responses loaded so far.
#[derive(Clone)]
struct Loaded {
    thread: DiscussionThread,
    responses: Vec<DiscussionComment>,
    /// Responses the thread has in all.
    response_count: u64,
}

#[component]
pub fn ThreadPage() -> impl IntoView {
    let course_key = use_course_key();
    let thread_id = use_param("thread_id");
    Drafts::provide();
    let topics = LocalResource::new(move || {
        let key = course_key.get();
        async move { api::list_discussion_topics(&key).await }
    });
    let rules = Signal::derive(move || {
        topics
            .get()
            .and_then(Result::ok)
            .map(|list| AnonymityRules::of(&list))
            .unwrap_or_default()
    });
    // A link to one post (`#post-12`, from the reported queue) focuses it
    // once the thread is drawn.
    let linked = window()
        .location()
        .hash()
        .ok()
        .map(|h| h.trim_start_matches('#').to_string())
        .filter(|h| !h.is_empty());
    let state = ThreadState {
        version: RwSignal::new(0),
        rules,
        editing: RwSignal::new(None),
        pending_focus: StoredValue::new(linked),
        status: RwSignal::new(String::new()),
        expanded: RwSignal::new(Vec::new()),
    };
    provide_context(state);
    let version = state.version;
    let response_pages = RwSignal::new(1u64);
    // Another thread starts from its first page again.
    Effect::new(move |before: Option<()>| {
        thread_id.track();
        if before.is_some() {
            back_to_first(response_pages);
            if state.editing.get_untracked().is_some() {
                state.editing.set(None);
            }
        }
    });
    let data = LocalResource::new(move || {
        let key = course_key.get();
        let id = thread_id.get().parse::<i64>().unwrap_or(0);
        let pages = response_pages.get();
        version.track();
        async move {
            let thread = api::get_thread(&key, id).await?;
            let mut responses = Vec::new();
            let mut response_count = 0;
            for page in 1..=pages {
                let CommentPage {
                    count,
                    next,
                    results,
                } = api::list_responses(&key, id, page, RESPONSES_PER_PAGE).await?;
                response_count = count;
                responses.extend(results);
                if next.is_none() {
                    break;
                }
            }
            Ok::<_, lyceum_kit::ApiError>(Loaded {
                thread,
                responses,
                response_count,
            })
        }
    });
    listen_for_new_posts(course_key, thread_id, version);
    let body = move || {
        data.get().map(|result| {
            result.map(|loaded| {
                view! {
                    <ThreadView
                        course_key=course_key.get_untracked()
                        loaded=loaded
                        response_pages=response_pages
                    />
                }
            })
        })
    };
    view! {
        <section class="page thread-page">
            <p class="visually-hidden" role="status" data-testid="thread-status">
                {move || state.status.get()}
            </p>
            <Transition fallback=|| view! { <Spinner label="Loading the thread…" /> }>
                <ErrorBoundary fallback=error_fallback>{body}</ErrorBoundary>
            </Transition>
        </section>
    }
}

/// An open event stream and its handler, kept together so the handler
/// lives exactly as long as the stream.
struct Listener {
    source: web_sys::EventSource,
    _on_message: wasm_bindgen::closure::Closure<dyn FnMut(web_sys::MessageEvent)>,
}

impl Drop for Listener {
    fn drop(&mut self) {
        self.source.close();
    }
}

/// Reloads the thread when someone posts in it: the server's event stream
/// (Server-Sent Events) names each new response or comment. Closed when the
/// page is left; the browser reconnects by itself after a network blip.
fn listen_for_new_posts(course_key: Memo<String>, thread_id: Memo<String>, version: RwSignal<u32>) {
    use wasm_bindgen::{closure::Closure, JsCast};
    let current = StoredValue::new_local(None::<Listener>);
    Effect::new(move |_| {
        let url = format!(
            "/api/v1/courses/{}/discussion/threads/{}/events",
            lyceum_kit::api::encode_path_segment(&course_key.get()),
            thread_id.get()
        );
        // The previous thread's stream closes as this one opens.
        current.set_value(None);
        let source = match web_sys::EventSource::new(&url) {
            Ok(source) => source,
            Err(e) => {
                log::warn!("live updates are unavailable: {e:?}");
                return;
            }
        };
        let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |_| {
            version.update(|v| *v += 1);
        });
        source.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        current.set_value(Some(Listener {
            source,
            _on_message: on_message,
        }));
    });
    // Leaving the page disposes `current`, whose Listener closes the stream.
}

/// Runs an action, then reloads the page's data, focusing `focus` and
/// saying `done`; failures are shown.
fn act(
    state: ThreadState,
    error: RwSignal<Option<String>>,
    focus: Option<String>,
    done: &'static str,
    action: impl std::future::Future<Output = Result<(), lyceum_kit::ApiError>> + 'static,
) {
    error.set(None);
    spawn_local(async move {
        match action.await {
            Ok(()) => state.reload(focus, done),
            Err(e) => error.set(Some(e.detail().to_string())),
        }
    });
}

/// The element id of a post's `suffix` control ("post-12-edit").
fn control_id(post: PostRef, suffix: &str) -> String {
    format!("{}-{suffix}", post.anchor())
}

#[component]
fn ThreadView(course_key: String, loaded: Loaded, response_pages: RwSignal<u64>) -> impl IntoView {
    let state = ThreadState::use_state();
    // Put the focus back where it was (or where the last action sends it)
    // once this drawing replaces the last.
    let before = FocusSnapshot::take();
    let Loaded {
        thread,
        responses,
        response_count,
    } = loaded;
    let response_ids: Vec<i64> = responses.iter().map(|r| r.id).collect();
    request_animation_frame(move || {
        let pending = state.pending_focus.try_update_value(Option::take).flatten();
        // "Load more" asks for the first response it adds, by position.
        let pending = pending.map(|p| {
            match p
                .strip_prefix("response-at-")
                .and_then(|n| n.parse::<usize>().ok())
            {
                Some(n) => response_ids
                    .get(n)
                    .map(|id| PostRef::Comment(*id).anchor())
                    .unwrap_or_else(|| "responses-heading".into()),
                None => p,
            }
        });
        match pending {
            Some(id) => crate::components::focus_later(id),
            None => before.restore(),
        }
    });
    set_page_title(&thread.title);
    let question = thread.type_ == ThreadType::Question;
    let shown = responses.len() as u64;
    let more = (shown < response_count).then(|| {
        view! {
            <div class="load-more">
                <p class="thread-meta">{format!("Showing {shown} of {response_count} responses")}</p>
                <button
                    type="button"
                    class="button button-secondary"
                    on:click=move |_| {
                        state.pending_focus.set_value(Some(format!("response-at-{shown}")));
                        response_pages.update(|p| *p += 1);
                    }
                >
                    "Load more responses"
                </button>
            </div>
        }
    });
    let reply = (thread.can.reply && !thread.deleted).then(|| {
        view! {
            <ReplyForm
                course_key=course_key.clone()
                to=ReplyTo::Thread(thread.id)
                label="Your response"
                id="response-text".to_string()
                on_posted=Callback::new(move |_| state.reload(None, "Your response was posted."))
            />
        }
    });
    let items = responses
        .into_iter()
        .map(|r| {
            view! { <Response course_key=course_key.clone() response=r question=question /> }
        })
        .collect_view();
    let heading = format!(
        "{response_count} {}",
        if response_count == 1 {
            "response"
        } else {
            "responses"
        }
    );
    view! {
        <p class="breadcrumb">
            <a href=links::forum(&course_key)>"All discussions"</a>
        </p>
        <ThreadArticle course_key=course_key.clone() thread=thread />
        <section class="responses" aria-labelledby="responses-heading">
            <h2 id="responses-heading" tabindex="-1">{heading}</h2>
            <ol class="response-list">{items}</ol>
            {more}
            {reply}
        </section>
    }
}

/// The thread itself: title, body and the actions on it.
#[component]
fn ThreadArticle(course_key: String, thread: DiscussionThread) -> impl IntoView {
    let state = ThreadState::use_state();
    let error = RwSignal::new(None::<String>);
    let navigate = use_navigate();
    let key = StoredValue::new(course_key.clone());
    let id = thread.id;
    let post = PostRef::Thread(id);
    let question = thread.type_ == ThreadType::Question;
    let deleted = thread.deleted;
    let moderator = thread.can.moderate;
    let toggle = move |what: &'static str, on: bool| {
        let course_key = key.get_value();
        act(state, error, None, "Done.", async move {
            api::set_thread_mark(&course_key, id, what, on).await
        });
    };
    let (voted, following, flagged) = (thread.voted, thread.following, thread.abuse_flagged);
    let moderation = (moderator && !deleted).then(|| {
        let pinned = thread.pinned;
        let closed = thread.closed;
        let close_reason = RwSignal::new(String::new());
        view! {
            <div class="moderation" role="group" aria-label="Moderation">
                <button
                    type="button"
                    class="button button-secondary"
                    on:click=move |_| {
                        let course_key = key.get_value();
                        act(state, error, None, if pinned { "Unpinned." } else { "Pinned." }, async move {
                            api::set_pinned(&course_key, id, !pinned).await.map(|_| ())
                        });
                    }
                >
                    {if pinned { "Unpin" } else { "Pin" }}
                </button>
                {if closed {
                    view! {
                        <button
                            type="button"
                            class="button button-secondary"
                            on:click=move |_| {
                                let course_key = key.get_value();
                                act(state, error, None, "Reopened.", async move {
                                    api::set_closed(&course_key, id, None).await.map(|_| ())
                                });
                            }
                        >
                            "Reopen"
                        </button>
                    }
                        .into_any()
                } else {
                    view! {
                        <label for="close-reason">"Reason for closing"</label>
                        <input
                            id="close-reason"
                            type="text"
                            prop:value=move || close_reason.get()
                            on:input=move |ev| close_reason.set(event_target_value(&ev))
                        />
                        <button
                            type="button"
                            class="button button-danger"
                            on:click=move |_| {
                                let reason = close_reason.get_untracked();
                                if reason.trim().is_empty() {
                                    error.set(Some("Say why the thread is closed.".into()));
                                    return;
                                }
                                let course_key = key.get_value();
                                act(state, error, None, "Closed.", async move {
                                    api::set_closed(&course_key, id, Some(reason))
                                        .await
                                        .map(|_| ())
                                });
                            }
                        >
                            "Close thread"
                        </button>
                    }
                        .into_any()
                }}
            </div>
        }
    });
    let closed_note = thread.closed.then(|| {
        let reason = thread.close_reason.clone().unwrap_or_default();
        view! {
            <p class="alert alert-info" role="status" data-testid="thread-closed">
                "This thread is closed: " {reason}
            </p>
        }
    });
    let edited = thread.edited;
    let history = edited.then(|| view! { <EditHistory course_key=course_key.clone() post=post /> });
    let target = EditTarget {
        post,
        title: Some(thread.title.clone()),
        body: thread.raw_body.clone(),
        needs_reason: ThreadState::edit_needs_reason(moderator, thread.mine),
    };
    let on_edited = Callback::new(move |saved: bool| {
        state.editing.set(None);
        if saved {
            state.reload(Some(control_id(post, "edit")), "Your changes were saved.");
        } else {
            crate::components::focus_later(control_id(post, "edit"));
        }
    });
    let rendered = thread.rendered_body.clone();
    let body = {
        let course_key = course_key.clone();
        move || {
            if state.editing.get() == Some(post) {
                view! {
                    <EditPostForm course_key=course_key.clone() target=target.clone() on_done=on_edited />
                }
                .into_any()
            } else {
                view! { <div class="post-body" inner_html=rendered.clone()></div> }.into_any()
            }
        }
    };
    let own_actions = (!deleted).then(|| {
        let edit = thread.can.edit.then(|| {
            view! {
                <button
                    type="button"
                    class="button button-secondary"
                    id=control_id(post, "edit")
                    aria-expanded=move || if state.editing.get() == Some(post) { "true" } else { "false" }
                    on:click=move |_| state.editing.set(Some(post))
                >
                    "Edit"
                </button>
            }
        });
        let delete = thread.can.delete.then(|| {
            let navigate = navigate.clone();
            let consequence = if moderator {
                "Learners will no longer see it; moderators can restore it."
            } else {
                "It and its responses will disappear for everyone but moderators."
            };
            let on_confirm = Callback::new(move |()| {
                let course_key = key.get_value();
                let navigate = navigate.clone();
                error.set(None);
                spawn_local(async move {
                    match api::delete_thread(&course_key, id).await {
                        // Moderators still see it, marked, with Restore.
                        Ok(()) if moderator => {
                            state.reload(Some(control_id(post, "restore")), "The post was deleted.")
                        }
                        Ok(()) => navigate(
                            &links::forum(&course_key),
                            NavigateOptions {
                                resolve: false,
                                ..Default::default()
                            },
                        ),
                        Err(e) => error.set(Some(e.detail().to_string())),
                    }
                });
            });
            view! {
                <DeleteButton
                    what="post"
                    id=post.anchor()
                    consequence=consequence
                    on_confirm=on_confirm
                />
            }
        });
        view! {
            {vote_and_report(voted, thread.vote_count, flagged, toggle)}
            <button
                type="button"
                class="button button-secondary"
                aria-pressed=if following { "true" } else { "false" }
                on:click=move |_| toggle("follow", !following)
            >
                {if following { "Following" } else { "Follow" }}
            </button>
            {edit}
            {delete}
        }
    });
    let reports = (moderator && !deleted)
        .then(|| report_count(state, thread.abuse_flag_count, error, key, post));
    let deleted_note = deleted.then(|| deleted_notice(state, moderator, error, key, post));
    let badges = [
        thread.pinned.then_some("Pinned"),
        thread.closed.then_some("Closed"),
    ]
    .into_iter()
    .flatten()
    .map(|b| view! { <span class="badge">{b}</span> })
    .collect_view();
    view! {
        <article class="thread" class:post-deleted=deleted id="thread" tabindex="-1" data-testid="thread">
            <h1>{thread.title.clone()}</h1>
            {badges}
            <p class="thread-meta">
                {if question { "Question" } else { "Discussion" }} " by "
                {author_text(&thread.author)} ", " {when(&thread.created_at)}
                {edited.then(|| view! { " · " <span class="edited">"edited"</span> })}
            </p>
            {deleted_note}
            {body}
            {history}
            <div class="post-actions">{own_actions} {reports}</div>
            {moderation}
            <ActionError error=error />
            {closed_note}
        </article>
    }
}

/// For moderators: how often a post was reported, and the button that
/// clears the reports.
fn report_count(
    state: ThreadState,
    count: u64,
    error: RwSignal<Option<String>>,
    key: StoredValue<String>,
    post: PostRef,
) -> Option<AnyView> {
    (count > 0).then(|| {
        let text = if count == 1 {
            "1 report".to_string()
        } else {
            format!("{count} reports")
        };
        view! {
            <span class="badge badge-warning">{text}</span>
            <button
                type="button"
                class="button button-secondary"
                on:click=move |_| {
                    let course_key = key.get_value();
                    act(state, error, None, "The reports were cleared.", async move {
                        match post {
                            PostRef::Thread(id) => api::set_thread_mark(&course_key, id, "flag", false).await,
                            PostRef::Comment(id) => api::set_comment_mark(&course_key, id, "flag", false).await,
                        }
                    });
                }
            >
                "Unflag"
            </button>
        }
        .into_any()
    })
}

/// "This post was deleted", with Restore for moderators (only they see
/// deleted posts).
fn deleted_notice(
    state: ThreadState,
    moderator: bool,
    error: RwSignal<Option<String>>,
    key: StoredValue<String>,
    post: PostRef,
) -> impl IntoView {
    let restore = moderator.then(|| {
        view! {
            <button
                type="button"
                class="button button-secondary"
                id=control_id(post, "restore")
                on:click=move |_| {
                    let course_key = key.get_value();
                    act(state, error, Some(post.anchor()), "The post was restored.", async move {
                        match post {
                            PostRef::Thread(id) => api::restore_thread(&course_key, id).await.map(|_| ()),
                            PostRef::Comment(id) => api::restore_comment(&course_key, id).await.map(|_| ()),
                        }
                    });
                }
            >
                "Restore"
            </button>
        }
    });
    view! {
        <div class="deleted-note" data-testid="deleted-note">
            <span class="badge badge-danger">"Deleted"</span>
            <span>"Only moderators see this post."</span>
            {restore}
        </div>
    }
}

#[component]
fn Response(course_key: String, response: DiscussionComment, question: bool) -> impl IntoView {
    let state = ThreadState::use_state();
    let error = RwSignal::new(None::<String>);
    let key = StoredValue::new(course_key.clone());
    let id = response.id;
    let endorsed = response.endorsed;
    let deleted = response.deleted;
    let (endorse_on, endorse_off, endorsed_badge) = if question {
        ("Mark as answer", "Unmark answer", "Answer")
    } else {
        ("Endorse", "Withdraw endorsement", "Endorsed")
    };
    let endorse = (response.can.endorse && !deleted).then(move || {
        view! {
            <button
                type="button"
                class="button button-secondary"
                on:click=move |_| {
                    let course_key = key.get_value();
                    act(state, error, None, "Done.", async move {
                        api::set_endorsed(&course_key, id, !endorsed).await.map(|_| ())
                    });
                }
            >
                {if endorsed { endorse_off } else { endorse_on }}
            </button>
        }
        .into_any()
    });
    let embedded = response.comments.clone();
    let child_count = response.child_count;
    let all_comments = LocalResource::new(move || {
        let wanted = state.expanded.with(|e| e.contains(&id));
        let course_key = key.get_value();
        async move {
            if !wanted {
                return None;
            }
            Some(api::list_comments(&course_key, id, 1, ALL_COMMENTS).await)
        }
    });
    let comments = {
        let course_key = course_key.clone();
        move || {
            let (list, failure) = match all_comments.get().flatten() {
                Some(Ok(page)) => (page.results, None),
                Some(Err(e)) => (embedded.clone(), Some(e.detail().to_string())),
                None => (embedded.clone(), None),
            };
            let items = list
                .into_iter()
                .map(|c| view! { <Comment course_key=course_key.clone() comment=c /> })
                .collect_view();
            let failure = failure.map(|e| {
                view! {
                    <lyceum_kit::components::Alert>
                        <p>"The other comments could not be loaded: " {e}</p>
                    </lyceum_kit::components::Alert>
                }
            });
            view! {
                <ul class="comment-list">{items}</ul>
                {failure}
            }
        }
    };
    let show_all = (child_count > response.comments.len() as u64).then(|| {
        view! {
            <Show when=move || !state.expanded.with(|e| e.contains(&id))>
                <button
                    type="button"
                    class="link-button"
                    on:click=move |_| state.expanded.update(|e| e.push(id))
                >
                    {format!("Show all {child_count} comments")}
                </button>
            </Show>
        }
    });
    let comment_form = (response.can.reply && !deleted).then(|| {
        view! {
            <ReplyForm
                course_key=course_key.clone()
                to=ReplyTo::Response(id)
                label="Add a comment"
                id=format!("comment-text-{id}")
                on_posted=Callback::new(move |_| state.reload(None, "Your comment was posted."))
            />
        }
    });
    view! {
        <li
            class="response card"
            class:response-endorsed=endorsed
            class:post-deleted=deleted
            id=PostRef::Comment(id).anchor()
            tabindex="-1"
            data-testid="response"
        >
            {endorsed.then(|| view! { <span class="badge badge-success">{endorsed_badge}</span> })}
            <PostContent course_key=course_key.clone() comment=response error=error extra=endorse />
            {comments}
            {show_all}
            {comment_form}
        </li>
    }
}

#[component]
fn Comment(course_key: String, comment: DiscussionComment) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let id = comment.id;
    let deleted = comment.deleted;
    view! {
        <li
            class="comment"
            class:post-deleted=deleted
            id=PostRef::Comment(id).anchor()
            tabindex="-1"
            data-testid="comment"
        >
            <PostContent course_key=course_key comment=comment error=error extra=None />
        </li>
    }
}

/// A response's or comment's body (or its edit form), author line, history
/// and actions.
#[component]
fn PostContent(
    course_key: String,
    comment: DiscussionComment,
    error: RwSignal<Option<String>>,
    /// More actions (endorsing a response).
    extra: Option<AnyView>,
) -> impl IntoView {
    let state = ThreadState::use_state();
    let key = StoredValue::new(course_key.clone());
    let id = comment.id;
    let post = PostRef::Comment(id);
    let deleted = comment.deleted;
    let moderator = comment.can.moderate;
    let is_response = comment.parent_id.is_none();
    let what = if is_response { "response" } else { "comment" };
    let edited = comment.edited;
    let target = EditTarget {
        post,
        title: None,
        body: comment.raw_body.clone(),
        needs_reason: ThreadState::edit_needs_reason(moderator, comment.mine),
    };
    let on_edited = Callback::new(move |saved: bool| {
        state.editing.set(None);
        if saved {
            state.reload(Some(control_id(post, "edit")), "Your changes were saved.");
        } else {
            crate::components::focus_later(control_id(post, "edit"));
        }
    });
    let rendered = comment.rendered_body.clone();
    let body = {
        let course_key = course_key.clone();
        move || {
            if state.editing.get() == Some(post) {
                view! {
                    <EditPostForm course_key=course_key.clone() target=target.clone() on_done=on_edited />
                }
                .into_any()
            } else {
                view! { <div class="post-body" inner_html=rendered.clone()></div> }.into_any()
            }
        }
    };
    let history = edited.then(|| view! { <EditHistory course_key=course_key.clone() post=post /> });
    let deleted_note = deleted.then(|| deleted_notice(state, moderator, error, key, post));
    let actions = (!deleted).then(|| {
        let (voted, flagged) = (comment.voted, comment.abuse_flagged);
        let mark = move |what: &'static str, on: bool| {
            let course_key = key.get_value();
            act(state, error, None, "Done.", async move {
                api::set_comment_mark(&course_key, id, what, on).await
            });
        };
        let edit = comment.can.edit.then(|| {
            view! {
                <button
                    type="button"
                    class="button button-secondary"
                    id=control_id(post, "edit")
                    aria-expanded=move || if state.editing.get() == Some(post) { "true" } else { "false" }
                    on:click=move |_| state.editing.set(Some(post))
                >
                    "Edit"
                </button>
            }
        });
        let delete = comment.can.delete.then(|| {
            let consequence = match (moderator, is_response) {
                (true, _) => "Learners will no longer see it; moderators can restore it.",
                (false, true) => "Its comments go with it.",
                (false, false) => "Only moderators will still see it.",
            };
            let on_confirm = Callback::new(move |()| {
                let course_key = key.get_value();
                // Moderators still see it, marked, with Restore; for others
                // it is gone, and the focus goes to the list's heading.
                let focus = if moderator {
                    control_id(post, "restore")
                } else {
                    "responses-heading".to_string()
                };
                act(state, error, Some(focus), "Deleted.", async move {
                    api::delete_comment(&course_key, id).await
                });
            });
            view! {
                <DeleteButton what=what id=post.anchor() consequence=consequence on_confirm=on_confirm />
            }
        });
        let reports = moderator
            .then(|| report_count(state, comment.abuse_flag_count, error, key, post))
            .flatten();
        view! {
            <div class="post-actions">
                {vote_and_report(voted, comment.vote_count, flagged, mark)}
                {extra}
                {edit}
                {delete}
                {reports}
            </div>
        }
    });
    view! {
        {deleted_note}
        {body}
        <p class="thread-meta">
            {author_text(&comment.author)} ", " {when(&comment.created_at)}
            {edited.then(|| view! { " · " <span class="edited">"edited"</span> })}
        </p>
        {history}
        {actions}
        <ActionError error=error />
    }
}

/// The Vote and Report toggles of a post; `mark(what, on)` sets the
/// viewer's `vote` or `flag`.
fn vote_and_report(
    voted: bool,
    vote_count: u64,
    flagged: bool,
    mark: impl Fn(&'static str, bool) + Copy + 'static,
) -> impl IntoView {
    view! {
        <button
            type="button"
            class="button button-secondary"
            aria-pressed=if voted { "true" } else { "false" }
            on:click=move |_| mark("vote", !voted)
        >
            {format!("Vote ({vote_count})")}
        </button>
        <button
            type="button"
            class="button button-secondary"
            aria-pressed=if flagged { "true" } else { "false" }
            on:click=move |_| mark("flag", !flagged)
        >
            {if flagged { "Reported" } else { "Report" }}
        </button>
    }
}
