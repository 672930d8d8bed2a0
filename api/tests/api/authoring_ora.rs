//! `/api/v1/authoring/courses/{course_key}/blocks/{usage_key}/ora`: an open
//! response assessment's settings read from and written as its OLX, as a
//! block edit on a base version, by the course team only.

use chrono::{TimeZone, Utc};
use poem::http::StatusCode;
use serde_json::json;
use shared_types::{
    AssessmentStep, BlockEdited, BlockView, CriterionFeedback, GradingStrategy, OraSettings,
    RubricCriterion, RubricOption, SelectedOption, StepKind, TrainingExample, UnitComponent,
    UnitView, VersionHistory,
};

use crate::helpers::{body, problem, staff, Course, TestApp, PASSWORD};

crate::backend_tests!(
    course_staff_read_the_settings_of_an_imported_assessment,
    a_new_assessment_reads_as_the_template_named_after_the_block,
    authors_change_the_rubric_steps_and_dates_and_read_them_back,
    the_written_olx_survives_publishing_export_and_the_learners_unit,
    invalid_settings_are_refused_with_every_problem_and_nothing_saved,
    olx_that_cannot_be_read_is_a_conflict_naming_the_reason,
    only_the_course_team_edits_and_only_assessments,
);

/// The demo course's directory, or `None` (said plainly) when the shared
/// fixtures are missing.
fn demo_course() -> Option<std::path::PathBuf> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/fixtures/olx/demo-course");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "SKIPPED: the demo course fixture {} is missing; this test did not run",
            dir.display()
        );
        None
    }
}

fn ora_path(course_key: &str, usage_key: &str) -> String {
    format!("/api/v1/authoring/courses/{course_key}/blocks/{usage_key}/ora")
}

async fn read_settings(app: &TestApp, token: &str, course_key: &str, id: &str) -> OraSettings {
    let resp = app.get(ora_path(course_key, id), token).await;
    resp.assert_status_is_ok();
    body(resp).await
}

async fn put_settings(
    app: &TestApp,
    token: &str,
    course_key: &str,
    id: &str,
    base_version: &str,
    settings: &OraSettings,
) -> poem::test::TestResponse {
    app.put(
        format!("{}?base_version={base_version}", ora_path(course_key, id)),
        token,
        settings,
    )
    .await
}

async fn block_view(app: &TestApp, token: &str, id: &str) -> BlockView {
    let resp = app
        .get(format!("/api/v1/authoring/blocks/{id}"), token)
        .await;
    resp.assert_status_is_ok();
    body(resp).await
}

/// A course with an assessment in a unit: the course, the unit's key and
/// the assessment's key.
async fn course_with_assessment<'a>(
    app: &'a TestApp,
    token: &str,
    run: &str,
) -> (Course<'a>, String, String) {
    let mut c = Course::new(app, token, run).await;
    let root = c.root();
    let week = c.add(&root, "chapter", "Week 1", json!({})).await;
    let lesson = c.add(&week, "sequential", "Lesson", json!({})).await;
    let unit = c.add(&lesson, "vertical", "Essay unit", json!({})).await;
    let essay = c
        .add(&unit, "openassessment", "Essay", json!({"weight": 2.0}))
        .await;
    (c, unit, essay)
}

fn at(y: i32, mo: u32, d: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, 12, 0, 0).unwrap()
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

/// The template changed the way an author would: a new title and prompt,
/// a rubric of its own, training, peer, self and staff steps with dates.
fn edited(mut s: OraSettings) -> OraSettings {
    s.title = "Argue & persuade".into();
    s.prompts = vec!["Argue for <one> side.".into()];
    s.submission_start = Some(at(2030, 1, 1));
    s.submission_due = Some(at(2030, 2, 1));
    s.rubric.criteria = vec![
        RubricCriterion {
            name: "argument".into(),
            label: "Argument".into(),
            prompt: "Is the argument sound?".into(),
            feedback: CriterionFeedback::Optional,
            options: vec![
                RubricOption {
                    name: "weak".into(),
                    label: "Weak".into(),
                    points: 0,
                    explanation: "Unsupported.".into(),
                },
                RubricOption {
                    name: "strong".into(),
                    label: "Strong".into(),
                    points: 4,
                    explanation: "Well supported.".into(),
                },
            ],
        },
        RubricCriterion {
            name: "notes".into(),
            label: "Notes".into(),
            prompt: "Anything else?".into(),
            feedback: CriterionFeedback::Required,
            options: Vec::new(),
        },
    ];
    s.steps = vec![
        AssessmentStep {
            examples: vec![TrainingExample {
                answer: vec!["Because it is so.".into()],
                options_selected: vec![SelectedOption {
                    criterion: "argument".into(),
                    option: "weak".into(),
                }],
            }],
            ..step(StepKind::StudentTraining)
        },
        AssessmentStep {
            must_grade: 3,
            must_be_graded_by: 2,
            enable_flexible_grading: true,
            grading_strategy: GradingStrategy::Mean,
            start: Some(at(2030, 1, 15)),
            due: Some(at(2030, 3, 1)),
            ..step(StepKind::PeerAssessment)
        },
        AssessmentStep {
            due: Some(at(2030, 3, 15)),
            ..step(StepKind::SelfAssessment)
        },
        AssessmentStep {
            required: true,
            ..step(StepKind::StaffAssessment)
        },
    ];
    s
}

async fn course_staff_read_the_settings_of_an_imported_assessment(app: TestApp) {
    let Some(dir) = demo_course() else {
        return;
    };
    let author = app.user("author", true, false).await;
    let token = staff(&app, "reader").await;
    let imported = api::olx::import::import_dir(&dir).unwrap();
    let key = imported.course_key.to_string();
    let oras: Vec<(String, String)> = imported
        .structure
        .blocks
        .iter()
        .filter(|b| b.block_type == "openassessment")
        .map(|b| {
            let id = imported
                .course_key
                .block(&b.block_type, &b.block_id)
                .unwrap()
                .to_string();
            (id, b.data.clone().unwrap())
        })
        .collect();
    app.state
        .authoring
        .import_olx(Some(&author), imported, false)
        .await
        .unwrap();
    assert_eq!(oras.len(), 2);

    let mut titles = Vec::new();
    for (id, olx) in &oras {
        let settings = read_settings(&app, &token, &key, id).await;
        assert_eq!(settings, api::ora::config::parse(olx).unwrap());
        titles.push(settings.title);
    }
    titles.sort();
    assert_eq!(titles, ["Open Response Assessment", "Peer Assessment"]);

    // Changed and saved, an imported assessment exports as saved: the
    // attributes it was imported with do not come back over the new OLX.
    let (id, olx) = &oras[0];
    let mut wanted = api::ora::config::parse(olx).unwrap();
    wanted.title = "Renamed".into();
    wanted.submission_start = None;
    wanted.submission_due = Some(at(2031, 6, 1));
    wanted.leaderboard_show = 0;
    wanted.allow_latex = !wanted.allow_latex;
    wanted.show_rubric_during_response = !wanted.show_rubric_during_response;
    for s in &mut wanted.steps {
        s.start = None;
        s.due = None;
    }
    let version = block_view(&app, &token, id).await.version;
    put_settings(&app, &token, &key, id, &version, &wanted)
        .await
        .assert_status_is_ok();
    assert_eq!(read_settings(&app, &token, &key, id).await, wanted);
    let resp = app
        .get(format!("/api/v1/authoring/courses/{key}/export"), &token)
        .await;
    resp.assert_status_is_ok();
    let bytes = resp.0.into_body().into_vec().await.unwrap();
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("export.tar.gz");
    std::fs::write(&path, bytes).unwrap();
    let again = api::olx::import::import_tar_gz(&path).unwrap();
    let block_id = id.rsplit('@').next().unwrap();
    let block = again
        .structure
        .blocks
        .iter()
        .find(|b| b.block_type == "openassessment" && b.block_id == block_id)
        .unwrap();
    assert_eq!(
        api::ora::config::parse(block.data.as_deref().unwrap()).unwrap(),
        wanted
    );
    assert_eq!(block.fields["display_name"], json!("Renamed"));
}

async fn a_new_assessment_reads_as_the_template_named_after_the_block(app: TestApp) {
    let token = staff(&app, "author").await;
    let (c, _, essay) = course_with_assessment(&app, &token, "T1").await;
    let settings = read_settings(&app, &token, &c.key, &essay).await;
    assert_eq!(settings, api::ora::serialize::new_assessment("Essay"));
    assert!(api::ora::config::validate(&settings).is_empty());
}

async fn authors_change_the_rubric_steps_and_dates_and_read_them_back(app: TestApp) {
    let token = staff(&app, "author").await;
    let (c, _, essay) = course_with_assessment(&app, &token, "T1").await;
    let wanted = edited(read_settings(&app, &token, &c.key, &essay).await);

    let resp = put_settings(&app, &token, &c.key, &essay, &c.version, &wanted).await;
    resp.assert_status_is_ok();
    let saved: BlockEdited = body(resp).await;
    assert_eq!(saved.id, essay);
    assert_ne!(saved.version, c.version);
    assert_eq!(read_settings(&app, &token, &c.key, &essay).await, wanted);

    // The block is edited like any other: its name follows the title, its
    // OLX is the new one, its other settings stay, the history says so.
    let view = block_view(&app, &token, &essay).await;
    assert_eq!(view.version, saved.version);
    assert_eq!(view.block.display_name, "Argue & persuade");
    let olx = view.block.data.unwrap();
    assert!(olx.starts_with("<openassessment display_name=\"Argue &amp; persuade\""));
    assert_eq!(api::ora::config::parse(&olx).unwrap(), wanted);
    assert_eq!(view.block.fields["weight"], json!(2.0));
    assert_eq!(
        view.block.fields["submission_due"],
        json!("2030-02-01T12:00:00+00:00")
    );
    let history: VersionHistory = body(
        app.get(
            format!("/api/v1/authoring/courses/{}/versions", c.key),
            &token,
        )
        .await,
    )
    .await;
    assert_eq!(history.results[0].id, saved.version);
    assert!(history.results[0]
        .message
        .starts_with("Edited openassessment"));

    // Edited again on the new version: fewer steps, no dates.
    let mut again = wanted.clone();
    again.steps = vec![step(StepKind::SelfAssessment)];
    again.submission_start = None;
    again.submission_due = None;
    let resp = put_settings(&app, &token, &c.key, &essay, &saved.version, &again).await;
    resp.assert_status_is_ok();
    let second: BlockEdited = body(resp).await;
    assert_eq!(read_settings(&app, &token, &c.key, &essay).await, again);
    let view = block_view(&app, &token, &essay).await;
    assert!(view.block.fields.get("submission_due").is_none());

    // A stale base is refused with the current version; nothing changes.
    let resp = put_settings(&app, &token, &c.key, &essay, &saved.version, &wanted).await;
    let err = problem(resp, StatusCode::CONFLICT, "stale_version").await;
    assert_eq!(
        err.current_version.as_deref(),
        Some(second.version.as_str())
    );
    assert_eq!(read_settings(&app, &token, &c.key, &essay).await, again);
}

async fn the_written_olx_survives_publishing_export_and_the_learners_unit(app: TestApp) {
    let token = staff(&app, "author").await;
    let (mut c, unit, essay) = course_with_assessment(&app, &token, "T1").await;
    let wanted = edited(read_settings(&app, &token, &c.key, &essay).await);
    let resp = put_settings(&app, &token, &c.key, &essay, &c.version, &wanted).await;
    resp.assert_status_is_ok();
    c.version = body::<BlockEdited>(resp).await.version;
    c.publish().await;

    // The learner's unit shows the assessment under its new name.
    let learner = app.signed_in("learner").await;
    c.enroll(&learner).await;
    let resp = app
        .get(format!("/api/v1/courses/{}/units/{unit}", c.key), &learner)
        .await;
    resp.assert_status_is_ok();
    let view: UnitView = body(resp).await;
    let shown = view
        .components
        .iter()
        .find_map(|c| match c {
            UnitComponent::Openassessment(o) => Some(o),
            _ => None,
        })
        .expect("the assessment is in the unit");
    assert_eq!(shown.id, essay);
    assert_eq!(shown.display_name, "Argue & persuade");

    // What learners are served is the written OLX.
    let heads = app.state.content.heads(&c.key).await.unwrap().unwrap();
    let (_, published) = app
        .state
        .content
        .version(&heads.published.unwrap())
        .await
        .unwrap()
        .unwrap();
    let block = published
        .blocks
        .iter()
        .find(|b| b.block_type == "openassessment")
        .unwrap();
    assert_eq!(
        api::ora::config::parse(block.data.as_deref().unwrap()).unwrap(),
        wanted
    );

    // Exported and imported again, the settings and the name are the same.
    let resp = app
        .get(
            format!("/api/v1/authoring/courses/{}/export", c.key),
            &token,
        )
        .await;
    resp.assert_status_is_ok();
    let bytes = resp.0.into_body().into_vec().await.unwrap();
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("export.tar.gz");
    std::fs::write(&path, bytes).unwrap();
    let again = api::olx::import::import_tar_gz(&path).unwrap();
    let block = again
        .structure
        .blocks
        .iter()
        .find(|b| b.block_type == "openassessment")
        .unwrap();
    assert_eq!(
        api::ora::config::parse(block.data.as_deref().unwrap()).unwrap(),
        wanted
    );
    assert_eq!(block.fields["display_name"], json!("Argue & persuade"));
    assert_eq!(block.fields["weight"], json!(2.0));
}

async fn invalid_settings_are_refused_with_every_problem_and_nothing_saved(app: TestApp) {
    let token = staff(&app, "author").await;
    let (c, _, essay) = course_with_assessment(&app, &token, "T1").await;
    let before = read_settings(&app, &token, &c.key, &essay).await;

    let mut bad = before.clone();
    bad.steps.clear();
    bad.rubric.criteria.clear();
    bad.file_upload_response = shared_types::Necessity::Optional;
    bad.file_upload_type = Some(shared_types::FileUploadType::Custom);
    bad.prompts_type = "markdown".into();
    let resp = put_settings(&app, &token, &c.key, &essay, &c.version, &bad).await;
    let err = problem(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(err.field.as_deref(), Some("steps"));
    let lines: Vec<&str> = err.detail.lines().collect();
    for expected in [
        "Steps: must include a peer, self or staff assessment.",
        "Rubric: needs at least one criterion.",
        "White listed file types: list the allowed file extensions.",
        "Prompts type: must be text or html.",
    ] {
        assert!(lines.contains(&expected), "{expected} not in {lines:?}");
    }

    // Peer counts and the order of dates are checked too.
    let mut bad = edited(before.clone());
    bad.steps[1].must_grade = 1;
    bad.submission_due = Some(at(2031, 1, 1));
    let resp = put_settings(&app, &token, &c.key, &essay, &c.version, &bad).await;
    let err = problem(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert!(
        err.detail.contains("must_grade must be at least"),
        "{}",
        err.detail
    );
    assert!(err.detail.contains("cannot be due after"), "{}", err.detail);

    // Nothing was saved: same draft, same settings.
    let view = block_view(&app, &token, &essay).await;
    assert_eq!(view.version, c.version);
    assert_eq!(view.block.data, None);
    assert_eq!(read_settings(&app, &token, &c.key, &essay).await, before);

    // A body that is not settings at all is refused before that.
    let resp = app
        .put(
            format!("{}?base_version={}", ora_path(&c.key, &essay), c.version),
            &token,
            &json!({"title": "Only a title"}),
        )
        .await;
    assert_eq!(resp.0.status(), StatusCode::BAD_REQUEST);
}

async fn olx_that_cannot_be_read_is_a_conflict_naming_the_reason(app: TestApp) {
    let token = staff(&app, "author").await;
    let (mut c, _, essay) = course_with_assessment(&app, &token, "T1").await;
    c.patch(
        &essay,
        json!({"data": "<openassessment><rubric/></openassessment>"}),
    )
    .await;
    let resp = app.get(ora_path(&c.key, &essay), &token).await;
    let err = problem(resp, StatusCode::CONFLICT, "unreadable_content").await;
    assert_eq!(err.field.as_deref(), Some("data"));
    assert!(err.detail.contains("needs <assessments>"), "{}", err.detail);

    // Writing settings over it repairs it.
    let fixed = api::ora::serialize::new_assessment("Essay");
    put_settings(&app, &token, &c.key, &essay, &c.version, &fixed)
        .await
        .assert_status_is_ok();
    assert_eq!(read_settings(&app, &token, &c.key, &essay).await, fixed);
}

async fn only_the_course_team_edits_and_only_assessments(app: TestApp) {
    let token = staff(&app, "author").await;
    let (mut c, unit, essay) = course_with_assessment(&app, &token, "T1").await;
    let quiz = c.add(&unit, "problem", "Quiz", json!({})).await;
    let settings = read_settings(&app, &token, &c.key, &essay).await;

    // A course staff member of this course may; of another course, not.
    let (other, _, other_essay) = course_with_assessment(&app, &token, "T2").await;
    app.user("grace", false, false).await;
    app.post(
        format!("/api/v1/authoring/courses/{}/team", other.key),
        &token,
        &json!({"user": "grace", "role": "staff"}),
    )
    .await
    .assert_status(StatusCode::NO_CONTENT);
    let grace = body::<shared_types::LoginResponse>(app.login("grace", PASSWORD).await)
        .await
        .token;
    read_settings(&app, &grace, &other.key, &other_essay).await;
    let learner = app.signed_in("learner").await;
    for who in [&grace, &learner] {
        let resp = app.get(ora_path(&c.key, &essay), who).await;
        problem(resp, StatusCode::FORBIDDEN, "forbidden").await;
        let resp = put_settings(&app, who, &c.key, &essay, &c.version, &settings).await;
        problem(resp, StatusCode::FORBIDDEN, "forbidden").await;
        // Naming their own course in the path does not reach this block.
        let resp = put_settings(&app, who, &other.key, &essay, &c.version, &settings).await;
        assert!(
            [StatusCode::FORBIDDEN, StatusCode::NOT_FOUND].contains(&resp.0.status()),
            "{:?}",
            resp.0.status()
        );
    }

    // Other block types, unknown blocks and mismatched courses are not found.
    let missing = essay.replace("block@", "block@nope");
    for (course, id) in [
        (&c.key, &quiz),
        (&c.key, &unit),
        (&c.key, &missing),
        (&other.key, &essay),
        (&c.key, &"not-a-key".to_string()),
    ] {
        let resp = app.get(ora_path(course, id), &token).await;
        problem(resp, StatusCode::NOT_FOUND, "not_found").await;
        let resp = put_settings(&app, &token, course, id, &c.version, &settings).await;
        problem(resp, StatusCode::NOT_FOUND, "not_found").await;
    }
    // Nothing changed in either course.
    assert_eq!(block_view(&app, &token, &essay).await.version, c.version);
}
