//! The problem+json shape on paths outside the operations, the body limit
//! and request ids.

use poem::http::StatusCode;
use serde_json::json;

use crate::helpers::{problem, Backend, TestApp};

#[tokio::test]
async fn an_unknown_api_route_is_a_problem_404() {
    let app = TestApp::new(Backend::Sqlite).await.unwrap();
    problem(
        app.client.get("/api/v1/no-such-thing").send().await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
}

#[tokio::test]
async fn a_wrong_method_is_a_problem_405() {
    let app = TestApp::new(Backend::Sqlite).await.unwrap();
    problem(
        app.client.delete("/api/v1/health").send().await,
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
    )
    .await;
}

#[tokio::test]
async fn a_body_over_the_limit_is_a_problem_413_and_stores_nothing() {
    let app = TestApp::with_config(Backend::Sqlite, |c| c.max_body_bytes = 2048)
        .await
        .unwrap();
    let body = json!({"username": "ada", "email": "ada@example.org", "password": "correct horse", "name": "x".repeat(4096)}).to_string();
    let resp = app
        .client
        .post("/api/v1/auth/register")
        .content_type("application/json")
        .header("content-length", body.len())
        .body(body.clone())
        .send()
        .await;
    problem(resp, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large").await;
    // Sent chunked, without a length, it is refused all the same.
    let resp = app
        .client
        .post("/api/v1/auth/register")
        .content_type("application/json")
        .header("transfer-encoding", "chunked")
        .body(body)
        .send()
        .await;
    problem(resp, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large").await;
    assert!(app
        .state
        .accounts
        .create_user_admin(
            "ada",
            "ada@example.org",
            "Ada",
            "correct horse",
            false,
            false
        )
        .await
        .is_ok());
}

#[tokio::test]
async fn a_wrong_content_type_is_a_problem() {
    let app = TestApp::new(Backend::Sqlite).await.unwrap();
    let resp = app
        .client
        .post("/api/v1/auth/login")
        .content_type("text/plain")
        .body("username=ada")
        .send()
        .await;
    let status = resp.0.status();
    assert!(
        status == StatusCode::BAD_REQUEST || status == StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "{status}"
    );
    resp.assert_header("content-type", shared_types::PROBLEM_JSON);
}

#[tokio::test]
async fn every_response_has_a_request_id_and_keeps_a_sane_incoming_one() {
    let app = TestApp::new(Backend::Sqlite).await.unwrap();
    let resp = app.client.get("/api/v1/health").send().await;
    let generated = resp
        .0
        .headers()
        .get("x-request-id")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    assert_eq!(generated.len(), 36);
    let resp = app
        .client
        .get("/api/v1/health")
        .header("x-request-id", "trace-abc-123")
        .send()
        .await;
    resp.assert_header("x-request-id", "trace-abc-123");
    let resp = app
        .client
        .get("/api/v1/health")
        .header("x-request-id", "<script>")
        .send()
        .await;
    assert_ne!(resp.0.headers().get("x-request-id").unwrap(), "<script>");
    // Errors quote it in the body too.
    let resp = app
        .client
        .get("/api/v1/me")
        .header("x-request-id", "trace-xyz")
        .send()
        .await;
    let body = problem(resp, StatusCode::UNAUTHORIZED, "not_authenticated").await;
    assert_eq!(body.request_id.as_deref(), Some("trace-xyz"));
}

#[tokio::test]
async fn the_root_sends_people_to_the_learning_app() {
    let app = TestApp::new(Backend::Sqlite).await.unwrap();
    let resp = app.client.get("/").send().await;
    resp.assert_status(StatusCode::SEE_OTHER);
    resp.assert_header("location", "/learning/");
}

#[tokio::test]
async fn an_app_that_is_not_built_says_how_to_build_it() {
    let app = TestApp::with_config(Backend::Sqlite, |c| c.mfe_dir = "/nonexistent-mfes".into())
        .await
        .unwrap();
    let resp = app.client.get("/profile/").send().await;
    resp.assert_status(StatusCode::SERVICE_UNAVAILABLE);
    let text = resp.0.into_body().into_string().await.unwrap();
    assert!(text.contains("just mfes"), "{text}");
}

#[tokio::test]
async fn a_built_app_serves_client_routes_from_its_index() {
    let dir = tempfile::TempDir::new().unwrap();
    let dist = dir.path().join("learning").join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(
        dist.join("index.html"),
        "<!doctype html><title>learning app</title>",
    )
    .unwrap();
    std::fs::write(dist.join("app.js"), "console.log(1)").unwrap();
    let mfe_dir = dir.path().to_path_buf();
    let app = TestApp::with_config(Backend::Sqlite, move |c| c.mfe_dir = mfe_dir)
        .await
        .unwrap();
    for path in ["/learning/", "/learning/signin", "/learning/courses/x/y"] {
        let resp = app.client.get(path).send().await;
        resp.assert_status_is_ok();
        assert!(
            resp.0
                .into_body()
                .into_string()
                .await
                .unwrap()
                .contains("learning app"),
            "{path}"
        );
    }
    let resp = app.client.get("/learning/app.js").send().await;
    resp.assert_status_is_ok();
    resp.assert_header("cache-control", "public, max-age=31536000, immutable");
    problem(
        app.client.get("/learning/missing.js").send().await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;

    // Once compressed in the background, assets go out as brotli.
    let mut encoding = None;
    for _ in 0..100 {
        let resp = app
            .client
            .get("/learning/app.js")
            .header("accept-encoding", "gzip, br")
            .send()
            .await;
        encoding = resp
            .0
            .headers()
            .get("content-encoding")
            .map(|v| v.to_str().unwrap().to_string());
        if encoding.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(encoding.as_deref(), Some("br"));
}
