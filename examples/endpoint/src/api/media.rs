//! `GET /v1/media/{name}`: images attached to posts, served by the endpoint so that no
//! citizen's browser contacts a platform.

use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;

/// The images the endpoint has: name, media type, bytes.
const MEDIA: &[(&str, &str, &[u8])] = &[(
    "buergergeld-online.svg",
    "image/svg+xml",
    include_bytes!("../../seed/media/buergergeld-online.svg"),
)];

pub(super) async fn get(Path(name): Path<String>) -> Result<Response, ApiError> {
    let (_, media_type, bytes) = MEDIA
        .iter()
        .find(|(known, _, _)| *known == name)
        .ok_or(ApiError::NotFound("no image with this name"))?;
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
