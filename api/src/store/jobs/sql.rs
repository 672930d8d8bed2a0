//! [`JobStore`] in the SQL database (SQLite or PostgreSQL) through sea-orm:
//! the embedded default, polled by the in-process worker.
//!
//! A claim is an optimistic conditional UPDATE (`... WHERE id = ? AND the
//! job is still runnable`): of two workers racing for one job, exactly one
//! changes the row and the other looks for the next job.

use anyhow::Context;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Condition, Expr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use serde_json::Value;

use super::{JobRecord, JobResult, JobStatus, JobStore, NewJob};

/// The sea-orm entity of the `jobs` table.
pub mod entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "jobs")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub kind: String,
        pub course_key: Option<String>,
        pub created_by: Option<i64>,
        #[sea_orm(column_type = "Text")]
        pub payload: String,
        pub status: String,
        pub done: i64,
        pub total: i64,
        pub message: String,
        #[sea_orm(column_type = "Text", nullable)]
        pub result: Option<String>,
        #[sea_orm(column_type = "Text", nullable)]
        pub error: Option<String>,
        pub attempts: i32,
        pub max_attempts: i32,
        pub run_at: ChronoDateTimeUtc,
        pub lease_until: Option<ChronoDateTimeUtc>,
        pub created_at: ChronoDateTimeUtc,
        pub updated_at: ChronoDateTimeUtc,
        pub finished_at: Option<ChronoDateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

use entity::{ActiveModel, Column, Entity, Model};

/// Jobs in the relational database.
#[derive(Clone)]
pub struct SqlJobStore {
    db: DatabaseConnection,
}

impl SqlJobStore {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

fn status_text(status: JobStatus) -> &'static str {
    match status {
        JobStatus::Queued => "queued",
        JobStatus::Running => "running",
        JobStatus::Succeeded => "succeeded",
        JobStatus::Failed => "failed",
        JobStatus::Cancelled => "cancelled",
    }
}

fn status_of(text: &str) -> anyhow::Result<JobStatus> {
    Ok(match text {
        "queued" => JobStatus::Queued,
        "running" => JobStatus::Running,
        "succeeded" => JobStatus::Succeeded,
        "failed" => JobStatus::Failed,
        "cancelled" => JobStatus::Cancelled,
        other => anyhow::bail!("unknown job status {other}"),
    })
}

fn record(m: Model) -> JobResult<JobRecord> {
    let parse = |text: &str| serde_json::from_str::<Value>(text);
    Ok(JobRecord {
        status: status_of(&m.status)?,
        payload: parse(&m.payload).context("job payload")?,
        result: m
            .result
            .as_deref()
            .map(parse)
            .transpose()
            .context("job result")?,
        id: m.id,
        kind: m.kind,
        course_key: m.course_key,
        created_by: m.created_by,
        done: m.done.max(0) as u64,
        total: m.total.max(0) as u64,
        message: m.message,
        error: m.error,
        attempts: m.attempts.max(0) as u32,
        max_attempts: m.max_attempts.max(1) as u32,
        run_at: m.run_at,
        lease_until: m.lease_until,
        created_at: m.created_at,
        updated_at: m.updated_at,
        finished_at: m.finished_at,
    })
}

/// Queued and due, or running with a lease that ran out and attempts left.
fn runnable(now: DateTime<Utc>) -> Condition {
    Condition::any()
        .add(
            Condition::all()
                .add(Column::Status.eq("queued"))
                .add(Column::RunAt.lte(now)),
        )
        .add(
            Condition::all()
                .add(Column::Status.eq("running"))
                .add(Column::LeaseUntil.lt(now))
                .add(Expr::col(Column::Attempts).lt(Expr::col(Column::MaxAttempts))),
        )
}

/// The claim of `id` made when it had been tried `attempt` times.
fn claimed(id: &str, attempt: u32) -> Condition {
    Condition::all()
        .add(Column::Id.eq(id))
        .add(Column::Status.eq("running"))
        .add(Column::Attempts.eq(attempt as i32))
}

/// Whether a job has not finished.
fn unfinished() -> Condition {
    Condition::any()
        .add(Column::Status.eq("queued"))
        .add(Column::Status.eq("running"))
}

#[async_trait]
impl JobStore for SqlJobStore {
    async fn enqueue(&self, job: NewJob) -> JobResult<JobRecord> {
        let now = Utc::now();
        let model = ActiveModel {
            id: Set(uuid::Uuid::new_v4().simple().to_string()),
            kind: Set(job.kind),
            course_key: Set(job.course_key),
            created_by: Set(job.created_by),
            payload: Set(job.payload.to_string()),
            status: Set(status_text(JobStatus::Queued).into()),
            done: Set(0),
            total: Set(0),
            message: Set("Waiting to start".into()),
            result: Set(None),
            error: Set(None),
            attempts: Set(0),
            max_attempts: Set(job.max_attempts.max(1) as i32),
            run_at: Set(now),
            lease_until: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            finished_at: Set(None),
        }
        .insert(&self.db)
        .await
        .context("queueing a job")?;
        record(model)
    }

    async fn claim(&self, lease_until: DateTime<Utc>) -> JobResult<Option<JobRecord>> {
        // A job whose worker vanished on its last attempt fails for good.
        let now = Utc::now();
        Entity::update_many()
            .col_expr(Column::Status, Expr::value("failed"))
            .col_expr(
                Column::Error,
                Expr::value("The job stopped answering on its last attempt."),
            )
            .col_expr(
                Column::LeaseUntil,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .col_expr(Column::UpdatedAt, Expr::value(now))
            .col_expr(Column::FinishedAt, Expr::value(now))
            .filter(Column::Status.eq("running"))
            .filter(Column::LeaseUntil.lt(now))
            .filter(Expr::col(Column::Attempts).gte(Expr::col(Column::MaxAttempts)))
            .exec(&self.db)
            .await
            .context("failing abandoned jobs")?;
        // A few tries: another worker may win the race for a candidate.
        for _ in 0..5 {
            let now = Utc::now();
            // Two index-ordered looks (queued by run_at; leases expired),
            // so a claim costs the same however long the backlog is.
            let queued = Entity::find()
                .filter(Column::Status.eq("queued"))
                .filter(Column::RunAt.lte(now))
                .order_by_asc(Column::RunAt)
                .order_by_asc(Column::CreatedAt)
                .limit(1)
                .one(&self.db)
                .await
                .context("looking for a job")?;
            let expired = Entity::find()
                .filter(Column::Status.eq("running"))
                .filter(Column::LeaseUntil.lt(now))
                .filter(Expr::col(Column::Attempts).lt(Expr::col(Column::MaxAttempts)))
                .order_by_asc(Column::LeaseUntil)
                .limit(1)
                .one(&self.db)
                .await
                .context("looking for an abandoned job")?;
            let candidate = match (queued, expired) {
                (Some(q), Some(e)) => {
                    if (e.run_at, &e.created_at) < (q.run_at, &q.created_at) {
                        e
                    } else {
                        q
                    }
                }
                (Some(one), None) | (None, Some(one)) => one,
                (None, None) => return Ok(None),
            };
            let claimed = Entity::update_many()
                .col_expr(Column::Status, Expr::value("running"))
                .col_expr(Column::LeaseUntil, Expr::value(lease_until))
                .col_expr(Column::Attempts, Expr::col(Column::Attempts).add(1))
                .col_expr(Column::UpdatedAt, Expr::value(now))
                .filter(Column::Id.eq(candidate.id.as_str()))
                .filter(runnable(now))
                .exec(&self.db)
                .await
                .context("claiming a job")?;
            if claimed.rows_affected == 1 {
                return self.get(&candidate.id).await;
            }
        }
        Ok(None)
    }

    async fn progress(
        &self,
        id: &str,
        attempt: u32,
        done: u64,
        total: u64,
        message: &str,
        lease_until: DateTime<Utc>,
    ) -> JobResult<bool> {
        let updated = Entity::update_many()
            .col_expr(Column::Done, Expr::value(done as i64))
            .col_expr(Column::Total, Expr::value(total as i64))
            .col_expr(Column::Message, Expr::value(message))
            .col_expr(Column::LeaseUntil, Expr::value(lease_until))
            .col_expr(Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(claimed(id, attempt))
            .exec(&self.db)
            .await
            .context("recording job progress")?;
        Ok(updated.rows_affected == 1)
    }

    async fn succeed(&self, id: &str, attempt: u32, result: Value) -> JobResult<()> {
        let now = Utc::now();
        Entity::update_many()
            .col_expr(Column::Status, Expr::value("succeeded"))
            .col_expr(Column::Result, Expr::value(result.to_string()))
            .col_expr(Column::Error, Expr::value(Option::<String>::None))
            .col_expr(Column::Done, Expr::col(Column::Total).into())
            .col_expr(
                Column::LeaseUntil,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .col_expr(Column::UpdatedAt, Expr::value(now))
            .col_expr(Column::FinishedAt, Expr::value(now))
            .filter(claimed(id, attempt))
            .exec(&self.db)
            .await
            .context("finishing a job")?;
        Ok(())
    }

    async fn fail(
        &self,
        id: &str,
        attempt: u32,
        error: &str,
        retry_at: Option<DateTime<Utc>>,
    ) -> JobResult<()> {
        let now = Utc::now();
        let mut update = Entity::update_many()
            .col_expr(Column::Error, Expr::value(error))
            .col_expr(
                Column::LeaseUntil,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .col_expr(Column::UpdatedAt, Expr::value(now));
        update = match retry_at {
            Some(at) => update
                .col_expr(Column::Status, Expr::value("queued"))
                .col_expr(Column::RunAt, Expr::value(at)),
            None => update
                .col_expr(Column::Status, Expr::value("failed"))
                .col_expr(Column::FinishedAt, Expr::value(now)),
        };
        update
            .filter(claimed(id, attempt))
            .exec(&self.db)
            .await
            .context("recording a failed job")?;
        Ok(())
    }

    async fn cancel(&self, id: &str) -> JobResult<bool> {
        let now = Utc::now();
        let updated = Entity::update_many()
            .col_expr(Column::Status, Expr::value("cancelled"))
            .col_expr(Column::Message, Expr::value("Cancelled"))
            .col_expr(
                Column::LeaseUntil,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .col_expr(Column::UpdatedAt, Expr::value(now))
            .col_expr(Column::FinishedAt, Expr::value(now))
            .filter(Column::Id.eq(id))
            .filter(unfinished())
            .exec(&self.db)
            .await
            .context("cancelling a job")?;
        Ok(updated.rows_affected == 1)
    }

    async fn get(&self, id: &str) -> JobResult<Option<JobRecord>> {
        Entity::find_by_id(id.to_string())
            .one(&self.db)
            .await
            .context("reading a job")?
            .map(record)
            .transpose()
    }

    async fn list_for_course(&self, course_key: &str, limit: u64) -> JobResult<Vec<JobRecord>> {
        Entity::find()
            .filter(Column::CourseKey.eq(course_key))
            .order_by_desc(Column::CreatedAt)
            .limit(limit)
            .all(&self.db)
            .await
            .context("listing jobs")?
            .into_iter()
            .map(record)
            .collect()
    }
}
