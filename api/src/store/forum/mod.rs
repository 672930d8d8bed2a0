//! The course forum (threads, responses, comments, votes, flags, follows,
//! read state and edit history) in the relational database, with Open edX
//! forum v2 semantics.
//!
//! A course run's forum holds *threads*, each in a topic (a course-wide
//! topic id, or an inline topic: a discussion component's id) and of type
//! discussion or question. A thread's *responses* answer it and a
//! response's *comments* answer the response: exactly two levels, as in
//! Open edX. Responses and comments share one shape ([`CommentRecord`]);
//! a response is a comment without a parent.
//!
//! What the store guarantees, so the service does not have to:
//!
//! - **Nesting.** A comment on a comment is refused with
//!   [`ForumError::CommentOnComment`]: the store is the one place that sees
//!   the parent's depth in the same transaction as the insert.
//! - **Counters stay right.** A thread's `comment_count` (visible responses
//!   and comments), a response's `child_count`, and every post's
//!   `vote_count` and `flag_count` live in the rows, for cheap sorting and
//!   listing. Votes and flags change them with `x = x + 1` in the same
//!   transaction as the vote row (whose uniqueness makes voting twice a
//!   no-op); posting, deleting and restoring recount the thread's
//!   `comment_count` after locking the thread row, so racing writers on one
//!   thread are serialized and never lose an update.
//! - **Soft delete.** Deleted posts keep their rows (`deleted_at`,
//!   `deleted_by`) and can be restored; they drop out of lists, counters,
//!   topic counts and the moderation queue unless a moderator's query asks
//!   for them. The comments of a deleted response are hidden with it (and
//!   not counted) but keep their own state, so a restore brings them back.
//! - **Viewer state without N+1.** Each listing answers, for the viewer,
//!   voted / flagged / following / read state of every row in the same
//!   query (two queries a page: the page and its total).
//!
//! What it leaves to the service: permissions (who may edit, endorse,
//! close, pin, see deleted posts), whether a closed thread still takes
//! responses, authors following their own threads, anonymity when
//! rendering, Markdown rendering, and notifications.

pub mod sql;

use std::collections::{HashMap, HashSet};

use async_trait::async_trait;
use chrono::{DateTime, Utc};

/// The kind of a thread, as Open edX's `thread_type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ThreadType {
    /// An open discussion; staff may endorse good responses.
    Discussion,
    /// A question; endorsing a response marks it as the answer.
    Question,
}

/// One post of the forum, for the calls that work on any post (votes,
/// flags, edit history).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PostId {
    Thread(i64),
    /// A response or a comment.
    Comment(i64),
}

/// A thread to start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewThread {
    pub course_key: String,
    /// A course-wide topic id or an inline topic (a discussion component's id).
    pub topic_id: String,
    pub thread_type: ThreadType,
    pub title: String,
    /// The Markdown source.
    pub body: String,
    pub author_id: i64,
    /// Hidden from everyone (but moderators).
    pub anonymous: bool,
    /// Hidden from other learners, shown to course staff.
    pub anonymous_to_peers: bool,
}

/// A response or comment to post.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewComment {
    /// The Markdown source.
    pub body: String,
    pub author_id: i64,
    pub anonymous: bool,
    pub anonymous_to_peers: bool,
}

/// What an edit of a thread changes; `None` keeps the value. A change of
/// title or body is kept in the thread's edit history.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ThreadEdit {
    pub title: Option<String>,
    pub body: Option<String>,
    pub topic_id: Option<String>,
    pub thread_type: Option<ThreadType>,
}

/// Who changes a post and why (moderators give a reason).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Editor {
    pub user_id: i64,
    pub reason: Option<String>,
}

/// A thread as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThreadRecord {
    pub id: i64,
    pub course_key: String,
    pub topic_id: String,
    pub thread_type: ThreadType,
    pub title: String,
    pub body: String,
    pub author_id: i64,
    pub anonymous: bool,
    pub anonymous_to_peers: bool,
    pub pinned: bool,
    pub closed: bool,
    pub close_reason: Option<String>,
    pub closed_by: Option<i64>,
    pub deleted_at: Option<DateTime<Utc>>,
    pub deleted_by: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Bumped by the thread's creation and edits and by every new
    /// response or comment; the "recent activity" sort.
    pub last_activity_at: DateTime<Utc>,
    /// Visible (not deleted) responses and comments.
    pub comment_count: u64,
    pub vote_count: u64,
    /// Users who flagged the thread itself as abusive.
    pub flag_count: u64,
}

/// A response (no parent) or a comment (its parent is a response).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentRecord {
    pub id: i64,
    pub thread_id: i64,
    pub course_key: String,
    /// The response a comment answers; `None` for a response.
    pub parent_id: Option<i64>,
    pub body: String,
    pub author_id: i64,
    pub anonymous: bool,
    pub anonymous_to_peers: bool,
    /// For a discussion, a staff endorsement; for a question, the answer.
    pub endorsed: bool,
    pub endorsed_by: Option<i64>,
    pub endorsed_at: Option<DateTime<Utc>>,
    pub deleted_at: Option<DateTime<Utc>>,
    pub deleted_by: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub vote_count: u64,
    pub flag_count: u64,
    /// A response's visible comments (0 for a comment).
    pub child_count: u64,
}

/// One edit of a post: what it was before, who changed it, why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditRecord {
    /// The title before the edit (threads only).
    pub previous_title: Option<String>,
    pub previous_body: String,
    pub editor_id: i64,
    pub reason: Option<String>,
    pub edited_at: DateTime<Utc>,
}

/// What a user has seen of a thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadState {
    /// When the user last opened the thread.
    pub last_read_at: DateTime<Utc>,
    /// The thread's `comment_count` at that time.
    pub read_comment_count: u64,
}

/// A thread with what it means to one viewer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThreadView {
    pub thread: ThreadRecord,
    /// The viewer voted for the thread.
    pub voted: bool,
    /// The viewer flagged the thread.
    pub flagged: bool,
    pub following: bool,
    /// Never read by the viewer: `None`.
    pub read: Option<ReadState>,
    /// Never read, or active since the viewer last read it.
    pub unread: bool,
    /// Comments the viewer has not seen: the whole `comment_count` when
    /// never read, else how much it grew since (never below zero).
    pub unread_comment_count: u64,
    /// The thread has edit history.
    pub edited: bool,
}

/// A response or comment with what it means to one viewer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentView {
    pub comment: CommentRecord,
    pub voted: bool,
    pub flagged: bool,
    /// The post has edit history.
    pub edited: bool,
}

/// A response with the first of its comments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseView {
    pub response: CommentView,
    /// Up to [`ResponseQuery::comments_per_response`] comments, oldest
    /// first; the rest through [`ForumStore::list_comments`].
    pub comments: Vec<CommentView>,
}

/// The order of a thread list; pinned threads come first in every order,
/// and ties go to the newest thread.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ThreadSort {
    /// Most recent activity first (`last_activity_at`).
    #[default]
    Activity,
    /// Most votes first.
    Votes,
    /// Most responses and comments first.
    Comments,
}

/// Which threads of a course to list. Every filter narrows the list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ThreadQuery {
    pub course_key: String,
    /// Only these topics (empty: every topic).
    pub topic_ids: Vec<String>,
    /// Never these topics (those the viewer may not see).
    pub exclude_topic_ids: Vec<String>,
    pub thread_type: Option<ThreadType>,
    /// Only questions without an endorsed (visible) response.
    pub unanswered: bool,
    /// Only threads the viewer has never read or that changed since.
    pub unread: bool,
    /// Only threads the viewer follows.
    pub following: bool,
    /// Only threads flagged themselves or with a flagged visible response
    /// or comment (for moderators).
    pub flagged: bool,
    /// Only threads by this author.
    pub author_id: Option<i64>,
    /// Only threads this user started, responded to or commented on
    /// (posts since deleted do not count).
    pub participant_id: Option<i64>,
    /// Deleted threads too (for moderators).
    pub include_deleted: bool,
    pub sort: ThreadSort,
}

/// Which responses of a thread to list. Responses come oldest first
/// (`created_at`, then id), endorsed or not: for a question, the service
/// asks for `endorsed: Some(true)` and `Some(false)` separately, as Open
/// edX lists a question's answers apart from its other responses.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResponseQuery {
    /// Only endorsed (`Some(true)`) or only other (`Some(false)`)
    /// responses; Open edX lists a question's endorsed responses apart.
    pub endorsed: Option<bool>,
    /// Deleted responses and comments too (for moderators).
    pub include_deleted: bool,
    /// How many of each response's first comments to include (0: none).
    pub comments_per_response: u64,
}

/// A page of a list: `page` counts from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    pub page: u64,
    pub page_size: u64,
}

impl PageRequest {
    pub fn new(page: u64, page_size: u64) -> Self {
        Self { page, page_size }
    }

    /// Rows to skip (page 0 reads as page 1).
    pub fn offset(&self) -> u64 {
        self.page.saturating_sub(1).saturating_mul(self.page_size)
    }
}

/// One page of a list with the total count of the whole list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    pub total: u64,
    pub items: Vec<T>,
}

/// Threads in one topic, by type (Open edX's topic stats).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TopicCount {
    pub discussions: u64,
    pub questions: u64,
}

/// A flagged post in the moderators' queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlaggedPost {
    pub post: PostId,
    pub thread_id: i64,
    /// The thread's title (for a response or comment, its thread's).
    pub thread_title: String,
    pub body: String,
    pub author_id: i64,
    pub flag_count: u64,
    pub created_at: DateTime<Utc>,
}

/// What the forum store can fail with.
#[derive(Debug, thiserror::Error)]
pub enum ForumError {
    /// The thread, response or comment does not exist, or is deleted where
    /// the call needs a visible one.
    #[error("{0} not found")]
    NotFound(&'static str),
    /// Comments answer responses only: Open edX has exactly two levels.
    #[error("a comment cannot be answered, only a response")]
    CommentOnComment,
    /// Only a response can be endorsed.
    #[error("only a response can be endorsed")]
    NotAResponse,
    /// The backend failed; the cause is logged, never shown to users.
    #[error("forum store failed: {0}")]
    Backend(#[from] anyhow::Error),
}

impl From<sea_orm::DbErr> for ForumError {
    fn from(err: sea_orm::DbErr) -> Self {
        ForumError::Backend(anyhow::Error::new(err))
    }
}

/// Result of a forum store call.
pub type ForumResult<T> = Result<T, ForumError>;

/// The forum of every course run. Times are passed in (`now`), ids are the
/// store's.
#[async_trait]
pub trait ForumStore: Send + Sync {
    // Threads.

    /// Starts a thread; its activity time is `now`.
    async fn create_thread(
        &self,
        thread: NewThread,
        now: DateTime<Utc>,
    ) -> ForumResult<ThreadRecord>;
    /// A thread, deleted or not.
    async fn thread(&self, id: i64) -> ForumResult<Option<ThreadRecord>>;
    /// A thread with the viewer's state, deleted or not.
    async fn thread_view(&self, id: i64, viewer_id: i64) -> ForumResult<Option<ThreadView>>;
    /// Edits a thread; a changed title or body keeps the previous one in
    /// the edit history with the editor and reason. Bumps `updated_at` and
    /// `last_activity_at`. Refused (not found) on a deleted thread.
    async fn edit_thread(
        &self,
        id: i64,
        edit: ThreadEdit,
        editor: Editor,
        now: DateTime<Utc>,
    ) -> ForumResult<ThreadRecord>;
    /// Pins or unpins a thread (pinned threads come first in every list).
    async fn set_pinned(
        &self,
        id: i64,
        pinned: bool,
        now: DateTime<Utc>,
    ) -> ForumResult<ThreadRecord>;
    /// Closes a thread (`Some(closer)`, with the closer's reason) or
    /// reopens it (`None`, which clears the reason).
    async fn set_closed(
        &self,
        id: i64,
        closed_by: Option<Editor>,
        now: DateTime<Utc>,
    ) -> ForumResult<ThreadRecord>;
    /// Soft-deletes a thread; false when it was already deleted.
    async fn delete_thread(
        &self,
        id: i64,
        deleted_by: i64,
        now: DateTime<Utc>,
    ) -> ForumResult<bool>;
    /// Restores a deleted thread (and so everything in it); false when it
    /// was not deleted.
    async fn restore_thread(&self, id: i64) -> ForumResult<bool>;
    /// One page of a course's threads for `viewer_id`, pinned first, with
    /// the total; two queries whatever the page size.
    async fn list_threads(
        &self,
        query: &ThreadQuery,
        viewer_id: i64,
        page: PageRequest,
    ) -> ForumResult<Page<ThreadView>>;
    /// Visible threads per topic of a course, by type, in one query.
    async fn topic_counts(&self, course_key: &str) -> ForumResult<HashMap<String, TopicCount>>;

    // Responses and comments.

    /// Answers a visible thread; bumps its activity and counts.
    async fn create_response(
        &self,
        thread_id: i64,
        response: NewComment,
        now: DateTime<Utc>,
    ) -> ForumResult<CommentRecord>;
    /// Answers a visible response; [`ForumError::CommentOnComment`] when
    /// `response_id` is a comment. Bumps the thread's activity and counts.
    async fn create_comment(
        &self,
        response_id: i64,
        comment: NewComment,
        now: DateTime<Utc>,
    ) -> ForumResult<CommentRecord>;
    /// A response or comment, deleted or not.
    async fn comment(&self, id: i64) -> ForumResult<Option<CommentRecord>>;
    /// A response or comment with the viewer's state, deleted or not.
    async fn comment_view(&self, id: i64, viewer_id: i64) -> ForumResult<Option<CommentView>>;
    /// Edits a visible response's or comment's body, keeping the previous
    /// body in its edit history.
    async fn edit_comment(
        &self,
        id: i64,
        body: String,
        editor: Editor,
        now: DateTime<Utc>,
    ) -> ForumResult<CommentRecord>;
    /// Endorses a response (`Some(endorser)`) or withdraws the endorsement
    /// (`None`); [`ForumError::NotAResponse`] for a comment.
    async fn set_endorsed(
        &self,
        response_id: i64,
        endorsed_by: Option<i64>,
        now: DateTime<Utc>,
    ) -> ForumResult<CommentRecord>;
    /// Soft-deletes a response (hiding its comments with it) or a comment,
    /// recounting the thread; false when it was already deleted.
    async fn delete_comment(
        &self,
        id: i64,
        deleted_by: i64,
        now: DateTime<Utc>,
    ) -> ForumResult<bool>;
    /// Restores a deleted response (with its comments that were not
    /// deleted on their own) or comment, recounting the thread; false when
    /// it was not deleted.
    async fn restore_comment(&self, id: i64) -> ForumResult<bool>;
    /// One page of a thread's responses, oldest first, each with its first
    /// comments and the viewer's state; three queries whatever the page
    /// size (page, total, comments).
    async fn list_responses(
        &self,
        thread_id: i64,
        query: &ResponseQuery,
        viewer_id: i64,
        page: PageRequest,
    ) -> ForumResult<Page<ResponseView>>;
    /// One page of a response's comments, oldest first, with the viewer's
    /// state.
    async fn list_comments(
        &self,
        response_id: i64,
        include_deleted: bool,
        viewer_id: i64,
        page: PageRequest,
    ) -> ForumResult<Page<CommentView>>;

    // Any post.

    /// Every edit of a post, oldest first.
    async fn edit_history(&self, post: PostId) -> ForumResult<Vec<EditRecord>>;
    /// Votes for a visible post; false when the user had already voted.
    async fn vote(&self, post: PostId, user_id: i64, now: DateTime<Utc>) -> ForumResult<bool>;
    /// Withdraws a vote; false when there was none.
    async fn unvote(&self, post: PostId, user_id: i64) -> ForumResult<bool>;
    /// Flags a visible post as abusive; false when the user had already.
    async fn flag(&self, post: PostId, user_id: i64, now: DateTime<Utc>) -> ForumResult<bool>;
    /// Withdraws a user's flag; false when there was none.
    async fn unflag(&self, post: PostId, user_id: i64) -> ForumResult<bool>;
    /// Removes every flag of a post (a moderator's "unflag"); how many.
    async fn clear_flags(&self, post: PostId) -> ForumResult<u64>;
    /// One page of a course's visible posts with flags, most flagged first
    /// then newest (the moderators' queue).
    async fn flagged_posts(
        &self,
        course_key: &str,
        page: PageRequest,
    ) -> ForumResult<Page<FlaggedPost>>;

    // Follows and read state.

    /// Follows a thread; false when the user already did.
    async fn follow(&self, thread_id: i64, user_id: i64, now: DateTime<Utc>) -> ForumResult<bool>;
    /// Stops following; false when the user did not follow.
    async fn unfollow(&self, thread_id: i64, user_id: i64) -> ForumResult<bool>;
    async fn is_following(&self, thread_id: i64, user_id: i64) -> ForumResult<bool>;
    /// Everyone following a thread (for notifications), by user id.
    async fn followers(&self, thread_id: i64) -> ForumResult<Vec<i64>>;
    /// Records that the user read the thread now, with everything in it
    /// (`read_comment_count` = the thread's `comment_count`). A user's own
    /// new post bumps the thread's activity like anyone's: the service
    /// calls this after it, as Open edX marks the author's thread read.
    async fn mark_read(
        &self,
        thread_id: i64,
        user_id: i64,
        now: DateTime<Utc>,
    ) -> ForumResult<ReadState>;
    /// What the user has seen of the thread; `None` when never read.
    async fn read_state(&self, thread_id: i64, user_id: i64) -> ForumResult<Option<ReadState>>;

    /// When the user made their posts (threads, responses, comments, deleted
    /// or not) after `since`, oldest first, at most `limit` of them: the
    /// posting rate limit, shared by every API process.
    async fn posts_since(
        &self,
        author_id: i64,
        since: DateTime<Utc>,
        limit: u64,
    ) -> ForumResult<Vec<DateTime<Utc>>>;

    // Notification emails.

    /// Who has already been emailed about a new response or comment.
    async fn notified(&self, comment_id: i64) -> ForumResult<HashSet<i64>>;
    /// Records that a user was emailed about a response or comment; false
    /// when that was already recorded.
    async fn record_notified(
        &self,
        comment_id: i64,
        user_id: i64,
        now: DateTime<Utc>,
    ) -> ForumResult<bool>;
}
