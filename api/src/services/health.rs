//! Liveness and readiness.

use std::sync::Arc;

use crate::store::accounts::AccountStore;

/// Answers whether the backends are reachable.
pub struct HealthService {
    accounts: Arc<dyn AccountStore>,
}

impl HealthService {
    pub fn new(accounts: Arc<dyn AccountStore>) -> Self {
        Self { accounts }
    }

    /// Whether the relational database answers.
    pub async fn database_ready(&self) -> bool {
        match self.accounts.ping().await {
            Ok(()) => true,
            Err(err) => {
                tracing::warn!(error = %err, "database is not ready");
                false
            }
        }
    }
}
