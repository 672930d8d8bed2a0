use leptos::{ev::SubmitEvent, prelude::*, task::spawn_local};
use leptos_router::hooks::use_query_map;
use shared_types::PasswordResetConfirm;

use crate::{
    api::{self, ApiError},
    components::{Alert, AlertKind, Button, TextField},
    mfe::use_mfe,
    pages::{field_error, form_error},
    set_page_title,
};

const FIELDS: &[&str] = &["new_password"];

/// `/reset-password?token=...`: the emailed link; sets a new password.
#[component]
pub fn ResetPassword() -> impl IntoView {
    set_page_title("Set a new password");
    let mfe = use_mfe();
    let query = use_query_map();
    let token = Memo::new(move |_| query.read().get("token").filter(|t| !t.is_empty()));

    let new_password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let pending = RwSignal::new(false);
    let done = RwSignal::new(false);

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(token) = token.get_untracked() else {
            return;
        };
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        error.set(None);
        let request = PasswordResetConfirm {
            token,
            new_password: new_password.get_untracked(),
        };
        spawn_local(async move {
            match api::confirm_password_reset(&request).await {
                Ok(()) => done.set(true),
                Err(e) => error.set(Some(e)),
            }
            pending.set(false);
        });
    };
    let form_error = form_error(error, FIELDS);

    view! {
        <section class="page page-narrow">
            <h1>"Set a new password"</h1>
            {move || {
                if done.get() {
                    view! {
                        <Alert kind=AlertKind::Success>
                            "Your password has been set. You can now sign in with it."
                        </Alert>
                        <p>
                            <a href=mfe.path("/signin")>"Sign in"</a>
                        </p>
                    }
                        .into_any()
                } else if token.get().is_none() {
                    view! {
                        <Alert>"This link is incomplete: it has no reset token."</Alert>
                        <p>
                            <a href=mfe.path("/forgot-password")>"Ask for a new link"</a>
                        </p>
                    }
                        .into_any()
                } else {
                    view! {
                        {move || {
                            form_error
                                .get()
                                .map(|detail| {
                                    view! {
                                        <Alert>
                                            <p>{detail}</p>
                                            <p>
                                                <a href=mfe
                                                    .path(
                                                        "/forgot-password",
                                                    )>"Ask for a new link"</a>
                                            </p>
                                        </Alert>
                                    }
                                })
                        }}
                        <form class="form" novalidate on:submit=on_submit>
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
                                "Set password"
                            </Button>
                        </form>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}
