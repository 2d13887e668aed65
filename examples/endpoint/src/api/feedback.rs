//! `POST /v1/feedback` (idempotent, acknowledged only after commit) and
//! `GET /v1/feedback/{reference}` (status, authorised by the receipt's token).

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use ozg_sdk::{
    Answer, FeedbackState, FeedbackStatus, FeedbackSubmission, Receipt, ValidationErrors, validate,
};
use serde::Serialize;

use super::{IDEMPOTENCY_KEY, IDEMPOTENT_REPLAYED, MAX_FEEDBACK_BODY};
use crate::error::ApiError;
use crate::idempotency::{self, Claim, ClaimId};
use crate::rate_limit::ClientIp;
use crate::state::AppState;
use crate::{antispam, clock, forward, json_body, secrets};

pub(super) async fn submit(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    state
        .limiter()
        .check(client)
        .map_err(|retry_after| ApiError::RateLimited { retry_after })?;
    let key = headers
        .get(IDEMPOTENCY_KEY)
        .ok_or(ApiError::MissingIdempotencyKey)?
        .to_str()
        .ok()
        .filter(|key| validate::is_idempotency_key(key))
        .ok_or(ApiError::InvalidIdempotencyKey)?;
    let body = body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::PayloadTooLarge {
                limit: MAX_FEEDBACK_BODY,
            }
        } else {
            ApiError::UnreadableBody
        }
    })?;
    let submission: FeedbackSubmission =
        json_body::parse(&body).map_err(ApiError::MalformedBody)?;
    submission.validate().map_err(ApiError::Invalid)?;

    // The hash of the raw bytes, not of the parsed value: a retry sends the very same bytes,
    // and anything else under the same key is a client bug worth reporting.
    let body_hash = secrets::sha256_hex(&body);
    let pool = state.pool();
    // The key is claimed before the challenge is checked, so that a retry of a committed
    // submission gets its receipt even when its challenge has long expired.
    match idempotency::claim(pool, key, &body_hash).await? {
        Claim::Acquired(claim) => {
            match checked_store(&state, &headers, key, &claim, &submission).await {
                Ok(receipt) => {
                    state.metrics().feedback_accepted();
                    Ok(created(receipt, false))
                }
                Err(error) => {
                    if let Err(release_error) = idempotency::release(pool, key, &claim).await {
                        tracing::error!(error = ?release_error, "cannot release idempotency key");
                    }
                    Err(error)
                }
            }
        }
        Claim::Replay(receipt) => Ok(created(receipt, true)),
        Claim::InFlight => Err(ApiError::InFlight),
        Claim::Reused => Err(ApiError::IdempotencyKeyReuse),
    }
}

/// Checks the anti-spam challenge, then stores the feedback.
async fn checked_store(
    state: &AppState,
    headers: &HeaderMap,
    key: &str,
    claim: &ClaimId,
    submission: &FeedbackSubmission,
) -> Result<Receipt, ApiError> {
    antispam::check(state, headers).await?;
    store(state, key, claim, submission).await
}

/// Stores the feedback and completes the key's claim in one transaction; returns only after
/// the commit, so a `201` always means the feedback is on disk.
async fn store(
    state: &AppState,
    key: &str,
    claim: &ClaimId,
    submission: &FeedbackSubmission,
) -> Result<Receipt, ApiError> {
    // A fresh reference collides with a stored one about once in a trillion submissions;
    // then the primary key refuses it and the next round draws another.
    for _ in 0..5 {
        let reference = secrets::new_reference();
        let token = secrets::new_token();
        let received_at = clock::format(clock::now());
        let receipt = Receipt {
            status_url: format!(
                "{}/v1/feedback/{reference}",
                state.config().public_url.trim_end_matches('/')
            ),
            reference,
            token,
            received_at,
        };

        let mut tx = state.pool().begin().await?;
        // The department comes from the service's row, in the same statement, so feedback
        // is never stored without the department that has to answer it.
        let inserted = sqlx::query(
            "INSERT INTO feedback (reference, service, found, rating, topic, text,
                 contact_email, locale, page_url, client_time, received_at, state, updated_at,
                 department, token_hash)
             SELECT $1, leika, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'received', $10,
                 department, $11
             FROM services WHERE leika = $12",
        )
        .bind(&receipt.reference)
        .bind(wire_name(&submission.found))
        .bind(i64::from(submission.rating))
        .bind(wire_name(&submission.topic))
        // Personal data in the free text is masked here too, for frontends that do not mask
        // before sending; the widget already did, and masking again changes nothing.
        .bind(ozg_sdk::mask::mask(&submission.text).text)
        .bind(submission.contact.as_ref().map(|contact| &contact.email))
        .bind(submission.locale.as_tag())
        .bind(&submission.page_url)
        .bind(&submission.client_time)
        .bind(&receipt.received_at)
        .bind(secrets::sha256_hex(receipt.token.as_bytes()))
        .bind(&submission.service)
        .execute(&mut *tx)
        .await;
        match inserted {
            Err(sqlx::Error::Database(error)) if error.is_unique_violation() => {
                tx.rollback().await?;
                continue;
            }
            Err(error) => return Err(error.into()),
            Ok(result) if result.rows_affected() == 0 => {
                let mut errors = ValidationErrors::default();
                errors.push(
                    "/service",
                    "unknown_service",
                    "this endpoint has no service with this LeiKa key",
                );
                return Err(ApiError::Invalid(errors));
            }
            Ok(_) => {}
        }
        // The forwards to the department commit or roll back with the feedback.
        let forwards = forward::enqueue(
            &mut tx,
            state.config(),
            &receipt.reference,
            &receipt.received_at,
        )
        .await?;
        if !idempotency::complete(&mut tx, key, claim, &receipt).await? {
            // The claim went stale and a retry took it over; that retry stores the feedback.
            tx.rollback().await?;
            return Err(ApiError::InFlight);
        }
        tx.commit().await?;
        tracing::info!(reference = %receipt.reference, "feedback stored");
        if forwards > 0 {
            state.forward_wakeup().notify_one();
        }
        return Ok(receipt);
    }
    Err(ApiError::Internal(
        "no free reference number after five tries".to_owned(),
    ))
}

fn created(receipt: Receipt, replayed: bool) -> Response {
    let mut response = (StatusCode::CREATED, Json(&receipt)).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Ok(location) = HeaderValue::from_str(&receipt.status_url) {
        headers.insert(header::LOCATION, location);
    }
    if replayed {
        headers.insert(
            HeaderName::from_static(IDEMPOTENT_REPLAYED),
            HeaderValue::from_static("true"),
        );
    }
    response
}

/// The name an enum value has on the wire (`partly`, `onlineProcedure`), as stored.
fn wire_name(value: &impl Serialize) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(name)) => name,
        other => unreachable!("wire enums serialise as strings, got {other:?}"),
    }
}

/// A stored feedback row as the status needs it.
#[derive(sqlx::FromRow)]
struct StatusRow {
    state: String,
    received_at: String,
    updated_at: String,
    department: String,
    answer_text: Option<String>,
    answered_at: Option<String>,
    token_hash: String,
}

/// A stand-in hash to compare against when the reference is unknown, so that an unknown
/// reference and a wrong token take the same path and time.
const NO_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

pub(super) async fn status(
    State(state): State<AppState>,
    Path(reference): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .map(str::trim)
        .unwrap_or_default();
    let row: Option<StatusRow> = if secrets::is_reference(&reference) {
        sqlx::query_as(
            "SELECT state, received_at, updated_at, department, answer_text, answered_at,
                 token_hash
             FROM feedback WHERE reference = $1",
        )
        .bind(&reference)
        .fetch_optional(state.pool())
        .await?
    } else {
        None
    };
    let stored_hash = row.as_ref().map_or(NO_HASH, |row| row.token_hash.as_str());
    let authorised = secrets::token_matches(token, stored_hash) && !token.is_empty();
    let Some(row) = row.filter(|_| authorised) else {
        return Err(ApiError::NotFound(
            "no feedback with this reference and token",
        ));
    };

    let state_value: FeedbackState =
        serde_json::from_value(serde_json::Value::String(row.state))
            .map_err(|e| ApiError::Internal(format!("stored feedback state: {e}")))?;
    let answer = match (row.answer_text, row.answered_at) {
        (Some(text), Some(answered_at)) => Some(Answer {
            department: row.department,
            text,
            answered_at,
        }),
        _ => None,
    };
    let status = FeedbackStatus {
        reference,
        state: state_value,
        received_at: row.received_at,
        updated_at: row.updated_at,
        answer,
    };
    Ok(([(header::CACHE_CONTROL, "no-store")], Json(status)).into_response())
}
