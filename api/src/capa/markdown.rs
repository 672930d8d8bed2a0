//! Studio's simple-editor markdown into capa XML.
//!
//! A port of Open edX's `MarkdownEditingDescriptor.markdownToXml` (the
//! problem editor's converter in edx-platform), step by step and in the same
//! order, so that a problem written in Studio's markdown converts to the same
//! XML here:
//!
//! ```text
//! >>Which is largest?||Think of gas giants.<<     label || description
//! ( ) Mars
//! (x) Jupiter {{ Right. }}                         choice hint
//! [x] checked  [ ] unchecked                       checkboxes
//! [[red, (blue), green]]                           dropdown
//! = 5 +- 0.5                                       number with tolerance (or= more)
//! = Paris                                          text (or= more, |regexp)
//! || a hint ||                                     demand hint
//! [explanation] ... [explanation]                  solution
//! ---                                              next question
//! ```
//!
//! Two deliberate differences: attribute values (answers) are XML-escaped, so
//! an answer with `&` or `"` still yields well-formed XML, and the result is
//! checked to be well-formed (Studio fails the same way when it is not).

use std::sync::LazyLock;

use regex::{Captures, Regex};
use roxmltree::{Document, Node};

use super::CapaError;

/// [`super::parse::check_depth`], as a markdown error.
fn check_depth(doc: &Document) -> Result<(), CapaError> {
    super::parse::check_depth(doc).map_err(|err| {
        CapaError::Markdown(format!("the resulting XML is too deeply nested: {err}"))
    })
}

/// Converts simple-editor markdown to capa problem XML.
pub fn to_xml(markdown: &str) -> Result<String, CapaError> {
    static SEPARATOR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\n\s*---\s*\n").unwrap());
    let mut demand_hints = Vec::new();
    let mut parts = Vec::new();
    for part in SEPARATOR.split(markdown) {
        if !part.trim().is_empty() {
            parts.push(question_to_xml(part, &mut demand_hints)?);
        }
    }
    let hints = if demand_hints.is_empty() {
        String::new()
    } else {
        format!("\n<demandhint>\n{}</demandhint>", demand_hints.concat())
    };
    let xml = format!("<problem>\n{}{hints}\n</problem>", parts.join("\n\n"));
    let doc = Document::parse(&xml).map_err(|err| {
        CapaError::Markdown(format!("the resulting XML is not well-formed: {err}"))
    })?;
    check_depth(&doc)?;
    Ok(xml)
}

const BLANK_OPTION: &str =
    "An answer option has been left blank. Please review and edit the component.";

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("a valid pattern")
}

/// XML-escapes an attribute value.
fn attr(value: &str) -> String {
    value
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('"', "&quot;")
}

/// A `{{ label:: hint }}` pulled out of a line (`extractHint`).
struct Hint {
    not_hint: String,
    hint: String,
    /// ` label="..."` or empty.
    label_assign: String,
    label: String,
    parens: bool,
}

fn extract_hint(text: &str, detect_parens: bool) -> Hint {
    static CURLY: LazyLock<Regex> = LazyLock::new(|| re(r"\s*\{\{(.*?)\}\}"));
    static LABEL: LazyLock<Regex> = LazyLock::new(|| re(r"^(.*?)::"));
    let mut text = text.to_owned();
    let mut hint = String::new();
    let mut label = String::new();
    let mut label_assign = String::new();
    if let Some(curly) = CURLY.captures(&text) {
        let whole = curly.get(0).expect("match").range();
        hint = curly[1].trim().to_owned();
        text.replace_range(whole, "");
        if let Some(found) = LABEL.captures(&hint) {
            label = found[1].trim().to_owned();
            hint = hint.replacen(&found[0], "", 1).trim().to_owned();
            label_assign = format!(" label=\"{}\"", attr(&label));
        }
    }
    let mut parens = false;
    if detect_parens && text.len() >= 2 && text.starts_with('(') && text.ends_with(')') {
        text = text[1..text.len() - 1].to_owned();
        parens = true;
    }
    Hint {
        not_hint: text,
        hint,
        label_assign,
        label,
        parens,
    }
}

/// `replace` with a callback that may fail.
fn try_replace(
    regex: &Regex,
    text: &str,
    mut f: impl FnMut(&Captures) -> Result<String, CapaError>,
) -> Result<String, CapaError> {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for caps in regex.captures_iter(text) {
        let whole = caps.get(0).expect("match");
        out.push_str(&text[last..whole.start()]);
        out.push_str(&f(&caps)?);
        last = whole.end();
    }
    out.push_str(&text[last..]);
    Ok(out)
}

/// `toXml` of one question (the text between `---` separators).
fn question_to_xml(markdown: &str, demand_hints: &mut Vec<String>) -> Result<String, CapaError> {
    let mut xml = markdown.replace("\r\n", "\n");
    xml = headers(&xml);
    xml = labels(&xml);
    xml = pull_demand_hints(&xml, demand_hints);
    xml = join_hint_lines(&xml);
    xml = selects(&xml)?;
    xml = multiple_choice(&xml)?;
    xml = checkboxes(&xml)?;
    xml = text_and_numbers(&xml);
    xml = explanations_and_code(&xml);
    xml = paragraphs(&xml);
    xml = xml.replace("\n\n\n", "\n");
    xml = single_response(&xml)?;
    Ok(xml.replace(" class='qtitle'", ""))
}

/// `Title\n=====` → `<h3 class="hd hd-2 problem-header">Title</h3>`.
fn headers(xml: &str) -> String {
    let is_rule = |line: &str| line.len() >= 2 && line.chars().all(|c| c == '=');
    let lines: Vec<&str> = xml.split('\n').collect();
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    for (i, line) in lines.iter().enumerate() {
        if i > 0 && is_rule(line) {
            continue;
        }
        if lines.get(i + 1).is_some_and(|next| is_rule(next)) {
            out.push(format!("<h3 class=\"hd hd-2 problem-header\">{line}</h3>"));
        } else {
            out.push((*line).to_owned());
        }
    }
    out.join("\n")
}

/// `>>question||description<<` → `<label>` and `<description>`.
fn labels(xml: &str) -> String {
    static QUESTION: LazyLock<Regex> = LazyLock::new(|| re(r"(?s)>>(.+?)<<"));
    QUESTION
        .replace_all(xml, |caps: &Captures| {
            let mut parts = caps[1].split("||");
            let label = format!("<label>{}</label>\n", parts.next().unwrap_or_default());
            match parts.next() {
                Some(description) if !description.is_empty() => {
                    format!("{label}<description>{description}</description>\n")
                }
                _ => label,
            }
        })
        .into_owned()
}

/// `|| a hint ||` lines → demand hints.
fn pull_demand_hints(xml: &str, demand_hints: &mut Vec<String>) -> String {
    static LINES: LazyLock<Regex> = LazyLock::new(|| re(r"(?m)(^\s*\|\|.*?\|\|\s*$\n?)+"));
    static INNER: LazyLock<Regex> = LazyLock::new(|| re(r"\s*\|\|(.*?)\|\|"));
    let mut hints = String::new();
    let out = LINES.replace_all(xml, |caps: &Captures| {
        for line in caps[0].split('\n') {
            if let Some(inner) = INNER.captures(line) {
                hints.push_str(&format!("  <hint>{}</hint>\n", inner[1].trim()));
            }
        }
        String::new()
    });
    if !hints.is_empty() {
        demand_hints.push(hints);
    }
    out.into_owned()
}

/// A `{{ ... }}` hint spread over lines is joined onto one.
fn join_hint_lines(xml: &str) -> String {
    static HINT: LazyLock<Regex> = LazyLock::new(|| re(r"(?s)\{\{.*?\}\}"));
    static BREAK: LazyLock<Regex> = LazyLock::new(|| re(r"\r?\n[ \t]*"));
    HINT.replace_all(xml, |caps: &Captures| {
        BREAK.replace_all(&caps[0], " ").into_owned()
    })
    .into_owned()
}

/// `[[a, (b), c]]` or one option per line → `<optionresponse>`.
fn selects(xml: &str) -> Result<String, CapaError> {
    static SELECT: LazyLock<Regex> = LazyLock::new(|| re(r"(?s)\[\[(.+?)\]\]"));
    static COMMA: LazyLock<Regex> = LazyLock::new(|| re(r",\s*"));
    static PAREN: LazyLock<Regex> = LazyLock::new(|| re(r"(?:^|,)\s*\((.*?)\)\s*(?:$|,)"));
    try_replace(&SELECT, xml, |caps| {
        let group = &caps[1];
        if !caps[0].contains('\n') {
            // Old style: one line.
            let options: Vec<&str> = COMMA.split(group).collect();
            let mut tag = String::from("  <optioninput options=\"(");
            for (i, option) in options.iter().enumerate() {
                let plain = PAREN.replace_all(option, "$1");
                tag.push_str(&format!("'{}'", attr(&plain)));
                if i + 1 < options.len() {
                    tag.push(',');
                }
            }
            tag.push_str(")\" correct=\"");
            if let Some(correct) = PAREN.captures(group) {
                tag.push_str(&attr(&correct[1]));
            }
            tag.push_str("\">");
            return Ok(format!(
                "\n<optionresponse>\n{tag}</optioninput>\n</optionresponse>\n\n"
            ));
        }
        // New style: one option per line.
        let mut lines = String::new();
        for line in group.split('\n') {
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            let hint = extract_hint(line, true);
            if hint.not_hint.is_empty() {
                return Err(CapaError::Markdown(BLANK_OPTION.into()));
            }
            let correct = if hint.parens { "True" } else { "False" };
            let hint_xml = if hint.hint.is_empty() {
                String::new()
            } else {
                let label = if hint.label.is_empty() {
                    String::new()
                } else {
                    format!(" label=\"{}\"", attr(&hint.label))
                };
                format!(" <optionhint{label}>{}</optionhint>", hint.hint)
            };
            lines.push_str(&format!(
                "    <option correct=\"{correct}\">{}{hint_xml}</option>\n",
                hint.not_hint
            ));
        }
        Ok(format!(
            "\n<optionresponse>\n  <optioninput>\n{lines}  </optioninput>\n</optionresponse>\n\n"
        ))
    })
}

/// `( )` / `(x)` lines → `<multiplechoiceresponse>`.
fn multiple_choice(xml: &str) -> Result<String, CapaError> {
    static GROUP: LazyLock<Regex> = LazyLock::new(|| re(r"(?m)(^\s*\(.{0,3}\).*?$\n*)+"));
    static MARK: LazyLock<Regex> = LazyLock::new(|| re(r"^\s*\((.{0,3})\)\s*"));
    try_replace(&GROUP, xml, |caps| {
        let mut choices = String::new();
        let mut shuffle = false;
        for option in caps[0].split('\n') {
            let option = option.trim();
            if option.is_empty() {
                continue;
            }
            let Some(mark) = MARK.captures(option) else {
                return Err(CapaError::Markdown(BLANK_OPTION.into()));
            };
            let mut value = option[mark[0].len()..].to_owned();
            if value.is_empty() {
                return Err(CapaError::Markdown(BLANK_OPTION.into()));
            }
            let inside = &mark[1];
            let correct = inside.contains(['x', 'X']);
            let fixed = if inside.contains('@') {
                " fixed=\"true\""
            } else {
                ""
            };
            if inside.contains('!') {
                shuffle = true;
            }
            let hint = extract_hint(&value, false);
            if !hint.hint.is_empty() {
                value = format!(
                    "{} <choicehint{}>{}</choicehint>",
                    hint.not_hint, hint.label_assign, hint.hint
                );
            }
            choices.push_str(&format!(
                "    <choice correct=\"{correct}\"{fixed}>{value}</choice>\n"
            ));
        }
        let group = if shuffle {
            "  <choicegroup type=\"MultipleChoice\" shuffle=\"true\">\n"
        } else {
            "  <choicegroup type=\"MultipleChoice\">\n"
        };
        Ok(format!(
            "<multiplechoiceresponse>\n{group}{choices}  </choicegroup>\n</multiplechoiceresponse>\n\n"
        ))
    })
}

/// `[ ]` / `[x]` lines (with `{{ ((A B)) hint }}` compound hints) →
/// `<choiceresponse>`.
fn checkboxes(xml: &str) -> Result<String, CapaError> {
    static GROUP: LazyLock<Regex> =
        LazyLock::new(|| re(r"(?m)(^\s*((\[.?\])|(\{\{.*?\}\})).*?$\n*)+"));
    static COMPOUND: LazyLock<Regex> = LazyLock::new(|| re(r"^\s*\{\{\s*\(\((.*?)\)\)(.*?)\}\}"));
    static MARK: LazyLock<Regex> = LazyLock::new(|| re(r"^\s*\[.?\]\s*"));
    static CHECKED: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)^\s*\[x\]"));
    static SELECTED: LazyLock<Regex> = LazyLock::new(|| re(r"(?is)\{\s*(s|selected):(.*?)\}"));
    static UNSELECTED: LazyLock<Regex> = LazyLock::new(|| re(r"(?is)\{\s*(u|unselected):(.*?)\}"));
    try_replace(&GROUP, xml, |caps| {
        let mut group = String::from("<choiceresponse>\n  <checkboxgroup>\n");
        let mut end_hints = String::new();
        for option in caps[0].split('\n') {
            if option.trim().is_empty() {
                continue;
            }
            if let Some(compound) = COMPOUND.captures(option) {
                let body = compound[2].replacen("&lf;", "\n", 1);
                end_hints.push_str(&format!(
                    "    <compoundhint value=\"{}\">{}</compoundhint>\n",
                    attr(compound[1].trim()),
                    body.trim()
                ));
                continue;
            }
            let value = MARK
                .find(option)
                .map(|mark| &option[mark.end()..])
                .filter(|value| !value.is_empty())
                .ok_or_else(|| CapaError::Markdown(BLANK_OPTION.into()))?;
            let mut value = value.to_owned();
            let correct = CHECKED.is_match(option);
            let mut hints = String::new();
            let hint = extract_hint(&value, false);
            if !hint.hint.is_empty() {
                let inner = format!("{{{}}}", hint.hint);
                if let Some(selected) = SELECTED.captures(&inner) {
                    hints.push_str(&format!(
                        "\n      <choicehint selected=\"true\">{}</choicehint>",
                        selected[2].trim()
                    ));
                }
                if let Some(unselected) = UNSELECTED.captures(&inner) {
                    hints.push_str(&format!(
                        "\n      <choicehint selected=\"false\">{}</choicehint>",
                        unselected[2].trim()
                    ));
                }
                if !hints.is_empty() {
                    value = hint.not_hint;
                }
            }
            group.push_str(&format!(
                "    <choice correct=\"{correct}\">{value}{hints}</choice>\n"
            ));
        }
        group.push_str(&end_hints);
        group.push_str("  </checkboxgroup>\n</choiceresponse>\n\n");
        Ok(group)
    })
}

/// Whether JavaScript's `parseFloat` finds a number at the start of `text`.
fn js_parses_float(text: &str) -> bool {
    let text = text.trim_start();
    let text = text.strip_prefix(['+', '-']).unwrap_or(text);
    if text.starts_with("Infinity") {
        return true;
    }
    let text = text.strip_prefix('.').unwrap_or(text);
    text.starts_with(|c: char| c.is_ascii_digit())
}

fn is_range(answer: &str) -> bool {
    answer.starts_with(['[', '(']) && answer.ends_with([']', ')'])
}

/// `= answer` (+ `or=` / `not=` lines) → `<numericalresponse>` when the
/// answer is a number or a range, `<stringresponse>` otherwise.
fn text_and_numbers(xml: &str) -> String {
    static ANSWER: LazyLock<Regex> =
        LazyLock::new(|| re(r"(?m)(^s?=\s*(.*?$)(\n*(or|not)=\s*(.*?$))*)+"));
    ANSWER
        .replace_all(xml, |caps: &Captures| {
            let lines: Vec<&str> = caps[0].split('\n').collect();
            numerical(&lines).unwrap_or_else(|| string(&lines))
        })
        .into_owned()
}

fn numerical(lines: &[&str]) -> Option<String> {
    static FIRST: LazyLock<Regex> = LazyLock::new(|| re(r"^=\s*"));
    static FEEDBACK: LazyLock<Regex> = LazyLock::new(|| re(r"(?s)\{\{.*?\}\}"));
    static TOLERANCE: LazyLock<Regex> = LazyLock::new(|| re(r"(.*?)\+-\s*(.*?)$"));
    static OR: LazyLock<Regex> = LazyLock::new(|| re(r"^or=\s*(.*)"));
    static SPACES: LazyLock<Regex> = LazyLock::new(|| re(r"\s+"));

    let mut first = FIRST.replace(lines[0], "").into_owned();
    let is_numeric = {
        let mut value = first.clone();
        if value.contains("{{") && value.contains("}}") {
            value = FEEDBACK.replace_all(&value, "").trim().to_owned();
        }
        let has_letters = value
            .chars()
            .any(|c| c.is_ascii_alphabetic() && !c.eq_ignore_ascii_case(&'e'));
        !has_letters && js_parses_float(&value)
    };
    if !is_numeric && !is_range(&first) {
        return None;
    }
    let hint = extract_hint(&first, false);
    let mut hint_line = String::new();
    if !hint.hint.is_empty() {
        first = hint.not_hint;
        hint_line = format!(
            "  <correcthint{}>{}</correcthint>\n",
            hint.label_assign, hint.hint
        );
    }
    let mut out = if is_range(&first) {
        format!("<numericalresponse answer=\"{}\">\n", attr(&first))
    } else if let Some(params) = TOLERANCE.captures(&first) {
        let answer = SPACES.replace_all(&params[1], "");
        let mut out = format!("<numericalresponse answer=\"{}\">\n", attr(&answer));
        if !params[2].is_empty() {
            out.push_str(&format!(
                "  <responseparam type=\"tolerance\" default=\"{}\" />\n",
                attr(&params[2])
            ));
        }
        out
    } else {
        let answer = SPACES.replace_all(&first, "");
        format!("<numericalresponse answer=\"{}\">\n", attr(&answer))
    };
    for line in &lines[1..] {
        let hint = extract_hint(line, false);
        let Some(or) = OR.captures(&hint.not_hint) else {
            continue;
        };
        let value = &or[1];
        if !js_parses_float(value) || is_range(value) || TOLERANCE.is_match(value) {
            continue;
        }
        out.push_str(&format!("  <additional_answer answer=\"{}\">", attr(value)));
        if !hint.hint.is_empty() {
            out.push_str(&format!(
                "<correcthint{}>{}</correcthint>",
                hint.label_assign, hint.hint
            ));
        }
        out.push_str("</additional_answer>\n");
    }
    out.push_str("  <formulaequationinput />\n");
    out.push_str(&hint_line);
    out.push_str("</numericalresponse>\n\n");
    Some(out)
}

fn string(lines: &[&str]) -> String {
    static FIRST: LazyLock<Regex> = LazyLock::new(|| re(r"^s?=\s*"));
    static NOT: LazyLock<Regex> = LazyLock::new(|| re(r"^not=\s*(.*)"));
    static OR: LazyLock<Regex> = LazyLock::new(|| re(r"^or=\s*(.*)"));

    let first = FIRST.replace(lines[0], "");
    let hint = extract_hint(&first, false);
    let mut answer = hint.not_hint.clone();
    let mut kind = " type=\"ci\"";
    if answer.starts_with('|') {
        kind = " type=\"ci regexp\"";
        answer = answer[1..].trim().to_owned();
    }
    let mut out = format!("<stringresponse answer=\"{}\"{kind} >\n", attr(&answer));
    if !hint.hint.is_empty() {
        out.push_str(&format!(
            "  <correcthint{}>{}</correcthint>\n",
            hint.label_assign, hint.hint
        ));
    }
    for line in &lines[1..] {
        let hint = extract_hint(line, false);
        if let Some(not) = NOT.captures(&hint.not_hint) {
            out.push_str(&format!(
                "  <stringequalhint answer=\"{}\"{}>{}</stringequalhint>\n",
                attr(&not[1]),
                hint.label_assign,
                hint.hint
            ));
            continue;
        }
        if let Some(or) = OR.captures(&hint.not_hint) {
            out.push_str(&format!(
                "  <additional_answer answer=\"{}\">",
                attr(&or[1])
            ));
            if !hint.hint.is_empty() {
                out.push_str(&format!(
                    "<correcthint{}>{}</correcthint>",
                    hint.label_assign, hint.hint
                ));
            }
            out.push_str("</additional_answer>\n");
        }
    }
    out.push_str("  <textline size=\"20\"/>\n</stringresponse>\n\n");
    out
}

/// `[explanation]...[explanation]` → `<solution>`; `[code]...[code]` → `<pre><code>`.
fn explanations_and_code(xml: &str) -> String {
    static EXPLANATION: LazyLock<Regex> =
        LazyLock::new(|| re(r"(?i)\[explanation\]\n?([^\]]*)\[/?explanation\]"));
    static CODE: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)\[code\]\n?([^\]]*)\[/?code\]"));
    let xml = EXPLANATION.replace_all(xml, |caps: &Captures| {
        format!(
            "<solution>\n<div class=\"detailed-solution\">\nExplanation\n\n{}\n</div>\n</solution>",
            &caps[1]
        )
    });
    CODE.replace_all(&xml, |caps: &Captures| {
        format!("<pre><code>{}</code></pre>", &caps[1])
    })
    .into_owned()
}

/// Wraps every line that is not markup in `<p>`, except inside `<script>`,
/// `<pre>`, `<label>` and `<description>`.
fn paragraphs(xml: &str) -> String {
    static PROTECTED: LazyLock<Regex> =
        LazyLock::new(|| re(r"</?(?:script|pre|label|description).*?>"));
    static OPENS: LazyLock<Regex> = LazyLock::new(|| re(r"<(script|pre|label|description)"));
    static CLOSES: LazyLock<Regex> = LazyLock::new(|| re(r"</(script|pre|label|description)"));

    // Split keeping the delimiters, as JavaScript's split with a capture group.
    let mut splits: Vec<&str> = Vec::new();
    let mut last = 0;
    for found in PROTECTED.find_iter(xml) {
        splits.push(&xml[last..found.start()]);
        splits.push(found.as_str());
        last = found.end();
    }
    splits.push(&xml[last..]);

    let mut out = String::with_capacity(xml.len() + 64);
    let mut make_paragraph = true;
    for split in splits {
        if OPENS.is_match(split) {
            make_paragraph = false;
        }
        if make_paragraph {
            out.push_str(&wrap_lines(split));
        } else {
            out.push_str(split);
        }
        if CLOSES.is_match(split) {
            make_paragraph = true;
        }
    }
    out
}

/// `/(^(?!\s*\<|$).*$)/gm` → `<p>$1</p>`: a line is wrapped unless it is
/// empty or the next non-space character (possibly on a later line) is `<`.
fn wrap_lines(text: &str) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    // The first non-space character from each line on, found backwards so
    // that runs of blank lines are not rescanned for every line.
    let mut next_visible = vec![None; lines.len()];
    let mut after: Option<char> = None;
    for (i, line) in lines.iter().enumerate().rev() {
        if let Some(c) = line.trim_start().chars().next() {
            after = Some(c);
        }
        next_visible[i] = after;
    }
    let mut out = String::with_capacity(text.len());
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if !line.is_empty() && next_visible[i] != Some('<') {
            out.push_str("<p>");
            out.push_str(line);
            out.push_str("</p>");
        } else {
            out.push_str(line);
        }
    }
    out
}

/// With exactly one question, Studio moves the text around it into the
/// response element: what comes before goes before its first input, what
/// comes after goes at its end.
fn single_response(xml: &str) -> Result<String, CapaError> {
    const RESPONSE_TAGS: [&str; 5] = [
        "optionresponse",
        "multiplechoiceresponse",
        "stringresponse",
        "numericalresponse",
        "choiceresponse",
    ];
    let wrapped = format!("<prob>{xml}</prob>");
    let doc = Document::parse(&wrapped).map_err(|err| {
        CapaError::Markdown(format!("the question is not well-formed XML: {err}"))
    })?;
    // `serialize` below recurses once per level.
    check_depth(&doc)?;
    let prob = doc.root_element();
    let responses: Vec<Node> = prob
        .descendants()
        .filter(|n| n.is_element() && RESPONSE_TAGS.contains(&n.tag_name().name()))
        .collect();
    let [response] = responses[..] else {
        return Ok(xml.to_owned());
    };
    let input = response.children().find(Node::is_element);
    let mut before = Vec::new();
    let mut after = Vec::new();
    let mut is_before = true;
    for child in prob.children().filter(Node::is_element) {
        if child.tag_name().name() == response.tag_name().name() {
            is_before = false;
            continue;
        }
        if is_before {
            before.push(child);
        } else {
            after.push(child);
        }
    }
    let mut out = String::new();
    open_tag(response, &mut out);
    for child in response.children() {
        if Some(child) == input {
            for moved in &before {
                serialize(*moved, &mut out);
            }
        }
        serialize(child, &mut out);
    }
    if input.is_none() {
        for moved in &before {
            serialize(*moved, &mut out);
        }
    }
    for moved in &after {
        serialize(*moved, &mut out);
    }
    out.push_str("</");
    out.push_str(response.tag_name().name());
    out.push('>');
    static ADJACENT: LazyLock<Regex> = LazyLock::new(|| re(r"(</.*?>)(<.*?>)"));
    Ok(ADJACENT.replace_all(&out, "$1\n$2").into_owned())
}

fn open_tag(node: Node, out: &mut String) {
    out.push('<');
    out.push_str(node.tag_name().name());
    for attribute in node.attributes() {
        out.push(' ');
        out.push_str(attribute.name());
        out.push_str("=\"");
        out.push_str(&attr(attribute.value()).replace('>', "&gt;"));
        out.push('"');
    }
    out.push('>');
}

/// Writes a node as the browser's `XMLSerializer` does.
fn serialize(node: Node, out: &mut String) {
    if node.is_text() {
        let text = node.text().unwrap_or_default();
        out.push_str(
            &text
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;"),
        );
    } else if node.is_comment() {
        out.push_str("<!--");
        out.push_str(node.text().unwrap_or_default());
        out.push_str("-->");
    } else if node.is_element() {
        open_tag(node, out);
        if node.has_children() {
            for child in node.children() {
                serialize(child, out);
            }
            out.push_str("</");
            out.push_str(node.tag_name().name());
            out.push('>');
        } else {
            out.pop();
            out.push_str("/>");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capa::parse::{Control, Problem, ResponseKind};

    #[test]
    fn multiple_choice_with_label_description_and_hint() {
        let xml = to_xml(
            ">>Which planet is largest?||Think big.<<\n\n( ) Mars\n(x) Jupiter {{ Yes, by far. }}\n( ) Venus\n",
        )
        .unwrap();
        assert_eq!(
            xml,
            "<problem>\n<multiplechoiceresponse>\n  <label>Which planet is largest?</label>\n\
             <description>Think big.</description>\n<choicegroup type=\"MultipleChoice\">\n    \
             <choice correct=\"false\">Mars</choice>\n    \
             <choice correct=\"true\">Jupiter <choicehint>Yes, by far.</choicehint>\n</choice>\n    \
             <choice correct=\"false\">Venus</choice>\n  </choicegroup>\n\
             </multiplechoiceresponse>\n</problem>"
        );
    }

    #[test]
    fn checkboxes_with_selection_hints() {
        let xml = to_xml(
            ">>Pick the primes<<\n[x] 2 {{ selected: Yes. }, { unselected: 2 is prime. }}\n[ ] 4\n[x] 5\n",
        )
        .unwrap();
        assert!(xml.contains("<choiceresponse>"), "{xml}");
        assert!(xml.contains(
            "<choice correct=\"true\">2\n      <choicehint selected=\"true\">Yes.</choicehint>\n      \
             <choicehint selected=\"false\">2 is prime.</choicehint>\n</choice>"
        ), "{xml}");
        assert!(
            xml.contains("<choice correct=\"false\">4</choice>"),
            "{xml}"
        );
        let problem = Problem::parse(&xml).unwrap();
        assert_eq!(problem.responses[0].kind, ResponseKind::Checkboxes);
    }

    #[test]
    fn one_line_dropdown_is_old_style() {
        let xml = to_xml(">>Sky colour?<<\n[[red, (blue), green]]\n").unwrap();
        assert!(
            xml.contains("<optioninput options=\"('red','blue','green')\" correct=\"blue\"/>"),
            "{xml}"
        );
        let problem = Problem::parse(&xml).unwrap();
        assert_eq!(
            problem.responses[0].inputs[0].control,
            Control::Select {
                options: vec!["red".into(), "blue".into(), "green".into()],
                correct: Some("blue".into()),
                hints: vec![None, None, None],
            }
        );
    }

    #[test]
    fn multi_line_dropdown_is_new_style_with_hints() {
        let xml = to_xml("[[\n  red\n  (blue) {{ Right:: like the sky }}\n]]\n").unwrap();
        assert!(
            xml.contains("<option correct=\"False\">red</option>"),
            "{xml}"
        );
        assert!(
            xml.contains(
                "<option correct=\"True\">blue <optionhint label=\"Right\">like the sky</optionhint>\n</option>"
            ),
            "{xml}"
        );
    }

    #[test]
    fn numbers_with_tolerance_and_additional_answers() {
        let xml = to_xml(">>Half of ten?<<\n= 5 +- 0.5\nor= 5.0\nor= abc\n").unwrap();
        assert!(xml.contains("<numericalresponse answer=\"5\">"), "{xml}");
        assert!(
            xml.contains("<responseparam type=\"tolerance\" default=\"0.5\"/>"),
            "{xml}"
        );
        assert!(xml.contains("<additional_answer answer=\"5.0\"/>"), "{xml}");
        assert!(!xml.contains("abc"), "{xml}");
        assert!(xml.contains("<formulaequationinput/>"), "{xml}");
    }

    #[test]
    fn ranges_stay_whole() {
        let xml = to_xml("= [5, 7)\n").unwrap();
        assert!(
            xml.contains("<numericalresponse answer=\"[5, 7)\">"),
            "{xml}"
        );
    }

    #[test]
    fn text_answers_are_case_insensitive_and_may_be_regexps() {
        let xml =
            to_xml("= Paris\nor= paris, France\nnot= London {{ That is England. }}\n").unwrap();
        assert!(
            xml.contains("<stringresponse answer=\"Paris\" type=\"ci\">"),
            "{xml}"
        );
        assert!(
            xml.contains("<additional_answer answer=\"paris, France\"/>"),
            "{xml}"
        );
        assert!(
            xml.contains("<stringequalhint answer=\"London\">That is England.</stringequalhint>"),
            "{xml}"
        );
        let xml = to_xml("= | sec.*\n").unwrap();
        assert!(
            xml.contains("<stringresponse answer=\"sec.*\" type=\"ci regexp\">"),
            "{xml}"
        );
    }

    #[test]
    fn explanation_header_and_paragraphs() {
        let xml = to_xml(
            "Planets\n=======\nSome text.\n>>Largest?<<\n( ) Mars\n(x) Jupiter\n[explanation]\nIt is huge.\n[explanation]\n",
        )
        .unwrap();
        assert!(
            xml.contains("<h3 class=\"hd hd-2 problem-header\">Planets</h3>"),
            "{xml}"
        );
        assert!(xml.contains("<p>Some text.</p>"), "{xml}");
        assert!(
            xml.contains(
                "<solution>\n<div class=\"detailed-solution\">\n<p>Explanation</p>\n\n<p>It is huge.</p>\n\n</div>\n</solution>"
            ),
            "{xml}"
        );
        // Everything moved inside the single response.
        assert!(
            xml.starts_with("<problem>\n<multiplechoiceresponse>\n  <h3"),
            "{xml}"
        );
    }

    #[test]
    fn questions_separated_by_dashes_and_demand_hints() {
        let xml = to_xml(">>One?<<\n= 1\n|| Count. ||\n\n---\n\n>>Two?<<\n= 2\n|| Add one. ||\n")
            .unwrap();
        let problem = Problem::parse(&xml).unwrap();
        assert_eq!(problem.responses.len(), 2);
        assert_eq!(problem.responses[1].inputs[0].id, "1_3_1");
        assert_eq!(
            problem.responses[1].inputs[0].label.as_deref(),
            Some("Two?")
        );
        assert_eq!(problem.demand_hints, ["Count.", "Add one."]);
    }

    #[test]
    fn a_blank_option_is_an_error() {
        assert!(matches!(
            to_xml("( ) \n(x) yes\n"),
            Err(CapaError::Markdown(_))
        ));
    }

    #[test]
    fn answers_with_xml_characters_stay_well_formed() {
        let xml = to_xml("= Q&A \"quoted\"\n").unwrap();
        let problem = Problem::parse(&xml).unwrap();
        let ResponseKind::Text(spec) = &problem.responses[0].kind else {
            panic!("not text: {xml}");
        };
        assert_eq!(spec.answers, ["Q&A \"quoted\""]);
    }

    #[test]
    fn deeply_nested_markup_is_refused_without_overflowing() {
        let markdown = format!(
            ">>Deep?<<\n{}x{}\n= 1\n",
            "<b>".repeat(10_000),
            "</b>".repeat(10_000)
        );
        assert!(matches!(to_xml(&markdown), Err(CapaError::Markdown(m)) if m.contains("nested")));
        let markdown = format!(
            ">>Deep?<<\n{}x{}\n= 1\n",
            "<b>".repeat(20),
            "</b>".repeat(20)
        );
        assert!(to_xml(&markdown).is_ok());
    }

    #[test]
    fn many_blank_lines_convert_in_linear_time() {
        let started = std::time::Instant::now();
        let markdown = format!("Text\n{}more\n= 1\n", " \n".repeat(200_000));
        let xml = to_xml(&markdown).unwrap();
        assert!(xml.contains("<p>more</p>"), "{}", &xml[..200]);
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }

    #[test]
    fn blank_lines_before_markup_are_not_paragraphs() {
        assert_eq!(
            wrap_lines("a\n  \n\n <b>\nc"),
            "<p>a</p>\n  \n\n <b>\n<p>c</p>"
        );
        assert_eq!(wrap_lines("  \n x"), "<p>  </p>\n<p> x</p>");
        assert_eq!(wrap_lines(""), "");
    }
}
