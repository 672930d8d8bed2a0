//! [`ForumStore`] on SQLite and PostgreSQL through sea-orm.
//!
//! Tables: `forum_threads`, `forum_comments` (responses and comments; a
//! response has no `parent_id`), `forum_votes` and `forum_flags` (one row
//! per user and post, the post named by kind and id), `forum_follows`,
//! `forum_reads` and `forum_edits`.
//!
//! Locking, so counters stay right on both engines:
//!
//! - A vote or flag inserts (or deletes) its row first and then changes the
//!   post's counter with `x = x ± 1`, in one transaction: the unique index
//!   makes a second vote a no-op, and the counter never goes through Rust.
//! - Every change of a thread's responses and comments (post, delete,
//!   restore) starts by updating the thread row, which serializes the
//!   thread's writers on PostgreSQL (the row lock) and takes SQLite's write
//!   lock before anything is read (so a deferred transaction never has to
//!   upgrade a stale snapshot). Under that lock the thread's
//!   `comment_count` and the response's `child_count` are recounted, each
//!   in a statement of its own that sees every committed change.
//! - Edits update the edited row first for the same reason, then read the
//!   previous text for the history.
//!
//! The lists are hand-written SQL (with `$n` parameters, which both
//! engines accept) so that the viewer's state comes in the same query as
//! the rows: correlated `EXISTS` for votes, flags and follows and a left
//! join for read state.

use std::collections::{HashMap, HashSet};

use anyhow::Context;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    EntityTrait, FromQueryResult, QueryFilter, QueryOrder, QueryResult, Set, TransactionTrait,
};

use crate::store::statement::Sql;

use super::{
    CommentRecord, CommentView, EditRecord, Editor, FlaggedPost, ForumError, ForumResult,
    ForumStore, NewComment, NewThread, Page, PageRequest, PostId, ReadState, ResponseQuery,
    ResponseView, ThreadEdit, ThreadQuery, ThreadRecord, ThreadSort, ThreadType, ThreadView,
    TopicCount,
};

/// The sea-orm entities of the forum tables.
pub mod entity {
    /// `forum_threads`.
    pub mod threads {
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
        #[sea_orm(table_name = "forum_threads")]
        pub struct Model {
            #[sea_orm(primary_key)]
            pub id: i64,
            pub course_key: String,
            pub topic_id: String,
            pub thread_type: String,
            pub title: String,
            #[sea_orm(column_type = "Text")]
            pub body: String,
            pub author_id: i64,
            pub anonymous: bool,
            pub anonymous_to_peers: bool,
            pub pinned: bool,
            pub closed: bool,
            #[sea_orm(column_type = "Text", nullable)]
            pub close_reason: Option<String>,
            pub closed_by: Option<i64>,
            pub deleted_at: Option<ChronoDateTimeUtc>,
            pub deleted_by: Option<i64>,
            pub created_at: ChronoDateTimeUtc,
            pub updated_at: ChronoDateTimeUtc,
            pub last_activity_at: ChronoDateTimeUtc,
            pub comment_count: i64,
            pub vote_count: i64,
            pub flag_count: i64,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }

    /// `forum_comments`: responses (no parent) and comments.
    pub mod comments {
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
        #[sea_orm(table_name = "forum_comments")]
        pub struct Model {
            #[sea_orm(primary_key)]
            pub id: i64,
            pub thread_id: i64,
            pub course_key: String,
            pub parent_id: Option<i64>,
            #[sea_orm(column_type = "Text")]
            pub body: String,
            pub author_id: i64,
            pub anonymous: bool,
            pub anonymous_to_peers: bool,
            pub endorsed: bool,
            pub endorsed_by: Option<i64>,
            pub endorsed_at: Option<ChronoDateTimeUtc>,
            pub deleted_at: Option<ChronoDateTimeUtc>,
            pub deleted_by: Option<i64>,
            pub created_at: ChronoDateTimeUtc,
            pub updated_at: ChronoDateTimeUtc,
            pub vote_count: i64,
            pub flag_count: i64,
            pub child_count: i64,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }

    /// `forum_follows`.
    pub mod follows {
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
        #[sea_orm(table_name = "forum_follows")]
        pub struct Model {
            #[sea_orm(primary_key)]
            pub id: i64,
            pub thread_id: i64,
            pub user_id: i64,
            pub created_at: ChronoDateTimeUtc,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }

    /// `forum_notifications`: who was emailed about which post.
    pub mod notifications {
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
        #[sea_orm(table_name = "forum_notifications")]
        pub struct Model {
            #[sea_orm(primary_key)]
            pub id: i64,
            pub comment_id: i64,
            pub user_id: i64,
            pub sent_at: ChronoDateTimeUtc,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }

    /// `forum_reads`.
    pub mod reads {
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
        #[sea_orm(table_name = "forum_reads")]
        pub struct Model {
            #[sea_orm(primary_key)]
            pub id: i64,
            pub thread_id: i64,
            pub user_id: i64,
            pub last_read_at: ChronoDateTimeUtc,
            pub read_comment_count: i64,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }

    /// `forum_edits`.
    pub mod edits {
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
        #[sea_orm(table_name = "forum_edits")]
        pub struct Model {
            #[sea_orm(primary_key)]
            pub id: i64,
            pub post_kind: String,
            pub post_id: i64,
            pub previous_title: Option<String>,
            #[sea_orm(column_type = "Text")]
            pub previous_body: String,
            pub editor_id: i64,
            #[sea_orm(column_type = "Text", nullable)]
            pub reason: Option<String>,
            pub edited_at: ChronoDateTimeUtc,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }
}

use entity::{comments, edits, follows, notifications, reads, threads};

/// The forum in the relational database.
#[derive(Clone)]
pub struct SqlForumStore {
    db: DatabaseConnection,
}

impl SqlForumStore {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

fn type_text(t: ThreadType) -> &'static str {
    match t {
        ThreadType::Discussion => "discussion",
        ThreadType::Question => "question",
    }
}

fn type_of(text: &str) -> ForumResult<ThreadType> {
    match text {
        "discussion" => Ok(ThreadType::Discussion),
        "question" => Ok(ThreadType::Question),
        other => Err(ForumError::Backend(anyhow::anyhow!(
            "unknown thread type {other}"
        ))),
    }
}

/// A counter from its column (never below zero).
fn count(n: i64) -> u64 {
    n.max(0) as u64
}

/// The `post_kind` of votes, flags and edits, and the table of the post.
fn post_parts(post: PostId) -> (&'static str, i64, &'static str) {
    match post {
        PostId::Thread(id) => ("thread", id, "forum_threads"),
        PostId::Comment(id) => ("comment", id, "forum_comments"),
    }
}

fn thread_record(m: threads::Model) -> ForumResult<ThreadRecord> {
    Ok(ThreadRecord {
        thread_type: type_of(&m.thread_type)?,
        id: m.id,
        course_key: m.course_key,
        topic_id: m.topic_id,
        title: m.title,
        body: m.body,
        author_id: m.author_id,
        anonymous: m.anonymous,
        anonymous_to_peers: m.anonymous_to_peers,
        pinned: m.pinned,
        closed: m.closed,
        close_reason: m.close_reason,
        closed_by: m.closed_by,
        deleted_at: m.deleted_at,
        deleted_by: m.deleted_by,
        created_at: m.created_at,
        updated_at: m.updated_at,
        last_activity_at: m.last_activity_at,
        comment_count: count(m.comment_count),
        vote_count: count(m.vote_count),
        flag_count: count(m.flag_count),
    })
}

fn comment_record(m: comments::Model) -> CommentRecord {
    CommentRecord {
        id: m.id,
        thread_id: m.thread_id,
        course_key: m.course_key,
        parent_id: m.parent_id,
        body: m.body,
        author_id: m.author_id,
        anonymous: m.anonymous,
        anonymous_to_peers: m.anonymous_to_peers,
        endorsed: m.endorsed,
        endorsed_by: m.endorsed_by,
        endorsed_at: m.endorsed_at,
        deleted_at: m.deleted_at,
        deleted_by: m.deleted_by,
        created_at: m.created_at,
        updated_at: m.updated_at,
        vote_count: count(m.vote_count),
        flag_count: count(m.flag_count),
        child_count: count(m.child_count),
    }
}

fn read_state(m: &reads::Model) -> ReadState {
    ReadState {
        last_read_at: m.last_read_at,
        read_comment_count: count(m.read_comment_count),
    }
}

/// A row of [`thread_select`]: the thread and what it means to the viewer.
fn thread_view(row: &QueryResult) -> ForumResult<ThreadView> {
    let thread = thread_record(threads::Model::from_query_result(row, "")?)?;
    let last_read_at: Option<DateTime<Utc>> = row.try_get("", "viewer_last_read_at")?;
    let read_count: Option<i64> = row.try_get("", "viewer_read_comment_count")?;
    let read = last_read_at.map(|at| ReadState {
        last_read_at: at,
        read_comment_count: count(read_count.unwrap_or(0)),
    });
    let (unread, unread_comment_count) = match read {
        None => (true, thread.comment_count),
        Some(r) => (
            thread.last_activity_at > r.last_read_at || thread.comment_count > r.read_comment_count,
            thread.comment_count.saturating_sub(r.read_comment_count),
        ),
    };
    Ok(ThreadView {
        voted: row.try_get("", "viewer_voted")?,
        flagged: row.try_get("", "viewer_flagged")?,
        following: row.try_get("", "viewer_following")?,
        read,
        unread,
        unread_comment_count,
        edited: row.try_get("", "edited")?,
        thread,
    })
}

fn comment_view(row: &QueryResult) -> ForumResult<CommentView> {
    Ok(CommentView {
        comment: comment_record(comments::Model::from_query_result(row, "")?),
        voted: row.try_get("", "viewer_voted")?,
        flagged: row.try_get("", "viewer_flagged")?,
        edited: row.try_get("", "edited")?,
    })
}

/// `SELECT` of threads `t` with the viewer's state, up to `FROM ... JOIN`.
fn thread_select(sql: &mut Sql, viewer_id: i64) {
    sql.push(
        "SELECT t.*, \
         EXISTS (SELECT 1 FROM forum_edits e WHERE e.post_kind = 'thread' \
           AND e.post_id = t.id) AS edited, \
         EXISTS (SELECT 1 FROM forum_votes v WHERE v.post_kind = 'thread' \
           AND v.post_id = t.id AND v.user_id = ",
    )
    .bind(viewer_id)
    .push(
        ") AS viewer_voted, \
         EXISTS (SELECT 1 FROM forum_flags f WHERE f.post_kind = 'thread' \
           AND f.post_id = t.id AND f.user_id = ",
    )
    .bind(viewer_id)
    .push(
        ") AS viewer_flagged, \
         EXISTS (SELECT 1 FROM forum_follows w WHERE w.thread_id = t.id AND w.user_id = ",
    )
    .bind(viewer_id)
    .push(
        ") AS viewer_following, \
         r.last_read_at AS viewer_last_read_at, \
         r.read_comment_count AS viewer_read_comment_count ",
    );
    thread_from(sql, viewer_id);
}

/// `FROM` threads `t` left-joined to the viewer's read state `r`.
fn thread_from(sql: &mut Sql, viewer_id: i64) {
    sql.push(
        "FROM forum_threads t LEFT JOIN forum_reads r \
         ON r.thread_id = t.id AND r.user_id = ",
    )
    .bind(viewer_id)
    .push(" ");
}

/// The `WHERE` of a thread list.
fn thread_filters(sql: &mut Sql, query: &ThreadQuery, viewer_id: i64) {
    sql.push("WHERE t.course_key = ")
        .bind(query.course_key.as_str());
    if !query.topic_ids.is_empty() {
        sql.push(" AND t.topic_id IN (");
        for (i, topic) in query.topic_ids.iter().enumerate() {
            if i > 0 {
                sql.push(", ");
            }
            sql.bind(topic.as_str());
        }
        sql.push(")");
    }
    if !query.exclude_topic_ids.is_empty() {
        sql.push(" AND t.topic_id NOT IN (");
        for (i, topic) in query.exclude_topic_ids.iter().enumerate() {
            if i > 0 {
                sql.push(", ");
            }
            sql.bind(topic.as_str());
        }
        sql.push(")");
    }
    if let Some(t) = query.thread_type {
        sql.push(" AND t.thread_type = ").bind(type_text(t));
    }
    if query.unanswered {
        sql.push(" AND t.thread_type = ")
            .bind(type_text(ThreadType::Question))
            .push(
                " AND NOT EXISTS (SELECT 1 FROM forum_comments c WHERE c.thread_id = t.id \
                 AND c.parent_id IS NULL AND c.deleted_at IS NULL AND c.endorsed = ",
            )
            .bind(true)
            .push(")");
    }
    if query.unread {
        sql.push(
            " AND (r.id IS NULL OR t.last_activity_at > r.last_read_at \
             OR t.comment_count > r.read_comment_count)",
        );
    }
    if query.following {
        sql.push(
            " AND EXISTS (SELECT 1 FROM forum_follows w2 WHERE w2.thread_id = t.id \
             AND w2.user_id = ",
        )
        .bind(viewer_id)
        .push(")");
    }
    if query.flagged {
        sql.push(
            " AND (t.flag_count > 0 OR EXISTS (SELECT 1 FROM forum_comments c2 \
             WHERE c2.thread_id = t.id AND c2.flag_count > 0 AND c2.deleted_at IS NULL \
             AND NOT EXISTS (SELECT 1 FROM forum_comments p2 WHERE p2.id = c2.parent_id \
             AND p2.deleted_at IS NOT NULL)))",
        );
    }
    if let Some(author) = query.author_id {
        sql.push(" AND t.author_id = ").bind(author);
    }
    if let Some(user) = query.participant_id {
        sql.push(" AND (t.author_id = ")
            .bind(user)
            .push(
                " OR EXISTS (SELECT 1 FROM forum_comments c3 WHERE c3.thread_id = t.id \
                 AND c3.deleted_at IS NULL AND c3.author_id = ",
            )
            .bind(user)
            .push("))");
    }
    if !query.include_deleted {
        sql.push(" AND t.deleted_at IS NULL");
    }
}

/// `SELECT` of comments `c` with the viewer's votes and flags, from `FROM`.
fn comment_select(sql: &mut Sql, viewer_id: i64, extra: &str) {
    sql.push(
        "SELECT c.*, \
         EXISTS (SELECT 1 FROM forum_edits e WHERE e.post_kind = 'comment' \
           AND e.post_id = c.id) AS edited, \
         EXISTS (SELECT 1 FROM forum_votes v WHERE v.post_kind = 'comment' \
           AND v.post_id = c.id AND v.user_id = ",
    )
    .bind(viewer_id)
    .push(
        ") AS viewer_voted, \
         EXISTS (SELECT 1 FROM forum_flags f WHERE f.post_kind = 'comment' \
           AND f.post_id = c.id AND f.user_id = ",
    )
    .bind(viewer_id)
    .push(") AS viewer_flagged")
    .push(extra)
    .push(" FROM forum_comments c ");
}

/// One page of the comments `filters` select (a `WHERE` on `c`), oldest
/// first, with the viewer's state and the total: two queries.
async fn comment_page(
    db: &impl ConnectionTrait,
    filters: impl Fn(&mut Sql),
    viewer_id: i64,
    page: PageRequest,
) -> ForumResult<Page<CommentView>> {
    let mut counting = Sql::default();
    counting.push("SELECT COUNT(*) AS n FROM forum_comments c ");
    filters(&mut counting);
    let total = total(db, &counting).await?;

    let mut sql = Sql::default();
    comment_select(&mut sql, viewer_id, "");
    filters(&mut sql);
    sql.push(" ORDER BY c.created_at ASC, c.id ASC");
    paged(&mut sql, page);
    let items = db
        .query_all(sql.statement(db))
        .await?
        .iter()
        .map(comment_view)
        .collect::<ForumResult<Vec<_>>>()?;
    Ok(Page { total, items })
}

fn paged(sql: &mut Sql, page: PageRequest) {
    let clamp = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
    sql.push(" LIMIT ")
        .bind(clamp(page.page_size))
        .push(" OFFSET ")
        .bind(clamp(page.offset()));
}

async fn total(db: &impl ConnectionTrait, sql: &Sql) -> ForumResult<u64> {
    let row = db
        .query_one(sql.statement(db))
        .await?
        .context("a count without a row")?;
    let n: i64 = row.try_get("", "n")?;
    Ok(count(n))
}

/// Takes the thread's row lock (PostgreSQL) and the write lock (SQLite)
/// before anything else in a transaction; with `activity`, moves the
/// thread's activity forward to it (never back: racing posts may commit
/// out of order). With `visible`, only a thread not deleted. False when
/// there is no such thread.
async fn lock_thread(
    txn: &DatabaseTransaction,
    thread_id: i64,
    activity: Option<DateTime<Utc>>,
    visible: bool,
) -> ForumResult<bool> {
    let mut sql = Sql::default();
    match activity {
        Some(now) => sql
            .push("UPDATE forum_threads SET last_activity_at = CASE WHEN last_activity_at < ")
            .bind(now)
            .push(" THEN ")
            .bind(now)
            .push(" ELSE last_activity_at END"),
        None => sql.push("UPDATE forum_threads SET updated_at = updated_at"),
    };
    sql.push(" WHERE id = ").bind(thread_id);
    if visible {
        sql.push(" AND deleted_at IS NULL");
    }
    Ok(txn.execute(sql.statement(txn)).await?.rows_affected() == 1)
}

/// Takes a visible thread's lock as activity at `now` and reads it; the
/// thread is not found when missing or deleted (the transaction is then
/// dropped, which rolls it back).
async fn active_thread(
    txn: &DatabaseTransaction,
    thread_id: i64,
    now: DateTime<Utc>,
) -> ForumResult<threads::Model> {
    if !lock_thread(txn, thread_id, Some(now), true).await? {
        return Err(ForumError::NotFound("thread"));
    }
    threads::Entity::find_by_id(thread_id)
        .one(txn)
        .await?
        .ok_or(ForumError::NotFound("thread"))
}

/// Takes a comment's row lock (and SQLite's write lock); only a visible
/// comment. False when there is none.
async fn lock_comment(txn: &DatabaseTransaction, id: i64) -> ForumResult<bool> {
    Ok(comments::Entity::update_many()
        .col_expr(
            comments::Column::UpdatedAt,
            Expr::col(comments::Column::UpdatedAt).into(),
        )
        .filter(comments::Column::Id.eq(id))
        .filter(comments::Column::DeletedAt.is_null())
        .exec(txn)
        .await?
        .rows_affected
        == 1)
}

/// Sets the thread's `comment_count` to its visible responses and
/// comments (a comment of a deleted response is hidden with it).
async fn recount_thread(txn: &DatabaseTransaction, thread_id: i64) -> ForumResult<()> {
    let mut sql = Sql::default();
    sql.push(
        "UPDATE forum_threads SET comment_count = (SELECT COUNT(*) FROM forum_comments c \
         LEFT JOIN forum_comments p ON p.id = c.parent_id \
         WHERE c.thread_id = ",
    )
    .bind(thread_id)
    .push(
        " AND c.deleted_at IS NULL AND (p.id IS NULL OR p.deleted_at IS NULL)) \
         WHERE id = ",
    )
    .bind(thread_id);
    txn.execute(sql.statement(txn)).await?;
    Ok(())
}

/// Sets the response's `child_count` to its visible comments.
async fn recount_children(txn: &DatabaseTransaction, response_id: i64) -> ForumResult<()> {
    let mut sql = Sql::default();
    sql.push(
        "UPDATE forum_comments SET child_count = (SELECT COUNT(*) FROM forum_comments c \
         WHERE c.parent_id = ",
    )
    .bind(response_id)
    .push(" AND c.deleted_at IS NULL) WHERE id = ")
    .bind(response_id);
    txn.execute(sql.statement(txn)).await?;
    Ok(())
}

/// Votes and flags: the same shape, a different table and counter.
#[derive(Clone, Copy)]
enum Mark {
    Vote,
    Flag,
}

impl Mark {
    fn table(self) -> &'static str {
        match self {
            Mark::Vote => "forum_votes",
            Mark::Flag => "forum_flags",
        }
    }

    fn counter(self) -> &'static str {
        match self {
            Mark::Vote => "vote_count",
            Mark::Flag => "flag_count",
        }
    }
}

fn not_found(post: PostId) -> ForumError {
    match post {
        PostId::Thread(_) => ForumError::NotFound("thread"),
        PostId::Comment(_) => ForumError::NotFound("comment"),
    }
}

impl SqlForumStore {
    /// Adds the user's vote or flag to a visible post, with its counter.
    async fn add_mark(
        &self,
        mark: Mark,
        post: PostId,
        user_id: i64,
        now: DateTime<Utc>,
    ) -> ForumResult<bool> {
        let (kind, id, table) = post_parts(post);
        let txn = self.db.begin().await?;
        let mut insert = Sql::default();
        insert
            .push(&format!(
                "INSERT INTO {} (post_kind, post_id, user_id, created_at) VALUES (",
                mark.table()
            ))
            .bind(kind)
            .push(", ")
            .bind(id)
            .push(", ")
            .bind(user_id)
            .push(", ")
            .bind(now)
            .push(") ON CONFLICT (user_id, post_kind, post_id) DO NOTHING");
        if txn.execute(insert.statement(&txn)).await?.rows_affected() == 0 {
            txn.rollback().await?;
            return Ok(false);
        }
        let counter = mark.counter();
        let mut bump = Sql::default();
        bump.push(&format!(
            "UPDATE {table} SET {counter} = {counter} + 1 WHERE deleted_at IS NULL AND id = "
        ))
        .bind(id);
        if txn.execute(bump.statement(&txn)).await?.rows_affected() == 0 {
            txn.rollback().await?;
            return Err(not_found(post));
        }
        txn.commit().await?;
        Ok(true)
    }

    /// Removes the user's vote or flag, with its counter.
    async fn remove_mark(&self, mark: Mark, post: PostId, user_id: i64) -> ForumResult<bool> {
        let (kind, id, table) = post_parts(post);
        let txn = self.db.begin().await?;
        let mut delete = Sql::default();
        delete
            .push(&format!("DELETE FROM {} WHERE user_id = ", mark.table()))
            .bind(user_id)
            .push(" AND post_kind = ")
            .bind(kind)
            .push(" AND post_id = ")
            .bind(id);
        if txn.execute(delete.statement(&txn)).await?.rows_affected() == 0 {
            txn.rollback().await?;
            return Ok(false);
        }
        let counter = mark.counter();
        let mut drop = Sql::default();
        drop.push(&format!(
            "UPDATE {table} SET {counter} = {counter} - 1 WHERE {counter} > 0 AND id = "
        ))
        .bind(id);
        txn.execute(drop.statement(&txn)).await?;
        txn.commit().await?;
        Ok(true)
    }

    async fn thread_model(&self, id: i64) -> ForumResult<threads::Model> {
        threads::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .ok_or(ForumError::NotFound("thread"))
    }

    async fn comment_model(
        db: &impl ConnectionTrait,
        id: i64,
        what: &'static str,
    ) -> ForumResult<comments::Model> {
        comments::Entity::find_by_id(id)
            .one(db)
            .await?
            .ok_or(ForumError::NotFound(what))
    }

    /// Sets or clears a comment's deletion, recounting under the thread's lock.
    async fn set_comment_deleted(
        &self,
        id: i64,
        deleted: Option<(i64, DateTime<Utc>)>,
    ) -> ForumResult<bool> {
        // Thread and parent never change: safe to read before the lock.
        let c = Self::comment_model(&self.db, id, "comment").await?;
        let txn = self.db.begin().await?;
        lock_thread(&txn, c.thread_id, None, false).await?;
        let mut update = comments::Entity::update_many().filter(comments::Column::Id.eq(id));
        update = match deleted {
            Some((by, now)) => update
                .col_expr(comments::Column::DeletedAt, Expr::value(now))
                .col_expr(comments::Column::DeletedBy, Expr::value(by))
                .filter(comments::Column::DeletedAt.is_null()),
            None => update
                .col_expr(
                    comments::Column::DeletedAt,
                    Expr::value(Option::<DateTime<Utc>>::None),
                )
                .col_expr(
                    comments::Column::DeletedBy,
                    Expr::value(Option::<i64>::None),
                )
                .filter(comments::Column::DeletedAt.is_not_null()),
        };
        if update.exec(&txn).await?.rows_affected == 0 {
            txn.rollback().await?;
            return Ok(false);
        }
        if let Some(parent) = c.parent_id {
            recount_children(&txn, parent).await?;
        }
        recount_thread(&txn, c.thread_id).await?;
        txn.commit().await?;
        Ok(true)
    }

    /// Inserts a response (`parent` none) or comment, under the thread's lock.
    async fn insert_comment(
        txn: &DatabaseTransaction,
        thread: &threads::Model,
        parent: Option<i64>,
        new: NewComment,
        now: DateTime<Utc>,
    ) -> ForumResult<comments::Model> {
        let saved = comments::ActiveModel {
            thread_id: Set(thread.id),
            course_key: Set(thread.course_key.clone()),
            parent_id: Set(parent),
            body: Set(new.body),
            author_id: Set(new.author_id),
            anonymous: Set(new.anonymous),
            anonymous_to_peers: Set(new.anonymous_to_peers),
            endorsed: Set(false),
            endorsed_by: Set(None),
            endorsed_at: Set(None),
            deleted_at: Set(None),
            deleted_by: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            vote_count: Set(0),
            flag_count: Set(0),
            child_count: Set(0),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        if let Some(parent) = parent {
            recount_children(txn, parent).await?;
        }
        recount_thread(txn, thread.id).await?;
        Ok(saved)
    }
}

async fn log_edit(
    txn: &DatabaseTransaction,
    post: PostId,
    previous_title: Option<String>,
    previous_body: String,
    editor: Editor,
    now: DateTime<Utc>,
) -> ForumResult<()> {
    let (kind, id, _) = post_parts(post);
    edits::ActiveModel {
        post_kind: Set(kind.into()),
        post_id: Set(id),
        previous_title: Set(previous_title),
        previous_body: Set(previous_body),
        editor_id: Set(editor.user_id),
        reason: Set(editor.reason),
        edited_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(())
}

#[async_trait]
impl ForumStore for SqlForumStore {
    async fn create_thread(
        &self,
        thread: NewThread,
        now: DateTime<Utc>,
    ) -> ForumResult<ThreadRecord> {
        let saved = threads::ActiveModel {
            course_key: Set(thread.course_key),
            topic_id: Set(thread.topic_id),
            thread_type: Set(type_text(thread.thread_type).into()),
            title: Set(thread.title),
            body: Set(thread.body),
            author_id: Set(thread.author_id),
            anonymous: Set(thread.anonymous),
            anonymous_to_peers: Set(thread.anonymous_to_peers),
            pinned: Set(false),
            closed: Set(false),
            close_reason: Set(None),
            closed_by: Set(None),
            deleted_at: Set(None),
            deleted_by: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            last_activity_at: Set(now),
            comment_count: Set(0),
            vote_count: Set(0),
            flag_count: Set(0),
            ..Default::default()
        }
        .insert(&self.db)
        .await?;
        thread_record(saved)
    }

    async fn thread(&self, id: i64) -> ForumResult<Option<ThreadRecord>> {
        threads::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .map(thread_record)
            .transpose()
    }

    async fn thread_view(&self, id: i64, viewer_id: i64) -> ForumResult<Option<ThreadView>> {
        let mut sql = Sql::default();
        thread_select(&mut sql, viewer_id);
        sql.push("WHERE t.id = ").bind(id);
        self.db
            .query_one(sql.statement(&self.db))
            .await?
            .as_ref()
            .map(thread_view)
            .transpose()
    }

    async fn edit_thread(
        &self,
        id: i64,
        edit: ThreadEdit,
        editor: Editor,
        now: DateTime<Utc>,
    ) -> ForumResult<ThreadRecord> {
        let txn = self.db.begin().await?;
        let current = active_thread(&txn, id, now).await?;
        let title_changes = edit.title.as_ref().is_some_and(|t| *t != current.title);
        let body_changes = edit.body.as_ref().is_some_and(|b| *b != current.body);
        if title_changes || body_changes {
            log_edit(
                &txn,
                PostId::Thread(id),
                Some(current.title.clone()),
                current.body.clone(),
                editor,
                now,
            )
            .await?;
        }
        let mut active: threads::ActiveModel = current.into();
        if let Some(title) = edit.title {
            active.title = Set(title);
        }
        if let Some(body) = edit.body {
            active.body = Set(body);
        }
        if let Some(topic) = edit.topic_id {
            active.topic_id = Set(topic);
        }
        if let Some(t) = edit.thread_type {
            active.thread_type = Set(type_text(t).into());
        }
        active.updated_at = Set(now);
        let saved = active.update(&txn).await?;
        txn.commit().await?;
        thread_record(saved)
    }

    async fn set_pinned(
        &self,
        id: i64,
        pinned: bool,
        now: DateTime<Utc>,
    ) -> ForumResult<ThreadRecord> {
        threads::Entity::update_many()
            .col_expr(threads::Column::Pinned, Expr::value(pinned))
            .col_expr(threads::Column::UpdatedAt, Expr::value(now))
            .filter(threads::Column::Id.eq(id))
            .exec(&self.db)
            .await?;
        thread_record(self.thread_model(id).await?)
    }

    async fn set_closed(
        &self,
        id: i64,
        closed_by: Option<Editor>,
        now: DateTime<Utc>,
    ) -> ForumResult<ThreadRecord> {
        let (closed, by, reason) = match closed_by {
            Some(editor) => (true, Some(editor.user_id), editor.reason),
            None => (false, None, None),
        };
        threads::Entity::update_many()
            .col_expr(threads::Column::Closed, Expr::value(closed))
            .col_expr(threads::Column::ClosedBy, Expr::value(by))
            .col_expr(threads::Column::CloseReason, Expr::value(reason))
            .col_expr(threads::Column::UpdatedAt, Expr::value(now))
            .filter(threads::Column::Id.eq(id))
            .exec(&self.db)
            .await?;
        thread_record(self.thread_model(id).await?)
    }

    async fn delete_thread(
        &self,
        id: i64,
        deleted_by: i64,
        now: DateTime<Utc>,
    ) -> ForumResult<bool> {
        let changed = threads::Entity::update_many()
            .col_expr(threads::Column::DeletedAt, Expr::value(now))
            .col_expr(threads::Column::DeletedBy, Expr::value(deleted_by))
            .filter(threads::Column::Id.eq(id))
            .filter(threads::Column::DeletedAt.is_null())
            .exec(&self.db)
            .await?
            .rows_affected;
        if changed == 0 {
            self.thread_model(id).await?;
        }
        Ok(changed == 1)
    }

    async fn restore_thread(&self, id: i64) -> ForumResult<bool> {
        let changed = threads::Entity::update_many()
            .col_expr(
                threads::Column::DeletedAt,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .col_expr(threads::Column::DeletedBy, Expr::value(Option::<i64>::None))
            .filter(threads::Column::Id.eq(id))
            .filter(threads::Column::DeletedAt.is_not_null())
            .exec(&self.db)
            .await?
            .rows_affected;
        if changed == 0 {
            self.thread_model(id).await?;
        }
        Ok(changed == 1)
    }

    async fn list_threads(
        &self,
        query: &ThreadQuery,
        viewer_id: i64,
        page: PageRequest,
    ) -> ForumResult<Page<ThreadView>> {
        // The count reads the index only. For `unread`, it is every
        // matching thread minus those the viewer read with nothing new
        // since: the second count scales with the viewer's reads, not with
        // the course's threads.
        let all = ThreadQuery {
            unread: false,
            ..query.clone()
        };
        let mut counting = Sql::default();
        counting.push("SELECT (SELECT COUNT(*) FROM forum_threads t ");
        thread_filters(&mut counting, &all, viewer_id);
        counting.push(")");
        if query.unread {
            counting.push(
                " - (SELECT COUNT(*) FROM forum_reads r \
                 JOIN forum_threads t ON t.id = r.thread_id ",
            );
            thread_filters(&mut counting, &all, viewer_id);
            counting.push(" AND r.user_id = ").bind(viewer_id).push(
                " AND t.last_activity_at <= r.last_read_at \
                     AND t.comment_count <= r.read_comment_count)",
            );
        }
        counting.push(" AS n");
        let total = total(&self.db, &counting).await?;

        let mut sql = Sql::default();
        thread_select(&mut sql, viewer_id);
        thread_filters(&mut sql, query, viewer_id);
        sql.push(match query.sort {
            ThreadSort::Activity => " ORDER BY t.pinned DESC, t.last_activity_at DESC, t.id DESC",
            ThreadSort::Votes => {
                " ORDER BY t.pinned DESC, t.vote_count DESC, t.last_activity_at DESC, t.id DESC"
            }
            ThreadSort::Comments => {
                " ORDER BY t.pinned DESC, t.comment_count DESC, t.last_activity_at DESC, t.id DESC"
            }
        });
        paged(&mut sql, page);
        let items = self
            .db
            .query_all(sql.statement(&self.db))
            .await?
            .iter()
            .map(thread_view)
            .collect::<ForumResult<Vec<_>>>()?;
        Ok(Page { total, items })
    }

    async fn topic_counts(&self, course_key: &str) -> ForumResult<HashMap<String, TopicCount>> {
        let mut sql = Sql::default();
        sql.push(
            "SELECT topic_id, thread_type, COUNT(*) AS n FROM forum_threads \
             WHERE deleted_at IS NULL AND course_key = ",
        )
        .bind(course_key)
        .push(" GROUP BY topic_id, thread_type");
        let mut counts: HashMap<String, TopicCount> = HashMap::new();
        for row in self.db.query_all(sql.statement(&self.db)).await? {
            let topic: String = row.try_get("", "topic_id")?;
            let kind: String = row.try_get("", "thread_type")?;
            let n: i64 = row.try_get("", "n")?;
            let entry = counts.entry(topic).or_default();
            match type_of(&kind)? {
                ThreadType::Discussion => entry.discussions += count(n),
                ThreadType::Question => entry.questions += count(n),
            }
        }
        Ok(counts)
    }

    async fn create_response(
        &self,
        thread_id: i64,
        response: NewComment,
        now: DateTime<Utc>,
    ) -> ForumResult<CommentRecord> {
        let txn = self.db.begin().await?;
        let thread = active_thread(&txn, thread_id, now).await?;
        let saved = Self::insert_comment(&txn, &thread, None, response, now).await?;
        txn.commit().await?;
        Ok(comment_record(saved))
    }

    async fn create_comment(
        &self,
        response_id: i64,
        comment: NewComment,
        now: DateTime<Utc>,
    ) -> ForumResult<CommentRecord> {
        // A post's thread and parent never change: safe to read before the lock.
        let parent = Self::comment_model(&self.db, response_id, "response").await?;
        if parent.parent_id.is_some() {
            return Err(ForumError::CommentOnComment);
        }
        let txn = self.db.begin().await?;
        let thread = active_thread(&txn, parent.thread_id, now).await?;
        let parent = Self::comment_model(&txn, response_id, "response").await?;
        if parent.deleted_at.is_some() {
            txn.rollback().await?;
            return Err(ForumError::NotFound("response"));
        }
        let saved = Self::insert_comment(&txn, &thread, Some(parent.id), comment, now).await?;
        txn.commit().await?;
        Ok(comment_record(saved))
    }

    async fn comment(&self, id: i64) -> ForumResult<Option<CommentRecord>> {
        Ok(comments::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .map(comment_record))
    }

    async fn edit_comment(
        &self,
        id: i64,
        body: String,
        editor: Editor,
        now: DateTime<Utc>,
    ) -> ForumResult<CommentRecord> {
        let txn = self.db.begin().await?;
        if !lock_comment(&txn, id).await? {
            txn.rollback().await?;
            return Err(ForumError::NotFound("comment"));
        }
        let current = Self::comment_model(&txn, id, "comment").await?;
        if current.body == body {
            txn.rollback().await?;
            return Ok(comment_record(current));
        }
        log_edit(
            &txn,
            PostId::Comment(id),
            None,
            current.body.clone(),
            editor,
            now,
        )
        .await?;
        let mut active: comments::ActiveModel = current.into();
        active.body = Set(body);
        active.updated_at = Set(now);
        let saved = active.update(&txn).await?;
        txn.commit().await?;
        Ok(comment_record(saved))
    }

    async fn set_endorsed(
        &self,
        response_id: i64,
        endorsed_by: Option<i64>,
        now: DateTime<Utc>,
    ) -> ForumResult<CommentRecord> {
        let changed = comments::Entity::update_many()
            .col_expr(
                comments::Column::Endorsed,
                Expr::value(endorsed_by.is_some()),
            )
            .col_expr(comments::Column::EndorsedBy, Expr::value(endorsed_by))
            .col_expr(
                comments::Column::EndorsedAt,
                Expr::value(endorsed_by.map(|_| now)),
            )
            .filter(comments::Column::Id.eq(response_id))
            .filter(comments::Column::ParentId.is_null())
            .filter(comments::Column::DeletedAt.is_null())
            .exec(&self.db)
            .await?
            .rows_affected;
        let current = Self::comment_model(&self.db, response_id, "response").await?;
        if changed == 0 {
            return Err(if current.parent_id.is_some() {
                ForumError::NotAResponse
            } else {
                ForumError::NotFound("response")
            });
        }
        Ok(comment_record(current))
    }

    async fn delete_comment(
        &self,
        id: i64,
        deleted_by: i64,
        now: DateTime<Utc>,
    ) -> ForumResult<bool> {
        self.set_comment_deleted(id, Some((deleted_by, now))).await
    }

    async fn restore_comment(&self, id: i64) -> ForumResult<bool> {
        self.set_comment_deleted(id, None).await
    }

    async fn list_responses(
        &self,
        thread_id: i64,
        query: &ResponseQuery,
        viewer_id: i64,
        page: PageRequest,
    ) -> ForumResult<Page<ResponseView>> {
        let filters = |sql: &mut Sql| {
            sql.push("WHERE c.parent_id IS NULL AND c.thread_id = ")
                .bind(thread_id);
            if let Some(endorsed) = query.endorsed {
                sql.push(" AND c.endorsed = ").bind(endorsed);
            }
            if !query.include_deleted {
                sql.push(" AND c.deleted_at IS NULL");
            }
        };
        let Page {
            total,
            items: responses,
        } = comment_page(&self.db, filters, viewer_id, page).await?;

        let mut comments: HashMap<i64, Vec<CommentView>> = HashMap::new();
        if query.comments_per_response > 0 && !responses.is_empty() {
            // Each response's first comments, in one query.
            let mut inner = Sql::default();
            comment_select(
                &mut inner,
                viewer_id,
                ", ROW_NUMBER() OVER (PARTITION BY c.parent_id \
                 ORDER BY c.created_at ASC, c.id ASC) AS position",
            );
            inner.push("WHERE c.parent_id IN (");
            for (i, r) in responses.iter().enumerate() {
                if i > 0 {
                    inner.push(", ");
                }
                inner.bind(r.comment.id);
            }
            inner.push(")");
            if !query.include_deleted {
                inner.push(" AND c.deleted_at IS NULL");
            }
            let mut sql = inner.wrapped("SELECT * FROM (", ") x WHERE x.position <= ");
            sql.bind(query.comments_per_response as i64)
                .push(" ORDER BY x.parent_id, x.position");
            for row in self.db.query_all(sql.statement(&self.db)).await? {
                let view = comment_view(&row)?;
                if let Some(parent) = view.comment.parent_id {
                    comments.entry(parent).or_default().push(view);
                }
            }
        }
        let items = responses
            .into_iter()
            .map(|response| ResponseView {
                comments: comments.remove(&response.comment.id).unwrap_or_default(),
                response,
            })
            .collect();
        Ok(Page { total, items })
    }

    async fn comment_view(&self, id: i64, viewer_id: i64) -> ForumResult<Option<CommentView>> {
        let mut sql = Sql::default();
        comment_select(&mut sql, viewer_id, "");
        sql.push("WHERE c.id = ").bind(id);
        self.db
            .query_one(sql.statement(&self.db))
            .await?
            .as_ref()
            .map(comment_view)
            .transpose()
    }

    async fn list_comments(
        &self,
        response_id: i64,
        include_deleted: bool,
        viewer_id: i64,
        page: PageRequest,
    ) -> ForumResult<Page<CommentView>> {
        let filters = |sql: &mut Sql| {
            sql.push("WHERE c.parent_id = ").bind(response_id);
            if !include_deleted {
                sql.push(" AND c.deleted_at IS NULL");
            }
        };
        comment_page(&self.db, filters, viewer_id, page).await
    }

    async fn edit_history(&self, post: PostId) -> ForumResult<Vec<EditRecord>> {
        let (kind, id, _) = post_parts(post);
        Ok(edits::Entity::find()
            .filter(edits::Column::PostKind.eq(kind))
            .filter(edits::Column::PostId.eq(id))
            .order_by_asc(edits::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|e| EditRecord {
                previous_title: e.previous_title,
                previous_body: e.previous_body,
                editor_id: e.editor_id,
                reason: e.reason,
                edited_at: e.edited_at,
            })
            .collect())
    }

    async fn vote(&self, post: PostId, user_id: i64, now: DateTime<Utc>) -> ForumResult<bool> {
        self.add_mark(Mark::Vote, post, user_id, now).await
    }

    async fn unvote(&self, post: PostId, user_id: i64) -> ForumResult<bool> {
        self.remove_mark(Mark::Vote, post, user_id).await
    }

    async fn flag(&self, post: PostId, user_id: i64, now: DateTime<Utc>) -> ForumResult<bool> {
        self.add_mark(Mark::Flag, post, user_id, now).await
    }

    async fn unflag(&self, post: PostId, user_id: i64) -> ForumResult<bool> {
        self.remove_mark(Mark::Flag, post, user_id).await
    }

    async fn clear_flags(&self, post: PostId) -> ForumResult<u64> {
        let (kind, id, table) = post_parts(post);
        let txn = self.db.begin().await?;
        let mut delete = Sql::default();
        delete
            .push("DELETE FROM forum_flags WHERE post_kind = ")
            .bind(kind)
            .push(" AND post_id = ")
            .bind(id);
        let removed = txn.execute(delete.statement(&txn)).await?.rows_affected();
        if removed > 0 {
            // By the rows this call removed: a racing flag keeps its own +1.
            let mut drop = Sql::default();
            drop.push(&format!(
                "UPDATE {table} SET flag_count = CASE WHEN flag_count > "
            ))
            .bind(removed as i64)
            .push(" THEN flag_count - ")
            .bind(removed as i64)
            .push(" ELSE 0 END WHERE id = ")
            .bind(id);
            txn.execute(drop.statement(&txn)).await?;
        }
        txn.commit().await?;
        Ok(removed)
    }

    async fn flagged_posts(
        &self,
        course_key: &str,
        page: PageRequest,
    ) -> ForumResult<Page<FlaggedPost>> {
        let union = |sql: &mut Sql| {
            sql.push(
                "SELECT 'thread' AS post_kind, t.id AS post_id, t.id AS thread_id, \
                 t.title AS thread_title, t.body AS body, t.author_id AS author_id, \
                 t.flag_count AS flag_count, t.created_at AS created_at \
                 FROM forum_threads t WHERE t.flag_count > 0 AND t.deleted_at IS NULL \
                 AND t.course_key = ",
            )
            .bind(course_key)
            .push(
                " UNION ALL \
                 SELECT 'comment', c.id, c.thread_id, t.title, c.body, c.author_id, \
                 c.flag_count, c.created_at \
                 FROM forum_comments c JOIN forum_threads t ON t.id = c.thread_id \
                 LEFT JOIN forum_comments p ON p.id = c.parent_id \
                 WHERE c.flag_count > 0 AND c.deleted_at IS NULL AND t.deleted_at IS NULL \
                 AND (p.id IS NULL OR p.deleted_at IS NULL) AND c.course_key = ",
            )
            .bind(course_key);
        };
        let mut counting = Sql::default();
        counting.push("SELECT COUNT(*) AS n FROM (");
        union(&mut counting);
        counting.push(") q");
        let total = total(&self.db, &counting).await?;

        let mut sql = Sql::default();
        sql.push("SELECT * FROM (");
        union(&mut sql);
        sql.push(
            ") q ORDER BY q.flag_count DESC, q.created_at DESC, q.post_kind DESC, q.post_id DESC",
        );
        paged(&mut sql, page);
        let mut items = Vec::new();
        for row in self.db.query_all(sql.statement(&self.db)).await? {
            let kind: String = row.try_get("", "post_kind")?;
            let id: i64 = row.try_get("", "post_id")?;
            let flags: i64 = row.try_get("", "flag_count")?;
            items.push(FlaggedPost {
                post: if kind == "thread" {
                    PostId::Thread(id)
                } else {
                    PostId::Comment(id)
                },
                thread_id: row.try_get("", "thread_id")?,
                thread_title: row.try_get("", "thread_title")?,
                body: row.try_get("", "body")?,
                author_id: row.try_get("", "author_id")?,
                flag_count: count(flags),
                created_at: row.try_get("", "created_at")?,
            });
        }
        Ok(Page { total, items })
    }

    async fn follow(&self, thread_id: i64, user_id: i64, now: DateTime<Utc>) -> ForumResult<bool> {
        let mut sql = Sql::default();
        sql.push("INSERT INTO forum_follows (thread_id, user_id, created_at) SELECT id, ")
            .bind(user_id)
            .push(", ")
            .bind(now)
            .push(" FROM forum_threads WHERE id = ")
            .bind(thread_id)
            .push(" ON CONFLICT (thread_id, user_id) DO NOTHING");
        let added = self
            .db
            .execute(sql.statement(&self.db))
            .await?
            .rows_affected();
        if added == 0 {
            self.thread_model(thread_id).await?;
        }
        Ok(added == 1)
    }

    async fn unfollow(&self, thread_id: i64, user_id: i64) -> ForumResult<bool> {
        Ok(follows::Entity::delete_many()
            .filter(follows::Column::ThreadId.eq(thread_id))
            .filter(follows::Column::UserId.eq(user_id))
            .exec(&self.db)
            .await?
            .rows_affected
            == 1)
    }

    async fn is_following(&self, thread_id: i64, user_id: i64) -> ForumResult<bool> {
        Ok(follows::Entity::find()
            .filter(follows::Column::ThreadId.eq(thread_id))
            .filter(follows::Column::UserId.eq(user_id))
            .one(&self.db)
            .await?
            .is_some())
    }

    async fn followers(&self, thread_id: i64) -> ForumResult<Vec<i64>> {
        Ok(follows::Entity::find()
            .filter(follows::Column::ThreadId.eq(thread_id))
            .order_by_asc(follows::Column::UserId)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|f| f.user_id)
            .collect())
    }

    async fn mark_read(
        &self,
        thread_id: i64,
        user_id: i64,
        now: DateTime<Utc>,
    ) -> ForumResult<ReadState> {
        let mut sql = Sql::default();
        sql.push(
            "INSERT INTO forum_reads (thread_id, user_id, last_read_at, read_comment_count) \
             SELECT id, ",
        )
        .bind(user_id)
        .push(", ")
        .bind(now)
        .push(", comment_count FROM forum_threads WHERE id = ")
        .bind(thread_id)
        .push(
            " ON CONFLICT (user_id, thread_id) DO UPDATE SET \
             last_read_at = excluded.last_read_at, \
             read_comment_count = excluded.read_comment_count",
        );
        let written = self
            .db
            .execute(sql.statement(&self.db))
            .await?
            .rows_affected();
        if written == 0 {
            return Err(ForumError::NotFound("thread"));
        }
        self.read_state(thread_id, user_id)
            .await?
            .ok_or(ForumError::NotFound("thread"))
    }

    async fn read_state(&self, thread_id: i64, user_id: i64) -> ForumResult<Option<ReadState>> {
        Ok(reads::Entity::find()
            .filter(reads::Column::ThreadId.eq(thread_id))
            .filter(reads::Column::UserId.eq(user_id))
            .one(&self.db)
            .await?
            .as_ref()
            .map(read_state))
    }

    async fn notified(&self, comment_id: i64) -> ForumResult<HashSet<i64>> {
        Ok(notifications::Entity::find()
            .filter(notifications::Column::CommentId.eq(comment_id))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|n| n.user_id)
            .collect())
    }

    async fn record_notified(
        &self,
        comment_id: i64,
        user_id: i64,
        now: DateTime<Utc>,
    ) -> ForumResult<bool> {
        let mut sql = Sql::default();
        sql.push("INSERT INTO forum_notifications (comment_id, user_id, sent_at) VALUES (")
            .bind(comment_id)
            .push(", ")
            .bind(user_id)
            .push(", ")
            .bind(now)
            .push(") ON CONFLICT (comment_id, user_id) DO NOTHING");
        Ok(self
            .db
            .execute(sql.statement(&self.db))
            .await?
            .rows_affected()
            == 1)
    }

    async fn posts_since(
        &self,
        author_id: i64,
        since: DateTime<Utc>,
        limit: u64,
    ) -> ForumResult<Vec<DateTime<Utc>>> {
        let mut sql = Sql::default();
        sql.push("SELECT created_at FROM (SELECT created_at FROM forum_threads WHERE author_id = ")
            .bind(author_id)
            .push(" AND created_at > ")
            .bind(since)
            .push(" UNION ALL SELECT created_at FROM forum_comments WHERE author_id = ")
            .bind(author_id)
            .push(" AND created_at > ")
            .bind(since)
            .push(") p ORDER BY created_at LIMIT ")
            .bind(limit as i64);
        let mut times = Vec::new();
        for row in self.db.query_all(sql.statement(&self.db)).await? {
            times.push(row.try_get("", "created_at")?);
        }
        Ok(times)
    }
}
