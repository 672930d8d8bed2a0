//! One module per route of the app; the account pages come from the kit.

pub mod activity;
pub mod forum;
pub mod home;
pub mod post;
pub mod reported;
pub mod thread;
