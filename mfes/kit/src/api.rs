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
    ApiTokenCreated, ApiTokenPage, ChangePasswordRequest, CreateApiTokenRequest, ErrorBody,
    LoginRequest, LoginResponse, Message, PasswordResetConfirm, PasswordResetRequest,
    RegisterRequest, User, VerifyEmailRequest, CSRF_HEADER,
};
use web_sys::RequestCredentials;

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
async fn send<B: Serialize + ?Sized>(
    method: Method,
    path: &str,
    body: Option<&B>,
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
        Some(body) => builder.json(body),
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
    match response.json::<ErrorBody>().await {
        Ok(body) => Err(ApiError {
            status,
            body: Box::new(body),
        }),
        Err(e) => Err(ApiError::unexpected(status, &e.to_string())),
    }
}

/// Sends a request and decodes the JSON answer.
async fn fetch_json<T: DeserializeOwned, B: Serialize + ?Sized>(
    method: Method,
    path: &str,
    body: Option<&B>,
) -> Result<T, ApiError> {
    let response = send(method, path, body).await?;
    let status = response.status();
    response
        .json::<T>()
        .await
        .map_err(|e| ApiError::unexpected(status, &e.to_string()))
}

/// Sends a request whose success answer carries no body (204).
async fn fetch_empty<B: Serialize + ?Sized>(
    method: Method,
    path: &str,
    body: Option<&B>,
) -> Result<(), ApiError> {
    send(method, path, body).await.map(|_| ())
}

/// No request body.
const NO_BODY: Option<&()> = None;

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
}
