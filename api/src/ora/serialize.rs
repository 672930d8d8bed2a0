//! An `openassessment` block's settings written back as OLX.
//!
//! [`to_olx`] writes the element as ORA2's `serialize_content_to_xml`
//! (`openassessment/xblock/utils/xml.py`) does: the response settings as
//! attributes of `<openassessment>`, then `<title>`, `<assessments>` in step
//! order, `<prompts>` and `<rubric>`. [`super::config::parse`] reads it back
//! to the same settings for every value in the form [`normalize`] gives,
//! which is what the authoring API stores; [`normalize`] only changes what
//! OLX cannot carry (surrounding white space, which the reader trims; empty
//! labels, which it reads as the name; settings of another step kind; a
//! file type while no files are asked for, which the reader takes as
//! optional files; characters XML 1.0 cannot hold).

use std::fmt::Write as _;

use chrono::{DateTime, SecondsFormat, Utc};
use shared_types::{
    AssessmentStep, CriterionFeedback, FileUploadType, GradingStrategy, Necessity, OraSettings,
    Rubric, RubricCriterion, RubricOption, StepKind, TrainingExample,
};

use crate::olx::export::escape_attr;

/// The title ORA2 gives an assessment that has none.
pub const DEFAULT_TITLE: &str = "Open Response Assessment";

/// The attributes of `<openassessment>` that hold settings: those
/// [`super::config::parse`] reads (the legacy `allow_file_upload`
/// included). The authoring service keeps a block's fields of these names
/// equal to its OLX, since the exporter writes a block's start tag from
/// its fields.
pub const SETTING_ATTRIBUTES: &[&str] = &[
    "submission_start",
    "submission_due",
    "text_response",
    "text_response_editor",
    "file_upload_response",
    "file_upload_type",
    "allow_file_upload",
    "white_listed_file_types",
    "allow_multiple_files",
    "allow_latex",
    "show_rubric_during_response",
    "leaderboard_show",
    "prompts_type",
];

/// The settings as an `<openassessment>` element (with a `display_name`
/// attribute when given: the block's name, which ORA2's Studio editor
/// keeps equal to the title).
pub fn to_olx(settings: &OraSettings, display_name: Option<&str>) -> String {
    let s = settings;
    let mut out = String::with_capacity(4096);
    out.push_str("<openassessment");
    if let Some(name) = display_name {
        attr(&mut out, "display_name", name);
    }
    if let Some(start) = s.submission_start {
        attr(&mut out, "submission_start", &date(start));
    }
    if let Some(due) = s.submission_due {
        attr(&mut out, "submission_due", &date(due));
    }
    if s.leaderboard_show > 0 {
        attr(
            &mut out,
            "leaderboard_show",
            &s.leaderboard_show.to_string(),
        );
    }
    // Like ORA2, "not asked for" is written by leaving the attribute out.
    if let Some(text) = necessity(s.text_response) {
        attr(&mut out, "text_response", text);
    }
    attr(&mut out, "text_response_editor", &s.text_response_editor);
    if let Some(files) = necessity(s.file_upload_response) {
        attr(&mut out, "file_upload_response", files);
    }
    if let Some(kind) = s.file_upload_type {
        attr(&mut out, "file_upload_type", file_upload_type(kind));
    }
    if !s.white_listed_file_types.is_empty() {
        attr(
            &mut out,
            "white_listed_file_types",
            &s.white_listed_file_types.join(","),
        );
    }
    attr(
        &mut out,
        "allow_multiple_files",
        boolean(s.allow_multiple_files),
    );
    attr(&mut out, "allow_latex", boolean(s.allow_latex));
    attr(
        &mut out,
        "show_rubric_during_response",
        boolean(s.show_rubric_during_response),
    );
    attr(&mut out, "prompts_type", &s.prompts_type);
    out.push_str(">\n");

    element(&mut out, 1, "title", &s.title);
    if s.steps.is_empty() {
        out.push_str("  <assessments/>\n");
    } else {
        out.push_str("  <assessments>\n");
        for step in &s.steps {
            write_step(&mut out, step);
        }
        out.push_str("  </assessments>\n");
    }
    if s.prompts.is_empty() {
        out.push_str("  <prompts/>\n");
    } else {
        out.push_str("  <prompts>\n");
        for prompt in &s.prompts {
            out.push_str("    <prompt>\n");
            element(&mut out, 3, "description", prompt);
            out.push_str("    </prompt>\n");
        }
        out.push_str("  </prompts>\n");
    }
    write_rubric(&mut out, &s.rubric);
    out.push_str("</openassessment>\n");
    out
}

fn write_step(out: &mut String, step: &AssessmentStep) {
    out.push_str("    <assessment");
    attr(out, "name", step_name(step.kind));
    match step.kind {
        StepKind::PeerAssessment => {
            attr(out, "must_grade", &step.must_grade.to_string());
            attr(
                out,
                "must_be_graded_by",
                &step.must_be_graded_by.to_string(),
            );
            attr(
                out,
                "enable_flexible_grading",
                boolean(step.enable_flexible_grading),
            );
            attr(
                out,
                "grading_strategy",
                match step.grading_strategy {
                    GradingStrategy::Median => "median",
                    GradingStrategy::Mean => "mean",
                },
            );
        }
        StepKind::StaffAssessment => attr(out, "required", boolean(step.required)),
        StepKind::StudentTraining | StepKind::SelfAssessment => {}
    }
    if let Some(start) = step.start {
        attr(out, "start", &date(start));
    }
    if let Some(due) = step.due {
        attr(out, "due", &date(due));
    }
    if step.kind != StepKind::StudentTraining || step.examples.is_empty() {
        out.push_str("/>\n");
        return;
    }
    out.push_str(">\n");
    for example in &step.examples {
        out.push_str("      <example>\n");
        out.push_str("        <answer>\n");
        for part in &example.answer {
            element(out, 5, "part", part);
        }
        out.push_str("        </answer>\n");
        for selected in &example.options_selected {
            out.push_str("        <select");
            attr(out, "criterion", &selected.criterion);
            attr(out, "option", &selected.option);
            out.push_str("/>\n");
        }
        out.push_str("      </example>\n");
    }
    out.push_str("    </assessment>\n");
}

fn write_rubric(out: &mut String, rubric: &Rubric) {
    out.push_str("  <rubric>\n");
    for c in &rubric.criteria {
        out.push_str("    <criterion");
        match c.feedback {
            // ORA2 leaves the attribute out when feedback is disabled.
            CriterionFeedback::Disabled => {}
            CriterionFeedback::Optional => attr(out, "feedback", "optional"),
            CriterionFeedback::Required => attr(out, "feedback", "required"),
        }
        out.push_str(">\n");
        element(out, 3, "name", &c.name);
        element(out, 3, "label", &c.label);
        element(out, 3, "prompt", &c.prompt);
        for o in &c.options {
            out.push_str("      <option");
            attr(out, "points", &o.points.to_string());
            out.push_str(">\n");
            element(out, 4, "name", &o.name);
            element(out, 4, "label", &o.label);
            element(out, 4, "explanation", &o.explanation);
            out.push_str("      </option>\n");
        }
        out.push_str("    </criterion>\n");
    }
    if let Some(prompt) = &rubric.feedback_prompt {
        element(out, 2, "feedbackprompt", prompt);
    }
    if let Some(text) = &rubric.feedback_default_text {
        element(out, 2, "feedback_default_text", text);
    }
    out.push_str("  </rubric>\n");
}

/// ` name="value"`, escaped (white space as character references, so the
/// reader's attribute normalisation keeps it).
fn attr(out: &mut String, name: &str, value: &str) {
    let _ = write!(out, " {name}=\"{}\"", escape_attr(&xml_chars(value)));
}

/// `<name>text</name>` on its own line, indented by `depth` steps.
fn element(out: &mut String, depth: usize, name: &str, text: &str) {
    for _ in 0..depth {
        out.push_str("  ");
    }
    let _ = writeln!(out, "<{name}>{}</{name}>", escape_text(text));
}

/// Text content escaped; a carriage return as a character reference, which
/// the reader's line-end normalisation leaves alone.
fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in xml_chars(s).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
    out
}

/// Whether XML 1.0 can hold `c` at all (even as a character reference).
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
}

/// `s` without the characters XML 1.0 cannot hold.
fn xml_chars(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars().all(is_xml_char) {
        std::borrow::Cow::Borrowed(s)
    } else {
        std::borrow::Cow::Owned(s.chars().filter(|c| is_xml_char(*c)).collect())
    }
}

/// ORA2's dates: ISO 8601 in UTC, with as many fractional digits as needed.
fn date(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::AutoSi, false)
}

/// Python's `str(bool)`, as ORA2 writes booleans.
fn boolean(b: bool) -> &'static str {
    if b {
        "True"
    } else {
        "False"
    }
}

fn necessity(n: Necessity) -> Option<&'static str> {
    match n {
        Necessity::Required => Some("required"),
        Necessity::Optional => Some("optional"),
        Necessity::None => None,
    }
}

fn file_upload_type(kind: FileUploadType) -> &'static str {
    match kind {
        FileUploadType::Image => "image",
        FileUploadType::PdfAndImage => "pdf-and-image",
        FileUploadType::Custom => "custom",
    }
}

/// The name ORA2 gives a step in OLX.
pub fn step_name(kind: StepKind) -> &'static str {
    match kind {
        StepKind::StudentTraining => "student-training",
        StepKind::PeerAssessment => "peer-assessment",
        StepKind::SelfAssessment => "self-assessment",
        StepKind::StaffAssessment => "staff-assessment",
    }
}

/// Text as OLX keeps it: without the characters XML cannot hold and
/// without surrounding white space (the reader trims it).
fn text(s: &str) -> String {
    xml_chars(s).trim().to_string()
}

/// An attribute value as OLX keeps it: without the characters XML cannot
/// hold (the reader keeps white space in attributes).
fn attribute_text(s: &str) -> String {
    xml_chars(s).into_owned()
}

/// The settings in the form OLX carries them, so that
/// `parse(&to_olx(&normalize(s), _)) == normalize(s)`; settings that are
/// already in that form are returned unchanged. See the module's
/// documentation for what changes.
pub fn normalize(settings: OraSettings) -> OraSettings {
    let s = settings;
    let title = text(&s.title);
    let file_upload_type = match s.file_upload_response {
        Necessity::None => None,
        _ => s.file_upload_type,
    };
    // As the reader splits and cleans the list.
    let white_listed_file_types = s
        .white_listed_file_types
        .iter()
        .flat_map(|t| {
            xml_chars(t)
                .split(',')
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .map(|t| {
            t.trim_matches(|c: char| c.is_whitespace() || c == '.')
                .to_lowercase()
        })
        .filter(|t| !t.is_empty())
        .collect();
    let criteria = s
        .rubric
        .criteria
        .into_iter()
        .map(|c| {
            let name = text(&c.name);
            let label = text(&c.label);
            RubricCriterion {
                label: if label.is_empty() {
                    name.clone()
                } else {
                    label
                },
                name,
                prompt: text(&c.prompt),
                feedback: c.feedback,
                options: c
                    .options
                    .into_iter()
                    .map(|o| {
                        let name = text(&o.name);
                        let label = text(&o.label);
                        RubricOption {
                            label: if label.is_empty() {
                                name.clone()
                            } else {
                                label
                            },
                            name,
                            points: o.points,
                            explanation: text(&o.explanation),
                        }
                    })
                    .collect(),
            }
        })
        .collect();
    let steps = s
        .steps
        .into_iter()
        .map(|step| {
            let peer = step.kind == StepKind::PeerAssessment;
            AssessmentStep {
                kind: step.kind,
                start: step.start,
                due: step.due,
                must_grade: if peer { step.must_grade } else { 0 },
                must_be_graded_by: if peer { step.must_be_graded_by } else { 0 },
                enable_flexible_grading: peer && step.enable_flexible_grading,
                grading_strategy: if peer {
                    step.grading_strategy
                } else {
                    GradingStrategy::default()
                },
                required: step.kind == StepKind::StaffAssessment && step.required,
                examples: if step.kind == StepKind::StudentTraining {
                    step.examples.into_iter().map(normalize_example).collect()
                } else {
                    Vec::new()
                },
            }
        })
        .collect();
    OraSettings {
        title: if title.is_empty() {
            DEFAULT_TITLE.to_string()
        } else {
            title
        },
        prompts: s.prompts.iter().map(|p| text(p)).collect(),
        prompts_type: attribute_text(&s.prompts_type),
        text_response: s.text_response,
        text_response_editor: attribute_text(&s.text_response_editor),
        file_upload_response: s.file_upload_response,
        file_upload_type,
        white_listed_file_types,
        allow_multiple_files: s.allow_multiple_files,
        allow_latex: s.allow_latex,
        show_rubric_during_response: s.show_rubric_during_response,
        leaderboard_show: s.leaderboard_show,
        submission_start: s.submission_start,
        submission_due: s.submission_due,
        rubric: Rubric {
            criteria,
            feedback_prompt: s.rubric.feedback_prompt.map(|p| text(&p)),
            feedback_default_text: s.rubric.feedback_default_text.map(|t| text(&t)),
        },
        steps,
    }
}

/// A training example as OLX keeps it: an answer of no parts reads back as
/// one empty part; the chosen criterion and option are trimmed like the
/// rubric's names they refer to.
fn normalize_example(e: TrainingExample) -> TrainingExample {
    let answer: Vec<String> = e.answer.iter().map(|a| text(a)).collect();
    TrainingExample {
        answer: if answer.is_empty() {
            vec![String::new()]
        } else {
            answer
        },
        options_selected: e
            .options_selected
            .into_iter()
            .map(|sel| shared_types::SelectedOption {
                criterion: text(&sel.criterion),
                option: text(&sel.option),
            })
            .collect(),
    }
}

/// The settings of an assessment that has no OLX yet (a block just added
/// in Studio), after ORA2's template: one prompt, a rubric of two
/// criteria, peer then self assessment, text responses in the plain
/// editor.
pub fn new_assessment(title: &str) -> OraSettings {
    let option = |name: &str, label: &str, points: u32, explanation: &str| RubricOption {
        name: name.into(),
        label: label.into(),
        points,
        explanation: explanation.into(),
    };
    let step = |kind: StepKind| AssessmentStep {
        kind,
        start: None,
        due: None,
        must_grade: 0,
        must_be_graded_by: 0,
        enable_flexible_grading: false,
        grading_strategy: GradingStrategy::Median,
        required: false,
        examples: Vec::new(),
    };
    let title = text(title);
    OraSettings {
        title: if title.is_empty() {
            DEFAULT_TITLE.to_string()
        } else {
            title
        },
        prompts: vec!["Write the question learners answer here.".into()],
        prompts_type: "text".into(),
        text_response: Necessity::Required,
        text_response_editor: "text".into(),
        file_upload_response: Necessity::None,
        file_upload_type: None,
        white_listed_file_types: Vec::new(),
        allow_multiple_files: true,
        allow_latex: false,
        show_rubric_during_response: false,
        leaderboard_show: 0,
        submission_start: None,
        submission_due: None,
        rubric: Rubric {
            criteria: vec![
                RubricCriterion {
                    name: "Ideas".into(),
                    label: "Ideas".into(),
                    prompt: "Determine if there is a unifying theme or main idea.".into(),
                    feedback: CriterionFeedback::Disabled,
                    options: vec![
                        option("Poor", "Poor", 0, "Difficult for the reader to discern the main idea. Too brief or too repetitive to establish or maintain a focus."),
                        option("Fair", "Fair", 3, "Presents a unifying theme or main idea, but may include minor tangents. Stays somewhat focused on topic and task."),
                        option("Good", "Good", 5, "Presents a unifying theme or main idea without going off on tangents. Stays completely focused on topic and task."),
                    ],
                },
                RubricCriterion {
                    name: "Content".into(),
                    label: "Content".into(),
                    prompt: "Assess the content of the submission.".into(),
                    feedback: CriterionFeedback::Disabled,
                    options: vec![
                        option("Poor", "Poor", 0, "Includes little information with few or no details or unrelated details. Unsuccessful in attempts to explore any facets of the topic."),
                        option("Fair", "Fair", 1, "Includes little information and few or no details. Explores only one or two facets of the topic."),
                        option("Good", "Good", 3, "Includes sufficient information and supporting details. (Details may not be fully developed; ideas may be listed.) Explores some facets of the topic."),
                        option("Excellent", "Excellent", 5, "Includes in-depth information and exceptional supporting details that are fully developed. Explores all facets of the topic."),
                    ],
                },
            ],
            feedback_prompt: Some("(Optional) What aspects of this response stood out to you? What did it do well? How could it be improved?".into()),
            feedback_default_text: Some("I think that this response...".into()),
        },
        steps: vec![
            AssessmentStep {
                must_grade: 5,
                must_be_graded_by: 3,
                ..step(StepKind::PeerAssessment)
            },
            step(StepKind::SelfAssessment),
        ],
    }
}

#[cfg(test)]
mod tests;
