//! `GET /v1/media/{name}`: images attached to posts, served by the endpoint so that no
//! citizen's browser contacts a platform.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;
use crate::sources::MEDIA_CACHE_CONTROL;
use crate::state::AppState;

/// The images the endpoint has: name, media type, bytes.
const MEDIA: &[(&str, &str, &[u8])] = &[(
    "buergergeld-online.svg",
    "image/svg+xml",
    include_bytes!("../../seed/media/buergergeld-online.svg"),
)];

pub(super) async fn get(
    State(state): State<AppState>,
    Path(name): Path<String>,
) -> Result<Response, ApiError> {
    let Some((_, media_type, bytes)) = MEDIA.iter().find(|(known, _, _)| *known == name) else {
        return fetched(&state, &name).await;
    };
    Ok((
        [
            (header::CONTENT_TYPE, *media_type),
            (header::CACHE_CONTROL, "public, max-age=86400"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            // An SVG opened on its own must not run anything.
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'none'; style-src 'unsafe-inline'",
            ),
            (
                header::HeaderName::from_static("cross-origin-resource-policy"),
                "cross-origin",
            ),
        ],
        *bytes,
    )
        .into_response())
}

/// An image fetched from a source: only PNG, JPEG, GIF and WebP are ever stored.
async fn fetched(state: &AppState, id: &str) -> Result<Response, ApiError> {
    let row: Option<(String, Vec<u8>)> =
        sqlx::query_as("SELECT content_type, bytes FROM media WHERE id = $1")
            .bind(id)
            .fetch_optional(state.pool())
            .await?;
    let (content_type, bytes) = row.ok_or(ApiError::NotFound("no image with this name"))?;
    Ok((
        [
            (header::CONTENT_TYPE, content_type.as_str()),
            (header::CACHE_CONTROL, MEDIA_CACHE_CONTROL),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (header::CONTENT_SECURITY_POLICY, "default-src 'none'"),
            (
                header::HeaderName::from_static("cross-origin-resource-policy"),
                "cross-origin",
            ),
        ],
        bytes,
    )
        .into_response())
}
