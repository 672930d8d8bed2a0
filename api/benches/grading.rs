//! Grading one learner with 200 problems: every stored answer graded again
//! by capa, then the course grade from the subsection scores (what a
//! regrade does per learner), and the course grade alone (what the progress
//! page does).

use std::collections::BTreeMap;

use api::capa::{self, AnswerValue};
use api::services::grades::{course_grade, SubsectionScore};
use criterion::{criterion_group, criterion_main, Criterion};
use shared_types::{AssignmentType, GradingPolicy};

const PROBLEMS: usize = 200;
const PER_SUBSECTION: usize = 5;

fn problem(i: usize) -> String {
    match i % 3 {
        0 => format!(
            "<problem><multiplechoiceresponse><label>Question {i}</label><choicegroup type=\"MultipleChoice\">\
             <choice correct=\"false\">A</choice><choice correct=\"true\">B</choice><choice correct=\"false\">C</choice>\
             </choicegroup></multiplechoiceresponse></problem>"
        ),
        1 => format!(
            "<problem><numericalresponse answer=\"{i}.5\"><responseparam type=\"tolerance\" default=\"2%\"/>\
             <formulaequationinput label=\"Value {i}\"/></numericalresponse></problem>"
        ),
        _ => format!(
            "<problem><stringresponse answer=\"Answer {i}\" type=\"ci\"><additional_answer answer=\"alt {i}\"/>\
             <textline label=\"Name {i}\"/></stringresponse></problem>"
        ),
    }
}

fn answer(i: usize) -> BTreeMap<String, AnswerValue> {
    let value = match i % 3 {
        0 => "choice_1".to_string(),
        1 => format!("{i}.51"),
        _ => format!("answer {i}"),
    };
    BTreeMap::from([("1_2_1".to_string(), AnswerValue::Text(value))])
}

fn policy() -> GradingPolicy {
    GradingPolicy {
        graders: vec![
            AssignmentType {
                type_: "Homework".into(),
                short_label: "HW".into(),
                min_count: 30,
                drop_count: 2,
                weight: 0.6,
            },
            AssignmentType {
                type_: "Exam".into(),
                short_label: "Exam".into(),
                min_count: 10,
                drop_count: 0,
                weight: 0.4,
            },
        ],
        grade_cutoffs: BTreeMap::from([("Pass".into(), 0.5)]),
    }
}

fn bench(c: &mut Criterion) {
    let problems: Vec<String> = (0..PROBLEMS).map(problem).collect();
    let answers: Vec<_> = (0..PROBLEMS).map(answer).collect();
    let policy = policy();
    let format = |s: usize| if s % 4 == 3 { "Exam" } else { "Homework" };

    c.bench_function("grading/regrade 200 answers and the course grade", |b| {
        b.iter(|| {
            let mut scores = Vec::with_capacity(PROBLEMS / PER_SUBSECTION);
            for (s, chunk) in problems.chunks(PER_SUBSECTION).enumerate() {
                let mut earned = 0.0;
                let mut possible = 0.0;
                for (j, xml) in chunk.iter().enumerate() {
                    let graded = capa::grade(xml, &answers[s * PER_SUBSECTION + j]).unwrap();
                    earned += graded.earned;
                    possible += graded.possible;
                }
                scores.push(SubsectionScore {
                    format: format(s),
                    earned,
                    possible,
                });
            }
            course_grade(&policy, &scores)
        })
    });

    let scores: Vec<SubsectionScore<'_>> = (0..PROBLEMS / PER_SUBSECTION)
        .map(|s| SubsectionScore {
            format: format(s),
            earned: (s % 5) as f64,
            possible: 5.0,
        })
        .collect();
    c.bench_function("grading/course grade from 40 subsections", |b| {
        b.iter(|| course_grade(&policy, &scores))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
