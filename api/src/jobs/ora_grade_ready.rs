//! `ora_grade_ready`: emails a learner that their open response
//! assessment grade is ready (when it still is; a cancelled submission or a
//! deactivated account gets nothing).

use serde_json::json;

use super::Outcome;
use crate::services::ora::GRADE_READY_JOB;
use crate::state::AppState;
use crate::store::jobs::JobRecord;

pub const KIND: &str = GRADE_READY_JOB;

pub async fn run(state: &AppState, job: &JobRecord) -> Outcome {
    let p = &job.payload;
    let (Some(course_key), Some(item_id), Some(learner_id)) = (
        p.get("course_key").and_then(|v| v.as_str()),
        p.get("item_id").and_then(|v| v.as_str()),
        p.get("learner_id").and_then(|v| v.as_i64()),
    ) else {
        return Outcome::Rejected("The job does not name a learner and an assessment.".into());
    };
    match state
        .ora
        .send_grade_email(course_key, item_id, learner_id)
        .await
    {
        Ok(sent) => Outcome::Succeeded(json!({ "sent": sent })),
        Err(e) => Outcome::Failed(e),
    }
}
