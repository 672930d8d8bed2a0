//! Connecting to the relational database (SQLite file or PostgreSQL) and
//! bringing its schema up to date.

use std::time::Duration;

use anyhow::Context;
use sea_orm::{ConnectOptions, Database, DatabaseConnection};
use sea_orm_migration::MigratorTrait;

use super::migration::Migrator;

/// Opens the database at `url`, creating the SQLite file's directory when
/// needed, and applies pending migrations when `migrate` is set.
pub async fn connect(url: &str, migrate: bool) -> anyhow::Result<DatabaseConnection> {
    if let Some(path) = url.strip_prefix("sqlite://") {
        let path = path.split('?').next().unwrap_or(path);
        if let Some(dir) = std::path::Path::new(path).parent() {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("creating database directory {}", dir.display()))?;
            }
        }
    }
    let mut options = ConnectOptions::new(url.to_string());
    options
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(Duration::from_secs(10))
        .sqlx_logging(false);
    if url.starts_with("sqlite:") {
        // One writer at a time is what SQLite allows; WAL lets readers go on.
        options.max_connections(8).min_connections(1);
        options.map_sqlx_sqlite_opts(|o| {
            o.journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                .synchronous(sea_orm::sqlx::sqlite::SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(10))
                .foreign_keys(true)
        });
    } else {
        options.max_connections(32).min_connections(1);
    }
    let db = Database::connect(options)
        .await
        .context("connecting to the database (DATABASE_URL)")?;
    if migrate {
        Migrator::up(&db, None)
            .await
            .context("applying database migrations")?;
    }
    Ok(db)
}
