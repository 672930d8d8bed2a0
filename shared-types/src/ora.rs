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
