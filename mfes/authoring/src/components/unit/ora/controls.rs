//! What the assessment editor's sections share: the form as context, and
//! labelled controls bound to one value of it whose problems (the page's or
//! the server's) sit next to them.

use leptos::prelude::*;

use super::model::{FormProblem, OraForm, Section};
use crate::components::outline::{dom_id, reorder::focus_soon};

/// The editor's state, shared by its sections.
#[derive(Clone, Copy)]
pub struct Ctx {
    /// The assessment's block key (ids are unique per block).
    pub block: StoredValue<String>,
    pub form: RwSignal<OraForm>,
    /// What stopped the last save, found by the page or the server.
    pub problems: RwSignal<Vec<FormProblem>>,
}

impl Ctx {
    /// The DOM id of the input with the local id `target`.
    pub fn id(&self, target: &str) -> String {
        self.block
            .with_value(|block| dom_id(&format!("ora-{target}"), block))
    }

    /// A value of the form, recomputed only when it changes.
    pub fn value<T>(&self, read: impl Fn(&OraForm) -> T + Send + Sync + 'static) -> Signal<T>
    where
        T: Clone + PartialEq + Send + Sync + 'static,
    {
        let form = self.form;
        Memo::new(move |_| form.with(&read)).into()
    }

    /// Changes the form.
    pub fn edit(&self, change: impl FnOnce(&mut OraForm)) {
        self.form.update(change);
    }

    /// The problem about the input `target`, if any (reactive).
    pub fn message(&self, target: &str) -> Option<String> {
        self.problems.with(|problems| {
            problems
                .iter()
                .find(|p| p.target.as_deref() == Some(target))
                .map(|p| p.message.clone())
        })
    }

    /// Focuses the input `target` once it is drawn.
    pub fn focus(&self, target: &str) {
        focus_soon(self.id(target));
    }
}

/// `aria-describedby` for a control with an optional hint and a problem.
fn described_by(
    ctx: Ctx,
    id: &str,
    target: &str,
    hint: bool,
) -> impl Fn() -> Option<String> + Send + Sync + 'static {
    let hint_id = hint.then(|| format!("{id}-hint"));
    let error_id = format!("{id}-error");
    let target = target.to_string();
    move || {
        let ids: Vec<&str> = hint_id
            .as_deref()
            .into_iter()
            .chain(ctx.message(&target).map(|_| error_id.as_str()))
            .collect();
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

/// The hint and the problem under a control.
fn notes(ctx: Ctx, id: &str, target: &str, hint: Option<String>) -> impl IntoView {
    let hint = hint.map(|hint| {
        view! {
            <p class="field-hint" id=format!("{id}-hint")>
                {hint}
            </p>
        }
    });
    let error_id = format!("{id}-error");
    let target = target.to_string();
    let error = move || {
        ctx.message(&target).map(|message| {
            view! {
                <p class="field-error" id=error_id.clone()>
                    {message}
                </p>
            }
        })
    };
    view! {
        {hint}
        {error}
    }
}

/// What kind of one-line input a [`TextControl`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InputKind {
    #[default]
    Text,
    /// A whole number of 0 or more.
    Count,
    /// A date and time in the browser's time zone.
    DateTime,
}

/// A labelled one-line input bound to one value of the form.
#[component]
pub fn TextControl(
    ctx: Ctx,
    /// The input's local id (see [`super::model::input_target`]).
    #[prop(into)]
    target: String,
    #[prop(into)] label: Signal<String>,
    value: Signal<String>,
    set: Callback<String>,
    #[prop(optional)] kind: InputKind,
    #[prop(optional, into)] hint: Option<String>,
) -> impl IntoView {
    let id = ctx.id(&target);
    let (input_type, min, step, inputmode) = match kind {
        InputKind::Text => ("text", None, None, None),
        InputKind::Count => ("number", Some("0"), Some("1"), Some("numeric")),
        InputKind::DateTime => ("datetime-local", None, None, None),
    };
    let invalid = {
        let target = target.clone();
        move || ctx.message(&target).map(|_| "true")
    };
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <input
                id=id.clone()
                type=input_type
                min=min
                step=step
                inputmode=inputmode
                aria-invalid=invalid
                aria-describedby=described_by(ctx, &id, &target, hint.is_some())
                prop:value=move || value.get()
                on:input=move |ev| set.run(event_target_value(&ev))
            />
            {notes(ctx, &id, &target, hint)}
        </div>
    }
}

/// A labelled multi-line input bound to one value of the form.
#[component]
pub fn AreaControl(
    ctx: Ctx,
    #[prop(into)] target: String,
    #[prop(into)] label: Signal<String>,
    value: Signal<String>,
    set: Callback<String>,
    #[prop(default = 3)] rows: u32,
    /// HTML or XML: monospace, no spell checking.
    #[prop(optional, into)]
    code: MaybeProp<bool>,
    #[prop(optional, into)] hint: Option<String>,
) -> impl IntoView {
    let id = ctx.id(&target);
    let invalid = {
        let target = target.clone();
        move || ctx.message(&target).map(|_| "true")
    };
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <textarea
                id=id.clone()
                rows=rows
                class:code=move || code.get().unwrap_or(false)
                spellcheck=move || if code.get().unwrap_or(false) { "false" } else { "true" }
                aria-invalid=invalid
                aria-describedby=described_by(ctx, &id, &target, hint.is_some())
                prop:value=move || value.get()
                on:input=move |ev| set.run(event_target_value(&ev))
            ></textarea>
            {notes(ctx, &id, &target, hint)}
        </div>
    }
}

/// A labelled choice among fixed values, bound to one value of the form.
#[component]
pub fn SelectControl(
    ctx: Ctx,
    #[prop(into)] target: String,
    #[prop(into)] label: Signal<String>,
    value: Signal<String>,
    set: Callback<String>,
    /// `(value, label)` pairs, in the order offered.
    options: Vec<(String, String)>,
    #[prop(optional, into)] hint: Option<String>,
) -> impl IntoView {
    let id = ctx.id(&target);
    let options = options
        .into_iter()
        .map(|(option, text)| {
            let chosen = option.clone();
            view! {
                <option value=option selected=move || value.with(|v| *v == chosen)>
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
                aria-describedby=described_by(ctx, &id, &target, hint.is_some())
                prop:value=move || value.get()
                on:change=move |ev| set.run(event_target_value(&ev))
            >
                {options}
            </select>
            {notes(ctx, &id, &target, hint)}
        </div>
    }
}

/// `(value, label)` pairs from static ones.
pub fn choices(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(v, l)| (v.to_string(), l.to_string()))
        .collect()
}

/// A labelled checkbox bound to one yes/no value of the form.
#[component]
pub fn CheckControl(
    ctx: Ctx,
    #[prop(into)] target: String,
    #[prop(into)] label: Signal<String>,
    checked: Signal<bool>,
    set: Callback<bool>,
    #[prop(optional, into)] hint: Option<String>,
) -> impl IntoView {
    let id = ctx.id(&target);
    view! {
        <div class="field-check">
            <input
                id=id.clone()
                type="checkbox"
                aria-describedby=described_by(ctx, &id, &target, hint.is_some())
                prop:checked=move || checked.get()
                on:change=move |ev| set.run(event_target_checked(&ev))
            />
            <label for=id.clone()>{label}</label>
            {notes(ctx, &id, &target, hint)}
        </div>
    }
}

/// Move up, move down and (when `on_remove` is given) remove buttons for a
/// row named `name` ("prompt 2"); after a move the same button keeps the
/// focus, or the other one when the row reached an end.
#[component]
pub fn RowActions(
    ctx: Ctx,
    /// The row's local id; the buttons' ids derive from it.
    #[prop(into)]
    target: String,
    #[prop(into)] name: Signal<String>,
    /// The row's 0-based place and the number of rows.
    place: Signal<(usize, usize)>,
    /// Moves the row up (`true`) or down.
    on_move: Callback<bool>,
    #[prop(optional)] on_remove: Option<Callback<()>>,
) -> impl IntoView {
    let up_target = format!("{target}-up");
    let down_target = format!("{target}-down");
    let up_id = ctx.id(&up_target);
    let down_id = ctx.id(&down_target);
    let moved = move |up: bool| {
        on_move.run(up);
        let (index, count) = place.get_untracked();
        let at_end = if up { index == 0 } else { index + 1 >= count };
        let keep = if up == at_end {
            down_target.clone()
        } else {
            up_target.clone()
        };
        ctx.focus(&keep);
    };
    let moved_up = moved.clone();
    let remove = on_remove.map(|on_remove| {
        view! {
            <button
                type="button"
                class="button button-secondary"
                aria-label=move || format!("Remove {}", name.get())
                on:click=move |_| on_remove.run(())
            >
                "Remove"
            </button>
        }
    });
    view! {
        <span class="reorder row-actions">
            <button
                type="button"
                class="button button-secondary button-icon"
                id=up_id
                aria-label=move || format!("Move {} up", name.get())
                title="Move up"
                disabled=move || place.get().0 == 0
                on:click=move |_| moved_up(true)
            >
                <span aria-hidden="true">"↑"</span>
            </button>
            <button
                type="button"
                class="button button-secondary button-icon"
                id=down_id
                aria-label=move || format!("Move {} down", name.get())
                title="Move down"
                disabled=move || {
                    let (index, count) = place.get();
                    index + 1 >= count
                }
                on:click=move |_| moved(false)
            >
                <span aria-hidden="true">"↓"</span>
            </button>
            {remove}
        </span>
    }
}

/// The server's problems about a section, at its top; `id` ties them to
/// the section (`aria-describedby`).
#[component]
pub fn SectionProblems(ctx: Ctx, section: Section, id: String) -> impl IntoView {
    move || {
        let messages: Vec<String> = ctx.problems.with(|problems| {
            problems
                .iter()
                .filter(|p| p.section == section && p.target.is_none())
                .map(|p| p.message.clone())
                .collect()
        });
        (!messages.is_empty()).then(|| {
            view! {
                <ul class="field-error section-problems" id=id.clone()>
                    {messages.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}
                </ul>
            }
        })
    }
}

/// `aria-describedby` for a section with [`SectionProblems`] `id`.
pub fn section_described_by(
    ctx: Ctx,
    section: Section,
    id: String,
) -> impl Fn() -> Option<String> + Send + Sync + 'static {
    move || {
        ctx.problems
            .with(|problems| {
                problems
                    .iter()
                    .any(|p| p.section == section && p.target.is_none())
            })
            .then(|| id.clone())
    }
}
