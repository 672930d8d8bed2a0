use leptos::{ev::SubmitEvent, prelude::*, task::spawn_local};
use lyceum_kit::{
    api::{self, ApiError},
    components::{Alert, AlertKind, Button, TextField},
    pages::{field_error, form_error},
};
use shared_types::ChangePasswordRequest;

const FIELDS: &[&str] = &["current_password", "new_password"];

/// Changes the password; asking for the current one keeps someone at an
/// unattended browser from taking the account over.
#[component]
pub fn ChangePassword(
    /// The account's username, for password managers to file the new
    /// password under.
    username: String,
) -> impl IntoView {
    let current_password = RwSignal::new(String::new());
    let new_password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let pending = RwSignal::new(false);
    let changed = RwSignal::new(false);

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        changed.set(false);
        error.set(None);
        let request = ChangePasswordRequest {
            current_password: current_password.get_untracked(),
            new_password: new_password.get_untracked(),
        };
        spawn_local(async move {
            match api::change_password(&request).await {
                Ok(()) => {
                    current_password.set(String::new());
                    new_password.set(String::new());
                    changed.set(true);
                }
                Err(e) => error.set(Some(e)),
            }
            pending.set(false);
        });
    };
    let form_error = form_error(error, FIELDS);

    view! {
        <section class="card" aria-labelledby="password-heading">
            <h2 id="password-heading">"Change password"</h2>
            {move || {
                changed
                    .get()
                    .then(|| {
                        view! {
                            <Alert kind=AlertKind::Success>"Your password was changed."</Alert>
                        }
                    })
            }}
            {move || form_error.get().map(|detail| view! { <Alert>{detail}</Alert> })}
            <form class="form" novalidate on:submit=on_submit>
                <input
                    type="text"
                    class="visually-hidden"
                    name="username"
                    autocomplete="username"
                    value=username
                    readonly
                    tabindex="-1"
                    aria-hidden="true"
                />
                <TextField
                    id="current-password"
                    label="Current password"
                    input_type="password"
                    value=current_password
                    autocomplete="current-password"
                    required=true
                    error=field_error(error, "current_password")
                />
                <TextField
                    id="new-password"
                    label="New password"
                    input_type="password"
                    value=new_password
                    autocomplete="new-password"
                    required=true
                    hint="At least 8 characters, not only digits."
                    error=field_error(error, "new_password")
                />
                <Button button_type="submit" busy=pending>
                    "Change password"
                </Button>
            </form>
        </section>
    }
}
