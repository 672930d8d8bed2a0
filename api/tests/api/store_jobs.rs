//! The `JobStore` contract: one body per behaviour, run against every
//! backend (SQLite and PostgreSQL).

use std::collections::HashSet;
use std::sync::Arc;

use api::store::jobs::{JobStatus, JobStore, NewJob};
use chrono::{Duration, Utc};
use serde_json::json;

macro_rules! contract {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    let (store, _dir) = crate::helpers::fresh_job_store(crate::helpers::Backend::Sqlite).await.unwrap();
                    super::$name(store).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    if let Some((store, _dir)) = crate::helpers::fresh_job_store(crate::helpers::Backend::Postgres).await {
                        super::$name(store).await;
                    }
                }
            )*
        }
    };
}

contract!(
    a_queued_job_is_claimed_once_and_succeeds_with_its_result,
    progress_is_recorded_until_the_job_is_cancelled,
    failed_attempts_wait_for_their_retry_and_then_fail_for_good,
    a_job_whose_worker_vanished_is_claimed_again_after_its_lease,
    concurrent_workers_never_claim_the_same_job,
    a_course_lists_its_jobs_newest_first,
);

fn job(course: &str) -> NewJob {
    NewJob {
        kind: "import_olx".into(),
        course_key: Some(course.into()),
        created_by: Some(7),
        payload: json!({"upload": "job-uploads/x"}),
        max_attempts: 3,
    }
}

fn lease() -> chrono::DateTime<Utc> {
    Utc::now() + Duration::seconds(60)
}

async fn a_queued_job_is_claimed_once_and_succeeds_with_its_result(store: Arc<dyn JobStore>) {
    let queued = store.enqueue(job("course-v1:A+B+C")).await.unwrap();
    assert_eq!(queued.status, JobStatus::Queued);
    assert_eq!(queued.attempts, 0);
    assert_eq!(queued.payload, json!({"upload": "job-uploads/x"}));

    let claimed = store.claim(lease()).await.unwrap().unwrap();
    assert_eq!(claimed.id, queued.id);
    assert_eq!(claimed.status, JobStatus::Running);
    assert_eq!(claimed.attempts, 1);
    assert!(
        store.claim(lease()).await.unwrap().is_none(),
        "claimed once"
    );

    store
        .progress(
            &claimed.id,
            claimed.attempts,
            40,
            100,
            "Reading the course",
            lease(),
        )
        .await
        .unwrap();
    store
        .succeed(
            &claimed.id,
            claimed.attempts,
            json!({"course_key": "course-v1:A+B+C"}),
        )
        .await
        .unwrap();
    let done = store.get(&claimed.id).await.unwrap().unwrap();
    assert_eq!(done.status, JobStatus::Succeeded);
    assert_eq!(done.result, Some(json!({"course_key": "course-v1:A+B+C"})));
    assert_eq!(done.done, done.total);
    assert!(done.finished_at.is_some());
    assert!(
        !store.cancel(&claimed.id).await.unwrap(),
        "a finished job stays finished"
    );
    assert!(store.get("no-such-job").await.unwrap().is_none());
}

async fn progress_is_recorded_until_the_job_is_cancelled(store: Arc<dyn JobStore>) {
    let queued = store.enqueue(job("course-v1:A+B+C")).await.unwrap();
    let running = store.claim(lease()).await.unwrap().unwrap();
    assert!(store
        .progress(
            &running.id,
            running.attempts,
            3,
            10,
            "Storing the course files",
            lease()
        )
        .await
        .unwrap());
    let seen = store.get(&queued.id).await.unwrap().unwrap();
    assert_eq!((seen.done, seen.total), (3, 10));
    assert_eq!(seen.message, "Storing the course files");

    assert!(store.cancel(&running.id).await.unwrap());
    assert!(
        !store
            .progress(
                &running.id,
                running.attempts,
                4,
                10,
                "Storing the course files",
                lease()
            )
            .await
            .unwrap(),
        "the worker learns of the cancellation at its next report"
    );
    // A cancelled job does not become succeeded or failed afterwards.
    store
        .succeed(&running.id, running.attempts, json!({}))
        .await
        .unwrap();
    store
        .fail(&running.id, running.attempts, "late", None)
        .await
        .unwrap();
    let seen = store.get(&queued.id).await.unwrap().unwrap();
    assert_eq!(seen.status, JobStatus::Cancelled);
    assert_eq!((seen.done, seen.total), (3, 10));
    assert!(store.claim(lease()).await.unwrap().is_none());
}

async fn failed_attempts_wait_for_their_retry_and_then_fail_for_good(store: Arc<dyn JobStore>) {
    let queued = store.enqueue(job("course-v1:A+B+C")).await.unwrap();
    let first = store.claim(lease()).await.unwrap().unwrap();
    store
        .fail(
            &first.id,
            first.attempts,
            "store down",
            Some(Utc::now() + Duration::hours(1)),
        )
        .await
        .unwrap();
    let waiting = store.get(&queued.id).await.unwrap().unwrap();
    assert_eq!(waiting.status, JobStatus::Queued);
    assert_eq!(waiting.error.as_deref(), Some("store down"));
    assert!(
        store.claim(lease()).await.unwrap().is_none(),
        "not before its retry time"
    );

    // Due now: claimed again as a second attempt.
    let again = store.enqueue(job("course-v1:A+B+C")).await.unwrap();
    let claimed = store.claim(lease()).await.unwrap().unwrap();
    assert_eq!(claimed.id, again.id);
    store
        .fail(
            &claimed.id,
            claimed.attempts,
            "bad",
            Some(Utc::now() - Duration::seconds(1)),
        )
        .await
        .unwrap();
    let retried = store.claim(lease()).await.unwrap().unwrap();
    assert_eq!(retried.id, again.id);
    assert_eq!(retried.attempts, 2);
    store
        .fail(&retried.id, retried.attempts, "still bad", None)
        .await
        .unwrap();
    let failed = store.get(&again.id).await.unwrap().unwrap();
    assert_eq!(failed.status, JobStatus::Failed);
    assert_eq!(failed.error.as_deref(), Some("still bad"));
    assert!(failed.finished_at.is_some());
}

async fn a_job_whose_worker_vanished_is_claimed_again_after_its_lease(store: Arc<dyn JobStore>) {
    let queued = store.enqueue(job("course-v1:A+B+C")).await.unwrap();
    let first = store
        .claim(Utc::now() - Duration::seconds(1))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(first.id, queued.id);
    let second = store
        .claim(Utc::now() - Duration::seconds(1))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(second.id, queued.id);
    assert_eq!(second.attempts, 2);
    // The vanished first worker can no longer touch the job.
    assert!(!store
        .progress(&first.id, first.attempts, 1, 2, "late", lease())
        .await
        .unwrap());
    store
        .succeed(&first.id, first.attempts, json!({}))
        .await
        .unwrap();
    assert_eq!(
        store.get(&queued.id).await.unwrap().unwrap().status,
        JobStatus::Running
    );
    // On its last attempt (3) a vanished worker fails the job for good.
    let third = store
        .claim(Utc::now() - Duration::seconds(1))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(third.attempts, 3);
    assert!(store.claim(lease()).await.unwrap().is_none());
    let failed = store.get(&queued.id).await.unwrap().unwrap();
    assert_eq!(failed.status, JobStatus::Failed);
    assert!(failed.error.unwrap().contains("stopped answering"));
}

async fn concurrent_workers_never_claim_the_same_job(store: Arc<dyn JobStore>) {
    let mut ids = HashSet::new();
    for _ in 0..12 {
        ids.insert(store.enqueue(job("course-v1:A+B+C")).await.unwrap().id);
    }
    let workers: Vec<_> = (0..4)
        .map(|_| {
            let store = store.clone();
            tokio::spawn(async move {
                let mut mine = Vec::new();
                while let Some(job) = store.claim(lease()).await.unwrap() {
                    mine.push(job.id);
                }
                mine
            })
        })
        .collect();
    let mut claimed = Vec::new();
    for worker in workers {
        claimed.extend(worker.await.unwrap());
    }
    claimed.sort();
    let unique: HashSet<_> = claimed.iter().cloned().collect();
    assert_eq!(unique.len(), claimed.len(), "a job was claimed twice");
    // A claim may lose every race and give up early; the rest stay queued.
    for id in &ids {
        let job = store.get(id).await.unwrap().unwrap();
        assert_eq!(job.status == JobStatus::Running, unique.contains(id));
    }
}

async fn a_course_lists_its_jobs_newest_first(store: Arc<dyn JobStore>) {
    let first = store.enqueue(job("course-v1:A+B+C")).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    let second = store.enqueue(job("course-v1:A+B+C")).await.unwrap();
    store.enqueue(job("course-v1:Other+B+C")).await.unwrap();
    let listed: Vec<String> = store
        .list_for_course("course-v1:A+B+C", 10)
        .await
        .unwrap()
        .into_iter()
        .map(|j| j.id)
        .collect();
    assert_eq!(listed, vec![second.id, first.id]);
}
