//! Problems and Markdown rendered by the server for previews.

use gloo_net::http::Method;
use shared_types::{ProblemPreview, ProblemPreviewRequest, RenderMarkdownRequest, RenderedHtml};

use super::{fetch_json, ApiError};

/// `POST /authoring/render/markdown`: Markdown as sanitized HTML.
pub async fn render_markdown(markdown: &str) -> Result<String, ApiError> {
    let request = RenderMarkdownRequest {
        markdown: markdown.to_string(),
    };
    let rendered: RenderedHtml =
        fetch_json(Method::POST, "/authoring/render/markdown", Some(&request)).await?;
    Ok(rendered.html)
}

/// `POST /authoring/render/problem`: a problem (simple-editor markdown or
/// capa XML) as the learner will see it, with its XML.
pub async fn preview_problem(request: &ProblemPreviewRequest) -> Result<ProblemPreview, ApiError> {
    fetch_json(Method::POST, "/authoring/render/problem", Some(request)).await
}
