//! `/course/:course_key/threads/:thread_id`: a thread with its responses
//! and comments, and the actions the reader may take on each.

use leptos::{prelude::*, task::spawn_local};
use lyceum_kit::{
    api,
    components::{error_fallback, Spinner},
    params::{use_course_key, use_param},
    set_page_title,
};
use shared_types::{CommentPage, DiscussionComment, DiscussionThread, ThreadType};

use super::post::{author_text, when, ActionError, ReplyForm, ReplyTo};
use crate::links;

#[component]
pub fn ThreadPage() -> impl IntoView {
    let course_key = use_course_key();
    let thread_id = use_param("thread_id");
    // Bumped after an action, to load the thread and its responses again.
    let version = RwSignal::new(0u32);
    let data = LocalResource::new(move || {
        let key = course_key.get();
        let id = thread_id.get().parse::<i64>().unwrap_or(0);
        version.track();
        async move {
            let thread = api::get_thread(&key, id).await?;
            let responses = api::list_responses(&key, id, 1).await?;
            Ok::<_, lyceum_kit::ApiError>((thread, responses))
        }
    });
    listen_for_new_posts(course_key, thread_id, version);
    let body = move || {
        data.get().map(|result| {
            result.map(|(thread, responses)| {
                view! {
                    <ThreadView
                        course_key=course_key.get_untracked()
                        thread=thread
                        responses=responses
                        version=version
                    />
                }
            })
        })
    };
    view! {
        <section class="page thread-page">
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

/// Runs an action, then reloads the page's data; failures are shown.
fn act(
    version: RwSignal<u32>,
    error: RwSignal<Option<String>>,
    action: impl std::future::Future<Output = Result<(), lyceum_kit::ApiError>> + 'static,
) {
    error.set(None);
    spawn_local(async move {
        match action.await {
            Ok(()) => version.update(|v| *v += 1),
            Err(e) => error.set(Some(e.detail().to_string())),
        }
    });
}

#[component]
fn ThreadView(
    course_key: String,
    thread: DiscussionThread,
    responses: CommentPage,
    version: RwSignal<u32>,
) -> impl IntoView {
    set_page_title(&thread.title);
    let error = RwSignal::new(None::<String>);
    let key = StoredValue::new(course_key.clone());
    let id = thread.id;
    let question = thread.type_ == ThreadType::Question;
    let toggle = move |what: &'static str, on: bool| {
        let course_key = key.get_value();
        act(version, error, async move {
            api::set_thread_mark(&course_key, id, what, on).await
        });
    };
    let (voted, following, flagged) = (thread.voted, thread.following, thread.abuse_flagged);
    let moderation = thread.can.moderate.then(|| {
        let pinned = thread.pinned;
        let closed = thread.closed;
        let close_reason = RwSignal::new(String::new());
        view! {
            <div class="moderation" aria-label="Moderation">
                <button
                    type="button"
                    class="button button-secondary"
                    on:click=move |_| {
                        let course_key = key.get_value();
                        act(version, error, async move {
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
                                act(version, error, async move {
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
                                act(version, error, async move {
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
    let reply = thread.can.reply.then(|| {
        view! {
            <ReplyForm
                course_key=course_key.clone()
                to=ReplyTo::Thread(id)
                label="Your response"
                id="response-text".to_string()
                on_posted=Callback::new(move |_| version.update(|v| *v += 1))
            />
        }
    });
    let count = responses.count;
    let items = responses
        .results
        .into_iter()
        .map(|r| {
            view! {
                <Response
                    course_key=course_key.clone()
                    response=r
                    question=question
                    version=version
                    error=error
                />
            }
        })
        .collect_view();
    view! {
        <p class="breadcrumb">
            <a href=links::forum(&course_key)>"All discussions"</a>
        </p>
        <article class="thread" data-testid="thread">
            <h1>{thread.title.clone()}</h1>
            <p class="thread-meta">
                {if question { "Question" } else { "Discussion" }} " by "
                {author_text(&thread.author)} ", " {when(&thread.created_at)}
            </p>
            <div class="post-body" inner_html=thread.rendered_body.clone()></div>
            <div class="post-actions">
                <button
                    type="button"
                    class="button button-secondary"
                    aria-pressed=if voted { "true" } else { "false" }
                    on:click=move |_| toggle("vote", !voted)
                >
                    {format!("Vote ({})", thread.vote_count)}
                </button>
                <button
                    type="button"
                    class="button button-secondary"
                    aria-pressed=if following { "true" } else { "false" }
                    on:click=move |_| toggle("follow", !following)
                >
                    {if following { "Following" } else { "Follow" }}
                </button>
                <button
                    type="button"
                    class="button button-secondary"
                    aria-pressed=if flagged { "true" } else { "false" }
                    on:click=move |_| toggle("flag", !flagged)
                >
                    {if flagged { "Reported" } else { "Report" }}
                </button>
            </div>
            {moderation}
            <ActionError error=error />
            {closed_note}
        </article>
        <section class="responses" aria-labelledby="responses-heading">
            <h2 id="responses-heading">
                {format!("{count} {}", if count == 1 { "response" } else { "responses" })}
            </h2>
            <ol class="response-list">{items}</ol>
            {reply}
        </section>
    }
}

#[component]
fn Response(
    course_key: String,
    response: DiscussionComment,
    question: bool,
    version: RwSignal<u32>,
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let key = StoredValue::new(course_key.clone());
    let id = response.id;
    let endorsed = response.endorsed;
    let (endorse_on, endorse_off, endorsed_badge) = if question {
        ("Mark as answer", "Unmark answer", "Answer")
    } else {
        ("Endorse", "Withdraw endorsement", "Endorsed")
    };
    let endorse = response.can.endorse.then(|| {
        view! {
            <button
                type="button"
                class="button button-secondary"
                on:click=move |_| {
                    let course_key = key.get_value();
                    act(version, error, async move {
                        api::set_endorsed(&course_key, id, !endorsed).await.map(|_| ())
                    });
                }
            >
                {if endorsed { endorse_off } else { endorse_on }}
            </button>
        }
    });
    let voted = response.voted;
    let flagged = response.abuse_flagged;
    let mark = move |what: &'static str, on: bool| {
        let course_key = key.get_value();
        act(version, error, async move {
            api::set_comment_mark(&course_key, id, what, on).await
        });
    };
    let comments = response
        .comments
        .iter()
        .map(|c| {
            view! {
                <li class="comment" data-testid="comment">
                    <div class="post-body" inner_html=c.rendered_body.clone()></div>
                    <p class="thread-meta">{author_text(&c.author)} ", " {when(&c.created_at)}</p>
                </li>
            }
        })
        .collect_view();
    let comment_form = response.can.reply.then(|| {
        view! {
            <ReplyForm
                course_key=course_key.clone()
                to=ReplyTo::Response(id)
                label="Add a comment"
                id=format!("comment-text-{id}")
                on_posted=Callback::new(move |_| version.update(|v| *v += 1))
            />
        }
    });
    view! {
        <li class="response card" class:response-endorsed=endorsed data-testid="response">
            {endorsed.then(|| view! { <span class="badge badge-success">{endorsed_badge}</span> })}
            <div class="post-body" inner_html=response.rendered_body.clone()></div>
            <p class="thread-meta">
                {author_text(&response.author)} ", " {when(&response.created_at)}
            </p>
            <div class="post-actions">
                <button
                    type="button"
                    class="button button-secondary"
                    aria-pressed=if voted { "true" } else { "false" }
                    on:click=move |_| mark("vote", !voted)
                >
                    {format!("Vote ({})", response.vote_count)}
                </button>
                <button
                    type="button"
                    class="button button-secondary"
                    aria-pressed=if flagged { "true" } else { "false" }
                    on:click=move |_| mark("flag", !flagged)
                >
                    {if flagged { "Reported" } else { "Report" }}
                </button>
                {endorse}
            </div>
            <ul class="comment-list">{comments}</ul>
            {comment_form}
        </li>
    }
}
