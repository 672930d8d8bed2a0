//! Course settings, team and files: the Studio settings pages' calls.
//!
//! Settings edits name the draft version they were based on (`base_version`,
//! the `version` of the matching GET) and answer the new draft version, so a
//! page can save twice in a row and still be told when someone else changed
//! the course in between (409 `stale_version`).
//!
//! Files are uploaded as `multipart/form-data` with one `file` field through
//! [`upload_with_progress`] (an `XMLHttpRequest`, the only browser API that
//! reports upload progress), so pages can show a progress bar for large files.

use gloo_net::http::Method;
use shared_types::{
    AddTeamMemberRequest, AdvancedSettingsView, BlockEdited, CourseAsset, CourseAssetList,
    CourseDetailsView, CourseRole, GradingPolicyView, TeamList, UpdateAdvancedSettings,
    UpdateCourseDetails, UpdateGradingPolicy,
};

use super::{
    encode_path_segment, fetch_empty, fetch_json, upload_with_progress, ApiError, NO_BODY,
};

/// The API path of one course's sub-resource.
fn course_path(course_key: &str, rest: &str) -> String {
    format!(
        "/authoring/courses/{}/{rest}",
        encode_path_segment(course_key)
    )
}

/// `GET /authoring/courses/{course_key}/details`: schedule and details.
pub async fn get_course_details(course_key: &str) -> Result<CourseDetailsView, ApiError> {
    fetch_json(Method::GET, &course_path(course_key, "details"), NO_BODY).await
}

/// `PUT /authoring/courses/{course_key}/details`: replaces them all.
pub async fn update_course_details(
    course_key: &str,
    request: &UpdateCourseDetails,
) -> Result<BlockEdited, ApiError> {
    fetch_json(
        Method::PUT,
        &course_path(course_key, "details"),
        Some(request),
    )
    .await
}

/// `GET /authoring/courses/{course_key}/grading-policy`: assignment types
/// and grade cutoffs.
pub async fn get_grading_policy(course_key: &str) -> Result<GradingPolicyView, ApiError> {
    let path = course_path(course_key, "grading-policy");
    fetch_json(Method::GET, &path, NO_BODY).await
}

/// `PUT /authoring/courses/{course_key}/grading-policy`: replaces the policy.
pub async fn update_grading_policy(
    course_key: &str,
    request: &UpdateGradingPolicy,
) -> Result<BlockEdited, ApiError> {
    let path = course_path(course_key, "grading-policy");
    fetch_json(Method::PUT, &path, Some(request)).await
}

/// `GET /authoring/courses/{course_key}/advanced-settings`.
pub async fn get_advanced_settings(course_key: &str) -> Result<AdvancedSettingsView, ApiError> {
    let path = course_path(course_key, "advanced-settings");
    fetch_json(Method::GET, &path, NO_BODY).await
}

/// `PUT /authoring/courses/{course_key}/advanced-settings`.
pub async fn update_advanced_settings(
    course_key: &str,
    request: &UpdateAdvancedSettings,
) -> Result<BlockEdited, ApiError> {
    let path = course_path(course_key, "advanced-settings");
    fetch_json(Method::PUT, &path, Some(request)).await
}

/// `GET /authoring/courses/{course_key}/team`: who holds which course role.
pub async fn list_course_team(course_key: &str) -> Result<TeamList, ApiError> {
    fetch_json(Method::GET, &course_path(course_key, "team"), NO_BODY).await
}

/// `POST /authoring/courses/{course_key}/team`: gives an existing user
/// (by username or email) a course role.
pub async fn add_course_team_member(
    course_key: &str,
    request: &AddTeamMemberRequest,
) -> Result<(), ApiError> {
    fetch_empty(
        Method::POST,
        &course_path(course_key, "team"),
        Some(request),
    )
    .await
}

/// `DELETE /authoring/courses/{course_key}/team/{username}/{role}`: takes a
/// role away; the server refuses to remove the last instructor.
pub async fn remove_course_team_member(
    course_key: &str,
    username: &str,
    role: CourseRole,
) -> Result<(), ApiError> {
    let rest = format!("team/{}/{}", encode_path_segment(username), role.as_str());
    fetch_empty(Method::DELETE, &course_path(course_key, &rest), NO_BODY).await
}

/// `GET /authoring/courses/{course_key}/assets`: the course's files.
pub async fn list_assets(course_key: &str) -> Result<CourseAssetList, ApiError> {
    fetch_json(Method::GET, &course_path(course_key, "assets"), NO_BODY).await
}

/// `DELETE /authoring/courses/{course_key}/assets/{name}`: removes a file.
pub async fn delete_asset(course_key: &str, name: &str) -> Result<(), ApiError> {
    let rest = format!("assets/{}", encode_path_segment(name));
    fetch_empty(Method::DELETE, &course_path(course_key, &rest), NO_BODY).await
}

/// `POST /authoring/courses/{course_key}/assets`: uploads a file (replacing
/// one of the same name) and answers the stored asset.
pub async fn upload_asset(course_key: &str, file: &web_sys::File) -> Result<CourseAsset, ApiError> {
    upload_asset_with_progress(course_key, file, |_| {}).await
}

/// How far an upload has got: bytes sent and bytes in all (0 when the
/// browser cannot tell).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UploadProgress {
    pub loaded: u64,
    pub total: u64,
}

impl UploadProgress {
    /// The share sent, 0–1, if the total is known.
    pub fn fraction(&self) -> Option<f64> {
        (self.total > 0).then(|| (self.loaded as f64 / self.total as f64).clamp(0.0, 1.0))
    }
}

/// `POST /authoring/courses/{course_key}/assets` like [`upload_asset`], and
/// calls `on_progress` as the file's bytes go out.
pub async fn upload_asset_with_progress(
    course_key: &str,
    file: &web_sys::File,
    on_progress: impl Fn(UploadProgress) + 'static,
) -> Result<CourseAsset, ApiError> {
    upload_with_progress(&course_path(course_key, "assets"), file, &[], on_progress).await
}

#[cfg(test)]
mod tests {
    use super::super::upload::decode_answer;
    use super::*;

    #[test]
    fn progress_is_a_share_only_when_the_total_is_known() {
        let half = UploadProgress {
            loaded: 50,
            total: 100,
        };
        assert_eq!(half.fraction(), Some(0.5));
        let unknown = UploadProgress {
            loaded: 50,
            total: 0,
        };
        assert_eq!(unknown.fraction(), None);
    }

    #[test]
    fn a_refused_upload_reads_as_the_servers_problem() {
        let problem = r#"{"type":"about:blank","title":"Payload too large","status":413,
            "detail":"The file is larger than 10 MB.","code":"too_large","field":"file"}"#;
        let error = decode_answer::<CourseAsset>(413, problem).unwrap_err();
        assert_eq!(error.status, 413);
        assert_eq!(error.field(), Some("file"));
        assert_eq!(error.detail(), "The file is larger than 10 MB.");
    }
}
