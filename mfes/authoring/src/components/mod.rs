//! The app's components, grouped by feature.

pub mod confirm;
pub mod course_nav;
pub mod courses;
pub mod ora_grading;
pub mod outline;
pub mod rename;
pub mod settings;
pub mod unit;
