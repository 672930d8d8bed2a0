//! The unit page's pieces: the component list and each type's editor.
//!
//! Like the outline, every edit names the draft version the page shows as
//! its `base_version` and, when it succeeds, reloads the unit. Unlike the
//! outline, the components are drawn keyed by their block key, so an editor
//! left open (with unsaved changes) survives a reload caused by another
//! action on the page.

mod add;
mod discussion;
mod form;
mod header;
mod html;
mod leave_guard;
mod list;
mod ora;
mod problem;
mod video;

use std::collections::BTreeSet;

use leptos::prelude::*;
use lyceum_kit::ApiError;
use shared_types::{BlockDetail, BlockView};

pub use add::AddComponent;
pub use header::UnitHeader;
pub use leave_guard::LeaveGuard;
pub use list::ComponentList;

use crate::components::outline::reorder::{focus_soon, DragState};

/// What every part of the unit page shares, provided as context.
#[derive(Clone, Copy)]
pub struct UnitEditor {
    course_key: StoredValue<String>,
    unit_key: StoredValue<String>,
    resource: LocalResource<Result<BlockView, ApiError>>,
    /// The unit as last loaded successfully (kept while it reloads).
    unit: Memo<Option<BlockView>>,
    /// The draft version the next edit is based on.
    version: RwSignal<String>,
    /// What the last action did, announced politely.
    announcement: RwSignal<String>,
    /// The control to focus once the reloaded unit is drawn.
    focus_after: RwSignal<Option<String>>,
    /// The component whose editor opens as soon as it is listed (a new one).
    open_after: RwSignal<Option<String>>,
    /// The components whose editors hold unsaved changes.
    unsaved: RwSignal<BTreeSet<String>>,
}

impl UnitEditor {
    /// Creates the editor of one unit and provides it (and the page's drag
    /// state) as context.
    pub fn provide(
        course_key: String,
        unit_key: String,
        resource: LocalResource<Result<BlockView, ApiError>>,
    ) -> Self {
        let unit = Memo::new(
            move |previous: Option<&Option<BlockView>>| match resource.get() {
                Some(Ok(view)) => Some(view),
                _ => previous.cloned().flatten(),
            },
        );
        let version = RwSignal::new(String::new());
        let focus_after = RwSignal::new(None::<String>);
        Effect::new(move |shown: Option<Option<String>>| {
            let loaded = unit.with(|unit| unit.as_ref().map(|view| view.version.clone()));
            if let Some(loaded) = &loaded {
                version.set(loaded.clone());
                if shown.flatten().as_ref() != Some(loaded) {
                    if let Some(id) = focus_after.try_update(Option::take).flatten() {
                        focus_soon(id);
                    }
                }
            }
            loaded
        });
        DragState::provide();
        let editor = Self {
            course_key: StoredValue::new(course_key),
            unit_key: StoredValue::new(unit_key),
            resource,
            unit,
            version,
            announcement: RwSignal::new(String::new()),
            focus_after,
            open_after: RwSignal::new(None),
            unsaved: RwSignal::new(BTreeSet::new()),
        };
        provide_context(editor);
        editor
    }

    /// The editor provided by the unit page.
    pub fn use_editor() -> Self {
        use_context::<Self>().expect("UnitEditor::provide() must be called by the unit page")
    }

    /// The course run's key.
    pub fn course_key(&self) -> String {
        self.course_key.get_value()
    }

    /// The unit's block key.
    pub fn unit_key(&self) -> String {
        self.unit_key.get_value()
    }

    /// Whether the unit has loaded, or why it could not (reactive; changes
    /// only when that answer changes, not on every reload).
    pub fn load_state(&self) -> Memo<Option<Result<(), ApiError>>> {
        let resource = self.resource;
        Memo::new(move |_| resource.map(|result| result.as_ref().map(|_| ()).map_err(Clone::clone)))
    }

    /// Reads the unit as last loaded (reactive).
    pub fn with_unit<T>(&self, f: impl FnOnce(Option<&BlockView>) -> T) -> T {
        self.unit.with(|unit| f(unit.as_ref()))
    }

    /// The components' keys in order (reactive).
    pub fn component_ids(&self) -> Vec<String> {
        self.with_unit(|unit| {
            unit.map(|view| view.block.children.iter().map(|c| c.id.clone()).collect())
                .unwrap_or_default()
        })
    }

    /// One component as last loaded (reactive).
    pub fn component(&self, id: &str) -> Option<BlockDetail> {
        self.with_unit(|unit| {
            unit.and_then(|view| view.block.children.iter().find(|c| c.id == id).cloned())
        })
    }

    /// A component's position and the number of components (reactive).
    pub fn position(&self, id: &str) -> (usize, usize) {
        self.with_unit(|unit| {
            unit.map_or((0, 0), |view| {
                let children = &view.block.children;
                let index = children.iter().position(|c| c.id == id).unwrap_or(0);
                (index, children.len())
            })
        })
    }

    /// The version to name as `base_version` in the next edit.
    pub fn base_version(&self) -> String {
        self.version.get_untracked()
    }

    /// Records a successful edit: bases the next edit on `version`, tells
    /// the person what happened and loads the unit again.
    pub fn edited(&self, version: String, message: String) {
        self.version.set(version);
        self.announcement.set(message);
        self.resource.refetch();
    }

    /// Like [`Self::edited`], and focuses the control with the id `focus`
    /// once the reloaded unit is drawn.
    pub fn edited_then_focus(&self, version: String, message: String, focus: String) {
        self.focus_after.set(Some(focus));
        self.edited(version, message);
    }

    /// Opens the editor of `id` as soon as the component is listed.
    pub fn open_when_listed(&self, id: String) {
        self.open_after.set(Some(id));
    }

    /// Whether `id`'s editor should open now (and forgets the request).
    pub fn take_open_request(&self, id: &str) -> bool {
        let wanted = self
            .open_after
            .with_untracked(|open| open.as_deref() == Some(id));
        if wanted {
            self.open_after.set(None);
        }
        wanted
    }

    /// Loads the unit again, e.g. after someone else changed the course.
    pub fn reload(&self) {
        self.announcement.set(String::new());
        self.resource.refetch();
    }

    /// What the last action did (reactive).
    pub fn announcement(&self) -> String {
        self.announcement.get()
    }

    /// Records whether the editor of `id` holds unsaved changes.
    pub fn set_unsaved(&self, id: &str, unsaved: bool) {
        let known = self
            .unsaved
            .try_with_untracked(|set| set.contains(id))
            .unwrap_or(unsaved);
        if known != unsaved {
            self.unsaved.try_update(|set| {
                if unsaved {
                    set.insert(id.to_string());
                } else {
                    set.remove(id);
                }
            });
        }
    }

    /// Whether any editor holds unsaved changes (reactive).
    pub fn has_unsaved(&self) -> bool {
        self.unsaved.with(|set| !set.is_empty())
    }

    /// Whether any editor holds unsaved changes, without tracking (for
    /// event handlers, which may outlive the page).
    pub fn has_unsaved_untracked(&self) -> bool {
        self.unsaved
            .try_with_untracked(|set| !set.is_empty())
            .unwrap_or(false)
    }
}

/// A text setting of a block (empty when unset).
pub(crate) fn field_str(fields: &serde_json::Value, name: &str) -> String {
    match fields.get(name) {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Number(n)) => n.to_string(),
        Some(serde_json::Value::Bool(b)) => b.to_string(),
        _ => String::new(),
    }
}

/// A yes/no setting of a block (`None` when unset).
pub(crate) fn field_bool(fields: &serde_json::Value, name: &str) -> Option<bool> {
    match fields.get(name)? {
        serde_json::Value::Bool(b) => Some(*b),
        serde_json::Value::String(s) => match s.as_str() {
            "true" | "True" => Some(true),
            "false" | "False" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// A short plain-text excerpt of HTML or XML content, for the list.
pub(crate) fn excerpt(markup: &str, limit: usize) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in markup.chars() {
        match c {
            '<' => {
                in_tag = true;
                text.push(' ');
            }
            '>' => in_tag = false,
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    let words: Vec<&str> = text.split_whitespace().collect();
    let joined = words.join(" ");
    if joined.chars().count() > limit {
        let cut: String = joined.chars().take(limit).collect();
        format!("{}…", cut.trim_end())
    } else {
        joined
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_read_as_plain_text() {
        assert_eq!(
            excerpt("<p>Hello <b>world</b> &amp; all</p>", 100),
            "Hello world & all"
        );
        assert_eq!(excerpt("<p>abcdef</p>", 3), "abc…");
    }

    #[test]
    fn settings_read_whatever_json_type_they_came_as() {
        let fields = serde_json::json!({"weight": 2.5, "name": "x", "flag": "true"});
        assert_eq!(field_str(&fields, "weight"), "2.5");
        assert_eq!(field_str(&fields, "missing"), "");
        assert_eq!(field_bool(&fields, "flag"), Some(true));
    }
}
