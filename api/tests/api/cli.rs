//! The `lyceum` binary's commands and its handling of bad settings.

use std::process::Command;

fn lyceum() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_lyceum"));
    for var in [
        "DATABASE_URL",
        "SMTP_URL",
        "BIND_ADDR",
        "PUBLIC_URL",
        "DATA_DIR",
    ] {
        cmd.env_remove(var);
    }
    cmd
}

#[test]
fn an_invalid_setting_stops_start_up_naming_it() {
    let dir = tempfile::TempDir::new().unwrap();
    for (var, value, named) in [
        ("BIND_ADDR", "not-an-address", "--bind-addr"),
        ("DATABASE_URL", "mysql://x@y/z", "--database-url"),
        ("PUBLIC_URL", "ftp://example.org", "--public-url"),
        ("MONGODB_URI", "http://example.org", "--mongodb-uri"),
        ("SESSION_TTL_HOURS", "0", "--session-ttl-hours"),
    ] {
        let out = lyceum()
            .env("DATA_DIR", dir.path())
            .env(var, value)
            .arg("migrate")
            .output()
            .unwrap();
        assert!(!out.status.success(), "{var}={value} was accepted");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(named) && stderr.contains(var),
            "{var}: {stderr}"
        );
    }
}

#[test]
fn create_user_makes_an_account_that_can_sign_in_and_refuses_duplicates() {
    let dir = tempfile::TempDir::new().unwrap();
    let out = lyceum()
        .env("DATA_DIR", dir.path())
        .args(["migrate"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let create = || {
        lyceum()
            .env("DATA_DIR", dir.path())
            .env("LYCEUM_PASSWORD", "a good admin password")
            .args([
                "create-user",
                "--username",
                "admin",
                "--email",
                "admin@example.org",
                "--staff",
                "--superuser",
            ])
            .output()
            .unwrap()
    };
    let out = create();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("created user admin"));
    let again = create();
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("username is already taken"));
    assert!(
        dir.path().join("lyceum.db").is_file(),
        "the embedded default is a SQLite file in DATA_DIR"
    );
}

#[test]
fn the_openapi_command_writes_the_committed_spec() {
    let dir = tempfile::TempDir::new().unwrap();
    let out = lyceum()
        .args(["openapi", "--out-dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    let json = std::fs::read_to_string(dir.path().join("openapi.json")).unwrap();
    assert_eq!(json, api::openapi_json() + "\n");
    assert!(dir.path().join("openapi.yaml").is_file());
}
