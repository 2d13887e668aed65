//! `GET /v1/updates`: filters, limits, order, ETag and caching.

use axum::body::Body;
use axum::http::{StatusCode, header};
use ozg_endpoint::Config;
use ozg_sdk::UpdatesPage;

use crate::support::{TestApp, get, test_app, test_app_with};

/// The ids of the demo posts, newest first.
const ALL: [&str; 6] = [
    "bluesky:jobcenter-musterstadt.bsky.social:3m4kq7xv2ds2c",
    "mastodon:social.bund.de:115599004412765431",
    "mastodon:social.bund.de:115605512873340211",
    "rss:musterstadt.de:presse-2026-11-18-winterhilfe",
    "mastodon:social.bund.de:115571029384756102",
    "rss:jobcenter-musterstadt.de:weiterbewilligung-rechtzeitig",
];

/// Requests `uri`; on success compares the post ids, on error checks the problem names
/// `parameter`.
async fn check(app: &TestApp, uri: &str, expected: Result<&[&str], &str>) {
    let response = app.get(uri).await;
    match expected {
        Ok(ids) => {
            assert_eq!(
                response.status,
                StatusCode::OK,
                "{uri}: {}",
                response.text()
            );
            let page: UpdatesPage = response.json();
            let got: Vec<&str> = page.updates.iter().map(|u| u.id.as_str()).collect();
            assert_eq!(got, ids, "{uri}");
        }
        Err(parameter) => {
            assert_eq!(response.status, StatusCode::BAD_REQUEST, "{uri}");
            let problem = response.problem();
            assert_eq!(problem.errors.len(), 1, "{uri}");
            assert_eq!(problem.errors[0].pointer, format!("/{parameter}"), "{uri}");
            assert!(
                problem
                    .detail
                    .as_deref()
                    .unwrap_or_default()
                    .contains(parameter),
                "{uri}"
            );
        }
    }
}

#[tokio::test]
async fn filters_and_limits() {
    let app = test_app().await;
    let global = [ALL[0], ALL[2], ALL[3], ALL[4]];
    check(&app, "/v1/updates", Ok(&ALL)).await;
    check(&app, "/v1/updates?service=99107108017000", Ok(&ALL)).await;
    check(&app, "/v1/updates?service=11111111111111", Ok(&global)).await;
    check(&app, "/v1/updates?limit=2", Ok(&ALL[..2])).await;
    check(&app, "/v1/updates?limit=50", Ok(&ALL)).await;
    check(&app, "/v1/updates?limit=1000", Ok(&ALL)).await;
    check(
        &app,
        "/v1/updates?before=2026-11-20T11:05:00Z",
        Ok(&ALL[3..]),
    )
    .await;
    check(
        &app,
        "/v1/updates?before=2026-11-20T12:05:00%2B01:00",
        Ok(&ALL[3..]),
    )
    .await;
    check(
        &app,
        "/v1/updates?service=11111111111111&limit=1&before=2026-11-20T00:00:00Z",
        Ok(&ALL[3..4]),
    )
    .await;
    check(&app, "/v1/updates?before=2000-01-01T00:00:00Z", Ok(&[])).await;
    check(&app, "/v1/updates?limit=0", Err("limit")).await;
    check(&app, "/v1/updates?limit=-1", Err("limit")).await;
    check(&app, "/v1/updates?limit=zwanzig", Err("limit")).await;
    // Found by the contract test: the contract types `limit` as a 32-bit integer.
    check(&app, "/v1/updates?limit=2147483647", Ok(&ALL)).await;
    check(&app, "/v1/updates?limit=2147483648", Err("limit")).await;
    check(&app, "/v1/updates?service=123", Err("service")).await;
    check(&app, "/v1/updates?before=gestern", Err("before")).await;
    check(&app, "/v1/updates?before=2026-11-20", Err("before")).await;
}

#[tokio::test]
async fn the_default_limit_is_twenty() {
    let app = test_app().await;
    for i in 0..25 {
        sqlx::query("INSERT INTO updates (id, service, published, json) VALUES ($1, NULL, $2, $3)")
            .bind(format!("rss:test:{i}"))
            .bind(format!("2025-01-01T00:00:{i:02}Z"))
            .bind(
                serde_json::json!({
                    "id": format!("rss:test:{i}"),
                    "platform": "rss",
                    "author": {"name": "Test"},
                    "url": "https://example.org/",
                    "published": format!("2025-01-01T00:00:{i:02}Z"),
                    "content": "<p>Test</p>"
                })
                .to_string(),
            )
            .execute(&app.pool)
            .await
            .expect("insert");
    }
    let page: UpdatesPage = app.get("/v1/updates").await.json();
    assert_eq!(page.updates.len(), 20);
    let page: UpdatesPage = app.get("/v1/updates?limit=50").await.json();
    assert_eq!(page.updates.len(), 31);
}

#[tokio::test]
async fn etag_and_not_modified() {
    let app = test_app().await;
    let first = app.get("/v1/updates").await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(first.header("cache-control"), Some("public, max-age=60"));
    let etag = first.header("etag").expect("ETag").to_owned();
    assert!(
        etag.starts_with('"') && etag.ends_with('"'),
        "strong ETag {etag}"
    );
    assert_eq!(
        app.get("/v1/updates").await.header("etag"),
        Some(etag.as_str())
    );
    assert_ne!(
        app.get("/v1/updates?limit=1").await.header("etag"),
        Some(etag.as_str())
    );

    let cases = [
        (etag.clone(), StatusCode::NOT_MODIFIED),
        (format!("W/{etag}"), StatusCode::NOT_MODIFIED),
        (format!("\"other\", {etag}"), StatusCode::NOT_MODIFIED),
        ("*".to_owned(), StatusCode::NOT_MODIFIED),
        ("\"other\"".to_owned(), StatusCode::OK),
    ];
    for (if_none_match, status) in cases {
        let request = get("/v1/updates")
            .header(header::IF_NONE_MATCH, &if_none_match)
            .body(Body::empty())
            .expect("request");
        let response = app.send(request).await;
        assert_eq!(response.status, status, "If-None-Match: {if_none_match}");
        assert_eq!(response.header("etag"), Some(etag.as_str()));
        assert_eq!(response.header("cache-control"), Some("public, max-age=60"));
        if status == StatusCode::NOT_MODIFIED {
            assert!(response.body.is_empty());
        }
    }
}

#[tokio::test]
async fn media_urls_are_absolute_on_the_public_url() {
    let app = test_app_with(Config {
        public_url: "https://feedback.musterstadt.de".to_owned(),
        ..Config::default()
    })
    .await;
    let page: UpdatesPage = app.get("/v1/updates").await.json();
    let media: Vec<&str> = page
        .updates
        .iter()
        .flat_map(|u| &u.media)
        .map(|m| m.url.as_str())
        .collect();
    assert_eq!(
        media,
        ["https://feedback.musterstadt.de/v1/media/buergergeld-online.svg"]
    );
    let warned = page.updates.iter().filter(|u| u.content_warning.is_some());
    assert_eq!(warned.count(), 1);
}
