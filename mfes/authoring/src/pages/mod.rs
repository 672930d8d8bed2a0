//! One module per route of the app; the account pages come from the kit.

pub mod course;
pub mod files;
pub mod home;
pub mod import_export;
pub mod ora_grading;
pub mod settings;
pub mod team;
pub mod unit;
