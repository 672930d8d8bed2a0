//! The app's components, grouped by feature.

pub mod course_nav;
pub mod courses;
pub mod outline;
pub mod settings;
pub mod unit;
