//! `multiplechoiceresponse`: one choice of a `choicegroup`; with
//! `partial_credit="points"`, choices marked `correct="partial"` earn their
//! `point_value` (default 0.5).

use std::collections::BTreeMap;

use super::{invalid, single, Correctness, InputGrade};
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
            "a multiple choice question needs a <choicegroup>",
        ));
    };
    let chosen = match answers.get(&input.id) {
        Some(AnswerValue::Text(name)) => Some(name.as_str()),
        _ => None,
    };
    let is_correct = |name: &str| choices.iter().any(|c| c.name == name && c.is_correct());
    if response.partial_credit.is_empty() {
        let correctness = match chosen {
            Some(name) if is_correct(name) => Correctness::Correct,
            _ => Correctness::Incorrect,
        };
        return Ok(single(response, InputGrade::plain(correctness)));
    }
    if response.partial_credit.len() > 1 {
        return Err(invalid(
            response,
            "Only one type of partial credit is allowed for Multiple Choice problems.",
        ));
    }
    match response.partial_credit[0].as_str() {
        "false" => {
            let correctness = match chosen {
                Some(name) if is_correct(name) => Correctness::Correct,
                _ => Correctness::Incorrect,
            };
            Ok(single(response, InputGrade::plain(correctness)))
        }
        "points" => {
            if let Some(name) = chosen {
                if is_correct(name) {
                    return Ok(single(response, InputGrade::plain(Correctness::Correct)));
                }
                let partial = choices
                    .iter()
                    .find(|c| c.name == name && c.correct.eq_ignore_ascii_case("partial"));
                if let Some(choice) = partial {
                    let value = choice.point_value.as_deref().unwrap_or("0.5");
                    let points = value.trim().parse::<f64>().map_err(|_| {
                        invalid(response, format!("point_value \"{value}\" is not a number"))
                    })?;
                    return Ok(single(
                        response,
                        InputGrade::with_points(Correctness::PartiallyCorrect, points),
                    ));
                }
            }
            Ok(single(response, InputGrade::plain(Correctness::Incorrect)))
        }
        _ => Err(invalid(
            response,
            "partial_credit attribute should be one of: points,false",
        )),
    }
}
