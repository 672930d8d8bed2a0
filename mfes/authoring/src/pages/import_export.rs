//! Moving whole courses: import an Open edX course export (`.tar.gz`) with
//! a progress bar that follows the upload and then the import job, and
//! export a course's draft as one.

use std::time::Duration;

use leptos::{ev::SubmitEvent, html, prelude::*, task::spawn_local};
use lyceum_kit::{
    api::{self, ApiError, UploadProgress},
    components::{Alert, AlertKind, Button, ButtonVariant},
    params::use_course_key,
    set_page_title, Mfe,
};
use shared_types::{Job, JobStatus};

use crate::components::course_nav::{course_href, CourseNav, CourseTab};

/// How often a running import is asked for its progress.
const POLL: Duration = Duration::from_millis(400);

/// Where an import stands, as the page shows it.
#[derive(Debug, Clone, PartialEq)]
enum ImportState {
    Idle,
    /// The archive is on its way; the share sent, when known.
    Uploading(Option<f64>),
    /// The import job, as last read.
    Running(Job),
    Finished(Job),
    Failed(ApiError),
}

/// `/import`: upload a course export and follow its import.
#[component]
pub fn ImportPage() -> impl IntoView {
    set_page_title("Import a course");
    let state = RwSignal::new(ImportState::Idle);
    let file_input = NodeRef::<html::Input>::new();
    let chosen = RwSignal::new(None::<String>);
    let no_file = RwSignal::new(false);
    let course_key = RwSignal::new(String::new());

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(file) = file_input
            .get()
            .and_then(|input| input.files())
            .and_then(|files| files.get(0))
        else {
            no_file.set(true);
            return;
        };
        no_file.set(false);
        state.set(ImportState::Uploading(None));
        let key = course_key.get_untracked().trim().to_string();
        spawn_local(async move {
            let on_progress = move |p: UploadProgress| {
                state.set(ImportState::Uploading(p.fraction()));
            };
            let key = (!key.is_empty()).then_some(key.as_str());
            match api::import_course(&file, key, on_progress).await {
                Ok(job) => follow(job, state),
                Err(e) => state.set(ImportState::Failed(e)),
            }
        });
    };
    let busy = move || {
        matches!(
            state.get(),
            ImportState::Uploading(_) | ImportState::Running(_)
        )
    };

    view! {
        <section class="page">
            <p class="breadcrumb">
                <a href=Mfe::Authoring.home()>"All courses"</a>
            </p>
            <h1>"Import a course"</h1>
            <p>
                "Upload an Open edX course export (a " <code>".tar.gz"</code>
                " file, as Studio's Export page or " <code>"lyceum export-olx"</code>
                " makes). It becomes a new course run, as a draft, with you as its instructor."
            </p>
            <form class="import-form" on:submit=on_submit novalidate>
                <label for="import-file">"Course export (.tar.gz)"</label>
                <input
                    id="import-file"
                    type="file"
                    accept=".tar.gz,.tgz,application/gzip"
                    node_ref=file_input
                    aria-invalid=move || no_file.get().then_some("true")
                    aria-describedby=move || no_file.get().then_some("import-file-error")
                    on:change=move |_| {
                        no_file.set(false);
                        chosen.set(
                            file_input
                                .get()
                                .and_then(|input| input.files())
                                .and_then(|files| files.get(0))
                                .map(|file| file.name()),
                        );
                    }
                />
                <Show when=move || no_file.get()>
                    <p id="import-file-error" class="field-error">
                        "Choose a course export to import."
                    </p>
                </Show>
                <label for="import-course-key">"New course run key (optional)"</label>
                <input
                    id="import-course-key"
                    type="text"
                    placeholder="course-v1:Org+Number+Run"
                    aria-describedby="import-course-key-hint"
                    prop:value=move || course_key.get()
                    on:input=move |ev| course_key.set(event_target_value(&ev))
                />
                <p id="import-course-key-hint" class="field-hint">
                    "Leave it empty to use the key written in the export. Give one to import the same export as another run."
                </p>
                <Button button_type="submit" busy=Signal::derive(busy)>
                    {move || match chosen.get() {
                        Some(name) => format!("Import {name}"),
                        None => "Import".to_string(),
                    }}
                </Button>
            </form>
            <ImportProgress state=state />
        </section>
    }
}

/// Polls the job until it has finished, keeping `state` current.
fn follow(job: Job, state: RwSignal<ImportState>) {
    if job.status.is_finished() {
        state.set(ImportState::Finished(job));
        return;
    }
    let id = job.id.clone();
    state.set(ImportState::Running(job));
    set_timeout(
        move || {
            spawn_local(async move {
                // A page that was left stops following.
                if state.try_get_untracked().is_none() {
                    return;
                }
                match api::get_job(&id).await {
                    Ok(job) => follow(job, state),
                    Err(e) => state.set(ImportState::Failed(e)),
                }
            })
        },
        POLL,
    );
}

/// The progress bar with the current step, and the outcome.
#[component]
fn ImportProgress(state: RwSignal<ImportState>) -> impl IntoView {
    let cancelling = RwSignal::new(false);
    let cancel = move |id: String| {
        cancelling.set(true);
        spawn_local(async move {
            if let Err(e) = api::cancel_job(&id).await {
                // A job that finished meanwhile is shown as it ended.
                if e.status != 409 {
                    state.set(ImportState::Failed(e));
                }
            }
            cancelling.set(false);
        });
    };
    move || match state.get() {
        ImportState::Idle => ().into_any(),
        ImportState::Uploading(share) => {
            let percent = share.map(|s| (s * 100.0).round() as u8);
            view! {
                <ProgressBar
                    percent=percent
                    step=match percent {
                        Some(p) => format!("Uploading the archive ({p}%)"),
                        None => "Uploading the archive".to_string(),
                    }
                />
            }
            .into_any()
        }
        ImportState::Running(job) => {
            let id = job.id.clone();
            view! {
                <ProgressBar percent=Some(job.percent) step=job.message.clone() />
                <Button
                    variant=ButtonVariant::Secondary
                    busy=cancelling
                    on:click=move |_| cancel(id.clone())
                >
                    "Cancel import"
                </Button>
            }
            .into_any()
        }
        ImportState::Finished(job) => finished(job).into_any(),
        ImportState::Failed(error) => view! {
            <Alert>
                <p>{error.to_string()}</p>
            </Alert>
        }
        .into_any(),
    }
}

/// The outcome of a finished job.
fn finished(job: Job) -> impl IntoView {
    match job.status {
        JobStatus::Succeeded => {
            let result = job.result.unwrap_or_default();
            let key = result["course_key"]
                .as_str()
                .unwrap_or_default()
                .to_string();
            let name = result["display_name"].as_str().unwrap_or(&key).to_string();
            let skipped: Vec<String> = result["skipped_files"]
                .as_array()
                .map(|files| {
                    files
                        .iter()
                        .filter_map(|f| f.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default();
            let href = course_href(&key, CourseTab::Outline);
            view! {
                <ProgressBar percent=Some(100) step="Imported".to_string() />
                <Alert kind=AlertKind::Success>
                    <p>
                        "Imported " <strong>{name}</strong> " as " <code>{key.clone()}</code> ". "
                        <a href=href data-testid="imported-course-link">
                            "Open its outline"
                        </a>
                    </p>
                    <Show when={
                        let none = skipped.is_empty();
                        move || !none
                    }>
                        <p>
                            "These files were not stored (a type Lyceum does not accept, or content that does not match the file's extension): "
                            {skipped.join(", ")}
                        </p>
                    </Show>
                </Alert>
            }
            .into_any()
        }
        JobStatus::Cancelled => view! {
            <Alert kind=AlertKind::Info>
                <p>"The import was cancelled; no course was created."</p>
            </Alert>
        }
        .into_any(),
        _ => view! {
            <Alert>
                <p>
                    "The import failed; no course was created. "
                    {job.error.unwrap_or_default()}
                </p>
            </Alert>
        }
        .into_any(),
    }
}

/// A labelled progress bar; without a percent it shows that work is going
/// on without saying how far.
#[component]
fn ProgressBar(percent: Option<u8>, step: String) -> impl IntoView {
    view! {
        <div class="job-progress" data-testid="import-progress">
            <label for="import-progress-bar">{step.clone()}</label>
            {match percent {
                Some(p) => view! {
                    <progress id="import-progress-bar" max="100" value=p.to_string()>
                        {format!("{p}%")}
                    </progress>
                    <span class="job-percent" aria-hidden="true">{format!("{p}%")}</span>
                }
                .into_any(),
                None => view! { <progress id="import-progress-bar">{step.clone()}</progress> }
                    .into_any(),
            }}
            <p class="visually-hidden" role="status" aria-live="polite">
                {match percent {
                    Some(p) => format!("{step}: {p}%"),
                    None => step,
                }}
            </p>
        </div>
    }
}

/// `/course/:course_key/export`: download the draft as a course export.
#[component]
pub fn ExportPage() -> impl IntoView {
    set_page_title("Export");
    let course_key = use_course_key();
    move || {
        let key = course_key.get();
        let href = format!(
            "/api/v1/authoring/courses/{}/export",
            api::encode_path_segment(&key)
        );
        view! {
            <section class="page">
                <CourseNav course_key=key.clone() current=CourseTab::ImportExport />
                <h1>"Export the course"</h1>
                <p>
                    "Download the course's draft as an Open edX course export (OLX, a "
                    <code>".tar.gz"</code>
                    " file) with its files: to keep a copy, or to import it into another Lyceum or Open edX."
                </p>
                <p>
                    <a class="button button-primary" href=href download="">
                        "Download the course export"
                    </a>
                </p>
                <h2>"Import"</h2>
                <p>
                    "To bring in a course export as a new course run, use "
                    <a href=Mfe::Authoring.path("/import")>"Import a course"</a> "."
                </p>
            </section>
        }
    }
}
