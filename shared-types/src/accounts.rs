//! Accounts, sessions and personal API tokens.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A user as the user themself (or global staff) sees it.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: i64,
    /// Public handle, unique regardless of case.
    pub username: String,
    pub email: String,
    /// Full name, as shown on certificates and in the header.
    pub name: String,
    /// Whether the email address was confirmed through the emailed link.
    pub email_verified: bool,
    /// Global staff: may manage every course.
    pub is_staff: bool,
    /// Superuser: may do everything, including managing users.
    pub is_superuser: bool,
    pub date_joined: DateTime<Utc>,
}

/// `POST /api/v1/auth/register`.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[cfg_attr(feature = "openapi", oai(deny_unknown_fields))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegisterRequest {
    /// 2–30 characters: letters, digits, `_`, `-`, `.`.
    pub username: String,
    pub email: String,
    /// At least 8 characters, not only digits, not the username or email.
    pub password: String,
    /// Full name, 1–255 characters.
    pub name: String,
}

/// `POST /api/v1/auth/login`.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[cfg_attr(feature = "openapi", oai(deny_unknown_fields))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    /// The username or the email address.
    pub username: String,
    pub password: String,
}

/// Answer of a successful sign-in. The same token is also set as the
/// HttpOnly session cookie.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginResponse {
    /// Opaque session token; send it as `Authorization: Bearer <token>`.
    pub token: String,
    pub expires_at: DateTime<Utc>,
    pub user: User,
}

/// `POST /api/v1/me/password`.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[cfg_attr(feature = "openapi", oai(deny_unknown_fields))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangePasswordRequest {
    pub current_password: String,
    pub new_password: String,
}

/// `POST /api/v1/auth/password-reset`: ask for a reset link by email.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[cfg_attr(feature = "openapi", oai(deny_unknown_fields))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PasswordResetRequest {
    pub email: String,
}

/// `POST /api/v1/auth/password-reset/confirm`: set a new password with the
/// emailed token.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[cfg_attr(feature = "openapi", oai(deny_unknown_fields))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PasswordResetConfirm {
    pub token: String,
    pub new_password: String,
}

/// `POST /api/v1/auth/verify-email`: confirm an address with the emailed token.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[cfg_attr(feature = "openapi", oai(deny_unknown_fields))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerifyEmailRequest {
    pub token: String,
}

/// A plain acknowledgement for actions with nothing else to say.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    pub message: String,
}

/// `POST /api/v1/me/tokens`.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[cfg_attr(feature = "openapi", oai(deny_unknown_fields))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateApiTokenRequest {
    /// What the token is for, 1–100 characters ("grade export script").
    pub name: String,
    /// Days until the token stops working (1–3650); never when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_in_days: Option<u32>,
}

/// A personal API token as listed: never the secret itself.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiToken {
    pub id: i64,
    pub name: String,
    /// The first characters of the token, to tell tokens apart.
    pub prefix: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub expires_at: Option<DateTime<Utc>>,
}

/// A newly created personal API token; the secret is shown this once only.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiTokenCreated {
    /// The secret; send it as `Authorization: Bearer <token>`.
    pub token: String,
    pub api_token: ApiToken,
}

/// One page of personal API tokens.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiTokenPage {
    /// Total number of tokens.
    pub count: u64,
    /// The next page's URL, if any.
    pub next: Option<String>,
    pub results: Vec<ApiToken>,
}

/// A role a user holds in one course run.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Enum))]
#[cfg_attr(feature = "openapi", oai(rename_all = "snake_case"))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CourseRole {
    /// Full control of the course, including its team.
    Instructor,
    /// Authors and runs the course.
    Staff,
    /// Staff without access to learner data or grades of others.
    LimitedStaff,
    /// Sees content before its release.
    BetaTester,
    /// Moderates the discussions.
    DiscussionModerator,
    /// A learner who helps moderate discussions.
    CommunityTa,
}

impl CourseRole {
    /// Every role, in order of power.
    pub const ALL: [CourseRole; 6] = [
        CourseRole::Instructor,
        CourseRole::Staff,
        CourseRole::LimitedStaff,
        CourseRole::BetaTester,
        CourseRole::DiscussionModerator,
        CourseRole::CommunityTa,
    ];

    /// The stored and serialized name.
    pub fn as_str(self) -> &'static str {
        match self {
            CourseRole::Instructor => "instructor",
            CourseRole::Staff => "staff",
            CourseRole::LimitedStaff => "limited_staff",
            CourseRole::BetaTester => "beta_tester",
            CourseRole::DiscussionModerator => "discussion_moderator",
            CourseRole::CommunityTa => "community_ta",
        }
    }

    /// Parses a stored name.
    pub fn parse(s: &str) -> Option<CourseRole> {
        CourseRole::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// A course role held by the current user.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseRoleGrant {
    /// `course-v1:ORG+NUMBER+RUN`.
    pub course_key: String,
    pub role: CourseRole,
}

/// Answer of `GET /api/v1/me/course-roles`.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseRoleList {
    pub results: Vec<CourseRoleGrant>,
}

/// `GET /me/preferences`: what the user chose about mail and more.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preferences {
    /// Email about new responses in followed discussion threads
    /// (on unless turned off).
    pub discussion_email: bool,
    /// Email when an open response assessment's grade is ready (on unless
    /// turned off).
    pub ora_email: bool,
}

/// `PATCH /me/preferences`: only the fields given change.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[cfg_attr(feature = "openapi", oai(deny_unknown_fields))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PreferencesUpdate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discussion_email: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ora_email: Option<bool>,
}
