//! The unit's components in order, each with its actions (Edit,
//! Duplicate, Delete), its editor when open, and the controls that reorder
//! it by keyboard or drag.

use leptos::{ev, html, prelude::*, task::spawn_local};
use lyceum_kit::{api, ApiError};
use shared_types::{BaseVersion, BlockDetail, MoveBlockRequest};

use super::{
    discussion::DiscussionEditor,
    excerpt, field_str,
    form::{input_id, UnitError},
    html::HtmlEditor,
    ora::OraEditor,
    problem::ProblemEditor,
    video::VideoEditor,
    UnitEditor,
};
use crate::components::confirm::{refocus, ConfirmDialog};
use crate::components::outline::{
    dom_id, publish_badge,
    reorder::{
        focus_soon, handle_id, moved_message, start_drag, DragState, Dragged, MoveTo,
        ReorderControls,
    },
    type_name,
};

/// The list of components, or the empty state.
#[component]
pub fn ComponentList() -> impl IntoView {
    let unit = UnitEditor::use_editor();
    let ids = Memo::new(move |_| unit.component_ids());
    view! {
        {move || {
            ids.with(Vec::is_empty)
                .then(|| {
                    view! {
                        <p class="empty-state" data-testid="unit-empty">
                            "This unit has no components yet. Add one below."
                        </p>
                    }
                })
        }}
        <ol class="component-list" aria-label="Components">
            <For each=move || ids.get() key=|id| id.clone() let:id>
                <ComponentItem id=id />
            </For>
        </ol>
    }
}

/// One component: its header with actions, and its summary or editor.
#[component]
fn ComponentItem(id: String) -> impl IntoView {
    let unit = UnitEditor::use_editor();
    let drag = DragState::use_state();
    let detail = {
        let id = id.clone();
        Memo::new(move |_| unit.component(&id))
    };
    let place = {
        let id = id.clone();
        Memo::new(move |_| unit.position(&id))
    };
    let index = Signal::derive(move || place.get().0);
    let count = Signal::derive(move || place.get().1);
    let editing = RwSignal::new(unit.take_open_request(&id));
    let confirming = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let edit_button = NodeRef::<html::Button>::new();
    let delete_button = NodeRef::<html::Button>::new();
    let edit_id = dom_id("edit", &id);
    let dialog_id = dom_id("delete", &id);

    let name = move || {
        detail.with(|d| {
            d.as_ref()
                .map(|d| d.display_name.clone())
                .unwrap_or_default()
        })
    };
    let block_type =
        move || detail.with(|d| d.as_ref().map(|d| d.type_.clone()).unwrap_or_default());
    let supported = move || detail.with(|d| d.as_ref().is_some_and(|d| d.supported));

    // Focus follows the editor: into it when it opens, back to Edit when it
    // closes.
    {
        let first_field = input_id(&id, "display_name");
        Effect::new(move |was: Option<bool>| {
            let now = editing.get();
            if was == Some(true) && !now {
                refocus(edit_button);
            } else if now && was != Some(true) {
                focus_soon(first_field.clone());
            }
            now
        });
    }

    let run_move =
        move |moved: String, moved_name: String, position: usize, total: usize, focus: String| {
            if busy.get_untracked() {
                return;
            }
            error.set(None);
            busy.set(true);
            let request = MoveBlockRequest {
                base_version: unit.base_version(),
                parent: unit.unit_key(),
                position: Some(position as u32),
            };
            spawn_local(async move {
                match api::move_block(&moved, &request).await {
                    Ok(edited) => unit.edited_then_focus(
                        edited.version,
                        moved_message(&moved_name, position, total),
                        focus,
                    ),
                    Err(e) => error.set(Some(e)),
                }
                busy.set(false);
            });
        };
    let on_move = {
        let id = id.clone();
        Callback::new(move |to: MoveTo| {
            run_move(
                id.clone(),
                name(),
                to.position,
                count.get_untracked(),
                to.focus,
            );
        })
    };
    let on_drag_start = {
        let id = id.clone();
        Callback::new(move |ev: ev::DragEvent| {
            let dragged = Dragged {
                id: id.clone(),
                block_type: block_type(),
                name: name(),
                parent: unit.unit_key(),
            };
            start_drag(&ev, drag, dragged);
        })
    };
    let droppable = {
        let id = id.clone();
        move || {
            drag.dragged()
                .filter(|d| d.id != id && d.parent == unit.unit_key())
        }
    };
    let on_dragover = {
        let (droppable, id) = (droppable.clone(), id.clone());
        move |ev: ev::DragEvent| drag.hover(&ev, &id, droppable().is_some())
    };
    let on_dragleave = {
        let id = id.clone();
        move |_| drag.leave(&id)
    };
    let on_drop = move |ev: ev::DragEvent| {
        let Some(dragged) = droppable() else {
            return;
        };
        ev.prevent_default();
        drag.end();
        let (position, total) = place.get_untracked();
        let focus = handle_id(&dragged.id);
        run_move(dragged.id, dragged.name, position, total, focus);
    };
    let item_class = {
        let id = id.clone();
        move || drag.row_class("component", &id)
    };

    let duplicate = {
        let id = id.clone();
        move |_| {
            if busy.get_untracked() {
                return;
            }
            error.set(None);
            busy.set(true);
            let id = id.clone();
            let message = format!("Duplicated \"{}\".", name());
            let request = BaseVersion {
                base_version: unit.base_version(),
            };
            spawn_local(async move {
                match api::duplicate_block(&id, &request).await {
                    Ok(edited) => {
                        let focus = dom_id("edit", &edited.id);
                        unit.edited_then_focus(edited.version, message, focus);
                    }
                    Err(e) => error.set(Some(e)),
                }
                busy.set(false);
            });
        }
    };
    let delete = {
        let id = id.clone();
        Callback::new(move |()| {
            if busy.get_untracked() {
                return;
            }
            error.set(None);
            busy.set(true);
            let id = id.clone();
            let message = format!("{} \"{}\" deleted.", type_name(&block_type()), name());
            let request = BaseVersion {
                base_version: unit.base_version(),
            };
            spawn_local(async move {
                match api::delete_block(&id, &request).await {
                    Ok(edited) => {
                        unit.set_unsaved(&id, false);
                        // Focus moves to the component list's next stop: the
                        // "add a component" controls.
                        unit.edited_then_focus(
                            edited.version,
                            message,
                            "add-component-heading".into(),
                        );
                    }
                    Err(e) => error.set(Some(e)),
                }
                busy.set(false);
            });
        })
    };

    let close_dialog = Callback::new(move |()| {
        confirming.set(false);
        refocus(delete_button);
    });
    let dialog = {
        let dialog_id = dialog_id.clone();
        move || {
            view! {
                <ConfirmDialog
                    id=dialog_id.clone()
                    question=format!("Delete \"{}\"? This cannot be undone.", name())
                    confirm_label="Delete"
                    busy=busy
                    on_confirm=delete
                    on_cancel=close_dialog
                />
            }
        }
    };

    let on_close = Callback::new(move |()| editing.set(false));
    // The summary follows reloads; an open editor keeps what was typed.
    let body = move || {
        if editing.get() {
            detail
                .get_untracked()
                .map(|detail| editor_for(detail, on_close).into_any())
        } else {
            detail
                .get()
                .map(|detail| view! { <ComponentSummary detail=detail /> }.into_any())
        }
    };

    let id_for_controls = id.clone();
    view! {
        <li
            class=item_class
            data-testid="component"
            on:dragover=on_dragover
            on:dragleave=on_dragleave
            on:drop=on_drop
            on:dragend=move |_| drag.end()
        >
            <div class="component-header">
                {move || {
                    view! {
                        <ReorderControls
                            id=id_for_controls.clone()
                            name=name()
                            index=index
                            count=count
                            busy=busy.into()
                            on_move=on_move
                            on_drag_start=on_drag_start
                        />
                    }
                }}
                <h3 class="component-name">{name}</h3>
                <span class="type-label">{move || type_name(&block_type()).to_string()}</span>
                {move || {
                    detail
                        .with(|d| d.as_ref().map(|d| d.publish_state))
                        .map(|state| {
                            let (text, class) = publish_badge(state);
                            view! { <span class=class>{text}</span> }
                        })
                }}
                <span class="row-actions">
                    {move || {
                        supported()
                            .then(|| {
                                view! {
                                    <button
                                        type="button"
                                        class="button button-secondary"
                                        id=edit_id.clone()
                                        node_ref=edit_button
                                        aria-label=format!("Edit {}", name())
                                        aria-expanded=move || if editing.get() { "true" } else { "false" }
                                        disabled=move || editing.get()
                                        on:click=move |_| editing.set(true)
                                    >
                                        "Edit"
                                    </button>
                                }
                            })
                    }}
                    <button
                        type="button"
                        class="button button-secondary"
                        aria-label=move || format!("Duplicate {}", name())
                        disabled=move || busy.get()
                        on:click=duplicate
                    >
                        "Duplicate"
                    </button>
                    <button
                        type="button"
                        class="button button-danger"
                        node_ref=delete_button
                        aria-label=move || format!("Delete {}", name())
                        aria-expanded=move || if confirming.get() { "true" } else { "false" }
                        aria-controls=dialog_id.clone()
                        on:click=move |_| confirming.set(true)
                    >
                        "Delete"
                    </button>
                </span>
            </div>
            {move || confirming.get().then(dialog.clone())}
            <UnitError error=error />
            {body}
        </li>
    }
}

/// The editor of a component's type.
fn editor_for(detail: BlockDetail, on_close: Callback<()>) -> impl IntoView {
    match detail.type_.as_str() {
        "html" => view! { <HtmlEditor detail=detail on_close=on_close /> }.into_any(),
        "problem" => view! { <ProblemEditor detail=detail on_close=on_close /> }.into_any(),
        "video" => view! { <VideoEditor detail=detail on_close=on_close /> }.into_any(),
        "discussion" => view! { <DiscussionEditor detail=detail on_close=on_close /> }.into_any(),
        _ => view! { <OraEditor detail=detail on_close=on_close /> }.into_any(),
    }
}

/// What a component holds, in brief; unsupported ones show their XML.
#[component]
fn ComponentSummary(detail: BlockDetail) -> impl IntoView {
    let data = detail.data.clone().unwrap_or_default();
    if !detail.supported {
        let label = format!("XML of {}", detail.display_name);
        return view! {
            <div class="component-body unsupported" data-testid="component-unsupported">
                <p>
                    {format!(
                        "Lyceum cannot edit or run \"{}\" components. It keeps this one as it is, \
                         and exports it unchanged.",
                        detail.type_,
                    )}
                </p>
                <pre class="raw-xml" tabindex="0" aria-label=label>
                    <code>{data}</code>
                </pre>
            </div>
        }
        .into_any();
    }
    let fields = &detail.fields;
    let text = match detail.type_.as_str() {
        "problem" => {
            let markdown = field_str(fields, "markdown");
            if markdown.trim().is_empty() {
                excerpt(&data, 240)
            } else {
                excerpt(&markdown.replace(">>", "").replace("<<", ""), 240)
            }
        }
        "video" => {
            let youtube = field_str(fields, "youtube_id_1_0");
            let sources = fields
                .get("html5_sources")
                .and_then(|s| s.as_array())
                .map_or(0, Vec::len);
            match (youtube.is_empty(), sources) {
                (true, 0) => String::new(),
                (false, 0) => format!("YouTube video {youtube}"),
                (true, n) => format!("{n} video file(s)"),
                (false, n) => format!("YouTube video {youtube} and {n} video file(s)"),
            }
        }
        "discussion" => {
            let category = field_str(fields, "discussion_category");
            let target = field_str(fields, "discussion_target");
            [category, target]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" / ")
        }
        "openassessment" => excerpt(&data, 160),
        _ => excerpt(&data, 240),
    };
    let empty = text.is_empty();
    view! {
        <div class="component-body" data-testid="component-summary">
            {if empty {
                view! { <p class="muted">"No content yet. Use Edit to add some."</p> }.into_any()
            } else {
                view! { <p>{text}</p> }.into_any()
            }}
        </div>
    }
    .into_any()
}
