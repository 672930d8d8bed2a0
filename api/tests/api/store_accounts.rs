//! The `AccountStore` contract: one body per behaviour, run against every
//! backend (SQLite and PostgreSQL).

use std::sync::Arc;

use api::store::accounts::{AccountStore, NewToken, NewUser, OneTimePurpose, Revoked, TokenKind};
use api::store::StoreError;
use chrono::{Duration, Utc};
use shared_types::CourseRole;

macro_rules! contract {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    let (store, _dir) = crate::helpers::fresh_account_store(crate::helpers::Backend::Sqlite).await.unwrap();
                    super::$name(store).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    if let Some((store, _dir)) = crate::helpers::fresh_account_store(crate::helpers::Backend::Postgres).await {
                        super::$name(store).await;
                    }
                }
            )*
        }
    };
}

contract!(
    users_are_found_by_username_in_any_case_or_by_email,
    unique_usernames_and_emails_are_enforced,
    tokens_resolve_to_their_user_until_they_expire,
    sessions_are_deleted_except_the_kept_one,
    one_time_tokens_work_once_and_only_for_their_purpose,
    concurrent_consumers_of_one_token_cannot_both_win,
    login_failures_are_counted_per_key_within_the_window,
    course_roles_are_granted_once_and_revoked,
    the_course_team_lists_members_with_their_roles,
    the_last_instructor_role_is_never_revoked,
    preferences_are_set_changed_and_removed_per_user,
);

fn new_user(username: &str) -> NewUser {
    NewUser {
        username: username.to_string(),
        email: format!("{}@example.org", username.to_lowercase()),
        name: username.to_string(),
        password_hash: "$argon2id$not-checked-here".into(),
        is_staff: false,
        is_superuser: false,
        date_joined: Utc::now(),
    }
}

async fn users_are_found_by_username_in_any_case_or_by_email(store: Arc<dyn AccountStore>) {
    let ada = store.create_user(new_user("Ada")).await.unwrap();
    assert_eq!(
        store.user_by_login("ADA").await.unwrap().unwrap().id,
        ada.id
    );
    assert_eq!(
        store
            .user_by_login("ada@example.org")
            .await
            .unwrap()
            .unwrap()
            .id,
        ada.id
    );
    assert_eq!(
        store
            .user_by_email("Ada@Example.org")
            .await
            .unwrap()
            .unwrap()
            .username,
        "Ada"
    );
    assert!(store.user_by_login("grace").await.unwrap().is_none());
    assert_eq!(store.user_by_id(ada.id).await.unwrap().unwrap(), ada);
    store.set_email_verified(ada.id).await.unwrap();
    store.set_global_roles(ada.id, true, false).await.unwrap();
    let again = store.user_by_id(ada.id).await.unwrap().unwrap();
    assert!(again.email_verified && again.is_staff && !again.is_superuser);
}

async fn unique_usernames_and_emails_are_enforced(store: Arc<dyn AccountStore>) {
    store.create_user(new_user("ada")).await.unwrap();
    let mut same_name = new_user("ADA");
    same_name.email = "other@example.org".into();
    assert!(matches!(
        store.create_user(same_name).await,
        Err(StoreError::Conflict { field: "username" })
    ));
    let mut same_email = new_user("grace");
    same_email.email = "ada@example.org".into();
    assert!(matches!(
        store.create_user(same_email).await,
        Err(StoreError::Conflict { field: "email" })
    ));
}

async fn tokens_resolve_to_their_user_until_they_expire(store: Arc<dyn AccountStore>) {
    let ada = store.create_user(new_user("ada")).await.unwrap();
    let now = Utc::now();
    let token = store
        .create_token(NewToken {
            user_id: ada.id,
            kind: TokenKind::Personal,
            name: "script".into(),
            token_hash: "a".repeat(64),
            prefix: "lyp_aaaaaa".into(),
            created_at: now,
            expires_at: Some(now + Duration::hours(1)),
        })
        .await
        .unwrap();
    let (found, user) = store
        .token_with_user(&"a".repeat(64), now)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((found.id, user.id), (token.id, ada.id));
    assert!(store
        .token_with_user(&"a".repeat(64), now + Duration::hours(2))
        .await
        .unwrap()
        .is_none());
    assert!(store
        .token_with_user(&"b".repeat(64), now)
        .await
        .unwrap()
        .is_none());
    store.touch_token(token.id, now).await.unwrap();
    let (listed, count) = store
        .list_tokens(ada.id, TokenKind::Personal, 0, 10)
        .await
        .unwrap();
    assert_eq!(count, 1);
    assert!(listed[0].last_used_at.is_some());
    assert!(store
        .delete_token(ada.id, token.id, TokenKind::Personal)
        .await
        .unwrap());
    assert!(!store
        .delete_token(ada.id, token.id, TokenKind::Personal)
        .await
        .unwrap());
}

async fn sessions_are_deleted_except_the_kept_one(store: Arc<dyn AccountStore>) {
    let ada = store.create_user(new_user("ada")).await.unwrap();
    let now = Utc::now();
    let mut ids = vec![];
    for (i, kind) in [TokenKind::Session, TokenKind::Session, TokenKind::Personal]
        .into_iter()
        .enumerate()
    {
        let t = store
            .create_token(NewToken {
                user_id: ada.id,
                kind,
                name: "t".into(),
                token_hash: format!("{i:064}"),
                prefix: "p".into(),
                created_at: now,
                expires_at: None,
            })
            .await
            .unwrap();
        ids.push(t.id);
    }
    assert_eq!(
        store
            .delete_sessions_except(ada.id, Some(ids[0]))
            .await
            .unwrap(),
        1
    );
    assert!(store
        .token_with_user(&format!("{:064}", 0), now)
        .await
        .unwrap()
        .is_some());
    assert!(store
        .token_with_user(&format!("{:064}", 1), now)
        .await
        .unwrap()
        .is_none());
    assert!(
        store
            .token_with_user(&format!("{:064}", 2), now)
            .await
            .unwrap()
            .is_some(),
        "personal tokens stay"
    );
}

async fn one_time_tokens_work_once_and_only_for_their_purpose(store: Arc<dyn AccountStore>) {
    let ada = store.create_user(new_user("ada")).await.unwrap();
    let now = Utc::now();
    store
        .create_one_time_token(
            ada.id,
            OneTimePurpose::ResetPassword,
            "h1",
            now,
            now + Duration::hours(1),
        )
        .await
        .unwrap();
    store
        .create_one_time_token(
            ada.id,
            OneTimePurpose::ResetPassword,
            "h2",
            now,
            now + Duration::seconds(1),
        )
        .await
        .unwrap();
    assert!(store
        .consume_one_time_token("h1", OneTimePurpose::VerifyEmail, now)
        .await
        .unwrap()
        .is_none());
    assert_eq!(
        store
            .one_time_token_user("h1", OneTimePurpose::ResetPassword, now)
            .await
            .unwrap()
            .unwrap()
            .id,
        ada.id
    );
    assert_eq!(
        store
            .consume_one_time_token("h1", OneTimePurpose::ResetPassword, now)
            .await
            .unwrap(),
        Some(ada.id)
    );
    assert!(store
        .consume_one_time_token("h1", OneTimePurpose::ResetPassword, now)
        .await
        .unwrap()
        .is_none());
    assert!(store
        .one_time_token_user("h1", OneTimePurpose::ResetPassword, now)
        .await
        .unwrap()
        .is_none());
    let later = now + Duration::seconds(5);
    assert!(
        store
            .consume_one_time_token("h2", OneTimePurpose::ResetPassword, later)
            .await
            .unwrap()
            .is_none(),
        "expired"
    );
}

async fn concurrent_consumers_of_one_token_cannot_both_win(store: Arc<dyn AccountStore>) {
    let ada = store.create_user(new_user("ada")).await.unwrap();
    let now = Utc::now();
    store
        .create_one_time_token(
            ada.id,
            OneTimePurpose::VerifyEmail,
            "race",
            now,
            now + Duration::hours(1),
        )
        .await
        .unwrap();
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let store = store.clone();
            tokio::spawn(async move {
                store
                    .consume_one_time_token("race", OneTimePurpose::VerifyEmail, Utc::now())
                    .await
                    .unwrap()
            })
        })
        .collect();
    let mut winners = 0;
    for t in tasks {
        if t.await.unwrap().is_some() {
            winners += 1;
        }
    }
    assert_eq!(winners, 1);
}

async fn login_failures_are_counted_per_key_within_the_window(store: Arc<dyn AccountStore>) {
    let now = Utc::now();
    let keys = ["account:ada".to_string(), "client:127.0.0.1".to_string()];
    store
        .record_login_failure(&keys, now - Duration::minutes(30))
        .await
        .unwrap();
    store
        .record_login_failure(&keys, now - Duration::minutes(2))
        .await
        .unwrap();
    store
        .record_login_failure(&keys[..1], now - Duration::minutes(1))
        .await
        .unwrap();
    let (n, oldest) = store
        .login_failures_since("account:ada", now - Duration::minutes(15))
        .await
        .unwrap();
    assert_eq!(n, 2);
    let oldest = oldest.unwrap();
    assert!((oldest - (now - Duration::minutes(2))).num_seconds().abs() <= 1);
    assert_eq!(
        store
            .login_failures_since("client:127.0.0.1", now - Duration::minutes(15))
            .await
            .unwrap()
            .0,
        1
    );
    store.clear_login_failures("account:ada").await.unwrap();
    assert_eq!(
        store
            .login_failures_since("account:ada", now - Duration::hours(1))
            .await
            .unwrap()
            .0,
        0
    );
    assert_eq!(
        store
            .login_failures_since("client:127.0.0.1", now - Duration::hours(1))
            .await
            .unwrap()
            .0,
        2
    );
}

async fn course_roles_are_granted_once_and_revoked(store: Arc<dyn AccountStore>) {
    let ada = store.create_user(new_user("ada")).await.unwrap();
    let now = Utc::now();
    store
        .grant_course_role(ada.id, "course-v1:A+B+C", CourseRole::Staff, now)
        .await
        .unwrap();
    store
        .grant_course_role(ada.id, "course-v1:A+B+C", CourseRole::Staff, now)
        .await
        .unwrap();
    store
        .grant_course_role(ada.id, "course-v1:A+B+C", CourseRole::BetaTester, now)
        .await
        .unwrap();
    store
        .grant_course_role(ada.id, "course-v1:X+Y+Z", CourseRole::Instructor, now)
        .await
        .unwrap();
    assert_eq!(store.course_roles(ada.id).await.unwrap().len(), 3);
    let mut here = store
        .course_roles_in(ada.id, "course-v1:A+B+C")
        .await
        .unwrap();
    here.sort();
    assert_eq!(here, vec![CourseRole::Staff, CourseRole::BetaTester]);
    assert!(store
        .revoke_course_role(ada.id, "course-v1:A+B+C", CourseRole::Staff)
        .await
        .unwrap());
    assert!(!store
        .revoke_course_role(ada.id, "course-v1:A+B+C", CourseRole::Staff)
        .await
        .unwrap());
    assert_eq!(
        store
            .course_roles_in(ada.id, "course-v1:A+B+C")
            .await
            .unwrap(),
        vec![CourseRole::BetaTester]
    );
}

async fn the_last_instructor_role_is_never_revoked(store: Arc<dyn AccountStore>) {
    const COURSE: &str = "course-v1:A+B+C";
    let now = Utc::now();
    let ada = store.create_user(new_user("ada")).await.unwrap();
    let bo = store.create_user(new_user("bo")).await.unwrap();
    for user in [&ada, &bo] {
        store
            .grant_course_role(user.id, COURSE, CourseRole::Instructor, now)
            .await
            .unwrap();
    }
    store
        .grant_course_role(ada.id, COURSE, CourseRole::Staff, now)
        .await
        .unwrap();
    // Other roles come and go as usual.
    let staff = |user: i64| {
        let store = store.clone();
        async move {
            store
                .revoke_course_role_keeping_an_instructor(user, COURSE, CourseRole::Staff)
                .await
                .unwrap()
        }
    };
    assert_eq!(staff(ada.id).await, Revoked::Revoked);
    assert_eq!(staff(ada.id).await, Revoked::NotHeld);

    // Both instructors remove themselves at once: exactly one succeeds.
    let (a, b) = tokio::join!(
        store.revoke_course_role_keeping_an_instructor(ada.id, COURSE, CourseRole::Instructor),
        store.revoke_course_role_keeping_an_instructor(bo.id, COURSE, CourseRole::Instructor),
    );
    let mut outcomes = [a.unwrap(), b.unwrap()];
    outcomes.sort_by_key(|o| *o as u8);
    assert_eq!(outcomes, [Revoked::Revoked, Revoked::LastInstructor]);
    let left: Vec<_> = store
        .course_team(COURSE)
        .await
        .unwrap()
        .into_iter()
        .filter(|(_, role)| *role == CourseRole::Instructor)
        .collect();
    assert_eq!(left.len(), 1);
    let last = left[0].0.id;
    assert_eq!(
        store
            .revoke_course_role_keeping_an_instructor(last, COURSE, CourseRole::Instructor)
            .await
            .unwrap(),
        Revoked::LastInstructor
    );
    let gone = if last == ada.id { bo.id } else { ada.id };
    assert_eq!(
        store
            .revoke_course_role_keeping_an_instructor(gone, COURSE, CourseRole::Instructor)
            .await
            .unwrap(),
        Revoked::NotHeld
    );
}

async fn the_course_team_lists_members_with_their_roles(store: Arc<dyn AccountStore>) {
    let now = Utc::now();
    let zed = store.create_user(new_user("zed")).await.unwrap();
    let ada = store.create_user(new_user("Ada")).await.unwrap();
    store
        .grant_course_role(zed.id, "course-v1:A+B+C", CourseRole::Staff, now)
        .await
        .unwrap();
    store
        .grant_course_role(ada.id, "course-v1:A+B+C", CourseRole::Instructor, now)
        .await
        .unwrap();
    store
        .grant_course_role(ada.id, "course-v1:A+B+C", CourseRole::BetaTester, now)
        .await
        .unwrap();
    store
        .grant_course_role(ada.id, "course-v1:X+Y+Z", CourseRole::Staff, now)
        .await
        .unwrap();
    let team: Vec<(String, CourseRole)> = store
        .course_team("course-v1:A+B+C")
        .await
        .unwrap()
        .into_iter()
        .map(|(u, r)| (u.username, r))
        .collect();
    assert_eq!(
        team,
        vec![
            ("Ada".into(), CourseRole::Instructor),
            ("Ada".into(), CourseRole::BetaTester),
            ("zed".into(), CourseRole::Staff)
        ]
    );
    assert!(store
        .course_team("course-v1:None+N+N")
        .await
        .unwrap()
        .is_empty());
}

async fn preferences_are_set_changed_and_removed_per_user(store: Arc<dyn AccountStore>) {
    let ada = store.create_user(new_user("ada")).await.unwrap();
    let bob = store.create_user(new_user("bob")).await.unwrap();
    let cy = store.create_user(new_user("cy")).await.unwrap();
    assert!(store.preferences(ada.id).await.unwrap().is_empty());
    let now = Utc::now();
    store
        .set_preferences(
            ada.id,
            &[
                ("discussion_email".into(), Some("false".into())),
                ("time_zone".into(), Some("Europe/Paris".into())),
            ],
            now,
        )
        .await
        .unwrap();
    store
        .set_preferences(
            bob.id,
            &[("discussion_email".into(), Some("true".into()))],
            now,
        )
        .await
        .unwrap();
    // Setting again changes the value; None removes it.
    store
        .set_preferences(
            ada.id,
            &[
                ("time_zone".into(), Some("Asia/Tokyo".into())),
                ("discussion_email".into(), None),
            ],
            now,
        )
        .await
        .unwrap();
    let ada_prefs = store.preferences(ada.id).await.unwrap();
    assert_eq!(
        ada_prefs.into_iter().collect::<Vec<_>>(),
        [("time_zone".to_string(), "Asia/Tokyo".to_string())]
    );
    store
        .set_preferences(
            cy.id,
            &[("discussion_email".into(), Some("false".into()))],
            now,
        )
        .await
        .unwrap();
    let email = store
        .preference_of(&[ada.id, bob.id, cy.id], "discussion_email")
        .await
        .unwrap();
    assert_eq!(email.len(), 2);
    assert_eq!(email[&bob.id], "true");
    assert_eq!(email[&cy.id], "false");
    assert!(store
        .preference_of(&[], "discussion_email")
        .await
        .unwrap()
        .is_empty());
}
