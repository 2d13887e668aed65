//! CORS: an exact allowlist of origins, no credentials.

use axum::body::Body;
use axum::http::{Method, StatusCode, header};
use ozg_endpoint::Config;

use crate::support::{TestApp, TestResponse, get, test_app_with};

async fn app() -> TestApp {
    test_app_with(Config {
        cors_origins: vec!["https://www.musterstadt.de".to_owned()],
        ..Config::default()
    })
    .await
}

async fn preflight(app: &TestApp, origin: &str) -> TestResponse {
    let request = get("/v1/feedback")
        .method(Method::OPTIONS)
        .header(header::ORIGIN, origin)
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
        .header(
            header::ACCESS_CONTROL_REQUEST_HEADERS,
            "content-type,idempotency-key",
        )
        .body(Body::empty())
        .expect("request");
    app.send(request).await
}

#[tokio::test]
async fn preflights_from_allowed_origins_are_answered() {
    let app = app().await;
    let response = preflight(&app, "https://www.musterstadt.de").await;
    assert!(response.status.is_success(), "{response:?}");
    assert_eq!(
        response.header("access-control-allow-origin"),
        Some("https://www.musterstadt.de")
    );
    let methods = response
        .header("access-control-allow-methods")
        .expect("methods");
    assert!(methods.contains("POST"), "{methods}");
    let headers = response
        .header("access-control-allow-headers")
        .expect("headers")
        .to_ascii_lowercase();
    for name in ["content-type", "idempotency-key", "authorization"] {
        assert!(headers.contains(name), "{headers}");
    }
    assert_eq!(response.header("access-control-allow-credentials"), None);
}

#[tokio::test]
async fn other_origins_get_no_allow_origin() {
    let app = app().await;
    for origin in [
        "https://evil.example",
        "https://www.musterstadt.de.evil.example",
        "http://www.musterstadt.de",
        "null",
    ] {
        let response = preflight(&app, origin).await;
        assert_eq!(
            response.header("access-control-allow-origin"),
            None,
            "{origin}"
        );
        let request = get("/v1/updates")
            .header(header::ORIGIN, origin)
            .body(Body::empty())
            .expect("request");
        let response = app.send(request).await;
        assert_eq!(response.status, StatusCode::OK);
        assert_eq!(
            response.header("access-control-allow-origin"),
            None,
            "{origin}"
        );
    }
}

#[tokio::test]
async fn responses_expose_the_headers_clients_read() {
    let app = app().await;
    let request = get("/v1/updates")
        .header(header::ORIGIN, "https://www.musterstadt.de")
        .body(Body::empty())
        .expect("request");
    let response = app.send(request).await;
    assert_eq!(
        response.header("access-control-allow-origin"),
        Some("https://www.musterstadt.de")
    );
    let exposed = response
        .header("access-control-expose-headers")
        .expect("exposed")
        .to_ascii_lowercase();
    for name in ["etag", "retry-after", "idempotent-replayed"] {
        assert!(exposed.contains(name), "{exposed}");
    }
    assert_eq!(response.header("access-control-allow-credentials"), None);
}
