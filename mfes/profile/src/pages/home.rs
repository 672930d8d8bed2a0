use leptos::prelude::*;
use lyceum_kit::{set_page_title, use_session};

use crate::components::account::{AccountDetails, ApiTokens, ChangePassword};

/// `/`: the signed-in user's account.
#[component]
pub fn Home() -> impl IntoView {
    set_page_title("Profile");
    let session = use_session();
    // A memo, so asking the server again who is signed in re-renders the
    // forms (losing what was typed) only when the account really changed.
    let user = Memo::new(move |_| session.user());

    view! {
        <section class="page">
            <h1>"Profile"</h1>
            {move || {
                user.get()
                    .map(|user| {
                        view! {
                            <p class="welcome">"Welcome, " {user.name.clone()} "."</p>
                            <AccountDetails user=user.clone() />
                            <ChangePassword username=user.username.clone() />
                        }
                    })
            }}
            <ApiTokens />
        </section>
    }
}
