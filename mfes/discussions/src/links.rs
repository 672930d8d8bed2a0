//! The addresses of the app's pages, with keys encoded as single path
//! segments.

use lyceum_kit::{api::encode_path_segment, Mfe};

/// A course's forum.
pub fn forum(course_key: &str) -> String {
    Mfe::Discussions.path(&format!("/course/{}", encode_path_segment(course_key)))
}

/// A thread of a course's forum.
pub fn thread(course_key: &str, id: i64) -> String {
    format!("{}/threads/{id}", forum(course_key))
}

/// The moderators' queue of reported posts.
pub fn reported(course_key: &str) -> String {
    format!("{}/reported", forum(course_key))
}

/// The reader's own posts and the threads they took part in.
pub fn activity(course_key: &str) -> String {
    format!("{}/activity", forum(course_key))
}

/// One post of a thread: the thread page, scrolled to the post.
pub fn post(course_key: &str, thread_id: i64, anchor: &str) -> String {
    format!("{}#{anchor}", thread(course_key, thread_id))
}
