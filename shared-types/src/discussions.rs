//! The course forum: topics, threads, responses and comments, as the
//! discussions MFE and third parties see them (`/api/v1/courses/{course_key}/
//! discussion/...`). Shapes follow Open edX's discussion REST API where it
//! has one: a thread carries the viewer's own state (voted, following,
//! flagged, unread) and what the viewer may do with it, so pages show the
//! right controls without asking again.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A thread asks a question (one response can be marked the answer) or
/// starts a discussion (staff may endorse responses).
#[cfg_attr(feature = "openapi", derive(poem_openapi::Enum))]
#[cfg_attr(feature = "openapi", oai(rename_all = "snake_case"))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ThreadType {
    Discussion,
    Question,
}

/// Where a topic comes from.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Enum))]
#[cfg_attr(feature = "openapi", oai(rename_all = "snake_case"))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TopicKind {
    /// From the course's discussion settings ("General").
    CourseWide,
    /// A discussion component inside a unit.
    Inline,
}

/// One topic with its thread count.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiscussionTopic {
    pub id: String,
    pub name: String,
    pub kind: TopicKind,
    /// Section > subsection > unit, for an inline topic.
    pub breadcrumb: Vec<String>,
    /// The unit holding an inline topic (`block-v1:...`).
    pub unit_key: Option<String>,
    pub thread_count: u64,
}

/// `GET .../discussion/topics`: course-wide topics first, then inline ones
/// in course order.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicList {
    pub course_key: String,
    /// The course's name.
    pub course_name: String,
    /// Whether the viewer moderates this forum (sees flags, the reported
    /// queue and deleted posts; pins, closes, endorses).
    pub can_moderate: bool,
    /// The course lets posts hide their author from everyone.
    pub allow_anonymous: bool,
    /// The course lets posts hide their author from other learners.
    pub allow_anonymous_to_peers: bool,
    pub topics: Vec<DiscussionTopic>,
}

/// Who wrote a post, as the viewer may see it.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostAuthor {
    /// `None` when the post is anonymous to this viewer.
    pub username: Option<String>,
    /// "Staff" or "Community TA" for moderators' posts.
    pub label: Option<String>,
}

/// What the viewer may do with a post.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PostPermissions {
    pub edit: bool,
    pub delete: bool,
    /// Reply (respond to a thread, comment on a response).
    pub reply: bool,
    /// Pin and close (threads, moderators).
    pub moderate: bool,
    /// Endorse (discussion) or mark as the answer (question), on responses.
    pub endorse: bool,
}

/// A thread as a list or its page shows it.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DiscussionThread {
    pub id: i64,
    pub course_key: String,
    pub topic_id: String,
    #[cfg_attr(feature = "openapi", oai(rename = "type"))]
    #[serde(rename = "type")]
    pub type_: ThreadType,
    pub title: String,
    /// The Markdown the author wrote.
    pub raw_body: String,
    /// The body as sanitized HTML.
    pub rendered_body: String,
    pub author: PostAuthor,
    pub anonymous: bool,
    pub anonymous_to_peers: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub last_activity_at: DateTime<Utc>,
    pub pinned: bool,
    pub closed: bool,
    pub close_reason: Option<String>,
    /// Deleted threads are listed to moderators only.
    pub deleted: bool,
    /// Edited since it was posted (its history is at `.../edits`).
    pub edited: bool,
    /// Written by the viewer (also when anonymous).
    pub mine: bool,
    /// Responses and comments.
    pub comment_count: u64,
    pub unread_comment_count: u64,
    /// Whether the viewer has read the thread since it last changed.
    pub read: bool,
    pub vote_count: u64,
    pub voted: bool,
    pub following: bool,
    /// Flagged as abuse by the viewer.
    pub abuse_flagged: bool,
    /// How many flagged it (moderators only; 0 for others).
    pub abuse_flag_count: u64,
    pub can: PostPermissions,
}

/// A page of threads.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThreadPage {
    pub count: u64,
    pub next: Option<String>,
    pub results: Vec<DiscussionThread>,
}

/// A response to a thread (`parent_id` none) or a comment on a response.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DiscussionComment {
    pub id: i64,
    pub thread_id: i64,
    pub parent_id: Option<i64>,
    pub raw_body: String,
    pub rendered_body: String,
    pub author: PostAuthor,
    pub anonymous: bool,
    pub anonymous_to_peers: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub deleted: bool,
    /// Edited since it was posted (its history is at `.../edits`).
    pub edited: bool,
    /// Written by the viewer (also when anonymous).
    pub mine: bool,
    /// Endorsed (discussion) or marked as the answer (question).
    pub endorsed: bool,
    pub endorsed_by: Option<String>,
    pub endorsed_at: Option<DateTime<Utc>>,
    pub vote_count: u64,
    pub voted: bool,
    pub abuse_flagged: bool,
    pub abuse_flag_count: u64,
    /// Comments on a response.
    pub child_count: u64,
    pub can: PostPermissions,
    /// A response's first comments, oldest first (the rest at
    /// `.../comments/{id}/comments`); empty for a comment.
    pub comments: Vec<DiscussionComment>,
}

/// A page of responses or comments.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CommentPage {
    pub count: u64,
    pub next: Option<String>,
    pub results: Vec<DiscussionComment>,
}

/// `POST .../discussion/threads`.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[cfg_attr(feature = "openapi", oai(deny_unknown_fields))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateThreadRequest {
    pub topic_id: String,
    #[cfg_attr(feature = "openapi", oai(rename = "type"))]
    #[serde(rename = "type")]
    pub type_: ThreadType,
    pub title: String,
    /// Markdown.
    pub body: String,
    /// Hidden from everyone (where the course allows it).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", oai(default))]
    pub anonymous: bool,
    /// Hidden from other learners; moderators see the author.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", oai(default))]
    pub anonymous_to_peers: bool,
}

/// `POST` a response or a comment.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[cfg_attr(feature = "openapi", oai(deny_unknown_fields))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateCommentRequest {
    /// Markdown.
    pub body: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", oai(default))]
    pub anonymous: bool,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", oai(default))]
    pub anonymous_to_peers: bool,
}

/// `PATCH` a thread or comment: a new text (the old one is kept in the
/// history). Moderators editing someone else's post give a reason.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[cfg_attr(feature = "openapi", oai(deny_unknown_fields))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EditPostRequest {
    /// Threads only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// Threads only: move it to another topic or change its type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic_id: Option<String>,
    #[cfg_attr(feature = "openapi", oai(rename = "type"))]
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub type_: Option<ThreadType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// `POST .../threads/{id}/close`.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[cfg_attr(feature = "openapi", oai(deny_unknown_fields))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CloseThreadRequest {
    pub reason: String,
}

/// `GET .../discussion/flagged`: a post in the moderators' queue.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlaggedPost {
    /// `thread`, or `comment` (a response or a comment).
    pub kind: String,
    pub id: i64,
    pub thread_id: i64,
    pub thread_title: String,
    /// The post as sanitized HTML.
    pub rendered_body: String,
    pub author: String,
    pub flag_count: u64,
    pub created_at: DateTime<Utc>,
}

/// A page of the moderators' queue, most flagged first.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlaggedPostPage {
    pub count: u64,
    pub next: Option<String>,
    pub results: Vec<FlaggedPost>,
}

/// One edit of a post: what it said before.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostEdit {
    pub editor: String,
    pub reason: Option<String>,
    pub previous_title: Option<String>,
    pub previous_body: String,
    pub edited_at: DateTime<Utc>,
}

/// `GET .../edits`: the history of a post, oldest first.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostEditList {
    pub results: Vec<PostEdit>,
}

/// `GET .../threads/{id}/events` (Server-Sent Events): a new post in the
/// thread. It names the post only; the page fetches it.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiscussionEvent {
    /// `response` or `comment`.
    pub kind: String,
    pub id: i64,
    /// The response a comment answers.
    pub parent_id: Option<i64>,
}

/// `POST .../discussion/preview`: Markdown as a post would show it.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[cfg_attr(feature = "openapi", oai(deny_unknown_fields))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PreviewRequest {
    /// Markdown.
    pub body: String,
}

/// The sanitized HTML of a preview.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviewResponse {
    pub html: String,
}
