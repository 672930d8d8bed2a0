//! `/api/v1/courses`: the public catalog, about pages, enrollment with its
//! windows, cap and modes, and the roster.

use poem::http::StatusCode;
use serde_json::{json, Value};
use shared_types::{
    CatalogPage, CourseAbout, CourseSummary, Enrollment, EnrollmentMode, EnrollmentStatus,
    LoginResponse, RosterPage,
};

use crate::helpers::{body, problem, TestApp, PASSWORD};

crate::backend_tests!(
    the_catalog_lists_published_visible_courses_to_anyone,
    learners_enroll_once_and_unenroll,
    enrollment_windows_invitations_and_caps_are_enforced_for_learners_only,
    staff_see_the_roster_and_change_modes,
);

async fn staff(app: &TestApp, username: &str) -> String {
    app.user(username, true, false).await;
    body::<LoginResponse>(app.login(username, PASSWORD).await)
        .await
        .token
}

/// A course run with one section, published; `details` and `advanced`
/// change its settings first (merged into the current ones).
async fn published(
    app: &TestApp,
    token: &str,
    run: &str,
    details: Value,
    advanced: Value,
) -> String {
    let resp = app
        .post(
            "/api/v1/authoring/courses",
            token,
            &json!({"org": "Lyceum", "number": "L1", "run": run, "display_name": format!("Course {run}"),
                    "start": "2026-01-05T09:00:00Z", "short_description": "Learning things.",
                    "overview": "<p>Hello <script>alert(1)</script><img src=\"/static/intro.png\"></p>"}),
        )
        .await;
    resp.assert_status(StatusCode::CREATED);
    let course: CourseSummary = body(resp).await;
    let key = course.course_key;
    for (path, name, patch) in [
        ("details", "details", details),
        ("advanced-settings", "settings", advanced),
    ] {
        let current: Value = body(
            app.get(format!("/api/v1/authoring/courses/{key}/{path}"), token)
                .await,
        )
        .await;
        let mut settings = current[name].clone();
        for (k, v) in patch.as_object().unwrap() {
            settings[k] = v.clone();
        }
        let resp = app
            .client
            .put(format!("/api/v1/authoring/courses/{key}/{path}"))
            .header("authorization", format!("Bearer {token}"))
            .body_json(&json!({"base_version": current["version"], name: settings}))
            .send()
            .await;
        resp.assert_status_is_ok();
    }
    let outline: Value = body(
        app.get(format!("/api/v1/authoring/courses/{key}/outline"), token)
            .await,
    )
    .await;
    let resp = app
        .post(
            format!("/api/v1/courses/{key}/publish").replace("/courses/", "/authoring/courses/"),
            token,
            &json!({"base_version": outline["version"]}),
        )
        .await;
    resp.assert_status_is_ok();
    key
}

async fn the_catalog_lists_published_visible_courses_to_anyone(app: TestApp) {
    let author = staff(&app, "author").await;
    let listed = published(&app, &author, "A", json!({}), json!({})).await;
    let about_only = published(
        &app,
        &author,
        "B",
        json!({}),
        json!({"catalog_visibility": "about"}),
    )
    .await;
    let hidden = published(
        &app,
        &author,
        "C",
        json!({}),
        json!({"catalog_visibility": "none"}),
    )
    .await;
    // Never published: not anywhere.
    let draft: CourseSummary = body(
        app.post(
            "/api/v1/authoring/courses",
            &author,
            &json!({"org": "Lyceum", "number": "L1", "run": "D", "display_name": "Draft"}),
        )
        .await,
    )
    .await;

    let resp = app.client.get("/api/v1/courses").send().await;
    resp.assert_status_is_ok();
    let page: CatalogPage = body(resp).await;
    let keys: Vec<&str> = page.results.iter().map(|c| c.course_key.as_str()).collect();
    assert_eq!(keys, [listed.as_str()]);
    assert_eq!(page.count, 1);
    let card = &page.results[0];
    assert_eq!(card.display_name, "Course A");
    assert_eq!(card.short_description.as_deref(), Some("Learning things."));
    assert_eq!(card.enrollment_status, EnrollmentStatus::Open);

    // About pages: public, sanitized, static links pointing at the files.
    let resp = app
        .client
        .get(format!("/api/v1/courses/{listed}"))
        .send()
        .await;
    resp.assert_status_is_ok();
    let about: CourseAbout = body(resp).await;
    let overview = about.overview.unwrap();
    assert!(!overview.contains("<script"), "{overview}");
    assert!(
        overview.contains(&format!("/assets/{listed}/intro.png")),
        "{overview}"
    );
    assert!(about.enrollment.is_none());
    assert!(!about.is_staff);
    app.client
        .get(format!("/api/v1/courses/{about_only}"))
        .send()
        .await
        .assert_status_is_ok();
    let learner = app.signed_in("learner").await;
    problem(
        app.get(format!("/api/v1/courses/{hidden}"), &learner).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let seen: CourseAbout = body(app.get(format!("/api/v1/courses/{hidden}"), &author).await).await;
    assert!(seen.is_staff);
    problem(
        app.get(format!("/api/v1/courses/{}", draft.course_key), &author)
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    problem(
        app.client.get("/api/v1/courses/not-a-key").send().await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    // A bad bearer token is refused rather than read as signed out.
    let resp = app
        .client
        .get(format!("/api/v1/courses/{listed}"))
        .header("authorization", "Bearer nope")
        .send()
        .await;
    problem(resp, StatusCode::UNAUTHORIZED, "not_authenticated").await;
}

async fn learners_enroll_once_and_unenroll(app: TestApp) {
    let author = staff(&app, "author").await;
    let key = published(&app, &author, "A", json!({}), json!({})).await;
    let learner = app.signed_in("learner").await;

    let resp = app
        .client
        .post(format!("/api/v1/courses/{key}/enrollment"))
        .body_json(&json!({}))
        .send()
        .await;
    problem(resp, StatusCode::UNAUTHORIZED, "not_authenticated").await;

    let first = app
        .post(
            format!("/api/v1/courses/{key}/enrollment"),
            &learner,
            &json!({}),
        )
        .await;
    first.assert_status(StatusCode::CREATED);
    let first: Enrollment = body(first).await;
    assert_eq!(first.mode, EnrollmentMode::Audit);
    let again = app
        .post(
            format!("/api/v1/courses/{key}/enrollment"),
            &learner,
            &json!({}),
        )
        .await;
    again.assert_status(StatusCode::CREATED);
    let again: Enrollment = body(again).await;
    assert_eq!(
        again.created_at, first.created_at,
        "enrolling again changes nothing"
    );
    let about: CourseAbout = body(app.get(format!("/api/v1/courses/{key}"), &learner).await).await;
    assert_eq!(
        about.enrollment.map(|e| e.mode),
        Some(EnrollmentMode::Audit)
    );

    // Learners cannot make themselves verified.
    let resp = app
        .post(
            format!("/api/v1/courses/{key}/enrollment"),
            &app.signed_in("other").await,
            &json!({"mode": "verified"}),
        )
        .await;
    problem(resp, StatusCode::FORBIDDEN, "forbidden").await;

    let resp = app
        .client
        .delete(format!("/api/v1/courses/{key}/enrollment"))
        .header("authorization", format!("Bearer {learner}"))
        .send()
        .await;
    resp.assert_status(StatusCode::NO_CONTENT);
    let resp = app
        .client
        .delete(format!("/api/v1/courses/{key}/enrollment"))
        .header("authorization", format!("Bearer {learner}"))
        .send()
        .await;
    problem(resp, StatusCode::NOT_FOUND, "not_found").await;
    let about: CourseAbout = body(app.get(format!("/api/v1/courses/{key}"), &learner).await).await;
    assert!(about.enrollment.is_none());
}

async fn enrollment_windows_invitations_and_caps_are_enforced_for_learners_only(app: TestApp) {
    let author = staff(&app, "author").await;
    let later = published(
        &app,
        &author,
        "Later",
        json!({"enrollment_start": "2999-01-01T00:00:00Z"}),
        json!({}),
    )
    .await;
    let closed = published(
        &app,
        &author,
        "Closed",
        json!({"enrollment_end": "2020-01-01T00:00:00Z"}),
        json!({}),
    )
    .await;
    let invited = published(
        &app,
        &author,
        "Invited",
        json!({}),
        json!({"invitation_only": true}),
    )
    .await;
    let small = published(
        &app,
        &author,
        "Small",
        json!({}),
        json!({"max_student_enrollments_allowed": 1}),
    )
    .await;
    let learner = app.signed_in("learner").await;
    for (key, code) in [
        (&later, "enrollment_not_open"),
        (&closed, "enrollment_closed"),
        (&invited, "invitation_only"),
    ] {
        let resp = app
            .post(
                format!("/api/v1/courses/{key}/enrollment"),
                &learner,
                &json!({}),
            )
            .await;
        let err = problem(resp, StatusCode::CONFLICT, code).await;
        assert!(!err.detail.is_empty());
        // Course staff enroll whatever the window.
        app.post(
            format!("/api/v1/courses/{key}/enrollment"),
            &author,
            &json!({}),
        )
        .await
        .assert_status(StatusCode::CREATED);
    }
    app.post(
        format!("/api/v1/courses/{small}/enrollment"),
        &learner,
        &json!({}),
    )
    .await
    .assert_status(StatusCode::CREATED);
    let other = app.signed_in("other").await;
    let resp = app
        .post(
            format!("/api/v1/courses/{small}/enrollment"),
            &other,
            &json!({}),
        )
        .await;
    problem(resp, StatusCode::CONFLICT, "course_full").await;
    let card: CourseAbout = body(
        app.client
            .get(format!("/api/v1/courses/{small}"))
            .send()
            .await,
    )
    .await;
    assert_eq!(card.course.enrollment_status, EnrollmentStatus::Full);
    // Staff take no learner's seat.
    app.post(
        format!("/api/v1/courses/{small}/enrollment"),
        &author,
        &json!({}),
    )
    .await
    .assert_status(StatusCode::CREATED);
}

async fn staff_see_the_roster_and_change_modes(app: TestApp) {
    let author = staff(&app, "author").await;
    let key = published(&app, &author, "A", json!({}), json!({})).await;
    let learner = app.signed_in("learner").await;
    app.post(
        format!("/api/v1/courses/{key}/enrollment"),
        &learner,
        &json!({}),
    )
    .await
    .assert_status(StatusCode::CREATED);

    problem(
        app.get(format!("/api/v1/courses/{key}/enrollments"), &learner)
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let roster: RosterPage = body(
        app.get(format!("/api/v1/courses/{key}/enrollments"), &author)
            .await,
    )
    .await;
    assert_eq!(roster.count, 1);
    assert_eq!(roster.results[0].username, "learner");
    assert_eq!(roster.results[0].mode, EnrollmentMode::Audit);

    let put = |who: &str, token: String, mode: &str| {
        let client = &app.client;
        let path = format!("/api/v1/courses/{key}/enrollments/{who}");
        let mode = mode.to_string();
        async move {
            client
                .put(path)
                .header("authorization", format!("Bearer {token}"))
                .body_json(&json!({"mode": mode}))
                .send()
                .await
        }
    };
    let resp = put("learner", author.clone(), "verified").await;
    resp.assert_status_is_ok();
    let changed: Enrollment = body(resp).await;
    assert_eq!(changed.mode, EnrollmentMode::Verified);
    problem(
        put("learner", learner.clone(), "audit").await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    problem(
        put("nobody", author.clone(), "audit").await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let resp = put("learner", author.clone(), "honor").await;
    assert_eq!(resp.0.status(), StatusCode::BAD_REQUEST);
}
