//! `/api/v1/me/*`: authentication by bearer token and cookie, CSRF, password
//! change, personal API tokens.

use poem::http::StatusCode;
use serde_json::json;
use shared_types::{
    ApiTokenCreated, ApiTokenPage, CourseRole, CourseRoleList, LoginResponse, User,
};

use crate::helpers::{body, problem, TestApp, PASSWORD};

crate::backend_tests!(
    the_current_user_needs_a_sign_in,
    a_bearer_token_and_the_session_cookie_both_sign_requests,
    a_cookie_request_that_changes_state_needs_the_csrf_header,
    changing_the_password_ends_the_other_sessions,
    a_wrong_current_password_changes_nothing,
    personal_api_tokens_are_created_listed_used_and_revoked,
    token_lists_are_paginated,
    a_user_cannot_revoke_another_users_token,
    course_roles_of_the_current_user_are_listed,
);

fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

async fn the_current_user_needs_a_sign_in(app: TestApp) {
    problem(
        app.client.get("/api/v1/me").send().await,
        StatusCode::UNAUTHORIZED,
        "not_authenticated",
    )
    .await;
    let resp = app
        .client
        .get("/api/v1/me")
        .header("authorization", "Bearer lys_forged")
        .send()
        .await;
    problem(resp, StatusCode::UNAUTHORIZED, "not_authenticated").await;
    let resp = app
        .client
        .get("/api/v1/me")
        .header("cookie", "lyceum_session=lys_forged")
        .send()
        .await;
    problem(resp, StatusCode::UNAUTHORIZED, "not_authenticated").await;
}

async fn a_bearer_token_and_the_session_cookie_both_sign_requests(app: TestApp) {
    let token = app.signed_in("ada").await;
    let me: User = body(app.get("/api/v1/me", &token).await).await;
    assert_eq!(me.username, "ada");
    let me: User = body(
        app.client
            .get("/api/v1/me")
            .header("cookie", format!("lyceum_session={token}"))
            .send()
            .await,
    )
    .await;
    assert_eq!(me.username, "ada");
}

async fn a_cookie_request_that_changes_state_needs_the_csrf_header(app: TestApp) {
    let token = app.signed_in("ada").await;
    let cookie = format!("lyceum_session={token}");
    let resp = app
        .client
        .post("/api/v1/me/tokens")
        .header("cookie", &cookie)
        .body_json(&json!({"name": "script"}))
        .send()
        .await;
    problem(resp, StatusCode::FORBIDDEN, "csrf_failed").await;
    let tokens: ApiTokenPage = body(
        app.client
            .get("/api/v1/me/tokens")
            .header("cookie", &cookie)
            .send()
            .await,
    )
    .await;
    assert_eq!(tokens.count, 0, "the refused request changed nothing");

    app.client
        .post("/api/v1/me/tokens")
        .header("cookie", &cookie)
        .header(shared_types::CSRF_HEADER, "1")
        .body_json(&json!({"name": "script"}))
        .send()
        .await
        .assert_status(StatusCode::CREATED);
    // Bearer requests are not forgeable by a browser and need no header.
    app.post("/api/v1/me/tokens", &token, &json!({"name": "script 2"}))
        .await
        .assert_status(StatusCode::CREATED);
}

async fn changing_the_password_ends_the_other_sessions(app: TestApp) {
    let current = app.signed_in("ada").await;
    let other: LoginResponse = body(app.login("ada", PASSWORD).await).await;
    let pat = app.create_token(&current, "script").await;

    app.post(
        "/api/v1/me/password",
        &current,
        &json!({"current_password": PASSWORD, "new_password": "a new long secret"}),
    )
    .await
    .assert_status(StatusCode::NO_CONTENT);

    app.get("/api/v1/me", &current).await.assert_status_is_ok();
    let resp = app.get("/api/v1/me", &other.token).await;
    problem(resp, StatusCode::UNAUTHORIZED, "not_authenticated").await;
    // Personal tokens are revoked one by one, not by a password change.
    app.get("/api/v1/me", &pat.token)
        .await
        .assert_status_is_ok();
    app.login("ada", PASSWORD)
        .await
        .assert_status(StatusCode::UNAUTHORIZED);
    app.login("ada", "a new long secret")
        .await
        .assert_status_is_ok();
}

async fn a_wrong_current_password_changes_nothing(app: TestApp) {
    let current = app.signed_in("ada").await;
    let resp = app
        .client
        .post("/api/v1/me/password")
        .header("authorization", bearer(&current))
        .body_json(
            &json!({"current_password": "not it at all", "new_password": "a new long secret"}),
        )
        .send()
        .await;
    let err = problem(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(err.field.as_deref(), Some("current_password"));
    app.login("ada", PASSWORD).await.assert_status_is_ok();
}

async fn personal_api_tokens_are_created_listed_used_and_revoked(app: TestApp) {
    let session = app.signed_in("ada").await;
    let resp = app
        .post(
            "/api/v1/me/tokens",
            &session,
            &json!({"name": "grade export", "expires_in_days": 30}),
        )
        .await;
    resp.assert_status(StatusCode::CREATED);
    let created: ApiTokenCreated = body(resp).await;
    assert!(created.token.starts_with(&created.api_token.prefix));
    assert_eq!(created.api_token.name, "grade export");
    assert!(created.api_token.expires_at.is_some());

    // A third party calls the API with it.
    let me: User = body(app.get("/api/v1/me", &created.token).await).await;
    assert_eq!(me.username, "ada");

    // Listed without the secret, with when it was last used.
    let resp = app.get("/api/v1/me/tokens", &session).await;
    resp.assert_status_is_ok();
    let text = resp.0.into_body().into_string().await.unwrap();
    assert!(
        !text.contains(&created.token),
        "the secret is never listed again"
    );
    let page: ApiTokenPage = serde_json::from_str(&text).unwrap();
    assert_eq!(page.count, 1);
    assert_eq!(page.results[0].id, created.api_token.id);
    assert!(page.results[0].last_used_at.is_some());

    let invalid = app
        .post("/api/v1/me/tokens", &session, &json!({"name": "  "}))
        .await;
    assert_eq!(
        problem(
            invalid,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed"
        )
        .await
        .field
        .as_deref(),
        Some("name")
    );

    app.client
        .delete(format!("/api/v1/me/tokens/{}", created.api_token.id))
        .header("authorization", bearer(&session))
        .send()
        .await
        .assert_status(StatusCode::NO_CONTENT);
    let resp = app.get("/api/v1/me", &created.token).await;
    problem(resp, StatusCode::UNAUTHORIZED, "not_authenticated").await;
}

async fn token_lists_are_paginated(app: TestApp) {
    let session = app.signed_in("ada").await;
    for i in 0..3 {
        app.create_token(&session, &format!("token {i}")).await;
    }
    let first: ApiTokenPage = body(app.get("/api/v1/me/tokens?page_size=2", &session).await).await;
    assert_eq!(first.count, 3);
    assert_eq!(first.results.len(), 2);
    assert_eq!(first.results[0].name, "token 2", "newest first");
    let next = first.next.expect("a next page");
    let path = next
        .split_once("/api/v1")
        .map(|(_, p)| format!("/api/v1{p}"))
        .unwrap();
    let second: ApiTokenPage = body(app.get(path, &session).await).await;
    assert_eq!(second.results.len(), 1);
    assert!(second.next.is_none());

    let resp = app.get("/api/v1/me/tokens?page_size=101", &session).await;
    problem(resp, StatusCode::BAD_REQUEST, "invalid_parameter").await;
}

async fn a_user_cannot_revoke_another_users_token(app: TestApp) {
    let ada = app.signed_in("ada").await;
    let grace = app.signed_in("grace").await;
    let created = app.create_token(&ada, "mine").await;
    let resp = app
        .client
        .delete(format!("/api/v1/me/tokens/{}", created.api_token.id))
        .header("authorization", bearer(&grace))
        .send()
        .await;
    problem(resp, StatusCode::NOT_FOUND, "not_found").await;
    app.get("/api/v1/me", &created.token)
        .await
        .assert_status_is_ok();
}

async fn course_roles_of_the_current_user_are_listed(app: TestApp) {
    let session = app.signed_in("ada").await;
    let me: User = body(app.get("/api/v1/me", &session).await).await;
    let roles: CourseRoleList = body(app.get("/api/v1/me/course-roles", &session).await).await;
    assert!(roles.results.is_empty());
    let admin = app
        .state
        .accounts
        .create_user_admin("root", "root@example.org", "Root", PASSWORD, true, true)
        .await
        .unwrap();
    app.state
        .authz
        .grant_course_role(
            &admin,
            me.id,
            "course-v1:Org+CS101+2026",
            CourseRole::BetaTester,
        )
        .await
        .unwrap();
    let roles: CourseRoleList = body(app.get("/api/v1/me/course-roles", &session).await).await;
    assert_eq!(roles.results.len(), 1);
    assert_eq!(roles.results[0].course_key, "course-v1:Org+CS101+2026");
    assert_eq!(roles.results[0].role, CourseRole::BetaTester);
}
