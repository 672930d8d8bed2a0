//! Pieces the forum's pages share: the Markdown editor with its preview,
//! tabs, anonymity choices, confirmed deletion, edit history, paging and
//! thread lists.

pub mod anonymity;
pub mod confirm;
pub mod editor;
pub mod history;
pub mod pager;
pub mod preferences;
pub mod tabs;
pub mod thread_list;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Moves keyboard focus to the element with this id once the page has
/// drawn it (after a list reloads or a form closes); nothing happens if it
/// is not there.
pub fn focus_later(id: String) {
    request_animation_frame(move || {
        if let Some(element) = document()
            .get_element_by_id(&id)
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            if let Err(e) = element.focus() {
                log::warn!("could not focus #{id}: {e:?}");
            }
        }
    });
}

/// Where the keyboard focus was before a list is drawn again, so it can
/// go back there: a redraw replaces the elements, and someone typing a
/// reply when another arrives must not lose their place.
#[derive(Debug, Clone, Default)]
pub struct FocusSnapshot {
    id: Option<String>,
    selection: Option<(u32, u32)>,
}

impl FocusSnapshot {
    /// The focused element, if it has an id.
    pub fn take() -> Self {
        let Some(active) = document().active_element() else {
            return Self::default();
        };
        let id = Some(active.id()).filter(|id| !id.is_empty());
        let selection = active
            .dyn_ref::<web_sys::HtmlTextAreaElement>()
            .and_then(|t| Some((t.selection_start().ok()??, t.selection_end().ok()??)));
        Self { id, selection }
    }

    /// Focuses the element with the same id in the new drawing, with the
    /// same text selected, once it is on the page.
    pub fn restore(self) {
        let Some(id) = self.id else { return };
        request_animation_frame(move || {
            let Some(element) = document().get_element_by_id(&id) else {
                return;
            };
            if let Some(html) = element.dyn_ref::<web_sys::HtmlElement>() {
                if let Err(e) = html.focus() {
                    log::warn!("could not focus #{id}: {e:?}");
                }
            }
            if let (Some(text), Some((start, end))) = (
                element.dyn_ref::<web_sys::HtmlTextAreaElement>(),
                self.selection,
            ) {
                if let Err(e) = text.set_selection_range(start, end) {
                    log::warn!("could not restore the selection in #{id}: {e:?}");
                }
            }
        });
    }
}
