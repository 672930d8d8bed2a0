//! `/api/v1/authoring/*`: the Studio API for course teams.

use poem::web::Data;
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::types::multipart::Upload;
use poem_openapi::{ApiResponse, Multipart, OpenApi};
use shared_types::{
    AddTeamMemberRequest, AdvancedSettingsView, BaseVersion, BlockEdited, BlockView, CourseAsset,
    CourseAssetList, CourseDetailsView, CourseRole, CourseSummary, CourseSummaryPage,
    CourseVersions, CreateBlockRequest, CreateCourseRequest, GradingPolicyView, Job,
    MoveBlockRequest, OraSettings, Outline, ProblemPreview, ProblemPreviewRequest,
    RenderMarkdownRequest, RenderedHtml, RerunRequest, RevertRequest, TeamList,
    UpdateAdvancedSettings, UpdateBlockRequest, UpdateCourseDetails, UpdateGradingPolicy,
    VersionHistory,
};

use super::auth::Done;
use super::payload::SharedJson;

use super::{ApiTags, Paging};
use crate::auth::Auth;
use crate::error::ApiError;
use crate::services::render;
use crate::state::AppState;

/// Course authoring.
pub struct AuthoringApi;

/// A created course run.
#[derive(ApiResponse)]
pub enum CourseCreated {
    /// Created; the creator is its instructor.
    #[oai(status = 201)]
    Created(Json<CourseSummary>),
}

/// A course file upload.
#[derive(Multipart)]
pub struct AssetUpload {
    /// The file; its name becomes the asset's name (`/static/NAME` in HTML).
    file: Upload,
}

/// A stored course file.
#[derive(ApiResponse)]
pub enum JobAccepted {
    /// Queued; follow it at `/api/v1/jobs/{id}`.
    #[oai(status = 202)]
    Accepted(Json<Job>),
}

#[derive(ApiResponse)]
pub enum AssetStored {
    /// Stored (replacing a file of the same name).
    #[oai(status = 201)]
    Created(Json<CourseAsset>),
}

/// An OLX course archive upload.
#[derive(Multipart)]
pub struct OlxUpload {
    /// A `.tar.gz` course export.
    file: Upload,
    /// The key of the new course run, e.g. `course-v1:Org+Number+Run`;
    /// without it the run takes the key written in the export.
    course_key: Option<String>,
}

/// An exported course.
#[derive(ApiResponse)]
pub enum OlxArchive {
    /// The draft as an OLX `.tar.gz`.
    #[oai(status = 200, content_type = "application/gzip")]
    Ok(
        poem_openapi::payload::Binary<Vec<u8>>,
        #[oai(header = "Content-Disposition")] String,
    ),
}

/// A created block.
#[derive(ApiResponse)]
pub enum BlockCreated {
    /// Created in a new draft version.
    #[oai(status = 201)]
    Created(Json<BlockEdited>),
}

#[OpenApi(prefix_path = "/authoring", tag = "ApiTags::Authoring")]
impl AuthoringApi {
    /// Create a course run
    ///
    /// Global staff only. The creator becomes the run's instructor. A taken
    /// key (org, number and run) gets 409.
    #[oai(path = "/courses", method = "post", operation_id = "create_course")]
    async fn create_course(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        body: Json<CreateCourseRequest>,
    ) -> Result<CourseCreated, ApiError> {
        let summary = state
            .authoring
            .create_course(&auth.current().user, body.0)
            .await?;
        Ok(CourseCreated::Created(Json(summary)))
    }

    /// List the courses the user may author
    #[oai(
        path = "/courses",
        method = "get",
        operation_id = "list_authored_courses"
    )]
    async fn list_authored_courses(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        /// 1-based page number.
        #[oai(validator(minimum(value = "1")))]
        page: Query<Option<u64>>,
        /// Results per page, at most 100.
        #[oai(validator(minimum(value = "1"), maximum(value = "100")))]
        page_size: Query<Option<u64>>,
    ) -> Result<Json<CourseSummaryPage>, ApiError> {
        let paging = Paging::new(page.0, page_size.0);
        let all = state.authoring.list_courses(&auth.current().user).await?;
        let count = all.len() as u64;
        let results = all
            .into_iter()
            .skip(usize::try_from(paging.offset()).unwrap_or(usize::MAX))
            .take(usize::try_from(paging.page_size).unwrap_or(usize::MAX))
            .collect();
        let next = paging.next(
            &state.config.public_base(),
            "/api/v1/authoring/courses",
            count,
        );
        Ok(Json(CourseSummaryPage {
            count,
            next,
            results,
        }))
    }

    /// The draft outline of a course
    ///
    /// The whole draft tree: `id`, `type`, `display_name`, `children` and each
    /// node's publish state. `version` is the draft version to name as
    /// `base_version` in edits.
    #[oai(
        path = "/courses/:course_key/outline",
        method = "get",
        operation_id = "get_course_outline"
    )]
    async fn get_course_outline(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
    ) -> Result<SharedJson<Outline>, ApiError> {
        Ok(SharedJson::new(
            state
                .authoring
                .outline_json(&auth.current().user, &course_key.0)
                .await?,
        ))
    }

    /// Add a block
    ///
    /// Adds a section, subsection, unit or component under `parent` in a new
    /// draft version. A stale `base_version` gets 409 with `current_version`.
    #[oai(
        path = "/courses/:course_key/blocks",
        method = "post",
        operation_id = "create_block"
    )]
    async fn create_block(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
        body: Json<CreateBlockRequest>,
    ) -> Result<BlockCreated, ApiError> {
        let (version, id) = state
            .authoring
            .create_block(&auth.current().user, &course_key.0, body.0)
            .await?;
        Ok(BlockCreated::Created(Json(BlockEdited { version, id })))
    }

    /// Read a block
    ///
    /// One block of the draft with its settings (Open edX field names),
    /// content, publish state and ancestors, and its direct children with
    /// theirs: a unit and all its components in one request.
    #[oai(
        path = "/blocks/:block_key",
        method = "get",
        operation_id = "get_block"
    )]
    async fn get_block(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        block_key: Path<String>,
    ) -> Result<Json<BlockView>, ApiError> {
        Ok(Json(
            state
                .authoring
                .block(&auth.current().user, &block_key.0)
                .await?,
        ))
    }

    /// Preview Markdown
    ///
    /// Markdown (CommonMark with tables) as sanitized HTML, for the HTML
    /// editor's preview. Course teams only.
    #[oai(
        path = "/render/markdown",
        method = "post",
        operation_id = "render_markdown"
    )]
    async fn render_markdown(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        body: Json<RenderMarkdownRequest>,
    ) -> Result<Json<RenderedHtml>, ApiError> {
        state.authz.require_author(&auth.current().user).await?;
        Ok(Json(RenderedHtml {
            html: render::markdown_html(&body.0.markdown)?,
        }))
    }

    /// Preview a problem
    ///
    /// A problem in the simple editor's markdown or as capa XML, rendered
    /// as the learner will see it (without its answers), with the XML.
    /// Course teams only.
    /// A problem that cannot be read gets 422 naming the field.
    #[oai(
        path = "/render/problem",
        method = "post",
        operation_id = "preview_problem"
    )]
    async fn preview_problem(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        body: Json<ProblemPreviewRequest>,
    ) -> Result<Json<ProblemPreview>, ApiError> {
        state.authz.require_author(&auth.current().user).await?;
        Ok(Json(render::problem_preview(&body.0)?))
    }

    /// Change a block
    ///
    /// Sets the given settings or content in a new draft version.
    #[oai(
        path = "/blocks/:block_key",
        method = "patch",
        operation_id = "update_block"
    )]
    async fn update_block(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        block_key: Path<String>,
        body: Json<UpdateBlockRequest>,
    ) -> Result<Json<BlockEdited>, ApiError> {
        let (version, id) = state
            .authoring
            .update_block(&auth.current().user, &block_key.0, body.0)
            .await?;
        Ok(Json(BlockEdited { version, id }))
    }

    /// Read an open response assessment's settings
    ///
    /// The draft settings of an `openassessment` block, read from its OLX
    /// (ORA2's template for a block with no OLX yet). Course teams only;
    /// any other block type is not found. OLX that cannot be read as an
    /// assessment gets 409 `unreadable_content` with the reason (fix it in
    /// the block's `data`).
    #[oai(
        path = "/courses/:course_key/blocks/:usage_key/ora",
        method = "get",
        operation_id = "get_ora_settings"
    )]
    async fn get_ora_settings(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
        usage_key: Path<String>,
    ) -> Result<Json<OraSettings>, ApiError> {
        Ok(Json(
            state
                .authoring
                .ora_settings(&auth.current().user, &course_key.0, &usage_key.0)
                .await?,
        ))
    }

    /// Replace an open response assessment's settings
    ///
    /// Checks the settings as ORA2 does and writes them as the block's OLX
    /// in a new draft version, like any block edit; the title becomes the
    /// block's display name too. Invalid settings get 422 with one line per
    /// problem in `detail` (`field` names the first) and nothing is saved;
    /// a stale `base_version` gets 409 with `current_version`.
    #[oai(
        path = "/courses/:course_key/blocks/:usage_key/ora",
        method = "put",
        operation_id = "update_ora_settings"
    )]
    async fn update_ora_settings(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
        usage_key: Path<String>,
        /// The draft version the edit is based on (the `version` of the
        /// outline or of the block as read).
        base_version: Query<String>,
        body: Json<OraSettings>,
    ) -> Result<Json<BlockEdited>, ApiError> {
        let (version, id) = state
            .authoring
            .set_ora_settings(
                &auth.current().user,
                &course_key.0,
                &usage_key.0,
                &base_version.0,
                body.0,
            )
            .await?;
        Ok(Json(BlockEdited { version, id }))
    }

    /// Delete a block
    ///
    /// Removes the block and everything below it in a new draft version.
    #[oai(
        path = "/blocks/:block_key/delete",
        method = "post",
        operation_id = "delete_block"
    )]
    async fn delete_block(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        block_key: Path<String>,
        body: Json<BaseVersion>,
    ) -> Result<Json<BlockEdited>, ApiError> {
        let version = state
            .authoring
            .delete_block(&auth.current().user, &block_key.0, &body.0.base_version)
            .await?;
        Ok(Json(BlockEdited {
            version,
            id: block_key.0,
        }))
    }

    /// Publish the whole course
    ///
    /// Learners see the draft version named in `base_version`.
    #[oai(
        path = "/courses/:course_key/publish",
        method = "post",
        operation_id = "publish_course"
    )]
    async fn publish_course(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
        body: Json<BaseVersion>,
    ) -> Result<Json<CourseVersions>, ApiError> {
        let heads = state
            .authoring
            .publish_course(&auth.current().user, &course_key.0, &body.0.base_version)
            .await?;
        Ok(Json(CourseVersions {
            draft_version: heads.draft,
            published_version: heads.published,
        }))
    }

    /// Move a block
    ///
    /// Reorders a block among its siblings or moves it under another parent
    /// of the right type, in a new draft version.
    #[oai(
        path = "/blocks/:block_key/move",
        method = "post",
        operation_id = "move_block"
    )]
    async fn move_block(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        block_key: Path<String>,
        body: Json<MoveBlockRequest>,
    ) -> Result<Json<BlockEdited>, ApiError> {
        let (version, id) = state
            .authoring
            .move_block(&auth.current().user, &block_key.0, body.0)
            .await?;
        Ok(Json(BlockEdited { version, id }))
    }

    /// The draft version history
    ///
    /// Newest first, at most 100 versions, each with what changed and who changed it.
    #[oai(
        path = "/courses/:course_key/versions",
        method = "get",
        operation_id = "list_course_versions"
    )]
    async fn list_course_versions(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
    ) -> Result<Json<VersionHistory>, ApiError> {
        let results = state
            .authoring
            .history(&auth.current().user, &course_key.0)
            .await?;
        Ok(Json(VersionHistory { results }))
    }

    /// Revert the draft to an earlier version
    ///
    /// Writes the earlier version's content as a new draft version, so the
    /// history keeps everything.
    #[oai(
        path = "/courses/:course_key/revert",
        method = "post",
        operation_id = "revert_course"
    )]
    async fn revert_course(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
        body: Json<RevertRequest>,
    ) -> Result<Json<BlockEdited>, ApiError> {
        let version = state
            .authoring
            .revert(&auth.current().user, &course_key.0, body.0)
            .await?;
        Ok(Json(BlockEdited {
            version,
            id: course_key.0,
        }))
    }

    /// The course team
    #[oai(
        path = "/courses/:course_key/team",
        method = "get",
        operation_id = "list_course_team"
    )]
    async fn list_course_team(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
    ) -> Result<Json<TeamList>, ApiError> {
        let results = state
            .authoring
            .team(&auth.current().user, &course_key.0)
            .await?;
        Ok(Json(TeamList { results }))
    }

    /// Add a team member
    ///
    /// Gives an existing user a course role. Instructors (and global staff) only.
    #[oai(
        path = "/courses/:course_key/team",
        method = "post",
        operation_id = "add_course_team_member"
    )]
    async fn add_course_team_member(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
        body: Json<AddTeamMemberRequest>,
    ) -> Result<Done, ApiError> {
        state
            .authoring
            .add_team_member(&auth.current().user, &course_key.0, body.0)
            .await?;
        Ok(Done::NoContent)
    }

    /// Remove a team member's role
    ///
    /// Instructors (and global staff) only; the last instructor stays.
    #[oai(
        path = "/courses/:course_key/team/:username/:role",
        method = "delete",
        operation_id = "remove_course_team_member"
    )]
    async fn remove_course_team_member(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
        username: Path<String>,
        role: Path<CourseRole>,
    ) -> Result<Done, ApiError> {
        state
            .authoring
            .remove_team_member(&auth.current().user, &course_key.0, &username.0, role.0)
            .await?;
        Ok(Done::NoContent)
    }

    /// Publish a section, subsection or unit
    ///
    /// Learners see the block's draft subtree; the rest of the published
    /// course stays as it was.
    #[oai(
        path = "/blocks/:block_key/publish",
        method = "post",
        operation_id = "publish_block"
    )]
    async fn publish_block(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        block_key: Path<String>,
        body: Json<BaseVersion>,
    ) -> Result<Json<CourseVersions>, ApiError> {
        let heads = state
            .authoring
            .publish_block(&auth.current().user, &block_key.0, &body.0.base_version)
            .await?;
        Ok(Json(CourseVersions {
            draft_version: heads.draft,
            published_version: heads.published,
        }))
    }

    /// Discard draft changes
    ///
    /// Brings back the published content of the block and everything below
    /// it, in a new draft version.
    #[oai(
        path = "/blocks/:block_key/discard",
        method = "post",
        operation_id = "discard_block_changes"
    )]
    async fn discard_block_changes(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        block_key: Path<String>,
        body: Json<BaseVersion>,
    ) -> Result<Json<BlockEdited>, ApiError> {
        let version = state
            .authoring
            .discard_changes(&auth.current().user, &block_key.0, &body.0.base_version)
            .await?;
        Ok(Json(BlockEdited {
            version,
            id: block_key.0,
        }))
    }

    /// Duplicate a block
    ///
    /// Copies the block and everything below it right after the original.
    #[oai(
        path = "/blocks/:block_key/duplicate",
        method = "post",
        operation_id = "duplicate_block"
    )]
    async fn duplicate_block(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        block_key: Path<String>,
        body: Json<BaseVersion>,
    ) -> Result<BlockCreated, ApiError> {
        let (version, id) = state
            .authoring
            .duplicate_block(&auth.current().user, &block_key.0, &body.0.base_version)
            .await?;
        Ok(BlockCreated::Created(Json(BlockEdited { version, id })))
    }

    /// The grading policy
    ///
    /// Assignment types (`GRADER`) and grade cutoffs of the draft; Open
    /// edX's default when none was set.
    #[oai(
        path = "/courses/:course_key/grading-policy",
        method = "get",
        operation_id = "get_grading_policy"
    )]
    async fn get_grading_policy(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
    ) -> Result<Json<GradingPolicyView>, ApiError> {
        let (version, policy) = state
            .authoring
            .grading_policy(&auth.current().user, &course_key.0)
            .await?;
        Ok(Json(GradingPolicyView { version, policy }))
    }

    /// Replace the grading policy
    ///
    /// Validated: weights sum to 1, cutoffs lie in (0, 1), every assignment
    /// type a graded subsection uses stays defined.
    #[oai(
        path = "/courses/:course_key/grading-policy",
        method = "put",
        operation_id = "update_grading_policy"
    )]
    async fn update_grading_policy(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
        body: Json<UpdateGradingPolicy>,
    ) -> Result<Json<BlockEdited>, ApiError> {
        let body = body.0;
        let version = state
            .authoring
            .set_grading_policy(
                &auth.current().user,
                &course_key.0,
                &body.base_version,
                body.policy,
            )
            .await?;
        Ok(Json(BlockEdited {
            version,
            id: course_key.0,
        }))
    }

    /// Schedule and details
    #[oai(
        path = "/courses/:course_key/details",
        method = "get",
        operation_id = "get_course_details"
    )]
    async fn get_course_details(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
    ) -> Result<Json<CourseDetailsView>, ApiError> {
        let (version, details) = state
            .authoring
            .details(&auth.current().user, &course_key.0)
            .await?;
        Ok(Json(CourseDetailsView { version, details }))
    }

    /// Replace the schedule and details
    ///
    /// Absent optional fields are cleared; end dates must follow their starts.
    #[oai(
        path = "/courses/:course_key/details",
        method = "put",
        operation_id = "update_course_details"
    )]
    async fn update_course_details(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
        body: Json<UpdateCourseDetails>,
    ) -> Result<Json<BlockEdited>, ApiError> {
        let body = body.0;
        let version = state
            .authoring
            .set_details(
                &auth.current().user,
                &course_key.0,
                &body.base_version,
                body.details,
            )
            .await?;
        Ok(Json(BlockEdited {
            version,
            id: course_key.0,
        }))
    }

    /// Advanced settings
    #[oai(
        path = "/courses/:course_key/advanced-settings",
        method = "get",
        operation_id = "get_advanced_settings"
    )]
    async fn get_advanced_settings(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
    ) -> Result<Json<AdvancedSettingsView>, ApiError> {
        let (version, settings) = state
            .authoring
            .advanced_settings(&auth.current().user, &course_key.0)
            .await?;
        Ok(Json(AdvancedSettingsView { version, settings }))
    }

    /// Replace the advanced settings
    #[oai(
        path = "/courses/:course_key/advanced-settings",
        method = "put",
        operation_id = "update_advanced_settings"
    )]
    async fn update_advanced_settings(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
        body: Json<UpdateAdvancedSettings>,
    ) -> Result<Json<BlockEdited>, ApiError> {
        let body = body.0;
        let version = state
            .authoring
            .set_advanced_settings(
                &auth.current().user,
                &course_key.0,
                &body.base_version,
                body.settings,
            )
            .await?;
        Ok(Json(BlockEdited {
            version,
            id: course_key.0,
        }))
    }

    /// Upload a course file
    ///
    /// Images, PDFs, transcripts (SRT, VTT), audio and video, up to
    /// `MAX_UPLOAD_BYTES`; the type is checked from the extension and from
    /// the file's content. HTML refers to it as `/static/NAME`.
    #[oai(
        path = "/courses/:course_key/assets",
        method = "post",
        operation_id = "upload_course_asset"
    )]
    async fn upload_course_asset(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
        upload: AssetUpload,
    ) -> Result<AssetStored, ApiError> {
        let name = upload.file.file_name().unwrap_or("").to_string();
        let bytes = upload.file.into_vec().await.map_err(|e| {
            ApiError::bad_request("malformed_request", format!("reading the upload: {e}"))
        })?;
        let asset = state
            .assets
            .upload(&auth.current().user, &course_key.0, &name, &bytes)
            .await?;
        Ok(AssetStored::Created(Json(asset)))
    }

    /// List course files
    #[oai(
        path = "/courses/:course_key/assets",
        method = "get",
        operation_id = "list_course_assets"
    )]
    async fn list_course_assets(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
    ) -> Result<Json<CourseAssetList>, ApiError> {
        let results = state
            .assets
            .list(&auth.current().user, &course_key.0)
            .await?;
        Ok(Json(CourseAssetList { results }))
    }

    /// Delete a course file
    #[oai(
        path = "/courses/:course_key/assets/:name",
        method = "delete",
        operation_id = "delete_course_asset"
    )]
    async fn delete_course_asset(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
        name: Path<String>,
    ) -> Result<Done, ApiError> {
        state
            .assets
            .delete(&auth.current().user, &course_key.0, &name.0)
            .await?;
        Ok(Done::NoContent)
    }

    /// Import an OLX course
    ///
    /// Global staff only. Uploads an Open edX course export (`.tar.gz`);
    /// a background job imports it as a new course run (draft) for the
    /// uploader, under the key written in the export or the `course_key`
    /// given with it (so one export can become several runs; a taken key is
    /// a 409). The answer is the job: follow its `percent` and `message`
    /// at `GET /api/v1/jobs/{id}`; when it has succeeded its `result` holds
    /// the `course_key`. A malformed archive fails the job with an error
    /// naming the file and line, and nothing is created.
    #[oai(path = "/import", method = "post", operation_id = "import_course")]
    async fn import_course(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        upload: OlxUpload,
    ) -> Result<JobAccepted, ApiError> {
        let bytes = upload.file.into_vec().await.map_err(|e| {
            ApiError::bad_request("malformed_request", format!("reading the upload: {e}"))
        })?;
        let job = state
            .authoring
            .queue_import(&auth.current().user, bytes, upload.course_key.as_deref())
            .await?;
        Ok(JobAccepted::Accepted(Json(job)))
    }

    /// Export a course as OLX
    ///
    /// The draft as an Open edX course export (`.tar.gz`).
    #[oai(
        path = "/courses/:course_key/export",
        method = "get",
        operation_id = "export_course"
    )]
    async fn export_course(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
    ) -> Result<OlxArchive, ApiError> {
        let (file_name, bytes) = state
            .authoring
            .export_archive(&auth.current().user, &course_key.0)
            .await?;
        Ok(OlxArchive::Ok(
            poem_openapi::payload::Binary(bytes),
            format!("attachment; filename=\"{file_name}\""),
        ))
    }

    /// Re-run a course
    ///
    /// Global staff only. Creates a new run with a copy of this course's
    /// draft; due and enrollment dates are cleared, the start and end are the
    /// new run's. The caller becomes its instructor.
    #[oai(
        path = "/courses/:course_key/rerun",
        method = "post",
        operation_id = "rerun_course"
    )]
    async fn rerun_course(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
        body: Json<RerunRequest>,
    ) -> Result<CourseCreated, ApiError> {
        let summary = state
            .authoring
            .rerun(&auth.current().user, &course_key.0, body.0)
            .await?;
        Ok(CourseCreated::Created(Json(summary)))
    }
}
