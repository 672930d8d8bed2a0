//! `lyceum`: the Lyceum server and its administration commands.

use std::path::PathBuf;

use anyhow::Context;
use api::config::{Config, LogFormat};
use api::AppState;
use clap::{Parser, Subcommand};
use tracing_subscriber::EnvFilter;

#[derive(Parser)]
#[command(name = "lyceum", version, about = "The Lyceum learning platform")]
struct Cli {
    #[command(flatten)]
    config: Config,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API and the micro-frontends (applies migrations first).
    Serve {
        /// Load the built-in sample course and a staff and a learner account
        /// into an empty data directory, and print their credentials.
        #[arg(long)]
        demo: bool,
    },
    /// Run background jobs (imports, ...) until stopped; run as many as
    /// needed next to `serve` processes started with `JOB_WORKERS=0`.
    Worker,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Write the OpenAPI spec (openapi.json and openapi.yaml) into a directory.
    Openapi {
        /// Where to write the files.
        #[arg(long, default_value = "openapi")]
        out_dir: PathBuf,
    },
    /// Import an OLX course (a folder or a .tar.gz); prints its course key last.
    ImportOlx {
        /// The course folder (holding course.xml) or a .tar.gz export.
        path: PathBuf,
        /// Publish it at once.
        #[arg(long)]
        publish: bool,
    },
    /// Export a course's draft as an OLX .tar.gz.
    ExportOlx {
        /// `course-v1:ORG+NUMBER+RUN`.
        course_key: String,
        /// The archive to write.
        out: PathBuf,
    },
    /// Create a user account (its email counts as verified).
    CreateUser {
        #[arg(long)]
        username: String,
        #[arg(long)]
        email: String,
        /// The password; `LYCEUM_PASSWORD` keeps it out of the shell history.
        #[arg(long, env = "LYCEUM_PASSWORD", hide_env_values = true)]
        password: String,
        /// Full name (defaults to the username).
        #[arg(long, default_value = "")]
        name: String,
        /// Global staff: may manage every course.
        #[arg(long)]
        staff: bool,
        /// Superuser: may do everything.
        #[arg(long)]
        superuser: bool,
    },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    init_logging(cli.config.log_format);
    match cli.command {
        Command::Serve { demo } => serve(cli.config, demo).await,
        Command::Worker => {
            tracing::info!(config = ?cli.config, "starting a job worker");
            let state = AppState::from_config(cli.config).await?;
            let (stop, stopped) = tokio::sync::watch::channel(false);
            let worker = tokio::spawn(api::jobs::Worker::new(state).run(stopped));
            let _ = tokio::signal::ctrl_c().await;
            tracing::info!("stopping after the current job");
            let _ = stop.send(true);
            worker.await.context("the job worker")?;
            Ok(())
        }
        Command::ImportOlx { path, publish } => {
            let is_archive = path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.ends_with(".tar.gz") || n.ends_with(".tgz"));
            let limits = api::olx::import::ImportLimits {
                max_static_bytes: cli.config.max_upload_bytes,
                ..Default::default()
            };
            let imported = if is_archive {
                api::olx::import::import_tar_gz_with_limits(&path, limits, &|_, _| {})
            } else {
                api::olx::import::import_dir_with_limits(&path, limits, &|_, _| {})
            }
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
            for warning in &imported.stats.warnings {
                eprintln!("warning: {warning}");
            }
            let counts: Vec<String> = imported
                .stats
                .blocks
                .iter()
                .map(|(kind, n)| format!("{n} {kind}"))
                .collect();
            println!("read {}", counts.join(", "));
            let state = AppState::from_config(cli.config).await?;
            let (summary, skipped) = state
                .authoring
                .import_olx(None, imported, publish)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            for name in &skipped {
                eprintln!("warning: static/{name} was not stored (a type Lyceum does not accept, or content that does not match its extension)");
            }
            println!("{}", summary.course_key);
            Ok(())
        }
        Command::Migrate => {
            tracing::info!(config = ?cli.config, "migrating");
            api::store::db::connect(&cli.config.effective_database_url(), true).await?;
            println!("migrations applied");
            Ok(())
        }
        Command::Openapi { out_dir } => {
            std::fs::create_dir_all(&out_dir)
                .with_context(|| format!("creating {}", out_dir.display()))?;
            std::fs::write(out_dir.join("openapi.json"), api::openapi_json() + "\n")?;
            std::fs::write(out_dir.join("openapi.yaml"), api::openapi_yaml())?;
            println!("wrote {}/openapi.json and openapi.yaml", out_dir.display());
            Ok(())
        }
        Command::ExportOlx { course_key, out } => {
            let state = AppState::from_config(cli.config).await?;
            let (key, structure) = state
                .authoring
                .draft_for_export(None, &course_key)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            let static_files = state
                .assets
                .files_for_export(&key)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            api::olx::export::export_tar_gz_with_static(&key, &structure, &static_files, &out)
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!("{}", out.display());
            Ok(())
        }
        Command::CreateUser {
            username,
            email,
            password,
            name,
            staff,
            superuser,
        } => {
            let state = AppState::from_config(cli.config).await?;
            let user = state
                .accounts
                .create_user_admin(&username, &email, &name, &password, staff, superuser)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!("created user {} (id {})", user.username, user.id);
            Ok(())
        }
    }
}

async fn serve(config: Config, demo: bool) -> anyhow::Result<()> {
    tracing::info!(config = ?config, "starting lyceum {}", env!("CARGO_PKG_VERSION"));
    let bind = config.bind_addr;
    let public = config.public_base();
    let state = AppState::from_config(config).await?;
    if demo {
        match api::demo::load_demo(&state).await? {
            Some(accounts) => println!(
                "\nDemo loaded: {course} at {public}/learning/\n  staff (global staff, instructor): {su} / {sp}\n  learner: {lu} / {lp}\n",
                course = accounts.course_key,
                su = accounts.staff.0,
                sp = accounts.staff.1,
                lu = accounts.learner.0,
                lp = accounts.learner.1,
            ),
            None => println!("Demo: the data directory already holds courses; nothing was added."),
        }
    }
    let (stop_workers, workers_stopped) = tokio::sync::watch::channel(false);
    let workers = api::jobs::spawn_workers(&state, state.config.job_workers, workers_stopped);
    let app = api::build_app(state);
    let listener = poem::listener::TcpListener::bind(bind);
    tracing::info!("listening on http://{bind}");
    let served = poem::Server::new(listener)
        .run_with_graceful_shutdown(
            app,
            async {
                let _ = tokio::signal::ctrl_c().await;
                tracing::info!("shutting down");
            },
            Some(std::time::Duration::from_secs(10)),
        )
        .await
        .with_context(|| format!("serving on {bind} (BIND_ADDR)"));
    let _ = stop_workers.send(true);
    for worker in workers {
        let _ = tokio::time::timeout(std::time::Duration::from_secs(10), worker).await;
    }
    served
}

fn init_logging(format: LogFormat) {
    let filter = EnvFilter::try_from_env("LOG_LEVEL")
        .or_else(|_| EnvFilter::try_from_default_env())
        .unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Json => builder.json().init(),
        LogFormat::Pretty => builder.init(),
    }
}
