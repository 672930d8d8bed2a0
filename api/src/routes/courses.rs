//! `/api/v1/courses`: the public catalog, about pages, enrollment and the
//! roster; `/api/v1/dashboard`: the learner's courses.

use poem::web::Data;
use poem::Request;
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, OpenApi};
use shared_types::{
    CatalogPage, ChangeModeRequest, CourseAbout, EnrollRequest, Enrollment, RosterPage,
};

use super::auth::Done;
use super::{ApiTags, Paging};
use crate::auth::{optional_user, Auth};
use crate::error::ApiError;
use crate::state::AppState;

pub struct CoursesApi;

#[derive(ApiResponse)]
pub enum Enrolled {
    /// Enrolled (also when already enrolled: enrolling is idempotent).
    #[oai(status = 201)]
    Created(Json<Enrollment>),
}

#[OpenApi(tag = "ApiTags::Courses")]
impl CoursesApi {
    /// The course catalog
    ///
    /// Published course runs whose catalog visibility is `both`, soonest
    /// start first, with their schedule, pacing and whether enrollment is
    /// open. No sign-in needed.
    #[oai(
        path = "/courses",
        method = "get",
        operation_id = "list_catalog_courses"
    )]
    async fn list_catalog_courses(
        &self,
        state: Data<&AppState>,
        /// 1-based page number.
        #[oai(validator(minimum(value = "1")))]
        page: Query<Option<u64>>,
        /// Results per page, at most 100.
        #[oai(validator(minimum(value = "1"), maximum(value = "100")))]
        page_size: Query<Option<u64>>,
    ) -> Result<Json<CatalogPage>, ApiError> {
        let paging = Paging::new(page.0, page_size.0);
        let (count, results) = state
            .catalog
            .catalog(paging.offset(), paging.page_size)
            .await?;
        let next = paging.next(&state.config.public_base(), "/api/v1/courses", count);
        Ok(Json(CatalogPage {
            count,
            next,
            results,
        }))
    }

    /// A course's about page
    ///
    /// The course's card, its overview (sanitized HTML) and, when signed
    /// in, the user's enrollment. Courses hidden from the catalog and about
    /// pages (`catalog_visibility` none) are 404 except for their team.
    #[oai(
        path = "/courses/:course_key",
        method = "get",
        operation_id = "get_course_about"
    )]
    async fn get_course_about(
        &self,
        state: Data<&AppState>,
        req: &Request,
        course_key: Path<String>,
    ) -> Result<Json<CourseAbout>, ApiError> {
        let user = optional_user(&state, req).await?;
        Ok(Json(
            state
                .catalog
                .about(user.as_ref().map(|u| &u.user), &course_key.0)
                .await?,
        ))
    }

    /// Enroll
    ///
    /// Enrolls the signed-in user as `audit` (idempotent). Refused with 409
    /// when enrollment has not opened (`enrollment_not_open`), has closed
    /// (`enrollment_closed`), the course is full (`course_full`) or
    /// invitation-only (`invitation_only`); course staff may always enroll.
    #[oai(
        path = "/courses/:course_key/enrollment",
        method = "post",
        operation_id = "enroll"
    )]
    async fn enroll(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
        body: Json<EnrollRequest>,
    ) -> Result<Enrolled, ApiError> {
        let enrollment = state
            .catalog
            .enroll(&auth.current().user, &course_key.0, body.0.mode)
            .await?;
        Ok(Enrolled::Created(Json(enrollment)))
    }

    /// Unenroll
    ///
    /// Ends the signed-in user's enrollment; their work is kept and comes
    /// back if they enroll again.
    #[oai(
        path = "/courses/:course_key/enrollment",
        method = "delete",
        operation_id = "unenroll"
    )]
    async fn unenroll(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
    ) -> Result<Done, ApiError> {
        state
            .catalog
            .unenroll(&auth.current().user, &course_key.0)
            .await?;
        Ok(Done::NoContent)
    }

    /// A course's roster
    ///
    /// The enrolled learners with their modes, for course staff.
    #[oai(
        path = "/courses/:course_key/enrollments",
        method = "get",
        operation_id = "list_enrollments"
    )]
    async fn list_enrollments(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
        /// 1-based page number.
        #[oai(validator(minimum(value = "1")))]
        page: Query<Option<u64>>,
        /// Results per page, at most 100.
        #[oai(validator(minimum(value = "1"), maximum(value = "100")))]
        page_size: Query<Option<u64>>,
    ) -> Result<Json<RosterPage>, ApiError> {
        let paging = Paging::new(page.0, page_size.0);
        let (count, results) = state
            .catalog
            .roster(
                &auth.current().user,
                &course_key.0,
                paging.offset(),
                paging.page_size,
            )
            .await?;
        let next = paging.next(
            &state.config.public_base(),
            &format!("/api/v1/courses/{}/enrollments", course_key.0),
            count,
        );
        Ok(Json(RosterPage {
            count,
            next,
            results,
        }))
    }

    /// Change a learner's mode
    ///
    /// Course staff move a learner between `audit` and `verified`; the
    /// change is kept in the enrollment's history.
    #[oai(
        path = "/courses/:course_key/enrollments/:username",
        method = "put",
        operation_id = "change_enrollment_mode"
    )]
    async fn change_enrollment_mode(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
        username: Path<String>,
        body: Json<ChangeModeRequest>,
    ) -> Result<Json<Enrollment>, ApiError> {
        Ok(Json(
            state
                .catalog
                .change_mode(
                    &auth.current().user,
                    &course_key.0,
                    &username.0,
                    body.0.mode,
                )
                .await?,
        ))
    }
}
