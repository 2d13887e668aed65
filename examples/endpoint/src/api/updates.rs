//! `GET /v1/updates`: normalised posts, newest first, with a strong `ETag`.

use std::collections::HashMap;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use ozg_sdk::{FollowLink, LeikaKey, Update, UpdatesPage};

use crate::error::ApiError;
use crate::state::AppState;
use crate::{clock, secrets};

const DEFAULT_LIMIT: u32 = 20;
const MAX_LIMIT: u32 = 50;
const CACHE_CONTROL: &str = "public, max-age=60";

pub(super) async fn get(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(params) = query.map_err(|_| ApiError::InvalidParameter {
        name: "query",
        code: "invalid_format",
        detail: "must be a valid URL query string",
    })?;
    let service = params
        .get("service")
        .map(|value| LeikaKey::parse(value))
        .transpose()
        .map_err(|_| ApiError::InvalidParameter {
            name: "service",
            code: "invalid_format",
            detail: "must be a LeiKa key of 14 digits",
        })?;
    let limit = match params.get("limit") {
        None => DEFAULT_LIMIT,
        // Larger limits are capped rather than refused, as the SDK documents; beyond a 32-bit
        // integer, as the contract types `limit`, they are refused.
        Some(value) => match value.parse::<i32>().map(u32::try_from) {
            Ok(Ok(limit)) if limit >= 1 => limit.min(MAX_LIMIT),
            _ => {
                return Err(ApiError::InvalidParameter {
                    name: "limit",
                    code: "out_of_range",
                    detail: "must be a whole number of at least 1 (more than 50 count as 50)",
                });
            }
        },
    };
    let before = params
        .get("before")
        .map(|value| clock::normalise(value))
        .map(|normalised| {
            normalised.ok_or(ApiError::InvalidParameter {
                name: "before",
                code: "invalid_format",
                detail: "must be an RFC 3339 date-time",
            })
        })
        .transpose()?;

    // Pinned posts lead the first page and are not repeated on the pages `before` asks for.
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT json FROM updates
         WHERE ($1 IS NULL OR service IS NULL OR service = $1)
           AND ($2 IS NULL OR (published < $2 AND pinned = 0))
         ORDER BY (CASE WHEN $2 IS NULL THEN pinned ELSE 0 END) DESC, published DESC, id DESC
         LIMIT $3",
    )
    .bind(service.as_ref().map(LeikaKey::as_str))
    .bind(before)
    .bind(i64::from(limit))
    .fetch_all(state.pool())
    .await?;
    let updates = rows
        .into_iter()
        .map(|(json,)| {
            let mut update: Update = serde_json::from_str(&json)
                .map_err(|e| ApiError::Internal(format!("stored update: {e}")))?;
            absolute_media_urls(&mut update, &state.config().public_url);
            Ok(update)
        })
        .collect::<Result<Vec<_>, ApiError>>()?;

    let body = serde_json::to_vec(&UpdatesPage {
        updates,
        follow: follow_links(&state),
    })
    .expect("updates always serialise");
    Ok(cached_json(&headers, body, CACHE_CONTROL))
}

/// The configured "Follow us" links.
fn follow_links(state: &AppState) -> Vec<FollowLink> {
    state
        .config()
        .follow
        .iter()
        .map(|link| FollowLink {
            platform: link.platform,
            url: link.url.clone(),
            audiences: link.audiences.clone(),
        })
        .collect()
}

/// Stored media URLs may be paths on this endpoint (`/v1/media/…`); clients on other origins
/// need them absolute.
fn absolute_media_urls(update: &mut Update, public_url: &str) {
    let avatar = update.author.avatar.iter_mut();
    for media in update.media.iter_mut().chain(avatar) {
        if media.url.starts_with('/') {
            media.url = format!("{}{}", public_url.trim_end_matches('/'), media.url);
        }
    }
    for emoji in &mut update.emoji {
        if emoji.url.starts_with('/') {
            emoji.url = format!("{}{}", public_url.trim_end_matches('/'), emoji.url);
        }
    }
}

/// A JSON `body` with an `ETag` from its hash and `cache_control`; `304 Not Modified` without
/// the body when `If-None-Match` already names that `ETag`.
pub(super) fn cached_json(
    headers: &HeaderMap,
    body: Vec<u8>,
    cache_control: &'static str,
) -> Response {
    let etag = format!("\"{}\"", &secrets::sha256_hex(&body)[..32]);
    let etag = HeaderValue::from_str(&etag).expect("a hex ETag is a valid header value");
    let headers_out = [
        (header::ETAG, etag.clone()),
        (
            header::CACHE_CONTROL,
            HeaderValue::from_static(cache_control),
        ),
    ];
    if matches_any(headers, &etag) {
        return (StatusCode::NOT_MODIFIED, headers_out).into_response();
    }
    (
        headers_out,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response()
}

/// Whether `If-None-Match` names `etag` (or is `*`), with the weak comparison RFC 9110 asks
/// for in this header.
pub(super) fn matches_any(headers: &HeaderMap, etag: &HeaderValue) -> bool {
    let ours = etag.as_bytes();
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .any(|tag| tag == "*" || tag.strip_prefix("W/").unwrap_or(tag).as_bytes() == ours)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_none_match() {
        let etag = HeaderValue::from_static("\"abc\"");
        let cases = [
            (vec!["\"abc\""], true),
            (vec!["W/\"abc\""], true),
            (vec!["\"x\", \"abc\""], true),
            (vec!["\"x\"", "\"abc\""], true),
            (vec!["*"], true),
            (vec!["\"abcd\""], false),
            (vec!["abc"], false),
            (vec![], false),
        ];
        for (values, expected) in cases {
            let mut headers = HeaderMap::new();
            for value in &values {
                headers.append(header::IF_NONE_MATCH, HeaderValue::from_static(value));
            }
            assert_eq!(matches_any(&headers, &etag), expected, "values {values:?}");
        }
    }
}
