//! The discussion component's editor: where its topic is listed.

use leptos::{ev::SubmitEvent, prelude::*};
use shared_types::{BlockDetail, UpdateBlockRequest};

use super::{
    field_str,
    form::{confirm_discard, save_component, track_unsaved, EditorActions, Failure, InputField},
    UnitEditor,
};

const FIELDS: &[&str] = &["display_name", "discussion_category", "discussion_target"];

/// Edits a discussion's name, category and topic name; its id is shown
/// read-only (learners' posts are filed under it).
#[component]
pub fn DiscussionEditor(detail: BlockDetail, on_close: Callback<()>) -> impl IntoView {
    let unit = UnitEditor::use_editor();
    let block = detail.id.clone();
    let initial = (
        detail.display_name.clone(),
        field_str(&detail.fields, "discussion_category"),
        field_str(&detail.fields, "discussion_target"),
    );
    let discussion_id = field_str(&detail.fields, "discussion_id");
    let name = RwSignal::new(initial.0.clone());
    let category = RwSignal::new(initial.1.clone());
    let target = RwSignal::new(initial.2.clone());
    let failure = Failure::new();
    let pending = RwSignal::new(false);
    let dirty = {
        let initial = initial.clone();
        Memo::new(move |_| (name.get(), category.get(), target.get()) != initial)
    };
    track_unsaved(block.clone(), dirty);

    let on_submit = {
        let block = block.clone();
        move |ev: SubmitEvent| {
            ev.prevent_default();
            if pending.get_untracked() {
                return;
            }
            failure.clear();
            let display_name = name.get_untracked().trim().to_string();
            if display_name.is_empty() {
                failure.invalid(&block, "display_name", "Enter a name.");
                return;
            }
            let mut request = UpdateBlockRequest {
                base_version: unit.base_version(),
                ..Default::default()
            };
            if display_name != initial.0 {
                request.display_name = Some(display_name.clone());
            }
            let category = category.get_untracked().trim().to_string();
            if category != initial.1 {
                request.discussion_category = Some(category);
            }
            let target = target.get_untracked().trim().to_string();
            if target != initial.2 {
                request.discussion_target = Some(target);
            }
            save_component(
                unit,
                block.clone(),
                display_name,
                request,
                pending,
                failure,
                Callback::new(move |()| on_close.run(())),
            );
        }
    };
    let on_cancel = Callback::new(move |()| {
        if confirm_discard(dirty.get_untracked()) {
            on_close.run(());
        }
    });

    let id_field = format!(
        "{}-id",
        crate::components::outline::dom_id("discussion", &block)
    );
    view! {
        <form
            class="component-editor"
            novalidate
            on:submit=on_submit
            aria-label=format!("Edit {}", detail.display_name)
        >
            <InputField
                block=block.clone()
                field="display_name"
                label="Display name"
                value=name
                failure=failure
                required=true
            />
            <InputField
                block=block.clone()
                field="discussion_category"
                label="Category"
                value=category
                failure=failure
                hint="The group the topic is listed under, e.g. the week."
            />
            <InputField
                block=block.clone()
                field="discussion_target"
                label="Topic name"
                value=target
                failure=failure
            />
            <div class="field">
                <label for=id_field.clone()>"Discussion id"</label>
                <input id=id_field type="text" readonly=true value=discussion_id />
            </div>
            <EditorActions pending=pending failure=failure fields=FIELDS on_cancel=on_cancel />
        </form>
    }
}
