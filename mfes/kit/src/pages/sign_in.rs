use leptos::{ev::SubmitEvent, prelude::*, task::spawn_local};
use leptos_router::hooks::use_query_map;
use shared_types::LoginRequest;

use crate::{
    api::ApiError,
    components::{Alert, Button, TextField},
    mfe::{encode_query_value, safe_next, use_go, use_mfe},
    pages::{field_error, form_error},
    session::use_session,
    set_page_title,
};

const FIELDS: &[&str] = &["username", "password"];

/// `/signin`: signs in with a username or email address, then returns to
/// the `next` page (or the app's home).
#[component]
pub fn SignIn() -> impl IntoView {
    set_page_title("Sign in");
    let mfe = use_mfe();
    let session = use_session();
    let go = use_go();
    let query = use_query_map();

    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let pending = RwSignal::new(false);

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        error.set(None);
        let request = LoginRequest {
            username: username.get_untracked().trim().to_string(),
            password: password.get_untracked(),
        };
        let next = safe_next(query.read_untracked().get("next").as_deref(), mfe);
        let go = go.clone();
        spawn_local(async move {
            match session.sign_in(&request).await {
                Ok(_) => go(&next),
                Err(e) => {
                    error.set(Some(e));
                    pending.set(false);
                }
            }
        });
    };

    let next_suffix = move || {
        query
            .read()
            .get("next")
            .map(|next| format!("?next={}", encode_query_value(&next)))
            .unwrap_or_default()
    };
    let form_error = form_error(error, FIELDS);

    view! {
        <section class="page page-narrow">
            <h1>"Sign in"</h1>
            {move || form_error.get().map(|detail| view! { <Alert>{detail}</Alert> })}
            <form class="form" novalidate on:submit=on_submit>
                <TextField
                    id="username"
                    label="Username or email"
                    value=username
                    autocomplete="username"
                    required=true
                    error=field_error(error, "username")
                />
                <TextField
                    id="password"
                    label="Password"
                    input_type="password"
                    value=password
                    autocomplete="current-password"
                    required=true
                    error=field_error(error, "password")
                />
                <Button button_type="submit" busy=pending>
                    "Sign in"
                </Button>
            </form>
            <ul class="form-links">
                <li>
                    <a href=move || {
                        format!("{}{}", mfe.path("/register"), next_suffix())
                    }>"Create an account"</a>
                </li>
                <li>
                    <a href=mfe.path("/forgot-password")>"Forgot your password?"</a>
                </li>
            </ul>
        </section>
    }
}
