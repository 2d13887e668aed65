//! OpenAPI, challenge, unknown routes, and the absence of cookies (health: `operations.rs`).

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use hmac::{Hmac, Mac};
use ozg_endpoint::Config;
use ozg_sdk::{Challenge, validate};
use sha2::Sha256;

use crate::support::{
    feedback_request, get, new_key, submission, test_app, test_app_with, test_config,
};

#[tokio::test]
async fn serves_the_checked_in_openapi_document() {
    let app = test_app().await;
    let response = app.get("/v1/openapi.json").await;
    assert_eq!(response.status, StatusCode::OK);
    let served: serde_json::Value = response.json();
    let file = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../sdk/openapi.json"
    ))
    .expect("sdk/openapi.json");
    let file: serde_json::Value = serde_json::from_str(&file).expect("JSON file");
    assert_eq!(served, file);
}

#[tokio::test]
async fn challenges_are_signed_with_the_configured_secret() {
    let secret = "ein-sehr-geheimes-testgeheimnis-mit-40-zeichen";
    let app = test_app_with(Config {
        challenge_secret: Some(secret.to_owned()),
        ..test_config()
    })
    .await;
    let response = app.get("/v1/challenge").await;
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.header("cache-control"), Some("no-store"));
    let challenge: Challenge = response.json();
    assert!(validate::is_rfc3339(&challenge.issued_at), "{challenge:?}");
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("key");
    mac.update(format!("{}\n{}", challenge.issued_at, challenge.nonce).as_bytes());
    assert_eq!(
        challenge.signature,
        hex::encode(mac.finalize().into_bytes())
    );
}

#[tokio::test]
async fn unknown_routes_and_methods_answer_with_problems() {
    let app = test_app().await;
    let cases = [
        (Method::GET, "/v1/nothing-here", StatusCode::NOT_FOUND),
        (Method::GET, "/v2/updates", StatusCode::NOT_FOUND),
        (Method::GET, "/", StatusCode::NOT_FOUND),
        (Method::GET, "/v1/media/unknown.png", StatusCode::NOT_FOUND),
        (
            Method::DELETE,
            "/v1/updates",
            StatusCode::METHOD_NOT_ALLOWED,
        ),
        (Method::GET, "/v1/feedback", StatusCode::METHOD_NOT_ALLOWED),
    ];
    for (method, uri, status) in cases {
        let request = Request::builder()
            .method(method.clone())
            .uri(uri)
            .body(Body::empty())
            .expect("request");
        let response = app.send(request).await;
        assert_eq!(response.status, status, "{method} {uri}");
        let problem = response.problem();
        assert!(!problem.title.is_empty(), "{method} {uri}");
    }
}

/// DESIGN.md: no cookies, on any route, in success or error.
#[tokio::test]
async fn no_response_sets_a_cookie() {
    let app = test_app_with(Config {
        rate_limit_per_minute: 1,
        ..test_config()
    })
    .await;
    let body = submission().to_string();
    let key = new_key();
    let challenge = app.challenge().await;
    let mut responses = vec![
        app.send(feedback_request(Some(&key), &body, None, Some(&challenge)))
            .await,
        app.send(feedback_request(Some(&key), &body, None, Some(&challenge)))
            .await,
        app.send(feedback_request(None, &body, None, None)).await,
    ];
    for uri in [
        "/healthz",
        "/v1/openapi.json",
        "/v1/challenge",
        "/v1/services/99107108017000",
        "/v1/services/1",
        "/v1/updates",
        "/v1/updates?limit=x",
        "/v1/feedback/OZG-2222-2222",
        "/v1/media/buergergeld-online.svg",
        "/nowhere",
    ] {
        responses.push(app.get(uri).await);
    }
    let preflight = get("/v1/feedback")
        .method(Method::OPTIONS)
        .header(header::ORIGIN, "http://localhost:8080")
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
        .body(Body::empty())
        .expect("request");
    responses.push(app.send(preflight).await);
    let statuses: Vec<u16> = responses.iter().map(|r| r.status.as_u16()).collect();
    assert!(
        statuses.contains(&201) && statuses.contains(&429),
        "{statuses:?}"
    );
    for response in responses {
        assert!(
            response.headers.get(header::SET_COOKIE).is_none(),
            "{response:?}"
        );
    }
}

#[tokio::test]
async fn media_is_served_as_inert_images() {
    let app = test_app().await;
    let response = app.get("/v1/media/buergergeld-online.svg").await;
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.header("content-type"), Some("image/svg+xml"));
    assert_eq!(response.header("x-content-type-options"), Some("nosniff"));
    assert!(response.text().starts_with("<svg"));
}
