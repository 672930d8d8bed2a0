//! Who is signed in, shared by every component of an app.
//!
//! The session is a resource loaded from `GET /api/v1/me` once per page load
//! and provided as context. The session cookie is HttpOnly, so this answer is
//! the only way the page learns who is signed in; signing in and out update
//! the resource directly instead of asking again.

use leptos::prelude::*;
use shared_types::{LoginRequest, User};

use crate::api::{self, ApiError};

/// What the app knows about the session right now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionStatus {
    /// `GET /me` has not answered yet.
    Loading,
    /// Nobody is signed in.
    SignedOut,
    /// Someone is signed in.
    SignedIn,
    /// The session could not be checked (network or server failure).
    Failed(ApiError),
}

/// The session context: see [`provide_session`] and [`use_session`].
#[derive(Clone, Copy)]
pub struct Session {
    me: LocalResource<Result<Option<User>, ApiError>>,
}

impl Session {
    /// The signed-in user, if any (reactive).
    pub fn user(&self) -> Option<User> {
        self.me.get().and_then(|result| result.ok().flatten())
    }

    /// Where the session stands (reactive).
    pub fn status(&self) -> SessionStatus {
        match self.me.get() {
            None => SessionStatus::Loading,
            Some(Ok(None)) => SessionStatus::SignedOut,
            Some(Ok(Some(_))) => SessionStatus::SignedIn,
            Some(Err(error)) => SessionStatus::Failed(error),
        }
    }

    /// Asks the server again who is signed in, e.g. after the email address
    /// was verified.
    pub fn refresh(&self) {
        self.me.refetch();
    }

    /// Signs in and records the user.
    pub async fn sign_in(&self, request: &LoginRequest) -> Result<User, ApiError> {
        let response = api::login(request).await?;
        self.me.set(Some(Ok(Some(response.user.clone()))));
        Ok(response.user)
    }

    /// Signs out; the session is forgotten even if the server cannot be
    /// reached, so the page never shows a stale user.
    pub async fn sign_out(&self) -> Result<(), ApiError> {
        let result = api::logout().await;
        self.me.set(Some(Ok(None)));
        result
    }
}

/// Loads the session and makes it available to the app; call once in each
/// app's root component.
pub fn provide_session() -> Session {
    let me = LocalResource::new(|| async {
        match api::me().await {
            Ok(user) => Ok(Some(user)),
            Err(error) if error.is_unauthorized() => Ok(None),
            Err(error) => Err(error),
        }
    });
    let session = Session { me };
    provide_context(session);
    session
}

/// The session provided by [`provide_session`].
pub fn use_session() -> Session {
    use_context::<Session>().expect("provide_session() must be called in the app's root component")
}
