//! [`OraStore`] on SQLite or PostgreSQL through sea-orm.
//!
//! Every transaction writes first (SQLite then holds its write lock,
//! PostgreSQL the row's lock), so the reads after it see what racing
//! writers committed, and check-then-insert steps cannot interleave.

use anyhow::Context;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, SqlErr, TransactionTrait,
};
use serde_json::Value;

use super::{
    AssessmentKind, AssessmentRecord, CriterionScore, DraftRecord, NewAssessment, OraError,
    OraResult, OraStore, Page, PageRequest, SubmissionRecord, SubmissionStatus,
};
use crate::store::statement::Sql;

/// The sea-orm entities of the ORA tables.
pub mod entity {
    /// `ora_drafts`.
    pub mod drafts {
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
        #[sea_orm(table_name = "ora_drafts")]
        pub struct Model {
            #[sea_orm(primary_key)]
            pub id: i64,
            pub course_key: String,
            pub item_id: String,
            pub learner_id: i64,
            pub answer: String,
            pub saved_at: ChronoDateTimeUtc,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }

    /// `ora_submissions`.
    pub mod submissions {
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
        #[sea_orm(table_name = "ora_submissions")]
        pub struct Model {
            #[sea_orm(primary_key)]
            pub id: i64,
            pub uuid: String,
            pub course_key: String,
            pub item_id: String,
            pub learner_id: i64,
            pub attempt: i64,
            pub answer: String,
            pub submitted_at: ChronoDateTimeUtc,
            pub status: String,
            pub cancelled_by: Option<i64>,
            pub cancel_reason: Option<String>,
            pub cancelled_at: Option<ChronoDateTimeUtc>,
            pub peer_count: i64,
            pub peer_locked_by: Option<i64>,
            pub peer_locked_until: Option<ChronoDateTimeUtc>,
            pub staff_locked_by: Option<i64>,
            pub staff_locked_until: Option<ChronoDateTimeUtc>,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }

    /// `ora_assessments`.
    pub mod assessments {
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
        #[sea_orm(table_name = "ora_assessments")]
        pub struct Model {
            #[sea_orm(primary_key)]
            pub id: i64,
            pub submission_id: i64,
            pub scorer_id: i64,
            pub kind: String,
            pub parts: String,
            pub feedback: String,
            pub points_earned: i64,
            pub points_possible: i64,
            pub created_at: ChronoDateTimeUtc,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }
}

use entity::{assessments, drafts, submissions};

const ACTIVE: &str = "active";
const CANCELLED: &str = "cancelled";
/// How many times a peer pick is retried when racing graders take the
/// chosen submission first.
const PICK_ATTEMPTS: usize = 16;

/// The two grading locks of a submission.
#[derive(Clone, Copy)]
enum Lock {
    Peer,
    Staff,
}

/// Open response assessments in the relational database.
#[derive(Clone)]
pub struct SqlOraStore {
    db: DatabaseConnection,
}

impl SqlOraStore {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }

    async fn submission_model(&self, id: i64) -> OraResult<Option<submissions::Model>> {
        Ok(submissions::Entity::find_by_id(id).one(&self.db).await?)
    }

    /// Takes (or renews) a grading lock of an active submission for
    /// `holder` unless someone else holds it unexpired: one conditional
    /// update, so of racing takers exactly one wins.
    async fn take_lock(
        &self,
        lock: Lock,
        submission_id: i64,
        holder: i64,
        now: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> OraResult<bool> {
        let (by, until_column) = match lock {
            Lock::Peer => ("peer_locked_by", "peer_locked_until"),
            Lock::Staff => ("staff_locked_by", "staff_locked_until"),
        };
        let mut take = Sql::default();
        take.push(&format!("UPDATE ora_submissions SET {by} = "))
            .bind(holder)
            .push(&format!(", {until_column} = "))
            .bind(until)
            .push(" WHERE id = ")
            .bind(submission_id)
            .push(" AND status = ")
            .bind(ACTIVE)
            .push(&format!(" AND ({by} IS NULL OR {by} = "))
            .bind(holder)
            .push(&format!(" OR {until_column} <= "))
            .bind(now)
            .push(")");
        Ok(self
            .db
            .execute(take.statement(&self.db))
            .await?
            .rows_affected()
            == 1)
    }

    /// Why a write to an active submission matched no row.
    async fn not_active(&self, id: i64) -> OraError {
        match self.submission_model(id).await {
            Ok(Some(_)) => OraError::NotActive,
            Ok(None) => OraError::NotFound("submission"),
            Err(e) => e,
        }
    }
}

fn json_text(value: &Value) -> String {
    value.to_string()
}

fn json_value(text: &str) -> OraResult<Value> {
    serde_json::from_str(text)
        .context("reading a stored ORA answer")
        .map_err(OraError::Backend)
}

fn submission_record(m: submissions::Model) -> OraResult<SubmissionRecord> {
    Ok(SubmissionRecord {
        answer: json_value(&m.answer)?,
        id: m.id,
        uuid: m.uuid,
        course_key: m.course_key,
        item_id: m.item_id,
        learner_id: m.learner_id,
        attempt: m.attempt,
        submitted_at: m.submitted_at,
        status: if m.status == CANCELLED {
            SubmissionStatus::Cancelled
        } else {
            SubmissionStatus::Active
        },
        cancelled_by: m.cancelled_by,
        cancel_reason: m.cancel_reason,
        cancelled_at: m.cancelled_at,
        peer_count: m.peer_count,
        peer_lock: m.peer_locked_by.zip(m.peer_locked_until),
        staff_lock: m.staff_locked_by.zip(m.staff_locked_until),
    })
}

fn assessment_record(m: assessments::Model) -> OraResult<AssessmentRecord> {
    let parts: Vec<CriterionScore> = serde_json::from_str(&m.parts)
        .context("reading stored rubric parts")
        .map_err(OraError::Backend)?;
    Ok(AssessmentRecord {
        id: m.id,
        submission_id: m.submission_id,
        scorer_id: m.scorer_id,
        kind: AssessmentKind::parse(&m.kind).ok_or_else(|| {
            OraError::Backend(anyhow::anyhow!("unknown assessment kind {}", m.kind))
        })?,
        parts,
        feedback: m.feedback,
        points_earned: m.points_earned,
        points_possible: m.points_possible,
        created_at: m.created_at,
    })
}

fn is_unique_violation(e: &sea_orm::DbErr) -> bool {
    matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_)))
}

#[async_trait]
impl OraStore for SqlOraStore {
    async fn save_draft(
        &self,
        course_key: &str,
        item_id: &str,
        learner_id: i64,
        answer: &Value,
        now: DateTime<Utc>,
    ) -> OraResult<()> {
        drafts::Entity::insert(drafts::ActiveModel {
            course_key: Set(course_key.to_string()),
            item_id: Set(item_id.to_string()),
            learner_id: Set(learner_id),
            answer: Set(json_text(answer)),
            saved_at: Set(now),
            ..Default::default()
        })
        .on_conflict(
            OnConflict::columns([drafts::Column::ItemId, drafts::Column::LearnerId])
                .update_columns([drafts::Column::Answer, drafts::Column::SavedAt])
                .to_owned(),
        )
        .exec_without_returning(&self.db)
        .await?;
        Ok(())
    }

    async fn draft(&self, item_id: &str, learner_id: i64) -> OraResult<Option<DraftRecord>> {
        let Some(m) = drafts::Entity::find()
            .filter(drafts::Column::ItemId.eq(item_id))
            .filter(drafts::Column::LearnerId.eq(learner_id))
            .one(&self.db)
            .await?
        else {
            return Ok(None);
        };
        Ok(Some(DraftRecord {
            answer: json_value(&m.answer)?,
            saved_at: m.saved_at,
        }))
    }

    async fn submit(
        &self,
        course_key: &str,
        item_id: &str,
        learner_id: i64,
        answer: &Value,
        now: DateTime<Utc>,
    ) -> OraResult<SubmissionRecord> {
        let txn = self.db.begin().await?;
        // The write first: the draft goes with the submission.
        drafts::Entity::delete_many()
            .filter(drafts::Column::ItemId.eq(item_id))
            .filter(drafts::Column::LearnerId.eq(learner_id))
            .exec(&txn)
            .await?;
        let last = submissions::Entity::find()
            .filter(submissions::Column::ItemId.eq(item_id))
            .filter(submissions::Column::LearnerId.eq(learner_id))
            .order_by_desc(submissions::Column::Attempt)
            .one(&txn)
            .await?;
        if last.as_ref().is_some_and(|s| s.status == ACTIVE) {
            return Err(OraError::AlreadySubmitted);
        }
        let attempt = last.map(|s| s.attempt + 1).unwrap_or(1);
        let inserted = submissions::Entity::insert(submissions::ActiveModel {
            uuid: Set(uuid::Uuid::new_v4().to_string()),
            course_key: Set(course_key.to_string()),
            item_id: Set(item_id.to_string()),
            learner_id: Set(learner_id),
            attempt: Set(attempt),
            answer: Set(json_text(answer)),
            submitted_at: Set(now),
            status: Set(ACTIVE.to_string()),
            peer_count: Set(0),
            ..Default::default()
        })
        .exec(&txn)
        .await;
        let id = match inserted {
            Ok(r) => r.last_insert_id,
            // A racing submit took this attempt number.
            Err(e) if is_unique_violation(&e) => return Err(OraError::AlreadySubmitted),
            Err(e) => return Err(e.into()),
        };
        let model = submissions::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or(OraError::NotFound("submission"))?;
        match txn.commit().await {
            Ok(()) => {}
            Err(e) if is_unique_violation(&e) => return Err(OraError::AlreadySubmitted),
            Err(e) => return Err(e.into()),
        }
        submission_record(model)
    }

    async fn submission(&self, id: i64) -> OraResult<Option<SubmissionRecord>> {
        self.submission_model(id)
            .await?
            .map(submission_record)
            .transpose()
    }

    async fn submission_by_uuid(&self, uuid: &str) -> OraResult<Option<SubmissionRecord>> {
        submissions::Entity::find()
            .filter(submissions::Column::Uuid.eq(uuid))
            .one(&self.db)
            .await?
            .map(submission_record)
            .transpose()
    }

    async fn latest_submission(
        &self,
        item_id: &str,
        learner_id: i64,
    ) -> OraResult<Option<SubmissionRecord>> {
        submissions::Entity::find()
            .filter(submissions::Column::ItemId.eq(item_id))
            .filter(submissions::Column::LearnerId.eq(learner_id))
            .order_by_desc(submissions::Column::Attempt)
            .one(&self.db)
            .await?
            .map(submission_record)
            .transpose()
    }

    async fn submissions(
        &self,
        item_id: &str,
        page: PageRequest,
    ) -> OraResult<Page<SubmissionRecord>> {
        let query = submissions::Entity::find().filter(submissions::Column::ItemId.eq(item_id));
        let total = query.clone().count(&self.db).await?;
        let items = query
            .order_by_asc(submissions::Column::SubmittedAt)
            .order_by_asc(submissions::Column::Id)
            .offset(page.offset())
            .limit(page.page_size)
            .all(&self.db)
            .await?
            .into_iter()
            .map(submission_record)
            .collect::<OraResult<Vec<_>>>()?;
        Ok(Page { total, items })
    }

    async fn counts(&self, item_id: &str) -> OraResult<(u64, u64)> {
        let mut sql = Sql::default();
        sql.push(
            "SELECT COUNT(*) AS active, COALESCE(SUM(CASE WHEN NOT EXISTS (SELECT 1 FROM \
             ora_assessments a WHERE a.submission_id = s.id AND a.kind = ",
        )
        .bind(AssessmentKind::Staff.as_str())
        .push(") THEN 1 ELSE 0 END), 0) AS ungraded FROM ora_submissions s WHERE s.item_id = ")
        .bind(item_id)
        .push(" AND s.status = ")
        .bind(ACTIVE);
        let row = self
            .db
            .query_one(sql.statement(&self.db))
            .await?
            .context("counting submissions")
            .map_err(OraError::Backend)?;
        let active: i64 = row.try_get("", "active")?;
        let ungraded: i64 = row.try_get("", "ungraded")?;
        Ok((active.max(0) as u64, ungraded.max(0) as u64))
    }

    async fn cancel(&self, id: i64, by: i64, reason: &str, now: DateTime<Utc>) -> OraResult<bool> {
        let mut sql = Sql::default();
        sql.push("UPDATE ora_submissions SET status = ")
            .bind(CANCELLED)
            .push(", cancelled_by = ")
            .bind(by)
            .push(", cancel_reason = ")
            .bind(reason)
            .push(", cancelled_at = ")
            .bind(now)
            .push(
                ", peer_locked_by = NULL, peer_locked_until = NULL, \
                 staff_locked_by = NULL, staff_locked_until = NULL WHERE id = ",
            )
            .bind(id)
            .push(" AND status = ")
            .bind(ACTIVE);
        let changed = self
            .db
            .execute(sql.statement(&self.db))
            .await?
            .rows_affected();
        if changed == 0 && self.submission_model(id).await?.is_none() {
            return Err(OraError::NotFound("submission"));
        }
        Ok(changed == 1)
    }

    async fn next_for_peer(
        &self,
        item_id: &str,
        scorer_id: i64,
        must_be_graded_by: i64,
        now: DateTime<Utc>,
        lock_until: DateTime<Utc>,
    ) -> OraResult<Option<SubmissionRecord>> {
        let not_assessed_by_scorer = |sql: &mut Sql| {
            sql.push(
                " AND NOT EXISTS (SELECT 1 FROM ora_assessments a WHERE a.submission_id = s.id \
                 AND a.kind = 'peer' AND a.scorer_id = ",
            )
            .bind(scorer_id)
            .push(")");
        };
        // The one this grader already holds, renewed.
        let mut held = Sql::default();
        held.push("SELECT s.* FROM ora_submissions s WHERE s.item_id = ")
            .bind(item_id)
            .push(" AND s.status = ")
            .bind(ACTIVE)
            .push(" AND s.peer_locked_by = ")
            .bind(scorer_id)
            .push(" AND s.peer_locked_until > ")
            .bind(now);
        not_assessed_by_scorer(&mut held);
        held.push(" ORDER BY s.id LIMIT 1");
        let mut skipped: Vec<i64> = Vec::new();
        if let Some(m) = submissions::Entity::find()
            .from_raw_sql(held.statement(&self.db))
            .one(&self.db)
            .await?
        {
            skipped.push(m.id);
        }
        for attempt in 0..PICK_ATTEMPTS {
            let candidate = if attempt == 0 && !skipped.is_empty() {
                skipped[0]
            } else {
                let mut pick = Sql::default();
                pick.push("SELECT s.* FROM ora_submissions s WHERE s.item_id = ")
                    .bind(item_id)
                    .push(" AND s.status = ")
                    .bind(ACTIVE)
                    .push(" AND s.learner_id <> ")
                    .bind(scorer_id)
                    .push(" AND (s.peer_locked_by IS NULL OR s.peer_locked_until <= ")
                    .bind(now)
                    .push(")");
                not_assessed_by_scorer(&mut pick);
                for id in &skipped {
                    pick.push(" AND s.id <> ").bind(*id);
                }
                pick.push(" ORDER BY CASE WHEN s.peer_count >= ")
                    .bind(must_be_graded_by)
                    .push(" THEN 1 ELSE 0 END, s.peer_count, s.submitted_at, s.id LIMIT 1");
                match submissions::Entity::find()
                    .from_raw_sql(pick.statement(&self.db))
                    .one(&self.db)
                    .await?
                {
                    Some(m) => m.id,
                    None => return Ok(None),
                }
            };
            // Take it unless someone else took it meanwhile.
            if self
                .take_lock(Lock::Peer, candidate, scorer_id, now, lock_until)
                .await?
            {
                return self.submission(candidate).await;
            }
            if !skipped.contains(&candidate) {
                skipped.push(candidate);
            }
        }
        Ok(None)
    }

    async fn lock_for_staff(
        &self,
        submission_id: i64,
        staff_id: i64,
        now: DateTime<Utc>,
        lock_until: DateTime<Utc>,
    ) -> OraResult<Option<i64>> {
        if self
            .take_lock(Lock::Staff, submission_id, staff_id, now, lock_until)
            .await?
        {
            return Ok(None);
        }
        match self.submission_model(submission_id).await? {
            None => Err(OraError::NotFound("submission")),
            Some(m) if m.status != ACTIVE => Err(OraError::NotActive),
            Some(m) => Ok(Some(m.staff_locked_by.unwrap_or_default())),
        }
    }

    async fn release_staff_lock(&self, submission_id: i64, staff_id: i64) -> OraResult<bool> {
        let mut sql = Sql::default();
        sql.push(
            "UPDATE ora_submissions SET staff_locked_by = NULL, staff_locked_until = NULL \
             WHERE id = ",
        )
        .bind(submission_id)
        .push(" AND staff_locked_by = ")
        .bind(staff_id);
        Ok(self
            .db
            .execute(sql.statement(&self.db))
            .await?
            .rows_affected()
            == 1)
    }

    async fn assess(&self, new: NewAssessment, now: DateTime<Utc>) -> OraResult<AssessmentRecord> {
        let txn = self.db.begin().await?;
        // The submission's row lock first; the grader's locks go with the
        // assessment (old values on the right-hand side, in both engines).
        let mut lock = Sql::default();
        lock.push("UPDATE ora_submissions SET peer_count = peer_count + ")
            .bind(i64::from(new.kind == AssessmentKind::Peer))
            .push(", peer_locked_until = CASE WHEN peer_locked_by = ")
            .bind(new.scorer_id)
            .push(" THEN NULL ELSE peer_locked_until END, peer_locked_by = CASE WHEN peer_locked_by = ")
            .bind(new.scorer_id)
            .push(" THEN NULL ELSE peer_locked_by END, staff_locked_until = CASE WHEN staff_locked_by = ")
            .bind(new.scorer_id)
            .push(" THEN NULL ELSE staff_locked_until END, staff_locked_by = CASE WHEN staff_locked_by = ")
            .bind(new.scorer_id)
            .push(" THEN NULL ELSE staff_locked_by END WHERE id = ")
            .bind(new.submission_id)
            .push(" AND status = ")
            .bind(ACTIVE);
        if txn.execute(lock.statement(&txn)).await?.rows_affected() == 0 {
            drop(txn);
            return Err(self.not_active(new.submission_id).await);
        }
        if new.kind != AssessmentKind::Staff {
            let mut earlier = assessments::Entity::find()
                .filter(assessments::Column::SubmissionId.eq(new.submission_id))
                .filter(assessments::Column::ScorerId.eq(new.scorer_id))
                .filter(assessments::Column::Kind.eq(new.kind.as_str()));
            if new.kind == AssessmentKind::Training {
                // One per example; the feedback names the example.
                earlier = earlier.filter(assessments::Column::Feedback.eq(new.feedback.as_str()));
            }
            let earlier = earlier.count(&txn).await?;
            if earlier > 0 {
                return Err(OraError::AlreadyAssessed);
            }
        }
        let parts = serde_json::to_string(&new.parts)
            .context("writing rubric parts")
            .map_err(OraError::Backend)?;
        let inserted = assessments::Entity::insert(assessments::ActiveModel {
            submission_id: Set(new.submission_id),
            scorer_id: Set(new.scorer_id),
            kind: Set(new.kind.as_str().to_string()),
            parts: Set(parts),
            feedback: Set(new.feedback.clone()),
            points_earned: Set(new.points_earned),
            points_possible: Set(new.points_possible),
            created_at: Set(now),
            ..Default::default()
        })
        .exec(&txn)
        .await?;
        let model = assessments::Entity::find_by_id(inserted.last_insert_id)
            .one(&txn)
            .await?
            .ok_or(OraError::NotFound("assessment"))?;
        txn.commit().await?;
        assessment_record(model)
    }

    async fn assessments_of(&self, submission_id: i64) -> OraResult<Vec<AssessmentRecord>> {
        assessments::Entity::find()
            .filter(assessments::Column::SubmissionId.eq(submission_id))
            .order_by_asc(assessments::Column::CreatedAt)
            .order_by_asc(assessments::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(assessment_record)
            .collect()
    }

    async fn assessments_of_many(&self, ids: &[i64]) -> OraResult<Vec<AssessmentRecord>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        assessments::Entity::find()
            .filter(assessments::Column::SubmissionId.is_in(ids.iter().copied()))
            .order_by_asc(assessments::Column::CreatedAt)
            .order_by_asc(assessments::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(assessment_record)
            .collect()
    }

    async fn peer_counts_by(
        &self,
        item_id: &str,
        scorer_ids: &[i64],
    ) -> OraResult<std::collections::HashMap<i64, u64>> {
        let mut out = std::collections::HashMap::new();
        if scorer_ids.is_empty() {
            return Ok(out);
        }
        let mut sql = Sql::default();
        sql.push(
            "SELECT a.scorer_id AS scorer, COUNT(*) AS n FROM ora_assessments a \
             JOIN ora_submissions s ON s.id = a.submission_id WHERE s.item_id = ",
        )
        .bind(item_id)
        .push(" AND a.kind = ")
        .bind(AssessmentKind::Peer.as_str())
        .push(" AND a.scorer_id IN (");
        for (i, id) in scorer_ids.iter().enumerate() {
            if i > 0 {
                sql.push(", ");
            }
            sql.bind(*id);
        }
        sql.push(") GROUP BY a.scorer_id");
        for row in self.db.query_all(sql.statement(&self.db)).await? {
            let scorer: i64 = row.try_get("", "scorer")?;
            let n: i64 = row.try_get("", "n")?;
            out.insert(scorer, n.max(0) as u64);
        }
        Ok(out)
    }

    async fn assessments_by(
        &self,
        item_id: &str,
        scorer_id: i64,
        kind: AssessmentKind,
    ) -> OraResult<Vec<AssessmentRecord>> {
        let mut sql = Sql::default();
        sql.push(
            "SELECT a.* FROM ora_assessments a JOIN ora_submissions s ON s.id = a.submission_id \
             WHERE s.item_id = ",
        )
        .bind(item_id)
        .push(" AND a.scorer_id = ")
        .bind(scorer_id)
        .push(" AND a.kind = ")
        .bind(kind.as_str())
        .push(" ORDER BY a.created_at, a.id");
        assessments::Entity::find()
            .from_raw_sql(sql.statement(&self.db))
            .all(&self.db)
            .await?
            .into_iter()
            .map(assessment_record)
            .collect()
    }
}
