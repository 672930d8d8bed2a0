use leptos::{prelude::*, task::spawn_local};

use crate::{
    components::{Button, ButtonVariant},
    mfe::{use_mfe, Mfe},
    session::{use_session, SessionStatus},
};

/// The header every app shows: the product, links to the four apps (full
/// page loads, since each is its own build) and the account controls.
#[component]
pub fn Header() -> impl IntoView {
    let mfe = use_mfe();
    let session = use_session();
    let signing_out = RwSignal::new(false);
    let sign_out = move |_| {
        signing_out.set(true);
        spawn_local(async move {
            if let Err(error) = session.sign_out().await {
                log::warn!("sign-out failed: {error}");
            }
            signing_out.set(false);
        });
    };

    let account = move || match session.status() {
        SessionStatus::SignedIn => session.user().map(|user| {
            view! {
                <span class="user-name" data-testid="user-name">
                    {user.name}
                </span>
                <Button variant=ButtonVariant::Secondary busy=signing_out on:click=sign_out>
                    "Sign out"
                </Button>
            }
            .into_any()
        }),
        SessionStatus::SignedOut | SessionStatus::Failed(_) => Some(
            view! {
                <a class="button button-secondary" href=mfe.path("/signin")>
                    "Sign in"
                </a>
            }
            .into_any(),
        ),
        SessionStatus::Loading => None,
    };

    view! {
        <a class="skip-link" href="#main">
            "Skip to main content"
        </a>
        <header class="site-header">
            <div class="site-header-inner">
                <a class="brand" href=mfe.home()>
                    "Lyceum"
                </a>
                <nav class="app-nav" aria-label="Applications">
                    <ul>
                        {Mfe::ALL
                            .into_iter()
                            .map(|app| {
                                view! {
                                    <li>
                                        <a
                                            href=app.home()
                                            aria-current=(app == mfe).then_some("page")
                                        >
                                            {app.title()}
                                        </a>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                </nav>
                <div class="account">{account}</div>
            </div>
        </header>
    }
}
