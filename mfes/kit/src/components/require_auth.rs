use leptos::prelude::*;

use crate::{
    components::{Alert, Button, ButtonVariant, Spinner},
    mfe::{current_path, encode_query_value, use_go, use_mfe},
    session::{use_session, SessionStatus},
};

/// Shows its children only to a signed-in user: a spinner while the session
/// loads, and a trip to the sign-in page (coming back afterwards) once it is
/// known that nobody is signed in.
#[component]
pub fn RequireAuth(children: ChildrenFn) -> impl IntoView {
    let session = use_session();
    let mfe = use_mfe();
    let go = use_go();
    let status = Memo::new(move |_| session.status());

    Effect::new(move |_| {
        if status.get() == SessionStatus::SignedOut {
            let next = encode_query_value(&current_path());
            go(&format!("{}?next={next}", mfe.path("/signin")));
        }
    });

    move || match status.get() {
        SessionStatus::SignedIn => children().into_any(),
        SessionStatus::Failed(error) => view! {
            <Alert>
                <p>{error.detail().to_string()}</p>
                <Button variant=ButtonVariant::Secondary on:click=move |_| session.refresh()>
                    "Try again"
                </Button>
            </Alert>
        }
        .into_any(),
        SessionStatus::Loading | SessionStatus::SignedOut => view! { <Spinner /> }.into_any(),
    }
}
