use leptos::prelude::*;
use lyceum_kit::{
    components::{Alert, Button, ButtonVariant},
    ApiError,
};

use super::Editor;

/// The failure of an edit, shown beside the control that made it. A stale
/// version means someone else changed the course: the fix is to reload.
#[component]
pub fn EditError(error: RwSignal<Option<ApiError>>) -> impl IntoView {
    let editor = Editor::use_editor();
    move || {
        error.get().map(|error| {
            if error.is_stale_version() {
                view! {
                    <Alert>
                        <p>
                            "Someone else changed this course since you loaded it. "
                            "Reload to see the latest outline, then try again."
                        </p>
                        <Button variant=ButtonVariant::Secondary on:click=move |_| editor.reload()>
                            "Reload"
                        </Button>
                    </Alert>
                }
                .into_any()
            } else {
                view! {
                    <Alert>
                        <p>{error.detail().to_string()}</p>
                    </Alert>
                }
                .into_any()
            }
        })
    }
}
