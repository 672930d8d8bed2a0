//! `/api/v1/health`, `/api/v1/ready` and the API reference.

use poem::http::StatusCode;
use shared_types::{Health, Ready};

use crate::helpers::{body, TestApp};

crate::backend_tests!(health_and_readiness_answer);

async fn health_and_readiness_answer(app: TestApp) {
    let health: Health = body(app.client.get("/api/v1/health").send().await).await;
    assert_eq!(health.status, "ok");
    let ready: Ready = body(app.client.get("/api/v1/ready").send().await).await;
    assert_eq!(ready.database, "ok");
    let resp = app.client.get("/api/docs").send().await;
    resp.assert_status(StatusCode::OK);
    let html = resp.0.into_body().into_string().await.unwrap();
    assert!(html.contains("swagger"), "the reference page is served");
    let resp = app.client.get("/api/openapi.yaml").send().await;
    resp.assert_status_is_ok();
}
