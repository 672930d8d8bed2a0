//! Components grouped by feature.

pub mod account;
