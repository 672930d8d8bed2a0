//! OLX export: writes a [`Structure`] as an Open edX course export (a folder
//! or a `.tar.gz`), in the layout [`super::import`] reads back.
//!
//! - `course.xml` points to `course/RUN.xml` (RUN = the root block's id);
//!   every block is its own file `<type>/<id>.xml` (a `:` in an id is a
//!   sub-folder, as the importer reads it) and its parent holds a pointer
//!   `<type url_name="id"/>`, so ids survive a re-import exactly, generated
//!   ones included.
//! - Containers (`course`, `chapter`, `sequential`, `vertical`) are written
//!   from their fields and children; `html` as `html/<id>.xml` +
//!   `html/<id>.html` (the body, byte for byte); every other block from its
//!   `data` (its original XML element): the prolog, the element's content and
//!   its end tag are kept as they are and only the start tag is written
//!   again, with attributes from the block's current fields. An attribute
//!   whose field still has the value the importer read from it keeps its
//!   original text; namespace declarations are kept.
//! - A field goes into an attribute only if the importer reads that
//!   attribute back as the same JSON value: strings always; booleans and
//!   numbers only for the fields the importer types (`graded`, `weight`,
//!   ...). Everything else (objects, arrays, null, other booleans and
//!   numbers, names that are not XML attribute names) goes into
//!   `policies/RUN/policy.json` under `<type>/<id>`, which the importer
//!   applies over the attributes. The course's `grading_policy` object goes
//!   into `policies/RUN/grading_policy.json`.
//! - Only blocks reachable from the root are written; static assets are not
//!   part of a structure and are not written.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::import::typed_value;
use roxmltree::{Document, ParsingOptions};
use serde_json::{Map, Value};
use shared_types::CourseKey;

use crate::store::content::{Block, BlockRef, Structure};

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("the structure's root is {block_type} `{block_id}`, not a course block")]
    RootNotACourse {
        block_type: String,
        block_id: String,
    },
    #[error("{parent} has the child {block_type} `{block_id}`, which is not in the structure")]
    MissingBlock {
        parent: String,
        block_type: String,
        block_id: String,
    },
    #[error("the block type `{0}` cannot be an OLX tag and folder name")]
    InvalidBlockType(String),
    #[error("{block_type} `{block_id}`: the id cannot be an OLX url_name and file name")]
    InvalidBlockId {
        block_type: String,
        block_id: String,
    },
    #[error("{block_type} `{block_id}`: its data is not well-formed XML: {message}")]
    InvalidData {
        block_type: String,
        block_id: String,
        message: String,
    },
    #[error("the course file name `{0}` cannot be written into static/")]
    InvalidStaticName(String),
    #[error("the output folder {0} is not empty")]
    OutputNotEmpty(PathBuf),
    #[error("cannot write {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> ExportError + '_ {
    move |source| ExportError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Writes the course as an OLX folder in `out`, which must be missing or
/// empty (created if missing).
pub fn export_dir(
    course_key: &CourseKey,
    structure: &Structure,
    out: &Path,
) -> Result<(), ExportError> {
    let files = render(course_key, structure)?;
    if out.exists() {
        let mut entries = fs::read_dir(out).map_err(io_error(out))?;
        if entries.next().is_some() {
            return Err(ExportError::OutputNotEmpty(out.to_path_buf()));
        }
    }
    for (rel, bytes) in &files {
        let path = out.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(io_error(parent))?;
        }
        fs::write(&path, bytes).map_err(io_error(&path))?;
    }
    Ok(())
}

/// Writes the course as a `.tar.gz` holding the OLX folder as `course/`, as
/// Open edX exports do. Entries are sorted and dated 1970 so the same
/// structure gives the same archive. Nothing is left at `out_file` on error.
pub fn export_tar_gz(
    course_key: &CourseKey,
    structure: &Structure,
    out_file: &Path,
) -> Result<(), ExportError> {
    export_tar_gz_with_static(course_key, structure, &[], out_file)
}

/// As [`export_tar_gz`], with the course's files written under `static/`
/// (name, bytes).
pub fn export_tar_gz_with_static(
    course_key: &CourseKey,
    structure: &Structure,
    static_files: &[(String, Vec<u8>)],
    out_file: &Path,
) -> Result<(), ExportError> {
    let mut files = render(course_key, structure)?;
    for (name, bytes) in static_files {
        let safe = !name.is_empty()
            && name
                .split('/')
                .all(|seg| !seg.is_empty() && seg != "." && seg != ".." && !seg.contains('\\'));
        if !safe {
            return Err(ExportError::InvalidStaticName(name.clone()));
        }
        files.insert(format!("static/{name}"), bytes.clone());
    }
    let result = write_tar_gz(&files, out_file);
    if result.is_err() {
        let _ = fs::remove_file(out_file);
    }
    result
}

fn write_tar_gz(files: &BTreeMap<String, Vec<u8>>, out_file: &Path) -> Result<(), ExportError> {
    let err = io_error(out_file);
    let run = || -> std::io::Result<()> {
        let file = fs::File::create(out_file)?;
        let gz = flate2::write::GzEncoder::new(file, flate2::Compression::default());
        let mut builder = tar::Builder::new(gz);
        for (rel, bytes) in files {
            let mut header = tar::Header::new_gnu();
            header.set_entry_type(tar::EntryType::Regular);
            header.set_size(bytes.len() as u64);
            header.set_mode(0o644);
            header.set_mtime(0);
            builder.append_data(&mut header, format!("course/{rel}"), bytes.as_slice())?;
        }
        let mut file = builder.into_inner()?.finish()?;
        file.flush()?;
        file.sync_all()
    };
    run().map_err(err)
}

/// Block types whose children are written as pointer child elements.
const CONTAINERS: &[&str] = &["course", "chapter", "sequential", "vertical"];

/// The files of the export: path relative to the course folder (`/`
/// separated) → content.
fn render(
    course_key: &CourseKey,
    structure: &Structure,
) -> Result<BTreeMap<String, Vec<u8>>, ExportError> {
    let root = &structure.root;
    if root.block_type != "course" {
        return Err(ExportError::RootNotACourse {
            block_type: root.block_type.clone(),
            block_id: root.block_id.clone(),
        });
    }
    let run = root.block_id.as_str();
    let index: HashMap<(&str, &str), &Block> = structure
        .blocks
        .iter()
        .map(|b| ((b.block_type.as_str(), b.block_id.as_str()), b))
        .collect();
    let lookup = |r: &BlockRef, parent: &str| {
        index
            .get(&(r.block_type.as_str(), r.block_id.as_str()))
            .copied()
            .ok_or_else(|| ExportError::MissingBlock {
                parent: parent.to_string(),
                block_type: r.block_type.clone(),
                block_id: r.block_id.clone(),
            })
    };

    let mut files = BTreeMap::new();
    let mut policy = Map::new();
    files.insert(
        "course.xml".to_string(),
        format!(
            "<course url_name=\"{}\" org=\"{}\" course=\"{}\"/>\n",
            escape_attr(run),
            escape_attr(&course_key.org),
            escape_attr(&course_key.number)
        )
        .into_bytes(),
    );

    // Depth first, parents before children; each block is written once.
    let mut seen: HashSet<(&str, &str)> = HashSet::new();
    let mut stack: Vec<&Block> = vec![lookup(root, "the structure's root")?];
    while let Some(block) = stack.pop() {
        if !seen.insert((block.block_type.as_str(), block.block_id.as_str())) {
            continue;
        }
        let path = id_path(block)?;
        let mut settings = Map::new();
        let tag = block.block_type.as_str();
        if CONTAINERS.contains(&tag) {
            let mut fields = block.fields.clone();
            if tag == "course" {
                if let Some(Value::Object(grading)) = fields.remove("grading_policy") {
                    let text =
                        serde_json::to_string_pretty(&Value::Object(grading)).unwrap_or_default();
                    files.insert(
                        format!("policies/{run}/grading_policy.json"),
                        format!("{text}\n").into_bytes(),
                    );
                } else if let Some(other) = block.fields.get("grading_policy") {
                    fields.insert("grading_policy".into(), other.clone());
                }
            }
            let attrs = attributes(&fields, &[], &mut settings);
            let mut xml = format!("<{tag}{attrs}");
            if block.children.is_empty() {
                xml.push_str("/>\n");
            } else {
                xml.push_str(">\n");
                for c in &block.children {
                    xml.push_str(&pointer(c));
                }
                xml.push_str(&format!("</{tag}>\n"));
            }
            files.insert(format!("{tag}/{path}.xml"), xml.into_bytes());
        } else if tag == "html" {
            let mut fields = block.fields.clone();
            if let Some(f) = fields.remove("filename") {
                // The importer reads `filename` as the body's file name.
                settings.insert("filename".into(), f);
            }
            let attrs = attributes(&fields, &[], &mut settings);
            files.insert(
                format!("html/{path}.xml"),
                format!("<html filename=\"{}\"{attrs}/>\n", escape_attr(&path)).into_bytes(),
            );
            let body_rel = if path.ends_with(".html") {
                format!("html/{path}")
            } else {
                format!("html/{path}.html")
            };
            files.insert(
                body_rel,
                block.data.clone().unwrap_or_default().into_bytes(),
            );
        } else {
            let xml = match &block.data {
                Some(data) => reemit(block, data, &mut settings)?,
                None => {
                    let attrs = attributes(&block.fields, &[], &mut settings);
                    format!("<{tag}{attrs}/>\n")
                }
            };
            files.insert(format!("{tag}/{path}.xml"), xml.into_bytes());
        }
        if !settings.is_empty() || tag == "course" {
            policy.insert(format!("{tag}/{}", block.block_id), Value::Object(settings));
        }
        let name = format!("{tag} `{}`", block.block_id);
        for c in block.children.iter().rev() {
            stack.push(lookup(c, &name)?);
        }
    }
    let text = serde_json::to_string_pretty(&Value::Object(policy)).unwrap_or_default();
    files.insert(
        format!("policies/{run}/policy.json"),
        format!("{text}\n").into_bytes(),
    );
    Ok(files)
}

fn pointer(r: &BlockRef) -> String {
    format!(
        "  <{} url_name=\"{}\"/>\n",
        r.block_type,
        escape_attr(&r.block_id)
    )
}

/// The block's file path below its type folder, without extension: the id
/// with `:` as `/` (as the importer resolves pointers); checks type and id.
fn id_path(block: &Block) -> Result<String, ExportError> {
    if !is_xml_name(&block.block_type)
        || block.block_type.contains(':')
        || block.block_type.starts_with('.')
    {
        return Err(ExportError::InvalidBlockType(block.block_type.clone()));
    }
    let ok = block.block_id.split(':').all(|seg| {
        !seg.is_empty()
            && seg != "."
            && seg != ".."
            && !seg.contains(['/', '\\', '\0'])
            && !seg.chars().any(char::is_control)
    });
    if !ok {
        return Err(ExportError::InvalidBlockId {
            block_type: block.block_type.clone(),
            block_id: block.block_id.clone(),
        });
    }
    Ok(block.block_id.replace(':', "/"))
}

/// An attribute name without a namespace prefix.
fn is_xml_name(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// The start tag's attributes (` a="v" ...`) for `fields`. `original` are
/// the attributes of the element the block was imported from, as
/// (qualified name, local name, value): they come first, in their order,
/// with their text kept when the field still has the value read from it,
/// and kept also when the field goes to the policy (which overrides it on
/// import). Fields that cannot be attributes are added to `settings`.
fn attributes(
    fields: &Map<String, Value>,
    original: &[(&str, &str, &str)],
    settings: &mut Map<String, Value>,
) -> String {
    let mut out = String::new();
    let mut done: HashSet<&str> = HashSet::new();
    let push = |out: &mut String, name: &str, value: &str| {
        out.push(' ');
        out.push_str(name);
        out.push_str("=\"");
        out.push_str(&escape_attr(value));
        out.push('"');
    };
    for &(qname, local, raw) in original {
        if local == "url_name" || !done.insert(local) {
            continue;
        }
        let Some(value) = fields.get(local) else {
            continue; // removed since the import
        };
        if typed_value(local, raw) == *value {
            push(&mut out, qname, raw);
        } else if let Some(text) = as_attribute(local, value) {
            push(&mut out, qname, &text);
        } else {
            push(&mut out, qname, raw);
            settings.insert(local.to_string(), value.clone());
        }
    }
    for (name, value) in fields {
        if done.contains(name.as_str()) {
            continue;
        }
        let attr = if is_xml_name(name) && name != "url_name" && name != "xmlns" {
            as_attribute(name, value)
        } else {
            None
        };
        match attr {
            Some(text) => push(&mut out, name, &text),
            None => {
                settings.insert(name.clone(), value.clone());
            }
        }
    }
    out
}

/// The attribute text for a field value, if the importer reads it back as
/// the same value.
fn as_attribute(name: &str, value: &Value) -> Option<String> {
    let text = match value {
        Value::String(s) => return Some(s.clone()),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    (typed_value(name, &text) == *value).then_some(text)
}

/// The block's stored XML element with its start tag written again from its
/// fields; prolog, content, end tag and epilog kept as they are.
fn reemit(
    block: &Block,
    data: &str,
    settings: &mut Map<String, Value>,
) -> Result<String, ExportError> {
    let invalid = |message: String| ExportError::InvalidData {
        block_type: block.block_type.clone(),
        block_id: block.block_id.clone(),
        message,
    };
    crate::capa::check_entities(data).map_err(|e| invalid(e.to_string()))?;
    let options = ParsingOptions {
        allow_dtd: true,
        ..ParsingOptions::default()
    };
    let doc = Document::parse_with_options(data, options).map_err(|e| invalid(e.to_string()))?;
    crate::capa::check_depth(&doc).map_err(|e| invalid(e.to_string()))?;
    let root = doc.root_element();
    let range = root.range();
    let element = &data[range.clone()];
    let start_end = start_tag_end(element)
        .ok_or_else(|| invalid("the root element's start tag does not end".into()))?;
    let qname_len = element[1..]
        .find(|c: char| c.is_whitespace() || c == '/' || c == '>')
        .unwrap_or(0);
    let qname = &element[1..1 + qname_len];
    let self_closing = element[..start_end].ends_with('/');

    let mut start = format!("<{qname}");
    for ns in root.namespaces() {
        match ns.name() {
            Some("xml") => {}
            Some(prefix) => {
                start.push_str(&format!(" xmlns:{prefix}=\"{}\"", escape_attr(ns.uri())))
            }
            None => start.push_str(&format!(" xmlns=\"{}\"", escape_attr(ns.uri()))),
        }
    }
    let original: Vec<(&str, &str, &str)> = root
        .attributes()
        .map(|a| (&data[a.range_qname()], a.name(), a.value()))
        .collect();
    start.push_str(&attributes(&block.fields, &original, settings));

    let mut out = String::with_capacity(data.len() + 64);
    out.push_str(&data[..range.start]);
    out.push_str(&start);
    if self_closing {
        out.push_str("/>");
    } else {
        out.push('>');
        out.push_str(&element[start_end + 1..]);
    }
    out.push_str(&data[range.end..]);
    if !out.ends_with('\n') {
        out.push('\n');
    }
    Ok(out)
}

/// The index of the `>` that ends the start tag `element` begins with.
fn start_tag_end(element: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in element.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, '>') => return Some(i),
            _ => {}
        }
    }
    None
}

/// An attribute value escaped for double quotes, white space as character
/// references so that a reader's attribute normalisation keeps it.
pub(crate) fn escape_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests;
