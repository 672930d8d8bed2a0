//! The video editor: the YouTube id, HTML5 sources and transcripts
//! (language code → an uploaded `.srt` course file).

use std::collections::BTreeMap;

use leptos::{prelude::*, task::spawn_local};
use lyceum_kit::{api, ApiError};
use shared_types::BlockDetail;
use wasm_bindgen::JsCast;

use super::{
    field_str,
    form::{
        input_id, name_request, save_component, track_unsaved, ComponentForm, Failure, InputField,
        TextAreaField,
    },
    UnitEditor,
};
use crate::components::outline::reorder::focus_soon;

const FIELDS: &[&str] = &["display_name", "youtube_id", "html5_sources", "transcripts"];

/// One transcript row of the form.
#[derive(Debug, Clone, Copy)]
struct TranscriptRow {
    uid: u32,
    language: RwSignal<String>,
    file: RwSignal<String>,
}

/// The transcripts as the form holds them, for comparing and saving.
fn transcript_map(rows: &[TranscriptRow]) -> BTreeMap<String, String> {
    rows.iter()
        .map(|row| (row.language.get().trim().to_string(), row.file.get()))
        .filter(|(language, file)| !(language.is_empty() && file.is_empty()))
        .collect()
}

/// Edits a video's name, sources and transcripts.
#[component]
pub fn VideoEditor(detail: BlockDetail, on_close: Callback<()>) -> impl IntoView {
    let unit = UnitEditor::use_editor();
    let block = detail.id.clone();
    let fields = &detail.fields;
    let initial_name = detail.display_name.clone();
    let initial_youtube = field_str(fields, "youtube_id_1_0");
    let initial_sources: Vec<String> = fields
        .get("html5_sources")
        .and_then(|v| v.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    let initial_transcripts: BTreeMap<String, String> = fields
        .get("transcripts")
        .and_then(|v| v.as_object())
        .map(|o| {
            o.iter()
                .filter_map(|(k, v)| v.as_str().map(|v| (k.clone(), v.to_string())))
                .collect()
        })
        .unwrap_or_default();

    let name = RwSignal::new(initial_name.clone());
    let youtube = RwSignal::new(initial_youtube.clone());
    let sources = RwSignal::new(initial_sources.join("\n"));
    let next_uid = StoredValue::new(0_u32);
    let new_row = move |language: String, file: String| {
        let uid = next_uid.get_value();
        next_uid.set_value(uid + 1);
        TranscriptRow {
            uid,
            language: RwSignal::new(language),
            file: RwSignal::new(file),
        }
    };
    let rows = RwSignal::new(
        initial_transcripts
            .iter()
            .map(|(l, f)| new_row(l.clone(), f.clone()))
            .collect::<Vec<_>>(),
    );

    let course_key = unit.course_key();
    let assets = LocalResource::new(move || {
        let course_key = course_key.clone();
        async move { api::list_assets(&course_key).await }
    });
    let srt_files = Memo::new(move |_| match assets.get() {
        Some(Ok(list)) => list
            .results
            .into_iter()
            .map(|a| a.name)
            .filter(|n| n.to_ascii_lowercase().ends_with(".srt"))
            .collect::<Vec<_>>(),
        _ => Vec::new(),
    });

    let failure = Failure::new();
    let pending = RwSignal::new(false);
    let parsed_sources = move || {
        sources
            .get()
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    let dirty = {
        let (initial_name, initial_youtube, initial_sources, initial_transcripts) = (
            initial_name.clone(),
            initial_youtube.clone(),
            initial_sources.clone(),
            initial_transcripts.clone(),
        );
        Memo::new(move |_| {
            name.get() != initial_name
                || youtube.get().trim() != initial_youtube
                || parsed_sources() != initial_sources
                || rows.with(|rows| transcript_map(rows)) != initial_transcripts
        })
    };
    track_unsaved(block.clone(), dirty);

    let on_submit = {
        let block = block.clone();
        Callback::new(move |()| {
            let Some((display_name, mut request)) =
                name_request(unit, &block, failure, name, &initial_name)
            else {
                return;
            };
            let youtube_id = youtube.get_untracked().trim().to_string();
            if youtube_id != initial_youtube {
                request.youtube_id = Some(youtube_id);
            }
            let sources = parsed_sources();
            if sources != initial_sources {
                request.html5_sources = Some(sources);
            }
            let transcripts = rows.with_untracked(|rows| transcript_map(rows));
            if transcripts != initial_transcripts {
                if transcripts
                    .iter()
                    .any(|(l, f)| l.is_empty() || f.is_empty())
                {
                    failure.invalid(
                        &block,
                        "transcripts",
                        "Give every transcript a language code and a file.",
                    );
                    return;
                }
                request.transcripts = Some(transcripts);
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

    // Uploading a transcript adds a row for it, ready for its language.
    let uploading = RwSignal::new(false);
    let upload_error = RwSignal::new(None::<ApiError>);
    let upload_status = RwSignal::new(String::new());
    let on_file = {
        let course_key = unit.course_key();
        let block = block.clone();
        move |ev: leptos::ev::Event| {
            let Some(input) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            else {
                return;
            };
            let Some(file) = input.files().and_then(|files| files.get(0)) else {
                return;
            };
            input.set_value("");
            upload_error.set(None);
            uploading.set(true);
            let course_key = course_key.clone();
            let block = block.clone();
            spawn_local(async move {
                match api::upload_asset(&course_key, &file).await {
                    Ok(asset) => {
                        assets.refetch();
                        let row = new_row(String::new(), asset.name.clone());
                        let uid = row.uid;
                        rows.update(|rows| rows.push(row));
                        upload_status
                            .set(format!("Uploaded {}. Enter its language code.", asset.name));
                        focus_soon(transcript_language_id(&block, uid));
                    }
                    Err(e) => upload_error.set(Some(e)),
                }
                uploading.set(false);
            });
        }
    };

    let transcripts_error_id = format!("{}-error", input_id(&block, "transcripts"));
    let upload_id = input_id(&block, "transcript-upload");
    let rows_block = block.clone();
    let transcript_rows = move || {
        let block = rows_block.clone();
        rows.get()
            .into_iter()
            .map(|row| {
                let language_id = transcript_language_id(&block, row.uid);
                let file_id = format!("{language_id}-file");
                let options = move || {
                    let chosen = row.file.get();
                    let mut names = srt_files.get();
                    if !chosen.is_empty() && !names.contains(&chosen) {
                        names.insert(0, chosen.clone());
                    }
                    std::iter::once(String::new())
                        .chain(names)
                        .map(|n| {
                            let label = if n.is_empty() {
                                "Choose a file…".to_string()
                            } else {
                                n.clone()
                            };
                            let selected = n == chosen;
                            view! {
                                <option value=n selected=selected>
                                    {label}
                                </option>
                            }
                        })
                        .collect_view()
                };
                view! {
                    <li class="transcript-row">
                        <div class="field">
                            <label for=language_id.clone()>"Language code"</label>
                            <input
                                id=language_id
                                type="text"
                                size="6"
                                placeholder="en"
                                bind:value=row.language
                            />
                        </div>
                        <div class="field">
                            <label for=file_id.clone()>"Transcript file (.srt)"</label>
                            <select
                                id=file_id
                                prop:value=move || row.file.get()
                                on:change=move |ev| row.file.set(event_target_value(&ev))
                            >
                                {options}
                            </select>
                        </div>
                        <button
                            type="button"
                            class="button button-secondary"
                            aria-label=move || {
                                let language = row.language.get();
                                if language.is_empty() {
                                    "Remove this transcript".to_string()
                                } else {
                                    format!("Remove the {language} transcript")
                                }
                            }
                            on:click=move |_| rows.update(|rows| rows.retain(|r| r.uid != row.uid))
                        >
                            "Remove"
                        </button>
                    </li>
                }
            })
            .collect_view()
    };

    view! {
        <ComponentForm
            block=block.clone()
            title=detail.display_name.clone()
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
                field="youtube_id"
                label="YouTube id"
                value=youtube
                failure=failure
                hint="The id in the video's address, e.g. dQw4w9WgXcQ."
            />
            <TextAreaField
                block=block.clone()
                field="html5_sources"
                label="Video file URLs"
                value=sources
                failure=failure
                rows=3
                code=true
                hint="One URL per line (.mp4 or .webm); used when YouTube is unavailable."
            />
            <fieldset
                class="transcripts"
                id=input_id(&block, "transcripts")
                tabindex="-1"
                aria-describedby=move || failure.message("transcripts").map(|_| transcripts_error_id.clone())
            >
                <legend>"Transcripts"</legend>
                {move || {
                    rows.with(Vec::is_empty)
                        .then(|| view! { <p class="muted">"No transcripts yet."</p> })
                }}
                <ul class="transcript-rows">{transcript_rows}</ul>
                <button
                    type="button"
                    class="button button-secondary"
                    on:click={
                        let block = block.clone();
                        move |_| {
                        let row = new_row(String::new(), String::new());
                        let uid = row.uid;
                        rows.update(|rows| rows.push(row));
                        focus_soon(transcript_language_id(&block, uid));
                    }}
                >
                    "Add a transcript"
                </button>
                <div class="field">
                    <label for=upload_id.clone()>"Upload a transcript file (.srt)"</label>
                    <input
                        id=upload_id
                        type="file"
                        accept=".srt"
                        disabled=move || uploading.get()
                        aria-busy=move || uploading.get().then_some("true")
                        on:change=on_file
                    />
                </div>
                <p class="visually-hidden" role="status">
                    {move || upload_status.get()}
                </p>
                {move || {
                    upload_error
                        .get()
                        .map(|e| {
                            view! {
                                <p class="field-error" role="alert">
                                    {e.detail().to_string()}
                                </p>
                            }
                        })
                }}
                {move || {
                    failure
                        .message("transcripts")
                        .map(|message| {
                            view! {
                                <p class="field-error" id=format!("{}-error", input_id(&detail.id, "transcripts")) role="alert">
                                    {message}
                                </p>
                            }
                        })
                }}
            </fieldset>
        </ComponentForm>
    }
}

/// The id of a transcript row's language input.
fn transcript_language_id(block: &str, uid: u32) -> String {
    format!("{}-{uid}", input_id(block, "transcript-language"))
}
