//! `GET /v1/challenge`: a signed issue time, groundwork for spam checks without cookies.

use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use ozg_sdk::Challenge;

use crate::state::AppState;
use crate::{clock, secrets};

pub(super) async fn get(State(state): State<AppState>) -> impl IntoResponse {
    let issued_at = clock::format(clock::now());
    let signature = secrets::sign(state.challenge_key(), issued_at.as_bytes());
    (
        [(header::CACHE_CONTROL, "no-store")],
        Json(Challenge {
            issued_at,
            signature,
        }),
    )
}
