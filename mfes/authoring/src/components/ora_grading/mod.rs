//! The course team's open response grading: the list of the course's
//! assessments, one assessment's submissions, and the grading of one
//! submission (taken for the grader while the page is open, with every
//! assessment of it, the staff grade and cancellation).

mod grader;
mod list;
mod submissions;

pub use grader::SubmissionGrader;
pub use list::OraList;
pub use submissions::SubmissionList;

use shared_types::StepKind;

/// A step's name as the course team reads it.
pub fn step_label(step: StepKind) -> &'static str {
    match step {
        StepKind::StudentTraining => "Training",
        StepKind::PeerAssessment => "Peer",
        StepKind::SelfAssessment => "Self",
        StepKind::StaffAssessment => "Staff",
    }
}

/// A learner's status (or `cancelled`) in words.
pub fn status_label(status: &str) -> String {
    match status {
        "response" => "Writing the response".to_string(),
        "training" => "In training".to_string(),
        "peer" => "Assessing peers".to_string(),
        "self" => "Assessing themself".to_string(),
        "waiting" => "Waiting for grades".to_string(),
        "done" => "Graded".to_string(),
        "cancelled" => "Cancelled".to_string(),
        other => other.replace('_', " "),
    }
}

/// An assessment's kind in words.
pub fn assessment_kind_label(kind: &str) -> String {
    match kind {
        "peer" => "Peer assessment".to_string(),
        "self" => "Self assessment".to_string(),
        "staff" => "Staff assessment".to_string(),
        "training" => "Training assessment".to_string(),
        other => format!("{other} assessment"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_read_as_words() {
        assert_eq!(status_label("waiting"), "Waiting for grades");
        assert_eq!(status_label("cancelled"), "Cancelled");
        assert_eq!(status_label("new_state"), "new state");
        assert_eq!(assessment_kind_label("peer"), "Peer assessment");
    }
}
