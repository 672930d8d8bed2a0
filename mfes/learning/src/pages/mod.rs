//! One module per route of the app; the account pages come from the kit.

pub mod about;
pub mod catalog;
pub mod course;
pub mod course_home;
pub mod dashboard;
pub mod dates;
pub mod progress;
pub mod unit;
