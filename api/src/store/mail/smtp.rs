//! Mail through an SMTP server (`SMTP_URL`).

use anyhow::Context;
use async_trait::async_trait;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

use super::{build_message, MailError, Mailer, OutgoingMail};

/// Sends through a pooled SMTP connection.
pub struct SmtpMailer {
    from: String,
    transport: AsyncSmtpTransport<Tokio1Executor>,
}

impl SmtpMailer {
    /// `url` is `smtp://[user:pass@]host[:port]` (plain, or STARTTLS with
    /// `?tls=required`) or `smtps://...` (TLS from the start).
    pub fn new(url: &str, from: &str) -> anyhow::Result<Self> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .context("SMTP_URL is not a usable SMTP URL")?
            .build();
        Ok(Self {
            from: from.to_string(),
            transport,
        })
    }
}

#[async_trait]
impl Mailer for SmtpMailer {
    async fn send(&self, mail: OutgoingMail) -> Result<(), MailError> {
        let message = build_message(&self.from, &mail)?;
        self.transport
            .send(message)
            .await
            .context("sending through SMTP")?;
        Ok(())
    }
}
