//! [`ContentStore`] on MongoDB (`MONGODB_URI`) through the official driver.
//!
//! Collections `content_courses` (`_id` = course key, the heads) and
//! `content_versions` (`_id` = version id, the structure as a document).
//! A commit is one multi-document transaction: the head moves by a filtered
//! update (`{_id, draft: expected}`), which is the compare-and-swap, and the
//! version is inserted beside it; a write conflict with a concurrent commit
//! is retried and then decided by the filter.

use anyhow::Context;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use mongodb::bson::{doc, Document};
use mongodb::error::{ErrorKind, WriteFailure};
use mongodb::options::IndexOptions;
use mongodb::{Client, ClientSession, Collection, IndexModel};
use serde::{Deserialize, Serialize};

use super::{
    new_version_id, Branch, ContentResult, ContentStore, ContentStoreError, CourseHeads,
    NewVersion, Structure, VersionInfo,
};

#[derive(Debug, Clone, Serialize, Deserialize)]
struct CourseDoc {
    #[serde(rename = "_id")]
    course_key: String,
    draft: String,
    published: Option<String>,
    created_ms: i64,
    updated_ms: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct VersionDoc {
    #[serde(rename = "_id")]
    id: String,
    course_key: String,
    branch: String,
    parent: Option<String>,
    author_id: Option<i64>,
    message: String,
    /// Creation time in nanoseconds: orders history exactly.
    created_ns: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    structure: Option<Structure>,
}

/// Course content in MongoDB.
#[derive(Clone)]
pub struct MongoContentStore {
    client: Client,
    courses: Collection<CourseDoc>,
    versions: Collection<VersionDoc>,
}

fn backend(err: mongodb::error::Error) -> ContentStoreError {
    ContentStoreError::Backend(anyhow::Error::new(err))
}

fn millis_to_time(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

fn heads(d: CourseDoc) -> CourseHeads {
    CourseHeads {
        course_key: d.course_key,
        draft: d.draft,
        published: d.published,
        created_at: millis_to_time(d.created_ms),
        updated_at: millis_to_time(d.updated_ms),
    }
}

fn info(d: &VersionDoc) -> VersionInfo {
    VersionInfo {
        id: d.id.clone(),
        course_key: d.course_key.clone(),
        branch: Branch::parse(&d.branch),
        parent: d.parent.clone(),
        author_id: d.author_id,
        message: d.message.clone(),
        created_at: DateTime::from_timestamp_nanos(d.created_ns),
    }
}

fn head_field(branch: Branch) -> &'static str {
    match branch {
        Branch::Draft => "draft",
        Branch::Published => "published",
    }
}

fn is_duplicate_key(err: &mongodb::error::Error) -> bool {
    matches!(&*err.kind, ErrorKind::Write(WriteFailure::WriteError(e)) if e.code == 11000)
}

fn is_transient(err: &mongodb::error::Error) -> bool {
    err.contains_label(mongodb::error::TRANSIENT_TRANSACTION_ERROR)
        || err.contains_label(mongodb::error::UNKNOWN_TRANSACTION_COMMIT_RESULT)
}

fn version_doc(course_key: &str, branch: Branch, new: NewVersion) -> VersionDoc {
    VersionDoc {
        id: new_version_id(),
        course_key: course_key.to_string(),
        branch: branch.as_str().to_string(),
        parent: new.parent,
        author_id: new.author_id,
        message: new.message,
        created_ns: Utc::now().timestamp_nanos_opt().unwrap_or_default(),
        structure: Some(new.structure),
    }
}

/// How often a commit that lost a write conflict is tried again.
const TRANSACTION_ATTEMPTS: usize = 5;

impl MongoContentStore {
    /// Connects to `uri` (the database named in the URI, or `lyceum`) and
    /// makes sure the indexes exist.
    pub async fn connect(uri: &str) -> anyhow::Result<Self> {
        let client = Client::with_uri_str(uri)
            .await
            .context("connecting to MongoDB (MONGODB_URI)")?;
        let db = client
            .default_database()
            .unwrap_or_else(|| client.database("lyceum"));
        let store = Self {
            courses: db.collection("content_courses"),
            versions: db.collection("content_versions"),
            client,
        };
        store
            .versions
            .create_index(
                IndexModel::builder()
                    .keys(doc! { "course_key": 1, "branch": 1, "created_ns": -1 })
                    .options(IndexOptions::builder().name("history".to_string()).build())
                    .build(),
            )
            .await
            .context("creating the content history index")?;
        Ok(store)
    }

    /// Moves a head by compare-and-swap within `session`; `Ok(false)` when
    /// the head is not at `expected`.
    async fn swap_head(
        &self,
        session: Option<&mut ClientSession>,
        course_key: &str,
        branch: Branch,
        expected: Option<&str>,
        to: &str,
    ) -> Result<bool, mongodb::error::Error> {
        let filter = doc! { "_id": course_key, head_field(branch): expected };
        let update = doc! { "$set": { head_field(branch): to, "updated_ms": Utc::now().timestamp_millis() } };
        let action = self.courses.update_one(filter, update);
        let result = match session {
            Some(s) => action.session(s).await?,
            None => action.await?,
        };
        Ok(result.matched_count == 1)
    }

    /// The error for a head that was not at `expected`.
    async fn stale(
        &self,
        course_key: &str,
        branch: Branch,
        expected: Option<&str>,
    ) -> ContentStoreError {
        match self.heads(course_key).await {
            Ok(None) => ContentStoreError::NoSuchCourse(course_key.to_string()),
            Ok(Some(h)) => ContentStoreError::Stale {
                expected: expected.map(str::to_string),
                current: h.head(branch).map(str::to_string),
            },
            Err(err) => err,
        }
    }

    async fn try_commit(
        &self,
        course_key: &str,
        branch: Branch,
        expected: Option<&str>,
        version: &VersionDoc,
    ) -> Result<bool, mongodb::error::Error> {
        let mut session = self.client.start_session().await?;
        session.start_transaction().await?;
        if !self
            .swap_head(
                Some(&mut session),
                course_key,
                branch,
                expected,
                &version.id,
            )
            .await?
        {
            session.abort_transaction().await?;
            return Ok(false);
        }
        self.versions
            .insert_one(version)
            .session(&mut session)
            .await?;
        session.commit_transaction().await?;
        Ok(true)
    }
}

#[async_trait]
impl ContentStore for MongoContentStore {
    async fn create_course(
        &self,
        course_key: &str,
        first: NewVersion,
    ) -> ContentResult<VersionInfo> {
        let version = version_doc(course_key, Branch::Draft, first);
        let now = Utc::now().timestamp_millis();
        let course = CourseDoc {
            course_key: course_key.to_string(),
            draft: version.id.clone(),
            published: None,
            created_ms: now,
            updated_ms: now,
        };
        let mut session = self.client.start_session().await.map_err(backend)?;
        session.start_transaction().await.map_err(backend)?;
        if let Err(err) = self.courses.insert_one(&course).session(&mut session).await {
            let _ = session.abort_transaction().await;
            return Err(if is_duplicate_key(&err) {
                ContentStoreError::AlreadyExists(course_key.to_string())
            } else {
                backend(err)
            });
        }
        self.versions
            .insert_one(&version)
            .session(&mut session)
            .await
            .map_err(backend)?;
        session.commit_transaction().await.map_err(backend)?;
        Ok(info(&version))
    }

    async fn heads(&self, course_key: &str) -> ContentResult<Option<CourseHeads>> {
        Ok(self
            .courses
            .find_one(doc! { "_id": course_key })
            .await
            .map_err(backend)?
            .map(heads))
    }

    async fn list_courses(&self) -> ContentResult<Vec<CourseHeads>> {
        use futures_util::TryStreamExt;
        let docs: Vec<CourseDoc> = self
            .courses
            .find(doc! {})
            .sort(doc! { "_id": 1 })
            .await
            .map_err(backend)?
            .try_collect()
            .await
            .map_err(backend)?;
        Ok(docs.into_iter().map(heads).collect())
    }

    async fn commit(
        &self,
        course_key: &str,
        branch: Branch,
        expected: Option<&str>,
        new: NewVersion,
    ) -> ContentResult<VersionInfo> {
        let version = version_doc(course_key, branch, new);
        for attempt in 1..=TRANSACTION_ATTEMPTS {
            match self
                .try_commit(course_key, branch, expected, &version)
                .await
            {
                Ok(true) => return Ok(info(&version)),
                Ok(false) => return Err(self.stale(course_key, branch, expected).await),
                Err(err) if is_transient(&err) && attempt < TRANSACTION_ATTEMPTS => continue,
                Err(err) if is_transient(&err) => {
                    return Err(self.stale(course_key, branch, expected).await)
                }
                Err(err) => return Err(backend(err)),
            }
        }
        Err(self.stale(course_key, branch, expected).await)
    }

    async fn move_head(
        &self,
        course_key: &str,
        branch: Branch,
        expected: Option<&str>,
        to: &str,
    ) -> ContentResult<()> {
        let known = self
            .versions
            .clone_with_type::<Document>()
            .find_one(doc! { "_id": to })
            .projection(doc! { "course_key": 1 })
            .await
            .map_err(backend)?;
        let belongs = known
            .as_ref()
            .and_then(|d| d.get_str("course_key").ok())
            .is_some_and(|k| k == course_key);
        if !belongs {
            return Err(ContentStoreError::NoSuchVersion(to.to_string()));
        }
        if self
            .swap_head(None, course_key, branch, expected, to)
            .await
            .map_err(backend)?
        {
            Ok(())
        } else {
            Err(self.stale(course_key, branch, expected).await)
        }
    }

    async fn version(&self, version_id: &str) -> ContentResult<Option<(VersionInfo, Structure)>> {
        let Some(doc) = self
            .versions
            .find_one(doc! { "_id": version_id })
            .await
            .map_err(backend)?
        else {
            return Ok(None);
        };
        let structure = doc
            .structure
            .clone()
            .with_context(|| format!("version {version_id} has no structure"))?;
        Ok(Some((info(&doc), structure)))
    }

    async fn versions(
        &self,
        version_ids: &[String],
    ) -> ContentResult<Vec<(VersionInfo, Structure)>> {
        use futures_util::TryStreamExt;
        if version_ids.is_empty() {
            return Ok(vec![]);
        }
        let docs: Vec<VersionDoc> = self
            .versions
            .find(doc! { "_id": { "$in": version_ids } })
            .await
            .map_err(backend)?
            .try_collect()
            .await
            .map_err(backend)?;
        docs.into_iter()
            .map(|d| {
                let info = info(&d);
                let structure = d
                    .structure
                    .with_context(|| format!("version {} has no structure", info.id))?;
                Ok((info, structure))
            })
            .collect()
    }

    async fn history(
        &self,
        course_key: &str,
        branch: Branch,
        limit: u64,
    ) -> ContentResult<Vec<VersionInfo>> {
        use futures_util::TryStreamExt;
        let docs: Vec<VersionDoc> = self
            .versions
            .find(doc! { "course_key": course_key, "branch": branch.as_str() })
            .projection(doc! { "structure": 0 })
            .sort(doc! { "created_ns": -1 })
            .limit(i64::try_from(limit).unwrap_or(i64::MAX))
            .await
            .map_err(backend)?
            .try_collect()
            .await
            .map_err(backend)?;
        Ok(docs.iter().map(info).collect())
    }
}
