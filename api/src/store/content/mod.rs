//! Versioned course content, like Open edX's split modulestore: every edit
//! writes a new immutable structure version; a course has a draft head and a
//! published head, each moved only by compare-and-swap so a stale edit is
//! refused and a reader sees one whole version or the other, never a mix.
//!
//! Backends: SQL tables through sea-orm ([`sql::SqlContentStore`], the
//! embedded default, SQLite or PostgreSQL) and MongoDB
//! ([`mongo::MongoContentStore`], `MONGODB_URI`). One contract suite
//! (`tests/api/store_content.rs`) runs against all three engines.

pub mod cache;
pub mod mongo;
pub mod sql;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A block's place in a structure: its type and id within the course.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct BlockRef {
    pub block_type: String,
    pub block_id: String,
}

/// One block of a structure: its settings (`display_name`, `due`, ...), its
/// content (`data`: HTML body, problem XML, or the whole OLX of a block type
/// Lyceum does not run) and its children in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Block {
    pub block_type: String,
    pub block_id: String,
    /// Settings, as a JSON object.
    #[serde(default)]
    pub fields: serde_json::Map<String, serde_json::Value>,
    /// The block's content, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<String>,
    #[serde(default)]
    pub children: Vec<BlockRef>,
}

/// A whole course tree at one version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Structure {
    pub root: BlockRef,
    pub blocks: Vec<Block>,
}

/// Which head of a course.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Branch {
    /// What the course team is editing.
    Draft,
    /// What learners see.
    Published,
}

impl Branch {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Branch::Draft => "draft",
            Branch::Published => "published",
        }
    }

    fn parse(s: &str) -> Branch {
        if s == "published" {
            Branch::Published
        } else {
            Branch::Draft
        }
    }
}

/// A version about to be written.
#[derive(Debug, Clone)]
pub struct NewVersion {
    /// The version it was derived from, if any.
    pub parent: Option<String>,
    pub author_id: Option<i64>,
    /// What changed, for the history ("Added unit Welcome").
    pub message: String,
    pub structure: Structure,
}

/// A written version, without its structure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionInfo {
    pub id: String,
    pub course_key: String,
    pub branch: Branch,
    pub parent: Option<String>,
    pub author_id: Option<i64>,
    pub message: String,
    pub created_at: DateTime<Utc>,
}

/// A course's heads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CourseHeads {
    pub course_key: String,
    pub draft: String,
    pub published: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl CourseHeads {
    /// The head of `branch`.
    pub fn head(&self, branch: Branch) -> Option<&str> {
        match branch {
            Branch::Draft => Some(&self.draft),
            Branch::Published => self.published.as_deref(),
        }
    }
}

/// Errors of a content store.
#[derive(Debug, thiserror::Error)]
pub enum ContentStoreError {
    #[error("the course {0} already exists")]
    AlreadyExists(String),
    #[error("no course {0}")]
    NoSuchCourse(String),
    #[error("no version {0} of this course")]
    NoSuchVersion(String),
    /// The head moved since the caller read it; `current` is where it is now.
    #[error("the course changed since version {expected:?}; it is now at {current:?}")]
    Stale {
        expected: Option<String>,
        current: Option<String>,
    },
    #[error("content store failed: {0}")]
    Backend(#[from] anyhow::Error),
}

/// Result of a content store call.
pub type ContentResult<T> = Result<T, ContentStoreError>;

/// A fresh version id: 32 hex digits.
pub fn new_version_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

/// Storage of versioned course content.
#[async_trait]
pub trait ContentStore: Send + Sync {
    /// Creates a course whose draft head is `first`; `AlreadyExists` if the
    /// key is taken.
    async fn create_course(
        &self,
        course_key: &str,
        first: NewVersion,
    ) -> ContentResult<VersionInfo>;
    /// The heads of a course, if it exists.
    async fn heads(&self, course_key: &str) -> ContentResult<Option<CourseHeads>>;
    /// Every course, by key.
    async fn list_courses(&self) -> ContentResult<Vec<CourseHeads>>;
    /// Writes `new` as a version on `branch` and moves that head to it, if
    /// the head is still at `expected`; otherwise writes nothing and answers
    /// `Stale` with the current head. Atomic.
    async fn commit(
        &self,
        course_key: &str,
        branch: Branch,
        expected: Option<&str>,
        new: NewVersion,
    ) -> ContentResult<VersionInfo>;
    /// Moves the head of `branch` to an existing version of the course, if it
    /// is still at `expected` (publishing a whole draft, reverting).
    async fn move_head(
        &self,
        course_key: &str,
        branch: Branch,
        expected: Option<&str>,
        to: &str,
    ) -> ContentResult<()>;
    /// A version and its structure.
    async fn version(&self, version_id: &str) -> ContentResult<Option<(VersionInfo, Structure)>>;
    /// A version shared, for reading only: a caching store hands out its
    /// copy without cloning the structure (hot read paths use this).
    async fn version_shared(
        &self,
        version_id: &str,
    ) -> ContentResult<Option<std::sync::Arc<(VersionInfo, Structure)>>> {
        Ok(self.version(version_id).await?.map(std::sync::Arc::new))
    }
    /// Several versions in one round trip (unknown ids are left out).
    async fn versions(
        &self,
        version_ids: &[String],
    ) -> ContentResult<Vec<(VersionInfo, Structure)>>;
    /// [`Self::versions`] as a map from version id to structure.
    async fn structures_by_id(
        &self,
        version_ids: &[String],
    ) -> ContentResult<std::collections::HashMap<String, Structure>> {
        Ok(self
            .versions(version_ids)
            .await?
            .into_iter()
            .map(|(info, s)| (info.id, s))
            .collect())
    }
    /// The versions written on `branch`, newest first, at most `limit`.
    async fn history(
        &self,
        course_key: &str,
        branch: Branch,
        limit: u64,
    ) -> ContentResult<Vec<VersionInfo>>;
}
