//! Deleting with a second thought: the Delete button asks first, in
//! place, with the keyboard focus on the answer.

use leptos::{ev::KeyboardEvent, prelude::*};
use lyceum_kit::components::{Button, ButtonVariant};

use super::focus_later;

/// A Delete button that asks "Delete this …?" before `on_confirm` runs.
#[component]
pub fn DeleteButton(
    /// "post", "response" or "comment".
    what: &'static str,
    /// Unique on the page: the ids of the question and its buttons.
    id: String,
    /// Said under the question (who can still see or restore it).
    #[prop(into)]
    consequence: String,
    on_confirm: Callback<()>,
) -> impl IntoView {
    let asking = RwSignal::new(false);
    let opener_id = format!("{id}-delete");
    let confirm_id = format!("{id}-delete-confirm");
    let question_id = format!("{id}-delete-question");
    let ask = {
        let confirm_id = confirm_id.clone();
        move |_| {
            asking.set(true);
            focus_later(confirm_id.clone());
        }
    };
    let cancel = {
        let opener_id = opener_id.clone();
        move || {
            asking.set(false);
            focus_later(opener_id.clone());
        }
    };
    let on_keydown = {
        let cancel = cancel.clone();
        move |ev: KeyboardEvent| {
            if ev.key() == "Escape" {
                ev.prevent_default();
                cancel();
            }
        }
    };
    view! {
        <Show
            when=move || asking.get()
            fallback=move || {
                view! {
                    <button
                        type="button"
                        class="button button-danger"
                        id=opener_id.clone()
                        on:click=ask.clone()
                    >
                        "Delete"
                    </button>
                }
            }
        >
            <div class="confirm" role="group" aria-labelledby=question_id.clone() on:keydown=on_keydown.clone()>
                <p id=question_id.clone()>
                    <strong>{format!("Delete this {what}?")}</strong>
                    " "
                    {consequence.clone()}
                </p>
                <button
                    type="button"
                    class="button button-danger"
                    id=confirm_id.clone()
                    aria-describedby=question_id.clone()
                    on:click=move |_| {
                        asking.set(false);
                        on_confirm.run(());
                    }
                >
                    {format!("Yes, delete this {what}")}
                </button>
                {
                    let cancel = cancel.clone();
                    view! {
                        <Button variant=ButtonVariant::Secondary on:click=move |_| cancel()>
                            "Cancel"
                        </Button>
                    }
                }
            </div>
        </Show>
    }
}
