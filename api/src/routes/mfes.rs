//! Serving the built micro-frontends: each app's `dist` is read into memory
//! at start-up and compressed once (brotli and gzip, in a background thread),
//! so every first load ships the small encoding without per-request work.
//! Client-side routes fall back to the app's `index.html`; hashed assets are
//! cached for a year, `index.html` never.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use poem::http::{header, Method, StatusCode};
use poem::{Endpoint, Request, Response};

/// One file of a built app.
struct Asset {
    content_type: &'static str,
    raw: Vec<u8>,
    brotli: OnceLock<Vec<u8>>,
    gzip: OnceLock<Vec<u8>>,
}

/// The built files of one app, by path relative to its `dist`.
pub struct MfeAssets {
    files: Arc<HashMap<String, Arc<Asset>>>,
}

impl MfeAssets {
    /// Loads `dist` when it holds an `index.html`; `None` when the app is not built.
    pub fn load(dist: &Path) -> Option<MfeAssets> {
        if !dist.join("index.html").is_file() {
            return None;
        }
        let mut files = HashMap::new();
        collect(dist, dist, &mut files);
        let files = Arc::new(files);
        let to_compress = files.clone();
        std::thread::spawn(move || {
            for asset in to_compress.values() {
                if compressible(asset.content_type) {
                    let _ = asset.brotli.set(brotli_bytes(&asset.raw));
                    let _ = asset.gzip.set(gzip_bytes(&asset.raw));
                }
            }
        });
        Some(MfeAssets { files })
    }
}

fn collect(root: &Path, dir: &Path, files: &mut HashMap<String, Arc<Asset>>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path: PathBuf = entry.path();
        if path.is_dir() {
            collect(root, &path, files);
        } else if let (Ok(raw), Ok(rel)) = (std::fs::read(&path), path.strip_prefix(root)) {
            let rel = rel.to_string_lossy().replace('\\', "/");
            files.insert(
                rel.clone(),
                Arc::new(Asset {
                    content_type: content_type(&rel),
                    raw,
                    brotli: OnceLock::new(),
                    gzip: OnceLock::new(),
                }),
            );
        }
    }
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn compressible(content_type: &str) -> bool {
    content_type.starts_with("text/")
        || content_type.starts_with("application/wasm")
        || content_type.starts_with("application/json")
        || content_type.starts_with("image/svg")
}

fn brotli_bytes(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len() / 3);
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 4096, 11, 22);
        let _ = writer.write_all(raw);
    }
    out
}

fn gzip_bytes(raw: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let _ = encoder.write_all(raw);
    encoder.finish().unwrap_or_default()
}

impl Endpoint for MfeAssets {
    type Output = Response;

    async fn call(&self, req: Request) -> poem::Result<Response> {
        if !matches!(*req.method(), Method::GET | Method::HEAD) {
            return Err(poem::Error::from_status(StatusCode::METHOD_NOT_ALLOWED));
        }
        let path = req.uri().path().trim_start_matches('/');
        let (name, asset) = match self.files.get(path) {
            Some(asset) if !path.is_empty() => (path, asset),
            _ => {
                // A file-like path that does not exist is a 404; anything else
                // is a client-side route of the app.
                let last = path.rsplit('/').next().unwrap_or("");
                if last.contains('.') && !last.ends_with(".html") {
                    return Err(poem::Error::from_status(StatusCode::NOT_FOUND));
                }
                match self.files.get("index.html") {
                    Some(index) => ("index.html", index),
                    None => return Err(poem::Error::from_status(StatusCode::NOT_FOUND)),
                }
            }
        };
        let accepts = req
            .headers()
            .get(header::ACCEPT_ENCODING)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let (body, encoding) = match (accepts.contains("br"), asset.brotli.get(), asset.gzip.get())
        {
            (true, Some(br), _) => (br.clone(), Some("br")),
            (_, _, Some(gz)) if accepts.contains("gzip") => (gz.clone(), Some("gzip")),
            _ => (asset.raw.clone(), None),
        };
        let cache = if name == "index.html" {
            "no-cache"
        } else {
            "public, max-age=31536000, immutable"
        };
        let mut builder = Response::builder()
            .header(header::CONTENT_TYPE, asset.content_type)
            .header(header::CACHE_CONTROL, cache)
            .header(header::VARY, "Accept-Encoding");
        if let Some(encoding) = encoding {
            builder = builder.header(header::CONTENT_ENCODING, encoding);
        }
        if *req.method() == Method::HEAD {
            return Ok(builder.header(header::CONTENT_LENGTH, body.len()).finish());
        }
        Ok(builder.body(body))
    }
}
