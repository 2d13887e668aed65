//! The native `ozg_sdk::Client` against this endpoint on a real loopback socket: what a custom
//! Rust frontend or a back-office tool would do.

use std::net::SocketAddr;

use ozg_endpoint::{AppState, Config, app};
use ozg_sdk::{
    Client, Error, FeedbackState, FeedbackSubmission, IdempotencyKey, LeikaKey, UpdatesQuery,
};

use crate::support::{new_key, submission, test_app_with, test_config};

/// Serves a seeded app on `127.0.0.1:0` and returns a client for it; the server task ends with
/// the test's runtime.
async fn serve() -> (Client, crate::support::TestApp) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let addr = listener.local_addr().expect("local address");
    let config = Config {
        public_url: format!("http://{addr}"),
        ..test_config()
    };
    let test_app = test_app_with(config.clone()).await;
    let router = app(AppState::new(config, test_app.pool.clone()));
    tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .expect("server runs");
    });
    let client = Client::new(&format!("http://{addr}/")).expect("valid endpoint");
    (client, test_app)
}

fn demo_key() -> LeikaKey {
    LeikaKey::parse("99107108017000").expect("valid key")
}

#[tokio::test]
async fn reads_service_and_updates() {
    let (client, _app) = serve().await;
    let service = client.get_service(&demo_key()).await.expect("service");
    assert_eq!(service.leika, demo_key());
    assert!(!service.steps.is_empty());

    let query = UpdatesQuery {
        service: Some(demo_key()),
        limit: Some(2),
        before: None,
    };
    let page = client.get_updates(&query).await.expect("updates");
    assert_eq!(page.updates.len(), 2);
    assert!(page.updates[0].published >= page.updates[1].published);

    // The raw text reads into the same description.
    let raw = client.get_service_json(&demo_key()).await.expect("raw");
    let reread: ozg_sdk::ServiceDescription = serde_json::from_str(&raw).expect("contract");
    assert_eq!(reread, service);

    let unknown = LeikaKey::parse("99999999999999").expect("valid key");
    let error = client.get_service(&unknown).await.expect_err("unknown");
    assert_eq!(error.code(), "ERROR_NOT_FOUND");
    assert!(!error.is_retryable());
    let error = client
        .get_service_json(&unknown)
        .await
        .expect_err("unknown");
    assert_eq!(error.code(), "ERROR_NOT_FOUND");
}

#[tokio::test]
async fn submits_once_per_key_and_reads_the_status() {
    let (client, app) = serve().await;
    let submission: FeedbackSubmission =
        serde_json::from_value(submission()).expect("valid submission");
    let key = IdempotencyKey::parse(&new_key()).expect("valid key");

    let first = client
        .submit_feedback(&submission, &key)
        .await
        .expect("first");
    let again = client
        .submit_feedback(&submission, &key)
        .await
        .expect("retry");
    assert_eq!(first, again);
    assert_eq!(app.count("feedback").await, 1);

    let status = client
        .feedback_status(&first.reference, &first.token)
        .await
        .expect("status");
    assert_eq!(status.reference, first.reference);
    assert_eq!(status.state, FeedbackState::Received);

    let error = client
        .feedback_status(&first.reference, "wrong-token")
        .await
        .expect_err("wrong token");
    assert_eq!(error.code(), "ERROR_NOT_FOUND");
}

#[tokio::test]
async fn rejects_invalid_input_before_and_after_sending() {
    let (client, app) = serve().await;
    let key = IdempotencyKey::parse(&new_key()).expect("valid key");

    // Caught by the shared rules in the client: nothing reaches the endpoint.
    let mut invalid: FeedbackSubmission =
        serde_json::from_value(submission()).expect("valid submission");
    invalid.rating = 7;
    let error = client
        .submit_feedback(&invalid, &key)
        .await
        .expect_err("invalid");
    assert!(matches!(error, Error::Invalid(_)));
    assert_eq!(error.field_errors()[0].pointer, "/rating");

    // Valid by shape, but about a service the endpoint does not know: the endpoint decides.
    let mut unknown: FeedbackSubmission =
        serde_json::from_value(submission()).expect("valid submission");
    unknown.service = "99999999999999".into();
    let error = client
        .submit_feedback(&unknown, &key)
        .await
        .expect_err("unknown service");
    assert_eq!(error.code(), "ERROR_REJECTED");
    assert_eq!(error.field_errors()[0].pointer, "/service");
    assert_eq!(app.count("feedback").await, 0);
}

#[tokio::test]
async fn reports_an_unreachable_endpoint_as_retryable() {
    // Bind and drop a listener to get a loopback port that nothing listens on.
    let addr = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind")
        .local_addr()
        .expect("address");
    let client = Client::new(&format!("http://{addr}")).expect("valid endpoint");
    let error = client.get_service(&demo_key()).await.expect_err("offline");
    assert_eq!(error.code(), "ERROR_NETWORK");
    assert!(error.is_retryable());
}

#[tokio::test]
async fn reads_the_service_figures() {
    let (client, _app) = serve().await;
    let figures = client
        .get_service_stats(&demo_key())
        .await
        .expect("figures");
    assert_eq!(figures.service, demo_key().as_str());
    assert_eq!((figures.count, figures.minimum_count), (0, 10));
    assert_eq!(figures.median_answer_days(), None);
    let unknown = LeikaKey::parse("99999999999999").expect("valid key");
    let error = client
        .get_service_stats(&unknown)
        .await
        .expect_err("unknown");
    assert_eq!(error.code(), "ERROR_NOT_FOUND");
}
