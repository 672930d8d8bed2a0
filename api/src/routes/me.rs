//! `/api/v1/me/*`: the signed-in user, their password, personal API tokens,
//! course roles and preferences.

use poem::web::Data;
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, OpenApi};
use shared_types::{
    ApiTokenCreated, ApiTokenPage, ChangePasswordRequest, CourseRoleGrant, CourseRoleList,
    CreateApiTokenRequest, Preferences, PreferencesUpdate, User,
};

use super::auth::Done;
use super::{ApiTags, Paging};
use crate::auth::Auth;
use crate::error::ApiError;
use crate::services::accounts::user_view;
use crate::state::AppState;

/// The current user's own account.
pub struct MeApi;

/// A created personal API token.
#[derive(ApiResponse)]
pub enum TokenCreated {
    /// Created; the secret is in `token` and is never shown again.
    #[oai(status = 201)]
    Created(Json<ApiTokenCreated>),
}

#[OpenApi(prefix_path = "/me", tag = "ApiTags::Me")]
impl MeApi {
    /// The current user
    #[oai(path = "/", method = "get", operation_id = "get_me")]
    async fn get_me(&self, auth: Auth) -> Json<User> {
        Json(user_view(&auth.current().user))
    }

    /// Change the password
    ///
    /// Needs the current password; ends every other session of the user.
    #[oai(path = "/password", method = "post", operation_id = "change_password")]
    async fn change_password(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        body: Json<ChangePasswordRequest>,
    ) -> Result<Done, ApiError> {
        state
            .accounts
            .change_password(auth.current(), body.0)
            .await?;
        Ok(Done::NoContent)
    }

    /// The user's preferences
    #[oai(
        path = "/preferences",
        method = "get",
        operation_id = "get_preferences"
    )]
    async fn get_preferences(
        &self,
        state: Data<&AppState>,
        auth: Auth,
    ) -> Result<Json<Preferences>, ApiError> {
        Ok(Json(
            state.accounts.preferences(&auth.current().user).await?,
        ))
    }

    /// Change preferences
    ///
    /// Only the fields given change; the answer has all of them.
    #[oai(
        path = "/preferences",
        method = "patch",
        operation_id = "update_preferences"
    )]
    async fn update_preferences(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        body: Json<PreferencesUpdate>,
    ) -> Result<Json<Preferences>, ApiError> {
        Ok(Json(
            state
                .accounts
                .update_preferences(&auth.current().user, body.0)
                .await?,
        ))
    }

    /// Send the verification email again
    #[oai(
        path = "/verify-email",
        method = "post",
        operation_id = "resend_verification_email"
    )]
    async fn resend_verification_email(
        &self,
        state: Data<&AppState>,
        auth: Auth,
    ) -> Result<Done, ApiError> {
        state.accounts.resend_verification(auth.current()).await?;
        Ok(Done::NoContent)
    }

    /// List personal API tokens
    ///
    /// Newest first. Secrets are never listed, only their first characters.
    #[oai(path = "/tokens", method = "get", operation_id = "list_api_tokens")]
    async fn list_api_tokens(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        /// 1-based page number.
        #[oai(validator(minimum(value = "1")))]
        page: Query<Option<u64>>,
        /// Results per page, at most 100.
        #[oai(validator(minimum(value = "1"), maximum(value = "100")))]
        page_size: Query<Option<u64>>,
    ) -> Result<Json<ApiTokenPage>, ApiError> {
        let paging = Paging::new(page.0, page_size.0);
        let (results, count) = state
            .accounts
            .list_api_tokens(auth.current(), paging.page, paging.page_size)
            .await?;
        let next = paging.next(&state.config.public_base(), "/api/v1/me/tokens", count);
        Ok(Json(ApiTokenPage {
            count,
            next,
            results,
        }))
    }

    /// Create a personal API token
    ///
    /// For scripts and third-party tools: send it as `Authorization: Bearer`.
    /// The secret is returned once, in this response.
    #[oai(path = "/tokens", method = "post", operation_id = "create_api_token")]
    async fn create_api_token(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        body: Json<CreateApiTokenRequest>,
    ) -> Result<TokenCreated, ApiError> {
        let (token, api_token) = state
            .accounts
            .create_api_token(auth.current(), body.0)
            .await?;
        Ok(TokenCreated::Created(Json(ApiTokenCreated {
            token,
            api_token,
        })))
    }

    /// Revoke a personal API token
    #[oai(
        path = "/tokens/:id",
        method = "delete",
        operation_id = "delete_api_token"
    )]
    async fn delete_api_token(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        id: Path<i64>,
    ) -> Result<Done, ApiError> {
        state
            .accounts
            .revoke_api_token(auth.current(), id.0)
            .await?;
        Ok(Done::NoContent)
    }

    /// The current user's course roles
    #[oai(
        path = "/course-roles",
        method = "get",
        operation_id = "list_course_roles"
    )]
    async fn list_course_roles(
        &self,
        state: Data<&AppState>,
        auth: Auth,
    ) -> Result<Json<CourseRoleList>, ApiError> {
        let results = state
            .accounts
            .course_roles(auth.current())
            .await?
            .into_iter()
            .map(|(course_key, role)| CourseRoleGrant { course_key, role })
            .collect();
        Ok(Json(CourseRoleList { results }))
    }
}
