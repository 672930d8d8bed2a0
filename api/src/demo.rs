//! `lyceum serve --demo`: an empty data directory gets the sample course
//! (imported and published) and two accounts whose credentials are printed,
//! so a newcomer sees a working platform at once.

use anyhow::Context;
use rand::RngCore;
use shared_types::CourseRole;

use crate::olx::sample::sample_course;
use crate::state::AppState;

/// The accounts the demo made.
#[derive(Debug, Clone)]
pub struct DemoAccounts {
    pub course_key: String,
    /// Global staff and the sample course's instructor.
    pub staff: (String, String),
    /// A learner.
    pub learner: (String, String),
}

/// Loads the demo when the data directory holds no course yet; `None` when
/// it already did (nothing is changed then).
pub async fn load_demo(state: &AppState) -> anyhow::Result<Option<DemoAccounts>> {
    if !state.content.list_courses().await?.is_empty() {
        return Ok(None);
    }
    let course = sample_course().map_err(|e| anyhow::anyhow!("the built-in sample course: {e}"))?;
    let key = course.course_key.clone();
    state
        .authoring
        .import_olx(None, course, true)
        .await
        .map_err(|e| anyhow::anyhow!("loading the sample course: {e}"))?;
    let staff_password = password();
    let learner_password = password();
    let staff = state
        .accounts
        .create_user_admin(
            "staff",
            "staff@example.org",
            "Sam Staff",
            &staff_password,
            true,
            false,
        )
        .await
        .map_err(|e| anyhow::anyhow!("creating the demo staff account: {e}"))?;
    state
        .accounts
        .create_user_admin(
            "learner",
            "learner@example.org",
            "Lee Learner",
            &learner_password,
            false,
            false,
        )
        .await
        .map_err(|e| anyhow::anyhow!("creating the demo learner account: {e}"))?;
    state
        .authz
        .grant_course_role(&staff, staff.id, &key.to_string(), CourseRole::Instructor)
        .await
        .context("making the demo staff the course's instructor")?;
    Ok(Some(DemoAccounts {
        course_key: key.to_string(),
        staff: ("staff".into(), staff_password),
        learner: ("learner".into(), learner_password),
    }))
}

/// A fresh demo password: four groups of lowercase letters.
fn password() -> String {
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let letters: String = bytes.iter().map(|b| char::from(b'a' + b % 26)).collect();
    format!(
        "{}-{}-{}-{}",
        &letters[0..4],
        &letters[4..8],
        &letters[8..12],
        &letters[12..16]
    )
}
