//! `GET /v1/challenge`: a signed issue time, optionally with a proof of work, that
//! `POST /v1/feedback` checks (see [`crate::antispam`]).

use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::antispam;
use crate::error::ApiError;
use crate::state::AppState;

pub(super) async fn get(State(state): State<AppState>) -> Result<Response, ApiError> {
    let challenge = antispam::issue(&state)?;
    Ok(([(header::CACHE_CONTROL, "no-store")], Json(challenge)).into_response())
}
