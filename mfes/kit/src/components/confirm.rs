use leptos::{ev::KeyboardEvent, prelude::*};

use super::focus_later;

/// A second thought before an action that cannot be taken back (submitting
/// a response, cancelling a learner's submission): the question in place,
/// the action and a way back, which takes the keyboard focus so that a
/// stray Enter changes nothing. Escape goes back too.
#[component]
pub fn ConfirmPanel(
    /// The panel's id (its opener's `aria-controls`); the question's is
    /// `<id>-question`, the way back's `<id>-cancel`.
    #[prop(into)]
    id: String,
    /// What is asked ("Submit your response?").
    #[prop(into)]
    question: String,
    /// What follows from it, under the question.
    #[prop(into, optional)]
    consequence: Option<String>,
    /// The action button's text ("Yes, submit my response").
    #[prop(into)]
    confirm_label: String,
    /// The way back's text ("Cancel" by default).
    #[prop(into, optional)]
    cancel_label: Option<String>,
    /// Draws the action as destructive.
    #[prop(optional)]
    danger: bool,
    /// Whether the action is running (its button is then busy).
    #[prop(into)]
    busy: Signal<bool>,
    on_confirm: Callback<()>,
    /// Closes the panel (the way back, or Escape).
    on_cancel: Callback<()>,
    /// Shown under the buttons: what went wrong, if anything.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let question_id = format!("{id}-question");
    let labelled_by = question_id.clone();
    let described_by = question_id.clone();
    let cancel_id = format!("{id}-cancel");
    focus_later(cancel_id.clone());
    let on_keydown = move |ev: KeyboardEvent| {
        if ev.key() == "Escape" {
            ev.prevent_default();
            on_cancel.run(());
        }
    };
    let class = if danger {
        "button button-danger"
    } else {
        "button button-primary"
    };
    view! {
        <div class="confirm" role="group" id=id aria-labelledby=labelled_by on:keydown=on_keydown>
            <p id=question_id>
                <strong>{question}</strong>
                {consequence.map(|text| view! { " " {text} })}
            </p>
            <button
                type="button"
                class=class
                aria-describedby=described_by
                disabled=move || busy.get()
                aria-busy=move || busy.get().then_some("true")
                on:click=move |_| on_confirm.run(())
            >
                {confirm_label}
            </button>
            <button
                type="button"
                class="button button-secondary"
                id=cancel_id
                on:click=move |_| on_cancel.run(())
            >
                {cancel_label.unwrap_or_else(|| "Cancel".to_string())}
            </button>
            {children.map(|children| children())}
        </div>
    }
}
