//! `choiceresponse`: checkboxes. Without partial credit the checked set must
//! equal the correct set; `EDC` (every decision counts) and `halves` give
//! partial credit as Open edX does.

use std::collections::{BTreeMap, BTreeSet};

use super::{invalid, round_away_from_zero, single, Correctness, InputGrade};
use crate::capa::parse::{Control, Response};
use crate::capa::{AnswerValue, CapaError};

pub(super) fn grade(
    response: &Response,
    answers: &BTreeMap<String, AnswerValue>,
) -> Result<Vec<(String, InputGrade)>, CapaError> {
    let input = &response.inputs[0];
    let Control::Choices { choices, .. } = &input.control else {
        return Err(invalid(
            response,
            "a checkbox question needs a <checkboxgroup>",
        ));
    };
    let correct: BTreeSet<&str> = choices
        .iter()
        .filter(|c| c.correct.eq_ignore_ascii_case("true"))
        .map(|c| c.name.as_str())
        .collect();
    let incorrect: BTreeSet<&str> = choices
        .iter()
        .filter(|c| c.correct.eq_ignore_ascii_case("false"))
        .map(|c| c.name.as_str())
        .collect();
    let all: BTreeSet<&str> = correct.union(&incorrect).copied().collect();

    let checked: BTreeSet<&str> = match answers.get(&input.id) {
        None => BTreeSet::new(),
        Some(AnswerValue::Text(one)) => BTreeSet::from([one.as_str()]),
        Some(AnswerValue::Choices(many)) => many.iter().map(String::as_str).collect(),
    };
    if checked.is_empty() {
        return Ok(single(response, InputGrade::plain(Correctness::Incorrect)));
    }
    let unchecked: BTreeSet<&str> = all.difference(&checked).copied().collect();

    let exact = || {
        let correctness = if checked == correct {
            Correctness::Correct
        } else {
            Correctness::Incorrect
        };
        InputGrade::plain(correctness)
    };
    if response.partial_credit.is_empty() {
        return Ok(single(response, exact()));
    }
    if response.partial_credit.len() > 1 {
        return Err(invalid(
            response,
            "Only one type of partial credit is allowed for Checkbox problems.",
        ));
    }
    let max_points = response.max_points();
    let grade = match response.partial_credit[0].as_str() {
        "false" => exact(),
        "edc" => {
            if all.is_empty() {
                return Err(invalid(response, "a checkbox question needs choices"));
            }
            let good = checked.iter().filter(|c| correct.contains(*c)).count()
                + unchecked.iter().filter(|c| incorrect.contains(*c)).count();
            let score = round_away_from_zero(max_points * good as f64 / all.len() as f64, 2);
            if good == all.len() {
                InputGrade::plain(Correctness::Correct)
            } else if good > 0 {
                InputGrade::with_points(Correctness::PartiallyCorrect, score)
            } else {
                InputGrade::with_points(Correctness::Incorrect, 0.0)
            }
        }
        "halves" => {
            let errors = checked.iter().filter(|c| incorrect.contains(*c)).count()
                + unchecked.iter().filter(|c| correct.contains(*c)).count();
            match errors {
                0 => InputGrade::with_points(Correctness::Correct, max_points),
                1 if all.len() > 2 => InputGrade::with_points(
                    Correctness::PartiallyCorrect,
                    round_away_from_zero(max_points / 2.0, 2),
                ),
                2 if all.len() > 4 => InputGrade::with_points(
                    Correctness::PartiallyCorrect,
                    round_away_from_zero(max_points / 4.0, 2),
                ),
                _ => InputGrade::plain(Correctness::Incorrect),
            }
        }
        _ => {
            return Err(invalid(
                response,
                "partial_credit attribute should be one of: edc,halves,false",
            ))
        }
    };
    Ok(single(response, grade))
}
