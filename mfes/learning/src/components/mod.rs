//! The app's building blocks, grouped by feature.

pub mod course_card;
pub mod course_tabs;
pub mod grade_chart;
pub mod loading;
pub mod outline_tree;
pub mod progress_bar;
pub mod sequence_nav;
pub mod unit;
