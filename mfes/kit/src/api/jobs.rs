//! Background jobs (imports) and their progress.

use gloo_net::http::Method;
use shared_types::Job;

use super::{encode_path_segment, fetch_json, ApiError, NO_BODY};

/// `GET /jobs/{id}`: a job's status and progress.
pub async fn get_job(id: &str) -> Result<Job, ApiError> {
    fetch_json(
        Method::GET,
        &format!("/jobs/{}", encode_path_segment(id)),
        NO_BODY,
    )
    .await
}

/// `POST /jobs/{id}/cancel`: stops a queued or running job.
pub async fn cancel_job(id: &str) -> Result<Job, ApiError> {
    fetch_json(
        Method::POST,
        &format!("/jobs/{}/cancel", encode_path_segment(id)),
        NO_BODY,
    )
    .await
}

/// `POST /authoring/import`: uploads a course export, to become the course
/// run `course_key` when given (else the run named in the export); answers
/// the queued import job to follow with [`get_job`].
pub async fn import_course(
    file: &web_sys::File,
    course_key: Option<&str>,
    on_progress: impl Fn(super::UploadProgress) + 'static,
) -> Result<Job, ApiError> {
    let fields: Vec<(&str, &str)> = course_key
        .map(|key| ("course_key", key))
        .into_iter()
        .collect();
    super::upload_with_progress("/authoring/import", file, &fields, on_progress).await
}
