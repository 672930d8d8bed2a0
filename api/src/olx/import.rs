//! OLX import: reads an Open edX course export (a folder or a `.tar.gz`) into
//! a [`Structure`], following Open edX's XML course importer.
//!
//! - `course.xml` names the course (`org`, `course`, `url_name` = the run);
//!   when it carries only those three it points to `course/RUN.xml`,
//!   otherwise the course is defined inline in it (the legacy form).
//! - A child element with only `url_name` (no other attribute, no content)
//!   points to `<tag>/<url_name>.xml`; any other element is defined inline.
//!   A legacy `filename` attribute on a non-html element points to
//!   `<tag>/<filename>.xml` (tolerated with a warning when missing, as
//!   Open edX's own test courses have such dangling references).
//! - Containers (`course`, `chapter`, `sequential`, `vertical`) get their
//!   child elements as children; `html` gets its body (`html/<filename>.html`
//!   or its inline content) as `data`; every other block keeps its whole XML
//!   element as `data`, so nothing is lost and it can be exported again.
//!   `library_content`, `split_test`, `conditional`, `randomize` and
//!   `itembank` keep their XML as `data` and their pointer children as
//!   children.
//! - `policies/RUN/policy.json` settings override XML attributes;
//!   `policies/RUN/grading_policy.json` becomes the course's
//!   `grading_policy` field.
//!
//! Any error aborts the import: nothing is returned partially.
//!
//! The export is untrusted input:
//! - every path built from its content (`url_name`, `filename`, the run) must
//!   be a plain relative path (only normal components) and, symlinks
//!   resolved, stay under the course root; otherwise the import is refused;
//! - a `.tar.gz` may unpack to at most [`ImportLimits::max_unpacked_bytes`]
//!   and [`ImportLimits::max_entries`] entries;
//! - `static/` files larger than [`ImportLimits::max_static_bytes`] are
//!   skipped with a warning, without being read.

use std::cell::Cell;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::fs;
use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::rc::Rc;
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{DateTime, NaiveDate, NaiveDateTime, SecondsFormat, Utc};
use roxmltree::{Document, Node, ParsingOptions};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use shared_types::CourseKey;

use crate::store::content::{Block, BlockRef, Structure};

/// Why an import failed: the file (relative to the course root), the line
/// when known, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OlxError {
    pub file: String,
    pub line: Option<u32>,
    pub message: String,
}

impl OlxError {
    fn new(file: impl Into<String>, line: Option<u32>, message: impl Into<String>) -> OlxError {
        OlxError {
            file: file.into(),
            line,
            message: message.into(),
        }
    }
}

impl fmt::Display for OlxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.file, line, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for OlxError {}

/// What an import found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportStats {
    /// Number of blocks of each type in the structure (the course included).
    pub blocks: BTreeMap<String, usize>,
    /// The files under `static/`, relative to it (`/` separated), sorted.
    pub assets: Vec<String>,
    /// Things tolerated, as Open edX does (e.g. a dangling legacy `filename`).
    pub warnings: Vec<String>,
}

/// An imported course.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedCourse {
    pub course_key: CourseKey,
    pub structure: Structure,
    pub stats: ImportStats,
    /// The files under `static/` (name relative to `static/`, bytes), for
    /// the course's file store.
    pub static_files: Vec<(String, Vec<u8>)>,
}

/// The default of [`ImportLimits::max_unpacked_bytes`]: 2 GiB.
pub const MAX_UNPACKED_BYTES: u64 = 2 << 30;
/// The default of [`ImportLimits::max_entries`].
pub const MAX_ARCHIVE_ENTRIES: u64 = 100_000;
/// The default of [`ImportLimits::max_static_bytes`]: 20 MiB, the default
/// `MAX_UPLOAD_BYTES` (the largest course file the asset store accepts).
pub const MAX_STATIC_BYTES: u64 = 20 << 20;

/// How much an import may read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportLimits {
    /// The most a `.tar.gz` may decompress to, in bytes (tar headers
    /// included); a larger archive is refused.
    pub max_unpacked_bytes: u64,
    /// The most entries (files, folders, anything) a `.tar.gz` may hold; an
    /// archive with more is refused.
    pub max_entries: u64,
    /// `static/` files larger than this are skipped with a warning (they
    /// are not read); give the asset store's own limit.
    pub max_static_bytes: u64,
}

impl Default for ImportLimits {
    fn default() -> ImportLimits {
        ImportLimits {
            max_unpacked_bytes: MAX_UNPACKED_BYTES,
            max_entries: MAX_ARCHIVE_ENTRIES,
            max_static_bytes: MAX_STATIC_BYTES,
        }
    }
}

/// `n` bytes, for people (`2 GiB`, `20 MiB`, `1500 bytes`).
fn bytes_text(n: u64) -> String {
    for (unit, size) in [("GiB", 1u64 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)] {
        if n >= size && n.checked_rem(size) == Some(0) {
            return format!("{} {unit}", n / size);
        }
    }
    format!("{n} bytes")
}

/// Imports the course export in the folder `path` (the folder holding
/// `course.xml`), with the default [`ImportLimits`].
pub fn import_dir(path: &Path) -> Result<ImportedCourse, OlxError> {
    import_dir_reporting(path, &|_, _| {})
}

/// What an import reports as it goes: percent done (0–100) and the step.
pub type Report<'a> = &'a (dyn Fn(u8, &str) + Sync);

/// An owned [`Report`], to hand to a task.
pub type Reporter = std::sync::Arc<dyn Fn(u8, &str) + Send + Sync>;

/// [`import_dir`], telling `report` how far it got; reading the course
/// takes it to 40%, reading the files to 60% (the rest is storing).
pub fn import_dir_reporting(path: &Path, report: Report<'_>) -> Result<ImportedCourse, OlxError> {
    import_dir_with_limits(path, ImportLimits::default(), report)
}

/// [`import_dir_reporting`] with the given limits (of which only
/// `max_static_bytes` applies to a folder).
pub fn import_dir_with_limits(
    path: &Path,
    limits: ImportLimits,
    report: Report<'_>,
) -> Result<ImportedCourse, OlxError> {
    report(20, "Reading the course");
    let mut course = Importer::new(path).run()?;
    report(40, "Reading the course files");
    let count = course.stats.assets.len().max(1);
    for (i, name) in course.stats.assets.iter().enumerate() {
        let file = format!("static/{name}");
        match read_static(&path.join(&file), limits.max_static_bytes)
            .map_err(|e| OlxError::new(&file, None, format!("cannot read: {e}")))?
        {
            Some(bytes) => course.static_files.push((name.clone(), bytes)),
            None => course.stats.warnings.push(format!(
                "{file}: larger than {}; skipped",
                bytes_text(limits.max_static_bytes)
            )),
        }
        report(
            40 + (20 * (i + 1) / count) as u8,
            "Reading the course files",
        );
    }
    Ok(course)
}

/// The bytes of the file at `path`, or `None` when it holds more than `max`
/// bytes (then it is not read: its size is checked first, and the reading
/// stops past `max` should it grow meanwhile).
fn read_static(path: &Path, max: u64) -> std::io::Result<Option<Vec<u8>>> {
    let file = fs::File::open(path)?;
    let size = file.metadata()?.len();
    if size > max {
        return Ok(None);
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(max.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Ok(None);
    }
    Ok(Some(bytes))
}

/// Imports a `.tar.gz` course export; `course.xml` may be at the top of the
/// archive or inside one top folder (Open edX exports are `course/...`).
pub fn import_tar_gz(path: &Path) -> Result<ImportedCourse, OlxError> {
    import_tar_gz_reporting(path, &|_, _| {})
}

/// [`import_tar_gz`], telling `report` how far it got (up to 60%).
pub fn import_tar_gz_reporting(
    path: &Path,
    report: Report<'_>,
) -> Result<ImportedCourse, OlxError> {
    import_tar_gz_with_limits(path, ImportLimits::default(), report)
}

/// [`import_tar_gz_reporting`] with the given limits.
pub fn import_tar_gz_with_limits(
    path: &Path,
    limits: ImportLimits,
    report: Report<'_>,
) -> Result<ImportedCourse, OlxError> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let archive_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let dir = std::env::temp_dir().join(format!(
        "lyceum-olx-{}-{}-{}",
        std::process::id(),
        nanos,
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    report(5, "Unpacking the archive");
    let result = extract(path, &dir, &archive_name, &limits).and_then(|()| {
        let root = find_course_root(&dir, &archive_name)?;
        import_dir_with_limits(&root, limits, report)
    });
    let _ = fs::remove_dir_all(&dir);
    result
}

/// A reader that fails once more than `left` bytes came through it, and
/// says so in `exceeded`.
struct Capped<R> {
    inner: R,
    left: u64,
    exceeded: Rc<Cell<bool>>,
}

impl<R: Read> Read for Capped<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let room = usize::try_from(self.left.saturating_add(1))
            .unwrap_or(usize::MAX)
            .min(buf.len());
        let n = self.inner.read(&mut buf[..room])?;
        if n as u64 > self.left {
            self.exceeded.set(true);
            return Err(std::io::Error::other("the size limit is exceeded"));
        }
        self.left -= n as u64;
        Ok(n)
    }
}

/// Unpacks the `.tar.gz` at `path` into `dir`, refusing an archive that
/// decompresses to more than `limits.max_unpacked_bytes` or holds more than
/// `limits.max_entries` entries.
fn extract(
    path: &Path,
    dir: &Path,
    archive_name: &str,
    limits: &ImportLimits,
) -> Result<(), OlxError> {
    let too_big = || {
        OlxError::new(
            archive_name,
            None,
            format!(
                "the archive unpacks to more than {}",
                bytes_text(limits.max_unpacked_bytes)
            ),
        )
    };
    let exceeded = Rc::new(Cell::new(false));
    let err = |e: std::io::Error| {
        if exceeded.get() {
            too_big()
        } else {
            OlxError::new(archive_name, None, format!("cannot extract: {e}"))
        }
    };
    fs::create_dir_all(dir).map_err(err)?;
    let file = fs::File::open(path).map_err(err)?;
    // Every decompressed byte counts (headers, skipped entries), so that
    // nothing in the archive can make it decompress without bound.
    let mut archive = tar::Archive::new(Capped {
        inner: flate2::read::GzDecoder::new(file),
        left: limits.max_unpacked_bytes,
        exceeded: exceeded.clone(),
    });
    let mut entries = 0u64;
    let mut declared = 0u64;
    for entry in archive.entries().map_err(err)? {
        let mut entry = entry.map_err(err)?;
        entries += 1;
        if entries > limits.max_entries {
            return Err(OlxError::new(
                archive_name,
                None,
                format!(
                    "the archive unpacks to more than {} files and folders",
                    limits.max_entries
                ),
            ));
        }
        // Refused before anything is written when the sizes its headers
        // declare are already too large.
        declared = declared.saturating_add(entry.size());
        if declared > limits.max_unpacked_bytes {
            return Err(too_big());
        }
        // Only files and folders: links could point outside the folder.
        let kind = entry.header().entry_type();
        if kind.is_file() || kind.is_dir() {
            entry.unpack_in(dir).map_err(err)?;
        }
    }
    Ok(())
}

fn find_course_root(dir: &Path, archive_name: &str) -> Result<PathBuf, OlxError> {
    if dir.join("course.xml").is_file() {
        return Ok(dir.to_path_buf());
    }
    let mut found = Vec::new();
    if let Ok(entries) = fs::read_dir(dir) {
        for entry in entries.flatten() {
            let p = entry.path();
            if p.is_dir() && p.join("course.xml").is_file() {
                found.push(p);
            }
        }
    }
    match found.len() {
        1 => Ok(found.remove(0)),
        0 => Err(OlxError::new(
            archive_name,
            None,
            "no course.xml at the top of the archive or in a top folder",
        )),
        _ => Err(OlxError::new(
            archive_name,
            None,
            "more than one top folder holds a course.xml",
        )),
    }
}

/// Block types whose child elements are blocks.
const CONTAINERS: &[&str] = &["course", "chapter", "sequential", "vertical"];
/// Block types kept as XML whose pointer children are blocks too.
const HYBRIDS: &[&str] = &[
    "library_content",
    "split_test",
    "conditional",
    "randomize",
    "itembank",
];
const BOOL_FIELDS: &[&str] = &[
    "graded",
    "self_paced",
    "show_reset_button",
    "visible_to_staff_only",
    "hide_after_due",
];
const FLOAT_FIELDS: &[&str] = &["weight", "days_early_for_beta"];
const INT_FIELDS: &[&str] = &["max_attempts", "submission_wait_seconds"];
const DATE_FIELDS: &[&str] = &["start", "due", "end", "enrollment_start", "enrollment_end"];
/// Open edX's default assignment types, used when there is no
/// grading_policy.json.
const DEFAULT_GRADER_TYPES: &[&str] = &["Homework", "Lab", "Midterm Exam", "Final Exam"];

/// Where a block is defined.
struct Origin {
    file: String,
    line: u32,
}

struct Importer {
    root: PathBuf,
    /// `root` with symlinks resolved: every file read must be under it.
    real_root: PathBuf,
    blocks: Vec<Block>,
    origins: Vec<Origin>,
    index: HashMap<(String, String), usize>,
    warnings: Vec<String>,
}

fn line_of(node: Node) -> u32 {
    node.document().text_pos_at(node.range().start).row
}

/// A child element that carries only `url_name` and no content.
fn is_pointer(node: Node) -> bool {
    let mut attrs = node.attributes();
    let only_url_name =
        matches!(attrs.next(), Some(a) if a.name() == "url_name") && attrs.next().is_none();
    only_url_name
        && node
            .children()
            .all(|c| c.is_comment() || (c.is_text() && c.text().unwrap_or("").trim().is_empty()))
}

fn element_text<'i>(node: Node<'_, 'i>) -> &'i str {
    &node.document().input_text()[node.range()]
}

fn inner_text<'i>(node: Node<'_, 'i>) -> &'i str {
    match (node.first_child(), node.last_child()) {
        (Some(first), Some(last)) => {
            node.document().input_text()[first.range().start..last.range().end].trim()
        }
        _ => "",
    }
}

/// Whether `rel` (`/` separated) is a plain relative path: only normal
/// components, so no `..`, `.`, root, prefix or empty component.
fn is_plain_relative(rel: &str) -> bool {
    !rel.is_empty()
        && rel.split('/').all(|part| {
            let mut components = Path::new(part).components();
            matches!(components.next(), Some(Component::Normal(c)) if c == part)
                && components.next().is_none()
        })
}

fn generated_id(parent_id: &str, index: usize, tag: &str) -> String {
    let digest = Sha256::digest(format!("{parent_id}/{index}/{tag}").as_bytes());
    hex::encode(&digest[..16])
}

/// Open edX's date strings (`2013-02-05T05:00:00Z`, `+00:00`, or without a
/// zone, read as UTC) as RFC 3339 in UTC.
fn normalize_date(s: &str) -> Option<String> {
    let t = s.trim();
    let out = |d: DateTime<Utc>| d.to_rfc3339_opts(SecondsFormat::AutoSi, true);
    if let Ok(d) = DateTime::parse_from_rfc3339(t) {
        return Some(out(d.with_timezone(&Utc)));
    }
    for fmt in ["%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%d %H:%M:%S%.f%z"] {
        if let Ok(d) = DateTime::parse_from_str(t, fmt) {
            return Some(out(d.with_timezone(&Utc)));
        }
    }
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(d) = NaiveDateTime::parse_from_str(t, fmt) {
            return Some(out(d.and_utc()));
        }
    }
    NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|d| out(d.and_utc()))
}

fn is_empty_value(raw: &str) -> bool {
    let t = raw.trim();
    t.is_empty() || t == "null" || t == "None"
}

/// An attribute's value, typed for the fields Lyceum reads.
pub(crate) fn typed_value(key: &str, raw: &str) -> Value {
    let t = raw.trim();
    if BOOL_FIELDS.contains(&key) {
        match t.to_ascii_lowercase().as_str() {
            "true" => return Value::Bool(true),
            "false" => return Value::Bool(false),
            _ => {}
        }
    } else if FLOAT_FIELDS.contains(&key) {
        if is_empty_value(t) {
            return Value::Null;
        }
        if let Some(n) = t.parse::<f64>().ok().and_then(serde_json::Number::from_f64) {
            return Value::Number(n);
        }
    } else if INT_FIELDS.contains(&key) {
        if is_empty_value(t) {
            return Value::Null;
        }
        if let Ok(n) = t.parse::<i64>() {
            return Value::from(n);
        }
        if let Ok(f) = t.parse::<f64>() {
            if f.fract() == 0.0 && f.abs() < 9.0e15 {
                return Value::from(f as i64);
            }
        }
    } else if DATE_FIELDS.contains(&key) {
        if is_empty_value(t) {
            return Value::Null;
        }
        if let Some(d) = normalize_date(t) {
            return Value::String(d);
        }
    }
    Value::String(raw.to_string())
}

/// A policy.json value: as it is, except strings of typed fields.
fn policy_value(key: &str, value: &Value) -> Value {
    match value {
        Value::String(s) => typed_value(key, s),
        other => other.clone(),
    }
}

/// Parses an OLX file: DOCTYPEs allowed (Open edX writes them), entity
/// declarations and absurd nesting refused (they could exhaust memory or
/// the stack).
fn parse_xml<'a>(file: &str, text: &'a str) -> Result<Document<'a>, OlxError> {
    crate::capa::check_entities(text).map_err(|e| OlxError::new(file, None, e.to_string()))?;
    let options = ParsingOptions {
        allow_dtd: true,
        ..ParsingOptions::default()
    };
    let doc = Document::parse_with_options(text, options)
        .map_err(|e| OlxError::new(file, Some(e.pos().row), format!("invalid XML: {e}")))?;
    crate::capa::check_depth(&doc).map_err(|e| OlxError::new(file, None, e.to_string()))?;
    Ok(doc)
}

fn json_error(file: &str, e: &serde_json::Error) -> OlxError {
    let line = u32::try_from(e.line()).ok().filter(|l| *l > 0);
    OlxError::new(file, line, format!("invalid JSON: {e}"))
}

impl Importer {
    fn new(root: &Path) -> Importer {
        Importer {
            root: root.to_path_buf(),
            real_root: root.to_path_buf(),
            blocks: Vec::new(),
            origins: Vec::new(),
            index: HashMap::new(),
            warnings: Vec::new(),
        }
    }

    /// The file `rel`, a path built from the OLX content of `file` (at
    /// `line`) by `what`: refused when it is not a plain relative path or
    /// when it leads outside the course root (through a symlink); `None`
    /// when there is no such file.
    fn locate(
        &self,
        rel: &str,
        what: &str,
        file: &str,
        line: Option<u32>,
    ) -> Result<Option<PathBuf>, OlxError> {
        let outside = || {
            OlxError::new(
                file,
                line,
                format!("{what} points outside the course ({rel})"),
            )
        };
        if !is_plain_relative(rel) {
            return Err(outside());
        }
        let path = self.root.join(rel);
        // The nearest existing ancestor must be inside too, so that a
        // missing file says nothing about what lies outside.
        let mut probe = path.as_path();
        let real = loop {
            match probe.canonicalize() {
                Ok(real) => break real,
                Err(_) => match probe.parent() {
                    Some(parent) => probe = parent,
                    None => return Ok(None),
                },
            }
        };
        if !real.starts_with(&self.real_root) {
            return Err(outside());
        }
        Ok((probe == path && real.is_file()).then_some(real))
    }

    /// The text of the file at `path` (`rel` from the course root).
    fn read(path: &Path, rel: &str) -> Result<String, OlxError> {
        fs::read_to_string(path).map_err(|e| OlxError::new(rel, None, format!("cannot read: {e}")))
    }

    fn run(mut self) -> Result<ImportedCourse, OlxError> {
        const COURSE_XML: &str = "course.xml";
        let missing = || OlxError::new(COURSE_XML, None, "missing: not an OLX course export");
        self.real_root = self.root.canonicalize().map_err(|_| missing())?;
        let course_path = self
            .locate(COURSE_XML, COURSE_XML, COURSE_XML, None)?
            .ok_or_else(missing)?;
        let text = Self::read(&course_path, COURSE_XML)?;
        let doc = parse_xml(COURSE_XML, &text)?;
        let node = doc.root_element();
        let line = Some(line_of(node));
        if node.tag_name().name() != "course" {
            return Err(OlxError::new(
                COURSE_XML,
                line,
                format!(
                    "the root element is <{}>, not <course>",
                    node.tag_name().name()
                ),
            ));
        }
        let (Some(org), Some(number), Some(run)) = (
            node.attribute("org"),
            node.attribute("course"),
            node.attribute("url_name"),
        ) else {
            return Err(OlxError::new(
                COURSE_XML,
                line,
                "<course> needs the attributes org, course and url_name",
            ));
        };
        let course_key = CourseKey::new(org, number, run)
            .map_err(|e| OlxError::new(COURSE_XML, line, e.to_string()))?;

        let is_pointer = node
            .attributes()
            .all(|a| matches!(a.name(), "org" | "course" | "url_name"))
            && !node.children().any(|c| c.is_element());
        let root = if is_pointer {
            let rel = format!("course/{run}.xml");
            let what = format!("<course url_name=\"{run}\"/>");
            let Some(path) = self.locate(&rel, &what, COURSE_XML, line)? else {
                return Err(OlxError::new(
                    COURSE_XML,
                    line,
                    format!("points to the missing file {rel}"),
                ));
            };
            let text = Self::read(&path, &rel)?;
            let doc = parse_xml(&rel, &text)?;
            self.build("course", run, &rel, doc.root_element(), None)?
        } else {
            // Legacy inline course: org and course are the key, not fields.
            let r = self.build("course", run, COURSE_XML, node, None)?;
            let fields = &mut self.blocks[0].fields;
            fields.remove("org");
            fields.remove("course");
            r
        };

        self.apply_policies(run, COURSE_XML)?;

        let assets = self.assets()?;
        let mut stats = ImportStats {
            warnings: std::mem::take(&mut self.warnings),
            assets,
            ..ImportStats::default()
        };
        for b in &self.blocks {
            *stats.blocks.entry(b.block_type.clone()).or_default() += 1;
        }
        Ok(ImportedCourse {
            course_key,
            structure: Structure {
                root,
                blocks: self.blocks,
            },
            stats,
            static_files: Vec::new(),
        })
    }

    /// Loads the child element `node` of a block defined in `file`.
    fn load_child(
        &mut self,
        file: &str,
        node: Node,
        parent_id: &str,
        index: usize,
    ) -> Result<BlockRef, OlxError> {
        let tag = node.tag_name().name();
        if is_pointer(node) {
            let url_name = node.attribute("url_name").unwrap_or_default();
            let rel = format!("{tag}/{}.xml", url_name.replace(':', "/"));
            let what = format!("<{tag} url_name=\"{url_name}\"/>");
            let Some(path) = self.locate(&rel, &what, file, Some(line_of(node)))? else {
                return Err(OlxError::new(
                    file,
                    Some(line_of(node)),
                    format!("{what} points to the missing file {rel}"),
                ));
            };
            let text = Self::read(&path, &rel)?;
            let doc = parse_xml(&rel, &text)?;
            return self.build(tag, url_name, &rel, doc.root_element(), None);
        }
        let id = match node.attribute("url_name") {
            Some(id) if !id.is_empty() => id.to_string(),
            _ => generated_id(parent_id, index, tag),
        };
        if tag != "html" {
            if let Some(filename) = node.attribute("filename").filter(|f| !f.is_empty()) {
                let rel = if filename.ends_with(".xml") {
                    format!("{tag}/{filename}")
                } else {
                    format!("{tag}/{filename}.xml")
                };
                let what = format!("<{tag} filename=\"{filename}\">");
                if let Some(path) = self.locate(&rel, &what, file, Some(line_of(node)))? {
                    let text = Self::read(&path, &rel)?;
                    let doc = parse_xml(&rel, &text)?;
                    return self.build(tag, &id, &rel, doc.root_element(), Some(node));
                }
                self.warnings.push(format!(
                    "{file}:{}: <{tag} filename=\"{filename}\"> has no file {rel}; kept inline",
                    line_of(node)
                ));
            }
        }
        self.build(tag, &id, file, node, None)
    }

    /// Adds the block defined by `def` (in `file`), whose attributes are
    /// overridden by those of `overlay` (a legacy `filename` reference).
    fn build(
        &mut self,
        tag: &str,
        id: &str,
        file: &str,
        def: Node,
        overlay: Option<Node>,
    ) -> Result<BlockRef, OlxError> {
        let key = (tag.to_string(), id.to_string());
        let line = line_of(def);
        if let Some(&other) = self.index.get(&key) {
            let o = &self.origins[other];
            return Err(OlxError::new(
                file,
                Some(line),
                format!(
                    "duplicate block {tag} `{id}` (already defined at {}:{})",
                    o.file, o.line
                ),
            ));
        }
        let mut fields = Map::new();
        let mut html_filename = None;
        for node in std::iter::once(def).chain(overlay) {
            for a in node.attributes() {
                match a.name() {
                    "url_name" => {}
                    "filename" if tag == "html" => html_filename = Some(a.value().to_string()),
                    "filename" if overlay.is_some() => {}
                    name => {
                        fields.insert(name.to_string(), typed_value(name, a.value()));
                    }
                }
            }
        }
        let slot = self.blocks.len();
        self.index.insert(key, slot);
        self.origins.push(Origin {
            file: file.to_string(),
            line,
        });
        self.blocks.push(Block {
            block_type: tag.to_string(),
            block_id: id.to_string(),
            fields,
            data: None,
            children: Vec::new(),
        });

        let mut children = Vec::new();
        let data = if CONTAINERS.contains(&tag) {
            for (i, child) in def.children().filter(|c| c.is_element()).enumerate() {
                children.push(self.load_child(file, child, id, i)?);
            }
            None
        } else if tag == "html" {
            match html_filename.filter(|f| !f.is_empty()) {
                Some(name) => {
                    let rel = if name.ends_with(".html") {
                        format!("html/{name}")
                    } else {
                        format!("html/{name}.html")
                    };
                    let what = format!("<html filename=\"{name}\">");
                    let cannot_read = |e: &dyn fmt::Display| {
                        OlxError::new(
                            file,
                            Some(line),
                            format!("the html body {rel} cannot be read: {e}"),
                        )
                    };
                    let path = self
                        .locate(&rel, &what, file, Some(line))?
                        .ok_or_else(|| cannot_read(&"no such file"))?;
                    let bytes = fs::read(path).map_err(|e| cannot_read(&e))?;
                    Some(String::from_utf8_lossy(&bytes).into_owned())
                }
                None => Some(inner_text(def).to_string()),
            }
        } else {
            if HYBRIDS.contains(&tag) {
                for (i, child) in def.children().filter(|c| c.is_element()).enumerate() {
                    if is_pointer(child) {
                        children.push(self.load_child(file, child, id, i)?);
                    }
                }
            }
            Some(element_text(def).to_string())
        };
        let block = &mut self.blocks[slot];
        block.data = data;
        block.children = children;
        Ok(BlockRef {
            block_type: tag.to_string(),
            block_id: id.to_string(),
        })
    }

    /// Applies `policies/RUN/`, `run` coming from `course_xml`.
    fn apply_policies(&mut self, run: &str, course_xml: &str) -> Result<(), OlxError> {
        let what = format!("<course url_name=\"{run}\">");
        let policy_rel = format!("policies/{run}/policy.json");
        if let Some(path) = self.locate(&policy_rel, &what, course_xml, None)? {
            let text = Self::read(&path, &policy_rel)?;
            let policy: Value =
                serde_json::from_str(&text).map_err(|e| json_error(&policy_rel, &e))?;
            let Value::Object(entries) = policy else {
                return Err(OlxError::new(&policy_rel, None, "is not a JSON object"));
            };
            for (key, settings) in entries {
                let Some((category, url_name)) = key.split_once('/') else {
                    continue;
                };
                let Some(&slot) = self
                    .index
                    .get(&(category.to_string(), url_name.to_string()))
                else {
                    continue;
                };
                let Value::Object(settings) = settings else {
                    return Err(OlxError::new(
                        &policy_rel,
                        None,
                        format!("the settings of `{key}` are not a JSON object"),
                    ));
                };
                let fields = &mut self.blocks[slot].fields;
                for (name, value) in settings {
                    let v = policy_value(&name, &value);
                    fields.insert(name, v);
                }
            }
        }

        let grading_rel = format!("policies/{run}/grading_policy.json");
        let types: Vec<String> =
            if let Some(path) = self.locate(&grading_rel, &what, course_xml, None)? {
                let text = Self::read(&path, &grading_rel)?;
                let policy: Value =
                    serde_json::from_str(&text).map_err(|e| json_error(&grading_rel, &e))?;
                let Some(grader) = policy.get("GRADER").and_then(Value::as_array) else {
                    return Err(OlxError::new(&grading_rel, None, "has no GRADER list"));
                };
                let types = grader
                    .iter()
                    .filter_map(|g| g.get("type").and_then(Value::as_str))
                    .map(str::to_string)
                    .collect();
                self.blocks[0]
                    .fields
                    .insert("grading_policy".into(), policy);
                types
            } else {
                DEFAULT_GRADER_TYPES.iter().map(|s| s.to_string()).collect()
            };

        for (block, origin) in self.blocks.iter().zip(&self.origins) {
            if block.block_type != "sequential"
                || block.fields.get("graded") != Some(&Value::Bool(true))
            {
                continue;
            }
            let Some(format) = block.fields.get("format").and_then(Value::as_str) else {
                continue;
            };
            if !format.is_empty() && !types.iter().any(|t| t == format) {
                return Err(OlxError::new(
                    &origin.file,
                    Some(origin.line),
                    format!(
                        "unknown grading format `{format}` on graded sequential `{}` (the grading policy has: {})",
                        block.block_id,
                        types.join(", ")
                    ),
                ));
            }
        }
        Ok(())
    }

    /// The files under `static/`, relative to it; a symlink leading
    /// outside the course is refused, one to a folder is not followed.
    fn assets(&mut self) -> Result<Vec<String>, OlxError> {
        fn walk(
            importer: &mut Importer,
            dir: &Path,
            prefix: &str,
            out: &mut Vec<String>,
        ) -> Result<(), OlxError> {
            let Ok(entries) = fs::read_dir(dir) else {
                return Ok(());
            };
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                let rel = format!("{prefix}/{name}");
                let path = entry.path();
                let Ok(kind) = entry.file_type() else {
                    continue;
                };
                if kind.is_symlink() {
                    let Ok(real) = path.canonicalize() else {
                        importer
                            .warnings
                            .push(format!("{rel}: a broken link; skipped"));
                        continue;
                    };
                    if !real.starts_with(&importer.real_root) {
                        return Err(OlxError::new(
                            rel,
                            None,
                            "is a link that points outside the course",
                        ));
                    }
                    if real.is_file() {
                        out.push(rel);
                    } else {
                        importer
                            .warnings
                            .push(format!("{rel}: a link to a folder; not followed"));
                    }
                } else if kind.is_dir() {
                    walk(importer, &path, &rel, out)?;
                } else if kind.is_file() {
                    out.push(rel);
                }
            }
            Ok(())
        }
        let mut out = Vec::new();
        let dir = self.root.join("static");
        if let Ok(real) = dir.canonicalize() {
            if !real.starts_with(&self.real_root) {
                return Err(OlxError::new(
                    "static",
                    None,
                    "is a link that points outside the course",
                ));
            }
            walk(self, &real, "static", &mut out)?;
        }
        let mut out: Vec<String> = out
            .into_iter()
            .map(|rel| rel["static/".len()..].to_string())
            .collect();
        out.sort();
        Ok(out)
    }
}

#[cfg(test)]
mod tests;
