//! Open response assessment (ORA): the learner's steps (response, training,
//! peer, self) and the course team's grading.
//!
//! Every path names the course and the assessment (its usage key), each
//! encoded as one path segment. Actions answer the learner's whole
//! [`OraView`] (or the submission's [`OraSubmissionDetail`] for the course
//! team), so a page replaces what it shows with the answer instead of
//! guessing what changed.

use gloo_net::http::Method;
use shared_types::{
    OraAssessmentInput, OraCancelInput, OraFile, OraItemSummary, OraPeerAssessmentInput,
    OraPeerTask, OraResponse, OraSubmissionDetail, OraSubmissionPage, OraTrainingInput,
    OraTrainingResult, OraView, CSRF_HEADER,
};

use super::{
    encode_path_segment, fetch_empty, fetch_json, send, upload_with_progress, ApiError,
    UploadProgress, API_PREFIX, NO_BODY,
};

/// `/courses/{course_key}/ora`, the start of every path below.
fn course_ora_path(course_key: &str) -> String {
    format!("/courses/{}/ora", encode_path_segment(course_key))
}

/// `/courses/{course_key}/ora/{usage_key}`, one assessment.
fn ora_path(course_key: &str, usage_key: &str) -> String {
    format!(
        "{}/{}",
        course_ora_path(course_key),
        encode_path_segment(usage_key)
    )
}

/// `.../submissions/{uuid}`, one submission for the course team.
fn submission_path(course_key: &str, usage_key: &str, uuid: &str) -> String {
    format!(
        "{}/submissions/{}",
        ora_path(course_key, usage_key),
        encode_path_segment(uuid)
    )
}

// ---------------------------------------------------------------------
// The learner (or course staff trying the assessment).
// ---------------------------------------------------------------------

/// `GET /courses/{course_key}/ora/{usage_key}`: the assessment with the
/// learner's progress through it.
pub async fn get_ora(course_key: &str, usage_key: &str) -> Result<OraView, ApiError> {
    fetch_json(Method::GET, &ora_path(course_key, usage_key), NO_BODY).await
}

/// `PUT .../draft`: keeps the response being written (texts and uploaded
/// files) without submitting it.
pub async fn save_ora_draft(
    course_key: &str,
    usage_key: &str,
    response: &OraResponse,
) -> Result<OraView, ApiError> {
    let path = format!("{}/draft", ora_path(course_key, usage_key));
    fetch_json(Method::PUT, &path, Some(response)).await
}

/// `POST .../submission`: submits the response; it cannot be changed
/// afterwards (unless the course team cancels it).
pub async fn submit_ora_response(
    course_key: &str,
    usage_key: &str,
    response: &OraResponse,
) -> Result<OraView, ApiError> {
    let path = format!("{}/submission", ora_path(course_key, usage_key));
    fetch_json(Method::POST, &path, Some(response)).await
}

/// `POST .../files`: uploads one file of the response with the learner's
/// description of it, calling `on_progress` as its bytes go out. The
/// answer's `id` then goes into the draft's or submission's `files`; a
/// file of the wrong type or size, or one too many, answers a problem
/// whose `detail` says so.
pub async fn upload_ora_file(
    course_key: &str,
    usage_key: &str,
    file: &web_sys::File,
    description: &str,
    on_progress: impl Fn(UploadProgress) + 'static,
) -> Result<OraFile, ApiError> {
    let path = format!("{}/files", ora_path(course_key, usage_key));
    upload_with_progress(&path, file, &[("description", description)], on_progress).await
}

/// The address of `GET .../files/{file_id}` for a link (an [`OraFile`]'s
/// `url` already holds it; this is for files known only by id).
pub fn ora_file_url(course_key: &str, usage_key: &str, file_id: &str) -> String {
    format!(
        "{API_PREFIX}{}/files/{}",
        ora_path(course_key, usage_key),
        encode_path_segment(file_id)
    )
}

/// `POST .../peer/next`: a peer's response to assess, kept for this
/// learner for a while; `None` (204) when there is nothing to assess now.
pub async fn next_ora_peer_task(
    course_key: &str,
    usage_key: &str,
) -> Result<Option<OraPeerTask>, ApiError> {
    let path = format!("{}/peer/next", ora_path(course_key, usage_key));
    let response = send(Method::POST, &path, None).await?;
    let status = response.status();
    if status == 204 {
        return Ok(None);
    }
    let text = response
        .text()
        .await
        .map_err(|e| ApiError::unexpected(status, &e.to_string()))?;
    serde_json::from_str(&text)
        .map(Some)
        .map_err(|e| ApiError::unexpected(status, &e.to_string()))
}

/// `POST .../peer/assessments`: assesses the peer's response named in the
/// input.
pub async fn submit_ora_peer_assessment(
    course_key: &str,
    usage_key: &str,
    input: &OraPeerAssessmentInput,
) -> Result<OraView, ApiError> {
    let path = format!("{}/peer/assessments", ora_path(course_key, usage_key));
    fetch_json(Method::POST, &path, Some(input)).await
}

/// `POST .../self-assessment`: the learner assesses their own response.
pub async fn submit_ora_self_assessment(
    course_key: &str,
    usage_key: &str,
    input: &OraAssessmentInput,
) -> Result<OraView, ApiError> {
    let path = format!("{}/self-assessment", ora_path(course_key, usage_key));
    fetch_json(Method::POST, &path, Some(input)).await
}

/// `POST .../training`: the learner's options for one training example,
/// answered with the criteria that differ from the course team's.
pub async fn submit_ora_training(
    course_key: &str,
    usage_key: &str,
    input: &OraTrainingInput,
) -> Result<OraTrainingResult, ApiError> {
    let path = format!("{}/training", ora_path(course_key, usage_key));
    fetch_json(Method::POST, &path, Some(input)).await
}

// ---------------------------------------------------------------------
// The course team.
// ---------------------------------------------------------------------

/// `GET /courses/{course_key}/ora`: every assessment of the course with
/// its submission counts (course staff only).
pub async fn list_course_oras(course_key: &str) -> Result<Vec<OraItemSummary>, ApiError> {
    fetch_json(Method::GET, &course_ora_path(course_key), NO_BODY).await
}

/// `GET .../submissions`: one page of an assessment's submissions.
pub async fn list_ora_submissions(
    course_key: &str,
    usage_key: &str,
    page: u64,
    page_size: u64,
) -> Result<OraSubmissionPage, ApiError> {
    let path = format!(
        "{}/submissions?page={page}&page_size={page_size}",
        ora_path(course_key, usage_key)
    );
    fetch_json(Method::GET, &path, NO_BODY).await
}

/// `GET .../submissions/{uuid}`: a submission with every assessment of it,
/// without taking it for grading.
pub async fn get_ora_submission(
    course_key: &str,
    usage_key: &str,
    uuid: &str,
) -> Result<OraSubmissionDetail, ApiError> {
    let path = submission_path(course_key, usage_key, uuid);
    fetch_json(Method::GET, &path, NO_BODY).await
}

/// `POST .../submissions/{uuid}/lock`: takes the submission for grading so
/// no one else grades it meanwhile; 409 `locked` (see
/// [`ApiError::is_locked`]) when another staff member has it.
pub async fn lock_ora_submission(
    course_key: &str,
    usage_key: &str,
    uuid: &str,
) -> Result<OraSubmissionDetail, ApiError> {
    let path = format!("{}/lock", submission_path(course_key, usage_key, uuid));
    fetch_json(Method::POST, &path, NO_BODY).await
}

/// `DELETE .../submissions/{uuid}/lock`: gives the submission back.
pub async fn unlock_ora_submission(
    course_key: &str,
    usage_key: &str,
    uuid: &str,
) -> Result<(), ApiError> {
    let path = format!("{}/lock", submission_path(course_key, usage_key, uuid));
    fetch_empty(Method::DELETE, &path, NO_BODY).await
}

/// `DELETE .../submissions/{uuid}/lock` while the page unloads (the tab
/// closes, another app opens): a `keepalive` fetch that the browser
/// finishes after the page is gone, and whose answer nobody reads.
pub fn unlock_ora_submission_on_unload(course_key: &str, usage_key: &str, uuid: &str) {
    let url = format!(
        "{API_PREFIX}{}/lock",
        submission_path(course_key, usage_key, uuid)
    );
    let init = web_sys::RequestInit::new();
    init.set_method("DELETE");
    init.set_credentials(web_sys::RequestCredentials::SameOrigin);
    let headers = web_sys::js_sys::Object::new();
    let set = |target: &web_sys::js_sys::Object, key: &str, value: wasm_bindgen::JsValue| {
        // Setting a property of a fresh plain object cannot fail.
        let _ = web_sys::js_sys::Reflect::set(target, &key.into(), &value);
    };
    set(&headers, CSRF_HEADER, "1".into());
    init.set_headers(&headers);
    // `RequestInit` has no setter for it in this web-sys; the property is
    // what the browser reads.
    set(&init, "keepalive", true.into());
    let _ = leptos::prelude::window().fetch_with_str_and_init(&url, &init);
}

/// `POST .../submissions/{uuid}/staff-assessment`: grades the submission;
/// a staff grade replaces (overrides) any grade it had.
pub async fn submit_ora_staff_assessment(
    course_key: &str,
    usage_key: &str,
    uuid: &str,
    input: &OraAssessmentInput,
) -> Result<OraSubmissionDetail, ApiError> {
    let path = format!(
        "{}/staff-assessment",
        submission_path(course_key, usage_key, uuid)
    );
    fetch_json(Method::POST, &path, Some(input)).await
}

/// `POST .../submissions/{uuid}/cancel`: removes the submission from
/// grading, with the reason the learner will read; they may then submit a
/// new response.
pub async fn cancel_ora_submission(
    course_key: &str,
    usage_key: &str,
    uuid: &str,
    input: &OraCancelInput,
) -> Result<OraSubmissionDetail, ApiError> {
    let path = format!("{}/cancel", submission_path(course_key, usage_key, uuid));
    fetch_json(Method::POST, &path, Some(input)).await
}

/// The address of `GET .../export.csv`, every submission of the assessment
/// as a spreadsheet, for a download link.
pub fn ora_export_csv_url(course_key: &str, usage_key: &str) -> String {
    format!("{API_PREFIX}{}/export.csv", ora_path(course_key, usage_key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assessment_paths_encode_both_keys_as_single_segments() {
        assert_eq!(
            ora_path(
                "course-v1:O+N+R",
                "block-v1:O+N+R+type@openassessment+block@a1"
            ),
            "/courses/course-v1%3AO%2BN%2BR/ora/block-v1%3AO%2BN%2BR%2Btype%40openassessment%2Bblock%40a1"
        );
        assert_eq!(
            submission_path("c", "b", "f0/1"),
            "/courses/c/ora/b/submissions/f0%2F1"
        );
    }

    #[test]
    fn download_links_are_absolute_api_paths() {
        assert_eq!(
            ora_export_csv_url("c", "b"),
            "/api/v1/courses/c/ora/b/export.csv"
        );
        assert_eq!(
            ora_file_url("c", "b", "x y"),
            "/api/v1/courses/c/ora/b/files/x%20y"
        );
    }
}
