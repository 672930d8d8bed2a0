//! A problem as the learner sees it.
//!
//! [`render`] builds the [`RenderedProblem`] the learning MFE draws and the
//! authoring preview shows. It is built from the parsed problem's visible
//! parts only: the static HTML (already sanitized by the parser) and, for
//! each input, its label, descriptions and choices. Correctness flags,
//! answers, solutions and hints are never copied into it.
//!
//! [`render`] shows every choice in document order (what a course author
//! reviews); [`render_seeded`] shows the learner's variant: shuffled choice
//! groups and answer pools drawn from their seed exactly as Open edX draws
//! them (see [`super::variant`]). Grading does not depend on it (answers
//! name choices, not positions).

use shared_types::{
    ProblemChoice, ProblemDescription, ProblemHtml, ProblemInput, ProblemInputKind, ProblemPart,
    RenderedProblem, UnsupportedQuestion,
};

use super::parse::{Block, Control, Problem, Response, ResponseKind};
use super::variant::Variant;
use super::CapaError;

/// The learner's view of a problem, choices in document order.
pub fn render(xml: &str) -> Result<RenderedProblem, CapaError> {
    Ok(render_problem(&Problem::parse(xml)?, None))
}

/// The learner's view of a problem, `shuffle="true"` choice groups shuffled
/// from `seed` (the same seed always gives the same order).
pub fn render_seeded(xml: &str, seed: u64) -> Result<RenderedProblem, CapaError> {
    Ok(render_problem(&Problem::parse(xml)?, Some(seed)))
}

/// The learner's view of a parsed problem.
pub fn render_problem(problem: &Problem, seed: Option<u64>) -> RenderedProblem {
    let variant = Variant::draw(problem, seed);
    let parts = problem
        .body
        .iter()
        .map(|block| match block {
            Block::Html(html) => ProblemPart::Html(ProblemHtml { html: html.clone() }),
            Block::Input { response: r, input } => {
                let response = &problem.responses[*r];
                ProblemPart::Input(render_input(&variant, *r, response, *input))
            }
            Block::Unsupported { response } => {
                let response = &problem.responses[*response];
                let reason = match &response.kind {
                    ResponseKind::Unsupported { reason } => reason.clone(),
                    _ => String::new(),
                };
                ProblemPart::Unsupported(UnsupportedQuestion {
                    response_type: response.tag.clone(),
                    reason,
                })
            }
        })
        .collect();
    RenderedProblem { parts }
}

fn render_input(variant: &Variant, r: usize, response: &Response, index: usize) -> ProblemInput {
    let input = &response.inputs[index];
    let (kind, choices, size) = match &input.control {
        Control::Choices {
            multiple, choices, ..
        } => {
            let kind = if *multiple {
                ProblemInputKind::Checkbox
            } else {
                ProblemInputKind::Radio
            };
            let choices = variant
                .choices(r, index, choices)
                .into_iter()
                .map(|choice| ProblemChoice {
                    value: choice.name.clone(),
                    label: choice.label.clone(),
                })
                .collect();
            (kind, choices, None)
        }
        Control::Select { options, .. } => {
            let choices = options
                .iter()
                .map(|option| ProblemChoice {
                    value: option.clone(),
                    label: option.clone(),
                })
                .collect();
            (ProblemInputKind::Select, choices, None)
        }
        Control::Text { size } => {
            let kind = match response.kind {
                ResponseKind::Numerical(_) => ProblemInputKind::Numeric,
                ResponseKind::Formula(_) => ProblemInputKind::Formula,
                _ => ProblemInputKind::Text,
            };
            (kind, Vec::new(), *size)
        }
        Control::Other => (ProblemInputKind::Text, Vec::new(), None),
    };
    ProblemInput {
        id: input.id.clone(),
        kind,
        label: input.label.clone(),
        descriptions: input
            .descriptions
            .iter()
            .map(|(id, html)| ProblemDescription {
                id: id.clone(),
                html: html.clone(),
            })
            .collect(),
        choices,
        size,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROBLEM: &str = r#"<problem>
  <p>Read <a href="javascript:alert(1)" onclick="x()">this</a> first.</p>
  <multiplechoiceresponse>
    <label>Which planet is largest?</label>
    <description>Think gas giants.</description>
    <choicegroup type="MultipleChoice">
      <choice correct="false">Mars</choice>
      <choice correct="true">Jupiter <choicehint>Right, SECRET-HINT</choicehint></choice>
    </choicegroup>
    <solution><p>SECRET-SOLUTION</p></solution>
  </multiplechoiceresponse>
  <numericalresponse answer="42">
    <label>How many?</label>
    <responseparam type="tolerance" default="1"/>
    <formulaequationinput size="8"/>
  </numericalresponse>
  <optionresponse>
    <optioninput options="('yes','no')" correct="no" label="Sure?"/>
  </optionresponse>
  <demandhint><hint>SECRET-DEMAND</hint></demandhint>
</problem>"#;

    #[test]
    fn renders_text_and_inputs_in_document_order() {
        let rendered = render(PROBLEM).unwrap();
        assert_eq!(rendered.parts.len(), 4);
        let ProblemPart::Html(intro) = &rendered.parts[0] else {
            panic!("expected text first");
        };
        assert_eq!(
            intro.html,
            "<p>Read <a rel=\"noopener noreferrer\">this</a> first.</p>"
        );
        let inputs: Vec<&ProblemInput> = rendered.inputs().collect();
        assert_eq!(inputs[0].id, "1_2_1");
        assert_eq!(inputs[0].kind, ProblemInputKind::Radio);
        assert_eq!(inputs[0].label.as_deref(), Some("Which planet is largest?"));
        assert_eq!(inputs[0].descriptions[0].id, "description_1_1_1");
        assert_eq!(
            inputs[0].choices,
            [
                ProblemChoice {
                    value: "choice_0".into(),
                    label: "Mars".into()
                },
                ProblemChoice {
                    value: "choice_1".into(),
                    label: "Jupiter".into()
                },
            ]
        );
        assert_eq!(inputs[1].kind, ProblemInputKind::Numeric);
        assert_eq!(inputs[1].size, Some(8));
        assert_eq!(inputs[2].kind, ProblemInputKind::Select);
        assert_eq!(inputs[2].label.as_deref(), Some("Sure?"));
    }

    #[test]
    fn never_reveals_answers_solutions_or_hints() {
        let json = serde_json::to_string(&render(PROBLEM).unwrap()).unwrap();
        for secret in [
            "SECRET",
            "correct",
            "\"42\"",
            "tolerance",
            "onclick",
            "javascript",
        ] {
            assert!(!json.contains(secret), "{secret} leaked: {json}");
        }
    }

    #[test]
    fn shuffles_only_when_asked_and_keeps_fixed_choices() {
        let xml = r#"<problem><multiplechoiceresponse><choicegroup shuffle="true">
            <choice correct="false" fixed="true">First</choice>
            <choice correct="false">a</choice><choice correct="false">b</choice>
            <choice correct="true">c</choice><choice correct="false">d</choice>
            <choice correct="false">e</choice>
            <choice correct="false" fixed="true">None of these</choice>
            </choicegroup></multiplechoiceresponse></problem>"#;
        let values = |problem: &RenderedProblem| -> Vec<String> {
            problem
                .inputs()
                .next()
                .unwrap()
                .choices
                .iter()
                .map(|c| c.label.clone())
                .collect()
        };
        let plain = values(&render(xml).unwrap());
        assert_eq!(plain, ["First", "a", "b", "c", "d", "e", "None of these"]);
        let shuffled = values(&render_seeded(xml, 7).unwrap());
        assert_eq!(shuffled, values(&render_seeded(xml, 7).unwrap()));
        assert_eq!(shuffled.first().unwrap(), "First");
        assert_eq!(shuffled.last().unwrap(), "None of these");
        let mut sorted = shuffled.clone();
        sorted.sort();
        let mut expected = plain.clone();
        expected.sort();
        assert_eq!(sorted, expected);
        let differs = (0..20u64).any(|seed| values(&render_seeded(xml, seed).unwrap()) != plain);
        assert!(differs, "no seed shuffled the choices");
    }

    #[test]
    fn a_shuffled_render_grades_the_same_as_the_plain_one() {
        let xml = r#"<problem><multiplechoiceresponse partial_credit="points">
            <choicegroup shuffle="true">
            <choice correct="false" fixed="true">Mercury</choice>
            <choice correct="false">Venus</choice><choice correct="true" name="earth">Earth</choice>
            <choice correct="partial" point_value="0.3">Moon</choice><choice correct="false">Mars</choice>
            <choice correct="false">Ceres</choice>
            </choicegroup></multiplechoiceresponse></problem>"#;
        // What each choice, by label, earns when picked in a plain render.
        let earned_by_label = |problem: &RenderedProblem| -> Vec<(String, f64)> {
            let mut earned: Vec<(String, f64)> = problem
                .inputs()
                .next()
                .unwrap()
                .choices
                .iter()
                .map(|choice| {
                    let answers = std::collections::BTreeMap::from([(
                        "1_2_1".to_owned(),
                        shared_types::ProblemAnswer::Text(choice.value.clone()),
                    )]);
                    let graded = crate::capa::grade(xml, &answers).unwrap();
                    (choice.label.clone(), graded.earned)
                })
                .collect();
            earned.sort_by(|a, b| a.0.cmp(&b.0));
            earned
        };
        let plain = render(xml).unwrap();
        let expected = earned_by_label(&plain);
        assert!(
            expected.contains(&("Earth".to_owned(), 1.0)),
            "{expected:?}"
        );
        assert!(expected.contains(&("Moon".to_owned(), 0.3)), "{expected:?}");

        let mut orders = std::collections::BTreeSet::new();
        for seed in 0..16u64 {
            let shuffled = render_seeded(xml, seed).unwrap();
            let input = shuffled.inputs().next().unwrap();
            orders.insert(
                input
                    .choices
                    .iter()
                    .map(|c| c.value.clone())
                    .collect::<Vec<_>>(),
            );
            // The value of a choice never depends on where it is shown.
            assert_eq!(earned_by_label(&shuffled), expected, "seed {seed}");
        }
        assert!(orders.len() > 1, "no seed shuffled the choices");
    }

    #[test]
    fn unsupported_questions_render_as_a_notice() {
        let rendered = render(
            "<problem><imageresponse><imageinput src=\"/static/a.png\" rectangle=\"(1,1)-(2,2)\"/></imageresponse></problem>",
        )
        .unwrap();
        assert!(matches!(
            &rendered.parts[..],
            [ProblemPart::Unsupported(UnsupportedQuestion { response_type, .. })] if response_type == "imageresponse"
        ));
    }
}
