//! `optionresponse`: each dropdown is correct when the chosen option text
//! equals the correct one exactly (case-sensitive).

use std::collections::BTreeMap;

use super::{Correctness, InputGrade};
use crate::capa::parse::{Control, Response};
use crate::capa::AnswerValue;

pub(super) fn grade(
    response: &Response,
    answers: &BTreeMap<String, AnswerValue>,
) -> Vec<(String, InputGrade)> {
    response
        .inputs
        .iter()
        .map(|input| {
            let correct = match &input.control {
                Control::Select { correct, .. } => correct.as_deref(),
                _ => None,
            };
            let correctness = match (answers.get(&input.id), correct) {
                (Some(AnswerValue::Text(chosen)), Some(correct)) if chosen == correct => {
                    Correctness::Correct
                }
                _ => Correctness::Incorrect,
            };
            (input.id.clone(), InputGrade::plain(correctness))
        })
        .collect()
}
