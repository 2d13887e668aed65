//! The demo portal pages at `/` and the widget's files at `/cdn/`, when configured.

use axum::Router;
use axum::http::{HeaderValue, header};
use tower::Layer;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::api;
use crate::config::Config;

/// The policy the demo pages run under: the strict one portal pages use, so the demo proves
/// the widget works there (its wasm needs `'wasm-unsafe-eval'`, nothing else).
pub(crate) const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; \
    script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; \
    connect-src 'self'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/// The demo page `/csp.html` is served with exactly the policy the embedding guide gives portals,
/// with the endpoint named in `connect-src` and `img-src`.
const STRICT_PAGE: &str = "csp.html";

fn strict_policy(config: &Config) -> Option<HeaderValue> {
    let endpoint = config.public_url.trim_end_matches('/');
    HeaderValue::from_str(&format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
         connect-src 'self' {endpoint}; img-src 'self' {endpoint}"
    ))
    .ok()
}

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
    let router = match (&config.static_dir, strict_policy(config)) {
        (Some(dir), Some(policy)) => router.route_service(
            &format!("/{STRICT_PAGE}"),
            SetResponseHeaderLayer::overriding(header::CONTENT_SECURITY_POLICY, policy)
                .layer(ServeFile::new(dir.join(STRICT_PAGE))),
        ),
        _ => router,
    };
    match &config.static_dir {
        Some(dir) => router
            .fallback_service(csp.layer(ServeDir::new(dir).append_index_html_on_directories(true))),
        None => router.fallback(api::not_found),
    }
}
