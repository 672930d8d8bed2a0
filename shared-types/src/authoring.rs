//! The Studio (authoring) API: course runs, the draft outline, blocks and
//! publishing.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// `POST /api/v1/authoring/courses`: a new course run.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[cfg_attr(feature = "openapi", oai(deny_unknown_fields))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateCourseRequest {
    /// Organization, e.g. `Lyceum`.
    pub org: String,
    /// Course number, e.g. `CS101`.
    pub number: String,
    /// Run, e.g. `2026_T1`.
    pub run: String,
    /// The course title.
    pub display_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enrollment_start: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enrollment_end: Option<DateTime<Utc>>,
    /// Self-paced (true) or instructor-paced (false, the default).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", oai(default))]
    pub self_paced: bool,
    /// Language code, e.g. `en`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short_description: Option<String>,
    /// The about page's overview (HTML).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overview: Option<String>,
    /// Path or URL of the course card image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card_image: Option<String>,
}

/// A course run the user may author.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseSummary {
    /// `course-v1:ORG+NUMBER+RUN`.
    pub course_key: String,
    pub display_name: String,
    pub org: String,
    pub number: String,
    pub run: String,
    /// The draft head version.
    pub draft_version: String,
    /// The published head version, if ever published.
    pub published_version: Option<String>,
    pub updated_at: DateTime<Utc>,
}

/// One page of course runs.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseSummaryPage {
    pub count: u64,
    pub next: Option<String>,
    pub results: Vec<CourseSummary>,
}

/// Where a node of the draft stands against the published course.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Enum))]
#[cfg_attr(feature = "openapi", oai(rename_all = "snake_case"))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PublishState {
    /// Learners have never seen it.
    NeverPublished,
    /// Learners see exactly this.
    Published,
    /// Published, with changes (here or below) learners do not see yet.
    DraftChanges,
}

/// A node of the draft outline.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutlineNode {
    /// The block key, `block-v1:...`.
    pub id: String,
    /// The block type (`chapter`, `sequential`, `vertical`, `html`, ...).
    #[serde(rename = "type")]
    #[cfg_attr(feature = "openapi", oai(rename = "type"))]
    pub type_: String,
    pub display_name: String,
    pub publish_state: PublishState,
    pub children: Vec<OutlineNode>,
}

/// `GET /api/v1/authoring/courses/{course_key}/outline`.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outline {
    pub course_key: String,
    /// The draft version this outline shows; name it as `base_version` when
    /// editing.
    pub version: String,
    pub published_version: Option<String>,
    pub root: OutlineNode,
}

/// A block on the way from the course down to another block.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlockCrumb {
    pub id: String,
    #[serde(rename = "type")]
    #[cfg_attr(feature = "openapi", oai(rename = "type"))]
    pub type_: String,
    pub display_name: String,
}

/// `GET /api/v1/authoring/blocks/{block_key}`: one block of the draft with
/// its settings and content, and its direct children likewise (a unit's
/// components), so a unit page loads in one request.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BlockDetail {
    /// The block key, `block-v1:...`.
    pub id: String,
    #[serde(rename = "type")]
    #[cfg_attr(feature = "openapi", oai(rename = "type"))]
    pub type_: String,
    pub display_name: String,
    pub publish_state: PublishState,
    /// Whether Lyceum runs blocks of this type; others are kept whole (they
    /// round-trip through OLX) and shown as unsupported.
    pub supported: bool,
    /// The block's settings under Open edX's field names (`start`, `due`,
    /// `graded`, `format`, `weight`, `max_attempts`, `showanswer`,
    /// `youtube_id_1_0`, `html5_sources`, `transcripts`, `discussion_id`,
    /// `markdown`, ...), as a JSON object.
    pub fields: serde_json::Value,
    /// The content: HTML body, problem XML, the whole XML of other
    /// components; none for containers.
    pub data: Option<String>,
    /// The course, section, subsection ... above the block, outermost first.
    pub ancestors: Vec<BlockCrumb>,
    /// The direct children with their settings and content (their own
    /// children are not listed: read them by their key).
    pub children: Vec<BlockDetail>,
}

/// The answer to `GET /api/v1/authoring/blocks/{block_key}`.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BlockView {
    /// The draft version it was read from; name it as `base_version` when
    /// editing.
    pub version: String,
    pub published_version: Option<String>,
    pub block: BlockDetail,
}

/// `POST /api/v1/authoring/courses/{course_key}/blocks`: add a block.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[cfg_attr(feature = "openapi", oai(deny_unknown_fields))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateBlockRequest {
    /// The draft version the edit is based on.
    pub base_version: String,
    /// The parent's block key.
    pub parent: String,
    /// `chapter` under the course, `sequential` under a chapter, `vertical`
    /// under a sequential, components (`html`, `problem`, `video`,
    /// `discussion`, `openassessment`) under a vertical.
    #[serde(rename = "type")]
    #[cfg_attr(feature = "openapi", oai(rename = "type"))]
    pub type_: String,
    pub display_name: String,
    /// Position among the parent's children (default: last).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<u32>,
}

/// `PATCH /api/v1/authoring/blocks/{block_key}`: change a block's settings
/// or content; absent fields stay as they are.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[cfg_attr(feature = "openapi", oai(deny_unknown_fields))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateBlockRequest {
    /// The draft version the edit is based on.
    pub base_version: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub graded: Option<bool>,
    /// Assignment type of a graded subsection ("Homework", "Exam", ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visible_to_staff_only: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hide_after_due: Option<bool>,
    /// Subsection: when learners see whether their answers are right:
    /// `always`, `past_due` or `never`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_correctness: Option<String>,
    /// The content: HTML body, problem XML, ...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<String>,
    /// Problem: the content in Open edX's markdown-style problem syntax. The
    /// server converts it to problem XML (which replaces `data`) and keeps
    /// the markdown so the simple editor can open it again. An empty string
    /// drops the markdown (the problem is edited as XML from then on).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub markdown: Option<String>,
    /// Problem: points the problem is worth.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<f64>,
    /// Problem: attempts allowed (0 = unlimited).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_attempts: Option<u32>,
    /// Problem: when the answer may be shown (`always`, `answered`,
    /// `attempted`, `closed`, `finished`, `correct_or_past_due`, `past_due`,
    /// `never`, `after_all_attempts`, `after_all_attempts_or_correct`,
    /// `attempted_no_past_due`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub showanswer: Option<String>,
    /// Problem: whether learners may reset it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_reset_button: Option<bool>,
    /// Problem: `never`, `always`, `onreset` or `per_student`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rerandomize: Option<String>,
    /// Problem: seconds a learner waits between submissions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submission_wait_seconds: Option<u32>,
    /// Problem: with `showanswer` `after_attempts`, the attempts after
    /// which the answer may be shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attempts_before_showanswer_button: Option<u32>,
    /// Video: the YouTube id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub youtube_id: Option<String>,
    /// Video: HTML5 source URLs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub html5_sources: Option<Vec<String>>,
    /// Video: transcripts, language code to the name of an uploaded `.srt`
    /// course file (Open edX's `transcripts`); replaces the whole map.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transcripts: Option<std::collections::BTreeMap<String, String>>,
    /// Discussion: the topic id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discussion_id: Option<String>,
    /// Discussion: the category it is listed under.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discussion_category: Option<String>,
    /// Discussion: the topic's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discussion_target: Option<String>,
}

/// The result of an edit: the new draft version.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlockEdited {
    /// The new draft version; base the next edit on it.
    pub version: String,
    /// The block created or changed.
    pub id: String,
}

/// `POST /api/v1/authoring/courses/{course_key}/publish` and deletions:
/// names the version the action is based on.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[cfg_attr(feature = "openapi", oai(deny_unknown_fields))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BaseVersion {
    pub base_version: String,
}

/// The heads after an action.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseVersions {
    pub draft_version: String,
    pub published_version: Option<String>,
}

/// One version in a course's draft history.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionSummary {
    pub id: String,
    pub parent: Option<String>,
    /// Who made the change (a user id), when known.
    pub author_id: Option<i64>,
    /// What changed.
    pub message: String,
    pub created_at: DateTime<Utc>,
}

/// `GET /api/v1/authoring/courses/{course_key}/versions`: newest first.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionHistory {
    pub results: Vec<VersionSummary>,
}

/// `POST /api/v1/authoring/courses/{course_key}/revert`: make an earlier
/// version the draft again (as a new version, so nothing is lost).
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[cfg_attr(feature = "openapi", oai(deny_unknown_fields))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RevertRequest {
    pub base_version: String,
    /// The earlier draft version to restore.
    pub to_version: String,
}

/// `POST /api/v1/authoring/blocks/{block_key}/move`: reorder or re-parent.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[cfg_attr(feature = "openapi", oai(deny_unknown_fields))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MoveBlockRequest {
    pub base_version: String,
    /// The new parent's block key (the same parent to reorder).
    pub parent: String,
    /// Position among the new parent's children (default: last).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<u32>,
}

/// A member of a course team.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamMember {
    pub user_id: i64,
    pub username: String,
    pub name: String,
    pub email: String,
    pub role: crate::CourseRole,
}

/// `GET /api/v1/authoring/courses/{course_key}/team`.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamList {
    pub results: Vec<TeamMember>,
}

/// `POST /api/v1/authoring/courses/{course_key}/team`: give a user a course role.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[cfg_attr(feature = "openapi", oai(deny_unknown_fields))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AddTeamMemberRequest {
    /// Username or email of an existing user.
    pub user: String,
    pub role: crate::CourseRole,
}

/// One assignment type of the grading policy (Open edX's `GRADER` entry).
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssignmentType {
    /// The name subsections use as their `format` ("Homework").
    #[serde(rename = "type")]
    #[cfg_attr(feature = "openapi", oai(rename = "type"))]
    pub type_: String,
    /// Shown on the progress page ("HW").
    pub short_label: String,
    /// How many assignments of this type the course expects.
    pub min_count: u32,
    /// How many of the lowest scores are dropped.
    pub drop_count: u32,
    /// Share of the course grade, 0–1; the weights sum to 1.
    pub weight: f64,
}

/// A course's grading policy: assignment types and letter-grade cutoffs.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GradingPolicy {
    pub graders: Vec<AssignmentType>,
    /// Grade name to the lowest score (in (0, 1)) that earns it, e.g. `{"Pass": 0.5}`.
    pub grade_cutoffs: std::collections::BTreeMap<String, f64>,
}

/// `PUT /api/v1/authoring/courses/{course_key}/grading-policy`.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[cfg_attr(feature = "openapi", oai(deny_unknown_fields))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateGradingPolicy {
    pub base_version: String,
    pub policy: GradingPolicy,
}

/// `GET /api/v1/authoring/courses/{course_key}/grading-policy`.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GradingPolicyView {
    /// The draft version it was read from.
    pub version: String,
    pub policy: GradingPolicy,
}

/// Schedule and details of a course run.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseDetails {
    pub display_name: String,
    pub start: Option<DateTime<Utc>>,
    pub end: Option<DateTime<Utc>>,
    pub enrollment_start: Option<DateTime<Utc>>,
    pub enrollment_end: Option<DateTime<Utc>>,
    pub self_paced: bool,
    pub language: Option<String>,
    pub short_description: Option<String>,
    pub overview: Option<String>,
    pub card_image: Option<String>,
}

/// `GET /api/v1/authoring/courses/{course_key}/details`.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseDetailsView {
    pub version: String,
    pub details: CourseDetails,
}

/// `PUT /api/v1/authoring/courses/{course_key}/details`: replaces them all.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[cfg_attr(feature = "openapi", oai(deny_unknown_fields))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateCourseDetails {
    pub base_version: String,
    pub details: CourseDetails,
}

/// Advanced settings: course-wide defaults and switches, under Open edX's names.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdvancedSettings {
    /// Default attempts for problems that set none (none = unlimited).
    pub max_attempts: Option<u32>,
    /// Default `showanswer` for problems that set none.
    pub showanswer: String,
    /// Default reset button for problems.
    pub show_reset_button: bool,
    /// Default `rerandomize` for problems.
    pub rerandomize: String,
    /// Days before release that beta testers see content.
    pub days_early_for_beta: Option<f64>,
    /// `both` (catalog and about page), `about` or `none`.
    pub catalog_visibility: String,
    /// Only invited learners may enroll.
    pub invitation_only: bool,
    /// Enrollment cap (none = unlimited).
    pub max_student_enrollments_allowed: Option<u32>,
    /// Graded content only for verified learners: audit learners see it
    /// but cannot submit graded problems (Open edX's content type gating).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", oai(default))]
    pub graded_content_verified_only: bool,
    /// Discussions: anonymous posts allowed.
    pub allow_anonymous: bool,
    /// Discussions: posts anonymous to other learners allowed.
    pub allow_anonymous_to_peers: bool,
    /// Discussions: course-wide topics, in order (none: one "General"
    /// topic with id `course`).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", oai(default))]
    pub discussion_topics: Vec<DiscussionTopicSetting>,
    /// Discussions: periods when learners cannot post.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", oai(default))]
    pub discussion_blackouts: Vec<DiscussionBlackout>,
}

/// A course-wide discussion topic (Open edX's `discussion_topics` entry).
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiscussionTopicSetting {
    /// Stable id threads are filed under; `course` for the default topic.
    pub id: String,
    pub name: String,
}

/// A period when learners cannot post (moderators still can).
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiscussionBlackout {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

/// `GET /api/v1/authoring/courses/{course_key}/advanced-settings`.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdvancedSettingsView {
    pub version: String,
    pub settings: AdvancedSettings,
}

/// `PUT /api/v1/authoring/courses/{course_key}/advanced-settings`.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[cfg_attr(feature = "openapi", oai(deny_unknown_fields))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateAdvancedSettings {
    pub base_version: String,
    pub settings: AdvancedSettings,
}

/// A file uploaded to a course (images, PDFs, transcripts, ...).
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseAsset {
    /// The file name; HTML refers to it as `/static/NAME`.
    pub name: String,
    pub content_type: String,
    pub size: u64,
    pub uploaded_at: DateTime<Utc>,
    /// Where it is served.
    pub url: String,
}

/// `GET /api/v1/authoring/courses/{course_key}/assets`.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseAssetList {
    pub results: Vec<CourseAsset>,
}

/// `POST /api/v1/authoring/courses/{course_key}/rerun`: a new run of a
/// course with the same content (its draft), new dates and no learners.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[cfg_attr(feature = "openapi", oai(deny_unknown_fields))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RerunRequest {
    /// The new run's organization (default: the same).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org: Option<String>,
    /// The new run's number (default: the same).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// The new run, e.g. `2028_T1`.
    pub run: String,
    /// The new run's title (default: the same).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<DateTime<Utc>>,
}

/// `POST /api/v1/authoring/render/markdown`: Markdown to show as HTML.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[cfg_attr(feature = "openapi", oai(deny_unknown_fields))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RenderMarkdownRequest {
    pub markdown: String,
}

/// The HTML of rendered Markdown, sanitized (no scripts, styles or event
/// handlers).
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenderedHtml {
    pub html: String,
}

/// `POST /api/v1/authoring/render/problem`: a problem to preview, in the
/// simple editor's markdown or as capa XML (exactly one of the two).
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[cfg_attr(feature = "openapi", oai(deny_unknown_fields))]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProblemPreviewRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub markdown: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<String>,
}

/// A problem as the learner will see it, with the XML it was built from.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProblemPreview {
    /// The capa XML (converted from the markdown when markdown was sent).
    pub data: String,
    pub problem: crate::RenderedProblem,
}
