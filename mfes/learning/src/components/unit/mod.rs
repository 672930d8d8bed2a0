//! The components of a unit: one view per component type.

mod problem;
mod video;

use leptos::prelude::*;
use shared_types::UnitComponent;

use crate::links;

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
        UnitComponent::Discussion(discussion) => {
            let heading = format!("component-{index}-heading");
            let labelled = heading.clone();
            let href = links::discussion_topic(&course_key, &discussion.discussion_id);
            view! {
                <section class="unit-component unit-discussion" aria-labelledby=labelled>
                    <h2 id=heading>{discussion.display_name}</h2>
                    <p>"Talk about this unit with the other learners and the course team."</p>
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
