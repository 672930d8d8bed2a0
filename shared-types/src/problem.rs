//! A capa problem as the learner sees it: the render model the server builds and the MFEs draw.
//!
//! The model is built by the API's problem engine (`api::capa::render`) from
//! the problem's Open edX capa XML. It carries what a learner may see before
//! answering: the problem text as sanitized HTML and the inputs with their
//! labels and choices. It never carries correctness, answers, solutions or
//! hints: those are revealed by other endpoints only when the problem's
//! `showanswer` policy allows it, so a learner reading the JSON learns nothing
//! the page does not show.

use serde::{Deserialize, Serialize};

/// A problem ready to draw: its parts in document order.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RenderedProblem {
    /// The text, inputs and notices of the problem, in the order the author
    /// wrote them.
    pub parts: Vec<ProblemPart>,
}

impl RenderedProblem {
    /// The inputs of the problem, in document order.
    pub fn inputs(&self) -> impl Iterator<Item = &ProblemInput> {
        self.parts.iter().filter_map(|part| match part {
            ProblemPart::Input(input) => Some(input),
            _ => None,
        })
    }
}

/// One piece of a rendered problem.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Union))]
#[cfg_attr(feature = "openapi", oai(discriminator_name = "part", one_of))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "part", rename_all = "snake_case")]
pub enum ProblemPart {
    /// Static text: sanitized HTML, safe to insert as is.
    #[cfg_attr(feature = "openapi", oai(mapping = "html"))]
    Html(ProblemHtml),
    /// A place where the learner answers.
    #[cfg_attr(feature = "openapi", oai(mapping = "input"))]
    Input(ProblemInput),
    /// A question Lyceum cannot run (for instance one graded by a Python
    /// script); drawn as a notice, never graded.
    #[cfg_attr(feature = "openapi", oai(mapping = "unsupported"))]
    Unsupported(UnsupportedQuestion),
}

/// Static problem text.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProblemHtml {
    /// Sanitized HTML: an allow-list of tags and attributes, no scripts,
    /// styles or event handlers, links and images with safe URLs only.
    pub html: String,
}

/// How an input is drawn and what it submits.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Enum))]
#[cfg_attr(feature = "openapi", oai(rename_all = "snake_case"))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemInputKind {
    /// One of several choices (radio buttons); submits the chosen
    /// [`ProblemChoice::value`].
    Radio,
    /// Any number of choices (checkboxes); submits the list of chosen values.
    Checkbox,
    /// A drop-down list; submits the chosen option's value (its text).
    Select,
    /// Free text; submits the raw string.
    Text,
    /// A number or an arithmetic expression (`1.9*10^24`, `sqrt(2)/2`);
    /// submits the raw string.
    Numeric,
    /// A formula in variables (`x+2*y`); submits the raw string.
    Formula,
}

/// A place where the learner answers.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProblemInput {
    /// The capa input id (`1_2_1`: problem, question + 1, input), the key of
    /// this input's answer when the problem is submitted.
    pub id: String,
    pub kind: ProblemInputKind,
    /// The question, as sanitized HTML, if the author gave one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Lasting explanations of the question (sanitized HTML), to be tied to
    /// the input with `aria-describedby`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub descriptions: Vec<ProblemDescription>,
    /// The choices of a radio, checkbox or select input, in the order shown;
    /// empty for text inputs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<ProblemChoice>,
    /// The suggested width of a text input, in characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<u32>,
}

/// An explanation attached to a question.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProblemDescription {
    /// The description's id (`description_1_1_1`), unique in the problem.
    pub id: String,
    /// Sanitized HTML.
    pub html: String,
}

/// One choice of a radio, checkbox or select input.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProblemChoice {
    /// What is submitted when this choice is taken: the capa choice name
    /// (`choice_0`, `choice_<name>`) or, for a select, the option text.
    pub value: String,
    /// What the learner reads: sanitized HTML (plain text for a select).
    pub label: String,
}

/// A question Lyceum cannot run.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnsupportedQuestion {
    /// The capa response type (`customresponse`, `imageresponse`, ...).
    pub response_type: String,
    /// Why it cannot run, in a sentence for the course team.
    pub reason: String,
}

/// A learner's answer to one input: a string for radio, select and text
/// inputs, a list of choice values for checkboxes.
#[cfg_attr(feature = "openapi", derive(poem_openapi::Union))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ProblemAnswer {
    /// A choice value, an option text or typed text.
    Text(String),
    /// The chosen checkbox values.
    Choices(Vec<String>),
}
