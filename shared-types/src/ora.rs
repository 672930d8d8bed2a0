//! Open response assessment (Open edX's ORA2): the settings of an
//! `openassessment` block as the authoring MFE edits them and the learning
//! MFE shows them. Field names and defaults follow ORA2's OLX.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Whether a part of the response is asked for.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Enum))]
#[cfg_attr(feature = "openapi", oai(rename_all = "snake_case"))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Necessity {
    Required,
    Optional,
    /// Not asked for.
    #[default]
    None,
}

/// Which files a learner may upload.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Enum))]
#[cfg_attr(feature = "openapi", oai(rename_all = "kebab-case"))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FileUploadType {
    /// GIF, JPEG and PNG images.
    Image,
    /// PDF files and images.
    PdfAndImage,
    /// The extensions in `white_listed_file_types`.
    Custom,
}

/// How several peer assessments of one criterion become one score.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Enum))]
#[cfg_attr(feature = "openapi", oai(rename_all = "snake_case"))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GradingStrategy {
    /// The middle value; between two middle values, their mean rounded up.
    #[default]
    Median,
    /// The mean, rounded up.
    Mean,
}

/// Whether a rubric criterion asks graders for written feedback.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Enum))]
#[cfg_attr(feature = "openapi", oai(rename_all = "snake_case"))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CriterionFeedback {
    #[default]
    Disabled,
    Optional,
    Required,
}

/// One level of a rubric criterion.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RubricOption {
    pub name: String,
    pub label: String,
    pub points: u32,
    pub explanation: String,
}

/// One criterion of a rubric, with its options in order.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RubricCriterion {
    pub name: String,
    pub label: String,
    pub prompt: String,
    pub feedback: CriterionFeedback,
    /// None: a feedback-only criterion (its feedback is then required).
    pub options: Vec<RubricOption>,
}

/// The rubric graders use.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rubric {
    pub criteria: Vec<RubricCriterion>,
    /// The question above the overall feedback box.
    pub feedback_prompt: Option<String>,
    /// The text the overall feedback box starts with.
    pub feedback_default_text: Option<String>,
}

/// The steps of an assessment, as ORA2 names them.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Enum))]
#[cfg_attr(feature = "openapi", oai(rename_all = "kebab-case"))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StepKind {
    StudentTraining,
    PeerAssessment,
    SelfAssessment,
    StaffAssessment,
}

/// A practice response for student training with the options staff chose.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrainingExample {
    /// The response, one text per prompt.
    pub answer: Vec<String>,
    /// `(criterion, option)` pairs.
    pub options_selected: Vec<SelectedOption>,
}

/// A criterion's chosen option.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SelectedOption {
    pub criterion: String,
    pub option: String,
}

/// One assessment step with its settings (those of other kinds are left
/// at their defaults).
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssessmentStep {
    pub kind: StepKind,
    pub start: Option<DateTime<Utc>>,
    pub due: Option<DateTime<Utc>>,
    /// Peer: how many responses each learner grades.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", oai(default))]
    pub must_grade: u32,
    /// Peer: how many grades each response needs.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", oai(default))]
    pub must_be_graded_by: u32,
    /// Peer: after 7 days, 30% of `must_be_graded_by` (at least one) do.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", oai(default))]
    pub enable_flexible_grading: bool,
    /// Peer.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", oai(default))]
    pub grading_strategy: GradingStrategy,
    /// Staff: learners wait for a staff grade.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", oai(default))]
    pub required: bool,
    /// Student training.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", oai(default))]
    pub examples: Vec<TrainingExample>,
}

/// Everything an `openassessment` block is set up with.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OraSettings {
    pub title: String,
    /// The prompts' text (HTML when `prompts_type` is `html`).
    pub prompts: Vec<String>,
    /// `text` or `html`.
    pub prompts_type: String,
    pub text_response: Necessity,
    /// `text` or `tinymce`.
    pub text_response_editor: String,
    pub file_upload_response: Necessity,
    pub file_upload_type: Option<FileUploadType>,
    /// Extensions (lowercase, no dot) for the `custom` upload type.
    pub white_listed_file_types: Vec<String>,
    pub allow_multiple_files: bool,
    pub allow_latex: bool,
    pub show_rubric_during_response: bool,
    /// How many top responses are shown to learners after grading (0–100).
    pub leaderboard_show: u32,
    pub submission_start: Option<DateTime<Utc>>,
    pub submission_due: Option<DateTime<Utc>>,
    pub rubric: Rubric,
    /// The steps in the order learners take them.
    pub steps: Vec<AssessmentStep>,
}

// ---------------------------------------------------------------------
// The learner's and the course team's views of one assessment.
// ---------------------------------------------------------------------

/// Where a learner is in an assessment, as ORA2's workflow names it.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Enum))]
#[cfg_attr(feature = "openapi", oai(rename_all = "snake_case"))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OraStatus {
    /// Writing the response (nothing submitted, or the last submission was
    /// cancelled).
    Response,
    /// Practising on the example responses.
    Training,
    /// Assessing peers' responses.
    Peer,
    /// Assessing one's own response.
    #[serde(rename = "self")]
    #[cfg_attr(feature = "openapi", oai(rename = "self"))]
    SelfAssessment,
    /// Every step done; waiting for peers' or staff's grades.
    Waiting,
    /// The grade is ready.
    Done,
}

/// One step's state for the learner.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Enum))]
#[cfg_attr(feature = "openapi", oai(rename_all = "snake_case"))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OraStepState {
    /// Before its start date.
    NotOpen,
    /// Open; the learner's turn (or may do it now).
    Open,
    /// Done by the learner.
    Done,
    /// Past its due date without being done.
    Closed,
    /// Waiting for an earlier step.
    Later,
}

/// The response step or an assessment step, with its dates and state.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OraStepProgress {
    /// `submission`, or a [`StepKind`]'s name (`peer-assessment`, ...).
    pub step: String,
    pub state: OraStepState,
    pub start: Option<DateTime<Utc>>,
    pub due: Option<DateTime<Utc>>,
}

/// A file of a response.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OraFile {
    /// Names the file in drafts and submissions.
    pub id: String,
    pub name: String,
    pub content_type: String,
    pub size: u64,
    /// What the learner says the file is.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", oai(default))]
    pub description: String,
    /// Where the file can be downloaded (by its owner, its graders and
    /// the course team).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", oai(default))]
    pub url: String,
}

/// A response: one text per prompt, and files.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OraResponse {
    #[serde(default)]
    #[cfg_attr(feature = "openapi", oai(default))]
    pub text: Vec<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", oai(default))]
    pub files: Vec<OraFile>,
}

/// A saved draft.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OraDraft {
    pub response: OraResponse,
    pub saved_at: DateTime<Utc>,
}

/// A submitted response.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OraSubmission {
    pub uuid: String,
    /// 1, then one more after each cancellation.
    pub attempt: u32,
    pub submitted_at: DateTime<Utc>,
    pub response: OraResponse,
}

/// Why the course team cancelled the learner's last submission.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OraCancellation {
    pub reason: String,
    pub cancelled_at: DateTime<Utc>,
}

/// A grader's choice for one criterion.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OraCriterionAnswer {
    /// The criterion's `name`.
    pub criterion: String,
    /// The option's `name`; none for a feedback-only criterion.
    pub option: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", oai(default))]
    pub feedback: String,
}

/// An assessment to submit: an option (and feedback where the rubric asks
/// for it) per criterion, and overall feedback.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OraAssessmentInput {
    pub criteria: Vec<OraCriterionAnswer>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", oai(default))]
    pub feedback: String,
}

/// A peer assessment of the response in `submission`.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OraPeerAssessmentInput {
    /// The submission's uuid (from the peer task).
    pub submission: String,
    pub criteria: Vec<OraCriterionAnswer>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", oai(default))]
    pub feedback: String,
}

/// A recorded assessment as its reader may see it.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OraAssessment {
    /// `peer`, `self`, `staff` or `training`.
    pub kind: String,
    /// The grader's username; peers stay anonymous to learners (none).
    pub grader: Option<String>,
    pub criteria: Vec<OraCriterionAnswer>,
    pub feedback: String,
    pub points_earned: u32,
    pub points_possible: u32,
    pub created_at: DateTime<Utc>,
}

/// One criterion of a grade.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OraCriterionGrade {
    pub name: String,
    pub label: String,
    /// Points counted for the criterion (median or mean of peers, or the
    /// staff or self grade).
    pub earned: u32,
    pub possible: u32,
    /// The option of the counted grade when one grade counts (staff or
    /// self); for peers, each peer's option label in `peer_options`.
    pub option_label: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", oai(default))]
    pub peer_options: Vec<String>,
    /// Written feedback on the criterion from every grader.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", oai(default))]
    pub feedback: Vec<String>,
}

/// The learner's grade with where it came from.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OraGrade {
    /// Rubric points.
    pub earned: u32,
    pub possible: u32,
    /// `staff`, `peer` or `self`: which step's score counts.
    pub source: String,
    pub criteria: Vec<OraCriterionGrade>,
    /// Overall feedback from the graders whose assessments count.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", oai(default))]
    pub feedback: Vec<String>,
    /// The learner's own assessment, shown beside the grade.
    pub self_assessment: Option<OraAssessment>,
}

/// The peer step's counts.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OraPeerProgress {
    /// Responses this learner has assessed.
    pub graded: u32,
    /// ... of `must_grade`.
    pub must_grade: u32,
    /// Peer assessments this learner's response has received.
    pub received: u32,
    /// ... of those it needs now (fewer with flexible grading).
    pub required: u32,
}

/// Everything the learner sees of one assessment.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OraView {
    pub id: String,
    pub display_name: String,
    /// The block's settings; the training examples keep their responses
    /// but not the options staff chose.
    pub settings: OraSettings,
    pub status: OraStatus,
    /// The response step then each assessment step, in order.
    pub steps: Vec<OraStepProgress>,
    pub draft: Option<OraDraft>,
    /// The active submission.
    pub submission: Option<OraSubmission>,
    /// Set when the last submission was cancelled.
    pub cancellation: Option<OraCancellation>,
    pub peer: Option<OraPeerProgress>,
    /// How many training examples there are (the learner gets them in order).
    pub training_examples: u32,
    /// Training examples the learner has passed (the next is this one,
    /// 0-based).
    pub training_passed: u32,
    pub self_assessment: Option<OraAssessment>,
    pub grade: Option<OraGrade>,
    /// Weighted points of the course grade (the block's weight, else the
    /// rubric's points).
    pub weighted_possible: f64,
}

/// A response to assess in the peer step.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OraPeerTask {
    /// Its submission uuid, for [`OraPeerAssessmentInput::submission`].
    pub submission: String,
    pub response: OraResponse,
    /// Kept for this learner until then.
    pub locked_until: DateTime<Utc>,
}

/// Answers for the training examples, in order, one selection list each.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OraTrainingInput {
    /// Which example (0-based).
    pub example: u32,
    pub options_selected: Vec<SelectedOption>,
}

/// Whether a training answer matched the course team's.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OraTrainingResult {
    /// Criteria (names) where the learner chose differently; empty when
    /// the example is passed.
    pub mismatched: Vec<String>,
    /// Examples passed so far.
    pub passed: u32,
    pub view: OraView,
}

/// A submission in the course team's list.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OraSubmissionSummary {
    pub uuid: String,
    pub username: String,
    pub attempt: u32,
    pub submitted_at: DateTime<Utc>,
    /// The learner's status; `cancelled` for a cancelled submission.
    pub status: String,
    pub peer_received: u32,
    pub staff_graded: bool,
    /// Rubric points of the counted grade.
    pub earned: Option<u32>,
    pub possible: u32,
    /// The staff member grading it now.
    pub locked_by: Option<String>,
}

/// A page of submissions.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OraSubmissionPage {
    pub count: u64,
    pub num_pages: u64,
    pub results: Vec<OraSubmissionSummary>,
}

/// One submission for the course team: the response, every assessment,
/// the grade and the cancellation.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OraSubmissionDetail {
    pub summary: OraSubmissionSummary,
    pub response: OraResponse,
    pub assessments: Vec<OraAssessment>,
    pub grade: Option<OraGrade>,
    pub cancellation: Option<OraCancellation>,
    pub rubric: Rubric,
}

/// Why a submission is cancelled.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OraCancelInput {
    pub reason: String,
}

/// The learning unit's placeholder for an assessment; the MFE loads the
/// assessment's own view.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OraComponent {
    pub id: String,
    pub display_name: String,
    pub completion: f64,
}

/// An assessment of a course in the course team's grading list.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OraItemSummary {
    pub id: String,
    pub display_name: String,
    /// Where it is: section > subsection > unit.
    pub breadcrumb: Vec<String>,
    /// The steps in order.
    pub steps: Vec<StepKind>,
    /// Active submissions.
    pub submissions: u64,
    /// Active submissions without a staff grade.
    pub ungraded: u64,
}
