//! The open response assessment's basic editor: its name, weight and OLX.
//! (Its full settings, steps and rubric get their own editor later.)

use leptos::{ev::SubmitEvent, prelude::*};
use shared_types::{BlockDetail, UpdateBlockRequest};

use super::{
    field_str,
    form::{
        confirm_discard, parse_optional, save_component, track_unsaved, EditorActions, Failure,
        InputField, TextAreaField,
    },
    UnitEditor,
};

const FIELDS: &[&str] = &["display_name", "weight", "data"];

/// Edits an open response assessment's name, weight and raw OLX.
#[component]
pub fn OraEditor(detail: BlockDetail, on_close: Callback<()>) -> impl IntoView {
    let unit = UnitEditor::use_editor();
    let block = detail.id.clone();
    let initial = (
        detail.display_name.clone(),
        field_str(&detail.fields, "weight"),
        detail.data.clone().unwrap_or_default(),
    );
    let name = RwSignal::new(initial.0.clone());
    let weight = RwSignal::new(initial.1.clone());
    let olx = RwSignal::new(initial.2.clone());
    let failure = Failure::new();
    let pending = RwSignal::new(false);
    let dirty = {
        let initial = initial.clone();
        Memo::new(move |_| (name.get(), weight.get(), olx.get()) != initial)
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
            let weight = weight.get_untracked();
            if weight != initial.1 {
                match parse_optional::<f64>(&weight) {
                    Ok(value) => request.weight = value,
                    Err(message) => {
                        failure.invalid(&block, "weight", message);
                        return;
                    }
                }
            }
            let olx = olx.get_untracked();
            if olx != initial.2 {
                request.data = Some(olx);
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
                field="weight"
                label="Weight (points)"
                value=weight
                failure=failure
                input_type="number"
            />
            <TextAreaField
                block=block.clone()
                field="data"
                label="OLX"
                value=olx
                failure=failure
                rows=16
                code=true
                hint="The whole <openassessment> element: prompts, rubric and assessment steps."
            />
            <EditorActions pending=pending failure=failure fields=FIELDS on_cancel=on_cancel />
        </form>
    }
}
