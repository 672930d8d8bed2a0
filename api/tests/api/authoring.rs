//! `/api/v1/authoring/*`: course runs, the outline, block edits on a base
//! version, publishing, and who may do it.

use poem::http::StatusCode;
use serde_json::json;
use shared_types::{
    BlockEdited, BlockView, CourseRole, CourseSummary, CourseSummaryPage, CourseVersions, Job,
    JobStatus, Outline, PublishState, TeamList, VersionHistory,
};

use crate::helpers::{body, problem, TestApp, PASSWORD};

crate::backend_tests!(
    staff_create_a_course_run_and_become_its_instructor,
    a_taken_course_key_is_a_conflict_and_a_bad_one_is_refused,
    learners_cannot_create_or_read_courses,
    authors_build_an_outline_level_by_level,
    a_stale_edit_is_refused_with_the_current_version,
    publishing_shows_states_and_later_edits_show_as_draft_changes,
    blocks_only_go_where_they_belong,
    deleting_a_section_removes_everything_below_it,
    course_staff_see_only_their_courses,
    blocks_move_within_and_across_parents,
    history_lists_changes_and_revert_restores_without_losing_any,
    instructors_manage_the_team_and_staff_cannot,
    publishing_one_unit_leaves_the_rest_of_the_published_course_alone,
    discarding_changes_brings_back_what_learners_see,
    duplicating_copies_the_whole_subtree_after_the_original,
    the_grading_policy_defaults_to_open_edx_and_is_validated,
    schedule_details_and_advanced_settings_are_kept_and_checked,
    component_settings_fit_their_block_type,
    a_unit_reads_with_its_components_in_one_request,
    component_content_must_be_the_right_xml,
    videos_link_transcripts_among_the_course_files,
    problems_are_written_in_markdown_and_previewed_as_learners_see_them,
);

fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

/// A signed-in global staff member's token.
async fn staff(app: &TestApp, username: &str) -> String {
    app.user(username, true, false).await;
    body::<shared_types::LoginResponse>(app.login(username, PASSWORD).await)
        .await
        .token
}

async fn create_course(app: &TestApp, token: &str, run: &str) -> CourseSummary {
    let resp = app
        .post(
            "/api/v1/authoring/courses",
            token,
            &json!({
                "org": "Lyceum", "number": "CS101", "run": run, "display_name": "Computing 101",
                "start": "2027-01-10T09:00:00Z", "end": "2027-05-01T17:00:00Z", "self_paced": false,
                "language": "en", "short_description": "Bits and bytes."
            }),
        )
        .await;
    resp.assert_status(StatusCode::CREATED);
    body(resp).await
}

async fn outline(app: &TestApp, token: &str, course_key: &str) -> Outline {
    let resp = app
        .get(
            format!("/api/v1/authoring/courses/{course_key}/outline"),
            token,
        )
        .await;
    resp.assert_status_is_ok();
    body(resp).await
}

async fn add(
    app: &TestApp,
    token: &str,
    course_key: &str,
    base: &str,
    parent: &str,
    block_type: &str,
    name: &str,
) -> BlockEdited {
    let resp = app.post(format!("/api/v1/authoring/courses/{course_key}/blocks"), token, &json!({"base_version": base, "parent": parent, "type": block_type, "display_name": name})).await;
    resp.assert_status(StatusCode::CREATED);
    body(resp).await
}

async fn staff_create_a_course_run_and_become_its_instructor(app: TestApp) {
    let token = staff(&app, "author").await;
    let course = create_course(&app, &token, "2027_T1").await;
    assert_eq!(course.course_key, "course-v1:Lyceum+CS101+2027_T1");
    assert_eq!(course.display_name, "Computing 101");
    assert!(course.published_version.is_none());
    let roles: shared_types::CourseRoleList =
        body(app.get("/api/v1/me/course-roles", &token).await).await;
    assert_eq!(roles.results[0].course_key, course.course_key);
    assert_eq!(roles.results[0].role, CourseRole::Instructor);
    let tree = outline(&app, &token, &course.course_key).await;
    assert_eq!(
        tree.root.id,
        "block-v1:Lyceum+CS101+2027_T1+type@course+block@course"
    );
    assert_eq!(tree.root.type_, "course");
    assert_eq!(tree.root.display_name, "Computing 101");
    assert!(tree.root.children.is_empty());
    assert_eq!(tree.version, course.draft_version);
}

async fn a_taken_course_key_is_a_conflict_and_a_bad_one_is_refused(app: TestApp) {
    let token = staff(&app, "author").await;
    create_course(&app, &token, "2027").await;
    let resp = app
        .client
        .post("/api/v1/authoring/courses")
        .header("authorization", bearer(&token))
        .body_json(
            &json!({"org": "Lyceum", "number": "CS101", "run": "2027", "display_name": "Again"}),
        )
        .send()
        .await;
    problem(resp, StatusCode::CONFLICT, "conflict").await;
    let resp = app
        .client
        .post("/api/v1/authoring/courses")
        .header("authorization", bearer(&token))
        .body_json(
            &json!({"org": "Lyceum", "number": "CS 101", "run": "2027", "display_name": "Spaces"}),
        )
        .send()
        .await;
    problem(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    let resp = app
        .client
        .post("/api/v1/authoring/courses")
        .header("authorization", bearer(&token))
        .body_json(
            &json!({"org": "Lyceum", "number": "CS102", "run": "2027", "display_name": "Backwards",
            "start": "2027-05-01T00:00:00Z", "end": "2027-01-01T00:00:00Z"}),
        )
        .send()
        .await;
    let err = problem(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(err.field.as_deref(), Some("end"));
}

async fn learners_cannot_create_or_read_courses(app: TestApp) {
    let author = staff(&app, "author").await;
    let course = create_course(&app, &author, "2027").await;
    let learner = app.signed_in("learner").await;
    let resp = app
        .post(
            "/api/v1/authoring/courses",
            &learner,
            &json!({"org": "Mine", "number": "X", "run": "1", "display_name": "Nope"}),
        )
        .await;
    problem(resp, StatusCode::FORBIDDEN, "forbidden").await;
    let resp = app
        .get(
            format!("/api/v1/authoring/courses/{}/outline", course.course_key),
            &learner,
        )
        .await;
    problem(resp, StatusCode::FORBIDDEN, "forbidden").await;
    let page: CourseSummaryPage = body(app.get("/api/v1/authoring/courses", &learner).await).await;
    assert_eq!(page.count, 0);
    problem(
        app.client.get("/api/v1/authoring/courses").send().await,
        StatusCode::UNAUTHORIZED,
        "not_authenticated",
    )
    .await;
}

async fn authors_build_an_outline_level_by_level(app: TestApp) {
    let token = staff(&app, "author").await;
    let course = create_course(&app, &token, "2027").await;
    let key = &course.course_key;
    let root = outline(&app, &token, key).await.root.id;
    let section = add(
        &app,
        &token,
        key,
        &course.draft_version,
        &root,
        "chapter",
        "Week 1",
    )
    .await;
    let subsection = add(
        &app,
        &token,
        key,
        &section.version,
        &section.id,
        "sequential",
        "Lesson 1",
    )
    .await;
    let unit = add(
        &app,
        &token,
        key,
        &subsection.version,
        &subsection.id,
        "vertical",
        "Welcome",
    )
    .await;
    let html = add(&app, &token, key, &unit.version, &unit.id, "html", "Hello").await;
    let second = add(&app, &token, key, &html.version, &root, "chapter", "Week 0").await;

    // Move Week 0 first by re-adding is not needed: position puts it there.
    let tree = outline(&app, &token, key).await;
    assert_eq!(tree.version, second.version);
    let names: Vec<&str> = tree
        .root
        .children
        .iter()
        .map(|c| c.display_name.as_str())
        .collect();
    assert_eq!(names, vec!["Week 1", "Week 0"]);
    let week1 = &tree.root.children[0];
    assert_eq!(week1.id, section.id);
    assert_eq!(week1.children[0].type_, "sequential");
    assert_eq!(week1.children[0].children[0].children[0].id, html.id);
    assert_eq!(
        week1.children[0].children[0].children[0].display_name,
        "Hello"
    );

    let resp = app.patch(format!("/api/v1/authoring/blocks/{}", html.id), &token, &json!({"base_version": second.version, "display_name": "Hello, world", "data": "<p>Hi!</p>"})).await;
    resp.assert_status_is_ok();
    let edited: BlockEdited = body(resp).await;
    let tree = outline(&app, &token, key).await;
    assert_eq!(tree.version, edited.version);
    assert_eq!(
        tree.root.children[0].children[0].children[0].children[0].display_name,
        "Hello, world"
    );

    let resp = app.post(format!("/api/v1/authoring/courses/{key}/blocks"), &token, &json!({"base_version": edited.version, "parent": root, "type": "chapter", "display_name": "Week -1", "position": 0})).await;
    resp.assert_status(StatusCode::CREATED);
    let tree = outline(&app, &token, key).await;
    assert_eq!(tree.root.children[0].display_name, "Week -1");
}

async fn a_stale_edit_is_refused_with_the_current_version(app: TestApp) {
    let token = staff(&app, "author").await;
    let course = create_course(&app, &token, "2027").await;
    let root = outline(&app, &token, &course.course_key).await.root.id;
    let first = add(
        &app,
        &token,
        &course.course_key,
        &course.draft_version,
        &root,
        "chapter",
        "Mine",
    )
    .await;
    // A second author still on the old version.
    let resp = app.post(format!("/api/v1/authoring/courses/{}/blocks", course.course_key), &token, &json!({"base_version": course.draft_version, "parent": root, "type": "chapter", "display_name": "Theirs"})).await;
    let err = problem(resp, StatusCode::CONFLICT, "stale_version").await;
    assert_eq!(err.current_version.as_deref(), Some(first.version.as_str()));
    let tree = outline(&app, &token, &course.course_key).await;
    assert_eq!(
        tree.root.children.len(),
        1,
        "the stale edit changed nothing"
    );
}

async fn publishing_shows_states_and_later_edits_show_as_draft_changes(app: TestApp) {
    let token = staff(&app, "author").await;
    let course = create_course(&app, &token, "2027").await;
    let key = &course.course_key;
    let root = outline(&app, &token, key).await.root.id;
    let section = add(
        &app,
        &token,
        key,
        &course.draft_version,
        &root,
        "chapter",
        "Week 1",
    )
    .await;
    let sub = add(
        &app,
        &token,
        key,
        &section.version,
        &section.id,
        "sequential",
        "Lesson",
    )
    .await;
    let tree = outline(&app, &token, key).await;
    assert_eq!(
        tree.root.children[0].publish_state,
        PublishState::NeverPublished
    );

    let resp = app
        .post(
            format!("/api/v1/authoring/courses/{key}/publish"),
            &token,
            &json!({"base_version": sub.version}),
        )
        .await;
    resp.assert_status_is_ok();
    let heads: CourseVersions = body(resp).await;
    assert_eq!(
        heads.published_version.as_deref(),
        Some(sub.version.as_str())
    );
    let tree = outline(&app, &token, key).await;
    assert_eq!(tree.root.publish_state, PublishState::Published);
    assert_eq!(
        tree.root.children[0].children[0].publish_state,
        PublishState::Published
    );

    let unit = add(
        &app,
        &token,
        key,
        &sub.version,
        &sub.id,
        "vertical",
        "New unit",
    )
    .await;
    let tree = outline(&app, &token, key).await;
    let week = &tree.root.children[0];
    assert_eq!(
        week.children[0].children[0].publish_state,
        PublishState::NeverPublished
    );
    assert_eq!(week.children[0].publish_state, PublishState::DraftChanges);
    assert_eq!(
        week.publish_state,
        PublishState::DraftChanges,
        "changes below show on the section"
    );
    assert_eq!(
        tree.published_version.as_deref(),
        Some(sub.version.as_str())
    );

    // Publishing a version that is no longer the draft is stale.
    let resp = app
        .post(
            format!("/api/v1/authoring/courses/{key}/publish"),
            &token,
            &json!({"base_version": sub.version}),
        )
        .await;
    let err = problem(resp, StatusCode::CONFLICT, "stale_version").await;
    assert_eq!(err.current_version.as_deref(), Some(unit.version.as_str()));
}

async fn blocks_only_go_where_they_belong(app: TestApp) {
    let token = staff(&app, "author").await;
    let course = create_course(&app, &token, "2027").await;
    let key = &course.course_key;
    let root = outline(&app, &token, key).await.root.id;
    for (parent, block_type, field) in [
        (root.as_str(), "vertical", "parent"),
        (root.as_str(), "html", "parent"),
        (root.as_str(), "spaceship", "type"),
        (
            "block-v1:Other+X+1+type@course+block@course",
            "chapter",
            "parent",
        ),
        ("not a key", "chapter", "parent"),
    ] {
        let resp = app.post(format!("/api/v1/authoring/courses/{key}/blocks"), &token, &json!({"base_version": course.draft_version, "parent": parent, "type": block_type, "display_name": "x"})).await;
        let err = problem(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
        assert_eq!(
            err.field.as_deref(),
            Some(field),
            "{block_type} under {parent}"
        );
    }
    let resp = app
        .get(
            "/api/v1/authoring/courses/course-v1:No+Such+Course/outline",
            &token,
        )
        .await;
    problem(resp, StatusCode::NOT_FOUND, "not_found").await;
}

async fn deleting_a_section_removes_everything_below_it(app: TestApp) {
    let token = staff(&app, "author").await;
    let course = create_course(&app, &token, "2027").await;
    let key = &course.course_key;
    let root = outline(&app, &token, key).await.root.id;
    let keep = add(
        &app,
        &token,
        key,
        &course.draft_version,
        &root,
        "chapter",
        "Keep",
    )
    .await;
    let doomed = add(&app, &token, key, &keep.version, &root, "chapter", "Doomed").await;
    let sub = add(
        &app,
        &token,
        key,
        &doomed.version,
        &doomed.id,
        "sequential",
        "Gone too",
    )
    .await;
    let resp = app
        .post(
            format!("/api/v1/authoring/blocks/{}/delete", doomed.id),
            &token,
            &json!({"base_version": sub.version}),
        )
        .await;
    resp.assert_status_is_ok();
    let tree = outline(&app, &token, key).await;
    let names: Vec<&str> = tree
        .root
        .children
        .iter()
        .map(|c| c.display_name.as_str())
        .collect();
    assert_eq!(names, vec!["Keep"]);
    let resp = app
        .patch(
            format!("/api/v1/authoring/blocks/{}", sub.id),
            &token,
            &json!({"base_version": tree.version, "display_name": "ghost"}),
        )
        .await;
    problem(resp, StatusCode::NOT_FOUND, "not_found").await;
}

async fn course_staff_see_only_their_courses(app: TestApp) {
    let admin = staff(&app, "admin").await;
    let mine = create_course(&app, &admin, "mine").await;
    create_course(&app, &admin, "other").await;
    let helper = app.user("helper", false, false).await;
    let admin_user = app
        .state
        .accounts
        .create_user_admin("root2", "root2@example.org", "R", PASSWORD, false, true)
        .await
        .unwrap();
    app.state
        .authz
        .grant_course_role(&admin_user, helper.id, &mine.course_key, CourseRole::Staff)
        .await
        .unwrap();
    let token = body::<shared_types::LoginResponse>(app.login("helper", PASSWORD).await)
        .await
        .token;
    let page: CourseSummaryPage = body(app.get("/api/v1/authoring/courses", &token).await).await;
    assert_eq!(page.count, 1);
    assert_eq!(page.results[0].course_key, mine.course_key);
    assert_eq!(page.results[0].display_name, "Computing 101");
    outline(&app, &token, &mine.course_key).await;
    let all: CourseSummaryPage = body(
        app.get("/api/v1/authoring/courses?page_size=1", &admin)
            .await,
    )
    .await;
    assert_eq!(all.count, 2);
    assert_eq!(all.results.len(), 1);
    assert!(all.next.is_some());
}

async fn blocks_move_within_and_across_parents(app: TestApp) {
    let token = staff(&app, "author").await;
    let course = create_course(&app, &token, "2027").await;
    let key = &course.course_key;
    let root = outline(&app, &token, key).await.root.id;
    let w1 = add(
        &app,
        &token,
        key,
        &course.draft_version,
        &root,
        "chapter",
        "Week 1",
    )
    .await;
    let w2 = add(&app, &token, key, &w1.version, &root, "chapter", "Week 2").await;
    let lesson = add(
        &app,
        &token,
        key,
        &w2.version,
        &w1.id,
        "sequential",
        "Lesson",
    )
    .await;
    let mv = |block: String, parent: String, base: String, position: Option<u32>| {
        let client = &app.client;
        let token = token.clone();
        async move {
            client
                .post(format!("/api/v1/authoring/blocks/{block}/move"))
                .header("authorization", bearer(&token))
                .body_json(&json!({"base_version": base, "parent": parent, "position": position}))
                .send()
                .await
        }
    };
    // Reorder: Week 2 first.
    let resp = mv(w2.id.clone(), root.clone(), lesson.version.clone(), Some(0)).await;
    resp.assert_status_is_ok();
    let moved: BlockEdited = body(resp).await;
    // Re-parent: the lesson into Week 2.
    let resp = mv(
        lesson.id.clone(),
        w2.id.clone(),
        moved.version.clone(),
        None,
    )
    .await;
    resp.assert_status_is_ok();
    let tree = outline(&app, &token, key).await;
    let names: Vec<&str> = tree
        .root
        .children
        .iter()
        .map(|c| c.display_name.as_str())
        .collect();
    assert_eq!(names, vec!["Week 2", "Week 1"]);
    assert_eq!(tree.root.children[0].children[0].id, lesson.id);
    assert!(tree.root.children[1].children.is_empty());
    // A subsection cannot go under the course.
    let resp = mv(lesson.id.clone(), root.clone(), tree.version.clone(), None).await;
    let err = problem(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(err.field.as_deref(), Some("parent"));
}

async fn history_lists_changes_and_revert_restores_without_losing_any(app: TestApp) {
    let token = staff(&app, "author").await;
    let course = create_course(&app, &token, "2027").await;
    let key = &course.course_key;
    let root = outline(&app, &token, key).await.root.id;
    let w1 = add(
        &app,
        &token,
        key,
        &course.draft_version,
        &root,
        "chapter",
        "Week 1",
    )
    .await;
    let w2 = add(&app, &token, key, &w1.version, &root, "chapter", "Week 2").await;
    let history: VersionHistory = body(
        app.get(format!("/api/v1/authoring/courses/{key}/versions"), &token)
            .await,
    )
    .await;
    let ids: Vec<&str> = history.results.iter().map(|v| v.id.as_str()).collect();
    assert_eq!(
        ids,
        vec![
            w2.version.as_str(),
            w1.version.as_str(),
            course.draft_version.as_str()
        ]
    );
    assert_eq!(history.results[0].message, "Added chapter \"Week 2\"");

    let resp = app
        .post(
            format!("/api/v1/authoring/courses/{key}/revert"),
            &token,
            &json!({"base_version": w2.version, "to_version": w1.version}),
        )
        .await;
    resp.assert_status_is_ok();
    let reverted: BlockEdited = body(resp).await;
    let tree = outline(&app, &token, key).await;
    assert_eq!(tree.version, reverted.version);
    assert_eq!(tree.root.children.len(), 1);
    let history: VersionHistory = body(
        app.get(format!("/api/v1/authoring/courses/{key}/versions"), &token)
            .await,
    )
    .await;
    assert_eq!(
        history.results.len(),
        4,
        "the reverted-away version is still in the history"
    );

    let resp = app.post(format!("/api/v1/authoring/courses/{key}/revert"), &token, &json!({"base_version": reverted.version, "to_version": "0123456789abcdef0123456789abcdef"})).await;
    let err = problem(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(err.field.as_deref(), Some("to_version"));
}

async fn instructors_manage_the_team_and_staff_cannot(app: TestApp) {
    let token = staff(&app, "author").await;
    let course = create_course(&app, &token, "2027").await;
    let key = &course.course_key;
    app.user("grace", false, false).await;
    app.post(
        format!("/api/v1/authoring/courses/{key}/team"),
        &token,
        &json!({"user": "grace@example.org", "role": "staff"}),
    )
    .await
    .assert_status(StatusCode::NO_CONTENT);
    let team: TeamList = body(
        app.get(format!("/api/v1/authoring/courses/{key}/team"), &token)
            .await,
    )
    .await;
    let members: Vec<(&str, CourseRole)> = team
        .results
        .iter()
        .map(|m| (m.username.as_str(), m.role))
        .collect();
    assert_eq!(
        members,
        vec![
            ("author", CourseRole::Instructor),
            ("grace", CourseRole::Staff)
        ]
    );

    // Grace (staff, not instructor) can author but not manage the team.
    let grace = body::<shared_types::LoginResponse>(app.login("grace", PASSWORD).await)
        .await
        .token;
    outline(&app, &grace, key).await;
    app.user("hopper", false, false).await;
    let resp = app
        .post(
            format!("/api/v1/authoring/courses/{key}/team"),
            &grace,
            &json!({"user": "hopper", "role": "staff"}),
        )
        .await;
    problem(resp, StatusCode::FORBIDDEN, "forbidden").await;
    let resp = app
        .post(
            format!("/api/v1/authoring/courses/{key}/team"),
            &token,
            &json!({"user": "nobody", "role": "staff"}),
        )
        .await;
    assert_eq!(
        problem(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed")
            .await
            .field
            .as_deref(),
        Some("user")
    );

    // The last instructor stays; grace's role goes.
    let resp = app
        .client
        .delete(format!(
            "/api/v1/authoring/courses/{key}/team/author/instructor"
        ))
        .header("authorization", bearer(&token))
        .send()
        .await;
    problem(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    app.client
        .delete(format!("/api/v1/authoring/courses/{key}/team/grace/staff"))
        .header("authorization", bearer(&token))
        .send()
        .await
        .assert_status(StatusCode::NO_CONTENT);
    let resp = app
        .get(format!("/api/v1/authoring/courses/{key}/outline"), &grace)
        .await;
    problem(resp, StatusCode::FORBIDDEN, "forbidden").await;
}

async fn post_base(
    app: &TestApp,
    token: &str,
    path: String,
    base: &str,
) -> poem::test::TestResponse {
    app.post(path, token, &json!({"base_version": base})).await
}

async fn publishing_one_unit_leaves_the_rest_of_the_published_course_alone(app: TestApp) {
    let token = staff(&app, "author").await;
    let course = create_course(&app, &token, "2027").await;
    let key = &course.course_key;
    let root = outline(&app, &token, key).await.root.id;
    let week = add(
        &app,
        &token,
        key,
        &course.draft_version,
        &root,
        "chapter",
        "Week 1",
    )
    .await;
    let lesson = add(
        &app,
        &token,
        key,
        &week.version,
        &week.id,
        "sequential",
        "Lesson",
    )
    .await;
    let ready = add(
        &app,
        &token,
        key,
        &lesson.version,
        &lesson.id,
        "vertical",
        "Ready",
    )
    .await;
    let unready = add(
        &app,
        &token,
        key,
        &ready.version,
        &lesson.id,
        "vertical",
        "Not ready",
    )
    .await;

    let resp = post_base(
        &app,
        &token,
        format!("/api/v1/authoring/blocks/{}/publish", ready.id),
        &unready.version,
    )
    .await;
    resp.assert_status_is_ok();
    let tree = outline(&app, &token, key).await;
    let units = &tree.root.children[0].children[0].children;
    assert_eq!(units[0].publish_state, PublishState::Published);
    assert_eq!(units[1].publish_state, PublishState::NeverPublished);
    assert_eq!(
        tree.root.children[0].publish_state,
        PublishState::DraftChanges
    );

    // Publishing the other unit later keeps the first and the draft order.
    let resp = post_base(
        &app,
        &token,
        format!("/api/v1/authoring/blocks/{}/publish", unready.id),
        &tree.version,
    )
    .await;
    resp.assert_status_is_ok();
    let tree = outline(&app, &token, key).await;
    assert_eq!(
        tree.root.publish_state,
        PublishState::Published,
        "everything is now published"
    );
    let (_, published) = app
        .state
        .content
        .version(tree.published_version.as_deref().unwrap())
        .await
        .unwrap()
        .unwrap();
    let lesson_block = published
        .blocks
        .iter()
        .find(|b| b.block_type == "sequential")
        .unwrap();
    let names: Vec<String> = lesson_block
        .children
        .iter()
        .map(|c| {
            let b = published
                .blocks
                .iter()
                .find(|b| b.block_id == c.block_id)
                .unwrap();
            b.fields["display_name"].as_str().unwrap().to_string()
        })
        .collect();
    assert_eq!(names, vec!["Ready", "Not ready"]);
}

async fn discarding_changes_brings_back_what_learners_see(app: TestApp) {
    let token = staff(&app, "author").await;
    let course = create_course(&app, &token, "2027").await;
    let key = &course.course_key;
    let root = outline(&app, &token, key).await.root.id;
    let week = add(
        &app,
        &token,
        key,
        &course.draft_version,
        &root,
        "chapter",
        "Week 1",
    )
    .await;
    post_base(
        &app,
        &token,
        format!("/api/v1/authoring/courses/{key}/publish"),
        &week.version,
    )
    .await
    .assert_status_is_ok();
    let renamed: BlockEdited = body(
        app.patch(
            format!("/api/v1/authoring/blocks/{}", week.id),
            &token,
            &json!({"base_version": week.version, "display_name": "Oops"}),
        )
        .await,
    )
    .await;
    let extra = add(
        &app,
        &token,
        key,
        &renamed.version,
        &week.id,
        "sequential",
        "Half-written",
    )
    .await;
    assert_eq!(
        outline(&app, &token, key).await.root.children[0].publish_state,
        PublishState::DraftChanges
    );

    let resp = post_base(
        &app,
        &token,
        format!("/api/v1/authoring/blocks/{}/discard", week.id),
        &extra.version,
    )
    .await;
    resp.assert_status_is_ok();
    let tree = outline(&app, &token, key).await;
    assert_eq!(tree.root.children[0].display_name, "Week 1");
    assert!(tree.root.children[0].children.is_empty());
    assert_eq!(tree.root.children[0].publish_state, PublishState::Published);

    let fresh = add(
        &app,
        &token,
        key,
        &tree.version,
        &root,
        "chapter",
        "Never out",
    )
    .await;
    let resp = post_base(
        &app,
        &token,
        format!("/api/v1/authoring/blocks/{}/discard", fresh.id),
        &fresh.version,
    )
    .await;
    problem(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
}

async fn duplicating_copies_the_whole_subtree_after_the_original(app: TestApp) {
    let token = staff(&app, "author").await;
    let course = create_course(&app, &token, "2027").await;
    let key = &course.course_key;
    let root = outline(&app, &token, key).await.root.id;
    let week = add(
        &app,
        &token,
        key,
        &course.draft_version,
        &root,
        "chapter",
        "Week 1",
    )
    .await;
    let last = add(&app, &token, key, &week.version, &root, "chapter", "Week 2").await;
    let lesson = add(
        &app,
        &token,
        key,
        &last.version,
        &week.id,
        "sequential",
        "Lesson",
    )
    .await;
    let resp = post_base(
        &app,
        &token,
        format!("/api/v1/authoring/blocks/{}/duplicate", week.id),
        &lesson.version,
    )
    .await;
    resp.assert_status(StatusCode::CREATED);
    let copy: BlockEdited = body(resp).await;
    let tree = outline(&app, &token, key).await;
    let names: Vec<&str> = tree
        .root
        .children
        .iter()
        .map(|c| c.display_name.as_str())
        .collect();
    assert_eq!(names, vec!["Week 1", "Week 1 (copy)", "Week 2"]);
    assert_eq!(tree.root.children[1].id, copy.id);
    assert_eq!(tree.root.children[1].children[0].display_name, "Lesson");
    assert_ne!(
        tree.root.children[1].children[0].id, lesson.id,
        "the copy has its own blocks"
    );
}

async fn the_grading_policy_defaults_to_open_edx_and_is_validated(app: TestApp) {
    let token = staff(&app, "author").await;
    let course = create_course(&app, &token, "2027").await;
    let key = &course.course_key;
    let path = format!("/api/v1/authoring/courses/{key}/grading-policy");
    let view: shared_types::GradingPolicyView = body(app.get(&path, &token).await).await;
    let types: Vec<&str> = view
        .policy
        .graders
        .iter()
        .map(|g| g.type_.as_str())
        .collect();
    assert_eq!(types, vec!["Homework", "Lab", "Midterm Exam", "Final Exam"]);
    assert_eq!(view.policy.grade_cutoffs.get("Pass"), Some(&0.5));

    let put = |policy: serde_json::Value, base: String| {
        let client = &app.client;
        let token = token.clone();
        let path = path.clone();
        async move {
            client
                .put(path)
                .header("authorization", bearer(&token))
                .body_json(&json!({"base_version": base, "policy": policy}))
                .send()
                .await
        }
    };
    let good = json!({
        "graders": [
            {"type": "Homework", "short_label": "HW", "min_count": 5, "drop_count": 1, "weight": 0.4},
            {"type": "Exam", "short_label": "Ex", "min_count": 1, "drop_count": 0, "weight": 0.6}
        ],
        "grade_cutoffs": {"A": 0.9, "B": 0.75, "Pass": 0.6}
    });
    let resp = put(good.clone(), view.version.clone()).await;
    resp.assert_status_is_ok();
    let saved: BlockEdited = body(resp).await;
    let view: shared_types::GradingPolicyView = body(app.get(&path, &token).await).await;
    assert_eq!(view.version, saved.version);
    assert_eq!(view.policy.graders[1].type_, "Exam");
    assert_eq!(view.policy.grade_cutoffs.len(), 3);

    for (bad, field) in [
        (
            json!({"graders": [{"type": "HW", "short_label": "HW", "min_count": 1, "drop_count": 0, "weight": 0.5}], "grade_cutoffs": {"Pass": 0.5}}),
            "graders",
        ),
        (
            json!({"graders": [{"type": "HW", "short_label": "HW", "min_count": 1, "drop_count": 2, "weight": 1.0}], "grade_cutoffs": {"Pass": 0.5}}),
            "graders",
        ),
        (
            json!({"graders": [{"type": "HW", "short_label": "HW", "min_count": 1, "drop_count": 0, "weight": 1.0}], "grade_cutoffs": {"Pass": 1.0}}),
            "grade_cutoffs",
        ),
        (
            json!({"graders": [{"type": "HW", "short_label": "HW", "min_count": 1, "drop_count": 0, "weight": 1.0}], "grade_cutoffs": {}}),
            "grade_cutoffs",
        ),
    ] {
        let resp = put(bad, saved.version.clone()).await;
        let err = problem(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
        assert_eq!(err.field.as_deref(), Some(field));
    }

    // A graded subsection using "Exam" keeps that type in the policy.
    let root = outline(&app, &token, key).await.root.id;
    let week = add(&app, &token, key, &saved.version, &root, "chapter", "Week").await;
    let quiz = add(
        &app,
        &token,
        key,
        &week.version,
        &week.id,
        "sequential",
        "Final quiz",
    )
    .await;
    let graded: BlockEdited = body(
        app.patch(
            format!("/api/v1/authoring/blocks/{}", quiz.id),
            &token,
            &json!({"base_version": quiz.version, "graded": true, "format": "Exam"}),
        )
        .await,
    )
    .await;
    let without_exam = json!({"graders": [{"type": "Homework", "short_label": "HW", "min_count": 5, "drop_count": 1, "weight": 1.0}], "grade_cutoffs": {"Pass": 0.5}});
    let resp = put(without_exam, graded.version.clone()).await;
    let err = problem(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert!(err.detail.contains("Final quiz"), "{}", err.detail);
}

async fn schedule_details_and_advanced_settings_are_kept_and_checked(app: TestApp) {
    let token = staff(&app, "author").await;
    let course = create_course(&app, &token, "2027").await;
    let key = &course.course_key;
    let details: shared_types::CourseDetailsView = body(
        app.get(format!("/api/v1/authoring/courses/{key}/details"), &token)
            .await,
    )
    .await;
    assert_eq!(details.details.display_name, "Computing 101");
    assert_eq!(details.details.language.as_deref(), Some("en"));
    assert_eq!(
        details.details.start.unwrap().to_rfc3339(),
        "2027-01-10T09:00:00+00:00"
    );

    let mut changed = details.details.clone();
    changed.display_name = "Computing 101: Foundations".into();
    changed.self_paced = true;
    changed.short_description = None;
    changed.overview = Some("<p>About</p>".into());
    let resp = app
        .put(
            format!("/api/v1/authoring/courses/{key}/details"),
            &token,
            &json!({"base_version": details.version, "details": changed}),
        )
        .await;
    resp.assert_status_is_ok();
    let saved: BlockEdited = body(resp).await;
    let again: shared_types::CourseDetailsView = body(
        app.get(format!("/api/v1/authoring/courses/{key}/details"), &token)
            .await,
    )
    .await;
    assert_eq!(again.details, changed);

    let mut backwards = changed.clone();
    backwards.end = Some("2026-01-01T00:00:00Z".parse().unwrap());
    let resp = app
        .put(
            format!("/api/v1/authoring/courses/{key}/details"),
            &token,
            &json!({"base_version": saved.version, "details": backwards}),
        )
        .await;
    assert_eq!(
        problem(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed")
            .await
            .field
            .as_deref(),
        Some("end")
    );

    let advanced: shared_types::AdvancedSettingsView = body(
        app.get(
            format!("/api/v1/authoring/courses/{key}/advanced-settings"),
            &token,
        )
        .await,
    )
    .await;
    assert_eq!(advanced.settings.showanswer, "finished");
    assert_eq!(advanced.settings.rerandomize, "never");
    assert_eq!(advanced.settings.max_attempts, None);
    let mut settings = advanced.settings.clone();
    settings.max_attempts = Some(3);
    settings.showanswer = "past_due".into();
    settings.days_early_for_beta = Some(2.0);
    settings.max_student_enrollments_allowed = Some(500);
    let resp = app
        .put(
            format!("/api/v1/authoring/courses/{key}/advanced-settings"),
            &token,
            &json!({"base_version": advanced.version, "settings": settings}),
        )
        .await;
    resp.assert_status_is_ok();
    let saved: BlockEdited = body(resp).await;
    let advanced: shared_types::AdvancedSettingsView = body(
        app.get(
            format!("/api/v1/authoring/courses/{key}/advanced-settings"),
            &token,
        )
        .await,
    )
    .await;
    assert_eq!(advanced.settings, settings);
    settings.showanswer = "whenever".into();
    let resp = app
        .put(
            format!("/api/v1/authoring/courses/{key}/advanced-settings"),
            &token,
            &json!({"base_version": saved.version, "settings": settings}),
        )
        .await;
    assert_eq!(
        problem(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed")
            .await
            .field
            .as_deref(),
        Some("showanswer")
    );
}

async fn component_settings_fit_their_block_type(app: TestApp) {
    let token = staff(&app, "author").await;
    let course = create_course(&app, &token, "2027").await;
    let key = &course.course_key;
    let root = outline(&app, &token, key).await.root.id;
    let week = add(
        &app,
        &token,
        key,
        &course.draft_version,
        &root,
        "chapter",
        "Week",
    )
    .await;
    let lesson = add(
        &app,
        &token,
        key,
        &week.version,
        &week.id,
        "sequential",
        "Lesson",
    )
    .await;
    let unit = add(
        &app,
        &token,
        key,
        &lesson.version,
        &lesson.id,
        "vertical",
        "Unit",
    )
    .await;
    let problem_block = add(
        &app,
        &token,
        key,
        &unit.version,
        &unit.id,
        "problem",
        "Check",
    )
    .await;
    let patch = |id: String, body_json: serde_json::Value| {
        let client = &app.client;
        let token = token.clone();
        async move {
            client
                .patch(format!("/api/v1/authoring/blocks/{id}"))
                .header("authorization", bearer(&token))
                .body_json(&body_json)
                .send()
                .await
        }
    };
    let xml = "<problem><multiplechoiceresponse><choicegroup><choice correct=\"true\">Yes</choice></choicegroup></multiplechoiceresponse></problem>";
    let resp = patch(
        problem_block.id.clone(),
        json!({"base_version": problem_block.version, "data": xml, "weight": 2.0, "max_attempts": 3,
               "showanswer": "attempted", "show_reset_button": true, "rerandomize": "onreset", "submission_wait_seconds": 30}),
    )
    .await;
    resp.assert_status_is_ok();
    let saved: BlockEdited = body(resp).await;
    let (_, structure) = app
        .state
        .content
        .version(&saved.version)
        .await
        .unwrap()
        .unwrap();
    let stored = structure
        .blocks
        .iter()
        .find(|b| b.block_type == "problem")
        .unwrap();
    assert_eq!(stored.data.as_deref(), Some(xml));
    assert_eq!(stored.fields["weight"], json!(2.0));
    assert_eq!(stored.fields["max_attempts"], json!(3));
    assert_eq!(stored.fields["showanswer"], json!("attempted"));
    assert_eq!(stored.fields["rerandomize"], json!("onreset"));

    for (bad, field) in [
        (
            json!({"base_version": saved.version, "showanswer": "sometimes"}),
            "showanswer",
        ),
        (
            json!({"base_version": saved.version, "youtube_id": "abc"}),
            "youtube_id",
        ),
        (
            json!({"base_version": saved.version, "weight": -1.0}),
            "weight",
        ),
    ] {
        let resp = patch(problem_block.id.clone(), bad).await;
        assert_eq!(
            problem(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed")
                .await
                .field
                .as_deref(),
            Some(field)
        );
    }
    let resp = patch(
        unit.id.clone(),
        json!({"base_version": saved.version, "max_attempts": 1}),
    )
    .await;
    assert_eq!(
        problem(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed")
            .await
            .field
            .as_deref(),
        Some("max_attempts")
    );
}

/// The sample course's OLX folder (with its `static/` files) as a `.tar.gz`
/// holding `course/`, as Open edX exports are laid out.
fn sample_archive() -> Vec<u8> {
    let dir = tempfile::TempDir::new().unwrap();
    api::olx::sample::write_sample_course(dir.path()).unwrap();
    let gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    let mut tar = tar::Builder::new(gz);
    tar.append_dir_all("course", dir.path()).unwrap();
    tar.into_inner().unwrap().finish().unwrap()
}

async fn import_archive(app: &TestApp, token: &str, bytes: Vec<u8>) -> poem::test::TestResponse {
    app.client
        .post("/api/v1/authoring/import")
        .header("authorization", bearer(token))
        .multipart(
            poem::test::TestForm::new().field(
                poem::test::TestFormField::bytes(bytes)
                    .name("file")
                    .filename("course.tar.gz"),
            ),
        )
        .send()
        .await
}

/// Uploads an archive, runs the import job and answers the finished job.
async fn import_job(app: &TestApp, token: &str, bytes: Vec<u8>) -> Job {
    let resp = import_archive(app, token, bytes).await;
    resp.assert_status(StatusCode::ACCEPTED);
    let queued: Job = body(resp).await;
    assert_eq!(queued.status, JobStatus::Queued);
    assert_eq!(queued.kind, "import_olx");
    assert_eq!(app.run_jobs().await, 1);
    let resp = app.get(format!("/api/v1/jobs/{}", queued.id), token).await;
    resp.assert_status_is_ok();
    body(resp).await
}

/// Imports an archive that must succeed; answers the new course's key.
async fn imported_course(app: &TestApp, token: &str, bytes: Vec<u8>) -> String {
    let job = import_job(app, token, bytes).await;
    assert_eq!(job.status, JobStatus::Succeeded, "{job:?}");
    job.result.unwrap()["course_key"]
        .as_str()
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn staff_import_an_olx_archive_and_export_it_again() {
    let app = TestApp::new(crate::helpers::Backend::Sqlite).await.unwrap();
    let token = staff(&app, "author").await;
    let job = import_job(&app, &token, sample_archive()).await;
    assert_eq!(job.status, JobStatus::Succeeded, "{job:?}");
    assert_eq!(job.percent, 100);
    assert_eq!(job.message, "Imported");
    let result = job.result.unwrap();
    assert_eq!(
        result["course_key"],
        json!(api::olx::sample::SAMPLE_COURSE_KEY)
    );
    assert_eq!(result["display_name"], json!("A Tour of Lyceum"));
    assert_eq!(result["skipped_files"], json!([]));
    let courses: CourseSummaryPage = body(app.get("/api/v1/authoring/courses", &token).await).await;
    assert_eq!(courses.count, 1);
    let course = courses.results[0].clone();
    assert_eq!(course.course_key, api::olx::sample::SAMPLE_COURSE_KEY);
    let tree = outline(&app, &token, &course.course_key).await;
    assert_eq!(tree.root.children.len(), 3);
    assert_eq!(tree.root.publish_state, PublishState::NeverPublished);

    // Its static files are stored and listed with the course's files.
    let files: shared_types::CourseAssetList = body(
        app.get(
            format!("/api/v1/authoring/courses/{}/assets", course.course_key),
            &token,
        )
        .await,
    )
    .await;
    assert_eq!(
        files
            .results
            .iter()
            .map(|f| f.name.as_str())
            .collect::<Vec<_>>(),
        vec!["tour-map.svg"]
    );

    // Importing the same run again fails and changes nothing.
    let again = import_job(&app, &token, sample_archive()).await;
    assert_eq!(again.status, JobStatus::Failed);
    assert!(
        again.error.as_deref().unwrap().contains("already exists"),
        "{again:?}"
    );
    assert!(again.result.is_none());
    let history: VersionHistory = body(
        app.get(
            format!("/api/v1/authoring/courses/{}/versions", course.course_key),
            &token,
        )
        .await,
    )
    .await;
    assert_eq!(history.results.len(), 1);

    let resp = app
        .get(
            format!("/api/v1/authoring/courses/{}/export", course.course_key),
            &token,
        )
        .await;
    resp.assert_status_is_ok();
    resp.assert_header("content-type", "application/gzip");
    let bytes = resp.0.into_body().into_vec().await.unwrap();
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("export.tar.gz");
    std::fs::write(&path, bytes).unwrap();
    let again = api::olx::import::import_tar_gz(&path).unwrap();
    let names: Vec<&str> = again.static_files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        vec!["tour-map.svg"],
        "the course's files are exported under static/"
    );
    assert_eq!(
        again.structure.blocks.len(),
        api::olx::sample::sample_course()
            .unwrap()
            .structure
            .blocks
            .len()
    );

    // A learner may not import; a broken archive names the problem.
    let learner = app.signed_in("learner").await;
    problem(
        import_archive(&app, &learner, sample_archive()).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let err = problem(
        import_archive(&app, &token, b"not a tarball".to_vec()).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(err.field.as_deref(), Some("file"));
}

#[tokio::test]
async fn one_export_imports_as_a_new_run_under_a_key_given_with_it() {
    let app = TestApp::new(crate::helpers::Backend::Sqlite).await.unwrap();
    let token = staff(&app, "author").await;
    let upload = |key: &str| {
        app.client
            .post("/api/v1/authoring/import")
            .header("authorization", bearer(&token))
            .multipart(
                poem::test::TestForm::new()
                    .field(
                        poem::test::TestFormField::bytes(sample_archive())
                            .name("file")
                            .filename("course.tar.gz"),
                    )
                    .text("course_key", key.to_string()),
            )
            .send()
    };
    let resp = upload("course-v1:Other+T101+2027").await;
    resp.assert_status(StatusCode::ACCEPTED);
    let queued: Job = body(resp).await;
    assert_eq!(
        queued.course_key.as_deref(),
        Some("course-v1:Other+T101+2027")
    );
    assert_eq!(app.run_jobs().await, 1);
    let job: Job = body(app.get(format!("/api/v1/jobs/{}", queued.id), &token).await).await;
    assert_eq!(job.status, JobStatus::Succeeded, "{job:?}");
    assert_eq!(
        job.result.unwrap()["course_key"],
        json!("course-v1:Other+T101+2027")
    );
    let tree = outline(&app, &token, "course-v1:Other+T101+2027").await;
    assert_eq!(tree.root.children.len(), 3);
    let files: shared_types::CourseAssetList = body(
        app.get(
            "/api/v1/authoring/courses/course-v1:Other+T101+2027/assets",
            &token,
        )
        .await,
    )
    .await;
    assert_eq!(files.results.len(), 1, "the files belong to the new run");

    // The export's own key stays free; a taken or malformed key is refused
    // before anything is queued.
    let courses: CourseSummaryPage = body(app.get("/api/v1/authoring/courses", &token).await).await;
    assert_eq!(courses.count, 1);
    problem(
        upload("course-v1:Other+T101+2027").await,
        StatusCode::CONFLICT,
        "conflict",
    )
    .await;
    let err = problem(
        upload("not a key").await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(err.field.as_deref(), Some("course_key"));
    assert_eq!(app.run_jobs().await, 0);
}

#[tokio::test]
async fn a_rerun_copies_the_content_into_a_new_run_without_its_due_dates() {
    let app = TestApp::new(crate::helpers::Backend::Sqlite).await.unwrap();
    let token = staff(&app, "author").await;
    let course_key = imported_course(&app, &token, sample_archive()).await;
    let resp = app
        .post(
            format!("/api/v1/authoring/courses/{course_key}/rerun"),
            &token,
            &json!({"run": "2028", "display_name": "A Tour of Lyceum (2028)", "start": "2028-01-10T00:00:00Z"}),
        )
        .await;
    resp.assert_status(StatusCode::CREATED);
    let rerun: CourseSummary = body(resp).await;
    assert_eq!(rerun.course_key, "course-v1:Lyceum+Tour101+2028");
    assert_eq!(rerun.display_name, "A Tour of Lyceum (2028)");
    let old = outline(&app, &token, &course_key).await;
    let new = outline(&app, &token, &rerun.course_key).await;
    let names = |o: &Outline| {
        o.root
            .children
            .iter()
            .map(|c| c.display_name.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(names(&old), names(&new));
    let (_, structure) = app
        .state
        .content
        .version(&new.version)
        .await
        .unwrap()
        .unwrap();
    assert!(
        structure
            .blocks
            .iter()
            .all(|b| !b.fields.contains_key("due")),
        "due dates are cleared"
    );
    assert!(
        structure
            .blocks
            .iter()
            .any(|b| b.fields.get("graded") == Some(&json!(true))),
        "grading stays"
    );
    // The new run has its own copy of the course's files.
    let files: shared_types::CourseAssetList = body(
        app.get(
            format!("/api/v1/authoring/courses/{}/assets", rerun.course_key),
            &token,
        )
        .await,
    )
    .await;
    let names: Vec<&str> = files.results.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["tour-map.svg"]);
    let resp = app
        .client
        .delete(format!(
            "/api/v1/authoring/courses/{}/assets/tour-map.svg",
            rerun.course_key
        ))
        .header("authorization", bearer(&token))
        .send()
        .await;
    resp.assert_status(StatusCode::NO_CONTENT);
    let files: shared_types::CourseAssetList = body(
        app.get(
            format!("/api/v1/authoring/courses/{course_key}/assets"),
            &token,
        )
        .await,
    )
    .await;
    assert_eq!(files.results.len(), 1, "the original keeps its files");

    // The same run twice is a conflict.
    let again = app
        .post(
            format!("/api/v1/authoring/courses/{course_key}/rerun"),
            &token,
            &json!({"run": "2028"}),
        )
        .await;
    problem(again, StatusCode::CONFLICT, "conflict").await;
}

/// A course with one section > subsection > unit; answers the unit's key
/// and the draft version.
async fn course_with_unit(app: &TestApp, token: &str) -> (String, String, String) {
    let course = create_course(app, token, "2027").await;
    let key = course.course_key.clone();
    let root = outline(app, token, &key).await.root.id;
    let week = add(
        app,
        token,
        &key,
        &course.draft_version,
        &root,
        "chapter",
        "Week",
    )
    .await;
    let lesson = add(
        app,
        token,
        &key,
        &week.version,
        &week.id,
        "sequential",
        "Lesson",
    )
    .await;
    let unit = add(
        app,
        token,
        &key,
        &lesson.version,
        &lesson.id,
        "vertical",
        "Unit",
    )
    .await;
    (key, unit.id, unit.version)
}

async fn patch_block(
    app: &TestApp,
    token: &str,
    id: &str,
    body_json: serde_json::Value,
) -> poem::test::TestResponse {
    app.client
        .patch(format!("/api/v1/authoring/blocks/{id}"))
        .header("authorization", bearer(token))
        .body_json(&body_json)
        .send()
        .await
}

async fn a_unit_reads_with_its_components_in_one_request(app: TestApp) {
    let token = staff(&app, "author").await;
    let (key, unit, version) = course_with_unit(&app, &token).await;
    let html = add(&app, &token, &key, &version, &unit, "html", "Welcome").await;
    let resp = patch_block(
        &app,
        &token,
        &html.id,
        json!({"base_version": html.version, "data": "<p>Hello</p>"}),
    )
    .await;
    resp.assert_status_is_ok();
    let edited: BlockEdited = body(resp).await;
    let quiz = add(
        &app,
        &token,
        &key,
        &edited.version,
        &unit,
        "problem",
        "Quiz",
    )
    .await;
    let xml = "<problem><stringresponse answer=\"Paris\"><textline/></stringresponse></problem>";
    let resp = patch_block(
        &app,
        &token,
        &quiz.id,
        json!({"base_version": quiz.version, "data": xml, "weight": 3.0}),
    )
    .await;
    resp.assert_status_is_ok();
    let edited: BlockEdited = body(resp).await;

    let resp = app
        .get(format!("/api/v1/authoring/blocks/{unit}"), &token)
        .await;
    resp.assert_status_is_ok();
    let view: BlockView = body(resp).await;
    assert_eq!(view.version, edited.version);
    assert_eq!(view.block.type_, "vertical");
    assert_eq!(view.block.display_name, "Unit");
    assert!(view.block.supported);
    assert_eq!(view.block.publish_state, PublishState::NeverPublished);
    let trail: Vec<_> = view
        .block
        .ancestors
        .iter()
        .map(|a| (a.type_.as_str(), a.display_name.as_str()))
        .collect();
    assert_eq!(
        trail,
        [
            ("course", "Computing 101"),
            ("chapter", "Week"),
            ("sequential", "Lesson")
        ]
    );
    let components: Vec<_> = view
        .block
        .children
        .iter()
        .map(|c| (c.type_.as_str(), c.display_name.as_str(), c.data.as_deref()))
        .collect();
    assert_eq!(
        components,
        [
            ("html", "Welcome", Some("<p>Hello</p>")),
            ("problem", "Quiz", Some(xml))
        ]
    );
    assert_eq!(view.block.children[1].fields["weight"], json!(3.0));
    assert!(view.block.children.iter().all(|c| c.children.is_empty()));

    // After publishing, an edit shows as draft changes on the component only.
    let resp = app
        .post(
            format!("/api/v1/authoring/courses/{key}/publish"),
            &token,
            &json!({"base_version": edited.version}),
        )
        .await;
    resp.assert_status_is_ok();
    let resp = patch_block(
        &app,
        &token,
        &html.id,
        json!({"base_version": edited.version, "data": "<p>Hello again</p>"}),
    )
    .await;
    resp.assert_status_is_ok();
    let view: BlockView = body(
        app.get(format!("/api/v1/authoring/blocks/{unit}"), &token)
            .await,
    )
    .await;
    assert_eq!(view.block.publish_state, PublishState::DraftChanges);
    assert_eq!(
        view.block.children[0].publish_state,
        PublishState::DraftChanges
    );
    assert_eq!(
        view.block.children[1].publish_state,
        PublishState::Published
    );

    // Others' courses, unknown blocks and learners are refused.
    let learner = app.signed_in("learner").await;
    let resp = app
        .get(format!("/api/v1/authoring/blocks/{unit}"), &learner)
        .await;
    problem(resp, StatusCode::FORBIDDEN, "forbidden").await;
    let missing = unit.replace("type@vertical+block@", "type@vertical+block@nope");
    let resp = app
        .get(format!("/api/v1/authoring/blocks/{missing}"), &token)
        .await;
    problem(resp, StatusCode::NOT_FOUND, "not_found").await;
}

async fn component_content_must_be_the_right_xml(app: TestApp) {
    let token = staff(&app, "author").await;
    let (key, unit, version) = course_with_unit(&app, &token).await;
    let quiz = add(&app, &token, &key, &version, &unit, "problem", "Quiz").await;
    for bad in [
        "<problem><p>unclosed</problem>",
        "<html><p>not a problem</p></html>",
        "just text",
    ] {
        let resp = patch_block(
            &app,
            &token,
            &quiz.id,
            json!({"base_version": quiz.version, "data": bad}),
        )
        .await;
        let err = problem(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
        assert_eq!(err.field.as_deref(), Some("data"), "{bad}");
    }
    // Nothing changed: the problem still has no content, the draft is the same.
    let view: BlockView = body(
        app.get(format!("/api/v1/authoring/blocks/{}", quiz.id), &token)
            .await,
    )
    .await;
    assert_eq!(view.version, quiz.version);
    assert_eq!(view.block.data, None);
}

async fn videos_link_transcripts_among_the_course_files(app: TestApp) {
    use poem::test::{TestForm, TestFormField};
    let token = staff(&app, "author").await;
    let (key, unit, version) = course_with_unit(&app, &token).await;
    let video = add(&app, &token, &key, &version, &unit, "video", "Intro").await;
    let srt = b"1\n00:00:00,000 --> 00:00:02,000\nHello.\n".to_vec();
    let resp = app
        .client
        .post(format!("/api/v1/authoring/courses/{key}/assets"))
        .header("authorization", bearer(&token))
        .multipart(
            TestForm::new().field(
                TestFormField::bytes(srt)
                    .name("file")
                    .filename("intro-en.srt"),
            ),
        )
        .send()
        .await;
    resp.assert_status(StatusCode::CREATED);

    let resp = patch_block(
        &app,
        &token,
        &video.id,
        json!({"base_version": video.version, "transcripts": {"en": "missing.srt"}}),
    )
    .await;
    let err = problem(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(err.field.as_deref(), Some("transcripts"));
    assert!(err.detail.contains("upload it first"), "{}", err.detail);
    let resp = patch_block(
        &app,
        &token,
        &video.id,
        json!({"base_version": video.version, "transcripts": {"<b>": "intro-en.srt"}}),
    )
    .await;
    problem(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;

    let resp = patch_block(&app, &token, &video.id, json!({"base_version": video.version, "youtube_id": "dQw4w9WgXcQ", "transcripts": {"en": "intro-en.srt"}})).await;
    resp.assert_status_is_ok();
    let view: BlockView = body(
        app.get(format!("/api/v1/authoring/blocks/{}", video.id), &token)
            .await,
    )
    .await;
    assert_eq!(
        view.block.fields["transcripts"],
        json!({"en": "intro-en.srt"})
    );
    assert_eq!(view.block.fields["youtube_id_1_0"], json!("dQw4w9WgXcQ"));

    // Transcripts belong to videos only.
    let resp = patch_block(
        &app,
        &token,
        &unit,
        json!({"base_version": view.version, "transcripts": {"en": "intro-en.srt"}}),
    )
    .await;
    let err = problem(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(err.field.as_deref(), Some("transcripts"));
}

async fn problems_are_written_in_markdown_and_previewed_as_learners_see_them(app: TestApp) {
    let token = staff(&app, "author").await;
    let (key, unit, version) = course_with_unit(&app, &token).await;
    let quiz = add(&app, &token, &key, &version, &unit, "problem", "Quiz").await;
    let markdown = ">>Which planet is red?<<\n\n( ) Venus\n(x) Mars\n";

    // The preview shows the question and its choices, never which is right.
    let resp = app
        .post(
            "/api/v1/authoring/render/problem",
            &token,
            &json!({"markdown": markdown}),
        )
        .await;
    resp.assert_status_is_ok();
    let preview: serde_json::Value = body(resp).await;
    assert!(preview["data"]
        .as_str()
        .unwrap()
        .contains("<multiplechoiceresponse"));
    let shown = preview["problem"].to_string();
    assert!(
        shown.contains("Which planet is red?") && shown.contains("Mars"),
        "{shown}"
    );
    assert!(
        !shown.contains("\"correct\""),
        "the preview must not reveal answers: {shown}"
    );

    let resp = app
        .post(
            "/api/v1/authoring/render/problem",
            &token,
            &json!({"data": "<problem><p>unclosed</problem>"}),
        )
        .await;
    let err = problem(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(err.field.as_deref(), Some("data"));

    // Saving markdown stores it with the XML made from it.
    let resp = patch_block(
        &app,
        &token,
        &quiz.id,
        json!({"base_version": quiz.version, "markdown": markdown}),
    )
    .await;
    resp.assert_status_is_ok();
    let view: BlockView = body(
        app.get(format!("/api/v1/authoring/blocks/{}", quiz.id), &token)
            .await,
    )
    .await;
    assert_eq!(view.block.fields["markdown"], json!(markdown));
    assert_eq!(view.block.data.as_deref(), preview["data"].as_str());

    // Markdown and XML at once is refused; markdown on an HTML block too.
    let resp = patch_block(
        &app,
        &token,
        &quiz.id,
        json!({"base_version": view.version, "markdown": markdown, "data": "<problem/>"}),
    )
    .await;
    assert_eq!(
        problem(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed")
            .await
            .field
            .as_deref(),
        Some("markdown")
    );
    let html = add(&app, &token, &key, &view.version, &unit, "html", "Text").await;
    let resp = patch_block(
        &app,
        &token,
        &html.id,
        json!({"base_version": html.version, "markdown": markdown}),
    )
    .await;
    assert_eq!(
        problem(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed")
            .await
            .field
            .as_deref(),
        Some("markdown")
    );

    // Switching to the XML editor drops the markdown and keeps the XML.
    let xml = "<problem><stringresponse answer=\"Mars\"><textline/></stringresponse></problem>";
    let resp = patch_block(
        &app,
        &token,
        &quiz.id,
        json!({"base_version": html.version, "markdown": "", "data": xml}),
    )
    .await;
    resp.assert_status_is_ok();
    let view: BlockView = body(
        app.get(format!("/api/v1/authoring/blocks/{}", quiz.id), &token)
            .await,
    )
    .await;
    assert!(view.block.fields.get("markdown").is_none());
    assert_eq!(view.block.data.as_deref(), Some(xml));

    // Markdown previews as sanitized HTML.
    let resp = app
        .post(
            "/api/v1/authoring/render/markdown",
            &token,
            &json!({"markdown": "**hi** <script>x</script>"}),
        )
        .await;
    resp.assert_status_is_ok();
    let rendered: shared_types::RenderedHtml = body(resp).await;
    assert_eq!(rendered.html.trim(), "<p><strong>hi</strong> </p>");
}

#[tokio::test]
async fn a_broken_course_fails_its_import_job_naming_file_and_line_and_creates_nothing() {
    let app = TestApp::new(crate::helpers::Backend::Sqlite).await.unwrap();
    let token = staff(&app, "author").await;
    let dir = tempfile::TempDir::new().unwrap();
    api::olx::sample::write_sample_course(dir.path()).unwrap();
    let chapter = std::fs::read_dir(dir.path().join("chapter"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    std::fs::write(
        &chapter,
        "<chapter display_name=\"Broken\">\n  <sequential url_name=\"x\"\n</chapter>",
    )
    .unwrap();
    let gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    let mut tar = tar::Builder::new(gz);
    tar.append_dir_all("course", dir.path()).unwrap();
    let bytes = tar.into_inner().unwrap().finish().unwrap();

    let job = import_job(&app, &token, bytes).await;
    assert_eq!(job.status, JobStatus::Failed);
    assert_eq!(job.attempts, 1, "bad input is not retried");
    let error = job.error.unwrap();
    let file = format!("chapter/{}", chapter.file_name().unwrap().to_string_lossy());
    assert!(error.contains(&file) && error.contains(":3:"), "{error}");
    let courses: CourseSummaryPage = body(app.get("/api/v1/authoring/courses", &token).await).await;
    assert_eq!(courses.count, 0);
    let files = std::fs::read_dir(app.dir.path().join("blobs"))
        .map(|d| d.count())
        .unwrap_or(0);
    let leftover = app.dir.path().join("blobs").join("job-uploads");
    assert!(
        !leftover.exists() || std::fs::read_dir(&leftover).unwrap().next().is_none(),
        "the upload is deleted once the job has used it ({files} entries)"
    );
}

#[tokio::test]
async fn jobs_are_seen_only_by_who_may_and_cancel_before_they_run() {
    let app = TestApp::new(crate::helpers::Backend::Sqlite).await.unwrap();
    let token = staff(&app, "author").await;
    let resp = import_archive(&app, &token, sample_archive()).await;
    resp.assert_status(StatusCode::ACCEPTED);
    let job: Job = body(resp).await;

    // Another learner is told nothing about it.
    let learner = app.signed_in("learner").await;
    let resp = app.get(format!("/api/v1/jobs/{}", job.id), &learner).await;
    problem(resp, StatusCode::NOT_FOUND, "not_found").await;
    let resp = app
        .post(
            format!("/api/v1/jobs/{}/cancel", job.id),
            &learner,
            &json!({}),
        )
        .await;
    problem(resp, StatusCode::NOT_FOUND, "not_found").await;
    let resp = app.get("/api/v1/jobs/nope", &token).await;
    problem(resp, StatusCode::NOT_FOUND, "not_found").await;

    // Cancelled before a worker took it: it never runs, nothing is created.
    let resp = app
        .post(
            format!("/api/v1/jobs/{}/cancel", job.id),
            &token,
            &json!({}),
        )
        .await;
    resp.assert_status_is_ok();
    let cancelled: Job = body(resp).await;
    assert_eq!(cancelled.status, JobStatus::Cancelled);
    assert_eq!(app.run_jobs().await, 0);
    let courses: CourseSummaryPage = body(app.get("/api/v1/authoring/courses", &token).await).await;
    assert_eq!(courses.count, 0);
    let resp = app
        .post(
            format!("/api/v1/jobs/{}/cancel", job.id),
            &token,
            &json!({}),
        )
        .await;
    problem(resp, StatusCode::CONFLICT, "job_finished").await;

    // Anything but a gzip archive is refused at once.
    let resp = import_archive(&app, &token, b"PK\x03\x04 a zip".to_vec()).await;
    let err = problem(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(err.field.as_deref(), Some("file"));
}
