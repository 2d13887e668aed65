//! The demo portal pages at `/` and the widget's files at `/cdn/`, when configured.

use axum::Router;
use axum::http::{HeaderValue, header};
use tower::Layer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::api;
use crate::config::Config;

/// The policy the demo pages run under: the strict one portal pages use, so the demo proves
/// the widget works there (its wasm needs `'wasm-unsafe-eval'`, nothing else).
pub(crate) const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; \
    script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; \
    connect-src 'self'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/// Adds the static folders of `config` to `router`; paths that match nothing answer with a
/// 404 problem.
pub(crate) fn mount(router: Router, config: &Config) -> Router {
    let csp = SetResponseHeaderLayer::overriding(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    let router = match &config.cdn_dir {
        Some(dir) => router.nest_service(
            "/cdn",
            csp.clone().layer(
                // A `.br` or `.gz` sibling of a file is sent instead when the browser accepts it.
                ServeDir::new(dir).precompressed_br().precompressed_gzip(),
            ),
        ),
        None => router,
    };
    match &config.static_dir {
        Some(dir) => router
            .fallback_service(csp.layer(ServeDir::new(dir).append_index_html_on_directories(true))),
        None => router.fallback(api::not_found),
    }
}
