//! Blocks and their content: the unit page's calls.
//!
//! Like the outline's edits, each of these names the draft version it is
//! based on (`base_version`) and answers the new draft version, so a page can
//! edit twice in a row and still learn when someone else changed the course
//! in between (409 `stale_version`).

use gloo_net::http::Method;
use shared_types::{
    BaseVersion, BlockEdited, BlockView, CourseVersions, MoveBlockRequest, OraSettings,
};

use super::{encode_path_segment, fetch_json, ApiError, NO_BODY};
use crate::mfe::encode_query_value;

/// The API path of one block, or of one of its actions (`rest` = `move`,
/// `publish`, ...; empty for the block itself).
fn block_path(block_key: &str, rest: &str) -> String {
    let block = encode_path_segment(block_key);
    if rest.is_empty() {
        format!("/authoring/blocks/{block}")
    } else {
        format!("/authoring/blocks/{block}/{rest}")
    }
}

/// `GET /authoring/blocks/{block_key}`: one block of the draft with its
/// settings and content, its ancestors and its direct children likewise (a
/// unit and all its components in one request).
pub async fn get_block(block_key: &str) -> Result<BlockView, ApiError> {
    fetch_json(Method::GET, &block_path(block_key, ""), NO_BODY).await
}

/// `POST /authoring/blocks/{block_key}/move`: reorders a block among its
/// siblings, or moves it under another parent of the right type.
pub async fn move_block(
    block_key: &str,
    request: &MoveBlockRequest,
) -> Result<BlockEdited, ApiError> {
    fetch_json(Method::POST, &block_path(block_key, "move"), Some(request)).await
}

/// `POST /authoring/blocks/{block_key}/duplicate`: copies the block and
/// everything below it right after the original; answers the copy's key.
pub async fn duplicate_block(
    block_key: &str,
    request: &BaseVersion,
) -> Result<BlockEdited, ApiError> {
    let path = block_path(block_key, "duplicate");
    fetch_json(Method::POST, &path, Some(request)).await
}

/// `POST /authoring/blocks/{block_key}/publish`: learners see this
/// section's, subsection's or unit's draft; the rest of the course stays as
/// published.
pub async fn publish_block(
    block_key: &str,
    request: &BaseVersion,
) -> Result<CourseVersions, ApiError> {
    let path = block_path(block_key, "publish");
    fetch_json(Method::POST, &path, Some(request)).await
}

/// `POST /authoring/blocks/{block_key}/discard`: brings back the published
/// content of the block and everything below it.
pub async fn discard_block_changes(
    block_key: &str,
    request: &BaseVersion,
) -> Result<BlockEdited, ApiError> {
    let path = block_path(block_key, "discard");
    fetch_json(Method::POST, &path, Some(request)).await
}

/// The API path of an open response assessment's settings.
fn ora_path(course_key: &str, usage_key: &str) -> String {
    format!(
        "/authoring/courses/{}/blocks/{}/ora",
        encode_path_segment(course_key),
        encode_path_segment(usage_key)
    )
}

/// `GET /authoring/courses/{course_key}/blocks/{usage_key}/ora`: an open
/// response assessment's settings as its draft OLX holds them (409
/// `unreadable_content` when that OLX cannot be read as an assessment).
pub async fn get_ora_settings(course_key: &str, usage_key: &str) -> Result<OraSettings, ApiError> {
    fetch_json(Method::GET, &ora_path(course_key, usage_key), NO_BODY).await
}

/// `PUT /authoring/courses/{course_key}/blocks/{usage_key}/ora`: replaces
/// the assessment's settings (and its display name, with the title) in a
/// new draft version. Invalid settings get 422 with one line per problem in
/// the detail.
pub async fn update_ora_settings(
    course_key: &str,
    usage_key: &str,
    base_version: &str,
    settings: &OraSettings,
) -> Result<BlockEdited, ApiError> {
    let path = format!(
        "{}?base_version={}",
        ora_path(course_key, usage_key),
        encode_query_value(base_version)
    );
    fetch_json(Method::PUT, &path, Some(settings)).await
}

#[cfg(test)]
mod tests {
    use super::{block_path, ora_path};

    #[test]
    fn assessment_settings_sit_below_the_encoded_course_and_block() {
        assert_eq!(
            ora_path(
                "course-v1:O+N+R",
                "block-v1:O+N+R+type@openassessment+block@e"
            ),
            "/authoring/courses/course-v1%3AO%2BN%2BR/blocks/\
             block-v1%3AO%2BN%2BR%2Btype%40openassessment%2Bblock%40e/ora"
        );
    }

    #[test]
    fn block_actions_sit_below_the_encoded_key() {
        assert_eq!(
            block_path("block-v1:O+N+R+type@vertical+block@u1", ""),
            "/authoring/blocks/block-v1%3AO%2BN%2BR%2Btype%40vertical%2Bblock%40u1"
        );
        assert_eq!(
            block_path("block-v1:O+N+R+type@html+block@h", "move"),
            "/authoring/blocks/block-v1%3AO%2BN%2BR%2Btype%40html%2Bblock%40h/move"
        );
    }
}
