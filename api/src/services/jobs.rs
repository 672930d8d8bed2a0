//! Background jobs as people see them: queue one, follow its progress,
//! cancel it. Who may see a job: whoever asked for it, the team of the
//! course it concerns, and global staff.

use std::sync::Arc;

use shared_types::Job;
use tokio::sync::Notify;

use super::authz::{Authz, AuthzError, COURSE_TEAM};
use crate::store::accounts::UserRecord;
use crate::store::jobs::{JobRecord, JobStore, JobStoreError, NewJob};

/// What asking about jobs can fail with.
#[derive(Debug, thiserror::Error)]
pub enum JobError {
    #[error("You do not have permission to do this.")]
    Forbidden,
    #[error("{0}")]
    NotFound(String),
    #[error("The job has already finished.")]
    Finished,
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<AuthzError> for JobError {
    fn from(e: AuthzError) -> Self {
        match e {
            AuthzError::Forbidden => JobError::Forbidden,
            AuthzError::Internal(e) => JobError::Internal(e),
        }
    }
}

impl From<JobStoreError> for JobError {
    fn from(e: JobStoreError) -> Self {
        match e {
            JobStoreError::Backend(e) => JobError::Internal(e),
        }
    }
}

type Result<T, E = JobError> = std::result::Result<T, E>;

/// How many of a course's jobs are listed.
pub const COURSE_JOBS_LIMIT: u64 = 50;

/// The job service.
pub struct JobService {
    store: Arc<dyn JobStore>,
    authz: Arc<Authz>,
    /// Wakes the in-process workers when a job is queued.
    wake: Arc<Notify>,
}

impl JobService {
    pub fn new(store: Arc<dyn JobStore>, authz: Arc<Authz>) -> Self {
        Self {
            store,
            authz,
            wake: Arc::new(Notify::new()),
        }
    }

    /// The store, for the workers.
    pub fn store(&self) -> &Arc<dyn JobStore> {
        &self.store
    }

    /// What in-process workers wait on between polls.
    pub fn wake_signal(&self) -> Arc<Notify> {
        self.wake.clone()
    }

    /// Queues a job (the caller has checked the user may ask for it).
    pub async fn enqueue(&self, job: NewJob) -> Result<Job> {
        let record = self.store.enqueue(job).await?;
        self.wake.notify_one();
        Ok(view(&record))
    }

    /// A job the user may see.
    pub async fn get(&self, user: &UserRecord, id: &str) -> Result<Job> {
        let record = self.visible(user, id).await?;
        Ok(view(&record))
    }

    /// Cancels a queued or running job; a running job stops at its next
    /// progress report.
    pub async fn cancel(&self, user: &UserRecord, id: &str) -> Result<Job> {
        self.visible(user, id).await?;
        if !self.store.cancel(id).await? {
            return Err(JobError::Finished);
        }
        let record = self
            .store
            .get(id)
            .await?
            .ok_or_else(|| JobError::NotFound(format!("No job {id}.")))?;
        Ok(view(&record))
    }

    /// A course's jobs, newest first, for its team.
    pub async fn for_course(&self, user: &UserRecord, course_key: &str) -> Result<Vec<Job>> {
        self.authz
            .require_course_role(user, course_key, COURSE_TEAM)
            .await?;
        Ok(self
            .store
            .list_for_course(course_key, COURSE_JOBS_LIMIT)
            .await?
            .iter()
            .map(view)
            .collect())
    }

    async fn visible(&self, user: &UserRecord, id: &str) -> Result<JobRecord> {
        let not_found = || JobError::NotFound(format!("No job {id}."));
        let record = self.store.get(id).await?.ok_or_else(not_found)?;
        if record.created_by == Some(user.id) || Authz::is_global_staff(user) {
            return Ok(record);
        }
        match &record.course_key {
            Some(key) => match self.authz.require_course_role(user, key, COURSE_TEAM).await {
                Ok(()) => Ok(record),
                // Others' jobs are not even acknowledged.
                Err(AuthzError::Forbidden) => Err(not_found()),
                Err(e) => Err(e.into()),
            },
            None => Err(not_found()),
        }
    }
}

/// The API's view of a job.
pub fn view(r: &JobRecord) -> Job {
    let percent = if r.status == shared_types::JobStatus::Succeeded {
        100
    } else {
        (r.done.min(r.total) * 100)
            .checked_div(r.total)
            .unwrap_or(0) as u8
    };
    Job {
        id: r.id.clone(),
        kind: r.kind.clone(),
        course_key: r.course_key.clone(),
        status: r.status,
        percent,
        done: r.done,
        total: r.total,
        message: r.message.clone(),
        result: r.result.clone(),
        error: r.error.clone(),
        attempts: r.attempts,
        created_at: r.created_at,
        updated_at: r.updated_at,
        finished_at: r.finished_at,
    }
}
