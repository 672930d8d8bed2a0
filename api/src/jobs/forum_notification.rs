//! `forum_notification`: emails a thread's followers (and, for a comment,
//! the response's author) about a new response or comment. The forum keeps
//! a log of who was emailed about which post, so a retry after a crash or
//! a mail-server failure sends only the messages still owed.

use serde_json::json;

use super::{Outcome, Progress};
use crate::services::forum::{ForumError, NOTIFICATION_JOB};
use crate::state::AppState;
use crate::store::jobs::JobRecord;

pub const KIND: &str = NOTIFICATION_JOB;

pub async fn run(state: &AppState, job: &JobRecord, progress: &Progress) -> Outcome {
    let Some(comment_id) = job.payload.get("comment_id").and_then(|v| v.as_i64()) else {
        return Outcome::Rejected("The job does not name a post.".into());
    };
    let report = |done: u64, total: u64| {
        let percent = (done * 100).checked_div(total).unwrap_or(100);
        progress.report(
            percent as u8,
            &format!("Emailed {done} of {total} followers"),
        );
    };
    match state.forum.notify(comment_id, &report).await {
        Ok(sent) => Outcome::Succeeded(json!({ "sent": sent })),
        Err(ForumError::Internal(e)) => Outcome::Failed(e),
        Err(e) => Outcome::Failed(anyhow::anyhow!("{e}")),
    }
}
