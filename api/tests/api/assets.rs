//! Course files & uploads, and the `BlobStore` contract.

use std::sync::Arc;

use api::store::blobs::local::LocalBlobStore;
use api::store::blobs::{BlobError, BlobStore};
use poem::http::StatusCode;
use poem::test::{TestForm, TestFormField};
use serde_json::json;
use shared_types::{CourseAsset, CourseAssetList, CourseSummary, LoginResponse};

use crate::helpers::{body, problem, Backend, TestApp, PASSWORD};

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89";

async fn author_with_course(app: &TestApp) -> (String, String) {
    app.user("author", true, false).await;
    let token = body::<LoginResponse>(app.login("author", PASSWORD).await)
        .await
        .token;
    let course: CourseSummary = body(
        app.post(
            "/api/v1/authoring/courses",
            &token,
            &json!({"org": "Lyceum", "number": "F1", "run": "2027", "display_name": "Files"}),
        )
        .await,
    )
    .await;
    (token, course.course_key)
}

async fn upload(
    app: &TestApp,
    token: &str,
    key: &str,
    name: &str,
    bytes: &[u8],
) -> poem::test::TestResponse {
    app.client
        .post(format!("/api/v1/authoring/courses/{key}/assets"))
        .header("authorization", format!("Bearer {token}"))
        .multipart(
            TestForm::new().field(
                TestFormField::bytes(bytes.to_vec())
                    .name("file")
                    .filename(name),
            ),
        )
        .send()
        .await
}

crate::backend_tests!(
    authors_upload_list_serve_and_delete_course_files,
    files_of_the_wrong_type_or_content_are_refused,
    learners_cannot_upload,
);

async fn authors_upload_list_serve_and_delete_course_files(app: TestApp) {
    let (token, key) = author_with_course(&app).await;
    let resp = upload(&app, &token, &key, "Course Map.png", PNG).await;
    resp.assert_status(StatusCode::CREATED);
    let asset: CourseAsset = body(resp).await;
    assert_eq!(asset.name, "Course_Map.png");
    assert_eq!(asset.content_type, "image/png");
    assert_eq!(asset.size, PNG.len() as u64);
    assert_eq!(asset.url, format!("/assets/{key}/Course_Map.png"));

    let list: CourseAssetList = body(
        app.get(format!("/api/v1/authoring/courses/{key}/assets"), &token)
            .await,
    )
    .await;
    assert_eq!(list.results, vec![asset.clone()]);

    let served = app.client.get(&asset.url).send().await;
    served.assert_status_is_ok();
    served.assert_header("content-type", "image/png");
    served.assert_header("x-content-type-options", "nosniff");
    assert!(served
        .0
        .headers()
        .get("content-security-policy")
        .unwrap()
        .to_str()
        .unwrap()
        .contains("sandbox"));
    served.assert_header("accept-ranges", "bytes");
    let etag = served
        .0
        .headers()
        .get("etag")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    assert_eq!(served.0.into_body().into_vec().await.unwrap(), PNG);

    // A browser seeking (a video) asks for byte ranges.
    let part = app
        .client
        .get(&asset.url)
        .header("range", "bytes=8-15")
        .send()
        .await;
    part.assert_status(StatusCode::PARTIAL_CONTENT);
    part.assert_header("content-range", format!("bytes 8-15/{}", PNG.len()));
    part.assert_header("content-length", "8");
    assert_eq!(part.0.into_body().into_vec().await.unwrap(), &PNG[8..16]);
    let tail = app
        .client
        .get(&asset.url)
        .header("range", "bytes=-4")
        .send()
        .await;
    tail.assert_status(StatusCode::PARTIAL_CONTENT);
    assert_eq!(
        tail.0.into_body().into_vec().await.unwrap(),
        &PNG[PNG.len() - 4..]
    );
    let beyond = app
        .client
        .get(&asset.url)
        .header("range", format!("bytes={}-", PNG.len()))
        .send()
        .await;
    beyond.assert_status(StatusCode::RANGE_NOT_SATISFIABLE);
    beyond.assert_header("content-range", format!("bytes */{}", PNG.len()));
    // A stale If-Range gets the whole file; a current copy is not sent again.
    let stale = app
        .client
        .get(&asset.url)
        .header("range", "bytes=0-3")
        .header("if-range", "\"old\"")
        .send()
        .await;
    stale.assert_status_is_ok();
    assert_eq!(stale.0.into_body().into_vec().await.unwrap(), PNG);
    app.client
        .get(&asset.url)
        .header("if-none-match", etag.as_str())
        .send()
        .await
        .assert_status(StatusCode::NOT_MODIFIED);

    app.client
        .delete(format!(
            "/api/v1/authoring/courses/{key}/assets/Course_Map.png"
        ))
        .header("authorization", format!("Bearer {token}"))
        .send()
        .await
        .assert_status(StatusCode::NO_CONTENT);
    app.client
        .get(&asset.url)
        .send()
        .await
        .assert_status(StatusCode::NOT_FOUND);
    let resp = app
        .client
        .delete(format!(
            "/api/v1/authoring/courses/{key}/assets/Course_Map.png"
        ))
        .header("authorization", format!("Bearer {token}"))
        .send()
        .await;
    problem(resp, StatusCode::NOT_FOUND, "not_found").await;
}

async fn files_of_the_wrong_type_or_content_are_refused(app: TestApp) {
    let (token, key) = author_with_course(&app).await;
    for (name, bytes) in [
        ("page.html", b"<script>alert(1)</script>".as_slice()),
        ("tool.exe", b"MZ\x90\x00".as_slice()),
        ("fake.png", b"not a picture at all".as_slice()),
        ("empty.txt", b"".as_slice()),
        ("../../etc/passwd.txt", b"root".as_slice()),
    ] {
        let resp = upload(&app, &token, &key, name, bytes).await;
        if name.starts_with("../") {
            // The path is stripped to its last part; the file lands safely in the course.
            resp.assert_status(StatusCode::CREATED);
            let asset: CourseAsset = body(resp).await;
            assert_eq!(asset.name, "passwd.txt");
            continue;
        }
        let err = problem(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
        assert_eq!(err.field.as_deref(), Some("file"), "{name}");
    }
}

async fn learners_cannot_upload(app: TestApp) {
    let (_, key) = author_with_course(&app).await;
    let learner = app.signed_in("learner").await;
    problem(
        upload(&app, &learner, &key, "map.png", PNG).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
}

#[tokio::test]
async fn an_upload_over_the_limit_is_refused_with_413() {
    let app = TestApp::with_config(Backend::Sqlite, |c| c.max_upload_bytes = 2048)
        .await
        .unwrap();
    let (token, key) = author_with_course(&app).await;
    let mut big = PNG.to_vec();
    big.resize(4096, 0);
    let resp = upload(&app, &token, &key, "big.png", &big).await;
    problem(resp, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large").await;
}

#[tokio::test]
async fn the_local_blob_store_keeps_replaces_lists_and_deletes() {
    let dir = tempfile::TempDir::new().unwrap();
    let store: Arc<dyn BlobStore> = Arc::new(LocalBlobStore::new(dir.path()).unwrap());
    store.put("a/one.txt", b"1").await.unwrap();
    store.put("a/two.txt", b"22").await.unwrap();
    store.put("a/one.txt", b"111").await.unwrap();
    store.put("b/other.txt", b"x").await.unwrap();
    assert_eq!(store.get("a/one.txt").await.unwrap().unwrap(), b"111");
    let listed: Vec<(String, u64)> = store
        .list("a")
        .await
        .unwrap()
        .into_iter()
        .map(|m| (m.key, m.size))
        .collect();
    assert_eq!(
        listed,
        vec![("a/one.txt".into(), 3), ("a/two.txt".into(), 2)]
    );
    // Opened for streaming: the facts, and a reader that can start anywhere.
    let mut opened = store.open("a/two.txt").await.unwrap().unwrap();
    assert_eq!(
        (opened.meta.key.as_str(), opened.meta.size),
        ("a/two.txt", 2)
    );
    let mut read = Vec::new();
    tokio::io::AsyncReadExt::read_to_end(&mut opened.reader, &mut read)
        .await
        .unwrap();
    assert_eq!(read, b"22");
    assert!(store.open("a/none.txt").await.unwrap().is_none());
    assert!(
        store.open("a").await.unwrap().is_none(),
        "a folder is not a blob"
    );
    assert!(store.delete("a/one.txt").await.unwrap());
    assert!(!store.delete("a/one.txt").await.unwrap());
    assert!(store.get("a/one.txt").await.unwrap().is_none());
    assert!(store.list("nothing-here").await.unwrap().is_empty());
    for bad in ["../escape", "/abs", "a//b", ".hidden", ""] {
        assert!(
            matches!(store.put(bad, b"x").await, Err(BlobError::InvalidKey(_))),
            "{bad}"
        );
    }
}
