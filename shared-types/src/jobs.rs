//! Background jobs (imports, reports, regrades, ...): their status and
//! progress, for progress bars.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Where a job stands.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Enum))]
#[cfg_attr(feature = "openapi", oai(rename_all = "snake_case"))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JobStatus {
    /// Waiting for a worker (or for its next attempt after a failure).
    Queued,
    Running,
    Succeeded,
    /// Failed for good; `error` says why.
    Failed,
    Cancelled,
}

impl JobStatus {
    /// Whether the job will not change any more.
    pub fn is_finished(self) -> bool {
        matches!(
            self,
            JobStatus::Succeeded | JobStatus::Failed | JobStatus::Cancelled
        )
    }
}

/// `GET /api/v1/jobs/{id}`: a job and its progress.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Job {
    pub id: String,
    /// What the job does (`import_olx`, ...).
    pub kind: String,
    /// The course it concerns, when it concerns one.
    pub course_key: Option<String>,
    pub status: JobStatus,
    /// Progress in percent, 0–100.
    pub percent: u8,
    /// Progress as units of work done of a total (0 of 0 before it starts).
    pub done: u64,
    pub total: u64,
    /// The step it is at ("Reading the course", ...).
    pub message: String,
    /// What a successful job produced (for an import: `course_key` and
    /// `skipped_files`).
    pub result: Option<serde_json::Value>,
    /// Why it failed.
    pub error: Option<String>,
    /// Attempts made so far.
    pub attempts: u32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

/// `GET /api/v1/authoring/courses/{course_key}/jobs`: newest first.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobList {
    pub results: Vec<Job>,
}
