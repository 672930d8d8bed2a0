//! [`SharedJson`]: a JSON answer serialized once and shared, for responses
//! that many requests read unchanged (the outline of a course version), or
//! written straight to bytes by its service (large per-learner answers).

use std::marker::PhantomData;
use std::sync::Arc;

use poem::{IntoResponse, Response};
use poem_openapi::payload::Payload;
use poem_openapi::registry::{MetaMediaType, MetaResponse, MetaResponses, MetaSchemaRef, Registry};
use poem_openapi::types::Type;
use poem_openapi::ApiResponse;

/// Already-serialized JSON of a `T`: documented in the spec as `T`, sent as
/// the bytes without building it again.
pub struct SharedJson<T> {
    bytes: bytes::Bytes,
    _type: PhantomData<fn() -> T>,
}

impl<T> SharedJson<T> {
    /// `bytes` must be the JSON of a `T` (made with its serde form, which
    /// shared-types keeps identical to the spec's).
    pub fn new(bytes: Arc<[u8]>) -> Self {
        Self {
            bytes: bytes::Bytes::from_owner(SharedBytes(bytes)),
            _type: PhantomData,
        }
    }

    /// JSON written for this answer alone; the same rule as
    /// [`SharedJson::new`] holds.
    pub fn owned(bytes: Vec<u8>) -> Self {
        Self {
            bytes: bytes.into(),
            _type: PhantomData,
        }
    }
}

impl<T: Type> Payload for SharedJson<T> {
    const CONTENT_TYPE: &'static str = "application/json; charset=utf-8";

    fn schema_ref() -> MetaSchemaRef {
        T::schema_ref()
    }

    fn register(registry: &mut Registry) {
        T::register(registry);
    }
}

impl<T: Send> IntoResponse for SharedJson<T> {
    fn into_response(self) -> Response {
        Response::builder()
            .content_type("application/json; charset=utf-8")
            .body(poem::Body::from_bytes(self.bytes))
    }
}

/// Lets the response body borrow the shared bytes without copying them.
struct SharedBytes(Arc<[u8]>);

impl AsRef<[u8]> for SharedBytes {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl<T: Type + Send> ApiResponse for SharedJson<T> {
    fn meta() -> MetaResponses {
        MetaResponses {
            responses: vec![MetaResponse {
                description: "",
                status: Some(200),
                status_range: None,
                content: vec![MetaMediaType {
                    content_type: Self::CONTENT_TYPE,
                    schema: Self::schema_ref(),
                }],
                headers: vec![],
            }],
        }
    }

    fn register(registry: &mut Registry) {
        T::register(registry);
    }
}
