//! Shared helpers: a seeded app on a temporary database, requests, and decoded responses.

use std::net::SocketAddr;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use ozg_endpoint::{AppState, Config, app, db, seed};
use ozg_sdk::{PROBLEM_CONTENT_TYPE, Problem};
use serde::de::DeserializeOwned;
use sqlx::SqlitePool;
use tower::ServiceExt;

/// The app on its own database file, removed with the value.
pub(crate) struct TestApp {
    pub(crate) router: Router,
    pub(crate) pool: SqlitePool,
    /// The state behind `router`, for driving background work such as forwards.
    pub(crate) state: AppState,
    _dir: tempfile::TempDir,
}

/// A seeded app with the default configuration.
pub(crate) async fn test_app() -> TestApp {
    test_app_with(Config::default()).await
}

/// A seeded app with `config` (its `database_url` is replaced by a temporary file).
pub(crate) async fn test_app_with(config: Config) -> TestApp {
    let dir = tempfile::tempdir().expect("temporary folder");
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("endpoint.sqlite").display()
    );
    let pool = db::connect(&url).await.expect("database opens");
    seed::demo(&pool).await.expect("demo data");
    let state = AppState::new(config, pool.clone());
    let router = app(state.clone());
    TestApp {
        router,
        pool,
        state,
        _dir: dir,
    }
}

/// A decoded response.
#[derive(Debug)]
pub(crate) struct TestResponse {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Vec<u8>,
}

impl TestResponse {
    /// The body as `T`, after checking it is JSON.
    pub(crate) fn json<T: DeserializeOwned>(&self) -> T {
        assert_eq!(
            self.header(header::CONTENT_TYPE.as_str()),
            Some("application/json")
        );
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("body is not the expected JSON ({e}): {}", self.text()))
    }

    /// The body as a problem document, after checking the media type and the status in it.
    pub(crate) fn problem(&self) -> Problem {
        assert_eq!(
            self.header(header::CONTENT_TYPE.as_str()),
            Some(PROBLEM_CONTENT_TYPE),
            "body {}",
            self.text()
        );
        let problem: Problem = serde_json::from_slice(&self.body).expect("problem document");
        assert_eq!(problem.status, self.status.as_u16());
        problem
    }

    pub(crate) fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(name)
            .map(|v| v.to_str().expect("ASCII header"))
    }
}

impl TestApp {
    pub(crate) async fn send(&self, request: Request<Body>) -> TestResponse {
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("the router never fails");
        let (parts, body) = response.into_parts();
        let body = body.collect().await.expect("body").to_bytes().to_vec();
        TestResponse {
            status: parts.status,
            headers: parts.headers,
            body,
        }
    }

    pub(crate) async fn get(&self, uri: &str) -> TestResponse {
        self.send(get(uri).body(Body::empty()).expect("request"))
            .await
    }

    /// `POST /v1/feedback` with an optional idempotency key.
    pub(crate) async fn post_feedback(&self, key: Option<&str>, body: &str) -> TestResponse {
        self.send(feedback_request(key, body, None)).await
    }

    /// The number of rows in `table`.
    pub(crate) async fn count(&self, table: &str) -> i64 {
        sqlx::query_scalar(&format!("SELECT count(*) FROM {table}"))
            .fetch_one(&self.pool)
            .await
            .expect("count")
    }
}

pub(crate) fn get(uri: &str) -> axum::http::request::Builder {
    Request::builder().method(Method::GET).uri(uri)
}

/// A feedback request, from `client` when given (as `axum::serve` with connect info does).
pub(crate) fn feedback_request(
    key: Option<&str>,
    body: &str,
    client: Option<SocketAddr>,
) -> Request<Body> {
    let mut builder = Request::builder()
        .method(Method::POST)
        .uri("/v1/feedback")
        .header(header::CONTENT_TYPE, "application/json");
    if let Some(key) = key {
        builder = builder.header("Idempotency-Key", key);
    }
    let mut request = builder.body(Body::from(body.to_owned())).expect("request");
    if let Some(client) = client {
        request.extensions_mut().insert(ConnectInfo(client));
    }
    request
}

/// A valid submission about the demo service.
pub(crate) fn submission() -> serde_json::Value {
    serde_json::json!({
        "service": "99107108017000",
        "found": "partly",
        "rating": 4,
        "topic": "onlineProcedure",
        "text": "Die Liste der Unterlagen war hilfreich, der Upload hat aber zweimal abgebrochen.",
        "locale": "de",
        "pageUrl": "https://www.musterstadt.de/buergergeld",
        "clientTime": "2026-11-26T10:30:00+01:00"
    })
}

/// A fresh idempotency key.
pub(crate) fn new_key() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    format!(
        "test-key-{}-{:08}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}
