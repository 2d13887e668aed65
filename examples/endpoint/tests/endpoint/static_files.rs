//! The demo pages at `/` and the widget files at `/cdn/`, under the demo's CSP.

use axum::http::StatusCode;
use ozg_endpoint::Config;

use crate::support::test_app_with;

const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
    img-src 'self' data:; connect-src 'self'; base-uri 'self'; form-action 'self'; \
    frame-ancestors 'none'";

#[tokio::test]
async fn serves_folders_with_types_and_the_csp_only_there() {
    let www = tempfile::tempdir().expect("folder");
    std::fs::write(
        www.path().join("index.html"),
        "<!doctype html><title>Demo</title>",
    )
    .expect("write");
    std::fs::create_dir(www.path().join("csp")).expect("mkdir");
    std::fs::write(www.path().join("csp/index.html"), "<!doctype html>").expect("write");
    let cdn = tempfile::tempdir().expect("folder");
    std::fs::write(cdn.path().join("ozg-widget.js"), "export {};").expect("write");
    std::fs::write(cdn.path().join("ozg_widget_bg.wasm"), b"\0asm\x01\0\0\0").expect("write");
    let app = test_app_with(Config {
        static_dir: Some(www.path().to_owned()),
        cdn_dir: Some(cdn.path().to_owned()),
        ..Config::default()
    })
    .await;

    let cases = [
        ("/", StatusCode::OK, Some("text/html")),
        ("/index.html", StatusCode::OK, Some("text/html")),
        ("/csp/", StatusCode::OK, Some("text/html")),
        (
            "/cdn/ozg-widget.js",
            StatusCode::OK,
            Some("text/javascript"),
        ),
        (
            "/cdn/ozg_widget_bg.wasm",
            StatusCode::OK,
            Some("application/wasm"),
        ),
        ("/fehlt.html", StatusCode::NOT_FOUND, None),
        ("/cdn/fehlt.js", StatusCode::NOT_FOUND, None),
    ];
    for (uri, status, content_type) in cases {
        let response = app.get(uri).await;
        assert_eq!(response.status, status, "{uri}");
        assert_eq!(
            response
                .header("content-security-policy")
                .map(|v| v.split_whitespace().collect::<Vec<_>>().join(" ")),
            Some(CSP.split_whitespace().collect::<Vec<_>>().join(" ")),
            "{uri}"
        );
        match content_type {
            Some(expected) => {
                let got = response.header("content-type").unwrap_or_default();
                assert!(got.starts_with(expected), "{uri}: {got}");
            }
            None => {
                response.problem();
            }
        }
    }

    // The API keeps its own headers and its own 404.
    for uri in ["/v1/updates", "/v1/nichts", "/healthz"] {
        let response = app.get(uri).await;
        assert_eq!(response.header("content-security-policy"), None, "{uri}");
    }
    assert_eq!(app.get("/v1/nichts").await.status, StatusCode::NOT_FOUND);
}
