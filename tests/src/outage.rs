//! An endpoint that goes down and comes back, for the tests of the widget's outbox.
//!
//! [`Portal`] serves one portal page and the built widget from its own loopback port, so the
//! page loads (and reloads) while the endpoint it embeds is down. The endpoint is the real one
//! ([`ozg_endpoint::app`] with its own SQLite file) on a fixed loopback port: [`Portal::start`]
//! starts it, [`Portal::stop`] stops it, and starting it again binds the same port and opens the
//! same database. With [`Portal::throttle`] the endpoint answers the next submissions with
//! `429 Too Many Requests` and a `Retry-After`, as its rate limit does; with [`Portal::reject`]
//! it refuses the next one with `422` and a field error, as a stricter rule of an authority's
//! endpoint would (the reference endpoint checks nothing the widget does not check first). It
//! records when every submission arrived.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sqlx::sqlite::{SqliteConnectOptions, SqlitePool};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::{DEMO_SERVICE, dist_dir};

/// What the endpoint's submissions saw: when each `POST /v1/feedback` arrived, and how many
/// more are to be answered with 429.
#[derive(Debug, Default)]
struct Traffic {
    posts: Vec<Instant>,
    throttle: u32,
    retry_after: u64,
    reject: Option<ozg_sdk::FieldError>,
}

/// A portal page on one port and the endpoint it embeds on another.
#[derive(Debug)]
pub struct Portal {
    page: String,
    endpoint: SocketAddr,
    database: PathBuf,
    seeded: bool,
    server: Option<tokio::task::JoinHandle<()>>,
    traffic: Arc<Mutex<Traffic>>,
    _portal: tokio::task::JoinHandle<()>,
    _dir: tempfile::TempDir,
}

impl Portal {
    /// Serves a page with `<ozg-widget endpoint=… service=… lang=de {attributes}>`; the
    /// endpoint is not started yet, so nothing listens on its port.
    pub async fn new(attributes: &str) -> Self {
        let dir = tempfile::Builder::new()
            .prefix("ozg-portal-")
            .tempdir()
            .expect("cannot create a temporary folder");
        // A free port, released again: the endpoint binds it when started.
        let endpoint = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("cannot find a free loopback port");
        let pages = dir.path().join("pages");
        std::fs::create_dir(&pages).expect("cannot create the page folder");
        std::fs::write(
            pages.join("index.html"),
            format!(
                "<!DOCTYPE html>\n<html lang=\"de\">\n<head>\n<meta charset=\"utf-8\">\n\
                 <title>Bürgergeld beantragen – Portal</title>\n\
                 <script type=\"module\" src=\"/cdn/ozg-widget.js\"></script>\n</head>\n\
                 <body>\n<main>\n<h1>Bürgergeld beantragen</h1>\n\
                 <ozg-widget endpoint=\"http://{endpoint}\" service=\"{DEMO_SERVICE}\" \
                 lang=\"de\" {attributes}></ozg-widget>\n</main>\n</body>\n</html>\n"
            ),
        )
        .expect("cannot write the portal page");
        let csp = format!(
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
             img-src 'self' data:; connect-src 'self' http://{endpoint}"
        );
        let router = Router::new()
            .nest_service("/cdn", ServeDir::new(dist_dir()))
            .fallback_service(ServeDir::new(&pages))
            .layer(SetResponseHeaderLayer::overriding(
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_str(&csp).expect("the policy is a header value"),
            ));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("cannot bind a loopback port for the portal");
        let page = format!(
            "http://{}/",
            listener.local_addr().expect("the portal has no address")
        );
        let portal = tokio::spawn(async move {
            axum::serve(listener, router)
                .await
                .expect("the portal stopped with an error");
        });
        Self {
            page,
            endpoint,
            database: dir.path().join("endpoint.sqlite"),
            seeded: false,
            server: None,
            traffic: Arc::default(),
            _portal: portal,
            _dir: dir,
        }
    }

    /// The portal page's URL.
    pub fn page(&self) -> &str {
        &self.page
    }

    /// Starts the endpoint on its port (again), with the same database.
    pub async fn start(&mut self) {
        let origin = self.page.trim_end_matches('/').to_owned();
        let config = ozg_endpoint::Config {
            listen: self.endpoint,
            database_url: format!("sqlite://{}?mode=rwc", self.database.display()),
            public_url: format!("http://{}", self.endpoint),
            cors_origins: vec![origin.clone()],
            ..ozg_endpoint::Config::default()
        };
        let pool = ozg_endpoint::db::connect(&config.database_url)
            .await
            .expect("cannot open the endpoint's database");
        if !self.seeded {
            ozg_endpoint::seed::demo(&pool)
                .await
                .expect("cannot seed the demo data");
            self.seeded = true;
        }
        let traffic = Arc::clone(&self.traffic);
        let router = ozg_endpoint::app(ozg_endpoint::AppState::new(config, pool)).layer(
            axum::middleware::from_fn(move |request: Request, next: Next| {
                let traffic = Arc::clone(&traffic);
                let origin = origin.clone();
                async move { throttle(&traffic, &origin, request, next).await }
            }),
        );
        let listener = tokio::net::TcpListener::bind(self.endpoint)
            .await
            .expect("cannot bind the endpoint's port again");
        self.server = Some(tokio::spawn(async move {
            axum::serve(
                listener,
                router.into_make_service_with_connect_info::<SocketAddr>(),
            )
            .await
            .expect("the endpoint stopped with an error");
        }));
    }

    /// Stops the endpoint: its port refuses connections until [`Portal::start`].
    pub fn stop(&mut self) {
        if let Some(server) = self.server.take() {
            server.abort();
        }
    }

    /// Answers the next `count` submissions with 429 and `Retry-After: {seconds}`.
    pub fn throttle(&self, count: u32, seconds: u64) {
        let mut traffic = self.traffic.lock().expect("traffic lock");
        traffic.throttle = count;
        traffic.retry_after = seconds;
    }

    /// Answers the next submission with 422 and a problem document naming `pointer` and `code`.
    pub fn reject(&self, pointer: &str, code: &str) {
        self.traffic.lock().expect("traffic lock").reject = Some(ozg_sdk::FieldError::new(
            pointer,
            code,
            "rejected by a rule of this endpoint",
        ));
    }

    /// When each `POST /v1/feedback` reached the endpoint (throttled ones included).
    pub fn posts(&self) -> Vec<Instant> {
        self.traffic.lock().expect("traffic lock").posts.clone()
    }

    /// How many feedback rows the endpoint committed.
    pub async fn feedback_rows(&self) -> i64 {
        let options = SqliteConnectOptions::new()
            .filename(&self.database)
            .read_only(true);
        let pool = SqlitePool::connect_with(options)
            .await
            .expect("cannot open the endpoint's SQLite file");
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM feedback")
            .fetch_one(&pool)
            .await
            .expect("cannot count the feedback");
        pool.close().await;
        count
    }
}

impl Drop for Portal {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Records submissions and answers the throttled ones with 429, as the endpoint's rate limit
/// does (with the CORS headers its own layer would add, so the browser can read them).
async fn throttle(
    traffic: &Mutex<Traffic>,
    origin: &str,
    request: Request,
    next: Next,
) -> Response {
    if request.method() == Method::POST && request.uri().path() == "/v1/feedback" {
        let (retry_after, reject) = {
            let mut traffic = traffic.lock().expect("traffic lock");
            traffic.posts.push(Instant::now());
            let retry_after = (traffic.throttle > 0).then(|| {
                traffic.throttle -= 1;
                traffic.retry_after
            });
            (retry_after, traffic.reject.take())
        };
        if let Some(error) = reject {
            let problem =
                ozg_sdk::Problem::new(422, "Unprocessable Content").with_errors(vec![error]);
            return (
                StatusCode::UNPROCESSABLE_ENTITY,
                [
                    (header::CONTENT_TYPE, "application/problem+json".to_owned()),
                    (header::ACCESS_CONTROL_ALLOW_ORIGIN, origin.to_owned()),
                ],
                serde_json::to_string(&problem).expect("a problem serialises"),
            )
                .into_response();
        }
        if let Some(seconds) = retry_after {
            let body = serde_json::json!({
                "type": "about:blank",
                "title": "Too Many Requests",
                "status": 429,
                "detail": "Too many submissions from this address; please try again later."
            });
            return (
                StatusCode::TOO_MANY_REQUESTS,
                [
                    (header::RETRY_AFTER, seconds.to_string()),
                    (header::CONTENT_TYPE, "application/problem+json".to_owned()),
                    (header::ACCESS_CONTROL_ALLOW_ORIGIN, origin.to_owned()),
                    (
                        header::ACCESS_CONTROL_EXPOSE_HEADERS,
                        "retry-after".to_owned(),
                    ),
                ],
                body.to_string(),
            )
                .into_response();
        }
    }
    next.run(request).await
}
