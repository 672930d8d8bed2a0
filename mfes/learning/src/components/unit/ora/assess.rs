//! Assessing with the rubric: a peer's response (one after another, as
//! the server hands them out) and the learner's own.

use leptos::{prelude::*, task::spawn_local};
use lyceum_kit::{
    api,
    components::{
        focus_later,
        ora::{OraResponseView, RubricAnswers, RubricForm},
    },
};
use shared_types::{OraAssessmentInput, OraPeerAssessmentInput, OraPeerTask, Rubric};

use super::{error_alert, Ora};
use crate::format::local_datetime;

/// The rubric form and its submit button; `on_submit` receives the
/// assessment once every criterion is answered as the rubric asks, else
/// the focus goes to the first one that is not.
#[component]
fn AssessForm(
    rubric: Rubric,
    answers: RubricAnswers,
    /// Prefixes the form's DOM ids.
    id_prefix: String,
    button_label: &'static str,
    busy: RwSignal<bool>,
    error: RwSignal<Option<String>>,
    on_submit: Callback<OraAssessmentInput>,
) -> impl IntoView {
    let stored = StoredValue::new(rubric.clone());
    let prefix = id_prefix.clone();
    let submit = move |_| {
        if busy.get_untracked() {
            return;
        }
        error.set(None);
        match stored.with_value(|r| answers.assessment(r)) {
            Some(input) => on_submit.run(input),
            None => {
                let count = answers.error_count();
                error.set(Some(if count == 1 {
                    "One criterion needs your attention.".to_string()
                } else {
                    format!("{count} criteria need your attention.")
                }));
                if let Some(id) = stored.with_value(|r| answers.first_invalid_id(r, &prefix)) {
                    focus_later(id);
                }
            }
        }
    };
    view! {
        <form class="ora-assess-form" novalidate on:submit=move |ev| ev.prevent_default()>
            <RubricForm
                rubric=rubric
                answers=answers
                id_prefix=id_prefix
                disabled=Signal::derive(move || busy.get())
            />
            {error_alert(error)}
            <div class="problem-actions">
                <button
                    type="button"
                    class="button button-primary"
                    disabled=move || busy.get()
                    aria-busy=move || busy.get().then_some("true")
                    on:click=submit
                >
                    {button_label}
                </button>
            </div>
        </form>
    }
}

/// "You have assessed 1 of 3 responses."
fn graded_text(graded: u32, must_grade: u32) -> String {
    format!(
        "You have assessed {graded} of {must_grade} response{}.",
        if must_grade == 1 { "" } else { "s" }
    )
}

/// The peer step: the counts, a button for the next response to assess,
/// and the response with the rubric.
#[component]
pub fn PeerStep(ora: Ora) -> impl IntoView {
    let rubric = ora.view.with_untracked(|v| v.settings.rubric.clone());
    let answers = RubricAnswers::new(&rubric);
    let rubric = StoredValue::new(rubric);
    let task = RwSignal::new(None::<OraPeerTask>);
    let nothing = RwSignal::new(false);
    let fetching = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let heading_id = ora.id("step-heading");
    let next_id = ora.id("peer-next");
    let task_heading = ora.id("peer-task");
    let prefix = ora.id("peer-");

    let counts = move || {
        ora.view.with(|v| {
            v.peer
                .as_ref()
                .map(|p| graded_text(p.graded, p.must_grade))
                .unwrap_or_default()
        })
    };

    let next = {
        let task_heading = task_heading.clone();
        move |_| {
            if fetching.get_untracked() {
                return;
            }
            fetching.set(true);
            error.set(None);
            let task_heading = task_heading.clone();
            spawn_local(async move {
                match api::next_ora_peer_task(&ora.course_key(), &ora.usage_key()).await {
                    Ok(Some(found)) => {
                        rubric.with_value(|r| answers.clear(r));
                        nothing.set(false);
                        task.set(Some(found));
                        ora.announcement.set(String::new());
                        focus_later(task_heading);
                    }
                    Ok(None) => {
                        nothing.set(true);
                        ora.announcement
                            .set("There are no responses to assess right now.".to_string());
                    }
                    Err(e) => error.set(Some(e.detail().to_string())),
                }
                fetching.set(false);
            });
        }
    };

    let on_submit = {
        let next_id = next_id.clone();
        Callback::new(move |input: OraAssessmentInput| {
            let Some(submission) =
                task.with_untracked(|t| t.as_ref().map(|t| t.submission.clone()))
            else {
                return;
            };
            busy.set(true);
            let body = OraPeerAssessmentInput {
                submission,
                criteria: input.criteria,
                feedback: input.feedback,
            };
            let next_id = next_id.clone();
            spawn_local(async move {
                match api::submit_ora_peer_assessment(&ora.course_key(), &ora.usage_key(), &body)
                    .await
                {
                    Ok(view) => {
                        let counts = view
                            .peer
                            .as_ref()
                            .map(|p| format!(" {}", graded_text(p.graded, p.must_grade)))
                            .unwrap_or_default();
                        task.set(None);
                        ora.apply(view, format!("Assessment submitted.{counts}"));
                        focus_later(next_id);
                    }
                    Err(e) => error.set(Some(e.detail().to_string())),
                }
                busy.set(false);
            });
        })
    };

    let nothing_view = move || {
        (nothing.get() && task.with(Option::is_none)).then(|| {
            view! {
                <div class="alert alert-info">
                    <p>
                        "There are no responses to assess right now. Other learners are still writing theirs; try again later."
                    </p>
                    <p>{counts}</p>
                </div>
            }
        })
    };

    let task_view = {
        let (task_heading, prefix) = (task_heading.clone(), prefix.clone());
        move || {
            task.get().map(|current| {
                view! {
                    <div class="ora-peer-task">
                        <h4 id=task_heading.clone() tabindex="-1">"Response to assess"</h4>
                        <p class="field-hint">
                            {format!(
                                "This response is kept for you until {}.",
                                local_datetime(&current.locked_until),
                            )}
                        </p>
                        <OraResponseView response=current.response />
                        <AssessForm
                            rubric=rubric.get_value()
                            answers=answers
                            id_prefix=prefix.clone()
                            button_label="Submit assessment"
                            busy=busy
                            error=error
                            on_submit=on_submit
                        />
                    </div>
                }
            })
        }
    };

    view! {
        <div class="ora-step-panel ora-peer-step">
            <h3 id=heading_id tabindex="-1">"Assess your peers"</h3>
            <p>
                "Read other learners' responses and assess each with the rubric. Your own response is graded by your peers in the same way."
            </p>
            <p class="ora-counts">{counts}</p>
            {nothing_view}
            {move || {
                task.with(Option::is_none)
                    .then(|| {
                        view! {
                            <p>
                                <button
                                    type="button"
                                    class="button button-primary"
                                    id=next_id.clone()
                                    disabled=move || fetching.get()
                                    aria-busy=move || fetching.get().then_some("true")
                                    on:click=next.clone()
                                >
                                    "Assess next response"
                                </button>
                            </p>
                            {error_alert(error)}
                        }
                    })
            }}
            {task_view}
        </div>
    }
}

/// The self step: the learner's own response and the rubric.
#[component]
pub fn SelfStep(ora: Ora) -> impl IntoView {
    let (rubric, response) = ora.view.with_untracked(|v| {
        (
            v.settings.rubric.clone(),
            v.submission.as_ref().map(|s| s.response.clone()),
        )
    });
    let answers = RubricAnswers::new(&rubric);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let heading_id = ora.id("step-heading");
    let on_submit = Callback::new(move |input: OraAssessmentInput| {
        busy.set(true);
        spawn_local(async move {
            match api::submit_ora_self_assessment(&ora.course_key(), &ora.usage_key(), &input).await
            {
                Ok(view) => ora.apply(view, "Self assessment submitted.".to_string()),
                Err(e) => error.set(Some(e.detail().to_string())),
            }
            busy.set(false);
        });
    });
    view! {
        <div class="ora-step-panel ora-self-step">
            <h3 id=heading_id tabindex="-1">"Assess your response"</h3>
            <p>"Read your response again and assess it with the rubric."</p>
            <h4>"Your response"</h4>
            {match response {
                Some(response) => view! { <OraResponseView response=response /> }.into_any(),
                None => view! { <p>"Your response could not be found."</p> }.into_any(),
            }}
            <AssessForm
                rubric=rubric
                answers=answers
                id_prefix=ora.id("self-")
                button_label="Submit self assessment"
                busy=busy
                error=error
                on_submit=on_submit
            />
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::graded_text;

    #[test]
    fn peer_counts_read_as_a_sentence() {
        assert_eq!(graded_text(1, 3), "You have assessed 1 of 3 responses.");
        assert_eq!(graded_text(0, 1), "You have assessed 0 of 1 response.");
    }
}
