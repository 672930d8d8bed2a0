//! The open response assessment's basic editor: its name, weight and OLX.
//! (Its full settings, steps and rubric get their own editor later.)

use leptos::prelude::*;
use shared_types::BlockDetail;

use super::{
    field_str,
    form::{
        name_request, parse_optional, save_component, track_unsaved, ComponentForm, Failure,
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
        Callback::new(move |()| {
            let Some((display_name, mut request)) =
                name_request(unit, &block, failure, name, &initial.0)
            else {
                return;
            };
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
                on_close,
            );
        })
    };

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
        </ComponentForm>
    }
}
