//! Problems for learners: the render model with the learner's state,
//! submissions graded by capa and stored with every attempt, reset, show
//! answer under the `showanswer` policy, and demand hints — with Open edX's
//! rules for attempts, due dates, waiting between submissions and
//! rerandomization (`xmodule/capa_block.py`).

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use serde_json::{json, Map, Value};
use shared_types::{
    Correctness, InputFeedback, ProblemAnswer, ProblemAnswers, ProblemComponent, ProblemHint,
    ProblemState, SubmissionResult,
};

use super::courseware::{Access, CoursewareError, CoursewareService, Result};
use crate::capa::{self, CapaError};
use crate::store::accounts::UserRecord;
use crate::store::learner::{
    ProblemStateRecord, SubmissionOutcome, SubmissionWrite, SubsectionScope,
};

/// A problem's settings: its own, else the course's defaults.
#[derive(Debug, Clone, PartialEq)]
pub struct ProblemSettings {
    /// None: unlimited.
    pub max_attempts: Option<u32>,
    pub showanswer: String,
    pub show_reset_button: bool,
    pub rerandomize: String,
    pub submission_wait_seconds: u32,
    /// With `showanswer` `after_attempts`: attempts before the answer.
    pub attempts_before_showanswer: u32,
    pub due: Option<DateTime<Utc>>,
    /// In a graded subsection of a course that keeps graded content for
    /// verified learners, and this learner is auditing.
    pub verified_only: bool,
    pub possible: f64,
}

/// Where a learner stands on one problem, for the policies.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Standing {
    pub attempts: u32,
    /// Answers were submitted and not reset.
    pub done: bool,
    /// The last submission was fully correct.
    pub correct: bool,
    pub past_due: bool,
    pub is_staff: bool,
}

impl ProblemSettings {
    /// No attempts left.
    pub fn used_all_attempts(&self, s: &Standing) -> bool {
        self.max_attempts.is_some_and(|max| s.attempts >= max)
    }

    /// Closed to submissions: no attempts left or past due.
    pub fn closed(&self, s: &Standing) -> bool {
        self.used_all_attempts(s) || s.past_due
    }

    /// Open edX's `answer_available()`.
    pub fn answer_available(&self, s: &Standing) -> bool {
        match self.showanswer.as_str() {
            "" | "never" => false,
            _ if s.is_staff => true,
            "always" => true,
            "attempted" => s.attempts > 0 || s.past_due,
            "attempted_no_past_due" => s.attempts > 0,
            "answered" => s.correct,
            "closed" => self.closed(s),
            "finished" => self.closed(s) || s.correct,
            "correct_or_past_due" => s.correct || s.past_due,
            "past_due" => s.past_due,
            "after_all_attempts" => self.used_all_attempts(s),
            "after_all_attempts_or_correct" => self.used_all_attempts(s) || s.correct,
            "after_attempts" => {
                let needed = match self.max_attempts {
                    Some(max) => self.attempts_before_showanswer.min(max),
                    None => self.attempts_before_showanswer,
                };
                s.attempts >= needed
            }
            _ => false,
        }
    }

    /// Reset is offered once something was submitted, while the problem is
    /// open, when the course allows it or a new variant needs it.
    pub fn can_reset(&self, s: &Standing) -> bool {
        let needs_new_variant = matches!(self.rerandomize.as_str(), "always" | "onreset");
        s.done && !self.closed(s) && (self.show_reset_button || needs_new_variant)
    }

    /// Whether the learner must reset before submitting again.
    pub fn reset_required(&self, s: &Standing) -> bool {
        s.done && self.rerandomize == "always"
    }
}

/// The settings of the problem at `index`.
pub fn settings(access: &Access, index: usize) -> ProblemSettings {
    let node = &access.tree.nodes[index];
    let course = &access.tree.advanced;
    let f = &node.fields;
    let text = |k: &str| f.get(k).and_then(Value::as_str).map(str::to_string);
    ProblemSettings {
        max_attempts: f
            .get("max_attempts")
            .and_then(Value::as_u64)
            .map(saturate)
            .or(course.max_attempts)
            .filter(|&n| n > 0),
        showanswer: text("showanswer").unwrap_or_else(|| course.showanswer.clone()),
        show_reset_button: f
            .get("show_reset_button")
            .and_then(Value::as_bool)
            .unwrap_or(course.show_reset_button),
        rerandomize: text("rerandomize").unwrap_or_else(|| course.rerandomize.clone()),
        submission_wait_seconds: f
            .get("submission_wait_seconds")
            .and_then(Value::as_u64)
            .map_or(0, saturate),
        attempts_before_showanswer: f
            .get("attempts_before_showanswer_button")
            .and_then(Value::as_u64)
            .map_or(0, saturate),
        due: node.due,
        verified_only: access.audit_gated
            && access
                .tree
                .subsection_of(index)
                .is_some_and(|s| access.tree.nodes[s].graded),
        possible: node.possible,
    }
}

/// A stored count as u32 (imported values may be larger).
fn saturate(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Whether the learner may see how right their answers are now: the
/// subsection's `show_correctness` (`always`, `past_due` once due,
/// `never`); course staff always may.
pub fn correctness_visible(access: &Access, index: usize) -> bool {
    if access.is_staff {
        return true;
    }
    let node = &access.tree.nodes[index];
    match node.show_correctness.as_str() {
        "never" => false,
        "past_due" => node.due.is_none_or(|d| d < access.now),
        _ => true,
    }
}

/// The seed of a learner's variant, as Open edX's `choose_new_seed`: 1
/// when the problem is never rerandomized, one of 20 bins per learner and
/// problem for `per_student`, and for `always` and `onreset` the seed drawn
/// (then stored) when the learner first saw it.
fn seed_for(
    settings: &ProblemSettings,
    user_id: i64,
    usage_key: &str,
    stored: Option<&ProblemStateRecord>,
) -> u64 {
    match settings.rerandomize.as_str() {
        "per_student" => capa::variant::per_student_seed(user_id, usage_key),
        "always" | "onreset" => stored.map_or_else(fresh_seed, |s| s.seed),
        _ => 1,
    }
}

/// Whether the variant is drawn at random and must be stored when first
/// shown.
pub(crate) fn draws_its_seed(settings: &ProblemSettings) -> bool {
    matches!(settings.rerandomize.as_str(), "always" | "onreset")
}

/// A new random seed among Open edX's 1,000.
fn fresh_seed() -> u64 {
    u64::from(uuid::Uuid::new_v4().as_fields().0) % capa::variant::MAX_SEEDS
}

fn standing(
    access: &Access,
    settings: &ProblemSettings,
    state: Option<&ProblemStateRecord>,
) -> Standing {
    let done = state.is_some_and(|s| s.earned.is_some());
    Standing {
        attempts: state.map_or(0, |s| s.attempts),
        done,
        correct: done
            && state.is_some_and(|s| {
                feedback_map(&s.feedback)
                    .values()
                    .all(|f| f.correctness == Correctness::Correct)
                    && !feedback_map(&s.feedback).is_empty()
            }),
        past_due: settings.due.is_some_and(|d| d < access.now),
        is_staff: access.is_staff,
    }
}

fn feedback_map(v: &Value) -> BTreeMap<String, InputFeedback> {
    serde_json::from_value(v.clone()).unwrap_or_default()
}

fn answers_map(v: &Value) -> BTreeMap<String, ProblemAnswer> {
    serde_json::from_value(v.clone()).unwrap_or_default()
}

/// The overall correctness of per-input feedback.
fn overall(feedback: &BTreeMap<String, InputFeedback>) -> Option<Correctness> {
    if feedback.is_empty() {
        return None;
    }
    let all = |c| feedback.values().all(|f| f.correctness == c);
    Some(if all(Correctness::Correct) {
        Correctness::Correct
    } else if all(Correctness::Incorrect) {
        Correctness::Incorrect
    } else {
        Correctness::PartiallyCorrect
    })
}

const VERIFIED_ONLY: &str =
    "Graded problems in this course are for verified learners; ask the course team to change your enrollment.";

/// Refuses graded problems to audit learners in verified-only courses.
fn refuse_gated(settings: &ProblemSettings) -> Result<()> {
    if settings.verified_only {
        return Err(CoursewareError::Forbidden {
            code: "verified_only",
            message: VERIFIED_ONLY.into(),
        });
    }
    Ok(())
}

fn conflict(code: &'static str, message: impl Into<String>) -> CoursewareError {
    CoursewareError::Conflict {
        code,
        message: message.into(),
    }
}

impl CoursewareService {
    /// The problem at `usage_key` for this learner, with its index.
    async fn problem_access(
        &self,
        user: &UserRecord,
        course_key: &str,
        usage_key: &str,
    ) -> Result<(Access, usize)> {
        let access = self.access(user, course_key).await?;
        let index = access
            .tree
            .get(usage_key)
            .filter(|(i, n)| n.block_type == "problem" && access.can_see(*i))
            .map(|(i, _)| i)
            .ok_or_else(|| {
                CoursewareError::NotFound(format!("No problem {usage_key} in this course."))
            })?;
        Ok((access, index))
    }

    /// Stores a drawn variant for each of `problems` (indices in the tree)
    /// that draws its seed at random and has no state yet, so the page
    /// shows the variant the learner will be graded on and shows it again
    /// on the next visit.
    pub(crate) async fn keep_variants(
        &self,
        access: &Access,
        problems: &[usize],
        states: &mut HashMap<String, ProblemStateRecord>,
    ) -> Result<()> {
        let key = access.tree.key.to_string();
        for &index in problems {
            let node = &access.tree.nodes[index];
            let settings = settings(access, index);
            if states.contains_key(&node.id) || !draws_its_seed(&settings) {
                continue;
            }
            let stored = self
                .learner
                .ensure_problem_state(
                    access.user_id,
                    &key,
                    blank_state(&node.id, &settings, fresh_seed(), access.now),
                )
                .await?;
            states.insert(node.id.clone(), stored);
        }
        Ok(())
    }

    /// A problem's view for the unit page (state read by the caller).
    pub(crate) fn problem_component(
        &self,
        access: &Access,
        index: usize,
        state: Option<&ProblemStateRecord>,
        completion: f64,
    ) -> ProblemComponent {
        let node = &access.tree.nodes[index];
        ProblemComponent {
            id: node.id.clone(),
            display_name: node.display_name.clone(),
            state: problem_view(access, index, state),
            completion,
        }
    }

    /// `GET .../problem`: the problem and the learner's state.
    pub async fn problem(
        &self,
        user: &UserRecord,
        course_key: &str,
        usage_key: &str,
    ) -> Result<ProblemState> {
        let (access, index) = self.problem_access(user, course_key, usage_key).await?;
        let key = access.tree.key.to_string();
        let mut state = self.learner.problem_state(user.id, &key, usage_key).await?;
        let settings = settings(&access, index);
        if state.is_none() && draws_its_seed(&settings) {
            // The variant is drawn once and kept until a reset.
            state = Some(
                self.learner
                    .ensure_problem_state(
                        user.id,
                        &key,
                        blank_state(usage_key, &settings, fresh_seed(), access.now),
                    )
                    .await?,
            );
        }
        Ok(problem_view(&access, index, state.as_ref()))
    }

    /// `POST .../problem/submissions`: grades and stores an attempt.
    pub async fn submit(
        &self,
        user: &UserRecord,
        course_key: &str,
        usage_key: &str,
        answers: BTreeMap<String, ProblemAnswer>,
    ) -> Result<SubmissionResult> {
        let (access, index) = self.problem_access(user, course_key, usage_key).await?;
        let tree = access.tree.clone();
        let node = &tree.nodes[index];
        let key = tree.key.to_string();
        let xml = node.data.as_deref().unwrap_or("");
        let settings = settings(&access, index);
        let state = self.learner.problem_state(user.id, &key, usage_key).await?;
        let s = standing(&access, &settings, state.as_ref());
        refuse_gated(&settings)?;
        if settings.used_all_attempts(&s) {
            return Err(conflict(
                "no_attempts_left",
                "You have used all your attempts at this problem.",
            ));
        }
        if s.past_due {
            return Err(conflict("past_due", "This problem is past its due date."));
        }
        if settings.reset_required(&s) {
            return Err(conflict(
                "reset_required",
                "Reset the problem to get a new version before submitting again.",
            ));
        }
        if let Some(wait) = wait_left(&settings, state.as_ref(), access.now) {
            return Err(conflict(
                "submission_wait",
                format!("You must wait {wait} more seconds before submitting again."),
            ));
        }
        // Only the problem's own inputs.
        let seed = seed_for(&settings, user.id, usage_key, state.as_ref());
        let rendered = capa::render::render_seeded(xml, seed).map_err(|e| unreadable(&e))?;
        let ids: Vec<&str> = rendered.inputs().map(|i| i.id.as_str()).collect();
        if let Some(unknown) = answers.keys().find(|k| !ids.contains(&k.as_str())) {
            return Err(CoursewareError::Invalid {
                field: "answers",
                message: format!("name an input this problem does not have ({unknown})"),
            });
        }
        let graded = match capa::grade(xml, &answers) {
            Ok(graded) => graded,
            Err(e) if e.is_student_input() => {
                return Err(CoursewareError::Invalid {
                    field: "answers",
                    message: format!("cannot be graded: {e}"),
                })
            }
            Err(e) => return Err(unreadable(&e)),
        };
        let hints = capa::feedback(xml, &answers, &graded).unwrap_or_default();
        let feedback: BTreeMap<String, InputFeedback> = graded
            .inputs
            .iter()
            .map(|(id, g)| {
                (
                    id.clone(),
                    InputFeedback {
                        correctness: g.correctness.into(),
                        hint: hints.get(id).cloned(),
                    },
                )
            })
            .collect();
        let earned = if graded.possible > 0.0 {
            graded.earned / graded.possible * settings.possible
        } else {
            0.0
        };
        let correctness: Correctness = graded.correctness().into();
        let attempts = s.attempts + 1;
        let new_state = ProblemStateRecord {
            block_key: usage_key.to_string(),
            answers: json!(answers),
            feedback: json!(feedback),
            earned: Some(earned),
            possible: settings.possible,
            attempts,
            seed,
            last_submitted_at: Some(access.now),
            updated_at: access.now,
        };
        let outcome = self
            .learner
            .record_submission(SubmissionWrite {
                user_id: user.id,
                course_key: key,
                state: new_state,
                expected_attempts: state.as_ref().map(|s| s.attempts),
                correctness: correctness_text(correctness).into(),
                subsection: scope(&access, index),
            })
            .await?;
        if outcome == SubmissionOutcome::Conflict {
            return Err(conflict(
                "submission_conflict",
                "Another submission of this problem arrived at the same time; reload the problem.",
            ));
        }
        if !correctness_visible(&access, index) {
            return Ok(SubmissionResult {
                correctness: Correctness::Submitted,
                earned: None,
                possible: settings.possible,
                inputs: BTreeMap::new(),
                attempts_used: attempts,
                attempts_allowed: settings.max_attempts,
            });
        }
        Ok(SubmissionResult {
            correctness,
            earned: Some(earned),
            possible: settings.possible,
            inputs: feedback,
            attempts_used: attempts,
            attempts_allowed: settings.max_attempts,
        })
    }

    /// `POST .../problem/reset`: clears the answers and score (the attempts
    /// stay) and draws a new variant when the problem is rerandomized.
    pub async fn reset(
        &self,
        user: &UserRecord,
        course_key: &str,
        usage_key: &str,
    ) -> Result<ProblemState> {
        let (access, index) = self.problem_access(user, course_key, usage_key).await?;
        let key = access.tree.key.to_string();
        let settings = settings(&access, index);
        let state = self.learner.problem_state(user.id, &key, usage_key).await?;
        let s = standing(&access, &settings, state.as_ref());
        if !settings.can_reset(&s) {
            return Err(conflict(
                "reset_not_allowed",
                "This problem cannot be reset now.",
            ));
        }
        let seed = if draws_its_seed(&settings) {
            fresh_seed()
        } else {
            seed_for(&settings, user.id, usage_key, state.as_ref())
        };
        let reset = self
            .learner
            .reset_problem(
                user.id,
                &key,
                usage_key,
                seed,
                scope(&access, index),
                access.now,
            )
            .await?;
        Ok(problem_view(&access, index, reset.as_ref()))
    }

    /// `POST .../problem/answer`: the correct answers, when the problem's
    /// `showanswer` policy allows.
    pub async fn show_answer(
        &self,
        user: &UserRecord,
        course_key: &str,
        usage_key: &str,
    ) -> Result<ProblemAnswers> {
        let (access, index) = self.problem_access(user, course_key, usage_key).await?;
        let key = access.tree.key.to_string();
        let settings = settings(&access, index);
        refuse_gated(&settings)?;
        let state = self.learner.problem_state(user.id, &key, usage_key).await?;
        if !settings.answer_available(&standing(&access, &settings, state.as_ref())) {
            return Err(CoursewareError::Forbidden {
                code: "answer_not_available",
                message: "The answer is not available yet.".into(),
            });
        }
        let xml = access.tree.nodes[index].data.as_deref().unwrap_or("");
        let seed = seed_for(&settings, user.id, usage_key, state.as_ref());
        let revealed = capa::answers_seeded(xml, seed).map_err(|e| unreadable(&e))?;
        Ok(ProblemAnswers {
            answers: revealed.answers,
            solution: revealed.solution,
        })
    }

    /// `POST .../problem/hint`: the demand hint at `index` (they cycle).
    pub async fn hint(
        &self,
        user: &UserRecord,
        course_key: &str,
        usage_key: &str,
        index: u32,
    ) -> Result<ProblemHint> {
        let (access, at) = self.problem_access(user, course_key, usage_key).await?;
        refuse_gated(&settings(&access, at))?;
        let xml = access.tree.nodes[at].data.as_deref().unwrap_or("");
        let hints = capa::demand_hints(xml).map_err(|e| unreadable(&e))?;
        if hints.is_empty() {
            return Err(CoursewareError::NotFound(
                "This problem has no hints.".into(),
            ));
        }
        let count = hints.len() as u32;
        let i = index % count;
        Ok(ProblemHint {
            index: i,
            count,
            html: hints[i as usize].clone(),
        })
    }
}

fn unreadable(e: &CapaError) -> CoursewareError {
    conflict(
        "problem_unavailable",
        format!("This problem cannot be answered in Lyceum: {e}"),
    )
}

fn correctness_text(c: Correctness) -> &'static str {
    match c {
        Correctness::Correct => "correct",
        Correctness::PartiallyCorrect => "partially-correct",
        Correctness::Incorrect => "incorrect",
        Correctness::Submitted => "submitted",
    }
}

/// Seconds still to wait before the next submission, if any.
fn wait_left(
    settings: &ProblemSettings,
    state: Option<&ProblemStateRecord>,
    now: DateTime<Utc>,
) -> Option<u32> {
    let last = state?.last_submitted_at?;
    let wait = i64::from(settings.submission_wait_seconds);
    let passed = (now - last).num_seconds().max(0);
    (wait > 0 && passed < wait).then(|| u32::try_from(wait - passed).unwrap_or(u32::MAX))
}

fn blank_state(
    usage_key: &str,
    settings: &ProblemSettings,
    seed: u64,
    now: DateTime<Utc>,
) -> ProblemStateRecord {
    ProblemStateRecord {
        block_key: usage_key.to_string(),
        answers: Value::Object(Map::new()),
        feedback: Value::Object(Map::new()),
        earned: None,
        possible: settings.possible,
        attempts: 0,
        seed,
        last_submitted_at: None,
        updated_at: now,
    }
}

/// The problem's subsection with its problems' possible points.
fn scope(access: &Access, index: usize) -> Option<SubsectionScope> {
    scope_in(&access.tree, index)
}

/// The subsection of the scored block at `index` with the possible points
/// of each scored block in it.
pub(crate) fn scope_in(
    tree: &crate::services::course_tree::CourseTree,
    index: usize,
) -> Option<SubsectionScope> {
    let sub = tree.subsection_of(index)?;
    Some(SubsectionScope {
        block_key: tree.nodes[sub].id.clone(),
        problems: tree
            .problems_under(sub)
            .into_iter()
            .map(|p| (tree.nodes[p].id.clone(), tree.nodes[p].possible))
            .collect(),
    })
}

/// The learner's view of a problem.
fn problem_view(access: &Access, index: usize, state: Option<&ProblemStateRecord>) -> ProblemState {
    let node = &access.tree.nodes[index];
    let settings = settings(access, index);
    let seed = seed_for(&settings, access.user_id, &node.id, state);
    let xml = node.data.as_deref().unwrap_or("");
    let s = standing(access, &settings, state);
    let rendered = capa::render::render_seeded(xml, seed);
    let hint_count = capa::demand_hints(xml).map_or(0, |h| h.len() as u32);
    let visible = correctness_visible(access, index);
    let feedback = if visible {
        state.map(|s| feedback_map(&s.feedback)).unwrap_or_default()
    } else {
        BTreeMap::new()
    };
    let wait = wait_left(&settings, state, access.now).unwrap_or(0);
    let reason = match &rendered {
        Err(e) => Some(format!("This problem cannot be answered in Lyceum: {e}")),
        Ok(_) if settings.verified_only => Some(VERIFIED_ONLY.to_string()),
        Ok(_) if settings.used_all_attempts(&s) => {
            Some("You have used all your attempts.".to_string())
        }
        Ok(_) if s.past_due && !access.is_staff => {
            Some("This problem is past its due date.".to_string())
        }
        Ok(_) if settings.reset_required(&s) => {
            Some("Reset the problem to try a new version.".to_string())
        }
        Ok(_) if wait > 0 => Some(format!("You can submit again in {wait} seconds.")),
        Ok(_) => None,
    };
    ProblemState {
        id: node.id.clone(),
        display_name: node.display_name.clone(),
        problem: rendered.unwrap_or_default(),
        answers: state.map(|s| answers_map(&s.answers)).unwrap_or_default(),
        correctness: if visible {
            overall(&feedback)
        } else {
            s.done.then_some(Correctness::Submitted)
        },
        inputs: feedback,
        earned: state.and_then(|s| s.earned).filter(|_| visible),
        possible: settings.possible,
        attempts_used: s.attempts,
        attempts_allowed: settings.max_attempts,
        can_submit: reason.is_none(),
        cannot_submit_reason: reason,
        wait_seconds: wait,
        can_reset: settings.can_reset(&s),
        can_show_answer: settings.answer_available(&s),
        hint_count,
    }
}

/// What a course regrade did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RegradeSummary {
    pub learners: u64,
    /// Problem states graded again.
    pub problems: u64,
}

impl CoursewareService {
    /// Grades every enrolled learner's stored answers again against the
    /// published course (after a problem was fixed), and their subsection
    /// grades with them: `batch` learners at a time, with the same number
    /// of queries per batch whatever its size. `report(done, total)` tells
    /// how far it got. The background-work jobs call this.
    pub async fn regrade_course(
        &self,
        course_key: &str,
        batch: u64,
        report: &(dyn Fn(u64, u64) + Sync),
    ) -> Result<RegradeSummary> {
        let tree = self.tree(course_key).await?;
        let key = tree.key.to_string();
        let now = chrono::Utc::now();
        // Each problem parsed once for the whole course.
        let parsed: std::collections::HashMap<&str, (usize, capa::parse::Problem)> = tree
            .nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| n.block_type == "problem")
            .filter_map(|(i, n)| {
                let problem = capa::parse::Problem::parse(n.data.as_deref()?).ok()?;
                Some((n.id.as_str(), (i, problem)))
            })
            .collect();
        let subsections: Vec<(usize, Vec<usize>)> = tree
            .nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| n.block_type == "sequential")
            .map(|(i, _)| (i, tree.problems_under(i)))
            .collect();
        let batch = batch.max(1);
        let mut summary = RegradeSummary::default();
        let mut offset = 0;
        loop {
            let (total, page) = self.enrollments.roster(&key, offset, batch).await?;
            report(offset.min(total), total);
            if page.is_empty() {
                break;
            }
            let ids: Vec<i64> = page.iter().map(|e| e.user_id).collect();
            let mut states = self.learner.states_of_learners(&key, &ids).await?;
            for (_, state) in &mut states {
                // An assessment's grade keeps its share when its weight
                // changed.
                if let Some((_, node)) = tree
                    .get(&state.block_key)
                    .filter(|(_, n)| n.block_type == "openassessment")
                {
                    if let Some(earned) = state.earned.filter(|_| state.possible > 0.0) {
                        if state.possible != node.possible {
                            state.earned = Some(earned / state.possible * node.possible);
                            state.possible = node.possible;
                            state.updated_at = now;
                            summary.problems += 1;
                        }
                    }
                    continue;
                }
                let Some((index, problem)) = parsed.get(state.block_key.as_str()) else {
                    continue;
                };
                if state.earned.is_none() {
                    continue;
                }
                let answers = answers_map(&state.answers);
                let Ok(graded) = capa::responses::grade_problem(problem, &answers) else {
                    continue;
                };
                let possible = tree.nodes[*index].possible;
                let hints = capa::problem_feedback(problem, &answers, &graded);
                let feedback: BTreeMap<String, InputFeedback> = graded
                    .inputs
                    .iter()
                    .map(|(id, g)| {
                        (
                            id.clone(),
                            InputFeedback {
                                correctness: g.correctness.into(),
                                hint: hints.get(id).cloned(),
                            },
                        )
                    })
                    .collect();
                state.earned = Some(if graded.possible > 0.0 {
                    graded.earned / graded.possible * possible
                } else {
                    0.0
                });
                state.possible = possible;
                state.feedback = json!(feedback);
                state.updated_at = now;
                summary.problems += 1;
            }
            let earned: std::collections::HashMap<(i64, &str), f64> = states
                .iter()
                .filter_map(|(u, s)| Some(((*u, s.block_key.as_str()), s.earned?)))
                .collect();
            let mut grades = Vec::new();
            for &user in &ids {
                let earned_of = |block: &str| earned.get(&(user, block)).copied().unwrap_or(0.0);
                for (sub, problems) in &subsections {
                    if problems.is_empty() {
                        continue;
                    }
                    grades.push((
                        user,
                        crate::store::learner::SubsectionGradeRecord {
                            block_key: tree.nodes[*sub].id.clone(),
                            earned: problems.iter().map(|&p| earned_of(&tree.nodes[p].id)).sum(),
                            possible: problems.iter().map(|&p| tree.nodes[p].possible).sum(),
                            updated_at: now,
                        },
                    ));
                }
            }
            self.learner.apply_regrade(&key, &states, &grades).await?;
            summary.learners += page.len() as u64;
            offset += batch;
            if offset >= total {
                report(total, total);
                break;
            }
        }
        Ok(summary)
    }
}
