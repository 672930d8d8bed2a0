//! The live bus across processes: Redis pub/sub through `fred` (used when
//! `REDIS_URL` is set), so a post made through one `lyceum serve` reaches
//! the pages open on every other.
//!
//! Each bus has one publishing connection and one subscribing connection,
//! whatever the number of local subscribers. The subscribing connection is
//! subscribed to a Redis channel while, and only while, this process has
//! local subscribers to it; a router task hands each incoming message to the
//! in-process channel of the same name ([`super::hub::Hub`]), which fans it
//! out to the local subscribers.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use async_trait::async_trait;
use fred::clients::SubscriberClient;
use fred::prelude::{
    Builder, Client, ClientLike, Config, EventInterface, PubsubInterface, ReconnectPolicy,
};
use tokio::sync::{broadcast, mpsc, Mutex};
use tokio::task::JoinHandle;

use super::hub::Hub;
use super::{LiveBus, LiveError, LiveSubscription};

/// How many incoming Redis messages (all channels together) may wait for
/// the router task before the oldest are dropped. The router only moves
/// each message into its channel's buffer, so this is ample.
const INCOMING_BUFFER: usize = 4096;

/// How long a publish or subscribe waits for Redis (while it reconnects,
/// say) before failing: a forum post must not hang on its live update.
const COMMAND_TIMEOUT: Duration = Duration::from_secs(2);

/// Publish/subscribe through Redis, shared by every process on that Redis.
pub struct RedisLiveBus {
    publisher: Client,
    subscriber: SubscriberClient,
    hub: Arc<Hub>,
    /// Held across every Redis SUBSCRIBE and UNSUBSCRIBE together with the
    /// check of the local channel table, so that a late UNSUBSCRIBE for a
    /// channel's previous subscribers can never undo the SUBSCRIBE of its
    /// next one.
    redis_subscriptions: Arc<Mutex<()>>,
    /// The router, the clean-up task and fred's re-subscribe task.
    tasks: Vec<JoinHandle<()>>,
}

impl RedisLiveBus {
    /// Connects the publishing and the subscribing client to `url`
    /// (`redis://[user:password@]host:port[/db]`), failing when Redis is
    /// unreachable. Dropped connections are re-established afterwards, and
    /// the channels subscribed again; meanwhile `publish` and `subscribe`
    /// fail after [`COMMAND_TIMEOUT`].
    pub async fn connect(url: &str) -> Result<RedisLiveBus, LiveError> {
        let config = Config::from_url(url).context("parsing the Redis URL")?;
        let mut builder = Builder::from_config(config);
        builder
            .with_performance_config(|perf| {
                perf.broadcast_channel_capacity = INCOMING_BUFFER;
                perf.default_command_timeout = COMMAND_TIMEOUT;
            })
            .with_connection_config(|conn| conn.connection_timeout = Duration::from_secs(5))
            .set_policy(ReconnectPolicy::new_exponential(0, 100, 10_000, 2));
        let publisher = builder.build().context("configuring the Redis client")?;
        let subscriber = builder
            .build_subscriber_client()
            .context("configuring the Redis subscriber")?;
        publisher
            .init()
            .await
            .context("connecting the Redis publisher")?;
        let incoming = subscriber.message_rx();
        if let Err(err) = subscriber.init().await {
            let _ = publisher.quit().await;
            return Err(anyhow::Error::new(err)
                .context("connecting the Redis subscriber")
                .into());
        }

        let (released_tx, released_rx) = mpsc::unbounded_channel();
        let hub = Hub::new(Some(released_tx));
        let redis_subscriptions = Arc::new(Mutex::new(()));
        let tasks = vec![
            tokio::spawn(route(incoming, Arc::clone(&hub))),
            tokio::spawn(unsubscribe_released(
                released_rx,
                subscriber.clone(),
                Arc::clone(&hub),
                Arc::clone(&redis_subscriptions),
            )),
            subscriber.manage_subscriptions(),
        ];
        Ok(RedisLiveBus {
            publisher,
            subscriber,
            hub,
            redis_subscriptions,
            tasks,
        })
    }

    /// How many channels have subscribers in this process (for metrics, and
    /// for tests that check idle channels leave nothing behind). The Redis
    /// subscriptions follow a moment later.
    pub fn open_channels(&self) -> usize {
        self.hub.open_channels()
    }
}

/// Hands every message from Redis to the local subscribers of its channel.
async fn route(mut incoming: broadcast::Receiver<fred::types::Message>, hub: Arc<Hub>) {
    loop {
        match incoming.recv().await {
            Ok(message) => match message.value.as_str_lossy() {
                Some(text) => hub.deliver(&message.channel, text.into_owned()),
                None => tracing::warn!(
                    channel = %message.channel,
                    "ignoring a live message that is not text"
                ),
            },
            Err(broadcast::error::RecvError::Lagged(skipped)) => {
                tracing::warn!(
                    skipped,
                    "live bus router fell behind Redis and lost messages"
                );
            }
            Err(broadcast::error::RecvError::Closed) => return,
        }
    }
}

/// Unsubscribes from Redis the channels whose last local subscriber went
/// away (unless a new one has come since).
async fn unsubscribe_released(
    mut released: mpsc::UnboundedReceiver<String>,
    subscriber: SubscriberClient,
    hub: Arc<Hub>,
    redis_subscriptions: Arc<Mutex<()>>,
) {
    while let Some(channel) = released.recv().await {
        let _serialised = redis_subscriptions.lock().await;
        if hub.is_open(&channel) {
            continue;
        }
        let unsubscribed = async {
            subscriber.unsubscribe(channel.as_str()).await?;
            settled(&subscriber).await
        };
        if let Err(err) = unsubscribed.await {
            tracing::warn!(%channel, error = %err, "could not unsubscribe a live channel from Redis");
        }
    }
}

/// Waits until Redis has carried out the (un)subscriptions sent on the
/// subscriber connection so far. fred resolves SUBSCRIBE and UNSUBSCRIBE as
/// soon as they are written (their replies come out of band), so without
/// this a message published right after `subscribe` returned could reach
/// Redis before the SUBSCRIBE and be lost. Redis answers the commands of one
/// connection in order, so the reply to a PING sent after them means they
/// are done.
async fn settled(subscriber: &SubscriberClient) -> Result<(), fred::error::Error> {
    let _pong: fred::types::Value = subscriber.ping(None).await?;
    Ok(())
}

/// Reports a channel for clean-up unless defused: a SUBSCRIBE that failed
/// or was abandoned half-way may have left Redis subscribed with no local
/// subscriber.
struct PendingSubscribe<'a> {
    hub: &'a Hub,
    channel: &'a str,
    done: bool,
}

impl Drop for PendingSubscribe<'_> {
    fn drop(&mut self) {
        if !self.done {
            self.hub.notify_released(self.channel);
        }
    }
}

#[async_trait]
impl LiveBus for RedisLiveBus {
    async fn publish(&self, channel: &str, message: &str) -> Result<(), LiveError> {
        let _receivers: i64 = self
            .publisher
            .publish(channel, message)
            .await
            .with_context(|| format!("publishing on live channel {channel}"))?;
        Ok(())
    }

    async fn subscribe(&self, channel: &str) -> Result<LiveSubscription, LiveError> {
        // A channel in the local table is subscribed in Redis: it is only
        // added after its SUBSCRIBE succeeded, and only unsubscribed once
        // it has left the table.
        if let Some(subscription) = self.hub.join(channel) {
            return Ok(subscription);
        }
        let _serialised = self.redis_subscriptions.lock().await;
        if let Some(subscription) = self.hub.join(channel) {
            return Ok(subscription);
        }
        let mut pending = PendingSubscribe {
            hub: &self.hub,
            channel,
            done: false,
        };
        self.subscriber
            .subscribe(channel)
            .await
            .with_context(|| format!("subscribing to live channel {channel}"))?;
        settled(&self.subscriber)
            .await
            .with_context(|| format!("subscribing to live channel {channel}"))?;
        let subscription = self.hub.join_or_open(channel);
        pending.done = true;
        Ok(subscription)
    }
}

impl Drop for RedisLiveBus {
    /// Ends the subscriptions (their `next` returns `None`), stops the tasks
    /// and closes both connections.
    fn drop(&mut self) {
        self.hub.close();
        for task in &self.tasks {
            task.abort();
        }
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            let (publisher, subscriber) = (self.publisher.clone(), self.subscriber.clone());
            runtime.spawn(async move {
                let _ = publisher.quit().await;
                let _ = subscriber.quit().await;
            });
        }
    }
}
