//! [`AccountStore`] on SQLite or PostgreSQL through sea-orm.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use std::collections::{BTreeMap, HashMap};

use sea_orm::sea_query::{Alias, Expr, OnConflict, Query, SimpleExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, SqlErr, TransactionTrait,
};
use shared_types::CourseRole;

use super::{
    AccountStore, NewToken, NewUser, OneTimePurpose, Revoked, TokenKind, TokenRecord, UserRecord,
};
use crate::store::{StoreError, StoreResult};

/// The sea-orm entities of the accounts tables.
pub mod entity {
    /// `users`.
    pub mod users {
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
        #[sea_orm(table_name = "users")]
        pub struct Model {
            #[sea_orm(primary_key)]
            pub id: i64,
            pub username: String,
            pub username_key: String,
            pub email: String,
            pub name: String,
            pub password_hash: String,
            pub email_verified: bool,
            pub is_staff: bool,
            pub is_superuser: bool,
            pub is_active: bool,
            pub date_joined: ChronoDateTimeUtc,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }

    /// `auth_tokens`: sessions and personal API tokens.
    pub mod auth_tokens {
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
        #[sea_orm(table_name = "auth_tokens")]
        pub struct Model {
            #[sea_orm(primary_key)]
            pub id: i64,
            pub user_id: i64,
            pub kind: String,
            pub name: String,
            pub token_hash: String,
            pub prefix: String,
            pub created_at: ChronoDateTimeUtc,
            pub last_used_at: Option<ChronoDateTimeUtc>,
            pub expires_at: Option<ChronoDateTimeUtc>,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {
            #[sea_orm(
                belongs_to = "super::users::Entity",
                from = "Column::UserId",
                to = "super::users::Column::Id"
            )]
            User,
        }

        impl Related<super::users::Entity> for Entity {
            fn to() -> RelationDef {
                Relation::User.def()
            }
        }

        impl ActiveModelBehavior for ActiveModel {}
    }

    /// `one_time_tokens`: emailed single-use tokens.
    pub mod one_time_tokens {
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
        #[sea_orm(table_name = "one_time_tokens")]
        pub struct Model {
            #[sea_orm(primary_key)]
            pub id: i64,
            pub user_id: i64,
            pub purpose: String,
            pub token_hash: String,
            pub created_at: ChronoDateTimeUtc,
            pub expires_at: ChronoDateTimeUtc,
            pub used_at: Option<ChronoDateTimeUtc>,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }

    /// `login_failures`: one row per failed sign-in per throttle key.
    pub mod login_failures {
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
        #[sea_orm(table_name = "login_failures")]
        pub struct Model {
            #[sea_orm(primary_key)]
            pub id: i64,
            pub throttle_key: String,
            pub failed_at: ChronoDateTimeUtc,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }

    /// `course_roles`.
    pub mod course_roles {
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
        #[sea_orm(table_name = "course_roles")]
        pub struct Model {
            #[sea_orm(primary_key)]
            pub id: i64,
            pub user_id: i64,
            pub course_key: String,
            pub role: String,
            pub created_at: ChronoDateTimeUtc,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {
            #[sea_orm(
                belongs_to = "super::users::Entity",
                from = "Column::UserId",
                to = "super::users::Column::Id"
            )]
            User,
        }

        impl Related<super::users::Entity> for Entity {
            fn to() -> RelationDef {
                Relation::User.def()
            }
        }

        impl ActiveModelBehavior for ActiveModel {}
    }

    /// `user_preferences`.
    pub mod user_preferences {
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
        #[sea_orm(table_name = "user_preferences")]
        pub struct Model {
            #[sea_orm(primary_key)]
            pub id: i64,
            pub user_id: i64,
            pub key: String,
            pub value: String,
            pub updated_at: ChronoDateTimeUtc,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }
}

use entity::{auth_tokens, course_roles, login_failures, one_time_tokens, user_preferences, users};

/// Accounts in a SQL database.
#[derive(Clone)]
pub struct SqlAccountStore {
    db: DatabaseConnection,
}

impl SqlAccountStore {
    /// Uses an open, migrated connection.
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

fn user_record(m: users::Model) -> UserRecord {
    UserRecord {
        id: m.id,
        username: m.username,
        email: m.email,
        name: m.name,
        password_hash: m.password_hash,
        email_verified: m.email_verified,
        is_staff: m.is_staff,
        is_superuser: m.is_superuser,
        is_active: m.is_active,
        date_joined: m.date_joined,
    }
}

fn token_record(m: auth_tokens::Model) -> TokenRecord {
    TokenRecord {
        id: m.id,
        user_id: m.user_id,
        kind: TokenKind::parse(&m.kind),
        name: m.name,
        prefix: m.prefix,
        created_at: m.created_at,
        last_used_at: m.last_used_at,
        expires_at: m.expires_at,
    }
}

#[async_trait]
impl AccountStore for SqlAccountStore {
    async fn ping(&self) -> StoreResult<()> {
        self.db.ping().await?;
        Ok(())
    }

    async fn create_user(&self, user: NewUser) -> StoreResult<UserRecord> {
        let model = users::ActiveModel {
            username_key: Set(user.username.to_lowercase()),
            username: Set(user.username),
            email: Set(user.email),
            name: Set(user.name),
            password_hash: Set(user.password_hash),
            email_verified: Set(false),
            is_staff: Set(user.is_staff),
            is_superuser: Set(user.is_superuser),
            is_active: Set(true),
            date_joined: Set(user.date_joined),
            ..Default::default()
        };
        match model.insert(&self.db).await {
            Ok(m) => Ok(user_record(m)),
            Err(err) => match err.sql_err() {
                Some(SqlErr::UniqueConstraintViolation(detail)) => {
                    let field = if detail.contains("email") {
                        "email"
                    } else {
                        "username"
                    };
                    Err(StoreError::Conflict { field })
                }
                _ => Err(err.into()),
            },
        }
    }

    async fn user_by_id(&self, id: i64) -> StoreResult<Option<UserRecord>> {
        Ok(users::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .map(user_record))
    }

    async fn users_by_ids(&self, ids: &[i64]) -> StoreResult<Vec<UserRecord>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        Ok(users::Entity::find()
            .filter(users::Column::Id.is_in(ids.iter().copied()))
            .all(&self.db)
            .await?
            .into_iter()
            .map(user_record)
            .collect())
    }

    async fn user_by_login(&self, login: &str) -> StoreResult<Option<UserRecord>> {
        let login = login.to_lowercase();
        let column = if login.contains('@') {
            users::Column::Email
        } else {
            users::Column::UsernameKey
        };
        Ok(users::Entity::find()
            .filter(column.eq(login))
            .one(&self.db)
            .await?
            .map(user_record))
    }

    async fn user_by_email(&self, email: &str) -> StoreResult<Option<UserRecord>> {
        Ok(users::Entity::find()
            .filter(users::Column::Email.eq(email.to_lowercase()))
            .one(&self.db)
            .await?
            .map(user_record))
    }

    async fn set_password_hash(&self, user_id: i64, hash: &str) -> StoreResult<()> {
        users::Entity::update_many()
            .col_expr(users::Column::PasswordHash, Expr::value(hash))
            .filter(users::Column::Id.eq(user_id))
            .exec(&self.db)
            .await?;
        Ok(())
    }

    async fn set_email_verified(&self, user_id: i64) -> StoreResult<()> {
        users::Entity::update_many()
            .col_expr(users::Column::EmailVerified, Expr::value(true))
            .filter(users::Column::Id.eq(user_id))
            .exec(&self.db)
            .await?;
        Ok(())
    }

    async fn set_global_roles(
        &self,
        user_id: i64,
        is_staff: bool,
        is_superuser: bool,
    ) -> StoreResult<()> {
        users::Entity::update_many()
            .col_expr(users::Column::IsStaff, Expr::value(is_staff))
            .col_expr(users::Column::IsSuperuser, Expr::value(is_superuser))
            .filter(users::Column::Id.eq(user_id))
            .exec(&self.db)
            .await?;
        Ok(())
    }

    async fn create_token(&self, token: NewToken) -> StoreResult<TokenRecord> {
        let model = auth_tokens::ActiveModel {
            user_id: Set(token.user_id),
            kind: Set(token.kind.as_str().to_string()),
            name: Set(token.name),
            token_hash: Set(token.token_hash),
            prefix: Set(token.prefix),
            created_at: Set(token.created_at),
            last_used_at: Set(None),
            expires_at: Set(token.expires_at),
            ..Default::default()
        };
        Ok(token_record(model.insert(&self.db).await?))
    }

    async fn token_with_user(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<(TokenRecord, UserRecord)>> {
        let found = auth_tokens::Entity::find()
            .filter(auth_tokens::Column::TokenHash.eq(token_hash))
            .find_also_related(users::Entity)
            .one(&self.db)
            .await?;
        Ok(match found {
            Some((token, Some(user)))
                if user.is_active && token.expires_at.is_none_or(|e| e > now) =>
            {
                Some((token_record(token), user_record(user)))
            }
            _ => None,
        })
    }

    async fn touch_token(&self, token_id: i64, now: DateTime<Utc>) -> StoreResult<()> {
        auth_tokens::Entity::update_many()
            .col_expr(auth_tokens::Column::LastUsedAt, Expr::value(now))
            .filter(auth_tokens::Column::Id.eq(token_id))
            .exec(&self.db)
            .await?;
        Ok(())
    }

    async fn list_tokens(
        &self,
        user_id: i64,
        kind: TokenKind,
        offset: u64,
        limit: u64,
    ) -> StoreResult<(Vec<TokenRecord>, u64)> {
        let query = auth_tokens::Entity::find()
            .filter(auth_tokens::Column::UserId.eq(user_id))
            .filter(auth_tokens::Column::Kind.eq(kind.as_str()));
        let count = query.clone().count(&self.db).await?;
        let rows = query
            .order_by_desc(auth_tokens::Column::CreatedAt)
            .order_by_desc(auth_tokens::Column::Id)
            .offset(offset)
            .limit(limit)
            .all(&self.db)
            .await?;
        Ok((rows.into_iter().map(token_record).collect(), count))
    }

    async fn delete_token(
        &self,
        user_id: i64,
        token_id: i64,
        kind: TokenKind,
    ) -> StoreResult<bool> {
        let result = auth_tokens::Entity::delete_many()
            .filter(auth_tokens::Column::Id.eq(token_id))
            .filter(auth_tokens::Column::UserId.eq(user_id))
            .filter(auth_tokens::Column::Kind.eq(kind.as_str()))
            .exec(&self.db)
            .await?;
        Ok(result.rows_affected > 0)
    }

    async fn delete_sessions_except(&self, user_id: i64, keep: Option<i64>) -> StoreResult<u64> {
        let mut delete = auth_tokens::Entity::delete_many()
            .filter(auth_tokens::Column::UserId.eq(user_id))
            .filter(auth_tokens::Column::Kind.eq(TokenKind::Session.as_str()));
        if let Some(keep) = keep {
            delete = delete.filter(auth_tokens::Column::Id.ne(keep));
        }
        Ok(delete.exec(&self.db).await?.rows_affected)
    }

    async fn create_one_time_token(
        &self,
        user_id: i64,
        purpose: OneTimePurpose,
        token_hash: &str,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> StoreResult<()> {
        one_time_tokens::ActiveModel {
            user_id: Set(user_id),
            purpose: Set(purpose.as_str().to_string()),
            token_hash: Set(token_hash.to_string()),
            created_at: Set(now),
            expires_at: Set(expires_at),
            used_at: Set(None),
            ..Default::default()
        }
        .insert(&self.db)
        .await?;
        Ok(())
    }

    async fn consume_one_time_token(
        &self,
        token_hash: &str,
        purpose: OneTimePurpose,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<i64>> {
        // A conditional UPDATE is atomic on both engines: of two concurrent
        // consumers exactly one sees a changed row.
        let updated = one_time_tokens::Entity::update_many()
            .col_expr(one_time_tokens::Column::UsedAt, Expr::value(now))
            .filter(one_time_tokens::Column::TokenHash.eq(token_hash))
            .filter(one_time_tokens::Column::Purpose.eq(purpose.as_str()))
            .filter(one_time_tokens::Column::UsedAt.is_null())
            .filter(one_time_tokens::Column::ExpiresAt.gt(now))
            .exec(&self.db)
            .await?;
        if updated.rows_affected == 0 {
            return Ok(None);
        }
        let row = one_time_tokens::Entity::find()
            .filter(one_time_tokens::Column::TokenHash.eq(token_hash))
            .one(&self.db)
            .await?;
        Ok(row.map(|r| r.user_id))
    }

    async fn one_time_token_user(
        &self,
        token_hash: &str,
        purpose: OneTimePurpose,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<UserRecord>> {
        let Some(row) = one_time_tokens::Entity::find()
            .filter(one_time_tokens::Column::TokenHash.eq(token_hash))
            .filter(one_time_tokens::Column::Purpose.eq(purpose.as_str()))
            .filter(one_time_tokens::Column::UsedAt.is_null())
            .filter(one_time_tokens::Column::ExpiresAt.gt(now))
            .one(&self.db)
            .await?
        else {
            return Ok(None);
        };
        self.user_by_id(row.user_id).await
    }

    async fn record_login_failure(&self, keys: &[String], at: DateTime<Utc>) -> StoreResult<()> {
        if keys.is_empty() {
            return Ok(());
        }
        login_failures::Entity::insert_many(keys.iter().map(|k| login_failures::ActiveModel {
            throttle_key: Set(k.clone()),
            failed_at: Set(at),
            ..Default::default()
        }))
        .exec(&self.db)
        .await?;
        Ok(())
    }

    async fn login_failures_since(
        &self,
        key: &str,
        since: DateTime<Utc>,
    ) -> StoreResult<(u64, Option<DateTime<Utc>>)> {
        let row: Option<(i64, Option<DateTime<Utc>>)> = login_failures::Entity::find()
            .select_only()
            .column_as(login_failures::Column::Id.count(), "n")
            .column_as(login_failures::Column::FailedAt.min(), "oldest")
            .filter(login_failures::Column::ThrottleKey.eq(key))
            .filter(login_failures::Column::FailedAt.gt(since))
            .into_tuple()
            .one(&self.db)
            .await?;
        Ok(match row {
            Some((n, oldest)) => (u64::try_from(n).unwrap_or(0), oldest),
            None => (0, None),
        })
    }

    async fn clear_login_failures(&self, key: &str) -> StoreResult<()> {
        login_failures::Entity::delete_many()
            .filter(login_failures::Column::ThrottleKey.eq(key))
            .exec(&self.db)
            .await?;
        Ok(())
    }

    async fn grant_course_role(
        &self,
        user_id: i64,
        course_key: &str,
        role: CourseRole,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let inserted = course_roles::ActiveModel {
            user_id: Set(user_id),
            course_key: Set(course_key.to_string()),
            role: Set(role.as_str().to_string()),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&self.db)
        .await;
        match inserted {
            Ok(_) => Ok(()),
            // Already granted: granting is idempotent.
            Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
                Ok(())
            }
            Err(err) => Err(err.into()),
        }
    }

    async fn revoke_course_role(
        &self,
        user_id: i64,
        course_key: &str,
        role: CourseRole,
    ) -> StoreResult<bool> {
        let result = course_roles::Entity::delete_many()
            .filter(course_roles::Column::UserId.eq(user_id))
            .filter(course_roles::Column::CourseKey.eq(course_key))
            .filter(course_roles::Column::Role.eq(role.as_str()))
            .exec(&self.db)
            .await?;
        Ok(result.rows_affected > 0)
    }

    async fn revoke_course_role_keeping_an_instructor(
        &self,
        user_id: i64,
        course_key: &str,
        role: CourseRole,
    ) -> StoreResult<Revoked> {
        if role != CourseRole::Instructor {
            let removed = self.revoke_course_role(user_id, course_key, role).await?;
            return Ok(if removed {
                Revoked::Revoked
            } else {
                Revoked::NotHeld
            });
        }
        let instructor = CourseRole::Instructor.as_str();
        let txn = self.db.begin().await?;
        if self.db.get_database_backend() == DbBackend::Postgres {
            // Lock the course's instructor rows, so that a concurrent removal
            // waits and then counts what is left. (SQLite writes one at a
            // time: the DELETE below, this transaction's first statement,
            // counts and removes under the write lock.)
            course_roles::Entity::find()
                .filter(course_roles::Column::CourseKey.eq(course_key))
                .filter(course_roles::Column::Role.eq(instructor))
                .lock_exclusive()
                .all(&txn)
                .await?;
        }
        let others = Alias::new("others");
        let instructors_left = Query::select()
            .expr(Expr::col((others.clone(), course_roles::Column::Id)).count())
            .from_as(course_roles::Entity, others.clone())
            .and_where(Expr::col((others.clone(), course_roles::Column::CourseKey)).eq(course_key))
            .and_where(Expr::col((others, course_roles::Column::Role)).eq(instructor))
            .to_owned();
        let result = course_roles::Entity::delete_many()
            .filter(course_roles::Column::UserId.eq(user_id))
            .filter(course_roles::Column::CourseKey.eq(course_key))
            .filter(course_roles::Column::Role.eq(instructor))
            .filter(
                Expr::expr(SimpleExpr::SubQuery(
                    None,
                    Box::new(instructors_left.into_sub_query_statement()),
                ))
                .gt(1),
            )
            .exec(&txn)
            .await?;
        let outcome = if result.rows_affected > 0 {
            Revoked::Revoked
        } else if course_roles::Entity::find()
            .filter(course_roles::Column::UserId.eq(user_id))
            .filter(course_roles::Column::CourseKey.eq(course_key))
            .filter(course_roles::Column::Role.eq(instructor))
            .one(&txn)
            .await?
            .is_some()
        {
            Revoked::LastInstructor
        } else {
            Revoked::NotHeld
        };
        txn.commit().await?;
        Ok(outcome)
    }

    async fn course_roles(&self, user_id: i64) -> StoreResult<Vec<(String, CourseRole)>> {
        let rows = course_roles::Entity::find()
            .filter(course_roles::Column::UserId.eq(user_id))
            .order_by_asc(course_roles::Column::CourseKey)
            .order_by_asc(course_roles::Column::Role)
            .all(&self.db)
            .await?;
        Ok(rows
            .into_iter()
            .filter_map(|r| CourseRole::parse(&r.role).map(|role| (r.course_key, role)))
            .collect())
    }

    async fn course_team(&self, course_key: &str) -> StoreResult<Vec<(UserRecord, CourseRole)>> {
        let rows = course_roles::Entity::find()
            .filter(course_roles::Column::CourseKey.eq(course_key))
            .find_also_related(users::Entity)
            .all(&self.db)
            .await?;
        let mut team: Vec<(UserRecord, CourseRole)> = rows
            .into_iter()
            .filter_map(|(role, user)| Some((user_record(user?), CourseRole::parse(&role.role)?)))
            .collect();
        team.sort_by(|a, b| {
            a.0.username
                .to_lowercase()
                .cmp(&b.0.username.to_lowercase())
                .then(a.1.cmp(&b.1))
        });
        Ok(team)
    }

    async fn course_roles_in(
        &self,
        user_id: i64,
        course_key: &str,
    ) -> StoreResult<Vec<CourseRole>> {
        let rows = course_roles::Entity::find()
            .filter(course_roles::Column::UserId.eq(user_id))
            .filter(course_roles::Column::CourseKey.eq(course_key))
            .all(&self.db)
            .await?;
        Ok(rows
            .iter()
            .filter_map(|r| CourseRole::parse(&r.role))
            .collect())
    }

    async fn preferences(&self, user_id: i64) -> StoreResult<BTreeMap<String, String>> {
        let rows = user_preferences::Entity::find()
            .filter(user_preferences::Column::UserId.eq(user_id))
            .all(&self.db)
            .await?;
        Ok(rows.into_iter().map(|r| (r.key, r.value)).collect())
    }

    async fn set_preferences(
        &self,
        user_id: i64,
        changes: &[(String, Option<String>)],
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let txn = self.db.begin().await?;
        for (key, value) in changes {
            match value {
                Some(value) => {
                    user_preferences::Entity::insert(user_preferences::ActiveModel {
                        user_id: Set(user_id),
                        key: Set(key.clone()),
                        value: Set(value.clone()),
                        updated_at: Set(now),
                        ..Default::default()
                    })
                    .on_conflict(
                        OnConflict::columns([
                            user_preferences::Column::UserId,
                            user_preferences::Column::Key,
                        ])
                        .update_columns([
                            user_preferences::Column::Value,
                            user_preferences::Column::UpdatedAt,
                        ])
                        .to_owned(),
                    )
                    .exec_without_returning(&txn)
                    .await?;
                }
                None => {
                    user_preferences::Entity::delete_many()
                        .filter(user_preferences::Column::UserId.eq(user_id))
                        .filter(user_preferences::Column::Key.eq(key.as_str()))
                        .exec(&txn)
                        .await?;
                }
            }
        }
        txn.commit().await?;
        Ok(())
    }

    async fn preference_of(
        &self,
        user_ids: &[i64],
        key: &str,
    ) -> StoreResult<HashMap<i64, String>> {
        if user_ids.is_empty() {
            return Ok(HashMap::new());
        }
        let rows = user_preferences::Entity::find()
            .filter(user_preferences::Column::UserId.is_in(user_ids.iter().copied()))
            .filter(user_preferences::Column::Key.eq(key))
            .all(&self.db)
            .await?;
        Ok(rows.into_iter().map(|r| (r.user_id, r.value)).collect())
    }
}
