//! Scores from rubric assessments exactly as ORA2 computes them: one value
//! per criterion (median or mean over the peer assessments, rounded up),
//! summed; flexible peer grading; and which step's score counts.

use chrono::{DateTime, Utc};
use shared_types::GradingStrategy;

/// After this many whole (UTC calendar) days, flexible peer grading needs
/// fewer grades.
pub const FLEXIBLE_AFTER_DAYS: i64 = 7;
/// ... this share of `must_be_graded_by`, in percent, at least one.
pub const FLEXIBLE_PERCENT: u32 = 30;

/// ORA2's median: the middle value; between two middle values, their mean
/// rounded up. Zero for no scores.
pub fn median(scores: &[i64]) -> i64 {
    let mut s = scores.to_vec();
    s.sort_unstable();
    let n = s.len();
    if n == 0 {
        return 0;
    }
    let middle = n.div_ceil(2);
    if n % 2 == 1 {
        s[middle - 1]
    } else {
        ceil_div(s[middle - 1] + s[middle], 2)
    }
}

/// ORA2's mean: rounded up. Zero for no scores.
pub fn mean(scores: &[i64]) -> i64 {
    if scores.is_empty() {
        return 0;
    }
    ceil_div(scores.iter().sum(), scores.len() as i64)
}

/// `ceil(a / b)` for a positive `b`.
fn ceil_div(a: i64, b: i64) -> i64 {
    let q = a.div_euclid(b);
    if a.rem_euclid(b) == 0 {
        q
    } else {
        q + 1
    }
}

/// How many peer grades a submission needs now: `must_be_graded_by`, or
/// with flexible grading on and the submission at least
/// [`FLEXIBLE_AFTER_DAYS`] calendar days old, 30% of it (at least one).
pub fn required_peer_grades(
    must_be_graded_by: u32,
    flexible: bool,
    submitted_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> u32 {
    if flexible && flexible_active(submitted_at, now) {
        (must_be_graded_by * FLEXIBLE_PERCENT / 100).max(1)
    } else {
        must_be_graded_by
    }
}

fn flexible_active(submitted_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    (now.date_naive() - submitted_at.date_naive()).num_days() >= FLEXIBLE_AFTER_DAYS
}

/// Points per criterion of one assessment, in rubric order (a
/// feedback-only criterion counts 0).
pub type CriterionPoints = Vec<(String, i64)>;

/// A score: points earned of points possible.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Score {
    pub earned: i64,
    pub possible: i64,
}

/// Combines per-criterion points of several assessments: each criterion
/// reduced on its own by the strategy, then summed.
pub fn combine(assessments: &[CriterionPoints], strategy: GradingStrategy) -> i64 {
    combine_each(assessments, strategy)
        .iter()
        .map(|(_, p)| p)
        .sum()
}

/// [`combine`] per criterion, in the first assessment's order.
pub fn combine_each(assessments: &[CriterionPoints], strategy: GradingStrategy) -> CriterionPoints {
    let Some(first) = assessments.first() else {
        return Vec::new();
    };
    first
        .iter()
        .map(|(criterion, _)| {
            let values: Vec<i64> = assessments
                .iter()
                .filter_map(|a| a.iter().find(|(c, _)| c == criterion).map(|(_, p)| *p))
                .collect();
            let value = match strategy {
                GradingStrategy::Median => median(&values),
                GradingStrategy::Mean => mean(&values),
            };
            (criterion.clone(), value)
        })
        .collect()
}

/// A peer step's settings, as scoring needs them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PeerRules {
    pub must_be_graded_by: u32,
    pub flexible: bool,
    pub strategy: GradingStrategy,
}

/// How many of the grades received (oldest first) the peer score is made
/// of: none until the learner graded enough and the submission received
/// enough grades; then `must_be_graded_by` of them, or with flexible
/// grading active all received up to that.
pub fn peer_grades_used(
    rules: PeerRules,
    received: usize,
    learner_graded_enough: bool,
    submitted_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Option<usize> {
    let PeerRules {
        must_be_graded_by,
        flexible,
        ..
    } = rules;
    if !learner_graded_enough {
        return None;
    }
    let required = required_peer_grades(must_be_graded_by, flexible, submitted_at, now) as usize;
    if received < required || received == 0 {
        return None;
    }
    Some(if flexible && flexible_active(submitted_at, now) {
        received.min(must_be_graded_by as usize)
    } else {
        required
    })
}

/// The peer step's score: the grades [`peer_grades_used`] names, combined
/// per criterion.
pub fn peer_score(
    rules: PeerRules,
    received_oldest_first: &[CriterionPoints],
    learner_graded_enough: bool,
    submitted_at: DateTime<Utc>,
    now: DateTime<Utc>,
    possible: i64,
) -> Option<Score> {
    let used = peer_grades_used(
        rules,
        received_oldest_first.len(),
        learner_graded_enough,
        submitted_at,
        now,
    )?;
    Some(Score {
        earned: combine(&received_oldest_first[..used], rules.strategy),
        possible,
    })
}

/// Which score counts, as ORA2's priority (staff, then peer, then self):
/// a staff score always does; without one, a required staff step means no
/// score yet; otherwise the peer step's score where there is a peer step,
/// else the self step's.
pub fn final_score(
    staff: Option<Score>,
    staff_required: bool,
    has_peer_step: bool,
    peer: Option<Score>,
    has_self_step: bool,
    own: Option<Score>,
) -> Option<Score> {
    if staff.is_some() {
        return staff;
    }
    if staff_required {
        return None;
    }
    if has_peer_step {
        return peer;
    }
    if has_self_step {
        return own;
    }
    None
}
