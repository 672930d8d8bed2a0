//! The open response assessment's editor: its name and weight, prompts,
//! response settings, rubric, steps with their dates and training
//! examples, and the raw OLX for experts.
//!
//! The settings load from the API as ORA2 reads them from the block's OLX
//! and save back whole (`PUT .../ora`), which checks them as ORA2 does;
//! the problems the server finds are shown in the sections they concern.
//! The weight is a block setting and saves as any other. An assessment
//! whose OLX cannot be read opens in the OLX editor alone, to be fixed.

mod controls;
mod model;
mod rubric;
mod sections;
mod steps;

use leptos::{prelude::*, task::spawn_local};
use lyceum_kit::{
    api,
    components::{Alert, Button, ButtonVariant},
    ApiError,
};
use shared_types::{BlockDetail, OraSettings, UpdateBlockRequest};

use super::{
    field_str,
    form::{
        name_request, parse_optional, save_component, track_unsaved, ComponentForm, Failure,
        InputField, TextAreaField,
    },
    UnitEditor,
};
use crate::components::settings::time::{from_local_input, to_local_input};
use controls::Ctx;
use model::{server_problems, FormProblem, OraForm, Section};
use rubric::RubricSection;
use sections::{PromptsSection, ResponseSection, ScheduleSection};
use steps::StepsSection;

/// The fields whose errors show beside their inputs or in the sections
/// (not again with the form's other errors).
const FIELDS: &[&str] = &[
    "display_name",
    "weight",
    "data",
    "title",
    "prompts",
    "prompts_type",
    "text_response",
    "text_response_editor",
    "file_upload_response",
    "file_upload_type",
    "white_listed_file_types",
    "leaderboard_show",
    "submission_start",
    "submission_due",
    "rubric",
    "steps",
];

/// The settings fields a 422 answer to saving them may name.
const SETTINGS_FIELDS: &[&str] = &[
    "title",
    "prompts",
    "prompts_type",
    "text_response",
    "text_response_editor",
    "file_upload_response",
    "file_upload_type",
    "white_listed_file_types",
    "leaderboard_show",
    "submission_start",
    "submission_due",
    "rubric",
    "steps",
];

/// Edits an open response assessment: loads its settings, then shows the
/// full editor (or, when its OLX cannot be read, the OLX editor).
#[component]
pub fn OraEditor(detail: BlockDetail, on_close: Callback<()>) -> impl IntoView {
    let unit = UnitEditor::use_editor();
    let course_key = unit.course_key();
    let block = detail.id.clone();
    let settings = LocalResource::new(move || {
        let (course_key, block) = (course_key.clone(), block.clone());
        async move { api::get_ora_settings(&course_key, &block).await }
    });
    move || match settings.get() {
        None => view! {
            <p class="muted" role="status">
                "Loading the assessment's settings…"
            </p>
        }
        .into_any(),
        Some(Ok(loaded)) => {
            view! { <SettingsEditor detail=detail.clone() settings=loaded on_close=on_close /> }
                .into_any()
        }
        Some(Err(e)) if e.status == 409 && e.body.code == "unreadable_content" => view! {
            <OlxEditor detail=detail.clone() reason=e.detail().to_string() on_close=on_close />
        }
        .into_any(),
        Some(Err(e)) => view! {
            <Alert>
                <p>{e.detail().to_string()}</p>
            </Alert>
            <Button variant=ButtonVariant::Secondary on:click=move |_| on_close.run(())>
                "Close"
            </Button>
        }
        .into_any(),
    }
}

/// The full editor of loaded settings.
#[component]
fn SettingsEditor(
    detail: BlockDetail,
    settings: OraSettings,
    on_close: Callback<()>,
) -> impl IntoView {
    let unit = UnitEditor::use_editor();
    let block = detail.id.clone();
    // The block's name, or the assessment's title where it has none (an
    // import without display_name); saving makes them one.
    let initial_name = if detail.display_name.trim().is_empty() {
        settings.title.clone()
    } else {
        detail.display_name.clone()
    };
    let initial_weight = field_str(&detail.fields, "weight");
    let initial_olx = detail.data.clone().unwrap_or_default();
    let initial_form = OraForm::from_settings(&settings, to_local_input);

    let name = RwSignal::new(initial_name.clone());
    let weight = RwSignal::new(initial_weight.clone());
    let olx = RwSignal::new(initial_olx.clone());
    let ctx = Ctx {
        block: StoredValue::new(block.clone()),
        form: RwSignal::new(initial_form.clone()),
        problems: RwSignal::new(Vec::new()),
    };
    let failure = Failure::new();
    let pending = RwSignal::new(false);
    let settings_dirty = {
        let (initial_form, initial_name) = (initial_form.clone(), initial_name.clone());
        Memo::new(move |_| {
            name.with(|n| n.trim() != initial_name) || ctx.form.with(|f| *f != initial_form)
        })
    };
    let olx_dirty = {
        let initial_olx = initial_olx.clone();
        Memo::new(move |_| olx.with(|x| *x != initial_olx))
    };
    let dirty = {
        let initial_weight = initial_weight.clone();
        Memo::new(move |_| {
            settings_dirty.get() || olx_dirty.get() || weight.with(|w| *w != initial_weight)
        })
    };
    track_unsaved(block.clone(), dirty);
    let summary_id = ctx.id("problems");

    let on_submit = {
        let block = block.clone();
        let summary_id = summary_id.clone();
        Callback::new(move |()| {
            ctx.problems.set(Vec::new());
            if olx_dirty.get_untracked() {
                failure.invalid(
                    &block,
                    "data",
                    "Save the OLX with its own button, or undo your change to it.",
                );
                return;
            }
            let title = name.get_untracked().trim().to_string();
            if title.is_empty() {
                failure.invalid(&block, "display_name", "Enter a name.");
                return;
            }
            let typed_weight = weight.get_untracked();
            let new_weight = if typed_weight == initial_weight {
                None
            } else {
                match parse_optional::<f64>(&typed_weight) {
                    Ok(value) => value,
                    Err(message) => {
                        failure.invalid(&block, "weight", message);
                        return;
                    }
                }
            };
            let to_save = if settings_dirty.get_untracked() {
                match ctx
                    .form
                    .with_untracked(|f| f.to_settings(&title, from_local_input))
                {
                    Ok(settings) => Some(settings),
                    Err(problems) => {
                        if let Some(target) = problems.iter().find_map(|p| p.target.clone()) {
                            ctx.focus(&target);
                        }
                        ctx.problems.set(problems);
                        return;
                    }
                }
            } else {
                None
            };
            let course_key = unit.course_key();
            let block = block.clone();
            let summary_id = summary_id.clone();
            pending.set(true);
            spawn_local(async move {
                let saved = save(
                    &course_key,
                    &block,
                    unit.base_version(),
                    to_save.as_ref(),
                    new_weight,
                )
                .await;
                match saved {
                    Ok(version) => {
                        unit.set_unsaved(&block, false);
                        unit.edited(version, format!("Saved \"{title}\"."));
                        on_close.run(());
                    }
                    Err((error, saved_version)) => {
                        if let Some(version) = saved_version {
                            // The settings were saved, the weight was not.
                            unit.edited(
                                version,
                                format!("Saved the settings of \"{title}\", but not its weight."),
                            );
                        }
                        let about_settings = error.status == 422
                            && error.field().is_some_and(|f| SETTINGS_FIELDS.contains(&f));
                        if about_settings {
                            ctx.problems.set(server_problems(error.detail()));
                            crate::components::outline::reorder::focus_soon(summary_id);
                        }
                        failure.api(&block, error);
                    }
                }
                let _ = pending.try_set(false);
            });
        })
    };

    view! {
        <ComponentForm
            block=block.clone()
            title=initial_name
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
                hint="Empty: the rubric's points."
            />
            <PromptsSection ctx=ctx />
            <ResponseSection ctx=ctx />
            <ScheduleSection ctx=ctx />
            <RubricSection ctx=ctx />
            <StepsSection ctx=ctx />
            <ProblemSummary ctx=ctx id=summary_id />
            <AdvancedOlx
                block=block.clone()
                name=name
                olx=olx
                initial_olx=initial_olx
                settings_dirty=settings_dirty
                pending=pending
                failure=failure
                on_close=on_close
            />
        </ComponentForm>
    }
}

/// Saves the settings (when given) then the weight (when given), each on
/// the version the one before made. Answers the new version, or the error
/// with the version made by a save that did succeed before it.
async fn save(
    course_key: &str,
    block: &str,
    base_version: String,
    settings: Option<&OraSettings>,
    weight: Option<f64>,
) -> Result<String, (ApiError, Option<String>)> {
    let mut version = base_version;
    let mut saved = None;
    if let Some(settings) = settings {
        let edited = api::update_ora_settings(course_key, block, &version, settings)
            .await
            .map_err(|e| (e, None))?;
        version = edited.version;
        saved = Some(version.clone());
    }
    if let Some(weight) = weight {
        let request = UpdateBlockRequest {
            base_version: version,
            weight: Some(weight),
            ..Default::default()
        };
        let edited = api::update_block(block, &request)
            .await
            .map_err(|e| (e, saved))?;
        version = edited.version;
    }
    Ok(version)
}

/// Every problem that stopped the last save, above Save (the sections show
/// theirs too).
#[component]
fn ProblemSummary(ctx: Ctx, id: String) -> impl IntoView {
    move || {
        let problems: Vec<FormProblem> = ctx.problems.get();
        (!problems.is_empty()).then(|| {
            let items = problems
                .into_iter()
                .map(|p| {
                    let where_ = match p.section {
                        Section::Name => "Name",
                        Section::Prompts => "Prompts",
                        Section::Response => "Response",
                        Section::Schedule => "Response dates",
                        Section::Rubric => "Rubric",
                        Section::Steps => "Assessment steps",
                        Section::Other => "Settings",
                    };
                    // The server's lines name their field already.
                    let text = if p.target.is_some() {
                        format!("{where_}: {}", p.message)
                    } else {
                        p.message
                    };
                    view! { <li>{text}</li> }
                })
                .collect_view();
            view! {
                <div class="alert alert-error ora-problems" role="alert" id=id.clone() tabindex="-1">
                    <p>"The assessment was not saved. Correct the following, then save again:"</p>
                    <ul>{items}</ul>
                </div>
            }
        })
    }
}

/// The raw OLX, for experts: saving it replaces every setting above.
#[component]
fn AdvancedOlx(
    block: String,
    name: RwSignal<String>,
    olx: RwSignal<String>,
    initial_olx: String,
    settings_dirty: Memo<bool>,
    pending: RwSignal<bool>,
    failure: Failure,
    on_close: Callback<()>,
) -> impl IntoView {
    let unit = UnitEditor::use_editor();
    let save_olx = {
        let block = block.clone();
        move |_| {
            if pending.get_untracked() {
                return;
            }
            let data = olx.get_untracked();
            if data == initial_olx {
                failure.invalid(&block, "data", "Change the OLX first, or use Save.");
                return;
            }
            let lose_others = settings_dirty.get_untracked()
                && !window()
                    .confirm_with_message(
                        "Saving the OLX discards your other unsaved changes to this assessment. Save the OLX?",
                    )
                    .unwrap_or(false);
            if lose_others {
                return;
            }
            failure.clear();
            let request = UpdateBlockRequest {
                base_version: unit.base_version(),
                data: Some(data),
                ..Default::default()
            };
            let display_name = name.get_untracked().trim().to_string();
            save_component(
                unit,
                block.clone(),
                display_name,
                request,
                pending,
                failure,
                on_close,
            );
        }
    };
    view! {
        <details class="ora-advanced">
            <summary>"Advanced: the assessment's OLX"</summary>
            <TextAreaField
                block=block.clone()
                field="data"
                label="OLX"
                value=olx
                failure=failure
                rows=16
                code=true
                hint="The whole <openassessment> element. Saving it replaces every setting above."
            />
            <Button variant=ButtonVariant::Secondary busy=pending on:click=save_olx>
                "Save the OLX"
            </Button>
        </details>
    }
}

/// The editor of an assessment whose OLX cannot be read: why, its name,
/// weight and OLX, to fix it.
#[component]
fn OlxEditor(detail: BlockDetail, reason: String, on_close: Callback<()>) -> impl IntoView {
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
            fields=&["display_name", "weight", "data"]
            dirty=dirty
            on_submit=on_submit
            on_close=on_close
        >
            <Alert>
                <p>{reason}</p>
            </Alert>
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
