//! The learner's side: the catalog, enrollment, courseware.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// How a learner is enrolled (Open edX's course modes).
#[cfg_attr(feature = "openapi", derive(poem_openapi::Enum))]
#[cfg_attr(feature = "openapi", oai(rename_all = "snake_case"))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EnrollmentMode {
    /// Free; graded content may be gated to verified learners.
    Audit,
    Verified,
}

/// Whether a course run is open for enrollment now.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Enum))]
#[cfg_attr(feature = "openapi", oai(rename_all = "snake_case"))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EnrollmentStatus {
    /// Enrollment is open.
    Open,
    /// Enrollment opens later (`enrollment_start`).
    NotYetOpen,
    /// Enrollment has closed (`enrollment_end`).
    Closed,
    /// Every seat is taken.
    Full,
    /// Only invited learners may enroll.
    InvitationOnly,
}

/// A course run in the public catalog.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogCourse {
    pub course_key: String,
    pub display_name: String,
    pub org: String,
    pub number: String,
    pub run: String,
    pub short_description: Option<String>,
    /// Where the course card image is served, if it has one.
    pub card_image_url: Option<String>,
    pub language: Option<String>,
    pub self_paced: bool,
    pub start: Option<DateTime<Utc>>,
    pub end: Option<DateTime<Utc>>,
    pub enrollment_start: Option<DateTime<Utc>>,
    pub enrollment_end: Option<DateTime<Utc>>,
    pub enrollment_status: EnrollmentStatus,
}

/// `GET /api/v1/courses`: the catalog, soonest start first.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogPage {
    pub count: u64,
    pub next: Option<String>,
    pub results: Vec<CatalogCourse>,
}

/// `GET /api/v1/courses/{course_key}`: the about page.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseAbout {
    pub course: CatalogCourse,
    /// The overview, sanitized HTML.
    pub overview: Option<String>,
    /// The signed-in user's enrollment, if any.
    pub enrollment: Option<Enrollment>,
    /// Whether the signed-in user is on the course team (sees the
    /// courseware without enrolling).
    pub is_staff: bool,
}

/// One learner's enrollment.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enrollment {
    pub course_key: String,
    pub mode: EnrollmentMode,
    pub is_active: bool,
    pub created_at: DateTime<Utc>,
}

/// `POST /api/v1/courses/{course_key}/enrollment`.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[cfg_attr(feature = "openapi", oai(deny_unknown_fields))]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnrollRequest {
    /// Only `audit` is open to learners themselves; course staff change
    /// modes on the roster.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<EnrollmentMode>,
}

/// A learner on a course's roster.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterEntry {
    pub user_id: i64,
    pub username: String,
    pub name: String,
    pub email: String,
    pub mode: EnrollmentMode,
    pub enrolled_at: DateTime<Utc>,
}

/// `GET /api/v1/courses/{course_key}/enrollments`: for course staff.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterPage {
    pub count: u64,
    pub next: Option<String>,
    pub results: Vec<RosterEntry>,
}

/// `PUT /api/v1/courses/{course_key}/enrollments/{username}`: course staff
/// change a learner's mode.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[cfg_attr(feature = "openapi", oai(deny_unknown_fields))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangeModeRequest {
    pub mode: EnrollmentMode,
}

/// `GET /api/v1/dashboard`: one of my courses.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DashboardCourse {
    pub course: CatalogCourse,
    pub enrollment: Enrollment,
    /// Share of the course completed, 0–100.
    pub progress_percent: u8,
    /// The next thing due, if any.
    pub next_due: Option<DueItem>,
    /// Where to resume: the last unit visited, or the first one.
    pub resume_block: Option<String>,
}

/// `GET /api/v1/dashboard`.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    pub results: Vec<DashboardCourse>,
}

/// Something with a due date.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DueItem {
    pub id: String,
    pub display_name: String,
    pub due: DateTime<Utc>,
}

/// A block of the learner's outline.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LearnerBlock {
    /// `block-v1:...`.
    pub id: String,
    #[serde(rename = "type")]
    #[cfg_attr(feature = "openapi", oai(rename = "type"))]
    pub type_: String,
    pub display_name: String,
    /// Counts toward the grade (subsections).
    pub graded: bool,
    /// The assignment type of a graded subsection ("Homework").
    pub format: Option<String>,
    pub due: Option<DateTime<Utc>>,
    /// How much of it the learner has completed, 0–1 (rolled up from the
    /// components).
    pub completion: f64,
    /// Only course staff see this block (`visible_to_staff_only`, or not
    /// released yet); learners never receive such blocks.
    pub staff_only: bool,
    pub children: Vec<LearnerBlock>,
}

/// `GET /api/v1/courses/{course_key}/blocks`: the published course as this
/// learner may see it.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CourseBlocks {
    pub course_key: String,
    pub root: LearnerBlock,
    /// The unit to resume at: the last one visited, else the first.
    pub resume_block: Option<String>,
}

/// A component of a unit, ready to show.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Union))]
#[cfg_attr(feature = "openapi", oai(discriminator_name = "type", one_of))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum UnitComponent {
    #[cfg_attr(feature = "openapi", oai(mapping = "html"))]
    Html(HtmlComponent),
    #[cfg_attr(feature = "openapi", oai(mapping = "video"))]
    Video(VideoComponent),
    #[cfg_attr(feature = "openapi", oai(mapping = "problem"))]
    Problem(ProblemComponent),
    #[cfg_attr(feature = "openapi", oai(mapping = "discussion"))]
    Discussion(DiscussionComponent),
    #[cfg_attr(feature = "openapi", oai(mapping = "openassessment"))]
    Openassessment(crate::ora::OraComponent),
    /// Block types Lyceum does not run.
    #[cfg_attr(feature = "openapi", oai(mapping = "other"))]
    Other(OtherComponent),
}

/// HTML text, sanitized, with `/static/` links pointing at the course's files.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HtmlComponent {
    pub id: String,
    pub display_name: String,
    pub html: String,
    pub completion: f64,
}

/// A video: HTML5 sources and/or a YouTube id, with transcripts as WebVTT.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VideoComponent {
    pub id: String,
    pub display_name: String,
    pub sources: Vec<String>,
    pub youtube_id: Option<String>,
    /// Language code to the URL of a WebVTT transcript.
    pub transcripts: std::collections::BTreeMap<String, String>,
    pub completion: f64,
}

/// A problem: its render model and the learner's state.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProblemComponent {
    pub id: String,
    pub display_name: String,
    pub state: ProblemState,
    pub completion: f64,
}

/// An inline discussion.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiscussionComponent {
    pub id: String,
    pub display_name: String,
    pub discussion_id: String,
    pub category: Option<String>,
    pub target: Option<String>,
}

/// A component the learning app shows as a notice.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OtherComponent {
    pub id: String,
    /// The block type (`openassessment`, `lti`, ...).
    pub block_type: String,
    pub display_name: String,
    /// What the learner is told.
    pub message: String,
}

/// `GET /api/v1/courses/{course_key}/units/{usage_key}`: a unit's
/// components, ready to show.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitView {
    pub id: String,
    pub display_name: String,
    pub components: Vec<UnitComponent>,
}

/// How right an answer is.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Enum))]
#[cfg_attr(feature = "openapi", oai(rename_all = "kebab-case"))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Correctness {
    Correct,
    PartiallyCorrect,
    Incorrect,
    /// Answered; how right is not shown yet (the subsection's
    /// `show_correctness` is `never`, or `past_due` before the due date).
    Submitted,
}

/// Feedback on one input after a submission.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputFeedback {
    pub correctness: Correctness,
    /// A hint the author attached to the chosen answer (sanitized HTML).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

/// `GET .../blocks/{usage_key}/problem`: a problem with the learner's state.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProblemState {
    pub id: String,
    pub display_name: String,
    pub problem: crate::RenderedProblem,
    /// The learner's last submitted answers, by input id.
    pub answers: std::collections::BTreeMap<String, crate::ProblemAnswer>,
    /// Feedback on the last submission, by input id.
    pub inputs: std::collections::BTreeMap<String, InputFeedback>,
    pub correctness: Option<Correctness>,
    /// Weighted score of the last submission (none before any).
    pub earned: Option<f64>,
    pub possible: f64,
    pub attempts_used: u32,
    /// None: unlimited.
    pub attempts_allowed: Option<u32>,
    /// Whether the learner may submit now.
    pub can_submit: bool,
    /// Why not, when they may not ("No attempts left", "Past due", ...).
    pub cannot_submit_reason: Option<String>,
    /// Seconds to wait before the next submission.
    pub wait_seconds: u32,
    pub can_reset: bool,
    pub can_show_answer: bool,
    /// Hints the learner may ask for one by one (how many exist).
    pub hint_count: u32,
}

/// `POST .../problem/submissions`.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[cfg_attr(feature = "openapi", oai(deny_unknown_fields))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubmitAnswers {
    pub answers: std::collections::BTreeMap<String, crate::ProblemAnswer>,
}

/// The grade of a submission.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubmissionResult {
    /// `submitted` while correctness is hidden.
    pub correctness: Correctness,
    /// None while correctness is hidden.
    pub earned: Option<f64>,
    pub possible: f64,
    pub inputs: std::collections::BTreeMap<String, InputFeedback>,
    pub attempts_used: u32,
    pub attempts_allowed: Option<u32>,
}

/// `POST .../problem/answer`: the answers, when the policy allows.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProblemAnswers {
    /// The correct answer of each input, by input id.
    pub answers: std::collections::BTreeMap<String, crate::ProblemAnswer>,
    /// The author's explanation, sanitized HTML.
    pub solution: Option<String>,
}

/// `POST .../problem/hint`: the next demand hint.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProblemHint {
    /// 0-based index of this hint.
    pub index: u32,
    pub count: u32,
    /// Sanitized HTML.
    pub html: String,
}

/// `POST /api/v1/courses/{course_key}/completion`: the MFE reports what
/// the learner has done (HTML viewed, 95% of a video watched).
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[cfg_attr(feature = "openapi", oai(deny_unknown_fields))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompletionBatch {
    pub blocks: Vec<BlockCompletion>,
}

/// One block's completion, 0–1.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BlockCompletion {
    pub id: String,
    pub completion: f64,
}

/// A problem's score on the progress page.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProblemScore {
    pub id: String,
    pub display_name: String,
    pub earned: f64,
    pub possible: f64,
}

/// A subsection on the progress page.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubsectionProgress {
    pub id: String,
    pub display_name: String,
    /// The chapter it is in.
    pub section: String,
    pub graded: bool,
    pub format: Option<String>,
    pub due: Option<DateTime<Utc>>,
    pub earned: f64,
    pub possible: f64,
    pub problems: Vec<ProblemScore>,
}

/// One assignment type's standing.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssignmentTypeGrade {
    #[serde(rename = "type")]
    #[cfg_attr(feature = "openapi", oai(rename = "type"))]
    pub type_: String,
    pub short_label: String,
    /// Share of the course grade, 0–1.
    pub weight: f64,
    /// The type's score after drops, 0–1.
    pub percent: f64,
    /// The scores that counted and were dropped, one per expected
    /// assignment (0–1 each).
    pub scores: Vec<f64>,
    pub dropped: u32,
}

/// `GET /api/v1/courses/{course_key}/progress`.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CourseProgress {
    pub course_key: String,
    /// The course grade, 0–1.
    pub percent: f64,
    /// The letter grade earned, none when below every cutoff.
    pub letter_grade: Option<String>,
    pub passed: bool,
    /// The grade cutoffs, grade name to lowest score.
    pub grade_cutoffs: std::collections::BTreeMap<String, f64>,
    pub assignment_types: Vec<AssignmentTypeGrade>,
    pub subsections: Vec<SubsectionProgress>,
    /// Share of the course completed, 0–1.
    pub completion: f64,
}
