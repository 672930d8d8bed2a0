//! The live bus of a single process: tokio broadcast channels, one per
//! channel name with subscribers. The embedded default (no `REDIS_URL`).

use std::sync::Arc;

use async_trait::async_trait;

use super::hub::Hub;
use super::{LiveBus, LiveError, LiveSubscription};

/// Publish/subscribe within this process only. Enough when one `lyceum
/// serve` runs; several processes need [`super::redis::RedisLiveBus`].
pub struct MemoryLiveBus {
    hub: Arc<Hub>,
}

impl MemoryLiveBus {
    pub fn new() -> MemoryLiveBus {
        MemoryLiveBus {
            hub: Hub::new(None),
        }
    }

    /// How many channels have subscribers (for metrics, and for tests that
    /// check idle channels leave nothing behind).
    pub fn open_channels(&self) -> usize {
        self.hub.open_channels()
    }
}

impl Default for MemoryLiveBus {
    fn default() -> Self {
        MemoryLiveBus::new()
    }
}

impl Drop for MemoryLiveBus {
    /// Nothing can be published any more: end the subscriptions.
    fn drop(&mut self) {
        self.hub.close();
    }
}

#[async_trait]
impl LiveBus for MemoryLiveBus {
    async fn publish(&self, channel: &str, message: &str) -> Result<(), LiveError> {
        self.hub.deliver(channel, message.to_owned());
        Ok(())
    }

    async fn subscribe(&self, channel: &str) -> Result<LiveSubscription, LiveError> {
        Ok(self.hub.join_or_open(channel))
    }
}
