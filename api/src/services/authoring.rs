//! Course authoring (Studio): course runs, the draft outline with publish
//! states, block edits on a named base version, and publishing.
//!
//! Every edit reads the draft head it names, builds the next structure in
//! memory and commits it by compare-and-swap; a stale base is refused with
//! the current version, so two authors never overwrite each other silently.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde_json::{json, Map, Value};
use shared_types::{
    AddTeamMemberRequest, AdvancedSettings, AssignmentType, BlockCrumb, BlockDetail, BlockKey,
    BlockView, CourseDetails, CourseKey, CourseRole, CourseSummary, CreateBlockRequest,
    CreateCourseRequest, DiscussionBlackout, DiscussionTopicSetting, GradingPolicy, Job,
    MoveBlockRequest, OraSettings, Outline, OutlineNode, PublishState, RerunRequest, RevertRequest,
    TeamMember, UpdateBlockRequest, VersionSummary,
};

use super::assets::AssetService;
use super::authz::{Authz, AuthzError, COURSE_TEAM};
use super::jobs::JobService;
use super::validate;
use crate::olx::export::export_tar_gz_with_static;
use crate::olx::import::{
    import_tar_gz_with_limits, typed_value, ImportLimits, ImportedCourse, OlxError, Report,
    Reporter,
};
use crate::ora;
use crate::store::accounts::{AccountStore, Revoked, UserRecord};
use crate::store::content::{
    Block, BlockRef, Branch, ContentStore, ContentStoreError, CourseHeads, NewVersion, Structure,
    VersionInfo,
};
use crate::store::jobs::NewJob;

/// What went wrong in an authoring operation.
#[derive(Debug, thiserror::Error)]
pub enum AuthoringError {
    #[error("{field} {message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
    /// Several fields of one request are invalid: each field with what is
    /// wrong with it, in the order found.
    #[error("{}", problems_text(.0))]
    InvalidFields(Vec<(&'static str, String)>),
    /// The stored content cannot be read as what the request asks for (an
    /// assessment's OLX that is not one); fixed by editing it as it is.
    #[error("{0}")]
    Unreadable(String),
    #[error("You do not have permission to do this.")]
    Forbidden,
    #[error("{0}")]
    NotFound(String),
    #[error("The course {0} already exists.")]
    CourseExists(String),
    /// The draft moved since the version the edit named.
    #[error("The course changed since you loaded it; reload to see the current version.")]
    Stale { current: Option<String> },
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<AuthzError> for AuthoringError {
    fn from(e: AuthzError) -> Self {
        match e {
            AuthzError::Forbidden => AuthoringError::Forbidden,
            AuthzError::Internal(e) => AuthoringError::Internal(e),
        }
    }
}

impl From<ContentStoreError> for AuthoringError {
    fn from(e: ContentStoreError) -> Self {
        match e {
            ContentStoreError::AlreadyExists(key) => AuthoringError::CourseExists(key),
            ContentStoreError::NoSuchCourse(key) => {
                AuthoringError::NotFound(format!("No course {key}."))
            }
            ContentStoreError::NoSuchVersion(v) => {
                AuthoringError::NotFound(format!("No version {v} of this course."))
            }
            ContentStoreError::Stale { current, .. } => AuthoringError::Stale { current },
            ContentStoreError::Backend(e) => AuthoringError::Internal(e),
        }
    }
}

type Result<T, E = AuthoringError> = std::result::Result<T, E>;

/// `field: message` for each problem, separated by semicolons.
fn problems_text(problems: &[(&'static str, String)]) -> String {
    problems
        .iter()
        .map(|(field, message)| format!("{field}: {message}"))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Which block types may hold which.
fn allowed_parent(child: &str) -> Option<&'static str> {
    match child {
        "chapter" => Some("course"),
        "sequential" => Some("chapter"),
        "vertical" => Some("sequential"),
        "html" | "problem" | "video" | "discussion" | "openassessment" => Some("vertical"),
        _ => None,
    }
}

/// The authoring service.
pub struct AuthoringService {
    content: Arc<dyn ContentStore>,
    accounts: Arc<dyn AccountStore>,
    authz: Arc<Authz>,
    assets: Arc<AssetService>,
    jobs: Arc<JobService>,
    /// Serialized outlines by (draft, published) version.
    outlines: OutlineCache,
}

/// Outlines serialized once per pair of versions; when full it starts
/// over (the working set is the courses being edited now).
#[derive(Default)]
struct OutlineCache {
    entries: std::sync::RwLock<HashMap<VersionPair, Arc<[u8]>>>,
}

/// A draft version and the published version, if any.
type VersionPair = (String, Option<String>);

/// How many outlines the cache keeps.
const OUTLINE_CACHE_ENTRIES: usize = 256;

impl OutlineCache {
    fn get(&self, key: &VersionPair) -> Option<Arc<[u8]>> {
        self.entries.read().ok()?.get(key).cloned()
    }

    fn put(&self, key: VersionPair, json: Arc<[u8]>) {
        if let Ok(mut entries) = self.entries.write() {
            if entries.len() >= OUTLINE_CACHE_ENTRIES {
                entries.clear();
            }
            entries.insert(key, json);
        }
    }
}

/// The job kind of an OLX import.
pub const IMPORT_JOB: &str = "import_olx";

/// How many versions the history lists at most.
pub const HISTORY_LIMIT: u64 = 100;

impl AuthoringService {
    pub fn new(
        content: Arc<dyn ContentStore>,
        accounts: Arc<dyn AccountStore>,
        authz: Arc<Authz>,
        assets: Arc<AssetService>,
        jobs: Arc<JobService>,
    ) -> Self {
        Self {
            content,
            accounts,
            authz,
            assets,
            jobs,
            outlines: OutlineCache::default(),
        }
    }

    /// Stores an imported course (see [`Self::import_course`]) with its
    /// `static/` files; files of types Lyceum does not accept are skipped and
    /// named in the answer.
    pub async fn import_olx(
        &self,
        user: Option<&UserRecord>,
        imported: ImportedCourse,
        publish: bool,
    ) -> Result<(CourseSummary, Vec<String>)> {
        self.import_olx_reporting(user, imported, publish, &|_, _| {})
            .await
    }

    /// [`Self::import_olx`], telling `report` how far it got (60% to 100%).
    /// The course's files are stored before the course is created, so a
    /// course never exists without its files; a taken key is refused first.
    pub async fn import_olx_reporting(
        &self,
        user: Option<&UserRecord>,
        imported: ImportedCourse,
        publish: bool,
        report: Report<'_>,
    ) -> Result<(CourseSummary, Vec<String>)> {
        if let Some(user) = user {
            self.authz.require_global_staff(user)?;
        }
        let key = imported.course_key.clone();
        if self.content.heads(&key.to_string()).await?.is_some() {
            return Err(AuthoringError::CourseExists(key.to_string()));
        }
        let mut skipped = Vec::new();
        let count = imported.static_files.len().max(1);
        for (i, (name, bytes)) in imported.static_files.iter().enumerate() {
            let stored = self
                .assets
                .store_imported(&key, name, bytes)
                .await
                .map_err(|e| {
                    AuthoringError::Internal(anyhow::anyhow!("storing the course file {name}: {e}"))
                })?;
            if !stored {
                skipped.push(name.clone());
            }
            report(
                60 + (30 * (i + 1) / count) as u8,
                "Storing the course files",
            );
        }
        report(90, "Saving the course");
        let summary = self
            .import_course(user, &key, imported.structure, publish)
            .await?;
        report(100, "Imported");
        Ok((summary, skipped))
    }

    /// The draft history, newest first.
    pub async fn history(
        &self,
        user: &UserRecord,
        course_key: &str,
    ) -> Result<Vec<VersionSummary>> {
        let (key, _) = self.team_course(user, course_key).await?;
        Ok(self
            .content
            .history(&key.to_string(), Branch::Draft, HISTORY_LIMIT)
            .await?
            .into_iter()
            .map(|v| VersionSummary {
                id: v.id,
                parent: v.parent,
                author_id: v.author_id,
                message: v.message,
                created_at: v.created_at,
            })
            .collect())
    }

    /// Makes an earlier draft version the draft again, as a new version.
    pub async fn revert(
        &self,
        user: &UserRecord,
        course_key: &str,
        req: RevertRequest,
    ) -> Result<String> {
        let (key, heads) = self.team_course(user, course_key).await?;
        if heads.draft != req.base_version {
            return Err(AuthoringError::Stale {
                current: Some(heads.draft),
            });
        }
        let (info, structure) = self
            .content
            .version(&req.to_version)
            .await?
            .filter(|(info, _)| info.course_key == key.to_string() && info.branch == Branch::Draft)
            .ok_or_else(|| AuthoringError::Invalid {
                field: "to_version",
                message: "is not a draft version of this course".into(),
            })?;
        let message = format!(
            "Reverted to the version of {}",
            info.created_at.format("%Y-%m-%d %H:%M:%S UTC")
        );
        self.commit(user, &key, &heads, structure, message).await
    }

    /// Moves a block to another place under the same or another parent.
    pub async fn move_block(
        &self,
        user: &UserRecord,
        block_key: &str,
        req: MoveBlockRequest,
    ) -> Result<(String, String)> {
        let (block, key, heads) = self.team_block(user, block_key).await?;
        let parent = self.block_in(&key, &req.parent, "parent")?;
        let expected_parent =
            allowed_parent(&block.block_type).ok_or_else(|| AuthoringError::Invalid {
                field: "block",
                message: format!("a {} cannot be moved", block.block_type),
            })?;
        if parent.block_type != expected_parent {
            return Err(AuthoringError::Invalid {
                field: "parent",
                message: format!(
                    "a {} goes inside a {expected_parent}, not a {}",
                    block.block_type, parent.block_type
                ),
            });
        }
        let mut structure = self.base(&heads, &req.base_version).await?;
        if find_mut(&mut structure, &block.block_type, &block.block_id).is_none() {
            return Err(AuthoringError::NotFound(format!(
                "No block {block_key} in this course."
            )));
        }
        let moving = BlockRef {
            block_type: block.block_type.clone(),
            block_id: block.block_id.clone(),
        };
        for b in &mut structure.blocks {
            b.children.retain(|c| *c != moving);
        }
        let target =
            find_mut(&mut structure, &parent.block_type, &parent.block_id).ok_or_else(|| {
                AuthoringError::NotFound(format!("No block {} in this course.", req.parent))
            })?;
        let at = req.position.map_or(target.children.len(), |p| {
            (p as usize).min(target.children.len())
        });
        target.children.insert(at, moving);
        let message = format!("Moved {} {}", block.block_type, block.block_id);
        let version = self.commit(user, &key, &heads, structure, message).await?;
        Ok((version, block.to_string()))
    }

    /// The course team.
    pub async fn team(&self, user: &UserRecord, course_key: &str) -> Result<Vec<TeamMember>> {
        let (key, _) = self.team_course(user, course_key).await?;
        Ok(self
            .accounts
            .course_team(&key.to_string())
            .await
            .map_err(|e| AuthoringError::Internal(anyhow::anyhow!("{e}")))?
            .into_iter()
            .map(|(u, role)| TeamMember {
                user_id: u.id,
                username: u.username,
                name: u.name,
                email: u.email,
                role,
            })
            .collect())
    }

    /// Gives a user a role in the course (instructors and global staff only).
    pub async fn add_team_member(
        &self,
        user: &UserRecord,
        course_key: &str,
        req: AddTeamMemberRequest,
    ) -> Result<()> {
        let (key, _) = self.team_course(user, course_key).await?;
        let member = self
            .accounts
            .user_by_login(req.user.trim())
            .await
            .map_err(|e| AuthoringError::Internal(anyhow::anyhow!("{e}")))?
            .filter(|u| u.is_active)
            .ok_or_else(|| AuthoringError::Invalid {
                field: "user",
                message: "is not a known username or email".into(),
            })?;
        self.authz
            .grant_course_role(user, member.id, &key.to_string(), req.role)
            .await?;
        Ok(())
    }

    /// Takes a role away (instructors and global staff only). An instructor
    /// cannot remove the last instructor.
    pub async fn remove_team_member(
        &self,
        user: &UserRecord,
        course_key: &str,
        username: &str,
        role: CourseRole,
    ) -> Result<()> {
        let (key, _) = self.team_course(user, course_key).await?;
        let key_text = key.to_string();
        let team = self
            .accounts
            .course_team(&key_text)
            .await
            .map_err(|e| AuthoringError::Internal(anyhow::anyhow!("{e}")))?;
        let member = team
            .iter()
            .find(|(u, r)| u.username.eq_ignore_ascii_case(username) && *r == role)
            .ok_or_else(|| {
                AuthoringError::NotFound(format!(
                    "{username} is not {} in this course.",
                    role.as_str()
                ))
            })?;
        match self
            .authz
            .revoke_course_role(user, member.0.id, &key_text, role)
            .await?
        {
            Revoked::Revoked => Ok(()),
            Revoked::NotHeld => Err(AuthoringError::NotFound(format!(
                "{username} is not {} in this course.",
                role.as_str()
            ))),
            Revoked::LastInstructor => Err(AuthoringError::Invalid {
                field: "role",
                message: "cannot remove the last instructor".into(),
            }),
        }
    }

    /// Creates a course run; global staff only. The creator becomes its
    /// instructor.
    pub async fn create_course(
        &self,
        user: &UserRecord,
        req: CreateCourseRequest,
    ) -> Result<CourseSummary> {
        self.authz.require_global_staff(user)?;
        let key =
            CourseKey::new(req.org.trim(), req.number.trim(), req.run.trim()).map_err(|e| {
                AuthoringError::Invalid {
                    field: "run",
                    message: e.to_string(),
                }
            })?;
        let title = validate::label(&req.display_name, "display_name", 255).map_err(invalid)?;
        if let (Some(start), Some(end)) = (req.start, req.end) {
            if end <= start {
                return Err(AuthoringError::Invalid {
                    field: "end",
                    message: "must be after the start".into(),
                });
            }
        }
        if let (Some(start), Some(end)) = (req.enrollment_start, req.enrollment_end) {
            if end <= start {
                return Err(AuthoringError::Invalid {
                    field: "enrollment_end",
                    message: "must be after the enrollment start".into(),
                });
            }
        }
        let mut fields = Map::new();
        fields.insert("display_name".into(), json!(title));
        let optional_dates = [
            ("start", req.start),
            ("end", req.end),
            ("enrollment_start", req.enrollment_start),
            ("enrollment_end", req.enrollment_end),
        ];
        for (name, value) in optional_dates {
            if let Some(v) = value {
                fields.insert(name.into(), json!(v.to_rfc3339()));
            }
        }
        fields.insert("self_paced".into(), json!(req.self_paced));
        for (name, value) in [
            ("language", req.language),
            ("short_description", req.short_description),
            ("overview", req.overview),
            ("course_image", req.card_image),
        ] {
            if let Some(v) = value {
                fields.insert(name.into(), json!(v));
            }
        }
        let structure = Structure {
            root: BlockRef {
                block_type: "course".into(),
                block_id: "course".into(),
            },
            blocks: vec![Block {
                block_type: "course".into(),
                block_id: "course".into(),
                fields,
                data: None,
                children: vec![],
            }],
        };
        let key_text = key.to_string();
        let first = self
            .content
            .create_course(
                &key_text,
                NewVersion {
                    parent: None,
                    author_id: Some(user.id),
                    message: "Created the course".into(),
                    structure,
                },
            )
            .await?;
        self.authz
            .grant_course_role(user, user.id, &key_text, CourseRole::Instructor)
            .await?;
        Ok(CourseSummary {
            course_key: key_text,
            display_name: title,
            org: key.org,
            number: key.number,
            run: key.run,
            draft_version: first.id,
            published_version: None,
            updated_at: first.created_at,
        })
    }

    /// Stores an imported course as a new course run whose draft is the
    /// imported structure. `user` (when the import is made by someone)
    /// must be global staff and becomes the run's instructor; the command
    /// line imports with no user.
    pub async fn import_course(
        &self,
        user: Option<&UserRecord>,
        key: &CourseKey,
        structure: Structure,
        publish: bool,
    ) -> Result<CourseSummary> {
        if let Some(user) = user {
            self.authz.require_global_staff(user)?;
        }
        let key_text = key.to_string();
        let first = self
            .content
            .create_course(
                &key_text,
                NewVersion {
                    parent: None,
                    author_id: user.map(|u| u.id),
                    message: "Imported from OLX".into(),
                    structure: structure.clone(),
                },
            )
            .await?;
        let mut heads = CourseHeads {
            course_key: key_text.clone(),
            draft: first.id.clone(),
            published: None,
            created_at: first.created_at,
            updated_at: first.created_at,
        };
        if publish {
            self.content
                .move_head(&key_text, Branch::Published, None, &first.id)
                .await?;
            heads.published = Some(first.id.clone());
        }
        if let Some(user) = user {
            self.authz
                .grant_course_role(user, user.id, &key_text, CourseRole::Instructor)
                .await?;
        }
        Ok(summary(&heads, &structure))
    }

    /// The draft of a course for export; `user` (when someone asks) must be
    /// on the course team, the command line exports with no user.
    pub async fn draft_for_export(
        &self,
        user: Option<&UserRecord>,
        course_key: &str,
    ) -> Result<(CourseKey, Structure)> {
        let key: CourseKey = course_key
            .parse()
            .map_err(|_| AuthoringError::NotFound(format!("No course {course_key}.")))?;
        let key_text = key.to_string();
        if let Some(user) = user {
            self.authz
                .require_course_role(user, &key_text, COURSE_TEAM)
                .await?;
        }
        let heads = self
            .content
            .heads(&key_text)
            .await?
            .ok_or_else(|| AuthoringError::NotFound(format!("No course {key_text}.")))?;
        let (_, structure) = self.draft(&heads).await?;
        Ok((key, structure))
    }

    /// Re-runs a course: a new course run whose draft is a copy of this
    /// course's draft, with new dates (due dates and enrollment dates are
    /// cleared, as Open edX does). Global staff only; the user becomes the
    /// new run's instructor.
    pub async fn rerun(
        &self,
        user: &UserRecord,
        course_key: &str,
        req: RerunRequest,
    ) -> Result<CourseSummary> {
        self.authz.require_global_staff(user)?;
        let (source, heads) = self.team_course(user, course_key).await?;
        let key = CourseKey::new(
            req.org.as_deref().unwrap_or(&source.org).trim(),
            req.number.as_deref().unwrap_or(&source.number).trim(),
            req.run.trim(),
        )
        .map_err(|e| AuthoringError::Invalid {
            field: "run",
            message: e.to_string(),
        })?;
        if let (Some(start), Some(end)) = (req.start, req.end) {
            if end <= start {
                return Err(AuthoringError::Invalid {
                    field: "end",
                    message: "must be after the start".into(),
                });
            }
        }
        let (_, mut structure) = self.draft(&heads).await?;
        for block in &mut structure.blocks {
            for field in ["due", "enrollment_start", "enrollment_end"] {
                block.fields.remove(field);
            }
        }
        let course = root_block_mut(&mut structure, course_key)?;
        if let Some(name) = &req.display_name {
            let name = validate::label(name, "display_name", 255).map_err(invalid)?;
            course.fields.insert("display_name".into(), json!(name));
        }
        for (name, value) in [("start", req.start), ("end", req.end)] {
            match value {
                Some(v) => course.fields.insert(name.into(), json!(v.to_rfc3339())),
                None => course.fields.remove(name),
            };
        }
        // The new run gets its own copy of the files, before it exists.
        if self.content.heads(&key.to_string()).await?.is_some() {
            return Err(AuthoringError::CourseExists(key.to_string()));
        }
        self.assets
            .copy_course_files(&source, &key)
            .await
            .map_err(|e| {
                AuthoringError::Internal(anyhow::anyhow!("copying the course files: {e}"))
            })?;
        self.import_course(Some(user), &key, structure, false).await
    }

    /// Imports an uploaded OLX `.tar.gz` as a new course run (draft), under
    /// `course_key` when given and the export's own key otherwise. Global
    /// staff only; a malformed archive is refused naming the file and line,
    /// and nothing is created.
    pub async fn queue_import(
        &self,
        user: &UserRecord,
        bytes: Vec<u8>,
        course_key: Option<&str>,
    ) -> Result<Job> {
        self.authz.require_global_staff(user)?;
        let target = match course_key.map(str::trim).filter(|k| !k.is_empty()) {
            Some(text) => {
                let key: CourseKey = text.parse().map_err(|e| AuthoringError::Invalid {
                    field: "course_key",
                    message: format!("{e}"),
                })?;
                if self.content.heads(&key.to_string()).await?.is_some() {
                    return Err(AuthoringError::CourseExists(key.to_string()));
                }
                Some(key.to_string())
            }
            None => None,
        };
        if !bytes.starts_with(&[0x1f, 0x8b]) {
            return Err(AuthoringError::Invalid {
                field: "file",
                message: "is not a .tar.gz course export".into(),
            });
        }
        let upload = self.assets.store_upload(&bytes).await.map_err(|e| {
            AuthoringError::Internal(anyhow::anyhow!("storing the uploaded archive: {e}"))
        })?;
        self.jobs
            .enqueue(NewJob {
                kind: IMPORT_JOB.into(),
                course_key: target.clone(),
                created_by: Some(user.id),
                payload: json!({ "upload": upload, "course_key": target }),
                max_attempts: 3,
            })
            .await
            .map_err(|e| AuthoringError::Internal(anyhow::anyhow!("queueing the import: {e}")))
    }

    /// Imports an uploaded `.tar.gz` for `user` (under `course_key` when
    /// given), telling `report` how far it got; the import job runs this.
    pub async fn import_archive_reporting(
        &self,
        user: &UserRecord,
        bytes: Vec<u8>,
        course_key: Option<CourseKey>,
        report: Reporter,
    ) -> Result<(CourseSummary, Vec<String>)> {
        self.authz.require_global_staff(user)?;
        let reading = report.clone();
        let limits = ImportLimits {
            max_static_bytes: self.assets.max_bytes(),
            ..ImportLimits::default()
        };
        let imported = tokio::task::spawn_blocking(move || {
            let path = std::env::temp_dir().join(format!(
                "lyceum-import-{}.tar.gz",
                uuid::Uuid::new_v4().simple()
            ));
            let result = std::fs::write(&path, &bytes)
                .map_err(|e| OlxError {
                    file: String::new(),
                    line: None,
                    message: e.to_string(),
                })
                .and_then(|()| import_tar_gz_with_limits(&path, limits, &*reading));
            let _ = std::fs::remove_file(&path);
            result
        })
        .await
        .map_err(|e| AuthoringError::Internal(anyhow::anyhow!("import task: {e}")))?
        .map_err(|e| AuthoringError::Invalid {
            field: "file",
            message: format!("is not an importable course: {e}"),
        })?;
        let mut imported = imported;
        if let Some(key) = course_key {
            imported.course_key = key;
        }
        self.import_olx_reporting(Some(user), imported, false, &*report)
            .await
    }

    /// The draft as an OLX `.tar.gz`, with a file name for it.
    pub async fn export_archive(
        &self,
        user: &UserRecord,
        course_key: &str,
    ) -> Result<(String, Vec<u8>)> {
        let (key, structure) = self.draft_for_export(Some(user), course_key).await?;
        let file_name = format!("{}_{}_{}.tar.gz", key.org, key.number, key.run);
        let static_files = self.assets.files_for_export(&key).await.map_err(|e| {
            AuthoringError::Internal(anyhow::anyhow!("reading the course files: {e}"))
        })?;
        let bytes = tokio::task::spawn_blocking(move || {
            let path = std::env::temp_dir().join(format!(
                "lyceum-export-{}.tar.gz",
                uuid::Uuid::new_v4().simple()
            ));
            let result = export_tar_gz_with_static(&key, &structure, &static_files, &path)
                .map_err(|e| anyhow::anyhow!("{e}"));
            let bytes = result.and_then(|()| std::fs::read(&path).map_err(anyhow::Error::new));
            let _ = std::fs::remove_file(&path);
            bytes
        })
        .await
        .map_err(|e| AuthoringError::Internal(anyhow::anyhow!("export task: {e}")))??;
        Ok((file_name, bytes))
    }

    /// The courses the user may author, by key: three round trips whatever
    /// their number (roles, heads, draft structures).
    pub async fn list_courses(&self, user: &UserRecord) -> Result<Vec<CourseSummary>> {
        let allowed = self.authz.courses_with_role(user, COURSE_TEAM).await?;
        let mine: Vec<CourseHeads> = self
            .content
            .list_courses()
            .await?
            .into_iter()
            .filter(|h| allowed.as_ref().is_none_or(|a| a.contains(&h.course_key)))
            .collect();
        let ids: Vec<String> = mine.iter().map(|h| h.draft.clone()).collect();
        let drafts = self.content.structures_by_id(&ids).await?;
        Ok(mine
            .iter()
            .filter_map(|h| drafts.get(&h.draft).map(|d| summary(h, d)))
            .collect())
    }

    /// The whole draft tree with each node's publish state, as JSON: built
    /// once per pair of draft and published versions (both never change)
    /// and shared afterwards.
    pub async fn outline_json(&self, user: &UserRecord, course_key: &str) -> Result<Arc<[u8]>> {
        let (key, heads) = self.team_course(user, course_key).await?;
        let cache_key = (heads.draft.clone(), heads.published.clone());
        if let Some(json) = self.outlines.get(&cache_key) {
            return Ok(json);
        }
        let outline = self.build_outline(&key, heads).await?;
        let json: Arc<[u8]> = serde_json::to_vec(&outline)
            .map_err(|e| AuthoringError::Internal(anyhow::anyhow!("serializing the outline: {e}")))?
            .into();
        self.outlines.put(cache_key, json.clone());
        Ok(json)
    }

    async fn build_outline(&self, key: &CourseKey, heads: CourseHeads) -> Result<Outline> {
        let course_key = key.to_string();
        // Read shared from the version cache: no structure is copied.
        let version = heads.draft.clone();
        let draft_entry = self.load_shared(&version).await?;
        let draft = &draft_entry.1;
        let published = match &heads.published {
            Some(id) => Some(self.load_shared(id).await?),
            None => None,
        };
        let published_blocks: HashMap<(&str, &str), &Block> = published
            .iter()
            .flat_map(|s| s.1.blocks.iter())
            .map(|b| ((b.block_type.as_str(), b.block_id.as_str()), b))
            .collect();
        let draft_blocks = index(draft);
        let root = node(key, &draft.root, &draft_blocks, &published_blocks).ok_or_else(|| {
            AuthoringError::Internal(anyhow::anyhow!(
                "the draft of {course_key} has no root block"
            ))
        })?;
        Ok(Outline {
            course_key: key.to_string(),
            version,
            published_version: heads.published,
            root,
        })
    }

    /// One block of the draft with its settings, content, ancestors and
    /// direct children (a unit's components), read in one go.
    pub async fn block(&self, user: &UserRecord, block_key: &str) -> Result<BlockView> {
        let (block, key, heads) = self.team_block(user, block_key).await?;
        let draft_entry = self.load_shared(&heads.draft).await?;
        let draft = &draft_entry.1;
        let published = match &heads.published {
            Some(id) => Some(self.load_shared(id).await?),
            None => None,
        };
        let published_blocks: HashMap<(&str, &str), &Block> = published
            .iter()
            .flat_map(|s| s.1.blocks.iter())
            .map(|b| ((b.block_type.as_str(), b.block_id.as_str()), b))
            .collect();
        let draft_blocks = index(draft);
        let at = BlockRef {
            block_type: block.block_type.clone(),
            block_id: block.block_id.clone(),
        };
        let missing = || AuthoringError::NotFound(format!("No block {block_key} in this course."));
        let chain = ancestors(draft, &at).ok_or_else(missing)?;
        let ancestors = chain
            .iter()
            .filter_map(|r| {
                let b = draft_blocks.get(&(r.block_type.as_str(), r.block_id.as_str()))?;
                Some(BlockCrumb {
                    id: key.block(&r.block_type, &r.block_id).ok()?.to_string(),
                    type_: r.block_type.clone(),
                    display_name: display_name(b),
                })
            })
            .collect();
        let mut detail =
            block_detail(&key, &at, &draft_blocks, &published_blocks).ok_or_else(missing)?;
        let this = draft_blocks
            .get(&(at.block_type.as_str(), at.block_id.as_str()))
            .ok_or_else(missing)?;
        detail.ancestors = ancestors;
        detail.children = this
            .children
            .iter()
            .filter_map(|c| block_detail(&key, c, &draft_blocks, &published_blocks))
            .collect();
        Ok(BlockView {
            version: heads.draft.clone(),
            published_version: heads.published.clone(),
            block: detail,
        })
    }

    /// Adds a block under `parent`.
    pub async fn create_block(
        &self,
        user: &UserRecord,
        course_key: &str,
        req: CreateBlockRequest,
    ) -> Result<(String, String)> {
        let (key, heads) = self.team_course(user, course_key).await?;
        let parent = self.block_in(&key, &req.parent, "parent")?;
        let title = validate::label(&req.display_name, "display_name", 255).map_err(invalid)?;
        let expected_parent =
            allowed_parent(&req.type_).ok_or_else(|| AuthoringError::Invalid {
                field: "type",
                message: format!("`{}` cannot be added here", req.type_),
            })?;
        if parent.block_type != expected_parent {
            return Err(AuthoringError::Invalid {
                field: "parent",
                message: format!(
                    "a {} goes inside a {expected_parent}, not a {}",
                    req.type_, parent.block_type
                ),
            });
        }
        let mut structure = self.base(&heads, &req.base_version).await?;
        let block_id = uuid::Uuid::new_v4().simple().to_string();
        let parent_block = find_mut(&mut structure, &parent.block_type, &parent.block_id)
            .ok_or_else(|| {
                AuthoringError::NotFound(format!("No block {} in this course.", req.parent))
            })?;
        let child = BlockRef {
            block_type: req.type_.clone(),
            block_id: block_id.clone(),
        };
        let at = req.position.map_or(parent_block.children.len(), |p| {
            (p as usize).min(parent_block.children.len())
        });
        parent_block.children.insert(at, child);
        let mut fields = Map::new();
        fields.insert("display_name".into(), json!(title));
        structure.blocks.push(Block {
            block_type: req.type_.clone(),
            block_id: block_id.clone(),
            fields,
            data: None,
            children: vec![],
        });
        let message = format!("Added {} \"{title}\"", req.type_);
        let version = self.commit(user, &key, &heads, structure, message).await?;
        let id = key
            .block(&req.type_, &block_id)
            .map_err(|e| AuthoringError::Internal(anyhow::anyhow!("{e}")))?;
        Ok((version, id.to_string()))
    }

    /// Changes a block's settings or content.
    pub async fn update_block(
        &self,
        user: &UserRecord,
        block_key: &str,
        req: UpdateBlockRequest,
    ) -> Result<(String, String)> {
        let (block, key, heads) = self.team_block(user, block_key).await?;
        let mut structure = self.base(&heads, &req.base_version).await?;
        let target =
            find_mut(&mut structure, &block.block_type, &block.block_id).ok_or_else(|| {
                AuthoringError::NotFound(format!("No block {block_key} in this course."))
            })?;
        if let Some(name) = &req.display_name {
            let name = validate::label(name, "display_name", 255).map_err(invalid)?;
            target.fields.insert("display_name".into(), json!(name));
        }
        let dates: [(&str, Option<DateTime<Utc>>); 2] = [("start", req.start), ("due", req.due)];
        for (name, value) in dates {
            if let Some(v) = value {
                target.fields.insert(name.into(), json!(v.to_rfc3339()));
            }
        }
        for (name, value) in [
            ("graded", req.graded),
            ("visible_to_staff_only", req.visible_to_staff_only),
            ("hide_after_due", req.hide_after_due),
        ] {
            if let Some(v) = value {
                target.fields.insert(name.into(), Value::Bool(v));
            }
        }
        if let Some(format) = &req.format {
            target.fields.insert("format".into(), json!(format.trim()));
        }
        set_component_fields(target, &req)?;
        if let Some(transcripts) = &req.transcripts {
            if target.block_type != "video" {
                return Err(AuthoringError::Invalid {
                    field: "transcripts",
                    message: format!("does not apply to a {}", target.block_type),
                });
            }
            let files = self.assets.names(&key).await.map_err(|e| {
                AuthoringError::Internal(anyhow::anyhow!("listing the course files: {e}"))
            })?;
            target.fields.insert(
                "transcripts".into(),
                transcripts_field(transcripts, &files)?,
            );
        }
        match (req.markdown, req.data) {
            (Some(markdown), data) if !markdown.trim().is_empty() => {
                if target.block_type != "problem" {
                    return Err(AuthoringError::Invalid {
                        field: "markdown",
                        message: format!("does not apply to a {}", target.block_type),
                    });
                }
                if data.is_some() {
                    return Err(AuthoringError::Invalid {
                        field: "markdown",
                        message: "cannot come with data: the problem XML is made from it".into(),
                    });
                }
                let xml = crate::capa::markdown::to_xml(&markdown).map_err(|e| {
                    AuthoringError::Invalid {
                        field: "markdown",
                        message: format!("cannot be read: {e}"),
                    }
                })?;
                check_data("problem", &xml)?;
                target.fields.insert("markdown".into(), json!(markdown));
                target.data = Some(xml);
            }
            (markdown, data) => {
                // An empty markdown drops it: the problem is edited as XML.
                if markdown.is_some() {
                    target.fields.remove("markdown");
                }
                if let Some(data) = data {
                    check_data(&target.block_type, &data)?;
                    target.data = Some(data);
                }
            }
        }
        let message = format!("Edited {} {}", block.block_type, block.block_id);
        let version = self.commit(user, &key, &heads, structure, message).await?;
        Ok((version, block.to_string()))
    }

    /// The settings of an open response assessment in the draft, read from
    /// its OLX; ORA2's template for one that has none yet (just added).
    /// OLX that cannot be read is [`AuthoringError::Unreadable`] with the
    /// reason.
    pub async fn ora_settings(
        &self,
        user: &UserRecord,
        course_key: &str,
        usage_key: &str,
    ) -> Result<OraSettings> {
        let (at, _, heads) = self.team_ora(user, course_key, usage_key).await?;
        let draft = self.load_shared(&heads.draft).await?;
        let block = draft
            .1
            .blocks
            .iter()
            .find(|b| b.block_type == at.block_type && b.block_id == at.block_id)
            .ok_or_else(|| {
                AuthoringError::NotFound(format!("No block {usage_key} in this course."))
            })?;
        match block.data.as_deref().filter(|d| !d.trim().is_empty()) {
            None => Ok(ora::serialize::new_assessment(&display_name(block))),
            Some(xml) => ora::config::parse(xml).map_err(|e| {
                AuthoringError::Unreadable(format!(
                    "This assessment's OLX cannot be read ({e}); correct it in the OLX editor."
                ))
            }),
        }
    }

    /// Replaces an open response assessment's settings: checked as ORA2
    /// checks them (every problem named, nothing saved when there is one),
    /// then written as the block's OLX in a new draft version, like any
    /// block edit. The title becomes the block's display name too, as
    /// ORA2's Studio editor keeps them equal, and the block's fields named
    /// after the element's setting attributes are made to match the new
    /// OLX (the exporter writes the start tag from the fields).
    pub async fn set_ora_settings(
        &self,
        user: &UserRecord,
        course_key: &str,
        usage_key: &str,
        base_version: &str,
        settings: OraSettings,
    ) -> Result<(String, String)> {
        let (at, key, heads) = self.team_ora(user, course_key, usage_key).await?;
        let mut structure = self.base(&heads, base_version).await?;
        let target = find_mut(&mut structure, &at.block_type, &at.block_id).ok_or_else(|| {
            AuthoringError::NotFound(format!("No block {usage_key} in this course."))
        })?;
        let settings = ora::serialize::normalize(settings);
        let problems = ora_problems(&settings);
        if !problems.is_empty() {
            return Err(AuthoringError::InvalidFields(problems));
        }
        let xml = ora::serialize::to_olx(&settings, Some(&settings.title));
        check_data("openassessment", &xml)?;
        if ora::config::parse(&xml).ok().as_ref() != Some(&settings) {
            return Err(AuthoringError::Internal(anyhow::anyhow!(
                "the OLX written for {usage_key} does not read back as the settings"
            )));
        }
        set_ora_fields(&mut target.fields, &xml)?;
        target
            .fields
            .insert("display_name".into(), json!(settings.title));
        target.data = Some(xml);
        let message = format!("Edited {} {}", at.block_type, at.block_id);
        let version = self.commit(user, &key, &heads, structure, message).await?;
        Ok((version, at.to_string()))
    }

    /// An open response assessment of a course the user may author: its
    /// key, the course's key and heads. Any other block is not found here.
    async fn team_ora(
        &self,
        user: &UserRecord,
        course_key: &str,
        usage_key: &str,
    ) -> Result<(BlockKey, CourseKey, CourseHeads)> {
        let (key, heads) = self.team_course(user, course_key).await?;
        let not_found = || {
            AuthoringError::NotFound(format!(
                "No open response assessment {usage_key} in this course."
            ))
        };
        let at: BlockKey = usage_key.parse().map_err(|_| not_found())?;
        if at.course != key || at.block_type != "openassessment" {
            return Err(not_found());
        }
        Ok((at, key, heads))
    }

    /// Deletes a block and everything below it.
    pub async fn delete_block(
        &self,
        user: &UserRecord,
        block_key: &str,
        base_version: &str,
    ) -> Result<String> {
        let (block, key, heads) = self.team_block(user, block_key).await?;
        let mut structure = self.base(&heads, base_version).await?;
        if structure.root.block_type == block.block_type
            && structure.root.block_id == block.block_id
        {
            return Err(AuthoringError::Invalid {
                field: "block",
                message: "the course itself cannot be deleted".into(),
            });
        }
        if find_mut(&mut structure, &block.block_type, &block.block_id).is_none() {
            return Err(AuthoringError::NotFound(format!(
                "No block {block_key} in this course."
            )));
        }
        let mut doomed = vec![(block.block_type.clone(), block.block_id.clone())];
        let mut i = 0;
        while i < doomed.len() {
            let (t, id) = doomed[i].clone();
            if let Some(b) = structure
                .blocks
                .iter()
                .find(|b| b.block_type == t && b.block_id == id)
            {
                doomed.extend(
                    b.children
                        .iter()
                        .map(|c| (c.block_type.clone(), c.block_id.clone())),
                );
            }
            i += 1;
        }
        structure.blocks.retain(|b| {
            !doomed
                .iter()
                .any(|(t, id)| *t == b.block_type && *id == b.block_id)
        });
        for b in &mut structure.blocks {
            b.children
                .retain(|c| !(c.block_type == block.block_type && c.block_id == block.block_id));
        }
        let message = format!("Deleted {} {}", block.block_type, block.block_id);
        self.commit(user, &key, &heads, structure, message).await
    }

    /// Publishes the whole draft: the published head moves to the draft
    /// version the author saw.
    pub async fn publish_course(
        &self,
        user: &UserRecord,
        course_key: &str,
        base_version: &str,
    ) -> Result<CourseHeads> {
        let (key, heads) = self.team_course(user, course_key).await?;
        if heads.draft != base_version {
            return Err(AuthoringError::Stale {
                current: Some(heads.draft),
            });
        }
        let key_text = key.to_string();
        self.content
            .move_head(
                &key_text,
                Branch::Published,
                heads.published.as_deref(),
                base_version,
            )
            .await?;
        Ok(CourseHeads {
            published: Some(base_version.to_string()),
            ..heads
        })
    }

    /// Publishes one section, subsection or unit: learners see its draft
    /// subtree (and its never-published ancestors appear around it); the
    /// rest of the published course stays as it was.
    pub async fn publish_block(
        &self,
        user: &UserRecord,
        block_key: &str,
        base_version: &str,
    ) -> Result<CourseHeads> {
        let (block, key, heads) = self.team_block(user, block_key).await?;
        let draft = self.base(&heads, base_version).await?;
        let published = match &heads.published {
            Some(id) => Some(self.load(id).await?),
            None => None,
        };
        let at = BlockRef {
            block_type: block.block_type.clone(),
            block_id: block.block_id.clone(),
        };
        let next = publish_subtree(&draft, published.as_ref(), &at).ok_or_else(|| {
            AuthoringError::NotFound(format!("No block {block_key} in this course."))
        })?;
        let new = NewVersion {
            parent: heads.published.clone(),
            author_id: Some(user.id),
            message: format!("Published {} {}", block.block_type, block.block_id),
            structure: next,
        };
        let written = self
            .content
            .commit(
                &key.to_string(),
                Branch::Published,
                heads.published.as_deref(),
                new,
            )
            .await?;
        Ok(CourseHeads {
            published: Some(written.id),
            ..heads
        })
    }

    /// Throws away the draft changes of a block and everything below it,
    /// bringing back what learners see.
    pub async fn discard_changes(
        &self,
        user: &UserRecord,
        block_key: &str,
        base_version: &str,
    ) -> Result<String> {
        let (block, key, heads) = self.team_block(user, block_key).await?;
        let draft = self.base(&heads, base_version).await?;
        let at = BlockRef {
            block_type: block.block_type.clone(),
            block_id: block.block_id.clone(),
        };
        if !index(&draft).contains_key(&(at.block_type.as_str(), at.block_id.as_str())) {
            return Err(AuthoringError::NotFound(format!(
                "No block {block_key} in this course."
            )));
        }
        let never = || AuthoringError::Invalid {
            field: "block",
            message: "was never published; delete it instead".into(),
        };
        let published = match &heads.published {
            Some(id) => self.load(id).await?,
            None => return Err(never()),
        };
        if !index(&published).contains_key(&(at.block_type.as_str(), at.block_id.as_str())) {
            return Err(never());
        }
        let restored = replace_subtree(&draft, &published, &at);
        let message = format!(
            "Discarded changes to {} {}",
            block.block_type, block.block_id
        );
        self.commit(user, &key, &heads, restored, message).await
    }

    /// Copies a block and everything below it, placing the copy right after
    /// the original.
    pub async fn duplicate_block(
        &self,
        user: &UserRecord,
        block_key: &str,
        base_version: &str,
    ) -> Result<(String, String)> {
        let (block, key, heads) = self.team_block(user, block_key).await?;
        let mut structure = self.base(&heads, base_version).await?;
        let at = BlockRef {
            block_type: block.block_type.clone(),
            block_id: block.block_id.clone(),
        };
        if at == structure.root {
            return Err(AuthoringError::Invalid {
                field: "block",
                message: "the course itself cannot be duplicated".into(),
            });
        }
        let originals = subtree(&structure, &at);
        if originals.is_empty() {
            return Err(AuthoringError::NotFound(format!(
                "No block {block_key} in this course."
            )));
        }
        let renamed: HashMap<BlockRef, BlockRef> = originals
            .iter()
            .map(|b| {
                let old = BlockRef {
                    block_type: b.block_type.clone(),
                    block_id: b.block_id.clone(),
                };
                let new = BlockRef {
                    block_type: b.block_type.clone(),
                    block_id: uuid::Uuid::new_v4().simple().to_string(),
                };
                (old, new)
            })
            .collect();
        let copies: Vec<Block> = originals
            .into_iter()
            .map(|mut b| {
                let me = BlockRef {
                    block_type: b.block_type.clone(),
                    block_id: b.block_id.clone(),
                };
                b.block_id = renamed[&me].block_id.clone();
                b.children = b
                    .children
                    .iter()
                    .map(|c| renamed.get(c).cloned().unwrap_or_else(|| c.clone()))
                    .collect();
                if me == at {
                    if let Some(Value::String(name)) = b.fields.get("display_name").cloned() {
                        b.fields
                            .insert("display_name".into(), json!(format!("{name} (copy)")));
                    }
                }
                b
            })
            .collect();
        let copy_ref = renamed[&at].clone();
        for parent in &mut structure.blocks {
            if let Some(i) = parent.children.iter().position(|c| *c == at) {
                parent.children.insert(i + 1, copy_ref.clone());
                break;
            }
        }
        structure.blocks.extend(copies);
        let message = format!("Duplicated {} {}", block.block_type, block.block_id);
        let version = self.commit(user, &key, &heads, structure, message).await?;
        let id = BlockKey {
            course: key,
            block_type: copy_ref.block_type,
            block_id: copy_ref.block_id,
        };
        Ok((version, id.to_string()))
    }

    /// The draft's grading policy (Open edX's default when none was set).
    pub async fn grading_policy(
        &self,
        user: &UserRecord,
        course_key: &str,
    ) -> Result<(String, GradingPolicy)> {
        self.course_fields(user, course_key, |f| {
            f.get("grading_policy")
                .and_then(policy_from_olx)
                .unwrap_or_else(default_grading_policy)
        })
        .await
    }

    /// Replaces the grading policy, validated: unique assignment types with
    /// labels, drop counts within counts, weights in [0, 1] summing to 1,
    /// cutoffs in (0, 1), and every `format` used by a subsection defined.
    pub async fn set_grading_policy(
        &self,
        user: &UserRecord,
        course_key: &str,
        base_version: &str,
        policy: GradingPolicy,
    ) -> Result<String> {
        let (key, heads) = self.team_course(user, course_key).await?;
        let mut structure = self.base(&heads, base_version).await?;
        validate_grading_policy(&policy, &structure)?;
        let course = root_block_mut(&mut structure, course_key)?;
        course
            .fields
            .insert("grading_policy".into(), policy_to_olx(&policy));
        self.commit(
            user,
            &key,
            &heads,
            structure,
            "Changed the grading policy".into(),
        )
        .await
    }

    /// Something read from the draft's course block (its settings), with
    /// the draft version; the draft is read shared, not copied.
    async fn course_fields<T>(
        &self,
        user: &UserRecord,
        course_key: &str,
        read: impl FnOnce(&Map<String, Value>) -> T,
    ) -> Result<(String, T)> {
        let (_, heads) = self.team_course(user, course_key).await?;
        let draft = self.load_shared(&heads.draft).await?;
        let empty = Map::new();
        let fields = root_block(&draft.1).map_or(&empty, |b| &b.fields);
        Ok((heads.draft, read(fields)))
    }

    /// Schedule and details of the draft.
    pub async fn details(
        &self,
        user: &UserRecord,
        course_key: &str,
    ) -> Result<(String, CourseDetails)> {
        self.course_fields(user, course_key, details_of).await
    }

    /// Replaces the schedule and details.
    pub async fn set_details(
        &self,
        user: &UserRecord,
        course_key: &str,
        base_version: &str,
        d: CourseDetails,
    ) -> Result<String> {
        let (key, heads) = self.team_course(user, course_key).await?;
        let title = validate::label(&d.display_name, "display_name", 255).map_err(invalid)?;
        for (field, from, to) in [
            ("end", d.start, d.end),
            ("enrollment_end", d.enrollment_start, d.enrollment_end),
        ] {
            if let (Some(from), Some(to)) = (from, to) {
                if to <= from {
                    return Err(AuthoringError::Invalid {
                        field,
                        message: "must be after its start".into(),
                    });
                }
            }
        }
        let mut structure = self.base(&heads, base_version).await?;
        let course = root_block_mut(&mut structure, course_key)?;
        course.fields.insert("display_name".into(), json!(title));
        course
            .fields
            .insert("self_paced".into(), json!(d.self_paced));
        for (name, value) in [
            ("start", d.start),
            ("end", d.end),
            ("enrollment_start", d.enrollment_start),
            ("enrollment_end", d.enrollment_end),
        ] {
            match value {
                Some(v) => course.fields.insert(name.into(), json!(v.to_rfc3339())),
                None => course.fields.remove(name),
            };
        }
        for (name, value) in [
            ("language", d.language),
            ("short_description", d.short_description),
            ("overview", d.overview),
            ("course_image", d.card_image),
        ] {
            match value {
                Some(v) => course.fields.insert(name.into(), json!(v)),
                None => course.fields.remove(name),
            };
        }
        self.commit(
            user,
            &key,
            &heads,
            structure,
            "Changed the schedule and details".into(),
        )
        .await
    }

    /// The advanced settings of the draft, with Open edX's defaults.
    pub async fn advanced_settings(
        &self,
        user: &UserRecord,
        course_key: &str,
    ) -> Result<(String, AdvancedSettings)> {
        self.course_fields(user, course_key, advanced_of).await
    }

    /// Replaces the advanced settings, validated.
    pub async fn set_advanced_settings(
        &self,
        user: &UserRecord,
        course_key: &str,
        base_version: &str,
        a: AdvancedSettings,
    ) -> Result<String> {
        let (key, heads) = self.team_course(user, course_key).await?;
        check_choice("showanswer", &a.showanswer, SHOWANSWER)?;
        check_choice("rerandomize", &a.rerandomize, RERANDOMIZE)?;
        check_choice(
            "catalog_visibility",
            &a.catalog_visibility,
            &["both", "about", "none"],
        )?;
        if a.days_early_for_beta
            .is_some_and(|d| !(0.0..=365.0).contains(&d))
        {
            return Err(AuthoringError::Invalid {
                field: "days_early_for_beta",
                message: "must be between 0 and 365".into(),
            });
        }
        let mut seen = HashSet::new();
        for topic in &a.discussion_topics {
            if validate::label(&topic.name, "discussion_topics", 255).is_err()
                || topic.id.trim().is_empty()
                || topic.id.len() > 255
                || !seen.insert(topic.id.trim())
            {
                return Err(AuthoringError::Invalid {
                    field: "discussion_topics",
                    message: "need a name and a unique id each".into(),
                });
            }
        }
        if a.discussion_blackouts.iter().any(|b| b.end <= b.start) {
            return Err(AuthoringError::Invalid {
                field: "discussion_blackouts",
                message: "must each end after they start".into(),
            });
        }
        let mut structure = self.base(&heads, base_version).await?;
        let course = root_block_mut(&mut structure, course_key)?;
        let f = &mut course.fields;
        let topics: Map<String, Value> = a
            .discussion_topics
            .iter()
            .map(|t| (t.name.trim().to_string(), json!({"id": t.id.trim()})))
            .collect();
        let blackouts: Vec<Value> = a
            .discussion_blackouts
            .iter()
            .map(|b| json!([b.start.to_rfc3339(), b.end.to_rfc3339()]))
            .collect();
        let mut set_opt = |k: &str, v: Option<Value>| match v {
            Some(v) => f.insert(k.into(), v),
            None => f.remove(k),
        };
        set_opt("max_attempts", a.max_attempts.map(|n| json!(n)));
        set_opt(
            "days_early_for_beta",
            a.days_early_for_beta.map(|n| json!(n)),
        );
        set_opt(
            "max_student_enrollments_allowed",
            a.max_student_enrollments_allowed.map(|n| json!(n)),
        );
        set_opt("showanswer", Some(json!(a.showanswer)));
        set_opt("show_reset_button", Some(json!(a.show_reset_button)));
        set_opt("rerandomize", Some(json!(a.rerandomize)));
        set_opt("catalog_visibility", Some(json!(a.catalog_visibility)));
        set_opt("invitation_only", Some(json!(a.invitation_only)));
        set_opt(
            "graded_content_verified_only",
            Some(json!(a.graded_content_verified_only)),
        );
        set_opt("allow_anonymous", Some(json!(a.allow_anonymous)));
        set_opt(
            "allow_anonymous_to_peers",
            Some(json!(a.allow_anonymous_to_peers)),
        );
        set_opt(
            "discussion_topics",
            (!topics.is_empty()).then_some(Value::Object(topics)),
        );
        set_opt(
            "discussion_blackouts",
            (!blackouts.is_empty()).then_some(Value::Array(blackouts)),
        );
        self.commit(
            user,
            &key,
            &heads,
            structure,
            "Changed the advanced settings".into(),
        )
        .await
    }

    /// A block key of a course the user may author, with the course's key and heads.
    async fn team_block(
        &self,
        user: &UserRecord,
        block_key: &str,
    ) -> Result<(BlockKey, CourseKey, CourseHeads)> {
        let block: BlockKey = block_key
            .parse()
            .map_err(|_| AuthoringError::NotFound(format!("No block {block_key}.")))?;
        let (key, heads) = self.team_course(user, &block.course.to_string()).await?;
        Ok((block, key, heads))
    }

    async fn team_course(
        &self,
        user: &UserRecord,
        course_key: &str,
    ) -> Result<(CourseKey, CourseHeads)> {
        let key: CourseKey = course_key
            .parse()
            .map_err(|_| AuthoringError::NotFound(format!("No course {course_key}.")))?;
        let key_text = key.to_string();
        self.authz
            .require_course_role(user, &key_text, COURSE_TEAM)
            .await?;
        let heads = self
            .content
            .heads(&key_text)
            .await?
            .ok_or_else(|| AuthoringError::NotFound(format!("No course {key_text}.")))?;
        Ok((key, heads))
    }

    fn block_in(
        &self,
        course: &CourseKey,
        block_key: &str,
        field: &'static str,
    ) -> Result<BlockKey> {
        let block: BlockKey =
            block_key
                .parse()
                .map_err(|e: shared_types::KeyError| AuthoringError::Invalid {
                    field,
                    message: e.to_string(),
                })?;
        if &block.course != course {
            return Err(AuthoringError::Invalid {
                field,
                message: "belongs to another course".into(),
            });
        }
        Ok(block)
    }

    async fn load(&self, version: &str) -> Result<Structure> {
        Ok(self
            .content
            .version(version)
            .await?
            .ok_or_else(|| {
                AuthoringError::Internal(anyhow::anyhow!("version {version} is missing"))
            })?
            .1)
    }

    async fn load_shared(&self, version: &str) -> Result<Arc<(VersionInfo, Structure)>> {
        self.content.version_shared(version).await?.ok_or_else(|| {
            AuthoringError::Internal(anyhow::anyhow!("version {version} is missing"))
        })
    }

    async fn draft(&self, heads: &CourseHeads) -> Result<(String, Structure)> {
        Ok((heads.draft.clone(), self.load(&heads.draft).await?))
    }

    /// The draft structure, if the edit's base is still the draft head.
    async fn base(&self, heads: &CourseHeads, base_version: &str) -> Result<Structure> {
        if heads.draft != base_version {
            return Err(AuthoringError::Stale {
                current: Some(heads.draft.clone()),
            });
        }
        self.load(base_version).await
    }

    async fn commit(
        &self,
        user: &UserRecord,
        key: &CourseKey,
        heads: &CourseHeads,
        structure: Structure,
        message: String,
    ) -> Result<String> {
        let new = NewVersion {
            parent: Some(heads.draft.clone()),
            author_id: Some(user.id),
            message,
            structure,
        };
        Ok(self
            .content
            .commit(&key.to_string(), Branch::Draft, Some(&heads.draft), new)
            .await?
            .id)
    }
}

fn invalid(i: validate::Invalid) -> AuthoringError {
    AuthoringError::Invalid {
        field: i.field,
        message: i.message,
    }
}

fn index(s: &Structure) -> HashMap<(&str, &str), &Block> {
    s.blocks
        .iter()
        .map(|b| ((b.block_type.as_str(), b.block_id.as_str()), b))
        .collect()
}

fn find_mut<'a>(s: &'a mut Structure, block_type: &str, block_id: &str) -> Option<&'a mut Block> {
    s.blocks
        .iter_mut()
        .find(|b| b.block_type == block_type && b.block_id == block_id)
}

fn summary(heads: &CourseHeads, draft: &Structure) -> CourseSummary {
    let key: Option<CourseKey> = heads.course_key.parse().ok();
    let title = draft
        .blocks
        .iter()
        .find(|b| b.block_type == draft.root.block_type && b.block_id == draft.root.block_id)
        .and_then(|b| b.fields.get("display_name"))
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    CourseSummary {
        course_key: heads.course_key.clone(),
        display_name: title,
        org: key.as_ref().map(|k| k.org.clone()).unwrap_or_default(),
        number: key.as_ref().map(|k| k.number.clone()).unwrap_or_default(),
        run: key.as_ref().map(|k| k.run.clone()).unwrap_or_default(),
        draft_version: heads.draft.clone(),
        published_version: heads.published.clone(),
        updated_at: heads.updated_at,
    }
}

/// Builds the outline node of `at` and its subtree; `None` for a dangling
/// reference.
fn node(
    course: &CourseKey,
    at: &BlockRef,
    draft: &HashMap<(&str, &str), &Block>,
    published: &HashMap<(&str, &str), &Block>,
) -> Option<OutlineNode> {
    let block = draft.get(&(at.block_type.as_str(), at.block_id.as_str()))?;
    let children: Vec<OutlineNode> = block
        .children
        .iter()
        .filter_map(|c| node(course, c, draft, published))
        .collect();
    let publish_state = match published.get(&(at.block_type.as_str(), at.block_id.as_str())) {
        None => PublishState::NeverPublished,
        Some(p)
            if *p == *block
                && children
                    .iter()
                    .all(|c| c.publish_state == PublishState::Published) =>
        {
            PublishState::Published
        }
        Some(_) => PublishState::DraftChanges,
    };
    let id = BlockKey {
        course: course.clone(),
        block_type: at.block_type.clone(),
        block_id: at.block_id.clone(),
    }
    .to_string();
    Some(OutlineNode {
        id,
        type_: at.block_type.clone(),
        display_name: display_name(block),
        publish_state,
        children,
    })
}

/// The detail of one block without its ancestors and children: its publish
/// state (which looks at the whole subtree), settings and content.
fn block_detail(
    course: &CourseKey,
    at: &BlockRef,
    draft: &HashMap<(&str, &str), &Block>,
    published: &HashMap<(&str, &str), &Block>,
) -> Option<BlockDetail> {
    let outline = node(course, at, draft, published)?;
    let block = draft.get(&(at.block_type.as_str(), at.block_id.as_str()))?;
    Some(BlockDetail {
        id: outline.id,
        type_: outline.type_,
        display_name: outline.display_name,
        publish_state: outline.publish_state,
        supported: SUPPORTED_TYPES.contains(&at.block_type.as_str()),
        fields: Value::Object(block.fields.clone()),
        data: block.data.clone(),
        ancestors: Vec::new(),
        children: Vec::new(),
    })
}

/// The block types Lyceum runs; others are kept whole and shown as
/// unsupported.
pub const SUPPORTED_TYPES: &[&str] = &[
    "course",
    "chapter",
    "sequential",
    "vertical",
    "html",
    "problem",
    "video",
    "discussion",
    "openassessment",
];

fn display_name(block: &Block) -> String {
    block
        .fields
        .get("display_name")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string()
}

/// The blocks of the subtree at `at` (itself first), cloned.
fn subtree(s: &Structure, at: &BlockRef) -> Vec<Block> {
    let blocks = index(s);
    let mut out = Vec::new();
    let mut todo = vec![at.clone()];
    while let Some(r) = todo.pop() {
        if let Some(b) = blocks.get(&(r.block_type.as_str(), r.block_id.as_str())) {
            todo.extend(b.children.iter().rev().cloned());
            out.push((*b).clone());
        }
    }
    out
}

/// `target` with the subtree at `at` replaced by `source`'s subtree at `at`
/// (the block keeps its place in `target`).
fn replace_subtree(target: &Structure, source: &Structure, at: &BlockRef) -> Structure {
    let old: Vec<BlockRef> = subtree(target, at)
        .iter()
        .map(|b| BlockRef {
            block_type: b.block_type.clone(),
            block_id: b.block_id.clone(),
        })
        .collect();
    let mut out = target.clone();
    out.blocks.retain(|b| {
        !old.iter()
            .any(|r| r.block_type == b.block_type && r.block_id == b.block_id)
    });
    out.blocks.extend(subtree(source, at));
    out
}

/// The ancestors of `at` in `s`, root first.
fn ancestors(s: &Structure, at: &BlockRef) -> Option<Vec<BlockRef>> {
    let mut parent_of: HashMap<&BlockRef, &Block> = HashMap::new();
    for b in &s.blocks {
        for c in &b.children {
            parent_of.insert(c, b);
        }
    }
    let mut chain = Vec::new();
    let mut current = at.clone();
    while current != s.root {
        let parent = parent_of.get(&current)?;
        current = BlockRef {
            block_type: parent.block_type.clone(),
            block_id: parent.block_id.clone(),
        };
        chain.push(current.clone());
    }
    chain.reverse();
    Some(chain)
}

/// The published structure after publishing the draft subtree at `at`;
/// `None` when `at` is not in the draft.
fn publish_subtree(
    draft: &Structure,
    published: Option<&Structure>,
    at: &BlockRef,
) -> Option<Structure> {
    let chain = ancestors(draft, at)?;
    let draft_blocks = index(draft);
    let mut out = match published {
        Some(p) => replace_subtree(p, draft, at),
        None => Structure {
            root: draft.root.clone(),
            blocks: subtree(draft, at),
        },
    };
    // Make every ancestor exist and list its published children in the
    // draft's order (children only published so far keep their place at the end).
    for (i, ancestor) in chain.iter().enumerate() {
        let next = chain.get(i + 1).cloned().unwrap_or_else(|| at.clone());
        let draft_block =
            draft_blocks.get(&(ancestor.block_type.as_str(), ancestor.block_id.as_str()))?;
        let present: std::collections::HashSet<BlockRef> = out
            .blocks
            .iter()
            .map(|b| BlockRef {
                block_type: b.block_type.clone(),
                block_id: b.block_id.clone(),
            })
            .chain(std::iter::once(next.clone()))
            .collect();
        let position = out
            .blocks
            .iter()
            .position(|b| b.block_type == ancestor.block_type && b.block_id == ancestor.block_id);
        let existing_children = position
            .map(|p| out.blocks[p].children.clone())
            .unwrap_or_default();
        let mut children: Vec<BlockRef> = draft_block
            .children
            .iter()
            .filter(|c| present.contains(*c))
            .cloned()
            .collect();
        for c in existing_children {
            if !children.contains(&c) {
                children.push(c);
            }
        }
        match position {
            Some(p) => out.blocks[p].children = children,
            None => {
                let mut copy = (*draft_block).clone();
                copy.children = children;
                out.blocks.push(copy);
            }
        }
    }
    Some(out)
}

fn root_block(s: &Structure) -> Option<&Block> {
    s.blocks
        .iter()
        .find(|b| b.block_type == s.root.block_type && b.block_id == s.root.block_id)
}

/// Open edX's default policy for a new course.
pub fn default_grading_policy() -> GradingPolicy {
    let grader = |t: &str, label: &str, min: u32, drop: u32, weight: f64| AssignmentType {
        type_: t.into(),
        short_label: label.into(),
        min_count: min,
        drop_count: drop,
        weight,
    };
    GradingPolicy {
        graders: vec![
            grader("Homework", "HW", 12, 2, 0.15),
            grader("Lab", "Lab", 12, 2, 0.15),
            grader("Midterm Exam", "Midterm", 1, 0, 0.3),
            grader("Final Exam", "Final", 1, 0, 0.4),
        ],
        grade_cutoffs: [("Pass".to_string(), 0.5)].into_iter().collect(),
    }
}

/// The policy in Open edX's stored form (`GRADER`, `GRADE_CUTOFFS`), so it
/// round-trips through OLX as it is.
fn policy_to_olx(p: &GradingPolicy) -> Value {
    json!({
        "GRADER": p.graders.iter().map(|g| json!({
            "type": g.type_, "short_label": g.short_label, "min_count": g.min_count,
            "drop_count": g.drop_count, "weight": g.weight,
        })).collect::<Vec<_>>(),
        "GRADE_CUTOFFS": p.grade_cutoffs,
    })
}

/// A grading policy from its Open edX form (`GRADER`, `GRADE_CUTOFFS`).
pub fn policy_from_olx(v: &Value) -> Option<GradingPolicy> {
    let graders = v.get("GRADER")?.as_array()?.iter().map(|g| {
        Some(AssignmentType {
            type_: g.get("type")?.as_str()?.to_string(),
            short_label: g
                .get("short_label")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string(),
            min_count: g.get("min_count").and_then(Value::as_u64).unwrap_or(0) as u32,
            drop_count: g.get("drop_count").and_then(Value::as_u64).unwrap_or(0) as u32,
            weight: g.get("weight").and_then(Value::as_f64).unwrap_or(0.0),
        })
    });
    let graders = graders.collect::<Option<Vec<_>>>()?;
    let grade_cutoffs = v
        .get("GRADE_CUTOFFS")?
        .as_object()?
        .iter()
        .filter_map(|(k, c)| Some((k.clone(), c.as_f64()?)))
        .collect();
    Some(GradingPolicy {
        graders,
        grade_cutoffs,
    })
}

fn validate_grading_policy(p: &GradingPolicy, course: &Structure) -> Result<()> {
    let bad =
        |field: &'static str, message: String| Err(AuthoringError::Invalid { field, message });
    let mut names = std::collections::HashSet::new();
    for g in &p.graders {
        let name = g.type_.trim();
        if name.is_empty() || g.short_label.trim().is_empty() {
            return bad(
                "graders",
                "every assignment type needs a name and a short label".into(),
            );
        }
        if !names.insert(name.to_lowercase()) {
            return bad(
                "graders",
                format!("the assignment type \"{name}\" is defined twice"),
            );
        }
        if g.drop_count > g.min_count {
            return bad(
                "graders",
                format!("\"{name}\" drops more assignments than it counts"),
            );
        }
        if !(0.0..=1.0).contains(&g.weight) || !g.weight.is_finite() {
            return bad(
                "graders",
                format!("the weight of \"{name}\" must be between 0 and 1"),
            );
        }
    }
    let total: f64 = p.graders.iter().map(|g| g.weight).sum();
    if !p.graders.is_empty() && (total - 1.0).abs() > 1e-6 {
        return bad(
            "graders",
            format!("the weights add up to {:.0}%, not 100%", total * 100.0),
        );
    }
    if p.grade_cutoffs.is_empty() {
        return bad(
            "grade_cutoffs",
            "at least one passing grade is needed".into(),
        );
    }
    for (grade, cutoff) in &p.grade_cutoffs {
        if grade.trim().is_empty() || !(*cutoff > 0.0 && *cutoff < 1.0) {
            return bad(
                "grade_cutoffs",
                format!("the cutoff of \"{grade}\" must be between 0 and 1 (exclusive)"),
            );
        }
    }
    for b in &course.blocks {
        if let Some(format) = b.fields.get("format").and_then(Value::as_str) {
            let graded = b
                .fields
                .get("graded")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            if graded && !format.is_empty() && !names.contains(&format.to_lowercase()) {
                return bad("graders", format!("the subsection \"{}\" uses the assignment type \"{format}\", which this policy removes", b.fields.get("display_name").and_then(Value::as_str).unwrap_or(&b.block_id)));
            }
        }
    }
    Ok(())
}

/// Open edX's `showanswer` values.
pub const SHOWANSWER: &[&str] = &[
    "always",
    "answered",
    "attempted",
    "closed",
    "finished",
    "correct_or_past_due",
    "past_due",
    "never",
    "after_all_attempts",
    "after_all_attempts_or_correct",
    "attempted_no_past_due",
    "after_attempts",
];
/// Open edX's `rerandomize` values.
pub const RERANDOMIZE: &[&str] = &["never", "always", "onreset", "per_student"];

fn check_choice(field: &'static str, value: &str, allowed: &[&str]) -> Result<()> {
    if allowed.contains(&value) {
        Ok(())
    } else {
        Err(AuthoringError::Invalid {
            field,
            message: format!("must be one of {}", allowed.join(", ")),
        })
    }
}

/// Applies the component-specific fields of an update, checking that they
/// fit the block's type.
fn set_component_fields(target: &mut Block, req: &UpdateBlockRequest) -> Result<()> {
    let kind = target.block_type.clone();
    let only = |field: &'static str, types: &[&str]| -> Result<()> {
        if types.contains(&kind.as_str()) {
            Ok(())
        } else {
            Err(AuthoringError::Invalid {
                field,
                message: format!("does not apply to a {kind}"),
            })
        }
    };
    let f = &mut target.fields;
    if let Some(w) = req.weight {
        only("weight", &["problem", "openassessment"])?;
        if !(w.is_finite() && w >= 0.0) {
            return Err(AuthoringError::Invalid {
                field: "weight",
                message: "must be zero or more".into(),
            });
        }
        f.insert("weight".into(), json!(w));
    }
    if let Some(n) = req.max_attempts {
        only("max_attempts", &["problem"])?;
        f.insert("max_attempts".into(), json!(n));
    }
    if let Some(v) = &req.showanswer {
        only("showanswer", &["problem"])?;
        check_choice("showanswer", v, SHOWANSWER)?;
        f.insert("showanswer".into(), json!(v));
    }
    if let Some(v) = req.show_reset_button {
        only("show_reset_button", &["problem"])?;
        f.insert("show_reset_button".into(), json!(v));
    }
    if let Some(v) = &req.rerandomize {
        only("rerandomize", &["problem"])?;
        check_choice("rerandomize", v, RERANDOMIZE)?;
        f.insert("rerandomize".into(), json!(v));
    }
    if let Some(n) = req.submission_wait_seconds {
        only("submission_wait_seconds", &["problem"])?;
        f.insert("submission_wait_seconds".into(), json!(n));
    }
    if let Some(v) = &req.show_correctness {
        only("show_correctness", &["sequential"])?;
        check_choice("show_correctness", v, &["always", "past_due", "never"])?;
        f.insert("show_correctness".into(), json!(v));
    }
    if let Some(n) = req.attempts_before_showanswer_button {
        only("attempts_before_showanswer_button", &["problem"])?;
        f.insert("attempts_before_showanswer_button".into(), json!(n));
    }
    if let Some(v) = &req.youtube_id {
        only("youtube_id", &["video"])?;
        f.insert("youtube_id_1_0".into(), json!(v.trim()));
    }
    if let Some(v) = &req.html5_sources {
        only("html5_sources", &["video"])?;
        f.insert("html5_sources".into(), json!(v));
    }
    for (field, value) in [
        ("discussion_id", &req.discussion_id),
        ("discussion_category", &req.discussion_category),
        ("discussion_target", &req.discussion_target),
    ] {
        if let Some(v) = value {
            only(field, &["discussion"])?;
            f.insert(field.into(), json!(v));
        }
    }
    Ok(())
}

/// A video's `transcripts`: language codes to uploaded `.srt` files of the
/// course.
fn transcripts_field(
    transcripts: &std::collections::BTreeMap<String, String>,
    files: &std::collections::HashSet<String>,
) -> Result<Value> {
    let invalid = |message: String| AuthoringError::Invalid {
        field: "transcripts",
        message,
    };
    let mut out = Map::new();
    for (language, file) in transcripts {
        let language = language.trim();
        let valid_language = (2..=16).contains(&language.len())
            && language
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !valid_language {
            return Err(invalid(format!("`{language}` is not a language code")));
        }
        let file = file.trim();
        if !file.to_ascii_lowercase().ends_with(".srt") {
            return Err(invalid(format!("{file} is not an .srt file")));
        }
        if !files.contains(file) {
            return Err(invalid(format!(
                "{file} is not one of the course's files; upload it first"
            )));
        }
        out.insert(language.to_string(), json!(file));
    }
    Ok(Value::Object(out))
}

/// The content of a component: HTML for `html`; for every other type the
/// block's whole XML element, which must be well-formed and named after
/// the type (`<problem>...</problem>`), so export and import keep it.
fn check_data(block_type: &str, data: &str) -> Result<()> {
    if data.len() > MAX_DATA_BYTES {
        return Err(AuthoringError::Invalid {
            field: "data",
            message: format!("is longer than {} KB", MAX_DATA_BYTES / 1024),
        });
    }
    if matches!(
        block_type,
        "html" | "course" | "chapter" | "sequential" | "vertical"
    ) {
        return Ok(());
    }
    let doc = roxmltree::Document::parse(data).map_err(|e| AuthoringError::Invalid {
        field: "data",
        message: format!("is not well-formed XML: {e}"),
    })?;
    crate::capa::check_depth(&doc).map_err(|e| AuthoringError::Invalid {
        field: "data",
        message: format!("cannot be stored: {e}"),
    })?;
    let root = doc.root_element().tag_name().name();
    if root != block_type {
        return Err(AuthoringError::Invalid {
            field: "data",
            message: format!("must be a <{block_type}> element, not <{root}>"),
        });
    }
    // A problem must be one capa can read within its limits.
    if block_type == "problem" {
        crate::capa::parse::Problem::parse(data).map_err(|e| AuthoringError::Invalid {
            field: "data",
            message: format!("is not a problem Lyceum can read: {e}"),
        })?;
    }
    Ok(())
}

/// The largest content one block may hold.
pub const MAX_DATA_BYTES: usize = 1024 * 1024;

/// What is wrong with an assessment's (normalized) settings: ORA2's checks,
/// then what Lyceum's editor and OLX need besides (a title that can be a
/// display name, ORA2's editor and prompt kinds, dates OLX can write).
/// Repeated problems are named once.
fn ora_problems(settings: &OraSettings) -> Vec<(&'static str, String)> {
    let mut problems: Vec<(&'static str, String)> = ora::config::validate(settings)
        .into_iter()
        .map(|p| (p.field, p.message))
        .collect();
    if let Err(i) = validate::label(&settings.title, "title", 255) {
        problems.push((i.field, i.message));
    }
    if !["text", "html"].contains(&settings.prompts_type.as_str()) {
        problems.push(("prompts_type", "must be text or html".into()));
    }
    if !["text", "tinymce"].contains(&settings.text_response_editor.as_str()) {
        problems.push(("text_response_editor", "must be text or tinymce".into()));
    }
    let writable = |at: &Option<DateTime<Utc>>| {
        at.is_none_or(|at| (1..=9999).contains(&chrono::Datelike::year(&at)))
    };
    let dates = [
        ("submission_start", &settings.submission_start),
        ("submission_due", &settings.submission_due),
    ];
    for (field, at) in dates {
        if !writable(at) {
            problems.push((field, "must be in the years 1 to 9999".into()));
        }
    }
    if !settings
        .steps
        .iter()
        .all(|s| writable(&s.start) && writable(&s.due))
    {
        problems.push(("steps", "dates must be in the years 1 to 9999".into()));
    }
    let mut seen = HashSet::new();
    problems.retain(|p| seen.insert(p.clone()));
    problems
}

/// Makes an assessment block's fields for the element's setting
/// attributes those of its new OLX `xml` (read as the importer reads
/// them), dropping the ones it no longer has, so an export writes the
/// same start tag.
fn set_ora_fields(fields: &mut Map<String, Value>, xml: &str) -> Result<()> {
    for name in ora::serialize::SETTING_ATTRIBUTES {
        fields.remove(*name);
    }
    let doc = roxmltree::Document::parse(xml)
        .map_err(|e| AuthoringError::Internal(anyhow::anyhow!("reading the written OLX: {e}")))?;
    for a in doc.root_element().attributes() {
        if ora::serialize::SETTING_ATTRIBUTES.contains(&a.name()) {
            fields.insert(a.name().to_string(), typed_value(a.name(), a.value()));
        }
    }
    Ok(())
}

/// A course's schedule and details, from its course block's fields.
pub fn details_of(fields: &Map<String, Value>) -> CourseDetails {
    let text = |k: &str| fields.get(k).and_then(Value::as_str).map(str::to_string);
    CourseDetails {
        display_name: text("display_name").unwrap_or_default(),
        start: date_field(fields, "start"),
        end: date_field(fields, "end"),
        enrollment_start: date_field(fields, "enrollment_start"),
        enrollment_end: date_field(fields, "enrollment_end"),
        self_paced: fields
            .get("self_paced")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        language: text("language"),
        short_description: text("short_description"),
        overview: text("overview"),
        card_image: text("course_image"),
    }
}

/// A date field as Open edX writes them: RFC 3339, or without a zone (UTC).
pub fn date_field(fields: &Map<String, Value>, name: &str) -> Option<DateTime<Utc>> {
    let text = fields.get(name)?.as_str()?.trim().trim_matches('"');
    if let Ok(d) = DateTime::parse_from_rfc3339(text) {
        return Some(d.with_timezone(&Utc));
    }
    [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
    ]
    .iter()
    .find_map(|f| chrono::NaiveDateTime::parse_from_str(text, f).ok())
    .map(|d| d.and_utc())
}

/// A course's advanced settings, from its course block's fields.
pub fn advanced_of(f: &Map<String, Value>) -> AdvancedSettings {
    let text = |k: &str, default: &str| {
        f.get(k)
            .and_then(Value::as_str)
            .unwrap_or(default)
            .to_string()
    };
    let flag = |k: &str| f.get(k).and_then(Value::as_bool).unwrap_or(false);
    let count = |k: &str| {
        f.get(k)
            .and_then(Value::as_u64)
            .and_then(|n| u32::try_from(n).ok())
    };
    AdvancedSettings {
        max_attempts: count("max_attempts"),
        showanswer: text("showanswer", "finished"),
        show_reset_button: flag("show_reset_button"),
        rerandomize: text("rerandomize", "never"),
        days_early_for_beta: f
            .get("days_early_for_beta")
            .and_then(Value::as_f64)
            .filter(|d| d.is_finite())
            .map(|d| d.clamp(0.0, 365.0)),
        catalog_visibility: text("catalog_visibility", "both"),
        invitation_only: flag("invitation_only"),
        max_student_enrollments_allowed: count("max_student_enrollments_allowed"),
        graded_content_verified_only: flag("graded_content_verified_only"),
        allow_anonymous: f
            .get("allow_anonymous")
            .and_then(Value::as_bool)
            .unwrap_or(true),
        allow_anonymous_to_peers: flag("allow_anonymous_to_peers"),
        discussion_topics: discussion_topics_of(f),
        discussion_blackouts: discussion_blackouts_of(f),
    }
}

/// The course-wide topics as stored (`{"General": {"id": "course"}}`, as
/// Open edX's policy writes them), in stored order.
pub fn discussion_topics_of(f: &Map<String, Value>) -> Vec<DiscussionTopicSetting> {
    f.get("discussion_topics")
        .and_then(Value::as_object)
        .map(|topics| {
            topics
                .iter()
                .filter_map(|(name, spec)| {
                    Some(DiscussionTopicSetting {
                        id: spec.get("id")?.as_str()?.to_string(),
                        name: name.clone(),
                    })
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The blackout periods as stored (`[[start, end], ...]`, as Open edX's
/// policy writes them); unreadable entries are skipped.
pub fn discussion_blackouts_of(f: &Map<String, Value>) -> Vec<DiscussionBlackout> {
    let date = |v: &Value| {
        v.as_str()
            .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
            .map(|d| d.with_timezone(&Utc))
    };
    f.get("discussion_blackouts")
        .and_then(Value::as_array)
        .map(|periods| {
            periods
                .iter()
                .filter_map(|p| match p.as_array().map(Vec::as_slice) {
                    Some([start, end]) => Some(DiscussionBlackout {
                        start: date(start)?,
                        end: date(end)?,
                    }),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The course block of a draft, for editing course-wide settings.
fn root_block_mut<'a>(structure: &'a mut Structure, course_key: &str) -> Result<&'a mut Block> {
    let root = structure.root.clone();
    find_mut(structure, &root.block_type, &root.block_id).ok_or_else(|| {
        AuthoringError::Internal(anyhow::anyhow!(
            "the draft of {course_key} has no root block"
        ))
    })
}
