//! `GET /api/v1/health` and `GET /api/v1/ready`.

use poem::http::StatusCode;
use poem::web::Data;
use poem_openapi::payload::Json;
use poem_openapi::OpenApi;
use shared_types::{Health, Ready};

use super::ApiTags;
use crate::error::{problem, ApiError};
use crate::state::AppState;

/// Probes for load balancers and orchestrators.
pub struct HealthApi;

#[OpenApi(tag = "ApiTags::Health")]
impl HealthApi {
    /// Is the process up
    ///
    /// Answers as long as the process serves HTTP; touches no backend.
    #[oai(path = "/health", method = "get", operation_id = "get_health")]
    async fn get_health(&self) -> Json<Health> {
        Json(Health {
            status: "ok".into(),
            version: env!("CARGO_PKG_VERSION").into(),
        })
    }

    /// Can the process serve requests
    ///
    /// Answers 200 when the relational database answers a query, 503 otherwise.
    #[oai(path = "/ready", method = "get", operation_id = "get_ready")]
    async fn get_ready(&self, state: Data<&AppState>) -> Result<Json<Ready>, ApiError> {
        if state.health.database_ready().await {
            Ok(Json(Ready {
                status: "ok".into(),
                database: "ok".into(),
            }))
        } else {
            Err(ApiError::Unavailable(Json(problem(
                StatusCode::SERVICE_UNAVAILABLE,
                "not_ready",
                "The database does not answer.",
            ))))
        }
    }
}
