//! Grading a submission, one file per response type, with Open edX's exact
//! semantics (`responsetypes.py`, `correctmap.py`).
//!
//! Each input gets a [`Correctness`] and its points: the grader's explicit
//! value when it gives one (partial credit), else 1 for correct or
//! partially-correct and 0 for incorrect. The problem's possible points are
//! one per input (or the input's `points`). A learner's answer that cannot be
//! read refuses the whole submission ([`CapaError::StudentInput`]); a
//! question Lyceum does not run is an error, never a made-up grade.

mod checkboxes;
mod dropdown;
pub(super) mod formula;
mod multiple_choice;
pub(super) mod numerical;
pub(super) mod text;

use std::collections::BTreeMap;

use serde::Serialize;

use super::parse::{Problem, Response, ResponseKind};
use super::{AnswerValue, CapaError};

/// How an input was graded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Correctness {
    Correct,
    PartiallyCorrect,
    Incorrect,
}

impl Correctness {
    /// Open edX's name for it (`correct`, `partially-correct`, `incorrect`).
    pub fn as_str(self) -> &'static str {
        match self {
            Correctness::Correct => "correct",
            Correctness::PartiallyCorrect => "partially-correct",
            Correctness::Incorrect => "incorrect",
        }
    }
}

impl From<Correctness> for shared_types::Correctness {
    fn from(correctness: Correctness) -> Self {
        match correctness {
            Correctness::Correct => shared_types::Correctness::Correct,
            Correctness::PartiallyCorrect => shared_types::Correctness::PartiallyCorrect,
            Correctness::Incorrect => shared_types::Correctness::Incorrect,
        }
    }
}

/// One input's grade.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct InputGrade {
    pub correctness: Correctness,
    /// The points earned.
    pub points: f64,
}

impl InputGrade {
    /// A grade without explicit points: 1 unless incorrect.
    fn plain(correctness: Correctness) -> InputGrade {
        let points = match correctness {
            Correctness::Incorrect => 0.0,
            _ => 1.0,
        };
        InputGrade {
            correctness,
            points,
        }
    }

    /// A grade with the grader's own points.
    fn with_points(correctness: Correctness, points: f64) -> InputGrade {
        InputGrade {
            correctness,
            points,
        }
    }
}

/// A graded submission.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GradeResult {
    /// Each input's grade, by input id.
    pub inputs: BTreeMap<String, InputGrade>,
    /// Raw points earned.
    pub earned: f64,
    /// Raw points possible.
    pub possible: f64,
    /// `<problem weight="W">`, if set.
    pub weight: Option<f64>,
}

impl GradeResult {
    /// `correct` if every input is, `incorrect` if none is, else
    /// `partially-correct`.
    pub fn correctness(&self) -> Correctness {
        let all = |c| self.inputs.values().all(|g| g.correctness == c);
        if all(Correctness::Correct) {
            Correctness::Correct
        } else if all(Correctness::Incorrect) {
            Correctness::Incorrect
        } else {
            Correctness::PartiallyCorrect
        }
    }

    /// Whether the submission earned full points: Open edX's `is_correct`
    /// ("true iff full points", `raw_earned == raw_possible`), which decides
    /// for instance whether `showanswer="correct_or_past_due"` reveals the
    /// answer. Compared with a small margin, as points are sums of floats.
    pub fn is_correct(&self) -> bool {
        (self.earned - self.possible).abs() < 1e-9
    }

    /// Each input's correctness in the API's terms, by input id.
    pub fn input_correctness(&self) -> BTreeMap<String, shared_types::Correctness> {
        self.inputs
            .iter()
            .map(|(id, grade)| (id.clone(), grade.correctness.into()))
            .collect()
    }

    /// `(earned, possible)` rescaled to the problem's weight, if it has one.
    pub fn weighted(&self) -> Option<(f64, f64)> {
        let weight = self.weight?;
        let earned = if self.possible > 0.0 {
            self.earned * weight / self.possible
        } else {
            0.0
        };
        Some((earned, weight))
    }
}

/// Grades `answers` (by input id) against the problem's capa XML.
pub fn grade(xml: &str, answers: &BTreeMap<String, AnswerValue>) -> Result<GradeResult, CapaError> {
    grade_problem(&Problem::parse(xml)?, answers)
}

/// Grades `answers` against a parsed problem.
pub fn grade_problem(
    problem: &Problem,
    answers: &BTreeMap<String, AnswerValue>,
) -> Result<GradeResult, CapaError> {
    let mut inputs = BTreeMap::new();
    let mut possible = 0.0;
    for response in &problem.responses {
        let grades = match &response.kind {
            ResponseKind::MultipleChoice => multiple_choice::grade(response, answers)?,
            ResponseKind::Checkboxes => checkboxes::grade(response, answers)?,
            ResponseKind::Dropdown => dropdown::grade(response, answers),
            ResponseKind::Numerical(spec) => numerical::grade(response, spec, answers)?,
            ResponseKind::Text(spec) => text::grade(response, spec, answers)?,
            ResponseKind::Formula(spec) => formula::grade(response, spec, answers)?,
            ResponseKind::Unsupported { reason } => {
                return Err(CapaError::Unsupported {
                    tag: response.tag.clone(),
                    line: response.line,
                    reason: reason.clone(),
                })
            }
        };
        possible += response.max_points();
        inputs.extend(grades);
    }
    let earned = inputs.values().map(|g: &InputGrade| g.points).sum();
    Ok(GradeResult {
        inputs,
        earned,
        possible,
        weight: problem.weight,
    })
}

/// The grade of the response's only input.
fn single(response: &Response, grade: InputGrade) -> Vec<(String, InputGrade)> {
    vec![(response.inputs[0].id.clone(), grade)]
}

/// An error in the problem itself, at the response.
fn invalid(response: &Response, message: impl Into<String>) -> CapaError {
    CapaError::Invalid {
        line: response.line,
        message: message.into(),
    }
}

/// A refused submission for the response's input.
fn refused(response: &Response, message: impl Into<String>) -> CapaError {
    CapaError::StudentInput {
        input_id: response.inputs[0].id.clone(),
        message: message.into(),
    }
}

/// Open edX's `round_away_from_zero`.
fn round_away_from_zero(number: f64, digits: i32) -> f64 {
    let p = 10f64.powi(digits);
    if number >= 0.0 {
        (number * p + 0.5).floor() / p
    } else {
        (number * p - 0.5).ceil() / p
    }
}

/// A staff number: Python's `complex(text)` when it reads it, else an
/// expression.
fn staff_number(response: &Response, text: &str) -> Result<f64, CapaError> {
    let trimmed = text.trim();
    if let Ok(value) = trimmed.parse::<f64>() {
        return Ok(value);
    }
    super::calc::evaluate(text, &BTreeMap::new(), false).map_err(|_| {
        refused(
            response,
            "There was a problem with the staff answer to this problem.",
        )
    })
}

#[cfg(test)]
mod tests;
