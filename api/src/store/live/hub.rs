//! The in-process half of every live bus: one tokio broadcast channel per
//! channel name that has subscribers in this process. The memory bus is just
//! this; the Redis bus feeds it from its Redis subscription.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use tokio::sync::{broadcast, mpsc};

use super::{LiveSubscription, SUBSCRIBER_BUFFER};

/// The channels with local subscribers. A channel is in the table exactly
/// while it has at least one [`LiveSubscription`] in this process.
pub(super) struct Hub {
    channels: Mutex<HashMap<String, broadcast::Sender<String>>>,
    /// Told the name of each channel whose last local subscriber went away
    /// (the Redis bus unsubscribes it from Redis); none for the memory bus.
    released: Option<mpsc::UnboundedSender<String>>,
}

impl Hub {
    pub(super) fn new(released: Option<mpsc::UnboundedSender<String>>) -> Arc<Hub> {
        Arc::new(Hub {
            channels: Mutex::new(HashMap::new()),
            released,
        })
    }

    fn table(&self) -> MutexGuard<'_, HashMap<String, broadcast::Sender<String>>> {
        // The table is consistent after every statement, so a panic elsewhere
        // while holding the lock leaves nothing to repair.
        self.channels.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A new subscription to `channel` if it already has local subscribers.
    pub(super) fn join(self: &Arc<Self>, channel: &str) -> Option<LiveSubscription> {
        let receiver = self.table().get(channel)?.subscribe();
        Some(self.subscription(channel, receiver))
    }

    /// A new subscription to `channel`, opening the channel if needed.
    pub(super) fn join_or_open(self: &Arc<Self>, channel: &str) -> LiveSubscription {
        let receiver = self
            .table()
            .entry(channel.to_owned())
            .or_insert_with(|| broadcast::channel(SUBSCRIBER_BUFFER).0)
            .subscribe();
        self.subscription(channel, receiver)
    }

    fn subscription(
        self: &Arc<Self>,
        channel: &str,
        receiver: broadcast::Receiver<String>,
    ) -> LiveSubscription {
        LiveSubscription {
            channel: channel.to_owned(),
            receiver,
            missed: 0,
            _release: Release {
                hub: Arc::clone(self),
                channel: channel.to_owned(),
            },
        }
    }

    /// Hands `message` to the local subscribers of `channel`, if any.
    pub(super) fn deliver(&self, channel: &str, message: String) {
        if let Some(sender) = self.table().get(channel) {
            // Fails only when every receiver is gone, which is no error:
            // their releases are removing the channel right now.
            let _ = sender.send(message);
        }
    }

    /// Whether `channel` has local subscribers.
    pub(super) fn is_open(&self, channel: &str) -> bool {
        self.table().contains_key(channel)
    }

    /// How many channels have local subscribers.
    pub(super) fn open_channels(&self) -> usize {
        self.table().len()
    }

    /// Ends every subscription (their `next` returns `None`): the bus is gone.
    pub(super) fn close(&self) {
        self.table().clear();
    }

    /// Reports `channel` as possibly without local subscribers, for the
    /// Redis bus to check and unsubscribe.
    pub(super) fn notify_released(&self, channel: &str) {
        if let Some(released) = &self.released {
            // Fails only when the bus's clean-up task is gone with the bus.
            let _ = released.send(channel.to_owned());
        }
    }

    fn release(&self, channel: &str) {
        let mut table = self.table();
        // Under the table lock no subscription can join in between, so a
        // count of zero means the channel is unused.
        if table
            .get(channel)
            .is_some_and(|sender| sender.receiver_count() == 0)
        {
            table.remove(channel);
            drop(table);
            self.notify_released(channel);
        }
    }
}

/// Part of a [`LiveSubscription`]: closes the channel when the last local
/// subscriber is dropped, so idle channels leave nothing behind.
pub(super) struct Release {
    hub: Arc<Hub>,
    channel: String,
}

impl Drop for Release {
    fn drop(&mut self) {
        self.hub.release(&self.channel);
    }
}
