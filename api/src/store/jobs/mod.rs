//! Background jobs: a durable queue whose rows are also the jobs' status
//! (queued, running, succeeded, failed, cancelled) and progress, which the
//! API reports so the MFEs can draw progress bars.
//!
//! A worker claims a job with a lease; a worker that dies leaves the lease
//! to run out and another worker reclaims the job. Failed attempts are
//! retried with exponential backoff until `max_attempts`, then the job is
//! failed for good (the dead letters are the failed rows).

pub mod sql;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde_json::Value;

pub use shared_types::JobStatus;

/// A job to run.
#[derive(Debug, Clone, PartialEq)]
pub struct NewJob {
    /// What runs it (`import_olx`, ...).
    pub kind: String,
    /// The course it concerns, for listing jobs per course.
    pub course_key: Option<String>,
    /// Who asked for it.
    pub created_by: Option<i64>,
    /// The job's input.
    pub payload: Value,
    /// Attempts before the job fails for good.
    pub max_attempts: u32,
}

/// A job and where it stands.
#[derive(Debug, Clone, PartialEq)]
pub struct JobRecord {
    pub id: String,
    pub kind: String,
    pub course_key: Option<String>,
    pub created_by: Option<i64>,
    pub payload: Value,
    pub status: JobStatus,
    /// Progress: `done` of `total` units, with what is happening now.
    pub done: u64,
    pub total: u64,
    pub message: String,
    /// What a successful run produced.
    pub result: Option<Value>,
    /// Why the last attempt failed.
    pub error: Option<String>,
    pub attempts: u32,
    pub max_attempts: u32,
    /// Not claimed before this time (backoff).
    pub run_at: DateTime<Utc>,
    /// A running job's claim lasts until then.
    pub lease_until: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

/// What the job store can fail with.
#[derive(Debug, thiserror::Error)]
pub enum JobStoreError {
    #[error("job store failed: {0}")]
    Backend(#[from] anyhow::Error),
}

pub type JobResult<T> = Result<T, JobStoreError>;

/// The durable job queue and status store.
#[async_trait]
pub trait JobStore: Send + Sync {
    /// Queues a job.
    async fn enqueue(&self, job: NewJob) -> JobResult<JobRecord>;
    /// Claims the oldest runnable job (queued and due, or running with an
    /// expired lease and attempts left), marking it running until
    /// `lease_until`; a job whose lease ran out on its last attempt fails.
    async fn claim(&self, lease_until: DateTime<Utc>) -> JobResult<Option<JobRecord>>;
    /// Records progress and extends the lease of a running job; false when
    /// the job is no longer this worker's (cancelled, or reclaimed after its
    /// lease ran out). `attempt` is the job's `attempts` when claimed: the
    /// claim's token, so a worker that lost its claim changes nothing.
    async fn progress(
        &self,
        id: &str,
        attempt: u32,
        done: u64,
        total: u64,
        message: &str,
        lease_until: DateTime<Utc>,
    ) -> JobResult<bool>;
    /// Marks a running job succeeded with its result.
    /// (Only if the claim `attempt` is still the job's.)
    async fn succeed(&self, id: &str, attempt: u32, result: Value) -> JobResult<()>;
    /// Records a failed attempt: queued again at `retry_at`, or failed for
    /// good when `retry_at` is none (only if the claim `attempt` is still
    /// the job's).
    async fn fail(
        &self,
        id: &str,
        attempt: u32,
        error: &str,
        retry_at: Option<DateTime<Utc>>,
    ) -> JobResult<()>;
    /// Cancels a queued or running job; false when it had already finished.
    async fn cancel(&self, id: &str) -> JobResult<bool>;
    async fn get(&self, id: &str) -> JobResult<Option<JobRecord>>;
    /// A course's jobs, newest first.
    async fn list_for_course(&self, course_key: &str, limit: u64) -> JobResult<Vec<JobRecord>>;
}
