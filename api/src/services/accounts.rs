//! Registration, sign-in and sign-out, sessions and personal API tokens,
//! password change and reset, email verification, sign-in throttling,
//! preferences.

use std::collections::{BTreeMap, HashSet};
use std::sync::{Arc, OnceLock};

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use sha2::{Digest, Sha256};
use shared_types::{
    ApiToken, ChangePasswordRequest, CreateApiTokenRequest, LoginRequest, PasswordResetConfirm,
    Preferences, PreferencesUpdate, RegisterRequest, User,
};

use super::validate::{self, Invalid};
use crate::store::accounts::{
    AccountStore, NewToken, NewUser, OneTimePurpose, TokenKind, TokenRecord, UserRecord,
};
use crate::store::mail::{Mailer, OutgoingMail};
use crate::store::StoreError;

/// What went wrong in an account operation.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("{field} {message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
    #[error("{field} is already taken")]
    Conflict { field: &'static str },
    /// Wrong username or password; never says which.
    #[error("Username or password is incorrect.")]
    BadCredentials,
    #[error("Too many failed sign-in attempts; try again in {retry_after_secs} seconds.")]
    Throttled { retry_after_secs: u64 },
    #[error("The link is invalid, used or expired.")]
    InvalidToken,
    #[error("not found")]
    NotFound,
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<Invalid> for AccountError {
    fn from(i: Invalid) -> Self {
        AccountError::Invalid {
            field: i.field,
            message: i.message,
        }
    }
}

impl From<StoreError> for AccountError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Conflict { field } => AccountError::Conflict { field },
            StoreError::Backend(e) => AccountError::Internal(e),
        }
    }
}

type Result<T, E = AccountError> = std::result::Result<T, E>;

/// The signed-in user of a request and the token that proved it.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub user: UserRecord,
    pub token_id: i64,
    pub token_kind: TokenKind,
}

/// Settings of the accounts service.
#[derive(Debug, Clone)]
pub struct AccountSettings {
    /// Base of emailed links, without a trailing slash.
    pub public_base: String,
    pub session_ttl: Duration,
    pub max_failures_per_account: u32,
    pub max_failures_per_ip: u32,
    pub throttle_window: Duration,
}

/// A freshly signed-in session.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub token: String,
    pub expires_at: DateTime<Utc>,
    pub user: UserRecord,
}

/// Accounts and authentication.
pub struct AccountService {
    store: Arc<dyn AccountStore>,
    mailer: Arc<dyn Mailer>,
    settings: AccountSettings,
}

const VERIFY_EMAIL_TTL_HOURS: i64 = 24 * 7;
const RESET_PASSWORD_TTL_HOURS: i64 = 1;
/// `last_used_at` is written at most this often per token, so reads stay reads.
const TOUCH_INTERVAL_SECS: i64 = 60;

impl AccountService {
    pub fn new(
        store: Arc<dyn AccountStore>,
        mailer: Arc<dyn Mailer>,
        settings: AccountSettings,
    ) -> Self {
        Self {
            store,
            mailer,
            settings,
        }
    }

    /// A user by id (for work done on someone's behalf, e.g. a job).
    pub async fn user(&self, id: i64) -> anyhow::Result<Option<UserRecord>> {
        self.store
            .user_by_id(id)
            .await
            .map_err(|e| anyhow::anyhow!("reading user {id}: {e}"))
    }

    /// The user's preferences, defaults filled in.
    pub async fn preferences(&self, user: &UserRecord) -> Result<Preferences> {
        let stored = self.store.preferences(user.id).await?;
        Ok(preferences_view(&stored))
    }

    /// Changes the given preferences and answers with all of them.
    pub async fn update_preferences(
        &self,
        user: &UserRecord,
        update: PreferencesUpdate,
    ) -> Result<Preferences> {
        let mut changes = Vec::new();
        if let Some(on) = update.discussion_email {
            changes.push((DISCUSSION_EMAIL.to_string(), Some(on.to_string())));
        }
        if let Some(on) = update.ora_email {
            changes.push((ORA_EMAIL.to_string(), Some(on.to_string())));
        }
        if !changes.is_empty() {
            self.store
                .set_preferences(user.id, &changes, Utc::now())
                .await?;
        }
        self.preferences(user).await
    }

    /// Registers a learner and emails them a verification link.
    pub async fn register(&self, req: RegisterRequest) -> Result<UserRecord> {
        let username = validate::username(&req.username)?;
        let email = validate::email(&req.email)?;
        let name = validate::full_name(&req.name)?;
        let password = validate::password(&req.password, "password", &username, &email)?;
        let user = self
            .create_user(username, email, name, &password, false, false)
            .await?;
        self.send_verification(&user).await;
        Ok(user)
    }

    /// Creates an account directly (the `create-user` command): no email is
    /// sent and the address counts as verified.
    pub async fn create_user_admin(
        &self,
        username: &str,
        email: &str,
        name: &str,
        password: &str,
        is_staff: bool,
        is_superuser: bool,
    ) -> Result<UserRecord> {
        let username = validate::username(username)?;
        let email = validate::email(email)?;
        let name = validate::full_name(if name.trim().is_empty() {
            &username
        } else {
            name
        })?;
        let password = validate::password(password, "password", &username, &email)?;
        let user = self
            .create_user(username, email, name, &password, is_staff, is_superuser)
            .await?;
        self.store.set_email_verified(user.id).await?;
        Ok(UserRecord {
            email_verified: true,
            ..user
        })
    }

    async fn create_user(
        &self,
        username: String,
        email: String,
        name: String,
        password: &str,
        is_staff: bool,
        is_superuser: bool,
    ) -> Result<UserRecord> {
        // Checked before hashing so a taken name answers fast; the unique
        // indexes still decide races.
        if self.store.user_by_login(&username).await?.is_some() {
            return Err(AccountError::Conflict { field: "username" });
        }
        if self.store.user_by_email(&email).await?.is_some() {
            return Err(AccountError::Conflict { field: "email" });
        }
        let password_hash = hash_password(password.to_string()).await?;
        Ok(self
            .store
            .create_user(NewUser {
                username,
                email,
                name,
                password_hash,
                is_staff,
                is_superuser,
                date_joined: Utc::now(),
            })
            .await?)
    }

    /// Signs in with username or email and password, from `client` (the
    /// client's address, for throttling).
    pub async fn login(&self, req: LoginRequest, client: &str) -> Result<NewSession> {
        let now = Utc::now();
        let login = req.username.trim().to_lowercase();
        let account_key = format!("account:{login}");
        let client_key = format!("client:{client}");
        self.check_throttle(&account_key, self.settings.max_failures_per_account, now)
            .await?;
        self.check_throttle(&client_key, self.settings.max_failures_per_ip, now)
            .await?;

        let user = self.store.user_by_login(&login).await?;
        let valid = match &user {
            Some(u) => {
                verify_password(req.password.clone(), u.password_hash.clone()).await? && u.is_active
            }
            None => {
                // Same work as for a real account, so timing tells nothing.
                let _ = verify_password(req.password.clone(), dummy_hash().to_string()).await?;
                false
            }
        };
        let Some(user) = user.filter(|_| valid) else {
            self.store
                .record_login_failure(&[account_key, client_key], now)
                .await?;
            return Err(AccountError::BadCredentials);
        };
        self.store.clear_login_failures(&account_key).await?;
        let expires_at = now + self.settings.session_ttl;
        let (token, _) = self
            .issue_token(
                user.id,
                TokenKind::Session,
                "session".into(),
                Some(expires_at),
                now,
            )
            .await?;
        Ok(NewSession {
            token,
            expires_at,
            user,
        })
    }

    async fn check_throttle(&self, key: &str, max: u32, now: DateTime<Utc>) -> Result<()> {
        let window = self.settings.throttle_window;
        let (failures, oldest) = self.store.login_failures_since(key, now - window).await?;
        if failures >= u64::from(max) {
            let free_at = oldest.unwrap_or(now) + window;
            let secs = (free_at - now).num_seconds().max(1);
            return Err(AccountError::Throttled {
                retry_after_secs: u64::try_from(secs).unwrap_or(1),
            });
        }
        Ok(())
    }

    /// The user a bearer or cookie token belongs to, if it is valid.
    pub async fn authenticate(&self, token: &str) -> Result<Option<CurrentUser>> {
        let now = Utc::now();
        let Some((record, user)) = self.store.token_with_user(&token_hash(token), now).await?
        else {
            return Ok(None);
        };
        let stale = record
            .last_used_at
            .is_none_or(|t| (now - t).num_seconds() >= TOUCH_INTERVAL_SECS);
        if stale {
            self.store.touch_token(record.id, now).await?;
        }
        Ok(Some(CurrentUser {
            user,
            token_id: record.id,
            token_kind: record.kind,
        }))
    }

    /// Ends the session the request was made with (a personal token is not
    /// ended by signing out; revoke it instead).
    pub async fn logout(&self, current: &CurrentUser) -> Result<()> {
        if current.token_kind == TokenKind::Session {
            self.store
                .delete_token(current.user.id, current.token_id, TokenKind::Session)
                .await?;
        }
        Ok(())
    }

    /// Changes the password after checking the current one, and ends every
    /// other session of the user.
    pub async fn change_password(
        &self,
        current: &CurrentUser,
        req: ChangePasswordRequest,
    ) -> Result<()> {
        let user = &current.user;
        if !verify_password(req.current_password, user.password_hash.clone()).await? {
            return Err(AccountError::Invalid {
                field: "current_password",
                message: "is incorrect".into(),
            });
        }
        let new = validate::password(
            &req.new_password,
            "new_password",
            &user.username,
            &user.email,
        )?;
        let hash = hash_password(new).await?;
        self.store.set_password_hash(user.id, &hash).await?;
        let keep = (current.token_kind == TokenKind::Session).then_some(current.token_id);
        self.store.delete_sessions_except(user.id, keep).await?;
        Ok(())
    }

    /// Emails a password-reset link when the address belongs to an account;
    /// answers the same either way, so addresses cannot be probed.
    pub async fn request_password_reset(&self, email: &str) -> Result<()> {
        let Ok(email) = validate::email(email) else {
            return Ok(());
        };
        let Some(user) = self.store.user_by_email(&email).await? else {
            return Ok(());
        };
        if !user.is_active {
            return Ok(());
        }
        let now = Utc::now();
        let token = random_token("lyr_");
        self.store
            .create_one_time_token(
                user.id,
                OneTimePurpose::ResetPassword,
                &token_hash(&token),
                now,
                now + Duration::hours(RESET_PASSWORD_TTL_HOURS),
            )
            .await?;
        let link = format!(
            "{}/learning/reset-password?token={token}",
            self.settings.public_base
        );
        let text = format!(
            "Hello {name},\n\nSomeone asked to reset the password of your Lyceum account {username}.\n\
             To choose a new password, open this link within an hour:\n\n{link}\n\n\
             If it was not you, ignore this message; your password stays as it is.\n",
            name = user.name,
            username = user.username,
        );
        let html = format!(
            "<p>Hello {name},</p><p>Someone asked to reset the password of your Lyceum account \
             <strong>{username}</strong>.</p><p><a href=\"{link}\">Choose a new password</a> \
             (the link works for an hour).</p><p>If it was not you, ignore this message; your \
             password stays as it is.</p>",
            name = html_escape(&user.name),
            username = html_escape(&user.username),
        );
        self.deliver(OutgoingMail {
            to: user.email.clone(),
            subject: "Reset your Lyceum password".into(),
            text,
            html,
        })
        .await;
        Ok(())
    }

    /// Sets a new password with an emailed reset token; ends every session.
    pub async fn confirm_password_reset(&self, req: PasswordResetConfirm) -> Result<()> {
        let now = Utc::now();
        // Validate before consuming, so a weak password does not burn the link.
        let hash = token_hash(req.token.trim());
        let user_id = {
            let user = self
                .peek_one_time_user(&hash, OneTimePurpose::ResetPassword)
                .await?;
            validate::password(
                &req.new_password,
                "new_password",
                &user.username,
                &user.email,
            )?;
            user.id
        };
        let consumed = self
            .store
            .consume_one_time_token(&hash, OneTimePurpose::ResetPassword, now)
            .await?;
        if consumed != Some(user_id) {
            return Err(AccountError::InvalidToken);
        }
        let password_hash = hash_password(req.new_password).await?;
        self.store
            .set_password_hash(user_id, &password_hash)
            .await?;
        // Receiving the mail proves the address.
        self.store.set_email_verified(user_id).await?;
        self.store.delete_sessions_except(user_id, None).await?;
        Ok(())
    }

    /// The user a one-time token would resolve to, without consuming it.
    async fn peek_one_time_user(&self, hash: &str, purpose: OneTimePurpose) -> Result<UserRecord> {
        // Consuming is the authority; this look-up only lets us validate input
        // first. A token that is invalid here is invalid there too.
        self.store
            .one_time_token_user(hash, purpose, Utc::now())
            .await?
            .ok_or(AccountError::InvalidToken)
    }

    /// Confirms an email address with the emailed token.
    pub async fn verify_email(&self, token: &str) -> Result<UserRecord> {
        let user_id = self
            .store
            .consume_one_time_token(
                &token_hash(token.trim()),
                OneTimePurpose::VerifyEmail,
                Utc::now(),
            )
            .await?
            .ok_or(AccountError::InvalidToken)?;
        self.store.set_email_verified(user_id).await?;
        self.store
            .user_by_id(user_id)
            .await?
            .ok_or(AccountError::InvalidToken)
    }

    /// Sends the verification mail again (when not yet verified).
    pub async fn resend_verification(&self, current: &CurrentUser) -> Result<()> {
        if !current.user.email_verified {
            self.send_verification(&current.user).await;
        }
        Ok(())
    }

    async fn send_verification(&self, user: &UserRecord) {
        let now = Utc::now();
        let token = random_token("lyv_");
        if let Err(err) = self
            .store
            .create_one_time_token(
                user.id,
                OneTimePurpose::VerifyEmail,
                &token_hash(&token),
                now,
                now + Duration::hours(VERIFY_EMAIL_TTL_HOURS),
            )
            .await
        {
            tracing::error!(error = %err, user_id = user.id, "storing the email verification token failed");
            return;
        }
        let link = format!(
            "{}/learning/verify-email?token={token}",
            self.settings.public_base
        );
        let text = format!(
            "Welcome to Lyceum, {name}!\n\nPlease confirm your email address by opening this link \
             within 7 days:\n\n{link}\n",
            name = user.name
        );
        let html = format!(
            "<p>Welcome to Lyceum, {name}!</p><p><a href=\"{link}\">Confirm your email address</a> \
             (the link works for 7 days).</p>",
            name = html_escape(&user.name)
        );
        self.deliver(OutgoingMail {
            to: user.email.clone(),
            subject: "Confirm your email address".into(),
            text,
            html,
        })
        .await;
    }

    /// Sends mail; a failure is logged, never returned: the action that
    /// triggered it has already happened and the user can ask again.
    async fn deliver(&self, mail: OutgoingMail) {
        let to = mail.to.clone();
        if let Err(err) = self.mailer.send(mail).await {
            tracing::error!(error = %err, %to, "sending mail failed");
        }
    }

    /// Creates a personal API token; the secret is returned this once.
    pub async fn create_api_token(
        &self,
        current: &CurrentUser,
        req: CreateApiTokenRequest,
    ) -> Result<(String, ApiToken)> {
        let name = validate::label(&req.name, "name", 100)?;
        let now = Utc::now();
        let expires_at = match req.expires_in_days {
            None => None,
            Some(days @ 1..=3650) => Some(now + Duration::days(i64::from(days))),
            Some(_) => {
                return Err(AccountError::Invalid {
                    field: "expires_in_days",
                    message: "must be between 1 and 3650".into(),
                })
            }
        };
        let (token, record) = self
            .issue_token(current.user.id, TokenKind::Personal, name, expires_at, now)
            .await?;
        Ok((token, api_token(record)))
    }

    /// One page (1-based) of the user's personal API tokens and their count.
    pub async fn list_api_tokens(
        &self,
        current: &CurrentUser,
        page: u64,
        page_size: u64,
    ) -> Result<(Vec<ApiToken>, u64)> {
        let (rows, count) = self
            .store
            .list_tokens(
                current.user.id,
                TokenKind::Personal,
                (page - 1) * page_size,
                page_size,
            )
            .await?;
        Ok((rows.into_iter().map(api_token).collect(), count))
    }

    /// Revokes one of the user's personal API tokens.
    pub async fn revoke_api_token(&self, current: &CurrentUser, token_id: i64) -> Result<()> {
        if self
            .store
            .delete_token(current.user.id, token_id, TokenKind::Personal)
            .await?
        {
            Ok(())
        } else {
            Err(AccountError::NotFound)
        }
    }

    /// The user's course roles.
    pub async fn course_roles(
        &self,
        current: &CurrentUser,
    ) -> Result<Vec<(String, shared_types::CourseRole)>> {
        Ok(self.store.course_roles(current.user.id).await?)
    }

    async fn issue_token(
        &self,
        user_id: i64,
        kind: TokenKind,
        name: String,
        expires_at: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Result<(String, TokenRecord)> {
        let token = random_token(match kind {
            TokenKind::Session => "lys_",
            TokenKind::Personal => "lyp_",
        });
        let record = self
            .store
            .create_token(NewToken {
                user_id,
                kind,
                name,
                token_hash: token_hash(&token),
                prefix: token.chars().take(10).collect(),
                created_at: now,
                expires_at,
            })
            .await?;
        Ok((token, record))
    }
}

/// The API's view of a user.
/// The preference key for discussion email (`"true"` or `"false"`).
pub const DISCUSSION_EMAIL: &str = "discussion_email";

/// The preference key for open response assessment email.
pub const ORA_EMAIL: &str = "ora_email";

/// Which of these users turned discussion email off (one query).
pub async fn discussion_email_off(
    store: &dyn AccountStore,
    user_ids: &[i64],
) -> std::result::Result<HashSet<i64>, StoreError> {
    email_off(store, user_ids, DISCUSSION_EMAIL).await
}

/// Which of these users turned the email named by `key` off (one query).
pub async fn email_off(
    store: &dyn AccountStore,
    user_ids: &[i64],
    key: &str,
) -> std::result::Result<HashSet<i64>, StoreError> {
    Ok(store
        .preference_of(user_ids, key)
        .await?
        .into_iter()
        .filter(|(_, value)| value == "false")
        .map(|(id, _)| id)
        .collect())
}

/// Stored preferences as the API shows them, with their defaults.
fn preferences_view(stored: &BTreeMap<String, String>) -> Preferences {
    Preferences {
        discussion_email: stored.get(DISCUSSION_EMAIL).map(String::as_str) != Some("false"),
        ora_email: stored.get(ORA_EMAIL).map(String::as_str) != Some("false"),
    }
}

pub fn user_view(u: &UserRecord) -> User {
    User {
        id: u.id,
        username: u.username.clone(),
        email: u.email.clone(),
        name: u.name.clone(),
        email_verified: u.email_verified,
        is_staff: u.is_staff,
        is_superuser: u.is_superuser,
        date_joined: u.date_joined,
    }
}

fn api_token(r: TokenRecord) -> ApiToken {
    ApiToken {
        id: r.id,
        name: r.name,
        prefix: r.prefix,
        created_at: r.created_at,
        last_used_at: r.last_used_at,
        expires_at: r.expires_at,
    }
}

/// A new opaque token: `prefix` + 256 random bits, base64url.
fn random_token(prefix: &str) -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    format!(
        "{prefix}{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    )
}

/// The stored form of a token: SHA-256, hex. Tokens carry 256 random bits, so
/// a fast hash is enough (unlike passwords).
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// argon2id (19 MiB, 2 passes: OWASP's recommendation), off the async threads.
pub async fn hash_password(password: String) -> Result<String> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| anyhow::anyhow!("hashing a password: {e}"))
    })
    .await
    .map_err(|e| anyhow::anyhow!("password hashing task: {e}"))?
    .map_err(AccountError::Internal)
}

async fn verify_password(password: String, hash: String) -> Result<bool> {
    tokio::task::spawn_blocking(move || {
        let Ok(parsed) = PasswordHash::new(&hash) else {
            return false;
        };
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
    .await
    .map_err(|e| AccountError::Internal(anyhow::anyhow!("password check task: {e}")))
}

fn dummy_hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(b"not a real password", &salt)
            .map(|h| h.to_string())
            .unwrap_or_default()
    })
}

/// Escapes text for HTML mail bodies.
pub fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}
