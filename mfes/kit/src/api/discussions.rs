//! The course forum: topics, threads, responses, comments and moderation
//! (`/courses/{course_key}/discussion/...`).

use gloo_net::http::Method;
use shared_types::{
    CloseThreadRequest, CommentPage, CreateCommentRequest, CreateThreadRequest, DiscussionComment,
    DiscussionThread, EditPostRequest, FlaggedPostPage, PostEditList, PreviewRequest,
    PreviewResponse, ThreadPage, TopicList,
};

use super::{encode_path_segment, fetch_empty, fetch_json, ApiError, NO_BODY};

fn forum_path(course_key: &str, rest: &str) -> String {
    format!(
        "/courses/{}/discussion/{rest}",
        encode_path_segment(course_key)
    )
}

/// Which threads to list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ThreadListQuery {
    /// One topic, or every topic.
    pub topic_id: Option<String>,
    /// `unanswered`, `unread`, `following`, `mine`, `participating` or
    /// `flagged`.
    pub filter: Option<String>,
    /// `activity`, `votes` or `comments`.
    pub sort: Option<String>,
    pub page: u64,
}

/// `GET .../discussion/topics`.
pub async fn list_discussion_topics(course_key: &str) -> Result<TopicList, ApiError> {
    fetch_json(Method::GET, &forum_path(course_key, "topics"), NO_BODY).await
}

/// How a page of threads is cut and whether it holds deleted threads:
/// what [`list_threads_paged`] adds to a [`ThreadListQuery`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ThreadListPaging {
    /// Threads per page (the server's default when `None`; at most 100).
    pub page_size: Option<u64>,
    /// Deleted threads too, marked as deleted (moderators only).
    pub include_deleted: bool,
}

/// `GET .../discussion/threads`: one page of threads, pinned first.
pub async fn list_threads(
    course_key: &str,
    query: &ThreadListQuery,
) -> Result<ThreadPage, ApiError> {
    list_threads_paged(course_key, query, ThreadListPaging::default()).await
}

/// `GET .../discussion/threads` with a page size and, for moderators,
/// the deleted threads.
pub async fn list_threads_paged(
    course_key: &str,
    query: &ThreadListQuery,
    paging: ThreadListPaging,
) -> Result<ThreadPage, ApiError> {
    let mut params = vec![format!("page={}", query.page.max(1))];
    if let Some(size) = paging.page_size {
        params.push(format!("page_size={size}"));
    }
    if paging.include_deleted {
        params.push("include_deleted=true".into());
    }
    for (name, value) in [
        ("topic_id", &query.topic_id),
        ("filter", &query.filter),
        ("sort", &query.sort),
    ] {
        if let Some(value) = value.as_deref().filter(|v| !v.is_empty()) {
            params.push(format!("{name}={}", encode_path_segment(value)));
        }
    }
    let path = format!("{}?{}", forum_path(course_key, "threads"), params.join("&"));
    fetch_json(Method::GET, &path, NO_BODY).await
}

/// `POST .../discussion/preview`: Markdown as a post would show it, as
/// sanitized HTML (the app holds no Markdown renderer of its own).
pub async fn preview_post(course_key: &str, body: &str) -> Result<PreviewResponse, ApiError> {
    let request = PreviewRequest { body: body.into() };
    fetch_json(
        Method::POST,
        &forum_path(course_key, "preview"),
        Some(&request),
    )
    .await
}

/// `POST .../discussion/threads`.
pub async fn create_thread(
    course_key: &str,
    request: &CreateThreadRequest,
) -> Result<DiscussionThread, ApiError> {
    fetch_json(
        Method::POST,
        &forum_path(course_key, "threads"),
        Some(request),
    )
    .await
}

/// `GET .../discussion/threads/{id}` (marks it read).
pub async fn get_thread(course_key: &str, id: i64) -> Result<DiscussionThread, ApiError> {
    let path = forum_path(course_key, &format!("threads/{id}"));
    fetch_json(Method::GET, &path, NO_BODY).await
}

/// `PATCH .../discussion/threads/{id}`.
pub async fn update_thread(
    course_key: &str,
    id: i64,
    request: &EditPostRequest,
) -> Result<DiscussionThread, ApiError> {
    let path = forum_path(course_key, &format!("threads/{id}"));
    fetch_json(Method::PATCH, &path, Some(request)).await
}

/// `DELETE .../discussion/threads/{id}`: the author or a moderator.
pub async fn delete_thread(course_key: &str, id: i64) -> Result<(), ApiError> {
    let path = forum_path(course_key, &format!("threads/{id}"));
    fetch_empty(Method::DELETE, &path, NO_BODY).await
}

/// `POST .../discussion/threads/{id}/restore` (moderators).
pub async fn restore_thread(course_key: &str, id: i64) -> Result<DiscussionThread, ApiError> {
    let path = forum_path(course_key, &format!("threads/{id}/restore"));
    fetch_json(Method::POST, &path, NO_BODY).await
}

/// `GET .../threads/{id}/edits`: a thread's earlier versions, oldest first.
pub async fn list_thread_edits(course_key: &str, id: i64) -> Result<PostEditList, ApiError> {
    let path = forum_path(course_key, &format!("threads/{id}/edits"));
    fetch_json(Method::GET, &path, NO_BODY).await
}

/// `PUT` (on) or `DELETE` (off) `.../threads/{id}/{what}` for `vote`,
/// `flag` and `follow`.
pub async fn set_thread_mark(
    course_key: &str,
    id: i64,
    what: &str,
    on: bool,
) -> Result<(), ApiError> {
    let path = forum_path(course_key, &format!("threads/{id}/{what}"));
    let method = if on { Method::PUT } else { Method::DELETE };
    fetch_empty(method, &path, NO_BODY).await
}

/// `PUT` / `DELETE .../comments/{id}/{what}` for `vote` and `flag`.
pub async fn set_comment_mark(
    course_key: &str,
    id: i64,
    what: &str,
    on: bool,
) -> Result<(), ApiError> {
    let path = forum_path(course_key, &format!("comments/{id}/{what}"));
    let method = if on { Method::PUT } else { Method::DELETE };
    fetch_empty(method, &path, NO_BODY).await
}

/// `PUT` / `DELETE .../threads/{id}/pin` (moderators).
pub async fn set_pinned(
    course_key: &str,
    id: i64,
    pinned: bool,
) -> Result<DiscussionThread, ApiError> {
    let path = forum_path(course_key, &format!("threads/{id}/pin"));
    let method = if pinned { Method::PUT } else { Method::DELETE };
    fetch_json(method, &path, NO_BODY).await
}

/// `PUT .../threads/{id}/close` with a reason, or `DELETE` to reopen.
pub async fn set_closed(
    course_key: &str,
    id: i64,
    reason: Option<String>,
) -> Result<DiscussionThread, ApiError> {
    let path = forum_path(course_key, &format!("threads/{id}/close"));
    match reason {
        Some(reason) => fetch_json(Method::PUT, &path, Some(&CloseThreadRequest { reason })).await,
        None => fetch_json(Method::DELETE, &path, NO_BODY).await,
    }
}

/// `GET .../threads/{id}/responses`: a page of responses with their first
/// comments (moderators get deleted ones too, marked).
pub async fn list_responses(
    course_key: &str,
    thread_id: i64,
    page: u64,
    page_size: u64,
) -> Result<CommentPage, ApiError> {
    let path = forum_path(
        course_key,
        &format!(
            "threads/{thread_id}/responses?page={}&page_size={page_size}",
            page.max(1)
        ),
    );
    fetch_json(Method::GET, &path, NO_BODY).await
}

/// `GET .../comments/{id}/comments`: a page of a response's comments,
/// oldest first.
pub async fn list_comments(
    course_key: &str,
    response_id: i64,
    page: u64,
    page_size: u64,
) -> Result<CommentPage, ApiError> {
    let path = forum_path(
        course_key,
        &format!(
            "comments/{response_id}/comments?page={}&page_size={page_size}",
            page.max(1)
        ),
    );
    fetch_json(Method::GET, &path, NO_BODY).await
}

/// `POST .../threads/{id}/responses`.
pub async fn create_response(
    course_key: &str,
    thread_id: i64,
    request: &CreateCommentRequest,
) -> Result<DiscussionComment, ApiError> {
    let path = forum_path(course_key, &format!("threads/{thread_id}/responses"));
    fetch_json(Method::POST, &path, Some(request)).await
}

/// `POST .../comments/{id}/comments`: a comment on a response.
pub async fn create_comment(
    course_key: &str,
    response_id: i64,
    request: &CreateCommentRequest,
) -> Result<DiscussionComment, ApiError> {
    let path = forum_path(course_key, &format!("comments/{response_id}/comments"));
    fetch_json(Method::POST, &path, Some(request)).await
}

/// `PATCH .../comments/{id}`: a response's or comment's new body (a
/// moderator editing someone else's gives a reason).
pub async fn update_comment(
    course_key: &str,
    id: i64,
    request: &EditPostRequest,
) -> Result<DiscussionComment, ApiError> {
    let path = forum_path(course_key, &format!("comments/{id}"));
    fetch_json(Method::PATCH, &path, Some(request)).await
}

/// `DELETE .../comments/{id}`: the author or a moderator; a response
/// takes its comments with it.
pub async fn delete_comment(course_key: &str, id: i64) -> Result<(), ApiError> {
    let path = forum_path(course_key, &format!("comments/{id}"));
    fetch_empty(Method::DELETE, &path, NO_BODY).await
}

/// `POST .../comments/{id}/restore` (moderators).
pub async fn restore_comment(course_key: &str, id: i64) -> Result<DiscussionComment, ApiError> {
    let path = forum_path(course_key, &format!("comments/{id}/restore"));
    fetch_json(Method::POST, &path, NO_BODY).await
}

/// `GET .../comments/{id}/edits`: a response's or comment's earlier
/// versions, oldest first.
pub async fn list_comment_edits(course_key: &str, id: i64) -> Result<PostEditList, ApiError> {
    let path = forum_path(course_key, &format!("comments/{id}/edits"));
    fetch_json(Method::GET, &path, NO_BODY).await
}

/// `PUT` / `DELETE .../comments/{id}/endorsement`: endorse a response or
/// mark it as the answer.
pub async fn set_endorsed(
    course_key: &str,
    id: i64,
    endorsed: bool,
) -> Result<DiscussionComment, ApiError> {
    let path = forum_path(course_key, &format!("comments/{id}/endorsement"));
    let method = if endorsed {
        Method::PUT
    } else {
        Method::DELETE
    };
    fetch_json(method, &path, NO_BODY).await
}

/// `GET .../discussion/flagged`: the moderators' queue.
pub async fn list_flagged_posts(course_key: &str, page: u64) -> Result<FlaggedPostPage, ApiError> {
    let path = forum_path(course_key, &format!("flagged?page={}", page.max(1)));
    fetch_json(Method::GET, &path, NO_BODY).await
}
