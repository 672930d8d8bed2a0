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
pub fn field_error(
    error: RwSignal<Option<ApiError>>,
    field: &'static str,
) -> Signal<Option<String>> {
    Signal::derive(move || {
        error.with(|error| {
            error
                .as_ref()
                .filter(|error| error.field() == Some(field))
                .map(|error| field_message(error.detail(), field))
        })
    })
}

/// A validation detail worded for a place under the field's own label: the
/// API's `"<field>: <message>"` becomes `"<Message>."`, since the label
/// already names the field (and a wire name such as `new_password` means
/// nothing to people). Any other wording is kept as it is.
fn field_message(detail: &str, field: &str) -> String {
    let Some(message) = detail
        .strip_prefix(field)
        .and_then(|rest| rest.strip_prefix(": "))
        .filter(|message| !message.is_empty())
    else {
        return detail.to_string();
    };
    // ASCII only: full Unicode case mapping would add its tables to every
    // bundle, and the API words its messages in English.
    let mut sentence = message.to_string();
    if let Some(first) = sentence.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    if !sentence.ends_with(['.', '!', '?']) {
        sentence.push('.');
    }
    sentence
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

#[cfg(test)]
mod tests {
    use super::field_message;

    #[test]
    fn a_field_prefixed_detail_reads_as_a_sentence_under_its_label() {
        assert_eq!(
            field_message(
                "new_password: must be at least 8 characters long",
                "new_password"
            ),
            "Must be at least 8 characters long."
        );
    }

    #[test]
    fn other_details_are_kept_as_the_server_wrote_them() {
        assert_eq!(
            field_message("An account with this username already exists.", "username"),
            "An account with this username already exists."
        );
        assert_eq!(field_message("name: ", "name"), "name: ");
    }
}
