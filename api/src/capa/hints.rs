//! Hints: the feedback an author attached to particular answers, shown after
//! grading, and the hints a learner asks for one by one.
//!
//! [`feedback`] follows Open edX's extended hints (`get_extended_hints` of
//! each response type in `responsetypes.py`) and, where a question has one,
//! its older `<hintgroup>` (`get_hints`), which Open edX consults instead:
//!
//! - multiple choice: the first `<choicehint>` of the chosen choice,
//!   labelled by whether that choice is correct;
//! - checkboxes: a `<compoundhint value="A C">` naming exactly the checked
//!   choices if there is one; else every `<choicehint selected="true">` of a
//!   checked choice and `selected="false"` of a blank one, together under
//!   one label (the author's label when exactly one of them has one),
//!   labelled by whether the whole question is correct;
//! - dropdowns: the `<optionhint>` of the chosen option (first dropdown of a
//!   question only, as in Open edX);
//! - numerical: when the answer is correct, the question's `<correcthint>`,
//!   or the `<correcthint>` of the `<additional_answer>` it matched;
//! - text: the first that applies of the `<correcthint>` (the answer
//!   itself), an `<additional_answer>`'s `<correcthint>`, a
//!   `<stringequalhint>`, a `<regexphint>`; with the question's `ci` and
//!   `regexp` settings;
//! - `<hintgroup>` with `<stringhint>`/`<formulahint>` conditions: the last
//!   `<hintpart>` whose condition holds, on the question's last input,
//!   without a label; hints of `mode="on_request"` and Python hint
//!   functions (`hintfn`) are never shown.
//!
//! # The form of a hint
//!
//! Open edX wraps a hint in markup of its own
//! (`<div class="feedback-hint-correct"><div class="explanation-title">Answer</div>
//! <span class="hint-label">Correct: </span><div class="hint-text">...</div></div>`).
//! Lyceum returns only what the learner reads, as sanitized HTML: the label
//! text, a space and the hint (`Correct: Mars is red because ...`). The
//! label is the hint's `label` attribute as written, else `Correct:` or
//! `Incorrect:`; `label=""` means no label (and no space). When several
//! checkbox hints apply, each is wrapped in `<div class="hint-text">` after
//! the label, so they stay on lines of their own as in Open edX. Whether the
//! hint is for a correct answer is the input's correctness, given beside it.
//!
//! Two small deviations, both on the learner's side: a text answer is
//! compared stripped of surrounding spaces, as it is graded (Open edX
//! compares the raw text, so `" Mars"` is graded correct but gets no
//! correct-answer hint); and a `<compoundhint>` shows all its content (Open
//! edX keeps only the text before its first inner element).

use std::collections::{BTreeMap, BTreeSet};

use regex::RegexBuilder;

use super::parse::{
    Control, Hint, HintGroup, NumericalSpec, Problem, Response, ResponseKind, TextSpec,
};
use super::responses::{formula, numerical, text};
use super::{html, AnswerValue, CapaError, Correctness, GradeResult};

/// The feedback hint to show for each input after grading, by input id:
/// sanitized HTML with its label (see the module documentation); only
/// inputs with a hint for the submitted answer appear.
///
/// `answers` are the graded answers and `graded` their grade (from
/// [`super::grade`]): a checkbox or numerical hint depends on it.
pub fn feedback(
    xml: &str,
    answers: &BTreeMap<String, AnswerValue>,
    graded: &GradeResult,
) -> Result<BTreeMap<String, String>, CapaError> {
    Ok(problem_feedback(&Problem::parse(xml)?, answers, graded))
}

/// [`feedback`] for a parsed problem.
pub fn problem_feedback(
    problem: &Problem,
    answers: &BTreeMap<String, AnswerValue>,
    graded: &GradeResult,
) -> BTreeMap<String, String> {
    let mut hints = BTreeMap::new();
    for response in &problem.responses {
        if let Some(group) = &response.hints.group {
            if let Some(hint) = group_hint(response, group, answers) {
                hints.insert(hint.0, hint.1);
            }
            continue;
        }
        let hint = match &response.kind {
            ResponseKind::MultipleChoice => multiple_choice_hint(response, answers),
            ResponseKind::Checkboxes => checkbox_hint(response, answers, graded),
            ResponseKind::Dropdown => dropdown_hint(response, answers),
            ResponseKind::Numerical(spec) => numerical_hint(response, spec, answers, graded),
            ResponseKind::Text(spec) => text_hint(response, spec, answers),
            ResponseKind::Formula(_) | ResponseKind::Unsupported { .. } => None,
        };
        if let (Some(hint), Some(input)) = (hint, response.inputs.first()) {
            hints.insert(input.id.clone(), hint);
        }
    }
    hints
}

/// The problem's demand hints (`<demandhint><hint>`), sanitized HTML in
/// order: the learner asks for them one at a time.
pub fn demand_hints(xml: &str) -> Result<Vec<String>, CapaError> {
    let problem = Problem::parse(xml)?;
    Ok(problem
        .demand_hints
        .iter()
        .map(|hint| hint.trim().to_owned())
        .collect())
}

/// `label hint`, or `label <div>hint</div><div>hint</div>` for several.
fn labelled(label: Option<&str>, correct: bool, texts: &[&str]) -> String {
    let label = label.unwrap_or(if correct { "Correct:" } else { "Incorrect:" });
    let body = match texts {
        [one] => (*one).to_owned(),
        many => many
            .iter()
            .map(|text| format!("<div class=\"hint-text\">{text}</div>"))
            .collect(),
    };
    if label.is_empty() {
        body
    } else {
        format!("{} {body}", html::escape(label))
    }
}

/// A single hint with its own label, or nothing when it is empty.
fn single(hint: &Hint, correct: bool) -> Option<String> {
    (!hint.html.is_empty()).then(|| labelled(hint.label.as_deref(), correct, &[&hint.html]))
}

/// The submitted text of the response's only input.
fn submitted_text<'a>(
    response: &Response,
    answers: &'a BTreeMap<String, AnswerValue>,
) -> Option<&'a str> {
    match answers.get(&response.inputs.first()?.id)? {
        AnswerValue::Text(text) => Some(text),
        AnswerValue::Choices(_) => None,
    }
}

/// How the response's (first) input was graded.
fn graded_correctness(response: &Response, graded: &GradeResult) -> Option<Correctness> {
    let input = response.inputs.first()?;
    graded.inputs.get(&input.id).map(|g| g.correctness)
}

fn multiple_choice_hint(
    response: &Response,
    answers: &BTreeMap<String, AnswerValue>,
) -> Option<String> {
    let input = response.inputs.first()?;
    let Control::Choices { choices, .. } = &input.control else {
        return None;
    };
    let chosen = match answers.get(&input.id)? {
        AnswerValue::Text(name) => name,
        AnswerValue::Choices(names) => names.first()?,
    };
    let choice = choices.iter().find(|c| &c.name == chosen)?;
    single(&choice.hints.first()?.hint, choice.is_correct())
}

fn checkbox_hint(
    response: &Response,
    answers: &BTreeMap<String, AnswerValue>,
    graded: &GradeResult,
) -> Option<String> {
    let input = response.inputs.first()?;
    let Control::Choices {
        multiple: true,
        choices,
        compound_hints,
        ..
    } = &input.control
    else {
        return None;
    };
    let correct = graded_correctness(response, graded) == Some(Correctness::Correct);
    let submitted = answers.get(&input.id);
    let checked: BTreeSet<&str> = match submitted {
        None => BTreeSet::new(),
        Some(AnswerValue::Text(one)) => BTreeSet::from([one.as_str()]),
        Some(AnswerValue::Choices(many)) => many.iter().map(String::as_str).collect(),
    };

    if submitted.is_some() {
        let checked_ids: BTreeSet<String> = choices
            .iter()
            .filter(|c| checked.contains(c.name.as_str()))
            .map(|c| c.compound_id.clone())
            .collect();
        if let Some(compound) = compound_hints.iter().find(|h| h.choice_ids == checked_ids) {
            return single(&compound.hint, correct);
        }
    }

    let mut texts = Vec::new();
    let mut label = None;
    let mut labels = 0;
    for choice in choices {
        let selected = checked.contains(choice.name.as_str());
        for hint in choice.hints.iter().filter(|h| h.selected == Some(selected)) {
            if let Some(own) = &hint.hint.label {
                label = Some(own.as_str());
                labels += 1;
            }
            if !hint.hint.html.is_empty() {
                texts.push(hint.hint.html.as_str());
            }
        }
    }
    if texts.is_empty() {
        return None;
    }
    // One author label is used; several cancel out to the default.
    let label = if labels > 1 { None } else { label };
    Some(labelled(label, correct, &texts))
}

fn dropdown_hint(response: &Response, answers: &BTreeMap<String, AnswerValue>) -> Option<String> {
    let chosen = submitted_text(response, answers)?;
    let Control::Select {
        options,
        correct,
        hints,
    } = &response.inputs.first()?.control
    else {
        return None;
    };
    let index = options.iter().position(|option| option == chosen)?;
    let hint = hints.get(index)?.as_ref()?;
    single(hint, correct.as_deref() == Some(chosen))
}

fn numerical_hint(
    response: &Response,
    spec: &NumericalSpec,
    answers: &BTreeMap<String, AnswerValue>,
    graded: &GradeResult,
) -> Option<String> {
    if graded_correctness(response, graded) != Some(Correctness::Correct) {
        return None;
    }
    let answer = answers.get(&response.inputs.first()?.id)?;
    let (_, additional) = numerical::assess(response, spec, answer).ok()?;
    let hint = match additional {
        None => response.hints.correct.as_ref()?,
        Some(index) => response.hints.additional.get(index)?.1.as_ref()?,
    };
    single(hint, true)
}

fn text_hint(
    response: &Response,
    spec: &TextSpec,
    answers: &BTreeMap<String, AnswerValue>,
) -> Option<String> {
    let given = submitted_text(response, answers)?.trim();
    let hints = &response.hints;

    // Open edX compares with the whole `answer` attribute, which in the old
    // `a_or_b` form never equals a real answer: no correct-answer hint there.
    if !spec.legacy_or {
        let main = TextSpec {
            answers: spec.answers.iter().take(1).cloned().collect(),
            ..spec.clone()
        };
        if text::check(response, &main, given).unwrap_or(false) {
            return single(hints.correct.as_ref()?, true);
        }
    }
    let case_insensitive = spec.case_insensitive;
    for (answer, hint) in &hints.additional {
        if hint_matches(answer, given, spec.regexp, case_insensitive) {
            return single(hint.as_ref()?, true);
        }
    }
    for (answer, hint) in &hints.string_equal {
        if hint_matches(answer, given, false, case_insensitive) {
            return single(hint, false);
        }
    }
    for (answer, hint) in &hints.regexp {
        if hint_matches(answer, given, true, case_insensitive) {
            return single(hint, false);
        }
    }
    None
}

/// Open edX's `match_hint_node`: an empty answer never matches; a pattern
/// must match the whole text; a pattern that does not compile never matches.
fn hint_matches(answer: &str, given: &str, regexp: bool, case_insensitive: bool) -> bool {
    if answer.is_empty() {
        return false;
    }
    if regexp {
        return RegexBuilder::new(&format!("^{answer}$"))
            .case_insensitive(case_insensitive)
            .build()
            .is_ok_and(|regex| regex.is_match(given));
    }
    if case_insensitive {
        answer.to_lowercase() == given.to_lowercase()
    } else {
        answer == given
    }
}

/// The `<hintgroup>` hint: `(input id, html)`.
fn group_hint(
    response: &Response,
    group: &HintGroup,
    answers: &BTreeMap<String, AnswerValue>,
) -> Option<(String, String)> {
    if group.python || group.on_request {
        return None;
    }
    let given = submitted_text(response, answers)?;
    let holds: Vec<&str> = group
        .conditions
        .iter()
        .filter(|condition| match &response.kind {
            ResponseKind::Text(spec) => {
                let hinted = TextSpec {
                    answers: vec![condition.answer.clone()],
                    ..spec.clone()
                };
                text::check(response, &hinted, given.trim()).unwrap_or(false)
            }
            ResponseKind::Formula(spec) => condition.samples.as_deref().is_some_and(|samples| {
                formula::agrees(response, spec, &condition.answer, given, samples).unwrap_or(false)
            }),
            _ => false,
        })
        .map(|condition| condition.name.as_str())
        .collect();
    // Each matching part replaces the previous one.
    let (_, html) = group
        .parts
        .iter()
        .rev()
        .find(|(on, html)| holds.contains(&on.as_str()) && !html.is_empty())?;
    let input = response.inputs.last()?;
    Some((input.id.clone(), html.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capa::grade;

    fn text(value: &str) -> AnswerValue {
        AnswerValue::Text(value.to_owned())
    }

    fn checked(values: &[&str]) -> AnswerValue {
        AnswerValue::Choices(values.iter().map(|v| v.to_string()).collect())
    }

    /// Grades `answer` for input `1_2_1` and returns the feedback.
    fn hints_for(xml: &str, answer: AnswerValue) -> BTreeMap<String, String> {
        let answers = BTreeMap::from([("1_2_1".to_owned(), answer)]);
        let graded = grade(xml, &answers).unwrap();
        feedback(xml, &answers, &graded).unwrap()
    }

    fn hint_for(xml: &str, answer: AnswerValue) -> Option<String> {
        hints_for(xml, answer).remove("1_2_1")
    }

    const PLANETS: &str = r#"<problem><multiplechoiceresponse>
  <label>Which planet is red?</label>
  <choicegroup type="MultipleChoice">
    <choice correct="false">Venus <choicehint>Venus is <b>yellowish</b> <script>x()</script>.</choicehint></choice>
    <choice correct="true">Mars <choicehint>Mars is red because of iron oxide.</choicehint></choice>
    <choice correct="false">Neptune <choicehint label="Brr">Far too cold &amp; blue.</choicehint></choice>
    <choice correct="partial">Jupiter <choicehint label="">Its spot is red.</choicehint></choice>
    <choice correct="false">Saturn</choice>
  </choicegroup>
</multiplechoiceresponse></problem>"#;

    #[test]
    fn multiple_choice_shows_the_chosen_choice_hint_with_its_label() {
        assert_eq!(
            hint_for(PLANETS, text("choice_1")).as_deref(),
            Some("Correct: Mars is red because of iron oxide.")
        );
        assert_eq!(
            hint_for(PLANETS, text("choice_0")).as_deref(),
            Some("Incorrect: Venus is <b>yellowish</b> .")
        );
        assert_eq!(
            hint_for(PLANETS, text("choice_2")).as_deref(),
            Some("Brr Far too cold &amp; blue.")
        );
    }

    #[test]
    fn an_empty_label_shows_the_hint_alone() {
        let with_partial = PLANETS.replace(
            "<multiplechoiceresponse>",
            "<multiplechoiceresponse partial_credit=\"points\">",
        );

        assert_eq!(
            hint_for(&with_partial, text("choice_3")).as_deref(),
            Some("Its spot is red.")
        );
    }

    #[test]
    fn choices_without_hints_and_unknown_or_missing_answers_show_nothing() {
        assert_eq!(hint_for(PLANETS, text("choice_4")), None);
        assert_eq!(hint_for(PLANETS, text("choice_9")), None);
        let graded = grade(PLANETS, &BTreeMap::new()).unwrap();
        assert!(feedback(PLANETS, &BTreeMap::new(), &graded)
            .unwrap()
            .is_empty());
    }

    const PRIMES: &str = r#"<problem><choiceresponse><checkboxgroup>
  <choice correct="true">2
    <choicehint selected="true">2 is the only even prime.</choicehint>
    <choicehint selected="false">Even numbers can be prime: 2 is.</choicehint>
  </choice>
  <choice correct="false">4 <choicehint selected="TRUE">4 is 2 times 2.</choicehint></choice>
  <choice correct="true">5 <choicehint selected="false">5 has no divisor but 1 and itself.</choicehint></choice>
  <compoundhint value="A B">Two even numbers: only one of them is prime.</compoundhint>
  <compoundhint value=" c  a " label="Well done">Both primes, nothing else.</compoundhint>
</checkboxgroup></choiceresponse></problem>"#;

    #[test]
    fn checkboxes_collect_the_hints_of_checked_and_blank_choices() {
        let hint = hint_for(PRIMES, checked(&["choice_1"])).unwrap();

        assert_eq!(
            hint,
            "Incorrect: <div class=\"hint-text\">Even numbers can be prime: 2 is.</div>\
             <div class=\"hint-text\">4 is 2 times 2.</div>\
             <div class=\"hint-text\">5 has no divisor but 1 and itself.</div>"
        );
    }

    #[test]
    fn a_single_checkbox_hint_is_shown_without_a_wrapper() {
        let hint = hint_for(PRIMES, checked(&["choice_0"])).unwrap();

        assert_eq!(
            hint,
            "Incorrect: <div class=\"hint-text\">2 is the only even prime.</div>\
             <div class=\"hint-text\">5 has no divisor but 1 and itself.</div>"
        );
        let lone = PRIMES.replace(
            "<choicehint selected=\"false\">5 has no divisor but 1 and itself.</choicehint>",
            "",
        );
        assert_eq!(
            hint_for(&lone, checked(&["choice_0"])).as_deref(),
            Some("Incorrect: 2 is the only even prime.")
        );
    }

    #[test]
    fn a_compound_hint_naming_exactly_the_checked_choices_wins() {
        assert_eq!(
            hint_for(PRIMES, checked(&["choice_0", "choice_1"])).as_deref(),
            Some("Incorrect: Two even numbers: only one of them is prime.")
        );
        assert_eq!(
            hint_for(PRIMES, checked(&["choice_2", "choice_0"])).as_deref(),
            Some("Well done Both primes, nothing else.")
        );
    }

    #[test]
    fn compound_hints_use_the_choice_ids_the_author_gave() {
        let named = PRIMES
            .replace(
                "<choice correct=\"true\">2",
                "<choice correct=\"true\" id=\"two\">2",
            )
            .replace("value=\"A B\"", "value=\"TWO b\"");

        assert_eq!(
            hint_for(&named, checked(&["choice_0", "choice_1"])).as_deref(),
            Some("Incorrect: Two even numbers: only one of them is prime.")
        );
    }

    #[test]
    fn one_author_label_labels_all_checkbox_hints_and_two_cancel_out() {
        let one = PRIMES.replace(
            "<choicehint selected=\"true\">2 is",
            "<choicehint selected=\"true\" label=\"Note\">2 is",
        );
        let hint = hint_for(&one, checked(&["choice_0", "choice_2"])).unwrap();
        // Both primes checked: the compound hint for A C wins; drop it.
        assert!(hint.starts_with("Well done"), "{hint}");
        let one = one.replace("value=\" c  a \"", "value=\"x\"");
        assert_eq!(
            hint_for(&one, checked(&["choice_0", "choice_2"])).as_deref(),
            Some("Note 2 is the only even prime.")
        );
        let two = one.replace(
            "<choicehint selected=\"false\">5",
            "<choicehint selected=\"false\" label=\"Other\">5",
        );
        let hint = hint_for(&two, checked(&["choice_0"])).unwrap();
        assert!(hint.starts_with("Incorrect: "), "{hint}");
    }

    #[test]
    fn a_correct_checkbox_answer_is_labelled_correct() {
        let plain = PRIMES.replace("value=\" c  a \"", "value=\"x\"");
        let hint = hint_for(&plain, checked(&["choice_0", "choice_2"])).unwrap();

        assert_eq!(hint, "Correct: 2 is the only even prime.");
    }

    const DROPDOWNS: &str = r#"<problem><optionresponse>
  <optioninput>
    <option correct="False">Ganymede <optionhint>Ganymede orbits Jupiter.</optionhint></option>
    <option correct="True">Titan <optionhint label="Yes">Titan has a thick atmosphere.</optionhint></option>
    <option correct="False">Luna</option>
  </optioninput>
  <optioninput>
    <option correct="True">A <optionhint>Second dropdown hint.</optionhint></option>
    <option correct="False">B</option>
  </optioninput>
</optionresponse></problem>"#;

    #[test]
    fn dropdowns_show_the_chosen_option_hint() {
        assert_eq!(
            hint_for(DROPDOWNS, text("Ganymede")).as_deref(),
            Some("Incorrect: Ganymede orbits Jupiter.")
        );
        assert_eq!(
            hint_for(DROPDOWNS, text("Titan")).as_deref(),
            Some("Yes Titan has a thick atmosphere.")
        );
        assert_eq!(hint_for(DROPDOWNS, text("Luna")), None);
    }

    #[test]
    fn only_the_first_dropdown_of_a_question_has_hints_as_in_open_edx() {
        let answers = BTreeMap::from([
            ("1_2_1".to_owned(), text("Titan")),
            ("1_2_2".to_owned(), text("A")),
        ]);
        let graded = grade(DROPDOWNS, &answers).unwrap();

        let hints = feedback(DROPDOWNS, &answers, &graded).unwrap();

        assert_eq!(hints.keys().collect::<Vec<_>>(), ["1_2_1"]);
    }

    const DISTANCE: &str = r#"<problem><numericalresponse answer="1.52">
  <responseparam type="tolerance" default="0.01"/>
  <correcthint>Mars is about 1.5 AU from the Sun.</correcthint>
  <additional_answer answer="228"><correcthint label="Also right:">In millions of km.</correcthint></additional_answer>
  <additional_answer answer="142"/>
  <formulaequationinput/>
</numericalresponse></problem>"#;

    #[test]
    fn numerical_hints_show_for_correct_answers_only() {
        assert_eq!(
            hint_for(DISTANCE, text("1.525")).as_deref(),
            Some("Correct: Mars is about 1.5 AU from the Sun.")
        );
        assert_eq!(
            hint_for(DISTANCE, text("228")).as_deref(),
            Some("Also right: In millions of km.")
        );
        assert_eq!(hint_for(DISTANCE, text("142")), None);
        assert_eq!(hint_for(DISTANCE, text("2")), None);
    }

    const CAPITAL: &str = r#"<problem><stringresponse answer="Paris" type="ci">
  <correcthint>Paris it is.</correcthint>
  <additional_answer answer="Paname"><correcthint>Nice nickname.</correcthint></additional_answer>
  <additional_answer answer="Lutetia"/>
  <stringequalhint answer="London">That is <em>England</em>.</stringequalhint>
  <regexphint answer="Ly.*">Lyon is not the capital.</regexphint>
  <textline/>
</stringresponse></problem>"#;

    #[test]
    fn text_hints_match_in_open_edx_order() {
        assert_eq!(
            hint_for(CAPITAL, text(" paris ")).as_deref(),
            Some("Correct: Paris it is.")
        );
        assert_eq!(
            hint_for(CAPITAL, text("PANAME")).as_deref(),
            Some("Correct: Nice nickname.")
        );
        assert_eq!(hint_for(CAPITAL, text("Lutetia")), None);
        assert_eq!(
            hint_for(CAPITAL, text("london")).as_deref(),
            Some("Incorrect: That is <em>England</em>.")
        );
        assert_eq!(
            hint_for(CAPITAL, text("lyon")).as_deref(),
            Some("Incorrect: Lyon is not the capital.")
        );
        assert_eq!(hint_for(CAPITAL, text("Rome")), None);
    }

    #[test]
    fn regexp_text_questions_match_additional_answers_as_patterns() {
        let xml = r#"<problem><stringresponse answer="colou?r" type="regexp">
  <additional_answer answer="hue[s]?"><correcthint>A synonym.</correcthint></additional_answer>
  <stringequalhint answer="col.*">Taken literally.</stringequalhint>
  <textline/>
</stringresponse></problem>"#;

        assert_eq!(
            hint_for(xml, text("hues")).as_deref(),
            Some("Correct: A synonym.")
        );
        assert_eq!(
            hint_for(xml, text("col.*")).as_deref(),
            Some("Incorrect: Taken literally.")
        );
        assert_eq!(hint_for(xml, text("cold")), None);
    }

    #[test]
    fn a_hintgroup_replaces_extended_hints_and_the_last_matching_part_wins() {
        let xml = r#"<problem><stringresponse answer="Saturn" type="ci">
  <correcthint>Never shown: the hint group is used.</correcthint>
  <textline/>
  <hintgroup>
    <stringhint answer="Jupiter" name="big"/>
    <stringhint answer="jupiter" name="also-big"/>
    <hintpart on="big"><startouttext/>Jupiter has rings too, but fainter.<endouttext/></hintpart>
    <hintpart on="also-big"><startouttext/>Look for the <b>bright</b> rings.<endouttext/></hintpart>
  </hintgroup>
</stringresponse></problem>"#;

        assert_eq!(hint_for(xml, text("Saturn")), None);
        assert_eq!(
            hint_for(xml, text("JUPITER")).as_deref(),
            Some("Look for the <b>bright</b> rings.")
        );
        let on_request = xml.replace("<hintgroup>", "<hintgroup mode=\"on_request\">");
        assert_eq!(hint_for(&on_request, text("Jupiter")), None);
    }

    #[test]
    fn formula_hintgroups_compare_formulas_at_sample_points() {
        let xml = r#"<problem><formularesponse answer="(y2-y1)/(x2-x1)" samples="x1,x2,y1,y2@1,5,1,5:4,9,4,9#10">
  <formulaequationinput/>
  <hintgroup>
    <formulahint samples="x1,x2,y1,y2@1,5,1,5:4,9,4,9#10" answer="(x2-x1)/(y2-y1)" name="inverted"/>
    <hintpart on="inverted"><text>You inverted the slope.</text></hintpart>
  </hintgroup>
</formularesponse></problem>"#;

        assert_eq!(
            hint_for(xml, text("(x1-x2)/(y1-y2)")).as_deref(),
            Some("You inverted the slope.")
        );
        assert_eq!(hint_for(xml, text("(y1-y2)/(x1-x2)")), None);
    }

    #[test]
    fn python_hint_functions_show_nothing() {
        let xml = r#"<problem><stringresponse answer="Saturn">
  <correcthint>Not shown either.</correcthint>
  <textline/>
  <hintgroup hintfn="give_hint"/>
</stringresponse></problem>"#;

        assert_eq!(hint_for(xml, text("Saturn")), None);
    }

    #[test]
    fn hints_of_several_questions_go_to_their_inputs() {
        let xml = format!(
            "{}{}",
            PLANETS.trim_end_matches("</problem>"),
            CAPITAL.trim_start_matches("<problem>")
        );
        let answers = BTreeMap::from([
            ("1_2_1".to_owned(), text("choice_1")),
            ("1_3_1".to_owned(), text("London")),
        ]);
        let graded = grade(&xml, &answers).unwrap();

        let hints = feedback(&xml, &answers, &graded).unwrap();

        assert_eq!(
            hints,
            BTreeMap::from([
                (
                    "1_2_1".to_owned(),
                    "Correct: Mars is red because of iron oxide.".to_owned()
                ),
                (
                    "1_3_1".to_owned(),
                    "Incorrect: That is <em>England</em>.".to_owned()
                ),
            ])
        );
    }

    #[test]
    fn markdown_hints_reach_the_learner() {
        let xml = crate::capa::markdown::to_xml(
            ">>Which is a gas giant?<<\n( ) Mars {{ Rocky. }}\n(x) Saturn {{ Right:: Mostly hydrogen. }}\n",
        )
        .unwrap();

        assert_eq!(
            hint_for(&xml, text("choice_1")).as_deref(),
            Some("Right Mostly hydrogen.")
        );
        assert_eq!(
            hint_for(&xml, text("choice_0")).as_deref(),
            Some("Incorrect: Rocky.")
        );
    }

    #[test]
    fn demand_hints_are_sanitized_and_in_order() {
        let hints = demand_hints(
            r#"<problem><stringresponse answer="x"><textline/></stringresponse>
  <demandhint>
    <hint> Think of <b>iron</b>. </hint>
    <hint><a href="javascript:alert(1)">Rust</a> is red.</hint>
  </demandhint></problem>"#,
        )
        .unwrap();

        assert_eq!(
            hints,
            [
                "Think of <b>iron</b>.",
                "<a rel=\"noopener noreferrer\">Rust</a> is red."
            ]
        );
        assert!(demand_hints("<problem><p>No hints.</p></problem>")
            .unwrap()
            .is_empty());
    }
}
