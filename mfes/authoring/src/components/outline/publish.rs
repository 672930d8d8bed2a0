use leptos::{prelude::*, task::spawn_local};
use lyceum_kit::{
    api::{self, ApiError},
    components::Button,
};
use shared_types::BaseVersion;

use super::{edit_error::EditError, Editor};

/// Where the course stands against what learners see, and the button that
/// publishes the current draft.
#[component]
pub fn PublishBar(
    /// The draft version shown.
    version: String,
    /// The version learners see, if any.
    published_version: Option<String>,
) -> impl IntoView {
    let editor = Editor::use_editor();
    let error = RwSignal::new(None::<ApiError>);
    let pending = RwSignal::new(false);
    let status = match &published_version {
        None => "Not published: learners cannot see this course yet.",
        Some(published) if *published == version => "Published: learners see the latest version.",
        Some(_) => "Published, with draft changes learners do not see yet.",
    };
    let up_to_date = published_version.as_deref() == Some(version.as_str());

    let publish = move |_| {
        if pending.get_untracked() {
            return;
        }
        error.set(None);
        pending.set(true);
        let request = BaseVersion {
            base_version: editor.base_version(),
        };
        spawn_local(async move {
            match api::publish_course(&editor.course_key(), &request).await {
                Ok(heads) => editor.edited(heads.draft_version, "Course published.".into()),
                Err(e) => error.set(Some(e)),
            }
            pending.set(false);
        });
    };

    view! {
        <div class="publish-bar">
            <p class="publish-status" data-testid="publish-status">
                {status}
            </p>
            <Button busy=pending disabled=up_to_date on:click=publish>
                "Publish"
            </Button>
            <EditError error=error />
        </div>
    }
}
