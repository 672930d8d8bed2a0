//! One error type for every API operation, and the conversion of every other
//! failure (malformed requests, unknown routes, oversized bodies, missing
//! credentials) into the same `application/problem+json` shape.
//!
//! Each service error is mapped with an exhaustive `match`, so a new domain
//! error cannot silently become a 500; a 500 never carries internal text, its
//! cause is logged with the request id instead.

use poem::error::ResponseError;
use poem::http::{header, HeaderValue, StatusCode};
use poem::Response;
use poem_openapi::payload::Json;
use poem_openapi::ApiResponse;
use shared_types::{ErrorBody, PROBLEM_JSON};

use crate::services::accounts::AccountError;
use crate::services::assets::AssetError;
use crate::services::authoring::AuthoringError;
use crate::services::authz::AuthzError;
use crate::services::catalog::CatalogError;
use crate::services::courseware::CoursewareError;
use crate::services::forum::ForumError;
use crate::services::jobs::JobError;
use crate::services::render::PreviewError;

/// Builds a problem body.
pub fn problem(status: StatusCode, code: &str, detail: impl Into<String>) -> ErrorBody {
    ErrorBody {
        type_: format!("/problems/{code}"),
        title: status.canonical_reason().unwrap_or("Error").to_string(),
        status: status.as_u16(),
        detail: detail.into(),
        code: code.to_string(),
        field: None,
        current_version: None,
        request_id: None,
    }
}

/// The error response of every operation.
#[derive(ApiResponse, Debug)]
pub enum ApiError {
    /// The request is malformed.
    #[oai(status = 400, content_type = "application/problem+json")]
    BadRequest(Json<ErrorBody>),
    /// Not signed in, or the credentials are wrong.
    #[oai(status = 401, content_type = "application/problem+json")]
    Unauthorized(Json<ErrorBody>),
    /// Signed in, but not allowed to do this.
    #[oai(status = 403, content_type = "application/problem+json")]
    Forbidden(Json<ErrorBody>),
    /// No such object (or not visible to this user).
    #[oai(status = 404, content_type = "application/problem+json")]
    NotFound(Json<ErrorBody>),
    /// The request conflicts with the current state (a taken username, ...).
    #[oai(status = 409, content_type = "application/problem+json")]
    Conflict(Json<ErrorBody>),
    /// The request body is larger than accepted.
    #[oai(status = 413, content_type = "application/problem+json")]
    TooLarge(Json<ErrorBody>),
    /// The request is well-formed but a field is invalid; `field` names it.
    #[oai(status = 422, content_type = "application/problem+json")]
    Unprocessable(Json<ErrorBody>),
    /// Too many attempts; retry after the number of seconds in `Retry-After`.
    #[oai(status = 429, content_type = "application/problem+json")]
    TooManyRequests(Json<ErrorBody>, #[oai(header = "Retry-After")] String),
    /// A backend the server needs does not answer.
    #[oai(status = 503, content_type = "application/problem+json")]
    Unavailable(Json<ErrorBody>),
    /// Something failed on the server; the request id identifies it in the logs.
    #[oai(status = 500, content_type = "application/problem+json")]
    Internal(Json<ErrorBody>),
}

impl ApiError {
    pub fn unauthorized(detail: impl Into<String>) -> Self {
        ApiError::Unauthorized(Json(problem(
            StatusCode::UNAUTHORIZED,
            "not_authenticated",
            detail,
        )))
    }

    pub fn not_found(detail: impl Into<String>) -> Self {
        ApiError::NotFound(Json(problem(StatusCode::NOT_FOUND, "not_found", detail)))
    }

    pub fn bad_request(code: &str, detail: impl Into<String>) -> Self {
        ApiError::BadRequest(Json(problem(StatusCode::BAD_REQUEST, code, detail)))
    }

    /// A 422 naming `field`; the detail reads as a sentence ("New password
    /// must be at least 8 characters long.").
    pub fn invalid(field: &str, message: impl std::fmt::Display) -> Self {
        let label = field_label(field);
        let mut body = problem(
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
            format!("{label} {message}."),
        );
        body.field = Some(field.to_string());
        ApiError::Unprocessable(Json(body))
    }

    /// A 422 naming several fields at once: `detail` has one line per
    /// problem (`Label: message.`), `field` names the first.
    pub fn invalid_fields(problems: &[(&str, String)]) -> Self {
        let lines: Vec<String> = problems
            .iter()
            .map(|(field, message)| {
                let mut line = format!("{}: {message}", field_label(field));
                if !line.ends_with('.') {
                    line.push('.');
                }
                line
            })
            .collect();
        let mut body = problem(
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
            lines.join("\n"),
        );
        body.field = problems.first().map(|(field, _)| field.to_string());
        ApiError::Unprocessable(Json(body))
    }

    /// Logs the cause and answers with a bare 500.
    pub fn internal(cause: &anyhow::Error) -> Self {
        tracing::error!(error = format!("{cause:#}"), "internal error");
        ApiError::Internal(Json(problem(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal_error",
            "Something went wrong on our side. Quote the request id when you report it.",
        )))
    }
}

/// A field's name as a sentence starts it: `white_listed_file_types` →
/// `White listed file types`.
pub fn field_label(field: &str) -> String {
    let label = field.replace('_', " ");
    let mut chars = label.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect::<String>(),
        None => label,
    }
}

impl From<AccountError> for ApiError {
    fn from(err: AccountError) -> Self {
        match err {
            AccountError::Invalid { field, message } => ApiError::invalid(field, message),
            AccountError::Conflict { field } => {
                let mut body = problem(
                    StatusCode::CONFLICT,
                    "conflict",
                    format!("An account with this {field} already exists."),
                );
                body.field = Some(field.to_string());
                ApiError::Conflict(Json(body))
            }
            AccountError::BadCredentials => ApiError::Unauthorized(Json(problem(
                StatusCode::UNAUTHORIZED,
                "invalid_credentials",
                err.to_string(),
            ))),
            AccountError::Throttled { retry_after_secs } => ApiError::TooManyRequests(
                Json(problem(
                    StatusCode::TOO_MANY_REQUESTS,
                    "throttled",
                    err.to_string(),
                )),
                retry_after_secs.to_string(),
            ),
            AccountError::InvalidToken => ApiError::bad_request("invalid_token", err.to_string()),
            AccountError::NotFound => ApiError::not_found("No such object."),
            AccountError::Internal(cause) => ApiError::internal(&cause),
        }
    }
}

impl From<AuthoringError> for ApiError {
    fn from(err: AuthoringError) -> Self {
        match err {
            AuthoringError::Invalid { field, message } => ApiError::invalid(field, message),
            AuthoringError::InvalidFields(problems) => ApiError::invalid_fields(&problems),
            AuthoringError::Unreadable(detail) => {
                let mut body = problem(StatusCode::CONFLICT, "unreadable_content", detail);
                body.field = Some("data".into());
                ApiError::Conflict(Json(body))
            }
            AuthoringError::Forbidden => ApiError::Forbidden(Json(problem(
                StatusCode::FORBIDDEN,
                "forbidden",
                err.to_string(),
            ))),
            AuthoringError::NotFound(detail) => ApiError::not_found(detail),
            AuthoringError::CourseExists(_) => {
                let mut body = problem(StatusCode::CONFLICT, "conflict", err.to_string());
                body.field = Some("run".into());
                ApiError::Conflict(Json(body))
            }
            AuthoringError::Stale { ref current } => {
                let mut body = problem(StatusCode::CONFLICT, "stale_version", err.to_string());
                body.current_version = current.clone();
                ApiError::Conflict(Json(body))
            }
            AuthoringError::Internal(cause) => ApiError::internal(&cause),
        }
    }
}

impl From<AssetError> for ApiError {
    fn from(err: AssetError) -> Self {
        match err {
            AssetError::Invalid { field, message } => ApiError::invalid(field, message),
            AssetError::TooLarge { .. } => ApiError::TooLarge(Json(problem(
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                err.to_string(),
            ))),
            AssetError::Forbidden => ApiError::Forbidden(Json(problem(
                StatusCode::FORBIDDEN,
                "forbidden",
                err.to_string(),
            ))),
            AssetError::NotFound(detail) => ApiError::not_found(detail),
            AssetError::Internal(cause) => ApiError::internal(&cause),
        }
    }
}

impl From<ForumError> for ApiError {
    fn from(err: ForumError) -> Self {
        match err {
            ForumError::NotFound(detail) => ApiError::not_found(detail),
            ForumError::Forbidden { code, message } => {
                ApiError::Forbidden(Json(problem(StatusCode::FORBIDDEN, code, message)))
            }
            ForumError::Invalid { field, message } => ApiError::invalid(field, message),
            ForumError::Conflict { code, message } => {
                ApiError::Conflict(Json(problem(StatusCode::CONFLICT, code, message)))
            }
            ForumError::RateLimited { retry_after_secs } => ApiError::TooManyRequests(
                Json(problem(
                    StatusCode::TOO_MANY_REQUESTS,
                    "rate_limited",
                    err.to_string(),
                )),
                retry_after_secs.to_string(),
            ),
            ForumError::Internal(cause) => ApiError::internal(&cause),
        }
    }
}

impl From<JobError> for ApiError {
    fn from(err: JobError) -> Self {
        match err {
            JobError::Forbidden => ApiError::Forbidden(Json(problem(
                StatusCode::FORBIDDEN,
                "forbidden",
                err.to_string(),
            ))),
            JobError::NotFound(detail) => ApiError::not_found(detail),
            JobError::Finished => ApiError::Conflict(Json(problem(
                StatusCode::CONFLICT,
                "job_finished",
                err.to_string(),
            ))),
            JobError::Internal(cause) => ApiError::internal(&cause),
        }
    }
}

impl From<PreviewError> for ApiError {
    fn from(err: PreviewError) -> Self {
        ApiError::invalid(err.field, err.message)
    }
}

impl From<CatalogError> for ApiError {
    fn from(err: CatalogError) -> Self {
        match err {
            CatalogError::NotFound(detail) => ApiError::not_found(detail),
            CatalogError::Forbidden(detail) => {
                ApiError::Forbidden(Json(problem(StatusCode::FORBIDDEN, "forbidden", detail)))
            }
            CatalogError::Refused { code, message } => {
                ApiError::Conflict(Json(problem(StatusCode::CONFLICT, code, message)))
            }
            CatalogError::Invalid { field, message } => ApiError::invalid(field, message),
            CatalogError::Internal(cause) => ApiError::internal(&cause),
        }
    }
}

impl From<CoursewareError> for ApiError {
    fn from(err: CoursewareError) -> Self {
        match err {
            CoursewareError::NotFound(detail) => ApiError::not_found(detail),
            CoursewareError::Forbidden { code, message } => {
                ApiError::Forbidden(Json(problem(StatusCode::FORBIDDEN, code, message)))
            }
            CoursewareError::Invalid { field, message } => ApiError::invalid(field, message),
            CoursewareError::Conflict { code, message } => {
                ApiError::Conflict(Json(problem(StatusCode::CONFLICT, code, message)))
            }
            CoursewareError::Internal(cause) => ApiError::internal(&cause),
        }
    }
}

impl From<AuthzError> for ApiError {
    fn from(err: AuthzError) -> Self {
        match err {
            AuthzError::Forbidden => ApiError::Forbidden(Json(problem(
                StatusCode::FORBIDDEN,
                "forbidden",
                err.to_string(),
            ))),
            AuthzError::Internal(cause) => ApiError::internal(&cause),
        }
    }
}

/// A problem raised outside an operation's own result (authentication
/// checkers, middleware); turns into a problem+json response.
#[derive(Debug, Clone)]
pub struct Problem(pub ErrorBody);

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.detail)
    }
}

impl std::error::Error for Problem {}

impl ResponseError for Problem {
    fn status(&self) -> StatusCode {
        StatusCode::from_u16(self.0.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    fn as_response(&self) -> Response {
        problem_response(&self.0)
    }
}

/// Serializes a problem with its media type.
pub fn problem_response(body: &ErrorBody) -> Response {
    let status = StatusCode::from_u16(body.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, PROBLEM_JSON)
        .body(serde_json::to_vec(body).unwrap_or_default())
}

/// Turns any error that reached the top of the stack into a problem+json
/// response carrying the request id. Responses already in that shape keep
/// their content and gain the id; everything else (poem-openapi's parse
/// errors, unknown routes, 405, 413) gets a body from its status.
pub async fn into_problem(err: poem::Error, request_id: &str) -> Response {
    let status = err.status();
    let message = err.to_string();
    let is_payload_error = err.is::<poem_openapi::error::ParseRequestPayloadError>()
        || err.is::<poem_openapi::error::ContentTypeError>();
    let is_param_error = err.is::<poem_openapi::error::ParseParamError>();
    let response = err.into_response();
    let already_problem = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with(PROBLEM_JSON));
    let request_id_value =
        HeaderValue::from_str(request_id).unwrap_or(HeaderValue::from_static("-"));
    if already_problem {
        // Keep status and headers (Retry-After, ...); add the request id.
        let (mut parts, body) = response.into_parts();
        let bytes = body.into_vec().await.unwrap_or_default();
        parts
            .headers
            .insert(shared_types::REQUEST_ID_HEADER, request_id_value);
        let bytes = match serde_json::from_slice::<ErrorBody>(&bytes) {
            Ok(mut body) => {
                body.request_id = Some(request_id.to_string());
                serde_json::to_vec(&body).unwrap_or(bytes)
            }
            Err(_) => bytes,
        };
        parts.headers.remove(header::CONTENT_LENGTH);
        return Response::from_parts(parts, bytes.into());
    }
    let mut body = {
        let (code, detail) = match status {
            _ if is_payload_error => ("malformed_request", message),
            _ if is_param_error => ("invalid_parameter", message),
            StatusCode::NOT_FOUND => ("not_found", "No such resource.".to_string()),
            StatusCode::METHOD_NOT_ALLOWED => (
                "method_not_allowed",
                "This method is not allowed on this resource.".to_string(),
            ),
            StatusCode::PAYLOAD_TOO_LARGE => (
                "payload_too_large",
                "The request body is larger than the server accepts.".to_string(),
            ),
            StatusCode::UNAUTHORIZED => (
                "not_authenticated",
                "Sign in, or send a valid `Authorization: Bearer` token.".to_string(),
            ),
            StatusCode::UNSUPPORTED_MEDIA_TYPE => ("unsupported_media_type", message),
            s if s.is_server_error() => {
                tracing::error!(error = %message, "internal error");
                (
                    "internal_error",
                    "Something went wrong on our side. Quote the request id when you report it."
                        .to_string(),
                )
            }
            _ => ("bad_request", message),
        };
        problem(status, code, detail)
    };
    body.request_id = Some(request_id.to_string());
    let mut response = problem_response(&body);
    response
        .headers_mut()
        .insert(shared_types::REQUEST_ID_HEADER, request_id_value);
    response
}
