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

#[test]
fn import_olx_prints_the_course_key_last_and_refuses_a_second_import() {
    let data = tempfile::TempDir::new().unwrap();
    let course = tempfile::TempDir::new().unwrap();
    api::olx::sample::write_sample_course(course.path()).unwrap();
    let import = || {
        lyceum()
            .env("DATA_DIR", data.path())
            .arg("import-olx")
            .arg(course.path())
            .output()
            .unwrap()
    };
    let out = import();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        stdout.lines().last(),
        Some(api::olx::sample::SAMPLE_COURSE_KEY)
    );
    assert!(stdout.contains("problem"), "{stdout}");
    let again = import();
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
}

#[test]
fn import_olx_names_the_file_and_line_of_malformed_xml_and_creates_nothing() {
    let data = tempfile::TempDir::new().unwrap();
    let course = tempfile::TempDir::new().unwrap();
    api::olx::sample::write_sample_course(course.path()).unwrap();
    std::fs::write(course.path().join("chapter/numbers.xml"), "<chapter display_name=\"Broken\">\n  <sequential url_name=\"numbers_practice\">\n</chapter>\n").unwrap();
    let out = lyceum()
        .env("DATA_DIR", data.path())
        .arg("import-olx")
        .arg(course.path())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("chapter/numbers.xml:"), "{stderr}");
    // Nothing was created: a good import of the same course still works.
    api::olx::sample::write_sample_course(course.path()).unwrap();
    let out = lyceum()
        .env("DATA_DIR", data.path())
        .arg("import-olx")
        .arg(course.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_open_edx_demo_course_imports_from_the_command_line() {
    let demo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/fixtures/olx/demo-course");
    if !demo.is_dir() {
        eprintln!(
            "SKIPPED: the shared fixtures are not here ({})",
            demo.display()
        );
        return;
    }
    let data = tempfile::TempDir::new().unwrap();
    let out = lyceum()
        .env("DATA_DIR", data.path())
        .args(["import-olx", "--publish"])
        .arg(&demo)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        stdout.lines().last(),
        Some("course-v1:OpenedX+DemoX+DemoCourse")
    );
    for count in [
        "6 chapter",
        "17 sequential",
        "58 vertical",
        "266 html",
        "29 problem",
        "11 video",
        "2 openassessment",
    ] {
        assert!(stdout.contains(count), "{count} missing in {stdout}");
    }
}

#[test]
fn export_olx_writes_an_archive_that_imports_again() {
    let data = tempfile::TempDir::new().unwrap();
    let course = tempfile::TempDir::new().unwrap();
    api::olx::sample::write_sample_course(course.path()).unwrap();
    let out = lyceum()
        .env("DATA_DIR", data.path())
        .arg("import-olx")
        .arg(course.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let archive = data.path().join("export.tar.gz");
    let out = lyceum()
        .env("DATA_DIR", data.path())
        .args(["export-olx", api::olx::sample::SAMPLE_COURSE_KEY])
        .arg(&archive)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let again = api::olx::import::import_tar_gz(&archive).unwrap();
    assert_eq!(
        again.course_key.to_string(),
        api::olx::sample::SAMPLE_COURSE_KEY
    );
    assert_eq!(
        again.static_files.len(),
        1,
        "static/tour-map.svg comes along"
    );
    let other = tempfile::TempDir::new().unwrap();
    let out = lyceum()
        .env("DATA_DIR", other.path())
        .args(["export-olx", "course-v1:No+Such+Course"])
        .arg(other.path().join("x.tar.gz"))
        .output()
        .unwrap();
    assert!(!out.status.success());
}
