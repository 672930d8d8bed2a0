//! `/api/v1/jobs`: background jobs (imports, ...) and their progress.

use poem::web::Data;
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::OpenApi;
use shared_types::{Job, JobList};

use super::ApiTags;
use crate::auth::Auth;
use crate::error::ApiError;
use crate::state::AppState;

pub struct JobsApi;

#[OpenApi(prefix_path = "/jobs", tag = "ApiTags::Jobs")]
impl JobsApi {
    /// Read a job
    ///
    /// A job's status and progress (`percent`, `message`), its `result`
    /// once it has succeeded and its `error` once it has failed. Visible to
    /// whoever asked for it, the team of its course and global staff.
    #[oai(path = "/:id", method = "get", operation_id = "get_job")]
    async fn get_job(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        id: Path<String>,
    ) -> Result<Json<Job>, ApiError> {
        Ok(Json(state.jobs.get(&auth.current().user, &id.0).await?))
    }

    /// Cancel a job
    ///
    /// A queued job will not run; a running one stops at its next step.
    /// A finished job gets 409.
    #[oai(path = "/:id/cancel", method = "post", operation_id = "cancel_job")]
    async fn cancel_job(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        id: Path<String>,
    ) -> Result<Json<Job>, ApiError> {
        Ok(Json(state.jobs.cancel(&auth.current().user, &id.0).await?))
    }

    /// List a course's jobs
    ///
    /// The course's latest jobs, newest first, for its team.
    #[oai(path = "/", method = "get", operation_id = "list_jobs")]
    async fn list_jobs(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        /// The course whose jobs to list.
        course_key: Query<String>,
    ) -> Result<Json<JobList>, ApiError> {
        let results = state
            .jobs
            .for_course(&auth.current().user, &course_key.0)
            .await?;
        Ok(Json(JobList { results }))
    }
}
