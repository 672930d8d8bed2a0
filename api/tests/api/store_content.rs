//! The `ContentStore` contract: one body per behaviour, run against SQLite,
//! PostgreSQL and a MongoDB wire-protocol server.

use std::sync::Arc;

use api::store::content::{
    Block, BlockRef, Branch, ContentStore, ContentStoreError, NewVersion, Structure,
};
use serde_json::json;

use crate::helpers::{fresh_content_store, Backend};

macro_rules! contract {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    let (store, _guard) = super::fresh_content_store(super::Backend::Sqlite).await.unwrap();
                    super::$name(store).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    if let Some((store, _guard)) = super::fresh_content_store(super::Backend::Postgres).await {
                        super::$name(store).await;
                    }
                }
            )*
        }
        mod cached_sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    let (store, _guard) = super::fresh_content_store(super::Backend::Sqlite).await.unwrap();
                    let cached = api::store::content::cache::CachedContentStore::new(store, 4);
                    super::$name(std::sync::Arc::new(cached)).await;
                }
            )*
        }
        mod mongodb {
            $(
                #[tokio::test]
                async fn $name() {
                    if let Some((store, _guard)) = super::fresh_content_store(super::Backend::Mongo).await {
                        super::$name(store).await;
                    }
                }
            )*
        }
    };
}

contract!(
    a_new_course_has_a_draft_head_and_its_key_cannot_be_taken_twice,
    commits_move_the_head_and_leave_old_versions_as_they_were,
    a_stale_commit_is_refused_with_the_current_head_and_writes_nothing,
    of_concurrent_commits_on_one_base_exactly_one_wins,
    the_published_head_moves_only_from_where_the_caller_saw_it,
    history_lists_a_branch_newest_first,
    structures_round_trip_exactly,
    unknown_courses_and_versions_are_reported,
    several_versions_load_in_one_call,
);

const COURSE: &str = "course-v1:Lyceum+CS101+2026";

fn structure(title: &str) -> Structure {
    Structure {
        root: BlockRef {
            block_type: "course".into(),
            block_id: "course".into(),
        },
        blocks: vec![
            Block {
                block_type: "course".into(),
                block_id: "course".into(),
                fields: json!({"display_name": title}).as_object().unwrap().clone(),
                data: None,
                children: vec![BlockRef {
                    block_type: "chapter".into(),
                    block_id: "week1".into(),
                }],
            },
            Block {
                block_type: "chapter".into(),
                block_id: "week1".into(),
                fields: json!({"display_name": "Week 1"})
                    .as_object()
                    .unwrap()
                    .clone(),
                data: None,
                children: vec![],
            },
        ],
    }
}

fn version(parent: Option<&str>, title: &str) -> NewVersion {
    NewVersion {
        parent: parent.map(str::to_string),
        author_id: Some(7),
        message: format!("set title {title}"),
        structure: structure(title),
    }
}

async fn a_new_course_has_a_draft_head_and_its_key_cannot_be_taken_twice(
    store: Arc<dyn ContentStore>,
) {
    let first = store
        .create_course(COURSE, version(None, "Intro"))
        .await
        .unwrap();
    let heads = store.heads(COURSE).await.unwrap().unwrap();
    assert_eq!(heads.draft, first.id);
    assert_eq!(heads.published, None);
    assert_eq!(first.branch, Branch::Draft);
    assert_eq!(first.author_id, Some(7));
    let again = store.create_course(COURSE, version(None, "Other")).await;
    assert!(
        matches!(again, Err(ContentStoreError::AlreadyExists(_))),
        "{again:?}"
    );
    let (_, kept) = store.version(&first.id).await.unwrap().unwrap();
    assert_eq!(
        kept,
        structure("Intro"),
        "the refused create changed nothing"
    );
}

async fn commits_move_the_head_and_leave_old_versions_as_they_were(store: Arc<dyn ContentStore>) {
    let v1 = store
        .create_course(COURSE, version(None, "One"))
        .await
        .unwrap();
    let v2 = store
        .commit(
            COURSE,
            Branch::Draft,
            Some(&v1.id),
            version(Some(&v1.id), "Two"),
        )
        .await
        .unwrap();
    assert_eq!(v2.parent.as_deref(), Some(v1.id.as_str()));
    assert_eq!(store.heads(COURSE).await.unwrap().unwrap().draft, v2.id);
    assert_eq!(
        store.version(&v1.id).await.unwrap().unwrap().1,
        structure("One")
    );
    assert_eq!(
        store.version(&v2.id).await.unwrap().unwrap().1,
        structure("Two")
    );
}

async fn a_stale_commit_is_refused_with_the_current_head_and_writes_nothing(
    store: Arc<dyn ContentStore>,
) {
    let v1 = store
        .create_course(COURSE, version(None, "One"))
        .await
        .unwrap();
    let v2 = store
        .commit(
            COURSE,
            Branch::Draft,
            Some(&v1.id),
            version(Some(&v1.id), "Two"),
        )
        .await
        .unwrap();
    let stale = store
        .commit(
            COURSE,
            Branch::Draft,
            Some(&v1.id),
            version(Some(&v1.id), "Late"),
        )
        .await;
    match stale {
        Err(ContentStoreError::Stale { expected, current }) => {
            assert_eq!(expected.as_deref(), Some(v1.id.as_str()));
            assert_eq!(current.as_deref(), Some(v2.id.as_str()));
        }
        other => panic!("expected Stale, got {other:?}"),
    }
    assert_eq!(store.heads(COURSE).await.unwrap().unwrap().draft, v2.id);
    assert_eq!(
        store
            .history(COURSE, Branch::Draft, 10)
            .await
            .unwrap()
            .len(),
        2,
        "nothing was written"
    );
}

async fn of_concurrent_commits_on_one_base_exactly_one_wins(store: Arc<dyn ContentStore>) {
    let base = store
        .create_course(COURSE, version(None, "Base"))
        .await
        .unwrap();
    let tasks: Vec<_> = (0..6)
        .map(|i| {
            let store = store.clone();
            let base = base.id.clone();
            tokio::spawn(async move {
                store
                    .commit(
                        COURSE,
                        Branch::Draft,
                        Some(&base),
                        version(Some(&base), &format!("Edit {i}")),
                    )
                    .await
            })
        })
        .collect();
    let mut winners = vec![];
    for task in tasks {
        match task.await.unwrap() {
            Ok(v) => winners.push(v),
            Err(ContentStoreError::Stale { .. }) => {}
            Err(other) => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(winners.len(), 1);
    assert_eq!(
        store.heads(COURSE).await.unwrap().unwrap().draft,
        winners[0].id
    );
    assert_eq!(
        store
            .history(COURSE, Branch::Draft, 10)
            .await
            .unwrap()
            .len(),
        2
    );
}

async fn the_published_head_moves_only_from_where_the_caller_saw_it(store: Arc<dyn ContentStore>) {
    let v1 = store
        .create_course(COURSE, version(None, "One"))
        .await
        .unwrap();
    store
        .move_head(COURSE, Branch::Published, None, &v1.id)
        .await
        .unwrap();
    assert_eq!(
        store
            .heads(COURSE)
            .await
            .unwrap()
            .unwrap()
            .published
            .as_deref(),
        Some(v1.id.as_str())
    );
    let twice = store
        .move_head(COURSE, Branch::Published, None, &v1.id)
        .await;
    assert!(
        matches!(twice, Err(ContentStoreError::Stale { .. })),
        "{twice:?}"
    );

    // A published version of its own (a partial publish) is committed on the
    // published branch.
    let p2 = store
        .commit(
            COURSE,
            Branch::Published,
            Some(&v1.id),
            version(Some(&v1.id), "Pub"),
        )
        .await
        .unwrap();
    let heads = store.heads(COURSE).await.unwrap().unwrap();
    assert_eq!(heads.published.as_deref(), Some(p2.id.as_str()));
    assert_eq!(heads.draft, v1.id, "publishing leaves the draft alone");

    // A version of another course cannot become this course's head.
    let other = store
        .create_course("course-v1:Lyceum+MA101+2026", version(None, "Maths"))
        .await
        .unwrap();
    let foreign = store
        .move_head(COURSE, Branch::Draft, Some(&v1.id), &other.id)
        .await;
    assert!(
        matches!(foreign, Err(ContentStoreError::NoSuchVersion(_))),
        "{foreign:?}"
    );
    // Reverting the draft to an old version is moving the head back.
    let v2 = store
        .commit(
            COURSE,
            Branch::Draft,
            Some(&v1.id),
            version(Some(&v1.id), "Two"),
        )
        .await
        .unwrap();
    store
        .move_head(COURSE, Branch::Draft, Some(&v2.id), &v1.id)
        .await
        .unwrap();
    assert_eq!(store.heads(COURSE).await.unwrap().unwrap().draft, v1.id);
}

async fn history_lists_a_branch_newest_first(store: Arc<dyn ContentStore>) {
    let mut head = store
        .create_course(COURSE, version(None, "v0"))
        .await
        .unwrap()
        .id;
    let mut ids = vec![head.clone()];
    for i in 1..5 {
        head = store
            .commit(
                COURSE,
                Branch::Draft,
                Some(&head),
                version(Some(&head), &format!("v{i}")),
            )
            .await
            .unwrap()
            .id;
        ids.push(head.clone());
    }
    store
        .commit(COURSE, Branch::Published, None, version(Some(&head), "pub"))
        .await
        .unwrap();
    let history = store.history(COURSE, Branch::Draft, 3).await.unwrap();
    let listed: Vec<&str> = history.iter().map(|v| v.id.as_str()).collect();
    assert_eq!(
        listed,
        vec![ids[4].as_str(), ids[3].as_str(), ids[2].as_str()]
    );
    assert_eq!(history[0].message, "set title v4");
    assert_eq!(
        store
            .history(COURSE, Branch::Published, 10)
            .await
            .unwrap()
            .len(),
        1
    );
}

async fn structures_round_trip_exactly(store: Arc<dyn ContentStore>) {
    let mut s = structure("Données & <b>XML</b>");
    s.blocks[1].fields = json!({
        "display_name": "Problème 1 — “quotes”",
        "due": "2026-12-01T12:00:00Z",
        "graded": true,
        "weight": 2.5,
        "max_attempts": 3,
        "xml_attributes": {"filename": ["chapter/week1.xml", null]},
        "empty": {},
    })
    .as_object()
    .unwrap()
    .clone();
    s.blocks[1].data = Some("<problem><p>2 &lt; 3</p></problem>".into());
    let v = store
        .create_course(
            COURSE,
            NewVersion {
                parent: None,
                author_id: None,
                message: "".into(),
                structure: s.clone(),
            },
        )
        .await
        .unwrap();
    let (info, back) = store.version(&v.id).await.unwrap().unwrap();
    assert_eq!(back, s);
    assert_eq!(store.version_shared(&v.id).await.unwrap().unwrap().1, s);
    assert_eq!(info.author_id, None);
}

async fn unknown_courses_and_versions_are_reported(store: Arc<dyn ContentStore>) {
    assert!(store.heads(COURSE).await.unwrap().is_none());
    assert!(store
        .version("0123456789abcdef0123456789abcdef")
        .await
        .unwrap()
        .is_none());
    let commit = store
        .commit(COURSE, Branch::Draft, None, version(None, "x"))
        .await;
    assert!(
        matches!(commit, Err(ContentStoreError::NoSuchCourse(_))),
        "{commit:?}"
    );
    store
        .create_course("course-v1:B+2+x", version(None, "b"))
        .await
        .unwrap();
    store
        .create_course("course-v1:A+1+x", version(None, "a"))
        .await
        .unwrap();
    let keys: Vec<String> = store
        .list_courses()
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.course_key)
        .collect();
    assert_eq!(keys, vec!["course-v1:A+1+x", "course-v1:B+2+x"]);
}

async fn several_versions_load_in_one_call(store: Arc<dyn ContentStore>) {
    let a = store
        .create_course(COURSE, version(None, "A"))
        .await
        .unwrap();
    let b = store
        .create_course("course-v1:Lyceum+MA101+2026", version(None, "B"))
        .await
        .unwrap();
    let mut got = store
        .versions(&[
            a.id.clone(),
            b.id.clone(),
            "ffffffffffffffffffffffffffffffff".into(),
        ])
        .await
        .unwrap();
    got.sort_by(|x, y| {
        x.1.blocks[0].fields["display_name"]
            .as_str()
            .cmp(&y.1.blocks[0].fields["display_name"].as_str())
    });
    assert_eq!(got.len(), 2, "unknown ids are left out");
    assert_eq!(got[0].0.id, a.id);
    assert_eq!(got[0].1, structure("A"));
    assert_eq!(got[1].1, structure("B"));
    assert!(store.versions(&[]).await.unwrap().is_empty());
}

#[tokio::test]
async fn cached_versions_are_read_from_the_store_once() {
    let (store, _guard) = fresh_content_store(Backend::Sqlite).await.unwrap();
    let cached = api::store::content::cache::CachedContentStore::new(store, 16);
    let v = cached
        .create_course(COURSE, version(None, "Once"))
        .await
        .unwrap();
    for _ in 0..3 {
        assert_eq!(
            cached.version(&v.id).await.unwrap().unwrap().1,
            structure("Once")
        );
    }
    assert_eq!(cached.stats(), (2, 1));
    assert_eq!(
        cached
            .versions(std::slice::from_ref(&v.id))
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(cached.stats(), (3, 1));
    let shared = cached.version_shared(&v.id).await.unwrap().unwrap();
    assert_eq!(shared.1, structure("Once"));
    assert_eq!(cached.stats(), (4, 1), "shared reads come from memory too");
}
