//! `GET /v1/services/{leika}/stats`: transparency figures of one service, counted over the
//! last [`WINDOW_DAYS`] whole UTC days and left out below [`MINIMUM_COUNT`] submissions.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use ozg_sdk::{LeikaKey, ServiceStats};
use time::{Duration, Time};

use super::updates::cached_json;
use crate::clock;
use crate::error::ApiError;
use crate::state::AppState;

/// Days the figures look back, from the start of today (UTC).
pub(crate) const WINDOW_DAYS: u32 = 365;
/// Fewest submissions (for the time to answer: answered submissions) the figures need; below
/// it they are left out, so that no single citizen's rating can be read off them.
pub(crate) const MINIMUM_COUNT: u32 = 10;
/// The figures change slowly; an hour of caching keeps the database out of every page view.
const CACHE_CONTROL: &str = "public, max-age=3600";

pub(super) async fn get(
    State(state): State<AppState>,
    Path(leika): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let key = LeikaKey::parse(&leika).map_err(|_| ApiError::InvalidParameter {
        name: "leika",
        code: "invalid_format",
        detail: "must be a LeiKa key of 14 digits",
    })?;
    let known: Option<(i64,)> = sqlx::query_as("SELECT 1 FROM services WHERE leika = $1")
        .bind(key.as_str())
        .fetch_optional(state.pool())
        .await?;
    if known.is_none() {
        return Err(ApiError::NotFound(
            "no service with this LeiKa key is described here",
        ));
    }
    // Whole days, so the answer (and its ETag) stays the same all day while nothing changes.
    let today = clock::now().replace_time(Time::MIDNIGHT);
    let since = clock::format(today - Duration::days(i64::from(WINDOW_DAYS)));
    let stats = compute(state.pool(), key.as_str(), &since).await?;

    let body = serde_json::to_vec(&stats).expect("figures always serialise");
    Ok(cached_json(&headers, body, CACHE_CONTROL))
}

/// The figures of `service` over the feedback received since `since`.
async fn compute(
    pool: &sqlx::AnyPool,
    service: &str,
    since: &str,
) -> Result<ServiceStats, ApiError> {
    let (count, found, rating_sum): (i64, i64, i64) = sqlx::query_as(
        "SELECT count(*), count(*) FILTER (WHERE found = 'yes'),
             CAST(coalesce(sum(rating), 0) AS BIGINT)
         FROM feedback WHERE service = $1 AND received_at >= $2",
    )
    .bind(service)
    .bind(since)
    .fetch_one(pool)
    .await?;
    // The times to answer are computed here from the stored timestamps, the same on SQLite
    // and PostgreSQL.
    let answered: Vec<(String, String)> = sqlx::query_as(
        "SELECT received_at, answered_at FROM feedback
         WHERE service = $1 AND received_at >= $2 AND answered_at IS NOT NULL",
    )
    .bind(service)
    .bind(since)
    .fetch_all(pool)
    .await?;
    let mut durations: Vec<i64> = answered
        .iter()
        .filter_map(|(received, answered)| {
            Some((clock::parse(answered)? - clock::parse(received)?).whole_seconds())
        })
        .collect();
    let count = u32::try_from(count).unwrap_or(u32::MAX);
    let enough = count >= MINIMUM_COUNT;
    // Counts stay far below 2^52, where f64 is exact.
    #[allow(clippy::cast_precision_loss)]
    let (found_share, mean_rating) = if enough {
        let n = f64::from(count);
        (
            Some(round_to(found as f64 / n, 1000.0)),
            Some(round_to(rating_sum as f64 / n, 100.0)),
        )
    } else {
        (None, None)
    };
    let answered = u32::try_from(durations.len()).unwrap_or(u32::MAX);
    let median_answer_seconds = if answered >= MINIMUM_COUNT {
        durations.sort_unstable();
        let mid = durations.len() / 2;
        let median = if durations.len().is_multiple_of(2) {
            (durations[mid - 1] + durations[mid]) / 2
        } else {
            durations[mid]
        };
        Some(u64::try_from(median).unwrap_or(0))
    } else {
        None
    };
    Ok(ServiceStats {
        service: service.to_owned(),
        window_days: WINDOW_DAYS,
        since: since.to_owned(),
        minimum_count: MINIMUM_COUNT,
        count,
        found_share,
        mean_rating,
        median_answer_seconds,
    })
}

fn round_to(value: f64, factor: f64) -> f64 {
    (value * factor).round() / factor
}
