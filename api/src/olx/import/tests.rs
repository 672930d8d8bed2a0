use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use super::*;

/// A fixture course under `../shared/fixtures/olx/`, or `None` (said plainly)
/// when that folder is missing.
fn fixture(name: &str) -> Option<PathBuf> {
    let dir = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/fixtures/olx"
    ));
    if !dir.is_dir() {
        eprintln!(
            "SKIPPED: the OLX fixtures folder {} is missing; this test did not run",
            dir.display()
        );
        return None;
    }
    Some(dir.join(name))
}

fn block<'a>(s: &'a Structure, block_type: &str, block_id: &str) -> &'a Block {
    s.blocks
        .iter()
        .find(|b| b.block_type == block_type && b.block_id == block_id)
        .unwrap_or_else(|| panic!("no block {block_type} {block_id}"))
}

fn blocks_of<'a>(s: &'a Structure, block_type: &'a str) -> impl Iterator<Item = &'a Block> {
    s.blocks.iter().filter(move |b| b.block_type == block_type)
}

fn assert_refs_resolve(s: &Structure) {
    let all: HashSet<(&str, &str)> = s
        .blocks
        .iter()
        .map(|b| (b.block_type.as_str(), b.block_id.as_str()))
        .collect();
    assert_eq!(all.len(), s.blocks.len(), "block ids are unique");
    assert!(all.contains(&(s.root.block_type.as_str(), s.root.block_id.as_str())));
    for b in &s.blocks {
        for c in &b.children {
            assert!(
                all.contains(&(c.block_type.as_str(), c.block_id.as_str())),
                "{} {} has a dangling child {c:?}",
                b.block_type,
                b.block_id
            );
        }
    }
}

// ---- a tiny course of our own ----

const TINY: &[(&str, &str)] = &[
    (
        "course.xml",
        r#"<course url_name="T1" org="Lyc" course="Tiny"/>"#,
    ),
    (
        "course/T1.xml",
        r#"<course display_name="Tiny" self_paced="false" start="2030-01-01T00:00:00+00:00">
  <chapter url_name="ch1"/>
</course>
"#,
    ),
    (
        "chapter/ch1.xml",
        r#"<chapter display_name="One">
  <sequential url_name="s1"/>
</chapter>
"#,
    ),
    (
        "sequential/s1.xml",
        r#"<sequential display_name="Quiz one" graded="true" format="Quiz" due="2030-02-01T12:00:00+00:00">
  <vertical url_name="v1"/>
</sequential>
"#,
    ),
    (
        "vertical/v1.xml",
        r#"<vertical display_name="Unit">
  <html url_name="h1"/>
  <problem url_name="p1"/>
  <poll url_name="poll1" xblock-family="xblock.v1" question="Tea?"><answer id="y">Yes</answer></poll>
  <html display_name="Inline"><p>Inline <b>body</b></p></html>
</vertical>
"#,
    ),
    (
        "html/h1.xml",
        r#"<html filename="h1" display_name="Intro"/>"#,
    ),
    ("html/h1.html", "<p>Hello & welcome<br></p>\n"),
    (
        "problem/p1.xml",
        r#"<problem display_name="Sum" weight="2" max_attempts="3" show_reset_button="true">
  <numericalresponse answer="4"><formulaequationinput/></numericalresponse>
</problem>
"#,
    ),
    (
        "policies/T1/grading_policy.json",
        r#"{"GRADER": [{"type": "Quiz", "short_label": "Q", "min_count": 1, "drop_count": 0, "weight": 1.0}],
 "GRADE_CUTOFFS": {"Pass": 0.6}}"#,
    ),
    (
        "policies/T1/policy.json",
        r#"{"course/T1": {"display_name": "Tiny course", "tabs": []}, "problem/p1": {"max_attempts": 5}}"#,
    ),
    ("static/logo.png", "not really a png"),
    ("static/sub dir/notes.txt", "notes"),
];

fn write_course(dir: &Path, files: &[(&str, &str)]) {
    for (rel, text) in files {
        let path = dir.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
}

/// The tiny course with some files replaced (an empty text removes the file).
fn tiny_with(changes: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_course(dir.path(), TINY);
    for (rel, text) in changes {
        let path = dir.path().join(rel);
        if text.is_empty() {
            fs::remove_file(path).unwrap();
        } else {
            fs::write(path, text).unwrap();
        }
    }
    dir
}

fn import_err(changes: &[(&str, &str)]) -> OlxError {
    let dir = tiny_with(changes);
    match import_dir(dir.path()) {
        Ok(_) => panic!("the import should have failed"),
        Err(e) => e,
    }
}

#[test]
fn the_tiny_course_imports_with_typed_fields_policies_and_assets() {
    let dir = tiny_with(&[]);
    let c = import_dir(dir.path()).unwrap();
    assert_eq!(c.course_key.to_string(), "course-v1:Lyc+Tiny+T1");
    let s = &c.structure;
    assert_eq!(
        s.root,
        BlockRef {
            block_type: "course".into(),
            block_id: "T1".into()
        }
    );
    assert_refs_resolve(s);
    let counts: BTreeMap<String, usize> = [
        ("course", 1),
        ("chapter", 1),
        ("sequential", 1),
        ("vertical", 1),
        ("html", 2),
        ("problem", 1),
        ("poll", 1),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    assert_eq!(c.stats.blocks, counts);
    assert_eq!(c.stats.assets, vec!["logo.png", "sub dir/notes.txt"]);
    assert!(c.stats.warnings.is_empty());

    let course = block(s, "course", "T1");
    assert_eq!(
        course.fields["display_name"],
        json!("Tiny course"),
        "policy wins"
    );
    assert_eq!(course.fields["self_paced"], json!(false));
    assert_eq!(course.fields["start"], json!("2030-01-01T00:00:00Z"));
    assert_eq!(course.fields["tabs"], json!([]));
    assert_eq!(
        course.fields["grading_policy"]["GRADE_CUTOFFS"]["Pass"],
        json!(0.6)
    );
    assert!(!course.fields.contains_key("url_name"));

    let seq = block(s, "sequential", "s1");
    assert_eq!(seq.fields["graded"], json!(true));
    assert_eq!(seq.fields["format"], json!("Quiz"));
    assert_eq!(seq.fields["due"], json!("2030-02-01T12:00:00Z"));

    let unit = block(s, "vertical", "v1");
    assert_eq!(unit.children.len(), 4);
    assert_eq!(unit.children[2].block_id, "poll1");
    let inline_html = &unit.children[3];
    assert_eq!(inline_html.block_type, "html");
    assert_eq!(inline_html.block_id.len(), 32, "a generated hex id");

    let h1 = block(s, "html", "h1");
    assert_eq!(h1.data.as_deref(), Some("<p>Hello & welcome<br></p>\n"));
    assert_eq!(h1.fields["display_name"], json!("Intro"));
    assert!(!h1.fields.contains_key("filename"));
    let inline = block(s, "html", &inline_html.block_id);
    assert_eq!(inline.data.as_deref(), Some("<p>Inline <b>body</b></p>"));

    let p1 = block(s, "problem", "p1");
    assert_eq!(p1.fields["weight"], json!(2.0));
    assert_eq!(p1.fields["max_attempts"], json!(5), "policy wins");
    assert_eq!(p1.fields["show_reset_button"], json!(true));
    assert!(p1
        .data
        .as_deref()
        .unwrap()
        .starts_with("<problem display_name=\"Sum\""));
    assert!(p1.data.as_deref().unwrap().ends_with("</problem>"));

    let poll = block(s, "poll", "poll1");
    assert_eq!(
        poll.data.as_deref(),
        Some(
            r#"<poll url_name="poll1" xblock-family="xblock.v1" question="Tea?"><answer id="y">Yes</answer></poll>"#
        )
    );
    assert_eq!(poll.fields["question"], json!("Tea?"));

    let again = import_dir(dir.path()).unwrap();
    assert_eq!(again, c, "ids are stable");
}

#[test]
fn broken_xml_names_the_file_and_line() {
    let e = import_err(&[(
        "vertical/v1.xml",
        "<vertical>\n  <html url_name=\"h1\">\n</vertical>\n",
    )]);
    assert_eq!(e.file, "vertical/v1.xml");
    assert_eq!(e.line, Some(3));
    assert!(
        e.to_string().starts_with("vertical/v1.xml:3: invalid XML"),
        "{e}"
    );
}

#[test]
fn a_pointer_to_a_missing_file_names_the_pointing_file() {
    let e = import_err(&[("problem/p1.xml", "")]);
    assert_eq!(e.file, "vertical/v1.xml");
    assert_eq!(e.line, Some(3));
    assert!(e.message.contains("problem/p1.xml"), "{e}");
}

#[test]
fn an_unknown_grading_format_names_the_sequential_file() {
    let e = import_err(&[(
        "sequential/s1.xml",
        "<sequential graded=\"true\" format=\"Exam\">\n  <vertical url_name=\"v1\"/>\n</sequential>\n",
    )]);
    assert_eq!(e.file, "sequential/s1.xml");
    assert_eq!(e.line, Some(1));
    assert!(e.message.contains("unknown grading format `Exam`"), "{e}");
}

#[test]
fn an_ungraded_sequential_may_have_any_format() {
    let dir = tiny_with(&[(
        "sequential/s1.xml",
        "<sequential graded=\"false\" format=\"Exam\"><vertical url_name=\"v1\"/></sequential>",
    )]);
    assert!(import_dir(dir.path()).is_ok());
}

#[test]
fn a_duplicate_block_is_an_error() {
    let e = import_err(&[(
        "vertical/v1.xml",
        "<vertical>\n  <html url_name=\"h1\"/>\n  <html url_name=\"h1\"/>\n</vertical>\n",
    )]);
    assert_eq!(e.file, "html/h1.xml");
    assert!(e.message.contains("duplicate block html `h1`"), "{e}");
}

#[test]
fn a_grading_policy_without_grader_or_not_json_is_an_error() {
    let e = import_err(&[(
        "policies/T1/grading_policy.json",
        r#"{"GRADE_CUTOFFS": {}}"#,
    )]);
    assert_eq!(e.file, "policies/T1/grading_policy.json");
    assert!(e.message.contains("GRADER"), "{e}");
    let e = import_err(&[("policies/T1/grading_policy.json", "{\n\"GRADER\": [,\n}")]);
    assert_eq!(e.file, "policies/T1/grading_policy.json");
    assert_eq!(e.line, Some(2));
}

#[test]
fn a_course_xml_without_org_course_or_url_name_is_an_error() {
    let e = import_err(&[("course.xml", r#"<course url_name="T1" course="Tiny"/>"#)]);
    assert_eq!(e.file, "course.xml");
    assert_eq!(e.line, Some(1));
    assert!(e.message.contains("org"), "{e}");
}

#[test]
fn a_missing_html_body_is_an_error() {
    let e = import_err(&[("html/h1.html", "")]);
    assert_eq!(e.file, "html/h1.xml");
    assert!(e.message.contains("html/h1.html"), "{e}");
}

#[test]
fn unparseable_dates_are_kept_and_offsets_become_utc() {
    assert_eq!(typed_value("due", "soon"), json!("soon"));
    assert_eq!(typed_value("due", ""), Value::Null);
    assert_eq!(
        typed_value("start", "2013-02-05T05:00:00+02:00"),
        json!("2013-02-05T03:00:00Z")
    );
    assert_eq!(
        typed_value("end", "2012-09-05T12:00"),
        json!("2012-09-05T12:00:00Z")
    );
    assert_eq!(typed_value("graded", "True"), json!(true));
    assert_eq!(typed_value("max_attempts", ""), Value::Null);
    assert_eq!(typed_value("display_name", "true"), json!("true"));
}

fn tar_gz(src: &Path, out: &Path, top: Option<&str>) {
    let file = fs::File::create(out).unwrap();
    let gz = flate2::write::GzEncoder::new(file, flate2::Compression::default());
    let mut tar = tar::Builder::new(gz);
    tar.append_dir_all(top.unwrap_or("."), src).unwrap();
    tar.into_inner().unwrap().finish().unwrap();
}

#[test]
fn a_tar_gz_imports_the_same_as_the_folder_at_the_root_or_in_one_top_folder() {
    let dir = tiny_with(&[]);
    let from_dir = import_dir(dir.path()).unwrap();
    let out = tempfile::tempdir().unwrap();
    for top in [None, Some("course")] {
        let archive = out.path().join("tiny.tar.gz");
        tar_gz(dir.path(), &archive, top);
        let from_tar = import_tar_gz(&archive).unwrap();
        assert_eq!(from_tar, from_dir, "top folder {top:?}");
    }
    let e = import_tar_gz(&out.path().join("missing.tar.gz")).unwrap_err();
    assert_eq!(e.file, "missing.tar.gz");
}

#[test]
fn a_broken_tar_gz_reports_errors_relative_to_the_course_root() {
    let dir = tiny_with(&[(
        "chapter/ch1.xml",
        "<chapter><sequential url_name=\"nope\"/></chapter>",
    )]);
    let out = tempfile::tempdir().unwrap();
    let archive = out.path().join("tiny.tar.gz");
    tar_gz(dir.path(), &archive, Some("course"));
    let e = import_tar_gz(&archive).unwrap_err();
    assert_eq!(e.file, "chapter/ch1.xml");
    assert!(e.message.contains("sequential/nope.xml"), "{e}");
}

// ---- the real Open edX exports ----

#[test]
fn the_demo_course_imports_with_its_true_counts_grading_and_content() {
    let Some(root) = fixture("demo-course") else {
        return;
    };
    let c = import_dir(&root).unwrap();
    assert_eq!(
        c.course_key.to_string(),
        "course-v1:OpenedX+DemoX+DemoCourse"
    );
    let expected: BTreeMap<String, usize> = [
        ("course", 1),
        ("chapter", 6),
        ("sequential", 17),
        ("vertical", 58),
        ("html", 266),
        // 23 in units + the 6 library copies under library_content.
        ("problem", 29),
        ("video", 11),
        ("openassessment", 2),
        ("lti", 2),
        ("library_content", 1),
        ("annotatable", 1),
        ("drag-and-drop-v2", 1),
        ("edx_sga", 1),
        ("staffgradedxblock", 1),
        ("poll", 1),
        ("survey", 1),
        ("done", 1),
        ("discussion", 1),
        ("wiki", 1),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    assert_eq!(c.stats.blocks, expected);
    assert!(c.stats.warnings.is_empty(), "{:?}", c.stats.warnings);
    assert!(c.stats.assets.iter().any(|a| a == "Brain green.png"));

    let s = &c.structure;
    assert_refs_resolve(s);
    assert_eq!(s.root.block_id, "DemoCourse");
    for v in blocks_of(s, "vertical") {
        assert!(
            !v.children.is_empty(),
            "vertical {} has children",
            v.block_id
        );
    }
    let lib = blocks_of(s, "library_content").next().unwrap();
    assert_eq!(lib.children.len(), 6);
    assert!(lib.children.iter().all(|r| r.block_type == "problem"));
    assert!(lib.data.as_deref().unwrap().starts_with("<library_content"));

    let course = block(s, "course", "DemoCourse");
    assert_eq!(course.fields["self_paced"], json!(true));
    assert_eq!(course.fields["display_name"], json!("Open edX Demo Course"));
    assert_eq!(course.fields["start"], json!("2020-01-01T00:00:00Z"));
    let policy = &course.fields["grading_policy"];
    let graders: Vec<(&str, f64)> = policy["GRADER"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| (g["type"].as_str().unwrap(), g["weight"].as_f64().unwrap()))
        .collect();
    assert_eq!(
        graders,
        vec![
            ("Basic Assessment Tools", 0.3),
            ("Intermediate Assessment Tools", 0.35),
            ("Advanced Assessment Tools", 0.35)
        ]
    );
    assert_eq!(policy["GRADE_CUTOFFS"], json!({"Pass": 0.5}));

    let graded: Vec<&Block> = blocks_of(s, "sequential")
        .filter(|b| b.fields.get("graded") == Some(&json!(true)))
        .collect();
    assert_eq!(graded.len(), 3);

    let id = "bc9000c4b44f484fab3c013400cbeb11";
    let body = fs::read_to_string(root.join(format!("html/{id}.html"))).unwrap();
    let html = block(s, "html", id);
    assert_eq!(html.data.as_deref(), Some(body.as_str()));
    assert_eq!(
        html.fields["display_name"],
        json!("Basic  Assessment Tools")
    );

    for p in blocks_of(s, "problem") {
        assert!(
            p.data.as_deref().unwrap().starts_with("<problem"),
            "{}",
            p.block_id
        );
    }
    let ora = blocks_of(s, "openassessment").next().unwrap();
    assert!(ora.data.as_deref().unwrap().contains("<rubric"));
    let video = blocks_of(s, "video").next().unwrap();
    assert!(video.data.as_deref().unwrap().starts_with("<video"));
}

#[test]
fn the_edx_platform_due_date_course_imports_with_its_due_date_in_rfc_3339() {
    let Some(root) = fixture("edx-platform-due_date") else {
        return;
    };
    let c = import_dir(&root).unwrap();
    assert_eq!(c.course_key.to_string(), "course-v1:edX+due_date+2013_fall");
    assert_refs_resolve(&c.structure);
    let seq = blocks_of(&c.structure, "sequential").next().unwrap();
    assert_eq!(seq.fields["due"], json!("2013-09-18T11:30:00Z"));
    assert_eq!(seq.fields["start"], json!("1970-01-01T00:00:00Z"));
    let course = block(&c.structure, "course", "2013_fall");
    assert_eq!(course.fields["display_name"], json!("due_date"));
    assert!(course.fields["tabs"].is_array());
    assert!(!course.fields.contains_key("grading_policy"));
    assert_eq!(c.stats.blocks["problem"], 1);
}

#[test]
fn the_edx_platform_simple_legacy_inline_course_imports() {
    let Some(root) = fixture("edx-platform-simple") else {
        return;
    };
    let c = import_dir(&root).unwrap();
    assert_eq!(c.course_key.to_string(), "course-v1:edX+simple+2012_Fall");
    let s = &c.structure;
    assert_refs_resolve(s);
    let course = block(s, "course", "2012_Fall");
    assert_eq!(course.fields["display_name"], json!("A Simple Course"));
    assert!(!course.fields.contains_key("org"));
    assert_eq!(course.children.len(), 2);
    assert_eq!(c.stats.blocks["chapter"], 2);
    assert_eq!(c.stats.blocks["video"], 4);

    let toylab = blocks_of(s, "html")
        .find(|b| b.fields.get("display_name") == Some(&json!("toylab")))
        .unwrap();
    let body = fs::read_to_string(root.join("html/toylab.html")).unwrap();
    assert_eq!(toylab.data.as_deref(), Some(body.as_str()));
    assert_eq!(
        block(s, "html", "test_html").data.as_deref(),
        Some("Foobar")
    );
    assert_eq!(
        block(s, "discussion", "custom_id").fields["discussion_id"],
        json!("custom")
    );
    let ps01 = block(s, "problem", "ps01-simple");
    assert!(ps01.data.as_deref().unwrap().starts_with("<problem><style"));
    assert_eq!(ps01.fields["display_name"], json!("Simple coding problem"));
    // The dangling legacy reference is tolerated, as Open edX does.
    assert_eq!(c.stats.warnings.len(), 1);
    assert!(c.stats.warnings[0].contains("L1_Problem_1"));
}

// ---- untrusted paths ----

/// The tiny course in `course/` of a fresh folder that also holds
/// `secret.html` and `secret.xml` next to it (outside the course), with
/// some files of the course replaced.
fn tiny_beside_secrets(changes: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let outer = tempfile::tempdir().unwrap();
    let root = outer.path().join("course");
    write_course(&root, TINY);
    write_course(&root, changes);
    fs::write(outer.path().join("secret.html"), "<p>secret</p>").unwrap();
    fs::write(
        outer.path().join("secret.xml"),
        "<problem display_name=\"secret\"/>",
    )
    .unwrap();
    (outer, root)
}

fn assert_outside(e: &OlxError, file: &str, line: u32) {
    assert_eq!(e.file, file, "{e}");
    assert_eq!(e.line, Some(line), "{e}");
    assert!(e.message.contains("points outside the course"), "{e}");
}

#[test]
fn plain_relative_paths_have_only_normal_components() {
    for ok in [
        "html/h1.html",
        "problem/a/b.xml",
        "static/x y.png",
        "a..b/c.",
    ] {
        assert!(is_plain_relative(ok), "{ok}");
    }
    for bad in [
        "",
        "/etc/passwd",
        "html/../x",
        "..",
        "html/./x",
        "./x",
        "html//x",
        "html/",
        "html/..",
    ] {
        assert!(!is_plain_relative(bad), "{bad}");
    }
}

#[test]
fn an_html_filename_with_dot_dot_is_refused() {
    // html/../../secret.html is the existing file beside the course.
    let (_outer, root) = tiny_beside_secrets(&[(
        "html/h1.xml",
        r#"<html filename="../../secret" display_name="Intro"/>"#,
    )]);
    let e = import_dir(&root).unwrap_err();
    assert_outside(&e, "html/h1.xml", 1);
    assert!(e.message.contains("../../secret"), "{e}");

    // Inline in a vertical too, with the .html extension.
    let (_outer, root) = tiny_beside_secrets(&[(
        "vertical/v1.xml",
        "<vertical>\n  <html filename=\"../../../../../../../../etc/hostname.html\"/>\n</vertical>\n",
    )]);
    assert_outside(&import_dir(&root).unwrap_err(), "vertical/v1.xml", 2);
}

#[test]
fn a_pointer_url_name_with_dot_dot_is_refused() {
    // problem/../../secret.xml is the existing file beside the course.
    for url_name in ["../../secret", "..:..:secret"] {
        let (_outer, root) = tiny_beside_secrets(&[(
            "vertical/v1.xml",
            &format!("<vertical>\n  <html url_name=\"h1\"/>\n  <problem url_name=\"{url_name}\"/>\n</vertical>\n"),
        )]);
        let e = import_dir(&root).unwrap_err();
        assert_outside(&e, "vertical/v1.xml", 3);
        assert!(e.message.contains(url_name), "{e}");
    }
    // A legacy `filename` reference too.
    let (_outer, root) = tiny_beside_secrets(&[(
        "vertical/v1.xml",
        "<vertical>\n  <problem url_name=\"p9\" filename=\"../../secret\"/>\n</vertical>\n",
    )]);
    assert_outside(&import_dir(&root).unwrap_err(), "vertical/v1.xml", 2);
}

#[test]
fn an_absolute_or_empty_component_path_is_refused() {
    let (_outer, root) = tiny_beside_secrets(&[(
        "html/h1.xml",
        r#"<html filename="/etc/hostname" display_name="Intro"/>"#,
    )]);
    assert_outside(&import_dir(&root).unwrap_err(), "html/h1.xml", 1);

    let secret = _outer.path().join("secret");
    let (_outer, root) = tiny_beside_secrets(&[(
        "vertical/v1.xml",
        &format!(
            "<vertical>\n  <problem url_name=\"{}\"/>\n</vertical>\n",
            secret.display()
        ),
    )]);
    assert_outside(&import_dir(&root).unwrap_err(), "vertical/v1.xml", 2);

    let (_outer, root) = tiny_beside_secrets(&[(
        "vertical/v1.xml",
        "<vertical>\n  <problem url_name=\"a::b\"/>\n</vertical>\n",
    )]);
    assert_outside(&import_dir(&root).unwrap_err(), "vertical/v1.xml", 2);
}

#[cfg(unix)]
#[test]
fn a_symlink_leading_outside_the_course_is_refused() {
    use std::os::unix::fs::symlink;

    let (outer, root) = tiny_beside_secrets(&[]);
    fs::remove_file(root.join("html/h1.html")).unwrap();
    symlink(outer.path().join("secret.html"), root.join("html/h1.html")).unwrap();
    assert_outside(&import_dir(&root).unwrap_err(), "html/h1.xml", 1);

    // A linked folder: even a missing file in it is refused.
    let (outer, root) = tiny_beside_secrets(&[]);
    fs::remove_dir_all(root.join("problem")).unwrap();
    symlink(outer.path(), root.join("problem")).unwrap();
    assert_outside(&import_dir(&root).unwrap_err(), "vertical/v1.xml", 3);

    // A static file.
    let (outer, root) = tiny_beside_secrets(&[]);
    symlink(outer.path().join("secret.html"), root.join("static/s.html")).unwrap();
    let e = import_dir(&root).unwrap_err();
    assert_eq!(e.file, "static/s.html");
    assert!(e.message.contains("points outside the course"), "{e}");

    // A link inside the course is fine.
    let (_outer, root) = tiny_beside_secrets(&[]);
    symlink(root.join("static/logo.png"), root.join("static/again.png")).unwrap();
    let c = import_dir(&root).unwrap();
    assert_eq!(
        c.stats.assets,
        ["again.png", "logo.png", "sub dir/notes.txt"]
    );
}

// ---- resource limits ----

#[test]
fn the_default_limits() {
    let limits = ImportLimits::default();
    assert_eq!(limits.max_unpacked_bytes, 2 * 1024 * 1024 * 1024);
    assert_eq!(limits.max_entries, 100_000);
    assert_eq!(limits.max_static_bytes, 20 * 1024 * 1024);
}

#[test]
fn an_archive_unpacking_past_the_limit_is_refused() {
    // 4 MiB of zeros compress to a few KiB: a small gzip bomb.
    let dir = tiny_with(&[]);
    fs::write(dir.path().join("static/zeros.bin"), vec![0u8; 4 << 20]).unwrap();
    let out = tempfile::tempdir().unwrap();
    let archive = out.path().join("bomb.tar.gz");
    tar_gz(dir.path(), &archive, Some("course"));
    assert!(fs::metadata(&archive).unwrap().len() < 64 << 10);

    let limits = ImportLimits {
        max_unpacked_bytes: 1 << 20,
        ..ImportLimits::default()
    };
    let e = import_tar_gz_with_limits(&archive, limits, &|_, _| {}).unwrap_err();
    assert_eq!(e.file, "bomb.tar.gz");
    assert_eq!(e.message, "the archive unpacks to more than 1 MiB");

    // Within the limit it imports (and the file is kept as a course file).
    let limits = ImportLimits {
        max_unpacked_bytes: 8 << 20,
        ..ImportLimits::default()
    };
    let c = import_tar_gz_with_limits(&archive, limits, &|_, _| {}).unwrap();
    assert!(c.static_files.iter().any(|(n, _)| n == "zeros.bin"));
}

#[test]
fn tar_headers_count_towards_the_unpacked_size() {
    // Many empty entries: their declared sizes add up to nothing, but the
    // archive still decompresses to a header of 512 bytes each.
    let out = tempfile::tempdir().unwrap();
    let archive = out.path().join("headers.tar.gz");
    let file = fs::File::create(&archive).unwrap();
    let gz = flate2::write::GzEncoder::new(file, flate2::Compression::default());
    let mut tar = tar::Builder::new(gz);
    for i in 0..100 {
        let mut header = tar::Header::new_gnu();
        header.set_size(0);
        header.set_mode(0o644);
        header.set_entry_type(tar::EntryType::Regular);
        header.set_cksum();
        tar.append_data(&mut header, format!("f{i}"), std::io::empty())
            .unwrap();
    }
    tar.into_inner().unwrap().finish().unwrap();

    let limits = ImportLimits {
        max_unpacked_bytes: 10 << 10,
        ..ImportLimits::default()
    };
    let e = import_tar_gz_with_limits(&archive, limits, &|_, _| {}).unwrap_err();
    assert_eq!(e.file, "headers.tar.gz");
    assert_eq!(e.message, "the archive unpacks to more than 10 KiB");
}

#[test]
fn an_archive_with_too_many_entries_is_refused() {
    let dir = tiny_with(&[]);
    let out = tempfile::tempdir().unwrap();
    let archive = out.path().join("tiny.tar.gz");
    tar_gz(dir.path(), &archive, Some("course"));
    let limits = ImportLimits {
        max_entries: 5,
        ..ImportLimits::default()
    };
    let e = import_tar_gz_with_limits(&archive, limits, &|_, _| {}).unwrap_err();
    assert_eq!(e.file, "tiny.tar.gz");
    assert_eq!(
        e.message,
        "the archive unpacks to more than 5 files and folders"
    );
}

#[test]
fn an_oversized_static_file_is_skipped_with_a_warning() {
    let dir = tiny_with(&[]);
    fs::write(dir.path().join("static/big.bin"), vec![7u8; 2048]).unwrap();
    fs::write(dir.path().join("static/edge.bin"), vec![7u8; 1024]).unwrap();
    let limits = ImportLimits {
        max_static_bytes: 1024,
        ..ImportLimits::default()
    };
    let check = |c: &ImportedCourse| {
        let names: Vec<&str> = c.static_files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["edge.bin", "logo.png", "sub dir/notes.txt"]);
        assert_eq!(
            c.stats.warnings,
            ["static/big.bin: larger than 1 KiB; skipped"]
        );
        // Still listed as found under static/.
        assert!(c.stats.assets.iter().any(|a| a == "big.bin"));
    };
    check(&import_dir_with_limits(dir.path(), limits, &|_, _| {}).unwrap());

    let out = tempfile::tempdir().unwrap();
    let archive = out.path().join("tiny.tar.gz");
    tar_gz(dir.path(), &archive, None);
    check(&import_tar_gz_with_limits(&archive, limits, &|_, _| {}).unwrap());

    // With the defaults it is kept.
    let c = import_dir(dir.path()).unwrap();
    assert!(c
        .static_files
        .iter()
        .any(|(n, b)| n == "big.bin" && b.len() == 2048));
    assert!(c.stats.warnings.is_empty());
}
