//! Users, sign-in tokens (sessions and personal API tokens), single-use
//! emailed tokens, sign-in throttling, course roles and preferences.
//!
//! One SQL backend ([`sql::SqlAccountStore`]) covers SQLite and PostgreSQL;
//! the contract tests in `tests/api/store_accounts.rs` run against both.

pub mod sql;

use std::collections::{BTreeMap, HashMap};

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use shared_types::CourseRole;

use super::StoreResult;

/// A stored user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRecord {
    pub id: i64,
    pub username: String,
    pub email: String,
    pub name: String,
    pub password_hash: String,
    pub email_verified: bool,
    pub is_staff: bool,
    pub is_superuser: bool,
    pub is_active: bool,
    pub date_joined: DateTime<Utc>,
}

/// A user about to be stored; `username` keeps its case, uniqueness ignores it.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: String,
    pub email: String,
    pub name: String,
    pub password_hash: String,
    pub is_staff: bool,
    pub is_superuser: bool,
    pub date_joined: DateTime<Utc>,
}

/// What a bearer token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Created by signing in; ends at sign-out, password change or expiry.
    Session,
    /// Created by the user for scripts and third parties; ends when revoked.
    Personal,
}

impl TokenKind {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            TokenKind::Session => "session",
            TokenKind::Personal => "personal",
        }
    }

    fn parse(s: &str) -> TokenKind {
        if s == "personal" {
            TokenKind::Personal
        } else {
            TokenKind::Session
        }
    }
}

/// A stored token; only the SHA-256 of the secret is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenRecord {
    pub id: i64,
    pub user_id: i64,
    pub kind: TokenKind,
    pub name: String,
    pub prefix: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub expires_at: Option<DateTime<Utc>>,
}

/// A token about to be stored.
#[derive(Debug, Clone)]
pub struct NewToken {
    pub user_id: i64,
    pub kind: TokenKind,
    pub name: String,
    pub token_hash: String,
    pub prefix: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
}

/// What a single-use emailed token is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OneTimePurpose {
    VerifyEmail,
    ResetPassword,
}

impl OneTimePurpose {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            OneTimePurpose::VerifyEmail => "verify_email",
            OneTimePurpose::ResetPassword => "reset_password",
        }
    }
}

/// What revoking a course role did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Revoked {
    Revoked,
    /// The user did not hold the role.
    NotHeld,
    /// The role is the course's last instructor role; it stays.
    LastInstructor,
}

/// Storage of accounts. Every method is one statement or one transaction.
#[async_trait]
pub trait AccountStore: Send + Sync {
    /// Answers when the backend is reachable.
    async fn ping(&self) -> StoreResult<()>;

    /// Stores a new user; `Conflict { field: "username" | "email" }` when taken
    /// (usernames compared without case, emails as given — callers lowercase them).
    async fn create_user(&self, user: NewUser) -> StoreResult<UserRecord>;
    async fn user_by_id(&self, id: i64) -> StoreResult<Option<UserRecord>>;
    /// Several users by id in one query (unknown ids are left out).
    async fn users_by_ids(&self, ids: &[i64]) -> StoreResult<Vec<UserRecord>>;
    /// Finds a user by username (any case) or by email.
    async fn user_by_login(&self, login: &str) -> StoreResult<Option<UserRecord>>;
    async fn user_by_email(&self, email: &str) -> StoreResult<Option<UserRecord>>;
    async fn set_password_hash(&self, user_id: i64, hash: &str) -> StoreResult<()>;
    async fn set_email_verified(&self, user_id: i64) -> StoreResult<()>;
    async fn set_global_roles(
        &self,
        user_id: i64,
        is_staff: bool,
        is_superuser: bool,
    ) -> StoreResult<()>;

    async fn create_token(&self, token: NewToken) -> StoreResult<TokenRecord>;
    /// The unexpired token with this hash and its active user, in one round trip.
    async fn token_with_user(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<(TokenRecord, UserRecord)>>;
    /// Records use of a token (callers limit how often).
    async fn touch_token(&self, token_id: i64, now: DateTime<Utc>) -> StoreResult<()>;
    /// One page of a user's tokens of a kind, newest first, and their total count.
    async fn list_tokens(
        &self,
        user_id: i64,
        kind: TokenKind,
        offset: u64,
        limit: u64,
    ) -> StoreResult<(Vec<TokenRecord>, u64)>;
    /// Deletes one of the user's tokens; false when there was none.
    async fn delete_token(&self, user_id: i64, token_id: i64, kind: TokenKind)
        -> StoreResult<bool>;
    /// Deletes all of a user's sessions except `keep`; returns how many.
    async fn delete_sessions_except(&self, user_id: i64, keep: Option<i64>) -> StoreResult<u64>;

    async fn create_one_time_token(
        &self,
        user_id: i64,
        purpose: OneTimePurpose,
        token_hash: &str,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// Marks the unexpired, unused token used and returns its user; `None`
    /// when it is unknown, used, expired or for another purpose. Two
    /// concurrent calls never both succeed.
    async fn consume_one_time_token(
        &self,
        token_hash: &str,
        purpose: OneTimePurpose,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<i64>>;

    /// The user of an unused, unexpired token, without consuming it.
    async fn one_time_token_user(
        &self,
        token_hash: &str,
        purpose: OneTimePurpose,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<UserRecord>>;

    async fn record_login_failure(&self, keys: &[String], at: DateTime<Utc>) -> StoreResult<()>;
    /// The number of failures for `key` since `since`, and the oldest of them.
    async fn login_failures_since(
        &self,
        key: &str,
        since: DateTime<Utc>,
    ) -> StoreResult<(u64, Option<DateTime<Utc>>)>;
    async fn clear_login_failures(&self, key: &str) -> StoreResult<()>;

    /// Grants a course role (granting twice is not an error).
    async fn grant_course_role(
        &self,
        user_id: i64,
        course_key: &str,
        role: CourseRole,
        now: DateTime<Utc>,
    ) -> StoreResult<()>;
    async fn revoke_course_role(
        &self,
        user_id: i64,
        course_key: &str,
        role: CourseRole,
    ) -> StoreResult<bool>;
    /// Revokes a course role unless it is the course's last instructor
    /// role, checked and removed in one step (two instructors removing each
    /// other at once leave one).
    async fn revoke_course_role_keeping_an_instructor(
        &self,
        user_id: i64,
        course_key: &str,
        role: CourseRole,
    ) -> StoreResult<Revoked>;
    /// Every course role of a user, ordered by course then role.
    async fn course_roles(&self, user_id: i64) -> StoreResult<Vec<(String, CourseRole)>>;
    /// Everyone holding a role in a course with that role, by username then role.
    async fn course_team(&self, course_key: &str) -> StoreResult<Vec<(UserRecord, CourseRole)>>;
    /// The user's roles in one course.
    async fn course_roles_in(&self, user_id: i64, course_key: &str)
        -> StoreResult<Vec<CourseRole>>;

    /// A user's preferences, key to value (only those set).
    async fn preferences(&self, user_id: i64) -> StoreResult<BTreeMap<String, String>>;
    /// Sets (`Some`) or removes (`None`) preferences of a user, all or none.
    async fn set_preferences(
        &self,
        user_id: i64,
        changes: &[(String, Option<String>)],
        now: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// One preference of each of these users who set it.
    async fn preference_of(&self, user_ids: &[i64], key: &str)
        -> StoreResult<HashMap<i64, String>>;
}
