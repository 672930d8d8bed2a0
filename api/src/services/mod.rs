//! Domain logic. Services depend on store traits and never build HTTP
//! responses; routes call them and map their errors.

pub mod accounts;
pub mod assets;
pub mod authoring;
pub mod authz;
pub mod catalog;
pub mod course_tree;
pub mod courseware;
pub mod forum;
pub mod grades;
pub mod health;
pub mod jobs;
pub mod problems;
pub mod render;
pub mod validate;
