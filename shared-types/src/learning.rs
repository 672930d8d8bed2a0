//! The learner's side: the catalog, enrollment, courseware.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// How a learner is enrolled (Open edX's course modes).
#[cfg_attr(feature = "openapi", derive(poem_openapi::Enum))]
#[cfg_attr(feature = "openapi", oai(rename_all = "snake_case"))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EnrollmentMode {
    /// Free; graded content may be gated to verified learners.
    Audit,
    Verified,
}

/// Whether a course run is open for enrollment now.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Enum))]
#[cfg_attr(feature = "openapi", oai(rename_all = "snake_case"))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EnrollmentStatus {
    /// Enrollment is open.
    Open,
    /// Enrollment opens later (`enrollment_start`).
    NotYetOpen,
    /// Enrollment has closed (`enrollment_end`).
    Closed,
    /// Every seat is taken.
    Full,
    /// Only invited learners may enroll.
    InvitationOnly,
}

/// A course run in the public catalog.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogCourse {
    pub course_key: String,
    pub display_name: String,
    pub org: String,
    pub number: String,
    pub run: String,
    pub short_description: Option<String>,
    /// Where the course card image is served, if it has one.
    pub card_image_url: Option<String>,
    pub language: Option<String>,
    pub self_paced: bool,
    pub start: Option<DateTime<Utc>>,
    pub end: Option<DateTime<Utc>>,
    pub enrollment_start: Option<DateTime<Utc>>,
    pub enrollment_end: Option<DateTime<Utc>>,
    pub enrollment_status: EnrollmentStatus,
}

/// `GET /api/v1/courses`: the catalog, soonest start first.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogPage {
    pub count: u64,
    pub next: Option<String>,
    pub results: Vec<CatalogCourse>,
}

/// `GET /api/v1/courses/{course_key}`: the about page.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseAbout {
    pub course: CatalogCourse,
    /// The overview, sanitized HTML.
    pub overview: Option<String>,
    /// The signed-in user's enrollment, if any.
    pub enrollment: Option<Enrollment>,
    /// Whether the signed-in user is on the course team (sees the
    /// courseware without enrolling).
    pub is_staff: bool,
}

/// One learner's enrollment.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enrollment {
    pub course_key: String,
    pub mode: EnrollmentMode,
    pub is_active: bool,
    pub created_at: DateTime<Utc>,
}

/// `POST /api/v1/courses/{course_key}/enrollment`.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[cfg_attr(feature = "openapi", oai(deny_unknown_fields))]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnrollRequest {
    /// Only `audit` is open to learners themselves; course staff change
    /// modes on the roster.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<EnrollmentMode>,
}

/// A learner on a course's roster.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterEntry {
    pub user_id: i64,
    pub username: String,
    pub name: String,
    pub email: String,
    pub mode: EnrollmentMode,
    pub enrolled_at: DateTime<Utc>,
}

/// `GET /api/v1/courses/{course_key}/enrollments`: for course staff.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterPage {
    pub count: u64,
    pub next: Option<String>,
    pub results: Vec<RosterEntry>,
}

/// `PUT /api/v1/courses/{course_key}/enrollments/{username}`: course staff
/// change a learner's mode.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[cfg_attr(feature = "openapi", oai(deny_unknown_fields))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangeModeRequest {
    pub mode: EnrollmentMode,
}
