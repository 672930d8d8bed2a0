//! The learner's courseware: the filtered outline, unit content, problems
//! graded and stored with every attempt, completion, progress with a
//! constant number of queries, transcripts and the dashboard.

use poem::http::StatusCode;
use serde_json::{json, Value};
use shared_types::{
    Correctness, CourseBlocks, CourseProgress, Dashboard, LearnerBlock, ProblemAnswers,
    ProblemState, SubmissionResult, UnitComponent, UnitView,
};

use crate::helpers::{body, problem, staff, Course, TestApp};

crate::backend_tests!(
    learners_see_released_content_and_staff_see_everything,
    units_show_safe_html_and_remember_where_the_learner_was,
    a_problem_is_graded_stored_and_limited_as_open_edx_does,
    answers_and_hints_follow_the_problem_policy,
    completion_rolls_up_and_progress_grades_the_course,
    progress_reads_the_same_number_of_queries_whatever_the_course_size,
    videos_serve_their_transcripts_as_webvtt,
    graded_problems_can_be_kept_for_verified_learners,
    correctness_stays_hidden_while_the_subsection_says_so,
    a_course_regrade_applies_a_fixed_answer_to_every_learner,
    outline_and_progress_json_is_the_typed_answer_byte_for_byte,
    each_learner_keeps_the_variant_drawn_for_them,
);

fn names(block: &LearnerBlock) -> Vec<&str> {
    block
        .children
        .iter()
        .map(|c| c.display_name.as_str())
        .collect()
}

const MULTIPLE_CHOICE: &str = ">>Which planet is red?<<\n\n( ) Venus\n(x) Mars\n( ) Jupiter\n";

async fn learners_see_released_content_and_staff_see_everything(app: TestApp) {
    let author = staff(&app, "author").await;
    let mut c = Course::new(&app, &author, "R1").await;
    let root = c.root();
    c.add(&root, "chapter", "Now", json!({})).await;
    c.add(
        &root,
        "chapter",
        "Later",
        json!({"start": (chrono::Utc::now() + chrono::Duration::days(100)).to_rfc3339()}),
    )
    .await;
    c.add(
        &root,
        "chapter",
        "Staff notes",
        json!({"visible_to_staff_only": true}),
    )
    .await;
    let past = c.add(&root, "chapter", "Past", json!({})).await;
    let seq = c
        .add(
            &past,
            "sequential",
            "Closed homework",
            json!({"due": "2021-01-01T00:00:00Z", "hide_after_due": true}),
        )
        .await;
    c.add(&seq, "vertical", "Old unit", json!({})).await;
    c.publish().await;

    let learner = app.signed_in("learner").await;
    let resp = app
        .get(format!("/api/v1/courses/{}/blocks", c.key), &learner)
        .await;
    problem(resp, StatusCode::FORBIDDEN, "not_enrolled").await;
    c.enroll(&learner).await;
    let outline: CourseBlocks = body(
        app.get(format!("/api/v1/courses/{}/blocks", c.key), &learner)
            .await,
    )
    .await;
    assert_eq!(names(&outline.root), ["Now", "Past"]);
    let past_chapter = &outline.root.children[1];
    assert_eq!(names(past_chapter), ["Closed homework"]);
    assert!(
        past_chapter.children[0].children.is_empty(),
        "content hidden after its due date"
    );
    assert!(outline.resume_block.is_none(), "nothing to resume in yet");

    let seen: CourseBlocks = body(
        app.get(format!("/api/v1/courses/{}/blocks", c.key), &author)
            .await,
    )
    .await;
    assert_eq!(names(&seen.root), ["Now", "Later", "Staff notes", "Past"]);
    let flags: Vec<bool> = seen.root.children.iter().map(|b| b.staff_only).collect();
    assert_eq!(flags, [false, true, true, false]);

    // A beta tester sees content a configured number of days early.
    let current: Value = body(
        app.get(
            format!("/api/v1/authoring/courses/{}/advanced-settings", c.key),
            &author,
        )
        .await,
    )
    .await;
    let mut settings = current["settings"].clone();
    settings["days_early_for_beta"] = json!(200.0);
    app.put(
        format!("/api/v1/authoring/courses/{}/advanced-settings", c.key),
        &author,
        &json!({"base_version": current["version"], "settings": settings}),
    )
    .await
    .assert_status_is_ok();
    c.version = body::<Value>(
        app.get(
            format!("/api/v1/authoring/courses/{}/outline", c.key),
            &author,
        )
        .await,
    )
    .await["version"]
        .as_str()
        .unwrap()
        .to_string();
    c.publish().await;
    let beta = app.signed_in("beta").await;
    c.enroll(&beta).await;
    app.post(
        format!("/api/v1/authoring/courses/{}/team", c.key),
        &author,
        &json!({"user": "beta", "role": "beta_tester"}),
    )
    .await
    .assert_status(StatusCode::NO_CONTENT);
    let early: CourseBlocks = body(
        app.get(format!("/api/v1/courses/{}/blocks", c.key), &beta)
            .await,
    )
    .await;
    assert_eq!(names(&early.root), ["Now", "Later", "Past"]);
    let plain: CourseBlocks = body(
        app.get(format!("/api/v1/courses/{}/blocks", c.key), &learner)
            .await,
    )
    .await;
    assert_eq!(names(&plain.root), ["Now", "Past"]);
}

async fn units_show_safe_html_and_remember_where_the_learner_was(app: TestApp) {
    let author = staff(&app, "author").await;
    let mut c = Course::new(&app, &author, "R1").await;
    let root = c.root();
    let ch = c.add(&root, "chapter", "Week 1", json!({})).await;
    let seq = c.add(&ch, "sequential", "Lesson", json!({})).await;
    let first = c.add(&seq, "vertical", "First", json!({})).await;
    let second = c.add(&seq, "vertical", "Second", json!({})).await;
    let html = "<p onclick=\"steal()\">Read <a href=\"/static/notes.pdf\">the notes</a>.</p><script>steal()</script>\
                <iframe src=\"https://www.youtube.com/embed/abc\"></iframe><iframe src=\"https://evil.example/x\"></iframe>";
    c.add(&second, "html", "Reading", json!({"data": html}))
        .await;
    c.add(
        &second,
        "discussion",
        "Talk",
        json!({"discussion_id": "week1-talk", "discussion_category": "Week 1"}),
    )
    .await;
    c.add(&second, "openassessment", "Essay", json!({})).await;
    c.publish().await;
    let learner = app.signed_in("learner").await;
    c.enroll(&learner).await;

    let outline: CourseBlocks = body(
        app.get(format!("/api/v1/courses/{}/blocks", c.key), &learner)
            .await,
    )
    .await;
    assert_eq!(outline.resume_block.as_deref(), Some(first.as_str()));
    let resp = app
        .get(
            format!("/api/v1/courses/{}/units/{second}", c.key),
            &learner,
        )
        .await;
    resp.assert_status_is_ok();
    let unit: UnitView = body(resp).await;
    assert_eq!(unit.display_name, "Second");
    let UnitComponent::Html(shown) = &unit.components[0] else {
        panic!("{unit:?}")
    };
    assert!(
        !shown.html.contains("script") && !shown.html.contains("onclick"),
        "{}",
        shown.html
    );
    assert!(
        shown.html.contains(&format!("/assets/{}/notes.pdf", c.key)),
        "{}",
        shown.html
    );
    assert!(
        shown.html.contains("https://www.youtube.com/embed/abc"),
        "{}",
        shown.html
    );
    assert!(!shown.html.contains("evil.example"), "{}", shown.html);
    let UnitComponent::Discussion(talk) = &unit.components[1] else {
        panic!()
    };
    assert_eq!(talk.discussion_id, "week1-talk");
    assert!(
        matches!(&unit.components[2], UnitComponent::Openassessment(o) if o.display_name == "Essay")
    );

    let outline: CourseBlocks = body(
        app.get(format!("/api/v1/courses/{}/blocks", c.key), &learner)
            .await,
    )
    .await;
    assert_eq!(outline.resume_block.as_deref(), Some(second.as_str()));
    // Not a unit, or not in the course: 404.
    let resp = app
        .get(format!("/api/v1/courses/{}/units/{seq}", c.key), &learner)
        .await;
    problem(resp, StatusCode::NOT_FOUND, "not_found").await;
}

async fn a_problem_is_graded_stored_and_limited_as_open_edx_does(app: TestApp) {
    let author = staff(&app, "author").await;
    let mut c = Course::new(&app, &author, "R1").await;
    let root = c.root();
    let ch = c.add(&root, "chapter", "Week 1", json!({})).await;
    let seq = c
        .add(
            &ch,
            "sequential",
            "Homework 1",
            json!({"graded": true, "format": "Homework"}),
        )
        .await;
    let unit = c.add(&seq, "vertical", "Questions", json!({})).await;
    let planet = c
        .add(
            &unit,
            "problem",
            "Planet",
            json!({"markdown": MULTIPLE_CHOICE, "max_attempts": 2, "weight": 5.0}),
        )
        .await;
    let number = c.add(&unit, "problem", "Number", json!({"data": "<problem><numericalresponse answer=\"4\"><formulaequationinput/></numericalresponse></problem>"})).await;
    c.publish().await;
    let learner = app.signed_in("learner").await;
    c.enroll(&learner).await;
    let url = |usage: &str| format!("/api/v1/courses/{}/blocks/{usage}/problem", c.key);

    let state: ProblemState = body(app.get(url(&planet), &learner).await).await;
    let inputs: Vec<_> = state.problem.inputs().collect();
    assert_eq!(inputs.len(), 1);
    assert!(inputs[0].id.ends_with("_2_1"), "{}", inputs[0].id);
    assert_eq!(inputs[0].choices.len(), 3);
    assert_eq!(state.attempts_allowed, Some(2));
    assert_eq!(state.possible, 5.0);
    assert!(state.can_submit && !state.can_show_answer);
    let shown = serde_json::to_string(&state).unwrap();
    assert!(
        !shown.contains("\"correct\""),
        "no answers before the policy allows: {shown}"
    );
    let input = inputs[0].id.clone();
    let mars = inputs[0]
        .choices
        .iter()
        .find(|ch| ch.label.contains("Mars"))
        .unwrap()
        .value
        .clone();
    let venus = inputs[0]
        .choices
        .iter()
        .find(|ch| ch.label.contains("Venus"))
        .unwrap()
        .value
        .clone();

    let resp = app
        .post(
            format!("{}/submissions", url(&planet)),
            &learner,
            &json!({"answers": {input.clone(): venus}}),
        )
        .await;
    resp.assert_status_is_ok();
    let wrong: SubmissionResult = body(resp).await;
    assert_eq!(wrong.correctness, Correctness::Incorrect);
    assert_eq!(
        (wrong.earned, wrong.possible, wrong.attempts_used),
        (Some(0.0), 5.0, 1)
    );
    assert_eq!(wrong.inputs[&input].correctness, Correctness::Incorrect);

    let right: SubmissionResult = body(
        app.post(
            format!("{}/submissions", url(&planet)),
            &learner,
            &json!({"answers": {input.clone(): mars.clone()}}),
        )
        .await,
    )
    .await;
    assert_eq!(right.correctness, Correctness::Correct);
    assert_eq!((right.earned, right.attempts_used), (Some(5.0), 2));
    let resp = app
        .post(
            format!("{}/submissions", url(&planet)),
            &learner,
            &json!({"answers": {input.clone(): mars}}),
        )
        .await;
    problem(resp, StatusCode::CONFLICT, "no_attempts_left").await;

    // The state keeps the last answers; every attempt is in the history.
    let state: ProblemState = body(app.get(url(&planet), &learner).await).await;
    assert_eq!(state.correctness, Some(Correctness::Correct));
    assert_eq!(state.earned, Some(5.0));
    assert!(!state.can_submit);
    assert!(
        state.can_show_answer,
        "finished: correct or out of attempts"
    );
    let user = app.state.accounts.user(2).await.unwrap().unwrap();
    let attempts = app
        .state
        .courseware
        .learner_attempts(&user, &c.key, &planet)
        .await
        .unwrap();
    assert_eq!(
        attempts
            .iter()
            .map(|a| a.correctness.as_str())
            .collect::<Vec<_>>(),
        ["incorrect", "correct"]
    );

    // An answer capa cannot read is refused and uses no attempt.
    let num = body::<ProblemState>(app.get(url(&number), &learner).await).await;
    let id = num.problem.inputs().next().unwrap().id.clone();
    let resp = app
        .post(
            format!("{}/submissions", url(&number)),
            &learner,
            &json!({"answers": {id.clone(): "5 m"}}),
        )
        .await;
    let err = problem(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(err.field.as_deref(), Some("answers"));
    let num = body::<ProblemState>(app.get(url(&number), &learner).await).await;
    assert_eq!(num.attempts_used, 0);
    let resp = app
        .post(
            format!("{}/submissions", url(&number)),
            &learner,
            &json!({"answers": {"9_9_9": "4"}}),
        )
        .await;
    problem(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    let ok: SubmissionResult = body(
        app.post(
            format!("{}/submissions", url(&number)),
            &learner,
            &json!({"answers": {id: "2+2"}}),
        )
        .await,
    )
    .await;
    assert_eq!(ok.correctness, Correctness::Correct);

    // Another learner's state is their own; strangers are refused.
    let other = app.signed_in("other").await;
    c.enroll(&other).await;
    let theirs: ProblemState = body(app.get(url(&planet), &other).await).await;
    assert_eq!(theirs.attempts_used, 0);
    assert!(theirs.answers.is_empty());
    let stranger = app.signed_in("stranger").await;
    problem(
        app.get(url(&planet), &stranger).await,
        StatusCode::FORBIDDEN,
        "not_enrolled",
    )
    .await;
}

async fn answers_and_hints_follow_the_problem_policy(app: TestApp) {
    let author = staff(&app, "author").await;
    let mut c = Course::new(&app, &author, "R1").await;
    let root = c.root();
    let ch = c.add(&root, "chapter", "Week 1", json!({})).await;
    let seq = c.add(&ch, "sequential", "Practice", json!({})).await;
    let unit = c.add(&seq, "vertical", "Questions", json!({})).await;
    let xml = "<problem><multiplechoiceresponse><label>Pick</label><choicegroup type=\"MultipleChoice\">\
               <choice correct=\"false\">One</choice><choice correct=\"true\">Two</choice></choicegroup></multiplechoiceresponse>\
               <solution><p>Two is right.</p></solution><demandhint><hint>Not one.</hint><hint>Think of a pair.</hint></demandhint></problem>";
    let attempted = c
        .add(
            &unit,
            "problem",
            "Attempted",
            json!({"data": xml, "showanswer": "attempted", "show_reset_button": true}),
        )
        .await;
    let never = c
        .add(
            &unit,
            "problem",
            "Never",
            json!({"data": xml, "showanswer": "never"}),
        )
        .await;
    c.publish().await;
    let learner = app.signed_in("learner").await;
    c.enroll(&learner).await;
    let url = |usage: &str| format!("/api/v1/courses/{}/blocks/{usage}/problem", c.key);

    let resp = app
        .post(format!("{}/answer", url(&attempted)), &learner, &json!({}))
        .await;
    problem(resp, StatusCode::FORBIDDEN, "answer_not_available").await;
    let state: ProblemState = body(app.get(url(&attempted), &learner).await).await;
    assert_eq!(state.hint_count, 2);
    let input = state.problem.inputs().next().unwrap().clone();
    app.post(
        format!("{}/submissions", url(&attempted)),
        &learner,
        &json!({"answers": {input.id.clone(): input.choices[0].value.clone()}}),
    )
    .await
    .assert_status_is_ok();
    let answers: ProblemAnswers = body(
        app.post(format!("{}/answer", url(&attempted)), &learner, &json!({}))
            .await,
    )
    .await;
    assert_eq!(
        answers.answers[&input.id],
        shared_types::ProblemAnswer::Text(input.choices[1].value.clone())
    );
    assert!(answers.solution.unwrap().contains("Two is right."));
    let resp = app
        .post(format!("{}/answer", url(&never)), &learner, &json!({}))
        .await;
    problem(resp, StatusCode::FORBIDDEN, "answer_not_available").await;
    // Course staff see the answer before attempting ("never" means never).
    app.post(format!("{}/answer", url(&attempted)), &author, &json!({}))
        .await
        .assert_status_is_ok();

    let hint: Value = body(
        app.post(
            format!("{}/hint?index=1", url(&attempted)),
            &learner,
            &json!({}),
        )
        .await,
    )
    .await;
    assert!(hint["html"].as_str().unwrap().contains("pair"));
    assert_eq!(hint["count"], json!(2));

    // Reset clears the answers and score but keeps the attempts.
    let reset: ProblemState = body(
        app.post(format!("{}/reset", url(&attempted)), &learner, &json!({}))
            .await,
    )
    .await;
    assert!(reset.answers.is_empty());
    assert_eq!(reset.earned, None);
    assert_eq!(reset.attempts_used, 1);
    let resp = app
        .post(format!("{}/reset", url(&never)), &learner, &json!({}))
        .await;
    problem(resp, StatusCode::CONFLICT, "reset_not_allowed").await;
}

async fn completion_rolls_up_and_progress_grades_the_course(app: TestApp) {
    let author = staff(&app, "author").await;
    let mut c = Course::new(&app, &author, "R1").await;
    let root = c.root();
    let ch = c.add(&root, "chapter", "Week 1", json!({})).await;
    let seq = c
        .add(
            &ch,
            "sequential",
            "Homework 1",
            json!({"graded": true, "format": "Homework", "due": "2999-01-01T00:00:00Z"}),
        )
        .await;
    let unit = c.add(&seq, "vertical", "Unit", json!({})).await;
    let reading = c
        .add(&unit, "html", "Reading", json!({"data": "<p>Read me.</p>"}))
        .await;
    let planet = c
        .add(
            &unit,
            "problem",
            "Planet",
            json!({"markdown": MULTIPLE_CHOICE}),
        )
        .await;
    c.publish().await;
    let learner = app.signed_in("learner").await;
    c.enroll(&learner).await;

    let resp = app
        .post(
            format!("/api/v1/courses/{}/completion", c.key),
            &learner,
            &json!({"blocks": [{"id": reading, "completion": 1.0}]}),
        )
        .await;
    resp.assert_status(StatusCode::NO_CONTENT);
    let resp = app
        .post(
            format!("/api/v1/courses/{}/completion", c.key),
            &learner,
            &json!({"blocks": [{"id": planet, "completion": 1.0}]}),
        )
        .await;
    problem(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    let outline: CourseBlocks = body(
        app.get(format!("/api/v1/courses/{}/blocks", c.key), &learner)
            .await,
    )
    .await;
    assert_eq!(outline.root.completion, 0.5);

    let state: ProblemState = body(
        app.get(
            format!("/api/v1/courses/{}/blocks/{planet}/problem", c.key),
            &learner,
        )
        .await,
    )
    .await;
    let input = state.problem.inputs().next().unwrap().clone();
    let mars = input
        .choices
        .iter()
        .find(|ch| ch.label.contains("Mars"))
        .unwrap()
        .value
        .clone();
    app.post(
        format!(
            "/api/v1/courses/{}/blocks/{planet}/problem/submissions",
            c.key
        ),
        &learner,
        &json!({"answers": {input.id: mars}}),
    )
    .await
    .assert_status_is_ok();

    let progress: CourseProgress = body(
        app.get(format!("/api/v1/courses/{}/progress", c.key), &learner)
            .await,
    )
    .await;
    assert_eq!(progress.completion, 1.0);
    assert_eq!(progress.subsections.len(), 1);
    assert_eq!(
        (
            progress.subsections[0].earned,
            progress.subsections[0].possible
        ),
        (1.0, 1.0)
    );
    let homework = progress
        .assignment_types
        .iter()
        .find(|t| t.type_ == "Homework")
        .unwrap();
    // Open edX's default policy expects 12 homeworks and drops 2: 1 / 10.
    assert!((homework.percent - 0.1).abs() < 1e-9, "{homework:?}");
    assert!(progress.percent > 0.0);
    let grades = app
        .state
        .courseware
        .learner_subsection_grades(2, &c.key)
        .await
        .unwrap();
    assert_eq!(grades.len(), 1);
    assert_eq!((grades[0].earned, grades[0].possible), (1.0, 1.0));

    let dashboard: Dashboard = body(app.get("/api/v1/dashboard", &learner).await).await;
    assert_eq!(dashboard.results.len(), 1);
    assert_eq!(dashboard.results[0].progress_percent, 100);
    assert_eq!(
        dashboard.results[0]
            .next_due
            .as_ref()
            .map(|d| d.display_name.as_str()),
        Some("Homework 1")
    );
    assert_eq!(
        dashboard.results[0].resume_block.as_deref(),
        Some(unit.as_str())
    );
}

async fn progress_reads_the_same_number_of_queries_whatever_the_course_size(app: TestApp) {
    let author = staff(&app, "author").await;
    let learner = app.signed_in("learner").await;
    let mut counts = Vec::new();
    for (run, sections) in [("Small", 1), ("Large", 6)] {
        let mut c = Course::new(&app, &author, run).await;
        let root = c.root();
        let mut problems = Vec::new();
        for s in 0..sections {
            let ch = c
                .add(&root, "chapter", &format!("Week {s}"), json!({}))
                .await;
            let seq = c
                .add(
                    &ch,
                    "sequential",
                    "Homework",
                    json!({"graded": true, "format": "Homework"}),
                )
                .await;
            for u in 0..2 {
                let unit = c
                    .add(&seq, "vertical", &format!("Unit {u}"), json!({}))
                    .await;
                problems.push(
                    c.add(
                        &unit,
                        "problem",
                        "Planet",
                        json!({"markdown": MULTIPLE_CHOICE}),
                    )
                    .await,
                );
            }
        }
        c.publish().await;
        c.enroll(&learner).await;
        for p in &problems {
            let state: ProblemState = body(
                app.get(
                    format!("/api/v1/courses/{}/blocks/{p}/problem", c.key),
                    &learner,
                )
                .await,
            )
            .await;
            let input = state.problem.inputs().next().unwrap().clone();
            app.post(
                format!("/api/v1/courses/{}/blocks/{p}/problem/submissions", c.key),
                &learner,
                &json!({"answers": {input.id: input.choices[0].value}}),
            )
            .await
            .assert_status_is_ok();
        }
        // Warm the version cache, then count.
        app.get(format!("/api/v1/courses/{}/progress", c.key), &learner)
            .await
            .assert_status_is_ok();
        let (queries, resp) = app
            .count_queries(app.get(format!("/api/v1/courses/{}/progress", c.key), &learner))
            .await;
        resp.assert_status_is_ok();
        counts.push(queries);
    }
    assert_eq!(
        counts[0], counts[1],
        "progress queries: small {} vs large {}",
        counts[0], counts[1]
    );
    assert!(counts[0] <= 4, "progress ran {} queries", counts[0]);
}

async fn videos_serve_their_transcripts_as_webvtt(app: TestApp) {
    use poem::test::{TestForm, TestFormField};
    let author = staff(&app, "author").await;
    let mut c = Course::new(&app, &author, "R1").await;
    let srt = b"1\n00:00:00,000 --> 00:00:02,500\nWelcome.\n".to_vec();
    app.client
        .post(format!("/api/v1/authoring/courses/{}/assets", c.key))
        .header("authorization", format!("Bearer {author}"))
        .multipart(
            TestForm::new().field(TestFormField::bytes(srt).name("file").filename("intro.srt")),
        )
        .send()
        .await
        .assert_status(StatusCode::CREATED);
    let root = c.root();
    let ch = c.add(&root, "chapter", "Week 1", json!({})).await;
    let seq = c.add(&ch, "sequential", "Lesson", json!({})).await;
    let unit = c.add(&seq, "vertical", "Watch", json!({})).await;
    c.add(&unit, "video", "Intro", json!({"youtube_id": "abc123", "html5_sources": ["/static/intro.mp4"], "transcripts": {"en": "intro.srt"}})).await;
    c.publish().await;
    let learner = app.signed_in("learner").await;
    c.enroll(&learner).await;

    let view: UnitView = body(
        app.get(format!("/api/v1/courses/{}/units/{unit}", c.key), &learner)
            .await,
    )
    .await;
    let UnitComponent::Video(video) = &view.components[0] else {
        panic!("{view:?}")
    };
    assert_eq!(video.youtube_id.as_deref(), Some("abc123"));
    assert_eq!(video.sources, [format!("/assets/{}/intro.mp4", c.key)]);
    let url = video.transcripts["en"].clone();
    let resp = app.get(&url, &learner).await;
    resp.assert_status_is_ok();
    resp.assert_content_type("text/vtt; charset=utf-8");
    let text = resp.0.into_body().into_string().await.unwrap();
    assert_eq!(
        text,
        "WEBVTT\n\n1\n00:00:00.000 --> 00:00:02.500\nWelcome.\n"
    );
    // Only files a video names are served as transcripts.
    let resp = app
        .get(
            format!("/api/v1/courses/{}/transcripts/other.srt", c.key),
            &learner,
        )
        .await;
    problem(resp, StatusCode::NOT_FOUND, "not_found").await;
}

async fn graded_problems_can_be_kept_for_verified_learners(app: TestApp) {
    let author = staff(&app, "author").await;
    let mut c = Course::new(&app, &author, "R1").await;
    let root = c.root();
    let ch = c.add(&root, "chapter", "Week 1", json!({})).await;
    let graded = c
        .add(
            &ch,
            "sequential",
            "Exam",
            json!({"graded": true, "format": "Exam"}),
        )
        .await;
    let practice = c.add(&ch, "sequential", "Practice", json!({})).await;
    let u1 = c.add(&graded, "vertical", "Exam unit", json!({})).await;
    let u2 = c
        .add(&practice, "vertical", "Practice unit", json!({}))
        .await;
    let exam = c.add(&u1, "problem", "Exam question", json!({"markdown": MULTIPLE_CHOICE, "showanswer": "after_attempts", "attempts_before_showanswer_button": 2})).await;
    let drill = c
        .add(
            &u2,
            "problem",
            "Drill",
            json!({"markdown": MULTIPLE_CHOICE}),
        )
        .await;
    let current: Value = body(
        app.get(
            format!("/api/v1/authoring/courses/{}/advanced-settings", c.key),
            &author,
        )
        .await,
    )
    .await;
    let mut settings = current["settings"].clone();
    settings["graded_content_verified_only"] = json!(true);
    app.put(
        format!("/api/v1/authoring/courses/{}/advanced-settings", c.key),
        &author,
        &json!({"base_version": current["version"], "settings": settings}),
    )
    .await
    .assert_status_is_ok();
    c.version = body::<Value>(
        app.get(
            format!("/api/v1/authoring/courses/{}/outline", c.key),
            &author,
        )
        .await,
    )
    .await["version"]
        .as_str()
        .unwrap()
        .to_string();
    c.publish().await;
    let learner = app.signed_in("learner").await;
    c.enroll(&learner).await;
    let submit = |problem_key: String, token: String| {
        let app = &app;
        let key = c.key.clone();
        async move {
            let state: ProblemState = body(
                app.get(
                    format!("/api/v1/courses/{key}/blocks/{problem_key}/problem"),
                    &token,
                )
                .await,
            )
            .await;
            let input = state.problem.inputs().next().unwrap().clone();
            let answer = input.choices[0].value.clone();
            (
                state,
                app.post(
                    format!("/api/v1/courses/{key}/blocks/{problem_key}/problem/submissions"),
                    &token,
                    &json!({"answers": {input.id: answer}}),
                )
                .await,
            )
        }
    };
    let (state, resp) = submit(exam.clone(), learner.clone()).await;
    assert!(!state.can_submit);
    assert!(state.cannot_submit_reason.unwrap().contains("verified"));
    problem(resp, StatusCode::FORBIDDEN, "verified_only").await;
    let (_, resp) = submit(drill.clone(), learner.clone()).await;
    resp.assert_status_is_ok();

    // Verified, the exam opens; its answer shows after two attempts.
    app.put(
        format!("/api/v1/courses/{}/enrollments/learner", c.key),
        &author,
        &json!({"mode": "verified"}),
    )
    .await
    .assert_status_is_ok();
    let (state, resp) = submit(exam.clone(), learner.clone()).await;
    assert!(state.can_submit);
    resp.assert_status_is_ok();
    let (state, resp) = submit(exam.clone(), learner.clone()).await;
    assert!(!state.can_show_answer, "one attempt is not enough");
    resp.assert_status_is_ok();
    let after: ProblemState = body(
        app.get(
            format!("/api/v1/courses/{}/blocks/{exam}/problem", c.key),
            &learner,
        )
        .await,
    )
    .await;
    assert!(after.can_show_answer);
}

async fn correctness_stays_hidden_while_the_subsection_says_so(app: TestApp) {
    let author = staff(&app, "author").await;
    let mut c = Course::new(&app, &author, "R1").await;
    let root = c.root();
    let ch = c.add(&root, "chapter", "Week 1", json!({})).await;
    let exam = c
        .add(
            &ch,
            "sequential",
            "Exam",
            json!({"graded": true, "format": "Exam"}),
        )
        .await;
    let unit = c.add(&exam, "vertical", "Questions", json!({})).await;
    let planet = c
        .add(
            &unit,
            "problem",
            "Planet",
            json!({"markdown": MULTIPLE_CHOICE}),
        )
        .await;
    let resp = app
        .patch(
            format!("/api/v1/authoring/blocks/{unit}"),
            &author,
            &json!({"base_version": c.version, "show_correctness": "never"}),
        )
        .await;
    problem(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    c.patch(&exam, json!({"show_correctness": "never"})).await;
    c.publish().await;

    let learner = app.signed_in("learner").await;
    c.enroll(&learner).await;
    let url = format!("/api/v1/courses/{}/blocks/{planet}/problem", c.key);
    let state: ProblemState = body(app.get(&url, &learner).await).await;
    let input = state.problem.inputs().next().unwrap().clone();
    let mars = input
        .choices
        .iter()
        .find(|ch| ch.label.contains("Mars"))
        .unwrap()
        .value
        .clone();
    let result: SubmissionResult = body(
        app.post(
            format!("{url}/submissions"),
            &learner,
            &json!({"answers": {input.id.clone(): mars}}),
        )
        .await,
    )
    .await;
    assert_eq!(result.correctness, Correctness::Submitted);
    assert_eq!(result.earned, None);
    assert!(result.inputs.is_empty());
    let state: ProblemState = body(app.get(&url, &learner).await).await;
    assert_eq!(state.correctness, Some(Correctness::Submitted));
    assert_eq!(state.earned, None);
    assert!(state.inputs.is_empty());
    let progress: CourseProgress = body(
        app.get(format!("/api/v1/courses/{}/progress", c.key), &learner)
            .await,
    )
    .await;
    assert_eq!(progress.subsections[0].earned, 0.0);
    assert_eq!(
        progress.percent, 0.0,
        "the grade shown reveals nothing either"
    );
    // Course staff see how it went.
    let seen: ProblemState = body(app.get(&url, &author).await).await;
    assert_eq!(seen.attempts_used, 0, "staff see their own state");
}

async fn a_course_regrade_applies_a_fixed_answer_to_every_learner(app: TestApp) {
    let author = staff(&app, "author").await;
    let mut c = Course::new(&app, &author, "R1").await;
    let root = c.root();
    let ch = c.add(&root, "chapter", "Week 1", json!({})).await;
    let seq = c
        .add(
            &ch,
            "sequential",
            "Homework",
            json!({"graded": true, "format": "Homework"}),
        )
        .await;
    let unit = c.add(&seq, "vertical", "Unit", json!({})).await;
    // The author marked the wrong planet first.
    let wrong_key = ">>Which planet is red?<<\n\n(x) Venus\n( ) Mars\n";
    let planet = c
        .add(&unit, "problem", "Planet", json!({"markdown": wrong_key}))
        .await;
    c.publish().await;
    let mut learners = Vec::new();
    for name in ["ada", "bob", "cy"] {
        let token = app.signed_in(name).await;
        c.enroll(&token).await;
        let url = format!("/api/v1/courses/{}/blocks/{planet}/problem", c.key);
        let state: ProblemState = body(app.get(&url, &token).await).await;
        let input = state.problem.inputs().next().unwrap().clone();
        let mars = input
            .choices
            .iter()
            .find(|ch| ch.label.contains("Mars"))
            .unwrap()
            .value
            .clone();
        let result: SubmissionResult = body(
            app.post(
                format!("{url}/submissions"),
                &token,
                &json!({"answers": {input.id: mars}}),
            )
            .await,
        )
        .await;
        assert_eq!(result.correctness, Correctness::Incorrect);
        learners.push(token);
    }
    // Fixed and published; then the course is regraded in batches of two.
    c.patch(&planet, json!({"markdown": MULTIPLE_CHOICE})).await;
    c.publish().await;
    let reports = std::sync::Mutex::new(Vec::new());
    let summary = app
        .state
        .courseware
        .regrade_course(&c.key, 2, &|done, total| {
            reports.lock().unwrap().push((done, total))
        })
        .await
        .unwrap();
    assert_eq!((summary.learners, summary.problems), (3, 3));
    assert_eq!(reports.lock().unwrap().last(), Some(&(3, 3)));
    for token in &learners {
        let state: ProblemState = body(
            app.get(
                format!("/api/v1/courses/{}/blocks/{planet}/problem", c.key),
                token,
            )
            .await,
        )
        .await;
        assert_eq!(state.correctness, Some(Correctness::Correct));
        assert_eq!(state.earned, Some(1.0));
        assert_eq!(state.attempts_used, 1, "a regrade uses no attempt");
        let progress: CourseProgress = body(
            app.get(format!("/api/v1/courses/{}/progress", c.key), token)
                .await,
        )
        .await;
        assert_eq!(progress.subsections[0].earned, 1.0);
    }
    let user = app.state.accounts.user(2).await.unwrap().unwrap();
    let grades = app
        .state
        .courseware
        .learner_subsection_grades(user.id, &c.key)
        .await
        .unwrap();
    assert_eq!((grades[0].earned, grades[0].possible), (1.0, 1.0));
}

/// The outline and progress are written straight to JSON; they must be the
/// bytes the typed answers make (dates, nulls, field order and all).
async fn outline_and_progress_json_is_the_typed_answer_byte_for_byte(app: TestApp) {
    use poem_openapi::types::ToJSON;
    let author = staff(&app, "author").await;
    let mut c = Course::new(&app, &author, "R1").await;
    let root = c.root();
    let ch = c.add(&root, "chapter", "Week 1", json!({})).await;
    c.add(
        &root,
        "chapter",
        "Staff notes",
        json!({"visible_to_staff_only": true}),
    )
    .await;
    let mut problems = Vec::new();
    for (name, fields) in [
        (
            "Homework",
            json!({"graded": true, "format": "Homework", "due": "2999-01-01T00:00:00Z"}),
        ),
        (
            "Quiz",
            json!({"graded": true, "format": "Homework", "show_correctness": "never"}),
        ),
        ("Practice", json!({})),
    ] {
        let seq = c.add(&ch, "sequential", name, fields).await;
        let unit = c.add(&seq, "vertical", "Unit", json!({})).await;
        c.add(
            &unit,
            "html",
            "Reading",
            json!({"data": "<p>Read \"me\".</p>"}),
        )
        .await;
        problems.push(
            c.add(
                &unit,
                "problem",
                "Planet",
                json!({"markdown": MULTIPLE_CHOICE}),
            )
            .await,
        );
    }
    c.publish().await;
    let learner = app.signed_in("learner").await;
    c.enroll(&learner).await;
    for p in &problems[..2] {
        let state: ProblemState = body(
            app.get(
                format!("/api/v1/courses/{}/blocks/{p}/problem", c.key),
                &learner,
            )
            .await,
        )
        .await;
        let input = state.problem.inputs().next().unwrap().clone();
        app.post(
            format!("/api/v1/courses/{}/blocks/{p}/problem/submissions", c.key),
            &learner,
            &json!({"answers": {input.id: input.choices[1].value}}),
        )
        .await
        .assert_status_is_ok();
    }
    for token in [&learner, &author] {
        let user = app
            .state
            .accounts
            .authenticate(token)
            .await
            .unwrap()
            .unwrap()
            .user;
        let courseware = &app.state.courseware;
        let typed = courseware.blocks(&user, &c.key).await.unwrap();
        let sent = app
            .get(format!("/api/v1/courses/{}/blocks", c.key), token)
            .await;
        sent.assert_status_is_ok();
        sent.assert_header("content-type", "application/json; charset=utf-8");
        let sent = sent.0.into_body().into_string().await.unwrap();
        assert_eq!(sent, serde_json::to_string(&typed.to_json()).unwrap());
        assert!(sent.contains("2999-01-01T00:00:00+00:00"), "{sent}");

        let typed = courseware.progress(&user, &c.key).await.unwrap();
        let sent = app
            .get(format!("/api/v1/courses/{}/progress", c.key), token)
            .await;
        sent.assert_status_is_ok();
        sent.assert_header("content-type", "application/json; charset=utf-8");
        let sent = sent.0.into_body().into_string().await.unwrap();
        assert_eq!(sent, serde_json::to_string(&typed.to_json()).unwrap());
        assert!(sent.contains("2999-01-01T00:00:00+00:00"), "{sent}");
    }
}

/// The labels of a problem's choices as shown.
fn choice_labels(state: &ProblemState) -> Vec<String> {
    state
        .problem
        .inputs()
        .flat_map(|input| input.choices.iter().map(|c| c.label.clone()))
        .collect()
}

/// The unit page's view of its first problem.
async fn unit_problem(app: &TestApp, token: &str, course_key: &str, unit: &str) -> ProblemState {
    let view: UnitView = body(
        app.get(format!("/api/v1/courses/{course_key}/units/{unit}"), token)
            .await,
    )
    .await;
    view.components
        .into_iter()
        .find_map(|c| match c {
            UnitComponent::Problem(p) => Some(p.state),
            _ => None,
        })
        .unwrap()
}

async fn each_learner_keeps_the_variant_drawn_for_them(app: TestApp) {
    let author = staff(&app, "author").await;
    let mut c = Course::new(&app, &author, "R1").await;
    let root = c.root();
    let ch = c.add(&root, "chapter", "Week 1", json!({})).await;
    let seq = c.add(&ch, "sequential", "Practice", json!({})).await;
    let shuffled = "<problem><multiplechoiceresponse><label>Pick</label>\
        <choicegroup type=\"MultipleChoice\" shuffle=\"true\">\
        <choice correct=\"false\">A</choice><choice correct=\"false\">B</choice>\
        <choice correct=\"true\">C</choice><choice correct=\"false\">D</choice>\
        <choice correct=\"false\">E</choice><choice correct=\"false\">F</choice>\
        </choicegroup></multiplechoiceresponse></problem>";
    let pooled = "<problem><multiplechoiceresponse><label>Pick</label>\
        <choicegroup type=\"MultipleChoice\" answer-pool=\"3\">\
        <choice correct=\"false\">w1</choice><choice correct=\"true\" explanation-id=\"s1\">c1</choice>\
        <choice correct=\"false\">w2</choice><choice correct=\"true\" explanation-id=\"s2\">c2</choice>\
        <choice correct=\"false\">w3</choice>\
        </choicegroup></multiplechoiceresponse>\
        <solutionset><solution explanation-id=\"s1\"><p>Why c1.</p></solution>\
        <solution explanation-id=\"s2\"><p>Why c2.</p></solution></solutionset></problem>";
    let always_unit = c.add(&seq, "vertical", "Always", json!({})).await;
    let always = c
        .add(
            &always_unit,
            "problem",
            "Always",
            json!({"data": shuffled, "rerandomize": "always", "show_reset_button": true, "showanswer": "always"}),
        )
        .await;
    let student_unit = c.add(&seq, "vertical", "Per student", json!({})).await;
    let per_student = c
        .add(
            &student_unit,
            "problem",
            "Per student",
            json!({"data": pooled, "rerandomize": "per_student", "showanswer": "always"}),
        )
        .await;
    c.publish().await;
    let learner = app.signed_in("learner").await;
    c.enroll(&learner).await;
    let url = |usage: &str| format!("/api/v1/courses/{}/blocks/{usage}/problem", c.key);

    // The unit page draws the variant once and keeps it: the page again and
    // the problem itself show the same order.
    let first = choice_labels(&unit_problem(&app, &learner, &c.key, &always_unit).await);
    let mut sorted = first.clone();
    sorted.sort();
    assert_eq!(sorted, ["A", "B", "C", "D", "E", "F"]);
    for _ in 0..3 {
        assert_eq!(
            choice_labels(&unit_problem(&app, &learner, &c.key, &always_unit).await),
            first
        );
    }
    let state: ProblemState = body(app.get(url(&always), &learner).await).await;
    assert_eq!(choice_labels(&state), first);
    // Reset draws a new variant (one of 720 orders: ten resets cannot all
    // draw the same one but by a vanishing chance).
    let input = state.problem.inputs().next().unwrap().id.clone();
    let mut orders = std::collections::HashSet::new();
    for _ in 0..10 {
        app.post(
            format!("{}/submissions", url(&always)),
            &learner,
            &json!({"answers": {input.clone(): "choice_0"}}),
        )
        .await
        .assert_status_is_ok();
        let reset: ProblemState = body(
            app.post(format!("{}/reset", url(&always)), &learner, &json!({}))
                .await,
        )
        .await;
        orders.insert(choice_labels(&reset));
        let shown: ProblemState = body(app.get(url(&always), &learner).await).await;
        assert_eq!(
            choice_labels(&shown),
            choice_labels(&reset),
            "kept after a reset"
        );
    }
    assert!(orders.len() > 1, "resets drew new variants: {orders:?}");

    // Per student: Open edX's bin for this learner and problem, the pool of
    // three drawn from it, and "show answer" reveals the correct choice shown
    // with the solution that explains it.
    let me: Value = body(app.get("/api/v1/me", &learner).await).await;
    let seed = api::capa::variant::per_student_seed(me["id"].as_i64().unwrap(), &per_student);
    let expected = api::capa::render::render_seeded(pooled, seed).unwrap();
    let shown = unit_problem(&app, &learner, &c.key, &student_unit).await;
    assert_eq!(shown.problem, expected);
    let labels = choice_labels(&shown);
    assert_eq!(labels.len(), 3);
    let correct: Vec<&String> = labels.iter().filter(|l| l.starts_with('c')).collect();
    assert_eq!(correct.len(), 1, "{labels:?}");
    let revealed: ProblemAnswers = body(
        app.post(
            format!("{}/answer", url(&per_student)),
            &learner,
            &json!({}),
        )
        .await,
    )
    .await;
    let solution = revealed.solution.unwrap();
    assert!(
        solution.contains(&format!("Why {}.", correct[0])),
        "{solution}"
    );
    assert!(!solution.contains(if correct[0] == "c1" {
        "Why c2."
    } else {
        "Why c1."
    }));
}
