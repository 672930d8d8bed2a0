//! Files (course assets, uploads, reports, images): a local directory
//! (`$DATA_DIR/blobs`, the embedded default) behind [`BlobStore`], so an
//! S3-compatible backend can take its place.

pub mod local;

use async_trait::async_trait;
use chrono::{DateTime, Utc};

/// A stored file's facts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlobMeta {
    /// The key relative to the store, `/`-separated.
    pub key: String,
    pub size: u64,
    pub modified: DateTime<Utc>,
}

/// Errors of a blob store.
#[derive(Debug, thiserror::Error)]
pub enum BlobError {
    /// The key is not a safe relative path.
    #[error("invalid blob key `{0}`")]
    InvalidKey(String),
    #[error("blob store failed: {0}")]
    Backend(#[from] anyhow::Error),
}

/// A stored blob opened for streaming: its facts, and a reader that can
/// start anywhere (for HTTP range requests).
pub struct BlobReader {
    pub meta: BlobMeta,
    pub reader: Box<dyn BlobRead>,
}

/// What a blob reader can do.
pub trait BlobRead: tokio::io::AsyncRead + tokio::io::AsyncSeek + Send + Unpin {}

impl<T: tokio::io::AsyncRead + tokio::io::AsyncSeek + Send + Unpin> BlobRead for T {}

/// Stores bytes by key.
#[async_trait]
pub trait BlobStore: Send + Sync {
    /// Writes (or replaces) a blob atomically: readers see the old or the new bytes.
    async fn put(&self, key: &str, bytes: &[u8]) -> Result<BlobMeta, BlobError>;
    async fn get(&self, key: &str) -> Result<Option<Vec<u8>>, BlobError>;
    /// Opens a blob to stream it without holding it in memory.
    async fn open(&self, key: &str) -> Result<Option<BlobReader>, BlobError>;
    /// Deletes a blob; false when there was none.
    async fn delete(&self, key: &str) -> Result<bool, BlobError>;
    /// The blobs directly under `prefix` (a folder key), by key.
    async fn list(&self, prefix: &str) -> Result<Vec<BlobMeta>, BlobError>;
}

/// Checks that a key is a relative path of plain segments (no `..`, no
/// absolute paths, no empty or hidden segments).
pub fn check_key(key: &str) -> Result<(), BlobError> {
    let ok = !key.is_empty()
        && key.len() <= 1024
        && key.split('/').all(|seg| {
            !seg.is_empty()
                && !seg.starts_with('.')
                && seg.chars().all(|c| !c.is_control() && c != '\\')
        });
    if ok {
        Ok(())
    } else {
        Err(BlobError::InvalidKey(key.to_string()))
    }
}
