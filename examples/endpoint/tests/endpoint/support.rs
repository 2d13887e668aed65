//! Shared helpers: a seeded app on a fresh database (see `databases`), requests, and decoded
//! responses.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use ozg_endpoint::{AntispamConfig, AppState, Config, app, db, seed};
use ozg_sdk::{CHALLENGE_HEADER, Challenge, PROBLEM_CONTENT_TYPE, Problem};
use serde::de::DeserializeOwned;
use sqlx::AnyPool;
use tower::ServiceExt;

pub(crate) use crate::databases::{TestDatabase, test_database};

/// The app on its own database, removed with the value.
pub(crate) struct TestApp {
    pub(crate) router: Router,
    pub(crate) pool: AnyPool,
    /// The state behind `router`, for driving background work such as forwards.
    pub(crate) state: AppState,
    database: Arc<TestDatabase>,
}

/// The secret that signs the test apps' challenges, so tests can forge old ones.
pub(crate) const TEST_SECRET: &str = "ein-geheimnis-nur-fuer-die-tests-0123456789";

/// The default configuration, except that a challenge may be answered at once (tests are
/// faster than people) and is signed with [`TEST_SECRET`].
pub(crate) fn test_config() -> Config {
    Config {
        challenge_secret: Some(TEST_SECRET.to_owned()),
        antispam: AntispamConfig {
            min_delay_seconds: 0,
            ..AntispamConfig::default()
        },
        ..Config::default()
    }
}

/// A seeded app with [`test_config`].
pub(crate) async fn test_app() -> TestApp {
    test_app_with(test_config()).await
}

/// A seeded app with `config` (its `database_url` is replaced by a fresh database).
pub(crate) async fn test_app_with(config: Config) -> TestApp {
    let database = Arc::new(test_database().await);
    let app = instance(database, config).await;
    seed::demo(&app.pool).await.expect("demo data");
    app
}

/// An endpoint instance on `database` with `config`: its own pool, state and router.
async fn instance(database: Arc<TestDatabase>, mut config: Config) -> TestApp {
    config.database_url.clone_from(&database.url);
    let pool = db::connect(&database.url).await.expect("database opens");
    let state = AppState::new(config, pool.clone());
    let router = app(state.clone());
    TestApp {
        router,
        pool,
        state,
        database,
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
    /// Another instance of the endpoint with `config` on this app's database, as several
    /// instances behind a load balancer share one.
    pub(crate) async fn another_instance(&self, config: Config) -> TestApp {
        instance(self.database.clone(), config).await
    }

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

    /// `POST /v1/feedback` with an optional idempotency key and the answer to a fresh
    /// challenge of this app, as the sdk client sends it.
    pub(crate) async fn post_feedback(&self, key: Option<&str>, body: &str) -> TestResponse {
        let challenge = self.challenge().await;
        self.send(feedback_request(key, body, None, Some(&challenge)))
            .await
    }

    /// A fresh challenge from `GET /v1/challenge`, solved, as the value of the challenge
    /// header.
    pub(crate) async fn challenge(&self) -> String {
        let response = self.get("/v1/challenge").await;
        assert_eq!(response.status, StatusCode::OK, "{}", response.text());
        let challenge: Challenge = response.json();
        let answer = challenge.solve().await.expect("solvable challenge");
        serde_json::to_string(&answer).expect("answer serialises")
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

/// A feedback request, from `client` when given (as `axum::serve` with connect info does),
/// with `challenge` as the challenge header when given.
pub(crate) fn feedback_request(
    key: Option<&str>,
    body: &str,
    client: Option<SocketAddr>,
    challenge: Option<&str>,
) -> Request<Body> {
    let mut builder = Request::builder()
        .method(Method::POST)
        .uri("/v1/feedback")
        .header(header::CONTENT_TYPE, "application/json");
    if let Some(key) = key {
        builder = builder.header("Idempotency-Key", key);
    }
    if let Some(challenge) = challenge {
        builder = builder.header(CHALLENGE_HEADER, challenge);
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
