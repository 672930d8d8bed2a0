//! `import_olx`: imports an uploaded OLX `.tar.gz` as a new course run for
//! the person who uploaded it, reporting progress by step.
//!
//! The course is created in one step at the end, so a run that stops
//! early leaves nothing behind but stored files, which a retry overwrites
//! with the same bytes. A retry after the course was created is refused
//! as "course exists", which is the truth.

use serde_json::json;

use super::{Outcome, Progress};
use crate::services::authoring::{AuthoringError, IMPORT_JOB};
use crate::state::AppState;
use crate::store::jobs::JobRecord;

pub const KIND: &str = IMPORT_JOB;

pub async fn run(state: &AppState, job: &JobRecord, progress: &Progress) -> Outcome {
    let Some(upload) = job.payload.get("upload").and_then(|v| v.as_str()) else {
        return Outcome::Rejected("The job does not name an uploaded archive.".into());
    };
    let Some(user_id) = job.created_by else {
        return Outcome::Rejected("The job does not say who asked for it.".into());
    };
    let user = match state.accounts.user(user_id).await {
        Ok(Some(user)) if user.is_active => user,
        Ok(_) => return Outcome::Rejected("The account that asked for the import is gone.".into()),
        Err(e) => return Outcome::Failed(e),
    };
    let course_key = match job.payload.get("course_key").and_then(|v| v.as_str()) {
        Some(text) => match text.parse() {
            Ok(key) => Some(key),
            Err(e) => return Outcome::Rejected(format!("The course key {text} is not valid: {e}")),
        },
        None => None,
    };
    progress.report(1, "Receiving the archive");
    let bytes = match state.assets.read_upload(upload).await {
        Ok(Some(bytes)) => bytes,
        Ok(None) => {
            return Outcome::Rejected(
                "The uploaded archive is no longer there; upload it again.".into(),
            )
        }
        Err(e) => return Outcome::Failed(anyhow::anyhow!("reading the upload: {e}")),
    };
    if progress.is_cancelled() {
        return Outcome::Cancelled;
    }
    let outcome = match state
        .authoring
        .import_archive_reporting(&user, bytes, course_key, progress.reporter())
        .await
    {
        Ok((summary, skipped)) => Outcome::Succeeded(json!({
            "course_key": summary.course_key,
            "display_name": summary.display_name,
            "skipped_files": skipped,
        })),
        Err(AuthoringError::Internal(e)) => return Outcome::Failed(e),
        Err(e) => Outcome::Rejected(e.to_string()),
    };
    if let Err(e) = state.assets.delete_upload(upload).await {
        tracing::warn!(error = %e, "could not delete an import's upload");
    }
    outcome
}
