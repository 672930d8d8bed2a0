//! Student training: the learner assesses the course team's example
//! responses, one after another, until their choices match the team's.

use leptos::{prelude::*, task::spawn_local};
use lyceum_kit::{
    api,
    components::{
        focus_later,
        ora::{OraResponseView, RubricAnswers, RubricForm},
    },
};
use shared_types::{OraResponse, OraTrainingInput, StepKind};

use super::{error_alert, Ora};

/// The training step: example `passed + 1` of the course team's examples,
/// the rubric's options, and what differed after a try.
#[component]
pub fn TrainingStep(ora: Ora) -> impl IntoView {
    let (rubric, examples, count, passed) = ora.view.with_untracked(|v| {
        let examples: Vec<Vec<String>> = v
            .settings
            .steps
            .iter()
            .find(|s| s.kind == StepKind::StudentTraining)
            .map(|s| s.examples.iter().map(|e| e.answer.clone()).collect())
            .unwrap_or_default();
        let count = (v.training_examples as usize).max(examples.len());
        (
            v.settings.rubric.clone(),
            examples,
            count,
            v.training_passed as usize,
        )
    });
    let rubric = StoredValue::new(rubric);
    let examples = StoredValue::new(examples);
    // The next example is the first not passed yet.
    let current = RwSignal::new(passed);
    let answers = rubric.with_value(RubricAnswers::new);
    let mismatched = RwSignal::new(Vec::<String>::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let prefix = ora.id("training-");
    let example_heading = ora.id("training-example");
    let heading_id = ora.id("step-heading");

    let submit = {
        let (prefix, example_heading) = (prefix.clone(), example_heading.clone());
        move |_| {
            if busy.get_untracked() {
                return;
            }
            error.set(None);
            let Some(options) = rubric.with_value(|r| answers.selected_options(r)) else {
                if let Some(id) = rubric.with_value(|r| answers.first_invalid_id(r, &prefix)) {
                    focus_later(id);
                }
                return;
            };
            let example = current.get_untracked();
            let input = OraTrainingInput {
                example: example as u32,
                options_selected: options,
            };
            busy.set(true);
            let (prefix, example_heading) = (prefix.clone(), example_heading.clone());
            spawn_local(async move {
                match api::submit_ora_training(&ora.course_key(), &ora.usage_key(), &input).await {
                    Ok(result) if result.mismatched.is_empty() => {
                        let passed = result.passed as usize;
                        mismatched.set(Vec::new());
                        rubric.with_value(|r| answers.clear(r));
                        current.set(passed);
                        let message = if passed >= count {
                            "Your assessment matches the course team's. Training is done."
                                .to_string()
                        } else {
                            format!(
                                "Your assessment matches the course team's. Here is example {} of {count}.",
                                passed + 1
                            )
                        };
                        ora.apply(result.view, message);
                        focus_later(example_heading);
                    }
                    Ok(result) => {
                        let labels: Vec<String> = rubric.with_value(|r| {
                            result
                                .mismatched
                                .iter()
                                .map(|name| {
                                    r.criteria
                                        .iter()
                                        .find(|c| &c.name == name)
                                        .map(|c| c.label.clone())
                                        .unwrap_or_else(|| name.clone())
                                })
                                .collect()
                        });
                        let first = rubric.with_value(|r| {
                            r.criteria
                                .iter()
                                .position(|c| result.mismatched.contains(&c.name))
                        });
                        mismatched.set(result.mismatched.clone());
                        ora.apply(
                            result.view,
                            format!(
                                "Not quite: your choices differ from the course team's for {}. Try again.",
                                labels.join(", ")
                            ),
                        );
                        if let Some(i) = first {
                            focus_later(format!("{prefix}c{i}-o0"));
                        }
                    }
                    Err(e) => error.set(Some(e.detail().to_string())),
                }
                busy.set(false);
            });
        }
    };

    let example = move || {
        let i = current.get();
        match examples.with_value(|all| all.get(i).cloned()) {
            Some(text) => view! {
                <OraResponseView response=OraResponse { text, files: Vec::new() } />
            }
            .into_any(),
            None => view! { <p>"There is no example to assess right now."</p> }.into_any(),
        }
    };
    let differs = Signal::derive(move || mismatched.get());

    view! {
        <div class="ora-step-panel ora-training-step">
            <h3 id=heading_id tabindex="-1">"Learn to assess"</h3>
            <p>
                "Assess these example responses the way the course team did. Once your choices match theirs for an example, you move on to the next."
            </p>
            <h4 id=example_heading tabindex="-1">
                {move || format!("Example {} of {count}", (current.get() + 1).min(count.max(1)))}
            </h4>
            {example}
            <form
                class="ora-assess-form"
                novalidate
                on:submit=move |ev| ev.prevent_default()
            >
                {rubric
                    .with_value(|r| {
                        view! {
                            <RubricForm
                                rubric=r.clone()
                                answers=answers
                                id_prefix=prefix.clone()
                                options_only=true
                                disabled=Signal::derive(move || busy.get())
                                mismatched=differs
                            />
                        }
                    })}
                {error_alert(error)}
                <div class="problem-actions">
                    <button
                        type="button"
                        class="button button-primary"
                        disabled=move || busy.get()
                        aria-busy=move || busy.get().then_some("true")
                        on:click=submit
                    >
                        "Check my assessment"
                    </button>
                </div>
            </form>
        </div>
    }
}
