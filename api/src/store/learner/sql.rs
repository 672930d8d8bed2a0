//! [`LearnerStore`] on SQLite or PostgreSQL through sea-orm.

use std::collections::HashMap;
use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait,
    QueryFilter, QueryOrder, Set, SqlErr, TransactionTrait,
};
use serde_json::Value;
use tokio::sync::{Mutex, MutexGuard};

use super::{
    AttemptRecord, LearnerStore, ProblemStateRecord, SubmissionOutcome, SubmissionWrite,
    SubsectionGradeRecord, SubsectionScope,
};
use crate::store::{StoreError, StoreResult};

/// The sea-orm entities of the learner tables.
pub mod entity {
    /// `learner_completions`.
    pub mod completions {
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
        #[sea_orm(table_name = "learner_completions")]
        pub struct Model {
            #[sea_orm(primary_key)]
            pub id: i64,
            pub user_id: i64,
            pub course_key: String,
            pub block_key: String,
            pub completion: f64,
            pub updated_at: ChronoDateTimeUtc,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }

    /// `learner_visits`: the last unit opened per course.
    pub mod visits {
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
        #[sea_orm(table_name = "learner_visits")]
        pub struct Model {
            #[sea_orm(primary_key)]
            pub id: i64,
            pub user_id: i64,
            pub course_key: String,
            pub block_key: String,
            pub updated_at: ChronoDateTimeUtc,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }

    /// `problem_states`.
    pub mod states {
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
        #[sea_orm(table_name = "problem_states")]
        pub struct Model {
            #[sea_orm(primary_key)]
            pub id: i64,
            pub user_id: i64,
            pub course_key: String,
            pub block_key: String,
            #[sea_orm(column_type = "Text")]
            pub answers: String,
            #[sea_orm(column_type = "Text")]
            pub feedback: String,
            pub earned: Option<f64>,
            pub possible: f64,
            pub attempts: i32,
            pub seed: i64,
            pub last_submitted_at: Option<ChronoDateTimeUtc>,
            pub created_at: ChronoDateTimeUtc,
            pub updated_at: ChronoDateTimeUtc,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }

    /// `problem_attempts`: every submission.
    pub mod attempts {
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
        #[sea_orm(table_name = "problem_attempts")]
        pub struct Model {
            #[sea_orm(primary_key)]
            pub id: i64,
            pub user_id: i64,
            pub course_key: String,
            pub block_key: String,
            pub attempt: i32,
            #[sea_orm(column_type = "Text")]
            pub answers: String,
            pub correctness: String,
            pub earned: f64,
            pub possible: f64,
            pub created_at: ChronoDateTimeUtc,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }

    /// `subsection_grades`.
    pub mod grades {
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
        #[sea_orm(table_name = "subsection_grades")]
        pub struct Model {
            #[sea_orm(primary_key)]
            pub id: i64,
            pub user_id: i64,
            pub course_key: String,
            pub block_key: String,
            pub earned: f64,
            pub possible: f64,
            pub updated_at: ChronoDateTimeUtc,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }
}

use entity::{attempts, completions, grades, states, visits};

/// Learner state in the relational database.
#[derive(Clone)]
pub struct SqlLearnerStore {
    db: DatabaseConnection,
    /// On SQLite, this store's writes take turns here: SQLite has one
    /// writer at a time, and a writer that finds the database locked
    /// sleeps in growing steps, so under load a queue in memory answers
    /// far sooner (and in order) than the busy timeout. None on
    /// PostgreSQL, which locks rows.
    writes: Option<Arc<Mutex<()>>>,
}

impl SqlLearnerStore {
    pub fn new(db: DatabaseConnection) -> Self {
        let writes =
            (db.get_database_backend() == DbBackend::Sqlite).then(|| Arc::new(Mutex::new(())));
        Self { db, writes }
    }

    /// Waits for this store's turn to write (SQLite only).
    async fn write_turn(&self) -> Option<MutexGuard<'_, ()>> {
        match &self.writes {
            Some(lock) => Some(lock.lock().await),
            None => None,
        }
    }
}

fn json_of(text: &str) -> StoreResult<Value> {
    serde_json::from_str(text).map_err(|e| StoreError::Backend(anyhow::anyhow!("stored JSON: {e}")))
}

fn state_record(m: states::Model) -> StoreResult<ProblemStateRecord> {
    Ok(ProblemStateRecord {
        answers: json_of(&m.answers)?,
        feedback: json_of(&m.feedback)?,
        block_key: m.block_key,
        earned: m.earned,
        possible: m.possible,
        attempts: m.attempts.max(0) as u32,
        seed: m.seed as u64,
        last_submitted_at: m.last_submitted_at,
        updated_at: m.updated_at,
    })
}

/// A new problem-state row.
fn state_model(user_id: i64, course_key: &str, s: &ProblemStateRecord) -> states::ActiveModel {
    states::ActiveModel {
        user_id: Set(user_id),
        course_key: Set(course_key.to_string()),
        block_key: Set(s.block_key.clone()),
        answers: Set(s.answers.to_string()),
        feedback: Set(s.feedback.to_string()),
        earned: Set(s.earned),
        possible: Set(s.possible),
        attempts: Set(s.attempts as i32),
        seed: Set(s.seed as i64),
        last_submitted_at: Set(s.last_submitted_at),
        created_at: Set(s.updated_at),
        updated_at: Set(s.updated_at),
        ..Default::default()
    }
}

/// Writes subsection grades, one statement for all of them.
async fn upsert_grades(
    db: &impl ConnectionTrait,
    course_key: &str,
    rows: &[(i64, SubsectionGradeRecord)],
) -> StoreResult<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let models = rows.iter().map(|(user_id, g)| grades::ActiveModel {
        user_id: Set(*user_id),
        course_key: Set(course_key.to_string()),
        block_key: Set(g.block_key.clone()),
        earned: Set(g.earned),
        possible: Set(g.possible),
        updated_at: Set(g.updated_at),
        ..Default::default()
    });
    grades::Entity::insert_many(models)
        .on_conflict(
            OnConflict::columns([
                grades::Column::UserId,
                grades::Column::CourseKey,
                grades::Column::BlockKey,
            ])
            .update_columns([
                grades::Column::Earned,
                grades::Column::Possible,
                grades::Column::UpdatedAt,
            ])
            .to_owned(),
        )
        .exec(db)
        .await?;
    Ok(())
}

async fn find_state(
    db: &impl ConnectionTrait,
    user_id: i64,
    course_key: &str,
    block_key: &str,
) -> StoreResult<Option<states::Model>> {
    Ok(states::Entity::find()
        .filter(states::Column::UserId.eq(user_id))
        .filter(states::Column::CourseKey.eq(course_key))
        .filter(states::Column::BlockKey.eq(block_key))
        .one(db)
        .await?)
}

/// Completion never goes down: the larger of the stored and the new value.
async fn upsert_completions(
    db: &impl ConnectionTrait,
    user_id: i64,
    course_key: &str,
    items: &[(String, f64)],
    now: DateTime<Utc>,
) -> StoreResult<()> {
    if items.is_empty() {
        return Ok(());
    }
    // One row per block (PostgreSQL refuses to upsert a key twice in one
    // statement): the largest value reported for it.
    let mut best: HashMap<&str, f64> = HashMap::new();
    for (block, value) in items {
        let entry = best.entry(block.as_str()).or_insert(*value);
        *entry = entry.max(*value);
    }
    let rows = best
        .into_iter()
        .map(|(block, value)| completions::ActiveModel {
            user_id: Set(user_id),
            course_key: Set(course_key.to_string()),
            block_key: Set(block.to_string()),
            completion: Set(value.clamp(0.0, 1.0)),
            updated_at: Set(now),
            ..Default::default()
        });
    completions::Entity::insert_many(rows)
        .on_conflict(
            OnConflict::columns([
                completions::Column::UserId,
                completions::Column::CourseKey,
                completions::Column::BlockKey,
            ])
            .value(
                completions::Column::Completion,
                Expr::cust(
                    "CASE WHEN excluded.completion > learner_completions.completion \
                     THEN excluded.completion ELSE learner_completions.completion END",
                ),
            )
            .update_column(completions::Column::UpdatedAt)
            .to_owned(),
        )
        .exec(db)
        .await?;
    Ok(())
}

/// Takes the subsection's grade row (creating it, else touching it: one
/// statement either way) before anything else in the transaction, so
/// submissions to problems of one subsection run one after the other and
/// each sums what the previous ones committed.
async fn lock_subsection(
    db: &impl ConnectionTrait,
    user_id: i64,
    course_key: &str,
    scope: &SubsectionScope,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    grades::Entity::insert(grades::ActiveModel {
        user_id: Set(user_id),
        course_key: Set(course_key.to_string()),
        block_key: Set(scope.block_key.clone()),
        earned: Set(0.0),
        possible: Set(scope.problems.iter().map(|(_, p)| p).sum()),
        updated_at: Set(now),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([
            grades::Column::UserId,
            grades::Column::CourseKey,
            grades::Column::BlockKey,
        ])
        .update_column(grades::Column::UpdatedAt)
        .to_owned(),
    )
    .exec(db)
    .await?;
    Ok(())
}

/// Sums the subsection's stored problem scores into its grade row.
async fn regrade_subsection(
    db: &impl ConnectionTrait,
    user_id: i64,
    course_key: &str,
    scope: &SubsectionScope,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let keys: Vec<&str> = scope.problems.iter().map(|(k, _)| k.as_str()).collect();
    let earned_by_block: HashMap<String, f64> = if keys.is_empty() {
        HashMap::new()
    } else {
        states::Entity::find()
            .filter(states::Column::UserId.eq(user_id))
            .filter(states::Column::CourseKey.eq(course_key))
            .filter(states::Column::BlockKey.is_in(keys))
            .all(db)
            .await?
            .into_iter()
            .map(|s| (s.block_key, s.earned.unwrap_or(0.0)))
            .collect()
    };
    let earned: f64 = scope
        .problems
        .iter()
        .map(|(k, _)| earned_by_block.get(k).copied().unwrap_or(0.0))
        .sum();
    let possible: f64 = scope.problems.iter().map(|(_, p)| p).sum();
    upsert_grades(
        db,
        course_key,
        &[(
            user_id,
            SubsectionGradeRecord {
                block_key: scope.block_key.clone(),
                earned,
                possible,
                updated_at: now,
            },
        )],
    )
    .await?;
    Ok(())
}

#[async_trait]
impl LearnerStore for SqlLearnerStore {
    async fn completions(
        &self,
        user_id: i64,
        course_key: &str,
    ) -> StoreResult<HashMap<String, f64>> {
        Ok(completions::Entity::find()
            .filter(completions::Column::UserId.eq(user_id))
            .filter(completions::Column::CourseKey.eq(course_key))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|c| (c.block_key, c.completion))
            .collect())
    }

    async fn scores_and_completions(
        &self,
        user_id: i64,
        course_key: &str,
    ) -> StoreResult<(HashMap<String, f64>, HashMap<String, f64>)> {
        use sea_orm::sea_query::{Alias, Query, UnionType};
        // Rows of (kind, block, value): kind 0 a score, 1 a completion.
        let mut query = Query::select()
            .expr_as(Expr::val(0i32), Alias::new("kind"))
            .expr_as(Expr::col(states::Column::BlockKey), Alias::new("block_key"))
            .expr_as(Expr::col(states::Column::Earned), Alias::new("value"))
            .from(states::Entity)
            .and_where(states::Column::UserId.eq(user_id))
            .and_where(states::Column::CourseKey.eq(course_key))
            .and_where(states::Column::Earned.is_not_null())
            .to_owned();
        query.union(
            UnionType::All,
            Query::select()
                .expr(Expr::val(1i32))
                .expr(Expr::col(completions::Column::BlockKey))
                .expr(Expr::col(completions::Column::Completion))
                .from(completions::Entity)
                .and_where(completions::Column::UserId.eq(user_id))
                .and_where(completions::Column::CourseKey.eq(course_key))
                .to_owned(),
        );
        let backend = self.db.get_database_backend();
        let mut scores = HashMap::new();
        let mut done = HashMap::new();
        for row in self.db.query_all(backend.build(&query)).await? {
            let kind: i32 = row.try_get("", "kind")?;
            let block: String = row.try_get("", "block_key")?;
            let value: f64 = row.try_get("", "value")?;
            if kind == 0 {
                scores.insert(block, value);
            } else {
                done.insert(block, value);
            }
        }
        Ok((scores, done))
    }

    async fn completions_in(
        &self,
        user_id: i64,
        course_keys: &[String],
    ) -> StoreResult<HashMap<String, HashMap<String, f64>>> {
        let mut out: HashMap<String, HashMap<String, f64>> = HashMap::new();
        if course_keys.is_empty() {
            return Ok(out);
        }
        for c in completions::Entity::find()
            .filter(completions::Column::UserId.eq(user_id))
            .filter(completions::Column::CourseKey.is_in(course_keys.iter().map(String::as_str)))
            .all(&self.db)
            .await?
        {
            out.entry(c.course_key)
                .or_default()
                .insert(c.block_key, c.completion);
        }
        Ok(out)
    }

    async fn visits_of(&self, user_id: i64) -> StoreResult<HashMap<String, String>> {
        Ok(visits::Entity::find()
            .filter(visits::Column::UserId.eq(user_id))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|v| (v.course_key, v.block_key))
            .collect())
    }

    async fn record_completions(
        &self,
        user_id: i64,
        course_key: &str,
        items: &[(String, f64)],
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let _turn = self.write_turn().await;
        upsert_completions(&self.db, user_id, course_key, items, now).await
    }

    async fn last_visited(&self, user_id: i64, course_key: &str) -> StoreResult<Option<String>> {
        Ok(visits::Entity::find()
            .filter(visits::Column::UserId.eq(user_id))
            .filter(visits::Column::CourseKey.eq(course_key))
            .one(&self.db)
            .await?
            .map(|v| v.block_key))
    }

    async fn record_visit(
        &self,
        user_id: i64,
        course_key: &str,
        block_key: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let _turn = self.write_turn().await;
        visits::Entity::insert(visits::ActiveModel {
            user_id: Set(user_id),
            course_key: Set(course_key.to_string()),
            block_key: Set(block_key.to_string()),
            updated_at: Set(now),
            ..Default::default()
        })
        .on_conflict(
            OnConflict::columns([visits::Column::UserId, visits::Column::CourseKey])
                .update_columns([visits::Column::BlockKey, visits::Column::UpdatedAt])
                .to_owned(),
        )
        .exec(&self.db)
        .await?;
        Ok(())
    }

    async fn problem_state(
        &self,
        user_id: i64,
        course_key: &str,
        block_key: &str,
    ) -> StoreResult<Option<ProblemStateRecord>> {
        find_state(&self.db, user_id, course_key, block_key)
            .await?
            .map(state_record)
            .transpose()
    }

    async fn problem_states(
        &self,
        user_id: i64,
        course_key: &str,
    ) -> StoreResult<Vec<ProblemStateRecord>> {
        states::Entity::find()
            .filter(states::Column::UserId.eq(user_id))
            .filter(states::Column::CourseKey.eq(course_key))
            .all(&self.db)
            .await?
            .into_iter()
            .map(state_record)
            .collect()
    }

    async fn ensure_problem_state(
        &self,
        user_id: i64,
        course_key: &str,
        state: ProblemStateRecord,
    ) -> StoreResult<ProblemStateRecord> {
        let _turn = self.write_turn().await;
        let inserted = state_model(user_id, course_key, &state)
            .insert(&self.db)
            .await;
        match inserted {
            Ok(m) => state_record(m),
            Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
                find_state(&self.db, user_id, course_key, &state.block_key)
                    .await?
                    .map(state_record)
                    .transpose()?
                    .ok_or_else(|| StoreError::Backend(anyhow::anyhow!("problem state vanished")))
            }
            Err(e) => Err(e.into()),
        }
    }

    async fn record_submission(&self, w: SubmissionWrite) -> StoreResult<SubmissionOutcome> {
        let s = &w.state;
        let now = s.updated_at;
        let _turn = self.write_turn().await;
        let txn = self.db.begin().await?;
        if let Some(scope) = &w.subsection {
            lock_subsection(&txn, w.user_id, &w.course_key, scope, now).await?;
        }
        let stored = match w.expected_attempts {
            Some(expected) => {
                states::Entity::update_many()
                    .col_expr(states::Column::Answers, Expr::value(s.answers.to_string()))
                    .col_expr(
                        states::Column::Feedback,
                        Expr::value(s.feedback.to_string()),
                    )
                    .col_expr(states::Column::Earned, Expr::value(s.earned))
                    .col_expr(states::Column::Possible, Expr::value(s.possible))
                    .col_expr(states::Column::Attempts, Expr::value(s.attempts as i32))
                    .col_expr(
                        states::Column::LastSubmittedAt,
                        Expr::value(s.last_submitted_at),
                    )
                    .col_expr(states::Column::UpdatedAt, Expr::value(now))
                    .filter(states::Column::UserId.eq(w.user_id))
                    .filter(states::Column::CourseKey.eq(w.course_key.as_str()))
                    .filter(states::Column::BlockKey.eq(s.block_key.as_str()))
                    .filter(states::Column::Attempts.eq(expected as i32))
                    .exec(&txn)
                    .await?
                    .rows_affected
                    == 1
            }
            None => {
                let inserted = state_model(w.user_id, &w.course_key, s).insert(&txn).await;
                match inserted {
                    Ok(_) => true,
                    Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
                        false
                    }
                    Err(e) => return Err(e.into()),
                }
            }
        };
        if !stored {
            txn.rollback().await?;
            return Ok(SubmissionOutcome::Conflict);
        }
        attempts::ActiveModel {
            user_id: Set(w.user_id),
            course_key: Set(w.course_key.clone()),
            block_key: Set(s.block_key.clone()),
            attempt: Set(s.attempts as i32),
            answers: Set(s.answers.to_string()),
            correctness: Set(w.correctness.clone()),
            earned: Set(s.earned.unwrap_or(0.0)),
            possible: Set(s.possible),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        upsert_completions(
            &txn,
            w.user_id,
            &w.course_key,
            &[(s.block_key.clone(), 1.0)],
            now,
        )
        .await?;
        if let Some(scope) = &w.subsection {
            regrade_subsection(&txn, w.user_id, &w.course_key, scope, now).await?;
        }
        txn.commit().await?;
        Ok(SubmissionOutcome::Stored)
    }

    async fn reset_problem(
        &self,
        user_id: i64,
        course_key: &str,
        block_key: &str,
        seed: u64,
        subsection: Option<SubsectionScope>,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<ProblemStateRecord>> {
        let _turn = self.write_turn().await;
        let txn = self.db.begin().await?;
        if let Some(scope) = &subsection {
            lock_subsection(&txn, user_id, course_key, scope, now).await?;
        }
        let updated = states::Entity::update_many()
            .col_expr(states::Column::Answers, Expr::value("{}"))
            .col_expr(states::Column::Feedback, Expr::value("{}"))
            .col_expr(states::Column::Earned, Expr::value(Option::<f64>::None))
            .col_expr(states::Column::Seed, Expr::value(seed as i64))
            .col_expr(states::Column::UpdatedAt, Expr::value(now))
            .filter(states::Column::UserId.eq(user_id))
            .filter(states::Column::CourseKey.eq(course_key))
            .filter(states::Column::BlockKey.eq(block_key))
            .exec(&txn)
            .await?;
        if updated.rows_affected == 0 {
            txn.rollback().await?;
            return Ok(None);
        }
        if let Some(scope) = &subsection {
            regrade_subsection(&txn, user_id, course_key, scope, now).await?;
        }
        let state = find_state(&txn, user_id, course_key, block_key).await?;
        txn.commit().await?;
        state.map(state_record).transpose()
    }

    async fn attempts(
        &self,
        user_id: i64,
        course_key: &str,
        block_key: &str,
    ) -> StoreResult<Vec<AttemptRecord>> {
        attempts::Entity::find()
            .filter(attempts::Column::UserId.eq(user_id))
            .filter(attempts::Column::CourseKey.eq(course_key))
            .filter(attempts::Column::BlockKey.eq(block_key))
            .order_by_asc(attempts::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|a| {
                Ok(AttemptRecord {
                    attempt: a.attempt.max(0) as u32,
                    answers: json_of(&a.answers)?,
                    correctness: a.correctness,
                    earned: a.earned,
                    possible: a.possible,
                    created_at: a.created_at,
                })
            })
            .collect()
    }

    async fn subsection_grades(
        &self,
        user_id: i64,
        course_key: &str,
    ) -> StoreResult<Vec<SubsectionGradeRecord>> {
        Ok(grades::Entity::find()
            .filter(grades::Column::UserId.eq(user_id))
            .filter(grades::Column::CourseKey.eq(course_key))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|g| SubsectionGradeRecord {
                block_key: g.block_key,
                earned: g.earned,
                possible: g.possible,
                updated_at: g.updated_at,
            })
            .collect())
    }

    async fn states_of_learners(
        &self,
        course_key: &str,
        user_ids: &[i64],
    ) -> StoreResult<Vec<(i64, ProblemStateRecord)>> {
        if user_ids.is_empty() {
            return Ok(Vec::new());
        }
        states::Entity::find()
            .filter(states::Column::CourseKey.eq(course_key))
            .filter(states::Column::UserId.is_in(user_ids.iter().copied()))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|m| Ok((m.user_id, state_record(m)?)))
            .collect()
    }

    async fn apply_regrade(
        &self,
        course_key: &str,
        states_in: &[(i64, ProblemStateRecord)],
        grades_in: &[(i64, SubsectionGradeRecord)],
    ) -> StoreResult<()> {
        let _turn = self.write_turn().await;
        let txn = self.db.begin().await?;
        if !states_in.is_empty() {
            let rows = states_in
                .iter()
                .map(|(user_id, s)| state_model(*user_id, course_key, s));
            states::Entity::insert_many(rows)
                .on_conflict(
                    OnConflict::columns([
                        states::Column::UserId,
                        states::Column::CourseKey,
                        states::Column::BlockKey,
                    ])
                    .update_columns([
                        states::Column::Feedback,
                        states::Column::Earned,
                        states::Column::Possible,
                        states::Column::UpdatedAt,
                    ])
                    .to_owned(),
                )
                .exec(&txn)
                .await?;
        }
        upsert_grades(&txn, course_key, grades_in).await?;
        txn.commit().await?;
        Ok(())
    }
}
