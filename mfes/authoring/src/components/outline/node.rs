use leptos::{html, prelude::*, task::spawn_local};
use lyceum_kit::api::{self, ApiError};
use shared_types::{BaseVersion, OutlineNode, UpdateBlockRequest};

use super::{
    add_block::{AddBlockForm, NewBlock},
    dom_id,
    edit_error::EditError,
    publish_badge,
    reorder::{handle_id, start_drag, DragState, Dragged, MoveTo, ReorderControls},
    type_name, Editor,
};
use crate::components::{
    confirm::{refocus, ConfirmDialog},
    course_nav::unit_href,
    rename::RenameForm,
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
    let count = root.children.len();
    let sections = root
        .children
        .into_iter()
        .enumerate()
        .map(|(index, node)| {
            view! { <OutlineItem node=node parent=root.id.clone() index=index count=count /> }
        })
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
fn OutlineItem(
    node: OutlineNode,
    /// The parent's block key.
    parent: String,
    /// The block's position among its siblings.
    index: usize,
    /// How many siblings (itself included) there are.
    count: usize,
) -> impl IntoView {
    let kind = child_kind(&node.type_);
    let child_count = node.children.len();
    let children = (!node.children.is_empty()).then(|| {
        let items = node
            .children
            .into_iter()
            .enumerate()
            .map(|(child_index, child)| {
                view! {
                    <OutlineItem
                        node=child
                        parent=node.id.clone()
                        index=child_index
                        count=child_count
                    />
                }
                .into_any()
            })
            .collect_view();
        view! { <ol class="outline">{items}</ol> }
    });
    let add = kind.map(|kind| {
        view! {
            <AddBlockForm kind=kind parent=node.id.clone() parent_name=node.display_name.clone() />
        }
    });
    let item_class = format!("outline-item outline-{}", node.type_);
    let test_id = (node.type_ == "chapter").then_some("outline-section");
    view! {
        <li class=item_class data-testid=test_id>
            <OutlineRow
                id=node.id
                block_type=node.type_
                name=node.display_name
                state=node.publish_state
                place=Place { parent, index, count, child_count }
            />
            {children}
            {add}
        </li>
    }
    .into_any()
}

/// Where a block sits in the tree, for moving it and dropping on it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Place {
    /// The parent's block key.
    parent: String,
    /// The block's position among its siblings.
    index: usize,
    /// How many siblings (itself included) there are.
    count: usize,
    /// How many children the block has.
    child_count: usize,
}

/// The type of block that holds blocks of `block_type`.
fn parent_type(block_type: &str) -> &'static str {
    match block_type {
        "chapter" => "course",
        "sequential" => "chapter",
        "vertical" => "sequential",
        _ => "vertical",
    }
}

/// Where a block dropped on a row goes: before a row of its own type
/// (after it, when it comes from above in the same list), or at the end of a
/// row that can hold it. Answers the parent, the position and the number
/// of blocks in that parent after the move.
fn drop_target(
    dragged: &Dragged,
    row_id: &str,
    row_type: &str,
    place: &Place,
) -> Option<(String, usize, usize)> {
    if dragged.id == row_id {
        return None;
    }
    if dragged.block_type == row_type {
        let count = place.count + usize::from(dragged.parent != place.parent);
        return Some((place.parent.clone(), place.index, count));
    }
    if parent_type(&dragged.block_type) == row_type {
        let already_here = dragged.parent == row_id;
        let count = place.child_count + usize::from(!already_here);
        return Some((row_id.to_string(), count - 1, count));
    }
    None
}

/// The row of one block: name, type, publish state, Rename and Delete, and
/// the controls that reorder it.
#[component]
fn OutlineRow(
    id: String,
    block_type: String,
    name: String,
    state: shared_types::PublishState,
    place: Place,
) -> impl IntoView {
    let editor = Editor::use_editor();
    let drag = DragState::use_state();
    let moving = RwSignal::new(false);
    let move_error = RwSignal::new(None::<ApiError>);
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
            refocus(rename_button);
        }
        now
    });
    Effect::new(move |was_confirming: Option<bool>| {
        let now = confirming.get();
        if was_confirming == Some(true) && !now {
            refocus(delete_button);
        }
        now
    });

    let delete = {
        let id = id.clone();
        let name = name.clone();
        let type_label = type_label.clone();
        Callback::new(move |()| {
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
        })
    };

    let heading = {
        let name = name.clone();
        let block_type = block_type.clone();
        let id = id.clone();
        move || {
            let name = name.clone();
            match block_type.as_str() {
                "chapter" => view! { <h3 class="outline-name">{name}</h3> }.into_any(),
                "sequential" => view! { <h4 class="outline-name">{name}</h4> }.into_any(),
                "vertical" => {
                    let href = unit_href(&editor.course_key(), &id);
                    view! {
                        <h5 class="outline-name">
                            <a href=href data-testid="unit-link">
                                {name}
                            </a>
                        </h5>
                    }
                    .into_any()
                }
                _ => view! { <span class="outline-name">{name}</span> }.into_any(),
            }
        }
    };

    // Moving: with the keyboard or buttons within the parent, by dragging
    // anywhere a block of this type fits.
    let run_move = move |id: String,
                         name: String,
                         parent: String,
                         position: usize,
                         count: usize,
                         focus: String| {
        if moving.get_untracked() {
            return;
        }
        move_error.set(None);
        moving.set(true);
        spawn_local(async move {
            if let Err(e) = editor
                .move_block(id, name, parent, position, count, focus)
                .await
            {
                move_error.set(Some(e));
            }
            moving.set(false);
        });
    };
    let on_move = {
        let (id, name, place) = (id.clone(), name.clone(), place.clone());
        Callback::new(move |to: MoveTo| {
            run_move(
                id.clone(),
                name.clone(),
                place.parent.clone(),
                to.position,
                place.count,
                to.focus,
            );
        })
    };
    let on_drag_start = {
        let dragged = Dragged {
            id: id.clone(),
            block_type: block_type.clone(),
            name: name.clone(),
            parent: place.parent.clone(),
        };
        Callback::new(move |ev: leptos::ev::DragEvent| {
            start_drag(&ev, drag, dragged.clone());
        })
    };
    let target_of = {
        let (id, block_type, place) = (id.clone(), block_type.clone(), place.clone());
        move || {
            let dragged = drag.dragged()?;
            let (parent, position, count) = drop_target(&dragged, &id, &block_type, &place)?;
            Some((dragged, parent, position, count))
        }
    };
    let on_dragover = {
        let (target_of, id) = (target_of.clone(), id.clone());
        move |ev: leptos::ev::DragEvent| drag.hover(&ev, &id, target_of().is_some())
    };
    let on_dragleave = {
        let id = id.clone();
        move |_| drag.leave(&id)
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        let Some((dragged, parent, position, count)) = target_of() else {
            return;
        };
        ev.prevent_default();
        drag.end();
        let focus = handle_id(&dragged.id);
        run_move(dragged.id, dragged.name, parent, position, count, focus);
    };
    let row_class = {
        let id = id.clone();
        move || drag.row_class("outline-row", &id)
    };

    let rename_form = {
        let id = id.clone();
        let name = name.clone();
        move || {
            view! {
                <BlockRename
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
            view! {
                <ConfirmDialog
                    id=dialog_id.clone()
                    question=format!("Delete \"{name}\" and everything in it? This cannot be undone.")
                    confirm_label="Delete"
                    busy=deleting
                    on_confirm=delete
                    on_cancel=Callback::new(move |()| confirming.set(false))
                >
                    <EditError error=delete_error />
                </ConfirmDialog>
            }
        }
    };

    let rename_label = format!("Rename {name}");
    let delete_label = format!("Delete {name}");
    view! {
        <div
            class=row_class
            data-testid="outline-row"
            on:dragover=on_dragover
            on:dragleave=on_dragleave
            on:drop=on_drop
            on:dragend=move |_| drag.end()
        >
            <ReorderControls
                id=id.clone()
                name=name.clone()
                index=Signal::stored(place.index)
                count=Signal::stored(place.count)
                busy=moving.into()
                on_move=on_move
                on_drag_start=on_drag_start
            />
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
        <EditError error=move_error />
        {move || confirming.get().then(|| dialog().into_any())}
    }
}

/// Renames a block in place; Escape or Cancel closes it unchanged.
#[component]
fn BlockRename(id: String, name: String, on_close: Callback<()>) -> impl IntoView {
    let editor = Editor::use_editor();
    let error = RwSignal::new(None::<ApiError>);
    let pending = RwSignal::new(false);
    let input_id = dom_id("rename", &id);
    let on_rename = {
        let old_name = name.clone();
        Callback::new(move |new_name: String| {
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
        })
    };

    view! {
        <RenameForm
            input_id=input_id
            label="Name"
            label_detail=format!(" of {name}")
            name=name
            pending=pending
            error=error
            name_error=RwSignal::new(None)
            on_rename=on_rename
            on_close=on_close
        >
            <EditError error=error />
        </RenameForm>
    }
}
