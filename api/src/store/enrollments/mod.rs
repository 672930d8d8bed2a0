//! Who is enrolled in which course run, in which mode, with the history of
//! every change (Open edX keeps `student_courseenrollment_history`).
//!
//! Enrolling checks the course's cap atomically: the active count lives in
//! its own row and is raised with a conditional UPDATE in the same
//! transaction as the enrollment, so two learners racing for the last seat
//! cannot both get it.

pub mod sql;

use async_trait::async_trait;
use chrono::{DateTime, Utc};

pub use shared_types::EnrollmentMode;

use super::StoreResult;

/// One learner's enrollment in one course run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnrollmentRecord {
    pub user_id: i64,
    pub course_key: String,
    pub mode: EnrollmentMode,
    pub is_active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A user's standing in one course: their course roles and, when actively
/// enrolled, the enrollment's mode.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Membership {
    pub roles: Vec<shared_types::CourseRole>,
    pub active_mode: Option<EnrollmentMode>,
}

/// One change of an enrollment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnrollmentChange {
    pub mode: EnrollmentMode,
    pub is_active: bool,
    /// Who made the change (the learner, or course staff).
    pub actor_id: Option<i64>,
    pub at: DateTime<Utc>,
}

/// Whether an enrollment takes one of the course's seats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seat {
    /// A learner: takes a seat, refused beyond `cap` (none: no limit).
    Learner { cap: Option<u32> },
    /// Course staff: no seat.
    Staff,
}

/// What an enrollment attempt did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnrollOutcome {
    /// Enrolled now (new, or active again).
    Enrolled(EnrollmentRecord),
    /// Was already enrolled; nothing changed.
    AlreadyEnrolled(EnrollmentRecord),
    /// The course has reached its cap.
    Full,
}

#[async_trait]
pub trait EnrollmentStore: Send + Sync {
    /// Enrolls (or re-activates) `user_id`. With `seat` (a learner, not
    /// course staff) the enrollment takes a seat, refused once `cap` seats
    /// are taken.
    async fn enroll(
        &self,
        user_id: i64,
        course_key: &str,
        mode: EnrollmentMode,
        seat: Seat,
        actor_id: Option<i64>,
        now: DateTime<Utc>,
    ) -> StoreResult<EnrollOutcome>;
    /// Deactivates an enrollment; false when there was no active one.
    async fn unenroll(
        &self,
        user_id: i64,
        course_key: &str,
        actor_id: Option<i64>,
        now: DateTime<Utc>,
    ) -> StoreResult<bool>;
    /// Changes the mode of an active enrollment; none when there is none.
    async fn set_mode(
        &self,
        user_id: i64,
        course_key: &str,
        mode: EnrollmentMode,
        actor_id: Option<i64>,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<EnrollmentRecord>>;
    async fn enrollment(
        &self,
        user_id: i64,
        course_key: &str,
    ) -> StoreResult<Option<EnrollmentRecord>>;
    /// The user's course roles in a course and the mode of their active
    /// enrollment in it, in one round trip: what every courseware request
    /// checks.
    async fn membership(&self, user_id: i64, course_key: &str) -> StoreResult<Membership>;
    /// A user's active enrollments, newest first.
    async fn enrollments_of(&self, user_id: i64) -> StoreResult<Vec<EnrollmentRecord>>;
    /// A course's active enrollments by enrollment date, one page, with the
    /// total.
    async fn roster(
        &self,
        course_key: &str,
        offset: u64,
        limit: u64,
    ) -> StoreResult<(u64, Vec<EnrollmentRecord>)>;
    /// How many seats are taken (learners actively enrolled).
    async fn active_count(&self, course_key: &str) -> StoreResult<u64>;
    /// Taken seats of several courses in one query.
    async fn active_counts(
        &self,
        course_keys: &[String],
    ) -> StoreResult<std::collections::HashMap<String, u64>>;
    /// Every change of one enrollment, oldest first.
    async fn history(&self, user_id: i64, course_key: &str) -> StoreResult<Vec<EnrollmentChange>>;
}
