//! Open response assessment pieces both the learner's app and the course
//! team's grading pages draw: the rubric form, a response, a recorded
//! assessment and a grade.

mod rubric;

use leptos::prelude::*;
use shared_types::{OraAssessment, OraFile, OraGrade, OraResponse, Rubric};

use crate::format::file_size;

pub use rubric::{RubricAnswers, RubricForm};

/// "1 point", "3 points".
pub fn points_text(points: u32) -> String {
    if points == 1 {
        "1 point".to_string()
    } else {
        format!("{points} points")
    }
}

/// "7 out of 10 points".
pub fn score_text(earned: u32, possible: u32) -> String {
    format!(
        "{earned} out of {possible} point{}",
        if possible == 1 { "" } else { "s" }
    )
}

/// A heading at the level the caller's page needs (2–5).
fn heading(level: u8, text: String) -> AnyView {
    match level {
        2 => view! { <h2>{text}</h2> }.into_any(),
        3 => view! { <h3>{text}</h3> }.into_any(),
        4 => view! { <h4>{text}</h4> }.into_any(),
        _ => view! { <h5>{text}</h5> }.into_any(),
    }
}

/// One file of a response: its name (a link, opening in a new tab), what
/// the learner says it is, and its size.
pub fn file_link(file: &OraFile) -> impl IntoView {
    let description = (!file.description.trim().is_empty())
        .then(|| view! { <span class="ora-file-description">{file.description.clone()}</span> });
    view! {
        <a href=file.url.clone() target="_blank" rel="noopener">
            {file.name.clone()}
            <span class="visually-hidden">" (opens in a new tab)"</span>
        </a>
        " "
        <span class="ora-file-size">{format!("({})", file_size(file.size))}</span>
        {description}
    }
}

/// A submitted response: the text for each prompt (as written, line breaks
/// kept, never as HTML) and the files.
#[component]
pub fn OraResponseView(response: OraResponse) -> impl IntoView {
    let many = response.text.len() > 1;
    let empty = response.text.iter().all(|t| t.trim().is_empty()) && response.files.is_empty();
    let texts = response
        .text
        .into_iter()
        .enumerate()
        .filter(|(_, text)| !text.trim().is_empty())
        .map(|(i, text)| {
            let label = many.then(|| {
                view! { <p class="ora-answer-label">{format!("Response to prompt {}", i + 1)}</p> }
            });
            view! {
                <div class="ora-answer">
                    {label}
                    <div class="ora-answer-text">{text}</div>
                </div>
            }
        })
        .collect_view();
    let files = (!response.files.is_empty()).then(|| {
        let items = response
            .files
            .iter()
            .map(|file| view! { <li>{file_link(file)}</li> })
            .collect_view();
        view! {
            <div class="ora-answer">
                <p class="ora-answer-label">"Files"</p>
                <ul class="ora-files">{items}</ul>
            </div>
        }
    });
    view! {
        <div class="ora-response">
            {empty.then(|| view! { <p class="ora-empty">"This response is empty."</p> })}
            {texts}
            {files}
        </div>
    }
}

/// The option's label and points for a criterion's answer, from the rubric.
fn option_of(rubric: &Rubric, criterion: &str, option: Option<&str>) -> Option<(String, u32)> {
    let option = option?;
    rubric
        .criteria
        .iter()
        .find(|c| c.name == criterion)
        .and_then(|c| c.options.iter().find(|o| o.name == option))
        .map(|o| (o.label.clone(), o.points))
}

/// The criterion's label, from the rubric (its name if the rubric lost it).
fn criterion_label(rubric: &Rubric, criterion: &str) -> String {
    rubric
        .criteria
        .iter()
        .find(|c| c.name == criterion)
        .map(|c| c.label.clone())
        .filter(|l| !l.trim().is_empty())
        .unwrap_or_else(|| criterion.to_string())
}

/// A recorded assessment: per criterion the option chosen (with its
/// points) and the feedback, then the overall feedback and the total.
#[component]
pub fn OraAssessmentView(
    assessment: OraAssessment,
    /// The rubric it was made with, for the criteria's and options' labels.
    rubric: Rubric,
    /// The table's caption ("Self assessment by criterion").
    #[prop(into)]
    caption: String,
) -> impl IntoView {
    let rows = assessment
        .criteria
        .iter()
        .map(|answer| {
            let label = criterion_label(&rubric, &answer.criterion);
            let (choice, points) =
                match option_of(&rubric, &answer.criterion, answer.option.as_deref()) {
                    Some((label, points)) => (label, points_text(points)),
                    None => ("—".to_string(), "—".to_string()),
                };
            let feedback = if answer.feedback.trim().is_empty() {
                "—".to_string()
            } else {
                answer.feedback.clone()
            };
            view! {
                <tr>
                    <th scope="row">{label}</th>
                    <td>{choice}</td>
                    <td>{points}</td>
                    <td class="ora-feedback-text">{feedback}</td>
                </tr>
            }
        })
        .collect_view();
    let overall = (!assessment.feedback.trim().is_empty()).then(|| {
        view! {
            <p class="ora-overall-feedback">
                <strong>"Overall feedback: "</strong>
                <span class="ora-feedback-text">{assessment.feedback.clone()}</span>
            </p>
        }
    });
    view! {
        <div class="ora-assessment">
            <div class="table-wrap">
                <table class="ora-table">
                    <caption class="visually-hidden">{caption}</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Criterion"</th>
                            <th scope="col">"Choice"</th>
                            <th scope="col">"Points"</th>
                            <th scope="col">"Feedback"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            {overall}
            <p class="ora-assessment-total">
                {format!(
                    "Total: {}",
                    score_text(assessment.points_earned, assessment.points_possible),
                )}
            </p>
        </div>
    }
}

/// Which step's score counts, as a sentence.
fn source_text(source: &str, learners_view: bool) -> String {
    match (source, learners_view) {
        ("staff", _) => "The course team's grade counts.".to_string(),
        ("peer", true) => "Your peers' grades count.".to_string(),
        ("peer", false) => "The peers' grades count.".to_string(),
        ("self", true) => "Your self assessment counts.".to_string(),
        ("self", false) => "The learner's self assessment counts.".to_string(),
        (other, _) => format!("The {other} grade counts."),
    }
}

/// A grade: the total and where it came from, each criterion's points with
/// the option (or each peer's option) and the graders' feedback, the
/// overall feedback and the learner's self assessment.
#[component]
pub fn OraGradeView(
    grade: OraGrade,
    /// The rubric, for the self assessment's labels.
    rubric: Rubric,
    /// The level of the grade's sub-headings (2–5).
    #[prop(default = 4)]
    level: u8,
    /// Worded for the learner ("your"), else for the course team.
    #[prop(optional)]
    learners_view: bool,
) -> impl IntoView {
    let rows = grade
        .criteria
        .iter()
        .map(|criterion| {
            let choices = match (&criterion.option_label, criterion.peer_options.is_empty()) {
                (Some(label), _) => view! { {label.clone()} }.into_any(),
                (None, false) => {
                    let items = criterion
                        .peer_options
                        .iter()
                        .enumerate()
                        .map(|(i, label)| view! { <li>{format!("Peer {}: {label}", i + 1)}</li> })
                        .collect_view();
                    view! { <ul class="ora-plain-list">{items}</ul> }.into_any()
                }
                (None, true) => view! { "—" }.into_any(),
            };
            let feedback = if criterion.feedback.is_empty() {
                view! { "—" }.into_any()
            } else {
                let items = criterion
                    .feedback
                    .iter()
                    .map(|text| view! { <li class="ora-feedback-text">{text.clone()}</li> })
                    .collect_view();
                view! { <ul class="ora-plain-list">{items}</ul> }.into_any()
            };
            view! {
                <tr>
                    <th scope="row">{criterion.label.clone()}</th>
                    <td>{format!("{} / {}", criterion.earned, criterion.possible)}</td>
                    <td>{choices}</td>
                    <td>{feedback}</td>
                </tr>
            }
        })
        .collect_view();
    let overall = (!grade.feedback.is_empty()).then(|| {
        let items = grade
            .feedback
            .iter()
            .map(|text| view! { <li class="ora-feedback-text">{text.clone()}</li> })
            .collect_view();
        view! {
            {heading(level, "Overall feedback".to_string())}
            <ul class="ora-feedback-list">{items}</ul>
        }
    });
    let self_assessment = grade.self_assessment.clone().map(|assessment| {
        let title = if learners_view {
            "Your self assessment"
        } else {
            "The learner's self assessment"
        };
        view! {
            {heading(level, title.to_string())}
            <OraAssessmentView
                assessment=assessment
                rubric=rubric.clone()
                caption=format!("{title} by criterion")
            />
        }
    });
    view! {
        <div class="ora-grade">
            <p class="ora-grade-total">
                "Score: "
                <strong>{score_text(grade.earned, grade.possible)}</strong>
            </p>
            <p class="ora-grade-source">{source_text(&grade.source, learners_view)}</p>
            <div class="table-wrap">
                <table class="ora-table">
                    <caption class="visually-hidden">"Grade by criterion"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Criterion"</th>
                            <th scope="col">"Points"</th>
                            <th scope="col">"Assessment"</th>
                            <th scope="col">"Feedback"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            {overall}
            {self_assessment}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_and_scores_read_in_words() {
        assert_eq!(points_text(1), "1 point");
        assert_eq!(points_text(0), "0 points");
        assert_eq!(score_text(7, 10), "7 out of 10 points");
        assert_eq!(score_text(1, 1), "1 out of 1 point");
    }

    #[test]
    fn the_counted_grade_is_named_for_its_reader() {
        assert_eq!(source_text("peer", true), "Your peers' grades count.");
        assert_eq!(
            source_text("self", false),
            "The learner's self assessment counts."
        );
        assert_eq!(
            source_text("staff", true),
            "The course team's grade counts."
        );
    }
}
