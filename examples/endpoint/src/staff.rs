//! The staff view (`/staff`, server-rendered HTML) and API (`/staff/api/…`, JSON): the
//! department reads the feedback on its services, sets its state and answers the citizen.
//!
//! Access needs a `[[staff]]` entry in the config; without one, everything under `/staff`
//! answers 404. Each entry sees the feedback of its own department only, and another
//! department's reference answers 404 exactly like an unknown one. These routes belong to the
//! reference endpoint, not to the `/v1` contract of `ozg-sdk`.

mod api;
mod auth;
mod config;
mod export;
mod filter;
mod html;
mod store;
mod texts;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::get;

pub use config::StaffConfig;
pub(crate) use config::check as check_config;

use crate::state::AppState;

/// Largest form or JSON body: an answer of 5,000 four-byte characters, percent-encoded.
const MAX_BODY: usize = 64 * 1024;

/// A new random staff token (256 bits as hex) and the SHA-256 of it for `token_sha256`.
pub fn new_staff_token() -> (String, String) {
    let token = crate::secrets::new_token();
    let hash = crate::secrets::sha256_hex(token.as_bytes());
    (token, hash)
}

/// The routes under `/staff`.
pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route("/staff", get(html::list))
        .route("/staff/", get(html::list))
        .route("/staff/staff.css", get(html::stylesheet))
        .route("/staff/export.csv", get(export::csv))
        .route(
            "/staff/feedback/{reference}",
            get(html::detail).post(html::change),
        )
        .route("/staff/api/feedback", get(api::list))
        .route(
            "/staff/api/feedback/{reference}",
            get(api::get).patch(api::change),
        )
        .layer(DefaultBodyLimit::max(MAX_BODY))
}
