//! The course forum as learners and moderators use it: who may read, post,
//! edit, delete, pin, close, endorse and see flags; topics from the course;
//! anonymity; Markdown rendered to sanitized HTML; blackout periods, closed
//! threads and a posting rate limit.
//!
//! Who is who (Open edX's forum roles, from course roles): everyone on the
//! course team or enrolled reads and posts; *moderators* (instructors,
//! staff, discussion moderators) and *community TAs* edit and delete any
//! post, pin and close threads, endorse responses, see flags and deleted
//! posts, and see who wrote a post that is anonymous to peers. Fully
//! anonymous posts name nobody to anyone. A question's answer may also be
//! marked by the thread's author.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use serde_json::Value;
use shared_types::{
    CloseThreadRequest, CourseRole, CreateCommentRequest, CreateThreadRequest, DiscussionComment,
    DiscussionEvent, DiscussionThread, DiscussionTopic, EditPostRequest, FlaggedPost,
    FlaggedPostPage, PostAuthor, PostEdit, PostEditList, PostPermissions, ThreadType, TopicKind,
    TopicList,
};

use super::accounts::{discussion_email_off, html_escape};
use super::courseware::{Access, CoursewareError, CoursewareService};
use super::jobs::JobService;
use super::render::markdown_html;
use crate::store::accounts::{AccountStore, UserRecord};
use crate::store::forum::{
    self, CommentRecord, CommentView, Editor, ForumError as StoreForumError, ForumStore,
    NewComment, NewThread, PageRequest, PostId, ResponseQuery, ThreadEdit, ThreadQuery,
    ThreadRecord, ThreadSort, ThreadView,
};
use crate::store::jobs::NewJob;
use crate::store::live::{LiveBus, LiveSubscription};
use crate::store::mail::{MailError, Mailer, OutgoingMail};

/// The longest title, in characters.
pub const MAX_TITLE_CHARS: usize = 255;
/// The longest post body, in characters.
pub const MAX_BODY_CHARS: usize = 20_000;
/// Posts (threads, responses, comments) one user may make per
/// [`RATE_WINDOW_SECONDS`]; moderators are not limited.
pub const MAX_POSTS_PER_WINDOW: usize = 10;
pub const RATE_WINDOW_SECONDS: i64 = 60;
/// The job that emails followers about a new response or comment.
pub const NOTIFICATION_JOB: &str = "forum_notification";
/// Comments shown under each response of a thread page.
pub const COMMENTS_PER_RESPONSE: u64 = 3;

/// What can go wrong.
#[derive(Debug, thiserror::Error)]
pub enum ForumError {
    #[error("{0}")]
    NotFound(String),
    #[error("{message}")]
    Forbidden { code: &'static str, message: String },
    #[error("{field} {message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
    /// Not possible now (`thread_closed`, `blackout`).
    #[error("{message}")]
    Conflict { code: &'static str, message: String },
    /// Posting too fast; retry after this many seconds.
    #[error("You are posting too fast. Wait {retry_after_secs} seconds.")]
    RateLimited { retry_after_secs: u64 },
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<CoursewareError> for ForumError {
    fn from(e: CoursewareError) -> Self {
        match e {
            CoursewareError::NotFound(m) => ForumError::NotFound(m),
            CoursewareError::Forbidden { code, message } => ForumError::Forbidden { code, message },
            CoursewareError::Invalid { field, message } => ForumError::Invalid { field, message },
            CoursewareError::Conflict { code, message } => ForumError::Conflict { code, message },
            CoursewareError::Internal(e) => ForumError::Internal(e),
        }
    }
}

impl From<StoreForumError> for ForumError {
    fn from(e: StoreForumError) -> Self {
        match e {
            StoreForumError::NotFound(what) => ForumError::NotFound(format!("No such {what}.")),
            StoreForumError::CommentOnComment => ForumError::Invalid {
                field: "parent",
                message: "is a comment; reply to the response instead".into(),
            },
            StoreForumError::NotAResponse => ForumError::Invalid {
                field: "id",
                message: "is a comment; only responses can be endorsed".into(),
            },
            StoreForumError::Backend(e) => ForumError::Internal(e),
        }
    }
}

impl From<crate::store::StoreError> for ForumError {
    fn from(e: crate::store::StoreError) -> Self {
        ForumError::Internal(anyhow::anyhow!("{e}"))
    }
}

type Result<T> = std::result::Result<T, ForumError>;

/// Thread list filters and order, as the API takes them.
#[derive(Debug, Clone, Default)]
pub struct ThreadFilter {
    pub topic_ids: Vec<String>,
    pub thread_type: Option<ThreadType>,
    pub unanswered: bool,
    pub unread: bool,
    pub following: bool,
    /// Moderators only.
    pub flagged: bool,
    /// The viewer's own threads.
    pub mine: bool,
    /// Threads the viewer started, responded to or commented on.
    pub participating: bool,
    /// Moderators only.
    pub include_deleted: bool,
    /// `activity` (default), `votes` or `comments`.
    pub sort: Option<String>,
}

/// The forum of every course run.
pub struct ForumService {
    store: Arc<dyn ForumStore>,
    courseware: Arc<CoursewareService>,
    accounts: Arc<dyn AccountStore>,
    live: Arc<dyn LiveBus>,
    /// Queues the notification emails of new posts.
    jobs: Arc<JobService>,
    mailer: Arc<dyn Mailer>,
    /// The site's address, for links in emails.
    public_base: String,
}

/// A user in a course's forum.
struct Member {
    access: Access,
    /// Moderator or community TA.
    privileged: bool,
    /// Inline topics whose discussion component this user may not see
    /// (not released yet, staff only): their threads are hidden too.
    hidden_topics: HashSet<String>,
}

impl Member {
    fn id(&self) -> i64 {
        self.access.user_id
    }
}

impl ForumService {
    pub fn new(
        store: Arc<dyn ForumStore>,
        courseware: Arc<CoursewareService>,
        accounts: Arc<dyn AccountStore>,
        live: Arc<dyn LiveBus>,
        jobs: Arc<JobService>,
        mailer: Arc<dyn Mailer>,
        public_base: String,
    ) -> Self {
        Self {
            store,
            courseware,
            accounts,
            live,
            jobs,
            mailer,
            public_base,
        }
    }

    /// The user's place in the course: enrolled or on the team, else 403.
    async fn member(&self, user: &UserRecord, course_key: &str) -> Result<Member> {
        let access = self.courseware.access(user, course_key).await?;
        let privileged = access.is_staff
            || access
                .roles
                .iter()
                .any(|r| matches!(r, CourseRole::DiscussionModerator | CourseRole::CommunityTa));
        let tree = access.tree.clone();
        let hidden_topics = tree
            .nodes
            .iter()
            .enumerate()
            .filter(|(i, n)| n.block_type == "discussion" && !access.can_see(*i))
            .map(|(_, n)| inline_topic_id(n).to_string())
            .collect();
        Ok(Member {
            access,
            privileged,
            hidden_topics,
        })
    }

    /// The course's topics the member may see, with thread counts.
    pub async fn topics(&self, user: &UserRecord, course_key: &str) -> Result<TopicList> {
        let member = self.member(user, course_key).await?;
        let counts = self
            .store
            .topic_counts(&member.access.tree.key.to_string())
            .await?;
        let topics = topics_of(&member.access)
            .into_iter()
            .map(|mut topic| {
                let c = counts.get(&topic.id).copied().unwrap_or_default();
                topic.thread_count = c.discussions + c.questions;
                topic
            })
            .collect();
        Ok(TopicList {
            course_key: member.access.tree.key.to_string(),
            course_name: member.access.tree.details.display_name.clone(),
            can_moderate: member.privileged,
            allow_anonymous: member.access.tree.advanced.allow_anonymous,
            allow_anonymous_to_peers: member.access.tree.advanced.allow_anonymous_to_peers,
            topics,
        })
    }

    /// Markdown as a post shows it, for the compose preview. Only those who
    /// may read the forum; bounded like a post.
    pub async fn preview(&self, user: &UserRecord, course_key: &str, body: &str) -> Result<String> {
        self.member(user, course_key).await?;
        if body.chars().count() > MAX_BODY_CHARS {
            return Err(ForumError::Invalid {
                field: "body",
                message: format!("must be at most {MAX_BODY_CHARS} characters"),
            });
        }
        Ok(render(body))
    }

    /// One page of threads.
    pub async fn threads(
        &self,
        user: &UserRecord,
        course_key: &str,
        filter: ThreadFilter,
        page: PageRequest,
    ) -> Result<(u64, Vec<DiscussionThread>)> {
        let member = self.member(user, course_key).await?;
        if (filter.flagged || filter.include_deleted) && !member.privileged {
            return Err(forbidden("Only moderators see flagged and deleted posts."));
        }
        let sort = match filter.sort.as_deref() {
            None | Some("activity") => ThreadSort::Activity,
            Some("votes") => ThreadSort::Votes,
            Some("comments") => ThreadSort::Comments,
            Some(_) => {
                return Err(ForumError::Invalid {
                    field: "sort",
                    message: "must be activity, votes or comments".into(),
                })
            }
        };
        let query = ThreadQuery {
            course_key: member.access.tree.key.to_string(),
            topic_ids: filter.topic_ids,
            exclude_topic_ids: member.hidden_topics.iter().cloned().collect(),
            thread_type: filter.thread_type.map(store_type),
            unanswered: filter.unanswered,
            unread: filter.unread,
            following: filter.following,
            flagged: filter.flagged,
            author_id: filter.mine.then_some(member.id()),
            participant_id: filter.participating.then_some(member.id()),
            include_deleted: filter.include_deleted,
            sort,
        };
        let listed = self.store.list_threads(&query, member.id(), page).await?;
        let names = self
            .names(&member, listed.items.iter().map(|t| t.thread.author_id))
            .await?;
        let threads: Vec<DiscussionThread> = listed
            .items
            .into_iter()
            .map(|t| thread_out(&member, &names, t))
            .collect();
        Ok((listed.total, threads))
    }

    /// Starts a thread; its author follows it.
    pub async fn create_thread(
        &self,
        user: &UserRecord,
        course_key: &str,
        req: CreateThreadRequest,
    ) -> Result<DiscussionThread> {
        let member = self.member(user, course_key).await?;
        if !topics_of(&member.access)
            .iter()
            .any(|t| t.id == req.topic_id)
        {
            return Err(ForumError::Invalid {
                field: "topic_id",
                message: "is not a discussion topic of this course".into(),
            });
        }
        let title = checked_title(&req.title)?;
        let body = checked_body(&req.body)?;
        check_anonymity(&member, req.anonymous, req.anonymous_to_peers)?;
        self.may_post(&member).await?;
        let now = Utc::now();
        let thread = self
            .store
            .create_thread(
                NewThread {
                    course_key: member.access.tree.key.to_string(),
                    topic_id: req.topic_id,
                    thread_type: store_type(req.type_),
                    title,
                    body,
                    author_id: member.id(),
                    anonymous: req.anonymous,
                    anonymous_to_peers: req.anonymous_to_peers,
                },
                now,
            )
            .await?;
        self.store.follow(thread.id, member.id(), now).await?;
        self.store.mark_read(thread.id, member.id(), now).await?;
        self.thread_for(&member, thread.id).await
    }

    /// A thread, marked read for the viewer.
    pub async fn thread(
        &self,
        user: &UserRecord,
        course_key: &str,
        id: i64,
    ) -> Result<DiscussionThread> {
        let member = self.member(user, course_key).await?;
        self.visible_thread(&member, id).await?;
        self.store.mark_read(id, member.id(), Utc::now()).await?;
        self.thread_for(&member, id).await
    }

    async fn thread_for(&self, member: &Member, id: i64) -> Result<DiscussionThread> {
        let view = self
            .store
            .thread_view(id, member.id())
            .await?
            .ok_or_else(|| ForumError::NotFound("No such thread.".into()))?;
        let names = self
            .names(member, std::iter::once(view.thread.author_id))
            .await?;
        Ok(thread_out(member, &names, view))
    }

    /// A thread of this course the member may see (deleted ones only for
    /// the privileged).
    async fn visible_thread(&self, member: &Member, id: i64) -> Result<ThreadRecord> {
        let thread = self.store.thread(id).await?;
        match thread {
            Some(t)
                if t.course_key == member.access.tree.key.to_string()
                    && (t.deleted_at.is_none() || member.privileged)
                    && topic_visible(member, &t.topic_id) =>
            {
                Ok(t)
            }
            _ => Err(ForumError::NotFound("No such thread.".into())),
        }
    }

    /// Edits a thread (its author, or the privileged with a reason when it
    /// is someone else's).
    pub async fn edit_thread(
        &self,
        user: &UserRecord,
        course_key: &str,
        id: i64,
        req: EditPostRequest,
    ) -> Result<DiscussionThread> {
        let member = self.member(user, course_key).await?;
        let thread = self.visible_thread(&member, id).await?;
        let reason = edit_reason(&member, thread.author_id, req.reason.as_deref())?;
        if let Some(topic) = &req.topic_id {
            if !topics_of(&member.access).iter().any(|t| &t.id == topic) {
                return Err(ForumError::Invalid {
                    field: "topic_id",
                    message: "is not a discussion topic of this course".into(),
                });
            }
        }
        let edit = ThreadEdit {
            title: req.title.as_deref().map(checked_title).transpose()?,
            body: req.body.as_deref().map(checked_body).transpose()?,
            topic_id: req.topic_id,
            thread_type: req.type_.map(store_type),
        };
        self.store
            .edit_thread(
                id,
                edit,
                Editor {
                    user_id: member.id(),
                    reason,
                },
                Utc::now(),
            )
            .await?;
        self.thread_for(&member, id).await
    }

    /// Soft-deletes a thread (its author or the privileged).
    pub async fn delete_thread(&self, user: &UserRecord, course_key: &str, id: i64) -> Result<()> {
        let member = self.member(user, course_key).await?;
        let thread = self.visible_thread(&member, id).await?;
        may_delete(&member, thread.author_id)?;
        self.store
            .delete_thread(id, member.id(), Utc::now())
            .await?;
        Ok(())
    }

    /// Restores a deleted thread (the privileged).
    pub async fn restore_thread(
        &self,
        user: &UserRecord,
        course_key: &str,
        id: i64,
    ) -> Result<DiscussionThread> {
        let member = self.privileged(user, course_key).await?;
        self.visible_thread(&member, id).await?;
        self.store.restore_thread(id).await?;
        self.thread_for(&member, id).await
    }

    /// Pins or unpins a thread (the privileged).
    pub async fn set_pinned(
        &self,
        user: &UserRecord,
        course_key: &str,
        id: i64,
        pinned: bool,
    ) -> Result<DiscussionThread> {
        let member = self.privileged(user, course_key).await?;
        self.visible_thread(&member, id).await?;
        self.store.set_pinned(id, pinned, Utc::now()).await?;
        self.thread_for(&member, id).await
    }

    /// Closes a thread with a reason, or reopens it (the privileged).
    pub async fn set_closed(
        &self,
        user: &UserRecord,
        course_key: &str,
        id: i64,
        close: Option<CloseThreadRequest>,
    ) -> Result<DiscussionThread> {
        let member = self.privileged(user, course_key).await?;
        self.visible_thread(&member, id).await?;
        let closer = match close {
            Some(req) => {
                let reason = req.reason.trim();
                if reason.is_empty() || reason.chars().count() > MAX_TITLE_CHARS {
                    return Err(ForumError::Invalid {
                        field: "reason",
                        message: format!("must be 1 to {MAX_TITLE_CHARS} characters"),
                    });
                }
                Some(Editor {
                    user_id: member.id(),
                    reason: Some(reason.to_string()),
                })
            }
            None => None,
        };
        self.store.set_closed(id, closer, Utc::now()).await?;
        self.thread_for(&member, id).await
    }

    async fn privileged(&self, user: &UserRecord, course_key: &str) -> Result<Member> {
        let member = self.member(user, course_key).await?;
        if !member.privileged {
            return Err(forbidden("Only moderators may do this."));
        }
        Ok(member)
    }

    /// One page of a thread's responses, each with its first comments.
    pub async fn responses(
        &self,
        user: &UserRecord,
        course_key: &str,
        thread_id: i64,
        endorsed: Option<bool>,
        page: PageRequest,
    ) -> Result<(u64, Vec<DiscussionComment>)> {
        let member = self.member(user, course_key).await?;
        let thread = self.visible_thread(&member, thread_id).await?;
        let listed = self
            .store
            .list_responses(
                thread_id,
                &ResponseQuery {
                    endorsed,
                    include_deleted: member.privileged,
                    comments_per_response: COMMENTS_PER_RESPONSE,
                },
                member.id(),
                page,
            )
            .await?;
        let ids: Vec<i64> = listed
            .items
            .iter()
            .flat_map(|r| {
                std::iter::once(&r.response)
                    .chain(&r.comments)
                    .flat_map(|c| [Some(c.comment.author_id), c.comment.endorsed_by])
            })
            .flatten()
            .collect();
        let names = self.names(&member, ids.into_iter()).await?;
        let results = listed
            .items
            .into_iter()
            .map(|r| {
                let mut response = comment_out(&member, &thread, &names, r.response);
                response.comments = r
                    .comments
                    .into_iter()
                    .map(|c| comment_out(&member, &thread, &names, c))
                    .collect();
                response
            })
            .collect();
        Ok((listed.total, results))
    }

    /// One page of a response's comments.
    pub async fn comments(
        &self,
        user: &UserRecord,
        course_key: &str,
        response_id: i64,
        page: PageRequest,
    ) -> Result<(u64, Vec<DiscussionComment>)> {
        let member = self.member(user, course_key).await?;
        let (thread, _) = self.visible_comment(&member, response_id).await?;
        let listed = self
            .store
            .list_comments(response_id, member.privileged, member.id(), page)
            .await?;
        let names = self
            .names(&member, listed.items.iter().map(|c| c.comment.author_id))
            .await?;
        let results = listed
            .items
            .into_iter()
            .map(|c| comment_out(&member, &thread, &names, c))
            .collect();
        Ok((listed.total, results))
    }

    /// A response or comment of a visible thread, with that thread.
    async fn visible_comment(
        &self,
        member: &Member,
        id: i64,
    ) -> Result<(ThreadRecord, CommentRecord)> {
        let comment = self
            .store
            .comment(id)
            .await?
            .filter(|c| c.deleted_at.is_none() || member.privileged)
            .ok_or_else(|| ForumError::NotFound("No such response or comment.".into()))?;
        let thread = self
            .visible_thread(member, comment.thread_id)
            .await
            .map_err(|_| ForumError::NotFound("No such response or comment.".into()))?;
        Ok((thread, comment))
    }

    /// Answers a thread (`parent` none) or a response.
    pub async fn reply(
        &self,
        user: &UserRecord,
        course_key: &str,
        thread_id: Option<i64>,
        parent: Option<i64>,
        req: CreateCommentRequest,
    ) -> Result<DiscussionComment> {
        let member = self.member(user, course_key).await?;
        let (thread, parent_author) = match (thread_id, parent) {
            (Some(thread_id), None) => (self.visible_thread(&member, thread_id).await?, None),
            (None, Some(parent)) => {
                let (thread, response) = self.visible_comment(&member, parent).await?;
                (thread, Some(response.author_id))
            }
            _ => {
                return Err(ForumError::Invalid {
                    field: "parent",
                    message: "name a thread or a response".into(),
                })
            }
        };
        if thread.deleted_at.is_some() {
            return Err(ForumError::NotFound("No such thread.".into()));
        }
        if thread.closed {
            return Err(ForumError::Conflict {
                code: "thread_closed",
                message: "This thread is closed; it takes no new responses or comments.".into(),
            });
        }
        let body = checked_body(&req.body)?;
        check_anonymity(&member, req.anonymous, req.anonymous_to_peers)?;
        self.may_post(&member).await?;
        let new = NewComment {
            body,
            author_id: member.id(),
            anonymous: req.anonymous,
            anonymous_to_peers: req.anonymous_to_peers,
        };
        let now = Utc::now();
        let made = match parent {
            None => self.store.create_response(thread.id, new, now).await?,
            Some(parent) => self.store.create_comment(parent, new, now).await?,
        };
        self.store.mark_read(thread.id, member.id(), now).await?;
        self.announce(
            thread.id,
            &DiscussionEvent {
                kind: if made.parent_id.is_some() {
                    "comment".into()
                } else {
                    "response".into()
                },
                id: made.id,
                parent_id: made.parent_id,
            },
        )
        .await;
        self.queue_notification(&thread, &made, parent_author).await;
        let names = self.names(&member, std::iter::once(member.id())).await?;
        let view = CommentView {
            comment: made,
            // Nobody has voted for, flagged or edited a new post yet.
            voted: false,
            flagged: false,
            edited: false,
        };
        Ok(comment_out(&member, &thread, &names, view))
    }

    /// Queues the email about a new response or comment when someone
    /// besides the poster may hear of it (most posts answer someone else;
    /// a course team seeding its own threads queues nothing). The post is
    /// saved whatever happens here: a queue or store that fails is logged,
    /// not reported to the poster.
    async fn queue_notification(
        &self,
        thread: &ThreadRecord,
        made: &CommentRecord,
        parent_author: Option<i64>,
    ) {
        let (course_key, comment_id) = (&thread.course_key, made.id);
        let someone_else = match parent_author {
            Some(author) if author != made.author_id => true,
            _ => match self.store.followers(thread.id).await {
                Ok(followers) => followers.iter().any(|f| *f != made.author_id),
                // Let the job find out.
                Err(e) => {
                    tracing::warn!(error = %e, comment_id, "could not read the thread's followers");
                    true
                }
            },
        };
        if !someone_else {
            return;
        }
        let job = NewJob {
            kind: NOTIFICATION_JOB.into(),
            course_key: None,
            created_by: None,
            payload: serde_json::json!({ "course_key": course_key, "comment_id": comment_id }),
            max_attempts: 5,
        };
        if let Err(e) = self.jobs.enqueue(job).await {
            tracing::error!(error = %e, comment_id, "could not queue the forum notification");
        }
    }

    /// Emails everyone who should hear of a new response or comment:
    /// the thread's followers and, for a comment, the response's author;
    /// never the poster, nobody who turned discussion email off or can no
    /// longer read the post, and nobody twice (a retried job skips whoever
    /// already has theirs). Returns how many were sent.
    pub async fn notify(
        &self,
        comment_id: i64,
        progress: &(dyn Fn(u64, u64) + Sync),
    ) -> Result<u64> {
        let Some(comment) = self.store.comment(comment_id).await? else {
            return Ok(0);
        };
        let Some(thread) = self.store.thread(comment.thread_id).await? else {
            return Ok(0);
        };
        if comment.deleted_at.is_some() || thread.deleted_at.is_some() {
            return Ok(0);
        }
        let mut recipients: BTreeSet<i64> =
            self.store.followers(thread.id).await?.into_iter().collect();
        if let Some(parent) = comment.parent_id {
            match self.store.comment(parent).await? {
                Some(p) if p.deleted_at.is_none() => {
                    recipients.insert(p.author_id);
                }
                _ => return Ok(0),
            }
        }
        recipients.remove(&comment.author_id);
        let done = self.store.notified(comment_id).await?;
        recipients.retain(|id| !done.contains(id));
        let ids: Vec<i64> = recipients.into_iter().collect();
        let opted_out = discussion_email_off(self.accounts.as_ref(), &ids).await?;
        let mut wanted: Vec<i64> = ids
            .into_iter()
            .filter(|id| !opted_out.contains(id))
            .collect();
        wanted.push(comment.author_id);
        let users = self.accounts.users_by_ids(&wanted).await?;
        let poster = if comment.anonymous || comment.anonymous_to_peers {
            "Someone (anonymous)".to_string()
        } else {
            users
                .iter()
                .find(|u| u.id == comment.author_id)
                .map(|u| u.username.clone())
                .unwrap_or_else(|| "Someone".into())
        };
        let total = (wanted.len() - 1) as u64;
        let mut sent = 0;
        let mut handled = 0;
        for user in users.iter().filter(|u| u.id != comment.author_id) {
            handled += 1;
            progress(handled, total);
            if !user.is_active {
                continue;
            }
            // Each recipient must still be able to read the post: enrolled
            // or on the team, and the topic visible to them.
            let member = match self.member(user, &thread.course_key).await {
                Ok(member) => member,
                Err(ForumError::Forbidden { .. } | ForumError::NotFound(_)) => continue,
                Err(e) => return Err(e),
            };
            if !topic_visible(&member, &thread.topic_id) {
                continue;
            }
            let mail = self.notification_mail(&member, user, &thread, &comment, &poster);
            match self.mailer.send(mail).await {
                Ok(()) => {}
                Err(MailError::Invalid(reason)) => {
                    tracing::warn!(user = user.id, %reason, "skipping an unmailable follower");
                    continue;
                }
                Err(e) => return Err(ForumError::Internal(anyhow::anyhow!(e))),
            }
            self.store
                .record_notified(comment_id, user.id, Utc::now())
                .await?;
            sent += 1;
        }
        Ok(sent)
    }

    /// The email telling `to` of a new post in a thread.
    fn notification_mail(
        &self,
        member: &Member,
        to: &UserRecord,
        thread: &ThreadRecord,
        comment: &CommentRecord,
        poster: &str,
    ) -> OutgoingMail {
        let course = &member.access.tree.details.display_name;
        let what = if comment.parent_id.is_some() {
            "commented on a response in"
        } else {
            "responded to"
        };
        let link = self.page_link(&[
            "discussions",
            "course",
            &thread.course_key,
            "threads",
            &thread.id.to_string(),
        ]);
        let settings = self.page_link(&["discussions", "course", &thread.course_key]);
        let text = format!(
            "Hello {name},\n\n{poster} {what} \"{title}\" in {course}:\n\n{body}\n\n\
             Read the thread and reply: {link}\n\n\
             You receive this email because you follow this thread or wrote the response. \
             Stop following the thread on its page, or turn discussion email off in the \
             forum's settings: {settings}\n",
            name = to.name,
            title = thread.title,
            body = comment.body,
        );
        let html = format!(
            "<p>Hello {name},</p><p>{poster} {what} <strong>{title}</strong> in {course}:</p>\
             <blockquote>{body}</blockquote><p><a href=\"{link}\">Read the thread and reply</a></p>\
             <p style=\"color:#555;font-size:small\">You receive this email because you follow \
             this thread or wrote the response. Stop following the thread on its page, or \
             <a href=\"{settings}\">turn discussion email off</a>.</p>",
            name = html_escape(&to.name),
            poster = html_escape(poster),
            title = html_escape(&thread.title),
            course = html_escape(course),
            body = render(&comment.body),
        );
        let subject = if comment.parent_id.is_some() {
            format!("New comment in \"{}\"", thread.title)
        } else {
            format!("New response to \"{}\"", thread.title)
        };
        OutgoingMail {
            to: to.email.clone(),
            subject,
            text,
            html,
        }
    }

    /// An address on this site with each part as one path segment.
    fn page_link(&self, segments: &[&str]) -> String {
        super::site_link(&self.public_base, segments)
    }

    /// New responses and comments of a thread as they are posted (from
    /// any API process), for an open page; the reader must be able to read
    /// the thread. Events name the post only: the page fetches it with the
    /// reader's own permissions (anonymity, deleted posts).
    pub async fn thread_events(
        &self,
        user: &UserRecord,
        course_key: &str,
        thread_id: i64,
    ) -> Result<LiveSubscription> {
        let member = self.member(user, course_key).await?;
        self.visible_thread(&member, thread_id).await?;
        self.live
            .subscribe(&thread_channel(thread_id))
            .await
            .map_err(|e| ForumError::Internal(anyhow::anyhow!("{e}")))
    }

    /// Tells open pages of a thread about a new post; a failure is logged,
    /// never the request's (the post is stored).
    async fn announce(&self, thread_id: i64, event: &DiscussionEvent) {
        let message = match serde_json::to_string(event) {
            Ok(m) => m,
            Err(e) => {
                tracing::warn!(error = %e, "could not encode a forum event");
                return;
            }
        };
        if let Err(e) = self
            .live
            .publish(&thread_channel(thread_id), &message)
            .await
        {
            tracing::warn!(error = %e, thread_id, "could not announce a new post");
        }
    }

    /// Edits a response or comment (its author, or the privileged with a
    /// reason).
    pub async fn edit_comment(
        &self,
        user: &UserRecord,
        course_key: &str,
        id: i64,
        req: EditPostRequest,
    ) -> Result<DiscussionComment> {
        let member = self.member(user, course_key).await?;
        let (thread, comment) = self.visible_comment(&member, id).await?;
        let reason = edit_reason(&member, comment.author_id, req.reason.as_deref())?;
        if req.title.is_some() || req.topic_id.is_some() || req.type_.is_some() {
            return Err(ForumError::Invalid {
                field: "title",
                message: "belongs to threads; a response or comment has only a body".into(),
            });
        }
        let body = checked_body(req.body.as_deref().unwrap_or_default())?;
        self.store
            .edit_comment(
                id,
                body,
                Editor {
                    user_id: member.id(),
                    reason,
                },
                Utc::now(),
            )
            .await?;
        self.comment_for(&member, &thread, id).await
    }

    /// A response or comment as this member sees it now.
    async fn comment_for(
        &self,
        member: &Member,
        thread: &ThreadRecord,
        id: i64,
    ) -> Result<DiscussionComment> {
        let view = self
            .store
            .comment_view(id, member.id())
            .await?
            .ok_or_else(|| ForumError::NotFound("No such response or comment.".into()))?;
        let c = &view.comment;
        let names = self
            .names(
                member,
                [Some(c.author_id), c.endorsed_by].into_iter().flatten(),
            )
            .await?;
        Ok(comment_out(member, thread, &names, view))
    }

    /// Deletes a response or comment (its author or the privileged).
    pub async fn delete_comment(&self, user: &UserRecord, course_key: &str, id: i64) -> Result<()> {
        let member = self.member(user, course_key).await?;
        let (_, comment) = self.visible_comment(&member, id).await?;
        may_delete(&member, comment.author_id)?;
        self.store
            .delete_comment(id, member.id(), Utc::now())
            .await?;
        Ok(())
    }

    /// Restores a deleted response or comment (the privileged).
    pub async fn restore_comment(
        &self,
        user: &UserRecord,
        course_key: &str,
        id: i64,
    ) -> Result<DiscussionComment> {
        let member = self.privileged(user, course_key).await?;
        let (thread, _) = self.visible_comment(&member, id).await?;
        self.store.restore_comment(id).await?;
        self.comment_for(&member, &thread, id).await
    }

    /// Endorses a response or withdraws it: in a discussion the
    /// privileged endorse; in a question the thread's author may mark the
    /// answer too.
    pub async fn set_endorsed(
        &self,
        user: &UserRecord,
        course_key: &str,
        id: i64,
        endorsed: bool,
    ) -> Result<DiscussionComment> {
        let member = self.member(user, course_key).await?;
        let (thread, _) = self.visible_comment(&member, id).await?;
        if !may_endorse(&member, &thread) {
            return Err(forbidden(
                "Only moderators (and, for a question, its author) may do this.",
            ));
        }
        self.store
            .set_endorsed(id, endorsed.then_some(member.id()), Utc::now())
            .await?;
        self.comment_for(&member, &thread, id).await
    }

    /// Votes for a post, or withdraws the vote.
    pub async fn vote(
        &self,
        user: &UserRecord,
        course_key: &str,
        post: PostId,
        on: bool,
    ) -> Result<()> {
        let member = self.member(user, course_key).await?;
        self.post_of_course(&member, post).await?;
        if on {
            self.store.vote(post, member.id(), Utc::now()).await?;
        } else {
            self.store.unvote(post, member.id()).await?;
        }
        Ok(())
    }

    /// Flags a post as abusive, or withdraws the flag (a moderator's
    /// withdrawal clears every flag of the post).
    pub async fn flag(
        &self,
        user: &UserRecord,
        course_key: &str,
        post: PostId,
        on: bool,
    ) -> Result<()> {
        let member = self.member(user, course_key).await?;
        self.post_of_course(&member, post).await?;
        match (on, member.privileged) {
            (true, _) => {
                self.store.flag(post, member.id(), Utc::now()).await?;
            }
            (false, true) => {
                self.store.clear_flags(post).await?;
            }
            (false, false) => {
                self.store.unflag(post, member.id()).await?;
            }
        }
        Ok(())
    }

    /// Follows a thread, or stops.
    pub async fn follow(
        &self,
        user: &UserRecord,
        course_key: &str,
        thread_id: i64,
        on: bool,
    ) -> Result<()> {
        let member = self.member(user, course_key).await?;
        self.visible_thread(&member, thread_id).await?;
        if on {
            self.store
                .follow(thread_id, member.id(), Utc::now())
                .await?;
        } else {
            self.store.unfollow(thread_id, member.id()).await?;
        }
        Ok(())
    }

    async fn post_of_course(&self, member: &Member, post: PostId) -> Result<()> {
        match post {
            PostId::Thread(id) => self.visible_thread(member, id).await.map(|_| ()),
            PostId::Comment(id) => self.visible_comment(member, id).await.map(|_| ()),
        }
    }

    /// The edit history of a post, oldest first (anyone who may read it).
    pub async fn edits(
        &self,
        user: &UserRecord,
        course_key: &str,
        post: PostId,
    ) -> Result<PostEditList> {
        let member = self.member(user, course_key).await?;
        self.post_of_course(&member, post).await?;
        let history = self.store.edit_history(post).await?;
        let names = self
            .names(&member, history.iter().map(|e| e.editor_id))
            .await?;
        Ok(PostEditList {
            results: history
                .into_iter()
                .map(|e| PostEdit {
                    editor: names
                        .get(&e.editor_id)
                        .map(|(name, _)| name.clone())
                        .unwrap_or_default(),
                    reason: e.reason,
                    previous_title: e.previous_title,
                    previous_body: e.previous_body,
                    edited_at: e.edited_at,
                })
                .collect(),
        })
    }

    /// The moderators' queue: flagged posts, most flagged first.
    pub async fn flagged(
        &self,
        user: &UserRecord,
        course_key: &str,
        page: PageRequest,
    ) -> Result<FlaggedPostPage> {
        let member = self.privileged(user, course_key).await?;
        let listed = self
            .store
            .flagged_posts(&member.access.tree.key.to_string(), page)
            .await?;
        let names = self
            .names(&member, listed.items.iter().map(|p| p.author_id))
            .await?;
        Ok(FlaggedPostPage {
            count: listed.total,
            next: None,
            results: listed
                .items
                .into_iter()
                .map(|p| {
                    let (kind, id) = match p.post {
                        PostId::Thread(id) => ("thread", id),
                        PostId::Comment(id) => ("comment", id),
                    };
                    FlaggedPost {
                        kind: kind.into(),
                        id,
                        thread_id: p.thread_id,
                        thread_title: p.thread_title,
                        rendered_body: render(&p.body),
                        author: names
                            .get(&p.author_id)
                            .map(|(n, _)| n.clone())
                            .unwrap_or_default(),
                        flag_count: p.flag_count,
                        created_at: p.created_at,
                    }
                })
                .collect(),
        })
    }

    /// Refuses posting during a blackout (but for the privileged) or too
    /// fast.
    async fn may_post(&self, member: &Member) -> Result<()> {
        if member.privileged {
            return Ok(());
        }
        let now = member.access.now;
        if in_blackout(&member.access, now) {
            return Err(ForumError::Conflict {
                code: "blackout",
                message: "Posting is paused in this course's discussions right now.".into(),
            });
        }
        // Counted from the posts themselves, so every API process applies
        // the same limit.
        let window = Duration::seconds(RATE_WINDOW_SECONDS);
        let recent = self
            .store
            .posts_since(member.id(), now - window, MAX_POSTS_PER_WINDOW as u64)
            .await?;
        if recent.len() >= MAX_POSTS_PER_WINDOW {
            let oldest = recent.first().copied().unwrap_or(now);
            let wait = (oldest + window - now).num_seconds().max(1) as u64;
            return Err(ForumError::RateLimited {
                retry_after_secs: wait,
            });
        }
        Ok(())
    }

    /// Usernames and labels ("Staff", "Community TA") of the given users.
    async fn names(
        &self,
        member: &Member,
        ids: impl Iterator<Item = i64>,
    ) -> Result<HashMap<i64, (String, Option<String>)>> {
        let ids: Vec<i64> = ids.collect::<HashSet<_>>().into_iter().collect();
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        let users = self.accounts.users_by_ids(&ids).await?;
        let team = self
            .accounts
            .course_team(&member.access.tree.key.to_string())
            .await?;
        let mut labels: HashMap<i64, &'static str> = HashMap::new();
        for (user, role) in &team {
            let label = match role {
                CourseRole::Instructor | CourseRole::Staff | CourseRole::LimitedStaff => "Staff",
                CourseRole::DiscussionModerator => "Moderator",
                CourseRole::CommunityTa => "Community TA",
                CourseRole::BetaTester => continue,
            };
            let slot = labels.entry(user.id).or_insert(label);
            if label == "Staff" {
                *slot = label;
            }
        }
        Ok(users
            .into_iter()
            .map(|u| {
                let label = labels
                    .get(&u.id)
                    .map(|l| l.to_string())
                    .or_else(|| u.is_staff.then(|| "Staff".to_string()));
                (u.id, (u.username, label))
            })
            .collect())
    }
}

/// The live channel of a thread.
fn thread_channel(thread_id: i64) -> String {
    format!("forum:thread:{thread_id}")
}

fn forbidden(message: &str) -> ForumError {
    ForumError::Forbidden {
        code: "forbidden",
        message: message.into(),
    }
}

fn store_type(t: ThreadType) -> forum::ThreadType {
    match t {
        ThreadType::Discussion => forum::ThreadType::Discussion,
        ThreadType::Question => forum::ThreadType::Question,
    }
}

fn api_type(t: forum::ThreadType) -> ThreadType {
    match t {
        forum::ThreadType::Discussion => ThreadType::Discussion,
        forum::ThreadType::Question => ThreadType::Question,
    }
}

fn checked_title(title: &str) -> Result<String> {
    let title = title.trim();
    if title.is_empty() || title.chars().count() > MAX_TITLE_CHARS {
        return Err(ForumError::Invalid {
            field: "title",
            message: format!("must be 1 to {MAX_TITLE_CHARS} characters"),
        });
    }
    Ok(title.to_string())
}

fn checked_body(body: &str) -> Result<String> {
    if body.trim().is_empty() || body.chars().count() > MAX_BODY_CHARS {
        return Err(ForumError::Invalid {
            field: "body",
            message: format!("must be 1 to {MAX_BODY_CHARS} characters"),
        });
    }
    Ok(body.to_string())
}

/// Anonymous posting only where the course allows it.
fn check_anonymity(member: &Member, anonymous: bool, to_peers: bool) -> Result<()> {
    let advanced = &member.access.tree.advanced;
    if anonymous && !advanced.allow_anonymous {
        return Err(ForumError::Invalid {
            field: "anonymous",
            message: "posting is not allowed in this course".into(),
        });
    }
    if to_peers && !advanced.allow_anonymous_to_peers {
        return Err(ForumError::Invalid {
            field: "anonymous_to_peers",
            message: "posting is not allowed in this course".into(),
        });
    }
    Ok(())
}

/// The reason kept with an edit; required when the privileged edit someone
/// else's post, refused when someone else tries.
fn edit_reason(member: &Member, author_id: i64, reason: Option<&str>) -> Result<Option<String>> {
    let reason = reason.map(str::trim).filter(|r| !r.is_empty());
    if author_id == member.id() {
        return Ok(reason.map(str::to_string));
    }
    if !member.privileged {
        return Err(forbidden("Only the author or a moderator may edit this."));
    }
    match reason {
        Some(r) if r.chars().count() <= MAX_TITLE_CHARS => Ok(Some(r.to_string())),
        Some(_) => Err(ForumError::Invalid {
            field: "reason",
            message: format!("must be at most {MAX_TITLE_CHARS} characters"),
        }),
        None => Err(ForumError::Invalid {
            field: "reason",
            message: "is required when editing someone else's post".into(),
        }),
    }
}

/// Posts are deleted by their author or the privileged.
fn may_delete(member: &Member, author_id: i64) -> Result<()> {
    if author_id != member.id() && !member.privileged {
        return Err(forbidden("Only the author or a moderator may delete this."));
    }
    Ok(())
}

fn may_endorse(member: &Member, thread: &ThreadRecord) -> bool {
    member.privileged
        || (thread.thread_type == forum::ThreadType::Question && thread.author_id == member.id())
}

/// Markdown to sanitized HTML; text that cannot be rendered is shown
/// escaped.
fn render(markdown: &str) -> String {
    markdown_html(markdown).unwrap_or_else(|_| {
        let mut escaped = String::with_capacity(markdown.len());
        for c in markdown.chars() {
            match c {
                '<' => escaped.push_str("&lt;"),
                '>' => escaped.push_str("&gt;"),
                '&' => escaped.push_str("&amp;"),
                c => escaped.push(c),
            }
        }
        format!("<p>{escaped}</p>")
    })
}

/// The author as this viewer may see them.
fn author_out(
    member: &Member,
    names: &HashMap<i64, (String, Option<String>)>,
    author_id: i64,
    anonymous: bool,
    to_peers: bool,
) -> PostAuthor {
    let hidden = anonymous || (to_peers && !member.privileged);
    if hidden {
        return PostAuthor {
            username: None,
            label: None,
        };
    }
    match names.get(&author_id) {
        Some((name, label)) => PostAuthor {
            username: Some(name.clone()),
            label: label.clone(),
        },
        None => PostAuthor {
            username: None,
            label: None,
        },
    }
}

fn thread_out(
    member: &Member,
    names: &HashMap<i64, (String, Option<String>)>,
    view: ThreadView,
) -> DiscussionThread {
    let t = view.thread;
    let own = t.author_id == member.id();
    DiscussionThread {
        id: t.id,
        topic_id: t.topic_id.clone(),
        type_: api_type(t.thread_type),
        title: t.title.clone(),
        rendered_body: render(&t.body),
        author: author_out(
            member,
            names,
            t.author_id,
            t.anonymous,
            t.anonymous_to_peers,
        ),
        anonymous: t.anonymous,
        anonymous_to_peers: t.anonymous_to_peers,
        created_at: t.created_at,
        updated_at: t.updated_at,
        last_activity_at: t.last_activity_at,
        pinned: t.pinned,
        closed: t.closed,
        close_reason: t.close_reason.clone(),
        deleted: t.deleted_at.is_some(),
        edited: view.edited,
        mine: own,
        comment_count: t.comment_count,
        unread_comment_count: view.unread_comment_count,
        read: !view.unread,
        vote_count: t.vote_count,
        voted: view.voted,
        following: view.following,
        abuse_flagged: view.flagged,
        abuse_flag_count: if member.privileged { t.flag_count } else { 0 },
        can: PostPermissions {
            edit: own || member.privileged,
            delete: own || member.privileged,
            reply: !t.closed && t.deleted_at.is_none(),
            moderate: member.privileged,
            endorse: may_endorse(member, &t),
        },
        raw_body: t.body,
        course_key: t.course_key,
    }
}

fn comment_out(
    member: &Member,
    thread: &ThreadRecord,
    names: &HashMap<i64, (String, Option<String>)>,
    view: CommentView,
) -> DiscussionComment {
    let c = view.comment;
    let own = c.author_id == member.id();
    let is_response = c.parent_id.is_none();
    DiscussionComment {
        id: c.id,
        thread_id: c.thread_id,
        parent_id: c.parent_id,
        rendered_body: render(&c.body),
        author: author_out(
            member,
            names,
            c.author_id,
            c.anonymous,
            c.anonymous_to_peers,
        ),
        anonymous: c.anonymous,
        anonymous_to_peers: c.anonymous_to_peers,
        created_at: c.created_at,
        updated_at: c.updated_at,
        deleted: c.deleted_at.is_some(),
        edited: view.edited,
        mine: own,
        endorsed: c.endorsed,
        endorsed_by: c
            .endorsed_by
            .and_then(|id| names.get(&id).map(|(n, _)| n.clone())),
        endorsed_at: c.endorsed_at,
        vote_count: c.vote_count,
        voted: view.voted,
        abuse_flagged: view.flagged,
        abuse_flag_count: if member.privileged { c.flag_count } else { 0 },
        child_count: c.child_count,
        can: PostPermissions {
            edit: own || member.privileged,
            delete: own || member.privileged,
            reply: is_response && !thread.closed && thread.deleted_at.is_none(),
            moderate: member.privileged,
            endorse: is_response && may_endorse(member, thread),
        },
        comments: Vec::new(),
        raw_body: c.body,
    }
}

/// Whether posting is paused now (the course's discussion blackouts).
fn in_blackout(access: &Access, now: DateTime<Utc>) -> bool {
    access
        .tree
        .advanced
        .discussion_blackouts
        .iter()
        .any(|b| b.start <= now && now < b.end)
}

/// The id of the course-wide topic every course has without settings.
pub const DEFAULT_TOPIC: &str = "course";

/// The topics of a course the member may see: course-wide ones from the
/// course's `discussion_topics` (a "General" topic when it names none),
/// then one per visible discussion component, in course order.
pub fn topics_of(access: &Access) -> Vec<DiscussionTopic> {
    let tree = &access.tree;
    let configured = &tree.advanced.discussion_topics;
    let mut topics: Vec<DiscussionTopic> = configured
        .iter()
        .map(|t| DiscussionTopic {
            id: t.id.clone(),
            name: t.name.clone(),
            kind: TopicKind::CourseWide,
            breadcrumb: Vec::new(),
            unit_key: None,
            thread_count: 0,
        })
        .collect();
    if topics.is_empty() {
        topics.push(DiscussionTopic {
            id: DEFAULT_TOPIC.into(),
            name: "General".into(),
            kind: TopicKind::CourseWide,
            breadcrumb: Vec::new(),
            unit_key: None,
            thread_count: 0,
        });
    }
    for (index, node) in tree.nodes.iter().enumerate() {
        if node.block_type != "discussion" || !access.can_see(index) {
            continue;
        }
        let id = inline_topic_id(node).to_string();
        let name = node
            .fields
            .get("discussion_target")
            .and_then(Value::as_str)
            .filter(|s| !s.trim().is_empty())
            .unwrap_or(&node.display_name)
            .to_string();
        let mut breadcrumb = Vec::new();
        let mut at = node.parent;
        let mut unit_key = None;
        while let Some(p) = at {
            let parent = &tree.nodes[p];
            if parent.block_type == "vertical" && unit_key.is_none() {
                unit_key = Some(parent.id.clone());
            }
            if parent.block_type != "course" {
                breadcrumb.push(parent.display_name.clone());
            }
            at = parent.parent;
        }
        breadcrumb.reverse();
        topics.push(DiscussionTopic {
            id,
            name,
            kind: TopicKind::Inline,
            breadcrumb,
            unit_key,
            thread_count: 0,
        });
    }
    topics
}

/// Whether a thread's topic is one the member may see: course-wide topics
/// and visible inline topics; topics that no longer exist stay readable
/// (as Open edX keeps the threads of deleted components).
fn topic_visible(member: &Member, topic_id: &str) -> bool {
    !member.hidden_topics.contains(topic_id)
}

/// The topic id of a discussion component: its `discussion_id`, else its
/// usage key.
fn inline_topic_id(node: &super::course_tree::Node) -> &str {
    node.fields
        .get("discussion_id")
        .and_then(Value::as_str)
        .unwrap_or(&node.id)
}
