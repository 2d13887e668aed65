//! A stand-in for a department's system: the webhook receiver that `--seed demo` routes the demo
//! department to, on the endpoint's own loopback socket, so forwards travel over real HTTP.
//!
//! `POST /demo/forwards/webhook` checks the signature with [`verify_signature`] as a real
//! receiver would, drops repeats by their delivery id, and keeps the forwards in memory;
//! `GET /demo/forwards` lists them.

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use html_escape::encode_text as esc;

use crate::forward::{
    DELIVERY_HEADER, SIGNATURE_HEADER, WebhookPayload, found_label, topic_label, verify_signature,
};
use crate::{clock, secrets};

/// The path of the receiver's page.
pub const PAGE_PATH: &str = "/demo/forwards";
/// The path that receives the webhook.
pub const WEBHOOK_PATH: &str = "/demo/forwards/webhook";

/// One forward as it arrived.
#[derive(Debug, Clone)]
struct Received {
    delivery: String,
    arrived_at: String,
    payload: WebhookPayload,
}

#[derive(Debug, Clone)]
struct Receiver {
    secret: Arc<str>,
    received: Arc<Mutex<Vec<Received>>>,
}

/// A fresh random webhook secret for the demo department.
pub fn new_secret() -> String {
    hex::encode(secrets::random_bytes::<32>())
}

/// The receiver's routes, checking signatures with `secret`.
pub fn router(secret: &str) -> Router {
    let receiver = Receiver {
        secret: Arc::from(secret),
        received: Arc::default(),
    };
    Router::new()
        .route(PAGE_PATH, get(page))
        .route(WEBHOOK_PATH, post(receive))
        .with_state(receiver)
}

async fn receive(State(receiver): State<Receiver>, headers: HeaderMap, body: Bytes) -> Response {
    let header_text = |name: &str| {
        headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    let now = clock::now();
    if let Err(error) = verify_signature(
        receiver.secret.as_bytes(),
        &header_text(SIGNATURE_HEADER),
        &body,
        now.unix_timestamp(),
        300,
    ) {
        tracing::warn!(%error, "demo receiver refused a forward");
        return (StatusCode::UNAUTHORIZED, error.to_string()).into_response();
    }
    let payload: WebhookPayload = match serde_json::from_slice(&body) {
        Ok(payload) => payload,
        Err(error) => return (StatusCode::BAD_REQUEST, error.to_string()).into_response(),
    };
    let delivery = header_text(DELIVERY_HEADER);
    let mut received = receiver
        .received
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if !received.iter().any(|r| r.delivery == delivery) {
        tracing::info!(reference = payload.reference, "demo receiver got a forward");
        received.push(Received {
            delivery,
            arrived_at: clock::format(now),
            payload,
        });
    }
    StatusCode::NO_CONTENT.into_response()
}

async fn page(State(receiver): State<Receiver>) -> Response {
    let received = receiver
        .received
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .clone();
    let mut rows = String::new();
    for r in received.iter().rev() {
        let p = &r.payload;
        rows.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}<br>{}</td><td>{}</td><td>{}</td><td>{} von 5</td>\
             <td>{}</td><td>{}</td><td>{}</td></tr>\n",
            esc(&r.arrived_at),
            esc(&p.reference),
            esc(&p.service_title),
            esc(&p.service),
            esc(&p.department),
            found_label(p.found),
            p.rating,
            topic_label(p.topic),
            esc(&p.text),
            esc(p.contact_email.as_deref().unwrap_or("–")),
        ));
    }
    let body = if received.is_empty() {
        "<p>Noch nichts angekommen. Senden Sie im Demo-Portal eine Rückmeldung und laden Sie \
         diese Seite neu.</p>"
            .to_owned()
    } else {
        format!(
            "<table><caption>{} Rückmeldung(en), neueste zuerst</caption><thead><tr>\
             <th scope=\"col\">Angekommen</th><th scope=\"col\">Vorgang</th>\
             <th scope=\"col\">Leistung</th><th scope=\"col\">Fachabteilung</th>\
             <th scope=\"col\">Gefunden</th><th scope=\"col\">Bewertung</th>\
             <th scope=\"col\">Thema</th><th scope=\"col\">Text</th>\
             <th scope=\"col\">Antwort an</th></tr></thead><tbody>\n{rows}</tbody></table>",
            received.len()
        )
    };
    (
        [(header::CACHE_CONTROL, "no-store")],
        Html(format!(
            "<!doctype html><html lang=\"de\"><head><meta charset=\"utf-8\">\
             <title>Weitergeleitete Rückmeldungen – Demo-Empfänger</title></head><body><main>\
             <h1>Weitergeleitete Rückmeldungen</h1>\
             <p>Dieser Demo-Empfänger steht für das System der Fachabteilung. Er nimmt den \
             Webhook des Endpunkts an und prüft jede Signatur (HMAC-SHA256); nur gültig \
             signierte Rückmeldungen erscheinen hier.</p>{body}</main></body></html>"
        )),
    )
        .into_response()
}
