//! The files of a response: the ones uploaded so far (each removable until
//! the response is submitted), and the upload of another with its
//! description and a progress bar.

use leptos::web_sys::{File, HtmlInputElement};
use leptos::{ev, html, prelude::*, task::spawn_local};
use lyceum_kit::{
    api::{self, UploadProgress},
    components::ora::file_link,
};
use shared_types::{FileUploadType, Necessity, OraFile, OraSettings};

use super::{error_alert, Ora};

/// The `accept` list of the file picker, so the browser offers the files
/// the assessment takes (the server checks again).
fn accept(settings: &OraSettings) -> Option<String> {
    const IMAGES: &str = ".gif,.jpg,.jpeg,.png,image/gif,image/jpeg,image/png";
    match settings.file_upload_type? {
        FileUploadType::Image => Some(IMAGES.to_string()),
        FileUploadType::PdfAndImage => Some(format!(".pdf,application/pdf,{IMAGES}")),
        FileUploadType::Custom => {
            let list: Vec<String> = settings
                .white_listed_file_types
                .iter()
                .map(|ext| format!(".{}", ext.trim_start_matches('.')))
                .collect();
            (!list.is_empty()).then(|| list.join(","))
        }
    }
}

/// Which files may be uploaded, and how many, in words.
fn allowed_text(settings: &OraSettings) -> String {
    let kinds = match settings.file_upload_type {
        Some(FileUploadType::Image) => "GIF, JPEG or PNG images".to_string(),
        Some(FileUploadType::PdfAndImage) => "PDF files, or GIF, JPEG or PNG images".to_string(),
        Some(FileUploadType::Custom) if !settings.white_listed_file_types.is_empty() => {
            let types: Vec<&str> = settings
                .white_listed_file_types
                .iter()
                .map(|ext| ext.trim_start_matches('.'))
                .collect();
            format!("files of these types: {}", types.join(", "))
        }
        _ => "files".to_string(),
    };
    if settings.allow_multiple_files {
        format!("You can upload several {kinds}, each with a description.")
    } else {
        format!("You can upload one of these: {kinds}, with a description.")
    }
}

/// An upload running now.
#[derive(Debug, Clone, PartialEq)]
struct Uploading {
    name: String,
    /// The share sent, when the browser knows it.
    fraction: Option<f64>,
}

/// The response's files and the upload of another. `on_changed` runs with
/// a message once the list changed (to save the draft with it).
#[component]
pub fn FileUploader(
    ora: Ora,
    /// The response's files, which the draft and the submission send.
    files: RwSignal<Vec<OraFile>>,
    /// Set while a file is being uploaded.
    uploading: RwSignal<bool>,
    /// Nothing may change (the response is being submitted).
    #[prop(into)]
    locked: Signal<bool>,
    on_changed: Callback<String>,
) -> impl IntoView {
    let settings = ora.view.with_untracked(|v| v.settings.clone());
    let required = settings.file_upload_response == Necessity::Required;
    let multiple = settings.allow_multiple_files;
    let picked = RwSignal::new_local(None::<File>);
    let description = RwSignal::new(String::new());
    let progress = RwSignal::new(None::<Uploading>);
    let error = RwSignal::new(None::<String>);
    let missing_file = RwSignal::new(false);
    let missing_description = RwSignal::new(false);
    let input = NodeRef::<html::Input>::new();

    let file_id = ora.id("file");
    let description_id = ora.id("file-description");
    let hint_id = ora.id("file-hint");
    let progress_id = ora.id("file-progress");
    let legend = if required {
        "Files (required)"
    } else {
        "Files (optional)"
    };
    // A memo, so the picker below is drawn again only when this changes
    // (not on every change of the list, which would empty the picker).
    let full = Memo::new(move |_| !multiple && files.with(|f| !f.is_empty()));
    let busy = move || progress.with(Option::is_some) || locked.get();

    let on_pick = move |ev: ev::Event| {
        let target: HtmlInputElement = event_target(&ev);
        let file = target.files().and_then(|list| list.get(0));
        missing_file.set(false);
        error.set(None);
        picked.set(file);
    };

    let upload = {
        let (file_id, description_id) = (file_id.clone(), description_id.clone());
        move |_| {
            if busy() {
                return;
            }
            error.set(None);
            let file = picked.get_untracked();
            let text = description.get_untracked().trim().to_string();
            missing_file.set(file.is_none());
            missing_description.set(text.is_empty());
            let Some(file) = file else {
                lyceum_kit::components::focus_later(file_id.clone());
                return;
            };
            if text.is_empty() {
                lyceum_kit::components::focus_later(description_id.clone());
                return;
            }
            let name = file.name();
            progress.set(Some(Uploading {
                name: name.clone(),
                fraction: Some(0.0),
            }));
            uploading.set(true);
            let on_progress = move |sent: UploadProgress| {
                progress.update(|p| {
                    if let Some(p) = p {
                        p.fraction = sent.fraction();
                    }
                });
            };
            spawn_local(async move {
                let result = api::upload_ora_file(
                    &ora.course_key(),
                    &ora.usage_key(),
                    &file,
                    &text,
                    on_progress,
                )
                .await;
                progress.set(None);
                uploading.set(false);
                match result {
                    Ok(uploaded) => {
                        files.update(|f| f.push(uploaded));
                        picked.set(None);
                        description.set(String::new());
                        if let Some(input) = input.get_untracked() {
                            input.set_value("");
                        }
                        on_changed.run(format!("Uploaded {name}."));
                    }
                    Err(e) => error.set(Some(format!("{name} was not uploaded: {}", e.detail()))),
                }
            });
        }
    };

    let list = move || {
        let current = files.get();
        if current.is_empty() {
            return view! { <p class="ora-empty">"No files uploaded yet."</p> }.into_any();
        }
        let items = current
            .into_iter()
            .map(|file| {
                let id = file.id.clone();
                let name = file.name.clone();
                view! {
                    <li class="ora-file">
                        <span>{file_link(&file)}</span>
                        <button
                            type="button"
                            class="button button-secondary button-small"
                            aria-label=format!("Remove {name}")
                            disabled=busy
                            on:click=move |_| {
                                files.update(|f| f.retain(|file| file.id != id));
                                on_changed.run(format!("Removed {name}."));
                            }
                        >
                            "Remove"
                        </button>
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="ora-files">{items}</ul> }.into_any()
    };

    let progress_view = {
        let progress_id = progress_id.clone();
        move || {
            progress.get().map(|p| {
                let share = match p.fraction {
                    Some(f) => format!("{}%", (f * 100.0).round() as u32),
                    None => "in progress".to_string(),
                };
                view! {
                    <div class="upload-progress">
                        <label for=progress_id.clone()>{format!("Uploading {}: {share}", p.name)}</label>
                        <progress
                            id=progress_id.clone()
                            max="100"
                            value=p.fraction.map(|f| ((f * 100.0).round() as u32).to_string())
                        ></progress>
                    </div>
                }
            })
        }
    };

    let picker = {
        let (file_id, description_id, hint_id) =
            (file_id.clone(), description_id.clone(), hint_id.clone());
        let accept = accept(&settings);
        move || {
            if full.get() {
                return view! {
                    <p class="field-hint">"Remove the file to upload a different one."</p>
                }
                .into_any();
            }
            let file_error = format!("{file_id}-error");
            let description_error = format!("{description_id}-error");
            view! {
                <div class="ora-upload-form">
                    <div class="field">
                        <label for=file_id.clone()>"File to upload"</label>
                        <input
                            id=file_id.clone()
                            type="file"
                            accept=accept.clone()
                            node_ref=input
                            aria-describedby={
                                let hint_id = hint_id.clone();
                                let file_error = file_error.clone();
                                move || {
                                    if missing_file.get() {
                                        format!("{hint_id} {file_error}")
                                    } else {
                                        hint_id.clone()
                                    }
                                }
                            }
                            aria-invalid=move || missing_file.get().then_some("true")
                            disabled=busy
                            on:change=on_pick
                        />
                        {move || {
                            missing_file
                                .get()
                                .then(|| {
                                    view! {
                                        <p class="field-error" id=file_error.clone()>
                                            "Choose a file to upload."
                                        </p>
                                    }
                                })
                        }}
                    </div>
                    <div class="field">
                        <label for=description_id.clone()>"Description of the file"</label>
                        <input
                            id=description_id.clone()
                            type="text"
                            aria-required="true"
                            aria-invalid=move || missing_description.get().then_some("true")
                            aria-describedby={
                                let description_error = description_error.clone();
                                move || missing_description.get().then(|| description_error.clone())
                            }
                            disabled=busy
                            prop:value=move || description.get()
                            on:input=move |ev| {
                                description.set(event_target_value(&ev));
                                missing_description.set(false);
                            }
                        />
                        {move || {
                            missing_description
                                .get()
                                .then(|| {
                                    view! {
                                        <p class="field-error" id=description_error.clone()>
                                            "Describe the file before uploading it."
                                        </p>
                                    }
                                })
                        }}
                    </div>
                    <button
                        type="button"
                        class="button button-secondary"
                        disabled=busy
                        aria-busy=move || progress.with(Option::is_some).then_some("true")
                        on:click=upload.clone()
                    >
                        "Upload file"
                    </button>
                </div>
            }
            .into_any()
        }
    };

    view! {
        <fieldset class="ora-upload">
            <legend>{legend}</legend>
            <p class="field-hint" id=hint_id>{allowed_text(&settings)}</p>
            {list}
            {picker}
            {progress_view}
            {error_alert(error)}
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn custom_types_become_extensions_for_the_picker() {
        let settings = OraSettings {
            title: String::new(),
            prompts: vec![],
            prompts_type: "text".into(),
            text_response: Necessity::Required,
            text_response_editor: "text".into(),
            file_upload_response: Necessity::Optional,
            file_upload_type: Some(FileUploadType::Custom),
            white_listed_file_types: vec!["pdf".into(), ".docx".into()],
            allow_multiple_files: true,
            allow_latex: false,
            show_rubric_during_response: false,
            leaderboard_show: 0,
            submission_start: None,
            submission_due: None,
            rubric: Default::default(),
            steps: vec![],
        };
        assert_eq!(accept(&settings).as_deref(), Some(".pdf,.docx"));
        assert_eq!(
            allowed_text(&settings),
            "You can upload several files of these types: pdf, docx, each with a description."
        );
    }
}
