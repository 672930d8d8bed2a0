//! `/api/v1/auth/*`.

use poem::http::StatusCode;
use serde_json::json;
use shared_types::{LoginResponse, User};

use crate::helpers::{body, problem, TestApp, PASSWORD};

crate::backend_tests!(
    registering_creates_the_account_and_mails_a_verification_link,
    a_taken_username_in_any_case_is_a_conflict,
    a_taken_email_is_a_conflict,
    a_weak_password_is_refused_naming_the_field,
    an_invalid_email_is_refused_naming_the_field,
    an_unknown_field_is_refused,
    malformed_json_is_a_bad_request_naming_the_problem,
    signing_in_by_username_or_email_gives_a_token_and_a_cookie,
    wrong_password_and_unknown_user_fail_alike,
    repeated_failures_for_an_account_are_throttled,
    repeated_failures_from_one_client_are_throttled,
    signing_out_ends_the_session,
    a_password_reset_link_sets_a_new_password_once,
    a_reset_request_for_an_unknown_email_answers_the_same,
    a_weak_new_password_does_not_burn_the_reset_link,
    the_verification_link_confirms_the_email,
);

async fn registering_creates_the_account_and_mails_a_verification_link(app: TestApp) {
    let resp = app.register("Ada").await;
    resp.assert_status(StatusCode::CREATED);
    let user: User = body(resp).await;
    assert_eq!(user.username, "Ada");
    assert_eq!(user.email, "ada@example.org");
    assert_eq!(user.name, "Ada Tester");
    assert!(!user.email_verified && !user.is_staff && !user.is_superuser);

    let mails = app.mails();
    assert_eq!(mails.len(), 1);
    assert!(mails[0].contains("To: ada@example.org"), "{}", mails[0]);
    assert!(mails[0].contains("/learning/verify-email?token="));
}

async fn a_taken_username_in_any_case_is_a_conflict(app: TestApp) {
    app.register("ada").await.assert_status(StatusCode::CREATED);
    let resp = app
        .client
        .post("/api/v1/auth/register")
        .body_json(&json!({"username": "ADA", "email": "other@example.org", "password": PASSWORD, "name": "Other"}))
        .send()
        .await;
    let err = problem(resp, StatusCode::CONFLICT, "conflict").await;
    assert_eq!(err.field.as_deref(), Some("username"));
}

async fn a_taken_email_is_a_conflict(app: TestApp) {
    app.register("ada").await.assert_status(StatusCode::CREATED);
    let resp = app
        .client
        .post("/api/v1/auth/register")
        .body_json(&json!({"username": "grace", "email": "ADA@example.org", "password": PASSWORD, "name": "Grace"}))
        .send()
        .await;
    let err = problem(resp, StatusCode::CONFLICT, "conflict").await;
    assert_eq!(err.field.as_deref(), Some("email"));
}

async fn a_weak_password_is_refused_naming_the_field(app: TestApp) {
    for weak in ["short", "12345678901", "gracehopper"] {
        let resp = app
            .client
            .post("/api/v1/auth/register")
            .body_json(&json!({"username": "gracehopper", "email": "grace@example.org", "password": weak, "name": "Grace"}))
            .send()
            .await;
        let err = problem(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
        assert_eq!(err.field.as_deref(), Some("password"), "{weak}");
    }
    // Nothing was stored: the username is still free.
    app.register("gracehopper")
        .await
        .assert_status(StatusCode::CREATED);
}

async fn an_invalid_email_is_refused_naming_the_field(app: TestApp) {
    let resp = app
        .client
        .post("/api/v1/auth/register")
        .body_json(&json!({"username": "grace", "email": "grace-at-example", "password": PASSWORD, "name": "Grace"}))
        .send()
        .await;
    let err = problem(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(err.field.as_deref(), Some("email"));
}

async fn an_unknown_field_is_refused(app: TestApp) {
    let resp = app
        .client
        .post("/api/v1/auth/register")
        .body_json(&json!({"username": "grace", "email": "grace@example.org", "password": PASSWORD, "name": "Grace", "is_superuser": true}))
        .send()
        .await;
    let err = problem(resp, StatusCode::BAD_REQUEST, "malformed_request").await;
    assert!(err.detail.contains("is_superuser"), "{}", err.detail);
}

async fn malformed_json_is_a_bad_request_naming_the_problem(app: TestApp) {
    let resp = app
        .client
        .post("/api/v1/auth/register")
        .content_type("application/json")
        .body(r#"{"username": "grace","#)
        .send()
        .await;
    let err = problem(resp, StatusCode::BAD_REQUEST, "malformed_request").await;
    assert!(err.detail.contains("EOF"), "{}", err.detail);

    let resp = app
        .client
        .post("/api/v1/auth/register")
        .body_json(&json!({"username": "grace"}))
        .send()
        .await;
    let err = problem(resp, StatusCode::BAD_REQUEST, "malformed_request").await;
    assert!(err.detail.contains("RegisterRequest"), "{}", err.detail);
}

async fn signing_in_by_username_or_email_gives_a_token_and_a_cookie(app: TestApp) {
    app.register("Ada").await.assert_status(StatusCode::CREATED);
    for login in ["Ada", "ada", "ADA@example.org"] {
        let resp = app.login(login, PASSWORD).await;
        resp.assert_status_is_ok();
        let cookie = resp
            .0
            .headers()
            .get("set-cookie")
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        let session: LoginResponse = body(resp).await;
        assert_eq!(session.user.username, "Ada");
        assert!(session.token.len() > 40);
        assert!(
            cookie.starts_with(&format!("lyceum_session={}", session.token)),
            "{cookie}"
        );
        assert!(
            cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
            "{cookie}"
        );
    }
}

async fn wrong_password_and_unknown_user_fail_alike(app: TestApp) {
    app.register("ada").await.assert_status(StatusCode::CREATED);
    let wrong = problem(
        app.login("ada", "not the password").await,
        StatusCode::UNAUTHORIZED,
        "invalid_credentials",
    )
    .await;
    let unknown = problem(
        app.login("nobody", PASSWORD).await,
        StatusCode::UNAUTHORIZED,
        "invalid_credentials",
    )
    .await;
    assert_eq!(wrong.detail, unknown.detail);
    assert_eq!(wrong.detail, "Username or password is incorrect.");
}

async fn repeated_failures_for_an_account_are_throttled(app: TestApp) {
    app.register("ada").await.assert_status(StatusCode::CREATED);
    let max = app.state.config.login_max_failures;
    for _ in 0..max {
        app.login("ada", "wrong password")
            .await
            .assert_status(StatusCode::UNAUTHORIZED);
    }
    // Even the right password is refused while throttled, without saying so.
    let resp = app.login("ada", PASSWORD).await;
    let retry_after: u64 = resp
        .0
        .headers()
        .get("retry-after")
        .unwrap()
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry_after >= 1 && retry_after <= u64::from(app.state.config.login_window_secs));
    problem(resp, StatusCode::TOO_MANY_REQUESTS, "throttled").await;
    // Another account from the same client is not affected.
    app.register("grace")
        .await
        .assert_status(StatusCode::CREATED);
    app.login("grace", PASSWORD).await.assert_status_is_ok();
}

async fn repeated_failures_from_one_client_are_throttled(app: TestApp) {
    let max = app.state.config.login_max_failures_per_ip;
    app.register("ada").await.assert_status(StatusCode::CREATED);
    for i in 0..max {
        app.login(&format!("user{i}"), "wrong password")
            .await
            .assert_status(StatusCode::UNAUTHORIZED);
    }
    problem(
        app.login("ada", PASSWORD).await,
        StatusCode::TOO_MANY_REQUESTS,
        "throttled",
    )
    .await;
}

#[tokio::test]
async fn behind_a_proxy_clients_are_told_apart_by_the_configured_header() {
    let app = TestApp::with_config(crate::helpers::Backend::Sqlite, |c| {
        c.client_ip_header = Some("X-Forwarded-For".into());
        c.login_max_failures_per_ip = 2;
    })
    .await
    .unwrap();
    let attempt = |client: &'static str, login: &'static str| {
        app.client
            .post("/api/v1/auth/login")
            .header("x-forwarded-for", format!("203.0.113.9, {client}"))
            .body_json(&json!({"username": login, "password": "wrong password"}))
            .send()
    };
    attempt("198.51.100.1", "a")
        .await
        .assert_status(StatusCode::UNAUTHORIZED);
    attempt("198.51.100.1", "b")
        .await
        .assert_status(StatusCode::UNAUTHORIZED);
    problem(
        attempt("198.51.100.1", "c").await,
        StatusCode::TOO_MANY_REQUESTS,
        "throttled",
    )
    .await;
    attempt("198.51.100.2", "d")
        .await
        .assert_status(StatusCode::UNAUTHORIZED);
}

async fn signing_out_ends_the_session(app: TestApp) {
    let token = app.signed_in("ada").await;
    let other = body::<LoginResponse>(app.login("ada", PASSWORD).await)
        .await
        .token;
    let resp = app
        .client
        .post("/api/v1/auth/logout")
        .header("authorization", format!("Bearer {token}"))
        .send()
        .await;
    resp.assert_status(StatusCode::NO_CONTENT);
    let cleared = resp
        .0
        .headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap();
    assert!(cleared.contains("Max-Age=0"), "{cleared}");
    let resp = app
        .client
        .get("/api/v1/me")
        .header("authorization", format!("Bearer {token}"))
        .send()
        .await;
    problem(resp, StatusCode::UNAUTHORIZED, "not_authenticated").await;
    // The other session goes on.
    app.client
        .get("/api/v1/me")
        .header("authorization", format!("Bearer {other}"))
        .send()
        .await
        .assert_status_is_ok();
}

async fn a_password_reset_link_sets_a_new_password_once(app: TestApp) {
    let old_session = app.signed_in("ada").await;
    app.client
        .post("/api/v1/auth/password-reset")
        .body_json(&json!({"email": "ADA@example.org"}))
        .send()
        .await
        .assert_status(StatusCode::ACCEPTED);
    let token = app.emailed_token("/learning/reset-password");

    let new_password = "a brand new secret";
    app.client
        .post("/api/v1/auth/password-reset/confirm")
        .body_json(&json!({"token": token, "new_password": new_password}))
        .send()
        .await
        .assert_status(StatusCode::NO_CONTENT);

    // Every session ended; the old password is gone, the new one works.
    let resp = app
        .client
        .get("/api/v1/me")
        .header("authorization", format!("Bearer {old_session}"))
        .send()
        .await;
    problem(resp, StatusCode::UNAUTHORIZED, "not_authenticated").await;
    app.login("ada", PASSWORD)
        .await
        .assert_status(StatusCode::UNAUTHORIZED);
    let session: LoginResponse = body(app.login("ada", new_password).await).await;
    assert!(
        session.user.email_verified,
        "receiving the reset mail proves the address"
    );

    // The link works once.
    let resp = app
        .client
        .post("/api/v1/auth/password-reset/confirm")
        .body_json(&json!({"token": token, "new_password": "yet another secret"}))
        .send()
        .await;
    problem(resp, StatusCode::BAD_REQUEST, "invalid_token").await;
}

async fn a_reset_request_for_an_unknown_email_answers_the_same(app: TestApp) {
    app.register("ada").await.assert_status(StatusCode::CREATED);
    let before = app.mails().len();
    let resp = app
        .client
        .post("/api/v1/auth/password-reset")
        .body_json(&json!({"email": "nobody@example.org"}))
        .send()
        .await;
    resp.assert_status(StatusCode::ACCEPTED);
    assert_eq!(app.mails().len(), before);
}

async fn a_weak_new_password_does_not_burn_the_reset_link(app: TestApp) {
    app.register("ada").await.assert_status(StatusCode::CREATED);
    app.client
        .post("/api/v1/auth/password-reset")
        .body_json(&json!({"email": "ada@example.org"}))
        .send()
        .await
        .assert_status(StatusCode::ACCEPTED);
    let token = app.emailed_token("/learning/reset-password");
    let resp = app
        .client
        .post("/api/v1/auth/password-reset/confirm")
        .body_json(&json!({"token": token, "new_password": "short"}))
        .send()
        .await;
    let err = problem(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(err.field.as_deref(), Some("new_password"));
    app.client
        .post("/api/v1/auth/password-reset/confirm")
        .body_json(&json!({"token": token, "new_password": "a long enough one"}))
        .send()
        .await
        .assert_status(StatusCode::NO_CONTENT);
}

async fn the_verification_link_confirms_the_email(app: TestApp) {
    let session = app.signed_in("ada").await;
    let token = app.emailed_token("/learning/verify-email");
    app.client
        .post("/api/v1/auth/verify-email")
        .body_json(&json!({"token": token}))
        .send()
        .await
        .assert_status(StatusCode::NO_CONTENT);
    let me: User = body(
        app.client
            .get("/api/v1/me")
            .header("authorization", format!("Bearer {session}"))
            .send()
            .await,
    )
    .await;
    assert!(me.email_verified);
    let resp = app
        .client
        .post("/api/v1/auth/verify-email")
        .body_json(&json!({"token": "lyv_not-a-real-token"}))
        .send()
        .await;
    problem(resp, StatusCode::BAD_REQUEST, "invalid_token").await;
}
