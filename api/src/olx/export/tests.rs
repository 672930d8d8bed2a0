use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::json;

use super::*;
use crate::olx::import::{import_dir, import_tar_gz, ImportedCourse};

/// A fixture course under `../shared/fixtures/olx/`, or `None` (said plainly)
/// when it is missing.
fn fixture(name: &str) -> Option<PathBuf> {
    let dir = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/fixtures/olx"
    ))
    .join(name);
    if !dir.is_dir() {
        eprintln!(
            "SKIPPED: the OLX fixture {} is missing; this test did not run",
            dir.display()
        );
        return None;
    }
    Some(dir)
}

fn reimport(course: &ImportedCourse) -> ImportedCourse {
    let out = tempfile::tempdir().unwrap();
    export_dir(&course.course_key, &course.structure, out.path()).unwrap();
    import_dir(out.path()).unwrap()
}

/// The element name, attributes (without `url_name`) and the source text
/// of the content of the XML `data` of a leaf block.
fn parsed(data: &str) -> (String, Vec<(String, String)>, String) {
    let options = ParsingOptions {
        allow_dtd: true,
        ..ParsingOptions::default()
    };
    let doc = Document::parse_with_options(data, options).unwrap();
    let root = doc.root_element();
    let attrs = root
        .attributes()
        .filter(|a| a.name() != "url_name")
        .map(|a| (a.name().to_string(), a.value().to_string()))
        .collect();
    let element = &data[root.range()];
    let end = start_tag_end(element).unwrap();
    let content = if element[..end].ends_with('/') {
        ""
    } else {
        &element[end + 1..element.rfind("</").unwrap()]
    };
    (
        root.tag_name().name().to_string(),
        attrs,
        content.to_string(),
    )
}

/// Asserts that two imports hold the same course, block by block. Leaf
/// XML is compared parsed: the exporter writes the start tag again (one
/// space between attributes, double quotes, `url_name` dropped), so only
/// its name and attribute values can be equal, not its bytes. Attributes
/// are compared in order, except for blocks imported through a legacy
/// `filename` reference (whose attributes came from two elements and now
/// live in one): there the attributes must equal those of the first import
/// plus the overlay's, i.e. as sets, which is why they are sorted.
fn assert_same_course(a: &ImportedCourse, b: &ImportedCourse) {
    assert_eq!(a.course_key, b.course_key);
    let (sa, sb) = (&a.structure, &b.structure);
    assert_eq!(sa.root, sb.root);
    assert_eq!(sa.blocks.len(), sb.blocks.len(), "same number of blocks");
    let by_key: HashMap<(&str, &str), &Block> = sb
        .blocks
        .iter()
        .map(|x| ((x.block_type.as_str(), x.block_id.as_str()), x))
        .collect();
    for x in &sa.blocks {
        let what = format!("{} {}", x.block_type, x.block_id);
        let y = by_key
            .get(&(x.block_type.as_str(), x.block_id.as_str()))
            .unwrap_or_else(|| panic!("{what} is missing after the round trip"));
        assert_eq!(x.children, y.children, "children of {what}");
        assert_eq!(x.fields, y.fields, "fields of {what}");
        match (&x.data, &y.data) {
            (Some(dx), Some(dy)) if x.block_type != "html" => {
                let (nx, mut ax, cx) = parsed(dx);
                let (ny, mut ay, cy) = parsed(dy);
                assert_eq!(nx, ny, "element name of {what}");
                assert_eq!(cx, cy, "content of {what}");
                if ax != ay {
                    let legacy = x.fields.len() > ax.len();
                    assert!(legacy, "attributes of {what}: {ax:?} != {ay:?}");
                    ax.sort();
                    ay.sort();
                    assert!(
                        ax.iter().all(|p| ay.contains(p)),
                        "attributes of {what}: {ax:?} not in {ay:?}"
                    );
                }
            }
            (dx, dy) => assert_eq!(dx, dy, "data of {what}"),
        }
    }
}

fn round_trips(name: &str) {
    let Some(dir) = fixture(name) else { return };
    let first = import_dir(&dir).unwrap();
    let second = reimport(&first);
    assert_same_course(&first, &second);
}

#[test]
fn the_demo_course_round_trips_through_export_and_import() {
    round_trips("demo-course");
}

#[test]
fn the_simple_legacy_course_round_trips_through_export_and_import() {
    round_trips("edx-platform-simple");
}

#[test]
fn the_due_date_course_round_trips_through_export_and_import() {
    round_trips("edx-platform-due_date");
}

#[test]
fn fields_changed_after_import_come_back_from_the_export() {
    let Some(dir) = fixture("demo-course") else {
        return;
    };
    let mut course = import_dir(&dir).unwrap();
    let s = &mut course.structure;
    let problem = s
        .blocks
        .iter_mut()
        .find(|b| b.block_type == "problem" && b.fields.contains_key("display_name"))
        .unwrap();
    let name = "Renamed <&> \"quoted\" 'single'\nsecond line\ttab";
    problem.fields.insert("display_name".into(), json!(name));
    problem.fields.insert("weight".into(), json!(2.5));
    problem.fields.insert("max_attempts".into(), json!(7));
    let problem_id = problem.block_id.clone();
    let chapter = s
        .blocks
        .iter_mut()
        .find(|b| b.block_type == "chapter")
        .unwrap();
    // Not a field the importer types: must go through policy.json.
    chapter.fields.insert("hide_from_toc".into(), json!(true));
    chapter.fields.insert("weight".into(), json!(3));

    let back = reimport(&course);
    for (x, y) in course.structure.blocks.iter().zip(&back.structure.blocks) {
        assert_eq!((&x.block_type, &x.block_id), (&y.block_type, &y.block_id));
        assert_eq!(x.fields, y.fields, "{} {}", x.block_type, x.block_id);
        assert_eq!(x.children, y.children);
    }
    let p = back
        .structure
        .blocks
        .iter()
        .find(|b| b.block_type == "problem" && b.block_id == problem_id)
        .unwrap();
    let (_, attrs, _) = parsed(p.data.as_deref().unwrap());
    let attr = |k: &str| attrs.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    assert_eq!(attr("display_name"), Some(name));
    assert_eq!(attr("weight"), Some("2.5"));
    assert_eq!(attr("max_attempts"), Some("7"));
}

#[test]
fn the_tar_gz_round_trips_through_import_tar_gz() {
    let Some(dir) = fixture("demo-course") else {
        return;
    };
    let first = import_dir(&dir).unwrap();
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("course.tar.gz");
    export_tar_gz(&first.course_key, &first.structure, &file).unwrap();

    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(
        std::fs::File::open(&file).unwrap(),
    ));
    for entry in archive.entries().unwrap() {
        let path = entry.unwrap().path().unwrap().into_owned();
        assert!(path.starts_with("course"), "{path:?} is not under course/");
    }
    let second = import_tar_gz(&file).unwrap();
    assert_same_course(&first, &second);
}

// ---- a structure of our own, so these run without fixtures ----

fn b(
    block_type: &str,
    block_id: &str,
    fields: Value,
    data: Option<&str>,
    kids: &[(&str, &str)],
) -> Block {
    Block {
        block_type: block_type.into(),
        block_id: block_id.into(),
        fields: fields.as_object().unwrap().clone(),
        data: data.map(str::to_string),
        children: kids
            .iter()
            .map(|(t, i)| BlockRef {
                block_type: t.to_string(),
                block_id: i.to_string(),
            })
            .collect(),
    }
}

fn own_course() -> (CourseKey, Structure) {
    let key = CourseKey::new("Lyc", "Own", "R1").unwrap();
    let blocks = vec![
        b(
            "course",
            "R1",
            json!({
                "display_name": "Own & <course>",
                "self_paced": true,
                "start": "2030-01-01T00:00:00Z",
                "tabs": [{"type": "courseware"}],
                "show_calculator": true,
                "max_student_enrollments_allowed": 100,
                "grading_policy": {
                    "GRADER": [{"type": "Quiz", "short_label": "Q", "min_count": 1, "drop_count": 0, "weight": 1.0}],
                    "GRADE_CUTOFFS": {"Pass": 0.5}
                }
            }),
            None,
            &[("chapter", "c1")],
        ),
        b("chapter", "c1", json!({"display_name": "One"}), None, &[("sequential", "s1")]),
        b(
            "sequential",
            "s1",
            json!({"display_name": "Quiz", "graded": true, "format": "Quiz", "due": null}),
            None,
            &[("vertical", "v1")],
        ),
        b(
            "vertical",
            "v1",
            json!({"display_name": "Unit"}),
            None,
            &[("html", "h1"), ("problem", "p1"), ("problem", "p2"), ("poll", "x:y"), ("video", "empty")],
        ),
        b("html", "h1", json!({"display_name": "Intro", "editor": "raw"}), Some("<p>Hi & bye<br></p>\n"), &[]),
        b(
            "problem",
            "p1",
            json!({"display_name": "New name", "weight": 1.0, "max_attempts": 3, "markdown": "line1\nline2"}),
            Some("<?xml version=\"1.0\"?>\n<!-- kept -->\n<problem url_name=\"p1\" display_name=\"Old name\"\n   weight='1' markdown=\"old\" rerandomize=\"never\">\n  <p>2 &lt; 3 &amp; <![CDATA[<raw>]]></p>\n</problem>"),
            &[],
        ),
        b(
            "problem",
            "p2",
            json!({"display_name": "Namespaced", "weight": 2}),
            Some("<problem xmlns:m=\"urn:m\" display_name=\"Namespaced\"><m:x a=\"1\"/></problem>"),
            &[],
        ),
        b("poll", "x:y", json!({"question": "Tea?", "xblock-family": "xblock.v1"}), Some("<poll question=\"Tea?\" xblock-family=\"xblock.v1\"/>"), &[]),
        b("video", "empty", json!({"display_name": "No data"}), None, &[]),
    ];
    let structure = Structure {
        root: BlockRef {
            block_type: "course".into(),
            block_id: "R1".into(),
        },
        blocks,
    };
    (key, structure)
}

#[test]
fn a_structure_of_our_own_comes_back_with_the_same_fields_and_content() {
    let (key, structure) = own_course();
    let out = tempfile::tempdir().unwrap();
    export_dir(&key, &structure, out.path()).unwrap();
    assert!(
        out.path().join("poll/x/y.xml").is_file(),
        "`:` in an id is a folder"
    );
    let back = import_dir(out.path()).unwrap();
    assert_eq!(back.course_key, key);
    let s = &back.structure;
    assert_eq!(s.root, structure.root);
    assert_eq!(s.blocks.len(), structure.blocks.len());
    for (x, y) in structure.blocks.iter().zip(&s.blocks) {
        assert_eq!((&x.block_type, &x.block_id), (&y.block_type, &y.block_id));
        assert_eq!(x.fields, y.fields, "{} {}", x.block_type, x.block_id);
        assert_eq!(x.children, y.children);
    }
    let data = |t: &str, i: &str| {
        s.blocks
            .iter()
            .find(|x| x.block_type == t && x.block_id == i)
            .unwrap()
            .data
            .clone()
            .unwrap()
    };
    assert_eq!(data("html", "h1"), "<p>Hi & bye<br></p>\n");
    let p1 = std::fs::read_to_string(out.path().join("problem/p1.xml")).unwrap();
    assert_eq!(
        p1,
        "<?xml version=\"1.0\"?>\n<!-- kept -->\n<problem display_name=\"New name\" weight=\"1\" markdown=\"line1&#10;line2\" max_attempts=\"3\">\n  <p>2 &lt; 3 &amp; <![CDATA[<raw>]]></p>\n</problem>\n",
        "prolog and content kept; unchanged attribute text kept, changed ones written, \
         new ones appended, `rerandomize` (no longer a field) and `url_name` dropped"
    );
    assert!(data("problem", "p2").contains("xmlns:m=\"urn:m\""));
    assert!(data("video", "empty").starts_with("<video display_name=\"No data\""));

    let policy: Value = serde_json::from_str(
        &std::fs::read_to_string(out.path().join("policies/R1/policy.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(policy["course/R1"]["tabs"], json!([{"type": "courseware"}]));
    assert_eq!(policy["course/R1"]["show_calculator"], json!(true));
    assert_eq!(policy["problem/p2"]["weight"], json!(2));
    assert!(policy["course/R1"].get("grading_policy").is_none());
    let course_xml = std::fs::read_to_string(out.path().join("course/R1.xml")).unwrap();
    assert!(course_xml.contains("display_name=\"Own &amp; &lt;course&gt;\""));
    assert!(!course_xml.contains("tabs="));
    assert!(!course_xml.contains("grading_policy"));
    assert!(out.path().join("policies/R1/grading_policy.json").is_file());
}

#[test]
fn an_export_refuses_a_non_empty_folder_a_missing_child_and_a_bad_id() {
    let (key, structure) = own_course();
    let out = tempfile::tempdir().unwrap();
    std::fs::write(out.path().join("stale.txt"), "x").unwrap();
    let e = export_dir(&key, &structure, out.path()).unwrap_err();
    assert!(matches!(e, ExportError::OutputNotEmpty(_)), "{e}");

    let mut missing = structure.clone();
    missing.blocks.retain(|x| x.block_id != "p2");
    let e = export_dir(&key, &missing, &out.path().join("a")).unwrap_err();
    assert!(e.to_string().contains("problem `p2`"), "{e}");

    let mut bad = structure.clone();
    for x in &mut bad.blocks {
        if x.block_id == "p2" {
            x.block_id = "../p2".into();
        }
        for c in &mut x.children {
            if c.block_id == "p2" {
                c.block_id = "../p2".into();
            }
        }
    }
    let e = export_dir(&key, &bad, &out.path().join("b")).unwrap_err();
    assert!(matches!(e, ExportError::InvalidBlockId { .. }), "{e}");
}
