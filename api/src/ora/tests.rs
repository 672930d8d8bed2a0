use std::path::Path;

use chrono::{TimeZone, Utc};
use shared_types::{
    CriterionFeedback, FileUploadType, GradingStrategy, Necessity, OraSettings, StepKind,
};

use super::config::{parse, points_possible, validate};
use super::scoring::{
    combine, final_score, mean, median, peer_score, required_peer_grades, CriterionPoints,
    PeerRules, Score,
};

/// The demo course's ORA blocks as the importer stores them, or `None`
/// (said plainly) when the shared fixtures are missing.
fn demo_oras() -> Option<Vec<OraSettings>> {
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
            .map(|b| parse(b.data.as_deref().unwrap()).unwrap())
            .collect(),
    )
}

#[test]
fn the_demo_courses_assessments_keep_every_setting() {
    let Some(oras) = demo_oras() else {
        return;
    };
    assert_eq!(oras.len(), 2);
    let peer = oras.iter().find(|o| o.title == "Peer Assessment").unwrap();
    assert_eq!(peer.text_response, Necessity::Required);
    assert_eq!(peer.text_response_editor, "tinymce");
    assert_eq!(peer.file_upload_response, Necessity::None);
    assert!(peer.allow_multiple_files);
    assert!(peer.show_rubric_during_response);
    assert_eq!(peer.leaderboard_show, 3);
    assert_eq!(peer.prompts_type, "html");
    assert_eq!(peer.prompts.len(), 1);
    assert!(peer.prompts[0].starts_with("<p>In the box below"));
    assert_eq!(
        peer.submission_due,
        Some(Utc.with_ymd_and_hms(2029, 1, 1, 0, 0, 0).unwrap())
    );
    assert_eq!(peer.steps.len(), 1);
    let step = &peer.steps[0];
    assert_eq!(step.kind, StepKind::PeerAssessment);
    assert_eq!((step.must_grade, step.must_be_graded_by), (1, 1));
    assert!(step.enable_flexible_grading);
    assert_eq!(step.grading_strategy, GradingStrategy::Median);
    let clarity = &peer.rubric.criteria[0];
    assert_eq!(clarity.label, "Clarity");
    assert_eq!(clarity.feedback, CriterionFeedback::Optional);
    assert_eq!(
        clarity
            .options
            .iter()
            .map(|o| (o.label.as_str(), o.points))
            .collect::<Vec<_>>(),
        [
            ("Excellent", 3),
            ("Good", 2),
            ("Poor", 1),
            ("Incomplete", 0)
        ]
    );
    assert!(peer
        .rubric
        .feedback_prompt
        .as_deref()
        .unwrap()
        .starts_with("(Optional) What aspects"));
    assert_eq!(
        peer.rubric.feedback_default_text.as_deref(),
        Some("I think that this response...")
    );
    assert_eq!(points_possible(&peer.rubric), 3);
    assert!(validate(peer).is_empty(), "{:?}", validate(peer));

    let essay = oras
        .iter()
        .find(|o| o.title == "Open Response Assessment")
        .unwrap();
    assert_eq!(essay.file_upload_response, Necessity::Optional);
    assert_eq!(essay.file_upload_type, Some(FileUploadType::Image));
    assert_eq!(
        essay.white_listed_file_types,
        ["gif", "jpg", "jpeg", "jfif", "pjpeg", "pjp", "png"]
    );
    assert!(essay.allow_latex);
    assert_eq!(essay.steps[0].kind, StepKind::SelfAssessment);
    assert_eq!(essay.rubric.criteria.len(), 3);
    assert!(essay.prompts[0].contains("Romeo and Juliet"));
    assert!(validate(essay).is_empty(), "{:?}", validate(essay));
}

const LEGACY: &str = r#"<openassessment allow_file_upload="True" submission_due="2030-05-01T12:00">
  <title>Legacy</title>
  <rubric>
    <prompt>Describe a tree.</prompt>
    <criterion>
      <name>size</name>
      <prompt>How big?</prompt>
      <option points="1"><name>small</name><explanation>Small</explanation></option>
      <option points="4"><name>big</name><label>Big</label><explanation>Big</explanation></option>
    </criterion>
    <criterion feedback="required">
      <name>notes</name>
      <prompt>Anything else?</prompt>
    </criterion>
  </rubric>
  <assessments>
    <assessment name="student-training">
      <example>
        <answer><part>An oak.</part></answer>
        <select criterion="size" option="big"/>
      </example>
    </assessment>
    <assessment name="peer-assessment" must_grade="5" must_be_graded_by="3" grading_strategy="mean"/>
    <assessment name="self-assessment"/>
    <assessment name="staff-assessment" required="True"/>
  </assessments>
</openassessment>"#;

#[test]
fn legacy_forms_read_as_ora2_reads_them() {
    let s = parse(LEGACY).unwrap();
    assert_eq!(s.prompts, ["Describe a tree."]);
    assert_eq!(s.file_upload_type, Some(FileUploadType::Image));
    assert_eq!(s.file_upload_response, Necessity::Optional);
    assert_eq!(s.text_response, Necessity::None);
    assert_eq!(
        s.submission_due,
        Some(Utc.with_ymd_and_hms(2030, 5, 1, 12, 0, 0).unwrap())
    );
    assert_eq!(s.rubric.criteria[0].label, "size");
    assert_eq!(s.rubric.criteria[0].options[0].label, "small");
    assert!(s.rubric.criteria[1].options.is_empty());
    assert_eq!(points_possible(&s.rubric), 4);
    let kinds: Vec<StepKind> = s.steps.iter().map(|st| st.kind).collect();
    assert_eq!(
        kinds,
        [
            StepKind::StudentTraining,
            StepKind::PeerAssessment,
            StepKind::SelfAssessment,
            StepKind::StaffAssessment
        ]
    );
    assert_eq!(s.steps[0].examples[0].answer, ["An oak."]);
    assert_eq!(s.steps[1].grading_strategy, GradingStrategy::Mean);
    assert!(s.steps[3].required);
    assert!(validate(&s).is_empty(), "{:?}", validate(&s));
}

#[test]
fn broken_settings_are_refused_with_the_reason() {
    assert!(parse("<problem/>").is_err());
    assert!(parse("<openassessment><rubric/></openassessment>").is_err());
    let bad_points = LEGACY.replace(r#"points="1""#, r#"points="one""#);
    assert!(parse(&bad_points).unwrap_err().0.contains("whole number"));
    let required_peer = LEGACY.replace(
        r#"<assessment name="self-assessment"/>"#,
        r#"<assessment name="self-assessment" required="True"/>"#,
    );
    assert!(parse(&required_peer).is_err());

    let mut s = parse(LEGACY).unwrap();
    s.steps[1].must_grade = 2;
    s.steps.swap(2, 3);
    s.rubric.criteria[1].feedback = CriterionFeedback::Optional;
    s.steps[0].examples[0].options_selected[0].option = "huge".into();
    let messages: Vec<String> = validate(&s).into_iter().map(|p| p.message).collect();
    assert!(messages
        .iter()
        .any(|m| m.contains("staff assessment must come last")));
    assert!(messages
        .iter()
        .any(|m| m.contains("must_grade must be at least")));
    assert!(messages
        .iter()
        .any(|m| m.contains("feedback must be required")));
    assert!(messages
        .iter()
        .any(|m| m.contains("unknown option \"huge\"")));

    let mut s = parse(LEGACY).unwrap();
    s.steps.retain(|st| st.kind == StepKind::StudentTraining);
    let messages: Vec<String> = validate(&s).into_iter().map(|p| p.message).collect();
    assert!(messages.iter().any(|m| m.contains("peer, self or staff")));
    assert!(messages
        .iter()
        .any(|m| m.contains("before a peer assessment")));

    let mut s = parse(LEGACY).unwrap();
    s.submission_start = Some(Utc.with_ymd_and_hms(2031, 1, 1, 0, 0, 0).unwrap());
    let messages: Vec<String> = validate(&s).into_iter().map(|p| p.message).collect();
    assert!(messages
        .iter()
        .any(|m| m.contains("start before it is due")));
}

#[test]
fn median_and_mean_round_up_as_ora2_does() {
    assert_eq!(median(&[]), 0);
    assert_eq!(median(&[4]), 4);
    assert_eq!(median(&[9, 1, 5]), 5);
    assert_eq!(median(&[1, 2]), 2);
    assert_eq!(median(&[2, 3, 4, 5]), 4);
    assert_eq!(median(&[0, 5]), 3);
    assert_eq!(median(&[1, 3]), 2);
    assert_eq!(median(&[5, 1, 3, 3]), 3);
    assert_eq!(mean(&[]), 0);
    assert_eq!(mean(&[5, 6, 12, 16, 22, 53]), 19);
    assert_eq!(mean(&[1, 2]), 2);
    assert_eq!(mean(&[3, 3, 4]), 4);
}

fn points(values: &[(&str, i64)]) -> CriterionPoints {
    values.iter().map(|(c, p)| (c.to_string(), *p)).collect()
}

#[test]
fn each_criterion_is_reduced_on_its_own_then_summed() {
    let graded = [
        points(&[("ideas", 5), ("content", 1)]),
        points(&[("ideas", 0), ("content", 3)]),
        points(&[("ideas", 3), ("content", 5)]),
    ];
    // Medians 3 and 3; means ceil(8/3)=3 and 3.
    assert_eq!(combine(&graded, GradingStrategy::Median), 6);
    assert_eq!(combine(&graded, GradingStrategy::Mean), 6);
    let two = &graded[..2];
    // Medians ceil(5/2)=3 and ceil(4/2)=2.
    assert_eq!(combine(two, GradingStrategy::Median), 5);
    assert_eq!(combine(&[], GradingStrategy::Median), 0);
}

#[test]
fn flexible_grading_needs_thirty_percent_after_seven_calendar_days() {
    let submitted = Utc.with_ymd_and_hms(2026, 11, 1, 23, 59, 0).unwrap();
    let day6 = Utc.with_ymd_and_hms(2026, 11, 7, 23, 59, 59).unwrap();
    let day7 = Utc.with_ymd_and_hms(2026, 11, 8, 0, 0, 1).unwrap();
    for (by, flexible) in [(1, 1), (3, 1), (4, 1), (5, 1), (7, 2), (10, 3)] {
        assert_eq!(
            required_peer_grades(by, true, submitted, day7),
            flexible,
            "{by}"
        );
        assert_eq!(required_peer_grades(by, true, submitted, day6), by, "{by}");
        assert_eq!(required_peer_grades(by, false, submitted, day7), by, "{by}");
    }
}

#[test]
fn the_peer_score_waits_for_both_sides_and_uses_the_oldest_grades() {
    let submitted = Utc.with_ymd_and_hms(2026, 11, 1, 10, 0, 0).unwrap();
    let soon = submitted + chrono::Duration::hours(1);
    let received = [
        points(&[("clarity", 3)]),
        points(&[("clarity", 1)]),
        points(&[("clarity", 0)]),
        points(&[("clarity", 0)]),
    ];
    let rules = |flexible| PeerRules {
        must_be_graded_by: 3,
        flexible,
        strategy: GradingStrategy::Median,
    };
    // The learner has not graded enough yet.
    assert_eq!(
        peer_score(rules(false), &received, false, submitted, soon, 3),
        None
    );
    // Not enough grades received.
    assert_eq!(
        peer_score(rules(false), &received[..2], true, submitted, soon, 3),
        None
    );
    // The oldest three: 3, 1, 0 → median 1.
    assert_eq!(
        peer_score(rules(false), &received, true, submitted, soon, 3),
        Some(Score {
            earned: 1,
            possible: 3
        })
    );
    // Flexible after a week: one grade suffices, and all received up to
    // must_be_graded_by count.
    let later = submitted + chrono::Duration::days(8);
    assert_eq!(
        peer_score(rules(true), &received[..1], true, submitted, later, 3),
        Some(Score {
            earned: 3,
            possible: 3
        })
    );
    assert_eq!(
        peer_score(rules(true), &received[..2], true, submitted, later, 3),
        Some(Score {
            earned: 2,
            possible: 3
        })
    );
}

#[test]
fn staff_overrides_then_peer_then_self() {
    let s = |earned| {
        Some(Score {
            earned,
            possible: 5,
        })
    };
    assert_eq!(final_score(s(1), true, true, s(4), true, s(5)), s(1));
    assert_eq!(final_score(None, true, true, s(4), true, s(5)), None);
    assert_eq!(final_score(None, false, true, s(4), true, s(5)), s(4));
    // With a peer step, its score counts even while there is none yet.
    assert_eq!(final_score(None, false, true, None, true, s(5)), None);
    assert_eq!(final_score(None, false, false, None, true, s(5)), s(5));
    assert_eq!(final_score(None, false, false, None, false, None), None);
}
