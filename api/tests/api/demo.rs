//! `lyceum serve --demo`: the sample course and two accounts in an empty
//! data directory.

use poem::http::StatusCode;
use shared_types::{LoginResponse, Outline, PublishState};

use crate::helpers::{body, Backend, TestApp};

#[tokio::test]
async fn the_demo_loads_a_published_course_and_accounts_that_sign_in() {
    let app = TestApp::new(Backend::Sqlite).await.unwrap();
    let accounts = api::demo::load_demo(&app.state)
        .await
        .unwrap()
        .expect("an empty data directory gets the demo");
    assert_eq!(accounts.course_key, api::olx::sample::SAMPLE_COURSE_KEY);

    let staff: LoginResponse = body(app.login(&accounts.staff.0, &accounts.staff.1).await).await;
    assert!(staff.user.is_staff);
    let resp = app
        .client
        .get(format!(
            "/api/v1/authoring/courses/{}/outline",
            accounts.course_key
        ))
        .header("authorization", format!("Bearer {}", staff.token))
        .send()
        .await;
    resp.assert_status_is_ok();
    let outline: Outline = body(resp).await;
    assert_eq!(outline.root.display_name, "A Tour of Lyceum");
    assert_eq!(outline.root.children.len(), 3);
    assert_eq!(outline.root.publish_state, PublishState::Published);

    let learner = app.login(&accounts.learner.0, &accounts.learner.1).await;
    learner.assert_status(StatusCode::OK);

    // The course's own files came along and are served.
    let map = app
        .client
        .get(format!("/assets/{}/tour-map.svg", accounts.course_key))
        .send()
        .await;
    map.assert_status_is_ok();
    map.assert_header("content-type", "image/svg+xml");

    // A second start leaves everything as it is.
    assert!(api::demo::load_demo(&app.state).await.unwrap().is_none());
}
