//! Mail written as `.eml` files into a directory: the embedded default, so a
//! developer reads every message the platform sends without a mail server.

use std::path::PathBuf;

use anyhow::Context;
use async_trait::async_trait;
use lettre::{AsyncFileTransport, AsyncTransport, Tokio1Executor};

use super::{build_message, MailError, Mailer, OutgoingMail};

/// Writes each message to `<dir>/<uuid>.eml`.
pub struct FileMailer {
    from: String,
    transport: AsyncFileTransport<Tokio1Executor>,
}

impl FileMailer {
    /// Creates the directory when missing.
    pub fn new(dir: impl Into<PathBuf>, from: &str) -> anyhow::Result<Self> {
        let dir = dir.into();
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("creating mail directory {}", dir.display()))?;
        Ok(Self {
            from: from.to_string(),
            transport: AsyncFileTransport::new(dir),
        })
    }
}

#[async_trait]
impl Mailer for FileMailer {
    async fn send(&self, mail: OutgoingMail) -> Result<(), MailError> {
        let message = build_message(&self.from, &mail)?;
        self.transport
            .send(message)
            .await
            .context("writing the mail file")?;
        Ok(())
    }
}
