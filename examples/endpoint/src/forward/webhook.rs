//! The webhook: a signed JSON `POST` of [`WebhookPayload`], acknowledged by any `2xx`.

use hmac::{Hmac, Mac};
use ozg_sdk::{Found, Locale, Topic};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use crate::clock;
use crate::state::AppState;

/// The header with the signature: `t=<unix seconds>,v1=<hex HMAC-SHA256>`.
pub const SIGNATURE_HEADER: &str = "ozg-signature";
/// The header with the forward's id, the same on every retry, for the receiver to drop
/// repeats.
pub const DELIVERY_HEADER: &str = "ozg-delivery";
/// The version of [`WebhookPayload`] this endpoint sends.
pub const PAYLOAD_VERSION: u32 = 1;

/// What a department's webhook receives: one feedback, as JSON with camelCase keys.
///
/// Version 1. New optional fields may be added within a version; a receiver should ignore keys
/// it does not know. A change that removes or redefines a field raises `version`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WebhookPayload {
    /// Always [`PAYLOAD_VERSION`] from this endpoint.
    pub version: u32,
    /// The reference number the citizen got, e.g. `OZG-7K3M-Q9TD`.
    pub reference: String,
    /// LeiKa key of the service.
    pub service: String,
    /// Title of the service.
    pub service_title: String,
    /// The department, as configured.
    pub department: String,
    /// "Haben Sie gefunden, was Sie gesucht haben?"
    pub found: Found,
    /// 1 (bad) to 5 (very good).
    pub rating: u8,
    /// What the feedback is about.
    pub topic: Topic,
    /// The free text, with personal data masked by the widget; may be empty.
    pub text: String,
    /// The citizen's address for an answer; present only when given with consent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_email: Option<String>,
    /// The language of the form.
    pub locale: Locale,
    /// The portal page the feedback was sent from, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_url: Option<String>,
    /// When the endpoint stored the feedback (RFC 3339, UTC).
    pub received_at: String,
}

#[derive(sqlx::FromRow)]
struct Row {
    reference: String,
    service: String,
    service_json: String,
    department: String,
    found: String,
    rating: i64,
    topic: String,
    text: String,
    contact_email: Option<String>,
    locale: String,
    page_url: Option<String>,
    received_at: String,
}

/// The payload of a stored feedback.
pub(super) async fn load_payload(
    state: &AppState,
    reference: &str,
) -> Result<WebhookPayload, String> {
    let row: Row = sqlx::query_as(
        "SELECT f.reference, f.service, s.json AS service_json,
             f.department, f.found, f.rating, f.topic, f.text, f.contact_email, f.locale,
             f.page_url, f.received_at
         FROM feedback f JOIN services s ON s.leika = f.service
         WHERE f.reference = $1",
    )
    .bind(reference)
    .fetch_one(state.pool())
    .await
    .map_err(|e| e.to_string())?;
    let wire = |value: String| serde_json::Value::String(value);
    Ok(WebhookPayload {
        version: PAYLOAD_VERSION,
        reference: row.reference,
        service: row.service,
        service_title: crate::db::service_title(&row.service_json)
            .ok_or("the service description has no title")?,
        department: row.department,
        found: serde_json::from_value(wire(row.found)).map_err(|e| e.to_string())?,
        rating: u8::try_from(row.rating).map_err(|e| e.to_string())?,
        topic: serde_json::from_value(wire(row.topic)).map_err(|e| e.to_string())?,
        text: row.text,
        contact_email: row.contact_email,
        locale: Locale::from_tag(&row.locale).unwrap_or_default(),
        page_url: row.page_url,
        received_at: row.received_at,
    })
}

/// One delivery attempt; `Ok` only for a `2xx` within the client's timeout.
pub(super) async fn post(
    client: &reqwest::Client,
    url: &str,
    secret: &str,
    delivery: &str,
    payload: &WebhookPayload,
) -> Result<(), String> {
    let body = serde_json::to_vec(payload).map_err(|e| e.to_string())?;
    let timestamp = clock::now().unix_timestamp();
    let response = client
        .post(url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header(SIGNATURE_HEADER, sign(secret.as_bytes(), timestamp, &body))
        .header(DELIVERY_HEADER, delivery)
        .body(body)
        .send()
        .await
        .map_err(|error| describe(&error))?;
    let status = response.status();
    if status.is_success() {
        Ok(())
    } else {
        Err(format!("the webhook answered HTTP {status}"))
    }
}

/// A reqwest error with its causes, which name the real reason (refused, timed out…).
fn describe(error: &reqwest::Error) -> String {
    let mut text = if error.is_timeout() {
        "the webhook did not answer in time".to_owned()
    } else {
        error.to_string()
    };
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// The value of [`SIGNATURE_HEADER`] for `body` sent at `timestamp` (Unix seconds):
/// `t=<timestamp>,v1=<hex HMAC-SHA256 of "<timestamp>." followed by the body>`.
pub fn sign(secret: &[u8], timestamp: i64, body: &[u8]) -> String {
    format!(
        "t={timestamp},v1={}",
        hex::encode(mac(secret, timestamp, body))
    )
}

fn mac(secret: &[u8], timestamp: i64, body: &[u8]) -> Vec<u8> {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret).expect("HMAC accepts keys of every length");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    mac.finalize().into_bytes().to_vec()
}

/// Why a webhook request's signature was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SignatureError {
    /// The header is not `t=…,v1=…`.
    #[error("the signature header is not `t=<seconds>,v1=<hex>`")]
    Malformed,
    /// The timestamp is further from now than the tolerance: a replay, or a wrong clock.
    #[error("the signature's timestamp is too far from now")]
    Expired,
    /// No `v1` value matches the body under the secret.
    #[error("the signature does not match the body")]
    Mismatch,
}

/// Checks a webhook request as a receiver should: `header` is the [`SIGNATURE_HEADER`]
/// value, `body` the raw request body (before any JSON parsing), `now` the receiver's Unix
/// time, and `tolerance` how many seconds the timestamp may be off (300 is usual). The MAC
/// is compared in constant time.
///
/// # Errors
/// Returns why the request must be refused.
pub fn verify_signature(
    secret: &[u8],
    header: &str,
    body: &[u8],
    now: i64,
    tolerance: u64,
) -> Result<(), SignatureError> {
    let mut timestamp = None;
    let mut signatures = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", value)) => {
                timestamp = Some(
                    value
                        .parse::<i64>()
                        .map_err(|_| SignatureError::Malformed)?,
                );
            }
            Some(("v1", value)) => {
                signatures.push(hex::decode(value).map_err(|_| SignatureError::Malformed)?);
            }
            _ => {}
        }
    }
    let timestamp = timestamp.ok_or(SignatureError::Malformed)?;
    if signatures.is_empty() {
        return Err(SignatureError::Malformed);
    }
    if now.abs_diff(timestamp) > tolerance {
        return Err(SignatureError::Expired);
    }
    let mut expected = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC accepts every key");
    expected.update(timestamp.to_string().as_bytes());
    expected.update(b".");
    expected.update(body);
    if signatures
        .iter()
        .any(|signature| expected.clone().verify_slice(signature).is_ok())
    {
        Ok(())
    } else {
        Err(SignatureError::Mismatch)
    }
}
