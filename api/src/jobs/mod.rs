//! Background jobs and the worker that runs them.
//!
//! A worker claims a job from the job store with a lease, runs it, and
//! records the outcome. A job reports progress through [`Progress`], which
//! also extends the lease and tells the job when it was cancelled. Failed
//! attempts are retried with exponential backoff; a job that fails for a
//! reason retrying cannot fix (bad input) fails at once.

pub mod forum_notification;
pub mod import_olx;
pub mod ora_grade_ready;

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use serde_json::Value;
use tokio::sync::watch;

use crate::olx::import::Reporter;
use crate::state::AppState;
use crate::store::jobs::{JobRecord, JobStore};

/// How long a claim lasts without a progress report.
pub const LEASE: Duration = Duration::from_secs(120);
/// How often an idle worker looks for work (it is also woken when a job is
/// queued in its own process).
pub const POLL_INTERVAL: Duration = Duration::from_secs(2);
/// How often progress is written at most.
const PROGRESS_INTERVAL: Duration = Duration::from_millis(250);

/// How a job run ended.
#[derive(Debug)]
pub enum Outcome {
    /// Done; the result is kept with the job.
    Succeeded(Value),
    /// Retrying cannot help (bad input): the job fails now.
    Rejected(String),
    /// Something went wrong that may pass (a store was down): retried.
    Failed(anyhow::Error),
    /// Someone cancelled the job while it ran.
    Cancelled,
}

/// Progress reporting for a running job: `report(percent, step)` from any
/// thread (also from blocking code); the latest value is written to the
/// store a few times a second.
#[derive(Clone)]
pub struct Progress {
    tx: Arc<watch::Sender<(u8, String)>>,
    cancelled: watch::Receiver<bool>,
}

impl Progress {
    /// Reports progress in percent with the current step.
    pub fn report(&self, percent: u8, step: &str) {
        self.tx.send_replace((percent.min(100), step.to_string()));
    }

    /// Whether the job was cancelled meanwhile.
    pub fn is_cancelled(&self) -> bool {
        *self.cancelled.borrow()
    }

    /// A reporting function, for code that takes one.
    pub fn reporter(&self) -> Reporter {
        let progress = self.clone();
        Arc::new(move |percent, step| progress.report(percent, step))
    }
}

/// Runs jobs of the store with the services of `state`.
#[derive(Clone)]
pub struct Worker {
    state: AppState,
}

impl Worker {
    pub fn new(state: AppState) -> Self {
        Self { state }
    }

    fn store(&self) -> Arc<dyn JobStore> {
        self.state.jobs.store().clone()
    }

    /// Runs jobs until `shutdown` turns true, sleeping when there are none.
    pub async fn run(self, mut shutdown: watch::Receiver<bool>) {
        let wake = self.state.jobs.wake_signal();
        loop {
            if *shutdown.borrow() {
                return;
            }
            match self.run_one().await {
                Ok(true) => continue,
                Ok(false) => {}
                Err(e) => {
                    tracing::error!(error = %e, "the job worker could not reach the job store")
                }
            }
            tokio::select! {
                _ = wake.notified() => {}
                _ = tokio::time::sleep(POLL_INTERVAL) => {}
                _ = shutdown.changed() => {}
            }
        }
    }

    /// Claims and runs one job; false when there was none.
    pub async fn run_one(&self) -> anyhow::Result<bool> {
        let store = self.store();
        let Some(job) = store.claim(lease_end()).await? else {
            return Ok(false);
        };
        let span =
            tracing::info_span!("job", id = %job.id, kind = %job.kind, attempt = job.attempts);
        let _enter = span.enter();
        tracing::info!("job started");
        let outcome = self.run_job(&job).await;
        match outcome {
            Outcome::Succeeded(result) => {
                store.succeed(&job.id, job.attempts, result).await?;
                tracing::info!("job succeeded");
            }
            Outcome::Rejected(reason) => {
                store.fail(&job.id, job.attempts, &reason, None).await?;
                tracing::info!(reason = %reason, "job rejected its input");
            }
            Outcome::Failed(e) => {
                let retry_at = (job.attempts < job.max_attempts).then(|| {
                    let delay = backoff(job.attempts);
                    Utc::now() + chrono::Duration::from_std(delay).unwrap_or_default()
                });
                tracing::error!(error = %format!("{e:#}"), retry = retry_at.is_some(), "job failed");
                store
                    .fail(
                        &job.id,
                        job.attempts,
                        "The job failed; see the server log.",
                        retry_at,
                    )
                    .await?;
            }
            Outcome::Cancelled => tracing::info!("job cancelled"),
        }
        Ok(true)
    }

    /// Runs the job's code with progress written to the store meanwhile.
    async fn run_job(&self, job: &JobRecord) -> Outcome {
        let (tx, mut rx) = watch::channel((0u8, "Starting".to_string()));
        let (cancel_tx, cancel_rx) = watch::channel(false);
        let progress = Progress {
            tx: Arc::new(tx),
            cancelled: cancel_rx,
        };
        let store = self.store();
        let id = job.id.clone();
        let attempt = job.attempts;
        let writer = tokio::spawn(async move {
            // Writes each new value, and renews the lease on a timer even
            // when a long step reports nothing new.
            let mut renew = tokio::time::interval(LEASE / 4);
            renew.tick().await;
            loop {
                let changed = tokio::select! {
                    changed = rx.changed() => changed.is_ok(),
                    _ = renew.tick() => true,
                };
                if !changed {
                    return;
                }
                let (percent, step) = rx.borrow_and_update().clone();
                match store
                    .progress(&id, attempt, u64::from(percent), 100, &step, lease_end())
                    .await
                {
                    Ok(true) => {}
                    Ok(false) => {
                        let _ = cancel_tx.send(true);
                        return;
                    }
                    Err(e) => tracing::warn!(error = %e, "could not record job progress"),
                }
                tokio::time::sleep(PROGRESS_INTERVAL).await;
            }
        });
        let outcome = match job.kind.as_str() {
            import_olx::KIND => import_olx::run(&self.state, job, &progress).await,
            forum_notification::KIND => forum_notification::run(&self.state, job, &progress).await,
            ora_grade_ready::KIND => ora_grade_ready::run(&self.state, job).await,
            other => Outcome::Rejected(format!("Lyceum has no job called {other}.")),
        };
        drop(progress);
        // The writer ends when the last sender is gone, after a final write.
        let _ = writer.await;
        outcome
    }
}

fn lease_end() -> chrono::DateTime<Utc> {
    Utc::now() + chrono::Duration::from_std(LEASE).unwrap_or_default()
}

/// The wait before attempt `attempts + 1`: 10 s, 40 s, 160 s, ... capped at
/// an hour.
pub fn backoff(attempts: u32) -> Duration {
    let factor = 4u64.saturating_pow(attempts.saturating_sub(1));
    Duration::from_secs((10 * factor).min(3600))
}

/// Starts `count` in-process workers; they stop when `shutdown` turns true.
pub fn spawn_workers(
    state: &AppState,
    count: u32,
    shutdown: watch::Receiver<bool>,
) -> Vec<tokio::task::JoinHandle<()>> {
    (0..count)
        .map(|_| tokio::spawn(Worker::new(state.clone()).run(shutdown.clone())))
        .collect()
}
