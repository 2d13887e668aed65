//! `GET /v1/feedback/{reference}`: the status, only for the holder of the token.

use axum::body::Body;
use axum::http::{StatusCode, header};
use ozg_endpoint::seed;
use ozg_sdk::{FeedbackState, FeedbackStatus, Receipt};

use crate::support::{TestApp, TestResponse, get, new_key, submission, test_app};

async fn submit(app: &TestApp) -> Receipt {
    let response = app
        .post_feedback(Some(&new_key()), &submission().to_string())
        .await;
    assert_eq!(response.status, StatusCode::CREATED);
    response.json()
}

async fn status(app: &TestApp, reference: &str, authorization: Option<&str>) -> TestResponse {
    let mut request = get(&format!("/v1/feedback/{reference}"));
    if let Some(value) = authorization {
        request = request.header(header::AUTHORIZATION, value);
    }
    app.send(request.body(Body::empty()).expect("request"))
        .await
}

#[tokio::test]
async fn the_token_holder_reads_the_status() {
    let app = test_app().await;
    let receipt = submit(&app).await;
    let response = status(
        &app,
        &receipt.reference,
        Some(&format!("Bearer {}", receipt.token)),
    )
    .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    assert_eq!(response.header("cache-control"), Some("no-store"));
    let got: FeedbackStatus = response.json();
    assert_eq!(
        got,
        FeedbackStatus {
            reference: receipt.reference.clone(),
            state: FeedbackState::Received,
            received_at: receipt.received_at.clone(),
            updated_at: receipt.received_at.clone(),
            answer: None,
        }
    );
}

#[tokio::test]
async fn the_status_carries_the_departments_answer() {
    let app = test_app().await;
    let receipt = submit(&app).await;
    sqlx::query(
        "UPDATE feedback SET state = 'answered', updated_at = $2, answer_text = $3,
             answered_at = $2
         WHERE reference = $1",
    )
    .bind(&receipt.reference)
    .bind("2026-11-27T08:00:00Z")
    .bind("Danke für den Hinweis. Der Upload ist seit heute stabil.")
    .execute(&app.pool)
    .await
    .expect("answer");
    let response = status(
        &app,
        &receipt.reference,
        Some(&format!("Bearer {}", receipt.token)),
    )
    .await;
    let got: FeedbackStatus = response.json();
    assert_eq!(got.state, FeedbackState::Answered);
    let answer = got.answer.expect("answer");
    assert_eq!(answer.department, seed::DEMO_DEPARTMENT);
    assert_eq!(answer.answered_at, "2026-11-27T08:00:00Z");
    assert_eq!(got.updated_at, "2026-11-27T08:00:00Z");
}

/// Every way of not being authorised answers the same 404, so that nobody can probe which
/// references exist.
#[tokio::test]
async fn wrong_tokens_and_unknown_references_look_the_same() {
    let app = test_app().await;
    let receipt = submit(&app).await;
    let other = submit(&app).await;
    let wrong_token = format!("Bearer {}", "0".repeat(64));
    let others_token = format!("Bearer {}", other.token);
    let basic = format!("Basic {}", receipt.token);
    let bearer = format!("Bearer {}", receipt.token);
    let cases: [(&str, Option<&str>); 7] = [
        (&receipt.reference, Some(&wrong_token)),
        (&receipt.reference, Some(&others_token)),
        (&receipt.reference, Some(&basic)),
        (&receipt.reference, Some("Bearer ")),
        (&receipt.reference, None),
        ("OZG-2222-2222", Some(&bearer)),
        ("nicht-vorhanden", Some(&bearer)),
    ];
    let mut bodies = Vec::new();
    for (reference, authorization) in cases {
        let response = status(&app, reference, authorization).await;
        assert_eq!(
            response.status,
            StatusCode::NOT_FOUND,
            "{reference} {authorization:?}"
        );
        response.problem();
        bodies.push(response.body);
    }
    assert!(
        bodies.windows(2).all(|pair| pair[0] == pair[1]),
        "identical bodies"
    );
}
