//! [`ContentStore`] in SQL tables (SQLite or PostgreSQL) through sea-orm.
//!
//! `content_courses` holds the heads; `content_versions` the immutable
//! versions with their structure as JSON. Heads move with a conditional
//! UPDATE (`... WHERE draft_version = expected`), which is the compare-and-
//! swap on both engines; it runs first in each transaction so SQLite takes
//! its write lock before anything else.

use anyhow::Context;
use async_trait::async_trait;
use chrono::Utc;
use sea_orm::sea_query::{Expr, SimpleExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, SqlErr, TransactionTrait,
};

use super::{
    new_version_id, Branch, ContentResult, ContentStore, ContentStoreError, CourseHeads,
    NewVersion, Structure, VersionInfo,
};

/// The sea-orm entities of the content tables.
pub mod entity {
    /// `content_courses`: one row per course with its heads.
    pub mod courses {
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
        #[sea_orm(table_name = "content_courses")]
        pub struct Model {
            #[sea_orm(primary_key, auto_increment = false)]
            pub course_key: String,
            pub draft_version: String,
            pub published_version: Option<String>,
            pub created_at: ChronoDateTimeUtc,
            pub updated_at: ChronoDateTimeUtc,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }

    /// `content_versions`: immutable structure versions.
    pub mod versions {
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
        #[sea_orm(table_name = "content_versions")]
        pub struct Model {
            #[sea_orm(primary_key, auto_increment = false)]
            pub id: String,
            pub course_key: String,
            pub branch: String,
            pub parent: Option<String>,
            pub author_id: Option<i64>,
            pub message: String,
            pub created_at: ChronoDateTimeUtc,
            #[sea_orm(column_type = "Text")]
            pub structure: String,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }
}

use entity::{courses, versions};

/// Course content in the relational database.
#[derive(Clone)]
pub struct SqlContentStore {
    db: DatabaseConnection,
}

impl SqlContentStore {
    /// Uses an open, migrated connection.
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

fn backend(err: sea_orm::DbErr) -> ContentStoreError {
    ContentStoreError::Backend(anyhow::Error::new(err))
}

fn head_column(branch: Branch) -> courses::Column {
    match branch {
        Branch::Draft => courses::Column::DraftVersion,
        Branch::Published => courses::Column::PublishedVersion,
    }
}

fn head_is(branch: Branch, expected: Option<&str>) -> SimpleExpr {
    match expected {
        Some(v) => head_column(branch).eq(v),
        None => head_column(branch).is_null(),
    }
}

fn heads(m: courses::Model) -> CourseHeads {
    CourseHeads {
        course_key: m.course_key,
        draft: m.draft_version,
        published: m.published_version,
        created_at: m.created_at,
        updated_at: m.updated_at,
    }
}

fn info(m: &versions::Model) -> VersionInfo {
    VersionInfo {
        id: m.id.clone(),
        course_key: m.course_key.clone(),
        branch: Branch::parse(&m.branch),
        parent: m.parent.clone(),
        author_id: m.author_id,
        message: m.message.clone(),
        created_at: m.created_at,
    }
}

fn version_row(
    course_key: &str,
    branch: Branch,
    new: &NewVersion,
) -> ContentResult<versions::Model> {
    Ok(versions::Model {
        id: new_version_id(),
        course_key: course_key.to_string(),
        branch: branch.as_str().to_string(),
        parent: new.parent.clone(),
        author_id: new.author_id,
        message: new.message.clone(),
        created_at: Utc::now(),
        structure: serde_json::to_string(&new.structure).context("serializing a structure")?,
    })
}

impl SqlContentStore {
    /// Moves a head by compare-and-swap on `conn`; `Stale` with the current
    /// head when it moved.
    async fn swap_head<C: ConnectionTrait>(
        &self,
        conn: &C,
        course_key: &str,
        branch: Branch,
        expected: Option<&str>,
        to: &str,
    ) -> ContentResult<()> {
        let updated = courses::Entity::update_many()
            .col_expr(head_column(branch), Expr::value(to))
            .col_expr(courses::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(courses::Column::CourseKey.eq(course_key))
            .filter(head_is(branch, expected))
            .exec(conn)
            .await
            .map_err(backend)?;
        if updated.rows_affected == 1 {
            return Ok(());
        }
        match courses::Entity::find_by_id(course_key)
            .one(conn)
            .await
            .map_err(backend)?
        {
            None => Err(ContentStoreError::NoSuchCourse(course_key.to_string())),
            Some(row) => Err(ContentStoreError::Stale {
                expected: expected.map(str::to_string),
                current: heads(row).head(branch).map(str::to_string),
            }),
        }
    }
}

#[async_trait]
impl ContentStore for SqlContentStore {
    async fn create_course(
        &self,
        course_key: &str,
        first: NewVersion,
    ) -> ContentResult<VersionInfo> {
        let row = version_row(course_key, Branch::Draft, &first)?;
        let now = row.created_at;
        let txn = self.db.begin().await.map_err(backend)?;
        let inserted = courses::ActiveModel {
            course_key: Set(course_key.to_string()),
            draft_version: Set(row.id.clone()),
            published_version: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(&txn)
        .await;
        match inserted {
            Ok(_) => {}
            Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
                return Err(ContentStoreError::AlreadyExists(course_key.to_string()));
            }
            Err(err) => return Err(backend(err)),
        }
        versions::ActiveModel::from(row.clone())
            .insert(&txn)
            .await
            .map_err(backend)?;
        txn.commit().await.map_err(backend)?;
        Ok(info(&row))
    }

    async fn heads(&self, course_key: &str) -> ContentResult<Option<CourseHeads>> {
        Ok(courses::Entity::find_by_id(course_key)
            .one(&self.db)
            .await
            .map_err(backend)?
            .map(heads))
    }

    async fn list_courses(&self) -> ContentResult<Vec<CourseHeads>> {
        Ok(courses::Entity::find()
            .order_by_asc(courses::Column::CourseKey)
            .all(&self.db)
            .await
            .map_err(backend)?
            .into_iter()
            .map(heads)
            .collect())
    }

    async fn commit(
        &self,
        course_key: &str,
        branch: Branch,
        expected: Option<&str>,
        new: NewVersion,
    ) -> ContentResult<VersionInfo> {
        let row = version_row(course_key, branch, &new)?;
        let txn = self.db.begin().await.map_err(backend)?;
        self.swap_head(&txn, course_key, branch, expected, &row.id)
            .await?;
        versions::ActiveModel::from(row.clone())
            .insert(&txn)
            .await
            .map_err(backend)?;
        txn.commit().await.map_err(backend)?;
        Ok(info(&row))
    }

    async fn move_head(
        &self,
        course_key: &str,
        branch: Branch,
        expected: Option<&str>,
        to: &str,
    ) -> ContentResult<()> {
        // Versions never change, so checking first and swapping after is safe.
        let known = versions::Entity::find_by_id(to)
            .select_only()
            .column(versions::Column::CourseKey)
            .into_tuple::<String>()
            .one(&self.db)
            .await
            .map_err(backend)?;
        if known.as_deref() != Some(course_key) {
            return Err(ContentStoreError::NoSuchVersion(to.to_string()));
        }
        self.swap_head(&self.db, course_key, branch, expected, to)
            .await
    }

    async fn version(&self, version_id: &str) -> ContentResult<Option<(VersionInfo, Structure)>> {
        let Some(row) = versions::Entity::find_by_id(version_id)
            .one(&self.db)
            .await
            .map_err(backend)?
        else {
            return Ok(None);
        };
        let structure: Structure = serde_json::from_str(&row.structure)
            .with_context(|| format!("decoding structure {version_id}"))?;
        Ok(Some((info(&row), structure)))
    }

    async fn versions(
        &self,
        version_ids: &[String],
    ) -> ContentResult<Vec<(VersionInfo, Structure)>> {
        if version_ids.is_empty() {
            return Ok(vec![]);
        }
        let rows = versions::Entity::find()
            .filter(versions::Column::Id.is_in(version_ids.iter().cloned()))
            .all(&self.db)
            .await
            .map_err(backend)?;
        rows.iter()
            .map(|row| {
                let structure: Structure = serde_json::from_str(&row.structure)
                    .with_context(|| format!("decoding structure {}", row.id))?;
                Ok((info(row), structure))
            })
            .collect()
    }

    async fn history(
        &self,
        course_key: &str,
        branch: Branch,
        limit: u64,
    ) -> ContentResult<Vec<VersionInfo>> {
        let rows = versions::Entity::find()
            .select_only()
            .columns([
                versions::Column::Id,
                versions::Column::CourseKey,
                versions::Column::Branch,
                versions::Column::Parent,
                versions::Column::AuthorId,
                versions::Column::Message,
                versions::Column::CreatedAt,
            ])
            .column_as(Expr::value(""), "structure")
            .filter(versions::Column::CourseKey.eq(course_key))
            .filter(versions::Column::Branch.eq(branch.as_str()))
            .order_by_desc(versions::Column::CreatedAt)
            .order_by_desc(versions::Column::Id)
            .limit(limit)
            .into_model::<versions::Model>()
            .all(&self.db)
            .await
            .map_err(backend)?;
        Ok(rows.iter().map(info).collect())
    }
}
