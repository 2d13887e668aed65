//! `POST /v1/feedback`: validation, size, idempotency, concurrency and the rate limit.

use std::collections::HashSet;
use std::net::SocketAddr;

use axum::http::StatusCode;
use ozg_endpoint::{Config, seed};
use ozg_sdk::{Receipt, validate};
use sha2::{Digest, Sha256};

use crate::support::{
    TestApp, feedback_request, new_key, submission, test_app, test_app_with, test_config,
};

#[tokio::test]
async fn the_first_request_commits_and_answers_with_a_receipt() {
    let app = test_app_with(Config {
        public_url: "https://feedback.musterstadt.de".to_owned(),
        ..test_config()
    })
    .await;
    let response = app
        .post_feedback(Some(&new_key()), &submission().to_string())
        .await;
    assert_eq!(response.status, StatusCode::CREATED, "{}", response.text());
    assert_eq!(response.header("idempotent-replayed"), None);
    let receipt: Receipt = response.json();

    let reference = receipt.reference.as_str();
    assert_eq!(reference.len(), 13, "{reference}");
    assert!(reference.starts_with("OZG-") && reference.as_bytes()[8] == b'-');
    assert!(
        reference[4..].bytes().all(|b| b == b'-'
            || (b.is_ascii_uppercase() || b.is_ascii_digit()) && !b"01OI".contains(&b)),
        "{reference}"
    );
    assert!(receipt.token.len() >= 32, "at least 128 bits");
    assert_eq!(
        receipt.status_url,
        format!("https://feedback.musterstadt.de/v1/feedback/{reference}")
    );
    assert_eq!(
        response.header("location"),
        Some(receipt.status_url.as_str())
    );
    assert!(validate::is_rfc3339(&receipt.received_at));

    // The query the browser end-to-end test runs.
    let row: (String, i64, String, String, String) = sqlx::query_as(
        "SELECT reference, rating, found, topic, text FROM feedback WHERE reference = $1",
    )
    .bind(reference)
    .fetch_one(&app.pool)
    .await
    .expect("stored row");
    let expected = submission();
    assert_eq!(
        row,
        (
            reference.to_owned(),
            4,
            "partly".to_owned(),
            "onlineProcedure".to_owned(),
            expected["text"].as_str().expect("text").to_owned()
        )
    );
    let (department, state, token_hash, contact): (String, String, String, Option<String>) =
        sqlx::query_as(
            "SELECT department, state, token_hash, contact_email FROM feedback WHERE reference = $1",
        )
        .bind(reference)
        .fetch_one(&app.pool)
        .await
        .expect("stored row");
    assert_eq!(department, seed::DEMO_DEPARTMENT);
    assert_eq!(state, "received");
    assert_eq!(
        token_hash,
        hex::encode(Sha256::digest(receipt.token.as_bytes()))
    );
    assert_eq!(contact, None);
}

#[tokio::test]
async fn contact_data_is_stored_with_consent() {
    let app = test_app().await;
    let mut body = submission();
    body["contact"] = serde_json::json!({"email": "erika.musterfrau@example.de", "consent": true});
    let response = app.post_feedback(Some(&new_key()), &body.to_string()).await;
    assert_eq!(response.status, StatusCode::CREATED, "{}", response.text());
    let receipt: Receipt = response.json();
    let email: Option<String> =
        sqlx::query_scalar("SELECT contact_email FROM feedback WHERE reference = $1")
            .bind(&receipt.reference)
            .fetch_one(&app.pool)
            .await
            .expect("row");
    assert_eq!(email.as_deref(), Some("erika.musterfrau@example.de"));
}

/// A frontend that sends personal data in the free text still gets it masked before it is
/// stored (and so before it is forwarded, listed or exported).
#[tokio::test]
async fn personal_data_in_the_text_is_masked_before_it_is_stored() {
    let app = test_app().await;
    let mut body = submission();
    body["text"] = serde_json::json!(
        "Bitte rufen Sie mich an: 0171 2345678 oder erika@example.de, \
         IBAN DE89 3704 0044 0532 0130 00. Antrag vom 12.03.2026 über 450,00 Euro."
    );
    let response = app.post_feedback(Some(&new_key()), &body.to_string()).await;
    assert_eq!(response.status, StatusCode::CREATED, "{}", response.text());
    let receipt: Receipt = response.json();
    let text: String = sqlx::query_scalar("SELECT text FROM feedback WHERE reference = $1")
        .bind(&receipt.reference)
        .fetch_one(&app.pool)
        .await
        .expect("row");
    for personal in ["0171", "2345678", "erika@example.de", "DE89", "0532"] {
        assert!(!text.contains(personal), "{personal} is still in {text:?}");
    }
    for kept in ["12.03.2026", "450,00 Euro", "Bitte rufen Sie mich an"] {
        assert!(text.contains(kept), "{kept} is missing from {text:?}");
    }
}

#[tokio::test]
async fn a_retry_gets_the_same_receipt_and_stores_nothing_new() {
    let app = test_app().await;
    let key = new_key();
    let body = submission().to_string();
    let first = app.post_feedback(Some(&key), &body).await;
    assert_eq!(first.status, StatusCode::CREATED);
    let second = app.post_feedback(Some(&key), &body).await;
    assert_eq!(second.status, StatusCode::CREATED, "{}", second.text());
    assert_eq!(second.header("idempotent-replayed"), Some("true"));
    assert_eq!(first.json::<Receipt>(), second.json::<Receipt>());
    assert_eq!(app.count("feedback").await, 1);

    // Another key is another submission, even with the same body.
    let third = app.post_feedback(Some(&new_key()), &body).await;
    assert_eq!(third.status, StatusCode::CREATED);
    assert_ne!(
        first.json::<Receipt>().reference,
        third.json::<Receipt>().reference
    );
    assert_eq!(app.count("feedback").await, 2);
}

#[tokio::test]
async fn the_same_key_with_another_body_is_refused() {
    let app = test_app().await;
    let key = new_key();
    let first = app
        .post_feedback(Some(&key), &submission().to_string())
        .await;
    assert_eq!(first.status, StatusCode::CREATED);
    let mut other = submission();
    other["rating"] = 1.into();
    let response = app.post_feedback(Some(&key), &other.to_string()).await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    let problem = response.problem();
    assert!(
        problem.kind.ends_with("idempotency-key-reuse"),
        "{problem:?}"
    );
    assert_eq!(app.count("feedback").await, 1);
}

/// Pretends that a first request with `key` and `body` holds the key since `claimed_at`.
async fn insert_pending(app: &TestApp, key: &str, body: &str, claimed_at: &str) {
    sqlx::query(
        "INSERT INTO idempotency_keys (key, body_hash, state, claim, claimed_at, created_at)
         VALUES ($1, $2, 'pending', 'other-request', $3, $3)",
    )
    .bind(key)
    .bind(hex::encode(Sha256::digest(body.as_bytes())))
    .bind(claimed_at)
    .execute(&app.pool)
    .await
    .expect("pending claim");
}

#[tokio::test]
async fn a_key_in_flight_answers_409() {
    let app = test_app().await;
    let key = new_key();
    let body = submission().to_string();
    let now = time::OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .expect("whole seconds")
        .format(&time::format_description::well_known::Rfc3339)
        .expect("time");
    insert_pending(&app, &key, &body, &now).await;
    let response = app.post_feedback(Some(&key), &body).await;
    assert_eq!(response.status, StatusCode::CONFLICT, "{}", response.text());
    assert!(
        response
            .problem()
            .kind
            .ends_with("idempotency-key-in-flight")
    );
    assert_eq!(response.header("retry-after"), Some("1"));
    assert_eq!(app.count("feedback").await, 0);

    // Another body under the key is still a reuse, in flight or not.
    let mut other = submission();
    other["rating"] = 2.into();
    let response = app.post_feedback(Some(&key), &other.to_string()).await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
}

/// The time `seconds` ago, as the endpoint stores times.
fn ago(seconds: i64) -> String {
    (time::OffsetDateTime::now_utc() - time::Duration::seconds(seconds))
        .replace_nanosecond(0)
        .expect("whole seconds")
        .format(&time::format_description::well_known::Rfc3339)
        .expect("time")
}

#[tokio::test]
async fn a_stale_claim_is_taken_over_by_a_retry() {
    let app = test_app().await;
    let key = new_key();
    let body = submission().to_string();
    insert_pending(&app, &key, &body, &ago(60)).await;
    let response = app.post_feedback(Some(&key), &body).await;
    assert_eq!(response.status, StatusCode::CREATED, "{}", response.text());
    assert_eq!(app.count("feedback").await, 1);
    let replay = app.post_feedback(Some(&key), &body).await;
    assert_eq!(replay.header("idempotent-replayed"), Some("true"));
    assert_eq!(response.json::<Receipt>(), replay.json::<Receipt>());
}

#[tokio::test]
async fn keys_and_their_receipts_are_forgotten_after_a_week() {
    let app = test_app().await;
    let body = submission().to_string();
    let old = new_key();
    let first = app.post_feedback(Some(&old), &body).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text());
    let eight_days = 8 * 24 * 3600;
    sqlx::query("UPDATE idempotency_keys SET created_at = $1, claimed_at = $1 WHERE key = $2")
        .bind(ago(eight_days))
        .bind(&old)
        .execute(&app.pool)
        .await
        .expect("an older key");
    // A claim abandoned a week ago goes too; one held right now stays, whatever its age.
    let abandoned = new_key();
    insert_pending(&app, &abandoned, &body, &ago(eight_days)).await;
    let held = new_key();
    insert_pending(&app, &held, &body, &ago(eight_days)).await;
    sqlx::query("UPDATE idempotency_keys SET claimed_at = $1 WHERE key = $2")
        .bind(ago(5))
        .bind(&held)
        .execute(&app.pool)
        .await
        .expect("a taken-over claim");

    let recent = new_key();
    let response = app.post_feedback(Some(&recent), &body).await;
    assert_eq!(response.status, StatusCode::CREATED, "{}", response.text());
    let mut kept: Vec<String> = sqlx::query_scalar("SELECT key FROM idempotency_keys")
        .fetch_all(&app.pool)
        .await
        .expect("keys");
    kept.sort();
    let mut expected = vec![held, recent];
    expected.sort();
    assert_eq!(kept, expected);

    // With the key, its receipt and status token are gone: a retry now is a new submission.
    let late = app.post_feedback(Some(&old), &body).await;
    assert_eq!(late.status, StatusCode::CREATED, "{}", late.text());
    assert_eq!(late.header("idempotent-replayed"), None);
    assert_ne!(
        late.json::<Receipt>().reference,
        first.json::<Receipt>().reference
    );
    assert_eq!(app.count("feedback").await, 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_requests_with_one_key_store_one_row() {
    let app = test_app_with(Config {
        rate_limit_per_minute: 1000,
        ..test_config()
    })
    .await;
    let key = new_key();
    let body = submission().to_string();
    // One challenge for all: it is used once, by the request that stores the feedback.
    let challenge = app.challenge().await;
    let requests = (0..16).map(|_| {
        let router = app.router.clone();
        let request = feedback_request(Some(&key), &body, None, Some(&challenge));
        tokio::spawn(async move {
            use http_body_util::BodyExt;
            use tower::ServiceExt;
            let response = router.oneshot(request).await.expect("response");
            let status = response.status();
            let body = response
                .into_body()
                .collect()
                .await
                .expect("body")
                .to_bytes();
            (status, body)
        })
    });
    let mut receipts = HashSet::new();
    for handle in requests.collect::<Vec<_>>() {
        let (status, body) = handle.await.expect("task");
        match status {
            StatusCode::CREATED => {
                let receipt: Receipt = serde_json::from_slice(&body).expect("receipt");
                receipts.insert(receipt.reference);
            }
            StatusCode::CONFLICT => {}
            other => panic!("unexpected {other}: {}", String::from_utf8_lossy(&body)),
        }
    }
    assert_eq!(receipts.len(), 1, "one receipt for all: {receipts:?}");
    assert_eq!(app.count("feedback").await, 1);
    assert_eq!(app.count("idempotency_keys").await, 1);
}

/// Posts `body` and expects a 422 whose errors point at exactly `pointers` (with `codes`).
async fn check_rejected(app: &TestApp, body: &str, expected: &[(&str, &str)]) {
    let response = app.post_feedback(Some(&new_key()), body).await;
    assert_eq!(
        response.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "body {body}: {}",
        response.text()
    );
    let problem = response.problem();
    let got: Vec<(&str, &str)> = problem
        .errors
        .iter()
        .map(|e| (e.pointer.as_str(), e.code.as_str()))
        .collect();
    assert_eq!(got, expected, "body {body}");
}

fn with(changes: serde_json::Value) -> String {
    let mut body = submission();
    for (field, value) in changes.as_object().expect("object") {
        body[field] = value.clone();
    }
    body.to_string()
}

#[tokio::test]
async fn invalid_submissions_name_every_bad_field() {
    let app = test_app().await;
    let long_text = "ä".repeat(ozg_sdk::MAX_TEXT_CHARS + 1);
    let cases: Vec<(String, Vec<(&str, &str)>)> = vec![
        (
            with(serde_json::json!({"rating": 9, "text": long_text})),
            vec![("/rating", "out_of_range"), ("/text", "too_long")],
        ),
        (
            with(serde_json::json!({"rating": 0})),
            vec![("/rating", "out_of_range")],
        ),
        (
            with(serde_json::json!({"service": "9910710801700X"})),
            vec![("/service", "invalid_format")],
        ),
        (
            with(serde_json::json!({"contact": {"email": "keine-adresse", "consent": false}})),
            vec![
                ("/contact/consent", "consent_required"),
                ("/contact/email", "invalid_format"),
            ],
        ),
        (
            with(
                serde_json::json!({"pageUrl": "https://portal.de/antrag?id=4711", "clientTime": "gestern"}),
            ),
            vec![
                ("/pageUrl", "invalid_format"),
                ("/clientTime", "invalid_format"),
            ],
        ),
        (
            with(serde_json::json!({"service": "00000000000000"})),
            vec![("/service", "unknown_service")],
        ),
    ];
    for (body, expected) in &cases {
        check_rejected(&app, body, expected).await;
    }
    assert_eq!(app.count("feedback").await, 0);
    assert_eq!(
        app.count("idempotency_keys").await,
        0,
        "no claim is left behind"
    );
}

#[tokio::test]
async fn malformed_bodies_name_the_field() {
    let app = test_app().await;
    let mut missing = submission();
    missing
        .as_object_mut()
        .expect("object")
        .remove("clientTime");
    let cases: Vec<(String, Vec<(&str, &str)>)> = vec![
        (
            with(serde_json::json!({"rating": "vier"})),
            vec![("/rating", "invalid_type")],
        ),
        (
            with(serde_json::json!({"rating": 4.5})),
            vec![("/rating", "invalid_type")],
        ),
        (
            with(serde_json::json!({"found": "maybe"})),
            vec![("/found", "invalid_value")],
        ),
        (
            with(serde_json::json!({"topic": "lob"})),
            vec![("/topic", "invalid_value")],
        ),
        (
            with(serde_json::json!({"contact": {"email": "a@b.de", "consent": "ja"}})),
            vec![("/contact/consent", "invalid_type")],
        ),
        (missing.to_string(), vec![("/clientTime", "required")]),
        (
            "{\"service\": \"99107108017000\",".to_owned(),
            vec![("", "invalid_json")],
        ),
        ("nicht json".to_owned(), vec![("", "invalid_json")]),
        (String::new(), vec![("", "invalid_json")]),
    ];
    for (body, expected) in &cases {
        check_rejected(&app, body, expected).await;
    }
}

#[tokio::test]
async fn bodies_over_16_kib_answer_413() {
    let app = test_app().await;
    let mut body = submission();
    body["padding"] = "x".repeat(16 * 1024).into();
    let response = app.post_feedback(Some(&new_key()), &body.to_string()).await;
    assert_eq!(response.status, StatusCode::PAYLOAD_TOO_LARGE);
    response.problem();
    assert_eq!(app.count("feedback").await, 0);

    // Just under the limit is fine: unknown members are ignored.
    let mut body = submission();
    body["padding"] = "x".repeat(15 * 1024).into();
    let response = app.post_feedback(Some(&new_key()), &body.to_string()).await;
    assert_eq!(response.status, StatusCode::CREATED, "{}", response.text());
}

#[tokio::test]
async fn the_idempotency_key_is_required_and_checked() {
    let app = test_app().await;
    let body = submission().to_string();
    let cases = [
        (None, "idempotency-key-missing"),
        (Some("zu-kurz"), "idempotency-key-invalid"),
        (
            Some("mit leerzeichen im schlüssel"),
            "idempotency-key-invalid",
        ),
    ];
    for (key, kind) in cases {
        let response = app.post_feedback(key, &body).await;
        assert_eq!(response.status, StatusCode::BAD_REQUEST, "{key:?}");
        assert!(response.problem().kind.ends_with(kind), "{key:?}");
    }
    assert_eq!(app.count("feedback").await, 0);
}

#[tokio::test]
async fn each_client_is_rate_limited() {
    let app = test_app_with(Config {
        rate_limit_per_minute: 2,
        ..test_config()
    })
    .await;
    let body = submission().to_string();
    let alice: SocketAddr = "192.0.2.10:50000".parse().expect("address");
    let bob: SocketAddr = "192.0.2.20:50000".parse().expect("address");
    for _ in 0..2 {
        let response = app
            .send(feedback_request(
                Some(&new_key()),
                &body,
                Some(alice),
                Some(&app.challenge().await),
            ))
            .await;
        assert_eq!(response.status, StatusCode::CREATED);
    }
    let limited = app
        .send(feedback_request(
            Some(&new_key()),
            &body,
            Some(alice),
            Some(&app.challenge().await),
        ))
        .await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    let retry_after: u64 = limited
        .header("retry-after")
        .expect("Retry-After")
        .parse()
        .expect("seconds");
    assert!((1..=60).contains(&retry_after), "{retry_after}");
    assert!(limited.problem().kind.ends_with("rate-limited"));

    // Another address has its own allowance, and so has a router without connect info.
    let response = app
        .send(feedback_request(
            Some(&new_key()),
            &body,
            Some(bob),
            Some(&app.challenge().await),
        ))
        .await;
    assert_eq!(response.status, StatusCode::CREATED);
    let response = app.post_feedback(Some(&new_key()), &body).await;
    assert_eq!(response.status, StatusCode::CREATED);
    assert_eq!(app.count("feedback").await, 4);
}
