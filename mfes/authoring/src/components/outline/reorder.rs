//! Reordering, shared by the outline and the unit page: a drag handle that
//! also answers Alt+ArrowUp/Alt+ArrowDown, "Move up"/"Move down" buttons, and
//! the state of a drag in progress.
//!
//! The lists themselves decide what a move means (which API call, which
//! parent); this module only turns gestures into "put this item at position
//! N" and puts focus back where the person was once the list has reloaded.

use leptos::{ev, prelude::*};

use super::dom_id;

/// A move asked for by a gesture on one item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MoveTo {
    /// The item's new position among its siblings (0-based, counted as if
    /// the item had been taken out first, which is what the API expects).
    pub position: usize,
    /// The id of the control to focus once the list shows the move.
    pub focus: String,
}

/// The block being dragged, shared by the rows of one list through context
/// so that a row knows what is dropped on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dragged {
    /// The dragged block's key.
    pub id: String,
    /// Its type (`chapter`, `vertical`, `html`, ...).
    pub block_type: String,
    /// Its name, for the announcement.
    pub name: String,
    /// Its parent's key.
    pub parent: String,
}

/// The drag in progress on a page, if any, and the row it is over.
#[derive(Debug, Clone, Copy)]
pub struct DragState {
    dragged: RwSignal<Option<Dragged>>,
    over: RwSignal<Option<String>>,
}

impl DragState {
    /// Creates the drag state of a page and provides it as context.
    pub fn provide() -> Self {
        let state = Self {
            dragged: RwSignal::new(None),
            over: RwSignal::new(None),
        };
        provide_context(state);
        state
    }

    /// The drag state provided by the page.
    pub fn use_state() -> Self {
        use_context::<Self>().expect("DragState::provide() must be called by the page")
    }

    /// Starts dragging `dragged`.
    pub fn start(&self, dragged: Dragged) {
        self.dragged.set(Some(dragged));
    }

    /// Ends the drag, dropped or not.
    pub fn end(&self) {
        self.dragged.set(None);
        self.over.set(None);
    }

    /// The block being dragged, without tracking.
    pub fn dragged(&self) -> Option<Dragged> {
        self.dragged.get_untracked()
    }

    /// Marks the row under the pointer (`None` when it leaves).
    pub fn set_over(&self, id: Option<String>) {
        if self.over.get_untracked() != id {
            self.over.set(id);
        }
    }

    /// Whether `id` is the row under a dragged block, without tracking.
    pub fn is_over_untracked(&self, id: &str) -> bool {
        self.over.with_untracked(|over| over.as_deref() == Some(id))
    }

    /// Whether `id` is the row under a dragged block (reactive).
    pub fn is_over(&self, id: &str) -> bool {
        self.over.with(|over| over.as_deref() == Some(id))
    }

    /// Whether `id` is the row being dragged (reactive).
    pub fn is_dragged(&self, id: &str) -> bool {
        self.dragged
            .with(|dragged| dragged.as_ref().is_some_and(|d| d.id == id))
    }

    /// A `dragover` on the row `id`: when the row takes the dragged block,
    /// allows the drop and marks the row as the one under it.
    pub fn hover(&self, ev: &ev::DragEvent, id: &str, takes_drop: bool) {
        if takes_drop {
            ev.prevent_default();
            self.set_over(Some(id.to_string()));
        }
    }

    /// A `dragleave` of the row `id`: it is no longer the one under the
    /// dragged block.
    pub fn leave(&self, id: &str) {
        if self.is_over_untracked(id) {
            self.set_over(None);
        }
    }

    /// The class of the row `id`: `base`, with `drop-target` while a block
    /// is dragged over it and `dragging` while it is the one dragged
    /// (reactive).
    pub fn row_class(&self, base: &str, id: &str) -> String {
        let mut class = String::from(base);
        if self.is_over(id) {
            class.push_str(" drop-target");
        }
        if self.is_dragged(id) {
            class.push_str(" dragging");
        }
        class
    }
}

/// What is announced after a move: "Moved Week 2 to position 1 of 3".
pub fn moved_message(name: &str, position: usize, count: usize) -> String {
    format!("Moved {name} to position {} of {count}.", position + 1)
}

/// Focuses the element with `id` once the browser has drawn the next frame,
/// i.e. after the list has been redrawn with the move.
pub fn focus_soon(id: String) {
    request_animation_frame(move || {
        if let Some(element) = document().get_element_by_id(&id) {
            use wasm_bindgen::JsCast;
            if let Ok(element) = element.dyn_into::<web_sys::HtmlElement>() {
                let _ = element.focus();
            }
        }
    });
}

/// The position a keyboard gesture asks for, if the item can go that way.
fn step(index: usize, count: usize, up: bool) -> Option<usize> {
    if up {
        index.checked_sub(1)
    } else {
        (index + 1 < count).then_some(index + 1)
    }
}

/// The ids of an item's reorder controls.
pub fn handle_id(key: &str) -> String {
    dom_id("reorder", key)
}

fn up_id(key: &str) -> String {
    dom_id("move-up", key)
}

fn down_id(key: &str) -> String {
    dom_id("move-down", key)
}

/// The drag handle and the Move up / Move down buttons of one item.
///
/// The handle is a button: dragging it moves the item with the mouse, and
/// Alt+ArrowUp / Alt+ArrowDown on it move the item with the keyboard (focus
/// stays on the handle). The buttons do the same for people who prefer them.
#[component]
pub fn ReorderControls(
    /// The item's block key.
    id: String,
    /// The item's name, for the controls' accessible names.
    name: String,
    /// The item's position among its siblings.
    index: Signal<usize>,
    /// How many siblings (itself included) there are.
    count: Signal<usize>,
    /// A move is being saved: the controls wait.
    busy: Signal<bool>,
    /// Asks for a move.
    on_move: Callback<MoveTo>,
    /// Called when a drag starts from the handle, to set the drag data.
    on_drag_start: Callback<ev::DragEvent>,
) -> impl IntoView {
    let handle = handle_id(&id);
    let up = up_id(&id);
    let down = down_id(&id);
    let hint_id = format!("{handle}-hint");

    let request = move |up_wards: bool, focus: String| {
        if busy.get_untracked() {
            return;
        }
        if let Some(position) = step(index.get_untracked(), count.get_untracked(), up_wards) {
            on_move.run(MoveTo { position, focus });
        }
    };
    let on_keydown = {
        let handle = handle.clone();
        move |ev: ev::KeyboardEvent| {
            if !ev.alt_key() {
                return;
            }
            let up_wards = match ev.key().as_str() {
                "ArrowUp" => true,
                "ArrowDown" => false,
                _ => return,
            };
            ev.prevent_default();
            request(up_wards, handle.clone());
        }
    };
    let on_up = {
        let (up, down) = (up.clone(), down.clone());
        move |_| {
            // At the top the "up" button is disabled: keep focus on "down".
            let focus = if index.get_untracked() == 1 {
                down.clone()
            } else {
                up.clone()
            };
            request(true, focus);
        }
    };
    let on_down = {
        let (up, down) = (up.clone(), down.clone());
        move |_| {
            let focus = if index.get_untracked() + 2 == count.get_untracked() {
                up.clone()
            } else {
                down.clone()
            };
            request(false, focus);
        }
    };

    view! {
        <span class="reorder">
            <button
                type="button"
                class="drag-handle"
                id=handle
                draggable="true"
                aria-label=format!("Reorder {name}")
                aria-describedby=hint_id.clone()
                aria-disabled=move || busy.get().then_some("true")
                on:keydown=on_keydown
                on:dragstart=move |ev| on_drag_start.run(ev)
            >
                <span aria-hidden="true">"⠿"</span>
            </button>
            <span class="visually-hidden" id=hint_id>
                "Drag, or press Alt with the up or down arrow, to move it."
            </span>
            <button
                type="button"
                class="button button-secondary button-icon"
                id=up
                aria-label=format!("Move {name} up")
                title="Move up"
                disabled=move || busy.get() || index.get() == 0
                on:click=on_up
            >
                <span aria-hidden="true">"↑"</span>
            </button>
            <button
                type="button"
                class="button button-secondary button-icon"
                id=down
                aria-label=format!("Move {name} down")
                title="Move down"
                disabled=move || { busy.get() || index.get() + 1 >= count.get() }
                on:click=on_down
            >
                <span aria-hidden="true">"↓"</span>
            </button>
        </span>
    }
}

/// Starts a drag: records what is dragged and gives the browser the data
/// it needs (some browsers start no drag without it).
pub fn start_drag(ev: &ev::DragEvent, state: DragState, dragged: Dragged) {
    if let Some(transfer) = ev.data_transfer() {
        transfer.set_effect_allowed("move");
        let _ = transfer.set_data("text/plain", &dragged.name);
    }
    state.start(dragged);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyboard_moves_stop_at_the_ends() {
        assert_eq!(step(0, 3, true), None);
        assert_eq!(step(1, 3, true), Some(0));
        assert_eq!(step(1, 3, false), Some(2));
        assert_eq!(step(2, 3, false), None);
    }

    #[test]
    fn moves_are_announced_from_one() {
        assert_eq!(
            moved_message("Week 2", 0, 3),
            "Moved Week 2 to position 1 of 3."
        );
    }
}
