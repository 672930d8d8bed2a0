//! A learner's state in a course run: completion, where they were, each
//! problem's state with every attempt, and subsection grades.
//!
//! A submission is one transaction: the problem's new state (only if nobody
//! changed it meanwhile), the attempt in the history, the problem's
//! completion and the subsection grade recomputed from the stored scores,
//! so a grade never disagrees with the scores it sums.

pub mod sql;

use std::collections::HashMap;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde_json::Value;

use super::StoreResult;

/// One problem's state for one learner.
#[derive(Debug, Clone, PartialEq)]
pub struct ProblemStateRecord {
    pub block_key: String,
    /// The last submitted answers (input id → answer, as JSON).
    pub answers: Value,
    /// Per-input feedback of the last submission (input id →
    /// `{"correctness": ..., "hint": ...}`).
    pub feedback: Value,
    /// Weighted score of the last submission; none before any (or after a
    /// reset).
    pub earned: Option<f64>,
    pub possible: f64,
    /// Submissions made (resets keep the count, as Open edX does).
    pub attempts: u32,
    /// The seed of this learner's variant (shuffled choices).
    pub seed: u64,
    pub last_submitted_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}

/// One stored attempt.
#[derive(Debug, Clone, PartialEq)]
pub struct AttemptRecord {
    pub attempt: u32,
    pub answers: Value,
    pub correctness: String,
    pub earned: f64,
    pub possible: f64,
    pub created_at: DateTime<Utc>,
}

/// A subsection's stored grade.
#[derive(Debug, Clone, PartialEq)]
pub struct SubsectionGradeRecord {
    pub block_key: String,
    pub earned: f64,
    pub possible: f64,
    pub updated_at: DateTime<Utc>,
}

/// The subsection a problem counts in, with every problem of it and its
/// possible points, so the grade can be summed in the same transaction.
#[derive(Debug, Clone, PartialEq)]
pub struct SubsectionScope {
    pub block_key: String,
    pub problems: Vec<(String, f64)>,
}

/// A graded submission to store.
#[derive(Debug, Clone, PartialEq)]
pub struct SubmissionWrite {
    pub user_id: i64,
    pub course_key: String,
    /// The new state (its `attempts` already counts this submission).
    pub state: ProblemStateRecord,
    /// `attempts` of the state the submission was graded against (none when
    /// there was none): the write fails with [`SubmissionOutcome::Conflict`]
    /// if it moved meanwhile.
    pub expected_attempts: Option<u32>,
    pub correctness: String,
    pub subsection: Option<SubsectionScope>,
}

/// What storing a submission did.
#[derive(Debug, Clone, PartialEq)]
pub enum SubmissionOutcome {
    Stored,
    /// Another submission of the same learner landed first.
    Conflict,
}

#[async_trait]
pub trait LearnerStore: Send + Sync {
    /// Completion of every block the learner has started (block key → 0–1).
    async fn completions(
        &self,
        user_id: i64,
        course_key: &str,
    ) -> StoreResult<HashMap<String, f64>>;
    /// The progress page's learner state in one query: the score of every
    /// answered problem (block key → weighted points earned; problems
    /// never submitted or reset are left out) and the completions (as
    /// [`LearnerStore::completions`]).
    async fn scores_and_completions(
        &self,
        user_id: i64,
        course_key: &str,
    ) -> StoreResult<(HashMap<String, f64>, HashMap<String, f64>)>;
    /// Completions in several courses at once (course key → block key →
    /// 0–1), for the dashboard.
    async fn completions_in(
        &self,
        user_id: i64,
        course_keys: &[String],
    ) -> StoreResult<HashMap<String, HashMap<String, f64>>>;
    /// The last unit opened in each course (course key → block key).
    async fn visits_of(&self, user_id: i64) -> StoreResult<HashMap<String, String>>;
    /// Records completion; a block's completion never goes down.
    async fn record_completions(
        &self,
        user_id: i64,
        course_key: &str,
        items: &[(String, f64)],
        now: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// The unit the learner last opened.
    async fn last_visited(&self, user_id: i64, course_key: &str) -> StoreResult<Option<String>>;
    async fn record_visit(
        &self,
        user_id: i64,
        course_key: &str,
        block_key: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<()>;
    async fn problem_state(
        &self,
        user_id: i64,
        course_key: &str,
        block_key: &str,
    ) -> StoreResult<Option<ProblemStateRecord>>;
    /// Every problem state of the learner in the course.
    async fn problem_states(
        &self,
        user_id: i64,
        course_key: &str,
    ) -> StoreResult<Vec<ProblemStateRecord>>;
    /// Creates a problem's state before its first submission (to fix its
    /// seed); answers the existing one when there is one.
    async fn ensure_problem_state(
        &self,
        user_id: i64,
        course_key: &str,
        state: ProblemStateRecord,
    ) -> StoreResult<ProblemStateRecord>;
    /// Stores a graded submission (see [`SubmissionWrite`]).
    async fn record_submission(&self, write: SubmissionWrite) -> StoreResult<SubmissionOutcome>;
    /// Clears answers and score (attempts stay) and sets a new seed; the
    /// subsection grade is summed again. None when there is no state.
    async fn reset_problem(
        &self,
        user_id: i64,
        course_key: &str,
        block_key: &str,
        seed: u64,
        subsection: Option<SubsectionScope>,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<ProblemStateRecord>>;
    /// Every attempt at one problem, oldest first.
    async fn attempts(
        &self,
        user_id: i64,
        course_key: &str,
        block_key: &str,
    ) -> StoreResult<Vec<AttemptRecord>>;
    async fn subsection_grades(
        &self,
        user_id: i64,
        course_key: &str,
    ) -> StoreResult<Vec<SubsectionGradeRecord>>;
    /// The problem states of several learners in a course (for regrades).
    async fn states_of_learners(
        &self,
        course_key: &str,
        user_ids: &[i64],
    ) -> StoreResult<Vec<(i64, ProblemStateRecord)>>;
    /// Writes regraded problem states (score, feedback, possible) and
    /// subsection grades of a batch of learners in one transaction, with
    /// one statement for each kind whatever the batch's size.
    async fn apply_regrade(
        &self,
        course_key: &str,
        states: &[(i64, ProblemStateRecord)],
        grades: &[(i64, SubsectionGradeRecord)],
    ) -> StoreResult<()>;
}
