use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use shared_types::VerifyEmailRequest;

use crate::{
    api,
    components::{Alert, AlertKind, Spinner},
    mfe::use_mfe,
    session::use_session,
    set_page_title,
};

/// `/verify-email?token=...`: the emailed link; confirms the address as
/// soon as the page opens and says whether it worked.
#[component]
pub fn VerifyEmail() -> impl IntoView {
    set_page_title("Verify your email address");
    let mfe = use_mfe();
    let session = use_session();
    let query = use_query_map();
    let token = query
        .read_untracked()
        .get("token")
        .filter(|t| !t.is_empty());

    let outcome = LocalResource::new(move || {
        let token = token.clone();
        async move {
            let Some(token) = token else {
                return Err("This link is incomplete: it has no verification token.".to_string());
            };
            api::verify_email(&VerifyEmailRequest { token })
                .await
                .map_err(|e| e.detail().to_string())?;
            session.refresh();
            Ok(())
        }
    });

    view! {
        <section class="page page-narrow">
            <h1>"Verify your email address"</h1>
            <Transition fallback=|| view! { <Spinner label="Verifying your email address…" /> }>
                {move || {
                    outcome
                        .get()
                        .map(|outcome| match outcome {
                            Ok(()) => {
                                view! {
                                    <Alert kind=AlertKind::Success>
                                        "Your email address is verified. Thank you!"
                                    </Alert>
                                }
                                    .into_any()
                            }
                            Err(detail) => {
                                view! {
                                    <Alert>
                                        <p>"Your email address could not be verified."</p>
                                        <p>{detail}</p>
                                    </Alert>
                                }
                                    .into_any()
                            }
                        })
                }}
            </Transition>
            <p>
                <a href=mfe.home()>{format!("Go to {}", mfe.title())}</a>
            </p>
        </section>
    }
}
