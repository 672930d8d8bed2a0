//! Every setting of the `lyceum` binary, in one place.
//!
//! Each setting is a command-line flag and an environment variable (flags win),
//! with an embedded default so that `lyceum serve` runs with no configuration
//! at all on a SQLite file and mail files under `./data`. Secrets (passwords in
//! `DATABASE_URL` and `SMTP_URL`) are redacted whenever the configuration is
//! printed. An invalid value stops start-up with a message naming the setting.

use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use url::Url;

/// Settings read from flags and environment variables.
///
/// | variable | default |
/// | --- | --- |
/// | `BIND_ADDR` | `127.0.0.1:8000` |
/// | `DATA_DIR` | `./data` |
/// | `DATABASE_URL` | `sqlite://$DATA_DIR/lyceum.db` |
/// | `MONGODB_URI` | unset: course content in the relational database |
/// | `SMTP_URL` | unset: mail is written as `.eml` files to `$DATA_DIR/mail` |
/// | `MAIL_FROM` | `Lyceum <no-reply@localhost>` |
/// | `PUBLIC_URL` | `http://127.0.0.1:8000` |
/// | `MFE_DIR` | `mfes` (holds `<app>/dist` for learning, authoring, discussions, profile) |
/// | `MAX_BODY_BYTES` | `1048576` |
/// | `MAX_UPLOAD_BYTES` | `20971520` (course file uploads) |
/// | `SESSION_TTL_HOURS` | `336` (14 days) |
/// | `LOGIN_MAX_FAILURES` | `5` per account per window |
/// | `LOGIN_MAX_FAILURES_PER_IP` | `50` per client address per window |
/// | `LOGIN_WINDOW_SECS` | `900` |
/// | `CLIENT_IP_HEADER` | unset (the TCP peer is the client) |
/// | `LOG_FORMAT` | `pretty` (or `json`) |
#[derive(Args, Clone)]
pub struct Config {
    /// Address and port the HTTP server listens on.
    #[arg(
        long,
        env = "BIND_ADDR",
        default_value = "127.0.0.1:8000",
        global = true
    )]
    pub bind_addr: SocketAddr,

    /// Directory for the embedded backends (SQLite file, mail files).
    #[arg(long, env = "DATA_DIR", default_value = "./data", global = true)]
    pub data_dir: PathBuf,

    /// Relational database: `sqlite://PATH` or `postgres://USER:PASS@HOST:PORT/DB`.
    /// Defaults to a SQLite file in the data directory.
    #[arg(long, env = "DATABASE_URL", value_parser = parse_database_url, global = true)]
    pub database_url: Option<SecretUrl>,

    /// MongoDB for course content (`mongodb://host:port/database`); unset,
    /// content lives in the relational database.
    #[arg(long, env = "MONGODB_URI", value_parser = parse_mongodb_uri, global = true)]
    pub mongodb_uri: Option<SecretUrl>,

    /// Redis (`redis://host:port`) for the live updates of the forum, so
    /// several API processes share them; unset, they stay in this process.
    #[arg(long, env = "REDIS_URL", value_parser = parse_redis_url, global = true)]
    pub redis_url: Option<SecretUrl>,

    /// SMTP server for outgoing mail (`smtp://host:port`, `smtps://user:pass@host`);
    /// unset, mail is written as `.eml` files to `$DATA_DIR/mail`.
    #[arg(long, env = "SMTP_URL", value_parser = parse_smtp_url, global = true)]
    pub smtp_url: Option<SecretUrl>,

    /// Sender of every email.
    #[arg(long, env = "MAIL_FROM", default_value = "Lyceum <no-reply@localhost>", value_parser = parse_mailbox, global = true)]
    pub mail_from: String,

    /// The URL people reach this server at; used in emailed links and to
    /// decide whether cookies are `Secure`.
    #[arg(long, env = "PUBLIC_URL", default_value = "http://127.0.0.1:8000", value_parser = parse_public_url, global = true)]
    pub public_url: Url,

    /// Directory holding the built micro-frontends (`<app>/dist`).
    #[arg(long, env = "MFE_DIR", default_value = "mfes", global = true)]
    pub mfe_dir: PathBuf,

    /// Largest accepted request body, in bytes (larger bodies get 413).
    #[arg(long, env = "MAX_BODY_BYTES", default_value_t = 1_048_576, value_parser = clap::value_parser!(u64).range(1024..), global = true)]
    pub max_body_bytes: u64,

    /// Largest accepted course file upload, in bytes.
    #[arg(long, env = "MAX_UPLOAD_BYTES", default_value_t = 20 * 1024 * 1024, value_parser = clap::value_parser!(u64).range(1024..), global = true)]
    pub max_upload_bytes: u64,

    /// Lifetime of a sign-in session, in hours.
    #[arg(long, env = "SESSION_TTL_HOURS", default_value_t = 336, value_parser = clap::value_parser!(u32).range(1..=87_600), global = true)]
    pub session_ttl_hours: u32,

    /// Failed sign-ins for one account within the window before it is throttled.
    #[arg(long, env = "LOGIN_MAX_FAILURES", default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..), global = true)]
    pub login_max_failures: u32,

    /// Failed sign-ins from one client address within the window before it is throttled.
    #[arg(long, env = "LOGIN_MAX_FAILURES_PER_IP", default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..), global = true)]
    pub login_max_failures_per_ip: u32,

    /// Length of the sign-in throttling window, in seconds.
    #[arg(long, env = "LOGIN_WINDOW_SECS", default_value_t = 900, value_parser = clap::value_parser!(u32).range(1..), global = true)]
    pub login_window_secs: u32,

    /// Behind a reverse proxy: the header it puts the client's address in
    /// (e.g. `X-Forwarded-For`; its last entry is used). Unset, the TCP peer
    /// address is the client's. Used to throttle sign-in per client.
    #[arg(long, env = "CLIENT_IP_HEADER", global = true)]
    pub client_ip_header: Option<String>,

    /// Hosts whose pages course HTML may embed in iframes (comma-separated);
    /// iframes from anywhere else are removed from what learners see.
    #[arg(
        long,
        env = "IFRAME_HOSTS",
        value_delimiter = ',',
        default_value = "www.youtube.com,www.youtube-nocookie.com,player.vimeo.com",
        global = true
    )]
    pub iframe_hosts: Vec<String>,

    /// Background workers `serve` runs in-process (0: none; run `lyceum
    /// worker` processes instead).
    #[arg(long, env = "JOB_WORKERS", default_value_t = 1, value_parser = clap::value_parser!(u32).range(0..=64), global = true)]
    pub job_workers: u32,

    /// Log output: `pretty` for people, `json` for log collectors.
    #[arg(long, env = "LOG_FORMAT", value_enum, default_value_t = LogFormat::Pretty, global = true)]
    pub log_format: LogFormat,
}

/// How logs are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Pretty,
    Json,
}

impl Config {
    /// The configuration with every default and no environment: what the tests
    /// start from.
    pub fn defaults_in(data_dir: impl Into<PathBuf>) -> Config {
        #[derive(clap::Parser)]
        struct Only {
            #[command(flatten)]
            config: Config,
        }
        let mut config = <Only as clap::Parser>::parse_from(["lyceum"]).config;
        config.data_dir = data_dir.into();
        config.database_url = None;
        config.smtp_url = None;
        config.mongodb_uri = None;
        config.redis_url = None;
        config
    }

    /// The database URL in effect: the configured one, or the SQLite file in
    /// the data directory.
    pub fn effective_database_url(&self) -> String {
        match &self.database_url {
            Some(url) => url.expose().to_string(),
            None => format!(
                "sqlite://{}?mode=rwc",
                self.data_dir.join("lyceum.db").display()
            ),
        }
    }

    /// Whether session cookies get the `Secure` attribute.
    pub fn secure_cookies(&self) -> bool {
        self.public_url.scheme() == "https"
    }

    /// The public URL without a trailing slash, for building links.
    pub fn public_base(&self) -> String {
        self.public_url.as_str().trim_end_matches('/').to_string()
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("bind_addr", &self.bind_addr)
            .field("data_dir", &self.data_dir)
            .field(
                "database_url",
                &self
                    .database_url
                    .as_ref()
                    .map(|u| u.to_string())
                    .unwrap_or_else(|| self.effective_database_url()),
            )
            .field(
                "redis_url",
                &self
                    .redis_url
                    .as_ref()
                    .map(|u| u.to_string())
                    .unwrap_or_else(|| "(live updates in this process)".into()),
            )
            .field(
                "mongodb_uri",
                &self
                    .mongodb_uri
                    .as_ref()
                    .map(|u| u.to_string())
                    .unwrap_or_else(|| "(content in the relational database)".into()),
            )
            .field(
                "smtp_url",
                &self
                    .smtp_url
                    .as_ref()
                    .map(|u| u.to_string())
                    .unwrap_or_else(|| {
                        format!("(files in {})", self.data_dir.join("mail").display())
                    }),
            )
            .field("mail_from", &self.mail_from)
            .field("public_url", &self.public_url.as_str())
            .field("mfe_dir", &self.mfe_dir)
            .field("max_body_bytes", &self.max_body_bytes)
            .field("max_upload_bytes", &self.max_upload_bytes)
            .field("session_ttl_hours", &self.session_ttl_hours)
            .field("login_max_failures", &self.login_max_failures)
            .field("login_max_failures_per_ip", &self.login_max_failures_per_ip)
            .field("login_window_secs", &self.login_window_secs)
            .field("client_ip_header", &self.client_ip_header)
            .field("log_format", &self.log_format)
            .finish()
    }
}

/// A URL that may carry a password: `Display` and `Debug` show it with the
/// password replaced by `***`; only [`SecretUrl::expose`] gives the real one.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretUrl(Url);

impl SecretUrl {
    /// The URL with its secret, for handing to a driver.
    pub fn expose(&self) -> &str {
        self.0.as_str()
    }
}

impl fmt::Display for SecretUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut shown = self.0.clone();
        if shown.password().is_some() {
            let _ = shown.set_password(Some("***"));
        }
        f.write_str(shown.as_str())
    }
}

impl fmt::Debug for SecretUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SecretUrl({self})")
    }
}

fn parse_database_url(s: &str) -> Result<SecretUrl, String> {
    let url = Url::parse(s).map_err(|e| format!("not a URL ({e})"))?;
    match url.scheme() {
        "sqlite" | "postgres" | "postgresql" => Ok(SecretUrl(url)),
        other => Err(format!(
            "unsupported database scheme `{other}` (use sqlite:// or postgres://)"
        )),
    }
}

fn parse_mongodb_uri(s: &str) -> Result<SecretUrl, String> {
    let url = Url::parse(s).map_err(|e| format!("not a URL ({e})"))?;
    match url.scheme() {
        "mongodb" | "mongodb+srv" => Ok(SecretUrl(url)),
        other => Err(format!(
            "unsupported scheme `{other}` (use mongodb:// or mongodb+srv://)"
        )),
    }
}

fn parse_redis_url(s: &str) -> Result<SecretUrl, String> {
    let url = Url::parse(s).map_err(|e| format!("not a URL ({e})"))?;
    match url.scheme() {
        "redis" | "rediss" => Ok(SecretUrl(url)),
        other => Err(format!(
            "unsupported scheme `{other}` (use redis:// or rediss://)"
        )),
    }
}

fn parse_smtp_url(s: &str) -> Result<SecretUrl, String> {
    let url = Url::parse(s).map_err(|e| format!("not a URL ({e})"))?;
    match url.scheme() {
        "smtp" | "smtps" => {
            if url.host_str().is_none_or(str::is_empty) {
                return Err("the SMTP URL names no host".into());
            }
            Ok(SecretUrl(url))
        }
        other => Err(format!(
            "unsupported mail scheme `{other}` (use smtp:// or smtps://)"
        )),
    }
}

fn parse_public_url(s: &str) -> Result<Url, String> {
    let url = Url::parse(s).map_err(|e| format!("not a URL ({e})"))?;
    match url.scheme() {
        "http" | "https" => Ok(url),
        other => Err(format!(
            "unsupported scheme `{other}` (use http:// or https://)"
        )),
    }
}

fn parse_mailbox(s: &str) -> Result<String, String> {
    s.parse::<lettre::message::Mailbox>()
        .map(|_| s.to_string())
        .map_err(|e| format!("not a mail address ({e})"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_print() {
        let url = parse_database_url("postgres://lyceum:hunter2@db:5432/lyceum").unwrap();
        assert_eq!(url.to_string(), "postgres://lyceum:***@db:5432/lyceum");
        let mut config = Config::defaults_in("/tmp/x");
        config.database_url = Some(url);
        config.smtp_url = Some(parse_smtp_url("smtps://mailer:s3cret@mail.example.org").unwrap());
        let printed = format!("{config:?}");
        assert!(!printed.contains("hunter2"), "{printed}");
        assert!(!printed.contains("s3cret"), "{printed}");
    }

    #[test]
    fn unsupported_database_scheme_is_refused_with_its_name() {
        let err = parse_database_url("mysql://x@y/z").unwrap_err();
        assert!(err.contains("mysql"), "{err}");
    }
}
