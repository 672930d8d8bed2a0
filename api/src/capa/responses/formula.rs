//! `formularesponse`: the learner's formula and the answer are evaluated at
//! random points (`samples="x,y@1,1:10,10#10"`: variables, lows, highs,
//! count) and must agree within the tolerance at every point.
//!
//! Open edX draws the points afresh each time; Lyceum draws them from a seed
//! made of the problem's samples and the submitted formula, so a regrade
//! always gives the same result.

use std::collections::BTreeMap;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::{invalid, refused, single, Correctness, InputGrade};
use crate::capa::calc::{self, CalcError};
use crate::capa::parse::{FormulaSpec, Response};
use crate::capa::tolerance::{compare_with_tolerance, Tolerance, DEFAULT_TOLERANCE};
use crate::capa::{AnswerValue, CapaError};

/// The most sample points a question may ask for (`samples="...#N"`): each
/// one evaluates both formulas at every submission. Open edX's default is
/// 20 and it sets no limit.
pub const MAX_SAMPLES: usize = 50;

/// The most variables `samples` may name.
pub const MAX_SAMPLE_VARIABLES: usize = 100;

/// Why `samples` asks for more work than Lyceum does, if it does: checked
/// when the problem is read, so such a problem is refused before it is
/// stored or graded. A malformed `samples` is left to grading, which
/// reports it as Open edX does.
pub(crate) fn samples_too_large(samples: &str) -> Option<String> {
    let (names, rest) = samples.split_once('@')?;
    let count = rest.split_once('#').map(|(_, count)| count.trim());
    if let Some(count) = count {
        let too_many = match count.parse::<usize>() {
            Ok(n) => n > MAX_SAMPLES,
            // Digits too many for a number are too many samples as well.
            Err(err) => *err.kind() == std::num::IntErrorKind::PosOverflow,
        };
        if too_many {
            return Some(format!(
                "samples=\"...#{count}\" asks for more than {MAX_SAMPLES} sample points"
            ));
        }
    }
    let variables = names.split(',').count();
    if variables > MAX_SAMPLE_VARIABLES {
        return Some(format!(
            "samples names {variables} variables, more than {MAX_SAMPLE_VARIABLES}"
        ));
    }
    None
}

pub(super) fn grade(
    response: &Response,
    spec: &FormulaSpec,
    answers: &BTreeMap<String, AnswerValue>,
) -> Result<Vec<(String, InputGrade)>, CapaError> {
    let input = &response.inputs[0];
    let given = match answers.get(&input.id) {
        None => "",
        Some(AnswerValue::Text(text)) => text.as_str(),
        Some(AnswerValue::Choices(_)) => {
            return Err(refused(response, "The answer must be a formula."));
        }
    };
    let correctness = if agrees(response, spec, &spec.answer, given, &spec.samples)? {
        Correctness::Correct
    } else {
        Correctness::Incorrect
    };
    Ok(single(response, InputGrade::plain(correctness)))
}

/// Whether `given` agrees with `answer` at the random points `samples`
/// describes, within the question's tolerance (Open edX's `check_formula`,
/// also used for `<formulahint>` conditions).
pub(crate) fn agrees(
    response: &Response,
    spec: &FormulaSpec,
    answer: &str,
    given: &str,
    samples: &str,
) -> Result<bool, CapaError> {
    let samples = random_points(response, samples, given)?;
    let evaluate_all = |formula: &str| -> Result<Vec<f64>, CapaError> {
        samples
            .iter()
            .map(|vars| {
                calc::evaluate(formula, vars, spec.case_sensitive)
                    .map_err(|err| refused(response, message(err, formula)))
            })
            .collect()
    };
    let student = evaluate_all(given)?;
    let instructor = evaluate_all(answer)?;
    let tolerance = spec.tolerance.as_deref().unwrap_or(DEFAULT_TOLERANCE);
    for (s, i) in student.iter().zip(&instructor) {
        let within = compare_with_tolerance(*s, *i, Tolerance::Text(tolerance), false)
            .map_err(|err| invalid(response, format!("the tolerance cannot be read: {err}")))?;
        if !within {
            return Ok(false);
        }
    }
    Ok(true)
}

fn message(err: CalcError, formula: &str) -> String {
    match err {
        CalcError::UndefinedVariable(message)
        | CalcError::UnmatchedParenthesis(message)
        | CalcError::TooComplex(message) => message,
        CalcError::Factorial => format!(
            "Factorial function not permitted in answer for this problem. Provided answer was: {formula}"
        ),
        _ => format!("Invalid input: Could not parse '{formula}' as a formula"),
    }
}

/// Open edX's `randomize_variables`: `vars@lows:highs#count`.
fn random_points(
    response: &Response,
    samples: &str,
    given: &str,
) -> Result<Vec<BTreeMap<String, f64>>, CapaError> {
    let malformed = || {
        invalid(
            response,
            format!("samples=\"{samples}\" is not of the form vars@lows:highs#count"),
        )
    };
    let (names, rest) = samples.split_once('@').ok_or_else(malformed)?;
    let (ranges, count) = rest.split_once('#').ok_or_else(malformed)?;
    let count: usize = count.trim().parse().map_err(|_| malformed())?;
    if let Some(reason) = samples_too_large(samples) {
        return Err(invalid(response, reason));
    }
    let names: Vec<&str> = names.split(',').collect();
    let bounds = ranges
        .split(':')
        .map(|part| {
            part.split(',')
                .map(|v| v.trim().parse::<f64>().map_err(|_| malformed()))
                .collect::<Result<Vec<f64>, _>>()
        })
        .collect::<Result<Vec<Vec<f64>>, _>>()?;
    let [lows, highs] = &bounds[..] else {
        return Err(malformed());
    };
    let mut rng = StdRng::seed_from_u64(seed(samples, given));
    let mut points = Vec::with_capacity(count);
    for _ in 0..count {
        let point = names
            .iter()
            .zip(lows.iter().zip(highs))
            .map(|(name, (low, high))| {
                let unit: f64 = rng.gen();
                (name.to_string(), low + (high - low) * unit)
            })
            .collect();
        points.push(point);
    }
    Ok(points)
}

/// FNV-1a of the samples and the formula.
fn seed(samples: &str, given: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in samples.bytes().chain([0]).chain(given.bytes()) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}
