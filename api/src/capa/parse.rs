//! Capa problem XML into a [`Problem`].
//!
//! Follows Open edX's `capa_problem.py`: responses are numbered in document
//! order and their inputs named `1_<n+1>_<k>` (the first response's first
//! input is `1_2_1`); a response's `<label>` and `<description>`s become its
//! input's label and descriptions; new-style `<option correct="True">`
//! dropdowns and old-style `options="('a','b')"` ones both work. Static text is
//! kept as sanitized HTML blocks around the inputs. The feedback hints
//! (`<choicehint>`, `<optionhint>`, `<correcthint>`, ...) are kept on the
//! choices, options and questions they belong to, for [`crate::capa::feedback`];
//! the learner's render never sees them. Questions Lyceum cannot
//! run (Python `customresponse`, anything depending on a `<script>`, other
//! exotic types) parse and are reported as unsupported.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap, HashSet};

use roxmltree::{Document, Node, NodeId, ParsingOptions};

use super::{html, CapaError};

/// The problem id inside every input id (see the module documentation of
/// [`crate::capa`]).
pub const PROBLEM_ID: &str = "1";

/// Every capa response tag Open edX registers; the ones Lyceum grades are
/// listed in [`ResponseKind`].
const RESPONSE_TAGS: &[&str] = &[
    "annotationresponse",
    "choiceresponse",
    "choicetextresponse",
    "coderesponse",
    "customresponse",
    "externalresponse",
    "formularesponse",
    "imageresponse",
    "javascriptresponse",
    "jsmeresponse",
    "multiplechoiceresponse",
    "numericalresponse",
    "optionresponse",
    "schematicresponse",
    "stringresponse",
    "symbolicresponse",
    "truefalseresponse",
];

/// Every capa input tag Open edX registers: each gets an input id.
const INPUT_TAGS: &[&str] = &[
    "annotationinput",
    "checkboxgroup",
    "chemicalequationinput",
    "choicegroup",
    "choicetextgroup",
    "codeinput",
    "crystallography",
    "designprotein2dinput",
    "drag_and_drop_input",
    "editageneinput",
    "editamolecule",
    "filesubmission",
    "formulaequationinput",
    "imageinput",
    "javascriptinput",
    "jsinput",
    "matlabinput",
    "optioninput",
    "radiogroup",
    "schematic",
    "textbox",
    "textline",
    "vsepr_input",
];

/// A parsed problem.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// `<problem weight="W">`: the problem's points are rescaled to W.
    pub weight: Option<f64>,
    /// What the learner sees, in document order.
    pub body: Vec<Block>,
    /// The questions, in document order.
    pub responses: Vec<Response>,
    /// The `<solution>`s, shown only when the showanswer policy allows.
    pub solutions: Vec<Solution>,
    /// The `<demandhint>` hints (sanitized HTML), shown one by one on request.
    pub demand_hints: Vec<String>,
}

/// A `<solution>`.
#[derive(Debug, Clone, PartialEq)]
pub struct Solution {
    /// Sanitized HTML.
    pub html: String,
    /// `explanation-id`: which correct choice of an answer pool it explains.
    pub explanation_id: Option<String>,
    /// The `<solutionset>` holding it (its index in document order).
    pub set: Option<usize>,
}

/// A piece of what the learner sees.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// Sanitized static HTML.
    Html(String),
    /// `responses[response].inputs[input]`.
    Input { response: usize, input: usize },
    /// A question Lyceum cannot run, at its place in the text.
    Unsupported { response: usize },
}

/// One question (capa "response").
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// `1_<n>`, n counting responses from 1.
    pub id: String,
    /// The XML tag (`numericalresponse`, ...).
    pub tag: String,
    /// Where it starts in the XML, for messages.
    pub line: u32,
    pub kind: ResponseKind,
    pub inputs: Vec<Input>,
    /// The `partial_credit` schemes, lower-cased (`edc`, `halves`, `points`,
    /// `close`, `list`); empty without partial credit.
    pub partial_credit: Vec<String>,
    /// The feedback hints written on the question itself (numerical and text
    /// questions); choice and option hints live on their choices.
    pub hints: ResponseHints,
    /// The first `<solutionset>` after the question (its index in document
    /// order): an answer pool keeps only its solution for the correct
    /// choice drawn.
    pub solution_set: Option<usize>,
}

impl Response {
    /// The points the question is worth: one per input unless an input says
    /// otherwise (`points="2"`).
    pub fn max_points(&self) -> f64 {
        self.inputs
            .iter()
            .map(|input| f64::from(input.points))
            .sum()
    }
}

/// What kind of question, with what its grader needs.
#[derive(Debug, Clone, PartialEq)]
pub enum ResponseKind {
    /// `multiplechoiceresponse`: one choice of a `choicegroup`.
    MultipleChoice,
    /// `choiceresponse`: the set of checked boxes of a `checkboxgroup` (or
    /// one choice of a `radiogroup`).
    Checkboxes,
    /// `optionresponse`: one option of each `optioninput`.
    Dropdown,
    /// `numericalresponse`.
    Numerical(NumericalSpec),
    /// `stringresponse`.
    Text(TextSpec),
    /// `formularesponse`.
    Formula(FormulaSpec),
    /// A question Lyceum does not run.
    Unsupported { reason: String },
}

/// What a `numericalresponse` accepts.
#[derive(Debug, Clone, PartialEq)]
pub struct NumericalSpec {
    /// A number, an expression, or a range such as `[5, 7)`.
    pub answer: String,
    /// `<responseparam type="tolerance" default="...">`, if any.
    pub tolerance: Option<String>,
    /// `<additional_answer answer="...">`s, accepted exactly.
    pub additional_answers: Vec<String>,
    /// `<responseparam partial_range="...">`: how many tolerances away
    /// still earns partial credit (`close`).
    pub partial_range: Option<String>,
    /// `<responseparam partial_answers="a, b">` (`list`).
    pub partial_answers: Option<String>,
}

/// What a `stringresponse` accepts.
#[derive(Debug, Clone, PartialEq)]
pub struct TextSpec {
    /// The answer and the additional answers, stripped.
    pub answers: Vec<String>,
    /// `type` contains `ci`.
    pub case_insensitive: bool,
    /// `type` contains `regexp`: the answers are regular expressions.
    pub regexp: bool,
    /// The old `answer="a_or_b"` form.
    pub legacy_or: bool,
}

/// What a `formularesponse` accepts.
#[derive(Debug, Clone, PartialEq)]
pub struct FormulaSpec {
    pub answer: String,
    /// `vars@lows:highs#count`.
    pub samples: String,
    pub tolerance: Option<String>,
    /// `type="cs"`: variable names are case-sensitive.
    pub case_sensitive: bool,
}

/// A feedback hint an author attached to an answer (`<choicehint>`,
/// `<optionhint>`, `<correcthint>`, `<stringequalhint>` ...), shown after
/// grading when the learner gave that answer.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Hint {
    /// Sanitized HTML, trimmed (may be empty: an empty hint shows nothing).
    pub html: String,
    /// The `label` attribute as written: `None` means Open edX's default
    /// ("Correct:" / "Incorrect:"), `Some("")` means no label at all.
    pub label: Option<String>,
}

/// A `<choicehint>` of a choice.
#[derive(Debug, Clone, PartialEq)]
pub struct ChoiceHint {
    /// `selected="true"` / `"false"` (any case): for checkboxes, whether it
    /// shows when the box is checked or left blank; `None` when absent or
    /// anything else (such a hint never shows on a checkbox).
    pub selected: Option<bool>,
    pub hint: Hint,
}

/// A checkbox `<compoundhint value="A C">`: shown when exactly these
/// choices are checked.
#[derive(Debug, Clone, PartialEq)]
pub struct CompoundHint {
    /// The choice ids of `value`, upper-cased (see [`Choice::compound_id`]).
    pub choice_ids: BTreeSet<String>,
    pub hint: Hint,
}

/// The hints written on a question (not on its choices).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ResponseHints {
    /// The question's own `<correcthint>`: shown for the answer itself.
    pub correct: Option<Hint>,
    /// Each `<additional_answer>`, in order: its answer and `<correcthint>`.
    pub additional: Vec<(String, Option<Hint>)>,
    /// `<stringequalhint answer="...">`s: wrong text answers with feedback.
    pub string_equal: Vec<(String, Hint)>,
    /// `<regexphint answer="...">`s: wrong text answers matched by pattern.
    pub regexp: Vec<(String, Hint)>,
    /// The LON-CAPA style `<hintgroup>`, if the question has one.
    pub group: Option<HintGroup>,
}

/// A `<hintgroup>`: named conditions (`<stringhint>`, `<formulahint>`) and
/// the `<hintpart on="name">` texts shown when they hold. Open edX consults
/// it instead of the extended hints when it holds a condition of the
/// question's type.
#[derive(Debug, Clone, PartialEq)]
pub struct HintGroup {
    /// `hintfn="..."`: the hints come from a Python function (never run).
    pub python: bool,
    /// `mode="on_request"`: shown only on request, never with feedback.
    pub on_request: bool,
    /// The conditions of the question's own type.
    pub conditions: Vec<HintCondition>,
    /// `(on, sanitized HTML of its <text>)` of each `<hintpart>`.
    pub parts: Vec<(String, String)>,
}

/// A `<stringhint>` or `<formulahint>` condition.
#[derive(Debug, Clone, PartialEq)]
pub struct HintCondition {
    pub name: String,
    pub answer: String,
    /// `samples` of a `<formulahint>`.
    pub samples: Option<String>,
}

/// One input of a question.
#[derive(Debug, Clone, PartialEq)]
pub struct Input {
    /// `1_<n+1>_<k>`.
    pub id: String,
    /// The XML tag (`textline`, `choicegroup`, ...).
    pub tag: String,
    pub line: u32,
    /// Points it is worth (`points`, default 1).
    pub points: u32,
    /// The question text (sanitized HTML).
    pub label: Option<String>,
    /// `(id, sanitized HTML)` of each description.
    pub descriptions: Vec<(String, String)>,
    pub control: Control,
}

/// How the learner answers an input.
#[derive(Debug, Clone, PartialEq)]
pub enum Control {
    /// Radio buttons (`multiple: false`) or checkboxes.
    Choices {
        multiple: bool,
        /// `shuffle="true"` on the choice group.
        shuffle: bool,
        /// `answer-pool="N"` on the choice group: show one correct choice
        /// and N-1 incorrect ones, drawn from the learner's seed.
        answer_pool: Option<usize>,
        choices: Vec<Choice>,
        /// `<compoundhint>`s of a checkbox group.
        compound_hints: Vec<CompoundHint>,
    },
    /// A drop-down list: the option texts, and the correct one.
    Select {
        options: Vec<String>,
        correct: Option<String>,
        /// The first `<optionhint>` of each option, parallel to `options`
        /// (all `None` for the old `options="(...)"` form).
        hints: Vec<Option<Hint>>,
    },
    /// A text box.
    Text { size: Option<u32> },
    /// An input type Lyceum does not draw.
    Other,
}

/// One choice of a choice group.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    /// The submitted value: `choice_<i>` or `choice_<name>`.
    pub name: String,
    /// The `correct` attribute as written (`true`, `false`, `partial`).
    pub correct: String,
    /// `point_value` of a partial choice.
    pub point_value: Option<String>,
    /// `fixed="true"`: stays in place when choices are shuffled.
    pub fixed: bool,
    /// `explanation-id`: the solution that explains it in an answer pool.
    pub explanation_id: Option<String>,
    /// What the learner reads (sanitized HTML, hints left out).
    pub label: String,
    /// The id a `<compoundhint value="...">` names it by: its `id`
    /// attribute, else `A`, `B`, ... by position in the question (Open
    /// edX's `assign_choice_names`), upper-cased.
    pub compound_id: String,
    /// Its `<choicehint>`s, in order.
    pub hints: Vec<ChoiceHint>,
}

impl Choice {
    /// `correct="true"`, in any case.
    pub fn is_correct(&self) -> bool {
        self.correct.eq_ignore_ascii_case("true")
    }
}

impl Problem {
    /// Reads a problem's capa XML.
    pub fn parse(xml: &str) -> Result<Problem, CapaError> {
        let text = preprocess(xml);
        check_entities(&text)?;
        let options = ParsingOptions {
            allow_dtd: true,
            ..ParsingOptions::default()
        };
        let doc = Document::parse_with_options(&text, options).map_err(|err| {
            let pos = err.pos();
            CapaError::Xml {
                message: err.to_string(),
                line: pos.row,
                column: pos.col,
            }
        })?;
        check_depth(&doc)?;
        Parser::new(&doc).parse()
    }
}

/// Refuses a document type declaring entities (`<!DOCTYPE problem [<!ENTITY
/// ...>]>`): the parser expands them without a bound on the result, so a
/// few kilobytes of nested entities make gigabytes of text (a "billion
/// laughs") and abort the process. A `<!DOCTYPE>` without entities, the
/// only kind real problems carry, still reads. Call it on the text before
/// parsing it with `allow_dtd`.
pub fn check_entities(xml: &str) -> Result<(), CapaError> {
    if !xml.contains("<!DOCTYPE") {
        return Ok(());
    }
    match xml.find("<!ENTITY") {
        None => Ok(()),
        Some(at) => Err(CapaError::Invalid {
            line: u32::try_from(xml[..at].matches('\n').count() + 1).unwrap_or(u32::MAX),
            message: "entity declarations (<!ENTITY ...>) are not supported".into(),
        }),
    }
}

/// The most `partial_answers` a numerical question may list.
pub const MAX_PARTIAL_ANSWERS: usize = 100;

/// The deepest nesting of elements a problem may have (the root element is
/// level 1). Reading, sanitizing and converting a problem walk its tree
/// recursively, once per level, so a deeper document could exhaust the
/// stack; real problems stay far below it.
pub const MAX_XML_DEPTH: usize = 100;

/// Refuses a document whose elements nest deeper than [`MAX_XML_DEPTH`]
/// levels, naming the line of the first element too deep
/// ([`CapaError::Invalid`]). Computed without recursion, in time linear in
/// the document's size: call it right after parsing any XML that will be
/// walked recursively.
pub fn check_depth(doc: &Document) -> Result<(), CapaError> {
    // Pre-order: a node's parent comes before it, so one pass fills in
    // each element's depth from its parent's.
    let mut depths = vec![0u32; doc.descendants().count()];
    let index = |node: Node| node.id().get_usize();
    for node in doc.root().descendants().filter(Node::is_element) {
        let depth = node.parent().map_or(0, |parent| depths[index(parent)]) + 1;
        if depth as usize > MAX_XML_DEPTH {
            return Err(CapaError::Invalid {
                line: doc.text_pos_at(node.range().start).row,
                message: format!(
                    "elements are nested more than {MAX_XML_DEPTH} levels deep (<{}>)",
                    node.tag_name().name()
                ),
            });
        }
        depths[index(node)] = depth;
    }
    Ok(())
}

/// Open edX's own rewrites before parsing (`startouttext/` → `text`), plus
/// the common HTML entities, which XML does not define but authors use.
fn preprocess(xml: &str) -> Cow<'_, str> {
    let needs_work = xml.contains("outtext") || xml.contains('&');
    if !needs_work {
        return Cow::Borrowed(xml);
    }
    let mut text = xml.to_owned();
    for (from, to) in [("startouttext", "text"), ("endouttext", "/text")] {
        // One pass into a new string: replacing in place would move the
        // rest of the text at every marker.
        let mut out = String::with_capacity(text.len());
        let mut copied = 0;
        let mut search_from = 0;
        while let Some(found) = text[search_from..].find(from) {
            let start = search_from + found;
            let rest = &text[start + from.len()..];
            let spaces = rest.len() - rest.trim_start().len();
            if rest[spaces..].starts_with('/') {
                out.push_str(&text[copied..start]);
                out.push_str(to);
                copied = start + from.len() + spaces + 1;
                search_from = copied;
            } else {
                search_from = start + from.len();
            }
        }
        out.push_str(&text[copied..]);
        text = out;
    }
    const ENTITIES: &[(&str, &str)] = &[
        ("&nbsp;", "&#160;"),
        ("&ndash;", "&#8211;"),
        ("&mdash;", "&#8212;"),
        ("&hellip;", "&#8230;"),
        ("&lsquo;", "&#8216;"),
        ("&rsquo;", "&#8217;"),
        ("&ldquo;", "&#8220;"),
        ("&rdquo;", "&#8221;"),
        ("&times;", "&#215;"),
        ("&divide;", "&#247;"),
        ("&deg;", "&#176;"),
        ("&plusmn;", "&#177;"),
        ("&micro;", "&#181;"),
        ("&middot;", "&#183;"),
        ("&copy;", "&#169;"),
        ("&reg;", "&#174;"),
        ("&le;", "&#8804;"),
        ("&ge;", "&#8805;"),
        ("&ne;", "&#8800;"),
        ("&minus;", "&#8722;"),
        ("&rarr;", "&#8594;"),
        ("&larr;", "&#8592;"),
        ("&pi;", "&#960;"),
    ];
    for (from, to) in ENTITIES {
        if text.contains(from) {
            text = text.replace(from, to);
        }
    }
    Cow::Owned(text)
}

struct Parser<'a, 'input> {
    doc: &'a Document<'input>,
    /// Elements already used as a label, a description or a question text.
    skip: HashSet<NodeId>,
    response_of: HashMap<NodeId, usize>,
    input_of: HashMap<NodeId, (usize, usize)>,
    /// Elements with a response or an input somewhere inside.
    containers: HashSet<NodeId>,
}

fn is_tag(node: Node, tag: &str) -> bool {
    node.is_element() && node.tag_name().name().eq_ignore_ascii_case(tag)
}

fn tag_of(node: Node) -> String {
    node.tag_name().name().to_ascii_lowercase()
}

fn child_elements<'a, 'input>(
    node: Node<'a, 'input>,
    tag: &'static str,
) -> impl Iterator<Item = Node<'a, 'input>> {
    node.children().filter(move |child| is_tag(*child, tag))
}

impl<'a, 'input> Parser<'a, 'input> {
    fn new(doc: &'a Document<'input>) -> Self {
        Parser {
            doc,
            skip: HashSet::new(),
            response_of: HashMap::new(),
            input_of: HashMap::new(),
            containers: HashSet::new(),
        }
    }

    fn line(&self, node: Node) -> u32 {
        self.doc.text_pos_at(node.range().start).row
    }

    fn invalid(&self, node: Node, message: impl Into<String>) -> CapaError {
        CapaError::Invalid {
            line: self.line(node),
            message: message.into(),
        }
    }

    fn parse(mut self) -> Result<Problem, CapaError> {
        let root = self.doc.root_element();
        if !is_tag(root, "problem") {
            return Err(self.invalid(
                root,
                format!(
                    "the root element must be <problem>, not <{}>",
                    root.tag_name().name()
                ),
            ));
        }
        let weight = match root.attribute("weight").map(str::trim) {
            None | Some("") => None,
            Some(value) => Some(
                value
                    .parse::<f64>()
                    .ok()
                    .filter(|w| w.is_finite() && *w >= 0.0)
                    .ok_or_else(|| {
                        self.invalid(root, format!("weight \"{value}\" is not a number"))
                    })?,
            ),
        };
        let python_script = root.descendants().any(|node| {
            is_tag(node, "script")
                && node
                    .attribute("type")
                    .is_none_or(|t| t.to_ascii_lowercase().contains("python"))
        });

        let response_nodes: Vec<Node> = root
            .descendants()
            .filter(|node| node.is_element() && RESPONSE_TAGS.contains(&tag_of(*node).as_str()))
            .collect();
        let mut responses = Vec::with_capacity(response_nodes.len());
        for (index, node) in response_nodes.iter().enumerate() {
            let response = self.response(*node, index, python_script)?;
            for ancestor in node.ancestors() {
                self.containers.insert(ancestor.id());
            }
            self.response_of.insert(node.id(), index);
            responses.push(response);
        }

        let mut walker = Walker {
            parser: &self,
            responses: &responses,
            blocks: Vec::new(),
            pending: String::new(),
        };
        walker.children(root);
        walker.flush();
        let body = walker.blocks;

        let sets: Vec<NodeId> = root
            .descendants()
            .filter(|node| is_tag(*node, "solutionset"))
            .map(|node| node.id())
            .collect();
        let set_of = |node: Node| sets.iter().position(|id| *id == node.id());
        let solutions = root
            .descendants()
            .filter(|node| is_tag(*node, "solution"))
            .map(|node| Solution {
                html: html::inner(node),
                explanation_id: node.attribute("explanation-id").map(str::to_owned),
                set: node
                    .parent_element()
                    .filter(|parent| is_tag(*parent, "solutionset"))
                    .and_then(set_of),
            })
            .collect();
        for (response, node) in responses.iter_mut().zip(&response_nodes) {
            response.solution_set = node
                .next_siblings()
                .skip(1)
                .find(|sibling| is_tag(*sibling, "solutionset"))
                .and_then(set_of);
        }
        let demand_hints = root
            .descendants()
            .filter(|node| is_tag(*node, "demandhint"))
            .flat_map(|node| child_elements(node, "hint").map(html::inner))
            .collect();

        Ok(Problem {
            weight,
            body,
            responses,
            solutions,
            demand_hints,
        })
    }

    fn response(
        &mut self,
        node: Node,
        index: usize,
        python_script: bool,
    ) -> Result<Response, CapaError> {
        let tag = tag_of(node);
        let number = index + 1;
        let id = format!("{PROBLEM_ID}_{number}");
        let input_nodes: Vec<Node> = node
            .descendants()
            .filter(|n| n.is_element() && INPUT_TAGS.contains(&tag_of(*n).as_str()))
            .collect();

        let partial_credit = match node.attribute("partial_credit") {
            None => Vec::new(),
            Some(value) if value.trim().eq_ignore_ascii_case("false") => Vec::new(),
            Some(value) => value
                .split(',')
                .map(|word| word.trim().to_ascii_lowercase())
                .collect(),
        };

        let (kind, allowed, max_inputs) = self.kind(node, &tag, python_script)?;
        let supported = !matches!(kind, ResponseKind::Unsupported { .. });
        if supported {
            for input in &input_nodes {
                let input_tag = tag_of(*input);
                if !allowed.contains(&input_tag.as_str()) {
                    return Err(self.invalid(
                        *input,
                        format!("<{tag}> cannot have the input <{input_tag}>"),
                    ));
                }
            }
            if input_nodes.is_empty() {
                return Err(self.invalid(node, format!("<{tag}> has no input")));
            }
            if max_inputs == Some(1) && input_nodes.len() > 1 {
                return Err(self.invalid(node, format!("<{tag}> cannot have more than one input")));
            }
        }

        let mut inputs = Vec::with_capacity(input_nodes.len());
        for (k, input_node) in input_nodes.iter().enumerate() {
            let input_id = format!("{PROBLEM_ID}_{}_{}", number + 1, k + 1);
            let points = match input_node.attribute("points") {
                None => 1,
                Some(value) => value.trim().parse::<u32>().map_err(|_| {
                    self.invalid(
                        *input_node,
                        format!("points=\"{value}\" is not a whole number"),
                    )
                })?,
            };
            let control = if supported {
                self.control(node, *input_node, &kind)?
            } else {
                Control::Other
            };
            for ancestor in input_node.ancestors() {
                self.containers.insert(ancestor.id());
            }
            self.input_of.insert(input_node.id(), (index, k));
            inputs.push(Input {
                id: input_id,
                tag: tag_of(*input_node),
                line: self.line(*input_node),
                points,
                label: None,
                descriptions: Vec::new(),
                control,
            });
        }
        if supported {
            self.labels(node, &input_nodes, &id, &mut inputs);
        }
        let hints = if supported {
            response_hints(node, &tag)
        } else {
            ResponseHints::default()
        };
        let condition_samples = hints.group.iter().flat_map(|group| &group.conditions);
        for samples in condition_samples.filter_map(|c| c.samples.as_deref()) {
            if let Some(reason) = super::responses::formula::samples_too_large(samples) {
                return Err(self.invalid(node, format!("a <formulahint>'s {reason}")));
            }
        }

        Ok(Response {
            id,
            tag,
            line: self.line(node),
            kind,
            inputs,
            partial_credit,
            hints,
            solution_set: None,
        })
    }

    /// The response kind, its allowed input tags and how many inputs it may
    /// have.
    fn kind(
        &self,
        node: Node,
        tag: &str,
        python_script: bool,
    ) -> Result<(ResponseKind, &'static [&'static str], Option<usize>), CapaError> {
        let required = |name: &str| -> Result<String, CapaError> {
            match node.attribute(name) {
                Some(value) if !value.is_empty() => Ok(value.to_owned()),
                _ => Err(self.invalid(
                    node,
                    format!("<{tag}> is missing the required attribute {name}"),
                )),
            }
        };
        let tolerance = || {
            node.descendants()
                .find(|n| is_tag(*n, "responseparam") && n.attribute("type") == Some("tolerance"))
                .and_then(|n| n.attribute("default"))
                .map(|value| value.trim().to_owned())
        };
        let uses_script = |values: &[&str]| python_script && values.iter().any(|v| v.contains('$'));
        let script_reason =
            "its answer is computed by the problem's Python script, which Lyceum does not run";

        Ok(match tag {
            "multiplechoiceresponse" => (ResponseKind::MultipleChoice, &["choicegroup"], Some(1)),
            "choiceresponse" => (
                ResponseKind::Checkboxes,
                &["checkboxgroup", "radiogroup"],
                Some(1),
            ),
            "optionresponse" => (ResponseKind::Dropdown, &["optioninput"], None),
            "numericalresponse" => {
                let answer = required("answer")?;
                let additional_answers: Vec<String> = child_elements(node, "additional_answer")
                    .filter_map(|n| n.attribute("answer").map(str::to_owned))
                    .collect();
                let tolerance = tolerance();
                let mut values = vec![answer.as_str()];
                values.extend(tolerance.as_deref());
                values.extend(additional_answers.iter().map(String::as_str));
                if uses_script(&values) {
                    return Ok(unsupported(script_reason));
                }
                let param = |attr: &str| {
                    child_elements(node, "responseparam")
                        .find_map(|n| n.attribute(attr).map(str::to_owned))
                };
                let partial_answers = param("partial_answers");
                // Each is compared, tolerance evaluated, at every submission.
                if let Some(list) = &partial_answers {
                    let count = list.split(',').count();
                    if count > MAX_PARTIAL_ANSWERS {
                        return Err(self.invalid(
                            node,
                            format!(
                                "partial_answers lists {count} answers, more than {MAX_PARTIAL_ANSWERS}"
                            ),
                        ));
                    }
                }
                (
                    ResponseKind::Numerical(NumericalSpec {
                        answer,
                        tolerance,
                        additional_answers,
                        partial_range: param("partial_range"),
                        partial_answers,
                    }),
                    &["textline", "formulaequationinput"],
                    Some(1),
                )
            }
            "stringresponse" => {
                let answer = required("answer")?;
                let types: Vec<String> = node
                    .attribute("type")
                    .unwrap_or_default()
                    .to_lowercase()
                    .split(' ')
                    .map(str::to_owned)
                    .collect();
                let legacy_or = answer.to_lowercase().contains("_or_");
                let answers: Vec<String> = if legacy_or {
                    answer.split("_or_").map(|a| a.trim().to_owned()).collect()
                } else {
                    std::iter::once(answer.clone())
                        .chain(child_elements(node, "additional_answer").filter_map(|n| {
                            // The old form keeps the answer as the element's text.
                            n.attribute("answer")
                                .map(str::to_owned)
                                .or_else(|| n.text().map(str::to_owned))
                        }))
                        .map(|a| a.trim().to_owned())
                        .collect()
                };
                let refs: Vec<&str> = answers.iter().map(String::as_str).collect();
                if uses_script(&refs) {
                    return Ok(unsupported(script_reason));
                }
                (
                    ResponseKind::Text(TextSpec {
                        answers,
                        case_insensitive: types.iter().any(|t| t == "ci"),
                        regexp: types.iter().any(|t| t == "regexp"),
                        legacy_or,
                    }),
                    &["textline"],
                    Some(1),
                )
            }
            "formularesponse" => {
                let answer = required("answer")?;
                let samples = required("samples")?;
                if let Some(reason) = super::responses::formula::samples_too_large(&samples) {
                    return Err(self.invalid(node, reason));
                }
                let tolerance = tolerance();
                if uses_script(&[&answer, &samples, tolerance.as_deref().unwrap_or("")]) {
                    return Ok(unsupported(script_reason));
                }
                let types: Vec<&str> = node
                    .attribute("type")
                    .unwrap_or_default()
                    .split(',')
                    .collect();
                (
                    ResponseKind::Formula(FormulaSpec {
                        answer,
                        samples,
                        tolerance,
                        case_sensitive: !types.contains(&"ci") && types.contains(&"cs"),
                    }),
                    &["textline", "formulaequationinput"],
                    Some(1),
                )
            }
            "customresponse" => unsupported(
                "it is graded by Python code (a <script> or <answer>), which Lyceum does not run",
            ),
            other => unsupported(&format!(
                "Lyceum does not run <{other}> questions; only multiple choice, checkboxes, \
                 dropdown, numerical, text and formula questions"
            )),
        })
    }

    fn control(
        &self,
        response: Node,
        input: Node,
        kind: &ResponseKind,
    ) -> Result<Control, CapaError> {
        let tag = tag_of(input);
        Ok(match tag.as_str() {
            "choicegroup" => {
                // Open edX names unnamed choices choice_0, choice_1, ... and
                // named ones choice_<name>.
                let mut unnamed = 0;
                let choices = child_elements(input, "choice")
                    .enumerate()
                    .map(|(i, choice)| {
                        let name = match choice.attribute("name") {
                            Some(name) => format!("choice_{name}"),
                            None => {
                                unnamed += 1;
                                format!("choice_{}", unnamed - 1)
                            }
                        };
                        self.choice(choice, name, i)
                    })
                    .collect::<Vec<Choice>>();
                let shuffle = input.attribute("shuffle") == Some("true");
                let answer_pool = self.answer_pool(input, shuffle, &choices)?;
                Control::Choices {
                    multiple: false,
                    shuffle,
                    answer_pool,
                    choices,
                    compound_hints: Vec::new(),
                }
            }
            "checkboxgroup" | "radiogroup" => {
                // Checkbox choices are numbered over every choice of the response.
                let choices = response
                    .descendants()
                    .filter(|n| is_tag(*n, "choice"))
                    .enumerate()
                    .map(|(i, choice)| self.choice(choice, format!("choice_{i}"), i))
                    .collect();
                let compound_hints = child_elements(input, "compoundhint")
                    .filter_map(|node| {
                        let value = node.attribute("value")?;
                        Some(CompoundHint {
                            choice_ids: value.split_whitespace().map(str::to_uppercase).collect(),
                            hint: hint(node),
                        })
                    })
                    .collect();
                Control::Choices {
                    multiple: tag == "checkboxgroup",
                    shuffle: false,
                    answer_pool: None,
                    choices,
                    compound_hints,
                }
            }
            "optioninput" => self.select(input)?,
            "textline" | "formulaequationinput" => Control::Text {
                size: input.attribute("size").and_then(|s| s.trim().parse().ok()),
            },
            _ => {
                debug_assert!(matches!(kind, ResponseKind::Unsupported { .. }));
                Control::Other
            }
        })
    }

    /// A choice group's `answer-pool` size, refused where Open edX refuses
    /// it: not a whole number, together with `shuffle`, or without both a
    /// correct and an incorrect choice to draw from. `0` means no pool.
    fn answer_pool(
        &self,
        group: Node,
        shuffle: bool,
        choices: &[Choice],
    ) -> Result<Option<usize>, CapaError> {
        let Some(value) = group.attribute("answer-pool") else {
            return Ok(None);
        };
        if shuffle {
            return Err(self.invalid(group, "do not use shuffle and answer-pool at the same time"));
        }
        let size: usize = value
            .trim()
            .parse()
            .map_err(|_| self.invalid(group, "the answer-pool value should be a whole number"))?;
        if size == 0 {
            return Ok(None);
        }
        let correct = choices.iter().filter(|c| c.is_correct()).count();
        if correct == 0 || correct == choices.len() {
            return Err(self.invalid(
                group,
                "an answer-pool choice group must include at least 1 correct and 1 incorrect choice",
            ));
        }
        Ok(Some(size))
    }

    /// The `index`-th choice of its question, named `name`.
    fn choice(&self, choice: Node, name: String, index: usize) -> Choice {
        let compound_id = match choice.attribute("id") {
            Some(id) => id.to_uppercase(),
            None => u32::try_from(index)
                .ok()
                .and_then(|i| char::from_u32(u32::from(b'A') + i))
                .map(String::from)
                .unwrap_or_default(),
        };
        let hints = child_elements(choice, "choicehint")
            .map(|node| ChoiceHint {
                selected: match node.attribute("selected").map(str::to_ascii_lowercase) {
                    Some(s) if s == "true" => Some(true),
                    Some(s) if s == "false" => Some(false),
                    _ => None,
                },
                hint: hint(node),
            })
            .collect();
        Choice {
            name,
            correct: choice.attribute("correct").unwrap_or_default().to_owned(),
            point_value: choice.attribute("point_value").map(str::to_owned),
            fixed: choice.attribute("fixed") == Some("true"),
            explanation_id: choice.attribute("explanation-id").map(str::to_owned),
            label: html::inner(choice).trim().to_owned(),
            compound_id,
            hints,
        }
    }

    fn select(&self, input: Node) -> Result<Control, CapaError> {
        let new_style: Vec<Node> = child_elements(input, "option").collect();
        if new_style.is_empty() {
            let options = parse_old_options(input.attribute("options").unwrap_or_default());
            return Ok(Control::Select {
                hints: vec![None; options.len()],
                options,
                correct: input.attribute("correct").map(str::to_owned),
            });
        }
        let mut correct = None;
        let mut options = Vec::with_capacity(new_style.len());
        let mut hints = Vec::with_capacity(new_style.len());
        for option in new_style {
            hints.push(child_elements(option, "optionhint").next().map(hint));
            // Open edX takes the option's own leading text, stripped.
            let text = option
                .first_child()
                .filter(|child| child.is_text())
                .and_then(|child| child.text())
                .unwrap_or_default()
                .trim()
                .to_owned();
            if option
                .attribute("correct")
                .is_some_and(|c| c.eq_ignore_ascii_case("true"))
            {
                if correct.is_some() {
                    return Err(self.invalid(
                        input,
                        "Dropdown questions can only have one correct answer.",
                    ));
                }
                correct = Some(text.clone());
            }
            options.push(text);
        }
        Ok(Control::Select {
            options,
            correct,
            hints,
        })
    }

    /// Labels and descriptions, as Open edX's `response_a11y_data`.
    fn labels(
        &mut self,
        response: Node,
        input_nodes: &[Node],
        response_id: &str,
        inputs: &mut [Input],
    ) {
        if inputs.len() > 1 {
            // The group label and descriptions stay in the text; each input
            // is labelled by its own attribute.
            for (input, node) in inputs.iter_mut().zip(input_nodes) {
                input.label = node.attribute("label").map(html::escape);
            }
            return;
        }
        let input_node = input_nodes[0];
        let input = &mut inputs[0];
        if let Some(label) = child_elements(response, "label").next() {
            input.label = Some(html::inner(label).trim().to_owned());
            self.skip.insert(label.id());
        } else if let Some(text) = input_node.attribute("label") {
            input.label = Some(html::escape(text));
            // Old problems repeat the label as the paragraph just before.
            if let Some(p) = response.prev_sibling_element().filter(|p| is_tag(*p, "p")) {
                let leading = p
                    .first_child()
                    .filter(|c| c.is_text())
                    .and_then(|c| c.text());
                if leading == Some(text) {
                    input.label = Some(html::inner(p).trim().to_owned());
                    self.skip.insert(p.id());
                }
            }
        } else if let Some(label) = response
            .prev_sibling_element()
            .filter(|l| is_tag(*l, "label"))
        {
            input.label = Some(html::inner(label).trim().to_owned());
            self.skip.insert(label.id());
        }
        for (i, description) in child_elements(response, "description").enumerate() {
            input.descriptions.push((
                format!("description_{response_id}_{}", i + 1),
                html::inner(description).trim().to_owned(),
            ));
            self.skip.insert(description.id());
        }
    }
}

/// A hint element: its sanitized content and `label`.
fn hint(node: Node) -> Hint {
    Hint {
        html: html::inner(node).trim().to_owned(),
        label: node.attribute("label").map(str::to_owned),
    }
}

/// The hints written directly on a question (Open edX looks only at the
/// response's own children).
fn response_hints(node: Node, tag: &str) -> ResponseHints {
    let answer_of = |n: Node| n.attribute("answer").unwrap_or_default().trim().to_owned();
    let with_answer = |name: &'static str| -> Vec<(String, Hint)> {
        child_elements(node, name)
            .map(|n| (answer_of(n), hint(n)))
            .collect()
    };
    let condition_tag = match tag {
        "stringresponse" => Some("stringhint"),
        "formularesponse" => Some("formulahint"),
        _ => None,
    };
    let group = child_elements(node, "hintgroup").next().and_then(|group| {
        let python = group.attribute("hintfn").is_some();
        let conditions: Vec<HintCondition> = condition_tag
            .map(|condition| {
                child_elements(group, condition)
                    .map(|n| HintCondition {
                        name: n.attribute("name").unwrap_or_default().to_owned(),
                        answer: n.attribute("answer").unwrap_or_default().trim().to_owned(),
                        samples: n.attribute("samples").map(str::to_owned),
                    })
                    .collect()
            })
            .unwrap_or_default();
        if !python && conditions.is_empty() {
            return None;
        }
        let parts = child_elements(group, "hintpart")
            .map(|part| {
                let text = child_elements(part, "text")
                    .next()
                    .map(|t| html::inner(t).trim().to_owned())
                    .unwrap_or_default();
                (part.attribute("on").unwrap_or_default().to_owned(), text)
            })
            .collect();
        Some(HintGroup {
            python,
            on_request: group.attribute("mode") == Some("on_request"),
            conditions,
            parts,
        })
    });
    ResponseHints {
        correct: child_elements(node, "correcthint").next().map(hint),
        // Aligned with the graders' additional answers: numerical ones need
        // an `answer`, text ones may keep it as their text (the old form).
        additional: child_elements(node, "additional_answer")
            .filter_map(|n| {
                let answer = match (n.attribute("answer"), tag) {
                    (Some(answer), _) => answer,
                    (None, "stringresponse") => n.text().unwrap_or_default(),
                    (None, _) => return None,
                };
                let hint = child_elements(n, "correcthint").next().map(hint);
                Some((answer.trim().to_owned(), hint))
            })
            .collect(),
        string_equal: with_answer("stringequalhint"),
        regexp: with_answer("regexphint"),
        group,
    }
}

fn unsupported(reason: &str) -> (ResponseKind, &'static [&'static str], Option<usize>) {
    (
        ResponseKind::Unsupported {
            reason: reason.to_owned(),
        },
        &[],
        None,
    )
}

/// `('a','b c','d')` → `[a, b c, d]`, as Open edX's `OptionInput.parse_options`
/// (a shell-like split on commas and spaces, single quotes grouping).
fn parse_old_options(options: &str) -> Vec<String> {
    let inner = options.trim();
    let inner = inner
        .strip_prefix('(')
        .and_then(|s| s.strip_suffix(')'))
        .or_else(|| inner.strip_prefix('[').and_then(|s| s.strip_suffix(']')))
        .unwrap_or(inner);
    let mut tokens = Vec::new();
    let mut chars = inner.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c == ',' || c.is_whitespace() {
            chars.next();
            continue;
        }
        let mut token = String::new();
        if c == '\'' {
            chars.next();
            for c in chars.by_ref() {
                if c == '\'' {
                    break;
                }
                token.push(c);
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c == ',' || c.is_whitespace() {
                    break;
                }
                token.push(c);
                chars.next();
            }
        }
        tokens.push(token.replace("&#39;", "'"));
    }
    tokens
}

/// Turns the tree into blocks of static HTML around the inputs.
struct Walker<'p, 'a, 'input> {
    parser: &'p Parser<'a, 'input>,
    responses: &'p [Response],
    blocks: Vec<Block>,
    pending: String,
}

impl Walker<'_, '_, '_> {
    fn flush(&mut self) {
        if !self.pending.trim().is_empty() {
            self.blocks
                .push(Block::Html(self.pending.trim().to_owned()));
        }
        self.pending.clear();
    }

    fn children(&mut self, node: Node) {
        for child in node.children() {
            self.visit(child);
        }
    }

    fn visit(&mut self, node: Node) {
        if node.is_text() {
            html::write_node(node, &mut self.pending);
            return;
        }
        if !node.is_element() || self.parser.skip.contains(&node.id()) {
            return;
        }
        if let Some(&index) = self.parser.response_of.get(&node.id()) {
            if matches!(self.responses[index].kind, ResponseKind::Unsupported { .. }) {
                self.flush();
                self.blocks.push(Block::Unsupported { response: index });
                // Its text still shows; its inputs do not.
            }
            self.children(node);
            return;
        }
        if let Some(&(response, input)) = self.parser.input_of.get(&node.id()) {
            if !matches!(
                self.responses[response].kind,
                ResponseKind::Unsupported { .. }
            ) {
                self.flush();
                self.blocks.push(Block::Input { response, input });
            }
            return;
        }
        if self.parser.containers.contains(&node.id()) {
            // A wrapper around questions: its content flows around them.
            self.children(node);
            return;
        }
        html::write_node(node, &mut self.pending);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TWO_QUESTIONS: &str = r#"<problem>
  <p>Warm-up.</p>
  <multiplechoiceresponse>
    <label>Which is a fruit?</label>
    <description>Pick one.</description>
    <choicegroup type="MultipleChoice">
      <choice correct="false">Carrot</choice>
      <choice correct="true" name="apple">Apple <choicehint>Yes!</choicehint></choice>
      <choice correct="false">Leek</choice>
    </choicegroup>
    <solution><p>Apples grow on trees.</p></solution>
  </multiplechoiceresponse>
  <div><stringresponse answer="blue" type="ci">
    <label>Colour of the sky?</label>
    <textline size="10"/>
  </stringresponse></div>
  <demandhint><hint>Look up.</hint></demandhint>
</problem>"#;

    #[test]
    fn responses_and_inputs_get_open_edx_ids() {
        let problem = Problem::parse(TWO_QUESTIONS).unwrap();
        assert_eq!(problem.responses.len(), 2);
        assert_eq!(problem.responses[0].id, "1_1");
        assert_eq!(problem.responses[0].inputs[0].id, "1_2_1");
        assert_eq!(problem.responses[1].inputs[0].id, "1_3_1");
    }

    #[test]
    fn choice_names_count_unnamed_choices_only() {
        let problem = Problem::parse(TWO_QUESTIONS).unwrap();
        let Control::Choices { choices, .. } = &problem.responses[0].inputs[0].control else {
            panic!("not a choice group");
        };
        let names: Vec<&str> = choices.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["choice_0", "choice_apple", "choice_1"]);
        assert_eq!(choices[1].label, "Apple");
    }

    #[test]
    fn label_and_description_move_onto_the_input() {
        let problem = Problem::parse(TWO_QUESTIONS).unwrap();
        let input = &problem.responses[0].inputs[0];
        assert_eq!(input.label.as_deref(), Some("Which is a fruit?"));
        assert_eq!(
            input.descriptions,
            [("description_1_1_1".to_owned(), "Pick one.".to_owned())]
        );
        assert_eq!(
            problem.body,
            [
                Block::Html("<p>Warm-up.</p>".into()),
                Block::Input {
                    response: 0,
                    input: 0
                },
                Block::Input {
                    response: 1,
                    input: 0
                },
            ]
        );
    }

    #[test]
    fn solutions_and_demand_hints_are_kept_apart() {
        let problem = Problem::parse(TWO_QUESTIONS).unwrap();
        let solutions: Vec<&str> = problem.solutions.iter().map(|s| s.html.as_str()).collect();
        assert_eq!(solutions, ["<p>Apples grow on trees.</p>"]);
        assert_eq!(problem.demand_hints, ["Look up."]);
    }

    #[test]
    fn both_dropdown_styles_give_options_and_the_correct_one() {
        let problem = Problem::parse(
            r#"<problem><optionresponse>
                 <optioninput options="('Red','Deep blue','Green')" correct="Deep blue"/>
               </optionresponse><optionresponse>
                 <optioninput><option correct="False">A</option><option correct="True"> B <optionhint>hint</optionhint></option></optioninput>
               </optionresponse></problem>"#,
        )
        .unwrap();
        assert_eq!(
            problem.responses[0].inputs[0].control,
            Control::Select {
                options: vec!["Red".into(), "Deep blue".into(), "Green".into()],
                correct: Some("Deep blue".into()),
                hints: vec![None, None, None],
            }
        );
        assert_eq!(
            problem.responses[1].inputs[0].control,
            Control::Select {
                options: vec!["A".into(), "B".into()],
                correct: Some("B".into()),
                hints: vec![
                    None,
                    Some(Hint {
                        html: "hint".into(),
                        label: None
                    })
                ],
            }
        );
    }

    #[test]
    fn two_correct_dropdown_options_are_invalid() {
        let err = Problem::parse(
            "<problem><optionresponse><optioninput>\n<option correct=\"True\">A</option>\
             <option correct=\"True\">B</option></optioninput></optionresponse></problem>",
        )
        .unwrap_err();
        assert!(matches!(err, CapaError::Invalid { line: 1, .. }), "{err:?}");
    }

    #[test]
    fn python_questions_parse_as_unsupported() {
        let problem = Problem::parse(
            r#"<problem><script type="loncapa/python">def check(e, a): return True</script>
               <p>Say anything.</p>
               <customresponse cfn="check"><textline/></customresponse></problem>"#,
        )
        .unwrap();
        assert!(matches!(
            problem.responses[0].kind,
            ResponseKind::Unsupported { .. }
        ));
        assert_eq!(
            problem.body,
            [
                Block::Html("<p>Say anything.</p>".into()),
                Block::Unsupported { response: 0 },
            ]
        );
    }

    #[test]
    fn malformed_xml_names_the_line() {
        let err = Problem::parse("<problem>\n<p>open\n</problem>").unwrap_err();
        assert!(matches!(err, CapaError::Xml { line: 3, .. }), "{err:?}");
    }

    #[test]
    fn a_missing_answer_is_invalid() {
        let err = Problem::parse(
            "<problem><numericalresponse><formulaequationinput/></numericalresponse></problem>",
        )
        .unwrap_err();
        assert!(err.to_string().contains("answer"), "{err}");
    }

    #[test]
    fn html_entities_and_outtext_markers_are_understood() {
        let problem = Problem::parse(
            "<problem><startouttext/>A&nbsp;B<endouttext/><stringresponse answer=\"x\"><textline/></stringresponse></problem>",
        )
        .unwrap();
        assert_eq!(problem.body[0], Block::Html("<span>A\u{a0}B</span>".into()));
    }

    #[test]
    fn deeply_nested_xml_is_refused_without_overflowing() {
        let depth = 10_000;
        let xml = format!(
            "<problem>\n{}deep{}\n</problem>",
            "<b>".repeat(depth),
            "</b>".repeat(depth)
        );
        let err = Problem::parse(&xml).unwrap_err();
        assert!(
            matches!(&err, CapaError::Invalid { line: 2, message } if message.contains("nested")),
            "{err:?}"
        );
        // The same through every entry point that parses problem XML.
        assert!(crate::capa::render::render(&xml).is_err());
        assert!(crate::capa::grade(&xml, &Default::default()).is_err());
        assert!(crate::capa::answers(&xml).is_err());
        assert!(crate::capa::demand_hints(&xml).is_err());
    }

    #[test]
    fn nesting_up_to_the_limit_is_read() {
        // <problem> is level 1, then 99 levels of <b>.
        let inner = MAX_XML_DEPTH - 1;
        let xml = format!(
            "<problem>{}x{}<stringresponse answer=\"x\"><textline/></stringresponse></problem>",
            "<b>".repeat(inner),
            "</b>".repeat(inner)
        );
        let problem = Problem::parse(&xml).unwrap();
        let Block::Html(html) = &problem.body[0] else {
            panic!("no text: {:?}", problem.body);
        };
        assert!(html.starts_with("<b><b>") && html.contains('x'), "{html}");
        let one_more = xml.replacen("x", "<i>x</i>", 1);
        assert!(matches!(
            Problem::parse(&one_more),
            Err(CapaError::Invalid { line: 1, .. })
        ));
        assert!(Problem::parse(TWO_QUESTIONS).is_ok());
    }

    #[test]
    fn check_depth_is_usable_on_any_document() {
        let shallow = roxmltree::Document::parse("<a><b><c/></b></a>").unwrap();
        assert_eq!(check_depth(&shallow), Ok(()));
        let text = format!("<a>\n\n{}</a>", "<b>".repeat(200) + &"</b>".repeat(200));
        let deep = roxmltree::Document::parse(&text).unwrap();
        assert!(matches!(
            check_depth(&deep),
            Err(CapaError::Invalid { line: 3, .. })
        ));
    }

    #[test]
    fn too_many_formula_samples_are_refused_when_read() {
        let formula = |samples: &str| {
            format!(
                "<problem>\n<formularesponse answer=\"x\" samples=\"{samples}\">\
                 <formulaequationinput/></formularesponse></problem>"
            )
        };
        assert!(Problem::parse(&formula("x@1:5#20")).is_ok());
        assert!(Problem::parse(&formula("x@1:5#50")).is_ok());
        for samples in [
            "x@1:5#51",
            "x@1:5#1000000000",
            "x@1:5#99999999999999999999999",
        ] {
            let err = Problem::parse(&formula(samples)).unwrap_err();
            assert!(
                matches!(&err, CapaError::Invalid { line: 2, message } if message.contains("50 sample points")),
                "{samples}: {err:?}"
            );
        }
        let names = vec!["x"; 101].join(",");
        let err = Problem::parse(&formula(&format!("{names}@1:5#5"))).unwrap_err();
        assert!(matches!(err, CapaError::Invalid { .. }), "{err:?}");
        // Malformed samples are still the grader's to report, as before.
        assert!(Problem::parse(&formula("x@1:5#ten")).is_ok());

        let hinted = "<problem><formularesponse answer=\"x\" samples=\"x@1:5#5\">\
             <formulaequationinput/><hintgroup>\
             <formulahint samples=\"x@1:5#5000\" answer=\"2*x\" name=\"double\"/>\
             <hintpart on=\"double\"><text>Half it.</text></hintpart>\
             </hintgroup></formularesponse></problem>";
        let err = Problem::parse(hinted).unwrap_err();
        assert!(err.to_string().contains("formulahint"), "{err}");
    }

    #[test]
    fn many_outtext_markers_are_rewritten_in_linear_time() {
        let started = std::time::Instant::now();
        let xml = format!(
            "<problem>{}</problem>",
            "<startouttext/>a<endouttext/>".repeat(40_000)
        );
        let problem = Problem::parse(&xml).unwrap();
        assert!(
            matches!(&problem.body[0], Block::Html(html) if html.starts_with("<span>a</span>"))
        );
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }

    #[test]
    fn entity_declarations_are_refused_before_they_expand() {
        let bomb = format!(
            "<!DOCTYPE problem [\n<!ENTITY b \"{}\">\n<!ENTITY c \"{}\">]>\n<problem>{}</problem>",
            "a".repeat(4000),
            "&b;".repeat(250),
            "&c;".repeat(50_000)
        );
        let err = Problem::parse(&bomb).unwrap_err();
        assert!(
            matches!(&err, CapaError::Invalid { line: 2, message } if message.contains("ENTITY")),
            "{err:?}"
        );
        // A plain document type still reads.
        let problem = Problem::parse(
            "<!DOCTYPE problem>\n<problem><stringresponse answer=\"a\"><textline/></stringresponse></problem>",
        )
        .unwrap();
        assert_eq!(problem.responses.len(), 1);
    }

    #[test]
    fn too_many_partial_answers_are_refused_when_read() {
        let numerical = |list: &str| {
            format!(
                "<problem><numericalresponse answer=\"5\" partial_credit=\"list\">\
                 <responseparam partial_answers=\"{list}\"/><formulaequationinput/>\
                 </numericalresponse></problem>"
            )
        };
        assert!(Problem::parse(&numerical("4, 6")).is_ok());
        let many = vec!["1"; MAX_PARTIAL_ANSWERS + 1].join(",");
        let err = Problem::parse(&numerical(&many)).unwrap_err();
        assert!(err.to_string().contains("partial_answers"), "{err}");
    }
}
