//! What every settings form shares: the version saves are based on, the
//! save button with its status, the "someone else changed the course"
//! notice, and the warning before unsaved changes are lost.

use leptos::{ev, prelude::*};
use lyceum_kit::{
    components::{Alert, Button, ButtonVariant},
    pages::form_error,
    ApiError,
};
use shared_types::ErrorBody;

/// The save side of a settings form.
#[derive(Clone, Copy)]
pub struct SaveState {
    /// The draft version the next save is based on.
    pub version: RwSignal<String>,
    /// A save is running.
    pub pending: RwSignal<bool>,
    /// Why the last save failed.
    pub error: RwSignal<Option<ApiError>>,
    /// What the last save did, announced politely.
    pub announcement: RwSignal<String>,
}

impl SaveState {
    /// The state of a form loaded at `version`.
    pub fn new(version: String) -> Self {
        Self {
            version: RwSignal::new(version),
            pending: RwSignal::new(false),
            error: RwSignal::new(None),
            announcement: RwSignal::new(String::new()),
        }
    }

    /// Starts a save unless one is running: clears the last outcome and
    /// answers the version to base it on.
    pub fn begin(&self) -> Option<String> {
        if self.pending.get_untracked() {
            return None;
        }
        self.error.set(None);
        self.announcement.set(String::new());
        self.pending.set(true);
        Some(self.version.get_untracked())
    }

    /// Records the outcome of a save: the new version and a message, or the
    /// error to show.
    pub fn finish(&self, result: Result<String, ApiError>, message: &str) -> bool {
        self.pending.set(false);
        match result {
            Ok(version) => {
                self.version.set(version);
                self.announcement.set(message.to_string());
                true
            }
            Err(error) => {
                self.error.set(Some(error));
                false
            }
        }
    }

    /// Refuses a save before it is sent, showing `detail` under `field`.
    pub fn refuse(&self, field: &str, detail: String) {
        self.announcement.set(String::new());
        self.error.set(Some(client_error(field, detail)));
    }
}

/// A problem found before asking the server, shaped like the server's so it
/// shows in the same place.
pub fn client_error(field: &str, detail: String) -> ApiError {
    ApiError {
        status: 422,
        body: Box::new(ErrorBody {
            type_: "about:blank".into(),
            title: "Invalid input".into(),
            status: 422,
            detail,
            code: "validation_failed".into(),
            field: Some(field.to_string()),
            current_version: None,
            request_id: None,
        }),
    }
}

/// Asks the browser to warn before the page is left while `dirty` holds.
pub fn warn_before_unload(dirty: Signal<bool>) {
    let handle = window_event_listener(ev::beforeunload, move |event| {
        if dirty.get_untracked() {
            event.prevent_default();
            // Older browsers show the prompt only when a value is returned.
            event.set_return_value("You have unsaved changes.");
        }
    });
    on_cleanup(move || handle.remove());
}

/// The end of a settings form: form-wide errors (a stale version offers to
/// reload), the unsaved-changes note, the save button and the status line
/// read out when a save succeeds.
#[component]
pub fn SaveBar(
    state: SaveState,
    /// Whether the form differs from what was last saved.
    #[prop(into)]
    dirty: Signal<bool>,
    /// Loads the settings again, dropping the edits.
    on_reload: Callback<()>,
    /// Fields whose errors show under their own control, not here.
    fields: &'static [&'static str],
    /// What the form is, for the button: "Save details".
    #[prop(into)]
    label: String,
) -> impl IntoView {
    let message = form_error(state.error, fields);
    let stale = move || {
        state
            .error
            .with(|e| e.as_ref().is_some_and(ApiError::is_stale_version))
    };
    let problem = move || {
        if stale() {
            view! {
                <Alert>
                    <p>
                        "Someone else changed this course since you opened this page, "
                        "so your changes were not saved. Reload to see the latest settings "
                        "(your edits here will be lost), then make them again."
                    </p>
                    <Button variant=ButtonVariant::Secondary on:click=move |_| on_reload.run(())>
                        "Reload"
                    </Button>
                </Alert>
            }
            .into_any()
        } else {
            message
                .get()
                .map(|message| {
                    view! {
                        <Alert>
                            <p>{message}</p>
                        </Alert>
                    }
                })
                .into_any()
        }
    };
    view! {
        <div class="save-bar">
            {problem}
            <div class="save-row">
                <Button button_type="submit" busy=state.pending>
                    {label}
                </Button>
                <span class="unsaved" data-testid="unsaved" hidden=move || !dirty.get()>
                    "Unsaved changes"
                </span>
                <p class="save-status" role="status" aria-live="polite" data-testid="save-status">
                    {move || state.announcement.get()}
                </p>
            </div>
        </div>
    }
}
