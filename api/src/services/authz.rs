//! The one authorization helper every service calls before touching an
//! object: global roles (staff, superuser) and course roles.

use std::sync::Arc;

use chrono::Utc;
use shared_types::CourseRole;

use crate::store::accounts::{AccountStore, Revoked, UserRecord};
use crate::store::StoreError;

/// Why an action was refused.
#[derive(Debug, thiserror::Error)]
pub enum AuthzError {
    #[error("You do not have permission to do this.")]
    Forbidden,
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<StoreError> for AuthzError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Conflict { field } => {
                AuthzError::Internal(anyhow::anyhow!("unexpected conflict on {field}"))
            }
            StoreError::Backend(e) => AuthzError::Internal(e),
        }
    }
}

/// Course roles that may author and run a course.
pub const COURSE_TEAM: &[CourseRole] = &[CourseRole::Instructor, CourseRole::Staff];
/// Course roles that may see learners' data (limited staff may not).
pub const COURSE_DATA: &[CourseRole] = &[CourseRole::Instructor, CourseRole::Staff];
/// Course roles that moderate discussions.
pub const MODERATORS: &[CourseRole] = &[
    CourseRole::Instructor,
    CourseRole::Staff,
    CourseRole::DiscussionModerator,
    CourseRole::CommunityTa,
];

/// Answers "may this user do that here?".
pub struct Authz {
    store: Arc<dyn AccountStore>,
}

impl Authz {
    pub fn new(store: Arc<dyn AccountStore>) -> Self {
        Self { store }
    }

    /// Global staff and superusers may act in every course.
    pub fn is_global_staff(user: &UserRecord) -> bool {
        user.is_active && (user.is_staff || user.is_superuser)
    }

    /// Refuses everyone but global staff.
    pub fn require_global_staff(&self, user: &UserRecord) -> Result<(), AuthzError> {
        if Self::is_global_staff(user) {
            Ok(())
        } else {
            Err(AuthzError::Forbidden)
        }
    }

    /// Refuses everyone but superusers.
    pub fn require_superuser(&self, user: &UserRecord) -> Result<(), AuthzError> {
        if user.is_active && user.is_superuser {
            Ok(())
        } else {
            Err(AuthzError::Forbidden)
        }
    }

    /// The user's roles in a course (global staff are not listed here).
    pub async fn course_roles(
        &self,
        user: &UserRecord,
        course_key: &str,
    ) -> Result<Vec<CourseRole>, AuthzError> {
        Ok(self.store.course_roles_in(user.id, course_key).await?)
    }

    /// Refuses unless the user authors somewhere: global staff, or on the
    /// team of some course.
    pub async fn require_author(&self, user: &UserRecord) -> Result<(), AuthzError> {
        if Self::is_global_staff(user) {
            return Ok(());
        }
        let roles = self.store.course_roles(user.id).await?;
        if user.is_active && roles.iter().any(|(_, r)| COURSE_TEAM.contains(r)) {
            Ok(())
        } else {
            Err(AuthzError::Forbidden)
        }
    }

    /// Every course role the user holds, in every course.
    pub async fn all_course_roles(
        &self,
        user: &UserRecord,
    ) -> Result<Vec<(String, CourseRole)>, AuthzError> {
        Ok(self.store.course_roles(user.id).await?)
    }

    /// Whether the user holds one of `allowed` in the course, or is global staff.
    pub async fn has_course_role(
        &self,
        user: &UserRecord,
        course_key: &str,
        allowed: &[CourseRole],
    ) -> Result<bool, AuthzError> {
        if Self::is_global_staff(user) {
            return Ok(true);
        }
        if !user.is_active {
            return Ok(false);
        }
        let held = self.course_roles(user, course_key).await?;
        Ok(held.iter().any(|r| allowed.contains(r)))
    }

    /// Refuses unless the user holds one of `allowed` in the course, or is
    /// global staff.
    pub async fn require_course_role(
        &self,
        user: &UserRecord,
        course_key: &str,
        allowed: &[CourseRole],
    ) -> Result<(), AuthzError> {
        if self.has_course_role(user, course_key, allowed).await? {
            Ok(())
        } else {
            Err(AuthzError::Forbidden)
        }
    }

    /// The courses in which the user holds one of `allowed`, in one query;
    /// `None` means every course (global staff).
    pub async fn courses_with_role(
        &self,
        user: &UserRecord,
        allowed: &[CourseRole],
    ) -> Result<Option<std::collections::BTreeSet<String>>, AuthzError> {
        if Self::is_global_staff(user) {
            return Ok(None);
        }
        if !user.is_active {
            return Ok(Some(Default::default()));
        }
        Ok(Some(
            self.store
                .course_roles(user.id)
                .await?
                .into_iter()
                .filter(|(_, role)| allowed.contains(role))
                .map(|(course, _)| course)
                .collect(),
        ))
    }

    /// Grants a course role to `user_id`; `granter` must be an instructor of
    /// the course or global staff.
    pub async fn grant_course_role(
        &self,
        granter: &UserRecord,
        user_id: i64,
        course_key: &str,
        role: CourseRole,
    ) -> Result<(), AuthzError> {
        self.require_course_role(granter, course_key, &[CourseRole::Instructor])
            .await?;
        self.store
            .grant_course_role(user_id, course_key, role, Utc::now())
            .await?;
        Ok(())
    }

    /// Revokes a course role, but never the course's last instructor role
    /// (checked and removed in one step); same rule as granting.
    pub async fn revoke_course_role(
        &self,
        granter: &UserRecord,
        user_id: i64,
        course_key: &str,
        role: CourseRole,
    ) -> Result<Revoked, AuthzError> {
        self.require_course_role(granter, course_key, &[CourseRole::Instructor])
            .await?;
        Ok(self
            .store
            .revoke_course_role_keeping_an_instructor(user_id, course_key, role)
            .await?)
    }
}
