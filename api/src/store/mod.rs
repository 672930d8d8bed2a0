//! Storage: one trait per concern, each with its backends, chosen from the
//! configuration at start-up. Services depend on the traits only.

pub mod accounts;
pub mod blobs;
pub mod content;
pub mod db;
pub mod enrollments;
pub mod forum;
pub mod jobs;
pub mod learner;
pub mod live;
pub mod mail;
pub mod migration;
pub mod ora;
pub(crate) mod statement;

/// Errors every store can report.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A unique value (username, email, ...) is already taken.
    #[error("{field} is already taken")]
    Conflict { field: &'static str },
    /// The backend failed; the cause is logged, never shown to users.
    #[error("storage backend failed: {0}")]
    Backend(#[from] anyhow::Error),
}

impl From<sea_orm::DbErr> for StoreError {
    fn from(err: sea_orm::DbErr) -> Self {
        StoreError::Backend(anyhow::Error::new(err))
    }
}

/// Result of a store call.
pub type StoreResult<T> = Result<T, StoreError>;
