//! Writing the response: a text box per prompt (as the assessment asks
//! for text), files, the rubric to read, "Save draft", and "Submit
//! response" after a confirmation, since a submission cannot be edited.

use std::collections::BTreeSet;

use leptos::{prelude::*, task::spawn_local};
use lyceum_kit::{api, components::focus_later, components::ConfirmPanel};
use shared_types::{Necessity, OraFile, OraResponse};

use super::{error_alert, files::FileUploader, rubric_preview, Ora};
use crate::format::local_datetime;

/// What the editor is busy with; one action at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Busy {
    Idle,
    Saving,
    Submitting,
}

/// What keeps a response from being submitted, if anything: the prompts
/// (by index) whose required text is empty, and a sentence for the rest.
fn problems(
    text: &[String],
    files: &[OraFile],
    text_response: Necessity,
    file_response: Necessity,
) -> (BTreeSet<usize>, Option<String>) {
    let empty: BTreeSet<usize> = if text_response == Necessity::Required {
        text.iter()
            .enumerate()
            .filter(|(_, t)| t.trim().is_empty())
            .map(|(i, _)| i)
            .collect()
    } else {
        BTreeSet::new()
    };
    let wrote = text_response != Necessity::None && text.iter().any(|t| !t.trim().is_empty());
    let uploaded = file_response != Necessity::None && !files.is_empty();
    let other = if file_response == Necessity::Required && files.is_empty() {
        Some("Upload at least one file before submitting.".to_string())
    } else if empty.is_empty() && !wrote && !uploaded {
        Some(match (text_response, file_response) {
            (Necessity::None, _) => "Upload a file before submitting.".to_string(),
            (_, Necessity::None) => "Write a response before submitting.".to_string(),
            _ => "Write a response or upload a file before submitting.".to_string(),
        })
    } else {
        None
    };
    (empty, other)
}

/// The response step: the editor with its draft and submission.
#[component]
pub fn ResponseEditor(ora: Ora) -> impl IntoView {
    let (settings, draft) = ora
        .view
        .with_untracked(|v| (v.settings.clone(), v.draft.clone()));
    let prompt_count = settings.prompts.len().max(1);
    let mut initial = draft.map(|d| d.response).unwrap_or_default();
    initial.text.resize(prompt_count, String::new());
    let text = RwSignal::new(initial.text.clone());
    let files = RwSignal::new(initial.files.clone());
    // What the server holds, to tell the learner about unsaved changes.
    let saved = RwSignal::new(initial);
    let busy = RwSignal::new(Busy::Idle);
    let error = RwSignal::new(None::<String>);
    let empty_prompts = RwSignal::new(BTreeSet::<usize>::new());
    let other_problem = RwSignal::new(None::<String>);
    let confirming = RwSignal::new(false);
    let uploading = RwSignal::new(false);

    let text_response = settings.text_response;
    let file_response = settings.file_upload_response;
    let many = settings.prompts.len() > 1;
    let heading_id = ora.id("step-heading");
    let submit_id = ora.id("submit-response");
    let confirm_id = ora.id("confirm-submit");
    let problem_id = ora.id("response-problem");

    let response = move || OraResponse {
        text: text.get_untracked(),
        files: files.get_untracked(),
    };
    let dirty = Memo::new(move |_| {
        saved.with(|s| text.with(|t| *t != s.text) || files.with(|f| *f != s.files))
    });
    let idle = move || busy.get() == Busy::Idle && !uploading.get();

    let save = Callback::new(move |message: Option<String>| {
        if busy.get_untracked() != Busy::Idle {
            return;
        }
        busy.set(Busy::Saving);
        error.set(None);
        let body = response();
        spawn_local(async move {
            match api::save_ora_draft(&ora.course_key(), &ora.usage_key(), &body).await {
                Ok(view) => {
                    let at = view
                        .draft
                        .as_ref()
                        .map(|d| local_datetime(&d.saved_at))
                        .unwrap_or_default();
                    saved.set(body);
                    let said = message.unwrap_or_else(|| format!("Draft saved at {at}."));
                    ora.apply(view, said);
                }
                Err(e) => error.set(Some(e.detail().to_string())),
            }
            busy.set(Busy::Idle);
        });
    });

    let ask = {
        let problem_id = problem_id.clone();
        move |_| {
            if !idle() {
                return;
            }
            error.set(None);
            let (empty, other) = text.with_untracked(|t| {
                files.with_untracked(|f| problems(t, f, text_response, file_response))
            });
            let first_empty = empty.first().copied();
            let invalid = !empty.is_empty() || other.is_some();
            empty_prompts.set(empty);
            other_problem.set(other);
            if let Some(i) = first_empty {
                focus_later(ora.id(&format!("response-{i}")));
            } else if invalid {
                focus_later(problem_id.clone());
            } else {
                confirming.set(true);
            }
        }
    };
    let submit = Callback::new(move |()| {
        if busy.get_untracked() != Busy::Idle {
            return;
        }
        busy.set(Busy::Submitting);
        error.set(None);
        let body = response();
        spawn_local(async move {
            match api::submit_ora_response(&ora.course_key(), &ora.usage_key(), &body).await {
                Ok(view) => {
                    confirming.set(false);
                    saved.set(body);
                    ora.apply(view, "Your response was submitted.".to_string());
                }
                Err(e) => error.set(Some(e.detail().to_string())),
            }
            busy.set(Busy::Idle);
        });
    });
    let cancel_submit = {
        let submit_id = submit_id.clone();
        Callback::new(move |()| {
            confirming.set(false);
            focus_later(submit_id.clone());
        })
    };

    let boxes = (text_response != Necessity::None).then(|| {
        (0..prompt_count)
            .map(|i| {
                let id = ora.id(&format!("response-{i}"));
                let error_id = format!("{id}-error");
                let prompt_id = ora.id(&format!("prompt-{i}"));
                let label = match (many, text_response) {
                    (false, Necessity::Required) => "Your response (required)".to_string(),
                    (false, _) => "Your response (optional)".to_string(),
                    (true, Necessity::Required) => {
                        format!("Your response to prompt {} (required)", i + 1)
                    }
                    (true, _) => format!("Your response to prompt {} (optional)", i + 1),
                };
                let missing = move || empty_prompts.with(|e| e.contains(&i));
                let described_by = {
                    let error_id = error_id.clone();
                    move || {
                        if missing() {
                            format!("{prompt_id} {error_id}")
                        } else {
                            prompt_id.clone()
                        }
                    }
                };
                let message = if many {
                    format!("Write a response to prompt {} before submitting.", i + 1)
                } else {
                    "Write a response before submitting.".to_string()
                };
                view! {
                    <div class="field ora-response-field">
                        <label for=id.clone()>{label}</label>
                        <textarea
                            id=id
                            rows="10"
                            required=text_response == Necessity::Required
                            aria-required=(text_response == Necessity::Required).then_some("true")
                            aria-invalid=move || missing().then_some("true")
                            aria-describedby=described_by
                            disabled=move || busy.get() == Busy::Submitting
                            prop:value=move || text.with(|t| t.get(i).cloned().unwrap_or_default())
                            on:input=move |ev| {
                                let value = event_target_value(&ev);
                                text.update(|t| {
                                    if let Some(slot) = t.get_mut(i) {
                                        *slot = value;
                                    }
                                });
                                if missing() {
                                    empty_prompts.update(|e| {
                                        e.remove(&i);
                                    });
                                }
                            }
                        ></textarea>
                        {move || {
                            missing()
                                .then(|| {
                                    view! {
                                        <p class="field-error" id=error_id.clone()>
                                            {message.clone()}
                                        </p>
                                    }
                                })
                        }}
                    </div>
                }
            })
            .collect_view()
    });

    let uploader = (file_response != Necessity::None).then(|| {
        view! {
            <FileUploader
                ora=ora
                files=files
                uploading=uploading
                locked=Signal::derive(move || busy.get() == Busy::Submitting)
                on_changed=Callback::new(move |message: String| {
                    other_problem.set(None);
                    save.run(Some(message));
                })
            />
        }
    });

    let rubric = settings
        .show_rubric_during_response
        .then(|| rubric_preview(&settings.rubric));

    let draft_status = move || {
        let saved_at = ora
            .view
            .with(|v| v.draft.as_ref().map(|d| local_datetime(&d.saved_at)));
        match (dirty.get(), saved_at) {
            (true, _) => "You have unsaved changes.".to_string(),
            (false, Some(at)) => format!("Draft saved at {at}."),
            (false, None) => "Not saved yet.".to_string(),
        }
    };
    let due = settings.submission_due.map(
        |due| view! { <p class="ora-due">{format!("Submit by {}.", local_datetime(&due))}</p> },
    );

    view! {
        <div class="ora-step-panel ora-response-step">
            <h3 id=heading_id tabindex="-1">"Your response"</h3>
            {due}
            <p class="field-hint">
                "Save a draft as often as you like. Once you submit, your response cannot be changed."
            </p>
            <form
                class="ora-response-form"
                novalidate
                on:submit=move |ev| {
                    ev.prevent_default();
                    save.run(None);
                }
            >
                {boxes}
                {uploader}
                {rubric}
                {move || {
                    other_problem
                        .get()
                        .map(|text| {
                            view! {
                                <p class="field-error" id=problem_id.clone() tabindex="-1">
                                    {text}
                                </p>
                            }
                        })
                }}
                {error_alert(error)}
                <div class="problem-actions">
                    <button
                        type="submit"
                        class="button button-secondary"
                        disabled=move || !idle()
                        aria-busy=move || (busy.get() == Busy::Saving).then_some("true")
                    >
                        "Save draft"
                    </button>
                    <button
                        type="button"
                        class="button button-primary"
                        id=submit_id
                        aria-expanded=move || if confirming.get() { "true" } else { "false" }
                        aria-controls=confirm_id.clone()
                        disabled=move || !idle() || confirming.get()
                        on:click=ask
                    >
                        "Submit response"
                    </button>
                    <span class="ora-draft-status">{draft_status}</span>
                </div>
                {move || {
                    confirming
                        .get()
                        .then(|| {
                            view! {
                                <ConfirmPanel
                                    id=confirm_id.clone()
                                    question="Submit your response?"
                                    consequence="You cannot change it after you submit it."
                                    confirm_label="Yes, submit my response"
                                    cancel_label="Keep editing"
                                    busy=Signal::derive(move || busy.get() == Busy::Submitting)
                                    on_confirm=submit
                                    on_cancel=cancel_submit
                                />
                            }
                        })
                }}
            </form>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(all: &[&str]) -> Vec<String> {
        all.iter().map(|t| t.to_string()).collect()
    }

    #[test]
    fn required_text_is_needed_for_every_prompt() {
        let (empty, other) = problems(
            &texts(&["An answer", "  "]),
            &[],
            Necessity::Required,
            Necessity::None,
        );
        assert_eq!(empty.into_iter().collect::<Vec<_>>(), vec![1]);
        assert_eq!(other, None);
    }

    #[test]
    fn an_optional_response_still_needs_something() {
        let (empty, other) = problems(&texts(&[""]), &[], Necessity::Optional, Necessity::Optional);
        assert!(empty.is_empty());
        assert_eq!(
            other.as_deref(),
            Some("Write a response or upload a file before submitting.")
        );
        let (_, other) = problems(
            &texts(&["Some text"]),
            &[],
            Necessity::Optional,
            Necessity::Optional,
        );
        assert_eq!(other, None);
    }

    #[test]
    fn required_files_are_needed() {
        let (_, other) = problems(
            &texts(&["Text"]),
            &[],
            Necessity::Required,
            Necessity::Required,
        );
        assert_eq!(
            other.as_deref(),
            Some("Upload at least one file before submitting.")
        );
    }
}
