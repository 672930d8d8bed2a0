//! A capa problem in the courseware: the kit draws it; this component
//! submits, resets, reveals answers and hints, and shows the feedback.

use leptos::{ev::SubmitEvent, prelude::*, task::spawn_local};
use std::collections::BTreeMap;

use lyceum_kit::{
    api,
    components::{correctness_words, ProblemView},
};
use shared_types::{
    Correctness, ProblemAnswer, ProblemAnswers as RevealedAnswers, ProblemComponent, ProblemHint,
    ProblemInput, ProblemState, SubmissionResult, SubmitAnswers,
};

use crate::{format::points, pages::course::use_course};

/// What the problem is busy with; one action at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Busy {
    Idle,
    Submitting,
    Resetting,
    Revealing,
    Hinting,
}

/// A problem with its actions: Submit, Hint, Show answer and Reset as the
/// learner's state allows, the feedback of the last submission, the score
/// and the attempts.
#[component]
pub fn ProblemBlock(
    course_key: String,
    component: ProblemComponent,
    index: usize,
) -> impl IntoView {
    let course = use_course();
    let keys = StoredValue::new((course_key, component.id.clone()));
    let heading = format!("component-{index}-heading");
    let labelled = heading.clone();
    let prefix = format!("p{index}-");
    let name = component.display_name.clone();
    let state = RwSignal::new(component.state);
    let answers = RwSignal::new(state.with_untracked(|s| s.answers.clone()));
    // The problem is drawn again only when its text changes (a reset may
    // rerandomize it), not on every change of the learner's state.
    let problem = Memo::new(move |_| state.with(|s| s.problem.clone()));
    let busy = RwSignal::new(Busy::Idle);
    let error = RwSignal::new(None::<String>);
    let revealed = RwSignal::new(None::<RevealedAnswers>);
    let hints = RwSignal::new(Vec::<ProblemHint>::new());
    let idle = move || busy.get() == Busy::Idle;

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() != Busy::Idle || !state.with_untracked(|s| s.can_submit) {
            return;
        }
        let submitted = answers.get_untracked();
        let answered = submitted.values().any(|answer| match answer {
            ProblemAnswer::Text(text) => !text.trim().is_empty(),
            ProblemAnswer::Choices(chosen) => !chosen.is_empty(),
        });
        if !answered {
            error.set(Some("Answer the question before submitting.".to_string()));
            return;
        }
        busy.set(Busy::Submitting);
        error.set(None);
        let (course_key, id) = keys.get_value();
        spawn_local(async move {
            let request = SubmitAnswers { answers: submitted };
            match api::submit_problem(&course_key, &id, &request).await {
                Ok(result) => {
                    state.update(|s| apply_submission(s, request, result));
                    course.blocks.refetch();
                    // What the learner may do next (answer, reset, wait)
                    // depends on policies only the server knows.
                    match api::get_problem(&course_key, &id).await {
                        Ok(fresh) => state.update(|s| refresh_permissions(s, &fresh)),
                        Err(e) => log::warn!("could not refresh the problem's state: {e}"),
                    }
                }
                // 422: an answer the problem cannot evaluate; no attempt used.
                Err(e) => error.set(Some(e.detail().to_string())),
            }
            busy.set(Busy::Idle);
        });
    };

    let reset = move |_| {
        if busy.get_untracked() != Busy::Idle {
            return;
        }
        busy.set(Busy::Resetting);
        error.set(None);
        let (course_key, id) = keys.get_value();
        spawn_local(async move {
            match api::reset_problem(&course_key, &id).await {
                Ok(fresh) => {
                    answers.set(fresh.answers.clone());
                    state.set(fresh);
                    revealed.set(None);
                    hints.set(Vec::new());
                    course.blocks.refetch();
                }
                Err(e) => error.set(Some(e.detail().to_string())),
            }
            busy.set(Busy::Idle);
        });
    };

    let reveal = move |_| {
        if busy.get_untracked() != Busy::Idle {
            return;
        }
        busy.set(Busy::Revealing);
        error.set(None);
        let (course_key, id) = keys.get_value();
        spawn_local(async move {
            match api::show_problem_answer(&course_key, &id).await {
                Ok(shown) => revealed.set(Some(shown)),
                Err(e) => error.set(Some(e.detail().to_string())),
            }
            busy.set(Busy::Idle);
        });
    };

    let hint = move |_| {
        if busy.get_untracked() != Busy::Idle {
            return;
        }
        busy.set(Busy::Hinting);
        error.set(None);
        let (course_key, id) = keys.get_value();
        spawn_local(async move {
            match api::next_problem_hint(&course_key, &id).await {
                Ok(next) => hints.update(|shown| {
                    if !shown.iter().any(|h| h.index == next.index) {
                        shown.push(next);
                    }
                }),
                Err(e) => error.set(Some(e.detail().to_string())),
            }
            busy.set(Busy::Idle);
        });
    };

    // Each input's correctness beside it, until the learner changes that
    // answer.
    let status = Signal::derive(move || {
        let current = answers.get();
        state.with(|s| {
            s.inputs
                .iter()
                .filter(|(id, _)| current.get(*id) == s.answers.get(*id))
                .map(|(id, feedback)| (id.clone(), feedback.correctness))
                .collect::<BTreeMap<String, Correctness>>()
        })
    });
    let drawn = move || {
        view! {
            <ProblemView
                problem=problem.get()
                answers=answers
                disabled=Signal::derive(move || busy.get() != Busy::Idle)
                id_prefix=prefix.clone()
                status=status
            />
        }
    };

    let feedback = move || state.with(feedback_view);

    let hint_button = move || {
        let count = state.with(|s| s.hint_count);
        (count > 0).then(|| {
            let shown = hints.with(Vec::len) as u32;
            let all_shown = shown >= count;
            view! {
                <button
                    type="button"
                    class="button button-secondary"
                    disabled=move || !idle() || all_shown
                    aria-busy=move || (busy.get() == Busy::Hinting).then_some("true")
                    on:click=hint
                >
                    {if all_shown {
                        format!("All {count} hints shown")
                    } else {
                        format!("Hint ({} of {count})", shown + 1)
                    }}
                </button>
            }
        })
    };
    let answer_button = move || {
        state.with(|s| s.can_show_answer).then(|| {
            view! {
                <button
                    type="button"
                    class="button button-secondary"
                    disabled=move || !idle()
                    aria-busy=move || (busy.get() == Busy::Revealing).then_some("true")
                    on:click=reveal
                >
                    "Show answer"
                </button>
            }
        })
    };
    let reset_button = move || {
        state.with(|s| s.can_reset).then(|| {
            view! {
                <button
                    type="button"
                    class="button button-secondary"
                    disabled=move || !idle()
                    aria-busy=move || (busy.get() == Busy::Resetting).then_some("true")
                    on:click=reset
                >
                    "Reset"
                </button>
            }
        })
    };

    let hint_list = move || {
        let shown = hints.get();
        (!shown.is_empty()).then(|| {
            let items = shown
                .into_iter()
                .map(|h| {
                    view! {
                        <li>
                            <span class="visually-hidden">{format!("Hint {} of {}: ", h.index + 1, h.count)}</span>
                            <span inner_html=h.html></span>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <div class="problem-hints" data-testid="problem-hints">
                    <h3>"Hints"</h3>
                    <ol>{items}</ol>
                </div>
            }
        })
    };

    let answer_view = move || {
        revealed.get().map(|shown| {
            let inputs: Vec<ProblemInput> = state.with(|s| s.problem.inputs().cloned().collect());
            answers_view(&inputs, shown)
        })
    };

    view! {
        <section
            class="unit-component problem-block"
            aria-labelledby=labelled
            data-testid="problem"
        >
            <h2 id=heading>{name}</h2>
            <form class="problem-form" novalidate on:submit=submit>
                {drawn}
                <div class="problem-status" role="status" aria-live="polite">
                    {feedback}
                </div>
                {move || {
                    error
                        .get()
                        .map(|text| {
                            view! {
                                <div class="alert alert-error" role="alert" data-testid="problem-error">
                                    <p>{text}</p>
                                </div>
                            }
                        })
                }}
                {hint_list}
                {answer_view}
                <div class="problem-actions">
                    <button
                        type="submit"
                        class="button button-primary"
                        disabled=move || !idle() || !state.with(|s| s.can_submit)
                        aria-busy=move || (busy.get() == Busy::Submitting).then_some("true")
                    >
                        "Submit"
                    </button>
                    {hint_button}
                    {answer_button}
                    {reset_button}
                </div>
                <p class="problem-meta" data-testid="problem-meta">
                    {move || state.with(score_text)}
                    " "
                    {move || state.with(attempts_text)}
                </p>
                {move || {
                    state
                        .with(|s| {
                            if s.can_submit { None } else { s.cannot_submit_reason.clone() }
                        })
                        .map(|reason| view! { <p class="problem-blocked">{reason}</p> })
                }}
            </form>
        </section>
    }
}

/// The state after a graded submission.
fn apply_submission(state: &mut ProblemState, request: SubmitAnswers, result: SubmissionResult) {
    state.answers = request.answers;
    state.inputs = result.inputs;
    state.correctness = Some(result.correctness);
    state.earned = result.earned;
    state.possible = result.possible;
    state.attempts_used = result.attempts_used;
    state.attempts_allowed = result.attempts_allowed;
    // Until the server says more: no submission beyond the attempts allowed.
    let left = result
        .attempts_allowed
        .is_none_or(|allowed| result.attempts_used < allowed);
    state.can_submit = state.can_submit && left;
    if !left {
        state.cannot_submit_reason = Some("You have used all your attempts.".to_string());
    }
}

/// Takes what the learner may do next from a fresh state, keeping the
/// answers and feedback on screen.
fn refresh_permissions(state: &mut ProblemState, fresh: &ProblemState) {
    state.can_submit = fresh.can_submit;
    state.cannot_submit_reason = fresh.cannot_submit_reason.clone();
    state.wait_seconds = fresh.wait_seconds;
    state.can_reset = fresh.can_reset;
    state.can_show_answer = fresh.can_show_answer;
    state.hint_count = fresh.hint_count;
    state.attempts_used = fresh.attempts_used;
    state.attempts_allowed = fresh.attempts_allowed;
}

/// Correctness of each answered input of the last submission, with the
/// author's hint for the chosen answer.
fn feedback_view(state: &ProblemState) -> Option<AnyView> {
    if state.inputs.is_empty() {
        return None;
    }
    let inputs: Vec<&ProblemInput> = state.problem.inputs().collect();
    let many = inputs.len() > 1;
    let items = inputs
        .iter()
        .enumerate()
        .filter_map(|(i, input)| state.inputs.get(&input.id).map(|feedback| (i, feedback)))
        .map(|(i, feedback)| {
            let (kind, icon, word) = correctness_words(feedback.correctness);
            let class = format!("feedback {kind}");
            let text = if many {
                format!("Question {}: {word}", i + 1)
            } else {
                word.to_string()
            };
            let hint = feedback
                .hint
                .clone()
                .map(|html| view! { <div class="feedback-hint" inner_html=html></div> });
            view! {
                <li class=class data-testid="problem-feedback">
                    <span class="feedback-icon" aria-hidden="true">{icon}</span>
                    <span class="feedback-word">{text}</span>
                    {hint}
                </li>
            }
        })
        .collect_view();
    Some(view! { <ul class="problem-feedback">{items}</ul> }.into_any())
}

fn plural(count: f64, one: &str, many: &str) -> String {
    if (count - 1.0).abs() < f64::EPSILON {
        one.to_string()
    } else {
        many.to_string()
    }
}

/// "Score: 1/1 point" after a submission, "1 point possible" before.
fn score_text(state: &ProblemState) -> String {
    let unit = plural(state.possible, "point", "points");
    match state.earned {
        Some(earned) => format!(
            "Score: {}/{} {unit}.",
            points(earned),
            points(state.possible)
        ),
        None => format!(
            "{} {unit} possible (ungraded until you submit).",
            points(state.possible)
        ),
    }
}

/// "You have used 1 of 3 attempts." or the attempts so far when unlimited.
fn attempts_text(state: &ProblemState) -> String {
    match state.attempts_allowed {
        Some(allowed) => format!(
            "You have used {} of {allowed} attempt{}.",
            state.attempts_used,
            if allowed == 1 { "" } else { "s" }
        ),
        None if state.attempts_used > 0 => format!(
            "{} attempt{} so far.",
            state.attempts_used,
            if state.attempts_used == 1 { "" } else { "s" }
        ),
        None => String::new(),
    }
}

/// The correct answers, input by input, and the author's explanation.
fn answers_view(inputs: &[ProblemInput], shown: RevealedAnswers) -> impl IntoView {
    let many = inputs.len() > 1;
    let rows = inputs
        .iter()
        .enumerate()
        .filter_map(|(i, input)| {
            shown
                .answers
                .get(&input.id)
                .map(|answer| (i, input, answer))
        })
        .map(|(i, input, answer)| {
            let term = match (&input.label, many) {
                (Some(label), _) => view! { <dt inner_html=label.clone()></dt> }.into_any(),
                (None, true) => view! { <dt>{format!("Question {}", i + 1)}</dt> }.into_any(),
                (None, false) => view! { <dt>"Answer"</dt> }.into_any(),
            };
            view! {
                {term}
                <dd>{answer_text(input, answer)}</dd>
            }
        })
        .collect_view();
    let solution = shown.solution.map(|html| {
        view! {
            <div class="problem-solution">
                <h4>"Explanation"</h4>
                <div inner_html=html></div>
            </div>
        }
    });
    view! {
        <div class="problem-answer" data-testid="problem-answer">
            <h3>"Answer"</h3>
            <dl class="details">{rows}</dl>
            {solution}
        </div>
    }
}

/// An answer as the learner saw the choices (their labels, sanitized HTML
/// from the server), or the typed text as text.
fn answer_text(input: &ProblemInput, answer: &ProblemAnswer) -> AnyView {
    let label_of = |value: &str| {
        input
            .choices
            .iter()
            .find(|choice| choice.value == value)
            .map(|choice| choice.label.clone())
    };
    match answer {
        ProblemAnswer::Text(value) => match label_of(value) {
            Some(label) => view! { <span inner_html=label></span> }.into_any(),
            None => view! { <code>{value.clone()}</code> }.into_any(),
        },
        ProblemAnswer::Choices(values) => {
            let items = values
                .iter()
                .map(|value| match label_of(value) {
                    Some(label) => view! { <li inner_html=label></li> }.into_any(),
                    None => view! { <li>{value.clone()}</li> }.into_any(),
                })
                .collect_view();
            view! { <ul class="problem-answer-choices">{items}</ul> }.into_any()
        }
    }
}
