//! Liveness and readiness probes.

use serde::{Deserialize, Serialize};

/// Answer of `GET /api/v1/health`: the process is up.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    /// Always `ok` when the process answers.
    pub status: String,
    /// The server's version.
    pub version: String,
}

/// Answer of `GET /api/v1/ready`: the process can serve requests.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ready {
    /// `ok` when every backend answered.
    pub status: String,
    /// `ok` when the relational database answered a query.
    pub database: String,
}
