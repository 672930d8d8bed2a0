//! The discussion email preference: whether followed threads send email
//! about new responses (`/me/preferences`).

use leptos::{prelude::*, task::spawn_local};
use lyceum_kit::{api, components::Alert};
use shared_types::PreferencesUpdate;

/// Where the preference stands.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Saving {
    Idle,
    Busy,
    Saved(bool),
    Failed(String),
}

/// A check box bound to `discussion_email`, saved as soon as it changes.
#[component]
pub fn EmailPreference() -> impl IntoView {
    let loaded = LocalResource::new(api::get_preferences);
    let email = RwSignal::new(None::<bool>);
    let saving = RwSignal::new(Saving::Idle);
    Effect::new(move |_| {
        if let Some(Ok(preferences)) = loaded.get() {
            email.set(Some(preferences.discussion_email));
        }
    });
    let on_change = move |ev: leptos::ev::Event| {
        let wanted = event_target_checked(&ev);
        let before = email.get_untracked();
        email.set(Some(wanted));
        saving.set(Saving::Busy);
        spawn_local(async move {
            let update = PreferencesUpdate {
                discussion_email: Some(wanted),
                ..Default::default()
            };
            match api::update_preferences(&update).await {
                Ok(now) => {
                    email.set(Some(now.discussion_email));
                    saving.set(Saving::Saved(now.discussion_email));
                }
                Err(e) => {
                    email.set(before);
                    saving.set(Saving::Failed(e.detail().to_string()));
                }
            }
        });
    };
    let load_error = move || {
        loaded.get().and_then(Result::err).map(|e| {
            view! {
                <Alert>
                    <p>"Your email preference could not be loaded: " {e.detail().to_string()}</p>
                </Alert>
            }
        })
    };
    let status = move || match saving.get() {
        Saving::Idle => String::new(),
        Saving::Busy => "Saving…".into(),
        Saving::Saved(true) => "Saved: you will get email about new responses.".into(),
        Saving::Saved(false) => "Saved: you will not get email about new responses.".into(),
        Saving::Failed(_) => String::new(),
    };
    let failure = move || match saving.get() {
        Saving::Failed(detail) => Some(view! {
            <Alert>
                <p>"Your choice could not be saved: " {detail}</p>
            </Alert>
        }),
        _ => None,
    };
    view! {
        <section class="card notification-preference" aria-labelledby="notifications-heading">
            <h2 id="notifications-heading">"Notifications"</h2>
            {load_error}
            <div class="check">
                <input
                    type="checkbox"
                    id="discussion-email"
                    aria-describedby="discussion-email-hint"
                    disabled=move || email.get().is_none()
                    aria-busy=move || (saving.get() == Saving::Busy).then_some("true")
                    prop:checked=move || email.get().unwrap_or(false)
                    on:change=on_change
                />
                <label for="discussion-email">"Email me about new responses to posts I follow"</label>
            </div>
            <p class="field-hint" id="discussion-email-hint">
                "You follow the posts you start, and any post you choose to follow."
            </p>
            <p class="field-hint" role="status" data-testid="preference-status">{status}</p>
            {failure}
        </section>
    }
}
