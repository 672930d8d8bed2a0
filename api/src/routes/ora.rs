//! Open response assessments: the learner's response, training, peer and
//! self steps and grade; the course team's submission list, grading,
//! cancellation and data export.

use poem::web::Data;
use poem::Body;
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::{Binary, Json, PlainText};
use poem_openapi::types::multipart::Upload;
use poem_openapi::{ApiResponse, Multipart, OpenApi};
use shared_types::{
    OraAssessmentInput, OraCancelInput, OraFile, OraItemSummary, OraPeerAssessmentInput,
    OraPeerTask, OraResponse, OraSubmissionDetail, OraSubmissionPage, OraTrainingInput,
    OraTrainingResult, OraView,
};

use super::auth::Done;
use super::{ApiTags, Paging};
use crate::auth::Auth;
use crate::error::ApiError;
use crate::state::AppState;

pub struct OraApi;

/// A file for a response.
#[derive(Multipart)]
pub struct OraUpload {
    /// The file; its type must be one the assessment accepts.
    file: Upload,
    /// What the file is (shown to graders).
    description: Option<String>,
}

#[derive(ApiResponse)]
pub enum FileStored {
    /// Stored; name it in the draft or submission by its `id`.
    #[oai(status = 201)]
    Created(Json<OraFile>),
}

#[derive(ApiResponse)]
pub enum PeerTask {
    /// A response to assess, kept for you until `locked_until`.
    #[oai(status = 200)]
    Ok(Json<OraPeerTask>),
    /// Nothing to assess right now; ask again later.
    #[oai(status = 204)]
    NoContent,
}

#[derive(ApiResponse)]
pub enum FileDownload {
    /// The file.
    #[oai(status = 200)]
    Ok(
        Binary<Body>,
        #[oai(header = "Content-Type")] String,
        #[oai(header = "Content-Disposition")] String,
        #[oai(header = "X-Content-Type-Options")] String,
    ),
}

#[derive(ApiResponse)]
pub enum CsvExport {
    /// Every submission with its response, assessments and grade.
    #[oai(status = 200, content_type = "text/csv; charset=utf-8")]
    Ok(
        PlainText<String>,
        #[oai(header = "Content-Disposition")] String,
    ),
}

#[OpenApi(tag = "ApiTags::Ora")]
impl OraApi {
    /// The course's open response assessments
    ///
    /// Course team only: each assessment with where it is, its steps and
    /// how many submissions wait for a staff grade.
    #[oai(
        path = "/courses/:course_key/ora",
        method = "get",
        operation_id = "list_oras"
    )]
    async fn list(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
    ) -> Result<Json<Vec<OraItemSummary>>, ApiError> {
        Ok(Json(
            state.ora.items(&auth.current().user, &course_key.0).await?,
        ))
    }

    /// An assessment for the learner
    ///
    /// The prompts, rubric and steps; the learner's draft or submission,
    /// where they are in the steps, the peer counts and the grade.
    #[oai(
        path = "/courses/:course_key/ora/:usage_key",
        method = "get",
        operation_id = "get_ora"
    )]
    async fn view(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
        usage_key: Path<String>,
    ) -> Result<Json<OraView>, ApiError> {
        Ok(Json(
            state
                .ora
                .view(&auth.current().user, &course_key.0, &usage_key.0)
                .await?,
        ))
    }

    /// Save a draft
    ///
    /// Replaces the learner's draft (text per prompt and uploaded files)
    /// while the response step is open.
    #[oai(
        path = "/courses/:course_key/ora/:usage_key/draft",
        method = "put",
        operation_id = "save_ora_draft"
    )]
    async fn save_draft(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
        usage_key: Path<String>,
        body: Json<OraResponse>,
    ) -> Result<Json<OraView>, ApiError> {
        Ok(Json(
            state
                .ora
                .save_draft(&auth.current().user, &course_key.0, &usage_key.0, body.0)
                .await?,
        ))
    }

    /// Submit the response
    ///
    /// Final: the response cannot be changed afterwards (unless the course
    /// team cancels it). Required text and files are checked; 409 when a
    /// submission is already in or the response step is closed.
    #[oai(
        path = "/courses/:course_key/ora/:usage_key/submission",
        method = "post",
        operation_id = "submit_ora"
    )]
    async fn submit(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
        usage_key: Path<String>,
        body: Json<OraResponse>,
    ) -> Result<Json<OraView>, ApiError> {
        Ok(Json(
            state
                .ora
                .submit(&auth.current().user, &course_key.0, &usage_key.0, body.0)
                .await?,
        ))
    }

    /// Upload a file for the response
    ///
    /// Types as the assessment allows (images, PDF and images, or its own
    /// list; never executables or web pages), up to `MAX_UPLOAD_BYTES`.
    #[oai(
        path = "/courses/:course_key/ora/:usage_key/files",
        method = "post",
        operation_id = "upload_ora_file"
    )]
    async fn upload(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
        usage_key: Path<String>,
        upload: OraUpload,
    ) -> Result<FileStored, ApiError> {
        let name = upload.file.file_name().unwrap_or("").to_string();
        let bytes = upload.file.into_vec().await.map_err(|e| {
            ApiError::bad_request("malformed_request", format!("reading the upload: {e}"))
        })?;
        let file = state
            .ora
            .upload(
                &auth.current().user,
                &course_key.0,
                &usage_key.0,
                &name,
                upload.description.as_deref().unwrap_or(""),
                &bytes,
            )
            .await?;
        Ok(FileStored::Created(Json(file)))
    }

    /// Download a response's file
    ///
    /// For its owner, the course team, and learners of the assessment who
    /// were given the response to assess.
    #[oai(
        path = "/courses/:course_key/ora/:usage_key/files/:file_id",
        method = "get",
        operation_id = "get_ora_file"
    )]
    async fn file(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
        usage_key: Path<String>,
        file_id: Path<String>,
    ) -> Result<FileDownload, ApiError> {
        let (blob, content_type, name) = state
            .ora
            .open_file(
                &auth.current().user,
                &course_key.0,
                &usage_key.0,
                &file_id.0,
            )
            .await?;
        Ok(FileDownload::Ok(
            Binary(Body::from_async_read(blob.reader)),
            content_type,
            format!("attachment; filename=\"{name}\""),
            "nosniff".into(),
        ))
    }

    /// Practise on a training example
    ///
    /// Compares the learner's options for example `example` (the next one)
    /// with the course team's; a match moves the learner on.
    #[oai(
        path = "/courses/:course_key/ora/:usage_key/training",
        method = "post",
        operation_id = "train_ora"
    )]
    async fn train(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
        usage_key: Path<String>,
        body: Json<OraTrainingInput>,
    ) -> Result<Json<OraTrainingResult>, ApiError> {
        Ok(Json(
            state
                .ora
                .train(&auth.current().user, &course_key.0, &usage_key.0, body.0)
                .await?,
        ))
    }

    /// Get the next response to assess
    ///
    /// Never the learner's own or one they assessed; those short of grades
    /// first. The response is kept for this learner for 8 hours. 204 when
    /// nothing is waiting.
    #[oai(
        path = "/courses/:course_key/ora/:usage_key/peer/next",
        method = "post",
        operation_id = "next_ora_peer"
    )]
    async fn next_peer(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
        usage_key: Path<String>,
    ) -> Result<PeerTask, ApiError> {
        Ok(
            match state
                .ora
                .next_peer(&auth.current().user, &course_key.0, &usage_key.0)
                .await?
            {
                Some(task) => PeerTask::Ok(Json(task)),
                None => PeerTask::NoContent,
            },
        )
    }

    /// Assess a peer's response
    #[oai(
        path = "/courses/:course_key/ora/:usage_key/peer/assessments",
        method = "post",
        operation_id = "assess_ora_peer"
    )]
    async fn assess_peer(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
        usage_key: Path<String>,
        body: Json<OraPeerAssessmentInput>,
    ) -> Result<Json<OraView>, ApiError> {
        Ok(Json(
            state
                .ora
                .assess_peer(&auth.current().user, &course_key.0, &usage_key.0, body.0)
                .await?,
        ))
    }

    /// Assess one's own response
    #[oai(
        path = "/courses/:course_key/ora/:usage_key/self-assessment",
        method = "post",
        operation_id = "assess_ora_self"
    )]
    async fn assess_self(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
        usage_key: Path<String>,
        body: Json<OraAssessmentInput>,
    ) -> Result<Json<OraView>, ApiError> {
        Ok(Json(
            state
                .ora
                .assess_self(&auth.current().user, &course_key.0, &usage_key.0, body.0)
                .await?,
        ))
    }

    /// List submissions
    ///
    /// Course team only: oldest first, with each learner's status, grades
    /// received and who is grading.
    #[oai(
        path = "/courses/:course_key/ora/:usage_key/submissions",
        method = "get",
        operation_id = "list_ora_submissions"
    )]
    async fn submissions(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
        usage_key: Path<String>,
        page: Query<Option<u64>>,
        page_size: Query<Option<u64>>,
    ) -> Result<Json<OraSubmissionPage>, ApiError> {
        let paging = Paging::new(page.0, page_size.0);
        Ok(Json(
            state
                .ora
                .submissions(
                    &auth.current().user,
                    &course_key.0,
                    &usage_key.0,
                    paging.page,
                    paging.page_size,
                )
                .await?,
        ))
    }

    /// A submission with every assessment
    #[oai(
        path = "/courses/:course_key/ora/:usage_key/submissions/:uuid",
        method = "get",
        operation_id = "get_ora_submission"
    )]
    async fn submission(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
        usage_key: Path<String>,
        uuid: Path<String>,
    ) -> Result<Json<OraSubmissionDetail>, ApiError> {
        Ok(Json(
            state
                .ora
                .submission_detail(&auth.current().user, &course_key.0, &usage_key.0, &uuid.0)
                .await?,
        ))
    }

    /// Start grading a submission
    ///
    /// Takes the submission for 8 hours so no other staff member grades it
    /// meanwhile; 409 `locked` names who has it.
    #[oai(
        path = "/courses/:course_key/ora/:usage_key/submissions/:uuid/lock",
        method = "post",
        operation_id = "lock_ora_submission"
    )]
    async fn lock(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
        usage_key: Path<String>,
        uuid: Path<String>,
    ) -> Result<Json<OraSubmissionDetail>, ApiError> {
        Ok(Json(
            state
                .ora
                .lock(&auth.current().user, &course_key.0, &usage_key.0, &uuid.0)
                .await?,
        ))
    }

    /// Stop grading a submission
    #[oai(
        path = "/courses/:course_key/ora/:usage_key/submissions/:uuid/lock",
        method = "delete",
        operation_id = "unlock_ora_submission"
    )]
    async fn unlock(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
        usage_key: Path<String>,
        uuid: Path<String>,
    ) -> Result<Done, ApiError> {
        state
            .ora
            .unlock(&auth.current().user, &course_key.0, &usage_key.0, &uuid.0)
            .await?;
        Ok(Done::NoContent)
    }

    /// Grade a submission as staff
    ///
    /// A staff grade counts over peer and self grades; grading again
    /// overrides (every grade is kept). The learner is emailed when their
    /// grade becomes ready.
    #[oai(
        path = "/courses/:course_key/ora/:usage_key/submissions/:uuid/staff-assessment",
        method = "post",
        operation_id = "assess_ora_staff"
    )]
    async fn assess_staff(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
        usage_key: Path<String>,
        uuid: Path<String>,
        body: Json<OraAssessmentInput>,
    ) -> Result<Json<OraSubmissionDetail>, ApiError> {
        Ok(Json(
            state
                .ora
                .assess_staff(
                    &auth.current().user,
                    &course_key.0,
                    &usage_key.0,
                    &uuid.0,
                    body.0,
                )
                .await?,
        ))
    }

    /// Cancel a submission
    ///
    /// With a reason the learner sees; its score leaves their grades and
    /// they may submit again.
    #[oai(
        path = "/courses/:course_key/ora/:usage_key/submissions/:uuid/cancel",
        method = "post",
        operation_id = "cancel_ora_submission"
    )]
    async fn cancel(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
        usage_key: Path<String>,
        uuid: Path<String>,
        body: Json<OraCancelInput>,
    ) -> Result<Json<OraSubmissionDetail>, ApiError> {
        Ok(Json(
            state
                .ora
                .cancel(
                    &auth.current().user,
                    &course_key.0,
                    &usage_key.0,
                    &uuid.0,
                    &body.0.reason,
                )
                .await?,
        ))
    }

    /// Export the assessment's data
    ///
    /// Course team only: a CSV with every submission, its response, each
    /// assessment and the counted grade.
    #[oai(
        path = "/courses/:course_key/ora/:usage_key/export.csv",
        method = "get",
        operation_id = "export_ora"
    )]
    async fn export(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
        usage_key: Path<String>,
    ) -> Result<CsvExport, ApiError> {
        let csv = state
            .ora
            .export_csv(&auth.current().user, &course_key.0, &usage_key.0)
            .await?;
        Ok(CsvExport::Ok(
            PlainText(csv),
            "attachment; filename=\"ora-data.csv\"".into(),
        ))
    }
}
