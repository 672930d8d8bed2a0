//! "Show answer": the correct answers and the solution, as Open edX reveals
//! them (`LoncapaProblem.get_question_answers`, each response's
//! `get_answers`).
//!
//! Answers are given in the form a learner submits them, so the page can
//! fill or mark its inputs with them: a multiple choice's correct choice
//! value (`choice_1`, `choice_<name>`), the list of a checkbox question's
//! correct values, a dropdown's correct option text, and the text the author
//! wrote for numerical, text and formula questions. Where Open edX joins
//! several accepted answers with " **or** " into one HTML string, Lyceum
//! reveals the author's main answer only: the additional answers are
//! alternatives the grader accepts, not the answer to show, and the value
//! stays plain text. Questions Lyceum cannot run reveal nothing; the rest of
//! the problem still does.

use std::collections::BTreeMap;

use serde::Serialize;
use shared_types::ProblemAnswer;

use super::parse::{Control, Problem, Response, ResponseKind};
use super::variant::Variant;
use super::CapaError;

/// What "Show answer" reveals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RevealedAnswers {
    /// The correct answer of each input that has one, by input id.
    pub answers: BTreeMap<String, ProblemAnswer>,
    /// The problem's `<solution>`s as sanitized HTML, in document order
    /// (joined by a newline when there are several); `None` without any.
    pub solution: Option<String>,
}

/// The correct answers and every solution of a problem's capa XML (what a
/// course author reviews).
pub fn answers(xml: &str) -> Result<RevealedAnswers, CapaError> {
    Ok(problem_answers(&Problem::parse(xml)?, None))
}

/// The correct answers and the solutions of the learner's variant (`seed`,
/// see [`super::variant`]): an answer pool reveals the correct choice it
/// shows, and the solution that explains it.
pub fn answers_seeded(xml: &str, seed: u64) -> Result<RevealedAnswers, CapaError> {
    Ok(problem_answers(&Problem::parse(xml)?, Some(seed)))
}

/// The correct answers and the solution of a parsed problem.
pub fn problem_answers(problem: &Problem, seed: Option<u64>) -> RevealedAnswers {
    let variant = Variant::draw(problem, seed);
    let answers = problem
        .responses
        .iter()
        .enumerate()
        .flat_map(|(r, response)| response_answers(&variant, r, response))
        .collect();
    let solutions: Vec<&str> = problem
        .solutions
        .iter()
        .enumerate()
        .filter(|(k, _)| variant.shows_solution(*k))
        .map(|(_, s)| s.html.trim())
        .filter(|s| !s.is_empty())
        .collect();
    let solution = (!solutions.is_empty()).then(|| solutions.join("\n"));
    RevealedAnswers { answers, solution }
}

/// The answers of one question, by input id.
fn response_answers(
    variant: &Variant,
    r: usize,
    response: &Response,
) -> Vec<(String, ProblemAnswer)> {
    let only_input = |answer: String| match response.inputs.first() {
        Some(input) => vec![(input.id.clone(), ProblemAnswer::Text(answer))],
        None => Vec::new(),
    };
    match &response.kind {
        ResponseKind::MultipleChoice | ResponseKind::Checkboxes => response
            .inputs
            .iter()
            .enumerate()
            .filter_map(|(i, input)| {
                let Control::Choices {
                    multiple, choices, ..
                } = &input.control
                else {
                    return None;
                };
                let correct: Vec<String> = variant
                    .choices(r, i, choices)
                    .into_iter()
                    .filter(|c| c.is_correct())
                    .map(|c| c.name.clone())
                    .collect();
                let answer = if *multiple {
                    // A checkbox answer is a set, possibly empty ("none of
                    // these apply").
                    ProblemAnswer::Choices(correct)
                } else {
                    // Radio buttons: the one correct value; several (which
                    // Open edX allows) as a list, none as nothing.
                    match <[String; 1]>::try_from(correct) {
                        Ok([one]) => ProblemAnswer::Text(one),
                        Err(correct) if correct.is_empty() => return None,
                        Err(correct) => ProblemAnswer::Choices(correct),
                    }
                };
                Some((input.id.clone(), answer))
            })
            .collect(),
        ResponseKind::Dropdown => response
            .inputs
            .iter()
            .filter_map(|input| match &input.control {
                Control::Select {
                    correct: Some(correct),
                    ..
                } => Some((input.id.clone(), ProblemAnswer::Text(correct.clone()))),
                _ => None,
            })
            .collect(),
        ResponseKind::Numerical(spec) => only_input(spec.answer.trim().to_owned()),
        ResponseKind::Text(spec) => match spec.answers.first() {
            Some(answer) => only_input(answer.clone()),
            None => Vec::new(),
        },
        ResponseKind::Formula(spec) => only_input(spec.answer.trim().to_owned()),
        ResponseKind::Unsupported { .. } => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn text(value: &str) -> ProblemAnswer {
        ProblemAnswer::Text(value.to_owned())
    }

    fn list(values: &[&str]) -> ProblemAnswer {
        ProblemAnswer::Choices(values.iter().map(|v| v.to_string()).collect())
    }

    const EVERY_KIND: &str = r#"<problem>
  <multiplechoiceresponse>
    <label>Which moon orbits Mars?</label>
    <choicegroup type="MultipleChoice">
      <choice correct="false">Io</choice>
      <choice correct="true" name="phobos">Phobos</choice>
      <choice correct="false">Titan</choice>
    </choicegroup>
  </multiplechoiceresponse>
  <choiceresponse>
    <checkboxgroup>
      <choice correct="true">Mercury</choice>
      <choice correct="false">Jupiter</choice>
      <choice correct="True">Venus</choice>
    </checkboxgroup>
  </choiceresponse>
  <optionresponse>
    <optioninput options="('gas','rock','ice')" correct="rock"/>
    <optioninput><option correct="False">hot</option><option correct="True">cold <optionhint>Brr.</optionhint></option></optioninput>
  </optionresponse>
  <numericalresponse answer=" 3.7 ">
    <responseparam type="tolerance" default="0.1"/>
    <additional_answer answer="3.71"/>
    <formulaequationinput/>
  </numericalresponse>
  <numericalresponse answer="[5,7]"><formulaequationinput/></numericalresponse>
  <stringresponse answer=" Olympus Mons " type="ci">
    <additional_answer answer="Mons Olympus"/>
    <textline/>
  </stringresponse>
  <stringresponse answer="red+" type="regexp"><textline/></stringresponse>
  <formularesponse answer="m*g" samples="m,g@1,1:5,10#5"><formulaequationinput/></formularesponse>
  <solution><div class="detailed-solution"><p>Mars is <b>small</b>.</p><script>x()</script></div></solution>
  <p>More text.</p>
  <solution><p>See also the atlas.</p></solution>
</problem>"#;

    #[test]
    fn every_question_kind_reveals_its_answer_as_a_learner_would_submit_it() {
        let revealed = answers(EVERY_KIND).unwrap();

        let expected = BTreeMap::from([
            ("1_2_1".to_owned(), text("choice_phobos")),
            ("1_3_1".to_owned(), list(&["choice_0", "choice_2"])),
            ("1_4_1".to_owned(), text("rock")),
            ("1_4_2".to_owned(), text("cold")),
            ("1_5_1".to_owned(), text("3.7")),
            ("1_6_1".to_owned(), text("[5,7]")),
            ("1_7_1".to_owned(), text("Olympus Mons")),
            ("1_8_1".to_owned(), text("red+")),
            ("1_9_1".to_owned(), text("m*g")),
        ]);
        assert_eq!(revealed.answers, expected);
    }

    #[test]
    fn solutions_are_sanitized_and_joined_in_order() {
        let revealed = answers(EVERY_KIND).unwrap();

        assert_eq!(
            revealed.solution.as_deref(),
            Some(
                "<div class=\"detailed-solution\"><p>Mars is <b>small</b>.</p></div>\n\
                 <p>See also the atlas.</p>"
            )
        );
    }

    #[test]
    fn a_problem_without_solution_reveals_none() {
        let revealed = answers(
            r#"<problem><stringresponse answer="Ceres"><textline/></stringresponse></problem>"#,
        )
        .unwrap();

        assert_eq!(revealed.solution, None);
        assert_eq!(revealed.answers["1_2_1"], text("Ceres"));
    }

    #[test]
    fn unsupported_questions_are_left_out_but_the_rest_is_revealed() {
        let revealed = answers(
            r#"<problem>
  <script type="loncapa/python">def check(expect, ans): return True</script>
  <customresponse cfn="check"><textline/></customresponse>
  <imageresponse><imageinput src="/static/m.png" rectangle="(1,1)-(5,5)"/></imageresponse>
  <numericalresponse answer="24.6"><formulaequationinput/></numericalresponse>
</problem>"#,
        )
        .unwrap();

        assert_eq!(
            revealed.answers,
            BTreeMap::from([("1_4_1".to_owned(), text("24.6"))])
        );
    }

    #[test]
    fn checkboxes_without_a_correct_choice_reveal_the_empty_set() {
        let revealed = answers(
            r#"<problem><choiceresponse><checkboxgroup>
  <choice correct="false">Earth is flat</choice><choice correct="false">Mars is blue</choice>
</checkboxgroup></choiceresponse></problem>"#,
        )
        .unwrap();

        assert_eq!(revealed.answers["1_2_1"], list(&[]));
    }

    #[test]
    fn legacy_or_text_answers_reveal_the_first_alternative() {
        let revealed = answers(
            r#"<problem><stringresponse answer="Deimos_or_Phobos"><textline/></stringresponse></problem>"#,
        )
        .unwrap();

        assert_eq!(revealed.answers["1_2_1"], text("Deimos"));
    }

    #[test]
    fn malformed_xml_is_an_error() {
        assert!(matches!(
            answers("<problem><p></problem>"),
            Err(CapaError::Xml { .. })
        ));
    }

    #[test]
    fn revealed_answers_grade_as_correct() {
        // Ranges and regular expressions are shown as written, which is not
        // something a learner would type; every other kind round-trips.
        let xml = EVERY_KIND
            .replace(
                r#"<numericalresponse answer="[5,7]">"#,
                r#"<numericalresponse answer="6">"#,
            )
            .replace(r#"answer="red+" type="regexp""#, r#"answer="red""#);
        let revealed = answers(&xml).unwrap();

        let result = crate::capa::grade(&xml, &revealed.answers).unwrap();

        assert!(result.is_correct(), "{result:?}");
    }
}
