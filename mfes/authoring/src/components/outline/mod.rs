//! The course outline editor: the tree of sections, subsections, units and
//! components, with the forms that change it.
//!
//! Every edit names the draft version the page shows as its `base_version`
//! and, when it succeeds, reloads the whole outline: simple, and the page
//! never shows a tree the server does not have.

mod add_block;
mod edit_error;
mod node;
mod publish;
pub mod reorder;

use leptos::prelude::*;
use lyceum_kit::{api, ApiError};
use shared_types::{MoveBlockRequest, Outline, PublishState};

pub use node::OutlineTree;
pub use publish::PublishBar;
use reorder::{focus_soon, moved_message, DragState};

/// What every part of the outline editor shares, provided as context by the
/// course page.
#[derive(Clone, Copy)]
pub struct Editor {
    /// The course run being edited.
    course_key: StoredValue<String>,
    /// The draft outline as last loaded.
    outline: LocalResource<Result<Outline, ApiError>>,
    /// The draft version the next edit is based on.
    version: RwSignal<String>,
    /// What the last edit did, announced politely.
    announcement: RwSignal<String>,
    /// The control to focus once the reloaded outline is drawn (after a
    /// move, the moved item's control, so keyboard users keep their place).
    focus_after: RwSignal<Option<String>>,
}

impl Editor {
    /// Creates the editor of one course and provides it as context.
    pub fn provide(course_key: String, outline: LocalResource<Result<Outline, ApiError>>) -> Self {
        let version = RwSignal::new(String::new());
        let focus_after = RwSignal::new(None::<String>);
        Effect::new(move |shown: Option<Option<String>>| {
            let loaded = match outline.get() {
                Some(Ok(outline)) => Some(outline.version),
                _ => None,
            };
            if let Some(loaded) = &loaded {
                version.set(loaded.clone());
                // Only a newly loaded outline has the moved item's controls.
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
            outline,
            version,
            announcement: RwSignal::new(String::new()),
            focus_after,
        };
        provide_context(editor);
        editor
    }

    /// The editor provided by the course page.
    pub fn use_editor() -> Self {
        use_context::<Self>().expect("Editor::provide() must be called by the course page")
    }

    /// The course run's key.
    pub fn course_key(&self) -> String {
        self.course_key.get_value()
    }

    /// The version to name as `base_version` in the next edit.
    pub fn base_version(&self) -> String {
        self.version.get_untracked()
    }

    /// Records a successful edit: bases the next edit on `version`, tells
    /// the person what happened and loads the outline again.
    pub fn edited(&self, version: String, message: String) {
        self.version.set(version);
        self.announcement.set(message);
        self.outline.refetch();
    }

    /// Moves a block to `position` among the children of `parent`; when it
    /// worked, announces where it went and, once the outline is drawn
    /// again, focuses the control with the id `focus`.
    pub async fn move_block(
        &self,
        id: String,
        name: String,
        parent: String,
        position: usize,
        count: usize,
        focus: String,
    ) -> Result<(), ApiError> {
        let request = MoveBlockRequest {
            base_version: self.base_version(),
            parent,
            position: Some(position as u32),
        };
        let edited = api::move_block(&id, &request).await?;
        self.focus_after.set(Some(focus));
        self.edited(edited.version, moved_message(&name, position, count));
        Ok(())
    }

    /// Loads the outline again, e.g. after someone else changed it.
    pub fn reload(&self) {
        self.announcement.set(String::new());
        self.outline.refetch();
    }

    /// What the last edit did (reactive).
    pub fn announcement(&self) -> String {
        self.announcement.get()
    }
}

/// The word people use for a block type.
pub fn type_name(block_type: &str) -> &str {
    match block_type {
        "course" => "Course",
        "chapter" => "Section",
        "sequential" => "Subsection",
        "vertical" => "Unit",
        "html" => "HTML",
        "problem" => "Problem",
        "video" => "Video",
        "discussion" => "Discussion",
        "openassessment" => "Open response",
        other => other,
    }
}

/// The badge text and class of a publish state.
pub fn publish_badge(state: PublishState) -> (&'static str, &'static str) {
    match state {
        PublishState::NeverPublished => ("Never published", "badge badge-never"),
        PublishState::Published => ("Published", "badge badge-published"),
        PublishState::DraftChanges => ("Draft changes", "badge badge-draft"),
    }
}

/// A block key made safe for an HTML `id`.
pub fn dom_id(prefix: &str, key: &str) -> String {
    let mut id = String::with_capacity(prefix.len() + key.len() + 1);
    id.push_str(prefix);
    id.push('-');
    id.extend(
        key.chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }),
    );
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_keys_become_plain_html_ids() {
        assert_eq!(
            dom_id("rename", "block-v1:O+N+R+type@chapter+block@x1"),
            "rename-block-v1-O-N-R-type-chapter-block-x1"
        );
    }

    #[test]
    fn block_types_read_as_authors_know_them() {
        assert_eq!(type_name("chapter"), "Section");
        assert_eq!(type_name("openassessment"), "Open response");
        assert_eq!(type_name("custom"), "custom");
    }
}
