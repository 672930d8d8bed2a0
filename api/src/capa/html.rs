//! Problem text to safe HTML.
//!
//! Capa problems mix HTML with capa elements in one XML document, so the
//! static text is already a parsed tree when we reach it. Rather than
//! serialising it and running an HTML sanitizer over the string, we write the
//! tree out through an allow-list: known HTML tags keep their allowed
//! attributes, unknown elements are unwrapped (their text stays), capa's
//! hidden elements (solutions, hints, scripts, grading parameters) are dropped
//! with everything inside them, and every text and attribute value is
//! escaped. Nothing the author wrote can become a script, a style or an event
//! handler on the learner's page.

use roxmltree::Node;

/// Tags written out as they are.
const ALLOWED_TAGS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "samp",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
    "var",
];

/// Elements without content in HTML.
const VOID_TAGS: &[&str] = &["br", "col", "hr", "img"];

/// Elements dropped with all their content: capa's hidden parts (answers,
/// solutions, hints, grading parameters) and anything that could run or
/// restyle the page.
pub(crate) const HIDDEN_TAGS: &[&str] = &[
    "additional_answer",
    "answer",
    "audio",
    "base",
    "choicehint",
    "compoundhint",
    "correcthint",
    "demandhint",
    "embed",
    "form",
    "formulahint",
    "hint",
    "hintgroup",
    "hintpart",
    "iframe",
    "input",
    "link",
    "meta",
    "numericalhint",
    "object",
    "optionhint",
    "regexphint",
    "responseparam",
    "script",
    "select",
    "solution",
    "solutionset",
    "stringequalhint",
    "stringhint",
    "style",
    "svg",
    "textarea",
    "video",
];

/// Attributes kept on any allowed tag.
const GLOBAL_ATTRIBUTES: &[&str] = &["class", "dir", "lang", "title"];

/// Attributes kept on particular tags (URLs are checked separately).
fn tag_attributes(tag: &str) -> &'static [&'static str] {
    match tag {
        "a" => &["href"],
        "img" => &["src", "alt", "width", "height"],
        "td" | "th" => &["colspan", "rowspan", "scope"],
        "col" | "colgroup" => &["span"],
        "ol" => &["start", "type"],
        "abbr" | "dfn" => &["title"],
        _ => &[],
    }
}

/// Appends `text` to `out`, escaped for HTML text and attribute values.
pub(crate) fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

/// `text`, escaped for HTML.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

/// Whether a link or image URL is safe: relative, or http(s)/mailto.
fn is_safe_url(url: &str) -> bool {
    let trimmed: String = url
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect();
    match trimmed.find(':') {
        None => true,
        Some(colon) => {
            // A colon after the first `/`, `?` or `#` belongs to the path.
            if trimmed[..colon].contains(['/', '?', '#']) {
                return true;
            }
            let scheme = trimmed[..colon].to_ascii_lowercase();
            matches!(scheme.as_str(), "http" | "https" | "mailto")
        }
    }
}

/// The sanitized HTML of what is inside `node`.
pub(crate) fn inner(node: Node) -> String {
    let mut out = String::new();
    for child in node.children() {
        write_node(child, &mut out);
    }
    out
}

/// Writes `node` (a text or an element) as sanitized HTML.
pub(crate) fn write_node(node: Node, out: &mut String) {
    if node.is_text() {
        escape_into(out, node.text().unwrap_or_default());
        return;
    }
    if !node.is_element() {
        return; // comments and processing instructions
    }
    let name = node.tag_name().name().to_ascii_lowercase();
    if HIDDEN_TAGS.contains(&name.as_str()) {
        return;
    }
    let (tag, extra_class): (&str, Option<&str>) = match name.as_str() {
        // capa's inline wrappers, as Open edX renders them
        "text" | "math" => ("span", None),
        // question text outside a question, and explanations
        "label" => ("p", Some("question-label")),
        "description" => ("p", Some("question-description")),
        other if ALLOWED_TAGS.contains(&other) => (other, None),
        _ => {
            // Unknown element: keep what it says, drop the element.
            for child in node.children() {
                write_node(child, out);
            }
            return;
        }
    };
    out.push('<');
    out.push_str(tag);
    let mut class_written = false;
    for attribute in node.attributes() {
        let attr = attribute.name().to_ascii_lowercase();
        let allowed = GLOBAL_ATTRIBUTES.contains(&attr.as_str())
            || tag_attributes(tag).contains(&attr.as_str());
        if !allowed {
            continue;
        }
        if (attr == "href" || attr == "src") && !is_safe_url(attribute.value()) {
            continue;
        }
        out.push(' ');
        out.push_str(&attr);
        out.push_str("=\"");
        if attr == "class" {
            class_written = true;
            if let Some(extra) = extra_class {
                out.push_str(extra);
                out.push(' ');
            }
        }
        escape_into(out, attribute.value());
        out.push('"');
    }
    if let (Some(extra), false) = (extra_class, class_written) {
        out.push_str(" class=\"");
        out.push_str(extra);
        out.push('"');
    }
    if tag == "a" {
        // Links leave the problem: never let them reach back into the page.
        out.push_str(" rel=\"noopener noreferrer\"");
    }
    out.push('>');
    if VOID_TAGS.contains(&tag) {
        return;
    }
    for child in node.children() {
        write_node(child, out);
    }
    out.push_str("</");
    out.push_str(tag);
    out.push('>');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sanitize(xml: &str) -> String {
        let doc = roxmltree::Document::parse(xml).unwrap();
        inner(doc.root_element())
    }

    #[test]
    fn keeps_allowed_markup_and_escapes_text() {
        assert_eq!(
            sanitize("<x><p class=\"a\">1 &lt; 2 &amp; <b>bold</b></p><br/></x>"),
            "<p class=\"a\">1 &lt; 2 &amp; <b>bold</b></p><br>"
        );
    }

    #[test]
    fn drops_scripts_handlers_and_hidden_capa_parts() {
        let html = sanitize(
            "<x><p onclick=\"steal()\" style=\"color:red\">Hi</p><script>alert(1)</script>\
             <solution><p>42</p></solution><choicehint>secret</choicehint></x>",
        );
        assert_eq!(html, "<p>Hi</p>");
    }

    #[test]
    fn drops_unsafe_urls_but_keeps_relative_and_https_ones() {
        let html = sanitize(
            "<x><a href=\"javascript:alert(1)\">a</a><a href=\"/static/f.pdf\">b</a>\
             <img src=\"https://example.org/i.png\" alt=\"i\"/><img src=\"data:image/png;base64,AA\"/></x>",
        );
        assert_eq!(
            html,
            "<a rel=\"noopener noreferrer\">a</a><a href=\"/static/f.pdf\" rel=\"noopener noreferrer\">b</a>\
             <img src=\"https://example.org/i.png\" alt=\"i\"><img>"
        );
    }

    #[test]
    fn unwraps_unknown_elements_and_maps_capa_wrappers() {
        assert_eq!(
            sanitize("<x><center>c</center><text>t</text></x>"),
            "c<span>t</span>"
        );
    }
}
