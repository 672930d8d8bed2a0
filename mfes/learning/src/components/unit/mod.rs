//! The components of a unit: one view per component type.

mod ora;
mod problem;
mod video;

use leptos::prelude::*;
use shared_types::UnitComponent;

use crate::links;

pub use ora::OraBlock;
pub use problem::ProblemBlock;
pub use video::VideoBlock;

/// One component of a unit, drawn by its type.
#[component]
pub fn UnitComponentView(
    course_key: String,
    component: UnitComponent,
    index: usize,
) -> impl IntoView {
    match component {
        UnitComponent::Html(html) => view! {
            <div class="unit-component unit-html" data-testid="unit-html" inner_html=html.html></div>
        }
        .into_any(),
        UnitComponent::Video(video) => {
            view! { <VideoBlock course_key=course_key video=video index=index /> }.into_any()
        }
        UnitComponent::Problem(problem) => {
            view! { <ProblemBlock course_key=course_key component=problem index=index /> }.into_any()
        }
        UnitComponent::Openassessment(ora) => {
            view! { <OraBlock course_key=course_key component=ora index=index /> }.into_any()
        }
        UnitComponent::Discussion(discussion) => {
            let heading = format!("component-{index}-heading");
            let labelled = heading.clone();
            let href = links::discussion_topic(&course_key, &discussion.discussion_id);
            view! {
                <section class="unit-component unit-discussion" aria-labelledby=labelled>
                    <h2 id=heading>{discussion.display_name}</h2>
                    <p>"Talk about this unit with the other learners and the course team."</p>
                    <TopicThreads course_key=course_key topic_id=discussion.discussion_id />
                    <p>
                        <a class="button button-secondary" href=href>
                            "Open the discussion"
                        </a>
                    </p>
                </section>
            }
            .into_any()
        }
        UnitComponent::Other(other) => {
            let heading = format!("component-{index}-heading");
            let labelled = heading.clone();
            view! {
                <section
                    class="unit-component unit-other"
                    aria-labelledby=labelled
                    data-block-type=other.block_type
                >
                    <h2 id=heading>{other.display_name}</h2>
                    <p class="alert alert-info">{other.message}</p>
                </section>
            }
            .into_any()
        }
    }
}

/// The latest threads of a unit's inline topic, linking into the
/// discussions app.
#[component]
fn TopicThreads(course_key: String, topic_id: String) -> impl IntoView {
    let query = lyceum_kit::api::ThreadListQuery {
        topic_id: Some(topic_id),
        filter: None,
        sort: None,
        page: 1,
    };
    let key = course_key.clone();
    let threads = LocalResource::new(move || {
        let key = key.clone();
        let query = query.clone();
        async move { lyceum_kit::api::list_threads(&key, &query).await }
    });
    move || {
        threads.get().map(|result| match result {
            Ok(page) if page.results.is_empty() => view! {
                <p class="topic-threads-empty" data-testid="topic-threads-empty">
                    "No posts yet: start the conversation."
                </p>
            }
            .into_any(),
            Ok(page) => {
                let items = page
                    .results
                    .into_iter()
                    .take(5)
                    .map(|t| {
                        let href = links::discussion_thread(&course_key, t.id);
                        let replies = match t.comment_count {
                            1 => "1 reply".to_string(),
                            n => format!("{n} replies"),
                        };
                        view! {
                            <li data-testid="topic-thread">
                                <a href=href>{t.title}</a>
                                " · "
                                {replies}
                            </li>
                        }
                    })
                    .collect_view();
                view! { <ul class="topic-threads">{items}</ul> }.into_any()
            }
            // The discussion is optional: its link below still works.
            Err(e) => {
                log::warn!("could not load the unit's discussion: {e}");
                ().into_any()
            }
        })
    }
}
