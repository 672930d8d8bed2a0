//! Course files & uploads: size-limited, type-checked (by extension and by
//! the file's own first bytes), stored in the blob store under
//! `course-assets/<course key>/<name>` and served at `/assets/<course key>/<name>`.

use std::sync::Arc;

use shared_types::{CourseAsset, CourseKey};

use super::authz::{Authz, AuthzError, COURSE_TEAM};
use crate::store::accounts::UserRecord;
use crate::store::blobs::{BlobError, BlobMeta, BlobReader, BlobStore};

/// What went wrong with a course file.
#[derive(Debug, thiserror::Error)]
pub enum AssetError {
    #[error("{field} {message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
    #[error("The file is larger than {limit} bytes.")]
    TooLarge { limit: u64 },
    #[error("You do not have permission to do this.")]
    Forbidden,
    #[error("{0}")]
    NotFound(String),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<AuthzError> for AssetError {
    fn from(e: AuthzError) -> Self {
        match e {
            AuthzError::Forbidden => AssetError::Forbidden,
            AuthzError::Internal(e) => AssetError::Internal(e),
        }
    }
}

impl From<BlobError> for AssetError {
    fn from(e: BlobError) -> Self {
        match e {
            BlobError::InvalidKey(k) => AssetError::Invalid {
                field: "name",
                message: format!("`{k}` is not a usable file name"),
            },
            BlobError::Backend(e) => AssetError::Internal(e),
        }
    }
}

type Result<T, E = AssetError> = std::result::Result<T, E>;

/// Extensions accepted, with the type they are served as.
pub const ALLOWED_TYPES: &[(&str, &str)] = &[
    ("png", "image/png"),
    ("jpg", "image/jpeg"),
    ("jpeg", "image/jpeg"),
    ("gif", "image/gif"),
    ("webp", "image/webp"),
    ("svg", "image/svg+xml"),
    ("pdf", "application/pdf"),
    ("txt", "text/plain; charset=utf-8"),
    ("csv", "text/csv; charset=utf-8"),
    ("css", "text/css; charset=utf-8"),
    ("srt", "application/x-subrip"),
    ("vtt", "text/vtt; charset=utf-8"),
    ("json", "application/json"),
    ("mp4", "video/mp4"),
    ("webm", "video/webm"),
    ("mp3", "audio/mpeg"),
    ("zip", "application/zip"),
];

/// The served type of a file name, when its extension is accepted.
pub fn content_type_of(name: &str) -> Option<&'static str> {
    let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
    ALLOWED_TYPES
        .iter()
        .find(|(e, _)| *e == ext)
        .map(|(_, t)| *t)
}

/// Whether the bytes look like what the extension says.
pub(crate) fn bytes_match(ext: &str, bytes: &[u8]) -> bool {
    let starts = |magic: &[u8]| bytes.starts_with(magic);
    match ext {
        "png" => starts(b"\x89PNG\r\n\x1a\n"),
        "jpg" | "jpeg" => starts(&[0xFF, 0xD8, 0xFF]),
        "gif" => starts(b"GIF87a") || starts(b"GIF89a"),
        "webp" => bytes.len() > 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP",
        "pdf" => starts(b"%PDF-"),
        "zip" => starts(b"PK\x03\x04") || starts(b"PK\x05\x06"),
        "mp4" => bytes.len() > 8 && &bytes[4..8] == b"ftyp",
        "webm" => starts(&[0x1A, 0x45, 0xDF, 0xA3]),
        "mp3" => starts(b"ID3") || (bytes.len() > 1 && bytes[0] == 0xFF && bytes[1] & 0xE0 == 0xE0),
        "svg" => std::str::from_utf8(bytes).is_ok_and(|t| t.contains("<svg")),
        "json" => serde_json::from_slice::<serde_json::Value>(bytes).is_ok(),
        _ => std::str::from_utf8(bytes).is_ok(),
    }
}

/// A safe file name: letters, digits, `.`, `_`, `-` (spaces become `_`),
/// at most 200 characters, with an accepted extension.
pub fn clean_name(raw: &str) -> Result<String> {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or("").trim();
    let name: String = base
        .chars()
        .map(|c| if c == ' ' { '_' } else { c })
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
        .collect();
    if name.is_empty() || name.starts_with('.') || name.len() > 200 {
        return Err(AssetError::Invalid {
            field: "file",
            message: "needs a file name of 1 to 200 letters, digits, `.`, `_` or `-`".into(),
        });
    }
    if content_type_of(&name).is_none() {
        let accepted: Vec<&str> = ALLOWED_TYPES.iter().map(|(e, _)| *e).collect();
        return Err(AssetError::Invalid {
            field: "file",
            message: format!("must be one of these types: {}", accepted.join(", ")),
        });
    }
    Ok(name)
}

/// Course files.
pub struct AssetService {
    blobs: Arc<dyn BlobStore>,
    authz: Arc<Authz>,
    max_bytes: u64,
}

impl AssetService {
    pub fn new(blobs: Arc<dyn BlobStore>, authz: Arc<Authz>, max_bytes: u64) -> Self {
        Self {
            blobs,
            authz,
            max_bytes,
        }
    }

    /// The largest accepted upload, in bytes.
    pub fn max_bytes(&self) -> u64 {
        self.max_bytes
    }

    fn folder(key: &CourseKey) -> String {
        format!("course-assets/{key}")
    }

    async fn team_course(&self, user: &UserRecord, course_key: &str) -> Result<CourseKey> {
        let key: CourseKey = course_key
            .parse()
            .map_err(|_| AssetError::NotFound(format!("No course {course_key}.")))?;
        self.authz
            .require_course_role(user, &key.to_string(), COURSE_TEAM)
            .await?;
        Ok(key)
    }

    /// Stores an upload (replacing a file of the same name).
    pub async fn upload(
        &self,
        user: &UserRecord,
        course_key: &str,
        file_name: &str,
        bytes: &[u8],
    ) -> Result<CourseAsset> {
        let key = self.team_course(user, course_key).await?;
        if bytes.len() as u64 > self.max_bytes {
            return Err(AssetError::TooLarge {
                limit: self.max_bytes,
            });
        }
        let name = clean_name(file_name)?;
        let ext = name
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        if bytes.is_empty() || !bytes_match(&ext, bytes) {
            return Err(AssetError::Invalid {
                field: "file",
                message: format!("does not contain a .{ext} file"),
            });
        }
        let meta = self
            .blobs
            .put(&format!("{}/{name}", Self::folder(&key)), bytes)
            .await?;
        Ok(asset(&key, meta))
    }

    /// Stores a file that came with an imported course (Open edX flattens
    /// `static/` subfolders into `a_b.png`). Files of a type Lyceum does not
    /// accept, or whose content does not match their extension, are skipped:
    /// the answer says whether it was stored.
    pub async fn store_imported(
        &self,
        key: &CourseKey,
        relative_name: &str,
        bytes: &[u8],
    ) -> Result<bool> {
        let Ok(name) = clean_name(&relative_name.replace('/', "_")) else {
            return Ok(false);
        };
        let ext = name
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        if bytes.is_empty() || bytes.len() as u64 > self.max_bytes || !bytes_match(&ext, bytes) {
            return Ok(false);
        }
        self.blobs
            .put(&format!("{}/{name}", Self::folder(key)), bytes)
            .await?;
        Ok(true)
    }

    /// Every file of a course with its bytes, for an export (no user check:
    /// the caller has checked).
    pub async fn files_for_export(&self, key: &CourseKey) -> Result<Vec<(String, Vec<u8>)>> {
        let mut out = Vec::new();
        for meta in self.blobs.list(&Self::folder(key)).await? {
            if let Some(bytes) = self.blobs.get(&meta.key).await? {
                let name = meta.key.rsplit('/').next().unwrap_or("").to_string();
                out.push((name, bytes));
            }
        }
        Ok(out)
    }

    /// Keeps an uploaded file for a job until the job has used it; answers
    /// its key.
    pub async fn store_upload(&self, bytes: &[u8]) -> Result<String> {
        let key = format!("job-uploads/{}", uuid::Uuid::new_v4().simple());
        self.blobs.put(&key, bytes).await?;
        Ok(key)
    }

    /// An upload kept for a job; none once deleted.
    pub async fn read_upload(&self, key: &str) -> Result<Option<Vec<u8>>> {
        Ok(self.blobs.get(key).await?)
    }

    pub async fn delete_upload(&self, key: &str) -> Result<()> {
        self.blobs.delete(key).await?;
        Ok(())
    }

    /// Copies every file of `from` to `to` (a re-run's own copy); answers
    /// how many.
    pub async fn copy_course_files(&self, from: &CourseKey, to: &CourseKey) -> Result<usize> {
        let target = Self::folder(to);
        let mut copied = 0;
        for meta in self.blobs.list(&Self::folder(from)).await? {
            let Some(name) = meta.key.rsplit('/').next() else {
                continue;
            };
            if let Some(bytes) = self.blobs.get(&meta.key).await? {
                self.blobs.put(&format!("{target}/{name}"), &bytes).await?;
                copied += 1;
            }
        }
        Ok(copied)
    }

    /// The names of a course's files (no user check: the caller has checked).
    pub async fn names(&self, key: &CourseKey) -> Result<std::collections::HashSet<String>> {
        Ok(self
            .blobs
            .list(&Self::folder(key))
            .await?
            .into_iter()
            .filter_map(|m| m.key.rsplit('/').next().map(str::to_string))
            .collect())
    }

    /// The course's files, by name.
    pub async fn list(&self, user: &UserRecord, course_key: &str) -> Result<Vec<CourseAsset>> {
        let key = self.team_course(user, course_key).await?;
        Ok(self
            .blobs
            .list(&Self::folder(&key))
            .await?
            .into_iter()
            .map(|m| asset(&key, m))
            .collect())
    }

    /// Deletes a file.
    pub async fn delete(&self, user: &UserRecord, course_key: &str, name: &str) -> Result<()> {
        let key = self.team_course(user, course_key).await?;
        let name = clean_name(name)?;
        if self
            .blobs
            .delete(&format!("{}/{name}", Self::folder(&key)))
            .await?
        {
            Ok(())
        } else {
            Err(AssetError::NotFound(format!(
                "No file {name} in this course."
            )))
        }
    }

    /// A course file's bytes and type (small files: transcripts).
    pub async fn read(
        &self,
        course_key: &str,
        name: &str,
    ) -> Result<Option<(Vec<u8>, &'static str)>> {
        let Some((key, content_type)) = Self::served(course_key, name) else {
            return Ok(None);
        };
        Ok(self.blobs.get(&key).await?.map(|b| (b, content_type)))
    }

    /// A course file opened for serving, with its type (course files are
    /// public, as in Open edX).
    pub async fn open(
        &self,
        course_key: &str,
        name: &str,
    ) -> Result<Option<(BlobReader, &'static str)>> {
        let Some((key, content_type)) = Self::served(course_key, name) else {
            return Ok(None);
        };
        Ok(self.blobs.open(&key).await?.map(|b| (b, content_type)))
    }

    /// The blob key and type of a course file that may be served.
    fn served(course_key: &str, name: &str) -> Option<(String, &'static str)> {
        let key = course_key.parse::<CourseKey>().ok()?;
        let name = clean_name(name).ok()?;
        let content_type = content_type_of(&name)?;
        Some((format!("{}/{name}", Self::folder(&key)), content_type))
    }
}

fn asset(key: &CourseKey, m: BlobMeta) -> CourseAsset {
    let name = m.key.rsplit('/').next().unwrap_or("").to_string();
    CourseAsset {
        url: format!("/assets/{key}/{name}"),
        content_type: content_type_of(&name)
            .unwrap_or("application/octet-stream")
            .to_string(),
        name,
        size: m.size,
        uploaded_at: m.modified,
    }
}
