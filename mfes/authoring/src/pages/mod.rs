//! One module per route of the app; the account pages come from the kit.

pub mod course;
pub mod home;
