//! The `ForumStore` contract: one body per behaviour, run against every
//! backend (SQLite and PostgreSQL).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use api::store::forum::{
    CommentRecord, Editor, ForumError, ForumStore, NewComment, NewThread, Page, PageRequest,
    PostId, ResponseQuery, ThreadEdit, ThreadQuery, ThreadRecord, ThreadSort, ThreadType,
    ThreadView, TopicCount,
};
use chrono::{DateTime, Duration, TimeZone, Utc};

macro_rules! contract {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    let (store, _dir) = crate::helpers::fresh_forum_store(crate::helpers::Backend::Sqlite).await.unwrap();
                    super::$name(store).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    if let Some((store, _dir)) = crate::helpers::fresh_forum_store(crate::helpers::Backend::Postgres).await {
                        super::$name(store).await;
                    }
                }
            )*
        }
    };
}

contract!(
    a_thread_keeps_what_it_was_created_with,
    new_posts_move_the_activity_forward_only,
    pinned_threads_come_first_in_every_sort,
    topic_type_and_author_filters_narrow_the_list,
    unanswered_lists_questions_without_a_visible_endorsed_response,
    unread_follows_what_the_viewer_has_seen,
    following_lists_followed_threads_and_their_followers,
    flagged_finds_flags_on_the_thread_or_any_of_its_posts,
    the_moderation_queue_lists_visible_flagged_posts,
    voting_twice_counts_once_and_unvoting_takes_it_back,
    flags_and_unflags_keep_the_counters,
    a_deleted_thread_leaves_lists_and_counts_until_restored,
    a_deleted_response_hides_its_comments_until_restored,
    edits_keep_the_history_in_order_with_reasons,
    a_comment_on_a_comment_is_refused,
    only_visible_posts_take_votes_replies_and_endorsements,
    concurrent_votes_and_replies_keep_the_counters_right,
    concurrent_deletes_and_replies_keep_the_comment_count_right,
    paging_reports_the_total_and_slices_in_order,
    responses_come_oldest_first_with_their_first_comments,
    topic_counts_count_visible_threads_per_topic_and_type,
    closing_and_pinning_record_who_and_why,
    participating_and_excluded_topics_narrow_the_list,
    notifications_are_recorded_once_per_post_and_user,
    recent_posts_count_every_kind_of_post_by_the_author,
);

const COURSE: &str = "course-v1:Org+F1+R";
const OTHER_COURSE: &str = "course-v1:Org+F2+R";

/// A fixed clock: `at(s)` is `s` seconds after noon.
fn at(seconds: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, 12, 0, 0).unwrap() + Duration::seconds(seconds)
}

fn first_page() -> PageRequest {
    PageRequest::new(1, 100)
}

fn course_query() -> ThreadQuery {
    ThreadQuery {
        course_key: COURSE.into(),
        ..Default::default()
    }
}

async fn start(
    store: &Arc<dyn ForumStore>,
    topic: &str,
    thread_type: ThreadType,
    author_id: i64,
    now: DateTime<Utc>,
) -> ThreadRecord {
    store
        .create_thread(
            NewThread {
                course_key: COURSE.into(),
                topic_id: topic.into(),
                thread_type,
                title: format!("A {topic} thread"),
                body: "What about **this**?".into(),
                author_id,
                anonymous: false,
                anonymous_to_peers: false,
            },
            now,
        )
        .await
        .unwrap()
}

fn post(author_id: i64, body: &str) -> NewComment {
    NewComment {
        body: body.into(),
        author_id,
        anonymous: false,
        anonymous_to_peers: false,
    }
}

async fn respond(
    store: &Arc<dyn ForumStore>,
    thread_id: i64,
    author_id: i64,
    now: DateTime<Utc>,
) -> CommentRecord {
    store
        .create_response(thread_id, post(author_id, "A response"), now)
        .await
        .unwrap()
}

async fn list(store: &Arc<dyn ForumStore>, query: &ThreadQuery, viewer: i64) -> Page<ThreadView> {
    store
        .list_threads(query, viewer, first_page())
        .await
        .unwrap()
}

async fn listed(store: &Arc<dyn ForumStore>, query: &ThreadQuery, viewer: i64) -> Vec<i64> {
    list(store, query, viewer)
        .await
        .items
        .iter()
        .map(|v| v.thread.id)
        .collect()
}

async fn thread(store: &Arc<dyn ForumStore>, id: i64) -> ThreadRecord {
    store.thread(id).await.unwrap().unwrap()
}

async fn comment(store: &Arc<dyn ForumStore>, id: i64) -> CommentRecord {
    store.comment(id).await.unwrap().unwrap()
}

async fn a_thread_keeps_what_it_was_created_with(store: Arc<dyn ForumStore>) {
    let created = store
        .create_thread(
            NewThread {
                course_key: COURSE.into(),
                topic_id: "block-v1:Org+F1+R+type@discussion+block@d1".into(),
                thread_type: ThreadType::Question,
                title: "How do I integrate?".into(),
                body: "Step *one*".into(),
                author_id: 7,
                anonymous: false,
                anonymous_to_peers: true,
            },
            at(0),
        )
        .await
        .unwrap();

    let read = thread(&store, created.id).await;

    assert_eq!(read, created);
    assert_eq!(read.thread_type, ThreadType::Question);
    assert_eq!(read.title, "How do I integrate?");
    assert!(read.anonymous_to_peers && !read.anonymous);
    assert!(!read.pinned && !read.closed && read.deleted_at.is_none());
    assert_eq!(read.created_at, at(0));
    assert_eq!(read.last_activity_at, at(0));
    assert_eq!(
        (read.comment_count, read.vote_count, read.flag_count),
        (0, 0, 0)
    );
    assert!(store.thread(created.id + 100).await.unwrap().is_none());
}

async fn new_posts_move_the_activity_forward_only(store: Arc<dyn ForumStore>) {
    let t = start(&store, "t", ThreadType::Discussion, 1, at(0)).await;

    let response = respond(&store, t.id, 2, at(10)).await;
    assert_eq!(thread(&store, t.id).await.last_activity_at, at(10));
    store
        .create_comment(response.id, post(3, "c"), at(20))
        .await
        .unwrap();
    assert_eq!(thread(&store, t.id).await.last_activity_at, at(20));
    // A post stamped earlier (a slower request) does not move it back.
    respond(&store, t.id, 4, at(15)).await;

    let now = thread(&store, t.id).await;
    assert_eq!(now.last_activity_at, at(20));
    assert_eq!(now.updated_at, at(0));
    assert_eq!(now.comment_count, 3);
}

async fn pinned_threads_come_first_in_every_sort(store: Arc<dyn ForumStore>) {
    // `busy` leads every sort; `quiet` trails every sort and is pinned.
    let quiet = start(&store, "general", ThreadType::Discussion, 1, at(0)).await;
    let middle = start(&store, "general", ThreadType::Discussion, 1, at(1)).await;
    let busy = start(&store, "general", ThreadType::Discussion, 1, at(2)).await;
    respond(&store, middle.id, 2, at(10)).await;
    store
        .vote(PostId::Thread(middle.id), 2, at(10))
        .await
        .unwrap();
    for user in 2..5 {
        respond(&store, busy.id, user, at(20 + user)).await;
        store
            .vote(PostId::Thread(busy.id), user, at(20))
            .await
            .unwrap();
    }
    for sort in [
        ThreadSort::Activity,
        ThreadSort::Votes,
        ThreadSort::Comments,
    ] {
        let query = ThreadQuery {
            sort,
            ..course_query()
        };
        assert_eq!(
            listed(&store, &query, 1).await,
            [busy.id, middle.id, quiet.id],
            "{sort:?}"
        );
    }

    store.set_pinned(quiet.id, true, at(30)).await.unwrap();

    for sort in [
        ThreadSort::Activity,
        ThreadSort::Votes,
        ThreadSort::Comments,
    ] {
        let query = ThreadQuery {
            sort,
            ..course_query()
        };
        assert_eq!(
            listed(&store, &query, 1).await,
            [quiet.id, busy.id, middle.id],
            "{sort:?}"
        );
    }
}

async fn topic_type_and_author_filters_narrow_the_list(store: Arc<dyn ForumStore>) {
    let a = start(&store, "topic-a", ThreadType::Discussion, 1, at(0)).await;
    let b = start(&store, "topic-b", ThreadType::Question, 2, at(1)).await;
    let c = start(&store, "topic-c", ThreadType::Question, 1, at(2)).await;
    store
        .create_thread(
            NewThread {
                course_key: OTHER_COURSE.into(),
                topic_id: "topic-a".into(),
                thread_type: ThreadType::Discussion,
                title: "Elsewhere".into(),
                body: "Not here".into(),
                author_id: 1,
                anonymous: false,
                anonymous_to_peers: false,
            },
            at(3),
        )
        .await
        .unwrap();

    assert_eq!(listed(&store, &course_query(), 9).await, [c.id, b.id, a.id]);
    let topics = ThreadQuery {
        topic_ids: vec!["topic-a".into(), "topic-b".into()],
        ..course_query()
    };
    assert_eq!(listed(&store, &topics, 9).await, [b.id, a.id]);
    let questions = ThreadQuery {
        thread_type: Some(ThreadType::Question),
        ..course_query()
    };
    assert_eq!(listed(&store, &questions, 9).await, [c.id, b.id]);
    let by_author = ThreadQuery {
        author_id: Some(1),
        ..course_query()
    };
    assert_eq!(listed(&store, &by_author, 9).await, [c.id, a.id]);
    let combined = ThreadQuery {
        author_id: Some(1),
        thread_type: Some(ThreadType::Question),
        topic_ids: vec!["topic-c".into()],
        ..course_query()
    };
    assert_eq!(listed(&store, &combined, 9).await, [c.id]);
}

async fn unanswered_lists_questions_without_a_visible_endorsed_response(
    store: Arc<dyn ForumStore>,
) {
    let open = start(&store, "t", ThreadType::Question, 1, at(0)).await;
    let answered = start(&store, "t", ThreadType::Question, 1, at(1)).await;
    let answer_deleted = start(&store, "t", ThreadType::Question, 1, at(2)).await;
    start(&store, "t", ThreadType::Discussion, 1, at(3)).await;
    respond(&store, open.id, 2, at(10)).await;
    let answer = respond(&store, answered.id, 2, at(11)).await;
    store
        .set_endorsed(answer.id, Some(1), at(12))
        .await
        .unwrap();
    let gone = respond(&store, answer_deleted.id, 2, at(13)).await;
    store.set_endorsed(gone.id, Some(1), at(14)).await.unwrap();
    store.delete_comment(gone.id, 5, at(15)).await.unwrap();
    let unanswered = ThreadQuery {
        unanswered: true,
        ..course_query()
    };

    assert_eq!(
        listed(&store, &unanswered, 9).await,
        [answer_deleted.id, open.id]
    );

    store.set_endorsed(answer.id, None, at(20)).await.unwrap();
    assert_eq!(
        listed(&store, &unanswered, 9).await,
        [answer_deleted.id, answered.id, open.id]
    );
    let withdrawn = comment(&store, answer.id).await;
    assert!(!withdrawn.endorsed && withdrawn.endorsed_by.is_none());
}

async fn unread_follows_what_the_viewer_has_seen(store: Arc<dyn ForumStore>) {
    let reader = 9;
    let seen = start(&store, "t", ThreadType::Discussion, 1, at(0)).await;
    let never = start(&store, "t", ThreadType::Discussion, 1, at(1)).await;
    respond(&store, seen.id, 2, at(5)).await;
    respond(&store, never.id, 2, at(6)).await;
    let unread = ThreadQuery {
        unread: true,
        ..course_query()
    };
    let view = store.thread_view(never.id, reader).await.unwrap().unwrap();
    assert!(view.unread && view.read.is_none());
    assert_eq!(view.unread_comment_count, 1);

    let state = store.mark_read(seen.id, reader, at(10)).await.unwrap();

    assert_eq!(state.last_read_at, at(10));
    assert_eq!(state.read_comment_count, 1);
    assert_eq!(listed(&store, &unread, reader).await, [never.id]);
    let view = store.thread_view(seen.id, reader).await.unwrap().unwrap();
    assert!(!view.unread);
    assert_eq!(view.unread_comment_count, 0);
    assert_eq!(view.read, Some(state));
    // Another user has read nothing.
    assert_eq!(listed(&store, &unread, 8).await, [never.id, seen.id]);

    // New responses make it unread again, with how many are new.
    let response = respond(&store, seen.id, 3, at(20)).await;
    store
        .create_comment(response.id, post(4, "A comment"), at(21))
        .await
        .unwrap();
    assert_eq!(listed(&store, &unread, reader).await, [seen.id, never.id]);
    let view = store.thread_view(seen.id, reader).await.unwrap().unwrap();
    assert!(view.unread);
    assert_eq!(view.unread_comment_count, 2);

    store.mark_read(seen.id, reader, at(30)).await.unwrap();
    assert_eq!(listed(&store, &unread, reader).await, [never.id]);
    // The total counts what the list lists, also with other filters.
    assert_eq!(list(&store, &unread, reader).await.total, 1);
    assert_eq!(list(&store, &unread, 8).await.total, 2);
    let unread_elsewhere = ThreadQuery {
        topic_ids: vec!["elsewhere".into()],
        ..unread.clone()
    };
    assert_eq!(list(&store, &unread_elsewhere, 8).await.total, 0);
    assert_eq!(list(&store, &course_query(), reader).await.total, 2);
    assert_eq!(
        store.read_state(seen.id, reader).await.unwrap().unwrap(),
        api::store::forum::ReadState {
            last_read_at: at(30),
            read_comment_count: 3,
        }
    );
    assert!(store.read_state(never.id, reader).await.unwrap().is_none());
    assert!(matches!(
        store.mark_read(never.id + 100, reader, at(30)).await,
        Err(ForumError::NotFound(_))
    ));
}

async fn following_lists_followed_threads_and_their_followers(store: Arc<dyn ForumStore>) {
    let followed = start(&store, "t", ThreadType::Discussion, 1, at(0)).await;
    let other = start(&store, "t", ThreadType::Discussion, 1, at(1)).await;

    assert!(store.follow(followed.id, 5, at(2)).await.unwrap());
    assert!(!store.follow(followed.id, 5, at(3)).await.unwrap());
    assert!(store.follow(followed.id, 3, at(3)).await.unwrap());
    assert!(store.follow(other.id, 3, at(3)).await.unwrap());

    let following = ThreadQuery {
        following: true,
        ..course_query()
    };
    assert_eq!(listed(&store, &following, 5).await, [followed.id]);
    assert_eq!(store.followers(followed.id).await.unwrap(), [3, 5]);
    assert!(store.is_following(followed.id, 5).await.unwrap());
    assert!(!store.is_following(other.id, 5).await.unwrap());
    let views = list(&store, &course_query(), 5).await.items;
    let flags: Vec<(i64, bool)> = views.iter().map(|v| (v.thread.id, v.following)).collect();
    assert_eq!(flags, [(other.id, false), (followed.id, true)]);

    assert!(store.unfollow(followed.id, 5).await.unwrap());
    assert!(!store.unfollow(followed.id, 5).await.unwrap());
    assert!(listed(&store, &following, 5).await.is_empty());
    assert_eq!(store.followers(followed.id).await.unwrap(), [3]);
    assert!(matches!(
        store.follow(other.id + 100, 5, at(4)).await,
        Err(ForumError::NotFound(_))
    ));
}

async fn flagged_finds_flags_on_the_thread_or_any_of_its_posts(store: Arc<dyn ForumStore>) {
    let clean = start(&store, "t", ThreadType::Discussion, 1, at(0)).await;
    let flagged_itself = start(&store, "t", ThreadType::Discussion, 1, at(1)).await;
    let flagged_response = start(&store, "t", ThreadType::Discussion, 1, at(2)).await;
    let flagged_comment = start(&store, "t", ThreadType::Discussion, 1, at(3)).await;
    respond(&store, clean.id, 2, at(4)).await;
    store
        .flag(PostId::Thread(flagged_itself.id), 6, at(5))
        .await
        .unwrap();
    let response = respond(&store, flagged_response.id, 2, at(6)).await;
    store
        .flag(PostId::Comment(response.id), 6, at(7))
        .await
        .unwrap();
    let parent = respond(&store, flagged_comment.id, 2, at(8)).await;
    let child = store
        .create_comment(parent.id, post(3, "rude"), at(9))
        .await
        .unwrap();
    store
        .flag(PostId::Comment(child.id), 6, at(10))
        .await
        .unwrap();
    let flagged = ThreadQuery {
        flagged: true,
        ..course_query()
    };

    assert_eq!(
        listed(&store, &flagged, 1).await,
        [flagged_comment.id, flagged_response.id, flagged_itself.id]
    );

    // A deleted flagged post no longer puts its thread in the list.
    store.delete_comment(child.id, 1, at(11)).await.unwrap();
    store
        .unflag(PostId::Thread(flagged_itself.id), 6)
        .await
        .unwrap();
    assert_eq!(listed(&store, &flagged, 1).await, [flagged_response.id]);

    // Nor does a flagged comment hidden with its deleted response.
    let under = store
        .create_comment(response.id, post(3, "also rude"), at(12))
        .await
        .unwrap();
    store
        .flag(PostId::Comment(under.id), 6, at(13))
        .await
        .unwrap();
    store.unflag(PostId::Comment(response.id), 6).await.unwrap();
    assert_eq!(listed(&store, &flagged, 1).await, [flagged_response.id]);
    store.delete_comment(response.id, 1, at(14)).await.unwrap();
    assert!(listed(&store, &flagged, 1).await.is_empty());
}

async fn the_moderation_queue_lists_visible_flagged_posts(store: Arc<dyn ForumStore>) {
    let t = start(&store, "t", ThreadType::Discussion, 1, at(0)).await;
    let response = respond(&store, t.id, 2, at(1)).await;
    let child = store
        .create_comment(response.id, post(3, "rude"), at(2))
        .await
        .unwrap();
    let hidden = start(&store, "t", ThreadType::Discussion, 1, at(3)).await;
    for user in [10, 11] {
        store
            .flag(PostId::Comment(child.id), user, at(4))
            .await
            .unwrap();
    }
    store.flag(PostId::Thread(t.id), 10, at(5)).await.unwrap();
    store
        .flag(PostId::Thread(hidden.id), 10, at(5))
        .await
        .unwrap();
    store.delete_thread(hidden.id, 1, at(6)).await.unwrap();

    let queue = store.flagged_posts(COURSE, first_page()).await.unwrap();

    assert_eq!(queue.total, 2);
    let posts: Vec<(PostId, u64)> = queue.items.iter().map(|p| (p.post, p.flag_count)).collect();
    assert_eq!(
        posts,
        [(PostId::Comment(child.id), 2), (PostId::Thread(t.id), 1)]
    );
    let first = &queue.items[0];
    assert_eq!(first.thread_id, t.id);
    assert_eq!(first.thread_title, t.title);
    assert_eq!((first.body.as_str(), first.author_id), ("rude", 3));
    assert_eq!(first.created_at, at(2));
    let second = store
        .flagged_posts(COURSE, PageRequest::new(2, 1))
        .await
        .unwrap();
    assert_eq!(second.total, 2);
    assert_eq!(second.items[0].post, PostId::Thread(t.id));

    // A moderator clears the comment's flags; a deleted response hides its comments.
    assert_eq!(
        store.clear_flags(PostId::Comment(child.id)).await.unwrap(),
        2
    );
    assert_eq!(comment(&store, child.id).await.flag_count, 0);
    store
        .flag(PostId::Comment(child.id), 12, at(7))
        .await
        .unwrap();
    store.delete_comment(response.id, 1, at(8)).await.unwrap();
    let queue = store.flagged_posts(COURSE, first_page()).await.unwrap();
    assert_eq!(queue.total, 1);
    assert_eq!(queue.items[0].post, PostId::Thread(t.id));
    assert_eq!(
        store
            .flagged_posts(OTHER_COURSE, first_page())
            .await
            .unwrap()
            .total,
        0
    );
}

async fn voting_twice_counts_once_and_unvoting_takes_it_back(store: Arc<dyn ForumStore>) {
    let t = start(&store, "t", ThreadType::Discussion, 1, at(0)).await;
    let response = respond(&store, t.id, 2, at(1)).await;

    assert!(store.vote(PostId::Thread(t.id), 5, at(2)).await.unwrap());
    assert!(!store.vote(PostId::Thread(t.id), 5, at(3)).await.unwrap());
    assert!(store.vote(PostId::Thread(t.id), 6, at(3)).await.unwrap());
    assert!(store
        .vote(PostId::Comment(response.id), 5, at(3))
        .await
        .unwrap());
    assert!(!store
        .vote(PostId::Comment(response.id), 5, at(4))
        .await
        .unwrap());

    assert_eq!(thread(&store, t.id).await.vote_count, 2);
    assert_eq!(comment(&store, response.id).await.vote_count, 1);
    let view = store.thread_view(t.id, 5).await.unwrap().unwrap();
    assert!(view.voted && !view.flagged);
    assert!(!store.thread_view(t.id, 7).await.unwrap().unwrap().voted);
    let responses = store
        .list_responses(t.id, &ResponseQuery::default(), 5, first_page())
        .await
        .unwrap();
    assert!(responses.items[0].response.voted);

    assert!(store.unvote(PostId::Thread(t.id), 5).await.unwrap());
    assert!(!store.unvote(PostId::Thread(t.id), 5).await.unwrap());
    assert!(store.unvote(PostId::Comment(response.id), 5).await.unwrap());
    assert_eq!(thread(&store, t.id).await.vote_count, 1);
    assert_eq!(comment(&store, response.id).await.vote_count, 0);
    assert!(!store.thread_view(t.id, 5).await.unwrap().unwrap().voted);
    // A vote may come back after it was withdrawn.
    assert!(store.vote(PostId::Thread(t.id), 5, at(5)).await.unwrap());
    assert_eq!(thread(&store, t.id).await.vote_count, 2);
}

async fn flags_and_unflags_keep_the_counters(store: Arc<dyn ForumStore>) {
    let t = start(&store, "t", ThreadType::Discussion, 1, at(0)).await;
    let response = respond(&store, t.id, 2, at(1)).await;

    assert!(store.flag(PostId::Thread(t.id), 5, at(2)).await.unwrap());
    assert!(!store.flag(PostId::Thread(t.id), 5, at(2)).await.unwrap());
    assert!(store.flag(PostId::Thread(t.id), 6, at(2)).await.unwrap());
    assert!(store
        .flag(PostId::Comment(response.id), 5, at(2))
        .await
        .unwrap());

    assert_eq!(thread(&store, t.id).await.flag_count, 2);
    assert_eq!(comment(&store, response.id).await.flag_count, 1);
    assert!(store.thread_view(t.id, 5).await.unwrap().unwrap().flagged);
    let responses = store
        .list_responses(t.id, &ResponseQuery::default(), 5, first_page())
        .await
        .unwrap();
    assert!(responses.items[0].response.flagged && !responses.items[0].response.voted);

    assert!(store.unflag(PostId::Thread(t.id), 5).await.unwrap());
    assert!(!store.unflag(PostId::Thread(t.id), 5).await.unwrap());
    assert_eq!(thread(&store, t.id).await.flag_count, 1);
    assert!(!store.thread_view(t.id, 5).await.unwrap().unwrap().flagged);
    assert_eq!(store.clear_flags(PostId::Thread(t.id)).await.unwrap(), 1);
    assert_eq!(store.clear_flags(PostId::Thread(t.id)).await.unwrap(), 0);
    assert_eq!(thread(&store, t.id).await.flag_count, 0);
    assert!(store.unflag(PostId::Comment(response.id), 5).await.unwrap());
    assert_eq!(comment(&store, response.id).await.flag_count, 0);
}

async fn a_deleted_thread_leaves_lists_and_counts_until_restored(store: Arc<dyn ForumStore>) {
    let kept = start(&store, "t", ThreadType::Discussion, 1, at(0)).await;
    let doomed = start(&store, "t", ThreadType::Question, 1, at(1)).await;

    assert!(store.delete_thread(doomed.id, 9, at(2)).await.unwrap());
    assert!(!store.delete_thread(doomed.id, 9, at(3)).await.unwrap());

    let page = list(&store, &course_query(), 1).await;
    assert_eq!(page.total, 1);
    assert_eq!(page.items[0].thread.id, kept.id);
    let counts = store.topic_counts(COURSE).await.unwrap();
    assert_eq!(
        counts["t"],
        TopicCount {
            discussions: 1,
            questions: 0
        }
    );
    let deleted = thread(&store, doomed.id).await;
    assert_eq!(deleted.deleted_at, Some(at(2)));
    assert_eq!(deleted.deleted_by, Some(9));
    let moderators = ThreadQuery {
        include_deleted: true,
        ..course_query()
    };
    assert_eq!(listed(&store, &moderators, 1).await, [doomed.id, kept.id]);
    assert!(matches!(
        store
            .create_response(doomed.id, post(2, "late"), at(4))
            .await,
        Err(ForumError::NotFound(_))
    ));

    assert!(store.restore_thread(doomed.id).await.unwrap());
    assert!(!store.restore_thread(doomed.id).await.unwrap());

    assert_eq!(
        listed(&store, &course_query(), 1).await,
        [doomed.id, kept.id]
    );
    assert_eq!(store.topic_counts(COURSE).await.unwrap()["t"].questions, 1);
    let restored = thread(&store, doomed.id).await;
    assert!(restored.deleted_at.is_none() && restored.deleted_by.is_none());
    assert!(matches!(
        store.delete_thread(doomed.id + 100, 9, at(6)).await,
        Err(ForumError::NotFound(_))
    ));
}

async fn a_deleted_response_hides_its_comments_until_restored(store: Arc<dyn ForumStore>) {
    let t = start(&store, "t", ThreadType::Discussion, 1, at(0)).await;
    let kept = respond(&store, t.id, 2, at(1)).await;
    let doomed = respond(&store, t.id, 3, at(2)).await;
    for (i, user) in [4, 5].into_iter().enumerate() {
        store
            .create_comment(doomed.id, post(user, "on the doomed one"), at(3 + i as i64))
            .await
            .unwrap();
    }
    let lone = store
        .create_comment(kept.id, post(6, "on the kept one"), at(5))
        .await
        .unwrap();
    assert_eq!(thread(&store, t.id).await.comment_count, 5);
    assert_eq!(comment(&store, doomed.id).await.child_count, 2);

    assert!(store.delete_comment(doomed.id, 9, at(6)).await.unwrap());
    assert!(!store.delete_comment(doomed.id, 9, at(6)).await.unwrap());

    assert_eq!(thread(&store, t.id).await.comment_count, 2);
    let responses = store
        .list_responses(t.id, &ResponseQuery::default(), 1, first_page())
        .await
        .unwrap();
    assert_eq!(responses.total, 1);
    assert_eq!(responses.items[0].response.comment.id, kept.id);
    let moderators = ResponseQuery {
        include_deleted: true,
        ..Default::default()
    };
    let all = store
        .list_responses(t.id, &moderators, 1, first_page())
        .await
        .unwrap();
    assert_eq!(all.total, 2);
    assert_eq!(all.items[1].response.comment.deleted_by, Some(9));

    // A comment's deletion counts on its response too.
    assert!(store.delete_comment(lone.id, 6, at(7)).await.unwrap());
    assert_eq!(comment(&store, kept.id).await.child_count, 0);
    assert_eq!(thread(&store, t.id).await.comment_count, 1);
    let visible = store
        .list_comments(kept.id, false, 1, first_page())
        .await
        .unwrap();
    assert_eq!(visible.total, 0);
    let everything = store
        .list_comments(kept.id, true, 1, first_page())
        .await
        .unwrap();
    assert_eq!(everything.total, 1);

    assert!(store.restore_comment(doomed.id).await.unwrap());
    assert!(!store.restore_comment(doomed.id).await.unwrap());
    assert!(store.restore_comment(lone.id).await.unwrap());

    assert_eq!(thread(&store, t.id).await.comment_count, 5);
    assert_eq!(comment(&store, doomed.id).await.child_count, 2);
    assert_eq!(comment(&store, kept.id).await.child_count, 1);
    let responses = store
        .list_responses(t.id, &ResponseQuery::default(), 1, first_page())
        .await
        .unwrap();
    assert_eq!(responses.total, 2);
}

async fn edits_keep_the_history_in_order_with_reasons(store: Arc<dyn ForumStore>) {
    let t = start(&store, "t", ThreadType::Discussion, 1, at(0)).await;
    let response = respond(&store, t.id, 2, at(1)).await;
    // Pinning is not an edit; only edits make a post "edited".
    store.set_pinned(t.id, true, at(2)).await.unwrap();
    assert!(!store.thread_view(t.id, 3).await.unwrap().unwrap().edited);
    assert!(
        !store
            .comment_view(response.id, 3)
            .await
            .unwrap()
            .unwrap()
            .edited
    );

    let edited = store
        .edit_thread(
            t.id,
            ThreadEdit {
                title: Some("Better title".into()),
                ..Default::default()
            },
            Editor {
                user_id: 1,
                reason: None,
            },
            at(10),
        )
        .await
        .unwrap();
    store
        .edit_thread(
            t.id,
            ThreadEdit {
                body: Some("Cleaned up".into()),
                topic_id: Some("moved".into()),
                thread_type: Some(ThreadType::Question),
                ..Default::default()
            },
            Editor {
                user_id: 50,
                reason: Some("Removed personal data".into()),
            },
            at(20),
        )
        .await
        .unwrap();
    // Changing neither title nor body leaves no history.
    store
        .edit_thread(
            t.id,
            ThreadEdit {
                title: Some("Better title".into()),
                ..Default::default()
            },
            Editor {
                user_id: 1,
                reason: None,
            },
            at(25),
        )
        .await
        .unwrap();
    store
        .edit_comment(
            response.id,
            "Edited response".into(),
            Editor {
                user_id: 2,
                reason: None,
            },
            at(30),
        )
        .await
        .unwrap();

    assert_eq!(edited.title, "Better title");
    assert_eq!(edited.updated_at, at(10));
    assert_eq!(edited.last_activity_at, at(10));
    let now = thread(&store, t.id).await;
    assert_eq!(
        (now.title.as_str(), now.body.as_str(), now.topic_id.as_str()),
        ("Better title", "Cleaned up", "moved")
    );
    assert_eq!(now.thread_type, ThreadType::Question);
    let history = store.edit_history(PostId::Thread(t.id)).await.unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[0].previous_title.as_deref(), Some("A t thread"));
    assert_eq!(history[0].previous_body, "What about **this**?");
    assert_eq!(
        (history[0].editor_id, history[0].reason.as_deref()),
        (1, None)
    );
    assert_eq!(history[0].edited_at, at(10));
    assert_eq!(history[1].previous_title.as_deref(), Some("Better title"));
    assert_eq!(history[1].previous_body, "What about **this**?");
    assert_eq!(
        (history[1].editor_id, history[1].reason.as_deref()),
        (50, Some("Removed personal data"))
    );
    let comment_history = store
        .edit_history(PostId::Comment(response.id))
        .await
        .unwrap();
    assert_eq!(comment_history.len(), 1);
    assert_eq!(comment_history[0].previous_body, "A response");
    assert!(comment_history[0].previous_title.is_none());
    assert_eq!(comment(&store, response.id).await.body, "Edited response");
    assert_eq!(comment(&store, response.id).await.updated_at, at(30));
    assert!(store.thread_view(t.id, 3).await.unwrap().unwrap().edited);
    assert!(
        store
            .comment_view(response.id, 3)
            .await
            .unwrap()
            .unwrap()
            .edited
    );
    let listed = list(&store, &course_query(), 3).await;
    assert!(listed.items.iter().any(|v| v.thread.id == t.id && v.edited));
}

async fn a_comment_on_a_comment_is_refused(store: Arc<dyn ForumStore>) {
    let t = start(&store, "t", ThreadType::Discussion, 1, at(0)).await;
    let response = respond(&store, t.id, 2, at(1)).await;
    let child = store
        .create_comment(response.id, post(3, "first level"), at(2))
        .await
        .unwrap();
    assert_eq!(child.parent_id, Some(response.id));
    assert_eq!(child.thread_id, t.id);

    let refused = store
        .create_comment(child.id, post(4, "second level"), at(3))
        .await;

    assert!(matches!(refused, Err(ForumError::CommentOnComment)));
    assert_eq!(thread(&store, t.id).await.comment_count, 2);
    assert_eq!(comment(&store, response.id).await.child_count, 1);
    assert!(matches!(
        store.set_endorsed(child.id, Some(1), at(4)).await,
        Err(ForumError::NotAResponse)
    ));
}

async fn only_visible_posts_take_votes_replies_and_endorsements(store: Arc<dyn ForumStore>) {
    let t = start(&store, "t", ThreadType::Discussion, 1, at(0)).await;
    let response = respond(&store, t.id, 2, at(1)).await;
    store.delete_comment(response.id, 1, at(2)).await.unwrap();

    assert!(matches!(
        store
            .create_comment(response.id, post(3, "late"), at(3))
            .await,
        Err(ForumError::NotFound(_))
    ));
    assert!(matches!(
        store.vote(PostId::Comment(response.id), 3, at(3)).await,
        Err(ForumError::NotFound(_))
    ));
    assert!(matches!(
        store.set_endorsed(response.id, Some(1), at(3)).await,
        Err(ForumError::NotFound(_))
    ));
    assert!(matches!(
        store
            .edit_comment(
                response.id,
                "changed".into(),
                Editor {
                    user_id: 2,
                    reason: None
                },
                at(3)
            )
            .await,
        Err(ForumError::NotFound(_))
    ));
    assert!(matches!(
        store.vote(PostId::Thread(t.id + 100), 3, at(3)).await,
        Err(ForumError::NotFound(_))
    ));
    assert!(matches!(
        store
            .create_response(t.id + 100, post(3, "none"), at(3))
            .await,
        Err(ForumError::NotFound(_))
    ));
    assert!(matches!(
        store
            .create_comment(response.id + 100, post(3, "none"), at(3))
            .await,
        Err(ForumError::NotFound(_))
    ));
    assert_eq!(comment(&store, response.id).await.vote_count, 0);
    assert_eq!(thread(&store, t.id).await.comment_count, 0);
}

async fn concurrent_votes_and_replies_keep_the_counters_right(store: Arc<dyn ForumStore>) {
    let t = start(&store, "t", ThreadType::Discussion, 1, at(0)).await;
    let response = respond(&store, t.id, 2, at(1)).await;
    let voters: Vec<i64> = (100..140).collect();

    // Forty voters, each voting twice at once, on the thread and the response.
    let votes = voters.iter().flat_map(|&user| {
        let store = store.clone();
        [
            PostId::Thread(t.id),
            PostId::Thread(t.id),
            PostId::Comment(response.id),
        ]
        .into_iter()
        .map(move |post| {
            let store = store.clone();
            tokio::spawn(async move { store.vote(post, user, at(2)).await.unwrap() })
        })
    });
    let replies = (0..10).map(|i| {
        let store = store.clone();
        tokio::spawn(async move {
            store
                .create_comment(response.id, post(200 + i, "at once"), at(3))
                .await
                .unwrap()
        })
    });
    let (votes, replies) = tokio::join!(
        futures_util::future::join_all(votes),
        futures_util::future::join_all(replies)
    );
    let new_votes = votes.into_iter().filter(|v| *v.as_ref().unwrap()).count();
    assert!(replies.iter().all(|r| r.is_ok()));

    assert_eq!(new_votes, 80);
    assert_eq!(thread(&store, t.id).await.vote_count, 40);
    assert_eq!(comment(&store, response.id).await.vote_count, 40);
    assert_eq!(thread(&store, t.id).await.comment_count, 11);
    assert_eq!(comment(&store, response.id).await.child_count, 10);

    // Half take their votes back while the others vote again.
    let (unvotes, revotes) = tokio::join!(
        futures_util::future::join_all(voters[..20].iter().map(|&user| {
            let store = store.clone();
            async move { store.unvote(PostId::Thread(t.id), user).await.unwrap() }
        })),
        futures_util::future::join_all(voters[20..].iter().map(|&user| {
            let store = store.clone();
            async move { store.vote(PostId::Thread(t.id), user, at(4)).await.unwrap() }
        })),
    );
    assert!(unvotes.iter().all(|&removed| removed));
    assert!(revotes.iter().all(|&new| !new));
    assert_eq!(thread(&store, t.id).await.vote_count, 20);
}

async fn concurrent_deletes_and_replies_keep_the_comment_count_right(store: Arc<dyn ForumStore>) {
    let t = start(&store, "t", ThreadType::Discussion, 1, at(0)).await;
    let mut responses = Vec::new();
    for i in 0..10 {
        responses.push(respond(&store, t.id, 2, at(i)).await.id);
    }
    let target = responses[0];

    let deletes = responses[1..].iter().map(|&id| {
        let store = store.clone();
        tokio::spawn(async move { store.delete_comment(id, 1, at(20)).await.unwrap() })
    });
    let comments = (0..15).map(|i| {
        let store = store.clone();
        tokio::spawn(async move {
            store
                .create_comment(target, post(100 + i, "c"), at(21))
                .await
                .unwrap()
        })
    });
    let new_responses = (0..5).map(|i| {
        let store = store.clone();
        let thread_id = t.id;
        tokio::spawn(async move {
            store
                .create_response(thread_id, post(200 + i, "r"), at(22))
                .await
                .unwrap()
        })
    });
    let (deletes, comments, new_responses) = tokio::join!(
        futures_util::future::join_all(deletes),
        futures_util::future::join_all(comments),
        futures_util::future::join_all(new_responses),
    );

    assert!(deletes.into_iter().all(|d| d.unwrap()));
    assert!(comments
        .iter()
        .chain(new_responses.iter())
        .all(|r| r.is_ok()));
    // The target, its 15 comments and the 5 new responses.
    assert_eq!(thread(&store, t.id).await.comment_count, 21);
    assert_eq!(comment(&store, target).await.child_count, 15);
    assert_eq!(thread(&store, t.id).await.last_activity_at, at(22));
}

async fn paging_reports_the_total_and_slices_in_order(store: Arc<dyn ForumStore>) {
    let mut threads = Vec::new();
    for i in 0..7 {
        threads.push(
            start(&store, "t", ThreadType::Discussion, 1, at(i))
                .await
                .id,
        );
    }
    threads.reverse(); // newest activity first
    let pages: Vec<Page<ThreadView>> = {
        let mut pages = Vec::new();
        for page in 1..=3 {
            pages.push(
                store
                    .list_threads(&course_query(), 1, PageRequest::new(page, 3))
                    .await
                    .unwrap(),
            );
        }
        pages
    };
    assert!(pages.iter().all(|p| p.total == 7));
    let ids: Vec<i64> = pages
        .iter()
        .flat_map(|p| p.items.iter().map(|v| v.thread.id))
        .collect();
    assert_eq!(ids, threads);
    assert_eq!(pages[2].items.len(), 1);
    let beyond = store
        .list_threads(&course_query(), 1, PageRequest::new(4, 3))
        .await
        .unwrap();
    assert_eq!(beyond.total, 7);
    assert!(beyond.items.is_empty());

    let t = threads[0];
    let response = respond(&store, t, 2, at(10)).await;
    let mut comments = Vec::new();
    for i in 0..5 {
        comments.push(
            store
                .create_comment(response.id, post(3, "c"), at(11 + i))
                .await
                .unwrap()
                .id,
        );
    }
    let second = store
        .list_comments(response.id, false, 1, PageRequest::new(2, 2))
        .await
        .unwrap();
    assert_eq!(second.total, 5);
    let ids: Vec<i64> = second.items.iter().map(|c| c.comment.id).collect();
    assert_eq!(ids, comments[2..4]);
}

async fn responses_come_oldest_first_with_their_first_comments(store: Arc<dyn ForumStore>) {
    let t = start(&store, "t", ThreadType::Question, 1, at(0)).await;
    let first = respond(&store, t.id, 2, at(1)).await;
    let second = respond(&store, t.id, 3, at(2)).await;
    let third = respond(&store, t.id, 4, at(3)).await;
    let mut on_first = Vec::new();
    for i in 0..4 {
        on_first.push(
            store
                .create_comment(first.id, post(5, "on first"), at(10 + i))
                .await
                .unwrap()
                .id,
        );
    }
    let on_third = store
        .create_comment(third.id, post(6, "on third"), at(20))
        .await
        .unwrap();
    store
        .vote(PostId::Comment(on_third.id), 9, at(21))
        .await
        .unwrap();
    store
        .set_endorsed(second.id, Some(1), at(22))
        .await
        .unwrap();
    let query = ResponseQuery {
        comments_per_response: 2,
        ..Default::default()
    };

    let page = store
        .list_responses(t.id, &query, 9, first_page())
        .await
        .unwrap();

    assert_eq!(page.total, 3);
    let shape: Vec<(i64, Vec<i64>)> = page
        .items
        .iter()
        .map(|r| {
            (
                r.response.comment.id,
                r.comments.iter().map(|c| c.comment.id).collect(),
            )
        })
        .collect();
    assert_eq!(
        shape,
        [
            (first.id, on_first[..2].to_vec()),
            (second.id, vec![]),
            (third.id, vec![on_third.id]),
        ]
    );
    assert_eq!(page.items[0].response.comment.child_count, 4);
    assert!(page.items[2].comments[0].voted);
    assert!(!page.items[0].comments[0].voted);

    let endorsed = store
        .list_responses(
            t.id,
            &ResponseQuery {
                endorsed: Some(true),
                ..Default::default()
            },
            9,
            first_page(),
        )
        .await
        .unwrap();
    assert_eq!(endorsed.total, 1);
    let answer = &endorsed.items[0].response.comment;
    assert_eq!(answer.id, second.id);
    assert!(answer.endorsed);
    assert_eq!(answer.endorsed_by, Some(1));
    assert_eq!(answer.endorsed_at, Some(at(22)));
    assert!(endorsed.items[0].comments.is_empty());
    let others = store
        .list_responses(
            t.id,
            &ResponseQuery {
                endorsed: Some(false),
                ..Default::default()
            },
            9,
            PageRequest::new(2, 1),
        )
        .await
        .unwrap();
    assert_eq!(others.total, 2);
    assert_eq!(others.items[0].response.comment.id, third.id);
}

async fn topic_counts_count_visible_threads_per_topic_and_type(store: Arc<dyn ForumStore>) {
    for (topic, kind) in [
        ("a", ThreadType::Discussion),
        ("a", ThreadType::Discussion),
        ("a", ThreadType::Question),
        ("b", ThreadType::Question),
    ] {
        start(&store, topic, kind, 1, at(0)).await;
    }
    let gone = start(&store, "c", ThreadType::Discussion, 1, at(1)).await;
    store.delete_thread(gone.id, 1, at(2)).await.unwrap();

    let counts = store.topic_counts(COURSE).await.unwrap();

    assert_eq!(counts.len(), 2);
    assert_eq!(
        counts["a"],
        TopicCount {
            discussions: 2,
            questions: 1
        }
    );
    assert_eq!(
        counts["b"],
        TopicCount {
            discussions: 0,
            questions: 1
        }
    );
    assert!(store.topic_counts(OTHER_COURSE).await.unwrap().is_empty());
}

async fn closing_and_pinning_record_who_and_why(store: Arc<dyn ForumStore>) {
    let t = start(&store, "t", ThreadType::Discussion, 1, at(0)).await;

    let closed = store
        .set_closed(
            t.id,
            Some(Editor {
                user_id: 50,
                reason: Some("Off topic".into()),
            }),
            at(5),
        )
        .await
        .unwrap();
    let pinned = store.set_pinned(t.id, true, at(6)).await.unwrap();

    assert!(closed.closed);
    assert_eq!(closed.closed_by, Some(50));
    assert_eq!(closed.close_reason.as_deref(), Some("Off topic"));
    assert!(pinned.pinned && pinned.closed);
    // Moderation is no activity.
    assert_eq!(pinned.last_activity_at, at(0));

    let reopened = store.set_closed(t.id, None, at(7)).await.unwrap();
    let unpinned = store.set_pinned(t.id, false, at(8)).await.unwrap();
    assert!(!reopened.closed && reopened.closed_by.is_none() && reopened.close_reason.is_none());
    assert!(!unpinned.pinned);
    assert!(matches!(
        store.set_pinned(t.id + 100, true, at(9)).await,
        Err(ForumError::NotFound(_))
    ));
}

/// Listing with the viewer's state costs the same few queries whatever the
/// page holds (no query per row).
async fn lists_cost_a_constant_number_of_queries(backend: crate::helpers::Backend) {
    let dir = tempfile::TempDir::new().unwrap();
    let Some(url) = crate::helpers::fresh_database(backend, dir.path()).await else {
        return;
    };
    let mut db = api::store::db::connect(&url, true).await.unwrap();
    let queries = Arc::new(AtomicU64::new(0));
    let counter = queries.clone();
    db.set_metric_callback(move |_| {
        counter.fetch_add(1, Ordering::Relaxed);
    });
    let store: Arc<dyn ForumStore> = Arc::new(api::store::forum::sql::SqlForumStore::new(db));
    let mut last = 0;
    for i in 0..12 {
        let t = start(&store, "t", ThreadType::Discussion, 1, at(i)).await;
        let r = respond(&store, t.id, 2, at(i)).await;
        store
            .create_comment(r.id, post(3, "c"), at(i))
            .await
            .unwrap();
        store.vote(PostId::Thread(t.id), 9, at(i)).await.unwrap();
        store.follow(t.id, 9, at(i)).await.unwrap();
        store.mark_read(t.id, 9, at(i)).await.unwrap();
        last = t.id;
    }
    for i in 0..6 {
        respond(&store, last, 4 + i, at(20)).await;
    }
    let cost = |size: u64| {
        let store = store.clone();
        let queries = queries.clone();
        async move {
            let before = queries.load(Ordering::SeqCst);
            let threads = store
                .list_threads(&course_query(), 9, PageRequest::new(1, size))
                .await
                .unwrap();
            let middle = queries.load(Ordering::SeqCst);
            let responses = store
                .list_responses(
                    last,
                    &ResponseQuery {
                        comments_per_response: 3,
                        ..Default::default()
                    },
                    9,
                    PageRequest::new(1, size),
                )
                .await
                .unwrap();
            let after = queries.load(Ordering::SeqCst);
            assert!(threads.items.iter().all(|v| v.voted && v.following));
            assert_eq!(threads.items.len() as u64, size.min(12));
            assert_eq!(responses.items.len() as u64, size.min(7));
            (middle - before, after - middle)
        }
    };

    let small = cost(1).await;
    let large = cost(12).await;

    assert_eq!(small, large);
    assert_eq!(large, (2, 3));
}

#[tokio::test]
async fn sqlite_lists_cost_a_constant_number_of_queries() {
    lists_cost_a_constant_number_of_queries(crate::helpers::Backend::Sqlite).await;
}

#[tokio::test]
async fn postgres_lists_cost_a_constant_number_of_queries() {
    lists_cost_a_constant_number_of_queries(crate::helpers::Backend::Postgres).await;
}

async fn participating_and_excluded_topics_narrow_the_list(store: Arc<dyn ForumStore>) {
    let started = start(&store, "topic-a", ThreadType::Discussion, 1, at(0)).await;
    let answered = start(&store, "topic-a", ThreadType::Question, 2, at(1)).await;
    let commented = start(&store, "topic-b", ThreadType::Discussion, 2, at(2)).await;
    let withdrawn = start(&store, "topic-b", ThreadType::Discussion, 2, at(3)).await;
    let other = start(&store, "topic-c", ThreadType::Discussion, 2, at(4)).await;
    respond(&store, answered.id, 1, at(10)).await;
    let theirs = respond(&store, commented.id, 2, at(11)).await;
    store
        .create_comment(theirs.id, post(1, "A comment"), at(12))
        .await
        .unwrap();
    let gone = respond(&store, withdrawn.id, 1, at(13)).await;
    store.delete_comment(gone.id, 1, at(14)).await.unwrap();

    let participating = ThreadQuery {
        participant_id: Some(1),
        ..course_query()
    };
    assert_eq!(
        listed(&store, &participating, 1).await,
        [commented.id, answered.id, started.id]
    );
    let hidden = ThreadQuery {
        exclude_topic_ids: vec!["topic-b".into()],
        ..course_query()
    };
    let page = list(&store, &hidden, 1).await;
    assert_eq!(page.total, 3);
    assert_eq!(
        page.items.iter().map(|v| v.thread.id).collect::<Vec<_>>(),
        [answered.id, other.id, started.id]
    );
    let both = ThreadQuery {
        participant_id: Some(1),
        exclude_topic_ids: vec!["topic-a".into()],
        ..course_query()
    };
    assert_eq!(listed(&store, &both, 1).await, [commented.id]);
}

async fn notifications_are_recorded_once_per_post_and_user(store: Arc<dyn ForumStore>) {
    let thread = start(&store, "t", ThreadType::Discussion, 1, at(0)).await;
    let first = respond(&store, thread.id, 2, at(1)).await;
    let second = respond(&store, thread.id, 3, at(2)).await;
    assert!(store.notified(first.id).await.unwrap().is_empty());
    assert!(store.record_notified(first.id, 1, at(3)).await.unwrap());
    assert!(!store.record_notified(first.id, 1, at(4)).await.unwrap());
    assert!(store.record_notified(first.id, 3, at(4)).await.unwrap());
    assert!(store.record_notified(second.id, 1, at(5)).await.unwrap());
    assert_eq!(
        store.notified(first.id).await.unwrap(),
        [1, 3].into_iter().collect()
    );
    assert_eq!(
        store.notified(second.id).await.unwrap(),
        [1].into_iter().collect()
    );
}

async fn recent_posts_count_every_kind_of_post_by_the_author(store: Arc<dyn ForumStore>) {
    let thread = start(&store, "t", ThreadType::Discussion, 1, at(0)).await;
    let response = respond(&store, thread.id, 1, at(5)).await;
    store
        .create_comment(response.id, post(1, "A comment"), at(10))
        .await
        .unwrap();
    respond(&store, thread.id, 2, at(11)).await;
    let deleted = respond(&store, thread.id, 1, at(15)).await;
    store.delete_comment(deleted.id, 1, at(16)).await.unwrap();

    assert_eq!(
        store.posts_since(1, at(-1), 10).await.unwrap(),
        [at(0), at(5), at(10), at(15)]
    );
    assert_eq!(
        store.posts_since(1, at(4), 10).await.unwrap(),
        [at(5), at(10), at(15)]
    );
    assert_eq!(
        store.posts_since(1, at(4), 2).await.unwrap(),
        [at(5), at(10)]
    );
    assert_eq!(store.posts_since(2, at(-1), 10).await.unwrap(), [at(11)]);
    assert!(store.posts_since(3, at(-1), 10).await.unwrap().is_empty());
}
