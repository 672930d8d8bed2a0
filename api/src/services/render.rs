//! Previews for authors: Markdown to sanitized HTML, and a problem (simple
//! editor markdown or capa XML) rendered as the learner will see it. Pure:
//! no storage.

use shared_types::{ProblemPreview, ProblemPreviewRequest};

use crate::capa::{self, CapaError};

/// The largest text a preview accepts.
pub const MAX_PREVIEW_BYTES: usize = 256 * 1024;

/// Why a preview could not be made; names the request field at fault.
#[derive(Debug, thiserror::Error)]
#[error("{field} {message}")]
pub struct PreviewError {
    pub field: &'static str,
    pub message: String,
}

fn too_long(field: &'static str, text: &str) -> Result<(), PreviewError> {
    if text.len() > MAX_PREVIEW_BYTES {
        return Err(PreviewError {
            field,
            message: format!("is longer than {} KB", MAX_PREVIEW_BYTES / 1024),
        });
    }
    Ok(())
}

/// CommonMark (with tables and strikethrough) to HTML, sanitized with
/// ammonia's allow-list: no scripts, styles, event handlers or `javascript:`
/// links.
pub fn markdown_html(markdown: &str) -> Result<String, PreviewError> {
    too_long("markdown", markdown)?;
    let mut options = pulldown_cmark::Options::empty();
    options.insert(pulldown_cmark::Options::ENABLE_TABLES);
    options.insert(pulldown_cmark::Options::ENABLE_STRIKETHROUGH);
    let parser = pulldown_cmark::Parser::new_ext(markdown, options);
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, parser);
    Ok(ammonia::clean(&html))
}

/// A problem rendered as the learner will see it (never with its answers).
pub fn problem_preview(req: &ProblemPreviewRequest) -> Result<ProblemPreview, PreviewError> {
    let (field, data) = match (&req.markdown, &req.data) {
        (Some(markdown), None) => {
            too_long("markdown", markdown)?;
            (
                "markdown",
                capa::markdown::to_xml(markdown).map_err(|e| capa_error("markdown", e))?,
            )
        }
        (None, Some(data)) => {
            too_long("data", data)?;
            ("data", data.clone())
        }
        _ => {
            return Err(PreviewError {
                field: "markdown",
                message: "send either markdown or data".into(),
            })
        }
    };
    let problem = capa::render::render(&data).map_err(|e| capa_error(field, e))?;
    Ok(ProblemPreview { data, problem })
}

fn capa_error(field: &'static str, e: CapaError) -> PreviewError {
    PreviewError {
        field,
        message: format!("cannot be shown: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_becomes_html_without_scripts() {
        let html = markdown_html(
            "# Title\n\n**bold** [link](https://example.org) [bad](javascript:alert(1))\n\n<script>alert(1)</script><img src=x onerror=alert(1)>",
        )
        .unwrap();
        assert!(html.contains("<h1>Title</h1>"), "{html}");
        assert!(html.contains("<strong>bold</strong>"), "{html}");
        assert!(html.contains("href=\"https://example.org\""), "{html}");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
    }

    #[test]
    fn a_preview_needs_exactly_one_source() {
        let both = ProblemPreviewRequest {
            markdown: Some("x".into()),
            data: Some("<problem/>".into()),
        };
        assert_eq!(problem_preview(&both).unwrap_err().field, "markdown");
        assert!(problem_preview(&ProblemPreviewRequest::default()).is_err());
    }
}
