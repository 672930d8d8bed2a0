//! The problem editor: the simple editor (Open edX's markdown-style problem
//! syntax, which the server turns into problem XML), the advanced editor
//! (the OLX itself) and the problem's settings.

use leptos::{html, prelude::*, task::spawn_local};
use lyceum_kit::{api, components::ProblemView};
use shared_types::{BlockDetail, ProblemPreview, ProblemPreviewRequest, UpdateBlockRequest};

use super::{
    field_bool, field_str,
    form::{
        parse_optional, save_component, track_unsaved, CheckboxField, ComponentForm, Failure,
        InputField, SelectField, TextAreaField,
    },
    UnitEditor,
};
use crate::components::outline::{dom_id, reorder::focus_soon};

/// How long typing must pause before the preview is asked for.
const PREVIEW_DELAY_MS: u64 = 500;

/// Open edX's `showanswer` choices, with what they mean.
const SHOWANSWER: &[(&str, &str)] = &[
    ("always", "Always"),
    ("answered", "Answered"),
    ("attempted", "Attempted or past due"),
    ("attempted_no_past_due", "Attempted"),
    ("closed", "Closed"),
    ("finished", "Finished"),
    ("correct_or_past_due", "Correct or past due"),
    ("past_due", "Past due"),
    ("never", "Never"),
    ("after_all_attempts", "After all attempts"),
    (
        "after_all_attempts_or_correct",
        "After all attempts or correct",
    ),
    ("after_attempts", "After a number of attempts"),
];

/// Open edX's `rerandomize` choices.
const RERANDOMIZE: &[(&str, &str)] = &[
    ("never", "Never"),
    ("always", "Always"),
    ("onreset", "On reset"),
    ("per_student", "Per student"),
];

/// The fields whose errors show beside their inputs.
const FIELDS: &[&str] = &[
    "display_name",
    "markdown",
    "data",
    "weight",
    "max_attempts",
    "showanswer",
    "show_reset_button",
    "rerandomize",
    "submission_wait_seconds",
];

/// `(value, label)` options with a first "course default" choice.
fn choices(values: &[(&str, &str)]) -> Vec<(String, String)> {
    std::iter::once((String::new(), "Course default".to_string()))
        .chain(values.iter().map(|(v, l)| (v.to_string(), l.to_string())))
        .collect()
}

/// Edits a problem's content and settings.
#[component]
pub fn ProblemEditor(detail: BlockDetail, on_close: Callback<()>) -> impl IntoView {
    let unit = UnitEditor::use_editor();
    let block = detail.id.clone();
    let fields = detail.fields.clone();
    let initial_markdown = field_str(&fields, "markdown");
    let initial_xml = detail.data.clone().unwrap_or_default();
    // The simple editor opens what it wrote, or a problem with no content
    // yet; a problem written in XML stays in the advanced editor, as in
    // Open edX.
    let starts_simple = !initial_markdown.trim().is_empty() || initial_xml.trim().is_empty();
    let simple = RwSignal::new(starts_simple);
    let markdown = RwSignal::new(initial_markdown.clone());
    let xml = RwSignal::new(if initial_xml.trim().is_empty() {
        "<problem>\n</problem>\n".to_string()
    } else {
        initial_xml.clone()
    });
    let confirming_switch = RwSignal::new(false);

    let initial = Settings::read(&detail);
    let name = RwSignal::new(initial.name.clone());
    let weight = RwSignal::new(initial.weight.clone());
    let max_attempts = RwSignal::new(initial.max_attempts.clone());
    let showanswer = RwSignal::new(initial.showanswer.clone());
    let show_reset = RwSignal::new(initial.show_reset);
    let rerandomize = RwSignal::new(initial.rerandomize.clone());
    let wait = RwSignal::new(initial.wait.clone());
    let current = move || Settings {
        name: name.get(),
        weight: weight.get(),
        max_attempts: max_attempts.get(),
        showanswer: showanswer.get(),
        show_reset: show_reset.get(),
        rerandomize: rerandomize.get(),
        wait: wait.get(),
    };

    let failure = Failure::new();
    let pending = RwSignal::new(false);
    let dirty = {
        let (initial, initial_markdown, initial_xml) = (
            initial.clone(),
            initial_markdown.clone(),
            initial_xml.clone(),
        );
        Memo::new(move |_| {
            current() != initial
                || simple.get() != starts_simple
                || markdown.with(|m| *m != initial_markdown)
                || (!simple.get() && xml.with(|x| *x != initial_xml))
        })
    };
    track_unsaved(block.clone(), dirty);

    let on_submit = {
        let block = block.clone();
        Callback::new(move |()| {
            let now = current();
            let mut request = UpdateBlockRequest {
                base_version: unit.base_version(),
                ..Default::default()
            };
            if let Err((field, message)) = now.apply(&initial, &mut request) {
                failure.invalid(&block, field, message);
                return;
            }
            if simple.get_untracked() {
                let source = markdown.get_untracked();
                if source.trim().is_empty() {
                    failure.invalid(
                        &block,
                        "markdown",
                        "Write the problem, or use the advanced editor.",
                    );
                    return;
                }
                if source != initial_markdown {
                    request.markdown = Some(source);
                }
            } else {
                let source = xml.get_untracked();
                if source != initial_xml {
                    request.data = Some(source);
                }
                if !initial_markdown.is_empty() {
                    // Leaving the simple editor drops its text for good.
                    request.markdown = Some(String::new());
                }
            }
            let display_name = request
                .display_name
                .clone()
                .unwrap_or_else(|| initial.name.clone());
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

    let switch_button = NodeRef::<html::Button>::new();
    let advanced_id = dom_id("data", &block);
    let content = {
        let block = block.clone();
        let advanced_id = advanced_id.clone();
        move || {
            if simple.get() {
                let advanced_id = advanced_id.clone();
                let dialog = move || {
                    let advanced_id = advanced_id.clone();
                    confirming_switch.get().then(move || {
                        let go = NodeRef::<html::Button>::new();
                        Effect::new(move |_| {
                            if let Some(button) = go.get() {
                                let _ = button.focus();
                            }
                        });
                        let advanced_id = advanced_id.clone();
                        view! {
                            <div
                                class="confirm"
                                role="alertdialog"
                                aria-labelledby="switch-advanced-title"
                                on:keydown=move |ev| {
                                    if ev.key() == "Escape" {
                                        confirming_switch.set(false);
                                        if let Some(b) = switch_button.get_untracked() {
                                            let _ = b.focus();
                                        }
                                    }
                                }
                            >
                                <p id="switch-advanced-title">
                                    "The advanced editor edits the problem's XML, converted from what you wrote. \
                                     The simple-editor text is dropped when you save, and this problem cannot \
                                     go back to the simple editor."
                                </p>
                                <button
                                    type="button"
                                    class="button button-danger"
                                    node_ref=go
                                    on:click=move |_| {
                                        let advanced_id = advanced_id.clone();
                                        let source = markdown.get_untracked();
                                        spawn_local(async move {
                                            // The advanced editor starts from what the simple
                                            // editor holds now, converted by the server.
                                            if !source.trim().is_empty() {
                                                let request = ProblemPreviewRequest {
                                                    markdown: Some(source),
                                                    data: None,
                                                };
                                                match api::preview_problem(&request).await {
                                                    Ok(preview) => xml.set(preview.data),
                                                    Err(e) => {
                                                        failure.api(&advanced_id, e);
                                                        return;
                                                    }
                                                }
                                            }
                                            confirming_switch.set(false);
                                            simple.set(false);
                                            focus_soon(advanced_id);
                                        });
                                    }
                                >
                                    "Use the advanced editor"
                                </button>
                                <button
                                    type="button"
                                    class="button button-secondary"
                                    on:click=move |_| {
                                        confirming_switch.set(false);
                                        if let Some(b) = switch_button.get_untracked() {
                                            let _ = b.focus();
                                        }
                                    }
                                >
                                    "Keep the simple editor"
                                </button>
                            </div>
                        }
                    })
                };
                view! {
                    <TextAreaField
                        block=block.clone()
                        field="markdown"
                        label="Problem (simple editor)"
                        value=markdown
                        failure=failure
                        rows=12
                        code=true
                        hint="Open edX problem syntax; see the cheat sheet below."
                    />
                    <CheatSheet />
                    <button
                        type="button"
                        class="button button-secondary"
                        node_ref=switch_button
                        aria-expanded=move || if confirming_switch.get() { "true" } else { "false" }
                        on:click=move |_| confirming_switch.set(true)
                    >
                        "Advanced (OLX) editor"
                    </button>
                    {dialog}
                }
                .into_any()
            } else {
                view! {
                    <TextAreaField
                        block=block.clone()
                        field="data"
                        label="Problem XML (advanced editor)"
                        value=xml
                        failure=failure
                        rows=16
                        code=true
                    />
                }
                .into_any()
            }
        }
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
            {content}
            <ProblemPreviewPane block=block.clone() simple=simple markdown=markdown xml=xml />
            <fieldset class="settings">
                <legend>"Settings"</legend>
                <InputField
                    block=block.clone()
                    field="weight"
                    label="Weight (points)"
                    value=weight
                    failure=failure
                    input_type="number"
                    hint="Empty: one point per question."
                />
                <InputField
                    block=block.clone()
                    field="max_attempts"
                    label="Attempts allowed"
                    value=max_attempts
                    failure=failure
                    input_type="number"
                    hint="Empty: the course default; 0: unlimited."
                />
                <SelectField
                    block=block.clone()
                    field="showanswer"
                    label="Show answer"
                    value=showanswer
                    failure=failure
                    options=choices(SHOWANSWER)
                />
                <SelectField
                    block=block.clone()
                    field="rerandomize"
                    label="Randomization"
                    value=rerandomize
                    failure=failure
                    options=choices(RERANDOMIZE)
                />
                <InputField
                    block=block.clone()
                    field="submission_wait_seconds"
                    label="Seconds between submissions"
                    value=wait
                    failure=failure
                    input_type="number"
                />
                <CheckboxField
                    block=block.clone()
                    field="show_reset_button"
                    label="Show the reset button"
                    checked=show_reset
                    failure=failure
                />
            </fieldset>
        </ComponentForm>
    }
}

/// The problem as learners will see it, drawn from what the editor holds
/// once typing pauses (the server converts and renders it).
#[component]
fn ProblemPreviewPane(
    block: String,
    simple: RwSignal<bool>,
    markdown: RwSignal<String>,
    xml: RwSignal<String>,
) -> impl IntoView {
    let preview = RwSignal::new(None::<ProblemPreview>);
    let error = RwSignal::new(None::<String>);
    let rendering = RwSignal::new(false);
    let timer = StoredValue::new(None::<TimeoutHandle>);
    // Answers can arrive out of order; only the latest request's counts.
    let sequence = StoredValue::new(0_u64);
    Effect::new(move |_| {
        let request = if simple.get() {
            ProblemPreviewRequest {
                markdown: Some(markdown.get()),
                data: None,
            }
        } else {
            ProblemPreviewRequest {
                markdown: None,
                data: Some(xml.get()),
            }
        };
        if let Some(handle) = timer.get_value() {
            handle.clear();
        }
        let blank = request
            .markdown
            .as_deref()
            .or(request.data.as_deref())
            .is_none_or(|s| s.trim().is_empty());
        if blank {
            preview.set(None);
            error.set(None);
            return;
        }
        let handle = set_timeout_with_handle(
            move || {
                let ticket = sequence.get_value() + 1;
                sequence.set_value(ticket);
                rendering.set(true);
                spawn_local(async move {
                    let result = api::preview_problem(&request).await;
                    if sequence.try_get_value() != Some(ticket) {
                        return;
                    }
                    match result {
                        Ok(shown) => {
                            preview.set(Some(shown));
                            error.set(None);
                        }
                        Err(e) => error.set(Some(e.detail().to_string())),
                    }
                    rendering.set(false);
                });
            },
            std::time::Duration::from_millis(PREVIEW_DELAY_MS),
        )
        .ok();
        timer.set_value(handle);
    });
    on_cleanup(move || {
        if let Some(Some(handle)) = timer.try_get_value() {
            handle.clear();
        }
    });

    let heading_id = dom_id("problem-preview", &block);
    let labelled_by = heading_id.clone();
    let prefix = format!("{heading_id}-");
    view! {
        <section class="preview problem-preview" aria-labelledby=labelled_by>
            <h4 id=heading_id>
                "Preview" {move || rendering.get().then_some(" (updating…)")}
            </h4>
            {move || {
                error
                    .get()
                    .map(|message| {
                        view! {
                            <p class="field-error" role="alert">
                                {message}
                            </p>
                        }
                    })
            }}
            <div class="preview-body" data-testid="problem-preview">
                {move || match preview.get() {
                    Some(shown) => {
                        view! {
                            <ProblemView
                                problem=shown.problem
                                disabled=true
                                id_prefix=prefix.clone()
                            />
                        }
                            .into_any()
                    }
                    None => view! { <p class="muted">"Nothing to preview yet."</p> }.into_any(),
                }}
            </div>
        </section>
    }
}

/// A problem's settings as the form holds them (numbers as typed).
#[derive(Debug, Clone, PartialEq)]
struct Settings {
    name: String,
    weight: String,
    max_attempts: String,
    showanswer: String,
    show_reset: bool,
    rerandomize: String,
    wait: String,
}

impl Settings {
    fn read(detail: &BlockDetail) -> Self {
        let f = &detail.fields;
        Self {
            name: detail.display_name.clone(),
            weight: field_str(f, "weight"),
            max_attempts: field_str(f, "max_attempts"),
            showanswer: field_str(f, "showanswer"),
            show_reset: field_bool(f, "show_reset_button").unwrap_or(false),
            rerandomize: field_str(f, "rerandomize"),
            wait: field_str(f, "submission_wait_seconds"),
        }
    }

    /// Puts what changed since `initial` in `request`, or names the field
    /// whose value cannot be saved.
    fn apply(
        &self,
        initial: &Settings,
        request: &mut UpdateBlockRequest,
    ) -> Result<(), (&'static str, String)> {
        let name = self.name.trim();
        if name.is_empty() {
            return Err(("display_name", "Enter a name.".into()));
        }
        if name != initial.name {
            request.display_name = Some(name.to_string());
        }
        let number = |field: &'static str| move |m: &str| (field, m.to_string());
        if self.weight != initial.weight {
            request.weight = parse_optional::<f64>(&self.weight).map_err(number("weight"))?;
        }
        if self.max_attempts != initial.max_attempts {
            request.max_attempts =
                parse_optional::<u32>(&self.max_attempts).map_err(number("max_attempts"))?;
        }
        if self.wait != initial.wait {
            request.submission_wait_seconds =
                parse_optional::<u32>(&self.wait).map_err(number("submission_wait_seconds"))?;
        }
        if self.showanswer != initial.showanswer && !self.showanswer.is_empty() {
            request.showanswer = Some(self.showanswer.clone());
        }
        if self.rerandomize != initial.rerandomize && !self.rerandomize.is_empty() {
            request.rerandomize = Some(self.rerandomize.clone());
        }
        if self.show_reset != initial.show_reset {
            request.show_reset_button = Some(self.show_reset);
        }
        Ok(())
    }
}

/// A short reminder of the simple editor's syntax.
#[component]
fn CheatSheet() -> impl IntoView {
    const ROWS: &[(&str, &str)] = &[
        (">>Question?<<", "The question (its label)"),
        (
            "( ) wrong\n(x) right",
            "Multiple choice: one correct answer",
        ),
        ("[ ] wrong\n[x] right", "Checkboxes: every correct answer"),
        ("[[wrong, (right)]]", "Dropdown"),
        ("= 42 +- 0.5", "Numerical input, with a tolerance"),
        (
            "= Paris\nor= paris",
            "Text input, with other accepted answers",
        ),
        (
            "[explanation]\n…\n[explanation]",
            "The explanation shown with the answer",
        ),
        ("||A hint||", "A hint"),
    ];
    let rows = ROWS
        .iter()
        .map(|(syntax, meaning)| {
            view! {
                <tr>
                    <td>
                        <pre>
                            <code>{*syntax}</code>
                        </pre>
                    </td>
                    <td>{*meaning}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <details class="cheat-sheet">
            <summary>"Simple editor syntax"</summary>
            <table>
                <thead>
                    <tr>
                        <th scope="col">"Write"</th>
                        <th scope="col">"To get"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </details>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> Settings {
        Settings {
            name: "Check".into(),
            weight: String::new(),
            max_attempts: String::new(),
            showanswer: String::new(),
            show_reset: false,
            rerandomize: String::new(),
            wait: String::new(),
        }
    }

    #[test]
    fn only_changed_settings_are_sent() {
        let initial = settings();
        let mut now = settings();
        now.max_attempts = "3".into();
        let mut request = UpdateBlockRequest::default();
        now.apply(&initial, &mut request).unwrap();
        assert_eq!(request.max_attempts, Some(3));
        assert_eq!(request.display_name, None);
        assert_eq!(request.weight, None);
    }

    #[test]
    fn a_negative_weight_is_refused_beside_its_field() {
        let initial = settings();
        let mut now = settings();
        now.weight = "-1".into();
        let error = now
            .apply(&initial, &mut UpdateBlockRequest::default())
            .unwrap_err();
        assert_eq!(error.0, "weight");
    }
}
