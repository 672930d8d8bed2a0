//! The course grade from subsection scores, as Open edX computes it
//! (`xmodule/graders.py`, `lms/djangoapps/grades/course_grade.py`): each
//! assignment type averages its graded subsections' percentages, padded with
//! zeros up to `min_count`, after dropping the `drop_count` lowest; the
//! course percent is the weighted sum, rounded to whole percents with
//! Open edX's `round_away_from_zero(percent * 100 + 0.05) / 100`; the letter
//! grade is the highest cutoff reached, and passing means reaching one.
//! Pure: no I/O.

use std::collections::BTreeMap;

use shared_types::{AssignmentTypeGrade, GradingPolicy};

/// A graded subsection's score.
#[derive(Debug, Clone, PartialEq)]
pub struct SubsectionScore<'a> {
    pub format: &'a str,
    pub earned: f64,
    pub possible: f64,
}

impl SubsectionScore<'_> {
    fn percent(&self) -> f64 {
        if self.possible > 0.0 {
            self.earned / self.possible
        } else {
            0.0
        }
    }
}

/// A course grade.
#[derive(Debug, Clone, PartialEq)]
pub struct CourseGrade {
    /// 0–1, rounded as Open edX rounds it.
    pub percent: f64,
    pub letter_grade: Option<String>,
    pub passed: bool,
    pub assignment_types: Vec<AssignmentTypeGrade>,
}

/// Grades `scores` (graded subsections in course order) by `policy`.
pub fn course_grade(policy: &GradingPolicy, scores: &[SubsectionScore<'_>]) -> CourseGrade {
    let mut types = Vec::with_capacity(policy.graders.len());
    let mut total = 0.0;
    for grader in &policy.graders {
        let mut breakdown: Vec<f64> = scores
            .iter()
            .filter(|s| s.format == grader.type_)
            .map(SubsectionScore::percent)
            .collect();
        while breakdown.len() < grader.min_count as usize {
            breakdown.push(0.0);
        }
        let (percent, dropped) = total_with_drops(&breakdown, grader.drop_count as usize);
        total += grader.weight * percent;
        types.push(AssignmentTypeGrade {
            type_: grader.type_.clone(),
            short_label: grader.short_label.clone(),
            weight: grader.weight,
            percent,
            scores: breakdown,
            dropped: dropped as u32,
        });
    }
    let percent = round_away_from_zero(total * 100.0 + 0.05) / 100.0;
    let letter_grade = letter(&policy.grade_cutoffs, percent);
    CourseGrade {
        percent,
        passed: letter_grade.is_some(),
        letter_grade,
        assignment_types: types,
    }
}

/// The average after dropping the `drop_count` lowest (Open edX's
/// `total_with_drops`: ties drop the later ones); answers how many dropped.
fn total_with_drops(breakdown: &[f64], drop_count: usize) -> (f64, usize) {
    let mut order: Vec<usize> = (0..breakdown.len()).collect();
    // Stable sort by percent descending, as Python's sorted(key=-percent).
    order.sort_by(|&a, &b| breakdown[b].total_cmp(&breakdown[a]));
    let dropped: Vec<usize> = if drop_count > 0 {
        order.iter().rev().take(drop_count).copied().collect()
    } else {
        Vec::new()
    };
    let kept = breakdown.len().saturating_sub(drop_count);
    let sum: f64 = breakdown
        .iter()
        .enumerate()
        .filter(|(i, _)| !dropped.contains(i))
        .map(|(_, p)| p)
        .sum();
    let average = if kept > 0 { sum / kept as f64 } else { sum };
    (average, dropped.len())
}

/// Python 2's `round`: halves away from zero.
fn round_away_from_zero(x: f64) -> f64 {
    if x >= 0.0 {
        (x + 0.5).floor()
    } else {
        (x - 0.5).ceil()
    }
}

/// The highest grade whose cutoff `percent` reaches.
fn letter(cutoffs: &BTreeMap<String, f64>, percent: f64) -> Option<String> {
    let mut sorted: Vec<(&String, &f64)> = cutoffs.iter().collect();
    sorted.sort_by(|a, b| b.1.total_cmp(a.1));
    sorted
        .into_iter()
        .find(|(_, &cutoff)| percent >= cutoff)
        .map(|(name, _)| name.clone())
}

#[cfg(test)]
mod tests {
    use shared_types::AssignmentType;

    use super::*;

    fn policy() -> GradingPolicy {
        GradingPolicy {
            graders: vec![
                AssignmentType {
                    type_: "Homework".into(),
                    short_label: "HW".into(),
                    min_count: 4,
                    drop_count: 1,
                    weight: 0.4,
                },
                AssignmentType {
                    type_: "Exam".into(),
                    short_label: "Exam".into(),
                    min_count: 1,
                    drop_count: 0,
                    weight: 0.6,
                },
            ],
            grade_cutoffs: BTreeMap::from([
                ("A".into(), 0.9),
                ("B".into(), 0.8),
                ("C".into(), 0.6),
            ]),
        }
    }

    fn hw(earned: f64) -> SubsectionScore<'static> {
        SubsectionScore {
            format: "Homework",
            earned,
            possible: 1.0,
        }
    }

    #[test]
    fn missing_assignments_count_as_zero_and_the_lowest_is_dropped() {
        // Two of four homeworks done: [1, 0.5, 0, 0], drop one zero → 1.5 / 3.
        let grade = course_grade(&policy(), &[hw(1.0), hw(0.5)]);
        let homework = &grade.assignment_types[0];
        assert_eq!(homework.scores, vec![1.0, 0.5, 0.0, 0.0]);
        assert_eq!(homework.dropped, 1);
        assert!((homework.percent - 0.5).abs() < 1e-9);
        // 0.4 * 0.5 = 0.2, exam 0 → 20%.
        assert!((grade.percent - 0.2).abs() < 1e-9);
        assert_eq!(grade.letter_grade, None);
        assert!(!grade.passed);
    }

    #[test]
    fn weights_and_cutoffs_give_the_letter() {
        let exam = SubsectionScore {
            format: "Exam",
            earned: 9.0,
            possible: 10.0,
        };
        let grade = course_grade(&policy(), &[hw(1.0), hw(1.0), hw(1.0), hw(0.0), exam]);
        // Homework: drop the zero → 1.0; 0.4 + 0.6 * 0.9 = 0.94.
        assert!((grade.percent - 0.94).abs() < 1e-9);
        assert_eq!(grade.letter_grade.as_deref(), Some("A"));
        assert!(grade.passed);
    }

    #[test]
    fn the_percent_is_rounded_as_open_edx_rounds_it() {
        // 0.4 * (0.7949 average) ... build a total of 0.79449 → 79%, and
        // 0.7945 → 80% (the + 0.05 then round half away from zero).
        let just_below = SubsectionScore {
            format: "Exam",
            earned: 0.79449 / 0.6,
            possible: 1.0,
        };
        let grade = course_grade(&policy(), &[just_below]);
        assert!((grade.percent - 0.79).abs() < 1e-9, "{}", grade.percent);
        let just_above = SubsectionScore {
            format: "Exam",
            earned: 0.7946 / 0.6,
            possible: 1.0,
        };
        let grade = course_grade(&policy(), &[just_above]);
        assert!((grade.percent - 0.80).abs() < 1e-9, "{}", grade.percent);
        assert_eq!(grade.letter_grade.as_deref(), Some("B"));
    }

    #[test]
    fn a_subsection_worth_nothing_scores_zero() {
        let empty = SubsectionScore {
            format: "Exam",
            earned: 0.0,
            possible: 0.0,
        };
        let grade = course_grade(&policy(), &[empty]);
        assert_eq!(grade.assignment_types[1].percent, 0.0);
    }
}
