//! The learner's view of a published course: the outline filtered for this
//! learner (release dates, staff-only content, beta testers' head start,
//! content hidden after its due date), unit content ready to show,
//! completion, transcripts, progress and the dashboard.
//!
//! Every call reads the course heads, then the caller's course roles and
//! enrollment together in one query; the published version's tree comes
//! from memory after its first build. Learner state is read with one query
//! per kind (the progress page reads scores and completions in one),
//! whatever the course's size.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use serde_json::Value;
use shared_types::{
    CourseBlocks, CourseKey, CourseProgress, CourseRole, Dashboard, DashboardCourse,
    DiscussionComponent, DueItem, HtmlComponent, LearnerBlock, OraComponent, OtherComponent,
    ProblemScore, SubsectionProgress, UnitComponent, UnitView, VideoComponent,
};

use super::assets::AssetService;
use super::authz::{Authz, AuthzError};
use super::catalog::{enrollment_view, rewrite_static, static_url, PublishedCourse};
use super::course_tree::{CourseTree, TreeCache, COMPLETABLE};
use super::grades::{course_grade, SubsectionScore};
use crate::store::accounts::UserRecord;
use crate::store::content::{ContentStore, ContentStoreError};
use crate::store::enrollments::EnrollmentStore;
use crate::store::learner::{LearnerStore, ProblemStateRecord};
use crate::store::StoreError;

/// What courseware calls can fail with.
#[derive(Debug, thiserror::Error)]
pub enum CoursewareError {
    #[error("{0}")]
    NotFound(String),
    /// Not allowed; `code` says why (`not_enrolled`, `forbidden`, ...).
    #[error("{message}")]
    Forbidden { code: &'static str, message: String },
    /// Well-formed but not acceptable; `field` names the culprit.
    #[error("{field} {message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
    /// Not possible in the current state (`no_attempts_left`, ...).
    #[error("{message}")]
    Conflict { code: &'static str, message: String },
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<AuthzError> for CoursewareError {
    fn from(e: AuthzError) -> Self {
        match e {
            AuthzError::Forbidden => CoursewareError::Forbidden {
                code: "forbidden",
                message: "You do not have permission to do this.".into(),
            },
            AuthzError::Internal(e) => CoursewareError::Internal(e),
        }
    }
}

impl From<StoreError> for CoursewareError {
    fn from(e: StoreError) -> Self {
        CoursewareError::Internal(anyhow::anyhow!("{e}"))
    }
}

impl From<ContentStoreError> for CoursewareError {
    fn from(e: ContentStoreError) -> Self {
        CoursewareError::Internal(anyhow::anyhow!("{e}"))
    }
}

pub type Result<T, E = CoursewareError> = std::result::Result<T, E>;

/// How many published versions' trees stay in memory.
const TREE_CACHE: usize = 256;

/// Who is looking at which course, and what they may see.
pub struct Access {
    pub tree: Arc<CourseTree>,
    pub user_id: i64,
    /// Course team (or global staff): sees everything, needs no enrollment.
    pub is_staff: bool,
    /// The user's roles in the course.
    pub roles: Vec<CourseRole>,
    /// Releases count from `now` plus this head start (beta testers).
    pub head_start: Duration,
    /// An audit learner in a course that keeps graded content for
    /// verified learners.
    pub audit_gated: bool,
    pub now: DateTime<Utc>,
}

impl Access {
    /// Whether the block may be shown to this user, and if so whether only
    /// because they are staff.
    pub fn visibility(&self, index: usize) -> Visibility {
        let node = &self.tree.nodes[index];
        let hidden = node.staff_only
            || node.start.is_some_and(|s| s > self.now + self.head_start)
            || (node.hide_after_due
                && !matches!(
                    node.block_type.as_str(),
                    "course" | "chapter" | "sequential"
                )
                && node.due.is_some_and(|d| d < self.now));
        match (hidden, self.is_staff) {
            (false, _) => Visibility::Visible,
            (true, true) => Visibility::StaffOnly,
            (true, false) => Visibility::Hidden,
        }
    }

    /// [`Access::visibility`] of every block, and whether it may be shown
    /// with all its ancestors ([`Access::can_see`]), in one pass over the
    /// tree (parents come before their children).
    pub fn visibilities(&self) -> (Vec<Visibility>, Vec<bool>) {
        let nodes = &self.tree.nodes;
        let own: Vec<Visibility> = (0..nodes.len()).map(|i| self.visibility(i)).collect();
        let mut seen = vec![false; nodes.len()];
        for (i, node) in nodes.iter().enumerate() {
            seen[i] = own[i] != Visibility::Hidden && node.parent.is_none_or(|p| seen[p]);
        }
        (own, seen)
    }

    /// Whether the block and all its ancestors may be shown.
    pub fn can_see(&self, index: usize) -> bool {
        let mut at = Some(index);
        while let Some(i) = at {
            if self.visibility(i) == Visibility::Hidden {
                return false;
            }
            at = self.tree.nodes[i].parent;
        }
        true
    }
}

/// Whether a block is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Visibility {
    Visible,
    /// Shown to staff only (learners do not get it).
    StaffOnly,
    Hidden,
}

/// The courseware service.
pub struct CoursewareService {
    pub(crate) content: Arc<dyn ContentStore>,
    pub(crate) enrollments: Arc<dyn EnrollmentStore>,
    pub(crate) learner: Arc<dyn LearnerStore>,
    pub(crate) authz: Arc<Authz>,
    pub(crate) assets: Arc<AssetService>,
    trees: TreeCache,
    iframe_hosts: Vec<String>,
}

impl CoursewareService {
    pub fn new(
        content: Arc<dyn ContentStore>,
        enrollments: Arc<dyn EnrollmentStore>,
        learner: Arc<dyn LearnerStore>,
        authz: Arc<Authz>,
        assets: Arc<AssetService>,
        iframe_hosts: Vec<String>,
    ) -> Self {
        Self {
            content,
            enrollments,
            learner,
            authz,
            assets,
            trees: TreeCache::new(TREE_CACHE),
            iframe_hosts,
        }
    }

    /// The published tree of a course, built once per version.
    pub async fn tree(&self, course_key: &str) -> Result<Arc<CourseTree>> {
        let not_found = || CoursewareError::NotFound(format!("No course {course_key}."));
        let key: CourseKey = course_key.parse().map_err(|_| not_found())?;
        let heads = self
            .content
            .heads(&key.to_string())
            .await?
            .ok_or_else(not_found)?;
        let version = heads.published.ok_or_else(not_found)?;
        self.tree_of(key, &version).await
    }

    async fn tree_of(&self, key: CourseKey, version: &str) -> Result<Arc<CourseTree>> {
        if let Some(tree) = self.trees.get(version) {
            return Ok(tree);
        }
        let entry = self
            .content
            .version_shared(version)
            .await?
            .ok_or_else(|| CoursewareError::NotFound(format!("No course {key}.")))?;
        let tree = Arc::new(CourseTree::build(key, version.to_string(), &entry.1));
        self.trees.put(tree.clone());
        Ok(tree)
    }

    /// Who may see the course: its team, and enrolled learners.
    pub async fn access(&self, user: &UserRecord, course_key: &str) -> Result<Access> {
        let tree = self.tree(course_key).await?;
        let key = tree.key.to_string();
        // Roles and enrollment in one query.
        let membership = self.enrollments.membership(user.id, &key).await?;
        let roles = membership.roles;
        let is_staff = Authz::is_global_staff(user)
            || roles.iter().any(|r| {
                matches!(
                    r,
                    CourseRole::Instructor | CourseRole::Staff | CourseRole::LimitedStaff
                )
            });
        let mut audit_gated = false;
        if !is_staff {
            let mode = membership
                .active_mode
                .ok_or_else(|| CoursewareError::Forbidden {
                    code: "not_enrolled",
                    message: "Enroll in this course to see its content.".into(),
                })?;
            audit_gated = tree.advanced.graded_content_verified_only
                && mode == shared_types::EnrollmentMode::Audit;
        }
        let head_start = if roles.contains(&CourseRole::BetaTester) {
            tree.advanced
                .days_early_for_beta
                .map(|days| Duration::seconds((days * 86_400.0) as i64))
                .unwrap_or_default()
        } else {
            Duration::zero()
        };
        Ok(Access {
            tree,
            user_id: user.id,
            is_staff,
            roles,
            head_start,
            audit_gated,
            now: Utc::now(),
        })
    }

    /// The learner's outline with completion and where to resume.
    pub async fn blocks(&self, user: &UserRecord, course_key: &str) -> Result<CourseBlocks> {
        let (access, completions, visited) = self.outline_inputs(user, course_key).await?;
        let outline = Outline::new(&access, &completions);
        let root = outline.block(0).ok_or_else(not_released)?;
        Ok(CourseBlocks {
            course_key: access.tree.key.to_string(),
            root,
            resume_block: outline.resume(visited.as_deref()),
        })
    }

    /// [`CoursewareService::blocks`] as its JSON, written straight from the
    /// tree (a 1,000-block outline is never built as values first).
    pub async fn blocks_json(&self, user: &UserRecord, course_key: &str) -> Result<Vec<u8>> {
        let (access, completions, visited) = self.outline_inputs(user, course_key).await?;
        let outline = Outline::new(&access, &completions);
        if !outline.seen[0] {
            return Err(not_released());
        }
        let key = access.tree.key.to_string();
        let resume_block = outline.resume(visited.as_deref());
        let json = OutlineJson {
            course_key: &key,
            root: BlockJson {
                outline: &outline,
                index: 0,
            },
            resume_block: resume_block.as_deref(),
        };
        serde_json::to_vec(&json)
            .map_err(|e| CoursewareError::Internal(anyhow::anyhow!("writing the outline: {e}")))
    }

    /// What the outline is made of: who looks, their completions, the unit
    /// they last visited.
    async fn outline_inputs(
        &self,
        user: &UserRecord,
        course_key: &str,
    ) -> Result<(Access, HashMap<String, f64>, Option<String>)> {
        let access = self.access(user, course_key).await?;
        let key = access.tree.key.to_string();
        let completions = self.learner.completions(user.id, &key).await?;
        let visited = self.learner.last_visited(user.id, &key).await?;
        Ok((access, completions, visited))
    }

    /// A unit's components, ready to show; remembers it as the place to
    /// resume.
    pub async fn unit(
        &self,
        user: &UserRecord,
        course_key: &str,
        usage_key: &str,
    ) -> Result<UnitView> {
        let access = self.access(user, course_key).await?;
        let tree = access.tree.clone();
        let (_, node) = tree
            .get(usage_key)
            .filter(|(i, n)| n.block_type == "vertical" && access.can_see(*i))
            .ok_or_else(|| {
                CoursewareError::NotFound(format!("No unit {usage_key} in this course."))
            })?;
        let key = tree.key.to_string();
        let completions = self.learner.completions(user.id, &key).await?;
        let problems: Vec<usize> = node
            .children
            .iter()
            .copied()
            .filter(|&c| tree.nodes[c].block_type == "problem" && access.can_see(c))
            .collect();
        let mut states: HashMap<String, ProblemStateRecord> = if problems.is_empty() {
            HashMap::new()
        } else {
            self.learner
                .problem_states(user.id, &key)
                .await?
                .into_iter()
                .map(|s| (s.block_key.clone(), s))
                .collect()
        };
        self.keep_variants(&access, &problems, &mut states).await?;
        let mut components = Vec::with_capacity(node.children.len());
        for &child in &node.children {
            if !access.can_see(child) {
                continue;
            }
            let c = &tree.nodes[child];
            let completion = completions.get(&c.id).copied().unwrap_or(0.0);
            components.push(match c.block_type.as_str() {
                "html" => UnitComponent::Html(HtmlComponent {
                    id: c.id.clone(),
                    display_name: c.display_name.clone(),
                    html: self.clean_html(&tree.key, c.data.as_deref().unwrap_or("")),
                    completion,
                }),
                "video" => UnitComponent::Video(video(&tree.key, c, completion)),
                "problem" => UnitComponent::Problem(self.problem_component(
                    &access,
                    child,
                    states.get(&c.id),
                    completion,
                )),
                "discussion" => UnitComponent::Discussion(DiscussionComponent {
                    id: c.id.clone(),
                    display_name: c.display_name.clone(),
                    discussion_id: c
                        .fields
                        .get("discussion_id")
                        .and_then(Value::as_str)
                        .map_or_else(|| c.id.clone(), str::to_string),
                    category: text(&c.fields, "discussion_category"),
                    target: text(&c.fields, "discussion_target"),
                }),
                "openassessment" => UnitComponent::Openassessment(OraComponent {
                    id: c.id.clone(),
                    display_name: c.display_name.clone(),
                    completion,
                }),
                other => UnitComponent::Other(OtherComponent {
                    id: c.id.clone(),
                    block_type: other.to_string(),
                    display_name: c.display_name.clone(),
                    message: format!("This component ({other}) is not supported by Lyceum."),
                }),
            });
        }
        self.learner
            .record_visit(user.id, &key, usage_key, access.now)
            .await?;
        Ok(UnitView {
            id: node.id.clone(),
            display_name: node.display_name.clone(),
            components,
        })
    }

    /// Records what the learning app reports the learner has done (HTML
    /// read, video watched); problems complete when submitted.
    pub async fn record_completion(
        &self,
        user: &UserRecord,
        course_key: &str,
        items: &[(String, f64)],
    ) -> Result<()> {
        if items.len() > 500 {
            return Err(CoursewareError::Invalid {
                field: "blocks",
                message: "may hold at most 500 blocks".into(),
            });
        }
        let access = self.access(user, course_key).await?;
        let mut accepted = Vec::with_capacity(items.len());
        for (id, value) in items {
            let Some((index, node)) = access.tree.get(id) else {
                return Err(CoursewareError::Invalid {
                    field: "blocks",
                    message: format!("{id} is not a block of this course"),
                });
            };
            if !matches!(node.block_type.as_str(), "html" | "video") || !access.can_see(index) {
                return Err(CoursewareError::Invalid {
                    field: "blocks",
                    message: format!("{id} is not completed by viewing"),
                });
            }
            if !(0.0..=1.0).contains(value) {
                return Err(CoursewareError::Invalid {
                    field: "completion",
                    message: "must be between 0 and 1".into(),
                });
            }
            accepted.push((id.clone(), *value));
        }
        self.learner
            .record_completions(user.id, &access.tree.key.to_string(), &accepted, access.now)
            .await?;
        Ok(())
    }

    /// A video transcript as WebVTT, converted from the course's SRT file.
    pub async fn transcript(
        &self,
        user: &UserRecord,
        course_key: &str,
        name: &str,
    ) -> Result<String> {
        let access = self.access(user, course_key).await?;
        let not_found = || CoursewareError::NotFound(format!("No transcript {name}."));
        // Only files some visible video names as its transcript.
        let named = access.tree.nodes.iter().enumerate().any(|(i, n)| {
            n.block_type == "video"
                && n.fields
                    .get("transcripts")
                    .and_then(Value::as_object)
                    .is_some_and(|t| t.values().any(|v| v.as_str() == Some(name)))
                && access.can_see(i)
        });
        if !named {
            return Err(not_found());
        }
        let (bytes, _) = self
            .assets
            .read(&access.tree.key.to_string(), name)
            .await
            .map_err(|e| CoursewareError::Internal(anyhow::anyhow!("reading a transcript: {e}")))?
            .ok_or_else(not_found)?;
        Ok(srt_to_vtt(&String::from_utf8_lossy(&bytes)))
    }

    /// Grades and progress: assignment types against the cutoffs, every
    /// subsection with its problem scores, completion.
    pub async fn progress(&self, user: &UserRecord, course_key: &str) -> Result<CourseProgress> {
        let access = self.access(user, course_key).await?;
        let tree = &access.tree;
        let key = tree.key.to_string();
        let (states, completions) = self.learner.scores_and_completions(user.id, &key).await?;
        let outline = Outline::new(&access, &completions);
        let mut subsections = Vec::new();
        for (index, node) in tree.nodes.iter().enumerate() {
            if node.block_type != "sequential" || !outline.seen[index] {
                continue;
            }
            let show_scores = super::problems::correctness_visible(&access, index);
            let problems: Vec<ProblemScore> = tree
                .problems_under(index)
                .into_iter()
                .filter(|&p| outline.seen[p])
                .map(|p| {
                    let problem = &tree.nodes[p];
                    ProblemScore {
                        id: problem.id.clone(),
                        display_name: problem.display_name.clone(),
                        earned: if show_scores {
                            states.get(&problem.id).copied().unwrap_or(0.0)
                        } else {
                            0.0
                        },
                        possible: problem.possible,
                    }
                })
                .collect();
            let section = node
                .parent
                .map(|p| tree.nodes[p].display_name.clone())
                .unwrap_or_default();
            subsections.push(SubsectionProgress {
                id: node.id.clone(),
                display_name: node.display_name.clone(),
                section,
                graded: node.graded,
                format: node.format.clone(),
                due: node.due,
                earned: problems.iter().map(|p| p.earned).sum(),
                possible: problems.iter().map(|p| p.possible).sum(),
                problems,
            });
        }
        // The grade shown counts what the learner may see: problems they
        // can see, and scores of subsections whose correctness is shown
        // (others count as not yet scored, so the grade reveals nothing):
        // the graded subsections' sums above.
        let scores: Vec<SubsectionScore<'_>> = subsections
            .iter()
            .filter(|s| s.graded)
            .filter_map(|s| {
                Some(SubsectionScore {
                    format: s.format.as_deref()?,
                    earned: s.earned,
                    possible: s.possible,
                })
            })
            .collect();
        let grade = course_grade(&tree.grading, &scores);
        Ok(CourseProgress {
            course_key: key,
            percent: grade.percent,
            letter_grade: grade.letter_grade,
            passed: grade.passed,
            grade_cutoffs: tree.grading.grade_cutoffs.clone(),
            assignment_types: grade.assignment_types,
            subsections,
            completion: outline.course_completion(),
        })
    }

    /// [`CoursewareService::progress`] as its JSON.
    pub async fn progress_json(&self, user: &UserRecord, course_key: &str) -> Result<Vec<u8>> {
        let progress = self.progress(user, course_key).await?;
        serde_json::to_vec(&ProgressJson(&progress))
            .map_err(|e| CoursewareError::Internal(anyhow::anyhow!("writing progress: {e}")))
    }

    /// The learner's courses with progress, the next due date and where
    /// to resume.
    pub async fn dashboard(&self, user: &UserRecord) -> Result<Dashboard> {
        let enrollments = self.enrollments.enrollments_of(user.id).await?;
        if enrollments.is_empty() {
            return Ok(Dashboard { results: vec![] });
        }
        let heads: HashMap<String, String> = self
            .content
            .list_courses()
            .await?
            .into_iter()
            .filter_map(|h| Some((h.course_key, h.published?)))
            .collect();
        let keys: Vec<String> = enrollments.iter().map(|e| e.course_key.clone()).collect();
        let completions = self.learner.completions_in(user.id, &keys).await?;
        let visits = self.learner.visits_of(user.id).await?;
        let roles: Vec<(String, CourseRole)> = self.authz.all_course_roles(user).await?;
        let empty = HashMap::new();
        let mut results = Vec::with_capacity(enrollments.len());
        for e in &enrollments {
            let Some(version) = heads.get(&e.course_key) else {
                continue;
            };
            let Ok(key) = e.course_key.parse::<CourseKey>() else {
                continue;
            };
            let tree = self.tree_of(key, version).await?;
            let mine: Vec<CourseRole> = roles
                .iter()
                .filter(|(k, _)| *k == e.course_key)
                .map(|(_, r)| *r)
                .collect();
            let access = Access {
                is_staff: Authz::is_global_staff(user)
                    || mine.iter().any(|r| {
                        matches!(
                            r,
                            CourseRole::Instructor | CourseRole::Staff | CourseRole::LimitedStaff
                        )
                    }),
                roles: mine,
                head_start: Duration::zero(),
                audit_gated: false,
                now: Utc::now(),
                user_id: user.id,
                tree: tree.clone(),
            };
            let done = completions.get(&e.course_key).unwrap_or(&empty);
            let course = PublishedCourse {
                key: tree.key.clone(),
                details: tree.details.clone(),
                advanced: tree.advanced.clone(),
            };
            results.push(DashboardCourse {
                course: course.card(course.enrollment_status(access.now, 0)),
                enrollment: enrollment_view(e),
                progress_percent: (course_completion(&access, done) * 100.0).round() as u8,
                next_due: next_due(&access),
                resume_block: resume(&access, visits.get(&e.course_key).map(String::as_str)),
            });
        }
        Ok(Dashboard { results })
    }

    /// Every stored attempt of a learner at a problem (for staff tools and
    /// tests; the learner sees the latest in the problem's state).
    pub async fn learner_attempts(
        &self,
        user: &UserRecord,
        course_key: &str,
        usage_key: &str,
    ) -> Result<Vec<crate::store::learner::AttemptRecord>> {
        Ok(self
            .learner
            .attempts(user.id, course_key, usage_key)
            .await?)
    }

    /// A learner's stored subsection grades.
    pub async fn learner_subsection_grades(
        &self,
        user_id: i64,
        course_key: &str,
    ) -> Result<Vec<crate::store::learner::SubsectionGradeRecord>> {
        Ok(self.learner.subsection_grades(user_id, course_key).await?)
    }

    /// HTML for learners: an allow-list (no scripts, styles or event
    /// handlers; iframes only from the configured hosts), `/static/` links
    /// pointing at the course's files.
    pub fn clean_html(&self, key: &CourseKey, html: &str) -> String {
        let hosts = self.iframe_hosts.clone();
        let mut builder = ammonia::Builder::default();
        builder
            .add_tags([
                "iframe",
                "figure",
                "figcaption",
                "video",
                "audio",
                "source",
                "track",
            ])
            .add_generic_attributes(["class", "id"])
            .id_prefix(Some("content-"))
            .add_tag_attributes(
                "iframe",
                ["src", "width", "height", "title", "allowfullscreen"],
            )
            .add_tag_attributes("video", ["src", "controls", "width", "height", "poster"])
            .add_tag_attributes("audio", ["src", "controls"])
            .add_tag_attributes("source", ["src", "type"])
            .add_tag_attributes("track", ["src", "kind", "srclang", "label", "default"])
            .attribute_filter(move |element, attribute, value| {
                if element == "iframe" && attribute == "src" {
                    let allowed = url_host(value).is_some_and(|h| hosts.iter().any(|a| a == h));
                    return allowed.then(|| value.into());
                }
                Some(value.into())
            });
        let cleaned = builder.clean(html).to_string();
        // An iframe whose source was refused is dropped altogether.
        let cleaned = drop_sourceless_iframes(&cleaned);
        rewrite_static(key, &cleaned)
    }
}

/// The host of an absolute `http(s)` URL (or a protocol-relative one);
/// none for URLs with credentials (`https://a@b/`), which hide their host.
fn url_host(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .or_else(|| url.strip_prefix("//"))?;
    let authority = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
    if authority.contains('@') || authority.contains('\\') {
        return None;
    }
    let host = &authority[..authority.find(':').unwrap_or(authority.len())];
    (!host.is_empty()).then_some(host)
}

fn drop_sourceless_iframes(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<iframe") {
        let Some(open_end) = rest[start..].find('>') else {
            break;
        };
        let open = &rest[start..start + open_end + 1];
        out.push_str(&rest[..start]);
        if open.contains(" src=") {
            out.push_str(open);
            rest = &rest[start + open_end + 1..];
        } else {
            let after = &rest[start + open_end + 1..];
            rest = match after.find("</iframe>") {
                Some(close) => &after[close + "</iframe>".len()..],
                None => after,
            };
        }
    }
    out.push_str(rest);
    out
}

fn text(fields: &serde_json::Map<String, Value>, key: &str) -> Option<String> {
    fields
        .get(key)
        .and_then(Value::as_str)
        .map(str::to_string)
        .filter(|s| !s.is_empty())
}

fn not_released() -> CoursewareError {
    CoursewareError::Forbidden {
        code: "not_released",
        message: "This course has not started yet.".into(),
    }
}

/// One learner's outline, worked out once per request: each block's own
/// visibility, whether it is shown (it and its ancestors visible), and the
/// stored completion of each block.
struct Outline<'a> {
    access: &'a Access,
    own: Vec<Visibility>,
    seen: Vec<bool>,
    completable: Vec<bool>,
    /// Stored completion (0 when none).
    done: Vec<f64>,
}

impl<'a> Outline<'a> {
    fn new(access: &'a Access, completions: &HashMap<String, f64>) -> Self {
        let tree = &access.tree;
        let (own, seen) = access.visibilities();
        let completable = tree
            .nodes
            .iter()
            .map(|n| COMPLETABLE.contains(&n.block_type.as_str()))
            .collect();
        let mut done = vec![0.0; tree.nodes.len()];
        for (id, value) in completions {
            if let Some(&i) = tree.by_id.get(id) {
                done[i] = *value;
            }
        }
        Outline {
            access,
            own,
            seen,
            completable,
            done,
        }
    }

    /// A block's completion: its own for completable blocks, else the
    /// share of its visible completable leaves done (all done when none),
    /// summed in the order [`leaf_completion`] sums them.
    fn completion(&self, index: usize) -> f64 {
        if self.completable[index] {
            return self.done[index];
        }
        let (done, count) = self.leaves(index);
        if count == 0 {
            1.0
        } else {
            done / count as f64
        }
    }

    /// Completion summed over the visible completable leaves under
    /// `index`, and how many there are ([`leaf_completion`]).
    fn leaves(&self, index: usize) -> (f64, usize) {
        let mut done = 0.0;
        let mut count = 0;
        let mut todo = vec![index];
        while let Some(i) = todo.pop() {
            if self.own[i] == Visibility::Hidden {
                continue;
            }
            if self.completable[i] {
                done += self.done[i];
                count += 1;
            } else {
                todo.extend(&self.access.tree.nodes[i].children);
            }
        }
        (done, count)
    }

    /// The share of the course done, 0–1 ([`course_completion`]).
    fn course_completion(&self) -> f64 {
        let (done, count) = self.leaves(0);
        if count == 0 {
            0.0
        } else {
            done / count as f64
        }
    }

    /// The outline block of `index` and its visible subtree; none when
    /// hidden.
    fn block(&self, index: usize) -> Option<LearnerBlock> {
        if !self.seen[index] {
            return None;
        }
        let node = &self.access.tree.nodes[index];
        Some(LearnerBlock {
            id: node.id.clone(),
            type_: node.block_type.clone(),
            display_name: node.display_name.clone(),
            graded: node.graded,
            format: node.format.clone(),
            due: node.due,
            completion: self.completion(index),
            staff_only: self.own[index] == Visibility::StaffOnly,
            children: node
                .children
                .iter()
                .filter_map(|&c| self.block(c))
                .collect(),
        })
    }

    /// [`resume`], with visibility worked out already.
    fn resume(&self, visited: Option<&str>) -> Option<String> {
        let tree = &self.access.tree;
        if let Some((i, node)) = visited.and_then(|v| tree.get(v)) {
            if node.block_type == "vertical" && self.seen[i] {
                return Some(node.id.clone());
            }
        }
        tree.nodes
            .iter()
            .enumerate()
            .find(|(i, n)| n.block_type == "vertical" && self.seen[*i])
            .map(|(_, n)| n.id.clone())
    }
}

/// A date as the API's JSON writes it (RFC 3339 with an offset).
fn json_date(date: Option<DateTime<Utc>>) -> Option<String> {
    date.map(|d| d.to_rfc3339())
}

/// The JSON of [`CourseBlocks`], field for field as the typed answer
/// writes it.
#[derive(serde::Serialize)]
struct OutlineJson<'a> {
    course_key: &'a str,
    root: BlockJson<'a>,
    resume_block: Option<&'a str>,
}

/// The JSON of one [`LearnerBlock`] with its visible subtree.
struct BlockJson<'a> {
    outline: &'a Outline<'a>,
    index: usize,
}

impl serde::Serialize for BlockJson<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::{SerializeSeq, SerializeStruct};
        struct Children<'a>(&'a BlockJson<'a>);
        impl serde::Serialize for Children<'_> {
            fn serialize<S: serde::Serializer>(
                &self,
                s: S,
            ) -> std::result::Result<S::Ok, S::Error> {
                let outline = self.0.outline;
                let mut seq = s.serialize_seq(None)?;
                for &index in &outline.access.tree.nodes[self.0.index].children {
                    if outline.seen[index] {
                        seq.serialize_element(&BlockJson { outline, index })?;
                    }
                }
                seq.end()
            }
        }
        let (outline, index) = (self.outline, self.index);
        let node = &outline.access.tree.nodes[index];
        let mut b = s.serialize_struct("LearnerBlock", 9)?;
        b.serialize_field("id", &node.id)?;
        b.serialize_field("type", &node.block_type)?;
        b.serialize_field("display_name", &node.display_name)?;
        b.serialize_field("graded", &node.graded)?;
        b.serialize_field("format", &node.format)?;
        b.serialize_field("due", &json_date(node.due))?;
        b.serialize_field("completion", &outline.completion(index))?;
        b.serialize_field("staff_only", &(outline.own[index] == Visibility::StaffOnly))?;
        b.serialize_field("children", &Children(self))?;
        b.end()
    }
}

/// Completion summed over the visible completable leaves under `index`,
/// and how many there are.
fn leaf_completion(
    access: &Access,
    index: usize,
    completions: &HashMap<String, f64>,
) -> (f64, usize) {
    let mut done = 0.0;
    let mut count = 0;
    let mut todo = vec![index];
    while let Some(i) = todo.pop() {
        if access.visibility(i) == Visibility::Hidden {
            continue;
        }
        let node = &access.tree.nodes[i];
        if COMPLETABLE.contains(&node.block_type.as_str()) {
            done += completions.get(&node.id).copied().unwrap_or(0.0);
            count += 1;
        } else {
            todo.extend(&node.children);
        }
    }
    (done, count)
}

/// The share of the course done, 0–1.
fn course_completion(access: &Access, completions: &HashMap<String, f64>) -> f64 {
    let (done, count) = leaf_completion(access, 0, completions);
    if count == 0 {
        0.0
    } else {
        done / count as f64
    }
}

/// The unit to resume at: the last visited if still visible, else the
/// first visible unit.
fn resume(access: &Access, visited: Option<&str>) -> Option<String> {
    if let Some((i, node)) = visited.and_then(|v| access.tree.get(v)) {
        if node.block_type == "vertical" && access.can_see(i) {
            return Some(node.id.clone());
        }
    }
    access
        .tree
        .nodes
        .iter()
        .enumerate()
        .find(|(i, n)| n.block_type == "vertical" && access.can_see(*i))
        .map(|(_, n)| n.id.clone())
}

/// The next visible subsection due from now.
fn next_due(access: &Access) -> Option<DueItem> {
    access
        .tree
        .nodes
        .iter()
        .enumerate()
        .filter(|(i, n)| n.block_type == "sequential" && access.can_see(*i))
        .filter_map(|(_, n)| Some((n.due.filter(|d| *d > access.now)?, n)))
        .min_by_key(|(due, _)| *due)
        .map(|(due, n)| DueItem {
            id: n.id.clone(),
            display_name: n.display_name.clone(),
            due,
        })
}

/// The JSON of [`CourseProgress`], field for field as the typed answer
/// writes it (its parts without dates have the same serde form).
struct ProgressJson<'a>(&'a CourseProgress);

impl serde::Serialize for ProgressJson<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::{SerializeSeq, SerializeStruct};
        struct Subsections<'a>(&'a [SubsectionProgress]);
        impl serde::Serialize for Subsections<'_> {
            fn serialize<S: serde::Serializer>(
                &self,
                s: S,
            ) -> std::result::Result<S::Ok, S::Error> {
                let mut seq = s.serialize_seq(Some(self.0.len()))?;
                for sub in self.0 {
                    seq.serialize_element(&SubsectionJson(sub))?;
                }
                seq.end()
            }
        }
        let p = self.0;
        let mut out = s.serialize_struct("CourseProgress", 8)?;
        out.serialize_field("course_key", &p.course_key)?;
        out.serialize_field("percent", &p.percent)?;
        out.serialize_field("letter_grade", &p.letter_grade)?;
        out.serialize_field("passed", &p.passed)?;
        out.serialize_field("grade_cutoffs", &p.grade_cutoffs)?;
        out.serialize_field("assignment_types", &p.assignment_types)?;
        out.serialize_field("subsections", &Subsections(&p.subsections))?;
        out.serialize_field("completion", &p.completion)?;
        out.end()
    }
}

/// The JSON of one [`SubsectionProgress`].
struct SubsectionJson<'a>(&'a SubsectionProgress);

impl serde::Serialize for SubsectionJson<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let p = self.0;
        let mut out = s.serialize_struct("SubsectionProgress", 9)?;
        out.serialize_field("id", &p.id)?;
        out.serialize_field("display_name", &p.display_name)?;
        out.serialize_field("section", &p.section)?;
        out.serialize_field("graded", &p.graded)?;
        out.serialize_field("format", &p.format)?;
        out.serialize_field("due", &json_date(p.due))?;
        out.serialize_field("earned", &p.earned)?;
        out.serialize_field("possible", &p.possible)?;
        out.serialize_field("problems", &p.problems)?;
        out.end()
    }
}

/// A video's sources, YouTube id and transcript URLs.
fn video(key: &CourseKey, node: &super::course_tree::Node, completion: f64) -> VideoComponent {
    let f = &node.fields;
    let sources = f
        .get("html5_sources")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .filter(|s| !s.trim().is_empty())
                .map(|s| static_url(key, s))
                .collect()
        })
        .unwrap_or_default();
    let youtube_id = text(f, "youtube_id_1_0").or_else(|| text(f, "youtube"));
    let transcripts: BTreeMap<String, String> = f
        .get("transcripts")
        .and_then(Value::as_object)
        .map(|t| {
            t.iter()
                .filter_map(|(lang, file)| {
                    let file = file.as_str()?;
                    Some((
                        lang.clone(),
                        format!("/api/v1/courses/{key}/transcripts/{}", percent_encode(file)),
                    ))
                })
                .collect()
        })
        .unwrap_or_default();
    VideoComponent {
        id: node.id.clone(),
        display_name: node.display_name.clone(),
        sources,
        youtube_id: youtube_id.map(|y| y.rsplit(':').next().unwrap_or(&y).to_string()),
        transcripts,
        completion,
    }
}

fn percent_encode(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// SubRip to WebVTT: a header, and `,` before milliseconds becomes `.`.
pub fn srt_to_vtt(srt: &str) -> String {
    let mut out = String::with_capacity(srt.len() + 8);
    out.push_str("WEBVTT\n\n");
    for line in srt.trim_start_matches('\u{feff}').lines() {
        if line.contains("-->") {
            out.push_str(&line.replace(',', "."));
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn srt_becomes_webvtt() {
        let vtt = srt_to_vtt("1\n00:00:01,500 --> 00:00:03,000\nHello, world.\n");
        assert_eq!(
            vtt,
            "WEBVTT\n\n1\n00:00:01.500 --> 00:00:03.000\nHello, world.\n"
        );
    }

    #[test]
    fn iframe_hosts_come_from_the_url() {
        assert_eq!(
            url_host("https://www.youtube.com/embed/x"),
            Some("www.youtube.com")
        );
        assert_eq!(
            url_host("//player.vimeo.com/video/1"),
            Some("player.vimeo.com")
        );
        assert_eq!(
            url_host("https://evil.example:8080/x"),
            Some("evil.example")
        );
        assert_eq!(url_host("javascript:alert(1)"), None);
        assert_eq!(url_host("https://www.youtube.com:1@evil.example/x"), None);
        assert_eq!(url_host("https://"), None);
    }
}
