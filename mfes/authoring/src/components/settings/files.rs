//! The course's files: upload (picker or drag and drop, with progress),
//! the list with the `/static/NAME` reference HTML uses, and deletion.

use leptos::web_sys::{File, FileList, HtmlInputElement};
use leptos::{ev, html, prelude::*, task::spawn_local};
use lyceum_kit::{
    api::{self, UploadProgress},
    components::{error_fallback, Alert, Spinner},
    ApiError,
};
use shared_types::{CourseAsset, CourseAssetList};

use super::{cutoff_bar::focus_later, time::local_display};
use crate::components::confirm::{refocus, ConfirmDialog};

/// A size as people read it: `512 B`, `1.5 KB`, `2.3 MB`.
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let mut size = bytes as f64 / 1024.0;
    let mut unit = 0;
    while size >= 1024.0 && unit < UNITS.len() - 1 {
        size /= 1024.0;
        unit += 1;
    }
    let text = if size < 10.0 {
        format!("{size:.1}")
    } else {
        format!("{size:.0}")
    };
    format!("{} {}", text.trim_end_matches(".0"), UNITS[unit])
}

/// How HTML in the course refers to a file.
pub fn static_reference(name: &str) -> String {
    format!("/static/{name}")
}

/// A short name for a content type: `image/png` → `PNG image`.
fn type_label(content_type: &str) -> String {
    let (kind, sub) = content_type.split_once('/').unwrap_or((content_type, ""));
    let sub = sub.split(';').next().unwrap_or("").trim();
    let sub = sub.split('+').next().unwrap_or(sub);
    let sub = sub.rsplit('.').next().unwrap_or(sub).to_ascii_uppercase();
    match kind {
        "image" => format!("{sub} image"),
        "video" => format!("{sub} video"),
        "audio" => format!("{sub} audio"),
        "text" => format!("{sub} text"),
        _ if sub.is_empty() => content_type.to_string(),
        _ => sub,
    }
}

/// The upload running now.
#[derive(Debug, Clone, PartialEq)]
struct Uploading {
    name: String,
    /// 1-based position in the batch, and the batch's size.
    position: usize,
    count: usize,
    /// The share sent, when the browser knows it.
    fraction: Option<f64>,
}

/// The files page's content for one course.
#[component]
pub fn FilesManager(course_key: String) -> impl IntoView {
    let course = StoredValue::new(course_key);
    let assets =
        LocalResource::new(move || async move { api::list_assets(&course.get_value()).await });
    let announcement = RwSignal::new(String::new());
    let uploading = RwSignal::new(None::<Uploading>);
    let upload_errors = RwSignal::new(Vec::<(String, ApiError)>::new());
    let over = RwSignal::new(false);
    let input = NodeRef::<html::Input>::new();

    let upload_all = move |files: Vec<File>| {
        if files.is_empty() || uploading.get_untracked().is_some() {
            return;
        }
        upload_errors.set(Vec::new());
        announcement.set(String::new());
        let count = files.len();
        spawn_local(async move {
            let mut uploaded = Vec::new();
            for (i, file) in files.into_iter().enumerate() {
                let name = file.name();
                uploading.set(Some(Uploading {
                    name: name.clone(),
                    position: i + 1,
                    count,
                    fraction: Some(0.0),
                }));
                let on_progress = move |progress: UploadProgress| {
                    uploading.update(|u| {
                        if let Some(u) = u {
                            u.fraction = progress.fraction();
                        }
                    });
                };
                match api::upload_asset_with_progress(&course.get_value(), &file, on_progress).await
                {
                    Ok(asset) => uploaded.push(asset.name),
                    Err(error) => upload_errors.update(|e| e.push((name, error))),
                }
            }
            uploading.set(None);
            if !uploaded.is_empty() {
                announcement.set(format!("Uploaded {}.", uploaded.join(", ")));
                assets.refetch();
            }
        });
    };

    let files_of = |list: Option<FileList>| -> Vec<File> {
        list.map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect())
            .unwrap_or_default()
    };
    let on_pick = move |ev: ev::Event| {
        let target: HtmlInputElement = event_target(&ev);
        let files = files_of(target.files());
        // Lets the same file be chosen again later.
        target.set_value("");
        upload_all(files);
    };
    let on_drop = move |ev: ev::DragEvent| {
        ev.prevent_default();
        over.set(false);
        let files = files_of(ev.data_transfer().and_then(|d| d.files()));
        upload_all(files);
    };

    let progress = move || {
        uploading.get().map(|u| {
            let label = match u.fraction {
                Some(f) => format!("{}%", (f * 100.0).round()),
                None => "in progress".to_string(),
            };
            let batch = if u.count > 1 {
                format!(" (file {} of {})", u.position, u.count)
            } else {
                String::new()
            };
            view! {
                <div class="upload-progress" data-testid="upload-progress">
                    <label for="upload-progress-bar">{format!("Uploading {}{batch}: {label}", u.name)}</label>
                    <progress
                        id="upload-progress-bar"
                        max="100"
                        value=u.fraction.map(|f| (f * 100.0).round().to_string())
                    ></progress>
                </div>
            }
        })
    };
    let errors = move || {
        let errors = upload_errors.get();
        (!errors.is_empty()).then(|| {
            view! {
                <Alert>
                    <p>"Some files were not uploaded:"</p>
                    <ul data-testid="upload-errors">
                        {errors
                            .into_iter()
                            .map(|(name, error)| view! { <li><strong>{name}</strong>": "{error.detail().to_string()}</li> })
                            .collect_view()}
                    </ul>
                </Alert>
            }
        })
    };

    view! {
        <section class="card" aria-labelledby="upload-heading">
            <h2 id="upload-heading">"Upload files"</h2>
            <div
                class="dropzone"
                class:dropzone-over=move || over.get()
                data-testid="dropzone"
                on:dragover=move |ev: ev::DragEvent| {
                    ev.prevent_default();
                    over.set(true);
                }
                on:dragleave=move |_| over.set(false)
                on:drop=on_drop
            >
                <p>"Drag files here, or"</p>
                <label for="file-upload" class="button button-secondary">"Choose files"</label>
                <input
                    id="file-upload"
                    class="visually-hidden file-input"
                    type="file"
                    multiple=true
                    node_ref=input
                    aria-describedby="file-upload-hint"
                    disabled=move || uploading.get().is_some()
                    on:change=on_pick
                />
                <p class="field-hint" id="file-upload-hint">
                    "Images, PDFs, transcripts and other files for the course. A file with the name of an existing one replaces it."
                </p>
            </div>
            {progress}
            {errors}
        </section>
        <p class="save-status" role="status" aria-live="polite" data-testid="files-status">
            {move || announcement.get()}
        </p>
        <section aria-labelledby="files-heading">
            <h2 id="files-heading" tabindex="-1">"Course files"</h2>
            <Transition fallback=|| view! { <Spinner label="Loading the course's files…" /> }>
                <ErrorBoundary fallback=error_fallback>
                    {move || {
                        assets
                            .get()
                            .map(|list| {
                                list.map(|list| {
                                    view! {
                                        <FileTable
                                            course_key=course.get_value()
                                            list=list
                                            on_deleted=Callback::new(move |name: String| {
                                                announcement.set(format!("Deleted {name}."));
                                                assets.refetch();
                                                focus_later("files-heading".into());
                                            })
                                        />
                                    }
                                })
                            })
                    }}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

/// The table of files, or the empty state.
#[component]
fn FileTable(
    course_key: String,
    list: CourseAssetList,
    on_deleted: Callback<String>,
) -> impl IntoView {
    if list.results.is_empty() {
        return view! {
            <p class="empty-state" data-testid="files-empty">
                "No files yet. Upload images, PDFs or other files to use them in the course."
            </p>
        }
        .into_any();
    }
    let rows = list
        .results
        .into_iter()
        .map(|asset| view! { <FileRow course_key=course_key.clone() asset=asset on_deleted=on_deleted /> })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="files-table" data-testid="files-table">
                <caption class="visually-hidden">"The course's files"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Type"</th>
                        <th scope="col">"Size"</th>
                        <th scope="col">"Uploaded"</th>
                        <th scope="col">"Reference in HTML"</th>
                        <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// One file, with its delete confirmation.
#[component]
fn FileRow(course_key: String, asset: CourseAsset, on_deleted: Callback<String>) -> impl IntoView {
    let confirming = RwSignal::new(false);
    let deleting = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let copied = RwSignal::new(false);
    let delete_button = NodeRef::<html::Button>::new();
    let name = asset.name.clone();
    let reference = static_reference(&asset.name);
    let dialog_id = format!(
        "delete-file-{}",
        asset
            .name
            .replace(|c: char| !c.is_ascii_alphanumeric(), "-")
    );

    let copy = {
        let reference = reference.clone();
        move |_| {
            let _ = window().navigator().clipboard().write_text(&reference);
            copied.set(true);
        }
    };
    let close = Callback::new(move |()| {
        confirming.set(false);
        error.set(None);
        refocus(delete_button);
    });
    let delete = {
        let name = name.clone();
        Callback::new(move |()| {
            if deleting.get_untracked() {
                return;
            }
            deleting.set(true);
            error.set(None);
            let (course_key, name) = (course_key.clone(), name.clone());
            spawn_local(async move {
                match api::delete_asset(&course_key, &name).await {
                    Ok(()) => on_deleted.run(name),
                    Err(e) => {
                        error.set(Some(e));
                        deleting.set(false);
                    }
                }
            });
        })
    };
    let dialog = {
        let name = name.clone();
        let dialog_id = dialog_id.clone();
        move || {
            view! {
                <tr class="confirm-row">
                    <td colspan="6">
                        <ConfirmDialog
                            id=dialog_id.clone()
                            question=format!(
                                "Delete \"{name}\"? Pages that use it will show a broken link. This cannot be undone.",
                            )
                            confirm_label="Delete"
                            busy=deleting
                            on_confirm=delete
                            on_cancel=close
                        >
                            {move || error.get().map(|e| view! { <Alert><p>{e.detail().to_string()}</p></Alert> })}
                        </ConfirmDialog>
                    </td>
                </tr>
            }
        }
    };

    view! {
        <tr data-testid="file-row">
            <th scope="row" class="file-name">
                <a href=asset.url.clone() target="_blank" rel="noopener">
                    {asset.name.clone()}
                    <span class="visually-hidden">" (opens in a new tab)"</span>
                </a>
            </th>
            <td>{type_label(&asset.content_type)}</td>
            <td>{human_size(asset.size)}</td>
            <td>{local_display(asset.uploaded_at.timestamp_millis())}</td>
            <td class="file-reference">
                <code data-testid="static-reference">{reference.clone()}</code>
                <button
                    type="button"
                    class="button button-secondary button-small"
                    aria-label=format!("Copy {reference}")
                    on:click=copy
                >
                    "Copy"
                </button>
                <span class="visually-hidden" role="status">
                    {move || copied.get().then_some("Copied to the clipboard.")}
                </span>
            </td>
            <td>
                <button
                    type="button"
                    class="button button-danger button-small"
                    aria-label=format!("Delete {name}")
                    aria-expanded=move || if confirming.get() { "true" } else { "false" }
                    aria-controls=dialog_id
                    node_ref=delete_button
                    on:click=move |_| confirming.set(true)
                >
                    "Delete"
                </button>
            </td>
        </tr>
        {move || confirming.get().then(|| dialog().into_any())}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_in_the_largest_fitting_unit() {
        assert_eq!(human_size(512), "512 B");
        assert_eq!(human_size(1536), "1.5 KB");
        assert_eq!(human_size(1024), "1 KB");
        assert_eq!(human_size(25 * 1024 * 1024), "25 MB");
    }

    #[test]
    fn files_are_referred_to_under_static() {
        assert_eq!(static_reference("map.png"), "/static/map.png");
    }

    #[test]
    fn content_types_read_as_kinds_of_file() {
        assert_eq!(type_label("image/png"), "PNG image");
        assert_eq!(type_label("application/pdf"), "PDF");
        assert_eq!(type_label("image/svg+xml"), "SVG image");
    }
}
