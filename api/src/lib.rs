//! The Lyceum backend as a library: [`build_app`] turns an [`AppState`] into
//! the HTTP application that `lyceum serve` runs and the tests drive.

pub mod auth;
pub mod capa;
pub mod config;
pub mod demo;
pub mod error;
pub mod jobs;
pub mod olx;
pub mod ora;
pub mod routes;
pub mod services;
pub mod state;
pub mod store;

use std::path::Path;
use std::time::Instant;

use poem::http::{header, HeaderValue, StatusCode};
use poem::web::Redirect;
use poem::{handler, Endpoint, EndpointExt, IntoResponse, Response, Route};
use poem_openapi::OpenApiService;
use shared_types::REQUEST_ID_HEADER;
use tracing::Instrument;

pub use config::Config;
pub use state::AppState;

/// The micro-frontends `lyceum serve` mounts, by path.
pub const MFES: [&str; 4] = ["learning", "authoring", "discussions", "profile"];

/// The OpenAPI service of every API operation, mounted at `/api/v1`.
pub fn openapi_service() -> OpenApiService<routes::Apis, ()> {
    OpenApiService::new(routes::apis(), "Lyceum API", env!("CARGO_PKG_VERSION"))
        .description(
            "The Lyceum learning platform's API. Sign in with `POST /api/v1/auth/login` \
             (or create a personal API token at `POST /api/v1/me/tokens`) and send the token \
             as `Authorization: Bearer <token>`. Errors are `application/problem+json`.",
        )
        .url_prefix("/api/v1")
}

/// The spec as JSON, as committed in `openapi/openapi.json`.
pub fn openapi_json() -> String {
    openapi_service().spec()
}

/// The spec as YAML, as committed in `openapi/openapi.yaml`.
pub fn openapi_yaml() -> String {
    openapi_service().spec_yaml()
}

/// The whole HTTP application.
pub fn build_app(state: AppState) -> impl Endpoint<Output = Response> {
    let api = openapi_service();
    let mut route = Route::new()
        .at("/api/openapi.json", api.spec_endpoint())
        .at("/api/openapi.yaml", api.spec_endpoint_yaml())
        .nest("/api/docs", api.swagger_ui())
        .nest("/api/v1", api)
        .at("/assets/:course_key/:name", routes::assets::serve_asset)
        .at("/", root_redirect);
    for app in MFES {
        route = route.nest(format!("/{app}"), mfe_endpoint(&state.config.mfe_dir, app));
    }
    let body_limit = usize::try_from(state.config.max_body_bytes).unwrap_or(usize::MAX);
    let upload_limit = usize::try_from(state.config.max_upload_bytes)
        .unwrap_or(usize::MAX)
        .saturating_add(64 * 1024);
    route
        .with(poem::middleware::CatchPanic::new().with_handler(panic_response))
        .data(state)
        .around(move |ep, mut req| async move {
            let request_id = req
                .headers()
                .get(REQUEST_ID_HEADER)
                .and_then(|v| v.to_str().ok())
                .filter(|v| {
                    !v.is_empty()
                        && v.len() <= 64
                        && v.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                })
                .map(str::to_string)
                .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
            let span = tracing::info_span!(
                "request",
                request_id = %request_id,
                method = %req.method(),
                path = %req.uri().path(),
            );
            async move {
                let started = Instant::now();
                // Course file uploads may be larger than other bodies.
                let path = req.uri().path();
                let is_upload = req.method() == poem::http::Method::POST
                    && ((path.starts_with("/api/v1/authoring/courses/")
                        && path.ends_with("/assets"))
                        || path == "/api/v1/authoring/import"
                        || (path.starts_with("/api/v1/courses/") && path.ends_with("/files")));
                let limit = if is_upload { upload_limit } else { body_limit };
                let result = match limit_body(&mut req, limit).await {
                    Ok(()) => ep.call(req).await.map(IntoResponse::into_response),
                    Err(err) => Err(err),
                };
                let mut response = match result {
                    Ok(response) => response.into_response(),
                    Err(err) => error::into_problem(err, &request_id).await,
                };
                if let Ok(value) = HeaderValue::from_str(&request_id) {
                    response.headers_mut().insert(REQUEST_ID_HEADER, value);
                }
                tracing::info!(
                    status = response.status().as_u16(),
                    elapsed_us = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX),
                    "handled"
                );
                Ok(response)
            }
            .instrument(span)
            .await
        })
}

/// Refuses bodies over `limit` bytes with 413, whether announced by
/// `Content-Length` or sent chunked.
async fn limit_body(req: &mut poem::Request, limit: usize) -> poem::Result<()> {
    let too_large = || poem::Error::from_status(StatusCode::PAYLOAD_TOO_LARGE);
    if let Some(length) = req.headers().get(header::CONTENT_LENGTH) {
        let length: usize = length
            .to_str()
            .ok()
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| poem::Error::from_status(StatusCode::BAD_REQUEST))?;
        return if length > limit {
            Err(too_large())
        } else {
            Ok(())
        };
    }
    if req.headers().contains_key(header::TRANSFER_ENCODING) {
        let body = req.take_body();
        let bytes = body
            .into_bytes_limit(limit)
            .await
            .map_err(|_| too_large())?;
        req.set_body(bytes);
    }
    Ok(())
}

/// A panic in a handler becomes a bare problem+json 500.
fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    error::problem_response(&error::problem(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal_error",
        "Something went wrong on our side. Quote the request id when you report it.",
    ))
}

#[handler]
fn root_redirect() -> Redirect {
    Redirect::see_other("/learning/")
}

/// Serves one built MFE with client-side routes falling back to its
/// `index.html`, or a page saying how to build it.
fn mfe_endpoint(
    mfe_dir: &Path,
    app: &'static str,
) -> poem::endpoint::BoxEndpoint<'static, Response> {
    let dist = mfe_dir.join(app).join("dist");
    if let Some(assets) = routes::mfes::MfeAssets::load(&dist) {
        assets.boxed()
    } else {
        let dist_shown = dist.display().to_string();
        poem::endpoint::make_sync(move |_| {
            let body = format!(
                "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Lyceum: {app} is not built</title></head>\
                 <body><main><h1>The {app} app is not built</h1>\
                 <p>This server looks for it in <code>{dist_shown}</code>. Build it with <code>just mfes</code> \
                 (or <code>cd mfes/{app} &amp;&amp; trunk build --release --public-url /{app}/</code>), \
                 or point <code>MFE_DIR</code> at a directory holding the built apps.</p></main></body></html>"
            );
            Response::builder()
                .status(StatusCode::SERVICE_UNAVAILABLE)
                .header(header::CONTENT_TYPE, "text/html; charset=utf-8")
                .body(body)
        })
        .boxed()
    }
}
