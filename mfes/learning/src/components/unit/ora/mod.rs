//! An open response assessment in the courseware: the prompts, where the
//! learner is in the steps, and the step they are on — writing the
//! response, practising on examples, assessing peers, assessing
//! themselves, waiting for grades, or reading the grade.
//!
//! The server decides every step: each action answers the learner's whole
//! [`OraView`], which replaces the one shown.

mod assess;
mod files;
mod response;
mod steps;
mod training;

use leptos::prelude::*;
use lyceum_kit::{
    api,
    components::{focus_later, ora::OraGradeView, ora::OraResponseView, Alert},
};
use shared_types::{OraComponent, OraStatus, OraStepState, OraView, Rubric};

use crate::{components::loading::loading, format::local_datetime, pages::course::CourseContext};

use assess::{PeerStep, SelfStep};
use response::ResponseEditor;
use steps::StepTracker;
use training::TrainingStep;

/// What every part of one assessment shares.
#[derive(Clone, Copy)]
struct Ora {
    /// The course key and the assessment's usage key.
    keys: StoredValue<(String, String)>,
    /// The learner's view, replaced after every action.
    view: RwSignal<OraView>,
    /// Said politely to screen readers (and shown) after an action.
    announcement: RwSignal<String>,
    /// Prefixes every DOM id, so that several assessments can share a unit.
    prefix: StoredValue<String>,
    /// The course page around the unit, whose completion marks follow the
    /// learner's steps.
    course: Option<CourseContext>,
}

impl Ora {
    fn course_key(&self) -> String {
        self.keys.with_value(|(course, _)| course.clone())
    }

    fn usage_key(&self) -> String {
        self.keys.with_value(|(_, usage)| usage.clone())
    }

    /// A DOM id inside this assessment.
    fn id(&self, name: &str) -> String {
        self.prefix.with_value(|prefix| format!("{prefix}{name}"))
    }

    /// Shows the server's answer to an action, says `message`, and when
    /// the learner moved to another step, takes the focus to it and
    /// refreshes the course's completion marks.
    fn apply(&self, view: OraView, message: String) {
        let moved = self.view.with_untracked(|old| old.status != view.status);
        self.view.set(view);
        self.announcement.set(message);
        if moved {
            focus_later(self.id("step-heading"));
            if let Some(course) = self.course {
                course.blocks.refetch();
            }
        }
    }
}

/// The last action's failure, announced when it appears.
fn error_alert(error: RwSignal<Option<String>>) -> impl IntoView {
    move || {
        error
            .get()
            .map(|text| view! { <Alert><p>{text}</p></Alert> })
    }
}

/// The step's name in `OraView::steps` for a status, if it has one.
fn step_of(status: OraStatus) -> Option<&'static str> {
    match status {
        OraStatus::Response => Some("submission"),
        OraStatus::Training => Some("student-training"),
        OraStatus::Peer => Some("peer-assessment"),
        OraStatus::SelfAssessment => Some("self-assessment"),
        OraStatus::Waiting | OraStatus::Done => None,
    }
}

/// An open response assessment of a unit: loads the learner's view of it
/// and shows it.
#[component]
pub fn OraBlock(course_key: String, component: OraComponent, index: usize) -> impl IntoView {
    let heading = format!("component-{index}-heading");
    let labelled = heading.clone();
    let name = component.display_name.clone();
    let keys = StoredValue::new((course_key, component.id));
    let loaded = LocalResource::new(move || {
        let (course_key, usage_key) = keys.get_value();
        async move { api::get_ora(&course_key, &usage_key).await }
    });
    let content = loading(Some("Loading the assignment…"), move || {
        loaded.get().map(|result| {
            result.map(|view| view! { <OraPanel keys=keys view=view index=index /> }.into_any())
        })
    });
    view! {
        <section class="unit-component ora-block" aria-labelledby=labelled>
            <h2 id=heading>{name}</h2>
            {content}
        </section>
    }
}

/// A loaded assessment: prompts, steps, notices, and the current step.
#[component]
fn OraPanel(keys: StoredValue<(String, String)>, view: OraView, index: usize) -> impl IntoView {
    let ora = Ora {
        keys,
        view: RwSignal::new(view),
        announcement: RwSignal::new(String::new()),
        prefix: StoredValue::new(format!("ora{index}-")),
        course: use_context::<CourseContext>(),
    };
    // The step's panel is drawn again only when the learner moves to
    // another step, not after every action within one (a saved draft).
    let status = Memo::new(move |_| ora.view.with(|v| v.status));

    let prompts = ora.view.with_untracked(|v| {
        prompts_view(&ora, &v.settings.prompts, v.settings.prompts_type == "html")
    });
    let cancellation = move || {
        ora.view.with(|v| {
            v.cancellation.clone().map(|c| {
                view! {
                    <div class="alert alert-info ora-cancelled">
                        <p>
                            <strong>"Your earlier response was removed from grading."</strong>
                            {format!(
                                " The course team cancelled it on {}. Reason: ",
                                local_datetime(&c.cancelled_at),
                            )}
                            <span class="ora-feedback-text">{c.reason}</span>
                        </p>
                        {(v.status == OraStatus::Response)
                            .then(|| view! { <p>"You can submit a new response."</p> })}
                    </div>
                }
            })
        })
    };
    let step = move || match status.get() {
        OraStatus::Response => step_or_closed(ora, OraStatus::Response, || {
            view! { <ResponseEditor ora=ora /> }.into_any()
        }),
        OraStatus::Training => step_or_closed(ora, OraStatus::Training, || {
            view! { <TrainingStep ora=ora /> }.into_any()
        }),
        OraStatus::Peer => step_or_closed(ora, OraStatus::Peer, || {
            view! { <PeerStep ora=ora /> }.into_any()
        }),
        OraStatus::SelfAssessment => step_or_closed(ora, OraStatus::SelfAssessment, || {
            view! { <SelfStep ora=ora /> }.into_any()
        }),
        OraStatus::Waiting => view! { <WaitingStep ora=ora /> }.into_any(),
        OraStatus::Done => view! { <GradeStep ora=ora /> }.into_any(),
    };

    view! {
        {prompts}
        <StepTracker ora=ora />
        {cancellation}
        <p class="ora-announcement" role="status" aria-live="polite">
            {move || ora.announcement.get()}
        </p>
        {step}
    }
}

/// The prompts, as HTML (sanitized by the server) or as text.
fn prompts_view(ora: &Ora, prompts: &[String], html: bool) -> impl IntoView {
    let many = prompts.len() > 1;
    let items = prompts
        .iter()
        .enumerate()
        .map(|(i, prompt)| {
            let title = if many {
                format!("Prompt {}", i + 1)
            } else {
                "Prompt".to_string()
            };
            let body = if html {
                view! { <div class="ora-prompt-text" inner_html=prompt.clone()></div> }.into_any()
            } else {
                view! { <div class="ora-prompt-text ora-plain-text">{prompt.clone()}</div> }
                    .into_any()
            };
            view! {
                <div class="ora-prompt" id=ora.id(&format!("prompt-{i}"))>
                    <h3>{title}</h3>
                    {body}
                </div>
            }
        })
        .collect_view();
    view! { <div class="ora-prompts">{items}</div> }
}

/// The step's own panel while it is open, else why it cannot be done now.
fn step_or_closed(ora: Ora, status: OraStatus, open: impl FnOnce() -> AnyView) -> AnyView {
    let name = step_of(status).unwrap_or_default();
    let progress = ora
        .view
        .with_untracked(|v| v.steps.iter().find(|s| s.step == name).cloned());
    let heading_id = ora.id("step-heading");
    match progress {
        Some(step) if step.state == OraStepState::NotOpen => {
            let when = step
                .start
                .map(|at| format!(" It opens on {}.", local_datetime(&at)))
                .unwrap_or_default();
            view! {
                <div class="ora-step-panel">
                    <h3 id=heading_id tabindex="-1">{steps::step_title(name)}</h3>
                    <p>{format!("This step is not open yet.{when}")}</p>
                </div>
            }
            .into_any()
        }
        Some(step) if step.state == OraStepState::Closed => {
            let when = step
                .due
                .map(|at| format!(" It closed on {}.", local_datetime(&at)))
                .unwrap_or_default();
            view! {
                <div class="ora-step-panel">
                    <h3 id=heading_id tabindex="-1">{steps::step_title(name)}</h3>
                    <p>{format!("The deadline for this step has passed.{when}")}</p>
                </div>
            }
            .into_any()
        }
        _ => open(),
    }
}

/// The learner's submitted response, folded away under the current step.
fn submitted_response(ora: Ora) -> impl IntoView {
    move || {
        ora.view.with(|v| {
            v.submission.clone().map(|submission| {
                view! {
                    <details class="ora-submitted">
                        <summary>
                            {format!(
                                "Your response (submitted {})",
                                local_datetime(&submission.submitted_at),
                            )}
                        </summary>
                        <OraResponseView response=submission.response />
                    </details>
                }
            })
        })
    }
}

/// Every step done: how many peer grades the response has, and whether it
/// waits for the course team.
#[component]
fn WaitingStep(ora: Ora) -> impl IntoView {
    let heading_id = ora.id("step-heading");
    let staff_required = ora.view.with_untracked(|v| {
        v.settings
            .steps
            .iter()
            .any(|s| s.kind == shared_types::StepKind::StaffAssessment && s.required)
    });
    let peer = move || {
        ora.view.with(|v| {
            v.peer.clone().map(|peer| {
                view! {
                    <p>
                        {format!(
                            "Your response has received {} of the {} peer assessments it needs.",
                            peer.received,
                            peer.required,
                        )}
                    </p>
                }
            })
        })
    };
    view! {
        <div class="ora-step-panel">
            <h3 id=heading_id tabindex="-1">"Waiting for your grade"</h3>
            <p>"You have finished every step. Your grade appears here once it is ready."</p>
            {peer}
            {staff_required
                .then(|| view! { <p>"The course team grades every response too; your grade waits for theirs."</p> })}
            {submitted_response(ora)}
        </div>
    }
}

/// The grade, with the response it grades.
#[component]
fn GradeStep(ora: Ora) -> impl IntoView {
    let heading_id = ora.id("step-heading");
    let grade = move || {
        ora.view.with(|v| match v.grade.clone() {
            Some(grade) => view! {
                <OraGradeView grade=grade rubric=v.settings.rubric.clone() level=4 learners_view=true />
            }
            .into_any(),
            None => view! { <p>"Your grade is not available."</p> }.into_any(),
        })
    };
    view! {
        <div class="ora-step-panel ora-done">
            <h3 id=heading_id tabindex="-1">"Your grade"</h3>
            {grade}
            {submitted_response(ora)}
        </div>
    }
}

/// The rubric to read while writing: each criterion with its options,
/// their points and explanations.
fn rubric_preview(rubric: &Rubric) -> impl IntoView {
    let criteria = rubric
        .criteria
        .iter()
        .map(|criterion| {
            let options = criterion
                .options
                .iter()
                .map(|option| {
                    let explanation = (!option.explanation.trim().is_empty())
                        .then(|| format!(": {}", option.explanation));
                    view! {
                        <li>
                            <strong>{option.label.clone()}</strong>
                            {format!(" ({})", lyceum_kit::components::ora::points_text(option.points))}
                            {explanation}
                        </li>
                    }
                })
                .collect_view();
            let prompt = (!criterion.prompt.trim().is_empty())
                .then(|| view! { <p class="rubric-prompt">{criterion.prompt.clone()}</p> });
            view! {
                <li class="ora-rubric-criterion">
                    <strong>{criterion.label.clone()}</strong>
                    {prompt}
                    {(!criterion.options.is_empty()).then(|| view! { <ul>{options}</ul> })}
                </li>
            }
        })
        .collect_view();
    view! {
        <details class="ora-rubric-preview">
            <summary>"How your response will be assessed"</summary>
            <ul class="ora-rubric-criteria">{criteria}</ul>
        </details>
    }
}
