//! The typed client of the Lyceum API: the only place the micro-frontends
//! talk HTTP.
//!
//! Every call goes through [`send`], which serialises the request body as
//! JSON, adds the CSRF header to unsafe methods, keeps the session cookie on
//! same-origin requests, and turns every failure (a problem+json answer, an
//! unexpected answer or an unreachable server) into one typed [`ApiError`],
//! so pages handle errors in a single way.

use std::fmt;

use gloo_net::http::{Method, RequestBuilder, Response};
use serde::{de::DeserializeOwned, Serialize};
use shared_types::{
    ApiTokenCreated, ApiTokenPage, BaseVersion, BlockEdited, ChangePasswordRequest, CourseSummary,
    CourseSummaryPage, CourseVersions, CreateApiTokenRequest, CreateBlockRequest,
    CreateCourseRequest, ErrorBody, LoginRequest, LoginResponse, Message, Outline,
    PasswordResetConfirm, PasswordResetRequest, RegisterRequest, UpdateBlockRequest, User,
    VerifyEmailRequest, CSRF_HEADER,
};
use web_sys::RequestCredentials;

mod course_settings;
mod discussions;
mod jobs;
mod learning;
mod ora;
mod preferences;
mod problems;
mod units;
mod upload;

pub use course_settings::*;
pub use discussions::*;
pub use jobs::*;
pub use learning::*;
pub use ora::*;
pub use preferences::*;
pub use problems::*;
pub use units::*;
pub use upload::upload_with_progress;

/// Where the API lives: the same origin that served the page.
const API_PREFIX: &str = "/api/v1";

/// A failed API call: the HTTP status and the problem the server described.
///
/// Failures that never produced a problem document (the network is down, a
/// proxy answered with HTML) are described by a synthesised [`ErrorBody`] so
/// pages can always show `detail` to the person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The HTTP status, or 0 when no answer arrived.
    pub status: u16,
    /// The problem as the server (or the client, for network failures) put
    /// it; boxed so results carrying an error stay small.
    pub body: Box<ErrorBody>,
}

impl ApiError {
    /// A request that never got an answer: offline, DNS, server down.
    fn network(cause: &str) -> Self {
        log::warn!("request failed: {cause}");
        Self::synthesised(
            0,
            "network_error",
            "Network error",
            "The server could not be reached. Check your connection and try again.",
        )
    }

    /// An answer that was not what the API promises (not problem+json, or a
    /// success body that does not decode).
    fn unexpected(status: u16, cause: &str) -> Self {
        log::warn!("unexpected answer ({status}): {cause}");
        Self::synthesised(
            status,
            "unexpected_response",
            "Unexpected response",
            "The server sent an unexpected answer. Please try again later.",
        )
    }

    fn synthesised(status: u16, code: &str, title: &str, detail: &str) -> Self {
        Self {
            status,
            body: Box::new(ErrorBody {
                type_: "about:blank".into(),
                title: title.into(),
                status,
                detail: detail.into(),
                code: code.into(),
                field: None,
                current_version: None,
                request_id: None,
            }),
        }
    }

    /// The explanation meant for people.
    pub fn detail(&self) -> &str {
        &self.body.detail
    }

    /// The request field a validation failure is about, if any.
    pub fn field(&self) -> Option<&str> {
        self.body.field.as_deref()
    }

    /// The caller is not signed in (or the session expired).
    pub fn is_unauthorized(&self) -> bool {
        self.status == 401
    }

    /// The caller is signed in but not allowed to do this.
    pub fn is_forbidden(&self) -> bool {
        self.status == 403
    }

    /// An edit named a content version that is no longer the latest: someone
    /// else changed the course meanwhile, so the page must reload it.
    pub fn is_stale_version(&self) -> bool {
        self.status == 409 && self.body.code == "stale_version"
    }

    /// Another staff member is grading the open response submission now
    /// (409 `locked`); the page shows it read-only.
    pub fn is_locked(&self) -> bool {
        self.status == 409 && self.body.code == "locked"
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.body.detail)
    }
}

impl std::error::Error for ApiError {}

/// Whether a method changes state, and so must prove it came from our pages.
fn is_unsafe(method: &Method) -> bool {
    ![Method::GET, Method::HEAD, Method::OPTIONS].contains(method)
}

/// Sends one request and returns the successful response, or the problem.
///
/// Not generic: the body arrives already serialised, so the request and
/// error handling is compiled once rather than once per body type.
pub(crate) async fn send(
    method: Method,
    path: &str,
    body: Option<String>,
) -> Result<Response, ApiError> {
    let url = format!("{API_PREFIX}{path}");
    let mut builder = RequestBuilder::new(&url)
        .credentials(RequestCredentials::SameOrigin)
        .header("Accept", "application/json, application/problem+json");
    if is_unsafe(&method) {
        builder = builder.header(CSRF_HEADER, "1");
    }
    let builder = builder.method(method);
    let request = match body {
        Some(json) => builder
            .header("Content-Type", "application/json")
            .body(json),
        None => builder.build(),
    }
    .map_err(|e| ApiError::unexpected(0, &e.to_string()))?;

    let response = request
        .send()
        .await
        .map_err(|e| ApiError::network(&e.to_string()))?;
    if response.ok() {
        return Ok(response);
    }
    let status = response.status();
    match response.text().await {
        Ok(text) => Err(upload::problem(status, &text)),
        Err(e) => Err(ApiError::unexpected(status, &e.to_string())),
    }
}

/// A request body as JSON text.
fn to_json<B: Serialize + ?Sized>(body: Option<&B>) -> Result<Option<String>, ApiError> {
    body.map(serde_json::to_string)
        .transpose()
        .map_err(|e| ApiError::unexpected(0, &e.to_string()))
}

/// Sends a request and returns the successful answer's status and text:
/// the non-generic half of [`fetch_json`].
async fn fetch_text(
    method: Method,
    path: &str,
    body: Option<String>,
) -> Result<(u16, String), ApiError> {
    let response = send(method, path, body).await?;
    let status = response.status();
    let text = response
        .text()
        .await
        .map_err(|e| ApiError::unexpected(status, &e.to_string()))?;
    Ok((status, text))
}

/// Sends a request and decodes the JSON answer.
pub(crate) async fn fetch_json<T: DeserializeOwned, B: Serialize + ?Sized>(
    method: Method,
    path: &str,
    body: Option<&B>,
) -> Result<T, ApiError> {
    let (status, text) = fetch_text(method, path, to_json(body)?).await?;
    serde_json::from_str(&text).map_err(|e| ApiError::unexpected(status, &e.to_string()))
}

/// Sends a request whose success answer carries no body (204).
pub(crate) async fn fetch_empty<B: Serialize + ?Sized>(
    method: Method,
    path: &str,
    body: Option<&B>,
) -> Result<(), ApiError> {
    send(method, path, to_json(body)?).await.map(|_| ())
}

/// No request body.
pub(crate) const NO_BODY: Option<&()> = None;

/// Percent-encodes one path segment: everything but RFC 3986's unreserved
/// characters, so course and block keys (`course-v1:ORG+NUMBER+RUN`) reach
/// the server intact whatever they contain.
pub fn encode_path_segment(segment: &str) -> String {
    let mut encoded = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) {
            encoded.push(byte as char);
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

/// `POST /auth/register`: creates an account (not signed in yet).
pub async fn register(request: &RegisterRequest) -> Result<User, ApiError> {
    fetch_json(Method::POST, "/auth/register", Some(request)).await
}

/// `POST /auth/login`: signs in; the server sets the session cookie.
pub async fn login(request: &LoginRequest) -> Result<LoginResponse, ApiError> {
    fetch_json(Method::POST, "/auth/login", Some(request)).await
}

/// `POST /auth/logout`: ends the session and clears the cookie.
pub async fn logout() -> Result<(), ApiError> {
    fetch_empty(Method::POST, "/auth/logout", NO_BODY).await
}

/// `GET /me`: the signed-in user; a 401 means nobody is signed in.
pub async fn me() -> Result<User, ApiError> {
    fetch_json(Method::GET, "/me", NO_BODY).await
}

/// `POST /me/password`: changes the password, knowing the current one.
pub async fn change_password(request: &ChangePasswordRequest) -> Result<(), ApiError> {
    fetch_empty(Method::POST, "/me/password", Some(request)).await
}

/// `POST /auth/password-reset`: emails a reset link if the address is known.
pub async fn request_password_reset(request: &PasswordResetRequest) -> Result<Message, ApiError> {
    fetch_json(Method::POST, "/auth/password-reset", Some(request)).await
}

/// `POST /auth/password-reset/confirm`: sets a new password with the emailed token.
pub async fn confirm_password_reset(request: &PasswordResetConfirm) -> Result<(), ApiError> {
    fetch_empty(Method::POST, "/auth/password-reset/confirm", Some(request)).await
}

/// `POST /auth/verify-email`: confirms the address with the emailed token.
pub async fn verify_email(request: &VerifyEmailRequest) -> Result<(), ApiError> {
    fetch_empty(Method::POST, "/auth/verify-email", Some(request)).await
}

/// `GET /me/tokens`: the user's personal API tokens (never their secrets).
pub async fn list_api_tokens() -> Result<ApiTokenPage, ApiError> {
    fetch_json(Method::GET, "/me/tokens?page_size=100", NO_BODY).await
}

/// `POST /me/tokens`: creates a token; the answer holds its secret, once.
pub async fn create_api_token(
    request: &CreateApiTokenRequest,
) -> Result<ApiTokenCreated, ApiError> {
    fetch_json(Method::POST, "/me/tokens", Some(request)).await
}

/// `DELETE /me/tokens/{id}`: revokes a token at once.
pub async fn revoke_api_token(id: i64) -> Result<(), ApiError> {
    fetch_empty(Method::DELETE, &format!("/me/tokens/{id}"), NO_BODY).await
}

/// `POST /authoring/courses`: creates a course run (global staff only).
pub async fn create_course(request: &CreateCourseRequest) -> Result<CourseSummary, ApiError> {
    fetch_json(Method::POST, "/authoring/courses", Some(request)).await
}

/// `GET /authoring/courses`: one page of the course runs the user may author.
pub async fn list_authored_courses(
    page: u64,
    page_size: u64,
) -> Result<CourseSummaryPage, ApiError> {
    let path = format!("/authoring/courses?page={page}&page_size={page_size}");
    fetch_json(Method::GET, &path, NO_BODY).await
}

/// `GET /authoring/courses/{course_key}/outline`: the draft outline and the
/// version to base edits on.
pub async fn get_course_outline(course_key: &str) -> Result<Outline, ApiError> {
    let path = format!(
        "/authoring/courses/{}/outline",
        encode_path_segment(course_key)
    );
    fetch_json(Method::GET, &path, NO_BODY).await
}

/// `POST /authoring/courses/{course_key}/blocks`: adds a section,
/// subsection, unit or component.
pub async fn create_block(
    course_key: &str,
    request: &CreateBlockRequest,
) -> Result<BlockEdited, ApiError> {
    let path = format!(
        "/authoring/courses/{}/blocks",
        encode_path_segment(course_key)
    );
    fetch_json(Method::POST, &path, Some(request)).await
}

/// `PATCH /authoring/blocks/{block_key}`: changes a block's settings or
/// content.
pub async fn update_block(
    block_key: &str,
    request: &UpdateBlockRequest,
) -> Result<BlockEdited, ApiError> {
    let path = format!("/authoring/blocks/{}", encode_path_segment(block_key));
    fetch_json(Method::PATCH, &path, Some(request)).await
}

/// `POST /authoring/blocks/{block_key}/delete`: removes a block and
/// everything below it.
pub async fn delete_block(block_key: &str, request: &BaseVersion) -> Result<BlockEdited, ApiError> {
    let path = format!(
        "/authoring/blocks/{}/delete",
        encode_path_segment(block_key)
    );
    fetch_json(Method::POST, &path, Some(request)).await
}

/// `POST /authoring/courses/{course_key}/publish`: learners see the named
/// draft version.
pub async fn publish_course(
    course_key: &str,
    request: &BaseVersion,
) -> Result<CourseVersions, ApiError> {
    let path = format!(
        "/authoring/courses/{}/publish",
        encode_path_segment(course_key)
    );
    fetch_json(Method::POST, &path, Some(request)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_unsafe_methods_need_the_csrf_header() {
        assert!(!is_unsafe(&Method::GET));
        assert!(!is_unsafe(&Method::HEAD));
        assert!(is_unsafe(&Method::POST));
        assert!(is_unsafe(&Method::PUT));
        assert!(is_unsafe(&Method::PATCH));
        assert!(is_unsafe(&Method::DELETE));
    }

    #[test]
    fn an_api_error_reads_as_its_detail() {
        let error = ApiError::synthesised(429, "throttled", "Too many requests", "Slow down.");
        assert_eq!(error.to_string(), "Slow down.");
        assert_eq!(error.field(), None);
        assert!(!error.is_unauthorized());
    }

    #[test]
    fn keys_are_encoded_as_single_path_segments() {
        assert_eq!(
            encode_path_segment("course-v1:Org+CS1+2026_T1"),
            "course-v1%3AOrg%2BCS1%2B2026_T1"
        );
        assert_eq!(
            encode_path_segment("block-v1:O+N+R+type@chapter+block@a/b"),
            "block-v1%3AO%2BN%2BR%2Btype%40chapter%2Bblock%40a%2Fb"
        );
    }

    #[test]
    fn only_a_stale_version_conflict_asks_for_a_reload() {
        let mut error = ApiError::synthesised(409, "stale_version", "Conflict", "Stale.");
        assert!(error.is_stale_version());
        error.body.code = "conflict".into();
        assert!(!error.is_stale_version());
    }
}
