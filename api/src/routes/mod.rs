//! The HTTP surface: one `#[OpenApi]` struct per domain, HTTP only. Handlers
//! take the state with `Data<&AppState>`, call a service and map its errors.

pub mod assets;
pub mod auth;
pub mod authoring;
pub mod health;
pub mod me;
pub mod mfes;

use poem_openapi::Tags;

/// One tag per domain in the published spec.
#[derive(Tags)]
pub enum ApiTags {
    /// Registration, sign-in, sign-out, password reset, email verification.
    Auth,
    /// The signed-in user: profile basics, password, personal API tokens, roles.
    Me,
    /// Liveness and readiness of the server.
    Health,
    /// Studio: course runs, outlines, blocks and publishing, for course teams.
    Authoring,
}

/// Every API of this version, combined.
pub fn apis() -> (
    health::HealthApi,
    auth::AuthApi,
    me::MeApi,
    authoring::AuthoringApi,
) {
    (
        health::HealthApi,
        auth::AuthApi,
        me::MeApi,
        authoring::AuthoringApi,
    )
}

/// Largest page size of any list.
pub const MAX_PAGE_SIZE: u64 = 100;
/// Page size when the client names none.
pub const DEFAULT_PAGE_SIZE: u64 = 20;
