//! Labelled form controls beyond the kit's text field: date-times, numbers,
//! long text, choices and switches. Each ties its hint and its error to the
//! control (`aria-describedby`, `aria-invalid`), like the kit's `TextField`.

use leptos::prelude::*;

/// What kind of control a [`Field`] is.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldKind {
    /// A single line of text.
    Text,
    /// A date and time in the browser's time zone (`datetime-local`).
    DateTime,
    /// A number; `step` is `"1"` for whole numbers or `"any"`.
    Number {
        min: &'static str,
        max: Option<&'static str>,
        step: &'static str,
    },
    /// Several lines of text.
    TextArea { rows: u32 },
    /// One of a few values: `(value, label)` pairs.
    Select(Vec<(String, String)>),
}

/// The ids of a control's hint and error that describe it.
fn described_by(
    hint_id: Option<String>,
    error_id: String,
    error: Signal<Option<String>>,
) -> impl Fn() -> Option<String> + Clone + Send + Sync + 'static {
    move || {
        let ids: Vec<&str> = hint_id
            .as_deref()
            .into_iter()
            .chain(error.with(Option::is_some).then_some(error_id.as_str()))
            .collect();
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

/// A hint paragraph, when there is one.
fn hint_view(hint: Option<String>, hint_id: Option<String>) -> impl IntoView {
    hint.map(|hint| view! { <p class="field-hint" id=hint_id>{hint}</p> })
}

/// The error paragraph, announced when it appears.
fn error_view(error: Signal<Option<String>>, error_id: String) -> impl IntoView {
    move || {
        error.get().map(|message| {
            view! {
                <p class="field-error" id=error_id.clone() role="alert">
                    {message}
                </p>
            }
        })
    }
}

/// A labelled control holding its value as text.
#[component]
pub fn Field(
    /// The control's id; the hint gets `<id>-hint`, the error `<id>-error`.
    id: String,
    /// The visible label.
    #[prop(into)]
    label: String,
    /// The value, kept in sync both ways.
    value: RwSignal<String>,
    kind: FieldKind,
    /// A lasting explanation shown under the control.
    #[prop(into, optional)]
    hint: Option<String>,
    /// The current error, if any.
    #[prop(into, optional)]
    error: Signal<Option<String>>,
    /// Marks the field as required.
    #[prop(optional)]
    required: bool,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let hint_id = hint.as_ref().map(|_| format!("{id}-hint"));
    let described = described_by(hint_id.clone(), error_id.clone(), error);
    let invalid = move || error.with(Option::is_some).then_some("true");
    let control = match kind {
        FieldKind::Text | FieldKind::DateTime | FieldKind::Number { .. } => {
            let (input_type, min, max, step) = match kind {
                FieldKind::DateTime => ("datetime-local", None, None, None),
                FieldKind::Number { min, max, step } => ("number", Some(min), max, Some(step)),
                _ => ("text", None, None, None),
            };
            view! {
                <input
                    id=id.clone()
                    name=id.clone()
                    type=input_type
                    min=min
                    max=max
                    step=step
                    inputmode=(input_type == "number").then_some("decimal")
                    required=required
                    aria-required=required.then_some("true")
                    aria-invalid=invalid
                    aria-describedby=described
                    bind:value=value
                />
            }
            .into_any()
        }
        FieldKind::TextArea { rows } => view! {
            <textarea
                id=id.clone()
                name=id.clone()
                rows=rows
                aria-invalid=invalid
                aria-describedby=described
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            ></textarea>
        }
        .into_any(),
        FieldKind::Select(options) => {
            let options = options
                .into_iter()
                .map(|(option, text)| {
                    let selected = {
                        let option = option.clone();
                        move || value.with(|v| *v == option)
                    };
                    view! {
                        <option value=option selected=selected>
                            {text}
                        </option>
                    }
                })
                .collect_view();
            view! {
                <select
                    id=id.clone()
                    name=id.clone()
                    aria-invalid=invalid
                    aria-describedby=described
                    on:change=move |ev| value.set(event_target_value(&ev))
                >
                    {options}
                </select>
            }
            .into_any()
        }
    };
    view! {
        <div class="field">
            <label for=id>{label}</label>
            {control}
            {hint_view(hint, hint_id)}
            {error_view(error, error_id)}
        </div>
    }
}

/// A labelled checkbox.
#[component]
pub fn CheckboxField(
    id: String,
    #[prop(into)] label: String,
    checked: RwSignal<bool>,
    #[prop(into, optional)] hint: Option<String>,
    #[prop(into, optional)] error: Signal<Option<String>>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let hint_id = hint.as_ref().map(|_| format!("{id}-hint"));
    let described = described_by(hint_id.clone(), error_id.clone(), error);
    view! {
        <div class="field field-check">
            <input
                id=id.clone()
                name=id.clone()
                type="checkbox"
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby=described
                bind:checked=checked
            />
            <label for=id>{label}</label>
            {hint_view(hint, hint_id)}
            {error_view(error, error_id)}
        </div>
    }
}
