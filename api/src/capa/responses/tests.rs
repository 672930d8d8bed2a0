//! Grading tests on problems written for Lyceum (the Open edX vectors run in
//! `api/tests/api/capa.rs`).

use std::collections::BTreeMap;

use super::*;

fn text(id: &str, value: &str) -> (String, AnswerValue) {
    (id.to_owned(), AnswerValue::Text(value.to_owned()))
}

fn choices(id: &str, values: &[&str]) -> (String, AnswerValue) {
    (
        id.to_owned(),
        AnswerValue::Choices(values.iter().map(|v| v.to_string()).collect()),
    )
}

fn grade_one(xml: &str, answer: (String, AnswerValue)) -> Result<GradeResult, CapaError> {
    grade(xml, &BTreeMap::from([answer]))
}

const COLOURS: &str = r#"<problem><multiplechoiceresponse partial_credit="points">
  <choicegroup><choice correct="false">Red</choice><choice correct="true" name="b">Blue</choice>
  <choice correct="partial" point_value="0.25">Teal</choice></choicegroup>
</multiplechoiceresponse></problem>"#;

#[test]
fn multiple_choice_gives_points_for_named_and_partial_choices() {
    let result = grade_one(COLOURS, text("1_2_1", "choice_b")).unwrap();
    assert_eq!(
        (result.correctness(), result.earned),
        (Correctness::Correct, 1.0)
    );
    let result = grade_one(COLOURS, text("1_2_1", "choice_1")).unwrap();
    assert_eq!(
        (result.correctness(), result.earned),
        (Correctness::PartiallyCorrect, 0.25)
    );
    let result = grade(COLOURS, &BTreeMap::new()).unwrap();
    assert_eq!(
        (result.correctness(), result.earned),
        (Correctness::Incorrect, 0.0)
    );
}

const EVENS: &str = r#"<problem><choiceresponse partial_credit="halves"><checkboxgroup>
  <choice correct="true">2</choice><choice correct="false">3</choice><choice correct="true">4</choice>
  <choice correct="false">5</choice><choice correct="true">6</choice></checkboxgroup>
</choiceresponse></problem>"#;

#[test]
fn checkbox_halves_count_errors() {
    let full = grade_one(
        EVENS,
        choices("1_2_1", &["choice_0", "choice_2", "choice_4"]),
    )
    .unwrap();
    assert_eq!(full.earned, 1.0);
    let one_error = grade_one(EVENS, choices("1_2_1", &["choice_0", "choice_2"])).unwrap();
    assert_eq!(one_error.earned, 0.5);
    let two_errors = grade_one(
        EVENS,
        choices("1_2_1", &["choice_0", "choice_1", "choice_2"]),
    )
    .unwrap();
    assert_eq!(
        (two_errors.correctness(), two_errors.earned),
        (Correctness::PartiallyCorrect, 0.25)
    );
    let nothing = grade_one(EVENS, choices("1_2_1", &[])).unwrap();
    assert_eq!(nothing.earned, 0.0);
}

#[test]
fn checkbox_every_decision_counts() {
    let edc = EVENS.replace("halves", "EDC");
    let result = grade_one(&edc, choices("1_2_1", &["choice_0", "choice_1"])).unwrap();
    // Right decisions: 2 checked, 5 left blank: 2 of 5.
    assert_eq!(result.earned, 0.4);
}

#[test]
fn dropdowns_grade_each_input() {
    let xml = r#"<problem><optionresponse>
      <optioninput options="('cat','dog')" correct="cat"/>
      <optioninput options="('cat','dog')" correct="dog"/></optionresponse></problem>"#;
    let result = grade(
        xml,
        &BTreeMap::from([text("1_2_1", "cat"), text("1_2_2", "cat")]),
    )
    .unwrap();
    assert_eq!(result.inputs["1_2_1"].correctness, Correctness::Correct);
    assert_eq!(result.inputs["1_2_2"].correctness, Correctness::Incorrect);
    assert_eq!((result.earned, result.possible), (1.0, 2.0));
}

#[test]
fn numerical_tolerances_ranges_and_additional_answers() {
    let abs = r#"<problem><numericalresponse answer="10"><responseparam type="tolerance" default="0.5"/>
      <additional_answer answer="100"/><formulaequationinput/></numericalresponse></problem>"#;
    assert_eq!(grade_one(abs, text("1_2_1", "10.5")).unwrap().earned, 1.0);
    assert_eq!(grade_one(abs, text("1_2_1", "10.6")).unwrap().earned, 0.0);
    assert_eq!(grade_one(abs, text("1_2_1", "10^2")).unwrap().earned, 1.0);
    let range = r#"<problem><numericalresponse answer="(1, 2]"><formulaequationinput/></numericalresponse></problem>"#;
    assert_eq!(grade_one(range, text("1_2_1", "2")).unwrap().earned, 1.0);
    assert_eq!(grade_one(range, text("1_2_1", "1")).unwrap().earned, 0.0);
    assert_eq!(grade_one(range, text("1_2_1", "3/2")).unwrap().earned, 1.0);
    let default = r#"<problem><numericalresponse answer="pi"><formulaequationinput/></numericalresponse></problem>"#;
    assert_eq!(
        grade_one(default, text("1_2_1", "3.14159")).unwrap().earned,
        1.0
    );
    assert_eq!(
        grade_one(default, text("1_2_1", "3.14")).unwrap().earned,
        0.0
    );
}

#[test]
fn numerical_list_partial_credit() {
    let xml = r#"<problem><numericalresponse answer="4" partial_credit="list">
      <responseparam type="tolerance" default="0.1"/><responseparam partial_answers="40, 0.4"/>
      <formulaequationinput/></numericalresponse></problem>"#;
    let result = grade_one(xml, text("1_2_1", "0.4")).unwrap();
    assert_eq!(
        (result.correctness(), result.earned),
        (Correctness::PartiallyCorrect, 0.5)
    );
}

#[test]
fn unreadable_numbers_refuse_the_submission() {
    let xml = r#"<problem><numericalresponse answer="3"><formulaequationinput/></numericalresponse></problem>"#;
    for bad in ["3 apples", "3*apples", "(3", "fact(-2)"] {
        let err = grade_one(xml, text("1_2_1", bad)).unwrap_err();
        assert!(err.is_student_input(), "{bad}: {err:?}");
    }
    // Not submitted at all: graded incorrect.
    assert_eq!(grade(xml, &BTreeMap::new()).unwrap().earned, 0.0);
}

#[test]
fn text_answers_case_and_regexps() {
    let xml = r#"<problem><stringresponse answer="Ada Lovelace" type="ci">
      <additional_answer>Lovelace</additional_answer><textline/></stringresponse></problem>"#;
    assert_eq!(
        grade_one(xml, text("1_2_1", "  ada lovelace "))
            .unwrap()
            .earned,
        1.0
    );
    assert_eq!(
        grade_one(xml, text("1_2_1", "LOVELACE")).unwrap().earned,
        1.0
    );
    assert_eq!(
        grade_one(xml, text("1_2_1", "Babbage")).unwrap().earned,
        0.0
    );
    let regexp = r#"<problem><stringresponse answer="colou?r" type="regexp"><textline/></stringresponse></problem>"#;
    assert_eq!(
        grade_one(regexp, text("1_2_1", "color")).unwrap().earned,
        1.0
    );
    assert_eq!(
        grade_one(regexp, text("1_2_1", "Colour")).unwrap().earned,
        0.0
    );
    assert_eq!(
        grade_one(regexp, text("1_2_1", "colours")).unwrap().earned,
        0.0
    );
    let legacy =
        r#"<problem><stringresponse answer="yes_or_oui"><textline/></stringresponse></problem>"#;
    assert_eq!(grade_one(legacy, text("1_2_1", "oui")).unwrap().earned, 1.0);
}

#[test]
fn formulas_are_sampled() {
    let xml = r#"<problem><formularesponse answer="a^2 - b^2" samples="a,b@1,1:5,5#8">
      <textline/></formularesponse></problem>"#;
    assert_eq!(
        grade_one(xml, text("1_2_1", "(a+b)*(a-b)")).unwrap().earned,
        1.0
    );
    assert_eq!(
        grade_one(xml, text("1_2_1", "(a-b)^2")).unwrap().earned,
        0.0
    );
    assert!(grade_one(xml, text("1_2_1", "a+c"))
        .unwrap_err()
        .is_student_input());
}

#[test]
fn weight_rescales_and_unsupported_questions_are_errors() {
    let xml = r#"<problem weight="4"><stringresponse answer="a"><textline/></stringresponse>
      <stringresponse answer="b"><textline/></stringresponse></problem>"#;
    let result = grade_one(xml, text("1_2_1", "a")).unwrap();
    assert_eq!(result.weighted(), Some((2.0, 4.0)));
    assert_eq!(result.correctness(), Correctness::PartiallyCorrect);
    let custom = r#"<problem><customresponse cfn="f"><textline/></customresponse></problem>"#;
    assert!(matches!(
        grade_one(custom, text("1_2_1", "x")),
        Err(CapaError::Unsupported { .. })
    ));
}

#[test]
fn correctness_maps_onto_the_api_enum_and_serializes_alike() {
    for (ours, theirs) in [
        (Correctness::Correct, shared_types::Correctness::Correct),
        (
            Correctness::PartiallyCorrect,
            shared_types::Correctness::PartiallyCorrect,
        ),
        (Correctness::Incorrect, shared_types::Correctness::Incorrect),
    ] {
        assert_eq!(shared_types::Correctness::from(ours), theirs);
        assert_eq!(
            serde_json::to_value(ours).unwrap(),
            serde_json::to_value(theirs).unwrap()
        );
    }
}

#[test]
fn a_problem_is_correct_only_with_full_points() {
    let two = r#"<problem><stringresponse answer="Mars"><textline/></stringresponse>
<choiceresponse partial_credit="EDC"><checkboxgroup><choice correct="true">A</choice>
<choice correct="false">B</choice></checkboxgroup></choiceresponse></problem>"#;
    let both = grade(
        two,
        &BTreeMap::from([text("1_2_1", "Mars"), choices("1_3_1", &["choice_0"])]),
    )
    .unwrap();
    assert!(both.is_correct());
    assert_eq!(
        both.input_correctness(),
        BTreeMap::from([
            ("1_2_1".to_owned(), shared_types::Correctness::Correct),
            ("1_3_1".to_owned(), shared_types::Correctness::Correct),
        ])
    );

    let partial = grade(
        two,
        &BTreeMap::from([
            text("1_2_1", "Mars"),
            choices("1_3_1", &["choice_0", "choice_1"]),
        ]),
    )
    .unwrap();
    assert!(!partial.is_correct());
    assert_eq!(
        partial.input_correctness()["1_3_1"],
        shared_types::Correctness::PartiallyCorrect
    );

    let none = grade(two, &BTreeMap::new()).unwrap();
    assert!(!none.is_correct());
    assert_eq!(none.correctness(), Correctness::Incorrect);
}

#[test]
fn huge_or_deeply_nested_answers_are_refused_without_using_an_attempt() {
    let numerical = r#"<problem><numericalresponse answer="3"><formulaequationinput/></numericalresponse></problem>"#;
    let formula = r#"<problem><formularesponse answer="a^2" samples="a@1:5#10">
      <textline/></formularesponse></problem>"#;
    let started = std::time::Instant::now();
    let brackets = "(".repeat(1_000_000);
    let balanced = format!("{}3{}", "(".repeat(100_000), ")".repeat(100_000));
    let deep = format!("{}3{}", "(".repeat(65), ")".repeat(65));
    let deep_functions = format!("{}a{}", "abs(".repeat(65), ")".repeat(65));
    for (xml, answer) in [
        (numerical, &brackets),
        (numerical, &balanced),
        (numerical, &deep),
        (formula, &brackets),
        (formula, &balanced),
        (formula, &deep_functions),
    ] {
        let err = grade_one(xml, text("1_2_1", answer)).unwrap_err();
        assert!(err.is_student_input(), "{err:?}");
        assert!(err.to_string().starts_with("Invalid Input:"), "{err}");
    }
    assert!(started.elapsed() < std::time::Duration::from_secs(2));
    // Reasonable nesting still grades.
    let nested = format!("{}3{}", "(".repeat(20), ")".repeat(20));
    assert_eq!(
        grade_one(numerical, text("1_2_1", &nested)).unwrap().earned,
        1.0
    );
    assert_eq!(
        grade_one(formula, text("1_2_1", "((a)*(((a))))"))
            .unwrap()
            .earned,
        1.0
    );
}
