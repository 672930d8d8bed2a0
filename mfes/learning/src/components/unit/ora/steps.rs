//! Where the learner is: every step of the assessment in order, with its
//! state and dates, the current one marked.

use leptos::prelude::*;
use shared_types::{OraStatus, OraStepState};

use super::{step_of, Ora};
use crate::format::local_datetime;

/// A step's name as learners read it.
pub fn step_title(step: &str) -> String {
    match step {
        "submission" => "Your response".to_string(),
        "student-training" => "Learn to assess".to_string(),
        "peer-assessment" => "Assess your peers".to_string(),
        "self-assessment" => "Assess your response".to_string(),
        "staff-assessment" => "Course team's grade".to_string(),
        other => other.replace('-', " "),
    }
}

/// A step's state in words.
fn state_text(state: OraStepState) -> &'static str {
    match state {
        OraStepState::NotOpen => "Not open yet",
        OraStepState::Open => "Open",
        OraStepState::Done => "Done",
        OraStepState::Closed => "Closed",
        OraStepState::Later => "After the earlier steps",
    }
}

fn state_class(state: OraStepState) -> &'static str {
    match state {
        OraStepState::NotOpen => "ora-step ora-step-not-open",
        OraStepState::Open => "ora-step ora-step-open",
        OraStepState::Done => "ora-step ora-step-done",
        OraStepState::Closed => "ora-step ora-step-closed",
        OraStepState::Later => "ora-step ora-step-later",
    }
}

/// The steps as an ordered list, the learner's current one
/// `aria-current="step"`, ending with the grade.
#[component]
pub fn StepTracker(ora: Ora) -> impl IntoView {
    let label_id = ora.id("steps-label");
    let items = move || {
        ora.view.with(|view| {
            let current = step_of(view.status);
            let steps = view
                .steps
                .iter()
                .map(|step| {
                    let mut dates = Vec::new();
                    if let Some(start) = step.start.filter(|_| step.state == OraStepState::NotOpen) {
                        dates.push(format!("Opens {}", local_datetime(&start)));
                    }
                    if let Some(due) = step.due {
                        dates.push(format!("Due {}", local_datetime(&due)));
                    }
                    let is_current = current == Some(step.step.as_str());
                    view! {
                        <li class=state_class(step.state) aria-current=is_current.then_some("step")>
                            <span class="ora-step-name">{step_title(&step.step)}</span>
                            <span class="ora-step-state">{state_text(step.state)}</span>
                            {(!dates.is_empty())
                                .then(|| view! { <span class="ora-step-dates">{dates.join(" · ")}</span> })}
                        </li>
                    }
                })
                .collect_view();
            let done = view.status == OraStatus::Done;
            let grade_state = if done {
                OraStepState::Done
            } else {
                OraStepState::Later
            };
            view! {
                {steps}
                <li class=state_class(grade_state) aria-current=done.then_some("step")>
                    <span class="ora-step-name">"Your grade"</span>
                    <span class="ora-step-state">
                        {if done { "Ready" } else { "After the earlier steps" }}
                    </span>
                </li>
            }
        })
    };
    view! {
        <div class="ora-steps-wrap">
            <h3 class="visually-hidden" id=label_id.clone()>"Steps"</h3>
            <ol class="ora-steps" aria-labelledby=label_id>{items}</ol>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_named_for_learners() {
        assert_eq!(step_title("submission"), "Your response");
        assert_eq!(step_title("peer-assessment"), "Assess your peers");
        assert_eq!(step_title("something-new"), "something new");
    }
}
