//! A published course version prepared for learners: the blocks as a tree
//! with the settings Open edX inherits down the tree (start, due,
//! staff-only), each problem's possible points and the grading policy.
//! A version never changes, so the tree is built once per version id and
//! shared ([`TreeCache`]).

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};
use shared_types::{AdvancedSettings, CourseDetails, CourseKey, GradingPolicy};

use super::authoring::{
    advanced_of, date_field, default_grading_policy, details_of, policy_from_olx,
};
use crate::capa;
use crate::store::content::{Block, BlockRef, Structure};

/// Block types whose completion counts toward their parents'.
pub const COMPLETABLE: &[&str] = &["html", "problem", "video", "openassessment"];

/// One block with what it inherited.
#[derive(Debug, Clone)]
pub struct Node {
    /// The usage key, `block-v1:...`.
    pub id: String,
    pub block_type: String,
    pub display_name: String,
    pub fields: Map<String, Value>,
    pub data: Option<String>,
    pub parent: Option<usize>,
    pub children: Vec<usize>,
    /// Released at: its own `start`, else its parent's.
    pub start: Option<DateTime<Utc>>,
    /// Due at: its own `due`, else its parent's.
    pub due: Option<DateTime<Utc>>,
    /// Only for staff: its own flag or any ancestor's.
    pub staff_only: bool,
    pub graded: bool,
    pub format: Option<String>,
    /// Content hidden from learners once due (a subsection setting, inherited).
    pub hide_after_due: bool,
    /// `always`, `past_due` or `never` (inherited).
    pub show_correctness: String,
    /// A problem's points: its weight, else the points of its questions.
    pub possible: f64,
}

/// A published version ready for learners.
#[derive(Debug)]
pub struct CourseTree {
    pub key: CourseKey,
    pub version: String,
    pub details: CourseDetails,
    pub advanced: AdvancedSettings,
    pub grading: GradingPolicy,
    /// Index 0 is the course.
    pub nodes: Vec<Node>,
    pub by_id: HashMap<String, usize>,
}

impl CourseTree {
    /// Builds the tree of a structure (blocks missing from it are skipped).
    pub fn build(key: CourseKey, version: String, structure: &Structure) -> CourseTree {
        let blocks: HashMap<(&str, &str), &Block> = structure
            .blocks
            .iter()
            .map(|b| ((b.block_type.as_str(), b.block_id.as_str()), b))
            .collect();
        let empty = Map::new();
        let root_fields = blocks
            .get(&(
                structure.root.block_type.as_str(),
                structure.root.block_id.as_str(),
            ))
            .map_or(&empty, |b| &b.fields);
        let mut tree = CourseTree {
            details: details_of(root_fields),
            advanced: advanced_of(root_fields),
            grading: root_fields
                .get("grading_policy")
                .and_then(policy_from_olx)
                .unwrap_or_else(default_grading_policy),
            key,
            version,
            nodes: Vec::with_capacity(structure.blocks.len()),
            by_id: HashMap::with_capacity(structure.blocks.len()),
        };
        // Depth first, parents before children; a block reached twice (a
        // malformed structure) is taken once.
        let mut todo: Vec<(BlockRef, Option<usize>)> = vec![(structure.root.clone(), None)];
        while let Some((at, parent)) = todo.pop() {
            let Some(block) = blocks.get(&(at.block_type.as_str(), at.block_id.as_str())) else {
                continue;
            };
            let Ok(id) = tree.key.block(&at.block_type, &at.block_id) else {
                continue;
            };
            let id = id.to_string();
            if tree.by_id.contains_key(&id) {
                continue;
            }
            let index = tree.nodes.len();
            let node = tree.node(block, id.clone(), parent);
            tree.nodes.push(node);
            tree.by_id.insert(id, index);
            if let Some(p) = parent {
                tree.nodes[p].children.push(index);
            }
            for child in block.children.iter().rev() {
                todo.push((child.clone(), Some(index)));
            }
        }
        tree
    }

    fn node(&self, block: &Block, id: String, parent: Option<usize>) -> Node {
        let f = &block.fields;
        let up = parent.map(|p| &self.nodes[p]);
        let text = |k: &str| f.get(k).and_then(Value::as_str).map(str::to_string);
        let flag = |k: &str| f.get(k).and_then(Value::as_bool);
        let possible = match block.block_type.as_str() {
            "problem" => problem_possible(block),
            "openassessment" => ora_possible(block),
            _ => 0.0,
        };
        Node {
            display_name: text("display_name").unwrap_or_else(|| block.block_type.clone()),
            start: date_field(f, "start").or_else(|| up.and_then(|p| p.start)),
            due: date_field(f, "due").or_else(|| up.and_then(|p| p.due)),
            staff_only: flag("visible_to_staff_only").unwrap_or(false)
                || up.is_some_and(|p| p.staff_only),
            graded: flag("graded").unwrap_or(false),
            format: text("format").filter(|s| !s.is_empty()),
            hide_after_due: flag("hide_after_due")
                .unwrap_or_else(|| up.is_some_and(|p| p.hide_after_due)),
            show_correctness: text("show_correctness").unwrap_or_else(|| {
                up.map_or_else(|| "always".to_string(), |p| p.show_correctness.clone())
            }),
            possible,
            id,
            block_type: block.block_type.clone(),
            fields: f.clone(),
            data: block.data.clone(),
            parent,
            children: Vec::new(),
        }
    }

    pub fn root(&self) -> &Node {
        &self.nodes[0]
    }

    pub fn get(&self, id: &str) -> Option<(usize, &Node)> {
        self.by_id.get(id).map(|&i| (i, &self.nodes[i]))
    }

    /// The subsection (sequential) a block is in, if any.
    pub fn subsection_of(&self, index: usize) -> Option<usize> {
        let mut at = Some(index);
        while let Some(i) = at {
            if self.nodes[i].block_type == "sequential" {
                return Some(i);
            }
            at = self.nodes[i].parent;
        }
        None
    }

    /// The scored blocks (problems and open response assessments) under a
    /// block, in course order.
    pub fn problems_under(&self, index: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut todo = vec![index];
        while let Some(i) = todo.pop() {
            let node = &self.nodes[i];
            if matches!(node.block_type.as_str(), "problem" | "openassessment") {
                out.push(i);
            }
            todo.extend(node.children.iter().rev());
        }
        out
    }
}

/// A problem's possible points: the block's `weight`, else `<problem
/// weight>`, else one per input of the questions Lyceum can grade. A
/// problem that cannot be read is worth nothing (it cannot be answered).
fn problem_possible(block: &Block) -> f64 {
    let field_weight = block.fields.get("weight").and_then(Value::as_f64);
    let Some(xml) = block.data.as_deref() else {
        return field_weight.unwrap_or(0.0);
    };
    match capa::parse::Problem::parse(xml) {
        Ok(problem) => field_weight.or(problem.weight).unwrap_or_else(|| {
            problem
                .responses
                .iter()
                .filter(|r| !matches!(r.kind, capa::parse::ResponseKind::Unsupported { .. }))
                .map(|r| r.max_points())
                .sum()
        }),
        Err(_) => 0.0,
    }
}

/// An open response assessment's possible points: the block's `weight`,
/// else its rubric's points (ORA2's `max_score`; a block without settings
/// has the template's). Unreadable settings are worth nothing (it cannot be answered).
fn ora_possible(block: &Block) -> f64 {
    let settings = match block.data.as_deref().map(str::trim) {
        None | Some("") => Some(crate::ora::serialize::new_assessment("")),
        Some(xml) => crate::ora::config::parse(xml).ok(),
    };
    match (block.fields.get("weight").and_then(Value::as_f64), settings) {
        (_, None) => 0.0,
        (Some(weight), Some(_)) => weight,
        (None, Some(s)) => f64::from(crate::ora::config::points_possible(&s.rubric)),
    }
}

/// Trees by version id; when full it starts over (the working set is the
/// published versions of the courses in use).
pub struct TreeCache {
    capacity: usize,
    entries: RwLock<HashMap<String, Arc<CourseTree>>>,
}

impl TreeCache {
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity: capacity.max(1),
            entries: RwLock::new(HashMap::new()),
        }
    }

    pub fn get(&self, version: &str) -> Option<Arc<CourseTree>> {
        self.entries.read().ok()?.get(version).cloned()
    }

    pub fn put(&self, tree: Arc<CourseTree>) {
        if let Ok(mut entries) = self.entries.write() {
            if entries.len() >= self.capacity {
                entries.clear();
            }
            entries.insert(tree.version.clone(), tree);
        }
    }
}
