//! The problem engine: Open edX capa problem XML parsed, rendered for the
//! learner and graded. Pure: no I/O.
//!
//! - [`parse`] reads the XML into a [`parse::Problem`]: the text around the
//!   questions, the questions (capa "responses") and their inputs, named with
//!   Open edX's input ids (`1_2_1`: problem `1`, the first response's inputs
//!   are `_2_`, the second's `_3_`, ...).
//! - [`render`] turns it into the learner's [`shared_types::RenderedProblem`],
//!   which never carries answers, solutions or hints.
//! - [`grade`] grades a submission the way Open edX does (see
//!   `../shared/fixtures/capa/vectors.json`), one file per response type under
//!   [`responses`], numbers and formulas through [`calc`].
//! - [`answers`] reveals the correct answers and the solution ("Show
//!   answer"); [`feedback`] picks the hints an author attached to the
//!   submitted answers, [`demand_hints`] lists the hints a learner asks for.
//! - [`markdown`] converts Studio's simple-editor markdown into capa XML.
//!
//! The problem id inside the input ids is always `1`: Lyceum stores answers
//! per problem block, so the id carries nothing, and a fixed one keeps stored
//! answers valid when a block is renamed or copied. Pages that show several
//! problems make DOM ids unique with a prefix of their own.

pub mod calc;
mod hints;
mod html;
pub mod markdown;
pub mod parse;
mod pyrandom;
pub mod render;
pub mod responses;
mod reveal;
mod tolerance;
pub mod variant;

use std::collections::BTreeMap;

pub use hints::{demand_hints, feedback, problem_feedback};
pub use parse::{check_depth, check_entities, MAX_XML_DEPTH};
pub use responses::{grade, Correctness, GradeResult, InputGrade};
pub use reveal::{answers, answers_seeded, problem_answers, RevealedAnswers};
pub use shared_types::ProblemAnswer as AnswerValue;

/// What can go wrong reading, rendering or grading a problem.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CapaError {
    /// The text is not well-formed XML.
    #[error("the problem is not well-formed XML: {message} (line {line}, column {column})")]
    Xml {
        message: String,
        line: u32,
        column: u32,
    },
    /// The XML is well-formed but is not a problem Lyceum can read (wrong
    /// root, a required attribute missing, two correct dropdown options ...);
    /// Open edX's `LoncapaProblemError`.
    #[error("the problem is invalid (line {line}): {message}")]
    Invalid { line: u32, message: String },
    /// A question type or feature Lyceum does not run; it is never given a
    /// made-up grade.
    #[error("<{tag}> (line {line}) is not supported: {reason}")]
    Unsupported {
        tag: String,
        line: u32,
        reason: String,
    },
    /// The learner's answer cannot be read (Open edX's `StudentInputError`):
    /// the submission is refused with this message, nothing is graded and no
    /// attempt is used.
    #[error("{message}")]
    StudentInput { input_id: String, message: String },
    /// The simple-editor markdown cannot be converted.
    #[error("the problem markdown cannot be converted: {0}")]
    Markdown(String),
}

impl CapaError {
    /// Whether the error is the learner's to fix (a refused submission)
    /// rather than the course team's.
    pub fn is_student_input(&self) -> bool {
        matches!(self, CapaError::StudentInput { .. })
    }
}

/// The submitted answers of one problem, by input id.
pub type Answers = BTreeMap<String, AnswerValue>;
