//! Tabs as the WAI-ARIA pattern has them: a `tablist` of buttons, one
//! selected, the arrow keys (and Home, End) moving between them.

use leptos::{ev::KeyboardEvent, prelude::*};

use super::focus_later;

/// The id of a tab's panel, for the caller's `role="tabpanel"` element.
pub fn panel_id(tab_id: &str) -> String {
    format!("{tab_id}-panel")
}

/// A row of tabs; the caller draws the selected tab's panel with the id
/// [`panel_id`] gives and `aria-labelledby` set to the tab's id. Only the
/// selected tab names its panel (`aria-controls`), as only it is sure to be
/// on the page.
#[component]
pub fn TabList(
    /// What the tabs choose between, for screen readers.
    label: String,
    /// Each tab's visible name and element id.
    tabs: Vec<(String, String)>,
    /// The index of the selected tab.
    selected: RwSignal<usize>,
) -> impl IntoView {
    let ids: Vec<String> = tabs.iter().map(|(_, id)| id.clone()).collect();
    let count = tabs.len();
    let ids = StoredValue::new(ids);
    let on_keydown = move |ev: KeyboardEvent| {
        // From the tab that has the focus (normally the selected one).
        let focused = event_target::<web_sys::Element>(&ev).id();
        let current = ids
            .with_value(|ids| ids.iter().position(|id| *id == focused))
            .unwrap_or_else(|| selected.get_untracked());
        let next = match ev.key().as_str() {
            "ArrowRight" => (current + 1) % count,
            "ArrowLeft" => (current + count - 1) % count,
            "Home" => 0,
            "End" => count - 1,
            _ => return,
        };
        ev.prevent_default();
        selected.set(next);
        focus_later(ids.with_value(|ids| ids[next].clone()));
    };
    let buttons = tabs
        .into_iter()
        .enumerate()
        .map(|(index, (name, id))| {
            let is_selected = move || selected.get() == index;
            let panel = panel_id(&id);
            view! {
                <button
                    type="button"
                    role="tab"
                    class="tab"
                    id=id.clone()
                    aria-controls=move || is_selected().then(|| panel.clone())
                    aria-selected=move || if is_selected() { "true" } else { "false" }
                    tabindex=move || if is_selected() { "0" } else { "-1" }
                    on:click=move |_| selected.set(index)
                >
                    {name}
                </button>
            }
        })
        .collect_view();
    view! {
        <div role="tablist" class="tabs" aria-label=label on:keydown=on_keydown>
            {buttons}
        </div>
    }
}
