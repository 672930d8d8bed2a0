//! Open response assessments (Open edX's ORA2 with edx-submissions) in the
//! relational database: drafts, submissions, assessments against a rubric,
//! and the locks that keep two graders off one submission.
//!
//! An *item* is one `openassessment` block (its usage key). A learner has
//! at most one draft and at most one *active* submission per item; a
//! cancelled submission stays (with who cancelled it and why) and the
//! learner may submit again as the next attempt. Assessments are never
//! changed or deleted: a staff override is a newer staff assessment.
//!
//! What the store guarantees, so the service does not have to:
//!
//! - **One active submission.** Submitting while one is active is refused
//!   with [`OraError::AlreadySubmitted`], also when two submits race.
//!   Submitting removes the draft in the same transaction.
//! - **One peer or self assessment per grader and submission, one
//!   training assessment per example** (its `feedback` names the example)
//!   ([`OraError::AlreadyAssessed`]), also when two race; staff may assess
//!   again. Only active submissions take assessments ([`OraError::NotActive`]).
//! - **Peer counts stay right.** A submission's `peer_count` (peer
//!   assessments received) changes in the transaction that adds one, after
//!   the submission's row lock, so racing graders never lose an update.
//! - **Fair, exclusive peer picks.** [`OraStore::next_for_peer`] gives a
//!   grader the submission they hold (locked, not yet assessed), else the
//!   active submission of someone else they have not assessed and nobody
//!   else holds, those still short of `must_be_graded_by` first, then
//!   fewest peer assessments, then oldest; and takes it for them until the
//!   lock expires. Two graders asking at once never get the same one.
//! - **Staff grading locks** work the same way, per submission.
//!
//! What it leaves to the service: the block's settings (steps, counts,
//! dates, rubric), who may do what, points from the rubric, final scores
//! (median or mean), and grades.

pub mod sql;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Whether a submission still counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubmissionStatus {
    Active,
    /// Cancelled by staff; the learner may submit again.
    Cancelled,
}

/// One learner's submitted response to one item.
#[derive(Debug, Clone, PartialEq)]
pub struct SubmissionRecord {
    pub id: i64,
    /// The public id (Open edX's submission uuid).
    pub uuid: String,
    pub course_key: String,
    pub item_id: String,
    pub learner_id: i64,
    /// 1 for the first submission, then one more after each cancellation.
    pub attempt: i64,
    /// The response: text parts and uploaded files, as the service wrote it.
    pub answer: Value,
    pub submitted_at: DateTime<Utc>,
    pub status: SubmissionStatus,
    pub cancelled_by: Option<i64>,
    pub cancel_reason: Option<String>,
    pub cancelled_at: Option<DateTime<Utc>>,
    /// Peer assessments received.
    pub peer_count: i64,
    /// Who holds the peer lock, until when (it may have expired).
    pub peer_lock: Option<(i64, DateTime<Utc>)>,
    /// Who holds the staff grading lock, until when (it may have expired).
    pub staff_lock: Option<(i64, DateTime<Utc>)>,
}

/// A saved, not yet submitted response.
#[derive(Debug, Clone, PartialEq)]
pub struct DraftRecord {
    pub answer: Value,
    pub saved_at: DateTime<Utc>,
}

/// Who assessed: ORA2's step names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AssessmentKind {
    /// Student training (practice on example responses); kept for the record.
    Training,
    Peer,
    /// The learner on their own submission.
    Own,
    Staff,
}

impl AssessmentKind {
    /// The stored name (ORA2's `score_type`: PE, SE, ST, plus training).
    pub fn as_str(self) -> &'static str {
        match self {
            AssessmentKind::Training => "training",
            AssessmentKind::Peer => "peer",
            AssessmentKind::Own => "self",
            AssessmentKind::Staff => "staff",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "training" => Some(AssessmentKind::Training),
            "peer" => Some(AssessmentKind::Peer),
            "self" => Some(AssessmentKind::Own),
            "staff" => Some(AssessmentKind::Staff),
            _ => None,
        }
    }
}

/// The option chosen (and feedback given) for one rubric criterion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CriterionScore {
    /// The criterion's `name`.
    pub criterion: String,
    /// The option's `name`; none for a feedback-only criterion.
    pub option: Option<String>,
    pub points: i64,
    #[serde(default)]
    pub feedback: String,
}

/// An assessment to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAssessment {
    pub submission_id: i64,
    pub scorer_id: i64,
    pub kind: AssessmentKind,
    pub parts: Vec<CriterionScore>,
    /// Overall feedback.
    pub feedback: String,
    pub points_earned: i64,
    pub points_possible: i64,
}

/// A recorded assessment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssessmentRecord {
    pub id: i64,
    pub submission_id: i64,
    pub scorer_id: i64,
    pub kind: AssessmentKind,
    pub parts: Vec<CriterionScore>,
    pub feedback: String,
    pub points_earned: i64,
    pub points_possible: i64,
    pub created_at: DateTime<Utc>,
}

pub use super::forum::{Page, PageRequest};

/// What the ORA store can refuse.
#[derive(Debug, thiserror::Error)]
pub enum OraError {
    #[error("no such {0}")]
    NotFound(&'static str),
    /// The learner already has an active submission for the item.
    #[error("already submitted")]
    AlreadySubmitted,
    /// This grader already gave this kind of assessment to the submission.
    #[error("already assessed")]
    AlreadyAssessed,
    /// The submission was cancelled.
    #[error("the submission was cancelled")]
    NotActive,
    #[error("storage backend failed: {0}")]
    Backend(#[from] anyhow::Error),
}

impl From<sea_orm::DbErr> for OraError {
    fn from(err: sea_orm::DbErr) -> Self {
        OraError::Backend(anyhow::Error::new(err))
    }
}

pub type OraResult<T> = Result<T, OraError>;

/// Storage of open response assessments.
#[async_trait]
pub trait OraStore: Send + Sync {
    // Drafts and submissions.

    /// Saves (replaces) the learner's draft for the item.
    async fn save_draft(
        &self,
        course_key: &str,
        item_id: &str,
        learner_id: i64,
        answer: &Value,
        now: DateTime<Utc>,
    ) -> OraResult<()>;
    async fn draft(&self, item_id: &str, learner_id: i64) -> OraResult<Option<DraftRecord>>;
    /// Submits a response as the learner's next attempt and drops the draft.
    async fn submit(
        &self,
        course_key: &str,
        item_id: &str,
        learner_id: i64,
        answer: &Value,
        now: DateTime<Utc>,
    ) -> OraResult<SubmissionRecord>;
    async fn submission(&self, id: i64) -> OraResult<Option<SubmissionRecord>>;
    /// A submission by its public id.
    async fn submission_by_uuid(&self, uuid: &str) -> OraResult<Option<SubmissionRecord>>;
    /// The learner's latest submission (active or cancelled) for the item.
    async fn latest_submission(
        &self,
        item_id: &str,
        learner_id: i64,
    ) -> OraResult<Option<SubmissionRecord>>;
    /// Every submission to the item, oldest first (cancelled ones too).
    async fn submissions(
        &self,
        item_id: &str,
        page: PageRequest,
    ) -> OraResult<Page<SubmissionRecord>>;
    /// Active submissions of the item, and how many of them have no staff
    /// assessment.
    async fn counts(&self, item_id: &str) -> OraResult<(u64, u64)>;
    /// Cancels an active submission; false when it was not active.
    async fn cancel(&self, id: i64, by: i64, reason: &str, now: DateTime<Utc>) -> OraResult<bool>;

    // Grading.

    /// The submission this grader should assess next for the peer step
    /// (see the module's guarantees), locked for them until `lock_until`;
    /// none when nothing is left to assess.
    async fn next_for_peer(
        &self,
        item_id: &str,
        scorer_id: i64,
        must_be_graded_by: i64,
        now: DateTime<Utc>,
        lock_until: DateTime<Utc>,
    ) -> OraResult<Option<SubmissionRecord>>;
    /// Takes (or renews) the staff grading lock of a submission. `Ok(None)`
    /// when taken; `Ok(Some(holder))` when another staff member holds it.
    async fn lock_for_staff(
        &self,
        submission_id: i64,
        staff_id: i64,
        now: DateTime<Utc>,
        lock_until: DateTime<Utc>,
    ) -> OraResult<Option<i64>>;
    /// Gives up a staff lock held by `staff_id`; false when not held.
    async fn release_staff_lock(&self, submission_id: i64, staff_id: i64) -> OraResult<bool>;
    /// Records an assessment and releases the grader's lock on the
    /// submission.
    async fn assess(&self, new: NewAssessment, now: DateTime<Utc>) -> OraResult<AssessmentRecord>;
    /// The assessments of a submission, oldest first.
    async fn assessments_of(&self, submission_id: i64) -> OraResult<Vec<AssessmentRecord>>;
    /// The assessments of several submissions, oldest first, in one query.
    async fn assessments_of_many(&self, ids: &[i64]) -> OraResult<Vec<AssessmentRecord>>;
    /// How many peer assessments each of `scorer_ids` gave in the item
    /// (those who gave none are left out), in one query.
    async fn peer_counts_by(
        &self,
        item_id: &str,
        scorer_ids: &[i64],
    ) -> OraResult<std::collections::HashMap<i64, u64>>;
    /// The assessments a grader gave of one kind in an item, oldest first.
    async fn assessments_by(
        &self,
        item_id: &str,
        scorer_id: i64,
        kind: AssessmentKind,
    ) -> OraResult<Vec<AssessmentRecord>>;
}
