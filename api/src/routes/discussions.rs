//! `/api/v1/courses/{course_key}/discussion/...`: the course forum. Topics,
//! threads, responses and comments; votes, flags, follows; pinning,
//! closing, endorsing and the moderators' queue.

use futures_util::stream::{BoxStream, StreamExt};
use poem::web::Data;
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::{EventStream, Json};
use poem_openapi::{ApiResponse, OpenApi};
use shared_types::{
    CloseThreadRequest, CommentPage, CreateCommentRequest, CreateThreadRequest, DiscussionComment,
    DiscussionEvent, DiscussionThread, EditPostRequest, FlaggedPostPage, PostEditList,
    PreviewRequest, PreviewResponse, ThreadPage, ThreadType, TopicList,
};

use super::auth::Done;
use super::{ApiTags, Paging};
use crate::auth::Auth;
use crate::error::ApiError;
use crate::services::forum::ThreadFilter;
use crate::state::AppState;
use crate::store::forum::{PageRequest, PostId};

pub struct DiscussionsApi;

#[derive(ApiResponse)]
pub enum ThreadCreated {
    #[oai(status = 201)]
    Created(Json<DiscussionThread>),
}

#[derive(ApiResponse)]
pub enum CommentCreated {
    #[oai(status = 201)]
    Created(Json<DiscussionComment>),
}

fn page_request(paging: Paging) -> PageRequest {
    PageRequest::new(paging.page, paging.page_size)
}

/// The next page's URL of a list, keeping its other query parameters.
fn next_page(
    state: &AppState,
    path: &str,
    query: &[(&str, String)],
    paging: Paging,
    count: u64,
) -> Option<String> {
    (paging.page.saturating_mul(paging.page_size) < count).then(|| {
        let mut params = url::form_urlencoded::Serializer::new(String::new());
        for (key, value) in query.iter().filter(|(_, v)| !v.is_empty()) {
            params.append_pair(key, value);
        }
        params.append_pair("page", &(paging.page + 1).to_string());
        params.append_pair("page_size", &paging.page_size.to_string());
        format!("{}{path}?{}", state.config.public_base(), params.finish())
    })
}

fn base(course_key: &str) -> String {
    format!("/api/v1/courses/{course_key}/discussion")
}

#[OpenApi(tag = "ApiTags::Discussions")]
impl DiscussionsApi {
    /// A course's discussion topics
    ///
    /// Course-wide topics from the course's discussion settings, then one
    /// inline topic per discussion component the user may see, with their
    /// thread counts. Enrolled learners and course staff only.
    #[oai(
        path = "/courses/:course_key/discussion/topics",
        method = "get",
        operation_id = "list_discussion_topics"
    )]
    async fn list_discussion_topics(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
    ) -> Result<Json<TopicList>, ApiError> {
        Ok(Json(
            state
                .forum
                .topics(&auth.current().user, &course_key.0)
                .await?,
        ))
    }

    /// Preview a post
    ///
    /// The sanitized HTML a post with this Markdown body would show.
    #[oai(
        path = "/courses/:course_key/discussion/preview",
        method = "post",
        operation_id = "preview_discussion_post"
    )]
    async fn preview_discussion_post(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
        body: Json<PreviewRequest>,
    ) -> Result<Json<PreviewResponse>, ApiError> {
        let html = state
            .forum
            .preview(&auth.current().user, &course_key.0, &body.0.body)
            .await?;
        Ok(Json(PreviewResponse { html }))
    }

    /// List threads
    ///
    /// Pinned threads first, then by `sort`: `activity` (default, most
    /// recent first), `votes` or `comments`. Filters narrow the list:
    /// `topic_id` (repeatable), `type`, and `filter` = `unanswered`
    /// (questions without a marked answer), `unread`, `following`, `mine`,
    /// `participating` (started, responded to or commented on), or
    /// `flagged` (moderators). Moderators may add `include_deleted`.
    #[oai(
        path = "/courses/:course_key/discussion/threads",
        method = "get",
        operation_id = "list_threads"
    )]
    // poem-openapi takes each query parameter as an argument.
    #[allow(clippy::too_many_arguments)]
    async fn list_threads(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
        topic_id: Query<Vec<String>>,
        #[oai(name = "type")] thread_type: Query<Option<ThreadType>>,
        filter: Query<Option<String>>,
        sort: Query<Option<String>>,
        include_deleted: Query<Option<bool>>,
        /// 1-based page number.
        #[oai(validator(minimum(value = "1")))]
        page: Query<Option<u64>>,
        /// Results per page, at most 100.
        #[oai(validator(minimum(value = "1"), maximum(value = "100")))]
        page_size: Query<Option<u64>>,
    ) -> Result<Json<ThreadPage>, ApiError> {
        let paging = Paging::new(page.0, page_size.0);
        let mut wanted = ThreadFilter {
            topic_ids: topic_id.0.clone(),
            thread_type: thread_type.0,
            include_deleted: include_deleted.0.unwrap_or(false),
            sort: sort.0.clone(),
            ..ThreadFilter::default()
        };
        match filter.0.as_deref() {
            None | Some("") | Some("all") => {}
            Some("unanswered") => wanted.unanswered = true,
            Some("unread") => wanted.unread = true,
            Some("following") => wanted.following = true,
            Some("flagged") => wanted.flagged = true,
            Some("mine") => wanted.mine = true,
            Some("participating") => wanted.participating = true,
            Some(_) => {
                return Err(ApiError::invalid(
                    "filter",
                    "must be unanswered, unread, following, flagged, mine or participating",
                ))
            }
        }
        let (count, results) = state
            .forum
            .threads(
                &auth.current().user,
                &course_key.0,
                wanted,
                page_request(paging),
            )
            .await?;
        let mut query: Vec<(&str, String)> =
            topic_id.0.iter().map(|t| ("topic_id", t.clone())).collect();
        query.push((
            "type",
            thread_type
                .0
                .map(|t| match t {
                    ThreadType::Discussion => "discussion".to_string(),
                    ThreadType::Question => "question".to_string(),
                })
                .unwrap_or_default(),
        ));
        query.push(("filter", filter.0.clone().unwrap_or_default()));
        query.push(("sort", sort.0.clone().unwrap_or_default()));
        if include_deleted.0 == Some(true) {
            query.push(("include_deleted", "true".into()));
        }
        let path = format!("{}/threads", base(&course_key.0));
        Ok(Json(ThreadPage {
            count,
            next: next_page(&state, &path, &query, paging, count),
            results,
        }))
    }

    /// Start a thread
    ///
    /// A discussion or a question in a topic of the course, Markdown body.
    /// The author follows it. Anonymous posting only where the course
    /// allows it; refused during a blackout period (409) and when posting
    /// too fast (429).
    #[oai(
        path = "/courses/:course_key/discussion/threads",
        method = "post",
        operation_id = "create_thread"
    )]
    async fn create_thread(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
        body: Json<CreateThreadRequest>,
    ) -> Result<ThreadCreated, ApiError> {
        let thread = state
            .forum
            .create_thread(&auth.current().user, &course_key.0, body.0)
            .await?;
        Ok(ThreadCreated::Created(Json(thread)))
    }

    /// A thread
    ///
    /// The thread with the viewer's state; reading it marks it read.
    #[oai(
        path = "/courses/:course_key/discussion/threads/:thread_id",
        method = "get",
        operation_id = "get_thread"
    )]
    async fn get_thread(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
        thread_id: Path<i64>,
    ) -> Result<Json<DiscussionThread>, ApiError> {
        Ok(Json(
            state
                .forum
                .thread(&auth.current().user, &course_key.0, thread_id.0)
                .await?,
        ))
    }

    /// Edit a thread
    ///
    /// Its author, or a moderator giving a `reason`. The previous title
    /// and body are kept in the thread's edit history.
    #[oai(
        path = "/courses/:course_key/discussion/threads/:thread_id",
        method = "patch",
        operation_id = "update_thread"
    )]
    async fn update_thread(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
        thread_id: Path<i64>,
        body: Json<EditPostRequest>,
    ) -> Result<Json<DiscussionThread>, ApiError> {
        Ok(Json(
            state
                .forum
                .edit_thread(&auth.current().user, &course_key.0, thread_id.0, body.0)
                .await?,
        ))
    }

    /// Delete a thread
    ///
    /// Its author or a moderator; moderators can restore it.
    #[oai(
        path = "/courses/:course_key/discussion/threads/:thread_id",
        method = "delete",
        operation_id = "delete_thread"
    )]
    async fn delete_thread(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
        thread_id: Path<i64>,
    ) -> Result<Done, ApiError> {
        state
            .forum
            .delete_thread(&auth.current().user, &course_key.0, thread_id.0)
            .await?;
        Ok(Done::NoContent)
    }

    /// Restore a deleted thread (moderators)
    #[oai(
        path = "/courses/:course_key/discussion/threads/:thread_id/restore",
        method = "post",
        operation_id = "restore_thread"
    )]
    async fn restore_thread(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
        thread_id: Path<i64>,
    ) -> Result<Json<DiscussionThread>, ApiError> {
        Ok(Json(
            state
                .forum
                .restore_thread(&auth.current().user, &course_key.0, thread_id.0)
                .await?,
        ))
    }

    /// Pin a thread (moderators)
    ///
    /// Pinned threads come first in every list.
    #[oai(
        path = "/courses/:course_key/discussion/threads/:thread_id/pin",
        method = "put",
        operation_id = "pin_thread"
    )]
    async fn pin_thread(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
        thread_id: Path<i64>,
    ) -> Result<Json<DiscussionThread>, ApiError> {
        Ok(Json(
            state
                .forum
                .set_pinned(&auth.current().user, &course_key.0, thread_id.0, true)
                .await?,
        ))
    }

    /// Unpin a thread (moderators)
    #[oai(
        path = "/courses/:course_key/discussion/threads/:thread_id/pin",
        method = "delete",
        operation_id = "unpin_thread"
    )]
    async fn unpin_thread(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
        thread_id: Path<i64>,
    ) -> Result<Json<DiscussionThread>, ApiError> {
        Ok(Json(
            state
                .forum
                .set_pinned(&auth.current().user, &course_key.0, thread_id.0, false)
                .await?,
        ))
    }

    /// Close a thread (moderators)
    ///
    /// With a reason; a closed thread takes no new responses or comments.
    #[oai(
        path = "/courses/:course_key/discussion/threads/:thread_id/close",
        method = "put",
        operation_id = "close_thread"
    )]
    async fn close_thread(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
        thread_id: Path<i64>,
        body: Json<CloseThreadRequest>,
    ) -> Result<Json<DiscussionThread>, ApiError> {
        Ok(Json(
            state
                .forum
                .set_closed(
                    &auth.current().user,
                    &course_key.0,
                    thread_id.0,
                    Some(body.0),
                )
                .await?,
        ))
    }

    /// Reopen a closed thread (moderators)
    #[oai(
        path = "/courses/:course_key/discussion/threads/:thread_id/close",
        method = "delete",
        operation_id = "reopen_thread"
    )]
    async fn reopen_thread(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
        thread_id: Path<i64>,
    ) -> Result<Json<DiscussionThread>, ApiError> {
        Ok(Json(
            state
                .forum
                .set_closed(&auth.current().user, &course_key.0, thread_id.0, None)
                .await?,
        ))
    }

    /// Vote for a thread
    #[oai(
        path = "/courses/:course_key/discussion/threads/:thread_id/vote",
        method = "put",
        operation_id = "vote_thread"
    )]
    async fn vote_thread(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
        thread_id: Path<i64>,
    ) -> Result<Done, ApiError> {
        let post = PostId::Thread(thread_id.0);
        state
            .forum
            .vote(&auth.current().user, &course_key.0, post, true)
            .await?;
        Ok(Done::NoContent)
    }

    /// Withdraw a vote for a thread
    #[oai(
        path = "/courses/:course_key/discussion/threads/:thread_id/vote",
        method = "delete",
        operation_id = "unvote_thread"
    )]
    async fn unvote_thread(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
        thread_id: Path<i64>,
    ) -> Result<Done, ApiError> {
        let post = PostId::Thread(thread_id.0);
        state
            .forum
            .vote(&auth.current().user, &course_key.0, post, false)
            .await?;
        Ok(Done::NoContent)
    }

    /// Flag a thread as abusive
    #[oai(
        path = "/courses/:course_key/discussion/threads/:thread_id/flag",
        method = "put",
        operation_id = "flag_thread"
    )]
    async fn flag_thread(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
        thread_id: Path<i64>,
    ) -> Result<Done, ApiError> {
        let post = PostId::Thread(thread_id.0);
        state
            .forum
            .flag(&auth.current().user, &course_key.0, post, true)
            .await?;
        Ok(Done::NoContent)
    }

    /// Withdraw a flag from a thread
    ///
    /// A learner withdraws their own flag; a moderator clears them all.
    #[oai(
        path = "/courses/:course_key/discussion/threads/:thread_id/flag",
        method = "delete",
        operation_id = "unflag_thread"
    )]
    async fn unflag_thread(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
        thread_id: Path<i64>,
    ) -> Result<Done, ApiError> {
        let post = PostId::Thread(thread_id.0);
        state
            .forum
            .flag(&auth.current().user, &course_key.0, post, false)
            .await?;
        Ok(Done::NoContent)
    }

    /// Follow a thread
    #[oai(
        path = "/courses/:course_key/discussion/threads/:thread_id/follow",
        method = "put",
        operation_id = "follow_thread"
    )]
    async fn follow_thread(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
        thread_id: Path<i64>,
    ) -> Result<Done, ApiError> {
        state
            .forum
            .follow(&auth.current().user, &course_key.0, thread_id.0, true)
            .await?;
        Ok(Done::NoContent)
    }

    /// Stop following a thread
    #[oai(
        path = "/courses/:course_key/discussion/threads/:thread_id/follow",
        method = "delete",
        operation_id = "unfollow_thread"
    )]
    async fn unfollow_thread(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
        thread_id: Path<i64>,
    ) -> Result<Done, ApiError> {
        state
            .forum
            .follow(&auth.current().user, &course_key.0, thread_id.0, false)
            .await?;
        Ok(Done::NoContent)
    }

    /// Live new posts of a thread
    ///
    /// A Server-Sent Events stream: one `DiscussionEvent` per new response
    /// or comment, from every API process (through Redis when `REDIS_URL`
    /// is set), for as long as the page keeps it open; comments keep the
    /// connection alive every 15 seconds. Events name the post; fetch it
    /// to show it.
    #[oai(
        path = "/courses/:course_key/discussion/threads/:thread_id/events",
        method = "get",
        operation_id = "stream_thread_events"
    )]
    async fn stream_thread_events(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
        thread_id: Path<i64>,
    ) -> Result<EventStream<BoxStream<'static, DiscussionEvent>>, ApiError> {
        let subscription = state
            .forum
            .thread_events(&auth.current().user, &course_key.0, thread_id.0)
            .await?;
        let events = futures_util::stream::unfold(subscription, |mut subscription| async move {
            loop {
                let message = subscription.next().await?;
                match serde_json::from_str::<DiscussionEvent>(&message) {
                    Ok(event) => return Some((event, subscription)),
                    Err(e) => tracing::warn!(error = %e, "skipping an unreadable forum event"),
                }
            }
        });
        Ok(EventStream::new(events.boxed()).keep_alive(std::time::Duration::from_secs(15)))
    }

    /// A thread's edit history
    #[oai(
        path = "/courses/:course_key/discussion/threads/:thread_id/edits",
        method = "get",
        operation_id = "list_thread_edits"
    )]
    async fn list_thread_edits(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
        thread_id: Path<i64>,
    ) -> Result<Json<PostEditList>, ApiError> {
        let post = PostId::Thread(thread_id.0);
        Ok(Json(
            state
                .forum
                .edits(&auth.current().user, &course_key.0, post)
                .await?,
        ))
    }

    /// A thread's responses
    ///
    /// Oldest first, each with its first comments. `endorsed=true` lists
    /// only endorsed responses (a question's marked answer), `false` the
    /// others, as Open edX lists them apart.
    #[oai(
        path = "/courses/:course_key/discussion/threads/:thread_id/responses",
        method = "get",
        operation_id = "list_responses"
    )]
    // poem-openapi takes each query parameter as an argument.
    #[allow(clippy::too_many_arguments)]
    async fn list_responses(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
        thread_id: Path<i64>,
        endorsed: Query<Option<bool>>,
        /// 1-based page number.
        #[oai(validator(minimum(value = "1")))]
        page: Query<Option<u64>>,
        /// Results per page, at most 100.
        #[oai(validator(minimum(value = "1"), maximum(value = "100")))]
        page_size: Query<Option<u64>>,
    ) -> Result<Json<CommentPage>, ApiError> {
        let paging = Paging::new(page.0, page_size.0);
        let (count, results) = state
            .forum
            .responses(
                &auth.current().user,
                &course_key.0,
                thread_id.0,
                endorsed.0,
                page_request(paging),
            )
            .await?;
        let path = format!("{}/threads/{}/responses", base(&course_key.0), thread_id.0);
        let query = [(
            "endorsed",
            endorsed.0.map(|e| e.to_string()).unwrap_or_default(),
        )];
        Ok(Json(CommentPage {
            count,
            next: next_page(&state, &path, &query, paging, count),
            results,
        }))
    }

    /// Respond to a thread
    ///
    /// Refused on a closed thread (409), during a blackout period (409)
    /// and when posting too fast (429).
    #[oai(
        path = "/courses/:course_key/discussion/threads/:thread_id/responses",
        method = "post",
        operation_id = "create_response"
    )]
    async fn create_response(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
        thread_id: Path<i64>,
        body: Json<CreateCommentRequest>,
    ) -> Result<CommentCreated, ApiError> {
        let made = state
            .forum
            .reply(
                &auth.current().user,
                &course_key.0,
                Some(thread_id.0),
                None,
                body.0,
            )
            .await?;
        Ok(CommentCreated::Created(Json(made)))
    }

    /// A response's comments
    #[oai(
        path = "/courses/:course_key/discussion/comments/:comment_id/comments",
        method = "get",
        operation_id = "list_comments"
    )]
    async fn list_comments(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
        comment_id: Path<i64>,
        /// 1-based page number.
        #[oai(validator(minimum(value = "1")))]
        page: Query<Option<u64>>,
        /// Results per page, at most 100.
        #[oai(validator(minimum(value = "1"), maximum(value = "100")))]
        page_size: Query<Option<u64>>,
    ) -> Result<Json<CommentPage>, ApiError> {
        let paging = Paging::new(page.0, page_size.0);
        let (count, results) = state
            .forum
            .comments(
                &auth.current().user,
                &course_key.0,
                comment_id.0,
                page_request(paging),
            )
            .await?;
        let path = format!("{}/comments/{}/comments", base(&course_key.0), comment_id.0);
        Ok(Json(CommentPage {
            count,
            next: next_page(&state, &path, &[], paging, count),
            results,
        }))
    }

    /// Comment on a response
    ///
    /// Two levels only, as Open edX: a comment cannot be answered.
    #[oai(
        path = "/courses/:course_key/discussion/comments/:comment_id/comments",
        method = "post",
        operation_id = "create_comment"
    )]
    async fn create_comment(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
        comment_id: Path<i64>,
        body: Json<CreateCommentRequest>,
    ) -> Result<CommentCreated, ApiError> {
        let made = state
            .forum
            .reply(
                &auth.current().user,
                &course_key.0,
                None,
                Some(comment_id.0),
                body.0,
            )
            .await?;
        Ok(CommentCreated::Created(Json(made)))
    }

    /// Edit a response or comment
    ///
    /// Its author, or a moderator giving a `reason`; the previous body is
    /// kept in its edit history.
    #[oai(
        path = "/courses/:course_key/discussion/comments/:comment_id",
        method = "patch",
        operation_id = "update_comment"
    )]
    async fn update_comment(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
        comment_id: Path<i64>,
        body: Json<EditPostRequest>,
    ) -> Result<Json<DiscussionComment>, ApiError> {
        Ok(Json(
            state
                .forum
                .edit_comment(&auth.current().user, &course_key.0, comment_id.0, body.0)
                .await?,
        ))
    }

    /// Delete a response or comment
    ///
    /// Its author or a moderator; a response takes its comments with it.
    #[oai(
        path = "/courses/:course_key/discussion/comments/:comment_id",
        method = "delete",
        operation_id = "delete_comment"
    )]
    async fn delete_comment(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
        comment_id: Path<i64>,
    ) -> Result<Done, ApiError> {
        state
            .forum
            .delete_comment(&auth.current().user, &course_key.0, comment_id.0)
            .await?;
        Ok(Done::NoContent)
    }

    /// Restore a deleted response or comment (moderators)
    #[oai(
        path = "/courses/:course_key/discussion/comments/:comment_id/restore",
        method = "post",
        operation_id = "restore_comment"
    )]
    async fn restore_comment(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
        comment_id: Path<i64>,
    ) -> Result<Json<DiscussionComment>, ApiError> {
        Ok(Json(
            state
                .forum
                .restore_comment(&auth.current().user, &course_key.0, comment_id.0)
                .await?,
        ))
    }

    /// Endorse a response, or mark it as the answer
    ///
    /// In a discussion, moderators endorse; in a question, moderators and
    /// the question's author mark the answer.
    #[oai(
        path = "/courses/:course_key/discussion/comments/:comment_id/endorsement",
        method = "put",
        operation_id = "endorse_response"
    )]
    async fn endorse_response(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
        comment_id: Path<i64>,
    ) -> Result<Json<DiscussionComment>, ApiError> {
        Ok(Json(
            state
                .forum
                .set_endorsed(&auth.current().user, &course_key.0, comment_id.0, true)
                .await?,
        ))
    }

    /// Withdraw an endorsement or answer mark
    #[oai(
        path = "/courses/:course_key/discussion/comments/:comment_id/endorsement",
        method = "delete",
        operation_id = "unendorse_response"
    )]
    async fn unendorse_response(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
        comment_id: Path<i64>,
    ) -> Result<Json<DiscussionComment>, ApiError> {
        Ok(Json(
            state
                .forum
                .set_endorsed(&auth.current().user, &course_key.0, comment_id.0, false)
                .await?,
        ))
    }

    /// Vote for a response or comment
    #[oai(
        path = "/courses/:course_key/discussion/comments/:comment_id/vote",
        method = "put",
        operation_id = "vote_comment"
    )]
    async fn vote_comment(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
        comment_id: Path<i64>,
    ) -> Result<Done, ApiError> {
        let post = PostId::Comment(comment_id.0);
        state
            .forum
            .vote(&auth.current().user, &course_key.0, post, true)
            .await?;
        Ok(Done::NoContent)
    }

    /// Withdraw a vote for a response or comment
    #[oai(
        path = "/courses/:course_key/discussion/comments/:comment_id/vote",
        method = "delete",
        operation_id = "unvote_comment"
    )]
    async fn unvote_comment(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
        comment_id: Path<i64>,
    ) -> Result<Done, ApiError> {
        let post = PostId::Comment(comment_id.0);
        state
            .forum
            .vote(&auth.current().user, &course_key.0, post, false)
            .await?;
        Ok(Done::NoContent)
    }

    /// Flag a response or comment as abusive
    #[oai(
        path = "/courses/:course_key/discussion/comments/:comment_id/flag",
        method = "put",
        operation_id = "flag_comment"
    )]
    async fn flag_comment(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
        comment_id: Path<i64>,
    ) -> Result<Done, ApiError> {
        let post = PostId::Comment(comment_id.0);
        state
            .forum
            .flag(&auth.current().user, &course_key.0, post, true)
            .await?;
        Ok(Done::NoContent)
    }

    /// Withdraw a flag from a response or comment
    ///
    /// A learner withdraws their own flag; a moderator clears them all.
    #[oai(
        path = "/courses/:course_key/discussion/comments/:comment_id/flag",
        method = "delete",
        operation_id = "unflag_comment"
    )]
    async fn unflag_comment(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
        comment_id: Path<i64>,
    ) -> Result<Done, ApiError> {
        let post = PostId::Comment(comment_id.0);
        state
            .forum
            .flag(&auth.current().user, &course_key.0, post, false)
            .await?;
        Ok(Done::NoContent)
    }

    /// A response's or comment's edit history
    #[oai(
        path = "/courses/:course_key/discussion/comments/:comment_id/edits",
        method = "get",
        operation_id = "list_comment_edits"
    )]
    async fn list_comment_edits(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
        comment_id: Path<i64>,
    ) -> Result<Json<PostEditList>, ApiError> {
        let post = PostId::Comment(comment_id.0);
        Ok(Json(
            state
                .forum
                .edits(&auth.current().user, &course_key.0, post)
                .await?,
        ))
    }

    /// The moderators' queue
    ///
    /// Posts flagged as abusive, most flagged first. Moderators only.
    #[oai(
        path = "/courses/:course_key/discussion/flagged",
        method = "get",
        operation_id = "list_flagged_posts"
    )]
    async fn list_flagged_posts(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
        /// 1-based page number.
        #[oai(validator(minimum(value = "1")))]
        page: Query<Option<u64>>,
        /// Results per page, at most 100.
        #[oai(validator(minimum(value = "1"), maximum(value = "100")))]
        page_size: Query<Option<u64>>,
    ) -> Result<Json<FlaggedPostPage>, ApiError> {
        let paging = Paging::new(page.0, page_size.0);
        let mut listed = state
            .forum
            .flagged(&auth.current().user, &course_key.0, page_request(paging))
            .await?;
        let path = format!("{}/flagged", base(&course_key.0));
        listed.next = next_page(&state, &path, &[], paging, listed.count);
        Ok(Json(listed))
    }
}
