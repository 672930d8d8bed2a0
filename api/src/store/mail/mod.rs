//! Outgoing email: `.eml` files in the data directory (embedded default) or
//! an SMTP server (`SMTP_URL`), both through lettre.

pub mod file;
pub mod smtp;

use async_trait::async_trait;

/// One message to one recipient, with a plain-text and an HTML part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingMail {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Errors a mailer can report.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// The message could not be built (bad address, ...).
    #[error("invalid message: {0}")]
    Invalid(String),
    /// The transport failed.
    #[error("mail transport failed: {0}")]
    Transport(#[from] anyhow::Error),
}

/// Sends mail.
#[async_trait]
pub trait Mailer: Send + Sync {
    async fn send(&self, mail: OutgoingMail) -> Result<(), MailError>;
}

/// Builds the lettre message for `mail` from `from`.
pub(crate) fn build_message(from: &str, mail: &OutgoingMail) -> Result<lettre::Message, MailError> {
    use lettre::message::{header::ContentType, MultiPart, SinglePart};
    let from = from
        .parse()
        .map_err(|e| MailError::Invalid(format!("sender: {e}")))?;
    let to = mail
        .to
        .parse()
        .map_err(|e| MailError::Invalid(format!("recipient: {e}")))?;
    lettre::Message::builder()
        .from(from)
        .to(to)
        .subject(mail.subject.clone())
        .multipart(
            MultiPart::alternative()
                .singlepart(
                    SinglePart::builder()
                        .header(ContentType::TEXT_PLAIN)
                        .body(mail.text.clone()),
                )
                .singlepart(
                    SinglePart::builder()
                        .header(ContentType::TEXT_HTML)
                        .body(mail.html.clone()),
                ),
        )
        .map_err(|e| MailError::Invalid(e.to_string()))
}
