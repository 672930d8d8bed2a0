//! The sample course ("A Tour of Lyceum", `api/sample-course/`), built into
//! the binary so `lyceum serve --demo` shows a working platform at once.

use std::path::Path;

use include_dir::{include_dir, Dir};

use super::import::{import_dir, ImportedCourse, OlxError};

static SAMPLE_COURSE: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/sample-course");

/// The sample course's key.
pub const SAMPLE_COURSE_KEY: &str = "course-v1:Lyceum+Tour101+2026";

/// Writes the sample course's OLX into `dir` (which must exist).
pub fn write_sample_course(dir: &Path) -> std::io::Result<()> {
    SAMPLE_COURSE.extract(dir)
}

/// The sample course, imported.
pub fn sample_course() -> Result<ImportedCourse, OlxError> {
    let dir = std::env::temp_dir().join(format!("lyceum-sample-{}", uuid::Uuid::new_v4().simple()));
    let result = std::fs::create_dir_all(&dir)
        .and_then(|()| write_sample_course(&dir))
        .map_err(|e| OlxError {
            file: String::new(),
            line: None,
            message: format!("writing the sample course: {e}"),
        })
        .and_then(|()| import_dir(&dir));
    let _ = std::fs::remove_dir_all(&dir);
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_course_imports_with_every_block_type_lyceum_runs() {
        let course = sample_course().unwrap();
        assert_eq!(course.course_key.to_string(), SAMPLE_COURSE_KEY);
        for kind in [
            "chapter",
            "sequential",
            "vertical",
            "html",
            "problem",
            "video",
            "discussion",
            "openassessment",
        ] {
            assert!(
                course.stats.blocks.get(kind).copied().unwrap_or(0) > 0,
                "no {kind} in {:?}",
                course.stats.blocks
            );
        }
        assert!(
            course.stats.warnings.is_empty(),
            "{:?}",
            course.stats.warnings
        );
        let root = &course.structure.blocks[0];
        assert_eq!(root.fields["display_name"], "A Tour of Lyceum");
        assert_eq!(
            root.fields["grading_policy"]["GRADER"][0]["type"],
            "Homework"
        );
        let graded: Vec<_> = course
            .structure
            .blocks
            .iter()
            .filter(|b| b.fields.get("graded") == Some(&serde_json::json!(true)))
            .collect();
        assert_eq!(graded.len(), 3);
        assert!(graded
            .iter()
            .all(|b| b.fields["due"].as_str().is_some_and(|d| d.ends_with('Z'))));
    }
}
