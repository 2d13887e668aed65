//! `GET /v1/services/{leika}`: the description of one service.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::IntoResponse;
use ozg_sdk::{LeikaKey, ServiceDescription};

use crate::error::ApiError;
use crate::state::AppState;

pub(super) async fn get(
    State(state): State<AppState>,
    Path(leika): Path<String>,
) -> Result<impl IntoResponse, ApiError> {
    let key = LeikaKey::parse(&leika).map_err(|_| ApiError::InvalidParameter {
        name: "leika",
        code: "invalid_format",
        detail: "must be a LeiKa key of 14 digits",
    })?;
    let row: Option<(String,)> = sqlx::query_as("SELECT json FROM services WHERE leika = $1")
        .bind(key.as_str())
        .fetch_optional(state.pool())
        .await?;
    let (json,) = row.ok_or(ApiError::NotFound(
        "no service with this LeiKa key is described here",
    ))?;
    let description: ServiceDescription = serde_json::from_str(&json)
        .map_err(|e| ApiError::Internal(format!("stored description of {key}: {e}")))?;
    Ok((
        [(header::CACHE_CONTROL, "public, max-age=300")],
        Json(description),
    ))
}
