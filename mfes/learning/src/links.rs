//! The addresses of the app's pages, with keys encoded as single path
//! segments.

use lyceum_kit::{api::encode_path_segment, mfe::encode_query_value, Mfe};

/// The catalog.
pub fn catalog() -> String {
    Mfe::Learning.path("/courses")
}

/// A course's home: its outline.
pub fn course_home(course_key: &str) -> String {
    Mfe::Learning.path(&format!("/course/{}", encode_path_segment(course_key)))
}

/// A course's public about page.
pub fn about(course_key: &str) -> String {
    format!("{}/about", course_home(course_key))
}

/// A unit in the courseware.
pub fn unit(course_key: &str, unit_key: &str) -> String {
    format!(
        "{}/unit/{}",
        course_home(course_key),
        encode_path_segment(unit_key)
    )
}

/// Where to resume a course: the unit when known, else the outline.
pub fn resume(course_key: &str, resume_block: Option<&str>) -> String {
    match resume_block {
        Some(block) => unit(course_key, block),
        None => course_home(course_key),
    }
}

/// A course's progress page.
pub fn progress(course_key: &str) -> String {
    format!("{}/progress", course_home(course_key))
}

/// A course's dates page.
pub fn dates(course_key: &str) -> String {
    format!("{}/dates", course_home(course_key))
}

/// The sign-in page, coming back to `next` afterwards.
pub fn sign_in(next: &str) -> String {
    format!(
        "{}?next={}",
        Mfe::Learning.path("/signin"),
        encode_query_value(next)
    )
}

/// The registration page, coming back to `next` afterwards.
pub fn register(next: &str) -> String {
    format!(
        "{}?next={}",
        Mfe::Learning.path("/register"),
        encode_query_value(next)
    )
}

/// An inline discussion's topic in the discussions app.
pub fn discussion_topic(course_key: &str, discussion_id: &str) -> String {
    Mfe::Discussions.path(&format!(
        "/course/{}/topic/{}",
        encode_path_segment(course_key),
        encode_path_segment(discussion_id)
    ))
}

/// A thread in the discussions app.
pub fn discussion_thread(course_key: &str, thread_id: i64) -> String {
    Mfe::Discussions.path(&format!(
        "/course/{}/threads/{thread_id}",
        encode_path_segment(course_key)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_single_path_segments() {
        assert_eq!(
            unit("course-v1:O+N+R", "block-v1:O+N+R+type@vertical+block@u"),
            "/learning/course/course-v1%3AO%2BN%2BR/unit/block-v1%3AO%2BN%2BR%2Btype%40vertical%2Bblock%40u"
        );
        assert_eq!(
            about("course-v1:O+N+R"),
            "/learning/course/course-v1%3AO%2BN%2BR/about"
        );
    }

    #[test]
    fn resuming_without_a_unit_opens_the_outline() {
        assert_eq!(resume("c", None), "/learning/course/c");
    }
}
