//! Images of posts and avatars: fetched once, checked, and kept in the `media` table, so that
//! citizens' browsers load them from the endpoint and never from a platform.

use super::guard::Reach;
use crate::state::AppState;
use crate::{clock, secrets};

/// Media ids are derived from upstream URLs whose content never changes.
pub(crate) const MEDIA_CACHE_CONTROL: &str = "public, max-age=31536000, immutable";

/// The path under which the endpoint serves the image `id`.
pub(crate) fn path(id: &str) -> String {
    format!("/v1/media/{id}")
}

/// The media type `bytes` start like, among those the endpoint serves. SVG and everything else
/// is refused: an image from upstream must be one of these, whatever its header says.
pub(crate) fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some("image/gif")
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

/// The id of the image at `url`, fetching it unless it is kept already; `None` (and a warning
/// in the log) when it cannot be fetched, is too large, or is not a PNG, JPEG, GIF or WebP
/// image as both its `Content-Type` and its first bytes say, or when it leads to an address
/// `reach` does not allow.
pub(crate) async fn store(state: &AppState, url: &str, reach: Reach) -> Option<String> {
    let url = super::web_url(url)?;
    // Checked before the kept copies too: an image another source was allowed to fetch from a
    // private address is no reason to show it for a source that may not reach there.
    if reach == Reach::PublicOnly
        && let Ok(parsed) = url::Url::parse(&url)
        && let Err(error) = super::guard::checked(&parsed, reach).await
    {
        tracing::warn!(%url, %error, "leaving out an image");
        return None;
    }
    let id = format!("m-{}", &secrets::sha256_hex(url.as_bytes())[..24]);
    let kept: Option<i64> = sqlx::query_scalar("SELECT 1 FROM media WHERE id = $1")
        .bind(&id)
        .fetch_optional(state.pool())
        .await
        .ok()?;
    if kept.is_some() {
        return Some(id);
    }
    let (bytes, declared) = match super::fetch::get_media(state, &url, reach).await {
        Ok(fetched) => fetched,
        Err(error) => {
            tracing::warn!(%url, %error, "leaving out an image");
            return None;
        }
    };
    let sniffed = sniff(&bytes);
    if sniffed.is_none() || sniffed != Some(declared.as_str()) {
        tracing::warn!(%url, declared, ?sniffed, "leaving out an image that is not PNG, JPEG, GIF or WebP");
        return None;
    }
    let stored = sqlx::query(
        "INSERT INTO media (id, source_url, content_type, bytes, fetched_at)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
    )
    .bind(&id)
    .bind(&url)
    .bind(declared)
    .bind(bytes)
    .bind(clock::format(clock::now()))
    .execute(state.pool())
    .await;
    match stored {
        Ok(_) => Some(id),
        Err(error) => {
            tracing::error!(%url, %error, "cannot store an image");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffing() {
        let cases: [(&[u8], Option<&str>); 7] = [
            (b"\x89PNG\r\n\x1a\n....", Some("image/png")),
            (&[0xFF, 0xD8, 0xFF, 0xE0], Some("image/jpeg")),
            (b"GIF89a..", Some("image/gif")),
            (b"RIFF\0\0\0\0WEBPVP8 ", Some("image/webp")),
            (b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>", None),
            (b"<?xml version=\"1.0\"?><svg/>", None),
            (b"", None),
        ];
        for (bytes, expected) in cases {
            assert_eq!(sniff(bytes), expected, "{bytes:?}");
        }
    }
}
