//! The assessment editor's prompts, response settings and schedule.

use leptos::prelude::*;
use shared_types::{FileUploadType, Necessity};

use super::controls::{
    choices, section_described_by, AreaControl, CheckControl, Ctx, InputKind, RowActions,
    SectionProblems, SelectControl, TextControl,
};
use super::model::{
    input_target, necessity_from, necessity_value, upload_type_from, upload_type_value, Section,
    Uid,
};
use crate::components::settings::time::time_zone_label;

/// The prompts learners answer, one response box each.
#[component]
pub fn PromptsSection(ctx: Ctx) -> impl IntoView {
    let problems_id = ctx.id("prompts-problems");
    let add_id = ctx.id("add-prompt");
    let html = ctx.value(|f| f.prompts_type == "html");
    let add = move |_| {
        let mut uid = 0;
        ctx.edit(|f| uid = f.add_prompt());
        ctx.focus(&input_target("prompt", uid, "text"));
    };
    let described = section_described_by(ctx, Section::Prompts, problems_id.clone());
    view! {
        <fieldset
            class="ora-section"
            aria-describedby=described
        >
            <legend>"Prompts"</legend>
            <SectionProblems ctx=ctx section=Section::Prompts id=problems_id />
            <SelectControl
                ctx=ctx
                target="prompts-type"
                label="Prompt format"
                value=ctx.value(|f| f.prompts_type.clone())
                set=Callback::new(move |v| ctx.edit(|f| f.prompts_type = v))
                options=choices(&[("text", "Plain text"), ("html", "HTML")])
            />
            <ol class="ora-rows">
                <For
                    each=move || ctx.form.with(|f| f.prompts.iter().map(|p| p.uid).collect::<Vec<_>>())
                    key=|uid| *uid
                    children=move |uid| view! { <PromptRow ctx=ctx uid=uid html=html add_id=add_id.clone() /> }
                />
            </ol>
            <button
                type="button"
                class="button button-secondary"
                id=ctx.id("add-prompt")
                on:click=add
            >
                "Add a prompt"
            </button>
        </fieldset>
    }
}

/// One prompt with its move and remove buttons.
#[component]
fn PromptRow(ctx: Ctx, uid: Uid, html: Signal<bool>, add_id: String) -> impl IntoView {
    let place = ctx.value(move |f| f.prompt_place(uid));
    let name = Signal::derive(move || format!("prompt {}", place.get().0 + 1));
    let label = Signal::derive(move || format!("Prompt {}", place.get().0 + 1));
    let target = input_target("prompt", uid, "text");
    view! {
        <li class="ora-row">
            <AreaControl
                ctx=ctx
                target=target.clone()
                label=label
                value=ctx.value(move |f| f.prompt(uid).map(|p| p.text.clone()).unwrap_or_default())
                set=Callback::new(move |v| ctx.edit(|f| {
                    if let Some(p) = f.prompt_mut(uid) {
                        p.text = v;
                    }
                }))
                rows=4
                code=html
            />
            <RowActions
                ctx=ctx
                target=input_target("prompt", uid, "row")
                name=name
                place=place
                on_move=Callback::new(move |up| {
                    ctx.edit(|f| {
                        f.move_prompt(uid, up);
                    })
                })
                on_remove=Callback::new(move |()| {
                    ctx.edit(|f| f.remove_prompt(uid));
                    crate::components::outline::reorder::focus_soon(add_id.clone());
                })
            />
        </li>
    }
}

const NECESSITY: &[(&str, &str)] = &[
    ("required", "Required"),
    ("optional", "Optional"),
    ("none", "None"),
];

/// How learners respond: text, files, LaTeX, the rubric beside the
/// response, the leaderboard.
#[component]
pub fn ResponseSection(ctx: Ctx) -> impl IntoView {
    let problems_id = ctx.id("response-problems");
    let uploads = ctx.value(|f| f.file_upload_response != Necessity::None);
    let custom = ctx.value(|f| {
        f.file_upload_response != Necessity::None && f.file_upload_type == FileUploadType::Custom
    });
    let file_settings = move || {
        uploads.get().then(|| {
            view! {
                <SelectControl
                    ctx=ctx
                    target="file-upload-type"
                    label="Allowed files"
                    value=ctx.value(|f| upload_type_value(f.file_upload_type).to_string())
                    set=Callback::new(move |v: String| ctx.edit(|f| f.file_upload_type = upload_type_from(&v)))
                    options=choices(&[
                        ("image", "Images (GIF, JPEG, PNG)"),
                        ("pdf-and-image", "PDF files and images"),
                        ("custom", "Custom file types"),
                    ])
                />
                {move || custom.get().then(|| view! {
                    <TextControl
                        ctx=ctx
                        target="white-listed-file-types"
                        label="File extensions"
                        value=ctx.value(|f| f.white_listed_file_types.clone())
                        set=Callback::new(move |v| ctx.edit(|f| f.white_listed_file_types = v))
                        hint="Separated by commas, for example: pdf, docx, odt."
                    />
                })}
                <CheckControl
                    ctx=ctx
                    target="allow-multiple-files"
                    label="Allow several files"
                    checked=ctx.value(|f| f.allow_multiple_files)
                    set=Callback::new(move |v| ctx.edit(|f| f.allow_multiple_files = v))
                />
            }
        })
    };
    let described = section_described_by(ctx, Section::Response, problems_id.clone());
    view! {
        <fieldset
            class="ora-section"
            aria-describedby=described
        >
            <legend>"Response"</legend>
            <SectionProblems ctx=ctx section=Section::Response id=problems_id />
            <SelectControl
                ctx=ctx
                target="text-response"
                label="Text response"
                value=ctx.value(|f| necessity_value(f.text_response).to_string())
                set=Callback::new(move |v: String| ctx.edit(|f| f.text_response = necessity_from(&v)))
                options=choices(NECESSITY)
            />
            <SelectControl
                ctx=ctx
                target="text-response-editor"
                label="Text editor"
                value=ctx.value(|f| f.text_response_editor.clone())
                set=Callback::new(move |v| ctx.edit(|f| f.text_response_editor = v))
                options=choices(&[("text", "Plain text"), ("tinymce", "Rich text")])
            />
            <SelectControl
                ctx=ctx
                target="file-upload-response"
                label="File uploads"
                value=ctx.value(|f| necessity_value(f.file_upload_response).to_string())
                set=Callback::new(move |v: String| ctx.edit(|f| f.file_upload_response = necessity_from(&v)))
                options=choices(&[("none", "None"), ("optional", "Optional"), ("required", "Required")])
            />
            {file_settings}
            <CheckControl
                ctx=ctx
                target="allow-latex"
                label="Allow LaTeX in responses"
                checked=ctx.value(|f| f.allow_latex)
                set=Callback::new(move |v| ctx.edit(|f| f.allow_latex = v))
            />
            <CheckControl
                ctx=ctx
                target="show-rubric"
                label="Show the rubric while learners respond"
                checked=ctx.value(|f| f.show_rubric_during_response)
                set=Callback::new(move |v| ctx.edit(|f| f.show_rubric_during_response = v))
            />
            <TextControl
                ctx=ctx
                target="leaderboard-show"
                label="Top responses shown to learners"
                value=ctx.value(|f| f.leaderboard_show.clone())
                set=Callback::new(move |v| ctx.edit(|f| f.leaderboard_show = v))
                kind=InputKind::Count
                hint="After grading, learners see this many of the best responses (0 to 100; 0 for none)."
            />
        </fieldset>
    }
}

/// When learners may respond.
#[component]
pub fn ScheduleSection(ctx: Ctx) -> impl IntoView {
    let problems_id = ctx.id("schedule-problems");
    let hint = format!(
        "Times are in your time zone ({}). Leave empty for none. Each step's dates are with the step.",
        time_zone_label()
    );
    let described = section_described_by(ctx, Section::Schedule, problems_id.clone());
    view! {
        <fieldset
            class="ora-section"
            aria-describedby=described
        >
            <legend>"Response dates"</legend>
            <SectionProblems ctx=ctx section=Section::Schedule id=problems_id />
            <p class="field-hint">{hint}</p>
            <div class="field-pair">
                <TextControl
                    ctx=ctx
                    target="submission-start"
                    label="Responses open"
                    value=ctx.value(|f| f.submission_start.clone())
                    set=Callback::new(move |v| ctx.edit(|f| f.submission_start = v))
                    kind=InputKind::DateTime
                />
                <TextControl
                    ctx=ctx
                    target="submission-due"
                    label="Responses due"
                    value=ctx.value(|f| f.submission_due.clone())
                    set=Callback::new(move |v| ctx.edit(|f| f.submission_due = v))
                    kind=InputKind::DateTime
                />
            </div>
        </fieldset>
    }
}
