//! The signed-in user's preferences (`/me/preferences`): for now, whether
//! followed discussion threads send email about new responses.

use gloo_net::http::Method;
use shared_types::{Preferences, PreferencesUpdate};

use super::{fetch_json, ApiError, NO_BODY};

/// `GET /me/preferences`.
pub async fn get_preferences() -> Result<Preferences, ApiError> {
    fetch_json(Method::GET, "/me/preferences", NO_BODY).await
}

/// `PATCH /me/preferences`: changes the fields given; answers them all.
pub async fn update_preferences(update: &PreferencesUpdate) -> Result<Preferences, ApiError> {
    fetch_json(Method::PATCH, "/me/preferences", Some(update)).await
}
