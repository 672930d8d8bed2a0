//! `/api/v1/auth/*`: registration, sign-in, sign-out, password reset and
//! email verification. These paths are a contract.

use poem::web::Data;
use poem::Request;
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, OpenApi};
use shared_types::{
    LoginRequest, LoginResponse, Message, PasswordResetConfirm, PasswordResetRequest,
    RegisterRequest, User, VerifyEmailRequest,
};

use super::ApiTags;
use crate::auth::{clear_session_cookie, session_cookie, Auth};
use crate::error::ApiError;
use crate::services::accounts::user_view;
use crate::state::AppState;

/// Sign-up and sign-in.
pub struct AuthApi;

/// A new account.
#[derive(ApiResponse)]
pub enum Registered {
    /// The account was created; a verification email is on its way.
    #[oai(status = 201)]
    Created(Json<User>),
}

/// A new session.
#[derive(ApiResponse)]
pub enum SignedIn {
    /// Signed in; the token is also set as the HttpOnly `lyceum_session` cookie.
    #[oai(status = 200)]
    Ok(Json<LoginResponse>, #[oai(header = "Set-Cookie")] String),
}

/// A session ended.
#[derive(ApiResponse)]
pub enum SignedOut {
    /// Signed out; the session cookie is cleared.
    #[oai(status = 204)]
    NoContent(#[oai(header = "Set-Cookie")] String),
}

/// An accepted request whose effect arrives by email.
#[derive(ApiResponse)]
pub enum Accepted {
    #[oai(status = 202)]
    Accepted(Json<Message>),
}

/// Done, nothing to return.
#[derive(ApiResponse)]
pub enum Done {
    #[oai(status = 204)]
    NoContent,
}

#[OpenApi(prefix_path = "/auth", tag = "ApiTags::Auth")]
impl AuthApi {
    /// Register an account
    ///
    /// Creates a learner account and emails a link to confirm the address.
    /// Duplicate usernames (in any case) or emails get 409; invalid fields get
    /// 422 naming the field.
    #[oai(path = "/register", method = "post", operation_id = "register_user")]
    async fn register_user(
        &self,
        state: Data<&AppState>,
        body: Json<RegisterRequest>,
    ) -> Result<Registered, ApiError> {
        let user = state.accounts.register(body.0).await?;
        Ok(Registered::Created(Json(user_view(&user))))
    }

    /// Sign in
    ///
    /// `username` may be the username or the email address. Returns a session
    /// token (usable as `Authorization: Bearer`) and sets it as an HttpOnly
    /// cookie. Repeated failures for one account or one client address are
    /// throttled with 429 and `Retry-After`.
    #[oai(path = "/login", method = "post", operation_id = "create_session")]
    async fn create_session(
        &self,
        state: Data<&AppState>,
        req: &Request,
        body: Json<LoginRequest>,
    ) -> Result<SignedIn, ApiError> {
        let client = client_address(&state, req);
        let session = state.accounts.login(body.0, &client).await?;
        let max_age = (session.expires_at - chrono::Utc::now())
            .num_seconds()
            .max(0);
        let cookie = session_cookie(&state, &session.token, max_age);
        Ok(SignedIn::Ok(
            Json(LoginResponse {
                token: session.token,
                expires_at: session.expires_at,
                user: user_view(&session.user),
            }),
            cookie,
        ))
    }

    /// Sign out
    ///
    /// Ends the session the request was made with and clears the cookie.
    #[oai(path = "/logout", method = "post", operation_id = "delete_session")]
    async fn delete_session(
        &self,
        state: Data<&AppState>,
        auth: Auth,
    ) -> Result<SignedOut, ApiError> {
        state.accounts.logout(auth.current()).await?;
        Ok(SignedOut::NoContent(clear_session_cookie(&state)))
    }

    /// Ask for a password reset link
    ///
    /// Emails a single-use link, valid for an hour, when the address belongs
    /// to an account. The answer is the same either way.
    #[oai(
        path = "/password-reset",
        method = "post",
        operation_id = "request_password_reset"
    )]
    async fn request_password_reset(
        &self,
        state: Data<&AppState>,
        body: Json<PasswordResetRequest>,
    ) -> Result<Accepted, ApiError> {
        state.accounts.request_password_reset(&body.0.email).await?;
        Ok(Accepted::Accepted(Json(Message {
            message: "If an account uses this address, a reset link is on its way.".into(),
        })))
    }

    /// Set a new password with a reset link
    ///
    /// Consumes the emailed token, sets the password and ends every session.
    #[oai(
        path = "/password-reset/confirm",
        method = "post",
        operation_id = "confirm_password_reset"
    )]
    async fn confirm_password_reset(
        &self,
        state: Data<&AppState>,
        body: Json<PasswordResetConfirm>,
    ) -> Result<Done, ApiError> {
        state.accounts.confirm_password_reset(body.0).await?;
        Ok(Done::NoContent)
    }

    /// Confirm an email address
    ///
    /// Consumes the emailed verification token.
    #[oai(path = "/verify-email", method = "post", operation_id = "verify_email")]
    async fn verify_email(
        &self,
        state: Data<&AppState>,
        body: Json<VerifyEmailRequest>,
    ) -> Result<Done, ApiError> {
        state.accounts.verify_email(&body.0.token).await?;
        Ok(Done::NoContent)
    }
}

/// The client's address: the last entry of the configured proxy header, or
/// the TCP peer.
fn client_address(state: &AppState, req: &Request) -> String {
    if let Some(name) = &state.config.client_ip_header {
        let forwarded = req
            .headers()
            .get(name.as_str())
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .map(str::trim)
            .filter(|v| !v.is_empty());
        if let Some(address) = forwarded {
            return address.to_string();
        }
    }
    let remote = req.remote_addr();
    remote
        .as_socket_addr()
        .map(|a| a.ip().to_string())
        .unwrap_or_else(|| remote.to_string())
}
