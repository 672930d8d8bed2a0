use leptos::prelude::*;
use lyceum_kit::{set_page_title, use_session};

use crate::components::account::{AccountDetails, ApiTokens, ChangePassword};

/// `/`: the signed-in user's account.
#[component]
pub fn Home() -> impl IntoView {
    set_page_title("Profile");
    let session = use_session();

    view! {
        <section class="page">
            <h1>"Profile"</h1>
            {move || {
                session
                    .user()
                    .map(|user| {
                        view! {
                            <p class="welcome">"Welcome, " {user.name.clone()} "."</p>
                            <AccountDetails user=user />
                        }
                    })
            }}
            <ChangePassword />
            <ApiTokens />
        </section>
    }
}
