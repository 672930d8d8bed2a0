use leptos::{ev::SubmitEvent, prelude::*, task::spawn_local};
use shared_types::PasswordResetRequest;

use crate::{
    api::{self, ApiError},
    components::{Alert, AlertKind, Button, TextField},
    mfe::use_mfe,
    pages::{field_error, form_error},
    set_page_title,
};

const FIELDS: &[&str] = &["email"];

/// `/forgot-password`: asks for a reset link by email. The answer is the
/// same whether or not the address is known, so it reveals no accounts.
#[component]
pub fn ForgotPassword() -> impl IntoView {
    set_page_title("Reset your password");
    let mfe = use_mfe();
    let email = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let pending = RwSignal::new(false);
    let sent = RwSignal::new(None::<String>);

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        error.set(None);
        let request = PasswordResetRequest {
            email: email.get_untracked().trim().to_string(),
        };
        spawn_local(async move {
            match api::request_password_reset(&request).await {
                Ok(answer) => sent.set(Some(answer.message)),
                Err(e) => error.set(Some(e)),
            }
            pending.set(false);
        });
    };
    let form_error = form_error(error, FIELDS);

    view! {
        <section class="page page-narrow">
            <h1>"Reset your password"</h1>
            {move || match sent.get() {
                Some(message) => {
                    view! {
                        <Alert kind=AlertKind::Success>
                            <p>{message}</p>
                            <p>"Check your inbox for a link to set a new password."</p>
                        </Alert>
                        <p>
                            <a href=mfe.path("/signin")>"Back to sign in"</a>
                        </p>
                    }
                        .into_any()
                }
                None => {
                    view! {
                        <p>"Enter your account's email address and we will send you a link to set a new password."</p>
                        {move || form_error.get().map(|detail| view! { <Alert>{detail}</Alert> })}
                        <form class="form" novalidate on:submit=on_submit>
                            <TextField
                                id="email"
                                label="Email"
                                input_type="email"
                                value=email
                                autocomplete="email"
                                required=true
                                error=field_error(error, "email")
                            />
                            <Button button_type="submit" busy=pending>
                                "Send reset link"
                            </Button>
                        </form>
                        <p class="form-links">
                            <a href=mfe.path("/signin")>"Back to sign in"</a>
                        </p>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}
