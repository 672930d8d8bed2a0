//! `/course/:course_key`: a course's forum. Topics on the side, the thread
//! list with its filters, order and pages, and the form to start a thread.

use leptos::{ev::SubmitEvent, prelude::*, task::spawn_local};
use leptos_router::{hooks::use_navigate, NavigateOptions};
use lyceum_kit::{
    api::{self, ThreadListPaging, ThreadListQuery},
    components::{error_fallback, Alert, Button, Spinner},
    params::{use_course_key, use_param},
    set_page_title,
};
use shared_types::{CreateThreadRequest, ThreadPage, ThreadType, TopicList};

use crate::components::{
    anonymity::{AnonymityChoice, AnonymityOptions, AnonymityRules},
    editor::MarkdownEditor,
    pager::{back_to_first, range_text, Pager},
    thread_list::thread_items,
};
use crate::links;

/// Threads per page of the list.
pub const THREADS_PER_PAGE: u64 = 20;

/// The filters of the thread list, as (value, label).
const FILTERS: &[(&str, &str)] = &[
    ("", "All posts"),
    ("unanswered", "Unanswered questions"),
    ("unread", "Unread"),
    ("following", "Following"),
    ("mine", "My posts"),
];

/// The orders of the thread list.
const SORTS: &[(&str, &str)] = &[
    ("activity", "Recent activity"),
    ("votes", "Most votes"),
    ("comments", "Most activity"),
];

#[component]
pub fn Forum() -> impl IntoView {
    set_page_title("Discussions");
    let course_key = use_course_key();
    let topics = LocalResource::new(move || {
        let key = course_key.get();
        async move { api::list_discussion_topics(&key).await }
    });
    // `/course/:course_key/topic/:topic_id` opens one topic (the learning
    // app links a unit's discussion here).
    let linked_topic = use_param("topic_id").get_untracked();
    let topic = RwSignal::new((!linked_topic.is_empty()).then_some(linked_topic));
    let filter = RwSignal::new(String::new());
    let sort = RwSignal::new("activity".to_string());
    let page = RwSignal::new(1u64);
    // Moderators see deleted threads, marked, unless they hide them.
    let show_deleted = RwSignal::new(true);
    let composing = RwSignal::new(false);
    let moderator = Memo::new(move |_| {
        topics
            .get()
            .and_then(Result::ok)
            .is_some_and(|list| list.can_moderate)
    });
    let threads = LocalResource::new(move || {
        let key = course_key.get();
        let query = ThreadListQuery {
            topic_id: topic.get(),
            filter: Some(filter.get()),
            sort: Some(sort.get()),
            page: page.get(),
        };
        let paging = ThreadListPaging {
            page_size: Some(THREADS_PER_PAGE),
            include_deleted: moderator.get() && show_deleted.get(),
        };
        async move { api::list_threads_paged(&key, &query, paging).await }
    });

    let body = move || {
        topics.get().map(|result| {
            result.map(|list| {
                view! {
                    <ForumLayout
                        list=list
                        topic=topic
                        filter=filter
                        sort=sort
                        page=page
                        show_deleted=show_deleted
                        composing=composing
                        threads=threads
                    />
                }
            })
        })
    };
    view! {
        <section class="page forum">
            <Transition fallback=|| view! { <Spinner label="Loading the discussions…" /> }>
                <ErrorBoundary fallback=error_fallback>{body}</ErrorBoundary>
            </Transition>
        </section>
    }
}

#[component]
fn ForumLayout(
    list: TopicList,
    topic: RwSignal<Option<String>>,
    filter: RwSignal<String>,
    sort: RwSignal<String>,
    page: RwSignal<u64>,
    show_deleted: RwSignal<bool>,
    composing: RwSignal<bool>,
    threads: LocalResource<Result<ThreadPage, lyceum_kit::ApiError>>,
) -> impl IntoView {
    let course_key = list.course_key.clone();
    set_page_title(&format!("Discussions: {}", list.course_name));
    let topic_items = std::iter::once((None, "All topics".to_string(), None))
        .chain(
            list.topics
                .iter()
                .map(|t| (Some(t.id.clone()), t.name.clone(), Some(t.thread_count))),
        )
        .map(|(id, name, count)| {
            let this = id.clone();
            let current = move || topic.get() == this;
            let count = count.map(|n| view! { <span class="topic-count">{n}</span> });
            view! {
                <li>
                    <button
                        type="button"
                        class="topic-link"
                        aria-current=move || current().then_some("true")
                        on:click=move |_| {
                            topic.set(id.clone());
                            back_to_first(page);
                        }
                    >
                        {name}
                        {count}
                    </button>
                </li>
            }
        })
        .collect_view();
    let mut filters: Vec<(&str, &str)> = FILTERS.to_vec();
    if list.can_moderate {
        filters.push(("flagged", "Reported"));
    }
    let filter_options = filters
        .into_iter()
        .map(|(value, label)| view! { <option value=value>{label}</option> })
        .collect_view();
    let sort_options = SORTS
        .iter()
        .map(|(value, label)| view! { <option value=*value>{*label}</option> })
        .collect_view();
    let reported = list.can_moderate.then(|| {
        view! {
            <li>
                <a href=links::reported(&course_key)>"Reported posts"</a>
            </li>
        }
    });
    let deleted_toggle = list.can_moderate.then(|| {
        view! {
            <div class="check">
                <input
                    type="checkbox"
                    id="show-deleted"
                    prop:checked=move || show_deleted.get()
                    on:change=move |ev| {
                        show_deleted.set(event_target_checked(&ev));
                        back_to_first(page);
                    }
                />
                <label for="show-deleted">"Show deleted posts"</label>
            </div>
        }
    });
    let topics_for_form = list.topics.clone();
    let rules = AnonymityRules::of(&list);
    let key_for_list = course_key.clone();
    let key_for_form = course_key.clone();
    let thread_list = move || {
        let key = key_for_list.clone();
        threads.get().map(|result| {
            result.map(|found| {
                let empty = view! {
                    <div class="empty-state" data-testid="threads-empty">
                        <h2>"No posts here yet"</h2>
                        <p>"Start the conversation with “Add a post”."</p>
                    </div>
                }
                .into_any();
                thread_items(&key, found.results, empty)
            })
        })
    };
    let count = Signal::derive(move || {
        threads
            .get()
            .and_then(Result::ok)
            .map_or(0, |found| found.count)
    });
    let range = move || {
        let count = count.get();
        (count > 0).then(|| range_text(count, page.get(), THREADS_PER_PAGE, ("post", "posts")))
    };
    view! {
        <h1>{list.course_name.clone()} ": discussions"</h1>
        <div class="forum-layout">
            <nav class="forum-topics" aria-label="Topics">
                <h2>"Topics"</h2>
                <ul>{topic_items}</ul>
                <ul class="forum-links">
                    <li>
                        <a href=links::activity(&course_key)>"My posts"</a>
                    </li>
                    {reported}
                </ul>
            </nav>
            <div class="forum-main">
                <div class="forum-toolbar">
                    <label for="thread-filter">"Show"</label>
                    <select
                        id="thread-filter"
                        on:change=move |ev| {
                            filter.set(event_target_value(&ev));
                            back_to_first(page);
                        }
                        prop:value=move || filter.get()
                    >
                        {filter_options}
                    </select>
                    <label for="thread-sort">"Sort by"</label>
                    <select
                        id="thread-sort"
                        on:change=move |ev| {
                            sort.set(event_target_value(&ev));
                            back_to_first(page);
                        }
                        prop:value=move || sort.get()
                    >
                        {sort_options}
                    </select>
                    {deleted_toggle}
                    <button
                        type="button"
                        class="button button-primary"
                        aria-expanded=move || if composing.get() { "true" } else { "false" }
                        on:click=move |_| composing.update(|c| *c = !*c)
                    >
                        "Add a post"
                    </button>
                </div>
                <Show when=move || composing.get()>
                    <NewThreadForm
                        course_key=key_for_form.clone()
                        topics=topics_for_form.clone()
                        topic=topic
                        rules=rules
                    />
                </Show>
                <p class="thread-meta list-range" role="status" data-testid="thread-range">
                    {range}
                </p>
                <Transition fallback=|| view! { <Spinner label="Loading threads…" /> }>
                    <ErrorBoundary fallback=error_fallback>{thread_list}</ErrorBoundary>
                </Transition>
                <Pager label="Pages of posts" count=count page_size=THREADS_PER_PAGE page=page />
            </div>
        </div>
    }
}

#[component]
fn NewThreadForm(
    course_key: String,
    topics: Vec<shared_types::DiscussionTopic>,
    topic: RwSignal<Option<String>>,
    rules: AnonymityRules,
) -> impl IntoView {
    let kind = RwSignal::new("question".to_string());
    let chosen_topic = RwSignal::new(
        topic
            .get_untracked()
            .or_else(|| topics.first().map(|t| t.id.clone()))
            .unwrap_or_default(),
    );
    let title = RwSignal::new(String::new());
    let text = RwSignal::new(String::new());
    let anonymity = AnonymityChoice::new();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let navigate = use_navigate();
    let key = StoredValue::new(course_key);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if title.get_untracked().trim().is_empty() || text.get_untracked().trim().is_empty() {
            error.set(Some("Give your post a title and some text.".into()));
            return;
        }
        busy.set(true);
        error.set(None);
        let (anonymous, anonymous_to_peers) = anonymity.chosen(rules);
        let request = CreateThreadRequest {
            topic_id: chosen_topic.get_untracked(),
            type_: if kind.get_untracked() == "question" {
                ThreadType::Question
            } else {
                ThreadType::Discussion
            },
            title: title.get_untracked(),
            body: text.get_untracked(),
            anonymous,
            anonymous_to_peers,
        };
        let course_key = key.get_value();
        let navigate = navigate.clone();
        spawn_local(async move {
            match api::create_thread(&course_key, &request).await {
                Ok(thread) => navigate(
                    &links::thread(&course_key, thread.id),
                    NavigateOptions {
                        resolve: false,
                        ..Default::default()
                    },
                ),
                Err(e) => error.set(Some(e.detail().to_string())),
            }
            busy.set(false);
        });
    };
    let topic_options = topics
        .into_iter()
        .map(|t| view! { <option value=t.id.clone()>{t.name}</option> })
        .collect_view();
    view! {
        <form class="new-thread card" on:submit=on_submit novalidate aria-label="New post">
            <fieldset>
                <legend>"Post type"</legend>
                <label>
                    <input
                        type="radio"
                        name="thread-type"
                        value="question"
                        prop:checked=move || kind.get() == "question"
                        on:change=move |_| kind.set("question".into())
                    />
                    "Question"
                </label>
                <label>
                    <input
                        type="radio"
                        name="thread-type"
                        value="discussion"
                        prop:checked=move || kind.get() == "discussion"
                        on:change=move |_| kind.set("discussion".into())
                    />
                    "Discussion"
                </label>
            </fieldset>
            <label for="thread-topic">"Topic"</label>
            <select
                id="thread-topic"
                prop:value=move || chosen_topic.get()
                on:change=move |ev| chosen_topic.set(event_target_value(&ev))
            >
                {topic_options}
            </select>
            <label for="thread-title">"Title"</label>
            <input
                id="thread-title"
                type="text"
                maxlength="255"
                prop:value=move || title.get()
                on:input=move |ev| title.set(event_target_value(&ev))
            />
            <MarkdownEditor
                course_key=key.get_value()
                id="thread-body".to_string()
                label="Your post (Markdown)"
                text=text
                rows=6
            />
            <AnonymityOptions id="thread".to_string() rules=rules choice=anonymity />
            {move || error.get().map(|e| view! { <Alert><p>{e}</p></Alert> })}
            <Button button_type="submit" busy=Signal::derive(move || busy.get())>"Post"</Button>
        </form>
    }
}
