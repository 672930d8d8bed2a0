//! The public catalog, about pages and enrollment.
//!
//! What a course shows comes from its published version's course block
//! (schedule, details and advanced settings, as Studio sets them); a course
//! never published is not in the catalog. Who may enroll: anyone signed in
//! while enrollment is open, the run is not invitation-only and has seats;
//! course staff at any time. Learners enroll themselves as `audit`; course
//! staff change modes on the roster.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde_json::Map;
use shared_types::{
    AdvancedSettings, CatalogCourse, CourseAbout, CourseDetails, CourseKey, Enrollment,
    EnrollmentMode, EnrollmentStatus, RosterEntry,
};

use super::authoring::{advanced_of, details_of};
use super::authz::{Authz, AuthzError, COURSE_DATA, COURSE_TEAM};
use crate::store::accounts::{AccountStore, UserRecord};
use crate::store::content::{ContentStore, ContentStoreError, Structure};
use crate::store::enrollments::{EnrollOutcome, EnrollmentRecord, EnrollmentStore, Seat};
use crate::store::StoreError;

/// What catalog and enrollment calls can fail with.
#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Forbidden(String),
    /// Enrollment is not possible now (closed, full, ...).
    #[error("{message}")]
    Refused { code: &'static str, message: String },
    #[error("{field} {message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<AuthzError> for CatalogError {
    fn from(e: AuthzError) -> Self {
        match e {
            AuthzError::Forbidden => {
                CatalogError::Forbidden("You do not have permission to do this.".into())
            }
            AuthzError::Internal(e) => CatalogError::Internal(e),
        }
    }
}

impl From<StoreError> for CatalogError {
    fn from(e: StoreError) -> Self {
        CatalogError::Internal(anyhow::anyhow!("{e}"))
    }
}

impl From<ContentStoreError> for CatalogError {
    fn from(e: ContentStoreError) -> Self {
        CatalogError::Internal(anyhow::anyhow!("{e}"))
    }
}

type Result<T, E = CatalogError> = std::result::Result<T, E>;

/// A published course run's settings, as learners' pages need them.
#[derive(Debug, Clone)]
pub struct PublishedCourse {
    pub key: CourseKey,
    pub details: CourseDetails,
    pub advanced: AdvancedSettings,
}

impl PublishedCourse {
    /// From the course block of its published structure.
    pub fn of(key: CourseKey, structure: &Structure) -> Self {
        let empty = Map::new();
        let fields = structure
            .blocks
            .iter()
            .find(|b| {
                b.block_type == structure.root.block_type && b.block_id == structure.root.block_id
            })
            .map_or(&empty, |b| &b.fields);
        Self {
            key,
            details: details_of(fields),
            advanced: advanced_of(fields),
        }
    }

    /// Where enrollment stands at `now`, given the active count.
    pub fn enrollment_status(&self, now: DateTime<Utc>, active: u64) -> EnrollmentStatus {
        if self.advanced.invitation_only {
            return EnrollmentStatus::InvitationOnly;
        }
        if self.details.enrollment_start.is_some_and(|s| now < s) {
            return EnrollmentStatus::NotYetOpen;
        }
        if self.details.enrollment_end.is_some_and(|e| now >= e)
            || self.details.end.is_some_and(|e| now >= e)
        {
            return EnrollmentStatus::Closed;
        }
        if self
            .advanced
            .max_student_enrollments_allowed
            .is_some_and(|cap| active >= u64::from(cap))
        {
            return EnrollmentStatus::Full;
        }
        EnrollmentStatus::Open
    }

    /// The catalog card.
    pub fn card(&self, status: EnrollmentStatus) -> CatalogCourse {
        let d = &self.details;
        CatalogCourse {
            course_key: self.key.to_string(),
            display_name: d.display_name.clone(),
            org: self.key.org.clone(),
            number: self.key.number.clone(),
            run: self.key.run.clone(),
            short_description: d.short_description.clone(),
            card_image_url: d
                .card_image
                .as_deref()
                .filter(|i| !i.trim().is_empty())
                .map(|i| static_url(&self.key, i)),
            language: d.language.clone(),
            self_paced: d.self_paced,
            start: d.start,
            end: d.end,
            enrollment_start: d.enrollment_start,
            enrollment_end: d.enrollment_end,
            enrollment_status: status,
        }
    }
}

/// The URL of a course file named in content (`/static/NAME`,
/// `/c4x/...`, or a bare name); absolute URLs stay as they are.
pub fn static_url(key: &CourseKey, reference: &str) -> String {
    let reference = reference.trim();
    if reference.starts_with("http://")
        || reference.starts_with("https://")
        || reference.starts_with("/assets/")
    {
        return reference.to_string();
    }
    let name = reference
        .strip_prefix("/static/")
        .unwrap_or(reference)
        .trim_start_matches('/')
        .replace('/', "_");
    format!("/assets/{key}/{name}")
}

/// The catalog and enrollment service.
pub struct CatalogService {
    content: Arc<dyn ContentStore>,
    enrollments: Arc<dyn EnrollmentStore>,
    accounts: Arc<dyn AccountStore>,
    authz: Arc<Authz>,
}

impl CatalogService {
    pub fn new(
        content: Arc<dyn ContentStore>,
        enrollments: Arc<dyn EnrollmentStore>,
        accounts: Arc<dyn AccountStore>,
        authz: Arc<Authz>,
    ) -> Self {
        Self {
            content,
            enrollments,
            accounts,
            authz,
        }
    }

    /// The published courses, with their keys, in one pass over the heads
    /// and one batch read of the (cached) published versions.
    pub async fn published(&self) -> Result<Vec<PublishedCourse>> {
        let heads = self.content.list_courses().await?;
        let ids: Vec<String> = heads.iter().filter_map(|h| h.published.clone()).collect();
        let versions = self.content.structures_by_id(&ids).await?;
        Ok(heads
            .iter()
            .filter_map(|h| {
                let structure = versions.get(h.published.as_ref()?)?;
                let key: CourseKey = h.course_key.parse().ok()?;
                Some(PublishedCourse::of(key, structure))
            })
            .collect())
    }

    /// One published course; 404 when there is none or it was never
    /// published.
    pub async fn course(&self, course_key: &str) -> Result<PublishedCourse> {
        let not_found = || CatalogError::NotFound(format!("No course {course_key}."));
        let key: CourseKey = course_key.parse().map_err(|_| not_found())?;
        let heads = self
            .content
            .heads(&key.to_string())
            .await?
            .ok_or_else(not_found)?;
        let published = heads.published.ok_or_else(not_found)?;
        let entry = self
            .content
            .version_shared(&published)
            .await?
            .ok_or_else(not_found)?;
        Ok(PublishedCourse::of(key, &entry.1))
    }

    /// The public catalog: courses whose catalog visibility is `both`,
    /// soonest start first, one page, with the total.
    pub async fn catalog(&self, offset: u64, limit: u64) -> Result<(u64, Vec<CatalogCourse>)> {
        let mut listed: Vec<PublishedCourse> = self
            .published()
            .await?
            .into_iter()
            .filter(|c| c.advanced.catalog_visibility == "both")
            .collect();
        listed.sort_by(|a, b| {
            (a.details.start, &a.details.display_name)
                .cmp(&(b.details.start, &b.details.display_name))
        });
        let total = listed.len() as u64;
        let now = Utc::now();
        let shown: Vec<&PublishedCourse> = listed
            .iter()
            .skip(usize::try_from(offset).unwrap_or(usize::MAX))
            .take(usize::try_from(limit).unwrap_or(usize::MAX))
            .collect();
        let capped: Vec<String> = shown
            .iter()
            .filter(|c| c.advanced.max_student_enrollments_allowed.is_some())
            .map(|c| c.key.to_string())
            .collect();
        let counts = self.enrollments.active_counts(&capped).await?;
        let page = shown
            .iter()
            .map(|c| {
                let active = counts.get(&c.key.to_string()).copied().unwrap_or(0);
                c.card(c.enrollment_status(now, active))
            })
            .collect();
        Ok((total, page))
    }

    /// The about page; hidden courses (`catalog_visibility` none) only for
    /// their team.
    pub async fn about(&self, user: Option<&UserRecord>, course_key: &str) -> Result<CourseAbout> {
        let course = self.course(course_key).await?;
        let key = course.key.to_string();
        let is_staff = match user {
            Some(u) => self.authz.has_course_role(u, &key, COURSE_TEAM).await?,
            None => false,
        };
        if course.advanced.catalog_visibility == "none" && !is_staff {
            return Err(CatalogError::NotFound(format!("No course {course_key}.")));
        }
        let enrollment = match user {
            Some(u) => self
                .enrollments
                .enrollment(u.id, &key)
                .await?
                .filter(|e| e.is_active)
                .map(|e| enrollment_view(&e)),
            None => None,
        };
        let active = self.enrollments.active_count(&key).await?;
        Ok(CourseAbout {
            course: course.card(course.enrollment_status(Utc::now(), active)),
            overview: course
                .details
                .overview
                .as_deref()
                .map(|html| rewrite_static(&course.key, &ammonia::clean(html))),
            enrollment,
            is_staff,
        })
    }

    /// Enrolls the user (idempotent: an active enrollment is answered as is).
    pub async fn enroll(
        &self,
        user: &UserRecord,
        course_key: &str,
        mode: Option<EnrollmentMode>,
    ) -> Result<Enrollment> {
        let course = self.course(course_key).await?;
        let key = course.key.to_string();
        let is_staff = self.authz.has_course_role(user, &key, COURSE_TEAM).await?;
        let mode = mode.unwrap_or(EnrollmentMode::Audit);
        if mode != EnrollmentMode::Audit && !is_staff {
            return Err(CatalogError::Forbidden(
                "Learners enroll as audit; course staff can change the mode.".into(),
            ));
        }
        if let Some(existing) = self.enrollments.enrollment(user.id, &key).await? {
            if existing.is_active {
                return Ok(enrollment_view(&existing));
            }
        }
        let now = Utc::now();
        let cap = course.advanced.max_student_enrollments_allowed;
        if !is_staff {
            match course.enrollment_status(now, 0) {
                EnrollmentStatus::Open | EnrollmentStatus::Full => {}
                EnrollmentStatus::InvitationOnly => {
                    return Err(refused(
                        "invitation_only",
                        "Only invited learners may enroll in this course.",
                    ))
                }
                EnrollmentStatus::NotYetOpen => {
                    return Err(refused(
                        "enrollment_not_open",
                        "Enrollment in this course has not opened yet.",
                    ))
                }
                EnrollmentStatus::Closed => {
                    return Err(refused(
                        "enrollment_closed",
                        "Enrollment in this course has closed.",
                    ))
                }
            }
        }
        // Staff take no seat from learners: the cap is for learners.
        let seat = if is_staff {
            Seat::Staff
        } else {
            Seat::Learner { cap }
        };
        match self
            .enrollments
            .enroll(user.id, &key, mode, seat, Some(user.id), now)
            .await?
        {
            EnrollOutcome::Enrolled(e) | EnrollOutcome::AlreadyEnrolled(e) => {
                Ok(enrollment_view(&e))
            }
            EnrollOutcome::Full => Err(refused("course_full", "This course is full.")),
        }
    }

    /// Unenrolls the user; 404 when not enrolled.
    pub async fn unenroll(&self, user: &UserRecord, course_key: &str) -> Result<()> {
        let key: CourseKey = course_key
            .parse()
            .map_err(|_| CatalogError::NotFound(format!("No course {course_key}.")))?;
        if self
            .enrollments
            .unenroll(user.id, &key.to_string(), Some(user.id), Utc::now())
            .await?
        {
            Ok(())
        } else {
            Err(CatalogError::NotFound(format!(
                "You are not enrolled in {key}."
            )))
        }
    }

    /// The user's active enrollment in a course, if any.
    pub async fn enrollment(
        &self,
        user: &UserRecord,
        course_key: &str,
    ) -> Result<Option<EnrollmentRecord>> {
        Ok(self
            .enrollments
            .enrollment(user.id, course_key)
            .await?
            .filter(|e| e.is_active))
    }

    /// The user's active enrollments.
    pub async fn enrollments_of(&self, user: &UserRecord) -> Result<Vec<EnrollmentRecord>> {
        Ok(self.enrollments.enrollments_of(user.id).await?)
    }

    /// A course's learners, for staff who may see learner data.
    pub async fn roster(
        &self,
        user: &UserRecord,
        course_key: &str,
        offset: u64,
        limit: u64,
    ) -> Result<(u64, Vec<RosterEntry>)> {
        let key = self.staff_course(user, course_key).await?;
        let (total, page) = self.enrollments.roster(&key, offset, limit).await?;
        let ids: Vec<i64> = page.iter().map(|e| e.user_id).collect();
        let users: HashMap<i64, UserRecord> = self
            .accounts
            .users_by_ids(&ids)
            .await?
            .into_iter()
            .map(|u| (u.id, u))
            .collect();
        let entries = page
            .iter()
            .filter_map(|e| {
                let u = users.get(&e.user_id)?;
                Some(RosterEntry {
                    user_id: u.id,
                    username: u.username.clone(),
                    name: u.name.clone(),
                    email: u.email.clone(),
                    mode: e.mode,
                    enrolled_at: e.created_at,
                })
            })
            .collect();
        Ok((total, entries))
    }

    /// Course staff change a learner's mode (kept in the history).
    pub async fn change_mode(
        &self,
        user: &UserRecord,
        course_key: &str,
        username: &str,
        mode: EnrollmentMode,
    ) -> Result<Enrollment> {
        let key = self.staff_course(user, course_key).await?;
        let learner = self
            .accounts
            .user_by_login(username)
            .await?
            .ok_or_else(|| CatalogError::NotFound(format!("No user {username}.")))?;
        let changed = self
            .enrollments
            .set_mode(learner.id, &key, mode, Some(user.id), Utc::now())
            .await?
            .filter(|e| e.is_active)
            .ok_or_else(|| {
                CatalogError::NotFound(format!("{username} is not enrolled in {key}."))
            })?;
        Ok(enrollment_view(&changed))
    }

    async fn staff_course(&self, user: &UserRecord, course_key: &str) -> Result<String> {
        let key: CourseKey = course_key
            .parse()
            .map_err(|_| CatalogError::NotFound(format!("No course {course_key}.")))?;
        let key = key.to_string();
        self.authz
            .require_course_role(user, &key, COURSE_DATA)
            .await?;
        Ok(key)
    }
}

fn refused(code: &'static str, message: &str) -> CatalogError {
    CatalogError::Refused {
        code,
        message: message.into(),
    }
}

/// The API's view of an enrollment.
pub fn enrollment_view(e: &EnrollmentRecord) -> Enrollment {
    Enrollment {
        course_key: e.course_key.clone(),
        mode: e.mode,
        is_active: e.is_active,
        created_at: e.created_at,
    }
}

/// Points `/static/NAME` references in `src` and `href` attributes of
/// sanitized HTML at the course's files.
pub fn rewrite_static(key: &CourseKey, html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find("\"/static/") {
        out.push_str(&rest[..=at]);
        let after = &rest[at + 1..];
        let end = after.find('"').unwrap_or(after.len());
        out.push_str(&static_url(key, &after[..end]));
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn static_references_point_at_the_course_files() {
        let key: CourseKey = "course-v1:Org+C1+R".parse().unwrap();
        assert_eq!(
            static_url(&key, "/static/a.png"),
            "/assets/course-v1:Org+C1+R/a.png"
        );
        assert_eq!(
            static_url(&key, "images/a.png"),
            "/assets/course-v1:Org+C1+R/images_a.png"
        );
        assert_eq!(
            static_url(&key, "https://x.org/a.png"),
            "https://x.org/a.png"
        );
        assert_eq!(
            rewrite_static(
                &key,
                r#"<img src="/static/a.png"><a href="/static/b.pdf">b</a>"#
            ),
            r#"<img src="/assets/course-v1:Org+C1+R/a.png"><a href="/assets/course-v1:Org+C1+R/b.pdf">b</a>"#
        );
    }
}
