//! The `Mailer` contract against the file backend (always) and a real SMTP
//! server (`TEST_SMTP_URL` with its maildir in `TEST_SMTP_MAILDIR`, started
//! by `just test`).

use std::path::Path;
use std::time::Duration;

use api::store::mail::file::FileMailer;
use api::store::mail::smtp::SmtpMailer;
use api::store::mail::{MailError, Mailer, OutgoingMail};

fn message(to: &str, subject: &str) -> OutgoingMail {
    OutgoingMail {
        to: to.into(),
        subject: subject.into(),
        text: "Plain words.".into(),
        html: "<p>Plain words.</p>".into(),
    }
}

fn files_in(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
                .collect()
        })
        .unwrap_or_default()
}

async fn delivers_both_parts_to_the_recipient(mailer: &dyn Mailer, inbox: &Path) {
    let subject = format!("Hello {}", uuid::Uuid::new_v4());
    mailer
        .send(message("ada@example.org", &subject))
        .await
        .unwrap();
    let mut found = None;
    for _ in 0..50 {
        found = files_in(inbox).into_iter().find(|m| m.contains(&subject));
        if found.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let mail = found.expect("the message arrived");
    assert!(mail.contains("ada@example.org"));
    assert!(mail.contains("text/plain") && mail.contains("text/html"));
}

async fn refuses_a_bad_recipient(mailer: &dyn Mailer) {
    assert!(matches!(
        mailer.send(message("not an address", "x")).await,
        Err(MailError::Invalid(_))
    ));
}

#[tokio::test]
async fn the_file_mailer_writes_eml_files() {
    let dir = tempfile::TempDir::new().unwrap();
    let mailer = FileMailer::new(dir.path().join("mail"), "Lyceum <no-reply@example.org>").unwrap();
    delivers_both_parts_to_the_recipient(&mailer, &dir.path().join("mail")).await;
    refuses_a_bad_recipient(&mailer).await;
}

#[tokio::test]
async fn the_smtp_mailer_delivers_to_a_real_server() {
    let (Ok(url), Ok(maildir)) = (
        std::env::var("TEST_SMTP_URL"),
        std::env::var("TEST_SMTP_MAILDIR"),
    ) else {
        if std::env::var_os("LYCEUM_REQUIRE_SMTP").is_some() {
            panic!("LYCEUM_REQUIRE_SMTP is set but TEST_SMTP_URL/TEST_SMTP_MAILDIR are not");
        }
        eprintln!("TEST_SMTP_URL is not set: skipping the SMTP variant (run `just test`)");
        return;
    };
    let mailer = SmtpMailer::new(&url, "Lyceum <no-reply@example.org>").unwrap();
    delivers_both_parts_to_the_recipient(&mailer, &Path::new(&maildir).join("new")).await;
    refuses_a_bad_recipient(&mailer).await;
}
