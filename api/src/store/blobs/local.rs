//! [`BlobStore`] in a local directory.

use std::path::PathBuf;

use anyhow::Context;
use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::{check_key, BlobError, BlobMeta, BlobReader, BlobStore};

/// Blobs as files under a root directory.
pub struct LocalBlobStore {
    root: PathBuf,
}

impl LocalBlobStore {
    /// Creates the root directory when missing.
    pub fn new(root: impl Into<PathBuf>) -> anyhow::Result<Self> {
        let root = root.into();
        std::fs::create_dir_all(&root)
            .with_context(|| format!("creating the blob directory {}", root.display()))?;
        Ok(Self { root })
    }

    fn path(&self, key: &str) -> Result<PathBuf, BlobError> {
        check_key(key)?;
        Ok(self.root.join(key))
    }
}

fn meta(key: String, m: &std::fs::Metadata) -> BlobMeta {
    BlobMeta {
        key,
        size: m.len(),
        modified: m.modified().map(DateTime::<Utc>::from).unwrap_or_default(),
    }
}

#[async_trait]
impl BlobStore for LocalBlobStore {
    async fn put(&self, key: &str, bytes: &[u8]) -> Result<BlobMeta, BlobError> {
        let path = self.path(key)?;
        let bytes = bytes.to_vec();
        let key = key.to_string();
        tokio::task::spawn_blocking(move || -> anyhow::Result<BlobMeta> {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)?;
            }
            // Write beside, then rename: readers never see half a file.
            let tmp = path.with_file_name(format!(".{}.tmp", uuid::Uuid::new_v4().simple()));
            std::fs::write(&tmp, &bytes)?;
            std::fs::rename(&tmp, &path)?;
            Ok(meta(key, &std::fs::metadata(&path)?))
        })
        .await
        .map_err(|e| anyhow::anyhow!("blob write task: {e}"))?
        .map_err(BlobError::Backend)
    }

    async fn get(&self, key: &str) -> Result<Option<Vec<u8>>, BlobError> {
        let path = self.path(key)?;
        match tokio::fs::read(&path).await {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(BlobError::Backend(
                anyhow::Error::new(e).context(format!("reading {}", path.display())),
            )),
        }
    }

    async fn open(&self, key: &str) -> Result<Option<BlobReader>, BlobError> {
        let path = self.path(key)?;
        let failed = |e: std::io::Error| {
            BlobError::Backend(anyhow::Error::new(e).context(format!("opening {}", path.display())))
        };
        let file = match tokio::fs::File::open(&path).await {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(failed(e)),
        };
        // The facts of the file opened, even if it is replaced meanwhile.
        let facts = file.metadata().await.map_err(failed)?;
        if !facts.is_file() {
            return Ok(None);
        }
        Ok(Some(BlobReader {
            meta: meta(key.to_string(), &facts),
            reader: Box::new(file),
        }))
    }

    async fn delete(&self, key: &str) -> Result<bool, BlobError> {
        let path = self.path(key)?;
        match tokio::fs::remove_file(&path).await {
            Ok(()) => Ok(true),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
            Err(e) => Err(BlobError::Backend(
                anyhow::Error::new(e).context(format!("deleting {}", path.display())),
            )),
        }
    }

    async fn list(&self, prefix: &str) -> Result<Vec<BlobMeta>, BlobError> {
        let dir = self.path(prefix)?;
        let prefix = prefix.trim_end_matches('/').to_string();
        tokio::task::spawn_blocking(move || -> anyhow::Result<Vec<BlobMeta>> {
            let mut out = Vec::new();
            let entries = match std::fs::read_dir(&dir) {
                Ok(entries) => entries,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
                Err(e) => return Err(e.into()),
            };
            for entry in entries {
                let entry = entry?;
                let name = entry.file_name().to_string_lossy().to_string();
                let m = entry.metadata()?;
                if m.is_file() && !name.starts_with('.') {
                    out.push(meta(format!("{prefix}/{name}"), &m));
                }
            }
            out.sort_by(|a, b| a.key.cmp(&b.key));
            Ok(out)
        })
        .await
        .map_err(|e| anyhow::anyhow!("blob list task: {e}"))?
        .map_err(BlobError::Backend)
    }
}
