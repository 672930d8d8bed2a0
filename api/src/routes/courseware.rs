//! The learner's courseware: the outline, units, completion, transcripts,
//! problems, progress and the dashboard.

use std::collections::BTreeMap;

use poem::web::Data;
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::{Json, PlainText};
use poem_openapi::{ApiResponse, OpenApi};
use shared_types::{
    CompletionBatch, CourseBlocks, CourseProgress, Dashboard, ProblemAnswer, ProblemAnswers,
    ProblemHint, ProblemState, SubmissionResult, SubmitAnswers, UnitView,
};

use super::auth::Done;
use super::payload::SharedJson;
use super::ApiTags;
use crate::auth::Auth;
use crate::error::ApiError;
use crate::state::AppState;

pub struct CoursewareApi;

#[derive(ApiResponse)]
pub enum Transcript {
    /// The transcript as WebVTT.
    #[oai(status = 200, content_type = "text/vtt; charset=utf-8")]
    Ok(PlainText<String>),
}

#[OpenApi(tag = "ApiTags::Courses")]
impl CoursewareApi {
    /// My courses
    ///
    /// The signed-in learner's courses with progress, the next due date
    /// and where to resume.
    #[oai(path = "/dashboard", method = "get", operation_id = "get_dashboard")]
    async fn get_dashboard(
        &self,
        state: Data<&AppState>,
        auth: Auth,
    ) -> Result<Json<Dashboard>, ApiError> {
        Ok(Json(
            state.courseware.dashboard(&auth.current().user).await?,
        ))
    }

    /// The course outline for this learner
    ///
    /// The published course as the signed-in learner may see it: `id`,
    /// `type`, `display_name`, `children`, `graded`, `format`, `due` and
    /// `completion`, without content that is not released yet, is for staff
    /// only or is hidden after its due date (course staff see it, marked
    /// `staff_only`), plus the unit to resume at. Enrollment (or the course
    /// team) required.
    #[oai(
        path = "/courses/:course_key/blocks",
        method = "get",
        operation_id = "get_course_blocks"
    )]
    async fn get_course_blocks(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
    ) -> Result<SharedJson<CourseBlocks>, ApiError> {
        Ok(SharedJson::owned(
            state
                .courseware
                .blocks_json(&auth.current().user, &course_key.0)
                .await?,
        ))
    }

    /// A unit's content
    ///
    /// The unit's components ready to show: sanitized HTML with course
    /// file links, videos with WebVTT transcript URLs, problems with the
    /// learner's state. Opening a unit makes it the place to resume.
    #[oai(
        path = "/courses/:course_key/units/:usage_key",
        method = "get",
        operation_id = "get_unit"
    )]
    async fn get_unit(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
        usage_key: Path<String>,
    ) -> Result<Json<UnitView>, ApiError> {
        Ok(Json(
            state
                .courseware
                .unit(&auth.current().user, &course_key.0, &usage_key.0)
                .await?,
        ))
    }

    /// Report completion
    ///
    /// The learning app reports what the learner has done: an HTML
    /// component read, a video watched to 95%. Completion never goes down;
    /// problems complete when submitted.
    #[oai(
        path = "/courses/:course_key/completion",
        method = "post",
        operation_id = "report_completion"
    )]
    async fn report_completion(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
        body: Json<CompletionBatch>,
    ) -> Result<Done, ApiError> {
        let items: Vec<(String, f64)> = body
            .0
            .blocks
            .into_iter()
            .map(|b| (b.id, b.completion))
            .collect();
        state
            .courseware
            .record_completion(&auth.current().user, &course_key.0, &items)
            .await?;
        Ok(Done::NoContent)
    }

    /// A video transcript
    ///
    /// A transcript a video of the course names, as WebVTT (converted from
    /// the uploaded SRT file).
    #[oai(
        path = "/courses/:course_key/transcripts/:name",
        method = "get",
        operation_id = "get_transcript"
    )]
    async fn get_transcript(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
        name: Path<String>,
    ) -> Result<Transcript, ApiError> {
        let vtt = state
            .courseware
            .transcript(&auth.current().user, &course_key.0, &name.0)
            .await?;
        Ok(Transcript::Ok(PlainText(vtt)))
    }

    /// Progress and grades
    ///
    /// The course grade against the cutoffs, each assignment type's score
    /// after drops, every subsection with its problem scores (hidden while
    /// the subsection's `show_correctness` says so) and completion.
    #[oai(
        path = "/courses/:course_key/progress",
        method = "get",
        operation_id = "get_progress"
    )]
    async fn get_progress(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
    ) -> Result<SharedJson<CourseProgress>, ApiError> {
        Ok(SharedJson::owned(
            state
                .courseware
                .progress_json(&auth.current().user, &course_key.0)
                .await?,
        ))
    }

    /// A problem with the learner's state
    ///
    /// The render model (prompt HTML and inputs in document order, input
    /// ids ending in `_<response>_<input>`), the last answers and feedback,
    /// attempts and what the learner may do now. Answers and solutions are
    /// never in it.
    #[oai(
        path = "/courses/:course_key/blocks/:usage_key/problem",
        method = "get",
        operation_id = "get_problem"
    )]
    async fn get_problem(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
        usage_key: Path<String>,
    ) -> Result<Json<ProblemState>, ApiError> {
        Ok(Json(
            state
                .courseware
                .problem(&auth.current().user, &course_key.0, &usage_key.0)
                .await?,
        ))
    }

    /// Submit answers
    ///
    /// `{"answers": {INPUT_ID: VALUE}}` in capa's forms (a choice name such
    /// as `choice_1`, a list of them for checkboxes, the option text for a
    /// dropdown, the typed text otherwise). Graded as Open edX grades it and
    /// stored with every attempt. An answer capa cannot evaluate is a 422
    /// and uses no attempt; no attempts left (`no_attempts_left`), past due
    /// (`past_due`), too soon (`submission_wait`) or a reset needed
    /// (`reset_required`) are 409.
    #[oai(
        path = "/courses/:course_key/blocks/:usage_key/problem/submissions",
        method = "post",
        operation_id = "submit_problem"
    )]
    async fn submit_problem(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
        usage_key: Path<String>,
        body: Json<SubmitAnswers>,
    ) -> Result<Json<SubmissionResult>, ApiError> {
        let answers: BTreeMap<String, ProblemAnswer> = body.0.answers;
        Ok(Json(
            state
                .courseware
                .submit(&auth.current().user, &course_key.0, &usage_key.0, answers)
                .await?,
        ))
    }

    /// Reset a problem
    ///
    /// Clears the answers and score (attempts stay); a rerandomized problem
    /// gets a new variant.
    #[oai(
        path = "/courses/:course_key/blocks/:usage_key/problem/reset",
        method = "post",
        operation_id = "reset_problem"
    )]
    async fn reset_problem(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
        usage_key: Path<String>,
    ) -> Result<Json<ProblemState>, ApiError> {
        Ok(Json(
            state
                .courseware
                .reset(&auth.current().user, &course_key.0, &usage_key.0)
                .await?,
        ))
    }

    /// Show the answer
    ///
    /// The correct answers and the explanation, when the problem's
    /// `showanswer` policy allows (403 `answer_not_available` otherwise).
    #[oai(
        path = "/courses/:course_key/blocks/:usage_key/problem/answer",
        method = "post",
        operation_id = "show_problem_answer"
    )]
    async fn show_problem_answer(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
        usage_key: Path<String>,
    ) -> Result<Json<ProblemAnswers>, ApiError> {
        Ok(Json(
            state
                .courseware
                .show_answer(&auth.current().user, &course_key.0, &usage_key.0)
                .await?,
        ))
    }

    /// A hint
    ///
    /// The problem's demand hint number `index` (0-based; they cycle).
    #[oai(
        path = "/courses/:course_key/blocks/:usage_key/problem/hint",
        method = "post",
        operation_id = "get_problem_hint"
    )]
    async fn get_problem_hint(
        &self,
        state: Data<&AppState>,
        auth: Auth,
        course_key: Path<String>,
        usage_key: Path<String>,
        /// Which hint (default 0).
        index: Query<Option<u32>>,
    ) -> Result<Json<ProblemHint>, ApiError> {
        Ok(Json(
            state
                .courseware
                .hint(
                    &auth.current().user,
                    &course_key.0,
                    &usage_key.0,
                    index.0.unwrap_or(0),
                )
                .await?,
        ))
    }
}
