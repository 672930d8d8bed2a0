//! The shared platform of the Lyceum micro-frontends.
//!
//! Every app (learning, authoring, discussions, profile) is its own Leptos
//! CSR build mounted under its own path, and all of them stand on this crate:
//! the typed API client ([`api`]), the session context ([`session`]), the
//! header linking the apps, accessible components ([`components`]), the
//! account pages every app routes to ([`pages`]), the decoded route
//! parameters ([`params`]) and the design tokens in `style.css` beside this
//! crate.

pub mod api;
pub mod components;
pub mod format;
pub mod mfe;
pub mod pages;
pub mod params;
pub mod session;
pub mod sort;

pub use api::ApiError;
pub use mfe::{provide_mfe, use_mfe, Mfe};
pub use session::{provide_session, use_session, Session, SessionStatus};

/// Names the page in the browser tab and for screen readers on navigation.
pub fn set_page_title(title: &str) {
    leptos::prelude::document().set_title(&format!("{title} · Lyceum"));
}
