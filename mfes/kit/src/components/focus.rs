use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Moves keyboard focus to the element with this id once the page has
/// drawn it (after a form closes or a step changes); nothing happens if it
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
