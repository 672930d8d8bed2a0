//! Warns before unsaved edits are lost: the browser's own prompt when the
//! page unloads (reload, closing the tab, another app), and a confirmation
//! before a link inside the app leaves the unit page.

use leptos::{ev, prelude::*};
use wasm_bindgen::{closure::Closure, JsCast};

use super::UnitEditor;

/// What a person is asked before a link leaves unsaved edits behind.
const LEAVE_QUESTION: &str = "You have unsaved changes in this unit. Leave the page and lose them?";

/// Installs the warnings for as long as the unit page is shown.
#[component]
pub fn LeaveGuard() -> impl IntoView {
    install();
}

/// Adds the listeners and removes them when the page goes.
fn install() {
    let unit = UnitEditor::use_editor();
    // Set once the person has agreed to leave, so the browser does not ask
    // a second time when the link unloads the page.
    let agreed = StoredValue::new(false);

    let unload = window_event_listener(ev::beforeunload, move |ev: web_sys::BeforeUnloadEvent| {
        if unit.has_unsaved_untracked() && !agreed.try_get_value().unwrap_or(false) {
            ev.prevent_default();
            ev.set_return_value(LEAVE_QUESTION);
        }
    });

    // The router follows links from a click listener on the window; a
    // capturing listener on the document runs first and can stop it.
    let on_click = Closure::<dyn Fn(web_sys::MouseEvent)>::new(move |ev: web_sys::MouseEvent| {
        if !unit.has_unsaved_untracked() || leaves_in_new_context(&ev) {
            return;
        }
        let Some(link) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|t| t.closest("a[href]").ok().flatten())
        else {
            return;
        };
        if link.has_attribute("download")
            || link.get_attribute("target").is_some_and(|t| t == "_blank")
        {
            return;
        }
        let href = link.get_attribute("href").unwrap_or_default();
        if href.starts_with('#') {
            return;
        }
        let leave = window()
            .confirm_with_message(LEAVE_QUESTION)
            .unwrap_or(false);
        if leave {
            agreed.set_value(true);
        } else {
            ev.prevent_default();
            ev.stop_propagation();
        }
    })
    .into_js_value();
    let listener: web_sys::js_sys::Function = on_click.unchecked_into();
    let _ = document().add_event_listener_with_callback_and_bool("click", &listener, true);
    let listener = StoredValue::new_local(listener);

    on_cleanup(move || {
        unload.remove();
        if let Some(listener) = listener.try_get_value() {
            let _ =
                document().remove_event_listener_with_callback_and_bool("click", &listener, true);
        }
    });
}

/// A click that opens the link elsewhere (new tab or window) leaves the
/// page as it is.
fn leaves_in_new_context(ev: &web_sys::MouseEvent) -> bool {
    ev.button() != 0 || ev.meta_key() || ev.ctrl_key() || ev.shift_key() || ev.alt_key()
}
