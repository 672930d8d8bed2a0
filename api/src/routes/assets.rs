//! Serving course files at `/assets/<course key>/<name>` (public, as Open
//! edX's course assets are). Served with `nosniff` and a sandboxing content
//! security policy, so an uploaded SVG cannot run script on this origin.

use poem::http::{header, StatusCode};
use poem::web::{Data, Path};
use poem::{handler, Response};

use crate::state::AppState;

/// `GET /assets/:course_key/:name`.
#[handler]
pub async fn serve_asset(
    state: Data<&AppState>,
    Path((course_key, name)): Path<(String, String)>,
) -> poem::Result<Response> {
    match state.assets.read(&course_key, &name).await {
        Ok(Some((bytes, content_type))) => Ok(Response::builder()
            .header(header::CONTENT_TYPE, content_type)
            .header("X-Content-Type-Options", "nosniff")
            .header(
                "Content-Security-Policy",
                "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; sandbox",
            )
            .header(header::CACHE_CONTROL, "public, max-age=300")
            .body(bytes)),
        Ok(None) => Err(poem::Error::from_status(StatusCode::NOT_FOUND)),
        Err(err) => {
            tracing::error!(error = %err, "reading a course file failed");
            Err(poem::Error::from_status(StatusCode::INTERNAL_SERVER_ERROR))
        }
    }
}
