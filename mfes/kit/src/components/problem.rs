use std::collections::BTreeMap;

use leptos::prelude::*;
use shared_types::{
    Correctness, ProblemAnswer, ProblemChoice, ProblemDescription, ProblemInput, ProblemInputKind,
    ProblemPart, RenderedProblem,
};

/// The learner's answers to a problem, by capa input id (`1_2_1`).
pub type ProblemAnswers = BTreeMap<String, ProblemAnswer>;

/// Draws a capa problem from the API's render model: the problem text
/// (sanitized HTML from the server) and its inputs, in the author's order.
///
/// Choice groups are `fieldset`s whose `legend` is the question; every other
/// input has a `label`; descriptions are tied to their input with
/// `aria-describedby`. The answers live in `answers` (the learning MFE reads
/// them to submit); the authoring preview may omit it and pass `disabled`.
/// With `status`, each graded input shows its correctness beside it (an
/// icon and a word), tied to the input with `aria-describedby` so a screen
/// reader announces it with the input; incorrect inputs are `aria-invalid`.
#[component]
pub fn ProblemView(
    /// The problem to draw.
    problem: RenderedProblem,
    /// The answers by input id, updated as the learner answers; without it
    /// the answers stay inside the view.
    #[prop(optional)]
    answers: Option<RwSignal<ProblemAnswers>>,
    /// Called with the input id and its new answer whenever one changes.
    #[prop(into, optional)]
    on_change: Option<Callback<(String, ProblemAnswer)>>,
    /// Draws every input disabled (a read-only preview, or while submitting).
    #[prop(into, optional)]
    disabled: MaybeProp<bool>,
    /// Prefixes every DOM id, so that several problems can share a page.
    #[prop(into, optional)]
    id_prefix: String,
    /// The correctness of each input of the last graded submission, by
    /// input id; inputs without an entry show no status.
    #[prop(into, optional)]
    status: Option<Signal<BTreeMap<String, Correctness>>>,
) -> impl IntoView {
    let answers = answers.unwrap_or_else(|| RwSignal::new(ProblemAnswers::new()));
    let ctx = InputContext {
        answers,
        on_change,
        disabled,
        prefix: id_prefix,
        status,
    };
    let parts = problem
        .parts
        .into_iter()
        .map(|part| match part {
            ProblemPart::Html(text) => {
                view! { <div class="problem-text" inner_html=text.html></div> }.into_any()
            }
            ProblemPart::Input(input) => render_input(&ctx, input),
            ProblemPart::Unsupported(question) => view! {
                <div class="problem-unsupported" role="note">
                    <p>
                        "This question ("
                        <code>{question.response_type}</code>
                        ") cannot be shown here."
                    </p>
                    <p class="problem-unsupported-reason">{question.reason}</p>
                </div>
            }
            .into_any(),
        })
        .collect_view();
    view! { <div class="problem">{parts}</div> }
}

/// What every input needs from the problem.
#[derive(Clone)]
struct InputContext {
    answers: RwSignal<ProblemAnswers>,
    on_change: Option<Callback<(String, ProblemAnswer)>>,
    disabled: MaybeProp<bool>,
    prefix: String,
    status: Option<Signal<BTreeMap<String, Correctness>>>,
}

impl InputContext {
    fn dom_id(&self, input_id: &str) -> String {
        format!("{}input_{input_id}", self.prefix)
    }

    fn set(&self, input_id: &str, answer: Option<ProblemAnswer>) {
        let id = input_id.to_owned();
        match answer {
            Some(answer) => {
                self.answers.update(|all| {
                    all.insert(id.clone(), answer.clone());
                });
                if let Some(on_change) = self.on_change {
                    on_change.run((id, answer));
                }
            }
            None => {
                self.answers.update(|all| {
                    all.remove(&id);
                });
                if let Some(on_change) = self.on_change {
                    on_change.run((id, ProblemAnswer::Text(String::new())));
                }
            }
        }
    }

    fn text(&self, input_id: &str) -> impl Fn() -> String + Send + Sync + 'static {
        let answers = self.answers;
        let id = input_id.to_owned();
        move || {
            answers.with(|all| match all.get(&id) {
                Some(ProblemAnswer::Text(text)) => text.clone(),
                _ => String::new(),
            })
        }
    }

    fn is_chosen(&self, input_id: &str, value: &str) -> impl Fn() -> bool + Send + Sync + 'static {
        let answers = self.answers;
        let id = input_id.to_owned();
        let value = value.to_owned();
        move || {
            answers.with(|all| match all.get(&id) {
                Some(ProblemAnswer::Text(chosen)) => *chosen == value,
                Some(ProblemAnswer::Choices(chosen)) => chosen.contains(&value),
                None => false,
            })
        }
    }

    fn is_disabled(&self) -> impl Fn() -> bool + Send + Sync + 'static {
        let disabled = self.disabled;
        move || disabled.get().unwrap_or(false)
    }

    /// The input's correctness in the last graded submission, if shown.
    fn correctness(
        &self,
        input_id: &str,
    ) -> impl Fn() -> Option<Correctness> + Send + Sync + 'static {
        let status = self.status;
        let id = input_id.to_owned();
        move || status.and_then(|s| s.with(|all| all.get(&id).copied()))
    }

    /// `aria-describedby` for the input: its descriptions, `extra` (a
    /// format hint) and its status while it has one.
    fn described_by(
        &self,
        input_id: &str,
        descriptions: &[ProblemDescription],
        extra: Option<String>,
    ) -> impl Fn() -> Option<String> + Send + Sync + 'static {
        let ids: Vec<String> = descriptions
            .iter()
            .map(|d| format!("{}{}", self.prefix, d.id))
            .chain(extra)
            .collect();
        let status_id = status_id(&self.dom_id(input_id));
        let correctness = self.correctness(input_id);
        move || {
            let mut all = ids.clone();
            if correctness().is_some() {
                all.push(status_id.clone());
            }
            (!all.is_empty()).then(|| all.join(" "))
        }
    }

    /// `aria-invalid` while the input's last graded answer is incorrect.
    fn invalid(&self, input_id: &str) -> impl Fn() -> Option<&'static str> + Send + Sync + 'static {
        let correctness = self.correctness(input_id);
        move || (correctness() == Some(Correctness::Incorrect)).then_some("true")
    }

    /// The input's status beside it: an icon and a word.
    fn status_view(&self, input_id: &str) -> impl IntoView {
        let id = status_id(&self.dom_id(input_id));
        let correctness = self.correctness(input_id);
        move || {
            correctness().map(|c| {
                let (class, icon, word) = correctness_words(c);
                view! {
                    <span class=format!("problem-input-status {class}") id=id.clone() data-testid="input-status">
                        <span aria-hidden="true">{icon}</span>
                        " "
                        {word}
                    </span>
                }
            })
        }
    }

    fn descriptions(&self, descriptions: Vec<ProblemDescription>) -> impl IntoView {
        let prefix = self.prefix.clone();
        descriptions
            .into_iter()
            .map(|d| {
                view! {
                    <p class="problem-description" id=format!("{prefix}{}", d.id) inner_html=d.html></p>
                }
            })
            .collect_view()
    }
}

fn status_id(dom_id: &str) -> String {
    format!("{dom_id}_status")
}

/// The class, icon and word for a correctness.
pub fn correctness_words(correctness: Correctness) -> (&'static str, &'static str, &'static str) {
    match correctness {
        Correctness::Correct => ("feedback-correct", "✓", "Correct"),
        Correctness::PartiallyCorrect => ("feedback-partial", "◐", "Partially correct"),
        Correctness::Incorrect => ("feedback-incorrect", "✗", "Incorrect"),
        Correctness::Submitted => ("feedback-submitted", "•", "Submitted"),
    }
}

fn render_input(ctx: &InputContext, input: ProblemInput) -> AnyView {
    match input.kind {
        ProblemInputKind::Radio | ProblemInputKind::Checkbox => choice_group(ctx, input),
        ProblemInputKind::Select => select(ctx, input),
        ProblemInputKind::Text | ProblemInputKind::Numeric | ProblemInputKind::Formula => {
            text_input(ctx, input)
        }
    }
}

/// Radio buttons or checkboxes in a `fieldset` whose `legend` is the question.
fn choice_group(ctx: &InputContext, input: ProblemInput) -> AnyView {
    let multiple = input.kind == ProblemInputKind::Checkbox;
    let group_id = ctx.dom_id(&input.id);
    let described_by = ctx.described_by(&input.id, &input.descriptions, None);
    let invalid = ctx.invalid(&input.id);
    let status = ctx.status_view(&input.id);
    let legend = match input.label {
        Some(label) => {
            view! { <legend class="problem-label" inner_html=label></legend> }.into_any()
        }
        None => view! { <legend class="visually-hidden">"Answer"</legend> }.into_any(),
    };
    let descriptions = ctx.descriptions(input.descriptions);
    let choices = input
        .choices
        .into_iter()
        .map(|choice| choice_option(ctx, &input.id, &group_id, multiple, choice))
        .collect_view();
    view! {
        <fieldset
            class="problem-input problem-choices"
            id=group_id
            aria-describedby=described_by
            aria-invalid=invalid
        >
            {legend}
            {descriptions}
            <div class="problem-choice-list">{choices}</div>
            {status}
        </fieldset>
    }
    .into_any()
}

fn choice_option(
    ctx: &InputContext,
    input_id: &str,
    group_id: &str,
    multiple: bool,
    choice: ProblemChoice,
) -> impl IntoView {
    let dom_id = format!("{group_id}_{}", choice.value);
    let checked = ctx.is_chosen(input_id, &choice.value);
    let on_change = {
        let ctx = ctx.clone();
        let id = input_id.to_owned();
        let value = choice.value.clone();
        move |ev| {
            if !multiple {
                ctx.set(&id, Some(ProblemAnswer::Text(value.clone())));
                return;
            }
            let checked = event_target_checked(&ev);
            let mut chosen = ctx.answers.with_untracked(|all| match all.get(&id) {
                Some(ProblemAnswer::Choices(chosen)) => chosen.clone(),
                _ => Vec::new(),
            });
            chosen.retain(|v| *v != value);
            if checked {
                chosen.push(value.clone());
            }
            ctx.set(&id, Some(ProblemAnswer::Choices(chosen)));
        }
    };
    view! {
        <div class="problem-choice">
            <input
                type=if multiple { "checkbox" } else { "radio" }
                id=dom_id.clone()
                name=group_id.to_owned()
                value=choice.value
                prop:checked=checked
                disabled=ctx.is_disabled()
                on:change=on_change
            />
            <label for=dom_id inner_html=choice.label></label>
        </div>
    }
}

/// A drop-down list with its label.
fn select(ctx: &InputContext, input: ProblemInput) -> AnyView {
    let dom_id = ctx.dom_id(&input.id);
    let described_by = ctx.described_by(&input.id, &input.descriptions, None);
    let invalid = ctx.invalid(&input.id);
    let status = ctx.status_view(&input.id);
    let label = label_for(&dom_id, input.label);
    let descriptions = ctx.descriptions(input.descriptions);
    let current = ctx.text(&input.id);
    let on_change = {
        let ctx = ctx.clone();
        let id = input.id.clone();
        move |ev| {
            let value = event_target_value(&ev);
            let answer = (!value.is_empty()).then_some(ProblemAnswer::Text(value));
            ctx.set(&id, answer);
        }
    };
    let options = input
        .choices
        .into_iter()
        .map(|option| {
            let selected = ctx.is_chosen(&input.id, &option.value);
            view! {
                <option value=option.value prop:selected=selected>
                    {option.label}
                </option>
            }
        })
        .collect_view();
    view! {
        <div class="problem-input problem-field">
            {label}
            {descriptions}
            <select
                id=dom_id.clone()
                name=dom_id
                aria-describedby=described_by
                aria-invalid=invalid
                prop:value=current
                disabled=ctx.is_disabled()
                on:change=on_change
            >
                <option value="">"Select an option"</option>
                {options}
            </select>
            {status}
        </div>
    }
    .into_any()
}

/// A text box for text, numbers or formulas.
fn text_input(ctx: &InputContext, input: ProblemInput) -> AnyView {
    let dom_id = ctx.dom_id(&input.id);
    let label = label_for(&dom_id, input.label);
    let current = ctx.text(&input.id);
    let (class, hint) = match input.kind {
        ProblemInputKind::Numeric => (
            "problem-text-input problem-numeric",
            Some("A number or an expression, such as 1.5e3 or sqrt(2)/2."),
        ),
        ProblemInputKind::Formula => (
            "problem-text-input problem-formula",
            Some("A formula, such as x^2 + 2*y."),
        ),
        _ => ("problem-text-input", None),
    };
    let hint_id = format!("{dom_id}_hint");
    let described_by = ctx.described_by(
        &input.id,
        &input.descriptions,
        hint.map(|_| hint_id.clone()),
    );
    let invalid = ctx.invalid(&input.id);
    let status = ctx.status_view(&input.id);
    let descriptions = ctx.descriptions(input.descriptions);
    let hint = hint.map(|hint| view! { <p class="problem-input-hint" id=hint_id>{hint}</p> });
    let on_input = {
        let ctx = ctx.clone();
        let id = input.id.clone();
        move |ev| ctx.set(&id, Some(ProblemAnswer::Text(event_target_value(&ev))))
    };
    view! {
        <div class="problem-input problem-field">
            {label}
            {descriptions}
            <input
                type="text"
                class=class
                id=dom_id.clone()
                name=dom_id
                size=input.size
                autocomplete="off"
                spellcheck="false"
                aria-describedby=described_by
                aria-invalid=invalid
                prop:value=current
                disabled=ctx.is_disabled()
                on:input=on_input
            />
            {status}
            {hint}
        </div>
    }
    .into_any()
}

fn label_for(dom_id: &str, label: Option<String>) -> AnyView {
    match label {
        Some(label) => {
            view! { <label class="problem-label" for=dom_id.to_owned() inner_html=label></label> }
                .into_any()
        }
        None => view! { <label class="visually-hidden" for=dom_id.to_owned()>"Answer"</label> }
            .into_any(),
    }
}
