//! Prometheus metrics at `/metrics`: requests and latencies counted as they pass, the outbox
//! depth and the freshness of sources read from the database when scraped.

use std::time::{Duration, Instant};

use axum::extract::{MatchedPath, Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use subtle::ConstantTimeEq;

use crate::clock;
use crate::error::ApiError;
use crate::state::AppState;

/// The media type of the OpenMetrics text format, which Prometheus scrapes.
const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: &'static str,
    route: String,
    status: &'static str,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct StateLabels {
    state: &'static str,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct SourceLabels {
    source: String,
}

type HistogramFamily = Family<RouteLabels, Histogram, fn() -> Histogram>;

/// The endpoint's metrics, one registry per [`AppState`], so that tests and several
/// states in one process never share counters.
#[derive(Debug)]
pub(crate) struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: HistogramFamily,
    feedback_accepted: Counter,
    outbox: Family<StateLabels, Gauge>,
    source_age: Family<SourceLabels, Gauge>,
    source_failures: Family<SourceLabels, Gauge>,
}

fn latency_histogram() -> Histogram {
    // 1 ms to about 16 s, doubling.
    Histogram::new(exponential_buckets(0.001, 2.0, 15))
}

impl Metrics {
    pub(crate) fn new() -> Metrics {
        let mut registry = Registry::default();
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "ozg_http_requests",
            "HTTP requests by method, route template and status class",
            requests.clone(),
        );
        let latency = HistogramFamily::new_with_constructor(latency_histogram);
        registry.register(
            "ozg_http_request_duration_seconds",
            "Time from receiving a request to its response head, by route template",
            latency.clone(),
        );
        let feedback_accepted = Counter::default();
        registry.register(
            "ozg_feedback_accepted",
            "Feedback submissions committed (retries answered with a stored receipt not counted)",
            feedback_accepted.clone(),
        );
        let outbox = Family::<StateLabels, Gauge>::default();
        registry.register(
            "ozg_forward_outbox",
            "Forwards to departments waiting (pending) and waiting after a failed attempt (failed)",
            outbox.clone(),
        );
        let source_age = Family::<SourceLabels, Gauge>::default();
        registry.register(
            "ozg_source_seconds_since_success",
            "Seconds since the last successful fetch of each source that had one",
            source_age.clone(),
        );
        let source_failures = Family::<SourceLabels, Gauge>::default();
        registry.register(
            "ozg_source_consecutive_failures",
            "Failed fetches of each source since its last success",
            source_failures.clone(),
        );
        Metrics {
            registry,
            requests,
            latency,
            feedback_accepted,
            outbox,
            source_age,
            source_failures,
        }
    }

    /// Counts one committed feedback submission.
    pub(crate) fn feedback_accepted(&self) {
        self.feedback_accepted.inc();
    }

    fn observe(&self, method: &'static str, route: String, status: StatusCode, took: Duration) {
        let status = match status.as_u16() {
            100..=199 => "1xx",
            200..=299 => "2xx",
            300..=399 => "3xx",
            400..=499 => "4xx",
            _ => "5xx",
        };
        self.latency
            .get_or_create(&RouteLabels {
                route: route.clone(),
            })
            .observe(took.as_secs_f64());
        self.requests
            .get_or_create(&RequestLabels {
                method,
                route,
                status,
            })
            .inc();
    }
}

/// Middleware that counts every routed request under its route template (`/v1/services/{leika}`,
/// never the concrete path, so the number of series stays small); requests no route matched
/// count as `unmatched`.
pub(crate) async fn track(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched", MatchedPath::as_str)
        .to_owned();
    let method = match request.method().as_str() {
        "GET" => "GET",
        "HEAD" => "HEAD",
        "POST" => "POST",
        "OPTIONS" => "OPTIONS",
        _ => "other",
    };
    let started = Instant::now();
    let response = next.run(request).await;
    state
        .metrics()
        .observe(method, route, response.status(), started.elapsed());
    response
}

/// `GET /metrics`: all metrics in the OpenMetrics text format. With `metrics_token` configured,
/// only for `Authorization: Bearer <token>`.
pub(crate) async fn get(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
) -> Result<Response, ApiError> {
    if let Some(token) = &state.config().metrics_token {
        let given = headers
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .unwrap_or_default();
        if !bool::from(given.as_bytes().ct_eq(token.as_bytes())) {
            return Err(ApiError::Unauthorized(
                "send the configured metrics token as Authorization: Bearer <token>",
            ));
        }
    }
    let metrics = state.metrics();
    let outbox = crate::forward::health(&state).await?;
    metrics
        .outbox
        .get_or_create(&StateLabels { state: "pending" })
        .set(outbox.pending);
    metrics
        .outbox
        .get_or_create(&StateLabels { state: "failed" })
        .set(outbox.failing);
    let now = clock::now();
    metrics.source_age.clear();
    metrics.source_failures.clear();
    for source in crate::sources::health(&state).await? {
        let labels = SourceLabels {
            source: source.name.clone(),
        };
        metrics
            .source_failures
            .get_or_create(&labels)
            .set(source.consecutive_failures);
        if let Some(success) = source.last_success.as_deref().and_then(clock::parse) {
            metrics
                .source_age
                .get_or_create(&labels)
                .set((now - success).whole_seconds().max(0));
        }
    }
    let mut text = String::new();
    prometheus_client::encoding::text::encode(&mut text, &metrics.registry)
        .map_err(|e| ApiError::Internal(format!("cannot encode the metrics: {e}")))?;
    Ok((
        [
            (header::CONTENT_TYPE, CONTENT_TYPE),
            (header::CACHE_CONTROL, "no-store"),
        ],
        text,
    )
        .into_response())
}
