//! The `application/problem+json` body (RFC 9457) of every 4xx and 5xx
//! response, so the MFEs and third parties decode one shape everywhere.

use serde::{Deserialize, Serialize};

/// A problem detail: what went wrong, in a form both people and programs read.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[cfg_attr(feature = "openapi", oai(rename = "Problem"))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// A URI reference naming the problem type (`about:blank` when the status
    /// says it all, otherwise `/problems/<code>`).
    #[serde(rename = "type")]
    #[cfg_attr(feature = "openapi", oai(rename = "type"))]
    pub type_: String,
    /// Short, human-readable summary of the problem type.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// Human-readable explanation specific to this occurrence.
    pub detail: String,
    /// Stable machine-readable code (`validation_failed`, `conflict`, ...).
    pub code: String,
    /// The request field the problem is about, for validation failures.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// For 409s on versioned content: the version the resource is at now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_version: Option<String>,
    /// The request id, also logged on the server, to quote in a bug report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

/// The media type of [`ErrorBody`] responses.
pub const PROBLEM_JSON: &str = "application/problem+json";
