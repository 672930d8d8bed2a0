//! The account pages every app routes to (`/signin`, `/register`,
//! `/forgot-password`, `/reset-password`, `/verify-email`), so a person can
//! sign in wherever they land.

mod forgot_password;
mod register;
mod reset_password;
mod sign_in;
mod verify_email;

pub use forgot_password::ForgotPassword;
pub use register::Register;
pub use reset_password::ResetPassword;
pub use sign_in::SignIn;
pub use verify_email::VerifyEmail;

use leptos::prelude::*;

use crate::api::ApiError;

/// The message to show under one field: the error's detail when the server
/// named that field.
pub fn field_error(error: RwSignal<Option<ApiError>>, field: &'static str) -> Signal<Option<String>> {
    Signal::derive(move || {
        error.with(|error| {
            error
                .as_ref()
                .filter(|error| error.field() == Some(field))
                .map(|error| error.detail().to_string())
        })
    })
}

/// The message to show for the whole form: the error's detail unless it
/// belongs under one of the form's `fields`.
pub fn form_error(
    error: RwSignal<Option<ApiError>>,
    fields: &'static [&'static str],
) -> Signal<Option<String>> {
    Signal::derive(move || {
        error.with(|error| {
            error
                .as_ref()
                .filter(|error| !error.field().is_some_and(|field| fields.contains(&field)))
                .map(|error| error.detail().to_string())
        })
    })
}
