//! Request and response types shared by the Lyceum API (`api`) and the
//! micro-frontends (`mfes/*`).
//!
//! The crate depends on serde only; the OpenAPI schema derives are switched on
//! by the `openapi` feature, which the API enables and the MFEs never do, so the
//! wasm bundles stay small while both sides agree on every field.

pub mod accounts;
pub mod authoring;
pub mod discussions;
pub mod error;
pub mod health;
pub mod jobs;
pub mod keys;
pub mod learning;
pub mod ora;
pub mod problem;

pub use accounts::*;
pub use authoring::*;
pub use discussions::*;
pub use error::*;
pub use health::*;
pub use jobs::*;
pub use keys::{BlockKey, CourseKey, KeyError};
pub use learning::*;
pub use ora::*;
pub use problem::*;

/// The header that cookie-authenticated unsafe requests (POST, PUT, PATCH,
/// DELETE) must carry. Browsers do not let another origin set a custom header
/// without a CORS preflight, which the API never grants, so its presence proves
/// the request came from our own pages.
pub const CSRF_HEADER: &str = "X-Lyceum-CSRF";

/// The name of the HttpOnly session cookie the API sets on sign-in.
pub const SESSION_COOKIE: &str = "lyceum_session";

/// The header carrying the request id on every response.
pub const REQUEST_ID_HEADER: &str = "X-Request-Id";
