//! Open response assessments through the API: learners respond, assess
//! each other and themselves and get grades computed as ORA2 does; the
//! course team grades, overrides, cancels and exports.

use poem::http::StatusCode;
use poem::test::{TestForm, TestFormField, TestResponse};
use serde_json::{json, Value};
use shared_types::{OraStatus, OraSubmissionDetail, OraSubmissionPage, OraView};

use crate::helpers::{body, problem, staff, Course, TestApp};

crate::backend_tests!(
    three_learners_grade_each_other_and_get_the_median,
    staff_grade_overrides_and_cancelling_lets_the_learner_resubmit,
    drafts_and_files_follow_the_settings,
    learners_reach_only_their_own_work,
    the_submission_list_reads_the_same_number_of_queries_whatever_its_length,
    training_matches_the_course_teams_choices_in_order,
    html_prompts_reach_learners_sanitized,
);

/// An assessment: two prompts, a two-criterion rubric (0–5 + 0–3 points),
/// then the given steps.
fn ora_xml(steps: &str, files: &str) -> String {
    format!(
        r#"<openassessment text_response="required" {files}>
  <title>Essay</title>
  <assessments>{steps}</assessments>
  <prompts><prompt><description>Explain why.</description></prompt><prompt><description>Give an example.</description></prompt></prompts>
  <rubric>
    <criterion feedback="optional"><name>ideas</name><label>Ideas</label><prompt>How good are the ideas?</prompt>
      <option points="0"><name>poor</name><label>Poor</label><explanation>None.</explanation></option>
      <option points="3"><name>fair</name><label>Fair</label><explanation>Some.</explanation></option>
      <option points="5"><name>good</name><label>Good</label><explanation>Many.</explanation></option>
    </criterion>
    <criterion><name>form</name><label>Form</label><prompt>Is it well written?</prompt>
      <option points="0"><name>no</name><label>No</label><explanation></explanation></option>
      <option points="3"><name>yes</name><label>Yes</label><explanation></explanation></option>
    </criterion>
    <feedbackprompt>Anything else?</feedbackprompt>
  </rubric>
</openassessment>"#
    )
}

const PEER_SELF: &str = r#"<assessment name="peer-assessment" must_grade="2" must_be_graded_by="2"/><assessment name="self-assessment"/>"#;

/// A published course with one assessment in a graded subsection;
/// answers (course, block id, staff token).
async fn course_with<'a>(app: &'a TestApp, xml: &str) -> (Course<'a>, String, String) {
    let admin = staff(app, "admin").await;
    let mut c = Course::new(app, &admin, "ORA").await;
    let root = c.root();
    let chapter = c.add(&root, "chapter", "Week 1", json!({})).await;
    let seq = c
        .add(
            &chapter,
            "sequential",
            "Essays",
            json!({"graded": true, "format": "Homework"}),
        )
        .await;
    let unit = c.add(&seq, "vertical", "Write", json!({})).await;
    let ora = c
        .add(&unit, "openassessment", "Essay", json!({"data": xml}))
        .await;
    c.publish().await;
    (c, ora, admin)
}

fn base(c: &Course<'_>, ora: &str) -> String {
    format!("/api/v1/courses/{}/ora/{}", c.key, ora)
}

async fn view(app: &TestApp, c: &Course<'_>, ora: &str, token: &str) -> OraView {
    let resp = app.get(base(c, ora), token).await;
    resp.assert_status_is_ok();
    body(resp).await
}

fn answers(ideas: &str, form: &str) -> Value {
    json!({"criteria": [
        {"criterion": "ideas", "option": ideas, "feedback": format!("ideas were {ideas}")},
        {"criterion": "form", "option": form}
    ], "feedback": "Thanks"})
}

async fn submit(app: &TestApp, c: &Course<'_>, ora: &str, token: &str, text: &str) -> OraView {
    let resp = app
        .post(
            format!("{}/submission", base(c, ora)),
            token,
            &json!({"text": [text, "An example."]}),
        )
        .await;
    resp.assert_status_is_ok();
    body(resp).await
}

/// Asks for the next response and assesses it.
async fn assess_next(
    app: &TestApp,
    c: &Course<'_>,
    ora: &str,
    token: &str,
    pick: impl Fn(&str) -> (&'static str, &'static str),
) -> OraView {
    let resp = app
        .post(format!("{}/peer/next", base(c, ora)), token, &json!({}))
        .await;
    resp.assert_status_is_ok();
    let task: Value = body(resp).await;
    let text = task["response"]["text"][0].as_str().unwrap().to_string();
    let (ideas, form) = pick(&text);
    let mut input = answers(ideas, form);
    input["submission"] = task["submission"].clone();
    let resp = app
        .post(format!("{}/peer/assessments", base(c, ora)), token, &input)
        .await;
    resp.assert_status_is_ok();
    body(resp).await
}

async fn progress_earned(app: &TestApp, c: &Course<'_>, ora: &str, token: &str) -> f64 {
    let resp = app
        .get(format!("/api/v1/courses/{}/progress", c.key), token)
        .await;
    resp.assert_status_is_ok();
    let p: Value = body(resp).await;
    p["subsections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["problems"].as_array().unwrap().clone())
        .find(|x| x["id"] == ora)
        .map(|x| x["earned"].as_f64().unwrap())
        .expect("the assessment is on the progress page")
}

async fn three_learners_grade_each_other_and_get_the_median(app: TestApp) {
    let (c, ora, _) = course_with(&app, &ora_xml(PEER_SELF, "")).await;
    let mut learners = Vec::new();
    for name in ["ann", "bob", "cat"] {
        let token = app.signed_in(name).await;
        c.enroll(&token).await;
        learners.push(token);
    }
    let v = view(&app, &c, &ora, &learners[0]).await;
    assert_eq!(v.status, OraStatus::Response);
    assert_eq!(v.settings.prompts.len(), 2);
    assert_eq!(v.weighted_possible, 8.0);
    for (i, token) in learners.iter().enumerate() {
        let v = submit(&app, &c, &ora, token, &format!("response {i}")).await;
        assert_eq!(v.status, OraStatus::Peer);
        assert_eq!(v.peer.as_ref().unwrap().must_grade, 2);
    }
    // Each grades the other two: ann's response gets good/yes and
    // fair/no, bob's poor/no twice, cat's good/yes twice.
    let pick = |text: &str| match text {
        "response 0" => ("good", "yes"),
        "response 1" => ("poor", "no"),
        _ => ("good", "yes"),
    };
    let pick_from_cat = |text: &str| match text {
        "response 0" => ("fair", "no"),
        "response 1" => ("poor", "no"),
        _ => unreachable!("nobody assesses their own response"),
    };
    for (i, token) in learners.iter().enumerate() {
        for _ in 0..2 {
            if i == 2 {
                assess_next(&app, &c, &ora, token, pick_from_cat).await;
            } else {
                assess_next(&app, &c, &ora, token, pick).await;
            }
        }
        // Nothing left: everyone else's response was assessed by them.
        let resp = app
            .post(format!("{}/peer/next", base(&c, &ora)), token, &json!({}))
            .await;
        resp.assert_status(StatusCode::NO_CONTENT);
    }
    for token in &learners {
        let v = view(&app, &c, &ora, token).await;
        assert_eq!(v.status, OraStatus::SelfAssessment);
        let resp = app
            .post(
                format!("{}/self-assessment", base(&c, &ora)),
                token,
                &answers("good", "yes"),
            )
            .await;
        resp.assert_status_is_ok();
        let v: OraView = body(resp).await;
        assert_eq!(v.status, OraStatus::Done);
    }
    // Medians: ann (5,3)+(3,0) → ideas 4, form 2 (rounded up) = 6;
    // bob 0; cat 8. Self grades do not count when peers grade.
    let expected = [6, 0, 8];
    for (token, want) in learners.iter().zip(expected) {
        let v = view(&app, &c, &ora, token).await;
        let grade = v.grade.expect("graded");
        assert_eq!((grade.earned, grade.possible), (want, 8));
        assert_eq!(grade.source, "peer");
        assert_eq!(grade.criteria.len(), 2);
        assert!(v.self_assessment.is_some());
        assert_eq!(
            progress_earned(&app, &c, &ora, token).await,
            f64::from(want)
        );
    }
    let ann = view(&app, &c, &ora, &learners[0]).await.grade.unwrap();
    assert_eq!(ann.criteria[0].peer_options, ["Good", "Fair"]);
    assert_eq!(
        ann.criteria[0].feedback,
        ["ideas were good", "ideas were fair"]
    );
    // Peers stay anonymous to the learner.
    assert!(ann.self_assessment.unwrap().grader.is_none());
    // Each learner is emailed once, when their grade became ready.
    app.run_jobs().await;
    let mails = app.mails();
    let ready: Vec<&String> = mails.iter().filter(|m| m.contains("is ready")).collect();
    assert_eq!(ready.len(), 3, "{ready:?}");
    for (name, points) in [("ann", 6), ("bob", 0), ("cat", 8)] {
        assert!(
            ready.iter().any(|m| m.contains(&format!("Hello {name},"))
                && m.contains(&format!("{points} of 8 points"))),
            "{name}"
        );
    }
}

async fn staff_grade_overrides_and_cancelling_lets_the_learner_resubmit(app: TestApp) {
    let steps = r#"<assessment name="self-assessment"/><assessment name="staff-assessment" required="False"/>"#;
    let (c, ora, admin) = course_with(&app, &ora_xml(steps, "")).await;
    let learner = app.signed_in("lee").await;
    c.enroll(&learner).await;
    // Lee does not want grade emails.
    let prefs: Value = body(
        app.patch(
            "/api/v1/me/preferences",
            &learner,
            &json!({"ora_email": false}),
        )
        .await,
    )
    .await;
    assert_eq!(prefs["ora_email"], false);
    submit(&app, &c, &ora, &learner, "my essay").await;
    let resp = app
        .post(
            format!("{}/self-assessment", base(&c, &ora)),
            &learner,
            &answers("good", "yes"),
        )
        .await;
    let v: OraView = body(resp).await;
    assert_eq!(v.status, OraStatus::Done);
    assert_eq!(v.grade.as_ref().unwrap().earned, 8);
    assert_eq!(progress_earned(&app, &c, &ora, &learner).await, 8.0);
    // A new weight scales the grade when the course is regraded.
    let mut c = c;
    c.patch(&ora, json!({"weight": 4.0})).await;
    c.publish().await;
    app.state
        .courseware
        .regrade_course(&c.key, 10, &|_, _| {})
        .await
        .unwrap();
    assert_eq!(progress_earned(&app, &c, &ora, &learner).await, 4.0);
    c.patch(&ora, json!({"weight": 8.0})).await;
    c.publish().await;
    app.state
        .courseware
        .regrade_course(&c.key, 10, &|_, _| {})
        .await
        .unwrap();
    assert_eq!(progress_earned(&app, &c, &ora, &learner).await, 8.0);

    // The course team's list.
    let resp = app
        .get(format!("/api/v1/courses/{}/ora", c.key), &admin)
        .await;
    resp.assert_status_is_ok();
    let items: Value = body(resp).await;
    assert_eq!(items[0]["id"], ora);
    assert_eq!(items[0]["submissions"], 1);
    assert_eq!(items[0]["ungraded"], 1);
    assert_eq!(items[0]["breadcrumb"], json!(["Week 1", "Essays", "Write"]));
    let resp = app
        .get(format!("{}/submissions", base(&c, &ora)), &admin)
        .await;
    let page: OraSubmissionPage = body(resp).await;
    assert_eq!(page.count, 1);
    let uuid = page.results[0].uuid.clone();
    assert_eq!(page.results[0].username, "lee");
    assert_eq!(page.results[0].status, "done");
    assert_eq!(page.results[0].earned, Some(8));

    // One staff member grades at a time.
    let other = staff(&app, "other").await;
    let sub = format!("{}/submissions/{uuid}", base(&c, &ora));
    app.post(format!("{sub}/lock"), &admin, &json!({}))
        .await
        .assert_status_is_ok();
    let refused = problem(
        app.post(format!("{sub}/lock"), &other, &json!({})).await,
        StatusCode::CONFLICT,
        "locked",
    )
    .await;
    assert!(refused.detail.contains("admin"));
    problem(
        app.post(
            format!("{sub}/staff-assessment"),
            &other,
            &answers("poor", "no"),
        )
        .await,
        StatusCode::CONFLICT,
        "locked",
    )
    .await;
    // A bad rubric answer changes nothing.
    app.post(
        format!("{sub}/staff-assessment"),
        &admin,
        &answers("excellent", "no"),
    )
    .await
    .assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let resp = app
        .post(
            format!("{sub}/staff-assessment"),
            &admin,
            &answers("fair", "no"),
        )
        .await;
    resp.assert_status_is_ok();
    let detail: OraSubmissionDetail = body(resp).await;
    assert_eq!(detail.grade.as_ref().unwrap().earned, 3);
    assert_eq!(detail.grade.as_ref().unwrap().source, "staff");
    assert!(
        detail.summary.locked_by.is_none(),
        "grading releases the lock"
    );
    // The override reaches the learner's view and progress page.
    app.run_jobs().await;
    assert!(
        !app.mails().iter().any(|m| m.contains("is ready")),
        "the grade email respects the preference"
    );
    let v = view(&app, &c, &ora, &learner).await;
    assert_eq!(v.grade.as_ref().unwrap().earned, 3);
    assert_eq!(
        v.grade.as_ref().unwrap().criteria[0]
            .option_label
            .as_deref(),
        Some("Fair")
    );
    assert_eq!(progress_earned(&app, &c, &ora, &learner).await, 3.0);
    // Another override: the newest counts; both are kept.
    app.post(
        format!("{sub}/staff-assessment"),
        &other,
        &answers("good", "no"),
    )
    .await
    .assert_status_is_ok();
    assert_eq!(progress_earned(&app, &c, &ora, &learner).await, 5.0);
    let detail: OraSubmissionDetail = body(app.get(&sub, &admin).await).await;
    assert_eq!(
        detail
            .assessments
            .iter()
            .filter(|a| a.kind == "staff")
            .count(),
        2
    );
    assert_eq!(
        detail
            .assessments
            .iter()
            .filter(|a| a.kind == "self")
            .count(),
        1
    );

    // The export has the submission with its assessments.
    let resp = app
        .get(format!("{}/export.csv", base(&c, &ora)), &admin)
        .await;
    resp.assert_status_is_ok();
    resp.assert_header("content-type", "text/csv; charset=utf-8");
    let csv = resp.0.into_body().into_string().await.unwrap();
    assert!(csv.starts_with("Submission ID,"));
    assert!(csv.contains(&uuid) && csv.contains("lee") && csv.contains("my essay"));
    assert!(csv.contains("staff by other"));

    // Cancelling: a reason is required; then the score leaves the grades
    // and the learner may submit again.
    app.post(format!("{sub}/cancel"), &admin, &json!({"reason": " "}))
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let resp = app
        .post(
            format!("{sub}/cancel"),
            &admin,
            &json!({"reason": "Copied text"}),
        )
        .await;
    resp.assert_status_is_ok();
    let detail: OraSubmissionDetail = body(resp).await;
    assert_eq!(detail.summary.status, "cancelled");
    let v = view(&app, &c, &ora, &learner).await;
    assert_eq!(v.status, OraStatus::Response);
    assert_eq!(v.cancellation.as_ref().unwrap().reason, "Copied text");
    assert!(v.grade.is_none());
    assert_eq!(progress_earned(&app, &c, &ora, &learner).await, 0.0);
    let v = submit(&app, &c, &ora, &learner, "my own essay").await;
    assert_eq!(v.submission.as_ref().unwrap().attempt, 2);
    assert_eq!(v.status, OraStatus::SelfAssessment);
}

async fn upload(
    app: &TestApp,
    c: &Course<'_>,
    ora: &str,
    token: &str,
    name: &str,
    bytes: &[u8],
) -> TestResponse {
    app.client
        .post(format!("{}/files", base(c, ora)))
        .header("authorization", format!("Bearer {token}"))
        .multipart(
            TestForm::new()
                .field(
                    TestFormField::bytes(bytes.to_vec())
                        .name("file")
                        .filename(name),
                )
                .text("description", "My diagram"),
        )
        .send()
        .await
}

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

async fn drafts_and_files_follow_the_settings(app: TestApp) {
    let files =
        r#"file_upload_response="optional" file_upload_type="image" allow_multiple_files="False""#;
    let steps = r#"<assessment name="peer-assessment" must_grade="1" must_be_graded_by="1"/>"#;
    let (c, ora, admin) = course_with(&app, &ora_xml(steps, files)).await;
    let ann = app.signed_in("ann").await;
    let bob = app.signed_in("bob").await;
    let eve = app.signed_in("eve").await;
    for t in [&ann, &bob, &eve] {
        c.enroll(t).await;
    }
    // Drafts are kept until submitted.
    let resp = app
        .put(
            format!("{}/draft", base(&c, &ora)),
            &ann,
            &json!({"text": ["half an essay"]}),
        )
        .await;
    resp.assert_status_is_ok();
    let v = view(&app, &c, &ora, &ann).await;
    assert_eq!(v.draft.as_ref().unwrap().response.text, ["half an essay"]);
    // Required text for every prompt.
    let refused = problem(
        app.post(
            format!("{}/submission", base(&c, &ora)),
            &ann,
            &json!({"text": ["only one"]}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(refused.field.as_deref(), Some("text"));
    // Files: images only, content checked, never executables.
    let resp = upload(&app, &c, &ora, &ann, "run.exe", b"MZ").await;
    resp.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let resp = upload(&app, &c, &ora, &ann, "notes.pdf", b"%PDF-1.4").await;
    resp.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let resp = upload(&app, &c, &ora, &ann, "fake.png", b"GIF89a").await;
    resp.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let resp = upload(&app, &c, &ora, &ann, "my diagram.png", PNG).await;
    resp.assert_status(StatusCode::CREATED);
    let file: Value = body(resp).await;
    assert_eq!(file["name"], "my_diagram.png");
    assert_eq!(file["content_type"], "image/png");
    let second: Value = body(upload(&app, &c, &ora, &ann, "b.png", PNG).await).await;
    // One file only (multiple files are off).
    problem(
        app.post(
            format!("{}/submission", base(&c, &ora)),
            &ann,
            &json!({"text": ["a", "b"], "files": [{"id": file["id"], "name": "", "content_type": "", "size": 0}, {"id": second["id"], "name": "", "content_type": "", "size": 0}]}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    // Someone else's file cannot be named.
    problem(
        app.put(
            format!("{}/draft", base(&c, &ora)),
            &bob,
            &json!({"text": ["x"], "files": [{"id": file["id"], "name": "", "content_type": "", "size": 0}]}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    let resp = app
        .post(
            format!("{}/submission", base(&c, &ora)),
            &ann,
            &json!({"text": ["a", "b"], "files": [{"id": file["id"], "name": "x", "content_type": "x", "size": 1, "description": "My diagram"}]}),
        )
        .await;
    resp.assert_status_is_ok();
    let v: OraView = body(resp).await;
    let stored = &v.submission.as_ref().unwrap().response.files[0];
    assert_eq!(
        (stored.name.as_str(), stored.size),
        ("my_diagram.png", PNG.len() as u64)
    );
    assert!(v.draft.is_none(), "submitting drops the draft");
    // Submitted is final.
    problem(
        app.put(
            format!("{}/draft", base(&c, &ora)),
            &ann,
            &json!({"text": ["more"]}),
        )
        .await,
        StatusCode::CONFLICT,
        "already_submitted",
    )
    .await;
    let path = stored
        .url
        .split_once("/api/v1")
        .map(|(_, p)| format!("/api/v1{p}"))
        .unwrap();
    // The owner and staff may download; a learner who has not submitted
    // may not.
    let resp = app.get(&path, &ann).await;
    resp.assert_status_is_ok();
    resp.assert_header(
        "content-disposition",
        "attachment; filename=\"my_diagram.png\"",
    );
    assert_eq!(resp.0.into_body().into_vec().await.unwrap(), PNG);
    app.get(&path, &admin).await.assert_status_is_ok();
    app.get(&path, &eve)
        .await
        .assert_status(StatusCode::NOT_FOUND);
    // Bob submits, gets ann's response to assess, and may read her file.
    submit(&app, &c, &ora, &bob, "bob's").await;
    let task: Value = body(
        app.post(format!("{}/peer/next", base(&c, &ora)), &bob, &json!({}))
            .await,
    )
    .await;
    assert_eq!(task["response"]["files"][0]["id"], file["id"]);
    assert!(task.get("username").is_none());
    app.get(&path, &bob).await.assert_status_is_ok();
}

async fn learners_reach_only_their_own_work(app: TestApp) {
    let (c, ora, _) = course_with(&app, &ora_xml(PEER_SELF, "")).await;
    let ann = app.signed_in("ann").await;
    let bob = app.signed_in("bob").await;
    let outsider = app.signed_in("out").await;
    c.enroll(&ann).await;
    c.enroll(&bob).await;
    // Not enrolled: nothing.
    assert!(app
        .get(base(&c, &ora), &outsider)
        .await
        .0
        .status()
        .is_client_error());
    // Learners do not get the course team's views.
    for path in [
        format!("/api/v1/courses/{}/ora", c.key),
        format!("{}/submissions", base(&c, &ora)),
        format!("{}/export.csv", base(&c, &ora)),
    ] {
        app.get(&path, &ann)
            .await
            .assert_status(StatusCode::FORBIDDEN);
    }
    // Steps before submitting are refused.
    problem(
        app.post(format!("{}/peer/next", base(&c, &ora)), &ann, &json!({}))
            .await,
        StatusCode::CONFLICT,
        "not_submitted",
    )
    .await;
    submit(&app, &c, &ora, &ann, "ann's").await;
    let bobs = submit(&app, &c, &ora, &bob, "bob's").await;
    // Ann cannot assess bob's response without being given it.
    let mut input = answers("good", "yes");
    input["submission"] = json!(bobs.submission.as_ref().unwrap().uuid);
    problem(
        app.post(format!("{}/peer/assessments", base(&c, &ora)), &ann, &input)
            .await,
        StatusCode::CONFLICT,
        "not_assigned",
    )
    .await;
    // Feedback-less answers to a criterion that wants an option are refused.
    let task: Value = body(
        app.post(format!("{}/peer/next", base(&c, &ora)), &ann, &json!({}))
            .await,
    )
    .await;
    assert_eq!(
        task["submission"],
        json!(bobs.submission.as_ref().unwrap().uuid)
    );
    let bad = json!({"submission": task["submission"], "criteria": [{"criterion": "ideas", "option": "good"}]});
    let refused = problem(
        app.post(format!("{}/peer/assessments", base(&c, &ora)), &ann, &bad)
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert!(refused.detail.contains("Form"));
    app.post(format!("{}/peer/assessments", base(&c, &ora)), &ann, &input)
        .await
        .assert_status_is_ok();
    // Twice is refused.
    problem(
        app.post(format!("{}/peer/assessments", base(&c, &ora)), &ann, &input)
            .await,
        StatusCode::CONFLICT,
        "not_assigned",
    )
    .await;
    // Bob's own view shows a count, not who assessed him.
    let v = view(&app, &c, &ora, &bob).await;
    assert_eq!(v.peer.as_ref().unwrap().received, 1);
    assert!(v.grade.is_none());
}

async fn the_submission_list_reads_the_same_number_of_queries_whatever_its_length(app: TestApp) {
    let (c, ora, admin) = course_with(&app, &ora_xml(PEER_SELF, "")).await;
    let list = format!("{}/submissions", base(&c, &ora));
    let mut counts = Vec::new();
    for round in 0..2 {
        for i in 0..3 {
            let token = app.signed_in(&format!("l{round}x{i}")).await;
            c.enroll(&token).await;
            submit(&app, &c, &ora, &token, "text").await;
            if i > 0 {
                assess_next(&app, &c, &ora, &token, |_| ("fair", "yes")).await;
            }
        }
        let (queries, resp) = app.count_queries(app.get(&list, &admin)).await;
        resp.assert_status_is_ok();
        let page: OraSubmissionPage = body(resp).await;
        assert_eq!(page.count, 3 * (round + 1));
        counts.push(queries);
    }
    assert_eq!(counts[0], counts[1], "queries per list: {counts:?}");
}

async fn training_matches_the_course_teams_choices_in_order(app: TestApp) {
    let steps = r#"<assessment name="student-training">
        <example><answer><part>A great answer.</part></answer><select criterion="ideas" option="good"/><select criterion="form" option="yes"/></example>
        <example><answer><part>A weak answer.</part></answer><select criterion="ideas" option="poor"/><select criterion="form" option="no"/></example>
      </assessment><assessment name="self-assessment"/>"#;
    let (c, ora, _) = course_with(&app, &ora_xml(steps, "")).await;
    let learner = app.signed_in("tia").await;
    c.enroll(&learner).await;
    let v = submit(&app, &c, &ora, &learner, "mine").await;
    assert_eq!(v.status, OraStatus::Training);
    assert_eq!((v.training_examples, v.training_passed), (2, 0));
    // The learner sees the examples' responses, not the team's choices.
    let training = &v.settings.steps[0];
    assert_eq!(training.examples[0].answer, ["A great answer."]);
    assert!(training
        .examples
        .iter()
        .all(|e| e.options_selected.is_empty()));
    let train = |example: u32, ideas: &str, form: &str| {
        json!({"example": example, "options_selected": [
            {"criterion": "ideas", "option": ideas}, {"criterion": "form", "option": form}]})
    };
    let url = format!("{}/training", base(&c, &ora));
    // Out of order is refused.
    problem(
        app.post(&url, &learner, &train(1, "poor", "no")).await,
        StatusCode::CONFLICT,
        "wrong_example",
    )
    .await;
    let r: Value = body(app.post(&url, &learner, &train(0, "fair", "yes")).await).await;
    assert_eq!(r["mismatched"], json!(["ideas"]));
    assert_eq!(r["passed"], 0);
    let r: Value = body(app.post(&url, &learner, &train(0, "good", "yes")).await).await;
    assert_eq!(r["passed"], 1);
    assert_eq!(r["view"]["training_passed"], 1);
    let r: Value = body(app.post(&url, &learner, &train(1, "poor", "no")).await).await;
    assert_eq!(r["passed"], 2);
    assert_eq!(r["view"]["status"], "self");
}

async fn html_prompts_reach_learners_sanitized(app: TestApp) {
    let xml = ora_xml(PEER_SELF, r#"prompts_type="html""#).replace(
        "<description>Explain why.</description>",
        "<description>&lt;p&gt;Explain &lt;b&gt;why&lt;/b&gt;.&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;</description>",
    );
    let (c, ora, _) = course_with(&app, &xml).await;
    let learner = app.signed_in("hal").await;
    c.enroll(&learner).await;
    let v = view(&app, &c, &ora, &learner).await;
    assert_eq!(v.settings.prompts_type, "html");
    let prompt = &v.settings.prompts[0];
    assert!(prompt.contains("<b>why</b>"), "{prompt}");
    assert!(
        !prompt.contains("script") && !prompt.contains("onerror"),
        "{prompt}"
    );
}
