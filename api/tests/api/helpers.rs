//! `TestApp`: the real application on a real database, driven through
//! poem's `TestClient`.

use std::path::PathBuf;
use std::sync::Arc;

use api::store::accounts::sql::SqlAccountStore;
use api::store::accounts::AccountStore;
use api::store::mail::file::FileMailer;
use api::{AppState, Config};
use poem::endpoint::BoxEndpoint;
use poem::http::StatusCode;
use poem::test::{TestClient, TestResponse};
use poem::EndpointExt;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use shared_types::{ErrorBody, LoginResponse, PROBLEM_JSON};
use tempfile::TempDir;

/// Which relational backend a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
    /// A MongoDB wire-protocol server (content store only).
    Mongo,
}

/// The PostgreSQL server tests create their databases on, from
/// `TEST_DATABASE_URL` (set by `just test`, which starts a throwaway server).
/// Without it the PostgreSQL variants say so and pass, unless
/// `LYCEUM_REQUIRE_POSTGRES` is set (as `just test` does), when they fail.
pub fn postgres_server() -> Option<String> {
    match std::env::var("TEST_DATABASE_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            if std::env::var_os("LYCEUM_REQUIRE_POSTGRES").is_some() {
                panic!("LYCEUM_REQUIRE_POSTGRES is set but TEST_DATABASE_URL is not");
            }
            eprintln!(
                "TEST_DATABASE_URL is not set: skipping the PostgreSQL variant (run `just test`)"
            );
            None
        }
    }
}

/// A fresh, migrated database on `backend`, with its URL; `None` when the
/// backend is not available here.
pub async fn fresh_database(backend: Backend, dir: &std::path::Path) -> Option<String> {
    match backend {
        Backend::Sqlite => Some(format!(
            "sqlite://{}?mode=rwc",
            dir.join("test.db").display()
        )),
        Backend::Postgres => {
            let server = postgres_server()?;
            let name = format!("lyceum_test_{}", uuid::Uuid::new_v4().simple());
            let admin = api::store::db::connect(&server, false)
                .await
                .expect("connecting to TEST_DATABASE_URL");
            use sea_orm::ConnectionTrait;
            admin
                .execute_unprepared(&format!("CREATE DATABASE {name}"))
                .await
                .expect("creating a test database");
            admin.close().await.ok();
            let base = server
                .rsplit_once('/')
                .map(|(b, _)| b.to_string())
                .unwrap_or(server);
            Some(format!("{base}/{name}"))
        }
        Backend::Mongo => panic!("MongoDB holds course content only, not the relational tables"),
    }
}

/// The MongoDB server content tests use, from `TEST_MONGODB_URI` (set by
/// `just test`, which starts a throwaway wire-protocol server). Without it
/// the MongoDB variants say so and pass, unless `LYCEUM_REQUIRE_MONGODB` is
/// set, when they fail.
pub fn mongodb_server() -> Option<String> {
    match std::env::var("TEST_MONGODB_URI") {
        Ok(url) if !url.is_empty() => Some(url.trim_end_matches('/').to_string()),
        _ => {
            if std::env::var_os("LYCEUM_REQUIRE_MONGODB").is_some() {
                panic!("LYCEUM_REQUIRE_MONGODB is set but TEST_MONGODB_URI is not");
            }
            eprintln!(
                "TEST_MONGODB_URI is not set: skipping the MongoDB variant (run `just test`)"
            );
            None
        }
    }
}

/// A content store on a fresh database of `backend`, and what keeps it alive.
pub async fn fresh_content_store(
    backend: Backend,
) -> Option<(Arc<dyn api::store::content::ContentStore>, TempDir)> {
    let dir = TempDir::new().unwrap();
    match backend {
        Backend::Mongo => {
            let server = mongodb_server()?;
            let uri = format!("{server}/lyceum_test_{}", uuid::Uuid::new_v4().simple());
            let store = api::store::content::mongo::MongoContentStore::connect(&uri)
                .await
                .unwrap();
            Some((Arc::new(store), dir))
        }
        _ => {
            let url = fresh_database(backend, dir.path()).await?;
            let db = api::store::db::connect(&url, true).await.unwrap();
            Some((
                Arc::new(api::store::content::sql::SqlContentStore::new(db)),
                dir,
            ))
        }
    }
}

/// A store on a fresh database of `backend`, for the store contract tests.
pub async fn fresh_account_store(backend: Backend) -> Option<(Arc<dyn AccountStore>, TempDir)> {
    let dir = TempDir::new().unwrap();
    let url = fresh_database(backend, dir.path()).await?;
    let db = api::store::db::connect(&url, true).await.unwrap();
    Some((Arc::new(SqlAccountStore::new(db)), dir))
}

/// An enrollment store on a fresh database of `backend`, for the store
/// contract tests.
pub async fn fresh_enrollment_store(
    backend: Backend,
) -> Option<(Arc<dyn api::store::enrollments::EnrollmentStore>, TempDir)> {
    let dir = TempDir::new().unwrap();
    let url = fresh_database(backend, dir.path()).await?;
    let db = api::store::db::connect(&url, true).await.unwrap();
    Some((
        Arc::new(api::store::enrollments::sql::SqlEnrollmentStore::new(db)),
        dir,
    ))
}

/// A job store on a fresh database of `backend`, for the store contract tests.
pub async fn fresh_job_store(
    backend: Backend,
) -> Option<(Arc<dyn api::store::jobs::JobStore>, TempDir)> {
    let dir = TempDir::new().unwrap();
    let url = fresh_database(backend, dir.path()).await?;
    let db = api::store::db::connect(&url, true).await.unwrap();
    Some((Arc::new(api::store::jobs::sql::SqlJobStore::new(db)), dir))
}

/// The application on a fresh database, mail going to files in a temp dir.
pub struct TestApp {
    pub client: TestClient<BoxEndpoint<'static, poem::Response>>,
    pub state: AppState,
    pub dir: TempDir,
    /// SQL statements run so far (for query-count tests).
    pub queries: Arc<std::sync::atomic::AtomicU64>,
}

impl TestApp {
    /// The default configuration; `None` when the backend is not available.
    pub async fn new(backend: Backend) -> Option<TestApp> {
        Self::with_config(backend, |_| {}).await
    }

    /// With the configuration changed by `tweak`.
    pub async fn with_config(backend: Backend, tweak: impl FnOnce(&mut Config)) -> Option<TestApp> {
        let dir = TempDir::new().unwrap();
        let url = fresh_database(backend, dir.path()).await?;
        let mut config = Config::defaults_in(dir.path());
        tweak(&mut config);
        let mut db = api::store::db::connect(&url, true).await.unwrap();
        let queries = Arc::new(std::sync::atomic::AtomicU64::new(0));
        let counter = queries.clone();
        db.set_metric_callback(move |_| {
            counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        });
        let content = Arc::new(api::store::content::sql::SqlContentStore::new(db.clone()));
        let mailer = Arc::new(FileMailer::new(dir.path().join("mail"), &config.mail_from).unwrap());
        let blobs = Arc::new(
            api::store::blobs::local::LocalBlobStore::new(dir.path().join("blobs")).unwrap(),
        );
        let state = AppState::with_backends(
            config,
            api::state::Backends::on_database(db, content, blobs, mailer),
        );
        let ep = api::build_app(state.clone()).boxed();
        Some(TestApp {
            client: TestClient::new(ep),
            state,
            dir,
            queries,
        })
    }

    /// Registers `username` with a fixed good password.
    pub async fn register(&self, username: &str) -> TestResponse {
        self.client
            .post("/api/v1/auth/register")
            .body_json(&json!({
                "username": username,
                "email": format!("{}@example.org", username.to_lowercase()),
                "password": PASSWORD,
                "name": format!("{username} Tester"),
            }))
            .send()
            .await
    }

    /// Signs in and returns the session.
    pub async fn login(&self, login: &str, password: &str) -> TestResponse {
        self.client
            .post("/api/v1/auth/login")
            .body_json(&json!({ "username": login, "password": password }))
            .send()
            .await
    }

    /// Runs the queued background jobs to the end, as a worker would;
    /// answers how many ran.
    pub async fn run_jobs(&self) -> usize {
        let worker = api::jobs::Worker::new(self.state.clone());
        let mut ran = 0;
        while worker.run_one().await.unwrap() {
            ran += 1;
        }
        ran
    }

    /// How many SQL statements `f` runs.
    pub async fn count_queries<F: std::future::Future>(&self, f: F) -> (u64, F::Output) {
        let before = self.queries.load(std::sync::atomic::Ordering::SeqCst);
        let out = f.await;
        let after = self.queries.load(std::sync::atomic::Ordering::SeqCst);
        (after - before, out)
    }

    /// Registers and signs in `username`; returns the session token.
    pub async fn signed_in(&self, username: &str) -> String {
        self.register(username)
            .await
            .assert_status(StatusCode::CREATED);
        let resp = self.login(username, PASSWORD).await;
        resp.assert_status_is_ok();
        body::<LoginResponse>(resp).await.token
    }

    /// Creates `username` directly (verified email) with global roles.
    pub async fn user(
        &self,
        username: &str,
        is_staff: bool,
        is_superuser: bool,
    ) -> api::store::accounts::UserRecord {
        self.state
            .accounts
            .create_user_admin(
                username,
                &format!("{username}@example.org"),
                username,
                PASSWORD,
                is_staff,
                is_superuser,
            )
            .await
            .unwrap()
    }

    /// Creates a personal API token for the holder of `session`.
    pub async fn create_token(&self, session: &str, name: &str) -> shared_types::ApiTokenCreated {
        let resp = self
            .client
            .post("/api/v1/me/tokens")
            .header("authorization", format!("Bearer {session}"))
            .body_json(&json!({ "name": name }))
            .send()
            .await;
        resp.assert_status(StatusCode::CREATED);
        body(resp).await
    }

    /// `GET path` signed with `token`.
    pub async fn get(&self, path: impl AsRef<str>, token: &str) -> TestResponse {
        self.client
            .get(path.as_ref())
            .header("authorization", format!("Bearer {token}"))
            .send()
            .await
    }

    /// `POST path` with a JSON body, signed with `token`.
    pub async fn post(
        &self,
        path: impl AsRef<str>,
        token: &str,
        json: &impl serde::Serialize,
    ) -> TestResponse {
        signed_json(self.client.post(path.as_ref()), token, json).await
    }

    /// `PUT path` with a JSON body, signed with `token`.
    pub async fn put(
        &self,
        path: impl AsRef<str>,
        token: &str,
        json: &impl serde::Serialize,
    ) -> TestResponse {
        signed_json(self.client.put(path.as_ref()), token, json).await
    }

    /// `PATCH path` with a JSON body, signed with `token`.
    pub async fn patch(
        &self,
        path: impl AsRef<str>,
        token: &str,
        json: &impl serde::Serialize,
    ) -> TestResponse {
        signed_json(self.client.patch(path.as_ref()), token, json).await
    }

    /// Every mail written so far, decoded to text.
    pub fn mails(&self) -> Vec<String> {
        let dir = self.dir.path().join("mail");
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        files.retain(|p| p.extension().is_some_and(|e| e == "eml"));
        files.sort_by_key(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok());
        files
            .iter()
            .map(|p| decode_quoted_printable(&std::fs::read_to_string(p).unwrap()))
            .collect()
    }

    /// The token in the last emailed link containing `path`.
    pub fn emailed_token(&self, path: &str) -> String {
        let mails = self.mails();
        let mail = mails
            .iter()
            .rev()
            .find(|m| m.contains(path))
            .unwrap_or_else(|| panic!("no mail with a {path} link in {mails:#?}"));
        token_after(mail, &format!("{path}?token="))
    }
}

async fn signed_json(
    request: poem::test::TestRequestBuilder<'_, BoxEndpoint<'static, poem::Response>>,
    token: &str,
    json: &impl serde::Serialize,
) -> TestResponse {
    request
        .header("authorization", format!("Bearer {token}"))
        .body_json(json)
        .send()
        .await
}

/// The fixed password `TestApp::register` uses.
pub const PASSWORD: &str = "correct horse battery";

/// Reads a JSON body.
pub async fn body<T: DeserializeOwned>(resp: TestResponse) -> T {
    let bytes = resp.0.into_body().into_vec().await.unwrap();
    serde_json::from_slice(&bytes)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&bytes)))
}

/// Asserts a problem+json answer with `status` and `code`; returns the body.
pub async fn problem(resp: TestResponse, status: StatusCode, code: &str) -> ErrorBody {
    resp.assert_status(status);
    resp.assert_header("content-type", PROBLEM_JSON);
    assert!(resp.0.headers().contains_key("x-request-id"));
    let body: ErrorBody = body(resp).await;
    assert_eq!(body.status, status.as_u16());
    assert_eq!(body.code, code, "{body:?}");
    assert!(!body.title.is_empty() && !body.detail.is_empty() && !body.type_.is_empty());
    assert!(body.request_id.is_some());
    body
}

fn token_after(text: &str, marker: &str) -> String {
    let start = text
        .find(marker)
        .unwrap_or_else(|| panic!("{marker} not in {text}"))
        + marker.len();
    text[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

fn decode_quoted_printable(raw: &str) -> String {
    raw.replace("=\r\n", "")
        .replace("=\n", "")
        .replace("=3D", "=")
}

/// Generates, for each named test body `async fn NAME(app: TestApp)`, a
/// `sqlite::NAME` and a `postgres::NAME` test.
#[macro_export]
macro_rules! backend_tests {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    let app = $crate::helpers::TestApp::new($crate::helpers::Backend::Sqlite)
                        .await
                        .expect("SQLite is always available");
                    super::$name(app).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    if let Some(app) = $crate::helpers::TestApp::new($crate::helpers::Backend::Postgres).await {
                        super::$name(app).await;
                    }
                }
            )*
        }
    };
}

/// A forum store on a fresh database of `backend`, for the store contract
/// tests.
pub async fn fresh_forum_store(
    backend: Backend,
) -> Option<(Arc<dyn api::store::forum::ForumStore>, TempDir)> {
    let dir = TempDir::new().unwrap();
    let url = fresh_database(backend, dir.path()).await?;
    let db = api::store::db::connect(&url, true).await.unwrap();
    Some((
        Arc::new(api::store::forum::sql::SqlForumStore::new(db)),
        dir,
    ))
}

pub async fn fresh_ora_store(
    backend: Backend,
) -> Option<(Arc<dyn api::store::ora::OraStore>, TempDir)> {
    let dir = TempDir::new().unwrap();
    let url = fresh_database(backend, dir.path()).await?;
    let db = api::store::db::connect(&url, true).await.unwrap();
    Some((Arc::new(api::store::ora::sql::SqlOraStore::new(db)), dir))
}

/// A course being built through the Studio API.
pub struct Course<'a> {
    pub app: &'a TestApp,
    pub token: String,
    pub key: String,
    pub version: String,
}

impl<'a> Course<'a> {
    pub async fn new(app: &'a TestApp, token: &str, run: &str) -> Course<'a> {
        let resp = app
            .post(
                "/api/v1/authoring/courses",
                token,
                &json!({"org": "Lyceum", "number": "W1", "run": run, "display_name": "Courseware 101",
                        "start": "2020-01-01T00:00:00Z"}),
            )
            .await;
        resp.assert_status(StatusCode::CREATED);
        let c: Value = body(resp).await;
        Course {
            app,
            token: token.to_string(),
            key: c["course_key"].as_str().unwrap().to_string(),
            version: c["draft_version"].as_str().unwrap().to_string(),
        }
    }

    pub fn root(&self) -> String {
        self.key.replace("course-v1:", "block-v1:").to_string() + "+type@course+block@course"
    }

    pub async fn add(
        &mut self,
        parent: &str,
        block_type: &str,
        name: &str,
        fields: Value,
    ) -> String {
        let resp = self
            .app
            .post(
                format!("/api/v1/authoring/courses/{}/blocks", self.key),
                &self.token,
                &json!({"base_version": self.version, "parent": parent, "type": block_type, "display_name": name}),
            )
            .await;
        resp.assert_status(StatusCode::CREATED);
        let made: Value = body(resp).await;
        self.version = made["version"].as_str().unwrap().to_string();
        let id = made["id"].as_str().unwrap().to_string();
        if fields.as_object().is_some_and(|f| !f.is_empty()) {
            self.patch(&id, fields).await;
        }
        id
    }

    pub async fn patch(&mut self, id: &str, fields: Value) {
        let mut request = fields;
        request["base_version"] = json!(self.version);
        let resp = self
            .app
            .patch(
                format!("/api/v1/authoring/blocks/{id}"),
                &self.token,
                &request,
            )
            .await;
        resp.assert_status_is_ok();
        let made: Value = body(resp).await;
        self.version = made["version"].as_str().unwrap().to_string();
    }

    pub async fn publish(&mut self) {
        let resp = self
            .app
            .post(
                format!("/api/v1/authoring/courses/{}/publish", self.key),
                &self.token,
                &json!({"base_version": self.version}),
            )
            .await;
        resp.assert_status_is_ok();
    }

    pub async fn enroll(&self, token: &str) {
        self.app
            .post(
                format!("/api/v1/courses/{}/enrollment", self.key),
                token,
                &json!({}),
            )
            .await
            .assert_status(StatusCode::CREATED);
    }
}

/// A global staff member, signed in; answers the token.
pub async fn staff(app: &TestApp, username: &str) -> String {
    app.user(username, true, false).await;
    body::<LoginResponse>(app.login(username, PASSWORD).await)
        .await
        .token
}
