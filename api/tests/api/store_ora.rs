//! The `OraStore` contract: one body per behaviour, run against every
//! backend (SQLite and PostgreSQL).

use std::collections::HashSet;
use std::sync::Arc;

use api::store::ora::{
    AssessmentKind, CriterionScore, NewAssessment, OraError, OraStore, PageRequest,
    SubmissionStatus,
};
use chrono::{DateTime, Duration, TimeZone, Utc};
use serde_json::json;

macro_rules! contract {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    let (store, _dir) = crate::helpers::fresh_ora_store(crate::helpers::Backend::Sqlite).await.unwrap();
                    super::$name(store).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    if let Some((store, _dir)) = crate::helpers::fresh_ora_store(crate::helpers::Backend::Postgres).await {
                        super::$name(store).await;
                    }
                }
            )*
        }
    };
}

contract!(
    lists_read_assessments_and_counts_in_batches,
    drafts_are_saved_replaced_and_dropped_on_submit,
    one_active_submission_until_cancelled_then_the_next_attempt,
    racing_submits_make_one_submission,
    peers_get_others_work_fewest_assessments_first_and_never_twice,
    a_peer_lock_keeps_others_off_until_it_expires,
    racing_graders_never_get_the_same_submission,
    peer_self_and_training_assessments_count_once_staff_may_reassess,
    cancelled_submissions_take_no_assessments_or_locks,
    staff_locks_are_exclusive_until_released_or_expired,
    submissions_are_listed_oldest_first_with_paging,
);

const COURSE: &str = "course-v1:Org+ORA+1";
const ITEM: &str = "block-v1:Org+ORA+1+type@openassessment+block@essay";
const OTHER_ITEM: &str = "block-v1:Org+ORA+1+type@openassessment+block@other";

fn at(seconds: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, 12, 0, 0).unwrap() + Duration::seconds(seconds)
}

fn answer(text: &str) -> serde_json::Value {
    json!({"parts": [{"text": text}], "files": []})
}

async fn submit(store: &Arc<dyn OraStore>, learner: i64, when: i64) -> i64 {
    store
        .submit(
            COURSE,
            ITEM,
            learner,
            &answer(&format!("by {learner}")),
            at(when),
        )
        .await
        .unwrap()
        .id
}

fn assessment(submission_id: i64, scorer_id: i64, kind: AssessmentKind) -> NewAssessment {
    NewAssessment {
        submission_id,
        scorer_id,
        kind,
        parts: vec![
            CriterionScore {
                criterion: "clarity".into(),
                option: Some("good".into()),
                points: 2,
                feedback: "Clear".into(),
            },
            CriterionScore {
                criterion: "comments".into(),
                option: None,
                points: 0,
                feedback: "Nice".into(),
            },
        ],
        feedback: "Well done".into(),
        points_earned: 2,
        points_possible: 3,
    }
}

async fn drafts_are_saved_replaced_and_dropped_on_submit(store: Arc<dyn OraStore>) {
    assert!(store.draft(ITEM, 1).await.unwrap().is_none());
    store
        .save_draft(COURSE, ITEM, 1, &answer("first"), at(0))
        .await
        .unwrap();
    store
        .save_draft(COURSE, ITEM, 1, &answer("second"), at(5))
        .await
        .unwrap();
    store
        .save_draft(COURSE, OTHER_ITEM, 1, &answer("elsewhere"), at(6))
        .await
        .unwrap();
    let draft = store.draft(ITEM, 1).await.unwrap().unwrap();
    assert_eq!(draft.answer, answer("second"));
    assert_eq!(draft.saved_at, at(5));
    assert!(store.draft(ITEM, 2).await.unwrap().is_none());

    let made = store
        .submit(COURSE, ITEM, 1, &answer("final"), at(10))
        .await
        .unwrap();
    assert_eq!(made.answer, answer("final"));
    assert!(store.draft(ITEM, 1).await.unwrap().is_none());
    assert!(store.draft(OTHER_ITEM, 1).await.unwrap().is_some());
}

async fn one_active_submission_until_cancelled_then_the_next_attempt(store: Arc<dyn OraStore>) {
    let first = store
        .submit(COURSE, ITEM, 1, &answer("one"), at(0))
        .await
        .unwrap();
    assert_eq!(first.attempt, 1);
    assert_eq!(first.status, SubmissionStatus::Active);
    assert_eq!(first.uuid.len(), 36);
    assert!(matches!(
        store.submit(COURSE, ITEM, 1, &answer("again"), at(1)).await,
        Err(OraError::AlreadySubmitted)
    ));
    assert!(store
        .cancel(first.id, 99, "Plagiarism", at(2))
        .await
        .unwrap());
    assert!(!store.cancel(first.id, 99, "Twice", at(3)).await.unwrap());
    assert!(matches!(
        store.cancel(first.id + 1000, 99, "Nothing", at(3)).await,
        Err(OraError::NotFound(_))
    ));
    let cancelled = store.submission(first.id).await.unwrap().unwrap();
    assert_eq!(cancelled.status, SubmissionStatus::Cancelled);
    assert_eq!(cancelled.cancelled_by, Some(99));
    assert_eq!(cancelled.cancel_reason.as_deref(), Some("Plagiarism"));
    assert_eq!(cancelled.cancelled_at, Some(at(2)));

    let second = store
        .submit(COURSE, ITEM, 1, &answer("two"), at(4))
        .await
        .unwrap();
    assert_eq!(second.attempt, 2);
    let latest = store.latest_submission(ITEM, 1).await.unwrap().unwrap();
    assert_eq!(latest.id, second.id);
    let by_uuid = store.submission_by_uuid(&second.uuid).await.unwrap();
    assert_eq!(by_uuid.map(|s| s.id), Some(second.id));
    assert!(store.submission_by_uuid("nothing").await.unwrap().is_none());
    assert!(store
        .latest_submission(OTHER_ITEM, 1)
        .await
        .unwrap()
        .is_none());
}

async fn racing_submits_make_one_submission(store: Arc<dyn OraStore>) {
    let mut tasks = Vec::new();
    for i in 0..6 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            store
                .submit(COURSE, ITEM, 7, &answer(&format!("try {i}")), at(i))
                .await
        }));
    }
    let mut made = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(_) => made += 1,
            Err(OraError::AlreadySubmitted) => {}
            Err(e) => panic!("unexpected {e}"),
        }
    }
    assert_eq!(made, 1);
    let page = store
        .submissions(ITEM, PageRequest::new(1, 10))
        .await
        .unwrap();
    assert_eq!(page.total, 1);
}

async fn peers_get_others_work_fewest_assessments_first_and_never_twice(store: Arc<dyn OraStore>) {
    let a = submit(&store, 1, 0).await;
    let b = submit(&store, 2, 1).await;
    let c = submit(&store, 3, 2).await;
    let lock = at(100) + Duration::hours(8);
    // Learner 4 (no submission needed in the store) gets the oldest first.
    let first = store
        .next_for_peer(ITEM, 4, 1, at(100), lock)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(first.id, a);
    assert_eq!(first.peer_lock, Some((4, lock)));
    // Asking again gives the same one: it is theirs until assessed.
    let again = store
        .next_for_peer(ITEM, 4, 1, at(101), lock)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(again.id, a);
    store
        .assess(assessment(a, 4, AssessmentKind::Peer), at(102))
        .await
        .unwrap();
    let assessed = store.submission(a).await.unwrap().unwrap();
    assert_eq!(assessed.peer_count, 1);
    assert_eq!(assessed.peer_lock, None, "assessing releases the lock");

    // Learner 2 never gets their own; a has one assessment now, so c
    // (none, though newer) comes first.
    let for_two = store
        .next_for_peer(ITEM, 2, 1, at(103), lock)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(for_two.id, c);
    store
        .assess(assessment(c, 2, AssessmentKind::Peer), at(104))
        .await
        .unwrap();
    let next = store
        .next_for_peer(ITEM, 2, 1, at(105), lock)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(next.id, a);
    store
        .assess(assessment(a, 2, AssessmentKind::Peer), at(106))
        .await
        .unwrap();
    // Nothing left for 2: own, and both others assessed.
    assert!(store
        .next_for_peer(ITEM, 2, 1, at(107), lock)
        .await
        .unwrap()
        .is_none());
    // Learner 4 now gets b (none yet), then c, then none.
    let ids: Vec<i64> = [store
        .next_for_peer(ITEM, 4, 1, at(108), lock)
        .await
        .unwrap()
        .unwrap()
        .id]
    .to_vec();
    assert_eq!(ids, [b]);
    assert_eq!(
        store
            .assessments_by(ITEM, 2, AssessmentKind::Peer)
            .await
            .unwrap()
            .iter()
            .map(|a| a.submission_id)
            .collect::<Vec<_>>(),
        [c, a]
    );
    assert!(store
        .assessments_by(OTHER_ITEM, 2, AssessmentKind::Peer)
        .await
        .unwrap()
        .is_empty());
}

async fn a_peer_lock_keeps_others_off_until_it_expires(store: Arc<dyn OraStore>) {
    let only = submit(&store, 1, 0).await;
    let held = store
        .next_for_peer(ITEM, 2, 3, at(10), at(10) + Duration::hours(8))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(held.id, only);
    // Another grader finds nothing while the lock holds.
    assert!(store
        .next_for_peer(ITEM, 3, 3, at(20), at(20) + Duration::hours(8))
        .await
        .unwrap()
        .is_none());
    // After it expires, the submission is free for them.
    let later = at(10) + Duration::hours(9);
    let taken = store
        .next_for_peer(ITEM, 3, 3, later, later + Duration::hours(8))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(taken.id, only);
    // Grader 2 may still assess what they started; that releases nothing
    // of grader 3's.
    store
        .assess(assessment(only, 2, AssessmentKind::Peer), later)
        .await
        .unwrap();
    assert!(store
        .next_for_peer(ITEM, 4, 3, later, later + Duration::hours(8))
        .await
        .unwrap()
        .is_none());
    store
        .assess(assessment(only, 3, AssessmentKind::Peer), later)
        .await
        .unwrap();
    let free = store
        .next_for_peer(ITEM, 4, 3, later, later + Duration::hours(8))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(free.peer_count, 2);
}

async fn racing_graders_never_get_the_same_submission(store: Arc<dyn OraStore>) {
    for learner in 1..=4 {
        submit(&store, learner, learner).await;
    }
    let mut tasks = Vec::new();
    for grader in 10..16 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            store
                .next_for_peer(ITEM, grader, 2, at(50), at(50) + Duration::hours(8))
                .await
                .unwrap()
                .map(|s| s.id)
        }));
    }
    let mut got = Vec::new();
    for task in tasks {
        if let Some(id) = task.await.unwrap() {
            got.push(id);
        }
    }
    // Four submissions, six graders: four get one each, all different.
    assert_eq!(got.len(), 4, "{got:?}");
    assert_eq!(got.iter().collect::<HashSet<_>>().len(), 4, "{got:?}");
}

async fn peer_self_and_training_assessments_count_once_staff_may_reassess(
    store: Arc<dyn OraStore>,
) {
    let mine = submit(&store, 1, 0).await;
    let own = store
        .assess(assessment(mine, 1, AssessmentKind::Own), at(1))
        .await
        .unwrap();
    assert_eq!(own.kind, AssessmentKind::Own);
    assert_eq!(own.parts.len(), 2);
    assert_eq!(own.parts[0].option.as_deref(), Some("good"));
    assert_eq!(own.feedback, "Well done");
    assert_eq!((own.points_earned, own.points_possible), (2, 3));
    assert!(matches!(
        store
            .assess(assessment(mine, 1, AssessmentKind::Own), at(2))
            .await,
        Err(OraError::AlreadyAssessed)
    ));
    store
        .assess(assessment(mine, 2, AssessmentKind::Peer), at(3))
        .await
        .unwrap();
    assert!(matches!(
        store
            .assess(assessment(mine, 2, AssessmentKind::Peer), at(4))
            .await,
        Err(OraError::AlreadyAssessed)
    ));
    // Training: one assessment per example, named by its feedback.
    let example = |n: &str| NewAssessment {
        feedback: n.into(),
        ..assessment(mine, 1, AssessmentKind::Training)
    };
    store.assess(example("example 1"), at(3)).await.unwrap();
    store.assess(example("example 2"), at(3)).await.unwrap();
    assert!(matches!(
        store.assess(example("example 2"), at(4)).await,
        Err(OraError::AlreadyAssessed)
    ));
    // Racing peers: each counts once, and the count stays right.
    let mut tasks = Vec::new();
    for scorer in [3, 3, 4, 5, 5, 6] {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            store
                .assess(assessment(mine, scorer, AssessmentKind::Peer), at(5))
                .await
                .is_ok()
        }));
    }
    let mut ok = 0;
    for task in tasks {
        ok += usize::from(task.await.unwrap());
    }
    assert_eq!(ok, 4);
    assert_eq!(store.submission(mine).await.unwrap().unwrap().peer_count, 5);
    // Staff may grade again (an override is a newer staff assessment).
    for when in [6, 7] {
        store
            .assess(assessment(mine, 9, AssessmentKind::Staff), at(when))
            .await
            .unwrap();
    }
    let all = store.assessments_of(mine).await.unwrap();
    assert_eq!(all.len(), 1 + 2 + 1 + 4 + 2);
    assert_eq!(all.first().unwrap().kind, AssessmentKind::Own);
    assert_eq!(all.last().unwrap().created_at, at(7));
    assert!(matches!(
        store
            .assess(assessment(mine + 1000, 2, AssessmentKind::Peer), at(8))
            .await,
        Err(OraError::NotFound(_))
    ));
}

async fn cancelled_submissions_take_no_assessments_or_locks(store: Arc<dyn OraStore>) {
    let gone = submit(&store, 1, 0).await;
    store
        .next_for_peer(ITEM, 2, 1, at(1), at(1) + Duration::hours(8))
        .await
        .unwrap()
        .unwrap();
    assert!(store.cancel(gone, 9, "Off topic", at(2)).await.unwrap());
    assert!(matches!(
        store
            .assess(assessment(gone, 2, AssessmentKind::Peer), at(3))
            .await,
        Err(OraError::NotActive)
    ));
    assert!(store
        .next_for_peer(ITEM, 3, 1, at(4), at(4) + Duration::hours(8))
        .await
        .unwrap()
        .is_none());
    assert!(matches!(
        store
            .lock_for_staff(gone, 9, at(5), at(5) + Duration::hours(1))
            .await,
        Err(OraError::NotActive)
    ));
    assert!(store.assessments_of(gone).await.unwrap().is_empty());
}

async fn staff_locks_are_exclusive_until_released_or_expired(store: Arc<dyn OraStore>) {
    let s = submit(&store, 1, 0).await;
    let hour = Duration::hours(1);
    assert_eq!(
        store
            .lock_for_staff(s, 8, at(0), at(0) + hour)
            .await
            .unwrap(),
        None
    );
    // Renewing one's own lock works; someone else is told who holds it.
    assert_eq!(
        store
            .lock_for_staff(s, 8, at(10), at(10) + hour)
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        store
            .lock_for_staff(s, 9, at(20), at(20) + hour)
            .await
            .unwrap(),
        Some(8)
    );
    assert!(!store.release_staff_lock(s, 9).await.unwrap());
    assert!(store.release_staff_lock(s, 8).await.unwrap());
    assert_eq!(
        store
            .lock_for_staff(s, 9, at(30), at(30) + hour)
            .await
            .unwrap(),
        None
    );
    // An expired lock is free for others.
    let later = at(30) + hour + Duration::seconds(1);
    assert_eq!(
        store
            .lock_for_staff(s, 8, later, later + hour)
            .await
            .unwrap(),
        None
    );
    // Grading releases the grader's lock.
    store
        .assess(assessment(s, 8, AssessmentKind::Staff), later)
        .await
        .unwrap();
    assert_eq!(
        store
            .lock_for_staff(s, 9, later, later + hour)
            .await
            .unwrap(),
        None
    );
    assert!(matches!(
        store.lock_for_staff(s + 1000, 9, later, later + hour).await,
        Err(OraError::NotFound(_))
    ));
}

async fn submissions_are_listed_oldest_first_with_paging(store: Arc<dyn OraStore>) {
    let ids = [
        submit(&store, 3, 30).await,
        submit(&store, 1, 10).await,
        submit(&store, 2, 20).await,
    ];
    store
        .submit(COURSE, OTHER_ITEM, 1, &answer("elsewhere"), at(0))
        .await
        .unwrap();
    let first = store
        .submissions(ITEM, PageRequest::new(1, 2))
        .await
        .unwrap();
    assert_eq!(first.total, 3);
    assert_eq!(
        first.items.iter().map(|s| s.id).collect::<Vec<_>>(),
        [ids[1], ids[2]]
    );
    let second = store
        .submissions(ITEM, PageRequest::new(2, 2))
        .await
        .unwrap();
    assert_eq!(
        second.items.iter().map(|s| s.id).collect::<Vec<_>>(),
        [ids[0]]
    );
}

async fn lists_read_assessments_and_counts_in_batches(store: Arc<dyn OraStore>) {
    let a = submit(&store, 1, 10).await;
    let b = submit(&store, 2, 20).await;
    let c = submit(&store, 3, 30).await;
    let elsewhere = store
        .submit(COURSE, OTHER_ITEM, 1, &answer("elsewhere"), at(0))
        .await
        .unwrap()
        .id;
    // 1 and 2 grade each other, 3 grades both; staff grade c.
    for (sub, scorer) in [(a, 2), (b, 1), (a, 3), (b, 3)] {
        store
            .assess(assessment(sub, scorer, AssessmentKind::Peer), at(40))
            .await
            .unwrap();
    }
    store
        .assess(assessment(elsewhere, 3, AssessmentKind::Peer), at(41))
        .await
        .unwrap();
    store
        .assess(assessment(c, 9, AssessmentKind::Staff), at(42))
        .await
        .unwrap();
    let all = store.assessments_of_many(&[a, c]).await.unwrap();
    assert_eq!(all.len(), 3);
    assert_eq!(all.iter().filter(|x| x.submission_id == a).count(), 2);
    assert!(store.assessments_of_many(&[]).await.unwrap().is_empty());
    // Counts stay within the item.
    let given = store.peer_counts_by(ITEM, &[1, 2, 3, 4]).await.unwrap();
    assert_eq!(given.get(&1), Some(&1));
    assert_eq!(given.get(&3), Some(&2));
    assert_eq!(given.get(&4), None);
    // Three active, one of them staff-graded.
    assert_eq!(store.counts(ITEM).await.unwrap(), (3, 2));
    store.cancel(b, 9, "Copied", at(50)).await.unwrap();
    assert_eq!(store.counts(ITEM).await.unwrap(), (2, 1));
}
