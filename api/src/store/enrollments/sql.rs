//! [`EnrollmentStore`] on SQLite or PostgreSQL through sea-orm.
//!
//! `enrollments` (one row per learner and course run), `enrollment_history`
//! (every change) and `enrollment_counts` (the active count per course,
//! the row that makes the cap check atomic). Each change runs in one
//! transaction that touches the count row first, so SQLite takes its write
//! lock before reading and PostgreSQL serializes on the row.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};

use super::{
    EnrollOutcome, EnrollmentChange, EnrollmentMode, EnrollmentRecord, EnrollmentStore, Membership,
    Seat,
};
use crate::store::{StoreError, StoreResult};

/// The sea-orm entities of the enrollment tables.
pub mod entity {
    /// `enrollments`.
    pub mod enrollments {
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
        #[sea_orm(table_name = "enrollments")]
        pub struct Model {
            #[sea_orm(primary_key)]
            pub id: i64,
            pub user_id: i64,
            pub course_key: String,
            pub mode: String,
            pub is_active: bool,
            /// Takes one of the course's seats (learners, not staff).
            pub seat: bool,
            pub created_at: ChronoDateTimeUtc,
            pub updated_at: ChronoDateTimeUtc,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }

    /// `enrollment_history`.
    pub mod history {
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
        #[sea_orm(table_name = "enrollment_history")]
        pub struct Model {
            #[sea_orm(primary_key)]
            pub id: i64,
            pub user_id: i64,
            pub course_key: String,
            pub mode: String,
            pub is_active: bool,
            pub actor_id: Option<i64>,
            pub created_at: ChronoDateTimeUtc,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }

    /// `enrollment_counts`.
    pub mod counts {
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
        #[sea_orm(table_name = "enrollment_counts")]
        pub struct Model {
            #[sea_orm(primary_key, auto_increment = false)]
            pub course_key: String,
            pub active: i64,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }
}

use entity::{counts, enrollments, history};

/// Enrollments in the relational database.
#[derive(Clone)]
pub struct SqlEnrollmentStore {
    db: DatabaseConnection,
}

impl SqlEnrollmentStore {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

fn mode_text(mode: EnrollmentMode) -> &'static str {
    match mode {
        EnrollmentMode::Audit => "audit",
        EnrollmentMode::Verified => "verified",
    }
}

fn mode_of(text: &str) -> StoreResult<EnrollmentMode> {
    match text {
        "audit" => Ok(EnrollmentMode::Audit),
        "verified" => Ok(EnrollmentMode::Verified),
        other => Err(StoreError::Backend(anyhow::anyhow!(
            "unknown enrollment mode {other}"
        ))),
    }
}

fn record(m: enrollments::Model) -> StoreResult<EnrollmentRecord> {
    Ok(EnrollmentRecord {
        mode: mode_of(&m.mode)?,
        user_id: m.user_id,
        course_key: m.course_key,
        is_active: m.is_active,
        created_at: m.created_at,
        updated_at: m.updated_at,
    })
}

/// Makes sure the course has a count row (a no-op when it has one).
async fn ensure_count_row(db: &impl ConnectionTrait, course_key: &str) -> StoreResult<()> {
    counts::Entity::insert(counts::ActiveModel {
        course_key: Set(course_key.to_string()),
        active: Set(0),
    })
    .on_conflict(
        OnConflict::column(counts::Column::CourseKey)
            .do_nothing()
            .to_owned(),
    )
    .do_nothing()
    .exec(db)
    .await?;
    Ok(())
}

/// Changes the active count by `delta`; with a cap, only while below it.
/// False when the cap stopped it.
async fn change_count(
    db: &impl ConnectionTrait,
    course_key: &str,
    delta: i64,
    cap: Option<u32>,
) -> StoreResult<bool> {
    let mut update = counts::Entity::update_many()
        .col_expr(
            counts::Column::Active,
            Expr::col(counts::Column::Active).add(delta),
        )
        .filter(counts::Column::CourseKey.eq(course_key));
    if let Some(cap) = cap {
        update = update.filter(counts::Column::Active.lt(i64::from(cap)));
    }
    Ok(update.exec(db).await?.rows_affected == 1)
}

async fn log_change(
    db: &impl ConnectionTrait,
    e: &enrollments::Model,
    actor_id: Option<i64>,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    history::ActiveModel {
        user_id: Set(e.user_id),
        course_key: Set(e.course_key.clone()),
        mode: Set(e.mode.clone()),
        is_active: Set(e.is_active),
        actor_id: Set(actor_id),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

async fn find(
    db: &impl ConnectionTrait,
    user_id: i64,
    course_key: &str,
) -> StoreResult<Option<enrollments::Model>> {
    Ok(enrollments::Entity::find()
        .filter(enrollments::Column::UserId.eq(user_id))
        .filter(enrollments::Column::CourseKey.eq(course_key))
        .one(db)
        .await?)
}

#[async_trait]
impl EnrollmentStore for SqlEnrollmentStore {
    async fn enroll(
        &self,
        user_id: i64,
        course_key: &str,
        mode: EnrollmentMode,
        seat: Seat,
        actor_id: Option<i64>,
        now: DateTime<Utc>,
    ) -> StoreResult<EnrollOutcome> {
        ensure_count_row(&self.db, course_key).await?;
        let txn = self.db.begin().await?;
        // The count row first: it is the lock.
        let (delta, cap) = match seat {
            Seat::Learner { cap } => (1, cap),
            Seat::Staff => (0, None),
        };
        if !change_count(&txn, course_key, delta, cap).await? {
            txn.rollback().await?;
            // Full, unless this learner already holds a seat.
            return Ok(match find(&self.db, user_id, course_key).await? {
                Some(e) if e.is_active => EnrollOutcome::AlreadyEnrolled(record(e)?),
                _ => EnrollOutcome::Full,
            });
        }
        let existing = find(&txn, user_id, course_key).await?;
        let saved = match existing {
            Some(e) if e.is_active => {
                txn.rollback().await?;
                return Ok(EnrollOutcome::AlreadyEnrolled(record(e)?));
            }
            Some(e) => {
                let mut active: enrollments::ActiveModel = e.into();
                active.is_active = Set(true);
                active.seat = Set(delta == 1);
                active.mode = Set(mode_text(mode).into());
                active.updated_at = Set(now);
                active.update(&txn).await?
            }
            None => {
                enrollments::ActiveModel {
                    user_id: Set(user_id),
                    course_key: Set(course_key.to_string()),
                    mode: Set(mode_text(mode).into()),
                    is_active: Set(true),
                    seat: Set(delta == 1),
                    created_at: Set(now),
                    updated_at: Set(now),
                    ..Default::default()
                }
                .insert(&txn)
                .await?
            }
        };
        log_change(&txn, &saved, actor_id, now).await?;
        txn.commit().await?;
        Ok(EnrollOutcome::Enrolled(record(saved)?))
    }

    async fn unenroll(
        &self,
        user_id: i64,
        course_key: &str,
        actor_id: Option<i64>,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        ensure_count_row(&self.db, course_key).await?;
        let txn = self.db.begin().await?;
        change_count(&txn, course_key, 0, None).await?;
        let Some(e) = find(&txn, user_id, course_key)
            .await?
            .filter(|e| e.is_active)
        else {
            txn.rollback().await?;
            return Ok(false);
        };
        let had_seat = e.seat;
        let mut active: enrollments::ActiveModel = e.into();
        active.is_active = Set(false);
        active.seat = Set(false);
        active.updated_at = Set(now);
        let saved = active.update(&txn).await?;
        if had_seat {
            change_count(&txn, course_key, -1, None).await?;
        }
        log_change(&txn, &saved, actor_id, now).await?;
        txn.commit().await?;
        Ok(true)
    }

    async fn set_mode(
        &self,
        user_id: i64,
        course_key: &str,
        mode: EnrollmentMode,
        actor_id: Option<i64>,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<EnrollmentRecord>> {
        let txn = self.db.begin().await?;
        let Some(e) = find(&txn, user_id, course_key)
            .await?
            .filter(|e| e.is_active)
        else {
            txn.rollback().await?;
            return Ok(None);
        };
        if e.mode == mode_text(mode) {
            txn.rollback().await?;
            return Ok(Some(record(e)?));
        }
        let mut active: enrollments::ActiveModel = e.into();
        active.mode = Set(mode_text(mode).into());
        active.updated_at = Set(now);
        let saved = active.update(&txn).await?;
        log_change(&txn, &saved, actor_id, now).await?;
        txn.commit().await?;
        Ok(Some(record(saved)?))
    }

    async fn enrollment(
        &self,
        user_id: i64,
        course_key: &str,
    ) -> StoreResult<Option<EnrollmentRecord>> {
        find(&self.db, user_id, course_key)
            .await?
            .map(record)
            .transpose()
    }

    async fn membership(&self, user_id: i64, course_key: &str) -> StoreResult<Membership> {
        use crate::store::accounts::sql::entity::course_roles;
        use sea_orm::sea_query::{Alias, Query, UnionType};
        // Roles and the active enrollment as rows of (role, mode), each row
        // filling one of the two.
        let none = || Expr::val(Option::<String>::None);
        let mut query = Query::select()
            .expr_as(Expr::col(course_roles::Column::Role), Alias::new("role"))
            .expr_as(none(), Alias::new("mode"))
            .from(course_roles::Entity)
            .and_where(course_roles::Column::UserId.eq(user_id))
            .and_where(course_roles::Column::CourseKey.eq(course_key))
            .to_owned();
        query.union(
            UnionType::All,
            Query::select()
                .expr(none())
                .expr(Expr::col(enrollments::Column::Mode))
                .from(enrollments::Entity)
                .and_where(enrollments::Column::UserId.eq(user_id))
                .and_where(enrollments::Column::CourseKey.eq(course_key))
                .and_where(enrollments::Column::IsActive.eq(true))
                .to_owned(),
        );
        let backend = self.db.get_database_backend();
        let mut membership = Membership::default();
        for row in self.db.query_all(backend.build(&query)).await? {
            if let Some(role) = row.try_get::<Option<String>>("", "role")? {
                membership
                    .roles
                    .extend(shared_types::CourseRole::parse(&role));
            }
            if let Some(mode) = row.try_get::<Option<String>>("", "mode")? {
                membership.active_mode = Some(mode_of(&mode)?);
            }
        }
        Ok(membership)
    }

    async fn enrollments_of(&self, user_id: i64) -> StoreResult<Vec<EnrollmentRecord>> {
        enrollments::Entity::find()
            .filter(enrollments::Column::UserId.eq(user_id))
            .filter(enrollments::Column::IsActive.eq(true))
            .order_by_desc(enrollments::Column::CreatedAt)
            .all(&self.db)
            .await?
            .into_iter()
            .map(record)
            .collect()
    }

    async fn roster(
        &self,
        course_key: &str,
        offset: u64,
        limit: u64,
    ) -> StoreResult<(u64, Vec<EnrollmentRecord>)> {
        let query = enrollments::Entity::find()
            .filter(enrollments::Column::CourseKey.eq(course_key))
            .filter(enrollments::Column::IsActive.eq(true));
        let total = query.clone().count(&self.db).await?;
        let page = query
            .order_by_asc(enrollments::Column::CreatedAt)
            .order_by_asc(enrollments::Column::Id)
            .offset(offset)
            .limit(limit)
            .all(&self.db)
            .await?
            .into_iter()
            .map(record)
            .collect::<StoreResult<Vec<_>>>()?;
        Ok((total, page))
    }

    async fn active_count(&self, course_key: &str) -> StoreResult<u64> {
        Ok(counts::Entity::find_by_id(course_key.to_string())
            .one(&self.db)
            .await?
            .map_or(0, |c| c.active.max(0) as u64))
    }

    async fn active_counts(
        &self,
        course_keys: &[String],
    ) -> StoreResult<std::collections::HashMap<String, u64>> {
        if course_keys.is_empty() {
            return Ok(Default::default());
        }
        Ok(counts::Entity::find()
            .filter(counts::Column::CourseKey.is_in(course_keys.iter().map(String::as_str)))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|c| (c.course_key, c.active.max(0) as u64))
            .collect())
    }

    async fn history(&self, user_id: i64, course_key: &str) -> StoreResult<Vec<EnrollmentChange>> {
        history::Entity::find()
            .filter(history::Column::UserId.eq(user_id))
            .filter(history::Column::CourseKey.eq(course_key))
            .order_by_asc(history::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|h| {
                Ok(EnrollmentChange {
                    mode: mode_of(&h.mode)?,
                    is_active: h.is_active,
                    actor_id: h.actor_id,
                    at: h.created_at,
                })
            })
            .collect()
    }
}
