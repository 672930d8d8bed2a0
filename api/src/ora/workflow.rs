//! Where a learner is in an assessment, as ORA2's workflow decides it
//! (`openassessment/workflow/models.py`): the learner's steps in order,
//! each open between its dates; the first step the learner has not done is
//! where they are; once every step is done they wait for the grade, which
//! comes from staff, else peers, else their own assessment
//! ([`scoring::final_score`]). A staff grade ends the workflow whatever
//! step the learner is at. The self step may be taken while the peer step
//! before it is still open (ORA2 lets learners self-assess while there is
//! nothing to grade).

use chrono::{DateTime, Utc};
use shared_types::{
    AssessmentStep, OraPeerProgress, OraSettings, OraStatus, OraStepProgress, OraStepState,
    StepKind,
};

use super::config::points_possible;
use super::scoring::{self, CriterionPoints, PeerRules, Score};

/// What the store knows about one learner's active submission.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    /// When the active submission was made; none before submitting.
    pub submitted_at: Option<DateTime<Utc>>,
    /// Training examples passed.
    pub training_passed: u32,
    /// Peer assessments the learner gave in this item.
    pub peer_given: u32,
    /// Peer assessments the submission received, oldest first.
    pub peer_received: Vec<CriterionPoints>,
    /// The learner's own assessment.
    pub own: Option<CriterionPoints>,
    /// The latest staff assessment.
    pub staff: Option<CriterionPoints>,
}

/// Which step's score counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Staff,
    Peer,
    Own,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Staff => "staff",
            Source::Peer => "peer",
            Source::Own => "self",
        }
    }
}

/// The outcome for the learner.
#[derive(Debug, Clone, PartialEq)]
pub struct Workflow {
    pub status: OraStatus,
    pub steps: Vec<OraStepProgress>,
    pub peer: Option<OraPeerProgress>,
    /// The counted score (once the workflow is done), where it came from
    /// and (for peers) how many of the received grades it is made of.
    pub score: Option<(Score, Source)>,
    pub peer_used: usize,
}

/// The settings' step of a kind.
pub fn step(settings: &OraSettings, kind: StepKind) -> Option<&AssessmentStep> {
    settings.steps.iter().find(|s| s.kind == kind)
}

/// The peer step's scoring rules.
pub fn peer_rules(step: &AssessmentStep) -> PeerRules {
    PeerRules {
        must_be_graded_by: step.must_be_graded_by,
        flexible: step.enable_flexible_grading,
        strategy: step.grading_strategy,
    }
}

/// Whether a window is open at `now`.
pub fn window(
    start: Option<DateTime<Utc>>,
    due: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> OraStepState {
    if start.is_some_and(|s| now < s) {
        OraStepState::NotOpen
    } else if due.is_some_and(|d| now >= d) {
        OraStepState::Closed
    } else {
        OraStepState::Open
    }
}

/// The learner's workflow at `now`.
pub fn compute(settings: &OraSettings, facts: &Facts, now: DateTime<Utc>) -> Workflow {
    let possible = i64::from(points_possible(&settings.rubric));
    let peer_step = step(settings, StepKind::PeerAssessment);
    let self_step = step(settings, StepKind::SelfAssessment);
    let staff_step = step(settings, StepKind::StaffAssessment);
    let training_count = step(settings, StepKind::StudentTraining)
        .map_or(0, |s| u32::try_from(s.examples.len()).unwrap_or(u32::MAX));

    let graded_enough = peer_step.is_none_or(|p| facts.peer_given >= p.must_grade);
    let (peer_used, peer_score) = match (peer_step, facts.submitted_at) {
        (Some(p), Some(at)) => {
            let used = scoring::peer_grades_used(
                peer_rules(p),
                facts.peer_received.len(),
                graded_enough,
                at,
                now,
            );
            let score = used.map(|n| Score {
                earned: scoring::combine(&facts.peer_received[..n], p.grading_strategy),
                possible,
            });
            (used.unwrap_or(0), score)
        }
        _ => (0, None),
    };
    let points = |parts: &CriterionPoints| Score {
        earned: parts.iter().map(|(_, p)| p).sum(),
        possible,
    };
    let staff = facts.staff.as_ref().map(points);
    let own = facts.own.as_ref().map(points);
    let final_score = scoring::final_score(
        staff,
        staff_step.is_some_and(|s| s.required),
        peer_step.is_some(),
        peer_score,
        self_step.is_some(),
        own,
    );
    let source = if staff.is_some() {
        Source::Staff
    } else if peer_step.is_some() {
        Source::Peer
    } else {
        Source::Own
    };
    let score = final_score.map(|s| (s, source));

    let done = |kind: StepKind| match kind {
        StepKind::StudentTraining => facts.training_passed >= training_count,
        StepKind::PeerAssessment => graded_enough,
        StepKind::SelfAssessment => facts.own.is_some(),
        StepKind::StaffAssessment => facts.staff.is_some(),
    };

    let submitted = facts.submitted_at.is_some();
    let mut steps = vec![OraStepProgress {
        step: "submission".into(),
        state: if submitted {
            OraStepState::Done
        } else {
            window(settings.submission_start, settings.submission_due, now)
        },
        start: settings.submission_start,
        due: settings.submission_due,
    }];
    // The learner's current step: the first of theirs not done.
    let current = settings
        .steps
        .iter()
        .find(|s| s.kind != StepKind::StaffAssessment && !done(s.kind))
        .map(|s| s.kind);
    let mut before_current = true;
    for s in &settings.steps {
        let is_current = Some(s.kind) == current;
        if is_current {
            before_current = false;
        }
        let may_start_early = s.kind == StepKind::SelfAssessment
            && current == Some(StepKind::PeerAssessment)
            && settings
                .steps
                .iter()
                .position(|x| x.kind == StepKind::PeerAssessment)
                < settings.steps.iter().position(|x| x.kind == s.kind);
        let state = if done(s.kind) {
            OraStepState::Done
        } else if !submitted {
            OraStepState::Later
        } else if s.kind == StepKind::StaffAssessment {
            // Nothing for the learner to do; staff grade when they do.
            if current.is_none() {
                OraStepState::Open
            } else {
                OraStepState::Later
            }
        } else if is_current || may_start_early || before_current {
            window(s.start, s.due, now)
        } else {
            OraStepState::Later
        };
        steps.push(OraStepProgress {
            step: step_name(s.kind).into(),
            state,
            start: s.start,
            due: s.due,
        });
    }

    let status = if !submitted {
        OraStatus::Response
    } else if staff.is_some() {
        OraStatus::Done
    } else {
        match current {
            Some(StepKind::StudentTraining) => OraStatus::Training,
            Some(StepKind::PeerAssessment) => OraStatus::Peer,
            Some(StepKind::SelfAssessment) => OraStatus::SelfAssessment,
            Some(StepKind::StaffAssessment) | None => {
                if score.is_some() {
                    OraStatus::Done
                } else {
                    OraStatus::Waiting
                }
            }
        }
    };
    // As ORA2, a grade counts once the workflow is done.
    let score = score.filter(|_| status == OraStatus::Done);
    let peer = peer_step.map(|p| OraPeerProgress {
        graded: facts.peer_given,
        must_grade: p.must_grade,
        received: u32::try_from(facts.peer_received.len()).unwrap_or(u32::MAX),
        required: facts.submitted_at.map_or(p.must_be_graded_by, |at| {
            scoring::required_peer_grades(p.must_be_graded_by, p.enable_flexible_grading, at, now)
        }),
    });
    Workflow {
        status,
        steps,
        peer,
        score,
        peer_used,
    }
}

/// A step's name in OLX and the API.
pub fn step_name(kind: StepKind) -> &'static str {
    match kind {
        StepKind::StudentTraining => "student-training",
        StepKind::PeerAssessment => "peer-assessment",
        StepKind::SelfAssessment => "self-assessment",
        StepKind::StaffAssessment => "staff-assessment",
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone};
    use shared_types::{GradingStrategy, Rubric, RubricCriterion, RubricOption};

    use super::*;

    fn at(day: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, day, 12, 0, 0).unwrap()
    }

    fn step_of(kind: StepKind) -> AssessmentStep {
        AssessmentStep {
            kind,
            start: None,
            due: None,
            must_grade: if kind == StepKind::PeerAssessment {
                2
            } else {
                0
            },
            must_be_graded_by: if kind == StepKind::PeerAssessment {
                2
            } else {
                0
            },
            enable_flexible_grading: false,
            grading_strategy: GradingStrategy::Median,
            required: false,
            examples: Vec::new(),
        }
    }

    fn settings(steps: &[StepKind]) -> OraSettings {
        let option = |name: &str, points| RubricOption {
            name: name.into(),
            label: name.into(),
            points,
            explanation: String::new(),
        };
        OraSettings {
            title: "Essay".into(),
            prompts: vec!["Why?".into()],
            prompts_type: "text".into(),
            text_response: shared_types::Necessity::Required,
            text_response_editor: "text".into(),
            file_upload_response: shared_types::Necessity::None,
            file_upload_type: None,
            white_listed_file_types: Vec::new(),
            allow_multiple_files: false,
            allow_latex: false,
            show_rubric_during_response: false,
            leaderboard_show: 0,
            submission_start: None,
            submission_due: None,
            rubric: Rubric {
                criteria: vec![RubricCriterion {
                    name: "ideas".into(),
                    label: "Ideas".into(),
                    prompt: "Good ideas?".into(),
                    feedback: Default::default(),
                    options: vec![option("poor", 0), option("fair", 3), option("good", 5)],
                }],
                feedback_prompt: None,
                feedback_default_text: None,
            },
            steps: steps.iter().map(|k| step_of(*k)).collect(),
        }
    }

    fn pts(p: i64) -> CriterionPoints {
        vec![("ideas".into(), p)]
    }

    #[test]
    fn before_submitting_the_learner_writes_and_later_steps_wait() {
        let s = settings(&[StepKind::PeerAssessment, StepKind::SelfAssessment]);
        let w = compute(&s, &Facts::default(), at(1));
        assert_eq!(w.status, OraStatus::Response);
        let states: Vec<_> = w.steps.iter().map(|s| s.state).collect();
        assert_eq!(
            states,
            [OraStepState::Open, OraStepState::Later, OraStepState::Later]
        );
        assert!(w.score.is_none());
    }

    #[test]
    fn peer_then_self_then_waiting_then_done_by_the_median() {
        let s = settings(&[StepKind::PeerAssessment, StepKind::SelfAssessment]);
        let mut f = Facts {
            submitted_at: Some(at(1)),
            ..Facts::default()
        };
        let w = compute(&s, &f, at(1));
        assert_eq!(w.status, OraStatus::Peer);
        // The self step may be taken while there is peer work left.
        assert_eq!(w.steps[2].state, OraStepState::Open);
        f.own = Some(pts(5));
        assert_eq!(compute(&s, &f, at(1)).status, OraStatus::Peer);
        f.peer_given = 2;
        let w = compute(&s, &f, at(1));
        assert_eq!(w.status, OraStatus::Waiting);
        assert_eq!(w.peer.as_ref().unwrap().required, 2);
        f.peer_received = vec![pts(0), pts(5)];
        let w = compute(&s, &f, at(1));
        assert_eq!(w.status, OraStatus::Done);
        // Median of 0 and 5 is their mean rounded up; peers count, not self.
        assert_eq!(
            w.score,
            Some((
                Score {
                    earned: 3,
                    possible: 5
                },
                Source::Peer
            ))
        );
        assert_eq!(w.peer_used, 2);
    }

    #[test]
    fn grades_received_do_not_count_until_the_learner_graded_enough() {
        let s = settings(&[StepKind::PeerAssessment]);
        let f = Facts {
            submitted_at: Some(at(1)),
            peer_given: 1,
            peer_received: vec![pts(5), pts(5), pts(3)],
            ..Facts::default()
        };
        let w = compute(&s, &f, at(1));
        assert_eq!(w.status, OraStatus::Peer);
        assert!(w.score.is_none());
    }

    #[test]
    fn staff_grade_overrides_and_ends_the_workflow() {
        let s = settings(&[StepKind::PeerAssessment, StepKind::StaffAssessment]);
        let f = Facts {
            submitted_at: Some(at(1)),
            staff: Some(pts(3)),
            peer_received: vec![pts(5), pts(5)],
            peer_given: 2,
            ..Facts::default()
        };
        let w = compute(&s, &f, at(1));
        assert_eq!(w.status, OraStatus::Done);
        assert_eq!(w.score.unwrap().0.earned, 3);
        assert_eq!(w.score.unwrap().1, Source::Staff);
    }

    #[test]
    fn a_required_staff_step_keeps_the_learner_waiting() {
        let mut s = settings(&[StepKind::SelfAssessment, StepKind::StaffAssessment]);
        s.steps[1].required = true;
        let f = Facts {
            submitted_at: Some(at(1)),
            own: Some(pts(5)),
            ..Facts::default()
        };
        let w = compute(&s, &f, at(1));
        assert_eq!(w.status, OraStatus::Waiting);
        assert_eq!(w.steps[2].state, OraStepState::Open);
        assert!(w.score.is_none());
    }

    #[test]
    fn self_only_counts_the_learners_own_grade() {
        let s = settings(&[StepKind::SelfAssessment]);
        let f = Facts {
            submitted_at: Some(at(1)),
            own: Some(pts(3)),
            ..Facts::default()
        };
        let w = compute(&s, &f, at(1));
        assert_eq!(w.status, OraStatus::Done);
        assert_eq!(
            w.score.unwrap(),
            (
                Score {
                    earned: 3,
                    possible: 5
                },
                Source::Own
            )
        );
    }

    #[test]
    fn training_comes_first_when_configured() {
        let mut s = settings(&[StepKind::StudentTraining, StepKind::PeerAssessment]);
        s.steps[0].examples = vec![
            shared_types::TrainingExample {
                answer: vec!["a".into()],
                options_selected: Vec::new(),
            };
            2
        ];
        let mut f = Facts {
            submitted_at: Some(at(1)),
            training_passed: 1,
            ..Facts::default()
        };
        assert_eq!(compute(&s, &f, at(1)).status, OraStatus::Training);
        f.training_passed = 2;
        assert_eq!(compute(&s, &f, at(1)).status, OraStatus::Peer);
    }

    #[test]
    fn step_dates_open_and_close_steps() {
        let mut s = settings(&[StepKind::PeerAssessment]);
        s.steps[0].start = Some(at(5));
        s.steps[0].due = Some(at(9));
        s.submission_due = Some(at(4));
        let f = Facts {
            submitted_at: Some(at(1)),
            ..Facts::default()
        };
        assert_eq!(compute(&s, &f, at(2)).steps[1].state, OraStepState::NotOpen);
        assert_eq!(compute(&s, &f, at(6)).steps[1].state, OraStepState::Open);
        assert_eq!(compute(&s, &f, at(10)).steps[1].state, OraStepState::Closed);
        let unsubmitted = compute(&s, &Facts::default(), at(6));
        assert_eq!(unsubmitted.steps[0].state, OraStepState::Closed);
    }

    #[test]
    fn flexible_grading_needs_fewer_grades_after_a_week() {
        let mut s = settings(&[StepKind::PeerAssessment]);
        s.steps[0].must_be_graded_by = 4;
        s.steps[0].enable_flexible_grading = true;
        let f = Facts {
            submitted_at: Some(at(1)),
            peer_given: 2,
            peer_received: vec![pts(5)],
            ..Facts::default()
        };
        assert_eq!(compute(&s, &f, at(2)).status, OraStatus::Waiting);
        let later = at(1) + Duration::days(7);
        let w = compute(&s, &f, later);
        assert_eq!(w.peer.unwrap().required, 1);
        assert_eq!(w.status, OraStatus::Done);
        assert_eq!(w.peer_used, 1);
    }
}
