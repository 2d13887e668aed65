//! The `Idempotency-Key` records of `POST /v1/feedback`.
//!
//! A request first *claims* its key: it inserts a `pending` row, which the primary key lets
//! only one request do. The claimant then stores the feedback and marks the key `done` with
//! the receipt in one transaction. Every other request with the key sees the row and gets the
//! same receipt (`done`), a 409 (`pending`), or a 422 (another body). A claim whose holder died
//! before finishing goes stale after [`PENDING_TIMEOUT`] and can be taken over by a retry.
//! Keys are forgotten after [`KEPT_FOR`].

use ozg_sdk::Receipt;
use sqlx::{AnyConnection, AnyPool};
use time::Duration;

use crate::error::ApiError;
use crate::{clock, secrets};

/// How long a pending claim holds before a retry may take it over.
const PENDING_TIMEOUT: Duration = Duration::seconds(30);

/// How long a key is kept: a retry within this time gets the first request's receipt. The
/// receipt holds the status token in plain text (the feedback itself keeps only its hash), so
/// it is not kept beyond the time a retry can reasonably take (a device that was offline for a
/// while); a retry after that stores the feedback anew, under a new reference.
const KEPT_FOR: Duration = Duration::days(7);

/// Marks the one request that holds a pending key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ClaimId(String);

/// What claiming a key found.
#[derive(Debug)]
pub(crate) enum Claim {
    /// This request holds the key and must store the feedback, then [`complete`] or
    /// [`release`].
    Acquired(ClaimId),
    /// An earlier request with the same body was committed; answer with its receipt.
    Replay(Receipt),
    /// An earlier request with the same body is still being processed.
    InFlight,
    /// The key was used with a different body.
    Reused,
}

/// Claims `key` for a request whose body hashes to `body_hash`.
///
/// # Errors
/// Database errors, and a stored receipt that is not valid JSON.
pub(crate) async fn claim(pool: &AnyPool, key: &str, body_hash: &str) -> Result<Claim, ApiError> {
    // Forget what is past [`KEPT_FOR`], except a claim that a request holds right now.
    let expired = clock::format(clock::now() - KEPT_FOR);
    sqlx::query(
        "DELETE FROM idempotency_keys
         WHERE created_at < $1 AND (state = 'done' OR claimed_at < $1)",
    )
    .bind(&expired)
    .execute(pool)
    .await?;
    // A row can disappear between the insert and the select when its holder releases it;
    // then the next round claims it. Three rounds are plenty for that race.
    for _ in 0..3 {
        let claim = ClaimId(hex::encode(secrets::random_bytes::<16>()));
        let now = clock::now();
        let inserted = sqlx::query(
            "INSERT INTO idempotency_keys (key, body_hash, state, claim, claimed_at, created_at)
             VALUES ($1, $2, 'pending', $3, $4, $4)
             ON CONFLICT (key) DO NOTHING",
        )
        .bind(key)
        .bind(body_hash)
        .bind(&claim.0)
        .bind(clock::format(now))
        .execute(pool)
        .await?
        .rows_affected();
        if inserted == 1 {
            return Ok(Claim::Acquired(claim));
        }

        let taken_over = sqlx::query(
            "UPDATE idempotency_keys SET claim = $3, claimed_at = $4
             WHERE key = $1 AND body_hash = $2 AND state = 'pending' AND claimed_at < $5",
        )
        .bind(key)
        .bind(body_hash)
        .bind(&claim.0)
        .bind(clock::format(now))
        .bind(clock::format(now - PENDING_TIMEOUT))
        .execute(pool)
        .await?
        .rows_affected();
        if taken_over == 1 {
            tracing::warn!("took over a stale idempotency key claim");
            return Ok(Claim::Acquired(claim));
        }

        let row: Option<(String, String, Option<String>)> =
            sqlx::query_as("SELECT body_hash, state, receipt FROM idempotency_keys WHERE key = $1")
                .bind(key)
                .fetch_optional(pool)
                .await?;
        match row {
            None => continue,
            Some((stored_hash, _, _)) if stored_hash != body_hash => return Ok(Claim::Reused),
            Some((_, state, Some(receipt))) if state == "done" => {
                let receipt = serde_json::from_str(&receipt).map_err(|e| {
                    ApiError::Internal(format!("stored receipt is not a receipt: {e}"))
                })?;
                return Ok(Claim::Replay(receipt));
            }
            Some(_) => return Ok(Claim::InFlight),
        }
    }
    Ok(Claim::InFlight)
}

/// Marks the key `done` with `receipt`, inside the caller's transaction that stored the
/// feedback. Returns `false` when `claim` no longer holds the key (it went stale and another
/// request took it over); the caller must then roll back.
///
/// # Errors
/// Database errors.
pub(crate) async fn complete(
    tx: &mut AnyConnection,
    key: &str,
    claim: &ClaimId,
    receipt: &Receipt,
) -> Result<bool, ApiError> {
    let receipt_json = serde_json::to_string(receipt).expect("a receipt always serialises");
    let updated = sqlx::query(
        "UPDATE idempotency_keys SET state = 'done', claim = NULL, reference = $3, receipt = $4
         WHERE key = $1 AND claim = $2 AND state = 'pending'",
    )
    .bind(key)
    .bind(&claim.0)
    .bind(&receipt.reference)
    .bind(receipt_json)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    Ok(updated == 1)
}

/// Gives up a claim after the feedback could not be stored, so that a retry can try again.
///
/// # Errors
/// Database errors.
pub(crate) async fn release(pool: &AnyPool, key: &str, claim: &ClaimId) -> Result<(), ApiError> {
    sqlx::query("DELETE FROM idempotency_keys WHERE key = $1 AND claim = $2 AND state = 'pending'")
        .bind(key)
        .bind(&claim.0)
        .execute(pool)
        .await?;
    Ok(())
}
