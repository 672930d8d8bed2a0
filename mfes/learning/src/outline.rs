//! Reading the learner's course tree (`CourseBlocks`): the units in course
//! order, the subsection around a unit, the dates.

use chrono::{DateTime, Utc};
use shared_types::LearnerBlock;

/// Completion at or above this counts as done (it is rolled up from
/// components as a float).
const DONE: f64 = 0.999;

/// Whether a completion 0–1 means done.
pub fn is_complete(completion: f64) -> bool {
    completion >= DONE
}

/// A unit with where it sits in the course.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitPlace {
    pub id: String,
    pub display_name: String,
    pub completion: f64,
    /// The subsection (sequential) it belongs to.
    pub sequence_id: String,
    pub sequence_name: String,
    /// The section (chapter) it belongs to.
    pub section_name: String,
}

/// Every unit of the course, in the order a learner goes through them.
pub fn units(root: &LearnerBlock) -> Vec<UnitPlace> {
    let mut found = Vec::new();
    for section in children_of_type(root, "chapter") {
        for sequence in children_of_type(section, "sequential") {
            for unit in children_of_type(sequence, "vertical") {
                found.push(UnitPlace {
                    id: unit.id.clone(),
                    display_name: unit.display_name.clone(),
                    completion: unit.completion,
                    sequence_id: sequence.id.clone(),
                    sequence_name: sequence.display_name.clone(),
                    section_name: section.display_name.clone(),
                });
            }
        }
    }
    found
}

/// The children of a block that have a given type.
pub fn children_of_type<'a>(
    block: &'a LearnerBlock,
    type_: &'a str,
) -> impl Iterator<Item = &'a LearnerBlock> + 'a {
    block
        .children
        .iter()
        .filter(move |child| child.type_ == type_)
}

/// Where a subsection starts: its first unit not yet done, else its first.
pub fn sequence_entry(sequence: &LearnerBlock) -> Option<&LearnerBlock> {
    children_of_type(sequence, "vertical")
        .find(|unit| !is_complete(unit.completion))
        .or_else(|| children_of_type(sequence, "vertical").next())
}

/// A unit's place in the course: its subsection's units and its neighbours
/// across subsection boundaries.
#[derive(Debug, Clone, PartialEq)]
pub struct Neighbourhood {
    /// The unit itself.
    pub current: UnitPlace,
    /// The units of its subsection, in order (the unit among them).
    pub sequence: Vec<UnitPlace>,
    pub previous: Option<UnitPlace>,
    pub next: Option<UnitPlace>,
}

/// The neighbourhood of a unit, if the course has it.
pub fn neighbourhood(root: &LearnerBlock, unit_id: &str) -> Option<Neighbourhood> {
    let all = units(root);
    let index = all.iter().position(|unit| unit.id == unit_id)?;
    let current = all[index].clone();
    let sequence = all
        .iter()
        .filter(|unit| unit.sequence_id == current.sequence_id)
        .cloned()
        .collect();
    Some(Neighbourhood {
        previous: index.checked_sub(1).map(|i| all[i].clone()),
        next: all.get(index + 1).cloned(),
        current,
        sequence,
    })
}

/// Something with a due date, for the dates page.
#[derive(Debug, Clone, PartialEq)]
pub struct DueDate {
    pub id: String,
    pub display_name: String,
    pub type_: String,
    pub section_name: String,
    pub due: DateTime<Utc>,
    pub graded: bool,
    pub format: Option<String>,
    pub completion: f64,
    /// The unit to open for it: its first unit not done yet.
    pub entry: Option<String>,
}

/// Every block with a due date, soonest first (subsections mostly; a
/// section's own date is listed too).
pub fn due_dates(root: &LearnerBlock) -> Vec<DueDate> {
    let mut dates = Vec::new();
    for section in children_of_type(root, "chapter") {
        if let Some(due) = section.due {
            dates.push(due_date(section, &section.display_name, due));
        }
        for sequence in children_of_type(section, "sequential") {
            if let Some(due) = sequence.due {
                dates.push(due_date(sequence, &section.display_name, due));
            }
        }
    }
    lyceum_kit::sort::sort_by(&mut dates, |a, b| {
        a.due
            .cmp(&b.due)
            .then_with(|| a.display_name.cmp(&b.display_name))
    });
    dates
}

fn due_date(block: &LearnerBlock, section_name: &str, due: DateTime<Utc>) -> DueDate {
    let entry = if block.type_ == "sequential" {
        sequence_entry(block).map(|unit| unit.id.clone())
    } else {
        children_of_type(block, "sequential")
            .find_map(sequence_entry)
            .map(|unit| unit.id.clone())
    };
    DueDate {
        id: block.id.clone(),
        display_name: block.display_name.clone(),
        type_: block.type_.clone(),
        section_name: section_name.to_string(),
        due,
        graded: block.graded,
        format: block.format.clone(),
        completion: block.completion,
        entry,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(type_: &str, id: &str, completion: f64, children: Vec<LearnerBlock>) -> LearnerBlock {
        LearnerBlock {
            id: id.into(),
            type_: type_.into(),
            display_name: id.to_uppercase(),
            graded: false,
            format: None,
            due: None,
            completion,
            staff_only: false,
            children,
        }
    }

    fn course() -> LearnerBlock {
        block(
            "course",
            "c",
            0.5,
            vec![
                block(
                    "chapter",
                    "s1",
                    0.5,
                    vec![block(
                        "sequential",
                        "q1",
                        0.5,
                        vec![
                            block("vertical", "u1", 1.0, vec![]),
                            block("vertical", "u2", 0.0, vec![]),
                        ],
                    )],
                ),
                block(
                    "chapter",
                    "s2",
                    0.0,
                    vec![block(
                        "sequential",
                        "q2",
                        0.0,
                        vec![block("vertical", "u3", 0.0, vec![])],
                    )],
                ),
            ],
        )
    }

    #[test]
    fn units_are_listed_in_course_order() {
        let ids: Vec<_> = units(&course()).into_iter().map(|u| u.id).collect();
        assert_eq!(ids, ["u1", "u2", "u3"]);
    }

    #[test]
    fn next_and_previous_cross_subsection_boundaries() {
        let around = neighbourhood(&course(), "u2").unwrap();
        assert_eq!(around.previous.unwrap().id, "u1");
        assert_eq!(around.next.unwrap().id, "u3");
        assert_eq!(around.sequence.len(), 2);
        assert_eq!(around.current.section_name, "S1");

        let first = neighbourhood(&course(), "u1").unwrap();
        assert!(first.previous.is_none());
        let last = neighbourhood(&course(), "u3").unwrap();
        assert!(last.next.is_none());
        assert!(neighbourhood(&course(), "missing").is_none());
    }

    #[test]
    fn a_subsection_opens_at_its_first_unfinished_unit() {
        let root = course();
        let q1 = &root.children[0].children[0];
        assert_eq!(sequence_entry(q1).unwrap().id, "u2");
    }

    #[test]
    fn dates_are_listed_soonest_first() {
        use chrono::TimeZone;
        let mut root = course();
        root.children[1].children[0].due = Some(Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap());
        root.children[0].children[0].due = Some(Utc.with_ymd_and_hms(2026, 2, 1, 0, 0, 0).unwrap());
        let ids: Vec<_> = due_dates(&root).into_iter().map(|d| d.id).collect();
        assert_eq!(ids, ["q2", "q1"]);
    }
}
