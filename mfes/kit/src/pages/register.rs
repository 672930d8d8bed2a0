use leptos::{ev::SubmitEvent, prelude::*, task::spawn_local};
use leptos_router::hooks::use_query_map;
use shared_types::{LoginRequest, RegisterRequest};

use crate::{
    api::{self, ApiError},
    components::{Alert, Button, TextField},
    mfe::{safe_next, use_go, use_mfe},
    pages::{field_error, form_error},
    session::use_session,
    set_page_title,
};

const FIELDS: &[&str] = &["name", "username", "email", "password"];

/// `/register`: creates an account, signs in with it and goes home (or to
/// the `next` page).
#[component]
pub fn Register() -> impl IntoView {
    set_page_title("Create an account");
    let mfe = use_mfe();
    let session = use_session();
    let go = use_go();
    let query = use_query_map();

    let name = RwSignal::new(String::new());
    let username = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
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
        let request = RegisterRequest {
            username: username.get_untracked().trim().to_string(),
            email: email.get_untracked().trim().to_string(),
            password: password.get_untracked(),
            name: name.get_untracked().trim().to_string(),
        };
        let next = safe_next(query.read_untracked().get("next").as_deref(), mfe);
        let go = go.clone();
        spawn_local(async move {
            let result = match api::register(&request).await {
                Ok(_) => {
                    let login = LoginRequest {
                        username: request.username,
                        password: request.password,
                    };
                    session.sign_in(&login).await.map(|_| ())
                }
                Err(e) => Err(e),
            };
            match result {
                Ok(()) => go(&next),
                Err(e) => {
                    error.set(Some(e));
                    pending.set(false);
                }
            }
        });
    };
    let form_error = form_error(error, FIELDS);

    view! {
        <section class="page page-narrow">
            <h1>"Create an account"</h1>
            {move || form_error.get().map(|detail| view! { <Alert>{detail}</Alert> })}
            <form class="form" novalidate on:submit=on_submit>
                <TextField
                    id="name"
                    label="Full name"
                    value=name
                    autocomplete="name"
                    required=true
                    hint="As it should appear on your certificates."
                    error=field_error(error, "name")
                />
                <TextField
                    id="username"
                    label="Username"
                    value=username
                    autocomplete="username"
                    required=true
                    hint="2–30 letters, digits, dots, dashes or underscores. Others will see it."
                    error=field_error(error, "username")
                />
                <TextField
                    id="email"
                    label="Email"
                    input_type="email"
                    value=email
                    autocomplete="email"
                    required=true
                    error=field_error(error, "email")
                />
                <TextField
                    id="password"
                    label="Password"
                    input_type="password"
                    value=password
                    autocomplete="new-password"
                    required=true
                    hint="At least 8 characters, not only digits."
                    error=field_error(error, "password")
                />
                <Button button_type="submit" busy=pending>
                    "Create account"
                </Button>
            </form>
            <p class="form-links">
                "Already have an account? " <a href=mfe.path("/signin")>"Sign in"</a>
            </p>
        </section>
    }
}
