use std::path::Path;

use chrono::{TimeZone, Utc};
use shared_types::{
    AssessmentStep, CriterionFeedback, FileUploadType, GradingStrategy, Necessity, OraSettings,
    Rubric, RubricCriterion, RubricOption, SelectedOption, StepKind, TrainingExample,
};

use super::{new_assessment, normalize, to_olx};
use crate::ora::config::{parse, validate};

/// The demo course's assessments as the importer stores them (their OLX),
/// or `None` (said plainly) when the shared fixtures are missing.
fn demo_olx() -> Option<Vec<String>> {
    let dir = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/fixtures/olx/demo-course"
    ));
    if !dir.is_dir() {
        eprintln!(
            "SKIPPED: the demo course fixture {} is missing; this test did not run",
            dir.display()
        );
        return None;
    }
    let course = crate::olx::import::import_dir(dir).unwrap();
    Some(
        course
            .structure
            .blocks
            .iter()
            .filter(|b| b.block_type == "openassessment")
            .map(|b| b.data.clone().unwrap())
            .collect(),
    )
}

/// Writes, reads back and compares, with and without a display name.
fn assert_round_trip(settings: &OraSettings) {
    for name in [None, Some(settings.title.as_str())] {
        let olx = to_olx(settings, name);
        let again = parse(&olx).unwrap_or_else(|e| panic!("{e}: {olx}"));
        assert_eq!(&again, settings, "{olx}");
    }
}

#[test]
fn the_demo_courses_assessments_read_back_from_what_is_written() {
    let Some(oras) = demo_olx() else {
        return;
    };
    assert_eq!(oras.len(), 2);
    for olx in &oras {
        let settings = parse(olx).unwrap();
        assert!(validate(&settings).is_empty());
        assert_eq!(normalize(settings.clone()), settings, "already normalized");
        assert_round_trip(&settings);
        // Written again, the OLX is the same text: nothing drifts.
        let written = to_olx(&settings, None);
        assert_eq!(to_olx(&parse(&written).unwrap(), None), written);
    }
}

fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
}

fn step(kind: StepKind) -> AssessmentStep {
    AssessmentStep {
        kind,
        start: None,
        due: None,
        must_grade: 0,
        must_be_graded_by: 0,
        enable_flexible_grading: false,
        grading_strategy: GradingStrategy::Median,
        required: false,
        examples: Vec::new(),
    }
}

fn option(name: &str, label: &str, points: u32, explanation: &str) -> RubricOption {
    RubricOption {
        name: name.into(),
        label: label.into(),
        points,
        explanation: explanation.into(),
    }
}

fn select(criterion: &str, option: &str) -> SelectedOption {
    SelectedOption {
        criterion: criterion.into(),
        option: option.into(),
    }
}

/// Every setting away from its default, with text XML must escape.
fn everything() -> OraSettings {
    OraSettings {
        title: "Essay <1> & \"quotes\" 'too' — ünïcödé".into(),
        prompts: vec![
            "<p>Compare <b>A</b> &amp; B.</p>\n<p>Line two &lt;tag&gt;</p>".into(),
            "Second prompt with ]]> and a\r\nWindows line end and a\ttab".into(),
        ],
        prompts_type: "html".into(),
        text_response: Necessity::Optional,
        text_response_editor: "tinymce".into(),
        file_upload_response: Necessity::Required,
        file_upload_type: Some(FileUploadType::Custom),
        white_listed_file_types: vec!["pdf".into(), "docx".into(), "tar.gz".into()],
        allow_multiple_files: false,
        allow_latex: true,
        show_rubric_during_response: true,
        leaderboard_show: 10,
        submission_start: Some(at(2030, 1, 2, 3, 4)),
        submission_due: Some(at(2030, 2, 1, 12, 0) + chrono::Duration::nanoseconds(123_456_789)),
        rubric: Rubric {
            criteria: vec![
                RubricCriterion {
                    name: "clarity & focus".into(),
                    label: "Clarity <& focus>".into(),
                    prompt: "Is it \"clear\"?\nSay why.".into(),
                    feedback: CriterionFeedback::Optional,
                    options: vec![
                        option("0", "Poor", 0, "Hard to follow < 50%."),
                        option("1", "Good", 2, ""),
                        option("2", "Excellent", 5, "Crystal & clear."),
                    ],
                },
                RubricCriterion {
                    name: "evidence".into(),
                    label: "Evidence".into(),
                    prompt: String::new(),
                    feedback: CriterionFeedback::Disabled,
                    options: vec![
                        option("none", "None", 0, "x"),
                        option("some", "Some", 1, "y"),
                    ],
                },
                RubricCriterion {
                    name: "comments".into(),
                    label: "Comments".into(),
                    prompt: "Anything else?".into(),
                    feedback: CriterionFeedback::Required,
                    options: Vec::new(),
                },
            ],
            feedback_prompt: Some("Overall, what stood out? <Be kind>".into()),
            feedback_default_text: Some(String::new()),
        },
        steps: vec![
            AssessmentStep {
                start: Some(at(2030, 2, 2, 0, 0)),
                due: Some(at(2030, 2, 10, 0, 0)),
                examples: vec![
                    TrainingExample {
                        answer: vec!["An <excellent> answer & more".into(), "Part two".into()],
                        options_selected: vec![
                            select("clarity & focus", "2"),
                            select("evidence", "some"),
                        ],
                    },
                    TrainingExample {
                        answer: vec![String::new(), "Only the second part".into()],
                        options_selected: vec![
                            select("clarity & focus", "0"),
                            select("evidence", "none"),
                        ],
                    },
                ],
                ..step(StepKind::StudentTraining)
            },
            AssessmentStep {
                start: Some(at(2030, 2, 3, 0, 0)),
                due: Some(at(2030, 3, 1, 0, 0)),
                must_grade: 4,
                must_be_graded_by: 2,
                enable_flexible_grading: true,
                grading_strategy: GradingStrategy::Mean,
                ..step(StepKind::PeerAssessment)
            },
            AssessmentStep {
                due: Some(at(2030, 3, 2, 0, 0)),
                ..step(StepKind::SelfAssessment)
            },
            AssessmentStep {
                required: true,
                ..step(StepKind::StaffAssessment)
            },
        ],
    }
}

#[test]
fn every_setting_and_special_character_reads_back_as_written() {
    let s = everything();
    assert!(validate(&s).is_empty(), "{:?}", validate(&s));
    assert_eq!(normalize(s.clone()), s, "already normalized");
    assert_round_trip(&s);
}

#[test]
fn each_step_kind_and_choice_reads_back_on_its_own() {
    let base = everything();
    let variants: Vec<fn(&mut OraSettings)> = vec![
        |s| s.steps = vec![step(StepKind::SelfAssessment)],
        |s| {
            s.steps = vec![AssessmentStep {
                required: true,
                ..step(StepKind::StaffAssessment)
            }]
        },
        |s| {
            s.steps = vec![AssessmentStep {
                required: false,
                ..step(StepKind::StaffAssessment)
            }]
        },
        |s| {
            s.steps = vec![AssessmentStep {
                must_grade: 1,
                must_be_graded_by: 1,
                ..step(StepKind::PeerAssessment)
            }]
        },
        |s| {
            s.text_response = Necessity::None;
            s.file_upload_type = Some(FileUploadType::PdfAndImage);
            s.white_listed_file_types.clear();
        },
        |s| {
            s.text_response = Necessity::Required;
            s.file_upload_response = Necessity::None;
            s.file_upload_type = None;
            s.white_listed_file_types.clear();
            s.prompts_type = "text".into();
            s.text_response_editor = "text".into();
        },
        |s| {
            s.file_upload_response = Necessity::Optional;
            s.file_upload_type = Some(FileUploadType::Image);
            s.leaderboard_show = 0;
            s.submission_start = None;
            s.submission_due = None;
            s.rubric.feedback_prompt = None;
            s.rubric.feedback_default_text = None;
            s.prompts.truncate(1);
        },
    ];
    for (i, change) in variants.iter().enumerate() {
        let mut s = base.clone();
        change(&mut s);
        assert_eq!(normalize(s.clone()), s, "variant {i}");
        assert_round_trip(&s);
    }
}

#[test]
fn what_olx_cannot_carry_is_normalized_before_it_is_written() {
    let mut s = everything();
    s.title = "  Padded title \n".into();
    s.prompts[0] = "\u{1}  Prompt with a control character \u{0}".into();
    s.rubric.criteria[0].name = " clarity & focus ".into();
    s.rubric.criteria[1].label = "   ".into();
    s.rubric.criteria[1].options[0].label = String::new();
    s.rubric.feedback_prompt = Some("  \n".into());
    s.white_listed_file_types = vec![" .PDF".into(), "doc, .TXT.".into(), ",".into()];
    s.steps[0].examples[0].answer.clear();
    s.steps[0].examples[0].options_selected[0].criterion = "clarity & focus ".into();
    s.steps[2].must_grade = 3;
    s.steps[2].required = true;
    s.steps[2].examples = s.steps[0].examples.clone();
    s.text_response_editor = "tiny\u{7}mce".into();

    let n = normalize(s);
    assert_eq!(n.title, "Padded title");
    assert_eq!(n.prompts[0], "Prompt with a control character");
    assert_eq!(n.rubric.criteria[0].name, "clarity & focus");
    assert_eq!(n.rubric.criteria[1].label, "evidence");
    assert_eq!(n.rubric.criteria[1].options[0].label, "none");
    assert_eq!(n.rubric.feedback_prompt.as_deref(), Some(""));
    assert_eq!(n.white_listed_file_types, ["pdf", "doc", "txt"]);
    assert_eq!(n.steps[0].examples[0].answer, [""]);
    assert_eq!(
        n.steps[0].examples[0].options_selected[0].criterion,
        "clarity & focus"
    );
    // The self step keeps only what a self step has.
    assert_eq!(
        n.steps[2],
        AssessmentStep {
            due: n.steps[2].due,
            ..step(StepKind::SelfAssessment)
        }
    );
    assert_eq!(n.text_response_editor, "tinymce");
    assert_eq!(normalize(n.clone()), n, "normalizing twice changes nothing");
    assert_round_trip(&n);

    // A file type without files asked for would read back as optional files.
    let mut s = everything();
    s.file_upload_response = Necessity::None;
    s.text_response = Necessity::Required;
    let n = normalize(s);
    assert_eq!(n.file_upload_type, None);
    assert_round_trip(&n);

    // An empty title reads back as ORA2's default.
    let mut s = everything();
    s.title = " ".into();
    assert_eq!(normalize(s).title, super::DEFAULT_TITLE);
}

#[test]
fn the_olx_is_written_as_ora2_writes_it() {
    let olx = to_olx(&everything(), Some("Essay"));
    for expected in [
        "<openassessment display_name=\"Essay\" submission_start=\"2030-01-02T03:04:00+00:00\"",
        "submission_due=\"2030-02-01T12:00:00.123456789+00:00\"",
        "leaderboard_show=\"10\"",
        "text_response=\"optional\"",
        "file_upload_response=\"required\"",
        "file_upload_type=\"custom\"",
        "white_listed_file_types=\"pdf,docx,tar.gz\"",
        "allow_multiple_files=\"False\"",
        "allow_latex=\"True\"",
        "show_rubric_during_response=\"True\"",
        "prompts_type=\"html\"",
        "<title>Essay &lt;1&gt; &amp; \"quotes\" 'too' — ünïcödé</title>",
        "<assessment name=\"student-training\" start=",
        "<assessment name=\"peer-assessment\" must_grade=\"4\" must_be_graded_by=\"2\" enable_flexible_grading=\"True\" grading_strategy=\"mean\"",
        "<assessment name=\"self-assessment\" due=",
        "<assessment name=\"staff-assessment\" required=\"True\"/>",
        "<part>An &lt;excellent&gt; answer &amp; more</part>",
        "<select criterion=\"clarity &amp; focus\" option=\"2\"/>",
        "<description>&lt;p&gt;Compare",
        "a&#13;\nWindows line end",
        "<criterion feedback=\"optional\">",
        "<option points=\"5\">",
        "<feedbackprompt>Overall, what stood out? &lt;Be kind&gt;</feedbackprompt>",
        "<feedback_default_text></feedback_default_text>",
    ] {
        assert!(olx.contains(expected), "{expected} missing in {olx}");
    }
    // Steps in order, then prompts, then the rubric; disabled feedback
    // leaves the attribute out.
    let order: Vec<usize> = [
        "<title>",
        "student-training",
        "peer-assessment",
        "<prompts>",
        "<rubric>",
    ]
    .iter()
    .map(|s| olx.find(s).unwrap())
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{olx}");
    assert!(
        olx.contains("<criterion>\n      <name>evidence</name>"),
        "{olx}"
    );
    // A self step gets none of the peer or staff attributes.
    assert!(!olx.contains("self-assessment\" must_grade"));
}

#[test]
fn a_new_assessment_is_valid_and_reads_back() {
    let s = new_assessment("  My essay ");
    assert_eq!(s.title, "My essay");
    assert!(validate(&s).is_empty(), "{:?}", validate(&s));
    assert_eq!(normalize(s.clone()), s);
    assert_round_trip(&s);
    assert_eq!(new_assessment("").title, super::DEFAULT_TITLE);
}
