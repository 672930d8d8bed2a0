//! Serving course files at `/assets/<course key>/<name>` (public, as Open
//! edX's course assets are). Served with `nosniff` and a sandboxing content
//! security policy, so an uploaded SVG cannot run script on this origin.
//!
//! Files are streamed, never held in memory whole, and answer single byte
//! ranges (`Range: bytes=...`, 206), which browsers need to seek in a video.
//! An `ETag` made of the size and modification time lets a browser
//! revalidate (`If-None-Match`, 304).

use poem::http::{header, HeaderMap, StatusCode};
use poem::web::{Data, Path};
use poem::{handler, Body, Request, Response};
use tokio::io::{AsyncReadExt, AsyncSeekExt};

use crate::state::AppState;

/// `GET /assets/:course_key/:name`.
#[handler]
pub async fn serve_asset(
    req: &Request,
    state: Data<&AppState>,
    Path((course_key, name)): Path<(String, String)>,
) -> poem::Result<Response> {
    let opened = state.assets.open(&course_key, &name).await.map_err(|err| {
        tracing::error!(error = %err, "opening a course file failed");
        poem::Error::from_status(StatusCode::INTERNAL_SERVER_ERROR)
    })?;
    let Some((mut blob, content_type)) = opened else {
        return Err(poem::Error::from_status(StatusCode::NOT_FOUND));
    };
    let size = blob.meta.size;
    let etag = format!("\"{:x}-{:x}\"", size, blob.meta.modified.timestamp_millis());
    let last_modified = blob
        .meta
        .modified
        .format("%a, %d %b %Y %H:%M:%S GMT")
        .to_string();
    let headers = req.headers();
    let base = Response::builder()
        .header(header::ETAG, etag.as_str())
        .header(header::LAST_MODIFIED, last_modified)
        .header(header::ACCEPT_RANGES, "bytes")
        .header(header::CACHE_CONTROL, "public, max-age=300")
        .header("X-Content-Type-Options", "nosniff")
        .header(
            "Content-Security-Policy",
            "default-src 'none'; img-src 'self' data:; media-src 'self'; style-src 'unsafe-inline'; sandbox",
        );
    if if_none_match(headers, &etag) {
        return Ok(base.status(StatusCode::NOT_MODIFIED).finish());
    }
    let (status, start, len) = match requested_range(headers, &etag, size) {
        Wanted::Whole => (StatusCode::OK, 0, size),
        Wanted::Part { start, end } => (StatusCode::PARTIAL_CONTENT, start, end - start + 1),
        Wanted::Unsatisfiable => {
            return Ok(base
                .status(StatusCode::RANGE_NOT_SATISFIABLE)
                .header(header::CONTENT_RANGE, format!("bytes */{size}"))
                .finish());
        }
    };
    if start > 0 {
        blob.reader
            .seek(std::io::SeekFrom::Start(start))
            .await
            .map_err(|err| {
                tracing::error!(error = %err, "seeking in a course file failed");
                poem::Error::from_status(StatusCode::INTERNAL_SERVER_ERROR)
            })?;
    }
    let mut response = base
        .status(status)
        .header(header::CONTENT_TYPE, content_type)
        .header(header::CONTENT_LENGTH, len);
    if status == StatusCode::PARTIAL_CONTENT {
        response = response.header(
            header::CONTENT_RANGE,
            format!("bytes {start}-{}/{size}", start + len - 1),
        );
    }
    Ok(response.body(Body::from_async_read(blob.reader.take(len))))
}

/// Whether the browser's copy (`If-None-Match`) is current.
fn if_none_match(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .map(|tag| tag.trim().trim_start_matches("W/"))
                .any(|tag| tag == etag || tag == "*")
        })
}

/// Which bytes a request asks for.
#[derive(Debug, PartialEq, Eq)]
enum Wanted {
    Whole,
    /// `start..=end`.
    Part {
        start: u64,
        end: u64,
    },
    Unsatisfiable,
}

/// The one byte range of `Range: bytes=...` (several ranges, other units, a
/// malformed header or a stale `If-Range` get the whole file, as RFC 9110
/// allows).
fn requested_range(headers: &HeaderMap, etag: &str, size: u64) -> Wanted {
    let Some(range) = headers.get(header::RANGE).and_then(|v| v.to_str().ok()) else {
        return Wanted::Whole;
    };
    if let Some(if_range) = headers.get(header::IF_RANGE).and_then(|v| v.to_str().ok()) {
        if if_range.trim() != etag {
            return Wanted::Whole;
        }
    }
    let Some(spec) = range.trim().strip_prefix("bytes=") else {
        return Wanted::Whole;
    };
    if spec.contains(',') {
        return Wanted::Whole;
    }
    let Some((first, last)) = spec.trim().split_once('-') else {
        return Wanted::Whole;
    };
    let number = |s: &str| s.trim().parse::<u64>().ok();
    let (first, last) = (first.trim(), last.trim());
    let (start, end) = if first.is_empty() {
        // bytes=-N: the last N bytes.
        match number(last) {
            Some(0) => return Wanted::Unsatisfiable,
            Some(_) if size == 0 => return Wanted::Unsatisfiable,
            Some(suffix) => (size.saturating_sub(suffix), size - 1),
            None => return Wanted::Whole,
        }
    } else {
        // bytes=A- or bytes=A-B.
        let Some(start) = number(first) else {
            return Wanted::Whole;
        };
        let end = if last.is_empty() {
            None
        } else {
            match number(last) {
                Some(end) if end >= start => Some(end),
                _ => return Wanted::Whole,
            }
        };
        if start >= size {
            return Wanted::Unsatisfiable;
        }
        (start, end.map_or(size - 1, |end| end.min(size - 1)))
    };
    if start == 0 && end + 1 == size {
        return Wanted::Whole;
    }
    Wanted::Part { start, end }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wanted(range: &str, size: u64) -> Wanted {
        let mut headers = HeaderMap::new();
        headers.insert(header::RANGE, range.parse().unwrap());
        requested_range(&headers, "\"e\"", size)
    }

    #[test]
    fn reads_single_byte_ranges() {
        assert_eq!(wanted("bytes=0-9", 100), Wanted::Part { start: 0, end: 9 });
        assert_eq!(
            wanted("bytes=90-", 100),
            Wanted::Part { start: 90, end: 99 }
        );
        assert_eq!(
            wanted("bytes=-10", 100),
            Wanted::Part { start: 90, end: 99 }
        );
        assert_eq!(
            wanted("bytes=50-500", 100),
            Wanted::Part { start: 50, end: 99 }
        );
        assert_eq!(wanted("bytes=0-", 100), Wanted::Whole);
        assert_eq!(wanted("bytes=-500", 100), Wanted::Whole);
        assert_eq!(wanted("bytes=100-", 100), Wanted::Unsatisfiable);
        assert_eq!(wanted("bytes=-0", 100), Wanted::Unsatisfiable);
        for whole in [
            "bytes=9-2",
            "bytes=0-1,5-6",
            "items=0-1",
            "bytes=x-",
            "bytes=1-x",
        ] {
            assert_eq!(wanted(whole, 100), Wanted::Whole, "{whole}");
        }
    }
}
