//! The course runs a person authors: the list and the form starting a new one.

mod course_list;
mod new_course_form;

pub use course_list::CourseList;
pub use new_course_form::NewCourseForm;
