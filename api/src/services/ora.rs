//! Open response assessments as learners and course teams use them
//! (Open edX's ORA2): drafts, submissions with files, student training,
//! peer, self and staff assessment against the block's rubric, the
//! learner's workflow, grades flowing into the course grade like a
//! problem's score, cancellation, the grade-ready email and the data
//! export.
//!
//! Who may do what is decided here for every object: a learner reads only
//! their own work and the responses the peer step hands them (without the
//! author's name); course staff see and grade everything in their course.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use serde_json::{json, Value};
use shared_types::{
    CriterionFeedback, FileUploadType, Necessity, OraAssessment, OraAssessmentInput,
    OraCancellation, OraCriterionAnswer, OraCriterionGrade, OraDraft, OraFile, OraGrade,
    OraItemSummary, OraPeerAssessmentInput, OraPeerTask, OraResponse, OraSettings, OraStatus,
    OraStepState, OraSubmission, OraSubmissionDetail, OraSubmissionPage, OraSubmissionSummary,
    OraTrainingInput, OraTrainingResult, OraView, StepKind,
};

use super::courseware::{Access, CoursewareError, CoursewareService, Result};
use super::jobs::JobService;
use crate::ora::config::{self, points_possible};
use crate::ora::scoring::CriterionPoints;
use crate::ora::workflow::{self, Facts, Source, Workflow};
use crate::services::course_tree::CourseTree;
use crate::store::accounts::{AccountStore, UserRecord};
use crate::store::blobs::{BlobReader, BlobStore};
use crate::store::jobs::NewJob;
use crate::store::learner::{ProblemStateRecord, SubmissionWrite};
use crate::store::mail::{Mailer, OutgoingMail};
use crate::store::ora::{
    AssessmentKind, AssessmentRecord, CriterionScore, NewAssessment, OraError, OraStore,
    PageRequest, SubmissionRecord, SubmissionStatus,
};

/// How long the peer step keeps a response for its grader (ORA2: 8 hours).
pub const PEER_LEASE_HOURS: i64 = 8;
/// How long a staff member keeps a submission they are grading.
pub const STAFF_LEASE_HOURS: i64 = 8;
/// Longest text per prompt and longest feedback, in characters (ORA2's
/// 100 KB feedback limit).
pub const MAX_TEXT_CHARS: usize = 100_000;
/// Most files in one response (ORA2's limit), one without multiple files.
pub const MAX_FILES: usize = 20;
/// The preference that turns the grade-ready email off.
const ORA_EMAIL_KEY: &str = super::accounts::ORA_EMAIL;
/// The job that emails a learner whose grade is ready.
pub const GRADE_READY_JOB: &str = "ora_grade_ready";

/// Image types ORA2's `image` preset accepts.
const IMAGE_TYPES: &[&str] = &["gif", "jpg", "jpeg", "jfif", "pjpeg", "pjp", "png"];
/// Never accepted, whatever the course allows (ORA2's blocked list).
const BLOCKED_TYPES: &[&str] = &[
    "exe",
    "msi",
    "app",
    "dmg",
    "com",
    "pif",
    "application",
    "gadget",
    "msp",
    "scr",
    "hta",
    "cpl",
    "msc",
    "jar",
    "bat",
    "cmd",
    "vb",
    "vbs",
    "jse",
    "ws",
    "wsf",
    "wsc",
    "wsh",
    "scf",
    "lnk",
    "inf",
    "reg",
    "ps1",
    "ps1xml",
    "ps2",
    "ps2xml",
    "psc1",
    "psc2",
    "msh",
    "msh1",
    "msh2",
    "mshxml",
    "msh1xml",
    "msh2xml",
    "action",
    "apk",
    "bin",
    "command",
    "csh",
    "ins",
    "inx",
    "ipa",
    "isu",
    "job",
    "mst",
    "osx",
    "out",
    "paf",
    "prg",
    "rgs",
    "run",
    "sct",
    "shb",
    "shs",
    "u3",
    "vbe",
    "vbscript",
    "workflow",
    "htm",
    "html",
    "js",
    "svg",
    "xhtml",
    "php",
    "sh",
];

/// The learner's standing in one item, read from the store.
struct Standing {
    submission: Option<SubmissionRecord>,
    /// Assessments of the active submission, oldest first.
    received: Vec<AssessmentRecord>,
    facts: Facts,
    workflow: Workflow,
}

/// One assessment block with the asker's access.
struct Item {
    access: Access,
    index: usize,
    settings: OraSettings,
}

impl Item {
    fn id(&self) -> &str {
        &self.access.tree.nodes[self.index].id
    }

    fn course_key(&self) -> String {
        self.access.tree.key.to_string()
    }
}

pub struct OraService {
    store: Arc<dyn OraStore>,
    courseware: Arc<CoursewareService>,
    accounts: Arc<dyn AccountStore>,
    blobs: Arc<dyn BlobStore>,
    jobs: Arc<JobService>,
    mailer: Arc<dyn Mailer>,
    public_base: String,
    max_upload_bytes: u64,
}

fn invalid(field: &'static str, message: impl Into<String>) -> CoursewareError {
    CoursewareError::Invalid {
        field,
        message: message.into(),
    }
}

fn conflict(code: &'static str, message: impl Into<String>) -> CoursewareError {
    CoursewareError::Conflict {
        code,
        message: message.into(),
    }
}

impl From<OraError> for CoursewareError {
    fn from(e: OraError) -> Self {
        match e {
            OraError::NotFound(what) => CoursewareError::NotFound(format!("No such {what}.")),
            OraError::AlreadySubmitted => conflict(
                "already_submitted",
                "You have already submitted a response.",
            ),
            OraError::AlreadyAssessed => conflict(
                "already_assessed",
                "You have already assessed this response.",
            ),
            OraError::NotActive => conflict(
                "cancelled",
                "This submission was cancelled by the course team.",
            ),
            OraError::Backend(e) => CoursewareError::Internal(e),
        }
    }
}

/// Rubric points of an assessment's parts, in order.
fn points_of(a: &AssessmentRecord) -> CriterionPoints {
    a.parts
        .iter()
        .map(|p| (p.criterion.clone(), p.points))
        .collect()
}

fn to_u32(n: i64) -> u32 {
    u32::try_from(n.max(0)).unwrap_or(u32::MAX)
}

/// The extension of a file name, lowercase.
fn extension(name: &str) -> String {
    name.rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default()
}

/// The extensions the settings accept.
fn accepted_types(settings: &OraSettings) -> Vec<String> {
    match settings.file_upload_type {
        Some(FileUploadType::Image) => IMAGE_TYPES.iter().map(|s| s.to_string()).collect(),
        Some(FileUploadType::PdfAndImage) => IMAGE_TYPES
            .iter()
            .chain(&["pdf"])
            .map(|s| s.to_string())
            .collect(),
        Some(FileUploadType::Custom) => settings
            .white_listed_file_types
            .iter()
            .map(|t| t.trim_start_matches('.').to_ascii_lowercase())
            .collect(),
        None => Vec::new(),
    }
}

/// The blob folder of one uploaded file; the file in it is named
/// `{owner id}_{file name}`.
fn file_folder(file_id: &str) -> String {
    format!("ora-files/{file_id}")
}

impl OraService {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        store: Arc<dyn OraStore>,
        courseware: Arc<CoursewareService>,
        accounts: Arc<dyn AccountStore>,
        blobs: Arc<dyn BlobStore>,
        jobs: Arc<JobService>,
        mailer: Arc<dyn Mailer>,
        public_base: String,
        max_upload_bytes: u64,
    ) -> Self {
        Self {
            store,
            courseware,
            accounts,
            blobs,
            jobs,
            mailer,
            public_base,
            max_upload_bytes,
        }
    }

    /// The settings learners see: HTML prompts sanitized as course HTML is,
    /// and the training examples without the options staff chose.
    fn learner_settings(&self, item: &Item) -> OraSettings {
        let mut s = item.settings.clone();
        if s.prompts_type == "html" {
            for prompt in &mut s.prompts {
                *prompt = self.courseware.clean_html(&item.access.tree.key, prompt);
            }
        }
        for step in &mut s.steps {
            for example in &mut step.examples {
                example.options_selected.clear();
            }
        }
        s
    }

    /// The assessment `usage_key` of the course as `user` may reach it.
    async fn item(&self, user: &UserRecord, course_key: &str, usage_key: &str) -> Result<Item> {
        let access = self.courseware.access(user, course_key).await?;
        let index = access
            .tree
            .get(usage_key)
            .filter(|(i, n)| n.block_type == "openassessment" && access.can_see(*i))
            .map(|(i, _)| i)
            .ok_or_else(|| {
                CoursewareError::NotFound(format!(
                    "No open response assessment {usage_key} in this course."
                ))
            })?;
        let settings = settings_of(&access.tree, index)?;
        Ok(Item {
            access,
            index,
            settings,
        })
    }

    /// [`Self::item`] for the course team only.
    async fn staff_item(
        &self,
        user: &UserRecord,
        course_key: &str,
        usage_key: &str,
    ) -> Result<Item> {
        let item = self.item(user, course_key, usage_key).await?;
        if !item.access.is_staff {
            return Err(CoursewareError::Forbidden {
                code: "forbidden",
                message: "Only the course team may do this.".into(),
            });
        }
        Ok(item)
    }

    /// A learner's standing in an item from the store.
    async fn standing(
        &self,
        settings: &OraSettings,
        item_id: &str,
        learner_id: i64,
        now: DateTime<Utc>,
    ) -> Result<Standing> {
        let latest = self.store.latest_submission(item_id, learner_id).await?;
        let submission = latest.filter(|s| s.status == SubmissionStatus::Active);
        let received = match &submission {
            Some(s) => self.store.assessments_of(s.id).await?,
            None => Vec::new(),
        };
        let peer_given = if submission.is_some()
            && workflow::step(settings, StepKind::PeerAssessment).is_some()
        {
            self.store
                .peer_counts_by(item_id, &[learner_id])
                .await?
                .get(&learner_id)
                .copied()
                .unwrap_or(0)
        } else {
            0
        };
        Ok(standing_from(
            settings, submission, received, learner_id, peer_given, now,
        ))
    }

    /// The standings of the learners of several submissions (by
    /// submission id; active ones only), in two queries whatever their
    /// number.
    async fn standings_of(
        &self,
        settings: &OraSettings,
        item_id: &str,
        submissions: &[SubmissionRecord],
        now: DateTime<Utc>,
    ) -> Result<HashMap<i64, Standing>> {
        let active: Vec<&SubmissionRecord> = submissions
            .iter()
            .filter(|s| s.status == SubmissionStatus::Active)
            .collect();
        let ids: Vec<i64> = active.iter().map(|s| s.id).collect();
        let learners: Vec<i64> = active.iter().map(|s| s.learner_id).collect();
        let mut received: HashMap<i64, Vec<AssessmentRecord>> = HashMap::new();
        for a in self.store.assessments_of_many(&ids).await? {
            received.entry(a.submission_id).or_default().push(a);
        }
        let given = if workflow::step(settings, StepKind::PeerAssessment).is_some() {
            self.store.peer_counts_by(item_id, &learners).await?
        } else {
            HashMap::new()
        };
        Ok(active
            .into_iter()
            .map(|s| {
                let standing = standing_from(
                    settings,
                    Some(s.clone()),
                    received.remove(&s.id).unwrap_or_default(),
                    s.learner_id,
                    given.get(&s.learner_id).copied().unwrap_or(0),
                    now,
                );
                (s.id, standing)
            })
            .collect())
    }

    // -----------------------------------------------------------------
    // Learners
    // -----------------------------------------------------------------

    /// `GET .../ora/{usage_key}`: the assessment and where the learner is.
    pub async fn view(
        &self,
        user: &UserRecord,
        course_key: &str,
        usage_key: &str,
    ) -> Result<OraView> {
        let item = self.item(user, course_key, usage_key).await?;
        self.view_and_sync(&item, user.id, false).await
    }

    /// The learner's view; their stored score is brought in line with it
    /// first (`complete`: also their completion).
    async fn view_and_sync(&self, item: &Item, learner_id: i64, complete: bool) -> Result<OraView> {
        let now = item.access.now;
        let standing = self
            .standing(&item.settings, item.id(), learner_id, now)
            .await?;
        self.sync_with(
            &item.access.tree,
            item.index,
            learner_id,
            &standing,
            now,
            complete,
        )
        .await?;
        let (draft, cancellation) = if standing.submission.is_none() {
            let draft = self.store.draft(item.id(), learner_id).await?;
            let latest = self.store.latest_submission(item.id(), learner_id).await?;
            (
                draft.map(|d| OraDraft {
                    response: self.response_of(item, &d.answer),
                    saved_at: d.saved_at,
                }),
                latest.and_then(|s| {
                    Some(OraCancellation {
                        reason: s.cancel_reason.unwrap_or_default(),
                        cancelled_at: s.cancelled_at?,
                    })
                }),
            )
        } else {
            (None, None)
        };
        let own = standing
            .received
            .iter()
            .find(|a| a.kind == AssessmentKind::Own && a.scorer_id == learner_id);
        let self_assessment = own.map(|a| assessment_view(a, None));
        let grade = grade_of(&item.settings, &standing);
        let node = &item.access.tree.nodes[item.index];
        Ok(OraView {
            id: node.id.clone(),
            display_name: node.display_name.clone(),
            settings: self.learner_settings(item),
            status: standing.workflow.status,
            steps: standing.workflow.steps.clone(),
            draft,
            submission: standing.submission.as_ref().map(|s| OraSubmission {
                uuid: s.uuid.clone(),
                attempt: to_u32(s.attempt),
                submitted_at: s.submitted_at,
                response: self.response_of(item, &s.answer),
            }),
            cancellation,
            peer: standing.workflow.peer.clone(),
            training_passed: standing.facts.training_passed,
            training_examples: workflow::step(&item.settings, StepKind::StudentTraining)
                .map_or(0, |s| u32::try_from(s.examples.len()).unwrap_or(u32::MAX)),
            self_assessment,
            grade,
            weighted_possible: node.possible,
        })
    }

    /// A stored answer as a response with download links.
    fn response_of(&self, item: &Item, answer: &Value) -> OraResponse {
        let mut response: OraResponse = serde_json::from_value(answer.clone()).unwrap_or_default();
        let course_key = item.course_key();
        for f in &mut response.files {
            f.url = super::site_link(
                &self.public_base,
                &[
                    "api",
                    "v1",
                    "courses",
                    &course_key,
                    "ora",
                    item.id(),
                    "files",
                    &f.id,
                ],
            );
        }
        response
    }

    /// Checks a response against the settings and fills in each file's
    /// stored name, type and size; `submitting` also checks what is
    /// required.
    async fn checked_response(
        &self,
        item: &Item,
        learner_id: i64,
        response: OraResponse,
        submitting: bool,
    ) -> Result<Value> {
        let s = &item.settings;
        if response.text.len() > s.prompts.len().max(1) {
            return Err(invalid(
                "text",
                format!(
                    "has {} parts; there are {} prompts",
                    response.text.len(),
                    s.prompts.len()
                ),
            ));
        }
        if s.text_response == Necessity::None && response.text.iter().any(|t| !t.trim().is_empty())
        {
            return Err(invalid("text", "is not asked for in this assessment"));
        }
        if response
            .text
            .iter()
            .any(|t| t.chars().count() > MAX_TEXT_CHARS)
        {
            return Err(invalid(
                "text",
                format!("must be at most {MAX_TEXT_CHARS} characters per prompt"),
            ));
        }
        let limit = if s.allow_multiple_files { MAX_FILES } else { 1 };
        if s.file_upload_response == Necessity::None && !response.files.is_empty() {
            return Err(invalid("files", "are not asked for in this assessment"));
        }
        if response.files.len() > limit {
            return Err(invalid("files", format!("may be at most {limit}")));
        }
        let mut files = Vec::with_capacity(response.files.len());
        let mut seen = BTreeSet::new();
        for f in response.files {
            if !seen.insert(f.id.clone()) {
                return Err(invalid("files", "name the same file twice"));
            }
            let (owner, name, size) = self
                .stored_file(&f.id)
                .await?
                .ok_or_else(|| invalid("files", format!("name no uploaded file ({})", f.id)))?;
            if owner != learner_id {
                return Err(invalid(
                    "files",
                    format!("name no uploaded file ({})", f.id),
                ));
            }
            if f.description.chars().count() > 1000 {
                return Err(invalid(
                    "files",
                    "descriptions must be at most 1000 characters",
                ));
            }
            files.push(OraFile {
                content_type: file_content_type(&name),
                id: f.id,
                name,
                size,
                description: f.description,
                url: String::new(),
            });
        }
        if submitting {
            let texts: Vec<&String> = response
                .text
                .iter()
                .filter(|t| !t.trim().is_empty())
                .collect();
            if s.text_response == Necessity::Required && (texts.len() < s.prompts.len().max(1)) {
                return Err(invalid("text", "is required for every prompt"));
            }
            if s.file_upload_response == Necessity::Required && files.is_empty() {
                return Err(invalid("files", "are required: upload at least one"));
            }
            if texts.is_empty() && files.is_empty() {
                return Err(invalid("response", "is empty"));
            }
        }
        Ok(json!(OraResponse {
            text: response.text,
            files,
        }))
    }

    /// Refuses writing a response outside the submission window or with a
    /// submission in.
    async fn check_writable(&self, item: &Item, learner_id: i64) -> Result<()> {
        match workflow::window(
            item.settings.submission_start,
            item.settings.submission_due,
            item.access.now,
        ) {
            OraStepState::NotOpen => {
                return Err(conflict("not_open", "Responses are not accepted yet."))
            }
            OraStepState::Closed => {
                return Err(conflict("past_due", "The response due date has passed."))
            }
            _ => {}
        }
        let latest = self.store.latest_submission(item.id(), learner_id).await?;
        if latest.is_some_and(|s| s.status == SubmissionStatus::Active) {
            return Err(OraError::AlreadySubmitted.into());
        }
        Ok(())
    }

    /// `PUT .../draft`: saves the learner's draft.
    pub async fn save_draft(
        &self,
        user: &UserRecord,
        course_key: &str,
        usage_key: &str,
        response: OraResponse,
    ) -> Result<OraView> {
        let item = self.item(user, course_key, usage_key).await?;
        self.check_writable(&item, user.id).await?;
        let answer = self
            .checked_response(&item, user.id, response, false)
            .await?;
        self.store
            .save_draft(
                &item.course_key(),
                item.id(),
                user.id,
                &answer,
                item.access.now,
            )
            .await?;
        self.view_and_sync(&item, user.id, false).await
    }

    /// `POST .../submission`: submits the response (the draft goes).
    pub async fn submit(
        &self,
        user: &UserRecord,
        course_key: &str,
        usage_key: &str,
        response: OraResponse,
    ) -> Result<OraView> {
        let item = self.item(user, course_key, usage_key).await?;
        self.check_writable(&item, user.id).await?;
        let answer = self
            .checked_response(&item, user.id, response, true)
            .await?;
        self.store
            .submit(
                &item.course_key(),
                item.id(),
                user.id,
                &answer,
                item.access.now,
            )
            .await?;
        self.after_own_step(&item, user.id).await
    }

    /// After the learner did something: keeps their score and completion
    /// in step with the workflow and answers the new view.
    async fn after_own_step(&self, item: &Item, learner_id: i64) -> Result<OraView> {
        self.view_and_sync(item, learner_id, true).await
    }

    /// Another learner's score after someone else's action (a peer or
    /// staff grade, a cancellation).
    async fn sync_score(
        &self,
        tree: &CourseTree,
        index: usize,
        settings: &OraSettings,
        learner_id: i64,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let standing = self
            .standing(settings, &tree.nodes[index].id, learner_id, now)
            .await?;
        self.sync_with(tree, index, learner_id, &standing, now, true)
            .await
    }

    /// Writes the learner's counted score into their grades when it
    /// changed (every change is kept in the attempt history; a grade can
    /// also become ready with time, by flexible peer grading), with
    /// `complete` marks the assessment complete once the learner has
    /// nothing left to do, and queues the grade-ready email when a grade
    /// first appears.
    async fn sync_with(
        &self,
        tree: &CourseTree,
        index: usize,
        learner_id: i64,
        standing: &Standing,
        now: DateTime<Utc>,
        complete: bool,
    ) -> Result<()> {
        let node = &tree.nodes[index];
        let key = tree.key.to_string();
        let weighted = standing.workflow.score.map(|(score, _)| {
            if score.possible > 0 {
                score.earned as f64 / score.possible as f64 * node.possible
            } else {
                0.0
            }
        });
        let state = self
            .courseware
            .learner
            .problem_state(learner_id, &key, &node.id)
            .await?;
        let stored = state.as_ref().and_then(|s| s.earned);
        if stored != weighted {
            let scope = super::problems::scope_in(tree, index);
            match weighted {
                Some(earned) => {
                    let (source, uuid) = (
                        standing.workflow.score.map_or("", |(_, s)| s.as_str()),
                        standing.submission.as_ref().map_or("", |s| s.uuid.as_str()),
                    );
                    self.courseware
                        .learner
                        .record_submission(SubmissionWrite {
                            user_id: learner_id,
                            course_key: key.clone(),
                            state: ProblemStateRecord {
                                block_key: node.id.clone(),
                                answers: json!({ "submission": uuid, "source": source }),
                                feedback: json!({}),
                                earned: Some(earned),
                                possible: node.possible,
                                attempts: state.as_ref().map_or(0, |s| s.attempts) + 1,
                                seed: 1,
                                last_submitted_at: Some(now),
                                updated_at: now,
                            },
                            expected_attempts: state.as_ref().map(|s| s.attempts),
                            correctness: "graded".into(),
                            subsection: scope,
                        })
                        .await?;
                    if stored.is_none() {
                        self.queue_grade_email(&key, &node.id, learner_id).await;
                    }
                }
                None => {
                    self.courseware
                        .learner
                        .reset_problem(learner_id, &key, &node.id, 1, scope, now)
                        .await?;
                }
            }
        }
        if complete
            && matches!(
                standing.workflow.status,
                OraStatus::Waiting | OraStatus::Done
            )
        {
            self.courseware
                .learner
                .record_completions(learner_id, &key, &[(node.id.clone(), 1.0)], now)
                .await?;
        }
        Ok(())
    }

    async fn queue_grade_email(&self, course_key: &str, item_id: &str, learner_id: i64) {
        let job = NewJob {
            kind: GRADE_READY_JOB.into(),
            course_key: None,
            created_by: None,
            payload: json!({ "course_key": course_key, "item_id": item_id, "learner_id": learner_id }),
            max_attempts: 5,
        };
        if let Err(e) = self.jobs.enqueue(job).await {
            tracing::error!(error = %e, learner_id, "could not queue the grade-ready email");
        }
    }

    /// An assessment to record from a rubric form, checked against the
    /// rubric.
    fn assessment(
        settings: &OraSettings,
        submission_id: i64,
        scorer_id: i64,
        kind: AssessmentKind,
        criteria: &[OraCriterionAnswer],
        feedback: &str,
    ) -> Result<NewAssessment> {
        let (parts, earned) = Self::scored_parts(settings, criteria, feedback)?;
        Ok(NewAssessment {
            submission_id,
            scorer_id,
            kind,
            parts,
            feedback: feedback.trim().to_string(),
            points_earned: earned,
            points_possible: i64::from(points_possible(&settings.rubric)),
        })
    }

    /// Turns an assessment form into scored parts, checking it against
    /// the rubric.
    fn scored_parts(
        settings: &OraSettings,
        criteria: &[OraCriterionAnswer],
        feedback: &str,
    ) -> Result<(Vec<CriterionScore>, i64)> {
        if feedback.chars().count() > MAX_TEXT_CHARS {
            return Err(invalid(
                "feedback",
                format!("must be at most {MAX_TEXT_CHARS} characters"),
            ));
        }
        let by_name: HashMap<&str, &OraCriterionAnswer> =
            criteria.iter().map(|c| (c.criterion.as_str(), c)).collect();
        if let Some(unknown) = criteria.iter().find(|c| {
            !settings
                .rubric
                .criteria
                .iter()
                .any(|r| r.name == c.criterion)
        }) {
            return Err(invalid(
                "criteria",
                format!(
                    "name a criterion the rubric does not have ({})",
                    unknown.criterion
                ),
            ));
        }
        let mut parts = Vec::with_capacity(settings.rubric.criteria.len());
        let mut earned = 0;
        for criterion in &settings.rubric.criteria {
            let answer = by_name.get(criterion.name.as_str());
            let text = answer.map_or("", |a| a.feedback.trim());
            if text.chars().count() > MAX_TEXT_CHARS {
                return Err(invalid(
                    "criteria",
                    format!("feedback must be at most {MAX_TEXT_CHARS} characters"),
                ));
            }
            let feedback_required =
                criterion.options.is_empty() || criterion.feedback == CriterionFeedback::Required;
            if feedback_required && text.is_empty() {
                return Err(invalid(
                    "criteria",
                    format!("need feedback for \"{}\"", criterion.label),
                ));
            }
            let (option, points) = if criterion.options.is_empty() {
                (None, 0)
            } else {
                let chosen = answer.and_then(|a| a.option.as_deref()).ok_or_else(|| {
                    invalid(
                        "criteria",
                        format!("need an option for \"{}\"", criterion.label),
                    )
                })?;
                let option = criterion
                    .options
                    .iter()
                    .find(|o| o.name == chosen)
                    .ok_or_else(|| {
                        invalid(
                            "criteria",
                            format!("\"{}\" has no option {chosen}", criterion.label),
                        )
                    })?;
                (Some(option.name.clone()), i64::from(option.points))
            };
            earned += points;
            parts.push(CriterionScore {
                criterion: criterion.name.clone(),
                option,
                points,
                feedback: if criterion.feedback == CriterionFeedback::Disabled
                    && !criterion.options.is_empty()
                {
                    String::new()
                } else {
                    text.to_string()
                },
            });
        }
        Ok((parts, earned))
    }

    /// Refuses a step the learner cannot take now.
    fn require_step(standing: &Standing, kind: StepKind, label: &str) -> Result<()> {
        if standing.submission.is_none() {
            return Err(conflict("not_submitted", "Submit your response first."));
        }
        let name = workflow::step_name(kind);
        let Some(progress) = standing.workflow.steps.iter().find(|s| s.step == name) else {
            return Err(conflict(
                "no_such_step",
                format!("This assessment has no {label} step."),
            ));
        };
        match progress.state {
            OraStepState::Open => Ok(()),
            OraStepState::Done => Err(conflict(
                "step_done",
                format!("You have finished the {label} step."),
            )),
            OraStepState::NotOpen => Err(conflict(
                "not_open",
                format!("The {label} step has not opened yet."),
            )),
            OraStepState::Closed => Err(conflict(
                "past_due",
                format!("The {label} step is past its due date."),
            )),
            OraStepState::Later => Err(conflict(
                "not_yet",
                format!("Finish the earlier steps before the {label} step."),
            )),
        }
    }

    /// Refuses peer grading the learner cannot do now; once they graded
    /// as many as they must, they may grade more while the step is open.
    fn require_peer_turn(
        standing: &Standing,
        step: &shared_types::AssessmentStep,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let grading_more = standing.facts.peer_given >= step.must_grade
            && workflow::window(step.start, step.due, now) == OraStepState::Open
            && standing.submission.is_some();
        if grading_more {
            return Ok(());
        }
        Self::require_step(standing, StepKind::PeerAssessment, "peer assessment")
    }

    /// `POST .../training`: checks one training example's answer; a match
    /// is recorded, in order.
    pub async fn train(
        &self,
        user: &UserRecord,
        course_key: &str,
        usage_key: &str,
        input: OraTrainingInput,
    ) -> Result<OraTrainingResult> {
        let item = self.item(user, course_key, usage_key).await?;
        let standing = self
            .standing(&item.settings, item.id(), user.id, item.access.now)
            .await?;
        Self::require_step(&standing, StepKind::StudentTraining, "training")?;
        let step = workflow::step(&item.settings, StepKind::StudentTraining)
            .ok_or_else(|| conflict("no_such_step", "This assessment has no training step."))?;
        let passed = standing.facts.training_passed;
        if input.example != passed {
            return Err(conflict(
                "wrong_example",
                format!("Answer example {} next.", passed + 1),
            ));
        }
        let example = step
            .examples
            .get(input.example as usize)
            .ok_or_else(|| invalid("example", "names no example"))?;
        let mismatched: Vec<String> = item
            .settings
            .rubric
            .criteria
            .iter()
            .filter(|c| !c.options.is_empty())
            .filter(|c| {
                let expected = example
                    .options_selected
                    .iter()
                    .find(|s| s.criterion == c.name)
                    .map(|s| s.option.as_str());
                let given = input
                    .options_selected
                    .iter()
                    .find(|s| s.criterion == c.name)
                    .map(|s| s.option.as_str());
                expected.is_some() && expected != given
            })
            .map(|c| c.name.clone())
            .collect();
        if mismatched.is_empty() {
            let submission = standing.submission.as_ref().map_or(0, |s| s.id);
            let parts = input
                .options_selected
                .iter()
                .map(|s| CriterionScore {
                    criterion: s.criterion.clone(),
                    option: Some(s.option.clone()),
                    points: 0,
                    feedback: String::new(),
                })
                .collect();
            self.store
                .assess(
                    NewAssessment {
                        submission_id: submission,
                        scorer_id: user.id,
                        kind: AssessmentKind::Training,
                        parts,
                        feedback: training_name(input.example),
                        points_earned: 0,
                        points_possible: 0,
                    },
                    item.access.now,
                )
                .await?;
        }
        let view = self.after_own_step(&item, user.id).await?;
        Ok(OraTrainingResult {
            passed: passed + u32::from(mismatched.is_empty()),
            mismatched,
            view,
        })
    }

    /// `POST .../peer/next`: the response to assess next, kept for the
    /// learner for [`PEER_LEASE_HOURS`]; none when nothing is waiting.
    pub async fn next_peer(
        &self,
        user: &UserRecord,
        course_key: &str,
        usage_key: &str,
    ) -> Result<Option<OraPeerTask>> {
        let item = self.item(user, course_key, usage_key).await?;
        let now = item.access.now;
        let standing = self
            .standing(&item.settings, item.id(), user.id, now)
            .await?;
        let step = workflow::step(&item.settings, StepKind::PeerAssessment)
            .ok_or_else(|| conflict("no_such_step", "This assessment has no peer step."))?;
        Self::require_peer_turn(&standing, step, now)?;
        let until = now + Duration::hours(PEER_LEASE_HOURS);
        let next = self
            .store
            .next_for_peer(
                item.id(),
                user.id,
                i64::from(step.must_be_graded_by),
                now,
                until,
            )
            .await?;
        Ok(next.map(|s| OraPeerTask {
            submission: s.uuid.clone(),
            response: self.response_of(&item, &s.answer),
            locked_until: s.peer_lock.map_or(until, |(_, u)| u),
        }))
    }

    /// `POST .../peer/assessments`: the learner's assessment of the
    /// response the peer step gave them.
    pub async fn assess_peer(
        &self,
        user: &UserRecord,
        course_key: &str,
        usage_key: &str,
        input: OraPeerAssessmentInput,
    ) -> Result<OraView> {
        let item = self.item(user, course_key, usage_key).await?;
        let now = item.access.now;
        let standing = self
            .standing(&item.settings, item.id(), user.id, now)
            .await?;
        let step = workflow::step(&item.settings, StepKind::PeerAssessment)
            .ok_or_else(|| conflict("no_such_step", "This assessment has no peer step."))?;
        Self::require_peer_turn(&standing, step, now)?;
        let target = self
            .store
            .submission_by_uuid(&input.submission)
            .await?
            .filter(|s| s.item_id == item.id() && s.learner_id != user.id)
            .ok_or_else(|| invalid("submission", "names no response you were given to assess"))?;
        // Only a response the peer step handed to this learner.
        if target.peer_lock.is_none_or(|(holder, _)| holder != user.id) {
            return Err(conflict(
                "not_assigned",
                "Ask for the next response to assess first; this one is not yours to assess.",
            ));
        }
        let assessment = Self::assessment(
            &item.settings,
            target.id,
            user.id,
            AssessmentKind::Peer,
            &input.criteria,
            &input.feedback,
        )?;
        self.store.assess(assessment, now).await?;
        // The author's grade may be ready now.
        self.sync_score(
            &item.access.tree,
            item.index,
            &item.settings,
            target.learner_id,
            now,
        )
        .await?;
        self.after_own_step(&item, user.id).await
    }

    /// `POST .../self-assessment`: the learner's assessment of their own
    /// response.
    pub async fn assess_self(
        &self,
        user: &UserRecord,
        course_key: &str,
        usage_key: &str,
        input: OraAssessmentInput,
    ) -> Result<OraView> {
        let item = self.item(user, course_key, usage_key).await?;
        let standing = self
            .standing(&item.settings, item.id(), user.id, item.access.now)
            .await?;
        Self::require_step(&standing, StepKind::SelfAssessment, "self assessment")?;
        let submission = standing.submission.as_ref().map_or(0, |s| s.id);
        let assessment = Self::assessment(
            &item.settings,
            submission,
            user.id,
            AssessmentKind::Own,
            &input.criteria,
            &input.feedback,
        )?;
        self.store.assess(assessment, item.access.now).await?;
        self.after_own_step(&item, user.id).await
    }

    // -----------------------------------------------------------------
    // Files
    // -----------------------------------------------------------------

    /// `POST .../files`: stores an uploaded file for the learner's
    /// response, checking type, size and the settings.
    pub async fn upload(
        &self,
        user: &UserRecord,
        course_key: &str,
        usage_key: &str,
        file_name: &str,
        description: &str,
        bytes: &[u8],
    ) -> Result<OraFile> {
        let item = self.item(user, course_key, usage_key).await?;
        self.check_writable(&item, user.id).await?;
        if item.settings.file_upload_response == Necessity::None {
            return Err(invalid("file", "uploads are not part of this assessment"));
        }
        if bytes.is_empty() {
            return Err(invalid("file", "is empty"));
        }
        if bytes.len() as u64 > self.max_upload_bytes {
            return Err(invalid(
                "file",
                format!("is larger than {} bytes", self.max_upload_bytes),
            ));
        }
        let name = clean_file_name(file_name)?;
        let ext = extension(&name);
        let accepted = accepted_types(&item.settings);
        if BLOCKED_TYPES.contains(&ext.as_str()) || !accepted.contains(&ext) {
            return Err(invalid(
                "file",
                format!("must be one of these types: {}", accepted.join(", ")),
            ));
        }
        if matches!(ext.as_str(), "png" | "jpg" | "jpeg" | "gif" | "pdf")
            && !super::assets::bytes_match(&ext, bytes)
        {
            return Err(invalid("file", format!("does not contain a .{ext} file")));
        }
        if description.chars().count() > 1000 {
            return Err(invalid("description", "must be at most 1000 characters"));
        }
        let id = uuid::Uuid::new_v4().to_string();
        let meta = self
            .blobs
            .put(&format!("{}/{}_{name}", file_folder(&id), user.id), bytes)
            .await
            .map_err(|e| CoursewareError::Internal(anyhow::anyhow!("{e}")))?;
        let mut file = OraFile {
            content_type: file_content_type(&name),
            id,
            name,
            size: meta.size,
            description: description.to_string(),
            url: String::new(),
        };
        let response = self.response_of(
            &item,
            &json!(OraResponse {
                text: Vec::new(),
                files: vec![file.clone()],
            }),
        );
        file.url = response.files[0].url.clone();
        Ok(file)
    }

    /// An uploaded file's owner, name and size.
    async fn stored_file(&self, file_id: &str) -> Result<Option<(i64, String, u64)>> {
        if uuid::Uuid::parse_str(file_id).is_err() {
            return Ok(None);
        }
        let found = self
            .blobs
            .list(&file_folder(file_id))
            .await
            .map_err(|e| CoursewareError::Internal(anyhow::anyhow!("{e}")))?;
        Ok(found.into_iter().next().and_then(|m| {
            let rest = m.key.strip_prefix(&file_folder(file_id))?;
            let (owner, name) = rest.strip_prefix('/')?.split_once('_')?;
            Some((owner.parse().ok()?, name.to_string(), m.size))
        }))
    }

    /// `GET .../files/{id}`: a response's file, for its owner, the course
    /// team, and learners of the item who have submitted (a peer gets the
    /// file's unguessable id only with the response to assess) when the
    /// file is in an active submission of this item.
    pub async fn open_file(
        &self,
        user: &UserRecord,
        course_key: &str,
        usage_key: &str,
        file_id: &str,
    ) -> Result<(BlobReader, String, String)> {
        let item = self.item(user, course_key, usage_key).await?;
        let not_found = || CoursewareError::NotFound("No such file.".into());
        let (owner, name, _) = self.stored_file(file_id).await?.ok_or_else(not_found)?;
        if owner != user.id {
            let theirs = self.store.latest_submission(item.id(), owner).await?;
            let in_submission = theirs.is_some_and(|s| {
                s.status == SubmissionStatus::Active
                    && serde_json::from_value::<OraResponse>(s.answer)
                        .is_ok_and(|r| r.files.iter().any(|f| f.id == file_id))
            });
            let may = in_submission
                && (item.access.is_staff
                    || self
                        .store
                        .latest_submission(item.id(), user.id)
                        .await?
                        .is_some_and(|s| s.status == SubmissionStatus::Active));
            if !may {
                return Err(not_found());
            }
        }
        let reader = self
            .blobs
            .open(&format!("{}/{owner}_{name}", file_folder(file_id)))
            .await
            .map_err(|e| CoursewareError::Internal(anyhow::anyhow!("{e}")))?
            .ok_or_else(not_found)?;
        Ok((reader, file_content_type(&name), name))
    }

    // -----------------------------------------------------------------
    // Course team
    // -----------------------------------------------------------------

    /// `GET /courses/{key}/ora`: every assessment of the course with counts.
    pub async fn items(&self, user: &UserRecord, course_key: &str) -> Result<Vec<OraItemSummary>> {
        let access = self.courseware.access(user, course_key).await?;
        if !access.is_staff {
            return Err(CoursewareError::Forbidden {
                code: "forbidden",
                message: "Only the course team may do this.".into(),
            });
        }
        let tree = &access.tree;
        let mut out = Vec::new();
        for (index, node) in tree.nodes.iter().enumerate() {
            if node.block_type != "openassessment" {
                continue;
            }
            let steps = settings_of(tree, index)
                .map(|s| s.steps.iter().map(|s| s.kind).collect())
                .unwrap_or_default();
            let (submissions, ungraded) = self.store.counts(&node.id).await?;
            let mut breadcrumb = Vec::new();
            let mut at = node.parent;
            while let Some(p) = at {
                if tree.nodes[p].block_type != "course" {
                    breadcrumb.push(tree.nodes[p].display_name.clone());
                }
                at = tree.nodes[p].parent;
            }
            breadcrumb.reverse();
            out.push(OraItemSummary {
                id: node.id.clone(),
                display_name: node.display_name.clone(),
                breadcrumb,
                steps,
                submissions,
                ungraded,
            });
        }
        Ok(out)
    }

    /// `GET .../submissions`: the item's submissions with their status.
    pub async fn submissions(
        &self,
        user: &UserRecord,
        course_key: &str,
        usage_key: &str,
        page: u64,
        page_size: u64,
    ) -> Result<OraSubmissionPage> {
        let item = self.staff_item(user, course_key, usage_key).await?;
        let found = self
            .store
            .submissions(item.id(), PageRequest::new(page, page_size))
            .await?;
        let mut ids: Vec<i64> = found.items.iter().map(|s| s.learner_id).collect();
        ids.extend(
            found
                .items
                .iter()
                .filter_map(|s| s.staff_lock.map(|(h, _)| h)),
        );
        let names = self.usernames(&ids).await?;
        let standings = self
            .standings_of(&item.settings, item.id(), &found.items, item.access.now)
            .await?;
        let results = found
            .items
            .iter()
            .map(|s| Self::summary(&item, s, standings.get(&s.id), &names))
            .collect();
        Ok(OraSubmissionPage {
            count: found.total,
            num_pages: found.total.div_ceil(page_size.max(1)),
            results,
        })
    }

    async fn usernames(&self, ids: &[i64]) -> Result<HashMap<i64, String>> {
        let mut ids = ids.to_vec();
        ids.sort_unstable();
        ids.dedup();
        Ok(self
            .accounts
            .users_by_ids(&ids)
            .await?
            .into_iter()
            .map(|u| (u.id, u.username))
            .collect())
    }

    /// A submission's summary, with the owner's standing when active.
    fn summary(
        item: &Item,
        s: &SubmissionRecord,
        standing: Option<&Standing>,
        names: &HashMap<i64, String>,
    ) -> OraSubmissionSummary {
        let now = item.access.now;
        let status = match &standing {
            None => "cancelled".to_string(),
            Some(st) => status_name(st.workflow.status).to_string(),
        };
        let locked_by = s
            .staff_lock
            .filter(|(_, until)| *until > now)
            .map(|(h, _)| {
                names
                    .get(&h)
                    .cloned()
                    .unwrap_or_else(|| format!("user {h}"))
            });
        OraSubmissionSummary {
            uuid: s.uuid.clone(),
            username: names.get(&s.learner_id).cloned().unwrap_or_default(),
            attempt: to_u32(s.attempt),
            submitted_at: s.submitted_at,
            status,
            peer_received: to_u32(s.peer_count),
            staff_graded: standing.is_some_and(|st| st.facts.staff.is_some()),
            earned: standing.and_then(|st| st.workflow.score.map(|(sc, _)| to_u32(sc.earned))),
            possible: points_possible(&item.settings.rubric),
            locked_by,
        }
    }

    async fn staff_submission(&self, item: &Item, uuid: &str) -> Result<SubmissionRecord> {
        self.store
            .submission_by_uuid(uuid)
            .await?
            .filter(|s| s.item_id == item.id())
            .ok_or_else(|| CoursewareError::NotFound(format!("No submission {uuid} here.")))
    }

    /// `GET .../submissions/{uuid}`: one submission with every assessment.
    pub async fn submission_detail(
        &self,
        user: &UserRecord,
        course_key: &str,
        usage_key: &str,
        uuid: &str,
    ) -> Result<OraSubmissionDetail> {
        let item = self.staff_item(user, course_key, usage_key).await?;
        let s = self.staff_submission(&item, uuid).await?;
        self.detail(&item, s).await
    }

    async fn detail(&self, item: &Item, s: SubmissionRecord) -> Result<OraSubmissionDetail> {
        let assessments = self.store.assessments_of(s.id).await?;
        let mut ids: Vec<i64> = assessments.iter().map(|a| a.scorer_id).collect();
        ids.push(s.learner_id);
        ids.extend(s.staff_lock.map(|(h, _)| h));
        let names = self.usernames(&ids).await?;
        let standing = if s.status == SubmissionStatus::Active {
            Some(
                self.standing(&item.settings, item.id(), s.learner_id, item.access.now)
                    .await?,
            )
        } else {
            None
        };
        let summary = Self::summary(item, &s, standing.as_ref(), &names);
        let grade = standing
            .as_ref()
            .and_then(|st| grade_of(&item.settings, st));
        Ok(OraSubmissionDetail {
            summary,
            response: self.response_of(item, &s.answer),
            assessments: assessments
                .iter()
                .filter(|a| a.kind != AssessmentKind::Training)
                .map(|a| assessment_view(a, names.get(&a.scorer_id).cloned()))
                .collect(),
            grade,
            cancellation: s.cancelled_at.map(|at| OraCancellation {
                reason: s.cancel_reason.clone().unwrap_or_default(),
                cancelled_at: at,
            }),
            rubric: item.settings.rubric.clone(),
        })
    }

    /// `POST .../lock`: takes the staff grading lock.
    pub async fn lock(
        &self,
        user: &UserRecord,
        course_key: &str,
        usage_key: &str,
        uuid: &str,
    ) -> Result<OraSubmissionDetail> {
        let item = self.staff_item(user, course_key, usage_key).await?;
        let s = self.staff_submission(&item, uuid).await?;
        if s.status != SubmissionStatus::Active {
            return Err(OraError::NotActive.into());
        }
        let now = item.access.now;
        if let Some(holder) = self
            .store
            .lock_for_staff(s.id, user.id, now, now + Duration::hours(STAFF_LEASE_HOURS))
            .await?
        {
            return Err(self.locked_by(holder).await?);
        }
        let s = self.staff_submission(&item, uuid).await?;
        self.detail(&item, s).await
    }

    /// The refusal naming the staff member who holds a submission.
    async fn locked_by(&self, holder: i64) -> Result<CoursewareError> {
        let name = self
            .usernames(&[holder])
            .await?
            .remove(&holder)
            .unwrap_or_else(|| format!("user {holder}"));
        Ok(conflict(
            "locked",
            format!("{name} is grading this submission."),
        ))
    }

    /// `DELETE .../lock`: gives the lock up.
    pub async fn unlock(
        &self,
        user: &UserRecord,
        course_key: &str,
        usage_key: &str,
        uuid: &str,
    ) -> Result<()> {
        let item = self.staff_item(user, course_key, usage_key).await?;
        let s = self.staff_submission(&item, uuid).await?;
        self.store.release_staff_lock(s.id, user.id).await?;
        Ok(())
    }

    /// `POST .../staff-assessment`: grades (or overrides the grade of) a
    /// submission; another staff member's live lock refuses it.
    pub async fn assess_staff(
        &self,
        user: &UserRecord,
        course_key: &str,
        usage_key: &str,
        uuid: &str,
        input: OraAssessmentInput,
    ) -> Result<OraSubmissionDetail> {
        let item = self.staff_item(user, course_key, usage_key).await?;
        let s = self.staff_submission(&item, uuid).await?;
        let now = item.access.now;
        if let Some((holder, until)) = s.staff_lock {
            if holder != user.id && until > now {
                return Err(self.locked_by(holder).await?);
            }
        }
        let assessment = Self::assessment(
            &item.settings,
            s.id,
            user.id,
            AssessmentKind::Staff,
            &input.criteria,
            &input.feedback,
        )?;
        self.store.assess(assessment, now).await?;
        self.sync_score(
            &item.access.tree,
            item.index,
            &item.settings,
            s.learner_id,
            now,
        )
        .await?;
        let s = self.staff_submission(&item, uuid).await?;
        self.detail(&item, s).await
    }

    /// `POST .../cancel`: cancels a submission with a reason; its score
    /// leaves the learner's grades and they may submit again.
    pub async fn cancel(
        &self,
        user: &UserRecord,
        course_key: &str,
        usage_key: &str,
        uuid: &str,
        reason: &str,
    ) -> Result<OraSubmissionDetail> {
        let item = self.staff_item(user, course_key, usage_key).await?;
        let reason = reason.trim();
        if reason.is_empty() || reason.chars().count() > 1000 {
            return Err(invalid("reason", "must be 1 to 1000 characters"));
        }
        let s = self.staff_submission(&item, uuid).await?;
        if !self
            .store
            .cancel(s.id, user.id, reason, item.access.now)
            .await?
        {
            return Err(OraError::NotActive.into());
        }
        self.sync_score(
            &item.access.tree,
            item.index,
            &item.settings,
            s.learner_id,
            item.access.now,
        )
        .await?;
        let s = self.staff_submission(&item, uuid).await?;
        self.detail(&item, s).await
    }

    /// `GET .../export.csv`: every submission with its response, each
    /// assessment and the counted grade (Open edX's ORA data report).
    pub async fn export_csv(
        &self,
        user: &UserRecord,
        course_key: &str,
        usage_key: &str,
    ) -> Result<String> {
        let item = self.staff_item(user, course_key, usage_key).await?;
        let mut out = csv_row(&[
            "Submission ID",
            "Item ID",
            "Username",
            "Attempt",
            "Submitted at",
            "Status",
            "Response",
            "Files",
            "Assessments",
            "Final score",
            "Points possible",
            "Cancelled reason",
        ]);
        let mut number = 1;
        const BATCH: u64 = 200;
        loop {
            let page = self
                .store
                .submissions(item.id(), PageRequest::new(number, BATCH))
                .await?;
            let mut ids: Vec<i64> = page.items.iter().map(|s| s.learner_id).collect();
            let submission_ids: Vec<i64> = page.items.iter().map(|s| s.id).collect();
            let mut by_submission: HashMap<i64, Vec<AssessmentRecord>> = HashMap::new();
            for a in self.store.assessments_of_many(&submission_ids).await? {
                ids.push(a.scorer_id);
                by_submission.entry(a.submission_id).or_default().push(a);
            }
            let names = self.usernames(&ids).await?;
            let standings = self
                .standings_of(&item.settings, item.id(), &page.items, item.access.now)
                .await?;
            for s in &page.items {
                let assessments = by_submission.remove(&s.id).unwrap_or_default();
                let response: OraResponse =
                    serde_json::from_value(s.answer.clone()).unwrap_or_default();
                let summary = Self::summary(&item, s, standings.get(&s.id), &names);
                let assessed: Vec<String> = assessments
                    .iter()
                    .filter(|a| a.kind != AssessmentKind::Training)
                    .map(|a| {
                        let parts: Vec<String> = a
                            .parts
                            .iter()
                            .map(|p| {
                                format!(
                                    "{}: {} ({})",
                                    p.criterion,
                                    p.option.clone().unwrap_or_default(),
                                    p.points
                                )
                            })
                            .collect();
                        format!(
                            "{} by {} at {}: {}/{}; {}; feedback: {}",
                            a.kind.as_str(),
                            names.get(&a.scorer_id).cloned().unwrap_or_default(),
                            a.created_at.to_rfc3339(),
                            a.points_earned,
                            a.points_possible,
                            parts.join(", "),
                            a.feedback
                        )
                    })
                    .collect();
                out.push_str(&csv_row(&[
                    &s.uuid,
                    item.id(),
                    &summary.username,
                    &s.attempt.to_string(),
                    &s.submitted_at.to_rfc3339(),
                    &summary.status,
                    &response.text.join("\n\n"),
                    &response
                        .files
                        .iter()
                        .map(|f| f.name.clone())
                        .collect::<Vec<_>>()
                        .join("; "),
                    &assessed.join("\n"),
                    &summary.earned.map(|e| e.to_string()).unwrap_or_default(),
                    &summary.possible.to_string(),
                    s.cancel_reason.as_deref().unwrap_or(""),
                ]));
            }
            if number * BATCH >= page.total {
                break;
            }
            number += 1;
        }
        Ok(out)
    }

    /// Runs the grade-ready email job: tells the learner their grade is
    /// ready, if it still is, they are still active and they did not turn
    /// this email off.
    pub async fn send_grade_email(
        &self,
        course_key: &str,
        item_id: &str,
        learner_id: i64,
    ) -> anyhow::Result<bool> {
        let Some(user) = self.accounts.user_by_id(learner_id).await? else {
            return Ok(false);
        };
        if !user.is_active
            || super::accounts::email_off(self.accounts.as_ref(), &[learner_id], ORA_EMAIL_KEY)
                .await?
                .contains(&learner_id)
        {
            return Ok(false);
        }
        let tree = self
            .courseware
            .tree(course_key)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let Some((index, node)) = tree.get(item_id) else {
            return Ok(false);
        };
        let Ok(settings) = settings_of(&tree, index) else {
            return Ok(false);
        };
        let standing = self
            .standing(&settings, item_id, learner_id, Utc::now())
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let Some((score, _)) = standing.workflow.score else {
            return Ok(false);
        };
        let course = tree.root().display_name.clone();
        let unit = node
            .parent
            .map_or_else(|| item_id.to_string(), |p| tree.nodes[p].id.clone());
        let link = super::site_link(
            &self.public_base,
            &["learning", "course", course_key, "unit", &unit],
        );
        let title = &node.display_name;
        let text = format!(
            "Hello {},\n\nYour grade for \"{title}\" in {course} is ready: {} of {} points.\n\nSee the grade and your feedback: {link}\n",
            user.username, score.earned, score.possible
        );
        let esc = super::accounts::html_escape;
        let html = format!(
            "<p>Hello {},</p><p>Your grade for “{}” in {} is ready: <strong>{} of {} points</strong>.</p><p><a href=\"{}\">See the grade and your feedback</a></p>",
            esc(&user.username),
            esc(title),
            esc(&course),
            score.earned,
            score.possible,
            esc(&link)
        );
        self.mailer
            .send(OutgoingMail {
                to: user.email.clone(),
                subject: format!("Your grade for {title} is ready"),
                text,
                html,
            })
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        Ok(true)
    }
}

/// The name of a training example in its assessment record.
fn training_name(example: u32) -> String {
    format!("example {}", example + 1)
}

/// The block's settings, or why they cannot be used.
/// A block made in the authoring app without settings yet has ORA2's
/// template (as Studio gives a new assessment).
fn settings_of(tree: &CourseTree, index: usize) -> Result<OraSettings> {
    let node = &tree.nodes[index];
    let xml = node.data.as_deref().unwrap_or("");
    if xml.trim().is_empty() {
        return Ok(crate::ora::serialize::new_assessment(&node.display_name));
    }
    config::parse(xml).map_err(|e| {
        conflict(
            "unreadable",
            format!("This assessment's settings cannot be read: {}", e.0),
        )
    })
}

/// A standing from what the store holds.
fn standing_from(
    settings: &OraSettings,
    submission: Option<SubmissionRecord>,
    received: Vec<AssessmentRecord>,
    learner_id: i64,
    peer_given: u64,
    now: DateTime<Utc>,
) -> Standing {
    let facts = facts_of(&submission, &received, learner_id, peer_given);
    let workflow = workflow::compute(settings, &facts, now);
    Standing {
        submission,
        received,
        facts,
        workflow,
    }
}

/// The facts a workflow is computed from.
fn facts_of(
    submission: &Option<SubmissionRecord>,
    received: &[AssessmentRecord],
    learner_id: i64,
    peer_given: u64,
) -> Facts {
    let training: BTreeSet<&str> = received
        .iter()
        .filter(|a| a.kind == AssessmentKind::Training && a.scorer_id == learner_id)
        .map(|a| a.feedback.as_str())
        .collect();
    Facts {
        submitted_at: submission.as_ref().map(|s| s.submitted_at),
        training_passed: u32::try_from(training.len()).unwrap_or(u32::MAX),
        peer_given: u32::try_from(peer_given).unwrap_or(u32::MAX),
        peer_received: received
            .iter()
            .filter(|a| a.kind == AssessmentKind::Peer)
            .map(points_of)
            .collect(),
        own: received
            .iter()
            .find(|a| a.kind == AssessmentKind::Own && a.scorer_id == learner_id)
            .map(points_of),
        staff: received
            .iter()
            .rev()
            .find(|a| a.kind == AssessmentKind::Staff)
            .map(points_of),
    }
}

fn status_name(status: OraStatus) -> &'static str {
    match status {
        OraStatus::Response => "response",
        OraStatus::Training => "training",
        OraStatus::Peer => "peer",
        OraStatus::SelfAssessment => "self",
        OraStatus::Waiting => "waiting",
        OraStatus::Done => "done",
    }
}

fn assessment_view(a: &AssessmentRecord, grader: Option<String>) -> OraAssessment {
    OraAssessment {
        kind: a.kind.as_str().into(),
        grader,
        criteria: a
            .parts
            .iter()
            .map(|p| OraCriterionAnswer {
                criterion: p.criterion.clone(),
                option: p.option.clone(),
                feedback: p.feedback.clone(),
            })
            .collect(),
        feedback: a.feedback.clone(),
        points_earned: to_u32(a.points_earned),
        points_possible: to_u32(a.points_possible),
        created_at: a.created_at,
    }
}

/// The grade with where each criterion's points came from.
fn grade_of(settings: &OraSettings, standing: &Standing) -> Option<OraGrade> {
    let (score, source) = standing.workflow.score?;
    let counted: Vec<&AssessmentRecord> = match source {
        Source::Staff => standing
            .received
            .iter()
            .rev()
            .find(|a| a.kind == AssessmentKind::Staff)
            .into_iter()
            .collect(),
        Source::Peer => standing
            .received
            .iter()
            .filter(|a| a.kind == AssessmentKind::Peer)
            .take(standing.workflow.peer_used)
            .collect(),
        Source::Own => standing
            .received
            .iter()
            .find(|a| a.kind == AssessmentKind::Own)
            .into_iter()
            .collect(),
    };
    let strategy = workflow::step(settings, StepKind::PeerAssessment)
        .map(|s| s.grading_strategy)
        .unwrap_or_default();
    let per_criterion = crate::ora::scoring::combine_each(
        &counted.iter().map(|a| points_of(a)).collect::<Vec<_>>(),
        strategy,
    );
    let criteria = settings
        .rubric
        .criteria
        .iter()
        .map(|c| {
            let label_of = |option: &Option<String>| {
                option.as_ref().and_then(|o| {
                    c.options
                        .iter()
                        .find(|x| &x.name == o)
                        .map(|x| x.label.clone())
                })
            };
            let parts: Vec<&CriterionScore> = counted
                .iter()
                .filter_map(|a| a.parts.iter().find(|p| p.criterion == c.name))
                .collect();
            OraCriterionGrade {
                name: c.name.clone(),
                label: c.label.clone(),
                earned: per_criterion
                    .iter()
                    .find(|(n, _)| n == &c.name)
                    .map_or(0, |(_, p)| to_u32(*p)),
                possible: c.options.iter().map(|o| o.points).max().unwrap_or(0),
                option_label: if source == Source::Peer {
                    None
                } else {
                    parts.first().and_then(|p| label_of(&p.option))
                },
                peer_options: if source == Source::Peer {
                    parts.iter().filter_map(|p| label_of(&p.option)).collect()
                } else {
                    Vec::new()
                },
                feedback: parts
                    .iter()
                    .map(|p| p.feedback.clone())
                    .filter(|f| !f.is_empty())
                    .collect(),
            }
        })
        .collect();
    let own = standing
        .received
        .iter()
        .find(|a| a.kind == AssessmentKind::Own)
        .map(|a| assessment_view(a, None));
    Some(OraGrade {
        earned: to_u32(score.earned),
        possible: to_u32(score.possible),
        source: source.as_str().into(),
        criteria,
        feedback: counted
            .iter()
            .map(|a| a.feedback.clone())
            .filter(|f| !f.is_empty())
            .collect(),
        self_assessment: own,
    })
}

/// A safe file name (letters, digits, `.`, `_`, `-`; spaces become `_`).
fn clean_file_name(raw: &str) -> Result<String> {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or("").trim();
    let name: String = base
        .chars()
        .map(|c| if c == ' ' { '_' } else { c })
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
        .collect();
    if name.is_empty() || name.starts_with('.') || name.len() > 200 || !name.contains('.') {
        return Err(invalid(
            "file",
            "needs a name with an extension, of 1 to 200 letters, digits, `.`, `_` or `-`",
        ));
    }
    Ok(name)
}

fn file_content_type(name: &str) -> String {
    super::assets::content_type_of(name)
        .unwrap_or("application/octet-stream")
        .to_string()
}

/// One CSV line (RFC 4180 quoting); cells a spreadsheet would run as a
/// formula are prefixed with `'`.
fn csv_row(cells: &[&str]) -> String {
    let mut line = cells
        .iter()
        .map(|c| {
            let c = if c.starts_with(['=', '+', '-', '@']) {
                format!("'{c}")
            } else {
                c.to_string()
            };
            if c.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", c.replace('"', "\"\""))
            } else {
                c
            }
        })
        .collect::<Vec<_>>()
        .join(",");
    line.push_str("\r\n");
    line
}
