//! Live updates: a publish/subscribe bus that pushes small notifications
//! ("a new post in thread 42") to the pages that have them open. The forum
//! publishes on channels named after what changed (`forum:thread:42`); the
//! code serving an open page (Server-Sent Events) subscribes to them.
//!
//! With `REDIS_URL` set the fan-out goes through Redis pub/sub
//! ([`redis::RedisLiveBus`]), so every API process sees what any other one
//! published; otherwise through in-process broadcast channels
//! ([`memory::MemoryLiveBus`]), which is all a single process needs.
//!
//! # Delivery semantics (both backends)
//!
//! - **At most once, no history.** A subscription receives the messages
//!   published on its channel after [`LiveBus::subscribe`] returned, never
//!   earlier ones, and nothing is stored: a page that reconnects re-reads
//!   the current state over the REST API and subscribes again.
//! - **Bounded buffer per channel.** Each channel in a process buffers the
//!   last [`SUBSCRIBER_BUFFER`] messages for its subscribers. A subscriber
//!   that falls further behind misses the oldest messages: [`LiveSubscription::next`]
//!   skips them and goes on with the oldest still buffered, and
//!   [`LiveSubscription::missed`] counts them, so the caller can tell the page
//!   to reload. A slow subscriber never slows publishers or other subscribers.
//! - **Ordering per publisher.** Messages one publisher (one bus in one
//!   process) publishes one after the other (each `publish` awaited before
//!   the next) reach every subscriber in that order. Messages from different
//!   processes, or from concurrent `publish` calls, have no defined order.
//! - **Lost while disconnected (Redis).** Messages published while a
//!   process's subscriber connection to Redis is down are lost for that
//!   process; it re-subscribes its channels when the connection is back.
//!   A `publish` while Redis is unreachable fails with [`LiveError`].
//!
//! Dropping a [`LiveSubscription`] unsubscribes it; a channel's per-process
//! state (and, with Redis, the Redis subscription) goes with its last
//! subscriber. [`LiveSubscription::next`] returns `None` once the bus itself
//! is gone.

mod hub;
pub mod memory;
pub mod redis;

use async_trait::async_trait;
use tokio::sync::broadcast;

/// How many messages each channel buffers for its slowest subscriber in a
/// process before that subscriber starts missing messages. Small: a channel
/// is one forum thread or course, whose posts come minutes apart, and each
/// open channel reserves this many slots.
pub const SUBSCRIBER_BUFFER: usize = 64;

/// What the live bus can fail with.
#[derive(Debug, thiserror::Error)]
pub enum LiveError {
    /// The backend (Redis) failed or is unreachable; the cause is logged,
    /// never shown to users.
    #[error("live update bus failed: {0}")]
    Backend(#[from] anyhow::Error),
}

/// Publish/subscribe on named channels, shared by every API process that
/// uses the same backend. See the module documentation for the delivery
/// guarantees (at most once, bounded buffer, ordered per publisher).
#[async_trait]
pub trait LiveBus: Send + Sync {
    /// Sends `message` to every current subscriber of `channel`, in this
    /// and (with Redis) every other process. Succeeds when nobody listens.
    async fn publish(&self, channel: &str, message: &str) -> Result<(), LiveError>;

    /// Starts receiving the messages published on `channel` from now on.
    /// When this returns, the subscription is in place: a message published
    /// afterwards (from any process) is delivered.
    async fn subscribe(&self, channel: &str) -> Result<LiveSubscription, LiveError>;
}

/// The messages of one channel, from the moment of subscribing; dropping it
/// unsubscribes.
pub struct LiveSubscription {
    channel: String,
    // Declared before `_release`: fields drop in declaration order, so the
    // receiver is gone by the time the release checks whether it was the
    // channel's last one.
    receiver: broadcast::Receiver<String>,
    missed: u64,
    _release: hub::Release,
}

impl LiveSubscription {
    /// The next message, waiting for it; `None` once the bus has shut down.
    /// Messages this subscriber was too slow for are skipped (see
    /// [`missed`](Self::missed)).
    pub async fn next(&mut self) -> Option<String> {
        loop {
            match self.receiver.recv().await {
                Ok(message) => return Some(message),
                Err(broadcast::error::RecvError::Lagged(skipped)) => {
                    self.missed += skipped;
                    tracing::debug!(
                        channel = %self.channel,
                        skipped,
                        "live subscriber fell behind and missed messages"
                    );
                }
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    }

    /// How many messages this subscription has skipped so far because it
    /// fell more than [`SUBSCRIBER_BUFFER`] messages behind.
    pub fn missed(&self) -> u64 {
        self.missed
    }

    /// The channel this subscription listens on.
    pub fn channel(&self) -> &str {
        &self.channel
    }
}

impl std::fmt::Debug for LiveSubscription {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LiveSubscription")
            .field("channel", &self.channel)
            .field("missed", &self.missed)
            .finish_non_exhaustive()
    }
}
