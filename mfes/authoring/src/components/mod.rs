//! The app's components, grouped by feature.

pub mod courses;
pub mod outline;
