//! The application state: the chosen backends behind their traits and the
//! services built on them. Cloning is cheap (everything is behind `Arc`).

use std::sync::Arc;

use anyhow::Context;
use chrono::Duration;

use crate::config::Config;
use crate::services::accounts::{AccountService, AccountSettings};
use crate::services::assets::AssetService;
use crate::services::authoring::AuthoringService;
use crate::services::authz::Authz;
use crate::services::catalog::CatalogService;
use crate::services::courseware::CoursewareService;
use crate::services::forum::ForumService;
use crate::services::health::HealthService;
use crate::services::jobs::JobService;
use crate::services::ora::OraService;
use crate::store::accounts::sql::SqlAccountStore;
use crate::store::accounts::AccountStore;
use crate::store::blobs::local::LocalBlobStore;
use crate::store::blobs::BlobStore;
use crate::store::content::cache::CachedContentStore;
use crate::store::content::mongo::MongoContentStore;
use crate::store::content::sql::SqlContentStore;
use crate::store::content::ContentStore;
use crate::store::enrollments::sql::SqlEnrollmentStore;
use crate::store::enrollments::EnrollmentStore;
use crate::store::forum::sql::SqlForumStore;
use crate::store::forum::ForumStore;
use crate::store::jobs::sql::SqlJobStore;
use crate::store::jobs::JobStore;
use crate::store::learner::sql::SqlLearnerStore;
use crate::store::learner::LearnerStore;
use crate::store::live::memory::MemoryLiveBus;
use crate::store::live::redis::RedisLiveBus;
use crate::store::live::LiveBus;
use crate::store::mail::file::FileMailer;
use crate::store::mail::smtp::SmtpMailer;
use crate::store::mail::Mailer;
use crate::store::ora::sql::SqlOraStore;
use crate::store::ora::OraStore;

/// How many structure versions the content cache keeps.
pub const CONTENT_CACHE_VERSIONS: usize = 512;

/// Everything a request handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    pub accounts: Arc<AccountService>,
    pub authz: Arc<Authz>,
    pub health: Arc<HealthService>,
    /// Versioned course content (the authoring and learning services build on it).
    pub content: Arc<dyn ContentStore>,
    pub authoring: Arc<AuthoringService>,
    pub assets: Arc<AssetService>,
    /// Background jobs: queue, status, progress.
    pub jobs: Arc<JobService>,
    /// The catalog, about pages and enrollment.
    pub catalog: Arc<CatalogService>,
    /// The learner's courseware, problems and progress.
    pub courseware: Arc<CoursewareService>,
    /// The course forum.
    pub forum: Arc<ForumService>,
    /// Open response assessments.
    pub ora: Arc<OraService>,
}

/// The backends the services stand on.
pub struct Backends {
    pub accounts: Arc<dyn AccountStore>,
    pub content: Arc<dyn ContentStore>,
    pub blobs: Arc<dyn BlobStore>,
    pub mailer: Arc<dyn Mailer>,
    pub jobs: Arc<dyn JobStore>,
    pub enrollments: Arc<dyn EnrollmentStore>,
    pub learner: Arc<dyn LearnerStore>,
    pub forum: Arc<dyn ForumStore>,
    pub ora: Arc<dyn OraStore>,
    /// Live updates to open pages (in process unless `REDIS_URL` is set).
    pub live: Arc<dyn LiveBus>,
}

impl Backends {
    /// Every relational store on `db`, with the given content store, files
    /// and mail.
    pub fn on_database(
        db: sea_orm::DatabaseConnection,
        content: Arc<dyn ContentStore>,
        blobs: Arc<dyn BlobStore>,
        mailer: Arc<dyn Mailer>,
    ) -> Self {
        Self {
            accounts: Arc::new(SqlAccountStore::new(db.clone())),
            jobs: Arc::new(SqlJobStore::new(db.clone())),
            enrollments: Arc::new(SqlEnrollmentStore::new(db.clone())),
            learner: Arc::new(SqlLearnerStore::new(db.clone())),
            forum: Arc::new(SqlForumStore::new(db.clone())),
            ora: Arc::new(SqlOraStore::new(db)),
            live: Arc::new(MemoryLiveBus::new()),
            content,
            blobs,
            mailer,
        }
    }
}

impl AppState {
    /// Connects the configured backends (applying migrations) and builds the
    /// services.
    pub async fn from_config(config: Config) -> anyhow::Result<AppState> {
        let db = crate::store::db::connect(&config.effective_database_url(), true).await?;
        let mailer: Arc<dyn Mailer> = match &config.smtp_url {
            Some(url) => Arc::new(SmtpMailer::new(url.expose(), &config.mail_from)?),
            None => Arc::new(
                FileMailer::new(config.data_dir.join("mail"), &config.mail_from)
                    .context("setting up mail files (DATA_DIR)")?,
            ),
        };
        let backend: Arc<dyn ContentStore> = match &config.mongodb_uri {
            Some(uri) => Arc::new(MongoContentStore::connect(uri.expose()).await?),
            None => Arc::new(SqlContentStore::new(db.clone())),
        };
        // Versions never change: keep the recently read ones in memory.
        let content: Arc<dyn ContentStore> =
            Arc::new(CachedContentStore::new(backend, CONTENT_CACHE_VERSIONS));
        let blobs: Arc<dyn BlobStore> = Arc::new(
            LocalBlobStore::new(config.data_dir.join("blobs"))
                .context("setting up files (DATA_DIR)")?,
        );
        let mut backends = Backends::on_database(db, content, blobs, mailer);
        if let Some(url) = &config.redis_url {
            backends.live = Arc::new(
                RedisLiveBus::connect(url.expose())
                    .await
                    .map_err(|e| anyhow::anyhow!("connecting to Redis (REDIS_URL): {e}"))?,
            );
        }
        Ok(AppState::with_backends(config, backends))
    }

    /// Builds the services on given backends (tests swap them here).
    pub fn with_backends(config: Config, backends: Backends) -> AppState {
        let Backends {
            accounts,
            content,
            blobs,
            mailer,
            jobs,
            enrollments,
            learner,
            forum,
            ora,
            live,
        } = backends;
        let settings = AccountSettings {
            public_base: config.public_base(),
            session_ttl: Duration::hours(i64::from(config.session_ttl_hours)),
            max_failures_per_account: config.login_max_failures,
            max_failures_per_ip: config.login_max_failures_per_ip,
            throttle_window: Duration::seconds(i64::from(config.login_window_secs)),
        };
        let authz = Arc::new(Authz::new(accounts.clone()));
        let assets = Arc::new(AssetService::new(
            blobs.clone(),
            authz.clone(),
            config.max_upload_bytes,
        ));
        let jobs = Arc::new(JobService::new(jobs, authz.clone()));
        let courseware = Arc::new(CoursewareService::new(
            content.clone(),
            enrollments.clone(),
            learner,
            authz.clone(),
            assets.clone(),
            config.iframe_hosts.clone(),
        ));
        AppState {
            ora: Arc::new(OraService::new(
                ora,
                courseware.clone(),
                accounts.clone(),
                blobs.clone(),
                jobs.clone(),
                mailer.clone(),
                config.public_base(),
                config.max_upload_bytes,
            )),
            forum: Arc::new(ForumService::new(
                forum,
                courseware.clone(),
                accounts.clone(),
                live,
                jobs.clone(),
                mailer.clone(),
                config.public_base(),
            )),
            catalog: Arc::new(CatalogService::new(
                content.clone(),
                enrollments.clone(),
                accounts.clone(),
                authz.clone(),
            )),
            courseware,
            authoring: Arc::new(AuthoringService::new(
                content.clone(),
                accounts.clone(),
                authz.clone(),
                assets.clone(),
                jobs.clone(),
            )),
            jobs,
            assets,
            accounts: Arc::new(AccountService::new(accounts.clone(), mailer, settings)),
            authz,
            health: Arc::new(HealthService::new(accounts)),
            content,
            config: Arc::new(config),
        }
    }
}
