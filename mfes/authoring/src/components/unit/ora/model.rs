//! The assessment editor's form: [`OraSettings`] as people edit them
//! (numbers and dates as typed, rows with ids that survive reordering),
//! read from settings and turned back into them without a browser, so its
//! rules are tested natively. Dates go through the functions the caller
//! gives, since the browser's time zone does the arithmetic.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU32, Ordering};

use shared_types::{
    AssessmentStep, CriterionFeedback, FileUploadType, GradingStrategy, Necessity, OraSettings,
    Rubric, RubricCriterion, RubricOption, SelectedOption, StepKind, TrainingExample,
};

/// Identifies a row of the form for as long as the page lives: the key of
/// its view and the suffix of its inputs' ids.
pub type Uid = u32;

static NEXT_UID: AtomicU32 = AtomicU32::new(1);

/// A row id never used before.
pub fn fresh_uid() -> Uid {
    NEXT_UID.fetch_add(1, Ordering::Relaxed)
}

/// One prompt.
#[derive(Debug, Clone, PartialEq)]
pub struct PromptRow {
    pub uid: Uid,
    pub text: String,
}

/// One option of a criterion. `name` is kept for saved options (grades
/// refer to it) and made from the label for new ones.
#[derive(Debug, Clone, PartialEq)]
pub struct OptionRow {
    pub uid: Uid,
    pub name: Option<String>,
    pub label: String,
    pub points: String,
    pub explanation: String,
}

/// One criterion with its options; `name` as for [`OptionRow`].
#[derive(Debug, Clone, PartialEq)]
pub struct CriterionRow {
    pub uid: Uid,
    pub name: Option<String>,
    pub label: String,
    pub prompt: String,
    pub feedback: CriterionFeedback,
    pub options: Vec<OptionRow>,
}

/// A training example: the answer to each prompt (by the prompt's row) and
/// the option chosen for each criterion (by their rows).
#[derive(Debug, Clone, PartialEq)]
pub struct ExampleRow {
    pub uid: Uid,
    pub answers: BTreeMap<Uid, String>,
    pub selected: BTreeMap<Uid, Uid>,
}

/// One assessment step, on or off, with every setting it may have.
#[derive(Debug, Clone, PartialEq)]
pub struct StepRow {
    pub kind: StepKind,
    pub enabled: bool,
    pub start: String,
    pub due: String,
    pub must_grade: String,
    pub must_be_graded_by: String,
    pub flexible: bool,
    pub strategy: GradingStrategy,
    pub required: bool,
    pub examples: Vec<ExampleRow>,
}

/// Everything the editor holds besides the name and weight.
#[derive(Debug, Clone, PartialEq)]
pub struct OraForm {
    /// `text` or `html`.
    pub prompts_type: String,
    pub prompts: Vec<PromptRow>,
    pub text_response: Necessity,
    /// `text` or `tinymce`.
    pub text_response_editor: String,
    pub file_upload_response: Necessity,
    /// Kept while uploads are off, so turning them on again restores it.
    pub file_upload_type: FileUploadType,
    /// As typed: extensions separated by commas.
    pub white_listed_file_types: String,
    pub allow_multiple_files: bool,
    pub allow_latex: bool,
    pub show_rubric_during_response: bool,
    pub leaderboard_show: String,
    /// `datetime-local` values (empty for none).
    pub submission_start: String,
    pub submission_due: String,
    pub criteria: Vec<CriterionRow>,
    pub feedback_prompt: String,
    pub feedback_default_text: String,
    /// Every kind of step once, in the order learners take those that are on.
    pub steps: Vec<StepRow>,
}

/// The part of the form a problem is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Name,
    Prompts,
    Response,
    Schedule,
    Rubric,
    Steps,
    /// None in particular (shown with the form's other errors).
    Other,
}

/// Something that stops the form from being saved: where, which input (its
/// local id, see [`input_target`]) when one, and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormProblem {
    pub section: Section,
    pub target: Option<String>,
    pub message: String,
}

/// The local id of an input: `what` of the row `uid` (`prompt-3-text`); the
/// page makes it unique per block.
pub fn input_target(what: &str, uid: impl std::fmt::Display, field: &str) -> String {
    format!("{what}-{uid}-{field}")
}

/// The kinds of step, in ORA2's usual order.
pub const STEP_KINDS: [StepKind; 4] = [
    StepKind::StudentTraining,
    StepKind::PeerAssessment,
    StepKind::SelfAssessment,
    StepKind::StaffAssessment,
];

/// A step's name as course teams read it.
pub fn step_label(kind: StepKind) -> &'static str {
    match kind {
        StepKind::StudentTraining => "Learner training",
        StepKind::PeerAssessment => "Peer assessment",
        StepKind::SelfAssessment => "Self assessment",
        StepKind::StaffAssessment => "Staff assessment",
    }
}

/// A step's short id for inputs (`peer`).
pub fn step_slug(kind: StepKind) -> &'static str {
    match kind {
        StepKind::StudentTraining => "training",
        StepKind::PeerAssessment => "peer",
        StepKind::SelfAssessment => "self",
        StepKind::StaffAssessment => "staff",
    }
}

/// The value of a [`Necessity`] in a `<select>`.
pub fn necessity_value(n: Necessity) -> &'static str {
    match n {
        Necessity::Required => "required",
        Necessity::Optional => "optional",
        Necessity::None => "none",
    }
}

/// A [`Necessity`] from its `<select>` value.
pub fn necessity_from(value: &str) -> Necessity {
    match value {
        "required" => Necessity::Required,
        "optional" => Necessity::Optional,
        _ => Necessity::None,
    }
}

/// The value of a [`FileUploadType`] in a `<select>`.
pub fn upload_type_value(t: FileUploadType) -> &'static str {
    match t {
        FileUploadType::Image => "image",
        FileUploadType::PdfAndImage => "pdf-and-image",
        FileUploadType::Custom => "custom",
    }
}

/// A [`FileUploadType`] from its `<select>` value.
pub fn upload_type_from(value: &str) -> FileUploadType {
    match value {
        "pdf-and-image" => FileUploadType::PdfAndImage,
        "custom" => FileUploadType::Custom,
        _ => FileUploadType::Image,
    }
}

/// The value of a [`CriterionFeedback`] in a `<select>`.
pub fn feedback_value(f: CriterionFeedback) -> &'static str {
    match f {
        CriterionFeedback::Disabled => "disabled",
        CriterionFeedback::Optional => "optional",
        CriterionFeedback::Required => "required",
    }
}

/// A [`CriterionFeedback`] from its `<select>` value.
pub fn feedback_from(value: &str) -> CriterionFeedback {
    match value {
        "optional" => CriterionFeedback::Optional,
        "required" => CriterionFeedback::Required,
        _ => CriterionFeedback::Disabled,
    }
}

/// The value of a [`GradingStrategy`] in a `<select>`.
pub fn strategy_value(s: GradingStrategy) -> &'static str {
    match s {
        GradingStrategy::Median => "median",
        GradingStrategy::Mean => "mean",
    }
}

/// A [`GradingStrategy`] from its `<select>` value.
pub fn strategy_from(value: &str) -> GradingStrategy {
    if value == "mean" {
        GradingStrategy::Mean
    } else {
        GradingStrategy::Median
    }
}

/// A new option row.
fn blank_option(points: u32) -> OptionRow {
    OptionRow {
        uid: fresh_uid(),
        name: None,
        label: String::new(),
        points: points.to_string(),
        explanation: String::new(),
    }
}

/// A step that is off, with ORA2's defaults for when it is turned on.
fn blank_step(kind: StepKind) -> StepRow {
    let peer = kind == StepKind::PeerAssessment;
    StepRow {
        kind,
        enabled: false,
        start: String::new(),
        due: String::new(),
        must_grade: if peer { "5" } else { "0" }.into(),
        must_be_graded_by: if peer { "3" } else { "0" }.into(),
        flexible: false,
        strategy: GradingStrategy::Median,
        required: false,
        examples: Vec::new(),
    }
}

/// Moves the item at `index` one place up or down; false when it cannot go.
fn move_item<T>(items: &mut [T], index: usize, up: bool) -> bool {
    let other = if up {
        index.checked_sub(1)
    } else {
        Some(index + 1).filter(|i| *i < items.len())
    };
    match other {
        Some(other) if index < items.len() => {
            items.swap(index, other);
            true
        }
        _ => false,
    }
}

/// A name made from a label: lowercase letters and digits joined by
/// hyphens (`Clarity & focus` → `clarity-focus`), `fallback` when none.
pub fn slug(label: &str, fallback: &str) -> String {
    let mut out = String::new();
    for c in label.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    if out.is_empty() {
        fallback.to_string()
    } else {
        out.to_string()
    }
}

/// `base`, or `base-2`, `base-3`, ... whichever is not taken yet.
fn unique(base: String, taken: &[String]) -> String {
    if !taken.contains(&base) {
        return base;
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|name| !taken.contains(name))
        .unwrap_or(base)
}

/// Gives new rows names made from their labels, unique among the rows'
/// names; saved rows keep theirs. `(uid, saved name, label)` in order.
fn names_for(rows: &[(Uid, Option<&str>, &str)], fallback: &str) -> BTreeMap<Uid, String> {
    let mut taken: Vec<String> = rows
        .iter()
        .filter_map(|(_, name, _)| name.map(str::to_string))
        .collect();
    let mut out = BTreeMap::new();
    for (uid, name, label) in rows {
        let name = match name {
            Some(name) => name.to_string(),
            None => {
                let name = unique(slug(label, fallback), &taken);
                taken.push(name.clone());
                name
            }
        };
        out.insert(*uid, name);
    }
    out
}

impl OraForm {
    /// The form for `settings`; `local` turns an instant (milliseconds
    /// since the epoch) into a `datetime-local` value.
    pub fn from_settings(settings: &OraSettings, local: impl Fn(i64) -> String) -> Self {
        let s = settings;
        let date = |at: Option<i64>| at.map(&local).unwrap_or_default();
        let prompts: Vec<PromptRow> = s
            .prompts
            .iter()
            .map(|text| PromptRow {
                uid: fresh_uid(),
                text: text.clone(),
            })
            .collect();
        let criteria: Vec<CriterionRow> = s
            .rubric
            .criteria
            .iter()
            .map(|c| CriterionRow {
                uid: fresh_uid(),
                name: Some(c.name.clone()),
                label: c.label.clone(),
                prompt: c.prompt.clone(),
                feedback: c.feedback,
                options: c
                    .options
                    .iter()
                    .map(|o| OptionRow {
                        uid: fresh_uid(),
                        name: Some(o.name.clone()),
                        label: o.label.clone(),
                        points: o.points.to_string(),
                        explanation: o.explanation.clone(),
                    })
                    .collect(),
            })
            .collect();
        let example = |e: &TrainingExample| ExampleRow {
            uid: fresh_uid(),
            answers: prompts
                .iter()
                .zip(&e.answer)
                .map(|(p, a)| (p.uid, a.clone()))
                .collect(),
            selected: e
                .options_selected
                .iter()
                .filter_map(|sel| {
                    let c = criteria
                        .iter()
                        .find(|c| c.name.as_deref() == Some(&sel.criterion))?;
                    let o = c
                        .options
                        .iter()
                        .find(|o| o.name.as_deref() == Some(&sel.option))?;
                    Some((c.uid, o.uid))
                })
                .collect(),
        };
        let mut steps: Vec<StepRow> = s
            .steps
            .iter()
            .map(|st| StepRow {
                kind: st.kind,
                enabled: true,
                start: date(st.start.map(|t| t.timestamp_millis())),
                due: date(st.due.map(|t| t.timestamp_millis())),
                must_grade: st.must_grade.to_string(),
                must_be_graded_by: st.must_be_graded_by.to_string(),
                flexible: st.enable_flexible_grading,
                strategy: st.grading_strategy,
                required: st.required,
                examples: st.examples.iter().map(example).collect(),
            })
            .collect();
        for kind in STEP_KINDS {
            if !steps.iter().any(|st| st.kind == kind) {
                steps.push(blank_step(kind));
            }
        }
        OraForm {
            prompts_type: s.prompts_type.clone(),
            prompts,
            text_response: s.text_response,
            text_response_editor: s.text_response_editor.clone(),
            file_upload_response: s.file_upload_response,
            file_upload_type: s.file_upload_type.unwrap_or(FileUploadType::Image),
            white_listed_file_types: s.white_listed_file_types.join(", "),
            allow_multiple_files: s.allow_multiple_files,
            allow_latex: s.allow_latex,
            show_rubric_during_response: s.show_rubric_during_response,
            leaderboard_show: s.leaderboard_show.to_string(),
            submission_start: date(s.submission_start.map(|t| t.timestamp_millis())),
            submission_due: date(s.submission_due.map(|t| t.timestamp_millis())),
            criteria,
            feedback_prompt: s.rubric.feedback_prompt.clone().unwrap_or_default(),
            feedback_default_text: s.rubric.feedback_default_text.clone().unwrap_or_default(),
            steps,
        }
    }

    /// The settings the form holds, titled `title`; `utc` turns a
    /// `datetime-local` value into an RFC 3339 instant. Values the form
    /// cannot read (numbers, dates, labels new rows are named after) are
    /// all named, each with its input; the rules of the settings
    /// themselves are the server's.
    pub fn to_settings(
        &self,
        title: &str,
        utc: impl Fn(&str) -> Option<String>,
    ) -> Result<OraSettings, Vec<FormProblem>> {
        let mut problems = Vec::new();
        let mut problem = |section: Section, target: String, message: String| {
            problems.push(FormProblem {
                section,
                target: Some(target),
                message,
            })
        };
        let mut number =
            |section: Section, target: String, text: &str, what: &str, max: u32| match text
                .trim()
                .parse::<u32>(
            ) {
                Ok(n) if n <= max => n,
                _ => {
                    let message = if max == u32::MAX {
                        format!("Enter {what} as a whole number of 0 or more.")
                    } else {
                        format!("Enter {what} as a whole number from 0 to {max}.")
                    };
                    problem(section, target, message);
                    0
                }
            };
        let leaderboard_show = number(
            Section::Response,
            "leaderboard-show".into(),
            &self.leaderboard_show,
            "the number of top responses",
            100,
        );
        let mut criterion_points = Vec::new();
        for (i, c) in self.criteria.iter().enumerate() {
            let mut points = Vec::new();
            for (j, o) in c.options.iter().enumerate() {
                points.push(number(
                    Section::Rubric,
                    input_target("option", o.uid, "points"),
                    &o.points,
                    &format!("the points of option {} of criterion {}", j + 1, i + 1),
                    u32::MAX,
                ));
            }
            criterion_points.push(points);
        }
        let mut step_counts = BTreeMap::new();
        for st in self.steps.iter().filter(|st| st.enabled) {
            if st.kind == StepKind::PeerAssessment {
                let must_grade = number(
                    Section::Steps,
                    input_target("step", step_slug(st.kind), "must-grade"),
                    &st.must_grade,
                    "how many responses each learner grades",
                    u32::MAX,
                );
                let by = number(
                    Section::Steps,
                    input_target("step", step_slug(st.kind), "must-be-graded-by"),
                    &st.must_be_graded_by,
                    "how many grades each response needs",
                    u32::MAX,
                );
                step_counts.insert(st.kind as u8, (must_grade, by));
            }
        }

        let mut instant = |section: Section, target: String, value: &str| {
            if value.trim().is_empty() {
                return None;
            }
            match utc(value).and_then(|text| text.parse().ok()) {
                Some(at) => Some(at),
                None => {
                    problem(
                        section,
                        target,
                        "Enter a complete date and time, or clear the field.".into(),
                    );
                    None
                }
            }
        };
        let submission_start = instant(
            Section::Schedule,
            "submission-start".into(),
            &self.submission_start,
        );
        let submission_due = instant(
            Section::Schedule,
            "submission-due".into(),
            &self.submission_due,
        );
        let mut step_dates = BTreeMap::new();
        for st in self.steps.iter().filter(|st| st.enabled) {
            let slug = step_slug(st.kind);
            let start = instant(
                Section::Steps,
                input_target("step", slug, "start"),
                &st.start,
            );
            let due = instant(Section::Steps, input_target("step", slug, "due"), &st.due);
            step_dates.insert(st.kind as u8, (start, due));
        }

        // New rows are named after their labels, so they need one.
        for (i, c) in self.criteria.iter().enumerate() {
            if c.name.is_none() && c.label.trim().is_empty() {
                problem(
                    Section::Rubric,
                    input_target("criterion", c.uid, "label"),
                    format!("Give criterion {} a label.", i + 1),
                );
            }
            for (j, o) in c.options.iter().enumerate() {
                if o.name.is_none() && o.label.trim().is_empty() {
                    problem(
                        Section::Rubric,
                        input_target("option", o.uid, "label"),
                        format!("Give option {} of criterion {} a label.", j + 1, i + 1),
                    );
                }
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }

        let criterion_names = names_for(
            &self
                .criteria
                .iter()
                .map(|c| (c.uid, c.name.as_deref(), c.label.as_str()))
                .collect::<Vec<_>>(),
            "criterion",
        );
        let mut option_names = BTreeMap::new();
        for c in &self.criteria {
            option_names.extend(names_for(
                &c.options
                    .iter()
                    .map(|o| (o.uid, o.name.as_deref(), o.label.as_str()))
                    .collect::<Vec<_>>(),
                "option",
            ));
        }
        let criteria = self
            .criteria
            .iter()
            .zip(&criterion_points)
            .map(|(c, points)| RubricCriterion {
                name: criterion_names[&c.uid].clone(),
                label: c.label.trim().to_string(),
                prompt: c.prompt.clone(),
                feedback: c.feedback,
                options: c
                    .options
                    .iter()
                    .zip(points)
                    .map(|(o, points)| RubricOption {
                        name: option_names[&o.uid].clone(),
                        label: o.label.trim().to_string(),
                        points: *points,
                        explanation: o.explanation.clone(),
                    })
                    .collect(),
            })
            .collect();
        let steps = self
            .steps
            .iter()
            .filter(|st| st.enabled)
            .map(|st| {
                let (start, due) = step_dates
                    .get(&(st.kind as u8))
                    .cloned()
                    .unwrap_or_default();
                let (must_grade, must_be_graded_by) = step_counts
                    .get(&(st.kind as u8))
                    .copied()
                    .unwrap_or_default();
                let peer = st.kind == StepKind::PeerAssessment;
                AssessmentStep {
                    kind: st.kind,
                    start,
                    due,
                    must_grade,
                    must_be_graded_by,
                    enable_flexible_grading: peer && st.flexible,
                    grading_strategy: if peer {
                        st.strategy
                    } else {
                        GradingStrategy::Median
                    },
                    required: st.kind == StepKind::StaffAssessment && st.required,
                    examples: if st.kind == StepKind::StudentTraining {
                        st.examples
                            .iter()
                            .map(|e| self.example(e, &criterion_names, &option_names))
                            .collect()
                    } else {
                        Vec::new()
                    },
                }
            })
            .collect();
        let optional = |text: &str| (!text.trim().is_empty()).then(|| text.to_string());
        Ok(OraSettings {
            title: title.trim().to_string(),
            prompts: self.prompts.iter().map(|p| p.text.clone()).collect(),
            prompts_type: self.prompts_type.clone(),
            text_response: self.text_response,
            text_response_editor: self.text_response_editor.clone(),
            file_upload_response: self.file_upload_response,
            file_upload_type: (self.file_upload_response != Necessity::None)
                .then_some(self.file_upload_type),
            white_listed_file_types: self
                .white_listed_file_types
                .split(',')
                .map(|t| t.trim().trim_start_matches('.').to_lowercase())
                .filter(|t| !t.is_empty())
                .collect(),
            allow_multiple_files: self.allow_multiple_files,
            allow_latex: self.allow_latex,
            show_rubric_during_response: self.show_rubric_during_response,
            leaderboard_show,
            submission_start,
            submission_due,
            rubric: Rubric {
                criteria,
                feedback_prompt: optional(&self.feedback_prompt),
                feedback_default_text: optional(&self.feedback_default_text),
            },
            steps,
        })
    }

    /// A training example as settings: an answer per prompt, in the
    /// prompts' order, and the chosen options by name.
    fn example(
        &self,
        e: &ExampleRow,
        criterion_names: &BTreeMap<Uid, String>,
        option_names: &BTreeMap<Uid, String>,
    ) -> TrainingExample {
        TrainingExample {
            answer: self
                .prompts
                .iter()
                .map(|p| e.answers.get(&p.uid).cloned().unwrap_or_default())
                .collect(),
            options_selected: self
                .criteria
                .iter()
                .filter_map(|c| {
                    let option = e.selected.get(&c.uid)?;
                    Some(SelectedOption {
                        criterion: criterion_names.get(&c.uid)?.clone(),
                        option: option_names.get(option)?.clone(),
                    })
                })
                .collect(),
        }
    }

    // ---- rows, found by their uid ----

    pub fn prompt(&self, uid: Uid) -> Option<&PromptRow> {
        self.prompts.iter().find(|p| p.uid == uid)
    }

    pub fn prompt_mut(&mut self, uid: Uid) -> Option<&mut PromptRow> {
        self.prompts.iter_mut().find(|p| p.uid == uid)
    }

    pub fn criterion(&self, uid: Uid) -> Option<&CriterionRow> {
        self.criteria.iter().find(|c| c.uid == uid)
    }

    pub fn criterion_mut(&mut self, uid: Uid) -> Option<&mut CriterionRow> {
        self.criteria.iter_mut().find(|c| c.uid == uid)
    }

    /// An option wherever it is.
    pub fn option(&self, uid: Uid) -> Option<&OptionRow> {
        self.criteria
            .iter()
            .flat_map(|c| &c.options)
            .find(|o| o.uid == uid)
    }

    pub fn option_mut(&mut self, uid: Uid) -> Option<&mut OptionRow> {
        self.criteria
            .iter_mut()
            .flat_map(|c| &mut c.options)
            .find(|o| o.uid == uid)
    }

    pub fn step(&self, kind: StepKind) -> Option<&StepRow> {
        self.steps.iter().find(|st| st.kind == kind)
    }

    pub fn step_mut(&mut self, kind: StepKind) -> Option<&mut StepRow> {
        self.steps.iter_mut().find(|st| st.kind == kind)
    }

    /// A training example.
    pub fn example_row(&self, uid: Uid) -> Option<&ExampleRow> {
        self.steps
            .iter()
            .flat_map(|st| &st.examples)
            .find(|e| e.uid == uid)
    }

    pub fn example_mut(&mut self, uid: Uid) -> Option<&mut ExampleRow> {
        self.steps
            .iter_mut()
            .flat_map(|st| &mut st.examples)
            .find(|e| e.uid == uid)
    }

    /// The 0-based place of a row among its siblings and their number.
    pub fn prompt_place(&self, uid: Uid) -> (usize, usize) {
        place(self.prompts.iter().map(|p| p.uid), uid)
    }

    pub fn criterion_place(&self, uid: Uid) -> (usize, usize) {
        place(self.criteria.iter().map(|c| c.uid), uid)
    }

    /// An option's place in its criterion, with the criterion's place.
    pub fn option_place(&self, uid: Uid) -> (usize, usize, usize) {
        for (ci, c) in self.criteria.iter().enumerate() {
            if let Some(oi) = c.options.iter().position(|o| o.uid == uid) {
                return (ci, oi, c.options.len());
            }
        }
        (0, 0, 0)
    }

    pub fn step_place(&self, kind: StepKind) -> (usize, usize) {
        let index = self.steps.iter().position(|st| st.kind == kind);
        (index.unwrap_or(0), self.steps.len())
    }

    pub fn example_place(&self, uid: Uid) -> (usize, usize) {
        self.steps
            .iter()
            .find(|st| st.examples.iter().any(|e| e.uid == uid))
            .map_or((0, 0), |st| place(st.examples.iter().map(|e| e.uid), uid))
    }

    // ---- edits ----

    /// Adds an empty prompt at the end; answers its uid.
    pub fn add_prompt(&mut self) -> Uid {
        let uid = fresh_uid();
        self.prompts.push(PromptRow {
            uid,
            text: String::new(),
        });
        uid
    }

    /// Removes a prompt and the training answers to it.
    pub fn remove_prompt(&mut self, uid: Uid) {
        self.prompts.retain(|p| p.uid != uid);
        for st in &mut self.steps {
            for e in &mut st.examples {
                e.answers.remove(&uid);
            }
        }
    }

    pub fn move_prompt(&mut self, uid: Uid, up: bool) -> bool {
        let (index, _) = self.prompt_place(uid);
        move_item(&mut self.prompts, index, up)
    }

    /// Adds a criterion with two empty options (0 and 1 point) at the end;
    /// answers its uid.
    pub fn add_criterion(&mut self) -> Uid {
        let uid = fresh_uid();
        self.criteria.push(CriterionRow {
            uid,
            name: None,
            label: String::new(),
            prompt: String::new(),
            feedback: CriterionFeedback::Disabled,
            options: vec![blank_option(0), blank_option(1)],
        });
        uid
    }

    /// Removes a criterion and the training choices for it.
    pub fn remove_criterion(&mut self, uid: Uid) {
        self.criteria.retain(|c| c.uid != uid);
        for st in &mut self.steps {
            for e in &mut st.examples {
                e.selected.remove(&uid);
            }
        }
    }

    pub fn move_criterion(&mut self, uid: Uid, up: bool) -> bool {
        let (index, _) = self.criterion_place(uid);
        move_item(&mut self.criteria, index, up)
    }

    /// Adds an option worth one point more than the best so far to a
    /// criterion; answers its uid.
    pub fn add_option(&mut self, criterion: Uid) -> Option<Uid> {
        let c = self.criterion_mut(criterion)?;
        let best = c
            .options
            .iter()
            .filter_map(|o| o.points.trim().parse::<u32>().ok())
            .max();
        let option = blank_option(best.map_or(0, |b| b.saturating_add(1)));
        let uid = option.uid;
        c.options.push(option);
        Some(uid)
    }

    /// Removes an option and the training choices of it.
    pub fn remove_option(&mut self, uid: Uid) {
        for c in &mut self.criteria {
            c.options.retain(|o| o.uid != uid);
        }
        for st in &mut self.steps {
            for e in &mut st.examples {
                e.selected.retain(|_, o| *o != uid);
            }
        }
    }

    pub fn move_option(&mut self, uid: Uid, up: bool) -> bool {
        let (ci, oi, _) = self.option_place(uid);
        match self.criteria.get_mut(ci) {
            Some(c) if c.options.iter().any(|o| o.uid == uid) => move_item(&mut c.options, oi, up),
            _ => false,
        }
    }

    pub fn move_step(&mut self, kind: StepKind, up: bool) -> bool {
        let (index, _) = self.step_place(kind);
        move_item(&mut self.steps, index, up)
    }

    /// Turns a step on or off. A step turned on goes where ORA2 wants it
    /// (training just before peer assessment, staff assessment last);
    /// training gets a first example.
    pub fn set_step_enabled(&mut self, kind: StepKind, enabled: bool) {
        let Some(index) = self.steps.iter().position(|st| st.kind == kind) else {
            return;
        };
        let mut step = self.steps.remove(index);
        step.enabled = enabled;
        if enabled && kind == StepKind::StudentTraining && step.examples.is_empty() {
            step.examples.push(ExampleRow {
                uid: fresh_uid(),
                answers: BTreeMap::new(),
                selected: BTreeMap::new(),
            });
        }
        let at = match kind {
            _ if !enabled => index,
            StepKind::StudentTraining => self
                .steps
                .iter()
                .position(|st| st.kind == StepKind::PeerAssessment)
                .filter(|peer| *peer < index)
                .unwrap_or(index),
            StepKind::StaffAssessment => self
                .steps
                .iter()
                .rposition(|st| st.enabled)
                .map_or(index, |last| (last + 1).max(index)),
            _ => index,
        };
        self.steps.insert(at.min(self.steps.len()), step);
    }

    /// Adds an empty training example; answers its uid.
    pub fn add_example(&mut self) -> Option<Uid> {
        let st = self.step_mut(StepKind::StudentTraining)?;
        let uid = fresh_uid();
        st.examples.push(ExampleRow {
            uid,
            answers: BTreeMap::new(),
            selected: BTreeMap::new(),
        });
        Some(uid)
    }

    pub fn move_example(&mut self, uid: Uid, up: bool) -> bool {
        let (index, _) = self.example_place(uid);
        self.steps
            .iter_mut()
            .find(|st| st.examples.iter().any(|e| e.uid == uid))
            .is_some_and(|st| move_item(&mut st.examples, index, up))
    }

    pub fn remove_example(&mut self, uid: Uid) {
        for st in &mut self.steps {
            st.examples.retain(|e| e.uid != uid);
        }
    }
}

/// The place of `uid` among `uids` and their number.
fn place(uids: impl Iterator<Item = Uid>, uid: Uid) -> (usize, usize) {
    let uids: Vec<Uid> = uids.collect();
    (uids.iter().position(|u| *u == uid).unwrap_or(0), uids.len())
}

/// The problems of a 422 answer to saving the settings: one line per
/// problem (`Label: message.`), each put in the section its field belongs
/// to.
pub fn server_problems(detail: &str) -> Vec<FormProblem> {
    detail
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(|line| {
            let label = line.split_once(':').map_or("", |(label, _)| label);
            let section = match label {
                "Title" | "Display name" => Section::Name,
                "Prompts" | "Prompts type" => Section::Prompts,
                "Text response"
                | "Text response editor"
                | "File upload response"
                | "File upload type"
                | "White listed file types"
                | "Leaderboard show" => Section::Response,
                "Submission start" | "Submission due" => Section::Schedule,
                "Rubric" => Section::Rubric,
                "Steps" => Section::Steps,
                _ => Section::Other,
            };
            FormProblem {
                section,
                target: None,
                message: line.to_string(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Dates as the tests write them: the `datetime-local` value is UTC.
    fn utc(value: &str) -> Option<String> {
        (value.len() == 16).then(|| format!("{value}:00Z"))
    }

    fn local(millis: i64) -> String {
        // 2030-01-01T00:00 UTC is 1_893_456_000_000 ms.
        let minutes = (millis - 1_893_456_000_000) / 60_000;
        format!("2030-01-01T{:02}:{:02}", minutes / 60, minutes % 60)
    }

    fn settings() -> OraSettings {
        let option = |name: &str, points| RubricOption {
            name: name.into(),
            label: name.to_uppercase(),
            points,
            explanation: format!("{name} explained"),
        };
        OraSettings {
            title: "Essay".into(),
            prompts: vec!["First?".into(), "Second?".into()],
            prompts_type: "text".into(),
            text_response: Necessity::Required,
            text_response_editor: "text".into(),
            file_upload_response: Necessity::Optional,
            file_upload_type: Some(FileUploadType::Custom),
            white_listed_file_types: vec!["pdf".into(), "txt".into()],
            allow_multiple_files: true,
            allow_latex: false,
            show_rubric_during_response: true,
            leaderboard_show: 3,
            submission_start: "2030-01-01T01:00:00Z".parse().ok(),
            submission_due: None,
            rubric: Rubric {
                criteria: vec![RubricCriterion {
                    name: "ideas".into(),
                    label: "Ideas".into(),
                    prompt: "Any?".into(),
                    feedback: CriterionFeedback::Optional,
                    options: vec![option("none", 0), option("many", 3)],
                }],
                feedback_prompt: Some("Overall?".into()),
                feedback_default_text: None,
            },
            steps: vec![
                AssessmentStep {
                    kind: StepKind::StudentTraining,
                    start: None,
                    due: None,
                    must_grade: 0,
                    must_be_graded_by: 0,
                    enable_flexible_grading: false,
                    grading_strategy: GradingStrategy::Median,
                    required: false,
                    examples: vec![TrainingExample {
                        answer: vec!["a1".into(), "a2".into()],
                        options_selected: vec![SelectedOption {
                            criterion: "ideas".into(),
                            option: "many".into(),
                        }],
                    }],
                },
                AssessmentStep {
                    kind: StepKind::PeerAssessment,
                    start: None,
                    due: "2030-01-01T05:30:00Z".parse().ok(),
                    must_grade: 4,
                    must_be_graded_by: 2,
                    enable_flexible_grading: true,
                    grading_strategy: GradingStrategy::Mean,
                    required: false,
                    examples: Vec::new(),
                },
            ],
        }
    }

    #[test]
    fn settings_read_into_the_form_come_back_unchanged() {
        let s = settings();
        let form = OraForm::from_settings(&s, local);
        assert_eq!(form.submission_start, "2030-01-01T01:00");
        assert_eq!(form.white_listed_file_types, "pdf, txt");
        // Every kind of step is listed; those that are off come last.
        let kinds: Vec<(StepKind, bool)> =
            form.steps.iter().map(|st| (st.kind, st.enabled)).collect();
        assert_eq!(
            kinds,
            [
                (StepKind::StudentTraining, true),
                (StepKind::PeerAssessment, true),
                (StepKind::SelfAssessment, false),
                (StepKind::StaffAssessment, false),
            ]
        );
        assert_eq!(form.to_settings("Essay", utc), Ok(s));
    }

    #[test]
    fn new_rows_are_named_after_their_labels_and_saved_rows_keep_their_names() {
        let mut form = OraForm::from_settings(&settings(), local);
        let first = form.add_criterion();
        let second = form.add_criterion();
        for uid in [first, second] {
            let c = form.criterion_mut(uid).unwrap();
            c.label = "Clarity & focus!".into();
            for (o, label) in c.options.iter_mut().zip(["Weak", "Weak"]) {
                o.label = label.into();
            }
        }
        form.criterion_mut(form.criteria[0].uid).unwrap().label = "Renamed".into();
        let s = form.to_settings("Essay", utc).unwrap();
        let names: Vec<&str> = s.rubric.criteria.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["ideas", "clarity-focus", "clarity-focus-2"]);
        let options: Vec<(&str, u32)> = s.rubric.criteria[1]
            .options
            .iter()
            .map(|o| (o.name.as_str(), o.points))
            .collect();
        assert_eq!(options, [("weak", 0), ("weak-2", 1)]);
        assert_eq!(slug("  ", "criterion"), "criterion");
        assert_eq!(slug("Éclat 2", "x"), "éclat-2");
    }

    #[test]
    fn what_cannot_be_read_is_named_with_its_input() {
        let mut form = OraForm::from_settings(&settings(), local);
        form.leaderboard_show = "101".into();
        let option = form.criteria[0].options[1].uid;
        form.option_mut(option).unwrap().points = "-1".into();
        form.step_mut(StepKind::PeerAssessment).unwrap().must_grade = "two".into();
        form.submission_due = "2030-01".into();
        let new = form.add_criterion();
        let problems = form.to_settings("Essay", utc).unwrap_err();
        let targets: Vec<(Section, &str)> = problems
            .iter()
            .map(|p| (p.section, p.target.as_deref().unwrap()))
            .collect();
        assert!(targets.contains(&(Section::Response, "leaderboard-show")));
        assert!(targets.contains(&(
            Section::Rubric,
            input_target("option", option, "points").as_str()
        )));
        assert!(targets.contains(&(Section::Steps, "step-peer-must-grade")));
        assert!(targets.contains(&(Section::Schedule, "submission-due")));
        assert!(targets.contains(&(
            Section::Rubric,
            input_target("criterion", new, "label").as_str()
        )));
    }

    #[test]
    fn rows_move_and_removing_one_forgets_what_referred_to_it() {
        let mut form = OraForm::from_settings(&settings(), local);
        let first = form.prompts[0].uid;
        assert!(!form.move_prompt(first, true));
        assert!(form.move_prompt(first, false));
        assert_eq!(form.prompt_place(first), (1, 2));
        // The training answers follow their prompts.
        let s = form.to_settings("Essay", utc).unwrap();
        assert_eq!(s.prompts, ["Second?", "First?"]);
        assert_eq!(s.steps[0].examples[0].answer, ["a2", "a1"]);

        let many = form.criteria[0].options[1].uid;
        form.remove_option(many);
        let s = form.to_settings("Essay", utc).unwrap();
        assert!(s.steps[0].examples[0].options_selected.is_empty());

        // Turned on, training goes before peer and staff after the rest.
        let mut fresh = OraForm::from_settings(
            &OraSettings {
                steps: settings().steps[1..].to_vec(),
                ..settings()
            },
            local,
        );
        fresh.set_step_enabled(StepKind::StaffAssessment, true);
        fresh.set_step_enabled(StepKind::SelfAssessment, true);
        fresh.set_step_enabled(StepKind::StudentTraining, true);
        let kinds: Vec<StepKind> = fresh.steps.iter().map(|st| st.kind).collect();
        assert_eq!(
            kinds,
            [
                StepKind::StudentTraining,
                StepKind::PeerAssessment,
                StepKind::SelfAssessment,
                StepKind::StaffAssessment
            ]
        );
        assert_eq!(fresh.steps[0].examples.len(), 1);

        assert!(form.move_step(StepKind::SelfAssessment, true));
        form.set_step_enabled(StepKind::SelfAssessment, true);
        form.set_step_enabled(StepKind::StudentTraining, false);
        let s = form.to_settings("Essay", utc).unwrap();
        let kinds: Vec<StepKind> = s.steps.iter().map(|st| st.kind).collect();
        assert_eq!(kinds, [StepKind::SelfAssessment, StepKind::PeerAssessment]);

        // Uploads turned off send no file type, and keep it for later.
        form.file_upload_response = Necessity::None;
        let s = form.to_settings("Essay", utc).unwrap();
        assert_eq!(s.file_upload_type, None);
        assert_eq!(form.file_upload_type, FileUploadType::Custom);
    }

    #[test]
    fn the_servers_problems_land_in_their_sections() {
        let problems = server_problems(
            "Steps: must include a peer, self or staff assessment.\n\
             White listed file types: list the allowed file extensions.\n\
             Something else: odd.",
        );
        let sections: Vec<Section> = problems.iter().map(|p| p.section).collect();
        assert_eq!(
            sections,
            [Section::Steps, Section::Response, Section::Other]
        );
        assert_eq!(
            problems[0].message,
            "Steps: must include a peer, self or staff assessment."
        );
    }
}
