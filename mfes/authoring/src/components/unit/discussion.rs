//! The discussion component's editor: where its topic is listed.

use leptos::prelude::*;
use shared_types::BlockDetail;

use super::{
    field_str,
    form::{name_request, save_component, track_unsaved, ComponentForm, Failure, InputField},
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
        Callback::new(move |()| {
            let Some((display_name, mut request)) =
                name_request(unit, &block, failure, name, &initial.0)
            else {
                return;
            };
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
                on_close,
            );
        })
    };

    let id_field = format!(
        "{}-id",
        crate::components::outline::dom_id("discussion", &block)
    );
    view! {
        <ComponentForm
            block=block.clone()
            title=detail.display_name
            name=name
            pending=pending
            failure=failure
            fields=FIELDS
            dirty=dirty
            on_submit=on_submit
            on_close=on_close
        >
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
        </ComponentForm>
    }
}
