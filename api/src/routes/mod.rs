//! The HTTP surface: one `#[OpenApi]` struct per domain, HTTP only. Handlers
//! take the state with `Data<&AppState>`, call a service and map its errors.

pub mod assets;
pub mod auth;
pub mod authoring;
pub mod courses;
pub mod courseware;
pub mod discussions;
pub mod health;
pub mod jobs;
pub mod me;
pub mod mfes;
pub mod ora;
pub mod payload;

use poem_openapi::Tags;

/// One tag per domain in the published spec.
#[derive(Tags)]
pub enum ApiTags {
    /// Registration, sign-in, sign-out, password reset, email verification.
    Auth,
    /// The signed-in user: profile basics, password, personal API tokens, roles.
    Me,
    /// Liveness and readiness of the server.
    Health,
    /// Studio: course runs, outlines, blocks and publishing, for course teams.
    Authoring,
    /// Background jobs (imports, ...) and their progress.
    Jobs,
    /// The catalog, enrollment, courseware, problems and progress, for learners.
    Courses,
    /// The course forum: topics, threads, responses, comments and moderation.
    Discussions,
    /// Open response assessments: responses, peer, self and staff grading.
    Ora,
}

/// Every API of this version.
pub type Apis = (
    health::HealthApi,
    auth::AuthApi,
    me::MeApi,
    authoring::AuthoringApi,
    jobs::JobsApi,
    courses::CoursesApi,
    courseware::CoursewareApi,
    discussions::DiscussionsApi,
    ora::OraApi,
);

/// Every API of this version, combined.
pub fn apis() -> Apis {
    (
        health::HealthApi,
        auth::AuthApi,
        me::MeApi,
        authoring::AuthoringApi,
        jobs::JobsApi,
        courses::CoursesApi,
        courseware::CoursewareApi,
        discussions::DiscussionsApi,
        ora::OraApi,
    )
}

/// A list request's page (1-based) and page size, defaulted and capped.
#[derive(Debug, Clone, Copy)]
pub struct Paging {
    pub page: u64,
    pub page_size: u64,
}

impl Paging {
    pub fn new(page: Option<u64>, page_size: Option<u64>) -> Self {
        Self {
            page: page.unwrap_or(1).max(1),
            page_size: page_size
                .unwrap_or(DEFAULT_PAGE_SIZE)
                .clamp(1, MAX_PAGE_SIZE),
        }
    }

    /// How many items come before this page.
    pub fn offset(self) -> u64 {
        self.page.saturating_sub(1).saturating_mul(self.page_size)
    }

    /// The absolute URL of the next page of `path`, when there is one.
    pub fn next(self, public_base: &str, path: &str, count: u64) -> Option<String> {
        (self.page.saturating_mul(self.page_size) < count).then(|| {
            format!(
                "{public_base}{path}?page={}&page_size={}",
                self.page + 1,
                self.page_size
            )
        })
    }
}

/// Largest page size of any list.
pub const MAX_PAGE_SIZE: u64 = 100;
/// Page size when the client names none.
pub const DEFAULT_PAGE_SIZE: u64 = 20;
