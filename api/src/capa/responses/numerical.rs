//! `numericalresponse`: the learner's expression is evaluated and compared
//! with the answer within the tolerance (absolute, `%` of the answer, or the
//! default relative 0.001 %), or tested against a range `[a, b)`; with
//! `partial_credit="close"` a value within `partial_range` (default 2)
//! tolerances earns 0.5, with `list` a value matching one of
//! `partial_answers` does. Additional answers are accepted exactly.

use std::collections::BTreeMap;

use super::{invalid, refused, single, staff_number, Correctness, InputGrade};
use crate::capa::calc::{self, CalcError};
use crate::capa::parse::{NumericalSpec, Response};
use crate::capa::tolerance::{compare_with_tolerance, Tolerance, DEFAULT_TOLERANCE};
use crate::capa::{AnswerValue, CapaError};

pub(super) fn grade(
    response: &Response,
    spec: &NumericalSpec,
    answers: &BTreeMap<String, AnswerValue>,
) -> Result<Vec<(String, InputGrade)>, CapaError> {
    let input = &response.inputs[0];
    let Some(answer) = answers.get(&input.id) else {
        return Ok(single(response, InputGrade::plain(Correctness::Incorrect)));
    };
    let (grade, _) = assess(response, spec, answer)?;
    Ok(single(response, grade))
}

/// Grades one submitted answer; also says which additional answer (index
/// into `spec.additional_answers`) made it correct, if it was one of them
/// rather than the answer itself (Open edX's `additional_answer_index`,
/// which picks the `<correcthint>` to show).
pub(crate) fn assess(
    response: &Response,
    spec: &NumericalSpec,
    answer: &AnswerValue,
) -> Result<(InputGrade, Option<usize>), CapaError> {
    let credit = &response.partial_credit;
    if let Some(style) = credit.iter().find(|s| *s != "list" && *s != "close") {
        return Err(invalid(
            response,
            format!("partial_credit attribute should be one of: list,close (not \"{style}\")"),
        ));
    }
    let AnswerValue::Text(student_text) = answer else {
        return Err(refused(
            response,
            "Could not interpret the answer as a number.",
        ));
    };
    let student = student_value(response, student_text)?;
    let has_partial = !credit.is_empty();
    let close = credit.iter().any(|s| s == "close");
    let list = credit.iter().any(|s| s == "list");

    let partial_range = match &spec.partial_range {
        None => 2.0,
        Some(text) => text.trim().parse::<f64>().map_err(|_| {
            invalid(
                response,
                format!("partial_range \"{text}\" is not a number"),
            )
        })?,
    };
    let partial_answers = match &spec.partial_answers {
        None => None,
        Some(text) => Some(
            text.split(',')
                .map(|word| staff_number(response, word.trim()))
                .collect::<Result<Vec<f64>, _>>()?,
        ),
    };
    let compare = |a: f64, b: f64, tolerance: Tolerance| {
        compare_with_tolerance(a, b, tolerance, false)
            .map_err(|err| invalid(response, format!("the tolerance cannot be read: {err}")))
    };

    let mut partial_score = 0.5;
    let mut correctness = Correctness::Incorrect;
    let answer = spec.answer.as_str();
    if answer.starts_with(['[', '(']) && answer.ends_with([']', ')']) {
        let inclusion = [answer.starts_with('['), answer.ends_with(']')];
        let bounds: Vec<&str> = answer[1..answer.len() - 1].split(',').collect();
        if bounds.len() < 2 {
            return Err(refused(
                response,
                "There was a problem with the staff answer to this problem.",
            ));
        }
        let mut boundaries = Vec::with_capacity(2);
        let mut on_boundary = false;
        for (included, bound) in inclusion.iter().zip(&bounds) {
            let boundary = staff_number(response, bound)?;
            if boundary.is_nan() {
                return Err(refused(
                    response,
                    "There was a problem with the staff answer to this problem: empty boundary.",
                ));
            }
            boundaries.push(boundary);
            let equal =
                compare_with_tolerance(student, boundary, Tolerance::Value(f64::EPSILON), true)
                    .unwrap_or(false);
            if equal {
                correctness = if *included {
                    Correctness::Correct
                } else {
                    Correctness::Incorrect
                };
                on_boundary = true;
                break;
            }
        }
        if !on_boundary {
            let (low, high) = (boundaries[0], boundaries[1]);
            if low < student && student < high {
                correctness = Correctness::Correct;
            } else if has_partial && close {
                let width = high - low;
                let (low, high) = (low - partial_range * width, high + partial_range * width);
                if low < student && student < high {
                    correctness = Correctness::PartiallyCorrect;
                }
            }
        }
    } else {
        let correct = staff_number(response, answer)?;
        let tolerance = spec.tolerance.as_deref().unwrap_or(DEFAULT_TOLERANCE);
        let expanded = match tolerance.strip_suffix('%') {
            Some(percent) => {
                let value = python_float(response, percent)?;
                format!("{}%", partial_range * value)
            }
            None => (partial_range * python_float(response, tolerance)?).to_string(),
        };
        if compare(student, correct, Tolerance::Text(tolerance))? {
            correctness = Correctness::Correct;
        } else if !has_partial {
        } else if list {
            let Some(values) = &partial_answers else {
                return Err(invalid(
                    response,
                    "partial_credit=\"list\" needs <responseparam partial_answers=\"...\"/>",
                ));
            };
            for value in values {
                if compare(student, *value, Tolerance::Text(tolerance))? {
                    correctness = Correctness::PartiallyCorrect;
                    break;
                } else if close {
                    if compare(student, correct, Tolerance::Text(&expanded))? {
                        correctness = Correctness::PartiallyCorrect;
                        break;
                    } else if compare(student, *value, Tolerance::Text(&expanded))? {
                        correctness = Correctness::PartiallyCorrect;
                        partial_score *= partial_score;
                        break;
                    }
                }
            }
        } else if close && compare(student, correct, Tolerance::Text(&expanded))? {
            correctness = Correctness::PartiallyCorrect;
        }
    }

    let mut matched_additional = None;
    if correctness == Correctness::Incorrect {
        for (index, additional) in spec.additional_answers.iter().enumerate() {
            if student == staff_number(response, additional)? {
                correctness = Correctness::Correct;
                matched_additional = Some(index);
                break;
            }
        }
    }
    let grade = if correctness == Correctness::PartiallyCorrect {
        InputGrade::with_points(correctness, partial_score)
    } else {
        InputGrade::plain(correctness)
    };
    Ok((grade, matched_additional))
}

/// Python's `float(text)` of a tolerance.
fn python_float(response: &Response, text: &str) -> Result<f64, CapaError> {
    text.trim().parse::<f64>().map_err(|_| {
        invalid(
            response,
            format!("the tolerance \"{text}\" is not a number"),
        )
    })
}

/// The learner's expression, or the refusal Open edX gives.
fn student_value(response: &Response, text: &str) -> Result<f64, CapaError> {
    calc::evaluate(text, &BTreeMap::new(), false).map_err(|err| {
        let message = match err {
            CalcError::UndefinedVariable(message)
            | CalcError::UnmatchedParenthesis(message)
            | CalcError::TooComplex(message) => message,
            CalcError::Factorial => {
                format!("Factorial function evaluated outside its domain:'{text}'")
            }
            CalcError::Syntax => format!("Invalid math syntax: '{text}'"),
            CalcError::Complex => {
                format!(
                    "Could not interpret '{text}' as a number: complex numbers are not supported."
                )
            }
            CalcError::Arithmetic(_) => format!("Could not interpret '{text}' as a number."),
        };
        refused(response, message)
    })
}
