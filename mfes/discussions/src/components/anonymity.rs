//! Posting anonymously, where the course allows it (its advanced settings
//! "Allow anonymous discussion posts" and "… to peers").

use leptos::prelude::*;
use shared_types::TopicList;

/// Which kinds of anonymous posting a course allows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AnonymityRules {
    /// Hidden from everyone.
    pub anonymous: bool,
    /// Hidden from other learners; moderators still see the author.
    pub to_peers: bool,
}

impl AnonymityRules {
    pub fn of(list: &TopicList) -> Self {
        Self {
            anonymous: list.allow_anonymous,
            to_peers: list.allow_anonymous_to_peers,
        }
    }
}

/// A post's anonymity, as the author chose it.
#[derive(Debug, Clone, Copy)]
pub struct AnonymityChoice {
    pub anonymous: RwSignal<bool>,
    pub to_peers: RwSignal<bool>,
}

impl AnonymityChoice {
    pub fn new() -> Self {
        Self {
            anonymous: RwSignal::new(false),
            to_peers: RwSignal::new(false),
        }
    }

    /// The choice as the request sends it: nothing the course does not
    /// allow (the boxes may have been ticked before the rules loaded).
    pub fn chosen(&self, rules: AnonymityRules) -> (bool, bool) {
        (
            rules.anonymous && self.anonymous.get_untracked(),
            rules.to_peers && self.to_peers.get_untracked(),
        )
    }

    pub fn reset(&self) {
        self.anonymous.set(false);
        self.to_peers.set(false);
    }
}

/// The anonymity check boxes a course allows; nothing when it allows none.
#[component]
pub fn AnonymityOptions(
    /// Prefix of the boxes' ids.
    id: String,
    #[prop(into)] rules: Signal<AnonymityRules>,
    choice: AnonymityChoice,
) -> impl IntoView {
    let anonymous_id = format!("{id}-anonymous");
    let peers_id = format!("{id}-anonymous-to-peers");
    move || {
        let rules = rules.get();
        let anonymous = rules.anonymous.then(|| {
            let box_id = anonymous_id.clone();
            view! {
                <div class="check">
                    <input
                        type="checkbox"
                        id=box_id.clone()
                        prop:checked=move || choice.anonymous.get()
                        on:change=move |ev| choice.anonymous.set(event_target_checked(&ev))
                    />
                    <label for=box_id>"Post anonymously"</label>
                </div>
            }
        });
        let to_peers = rules.to_peers.then(|| {
            let box_id = peers_id.clone();
            let hint_id = format!("{box_id}-hint");
            view! {
                <div class="check">
                    <input
                        type="checkbox"
                        id=box_id.clone()
                        aria-describedby=hint_id.clone()
                        prop:checked=move || choice.to_peers.get()
                        on:change=move |ev| choice.to_peers.set(event_target_checked(&ev))
                    />
                    <label for=box_id>"Post anonymously to other learners"</label>
                    <span class="field-hint" id=hint_id>"Course staff can still see your name."</span>
                </div>
            }
        });
        (rules.anonymous || rules.to_peers)
            .then(|| view! { <div class="anonymity">{anonymous} {to_peers}</div> })
    }
}
