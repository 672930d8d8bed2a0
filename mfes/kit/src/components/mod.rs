//! Accessible building blocks shared by every app.

mod alert;
mod button;
mod confirm;
mod focus;
mod header;
mod not_found;
pub mod ora;
mod problem;
mod require_auth;
mod spinner;
mod text_field;

pub use alert::{error_fallback, Alert, AlertKind};
pub use button::{Button, ButtonVariant};
pub use confirm::ConfirmPanel;
pub use focus::focus_later;
pub use header::Header;
pub use not_found::NotFound;
pub use problem::{correctness_words, ProblemAnswers, ProblemView};
pub use require_auth::RequireAuth;
pub use spinner::Spinner;
pub use text_field::TextField;
