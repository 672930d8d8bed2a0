//! The course forum through the API: who reads and posts, questions and
//! answers, anonymity, moderation (flags, closing, pinning, editing with a
//! reason, deleting and restoring), blackouts and the posting rate limit.

use poem::http::StatusCode;
use serde_json::{json, Value};
use shared_types::{
    CommentPage, DiscussionComment, DiscussionThread, FlaggedPostPage, PostEditList, ThreadPage,
    TopicList,
};

use crate::helpers::{body, problem, staff, Course, TestApp};

crate::backend_tests!(
    a_question_is_answered_and_the_answer_marked,
    only_enrolled_learners_and_staff_read_or_post,
    anonymous_posts_hide_their_author_as_the_course_allows,
    moderators_find_flagged_posts_and_close_threads,
    authors_and_moderators_edit_and_delete_with_history,
    inline_topics_follow_their_discussion_components,
    blackouts_and_the_rate_limit_hold_learners_back,
    open_pages_hear_of_new_posts,
    followers_are_emailed_about_new_posts_once,
    previews_render_markdown_for_readers_only,
    participating_lists_threads_the_viewer_took_part_in,
);

/// A published course with a unit holding a discussion component; the
/// author is its instructor.
async fn forum_course<'a>(
    app: &'a TestApp,
    author: &str,
    run: &str,
    settings: Value,
) -> Course<'a> {
    let mut c = Course::new(app, author, run).await;
    let root = c.root();
    if settings.as_object().is_some_and(|s| !s.is_empty()) {
        let resp = app
            .client
            .get(format!(
                "/api/v1/authoring/courses/{}/advanced-settings",
                c.key
            ))
            .header("authorization", format!("Bearer {author}"))
            .send()
            .await;
        resp.assert_status_is_ok();
        let current: Value = body(resp).await;
        let mut merged = current["settings"].clone();
        for (k, v) in settings.as_object().unwrap() {
            merged[k] = v.clone();
        }
        let resp = app
            .client
            .put(format!(
                "/api/v1/authoring/courses/{}/advanced-settings",
                c.key
            ))
            .header("authorization", format!("Bearer {author}"))
            .body_json(&json!({"base_version": c.version, "settings": merged}))
            .send()
            .await;
        resp.assert_status_is_ok();
        let saved: Value = body(resp).await;
        c.version = saved["version"].as_str().unwrap().to_string();
    }
    let ch = c.add(&root, "chapter", "Week 1", json!({})).await;
    let seq = c.add(&ch, "sequential", "Lesson", json!({})).await;
    let unit = c.add(&seq, "vertical", "Talk", json!({})).await;
    c.add(&unit, "discussion", "Week 1 talk", json!({})).await;
    c.publish().await;
    c
}

fn url(c: &Course, rest: &str) -> String {
    format!("/api/v1/courses/{}/discussion/{rest}", c.key)
}

async fn learner_in(app: &TestApp, c: &Course<'_>, name: &str) -> String {
    let token = app.signed_in(name).await;
    c.enroll(&token).await;
    token
}

async fn ask(app: &TestApp, c: &Course<'_>, token: &str, body: Value) -> DiscussionThread {
    let resp = app.post(url(c, "threads"), token, &body).await;
    if resp.0.status() != StatusCode::CREATED {
        let status = resp.0.status();
        let text = resp.0.into_body().into_string().await.unwrap();
        panic!("starting a thread: {status} {text}");
    }
    body_of(resp).await
}

async fn body_of<T: serde::de::DeserializeOwned>(resp: poem::test::TestResponse) -> T {
    body(resp).await
}

async fn respond(
    app: &TestApp,
    c: &Course<'_>,
    token: &str,
    thread: i64,
    text: &str,
) -> poem::test::TestResponse {
    app.post(
        url(c, &format!("threads/{thread}/responses")),
        token,
        &json!({"body": text}),
    )
    .await
}

async fn delete(app: &TestApp, token: &str, path: String) -> poem::test::TestResponse {
    app.client
        .delete(path)
        .header("authorization", format!("Bearer {token}"))
        .send()
        .await
}

async fn put(app: &TestApp, token: &str, path: String) -> poem::test::TestResponse {
    app.client
        .put(path)
        .header("authorization", format!("Bearer {token}"))
        .send()
        .await
}

async fn a_question_is_answered_and_the_answer_marked(app: TestApp) {
    let author = staff(&app, "author").await;
    let c = forum_course(&app, &author, "R1", json!({})).await;
    let ana = learner_in(&app, &c, "ana").await;
    let ben = learner_in(&app, &c, "ben").await;

    let topics: TopicList = body(app.get(url(&c, "topics"), &ana).await).await;
    assert_eq!(topics.topics[0].id, "course");
    assert_eq!(topics.topics[0].name, "General");

    let question = ask(
        &app,
        &c,
        &ana,
        json!({"topic_id": "course", "type": "question", "title": "How do I **start**?",
               "body": "Where is *week 1*?"}),
    )
    .await;
    assert_eq!(question.author.username.as_deref(), Some("ana"));
    assert!(question.rendered_body.contains("<em>week 1</em>"));
    assert!(question.following, "authors follow their threads");
    assert!(question.can.edit && question.can.endorse && !question.can.moderate);

    // Ben sees it unread and unanswered, and answers.
    let unanswered: ThreadPage =
        body(app.get(url(&c, "threads?filter=unanswered"), &ben).await).await;
    assert_eq!(unanswered.count, 1);
    assert!(!unanswered.results[0].read);
    assert!(!unanswered.results[0].can.edit);
    let resp = respond(&app, &c, &ben, question.id, "Open the course home.").await;
    resp.assert_status(StatusCode::CREATED);
    let answer: DiscussionComment = body(resp).await;
    assert_eq!(answer.author.username.as_deref(), Some("ben"));

    // Ana's thread shows one unread response; Ben cannot mark it, Ana can.
    let seen: ThreadPage = body(app.get(url(&c, "threads"), &ana).await).await;
    assert_eq!(seen.results[0].comment_count, 1);
    assert_eq!(seen.results[0].unread_comment_count, 1);
    let endorse = url(&c, &format!("comments/{}/endorsement", answer.id));
    problem(
        put(&app, &ben, endorse.clone()).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let marked: DiscussionComment = body(put(&app, &ana, endorse).await).await;
    assert!(marked.endorsed);
    assert_eq!(marked.endorsed_by.as_deref(), Some("ana"));
    let unanswered: ThreadPage =
        body(app.get(url(&c, "threads?filter=unanswered"), &ben).await).await;
    assert_eq!(unanswered.count, 0);
    let answers: CommentPage = body(
        app.get(
            url(
                &c,
                &format!("threads/{}/responses?endorsed=true", question.id),
            ),
            &ben,
        )
        .await,
    )
    .await;
    assert_eq!(answers.results.len(), 1);

    // Reading the thread marks it read; votes count once.
    let read: DiscussionThread = body(
        app.get(url(&c, &format!("threads/{}", question.id)), &ana)
            .await,
    )
    .await;
    assert!(read.read);
    assert_eq!(read.unread_comment_count, 0);
    for _ in 0..2 {
        put(
            &app,
            &ben,
            url(&c, &format!("threads/{}/vote", question.id)),
        )
        .await
        .assert_status(StatusCode::NO_CONTENT);
    }
    let voted: DiscussionThread = body(
        app.get(url(&c, &format!("threads/{}", question.id)), &ben)
            .await,
    )
    .await;
    assert_eq!(voted.vote_count, 1);
    assert!(voted.voted);

    // A comment on the answer; comments cannot be answered in turn.
    let resp = app
        .post(
            url(&c, &format!("comments/{}/comments", answer.id)),
            &ana,
            &json!({"body": "Thanks!"}),
        )
        .await;
    resp.assert_status(StatusCode::CREATED);
    let thanks: DiscussionComment = body(resp).await;
    assert_eq!(thanks.parent_id, Some(answer.id));
    let resp = app
        .post(
            url(&c, &format!("comments/{}/comments", thanks.id)),
            &ben,
            &json!({"body": "You're welcome"}),
        )
        .await;
    let err = problem(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(err.field.as_deref(), Some("parent"));
    let responses: CommentPage = body(
        app.get(url(&c, &format!("threads/{}/responses", question.id)), &ben)
            .await,
    )
    .await;
    assert_eq!(responses.results[0].comments.len(), 1);
    assert_eq!(responses.results[0].child_count, 1);

    // Bad input changes nothing.
    for (bad, field) in [
        (
            json!({"topic_id": "nope", "type": "discussion", "title": "T", "body": "B"}),
            "topic_id",
        ),
        (
            json!({"topic_id": "course", "type": "discussion", "title": " ", "body": "B"}),
            "title",
        ),
        (
            json!({"topic_id": "course", "type": "discussion", "title": "T", "body": ""}),
            "body",
        ),
    ] {
        let resp = app.post(url(&c, "threads"), &ana, &bad).await;
        let err = problem(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
        assert_eq!(err.field.as_deref(), Some(field));
    }
    let all: ThreadPage = body(app.get(url(&c, "threads"), &ana).await).await;
    assert_eq!(all.count, 1);
}

async fn only_enrolled_learners_and_staff_read_or_post(app: TestApp) {
    let author = staff(&app, "author").await;
    let c = forum_course(&app, &author, "R2", json!({})).await;
    let stranger = app.signed_in("stranger").await;
    let resp = app.get(url(&c, "threads"), &stranger).await;
    problem(resp, StatusCode::FORBIDDEN, "not_enrolled").await;
    let resp = app
        .post(
            url(&c, "threads"),
            &stranger,
            &json!({"topic_id": "course", "type": "discussion", "title": "Hi", "body": "Hello"}),
        )
        .await;
    problem(resp, StatusCode::FORBIDDEN, "not_enrolled").await;
    app.client
        .get(url(&c, "threads"))
        .send()
        .await
        .assert_status(StatusCode::UNAUTHORIZED);

    // Course staff need no enrollment; a thread of another course is not found.
    let mine = ask(
        &app,
        &c,
        &author,
        json!({"topic_id": "course", "type": "discussion", "title": "Welcome", "body": "Say hi"}),
    )
    .await;
    assert_eq!(mine.author.label.as_deref(), Some("Staff"));
    let mut other = Course::new(&app, &author, "F2").await;
    let root = other.root();
    other.add(&root, "chapter", "One", json!({})).await;
    other.publish().await;
    let resp = app
        .get(
            format!(
                "/api/v1/courses/{}/discussion/threads/{}",
                other.key, mine.id
            ),
            &author,
        )
        .await;
    problem(resp, StatusCode::NOT_FOUND, "not_found").await;
}

async fn anonymous_posts_hide_their_author_as_the_course_allows(app: TestApp) {
    let author = staff(&app, "author").await;
    let strict = forum_course(
        &app,
        &author,
        "R3",
        json!({"allow_anonymous": false, "allow_anonymous_to_peers": false}),
    )
    .await;
    let ana = learner_in(&app, &strict, "ana").await;
    let resp = app
        .post(
            url(&strict, "threads"),
            &ana,
            &json!({"topic_id": "course", "type": "discussion", "title": "Secret", "body": "B",
                    "anonymous_to_peers": true}),
        )
        .await;
    let err = problem(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(err.field.as_deref(), Some("anonymous_to_peers"));

    let open = forum_course(
        &app,
        &author,
        "R8",
        json!({"allow_anonymous": true, "allow_anonymous_to_peers": true}),
    )
    .await;
    let ana = learner_in(&app, &open, "ana2").await;
    let ben = learner_in(&app, &open, "ben2").await;
    let peers = ask(
        &app,
        &open,
        &ana,
        json!({"topic_id": "course", "type": "discussion", "title": "To peers", "body": "B",
               "anonymous_to_peers": true}),
    )
    .await;
    let everyone = ask(
        &app,
        &open,
        &ana,
        json!({"topic_id": "course", "type": "discussion", "title": "To all", "body": "B",
               "anonymous": true}),
    )
    .await;
    let as_ben: DiscussionThread = body(
        app.get(url(&open, &format!("threads/{}", peers.id)), &ben)
            .await,
    )
    .await;
    assert_eq!(as_ben.author.username, None);
    let as_staff: DiscussionThread = body(
        app.get(url(&open, &format!("threads/{}", peers.id)), &author)
            .await,
    )
    .await;
    assert_eq!(as_staff.author.username.as_deref(), Some("ana2"));
    let hidden: DiscussionThread = body(
        app.get(url(&open, &format!("threads/{}", everyone.id)), &author)
            .await,
    )
    .await;
    assert_eq!(hidden.author.username, None, "anonymous names nobody");
    // The author still may edit it.
    assert!(hidden.can.edit || everyone.can.edit);
}

async fn moderators_find_flagged_posts_and_close_threads(app: TestApp) {
    let author = staff(&app, "author").await;
    let c = forum_course(&app, &author, "R4", json!({})).await;
    let ana = learner_in(&app, &c, "ana").await;
    let ben = learner_in(&app, &c, "ben").await;
    let mo = learner_in(&app, &c, "mo").await;
    app.post(
        format!("/api/v1/authoring/courses/{}/team", c.key),
        &author,
        &json!({"user": "mo", "role": "discussion_moderator"}),
    )
    .await
    .assert_status(StatusCode::NO_CONTENT);

    let thread = ask(
        &app,
        &c,
        &ana,
        json!({"topic_id": "course", "type": "discussion", "title": "Week 1", "body": "Thoughts?"}),
    )
    .await;
    let rude: DiscussionComment =
        body(respond(&app, &c, &ben, thread.id, "Something rude").await).await;
    put(&app, &ana, url(&c, &format!("comments/{}/flag", rude.id)))
        .await
        .assert_status(StatusCode::NO_CONTENT);

    // Learners have no queue; the moderator finds the flagged response.
    problem(
        app.get(url(&c, "flagged"), &ana).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    problem(
        app.get(url(&c, "threads?filter=flagged"), &ana).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let queue: FlaggedPostPage = body(app.get(url(&c, "flagged"), &mo).await).await;
    assert_eq!(queue.count, 1);
    assert_eq!(queue.results[0].id, rude.id);
    assert_eq!(queue.results[0].author, "ben");
    assert_eq!(queue.results[0].thread_title, "Week 1");

    // Closing needs a reason; then nobody can reply.
    let close = url(&c, &format!("threads/{}/close", thread.id));
    problem(
        app.client
            .put(close.clone())
            .header("authorization", format!("Bearer {ana}"))
            .body_json(&json!({"reason": "done"}))
            .send()
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let resp = app
        .client
        .put(close.clone())
        .header("authorization", format!("Bearer {mo}"))
        .body_json(&json!({"reason": "  "}))
        .send()
        .await;
    problem(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    let resp = app
        .client
        .put(close)
        .header("authorization", format!("Bearer {mo}"))
        .body_json(&json!({"reason": "Off topic"}))
        .send()
        .await;
    resp.assert_status_is_ok();
    let closed: DiscussionThread = body(resp).await;
    assert!(closed.closed);
    assert_eq!(closed.close_reason.as_deref(), Some("Off topic"));
    for token in [&ana, &ben, &mo] {
        problem(
            respond(&app, &c, token, thread.id, "One more thing").await,
            StatusCode::CONFLICT,
            "thread_closed",
        )
        .await;
    }
    let seen: DiscussionThread = body(
        app.get(url(&c, &format!("threads/{}", thread.id)), &ben)
            .await,
    )
    .await;
    assert!(!seen.can.reply);

    // Pinned threads come first.
    let later = ask(
        &app,
        &c,
        &ben,
        json!({"topic_id": "course", "type": "discussion", "title": "Later", "body": "B"}),
    )
    .await;
    let list: ThreadPage = body(app.get(url(&c, "threads"), &ana).await).await;
    assert_eq!(list.results[0].id, later.id);
    put(&app, &mo, url(&c, &format!("threads/{}/pin", thread.id)))
        .await
        .assert_status_is_ok();
    let list: ThreadPage = body(app.get(url(&c, "threads"), &ana).await).await;
    assert_eq!(list.results[0].id, thread.id);
    assert!(list.results[0].pinned);
}

async fn authors_and_moderators_edit_and_delete_with_history(app: TestApp) {
    let author = staff(&app, "author").await;
    let c = forum_course(&app, &author, "R5", json!({})).await;
    let ana = learner_in(&app, &c, "ana").await;
    let ben = learner_in(&app, &c, "ben").await;
    let thread = ask(
        &app,
        &c,
        &ana,
        json!({"topic_id": "course", "type": "discussion", "title": "Draft", "body": "First words"}),
    )
    .await;
    let edit = url(&c, &format!("threads/{}", thread.id));
    problem(
        app.patch(edit.clone(), &ben, &json!({"body": "Mine now"}))
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let edited: DiscussionThread = body(
        app.patch(
            edit.clone(),
            &ana,
            &json!({"title": "Final", "body": "Better words"}),
        )
        .await,
    )
    .await;
    assert_eq!(edited.title, "Final");
    assert!(thread.mine && !thread.edited);
    assert!(edited.mine && edited.edited);
    let seen: DiscussionThread = body(app.get(edit.clone(), &ben).await).await;
    assert!(!seen.mine && seen.edited);
    // Staff editing someone else's post give a reason.
    let resp = app
        .patch(edit.clone(), &author, &json!({"body": "Moderated words"}))
        .await;
    let err = problem(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(err.field.as_deref(), Some("reason"));
    app.patch(
        edit.clone(),
        &author,
        &json!({"body": "Moderated words", "reason": "Removed a phone number"}),
    )
    .await
    .assert_status_is_ok();
    let history: PostEditList = body(
        app.get(url(&c, &format!("threads/{}/edits", thread.id)), &ben)
            .await,
    )
    .await;
    let bodies: Vec<&str> = history
        .results
        .iter()
        .map(|e| e.previous_body.as_str())
        .collect();
    assert_eq!(bodies, ["First words", "Better words"]);
    assert_eq!(history.results[0].previous_title.as_deref(), Some("Draft"));
    assert_eq!(
        history.results[1].reason.as_deref(),
        Some("Removed a phone number")
    );
    assert_eq!(history.results[1].editor, "author");

    // The author deletes it: gone for learners; staff see it and restore it.
    problem(
        delete(&app, &ben, edit.clone()).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    delete(&app, &ana, edit.clone())
        .await
        .assert_status(StatusCode::NO_CONTENT);
    problem(
        app.get(edit.clone(), &ben).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let list: ThreadPage = body(app.get(url(&c, "threads"), &ben).await).await;
    assert_eq!(list.count, 0);
    let with_deleted: ThreadPage = body(
        app.get(url(&c, "threads?include_deleted=true"), &author)
            .await,
    )
    .await;
    assert_eq!(with_deleted.count, 1);
    assert!(with_deleted.results[0].deleted);
    problem(
        app.get(url(&c, "threads?include_deleted=true"), &ben).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    app.post(
        url(&c, &format!("threads/{}/restore", thread.id)),
        &author,
        &json!({}),
    )
    .await
    .assert_status_is_ok();
    let list: ThreadPage = body(app.get(url(&c, "threads"), &ben).await).await;
    assert_eq!(list.count, 1);
}

async fn inline_topics_follow_their_discussion_components(app: TestApp) {
    let author = staff(&app, "author").await;
    let mut c = Course::new(&app, &author, "F3").await;
    let root = c.root();
    let ch = c.add(&root, "chapter", "Week 1", json!({})).await;
    let seq = c.add(&ch, "sequential", "Lesson", json!({})).await;
    let unit = c.add(&seq, "vertical", "Talk", json!({})).await;
    c.add(&unit, "discussion", "Introductions", json!({})).await;
    let later = c
        .add(
            &root,
            "chapter",
            "Week 9",
            json!({"start": "2999-01-01T00:00:00Z"}),
        )
        .await;
    let seq9 = c.add(&later, "sequential", "Later", json!({})).await;
    let unit9 = c.add(&seq9, "vertical", "Future talk", json!({})).await;
    c.add(&unit9, "discussion", "Future", json!({})).await;
    c.publish().await;
    let ana = learner_in(&app, &c, "ana").await;

    let topics: TopicList = body(app.get(url(&c, "topics"), &ana).await).await;
    let names: Vec<&str> = topics.topics.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["General", "Introductions"]);
    let inline = &topics.topics[1];
    assert_eq!(inline.breadcrumb, ["Week 1", "Lesson", "Talk"]);
    assert_eq!(inline.unit_key.as_deref(), Some(unit.as_str()));
    ask(
        &app,
        &c,
        &ana,
        json!({"topic_id": inline.id, "type": "discussion", "title": "Hi all", "body": "I am Ana"}),
    )
    .await;
    let topics: TopicList = body(app.get(url(&c, "topics"), &ana).await).await;
    assert_eq!(topics.topics[1].thread_count, 1);
    let listed: ThreadPage = body(
        app.get(
            url(
                &c,
                &format!(
                    "threads?topic_id={}",
                    url::form_urlencoded::byte_serialize(inline.id.as_bytes()).collect::<String>()
                ),
            ),
            &ana,
        )
        .await,
    )
    .await;
    assert_eq!(listed.count, 1);

    // Staff see the unreleased topic; learners cannot post to it.
    let staff_topics: TopicList = body(app.get(url(&c, "topics"), &author).await).await;
    assert_eq!(staff_topics.topics.len(), 3);
    let future = staff_topics.topics[2].id.clone();
    let resp = app
        .post(
            url(&c, "threads"),
            &ana,
            &json!({"topic_id": future, "type": "discussion", "title": "Early", "body": "B"}),
        )
        .await;
    let err = problem(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(err.field.as_deref(), Some("topic_id"));

    // Staff may start a thread there early; learners' lists and counts
    // leave it out until the unit is released.
    ask(
        &app,
        &c,
        &author,
        json!({"topic_id": future, "type": "discussion", "title": "Soon", "body": "Ready"}),
    )
    .await;
    let all: ThreadPage = body(app.get(url(&c, "threads"), &ana).await).await;
    assert_eq!(all.count, 1);
    assert_eq!(all.results.len(), 1);
    let all: ThreadPage = body(app.get(url(&c, "threads"), &author).await).await;
    assert_eq!(all.count, 2);
}

async fn blackouts_and_the_rate_limit_hold_learners_back(app: TestApp) {
    let author = staff(&app, "author").await;
    let c = forum_course(&app, &author, "R6", json!({"discussion_blackouts": [{"start": "2000-01-01T00:00:00Z", "end": "2999-01-01T00:00:00Z"}]}),
    )
    .await;
    let ana = learner_in(&app, &c, "ana").await;
    let post = json!({"topic_id": "course", "type": "discussion", "title": "Hi", "body": "B"});
    problem(
        app.post(url(&c, "threads"), &ana, &post).await,
        StatusCode::CONFLICT,
        "blackout",
    )
    .await;
    // Staff still post.
    ask(&app, &c, &author, post.clone()).await;

    // A period that ends before it starts is refused.
    let resp = app
        .get(
            format!("/api/v1/authoring/courses/{}/advanced-settings", c.key),
            &author,
        )
        .await;
    let view: Value = body(resp).await;
    let mut settings = view["settings"].clone();
    settings["discussion_blackouts"] =
        json!([{"start": "2030-01-02T00:00:00Z", "end": "2030-01-01T00:00:00Z"}]);
    let resp = app
        .client
        .put(format!(
            "/api/v1/authoring/courses/{}/advanced-settings",
            c.key
        ))
        .header("authorization", format!("Bearer {author}"))
        .body_json(&json!({"base_version": view["version"], "settings": settings}))
        .send()
        .await;
    let err = problem(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(err.field.as_deref(), Some("discussion_blackouts"));

    // Another course without a blackout: ten posts a minute (threads,
    // responses and comments together, counted from the stored posts so
    // every API process agrees), then 429.
    let c2 = forum_course(&app, &author, "R7", json!({})).await;
    let ben = learner_in(&app, &c2, "ben").await;
    let mut last = None;
    for _ in 0..8 {
        last = Some(ask(&app, &c2, &ben, post.clone()).await);
    }
    let thread = last.unwrap();
    let response: DiscussionComment = body(respond(&app, &c2, &ben, thread.id, "One").await).await;
    app.post(
        url(&c2, &format!("comments/{}/comments", response.id)),
        &ben,
        &json!({"body": "Two"}),
    )
    .await
    .assert_status(StatusCode::CREATED);
    let resp = app.post(url(&c2, "threads"), &ben, &post).await;
    resp.assert_status(StatusCode::TOO_MANY_REQUESTS);
    assert!(resp.0.headers().get("retry-after").is_some());
    let resp = respond(&app, &c2, &ben, thread.id, "Three").await;
    resp.assert_status(StatusCode::TOO_MANY_REQUESTS);
    let list: ThreadPage = body(app.get(url(&c2, "threads"), &ben).await).await;
    assert_eq!(list.count, 8);
    // Others are not held back by ben's pace.
    let cy = learner_in(&app, &c2, "cy").await;
    respond(&app, &c2, &cy, thread.id, "Mine")
        .await
        .assert_status(StatusCode::CREATED);
}

async fn open_pages_hear_of_new_posts(app: TestApp) {
    use futures_util::StreamExt;
    let author = staff(&app, "author").await;
    let c = forum_course(&app, &author, "R9", json!({})).await;
    let ana = learner_in(&app, &c, "ana").await;
    let ben = learner_in(&app, &c, "ben").await;
    let thread = ask(
        &app,
        &c,
        &ana,
        json!({"topic_id": "course", "type": "question", "title": "Live?", "body": "B"}),
    )
    .await;
    let events = url(&c, &format!("threads/{}/events", thread.id));
    let stranger = app.signed_in("stranger").await;
    problem(
        app.get(events.clone(), &stranger).await,
        StatusCode::FORBIDDEN,
        "not_enrolled",
    )
    .await;

    // Ana's page listens; Ben answers and comments.
    let resp = app.get(events, &ana).await;
    resp.assert_status_is_ok();
    resp.assert_content_type("text/event-stream");
    let mut stream = resp.0.into_body().into_bytes_stream();
    let answer: DiscussionComment = body(respond(&app, &c, &ben, thread.id, "Yes").await).await;
    let resp = app
        .post(
            url(&c, &format!("comments/{}/comments", answer.id)),
            &ben,
            &json!({"body": "Really"}),
        )
        .await;
    let comment: DiscussionComment = body(resp).await;
    let mut received = String::new();
    while !received.contains(&format!("\"id\":{}", comment.id)) {
        // A guard against hanging, not a timing assertion.
        let chunk = tokio::time::timeout(std::time::Duration::from_secs(10), stream.next())
            .await
            .expect("an event arrives")
            .expect("the stream stays open")
            .unwrap();
        received.push_str(&String::from_utf8_lossy(&chunk));
    }
    let events: Vec<Value> = received
        .lines()
        .filter_map(|l| l.strip_prefix("data: "))
        .map(|data| serde_json::from_str(data).unwrap())
        .collect();
    assert_eq!(
        events,
        [
            json!({"kind": "response", "id": answer.id, "parent_id": null}),
            json!({"kind": "comment", "id": comment.id, "parent_id": answer.id}),
        ]
    );
}

/// The mails sent to one address so far.
fn mails_to(app: &TestApp, address: &str) -> Vec<String> {
    app.mails()
        .into_iter()
        .filter(|m| m.contains(&format!("To: {address}")) && m.contains("Subject: New "))
        .collect()
}

async fn followers_are_emailed_about_new_posts_once(app: TestApp) {
    let author = staff(&app, "author").await;
    let c = forum_course(&app, &author, "F9", json!({"allow_anonymous": true})).await;
    let ana = learner_in(&app, &c, "ana").await;
    let ben = learner_in(&app, &c, "ben").await;
    let cy = learner_in(&app, &c, "cy").await;
    let thread = ask(
        &app,
        &c,
        &ana,
        json!({"topic_id": "course", "type": "question", "title": "Why <b>tides</b>?", "body": "Tell me"}),
    )
    .await;
    // Ana answering her own thread, which only she follows, queues nothing.
    respond(&app, &c, &ana, thread.id, "Any ideas?")
        .await
        .assert_status(StatusCode::CREATED);
    assert_eq!(app.run_jobs().await, 0);
    // Cy follows too, then turns discussion email off.
    put(&app, &cy, url(&c, &format!("threads/{}/follow", thread.id)))
        .await
        .assert_status(StatusCode::NO_CONTENT);
    let prefs: Value = body(app.get("/api/v1/me/preferences", &cy).await).await;
    assert_eq!(prefs, json!({"discussion_email": true, "ora_email": true}));
    let prefs: Value = body(
        app.patch(
            "/api/v1/me/preferences",
            &cy,
            &json!({"discussion_email": false}),
        )
        .await,
    )
    .await;
    assert_eq!(prefs, json!({"discussion_email": false, "ora_email": true}));
    let resp = app
        .patch("/api/v1/me/preferences", &cy, &json!({"digest": true}))
        .await;
    assert!(resp.0.status().is_client_error());

    let resp = respond(&app, &c, &ben, thread.id, "The **moon** pulls").await;
    resp.assert_status(StatusCode::CREATED);
    let response: DiscussionComment = body(resp).await;
    assert!(app.run_jobs().await >= 1);
    let to_ana = mails_to(&app, "ana@example.org");
    assert_eq!(to_ana.len(), 1, "{to_ana:#?}");
    let mail = &to_ana[0];
    assert!(mail.contains("New response to"), "{mail}");
    assert!(mail.contains("ben responded to"), "{mail}");
    assert!(mail.contains("<strong>moon</strong>"), "{mail}");
    assert!(mail.contains("Why &lt;b&gt;tides&lt;/b&gt;?"), "{mail}");
    let link = format!("/discussions/course/{}/threads/{}", c.key, thread.id);
    assert!(mail.contains(&link), "{mail}");
    // The poster and whoever turned email off hear nothing.
    assert!(mails_to(&app, "ben@example.org").is_empty());
    assert!(mails_to(&app, "cy@example.org").is_empty());

    // Running the notification again (a retried job) sends nothing twice.
    let again = app
        .state
        .forum
        .notify(response.id, &|_, _| {})
        .await
        .unwrap();
    assert_eq!(again, 0);
    assert_eq!(mails_to(&app, "ana@example.org").len(), 1);

    // A comment tells the response's author, who does not follow.
    let resp = app
        .post(
            url(&c, &format!("comments/{}/comments", response.id)),
            &ana,
            &json!({"body": "Thanks!"}),
        )
        .await;
    resp.assert_status(StatusCode::CREATED);
    app.run_jobs().await;
    let to_ben = mails_to(&app, "ben@example.org");
    assert_eq!(to_ben.len(), 1);
    assert!(to_ben[0].contains("New comment in"));
    assert_eq!(mails_to(&app, "ana@example.org").len(), 1);

    // Anonymous posts stay anonymous in email.
    let resp = app
        .post(
            url(&c, &format!("threads/{}/responses", thread.id)),
            &ben,
            &json!({"body": "Also the sun", "anonymous": true}),
        )
        .await;
    resp.assert_status(StatusCode::CREATED);
    app.run_jobs().await;
    let to_ana = mails_to(&app, "ana@example.org");
    assert_eq!(to_ana.len(), 2);
    let last = to_ana.iter().find(|m| m.contains("Also the sun")).unwrap();
    assert!(last.contains("anonymous"), "{last}");
    assert!(!last.contains("ben responded"), "{last}");
}

async fn previews_render_markdown_for_readers_only(app: TestApp) {
    let author = staff(&app, "author").await;
    let c = forum_course(&app, &author, "F10", json!({})).await;
    let ana = learner_in(&app, &c, "ana").await;
    let preview: Value = body(
        app.post(
            url(&c, "preview"),
            &ana,
            &json!({"body": "**bold** <script>alert(1)</script>"}),
        )
        .await,
    )
    .await;
    let html = preview["html"].as_str().unwrap();
    assert!(html.contains("<strong>bold</strong>"), "{html}");
    assert!(!html.contains("<script"), "{html}");
    let resp = app
        .post(
            url(&c, "preview"),
            &ana,
            &json!({"body": "x".repeat(20_001)}),
        )
        .await;
    problem(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    let outsider = app.signed_in("zed").await;
    let resp = app
        .post(url(&c, "preview"), &outsider, &json!({"body": "hi"}))
        .await;
    assert_eq!(resp.0.status(), StatusCode::FORBIDDEN);
    // The compose forms offer anonymity as Open edX's defaults allow.
    let topics: TopicList = body(app.get(url(&c, "topics"), &ana).await).await;
    assert!(topics.allow_anonymous);
    assert!(!topics.allow_anonymous_to_peers);
}

async fn participating_lists_threads_the_viewer_took_part_in(app: TestApp) {
    let author = staff(&app, "author").await;
    let c = forum_course(&app, &author, "F11", json!({})).await;
    let ana = learner_in(&app, &c, "ana").await;
    let ben = learner_in(&app, &c, "ben").await;
    let mine = ask(
        &app,
        &c,
        &ana,
        json!({"topic_id": "course", "type": "discussion", "title": "Mine", "body": "A"}),
    )
    .await;
    let answered = ask(
        &app,
        &c,
        &ben,
        json!({"topic_id": "course", "type": "discussion", "title": "Answered", "body": "B"}),
    )
    .await;
    let commented = ask(
        &app,
        &c,
        &ben,
        json!({"topic_id": "course", "type": "discussion", "title": "Commented", "body": "C"}),
    )
    .await;
    ask(
        &app,
        &c,
        &ben,
        json!({"topic_id": "course", "type": "discussion", "title": "Untouched", "body": "D"}),
    )
    .await;
    respond(&app, &c, &ana, answered.id, "Me too")
        .await
        .assert_status(StatusCode::CREATED);
    let theirs: DiscussionComment =
        body(respond(&app, &c, &ben, commented.id, "Ben here").await).await;
    app.post(
        url(&c, &format!("comments/{}/comments", theirs.id)),
        &ana,
        &json!({"body": "Hi Ben"}),
    )
    .await
    .assert_status(StatusCode::CREATED);

    let page: ThreadPage = body(app.get(url(&c, "threads?filter=participating"), &ana).await).await;
    let titles: Vec<&str> = page.results.iter().map(|t| t.title.as_str()).collect();
    assert_eq!(titles, ["Commented", "Answered", "Mine"]);
    assert_eq!(page.count, 3);
    let page: ThreadPage = body(app.get(url(&c, "threads?filter=mine"), &ana).await).await;
    assert_eq!(page.results.len(), 1);
    assert_eq!(page.results[0].id, mine.id);
    let resp = app.get(url(&c, "threads?filter=everything"), &ana).await;
    problem(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
}
