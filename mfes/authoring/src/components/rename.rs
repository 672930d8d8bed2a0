//! Renaming in place, as the outline's blocks and the unit page's unit do.

use leptos::{ev::SubmitEvent, html, prelude::*};
use lyceum_kit::{
    components::{Button, ButtonVariant},
    ApiError,
};

/// A one-line form that renames something in place: the name, Save and
/// Cancel. Escape or Cancel closes it unchanged, as does saving the same
/// name; an empty name is refused beside the input. Saving itself is the
/// caller's (`on_rename`), and so is showing its failure (`children`).
#[component]
pub fn RenameForm(
    /// The input's id; its error's is `<id>-error`.
    input_id: String,
    /// The label's text.
    label: &'static str,
    /// Said after the label to screen readers only, e.g. " of Week 1".
    #[prop(optional)]
    label_detail: Option<String>,
    /// The name as it is.
    name: String,
    /// Whether the new name is being saved.
    pending: RwSignal<bool>,
    /// The last save's failure, cleared when saving again.
    error: RwSignal<Option<ApiError>>,
    /// What is wrong with the name, shown under the input.
    name_error: RwSignal<Option<String>>,
    /// Saves a new name (trimmed, not empty, not the old one).
    on_rename: Callback<String>,
    on_close: Callback<()>,
    /// How `error` is shown.
    children: Children,
) -> impl IntoView {
    let value = RwSignal::new(name.clone());
    let input = NodeRef::<html::Input>::new();
    let error_id = format!("{input_id}-error");
    let message_id = error_id.clone();
    Effect::new(move |_| {
        if let Some(input) = input.get() {
            let _ = input.focus();
            input.select();
        }
    });

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        error.set(None);
        let new_name = value.get_untracked().trim().to_string();
        if new_name.is_empty() {
            name_error.set(Some("Enter a name.".into()));
            return;
        }
        name_error.set(None);
        if new_name == name {
            on_close.run(());
            return;
        }
        on_rename.run(new_name);
    };

    view! {
        <form
            class="rename"
            novalidate
            on:submit=on_submit
            on:keydown=move |ev| {
                if ev.key() == "Escape" {
                    on_close.run(());
                }
            }
        >
            <label for=input_id.clone()>
                {label}
                {label_detail.map(|detail| view! { <span class="visually-hidden">{detail}</span> })}
            </label>
            <input
                id=input_id
                type="text"
                node_ref=input
                required=true
                aria-invalid=move || name_error.get().map(|_| "true")
                aria-describedby=move || name_error.get().map(|_| error_id.clone())
                bind:value=value
            />
            <Button button_type="submit" busy=pending>
                "Save"
            </Button>
            <Button variant=ButtonVariant::Secondary on:click=move |_| on_close.run(())>
                "Cancel"
            </Button>
            {move || {
                name_error
                    .get()
                    .map(|message| {
                        view! {
                            <p class="field-error" id=message_id.clone() role="alert">
                                {message}
                            </p>
                        }
                    })
            }}
            {children()}
        </form>
    }
}
