//! Who is calling: a bearer token (sessions and personal API tokens, for
//! third parties) or the HttpOnly session cookie (for the MFEs). Cookie
//! requests that change state must carry the CSRF header.

use poem::http::{Method, StatusCode};
use poem::Request;
use poem_openapi::auth::{ApiKey, Bearer};
use poem_openapi::SecurityScheme;
use shared_types::{CSRF_HEADER, SESSION_COOKIE};

use crate::error::{problem, Problem};
use crate::services::accounts::CurrentUser;
use crate::state::AppState;

/// `Authorization: Bearer <token>`: a session token from sign-in or a
/// personal API token.
#[derive(SecurityScheme)]
#[oai(rename = "bearer", ty = "bearer", checker = "check_bearer")]
pub struct BearerAuth(CurrentUser);

/// The `lyceum_session` cookie set by sign-in. Unsafe methods also need the
/// `X-Lyceum-CSRF` header.
#[derive(SecurityScheme)]
#[oai(
    rename = "session_cookie",
    ty = "api_key",
    key_name = "lyceum_session",
    key_in = "cookie",
    checker = "check_cookie"
)]
pub struct CookieAuth(CurrentUser);

/// Either way of signing a request.
#[derive(SecurityScheme)]
pub enum Auth {
    Bearer(BearerAuth),
    Cookie(CookieAuth),
}

impl Auth {
    /// The signed-in user.
    pub fn current(&self) -> &CurrentUser {
        match self {
            Auth::Bearer(b) => &b.0,
            Auth::Cookie(c) => &c.0,
        }
    }
}

fn state(req: &Request) -> poem::Result<&AppState> {
    req.data::<AppState>().ok_or_else(|| {
        poem::Error::from(Problem(problem(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal_error",
            "application state missing",
        )))
    })
}

fn unauthenticated() -> poem::Error {
    poem::Error::from(Problem(problem(
        StatusCode::UNAUTHORIZED,
        "not_authenticated",
        "Sign in, or send a valid `Authorization: Bearer` token.",
    )))
}

async fn resolve(req: &Request, token: &str) -> poem::Result<CurrentUser> {
    match state(req)?.accounts.authenticate(token).await {
        Ok(Some(user)) => Ok(user),
        Ok(None) => Err(unauthenticated()),
        Err(err) => {
            let api: crate::error::ApiError = err.into();
            Err(api.into())
        }
    }
}

async fn check_bearer(req: &Request, bearer: Bearer) -> poem::Result<CurrentUser> {
    resolve(req, &bearer.token).await
}

async fn check_cookie(req: &Request, key: ApiKey) -> poem::Result<CurrentUser> {
    let unsafe_method = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if unsafe_method && req.headers().get(CSRF_HEADER).is_none() {
        return Err(poem::Error::from(Problem(problem(
            StatusCode::FORBIDDEN,
            "csrf_failed",
            format!("Cookie-authenticated requests that change state must send the `{CSRF_HEADER}` header."),
        ))));
    }
    resolve(req, &key.key).await
}

/// The session cookie, as set at sign-in.
pub fn session_cookie(state: &AppState, token: &str, max_age_secs: i64) -> String {
    let secure = if state.config.secure_cookies() {
        "; Secure"
    } else {
        ""
    };
    format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{secure}"
    )
}

/// A header that removes the session cookie.
pub fn clear_session_cookie(state: &AppState) -> String {
    session_cookie(state, "", 0)
}

/// The signed-in user on a public endpoint, if any: a bearer token must be
/// valid (401 otherwise); a stale session cookie is read as signed out, so
/// public pages keep working after a session ends.
pub async fn optional_user(
    state: &AppState,
    req: &Request,
) -> Result<Option<CurrentUser>, crate::error::ApiError> {
    let unauthorized =
        || crate::error::ApiError::unauthorized("Send a valid `Authorization: Bearer` token.");
    if let Some(value) = req.headers().get(poem::http::header::AUTHORIZATION) {
        let token = value
            .to_str()
            .ok()
            .and_then(|v| v.strip_prefix("Bearer "))
            .ok_or_else(unauthorized)?;
        return match state.accounts.authenticate(token.trim()).await? {
            Some(user) => Ok(Some(user)),
            None => Err(unauthorized()),
        };
    }
    let token = req
        .headers()
        .get_all(poem::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| {
            let (name, value) = pair.trim().split_once('=')?;
            (name == SESSION_COOKIE).then(|| value.to_string())
        });
    match token {
        Some(token) => Ok(state.accounts.authenticate(&token).await?),
        None => Ok(None),
    }
}
