//! The `EnrollmentStore` contract: one body per behaviour, run against every
//! backend (SQLite and PostgreSQL).

use std::sync::Arc;

use api::store::enrollments::{EnrollOutcome, EnrollmentMode, EnrollmentStore, Seat};
use chrono::Utc;

macro_rules! contract {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    let (store, _dir) = crate::helpers::fresh_enrollment_store(crate::helpers::Backend::Sqlite).await.unwrap();
                    super::$name(store).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    if let Some((store, _dir)) = crate::helpers::fresh_enrollment_store(crate::helpers::Backend::Postgres).await {
                        super::$name(store).await;
                    }
                }
            )*
        }
    };
}

contract!(
    enrolling_twice_keeps_one_enrollment_and_unenrolling_keeps_history,
    the_cap_counts_active_learners_only,
    racing_learners_never_exceed_the_cap,
    modes_change_with_their_history,
    the_roster_pages_active_learners_in_enrollment_order,
    staff_take_no_seat,
);

const COURSE: &str = "course-v1:Org+C1+R";

fn enrolled(outcome: EnrollOutcome) -> bool {
    matches!(outcome, EnrollOutcome::Enrolled(_))
}

async fn enrolling_twice_keeps_one_enrollment_and_unenrolling_keeps_history(
    store: Arc<dyn EnrollmentStore>,
) {
    let now = Utc::now();
    assert!(enrolled(
        store
            .enroll(
                1,
                COURSE,
                EnrollmentMode::Audit,
                Seat::Learner { cap: None },
                Some(1),
                now
            )
            .await
            .unwrap()
    ));
    let again = store
        .enroll(
            1,
            COURSE,
            EnrollmentMode::Audit,
            Seat::Learner { cap: None },
            Some(1),
            now,
        )
        .await
        .unwrap();
    assert!(matches!(again, EnrollOutcome::AlreadyEnrolled(_)));
    assert_eq!(store.active_count(COURSE).await.unwrap(), 1);
    assert_eq!(store.enrollments_of(1).await.unwrap().len(), 1);

    assert!(store.unenroll(1, COURSE, Some(1), now).await.unwrap());
    assert!(!store.unenroll(1, COURSE, Some(1), now).await.unwrap());
    assert_eq!(store.active_count(COURSE).await.unwrap(), 0);
    assert!(store.enrollments_of(1).await.unwrap().is_empty());
    let row = store.enrollment(1, COURSE).await.unwrap().unwrap();
    assert!(!row.is_active);

    assert!(enrolled(
        store
            .enroll(
                1,
                COURSE,
                EnrollmentMode::Audit,
                Seat::Learner { cap: None },
                Some(1),
                now
            )
            .await
            .unwrap()
    ));
    let history = store.history(1, COURSE).await.unwrap();
    let actives: Vec<bool> = history.iter().map(|h| h.is_active).collect();
    assert_eq!(actives, [true, false, true]);
    assert!(history.iter().all(|h| h.actor_id == Some(1)));
}

async fn the_cap_counts_active_learners_only(store: Arc<dyn EnrollmentStore>) {
    let now = Utc::now();
    for user in [1, 2] {
        assert!(enrolled(
            store
                .enroll(
                    user,
                    COURSE,
                    EnrollmentMode::Audit,
                    Seat::Learner { cap: Some(2) },
                    None,
                    now
                )
                .await
                .unwrap()
        ));
    }
    assert_eq!(
        store
            .enroll(
                3,
                COURSE,
                EnrollmentMode::Audit,
                Seat::Learner { cap: Some(2) },
                None,
                now
            )
            .await
            .unwrap(),
        EnrollOutcome::Full
    );
    // A learner who holds a seat is still told they are enrolled.
    assert!(matches!(
        store
            .enroll(
                2,
                COURSE,
                EnrollmentMode::Audit,
                Seat::Learner { cap: Some(2) },
                None,
                now
            )
            .await
            .unwrap(),
        EnrollOutcome::AlreadyEnrolled(_)
    ));
    store.unenroll(1, COURSE, None, now).await.unwrap();
    assert!(enrolled(
        store
            .enroll(
                3,
                COURSE,
                EnrollmentMode::Audit,
                Seat::Learner { cap: Some(2) },
                None,
                now
            )
            .await
            .unwrap()
    ));
    assert_eq!(store.active_count(COURSE).await.unwrap(), 2);
    assert!(store
        .enrollment(3, "course-v1:Other+C+R")
        .await
        .unwrap()
        .is_none());
}

async fn racing_learners_never_exceed_the_cap(store: Arc<dyn EnrollmentStore>) {
    let tasks: Vec<_> = (1..=12)
        .map(|user| {
            let store = store.clone();
            tokio::spawn(async move {
                store
                    .enroll(
                        user,
                        COURSE,
                        EnrollmentMode::Audit,
                        Seat::Learner { cap: Some(5) },
                        None,
                        Utc::now(),
                    )
                    .await
                    .unwrap()
            })
        })
        .collect();
    let mut seats = 0;
    for task in tasks {
        if enrolled(task.await.unwrap()) {
            seats += 1;
        }
    }
    assert_eq!(seats, 5);
    assert_eq!(store.active_count(COURSE).await.unwrap(), 5);
    assert_eq!(store.roster(COURSE, 0, 100).await.unwrap().0, 5);
}

async fn modes_change_with_their_history(store: Arc<dyn EnrollmentStore>) {
    let now = Utc::now();
    store
        .enroll(
            1,
            COURSE,
            EnrollmentMode::Audit,
            Seat::Learner { cap: None },
            Some(1),
            now,
        )
        .await
        .unwrap();
    let changed = store
        .set_mode(1, COURSE, EnrollmentMode::Verified, Some(9), now)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(changed.mode, EnrollmentMode::Verified);
    assert!(store
        .set_mode(2, COURSE, EnrollmentMode::Verified, Some(9), now)
        .await
        .unwrap()
        .is_none());
    let history = store.history(1, COURSE).await.unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[1].mode, EnrollmentMode::Verified);
    assert_eq!(history[1].actor_id, Some(9));
}

async fn the_roster_pages_active_learners_in_enrollment_order(store: Arc<dyn EnrollmentStore>) {
    for user in 1..=5 {
        store
            .enroll(
                user,
                COURSE,
                EnrollmentMode::Audit,
                Seat::Learner { cap: None },
                None,
                Utc::now(),
            )
            .await
            .unwrap();
        tokio::time::sleep(std::time::Duration::from_millis(2)).await;
    }
    store.unenroll(2, COURSE, None, Utc::now()).await.unwrap();
    let (total, page) = store.roster(COURSE, 1, 2).await.unwrap();
    assert_eq!(total, 4);
    let users: Vec<i64> = page.iter().map(|e| e.user_id).collect();
    assert_eq!(users, [3, 4]);
}

async fn staff_take_no_seat(store: Arc<dyn EnrollmentStore>) {
    let now = Utc::now();
    let full = Seat::Learner { cap: Some(1) };
    assert!(enrolled(
        store
            .enroll(1, COURSE, EnrollmentMode::Audit, full, None, now)
            .await
            .unwrap()
    ));
    assert!(enrolled(
        store
            .enroll(9, COURSE, EnrollmentMode::Audit, Seat::Staff, None, now)
            .await
            .unwrap()
    ));
    assert_eq!(store.active_count(COURSE).await.unwrap(), 1);
    store.unenroll(9, COURSE, None, now).await.unwrap();
    assert_eq!(
        store.active_count(COURSE).await.unwrap(),
        1,
        "staff gave back no seat"
    );
    let counts = store
        .active_counts(&[COURSE.to_string(), "course-v1:None+C+R".into()])
        .await
        .unwrap();
    assert_eq!(counts.get(COURSE), Some(&1));
    // Only active enrollments change mode.
    store.unenroll(1, COURSE, None, now).await.unwrap();
    assert!(store
        .set_mode(1, COURSE, EnrollmentMode::Verified, None, now)
        .await
        .unwrap()
        .is_none());
}
