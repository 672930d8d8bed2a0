use leptos::{ev::SubmitEvent, html, prelude::*, task::spawn_local};
use lyceum_kit::{
    api::{self, ApiError},
    components::{Button, ButtonVariant},
};
use shared_types::{BaseVersion, OutlineNode, UpdateBlockRequest};

use super::{
    add_block::{AddBlockForm, NewBlock},
    dom_id,
    edit_error::EditError,
    publish_badge, type_name, Editor,
};

/// The whole draft outline below the course: its sections, and a form to
/// add one.
#[component]
pub fn OutlineTree(root: OutlineNode) -> impl IntoView {
    let empty = root.children.is_empty().then(|| {
        view! {
            <p class="empty-state" data-testid="outline-empty">
                "This course has no sections yet. Add the first one below."
            </p>
        }
    });
    let sections = root
        .children
        .into_iter()
        .map(|node| view! { <OutlineItem node=node /> })
        .collect_view();
    view! {
        {empty}
        <ol class="outline outline-sections">{sections}</ol>
        <AddBlockForm kind=NewBlock::Section parent=root.id parent_name=root.display_name />
    }
}

/// What can be added under a block of this type, if anything.
fn child_kind(block_type: &str) -> Option<NewBlock> {
    match block_type {
        "chapter" => Some(NewBlock::Subsection),
        "sequential" => Some(NewBlock::Unit),
        "vertical" => Some(NewBlock::Component),
        _ => None,
    }
}

/// One block of the outline with its actions, its children and, for
/// containers, the form adding the next level.
#[component]
fn OutlineItem(node: OutlineNode) -> impl IntoView {
    let kind = child_kind(&node.type_);
    let children = (!node.children.is_empty()).then(|| {
        let items = node
            .children
            .into_iter()
            .map(|child| view! { <OutlineItem node=child /> }.into_any())
            .collect_view();
        view! { <ol class="outline">{items}</ol> }
    });
    let add = kind.map(|kind| {
        view! {
            <AddBlockForm kind=kind parent=node.id.clone() parent_name=node.display_name.clone() />
        }
    });
    let item_class = format!("outline-item outline-{}", node.type_);
    view! {
        <li class=item_class>
            <OutlineRow
                id=node.id
                block_type=node.type_
                name=node.display_name
                state=node.publish_state
            />
            {children}
            {add}
        </li>
    }
    .into_any()
}

/// The row of one block: name, type, publish state, Rename and Delete.
#[component]
fn OutlineRow(
    id: String,
    block_type: String,
    name: String,
    state: shared_types::PublishState,
) -> impl IntoView {
    let editor = Editor::use_editor();
    let renaming = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let deleting = RwSignal::new(false);
    let delete_error = RwSignal::new(None::<ApiError>);
    let rename_button = NodeRef::<html::Button>::new();
    let delete_button = NodeRef::<html::Button>::new();
    let (badge, badge_class) = publish_badge(state);
    let type_label = type_name(&block_type).to_string();
    let dialog_id = dom_id("delete", &id);

    // Closing the inline rename form or the delete dialog puts focus back on
    // the button that opened it, so keyboard users keep their place.
    Effect::new(move |was_renaming: Option<bool>| {
        let now = renaming.get();
        if was_renaming == Some(true) && !now {
            if let Some(button) = rename_button.get_untracked() {
                let _ = button.focus();
            }
        }
        now
    });
    Effect::new(move |was_confirming: Option<bool>| {
        let now = confirming.get();
        if was_confirming == Some(true) && !now {
            if let Some(button) = delete_button.get_untracked() {
                let _ = button.focus();
            }
        }
        now
    });

    let delete = {
        let id = id.clone();
        let name = name.clone();
        let type_label = type_label.clone();
        move |_| {
            if deleting.get_untracked() {
                return;
            }
            delete_error.set(None);
            deleting.set(true);
            let id = id.clone();
            let message = format!("{type_label} \"{name}\" deleted.");
            let request = BaseVersion {
                base_version: editor.base_version(),
            };
            spawn_local(async move {
                match api::delete_block(&id, &request).await {
                    Ok(edited) => editor.edited(edited.version, message),
                    Err(e) => delete_error.set(Some(e)),
                }
                deleting.set(false);
            });
        }
    };

    let heading = {
        let name = name.clone();
        move || {
            let name = name.clone();
            match block_type.as_str() {
                "chapter" => view! { <h3 class="outline-name">{name}</h3> }.into_any(),
                "sequential" => view! { <h4 class="outline-name">{name}</h4> }.into_any(),
                "vertical" => view! { <h5 class="outline-name">{name}</h5> }.into_any(),
                _ => view! { <span class="outline-name">{name}</span> }.into_any(),
            }
        }
    };

    let rename_form = {
        let id = id.clone();
        let name = name.clone();
        move || {
            view! {
                <RenameForm
                    id=id.clone()
                    name=name.clone()
                    on_close=Callback::new(move |()| renaming.set(false))
                />
            }
        }
    };

    let dialog = {
        let name = name.clone();
        let dialog_id = dialog_id.clone();
        move || {
            let cancel = NodeRef::<html::Button>::new();
            Effect::new(move |_| {
                if let Some(button) = cancel.get() {
                    let _ = button.focus();
                }
            });
            let title_id = format!("{dialog_id}-title");
            let labelled_by = title_id.clone();
            view! {
                <div
                    class="confirm"
                    role="dialog"
                    id=dialog_id.clone()
                    aria-labelledby=labelled_by
                    on:keydown=move |ev| {
                        if ev.key() == "Escape" {
                            confirming.set(false);
                        }
                    }
                >
                    <p id=title_id>
                        {format!("Delete \"{name}\" and everything in it? This cannot be undone.")}
                    </p>
                    <Button variant=ButtonVariant::Danger busy=deleting on:click=delete.clone()>
                        "Delete"
                    </Button>
                    <button
                        type="button"
                        class="button button-secondary"
                        node_ref=cancel
                        on:click=move |_| confirming.set(false)
                    >
                        "Cancel"
                    </button>
                    <EditError error=delete_error />
                </div>
            }
        }
    };

    let rename_label = format!("Rename {name}");
    let delete_label = format!("Delete {name}");
    view! {
        <div class="outline-row" data-testid="outline-row">
            {move || if renaming.get() { rename_form().into_any() } else { heading().into_any() }}
            <span class="type-label">{type_label}</span>
            <span class=badge_class>{badge}</span>
            <span class="row-actions">
                <button
                    type="button"
                    class="button button-secondary"
                    aria-label=rename_label
                    node_ref=rename_button
                    disabled=move || renaming.get()
                    on:click=move |_| renaming.set(true)
                >
                    "Rename"
                </button>
                <button
                    type="button"
                    class="button button-danger"
                    aria-label=delete_label
                    aria-expanded=move || if confirming.get() { "true" } else { "false" }
                    aria-controls=dialog_id.clone()
                    node_ref=delete_button
                    on:click=move |_| confirming.set(true)
                >
                    "Delete"
                </button>
            </span>
        </div>
        {move || confirming.get().then(|| dialog().into_any())}
    }
}

/// Renames a block in place; Escape or Cancel closes it unchanged.
#[component]
fn RenameForm(id: String, name: String, on_close: Callback<()>) -> impl IntoView {
    let editor = Editor::use_editor();
    let value = RwSignal::new(name.clone());
    let error = RwSignal::new(None::<ApiError>);
    let name_error = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);
    let input = NodeRef::<html::Input>::new();
    let input_id = dom_id("rename", &id);
    let error_id = format!("{input_id}-error");
    let message_id = error_id.clone();
    Effect::new(move |_| {
        if let Some(input) = input.get() {
            let _ = input.focus();
            input.select();
        }
    });

    let on_submit = {
        let old_name = name.clone();
        move |ev: SubmitEvent| {
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
            if new_name == old_name {
                on_close.run(());
                return;
            }
            let request = UpdateBlockRequest {
                base_version: editor.base_version(),
                display_name: Some(new_name.clone()),
                ..Default::default()
            };
            let id = id.clone();
            let message = format!("Renamed \"{old_name}\" to \"{new_name}\".");
            pending.set(true);
            spawn_local(async move {
                match api::update_block(&id, &request).await {
                    Ok(edited) => editor.edited(edited.version, message),
                    Err(e) => error.set(Some(e)),
                }
                pending.set(false);
            });
        }
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
                "Name" <span class="visually-hidden">{format!(" of {name}")}</span>
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
            <EditError error=error />
        </form>
    }
}
