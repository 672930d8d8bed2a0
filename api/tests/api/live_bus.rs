//! The `LiveBus` contract: one body per behaviour, run against the in-process
//! bus and against Redis (when `TEST_REDIS_URL` is set, as `just test` does;
//! with `LYCEUM_REQUIRE_REDIS` set a missing or unreachable Redis fails the
//! Redis variants instead of skipping them). Then what only one backend can
//! show: idle channels leave nothing behind, and two Redis buses ("two API
//! processes") see each other's messages.
//!
//! Every test uses channels of its own (a random suffix), so tests running at
//! once on one Redis server never see each other's messages.

use std::sync::Arc;
use std::time::Duration;

use api::store::live::memory::MemoryLiveBus;
use api::store::live::redis::RedisLiveBus;
use api::store::live::{LiveBus, LiveSubscription, SUBSCRIBER_BUFFER};

macro_rules! contract {
    ($($name:ident),* $(,)?) => {
        mod memory {
            $(
                #[tokio::test]
                async fn $name() {
                    super::$name(std::sync::Arc::new(super::MemoryLiveBus::new())).await;
                }
            )*
        }
        mod redis {
            $(
                #[tokio::test]
                async fn $name() {
                    if let Some(bus) = super::redis_bus().await {
                        super::$name(std::sync::Arc::new(bus)).await;
                    }
                }
            )*
        }
    };
}

contract!(
    a_subscriber_receives_the_messages_published_after_it_subscribed_in_order,
    messages_on_other_channels_are_not_received,
    two_subscribers_on_one_channel_both_receive_every_message,
    after_a_subscriber_drops_publishing_works_and_a_new_subscriber_receives,
    a_subscriber_that_falls_behind_skips_the_oldest_messages_and_counts_them,
    subscriptions_end_when_the_bus_is_gone,
);

/// The Redis server of `TEST_REDIS_URL`, or `None` (skip) when there is none
/// here, unless `LYCEUM_REQUIRE_REDIS` is set, when that is a failure.
fn redis_url() -> Option<String> {
    match std::env::var("TEST_REDIS_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            if std::env::var_os("LYCEUM_REQUIRE_REDIS").is_some() {
                panic!("LYCEUM_REQUIRE_REDIS is set but TEST_REDIS_URL is not");
            }
            eprintln!("TEST_REDIS_URL is not set: skipping the Redis variant (run `just test`)");
            None
        }
    }
}

/// A Redis bus on `TEST_REDIS_URL` (see [`redis_url`]); an unreachable
/// server is skipped too, unless `LYCEUM_REQUIRE_REDIS` is set.
async fn redis_bus() -> Option<RedisLiveBus> {
    let url = redis_url()?;
    match RedisLiveBus::connect(&url).await {
        Ok(bus) => Some(bus),
        Err(err) if std::env::var_os("LYCEUM_REQUIRE_REDIS").is_some() => {
            panic!("LYCEUM_REQUIRE_REDIS is set but TEST_REDIS_URL ({url}) is unreachable: {err}")
        }
        Err(err) => {
            eprintln!("TEST_REDIS_URL ({url}) is unreachable, skipping the Redis variant: {err}");
            None
        }
    }
}

/// A channel name no other test uses.
fn channel(kind: &str) -> String {
    format!("forum:{kind}:{}", uuid::Uuid::new_v4().simple())
}

/// The subscription's next message, failing the test after five seconds.
async fn next(subscription: &mut LiveSubscription) -> Option<String> {
    tokio::time::timeout(Duration::from_secs(5), subscription.next())
        .await
        .unwrap_or_else(|_| panic!("no message on {} within 5 s", subscription.channel()))
}

async fn a_subscriber_receives_the_messages_published_after_it_subscribed_in_order(
    bus: Arc<dyn LiveBus>,
) {
    let thread = channel("thread");
    bus.publish(&thread, "before subscribing").await.unwrap();

    let mut subscription = bus.subscribe(&thread).await.unwrap();
    for n in 1..=20 {
        bus.publish(&thread, &format!("post {n}")).await.unwrap();
    }

    for n in 1..=20 {
        assert_eq!(
            next(&mut subscription).await.as_deref(),
            Some(&*format!("post {n}"))
        );
    }
    assert_eq!(subscription.missed(), 0);
}

async fn messages_on_other_channels_are_not_received(bus: Arc<dyn LiveBus>) {
    let thread = channel("thread");
    let other = format!("{thread}:other");
    let mut subscription = bus.subscribe(&thread).await.unwrap();
    let mut other_subscription = bus.subscribe(&other).await.unwrap();

    bus.publish(&other, "not for you").await.unwrap();
    bus.publish(&thread, "for you").await.unwrap();

    // Messages from one publisher arrive in order, so a wrongly delivered
    // "not for you" would come before "for you".
    assert_eq!(next(&mut subscription).await.as_deref(), Some("for you"));
    assert_eq!(
        next(&mut other_subscription).await.as_deref(),
        Some("not for you")
    );
}

async fn two_subscribers_on_one_channel_both_receive_every_message(bus: Arc<dyn LiveBus>) {
    let thread = channel("thread");
    let mut first = bus.subscribe(&thread).await.unwrap();
    let mut second = bus.subscribe(&thread).await.unwrap();

    bus.publish(&thread, "one").await.unwrap();
    bus.publish(&thread, "two").await.unwrap();

    for subscription in [&mut first, &mut second] {
        assert_eq!(next(subscription).await.as_deref(), Some("one"));
        assert_eq!(next(subscription).await.as_deref(), Some("two"));
    }
}

async fn after_a_subscriber_drops_publishing_works_and_a_new_subscriber_receives(
    bus: Arc<dyn LiveBus>,
) {
    let thread = channel("thread");
    let subscription = bus.subscribe(&thread).await.unwrap();
    drop(subscription);
    bus.publish(&thread, "nobody listens").await.unwrap();
    // Quick comings and goings must not leave the channel unsubscribed
    // (with Redis, a late UNSUBSCRIBE undoing a newer SUBSCRIBE).
    for _ in 0..20 {
        drop(bus.subscribe(&thread).await.unwrap());
    }

    let mut subscription = bus.subscribe(&thread).await.unwrap();
    bus.publish(&thread, "welcome back").await.unwrap();

    assert_eq!(
        next(&mut subscription).await.as_deref(),
        Some("welcome back")
    );
}

async fn a_subscriber_that_falls_behind_skips_the_oldest_messages_and_counts_them(
    bus: Arc<dyn LiveBus>,
) {
    let thread = channel("thread");
    let mut slow = bus.subscribe(&thread).await.unwrap();
    let mut fast = bus.subscribe(&thread).await.unwrap();
    let total = SUBSCRIBER_BUFFER + 10;

    // The fast subscriber reads each message as it comes; the slow one
    // reads nothing until the end.
    for n in 0..total {
        bus.publish(&thread, &n.to_string()).await.unwrap();
        assert_eq!(next(&mut fast).await, Some(n.to_string()));
    }

    assert_eq!(next(&mut slow).await, Some("10".to_string()));
    assert_eq!(slow.missed(), 10);
    for n in 11..total {
        assert_eq!(next(&mut slow).await, Some(n.to_string()));
    }
    assert_eq!(fast.missed(), 0);
}

async fn subscriptions_end_when_the_bus_is_gone(bus: Arc<dyn LiveBus>) {
    let mut subscription = bus.subscribe(&channel("thread")).await.unwrap();

    drop(bus);

    assert_eq!(next(&mut subscription).await, None);
}

#[tokio::test]
async fn memory_channels_without_subscribers_leave_nothing_behind() {
    let bus = MemoryLiveBus::new();
    let thread = channel("thread");
    let first = bus.subscribe(&thread).await.unwrap();
    let second = bus.subscribe(&thread).await.unwrap();
    let other = bus.subscribe(&channel("course")).await.unwrap();
    assert_eq!(bus.open_channels(), 2);

    drop(first);
    assert_eq!(bus.open_channels(), 2, "one subscriber is still there");
    drop(second);
    drop(other);

    assert_eq!(bus.open_channels(), 0);
    bus.publish(&thread, "nobody listens").await.unwrap();
    assert_eq!(bus.open_channels(), 0, "publishing opens no channel");
}

/// Number of Redis connections subscribed to `channel`.
async fn redis_subscribers(redis: &fred::prelude::Client, channel: &str) -> i64 {
    use fred::prelude::PubsubInterface;
    let reply: Vec<fred::types::Value> = redis.pubsub_numsub(channel).await.unwrap();
    reply[1].as_i64().unwrap()
}

#[tokio::test]
async fn redis_unsubscribes_a_channel_when_its_last_local_subscriber_is_gone() {
    let Some(bus) = redis_bus().await else { return };
    let url = redis_url().unwrap();
    let redis = fred::prelude::Builder::from_config(fred::prelude::Config::from_url(&url).unwrap())
        .build()
        .unwrap();
    fred::prelude::ClientLike::init(&redis).await.unwrap();
    let thread = channel("thread");

    let first = bus.subscribe(&thread).await.unwrap();
    let second = bus.subscribe(&thread).await.unwrap();
    assert_eq!(
        redis_subscribers(&redis, &thread).await,
        1,
        "one connection per bus"
    );
    drop(first);
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(
        redis_subscribers(&redis, &thread).await,
        1,
        "one subscriber is still there"
    );
    drop(second);

    assert_eq!(bus.open_channels(), 0);
    let mut waited = Duration::ZERO;
    while redis_subscribers(&redis, &thread).await != 0 {
        assert!(
            waited < Duration::from_secs(5),
            "still subscribed in Redis after 5 s"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
        waited += Duration::from_millis(20);
    }
}

#[tokio::test]
async fn two_redis_buses_see_each_others_messages() {
    let (Some(first_process), Some(second_process)) = (redis_bus().await, redis_bus().await) else {
        return;
    };
    let thread = channel("thread");
    let mut on_first = first_process.subscribe(&thread).await.unwrap();
    let mut on_second = second_process.subscribe(&thread).await.unwrap();

    first_process
        .publish(&thread, "from the first")
        .await
        .unwrap();
    assert_eq!(next(&mut on_first).await.as_deref(), Some("from the first"));
    assert_eq!(
        next(&mut on_second).await.as_deref(),
        Some("from the first")
    );

    second_process
        .publish(&thread, "from the second")
        .await
        .unwrap();
    assert_eq!(
        next(&mut on_first).await.as_deref(),
        Some("from the second")
    );
    assert_eq!(
        next(&mut on_second).await.as_deref(),
        Some("from the second")
    );
}
