//! The question asked before an action that cannot be undone (deleting a
//! block or a file, removing a team member, discarding a unit's changes).

use leptos::{html, prelude::*};
use lyceum_kit::components::{Button, ButtonVariant};

/// An inline dialog that asks before a destructive action: the question,
/// the action (a danger button, busy while it runs) and Cancel, which takes
/// the focus when the dialog opens. Escape cancels too. What the action's
/// failure looks like is up to the caller: it goes in `children`, under the
/// buttons.
#[component]
pub fn ConfirmDialog(
    /// The dialog's id (its opener's `aria-controls`); the question's is
    /// `<id>-title`.
    id: String,
    /// The question, e.g. `Delete "Week 1"? This cannot be undone.`
    question: String,
    /// The action button's text.
    confirm_label: &'static str,
    /// Whether the action is running.
    busy: RwSignal<bool>,
    on_confirm: Callback<()>,
    /// Closes the dialog (Cancel or Escape).
    on_cancel: Callback<()>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let cancel = NodeRef::<html::Button>::new();
    Effect::new(move |_| {
        if let Some(button) = cancel.get() {
            let _ = button.focus();
        }
    });
    let title_id = format!("{id}-title");
    let labelled_by = title_id.clone();
    view! {
        <div
            class="confirm"
            role="dialog"
            id=id
            aria-labelledby=labelled_by
            on:keydown=move |ev| {
                if ev.key() == "Escape" {
                    on_cancel.run(());
                }
            }
        >
            <p id=title_id>{question}</p>
            <Button variant=ButtonVariant::Danger busy=busy on:click=move |_| on_confirm.run(())>
                {confirm_label}
            </Button>
            <button
                type="button"
                class="button button-secondary"
                node_ref=cancel
                on:click=move |_| on_cancel.run(())
            >
                "Cancel"
            </button>
            {children.map(|children| children())}
        </div>
    }
}

/// Gives the focus back to the button that opened a dialog or form.
pub fn refocus(button: NodeRef<html::Button>) {
    if let Some(button) = button.get_untracked() {
        let _ = button.focus();
    }
}
