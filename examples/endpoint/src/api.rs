//! The `/v1` HTTP API and the operators' `/healthz`, `/readyz` and `/metrics`.

mod challenge;
mod feedback;
mod media;
mod services;
mod stats;
mod updates;

use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use crate::error::ApiError;
use crate::state::AppState;

/// Header that makes `POST /v1/feedback` safe to retry.
pub(crate) const IDEMPOTENCY_KEY: &str = "idempotency-key";
/// Header of `POST /v1/feedback` with the answer to an anti-spam challenge
/// ([`ozg_sdk::CHALLENGE_HEADER`], lowercase).
pub(crate) const CHALLENGE: &str = "ozg-challenge";
/// Header on a `201` that repeats the receipt of an earlier request with the same key.
pub(crate) const IDEMPOTENT_REPLAYED: &str = "idempotent-replayed";
/// Largest accepted feedback body. A submission at the text limit of 2,000 characters, all of
/// them four UTF-8 bytes, still fits.
pub(crate) const MAX_FEEDBACK_BODY: usize = 16 * 1024;

/// The OpenAPI document of the contract, checked in by `ozg-sdk`.
const OPENAPI_JSON: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../sdk/openapi.json"
));

/// The API routes with their state; unknown paths under `/v1` answer with a 404 problem.
pub(crate) fn router(state: AppState) -> Router {
    let v1 = Router::new()
        .route("/services/{leika}", get(services::get))
        .route("/services/{leika}/stats", get(stats::get))
        .route("/updates", get(updates::get))
        .route("/challenge", get(challenge::get))
        .route(
            "/feedback",
            post(feedback::submit).layer(DefaultBodyLimit::max(MAX_FEEDBACK_BODY)),
        )
        .route("/feedback/{reference}", get(feedback::status))
        .route("/media/{name}", get(media::get))
        .route("/openapi.json", get(openapi))
        .fallback(not_found);
    Router::new()
        .nest("/v1", v1)
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(crate::metrics::get))
        .route("/healthz/sources", get(healthz_sources))
        .route("/healthz/forwards", get(healthz_forwards))
        .merge(crate::staff::router())
        .with_state(state)
}

/// The answer for paths that match nothing.
pub(crate) async fn not_found() -> ApiError {
    ApiError::NotFound("there is nothing at this path")
}

async fn openapi() -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        OPENAPI_JSON,
    )
        .into_response()
}

/// The refresh state of every configured source, for operators: when it was last tried, the
/// last error, and how many of its posts are served.
async fn healthz_sources(State(state): State<AppState>) -> Result<Response, ApiError> {
    let sources = crate::sources::health(&state).await?;
    Ok((
        [(header::CACHE_CONTROL, "no-store")],
        axum::Json(serde_json::json!({ "sources": sources })),
    )
        .into_response())
}

/// The outbox of forwards to departments, for operators: how many wait, how many failed at
/// least once, how many went out, and the latest error.
async fn healthz_forwards(State(state): State<AppState>) -> Result<Response, ApiError> {
    let outbox = crate::forward::health(&state).await?;
    Ok((
        [(header::CACHE_CONTROL, "no-store")],
        axum::Json(serde_json::json!({ "forwards": outbox })),
    )
        .into_response())
}

/// Liveness: `ok` while the process serves requests, whatever its database does, so that a
/// database outage never gets healthy instances restarted.
async fn healthz() -> Response {
    ([(header::CACHE_CONTROL, "no-store")], "ok").into_response()
}

/// Readiness: `ready` while the database answers and has every migration of this build, else
/// a 503 problem, for load balancers that should send no traffic yet.
async fn readyz(State(state): State<AppState>) -> Result<Response, ApiError> {
    match crate::db::migrations_applied(state.pool()).await {
        Ok(true) => Ok(([(header::CACHE_CONTROL, "no-store")], "ready").into_response()),
        Ok(false) => Err(ApiError::NotReady(
            "the database lacks migrations of this version; start one instance to apply them",
        )),
        Err(error) => {
            tracing::warn!(%error, "readiness check: the database does not answer");
            Err(ApiError::NotReady("the database does not answer"))
        }
    }
}
