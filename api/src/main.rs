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
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Write the OpenAPI spec (openapi.json and openapi.yaml) into a directory.
    Openapi {
        /// Where to write the files.
        #[arg(long, default_value = "openapi")]
        out_dir: PathBuf,
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
        Command::Serve => serve(cli.config).await,
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

async fn serve(config: Config) -> anyhow::Result<()> {
    tracing::info!(config = ?config, "starting lyceum {}", env!("CARGO_PKG_VERSION"));
    let bind = config.bind_addr;
    let state = AppState::from_config(config).await?;
    let app = api::build_app(state);
    let listener = poem::listener::TcpListener::bind(bind);
    tracing::info!("listening on http://{bind}");
    poem::Server::new(listener)
        .run_with_graceful_shutdown(
            app,
            async {
                let _ = tokio::signal::ctrl_c().await;
                tracing::info!("shutting down");
            },
            Some(std::time::Duration::from_secs(10)),
        )
        .await
        .with_context(|| format!("serving on {bind} (BIND_ADDR)"))
}

fn init_logging(format: LogFormat) {
    let filter = EnvFilter::try_from_env("LOG_LEVEL")
        .or_else(|_| EnvFilter::try_from_default_env())
        .unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    match format {
        LogFormat::Json => builder.json().init(),
        LogFormat::Pretty => builder.init(),
    }
}
