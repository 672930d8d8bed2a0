//! The learner's calls: catalog, enrollment, courseware, problems, progress.
//!
//! The catalog and the about page are public: they answer without a session
//! (the about page then has no enrollment); everything else needs one.

use gloo_net::http::Method;
use shared_types::{
    CatalogPage, CompletionBatch, CourseAbout, CourseBlocks, CourseProgress, Dashboard,
    EnrollRequest, Enrollment, ProblemAnswers, ProblemHint, ProblemState, SubmissionResult,
    SubmitAnswers, UnitView,
};

use super::{encode_path_segment, fetch_empty, fetch_json, ApiError, NO_BODY};

/// `/courses/{course_key}` with the key encoded, the start of every course
/// path below.
fn course_path(course_key: &str) -> String {
    format!("/courses/{}", encode_path_segment(course_key))
}

/// `/courses/{course_key}/blocks/{usage_key}/problem`, the start of every
/// problem action.
fn problem_path(course_key: &str, usage_key: &str) -> String {
    format!(
        "{}/blocks/{}/problem",
        course_path(course_key),
        encode_path_segment(usage_key)
    )
}

/// `GET /courses`: one page of the public catalog, soonest start first.
pub async fn list_catalog_courses(page: u64, page_size: u64) -> Result<CatalogPage, ApiError> {
    let path = format!("/courses?page={page}&page_size={page_size}");
    fetch_json(Method::GET, &path, NO_BODY).await
}

/// `GET /courses/{course_key}`: the about page, with the signed-in user's
/// enrollment when there is one.
pub async fn get_course_about(course_key: &str) -> Result<CourseAbout, ApiError> {
    fetch_json(Method::GET, &course_path(course_key), NO_BODY).await
}

/// `POST /courses/{course_key}/enrollment`: enrolls the signed-in user. A
/// full, closed or not-yet-open course answers with a problem whose `detail`
/// says so.
pub async fn enroll(course_key: &str, request: &EnrollRequest) -> Result<Enrollment, ApiError> {
    let path = format!("{}/enrollment", course_path(course_key));
    fetch_json(Method::POST, &path, Some(request)).await
}

/// `DELETE /courses/{course_key}/enrollment`: unenrolls the signed-in user.
pub async fn unenroll(course_key: &str) -> Result<(), ApiError> {
    let path = format!("{}/enrollment", course_path(course_key));
    fetch_empty(Method::DELETE, &path, NO_BODY).await
}

/// `GET /dashboard`: the signed-in user's courses with their progress.
pub async fn get_dashboard() -> Result<Dashboard, ApiError> {
    fetch_json(Method::GET, "/dashboard", NO_BODY).await
}

/// `GET /courses/{course_key}/blocks`: the published course as the learner
/// may see it, with completion; 403 when not enrolled.
pub async fn get_course_blocks(course_key: &str) -> Result<CourseBlocks, ApiError> {
    let path = format!("{}/blocks", course_path(course_key));
    fetch_json(Method::GET, &path, NO_BODY).await
}

/// `GET /courses/{course_key}/units/{usage_key}`: a unit's components,
/// ready to show.
pub async fn get_unit(course_key: &str, usage_key: &str) -> Result<UnitView, ApiError> {
    let path = format!(
        "{}/units/{}",
        course_path(course_key),
        encode_path_segment(usage_key)
    );
    fetch_json(Method::GET, &path, NO_BODY).await
}

/// `POST /courses/{course_key}/completion`: records what the learner has
/// done (HTML seen, most of a video watched).
pub async fn report_completion(course_key: &str, batch: &CompletionBatch) -> Result<(), ApiError> {
    let path = format!("{}/completion", course_path(course_key));
    fetch_empty(Method::POST, &path, Some(batch)).await
}

/// `GET .../problem`: a problem with the learner's state, as the unit gave
/// it; asked again after a submission for what the learner may do next.
pub async fn get_problem(course_key: &str, usage_key: &str) -> Result<ProblemState, ApiError> {
    fetch_json(Method::GET, &problem_path(course_key, usage_key), NO_BODY).await
}

/// `POST .../problem/submissions`: grades the learner's answers. An answer
/// the problem cannot evaluate answers 422 and uses no attempt.
pub async fn submit_problem(
    course_key: &str,
    usage_key: &str,
    request: &SubmitAnswers,
) -> Result<SubmissionResult, ApiError> {
    let path = format!("{}/submissions", problem_path(course_key, usage_key));
    fetch_json(Method::POST, &path, Some(request)).await
}

/// `POST .../problem/reset`: clears the learner's answers for a new try.
pub async fn reset_problem(course_key: &str, usage_key: &str) -> Result<ProblemState, ApiError> {
    let path = format!("{}/reset", problem_path(course_key, usage_key));
    fetch_json(Method::POST, &path, NO_BODY).await
}

/// `POST .../problem/answer`: the correct answers, when the problem's
/// `showanswer` policy allows.
pub async fn show_problem_answer(
    course_key: &str,
    usage_key: &str,
) -> Result<ProblemAnswers, ApiError> {
    let path = format!("{}/answer", problem_path(course_key, usage_key));
    fetch_json(Method::POST, &path, NO_BODY).await
}

/// `POST .../problem/hint`: the next demand hint.
pub async fn next_problem_hint(course_key: &str, usage_key: &str) -> Result<ProblemHint, ApiError> {
    let path = format!("{}/hint", problem_path(course_key, usage_key));
    fetch_json(Method::POST, &path, NO_BODY).await
}

/// `GET /courses/{course_key}/progress`: the learner's grade, scores and
/// completion.
pub async fn get_course_progress(course_key: &str) -> Result<CourseProgress, ApiError> {
    let path = format!("{}/progress", course_path(course_key));
    fetch_json(Method::GET, &path, NO_BODY).await
}
