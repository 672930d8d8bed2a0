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
pub mod ora;
pub mod problems;
pub mod render;
pub mod validate;

/// An address on this site (`public_base`) with each part as one path
/// segment (percent-encoded).
pub fn site_link(public_base: &str, segments: &[&str]) -> String {
    match url::Url::parse(public_base) {
        Ok(mut url) => {
            if let Ok(mut path) = url.path_segments_mut() {
                path.pop_if_empty().extend(segments);
            }
            url.to_string()
        }
        Err(_) => format!("{}/{}", public_base, segments.join("/")),
    }
}
