//! What the component editors share: labelled fields whose errors (the
//! browser's checks or the API's `field`) sit next to them, the alert for
//! errors about no field in particular, Save and Cancel, and saving itself.

use leptos::{ev::SubmitEvent, prelude::*, task::spawn_local};
use lyceum_kit::{
    api,
    components::{Alert, Button, ButtonVariant},
    ApiError,
};
use shared_types::UpdateBlockRequest;

use super::UnitEditor;
use crate::components::outline::{dom_id, reorder::focus_soon};

/// Why an edit failed: a value the page itself refused, or the API's answer.
#[derive(Debug, Clone, Copy)]
pub struct Failure {
    api: RwSignal<Option<ApiError>>,
    invalid: RwSignal<Option<(&'static str, String)>>,
}

impl Failure {
    /// No failure yet.
    pub fn new() -> Self {
        Self {
            api: RwSignal::new(None),
            invalid: RwSignal::new(None),
        }
    }

    /// Forgets the last failure (before trying again).
    pub fn clear(&self) {
        self.api.set(None);
        self.invalid.set(None);
    }

    /// Records a value the page refuses, and focuses its input.
    pub fn invalid(&self, block: &str, field: &'static str, message: impl Into<String>) {
        self.invalid.set(Some((field, message.into())));
        focus_soon(input_id(block, field));
    }

    /// Records the API's answer; focuses the input it is about, if shown.
    pub fn api(&self, block: &str, error: ApiError) {
        if let Some(field) = error.field() {
            focus_soon(input_id(block, field));
        }
        self.api.set(Some(error));
    }

    /// The message about `field`, if the failure is about it (reactive).
    pub fn message(&self, field: &str) -> Option<String> {
        if let Some(message) = self.invalid.with(|invalid| {
            invalid
                .as_ref()
                .filter(|(f, _)| *f == field)
                .map(|(_, m)| m.clone())
        }) {
            return Some(message);
        }
        self.api.with(|error| {
            error
                .as_ref()
                .filter(|e| e.field() == Some(field))
                .map(|e| e.detail().to_string())
        })
    }
}

impl Default for Failure {
    fn default() -> Self {
        Self::new()
    }
}

/// The id of a block's input for one field.
pub fn input_id(block: &str, field: &str) -> String {
    dom_id(field, block)
}

/// The failure of an action on the unit, for errors no field shows. A
/// stale version means someone else changed the course: the fix is to
/// reload.
#[component]
pub fn UnitError(
    /// The API's answer.
    error: RwSignal<Option<ApiError>>,
    /// Fields whose errors are shown beside their inputs instead.
    #[prop(optional)]
    fields: &'static [&'static str],
) -> impl IntoView {
    let unit = UnitEditor::use_editor();
    move || {
        error.get().and_then(|error| {
            if error.field().is_some_and(|f| fields.contains(&f)) {
                return None;
            }
            Some(if error.is_stale_version() {
                view! {
                    <Alert>
                        <p>
                            "Someone else changed this course since you loaded it. "
                            "Reload to see the latest version of the unit, then try again."
                        </p>
                        <Button variant=ButtonVariant::Secondary on:click=move |_| unit.reload()>
                            "Reload"
                        </Button>
                    </Alert>
                }
                .into_any()
            } else {
                view! {
                    <Alert>
                        <p>{error.detail().to_string()}</p>
                    </Alert>
                }
                .into_any()
            })
        })
    }
}

/// The error under one input, tied to it by `<id>-error`.
#[component]
fn FieldMessage(id: String, failure: Failure, field: &'static str) -> impl IntoView {
    let error_id = format!("{id}-error");
    move || {
        failure.message(field).map(|message| {
            view! {
                <p class="field-error" id=error_id.clone() role="alert">
                    {message}
                </p>
            }
        })
    }
}

/// `aria-describedby` for an input with an optional hint and its error.
fn described_by(
    id: &str,
    hint: bool,
    failure: Failure,
    field: &'static str,
) -> impl Fn() -> Option<String> + Send + Sync + 'static {
    let hint_id = hint.then(|| format!("{id}-hint"));
    let error_id = format!("{id}-error");
    move || {
        let ids: Vec<&str> = hint_id
            .as_deref()
            .into_iter()
            .chain(failure.message(field).map(|_| error_id.as_str()))
            .collect();
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

/// A lasting explanation under an input.
fn hint_view(id: &str, hint: Option<&'static str>) -> Option<impl IntoView> {
    hint.map(|hint| {
        view! {
            <p class="field-hint" id=format!("{id}-hint")>
                {hint}
            </p>
        }
    })
}

/// A labelled one-line input for one field of a block.
#[component]
pub fn InputField(
    /// The block's key.
    block: String,
    /// The API's name of the field (its errors name it so).
    field: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    failure: Failure,
    /// `text` (the default) or `number`.
    #[prop(default = "text")]
    input_type: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    let id = input_id(&block, field);
    let step = (input_type == "number").then_some("any");
    let min = (input_type == "number").then_some("0");
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <input
                id=id.clone()
                type=input_type
                step=step
                min=min
                inputmode=(input_type == "number").then_some("decimal")
                required=required
                aria-required=required.then_some("true")
                aria-invalid=move || failure.message(field).map(|_| "true")
                aria-describedby=described_by(&id, hint.is_some(), failure, field)
                bind:value=value
            />
            {hint_view(&id, hint)}
            <FieldMessage id=id.clone() failure=failure field=field />
        </div>
    }
}

/// A labelled multi-line input for one field of a block.
#[component]
pub fn TextAreaField(
    block: String,
    field: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    failure: Failure,
    #[prop(default = 8)] rows: u32,
    /// Code (HTML, XML, Markdown): monospace, no spell checking.
    #[prop(optional)]
    code: bool,
    #[prop(optional)] hint: Option<&'static str>,
) -> impl IntoView {
    let id = input_id(&block, field);
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <textarea
                id=id.clone()
                class:code=code
                rows=rows
                spellcheck=if code { "false" } else { "true" }
                aria-invalid=move || failure.message(field).map(|_| "true")
                aria-describedby=described_by(&id, hint.is_some(), failure, field)
                bind:value=value
            ></textarea>
            {hint_view(&id, hint)}
            <FieldMessage id=id.clone() failure=failure field=field />
        </div>
    }
}

/// A labelled choice among fixed values for one field of a block.
#[component]
pub fn SelectField(
    block: String,
    field: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    failure: Failure,
    /// `(value, label)` pairs, in the order offered.
    options: Vec<(String, String)>,
    #[prop(optional)] hint: Option<&'static str>,
) -> impl IntoView {
    let id = input_id(&block, field);
    let options = options
        .into_iter()
        .map(|(option, text)| {
            let selected = option.clone();
            view! {
                <option value=option selected=move || value.with(|v| *v == selected)>
                    {text}
                </option>
            }
        })
        .collect_view();
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <select
                id=id.clone()
                aria-invalid=move || failure.message(field).map(|_| "true")
                aria-describedby=described_by(&id, hint.is_some(), failure, field)
                prop:value=move || value.get()
                on:change=move |ev| value.set(event_target_value(&ev))
            >
                {options}
            </select>
            {hint_view(&id, hint)}
            <FieldMessage id=id.clone() failure=failure field=field />
        </div>
    }
}

/// A labelled checkbox for one yes/no field of a block.
#[component]
pub fn CheckboxField(
    block: String,
    field: &'static str,
    label: &'static str,
    checked: RwSignal<bool>,
    failure: Failure,
) -> impl IntoView {
    let id = input_id(&block, field);
    view! {
        <div class="field field-checkbox">
            <input
                id=id.clone()
                type="checkbox"
                aria-invalid=move || failure.message(field).map(|_| "true")
                aria-describedby=described_by(&id, false, failure, field)
                bind:checked=checked
            />
            <label for=id.clone()>{label}</label>
            <FieldMessage id=id.clone() failure=failure field=field />
        </div>
    }
}

/// Keeps the page told whether an editor holds unsaved changes, and
/// forgets it when the editor closes.
pub fn track_unsaved(block: String, dirty: Memo<bool>) {
    let unit = UnitEditor::use_editor();
    {
        let block = block.clone();
        Effect::new(move |_| unit.set_unsaved(&block, dirty.get()));
    }
    on_cleanup(move || unit.set_unsaved(&block, false));
}

/// Asks before throwing away unsaved changes; true to go on.
fn confirm_discard(dirty: bool) -> bool {
    !dirty
        || window()
            .confirm_with_message("Discard your unsaved changes to this component?")
            .unwrap_or(false)
}

/// Saves a component's changes; on success reloads the unit, announces it
/// and calls `on_saved`, otherwise shows why.
pub fn save_component(
    unit: UnitEditor,
    block: String,
    name: String,
    request: UpdateBlockRequest,
    pending: RwSignal<bool>,
    failure: Failure,
    on_saved: Callback<()>,
) {
    pending.set(true);
    spawn_local(async move {
        match api::update_block(&block, &request).await {
            Ok(edited) => {
                unit.set_unsaved(&block, false);
                unit.edited(edited.version, format!("Saved \"{name}\"."));
                on_saved.run(());
            }
            Err(e) => failure.api(&block, e),
        }
        pending.set(false);
    });
}

/// Starts saving an editor's changes: the trimmed name and a request based
/// on the unit's version, which renames the component only if the name
/// changed. `None`, with the reason beside the name's input, when the name
/// is empty.
pub fn name_request(
    unit: UnitEditor,
    block: &str,
    failure: Failure,
    name: RwSignal<String>,
    initial: &str,
) -> Option<(String, UpdateBlockRequest)> {
    let display_name = name.get_untracked().trim().to_string();
    if display_name.is_empty() {
        failure.invalid(block, "display_name", "Enter a name.");
        return None;
    }
    let mut request = UpdateBlockRequest {
        base_version: unit.base_version(),
        ..Default::default()
    };
    if display_name != initial {
        request.display_name = Some(display_name.clone());
    }
    Some((display_name, request))
}

/// The frame of every component editor: the form, named after the
/// component, with its Display name first, then the editor's own fields
/// (`children`), the errors no field shows, Save and Cancel. A submit while
/// a save is pending is ignored; otherwise the last failure is forgotten and
/// `on_submit` runs. Cancel asks before throwing away unsaved changes.
#[component]
pub fn ComponentForm(
    /// The component's block key.
    block: String,
    /// The component's name as loaded (the form is "Edit <title>").
    title: String,
    name: RwSignal<String>,
    pending: RwSignal<bool>,
    failure: Failure,
    /// Fields whose errors are shown beside their inputs.
    fields: &'static [&'static str],
    /// Whether the editor holds unsaved changes.
    dirty: Memo<bool>,
    /// Validates and saves the editor's changes.
    on_submit: Callback<()>,
    on_close: Callback<()>,
    children: Children,
) -> impl IntoView {
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        failure.clear();
        on_submit.run(());
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
            on:submit=submit
            aria-label=format!("Edit {title}")
        >
            <InputField
                block=block
                field="display_name"
                label="Display name"
                value=name
                failure=failure
                required=true
            />
            {children()}
            <EditorActions pending=pending failure=failure fields=fields on_cancel=on_cancel />
        </form>
    }
}

/// Save and Cancel at the foot of an editor, and the errors no field shows.
#[component]
fn EditorActions(
    pending: RwSignal<bool>,
    failure: Failure,
    /// Fields whose errors are shown beside their inputs.
    fields: &'static [&'static str],
    on_cancel: Callback<()>,
) -> impl IntoView {
    view! {
        <UnitError error=failure.api fields=fields />
        <div class="editor-actions">
            <Button button_type="submit" busy=pending>
                "Save"
            </Button>
            <Button variant=ButtonVariant::Secondary on:click=move |_| on_cancel.run(())>
                "Cancel"
            </Button>
        </div>
    }
}

/// Parses an optional number of zero or more; empty means "leave unset".
pub fn parse_optional<T: std::str::FromStr + PartialOrd + Default>(
    text: &str,
) -> Result<Option<T>, &'static str> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    match text.parse::<T>() {
        Ok(value) if value >= T::default() => Ok(Some(value)),
        _ => Err("Enter a number of zero or more."),
    }
}

#[cfg(test)]
mod tests {
    use super::parse_optional;

    #[test]
    fn optional_numbers_are_empty_or_not_negative() {
        assert_eq!(parse_optional::<u32>(""), Ok(None));
        assert_eq!(parse_optional::<u32>(" 3 "), Ok(Some(3)));
        assert!(parse_optional::<u32>("-1").is_err());
        assert!(parse_optional::<f64>("-0.5").is_err());
        assert_eq!(parse_optional::<f64>("2.5"), Ok(Some(2.5)));
    }
}
