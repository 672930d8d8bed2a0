//! The capa grading vectors of `../shared/fixtures/capa/vectors.json`
//! (Open edX's semantics), run against the problem engine. They are someone
//! else's text: read from the shared folder, never copied here.

use std::collections::BTreeMap;
use std::path::Path;

use api::capa::{self, AnswerValue, CapaError, Correctness};
use serde_json::Value;

/// The vectors, or `None` (said plainly) when the shared folder is missing.
fn vectors() -> Option<Vec<Value>> {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/fixtures/capa/vectors.json");
    if !path.is_file() {
        eprintln!(
            "SKIPPED: the capa vectors {} are not found; the grading vectors did not run",
            path.display()
        );
        return None;
    }
    let text = std::fs::read_to_string(&path).unwrap();
    let document: Value = serde_json::from_str(&text).unwrap();
    Some(document["vectors"].as_array().unwrap().clone())
}

fn answers(vector: &Value) -> BTreeMap<String, AnswerValue> {
    vector["student_answers"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(id, value)| {
            let answer = match value {
                Value::Array(items) => AnswerValue::Choices(
                    items
                        .iter()
                        .map(|v| v.as_str().unwrap().to_owned())
                        .collect(),
                ),
                other => AnswerValue::Text(other.as_str().unwrap().to_owned()),
            };
            (id.clone(), answer)
        })
        .collect()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

/// Checks one vector; the failure message, if any.
fn check(vector: &Value) -> Result<(), String> {
    let xml = vector["problem_xml"].as_str().unwrap();
    let expected = &vector["expected"];
    let outcome = capa::grade(xml, &answers(vector));
    if expected["correctness"] == "error" {
        return match outcome {
            Err(CapaError::StudentInput { .. }) => Ok(()),
            other => Err(format!("expected a refused submission, got {other:?}")),
        };
    }
    let result = outcome.map_err(|err| format!("grading failed: {err}"))?;
    let correctness = result.correctness().as_str();
    if correctness != expected["correctness"] {
        return Err(format!(
            "correctness {correctness}, expected {}",
            expected["correctness"]
        ));
    }
    let earned = expected["earned"].as_f64().unwrap();
    let possible = expected["possible"].as_f64().unwrap();
    if !close(result.earned, earned) || !close(result.possible, possible) {
        return Err(format!(
            "{}/{} points, expected {earned}/{possible}",
            result.earned, result.possible
        ));
    }
    if let Some(inputs) = expected["inputs"].as_object() {
        for (id, want) in inputs {
            let got = result.inputs.get(id).ok_or(format!("no grade for {id}"))?;
            let points = want["npoints"].as_f64().unwrap();
            if got.correctness.as_str() != want["correctness"] || !close(got.points, points) {
                return Err(format!("{id}: {got:?}, expected {want}"));
            }
        }
    }
    if let Some(weighted) = expected["weighted"].as_object() {
        let (earned, possible) = result.weighted().ok_or("no weight")?;
        if !close(earned, weighted["earned"].as_f64().unwrap())
            || !close(possible, weighted["possible"].as_f64().unwrap())
        {
            return Err(format!(
                "weighted {earned}/{possible}, expected {weighted:?}"
            ));
        }
    }
    Ok(())
}

#[test]
fn every_capa_grading_vector_grades_as_open_edx_does() {
    let Some(vectors) = vectors() else {
        return;
    };
    assert_eq!(vectors.len(), 20, "the fixture should hold 20 vectors");
    let failures: Vec<String> = vectors
        .iter()
        .filter_map(|vector| {
            check(vector)
                .err()
                .map(|why| format!("{}: {why}", vector["id"].as_str().unwrap()))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "failing vectors:\n{}",
        failures.join("\n")
    );
}

#[test]
fn every_capa_vector_renders_without_revealing_its_answers() {
    let Some(vectors) = vectors() else {
        return;
    };
    for vector in &vectors {
        let xml = vector["problem_xml"].as_str().unwrap();
        let rendered = capa::render::render(xml).unwrap();
        let inputs: Vec<_> = rendered.inputs().map(|i| i.id.clone()).collect();
        for id in vector["student_answers"].as_object().unwrap().keys() {
            assert!(inputs.contains(id), "{}: no input {id}", vector["id"]);
        }
        let json = serde_json::to_string(&rendered).unwrap();
        assert!(!json.contains("correct"), "{}: {json}", vector["id"]);
    }
}

#[test]
fn overall_correctness_names_match_open_edx() {
    assert_eq!(Correctness::PartiallyCorrect.as_str(), "partially-correct");
}

#[test]
fn every_capa_vector_reveals_an_answer_for_each_input_and_gives_feedback() {
    let Some(vectors) = vectors() else {
        return;
    };
    for vector in &vectors {
        let id = vector["id"].as_str().unwrap();
        let xml = vector["problem_xml"].as_str().unwrap();
        let revealed = capa::answers(xml).unwrap_or_else(|err| panic!("{id}: {err}"));
        let rendered = capa::render::render(xml).unwrap();
        for input in rendered.inputs() {
            assert!(
                revealed.answers.contains_key(&input.id),
                "{id}: no answer for {}",
                input.id
            );
        }

        let answers = answers(vector);
        let Ok(graded) = capa::grade(xml, &answers) else {
            continue; // a refused submission gets no feedback
        };
        assert_eq!(
            graded.is_correct(),
            vector["expected"]["correctness"] == "correct",
            "{id}: is_correct"
        );
        let hints =
            capa::feedback(xml, &answers, &graded).unwrap_or_else(|err| panic!("{id}: {err}"));
        for input in hints.keys() {
            assert!(graded.inputs.contains_key(input), "{id}: hint for {input}");
        }
    }
}
