//! The anti-spam challenge of `GET /v1/challenge`.

use serde::{Deserialize, Serialize};

/// A signed issue time from the endpoint.
///
/// A client fetches it when a feedback form opens and later sends it back with the submission,
/// so the endpoint can tell a person who took a few seconds to type from a bot that posts at
/// once, without cookies or third-party captchas. Only the endpoint can check the signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Challenge {
    /// When the endpoint issued the challenge, RFC 3339 in UTC.
    #[cfg_attr(feature = "openapi", schema(example = "2026-11-26T09:30:00Z"))]
    pub issued_at: String,
    /// Lowercase hex HMAC-SHA256 of `issued_at` under a secret only the endpoint knows.
    #[cfg_attr(feature = "openapi", schema(pattern = "^[0-9a-f]{64}$"))]
    pub signature: String,
}
