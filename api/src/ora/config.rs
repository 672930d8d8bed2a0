//! An `openassessment` block's OLX read into [`OraSettings`], as ORA2's
//! `parse_from_xml` reads it (legacy forms included), and the settings
//! checked as ORA2's validators check them.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use roxmltree::{Document, Node};
use shared_types::{
    AssessmentStep, CriterionFeedback, FileUploadType, GradingStrategy, Necessity, OraSettings,
    Rubric, RubricCriterion, RubricOption, SelectedOption, StepKind, TrainingExample,
};

/// Why an `openassessment` element could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ConfigError(pub String);

fn err(message: impl Into<String>) -> ConfigError {
    ConfigError(message.into())
}

/// ORA2's booleans: `True` or `true`; anything else is false.
fn boolean(node: Node, name: &str) -> Option<bool> {
    node.attribute(name).map(|v| v == "True" || v == "true")
}

/// ORA2's dates: empty is none; otherwise a date and time read as UTC.
fn date(node: Node, name: &str) -> Result<Option<DateTime<Utc>>, ConfigError> {
    let Some(text) = node.attribute(name) else {
        return Ok(None);
    };
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    parse_date(text)
        .map(Some)
        .ok_or_else(|| err(format!("{name}: \"{text}\" is not a date")))
}

fn parse_date(text: &str) -> Option<DateTime<Utc>> {
    if let Ok(d) = DateTime::parse_from_rfc3339(text) {
        return Some(d.with_timezone(&Utc));
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
    ] {
        if let Ok(d) = NaiveDateTime::parse_from_str(text, format) {
            return Some(d.and_utc());
        }
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|d| d.and_utc())
}

fn necessity(node: Node, name: &str) -> Result<Option<Necessity>, ConfigError> {
    match node.attribute(name) {
        None => Ok(None),
        Some("required") => Ok(Some(Necessity::Required)),
        Some("optional") => Ok(Some(Necessity::Optional)),
        Some("") | Some("None") => Ok(Some(Necessity::None)),
        Some(other) => Err(err(format!(
            "{name} must be required, optional or empty, not \"{other}\""
        ))),
    }
}

fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children().find(|c| c.has_tag_name(name))
}

fn children<'a, 'i>(node: Node<'a, 'i>, name: &'a str) -> impl Iterator<Item = Node<'a, 'i>> + 'a {
    node.children().filter(move |c| c.has_tag_name(name))
}

/// The text of a child element (all of its text, trimmed as ORA2 does not:
/// surrounding white space from pretty-printing carries no meaning).
fn text_of(node: Node, name: &str) -> Option<String> {
    child(node, name).map(all_text)
}

/// All the text inside an element, trimmed.
fn all_text(node: Node) -> String {
    node.descendants()
        .filter(|d| d.is_text())
        .filter_map(|d| d.text())
        .collect::<String>()
        .trim()
        .to_string()
}

/// Reads the settings from an `openassessment` element's XML.
pub fn parse(xml: &str) -> Result<OraSettings, ConfigError> {
    let doc = Document::parse(xml).map_err(|e| err(format!("not well-formed XML: {e}")))?;
    let root = doc.root_element();
    if !root.has_tag_name("openassessment") {
        return Err(err("the root element must be <openassessment>"));
    }
    let text_raw = necessity(root, "text_response")?;
    let file_raw = necessity(root, "file_upload_response")?;
    let allow_file_upload = boolean(root, "allow_file_upload").unwrap_or(false);
    let file_upload_type = match root.attribute("file_upload_type") {
        Some("image") => Some(FileUploadType::Image),
        Some("pdf-and-image") => Some(FileUploadType::PdfAndImage),
        Some("custom") => Some(FileUploadType::Custom),
        Some("") | None => allow_file_upload.then_some(FileUploadType::Image),
        Some(other) => {
            return Err(err(format!(
                "file_upload_type must be image, pdf-and-image or custom, not \"{other}\""
            )))
        }
    };
    // ORA2's legacy rules: a file type without a file response makes
    // files optional; with neither text nor files asked, text is required.
    let file_upload_response = match file_raw {
        Some(n) if n != Necessity::None => n,
        _ if file_upload_type.is_some() => Necessity::Optional,
        _ => Necessity::None,
    };
    let text_response = match text_raw {
        Some(n) if n != Necessity::None => n,
        _ if file_upload_response == Necessity::None => Necessity::Required,
        _ => Necessity::None,
    };
    let white_listed_file_types = root
        .attribute("white_listed_file_types")
        .filter(|v| !v.trim().is_empty())
        .map(|v| {
            v.split(',')
                .map(|t| t.trim().trim_matches('.').to_lowercase())
                .filter(|t| !t.is_empty())
                .collect()
        })
        .unwrap_or_default();
    let leaderboard_show = match root.attribute("leaderboard_show") {
        None | Some("") => 0,
        Some(v) => v
            .trim()
            .parse()
            .map_err(|_| err(format!("leaderboard_show must be a number, not \"{v}\"")))?,
    };
    let rubric_el = child(root, "rubric");
    let prompts = match child(root, "prompts") {
        Some(prompts) => children(prompts, "prompt")
            .map(|p| {
                text_of(p, "description").ok_or_else(|| err("every <prompt> needs a <description>"))
            })
            .collect::<Result<Vec<_>, _>>()?,
        // Legacy: one prompt inside the rubric.
        None => vec![rubric_el
            .and_then(|r| text_of(r, "prompt"))
            .unwrap_or_default()],
    };
    let rubric = match rubric_el {
        Some(r) => parse_rubric(r)?,
        None => return Err(err("an <openassessment> needs a <rubric>")),
    };
    let steps = match child(root, "assessments") {
        Some(a) => children(a, "assessment")
            .map(parse_step)
            .collect::<Result<Vec<_>, _>>()?,
        None => return Err(err("an <openassessment> needs <assessments>")),
    };
    Ok(OraSettings {
        title: text_of(root, "title")
            .filter(|t| !t.is_empty())
            .or_else(|| root.attribute("display_name").map(str::to_string))
            .unwrap_or_else(|| "Open Response Assessment".into()),
        prompts,
        prompts_type: root.attribute("prompts_type").unwrap_or("text").to_string(),
        text_response,
        text_response_editor: root
            .attribute("text_response_editor")
            .unwrap_or("text")
            .to_string(),
        file_upload_response,
        file_upload_type,
        white_listed_file_types,
        allow_multiple_files: boolean(root, "allow_multiple_files").unwrap_or(true),
        allow_latex: boolean(root, "allow_latex").unwrap_or(false),
        show_rubric_during_response: boolean(root, "show_rubric_during_response").unwrap_or(false),
        leaderboard_show,
        submission_start: date(root, "submission_start")?,
        submission_due: date(root, "submission_due")?,
        rubric,
        steps,
    })
}

fn parse_rubric(node: Node) -> Result<Rubric, ConfigError> {
    let criteria = children(node, "criterion")
        .map(|c| {
            let feedback = match c.attribute("feedback") {
                None | Some("disabled") => CriterionFeedback::Disabled,
                Some("optional") => CriterionFeedback::Optional,
                Some("required") => CriterionFeedback::Required,
                Some(other) => {
                    return Err(err(format!(
                        "criterion feedback must be disabled, optional or required, not \"{other}\""
                    )))
                }
            };
            let name = text_of(c, "name").ok_or_else(|| err("every criterion needs a <name>"))?;
            let options = children(c, "option")
                .map(|o| {
                    let points = o
                        .attribute("points")
                        .ok_or_else(|| err("every option needs points"))?;
                    let points = points.trim().parse().map_err(|_| {
                        err(format!(
                            "option points must be a whole number, not \"{points}\""
                        ))
                    })?;
                    let name =
                        text_of(o, "name").ok_or_else(|| err("every option needs a <name>"))?;
                    Ok(RubricOption {
                        label: text_of(o, "label")
                            .filter(|l| !l.is_empty())
                            .unwrap_or_else(|| name.clone()),
                        name,
                        points,
                        explanation: text_of(o, "explanation").unwrap_or_default(),
                    })
                })
                .collect::<Result<Vec<_>, ConfigError>>()?;
            Ok(RubricCriterion {
                label: text_of(c, "label")
                    .filter(|l| !l.is_empty())
                    .unwrap_or_else(|| name.clone()),
                name,
                prompt: text_of(c, "prompt").unwrap_or_default(),
                feedback,
                options,
            })
        })
        .collect::<Result<Vec<_>, ConfigError>>()?;
    Ok(Rubric {
        criteria,
        feedback_prompt: text_of(node, "feedbackprompt"),
        feedback_default_text: text_of(node, "feedback_default_text"),
    })
}

fn count(node: Node, name: &str) -> Result<u32, ConfigError> {
    match node.attribute(name) {
        None => Ok(0),
        Some(v) => v
            .trim()
            .parse()
            .map_err(|_| err(format!("{name} must be a whole number, not \"{v}\""))),
    }
}

fn parse_step(node: Node) -> Result<AssessmentStep, ConfigError> {
    let kind = match node.attribute("name") {
        Some("student-training") => StepKind::StudentTraining,
        Some("peer-assessment") => StepKind::PeerAssessment,
        Some("self-assessment") => StepKind::SelfAssessment,
        Some("staff-assessment") => StepKind::StaffAssessment,
        Some(other) => return Err(err(format!("unknown assessment \"{other}\""))),
        None => return Err(err("every <assessment> needs a name")),
    };
    if node.attribute("required").is_some() && kind != StepKind::StaffAssessment {
        return Err(err("only the staff assessment can be required"));
    }
    let grading_strategy = match node.attribute("grading_strategy") {
        None | Some("median") => GradingStrategy::Median,
        Some("mean") => GradingStrategy::Mean,
        Some(other) => {
            return Err(err(format!(
                "grading_strategy must be median or mean, not \"{other}\""
            )))
        }
    };
    let examples = children(node, "example")
        .map(|e| {
            let answer_el =
                child(e, "answer").ok_or_else(|| err("every example needs an <answer>"))?;
            let parts: Vec<String> = children(answer_el, "part").map(all_text).collect();
            let answer = if parts.is_empty() {
                vec![answer_el.text().unwrap_or_default().trim().to_string()]
            } else {
                parts
            };
            let options_selected = children(e, "select")
                .map(|s| {
                    Ok(SelectedOption {
                        criterion: s
                            .attribute("criterion")
                            .ok_or_else(|| err("<select> needs a criterion"))?
                            .to_string(),
                        option: s
                            .attribute("option")
                            .ok_or_else(|| err("<select> needs an option"))?
                            .to_string(),
                    })
                })
                .collect::<Result<Vec<_>, ConfigError>>()?;
            Ok(TrainingExample {
                answer,
                options_selected,
            })
        })
        .collect::<Result<Vec<_>, ConfigError>>()?;
    Ok(AssessmentStep {
        kind,
        start: date(node, "start")?,
        due: date(node, "due")?,
        must_grade: count(node, "must_grade")?,
        must_be_graded_by: count(node, "must_be_graded_by")?,
        enable_flexible_grading: boolean(node, "enable_flexible_grading").unwrap_or(false),
        grading_strategy,
        required: boolean(node, "required").unwrap_or(false),
        examples,
    })
}

/// One problem found by [`validate`]: the setting and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub field: &'static str,
    pub message: String,
}

/// Checks settings as ORA2's validators do (step set and order, peer
/// counts, rubric, training examples, dates, response kinds).
pub fn validate(s: &OraSettings) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut say = |field: &'static str, message: String| problems.push(Problem { field, message });
    let kinds: Vec<StepKind> = s.steps.iter().map(|st| st.kind).collect();
    if !kinds.iter().any(|k| {
        matches!(
            k,
            StepKind::PeerAssessment | StepKind::SelfAssessment | StepKind::StaffAssessment
        )
    }) {
        say(
            "steps",
            "must include a peer, self or staff assessment".into(),
        );
    }
    for (i, k) in kinds.iter().enumerate() {
        if kinds[..i].contains(k) {
            say("steps", "each step may appear once".into());
        }
    }
    if let Some(staff) = kinds.iter().position(|k| *k == StepKind::StaffAssessment) {
        if staff != kinds.len() - 1 {
            say("steps", "the staff assessment must come last".into());
        }
    }
    if let Some(training) = kinds.iter().position(|k| *k == StepKind::StudentTraining) {
        if !kinds[training..].contains(&StepKind::PeerAssessment) {
            say(
                "steps",
                "student training must come before a peer assessment".into(),
            );
        }
    }
    for step in &s.steps {
        match step.kind {
            StepKind::PeerAssessment => {
                if step.must_grade < 1 || step.must_be_graded_by < 1 {
                    say(
                        "steps",
                        "peer assessment needs must_grade and must_be_graded_by of at least 1"
                            .into(),
                    );
                } else if step.must_grade < step.must_be_graded_by {
                    say(
                        "steps",
                        "must_grade must be at least must_be_graded_by".into(),
                    );
                }
            }
            StepKind::StudentTraining => {
                if step.examples.is_empty() {
                    say(
                        "steps",
                        "student training needs at least one example".into(),
                    );
                }
                for e in &step.examples {
                    check_example(s, e, &mut say);
                }
            }
            StepKind::StaffAssessment if kinds.len() == 1 && !step.required => {
                say(
                    "steps",
                    "a staff assessment that is the only step must be required".into(),
                );
            }
            _ => {}
        }
    }
    if s.rubric.criteria.is_empty() {
        say("rubric", "needs at least one criterion".into());
    }
    if s.prompts.is_empty() {
        say("prompts", "needs at least one prompt".into());
    }
    for c in &s.rubric.criteria {
        if c.name.trim().is_empty() {
            say("rubric", "every criterion needs a name".into());
        }
        if c.options.is_empty() && c.feedback != CriterionFeedback::Required {
            say(
                "rubric",
                format!(
                    "criterion \"{}\" has no options, so its feedback must be required",
                    c.label
                ),
            );
        }
        for (i, o) in c.options.iter().enumerate() {
            if c.options[..i].iter().any(|p| p.name == o.name) {
                say(
                    "rubric",
                    format!(
                        "criterion \"{}\" has two options named \"{}\"",
                        c.label, o.name
                    ),
                );
            }
        }
    }
    if s.text_response == Necessity::None && s.file_upload_response == Necessity::None {
        say("text_response", "a response needs text or files".into());
    }
    if s.file_upload_response != Necessity::None && s.file_upload_type.is_none() {
        say("file_upload_type", "choose which files are allowed".into());
    }
    if s.file_upload_type == Some(FileUploadType::Custom) && s.white_listed_file_types.is_empty() {
        say(
            "white_listed_file_types",
            "list the allowed file extensions".into(),
        );
    }
    if s.leaderboard_show > 100 {
        say("leaderboard_show", "must be 0 to 100".into());
    }
    check_dates(s, &mut say);
    problems
}

fn check_example(s: &OraSettings, e: &TrainingExample, say: &mut impl FnMut(&'static str, String)) {
    for sel in &e.options_selected {
        match s.rubric.criteria.iter().find(|c| c.name == sel.criterion) {
            None => say(
                "steps",
                format!(
                    "a training example names an unknown criterion \"{}\"",
                    sel.criterion
                ),
            ),
            Some(c) if !c.options.iter().any(|o| o.name == sel.option) => say(
                "steps",
                format!(
                    "a training example names an unknown option \"{}\" of \"{}\"",
                    sel.option, c.label
                ),
            ),
            Some(_) => {}
        }
    }
    for c in s.rubric.criteria.iter().filter(|c| !c.options.is_empty()) {
        if !e.options_selected.iter().any(|sel| sel.criterion == c.name) {
            say(
                "steps",
                format!("a training example chooses no option for \"{}\"", c.label),
            );
        }
    }
}

/// Starts and dues must not go backwards from the submission step through
/// the assessment steps, and each step must start before it is due.
fn check_dates(s: &OraSettings, say: &mut impl FnMut(&'static str, String)) {
    type Window = (Option<DateTime<Utc>>, Option<DateTime<Utc>>);
    let ranges: Vec<Window> = std::iter::once((s.submission_start, s.submission_due))
        .chain(s.steps.iter().map(|st| (st.start, st.due)))
        .collect();
    let mut last_start = None;
    for (start, due) in &ranges {
        if let (Some(start), Some(due)) = (start, due) {
            if start >= due {
                say("steps", "every step must start before it is due".into());
            }
        }
        if let Some(start) = start {
            if last_start.is_some_and(|l| *start < l) {
                say(
                    "steps",
                    "a step cannot start before the one before it".into(),
                );
            }
            last_start = Some(*start);
        }
    }
    let mut next_due = None;
    for (_, due) in ranges.iter().rev() {
        if let Some(due) = due {
            if next_due.is_some_and(|n| *due > n) {
                say(
                    "steps",
                    "a step cannot be due after the one after it".into(),
                );
            }
            next_due = Some(*due);
        }
    }
}

/// The most points a response can earn: each criterion's best option.
pub fn points_possible(rubric: &Rubric) -> u32 {
    rubric
        .criteria
        .iter()
        .map(|c| c.options.iter().map(|o| o.points).max().unwrap_or(0))
        .sum()
}
