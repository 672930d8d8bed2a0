//! `stringresponse`: the stripped answer equals one of the accepted answers
//! (case-insensitive with `type="ci"`), or with `regexp` matches
//! `^answer1|answer2$` as Python's `re.search` does.

use std::collections::BTreeMap;

use regex::RegexBuilder;

use super::{refused, single, Correctness, InputGrade};
use crate::capa::parse::{Response, TextSpec};
use crate::capa::{AnswerValue, CapaError};

pub(super) fn grade(
    response: &Response,
    spec: &TextSpec,
    answers: &BTreeMap<String, AnswerValue>,
) -> Result<Vec<(String, InputGrade)>, CapaError> {
    let input = &response.inputs[0];
    let correct = match answers.get(&input.id) {
        None => false,
        Some(AnswerValue::Choices(_)) => {
            return Err(refused(response, "The answer must be text."));
        }
        Some(AnswerValue::Text(given)) => check(response, spec, given.trim())?,
    };
    let correctness = if correct {
        Correctness::Correct
    } else {
        Correctness::Incorrect
    };
    Ok(single(response, InputGrade::plain(correctness)))
}

/// Whether `given` (stripped) is one of the spec's answers: Open edX's
/// `check_string`.
pub(crate) fn check(response: &Response, spec: &TextSpec, given: &str) -> Result<bool, CapaError> {
    if given.is_empty() {
        return Ok(false);
    }
    if spec.legacy_or || !spec.regexp {
        return Ok(if spec.case_insensitive {
            let given = given.to_lowercase();
            spec.answers.iter().any(|a| a.to_lowercase() == given)
        } else {
            spec.answers.iter().any(|a| a == given)
        });
    }
    // Python builds '^' + '|'.join(answers) + '$' (alternation binds
    // loosest, exactly as written) and searches with it.
    let pattern = format!("^{}$", spec.answers.join("|"));
    let regex = RegexBuilder::new(&pattern)
        .case_insensitive(spec.case_insensitive)
        .build()
        .map_err(|err| CapaError::Unsupported {
            tag: response.tag.clone(),
            line: response.line,
            reason: format!("its regular expression cannot be used: {err}"),
        })?;
    Ok(regex.is_match(given))
}
