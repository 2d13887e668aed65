//! `ozg-endpoint`: the reference authority endpoint of ozg-widget — service descriptions,
//! updates and citizen feedback over HTTP, stored in SQLite or PostgreSQL.
//!
//! Run it with `cargo run -p ozg-endpoint -- --seed demo`; see the README for the configuration
//! and the routes. Every JSON shape it answers comes from `ozg-sdk`; every error is an RFC 9457
//! problem document.
//!
//! Tests and embedders build the router with [`app`] and call it without a socket:
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
//! use ozg_endpoint::{app, db, seed, AppState, Config};
//!
//! let config = Config::default();
//! let pool = db::connect(&config.database_url).await?;
//! seed::demo(&pool).await?;
//! let router = app(AppState::new(config, pool));
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
//! axum::serve(
//!     listener,
//!     router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
//! )
//! .await?;
//! # Ok(())
//! # }
//! ```
#![deny(missing_docs)]

mod antispam;
mod api;
mod clock;
mod config;
pub mod db;
pub mod demo_forwards;
pub mod demo_upstream;
mod error;
pub mod forward;
mod idempotency;
pub mod import;
mod json_body;
mod metrics;
mod rate_limit;
mod sanitize;
mod secrets;
pub mod seed;
pub mod sources;
mod staff;
mod state;
mod static_files;

use std::net::SocketAddr;

use axum::Router;
use axum::http::{HeaderName, HeaderValue, Method, header};
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::trace::TraceLayer;

pub use config::{
    AntispamConfig, Config, ConfigError, DepartmentConfig, FetchConfig, FollowConfig,
    ForwardConfig, SmtpConfig, SmtpTls, SourceConfig, SourceKind,
};
pub use staff::{StaffConfig, new_staff_token};
pub use state::AppState;

/// The whole HTTP application: the `/v1` API, `/healthz`, `/readyz`, `/metrics`, and the
/// static demo and CDN files when they are configured, behind CORS for the configured origins.
pub fn app(state: AppState) -> Router {
    let cors = cors_layer(&state.config().cors_origins);
    let router = api::router(state.clone());
    static_files::mount(router, state.config())
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            metrics::track,
        ))
        .layer(axum::middleware::map_response(
            error::problem_for_bare_errors,
        ))
        .layer(cors)
        .layer(TraceLayer::new_for_http())
}

/// CORS for an exact allowlist of portal origins, without credentials: the widget never sends
/// cookies, and the endpoint never sets any.
fn cors_layer(origins: &[String]) -> CorsLayer {
    let origins = origins
        .iter()
        .filter_map(|origin| match HeaderValue::from_str(origin) {
            Ok(value) => Some(value),
            Err(_) => {
                tracing::warn!(origin, "ignoring a CORS origin that is not a header value");
                None
            }
        })
        .collect::<Vec<_>>();
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        .allow_methods([Method::GET, Method::POST, Method::OPTIONS])
        .allow_headers([
            header::CONTENT_TYPE,
            HeaderName::from_static(api::IDEMPOTENCY_KEY),
            HeaderName::from_static(api::CHALLENGE),
            header::AUTHORIZATION,
        ])
        .expose_headers([
            header::ETAG,
            header::RETRY_AFTER,
            HeaderName::from_static(api::IDEMPOTENT_REPLAYED),
        ])
        .max_age(std::time::Duration::from_secs(600))
}

/// What can stop [`serve`] before it serves.
#[derive(Debug, thiserror::Error)]
enum ServeError {
    /// The database could not be opened or migrated.
    #[error("could not open the database {}", db::Redacted(url))]
    Database {
        url: String,
        #[source]
        source: sqlx::Error,
    },
    /// The demo data could not be written.
    #[error("could not seed the demo data")]
    Seed(#[source] sqlx::Error),
    /// The listen address is taken or not allowed.
    #[error("could not listen on {addr}")]
    Bind {
        addr: SocketAddr,
        #[source]
        source: std::io::Error,
    },
    /// The server failed while running.
    #[error("the server stopped with an error")]
    Serve(#[source] std::io::Error),
}

/// Opens the database, seeds the demo data when asked (with a member of staff of the demo
/// department whose credentials are logged, unless the config names staff), and serves until Ctrl-C or SIGTERM,
/// letting requests in flight finish.
///
/// # Errors
/// Returns an error when the database cannot be opened or migrated, the demo data cannot be
/// written, the listen address cannot be bound, or the server fails while running.
pub async fn serve(
    mut config: Config,
    seed_demo: bool,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let mut demo_staff_token = None;
    let pool = db::connect(&config.database_url)
        .await
        .map_err(|source| ServeError::Database {
            url: config.database_url.clone(),
            source,
        })?;
    if seed_demo {
        seed::demo(&pool).await.map_err(ServeError::Seed)?;
        let upstream = demo_upstream::start().await.map_err(ServeError::Serve)?;
        let base = format!("http://{upstream}");
        config
            .sources
            .extend(demo_upstream::sources(&base, seed::DEMO_SERVICE));
        if config.follow.is_empty() {
            config.follow = demo_upstream::follow();
        }
        if config.staff.is_empty() {
            // A member of staff of the demo department with a token made for this run only.
            let (token, token_sha256) = staff::new_staff_token();
            config.staff.push(StaffConfig {
                name: "Demo".to_owned(),
                department: seed::DEMO_DEPARTMENT.to_owned(),
                user: Some("demo".to_owned()),
                token_sha256,
            });
            demo_staff_token = Some(token);
        }
        tracing::info!("demo data is in place; stand-in platforms on {base}");
    }
    let addr = config.listen;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| ServeError::Bind { addr, source })?;
    let local = listener.local_addr().map_err(ServeError::Serve)?;
    tracing::info!(
        "listening on http://{local} (public URL {})",
        config.public_url
    );
    let mut demo_receiver = None;
    if seed_demo
        && !config
            .departments
            .iter()
            .any(|d| d.name == seed::DEMO_DEPARTMENT)
    {
        let secret = demo_forwards::new_secret();
        let host = if local.ip().is_unspecified() {
            SocketAddr::from(([127, 0, 0, 1], local.port()))
        } else {
            local
        };
        config.departments.push(DepartmentConfig {
            name: seed::DEMO_DEPARTMENT.to_owned(),
            webhook_url: Some(format!("http://{host}{}", demo_forwards::WEBHOOK_PATH)),
            webhook_secret: Some(secret.clone()),
            email: None,
        });
        tracing::info!(
            "forwarded demo feedback arrives at http://{host}{}",
            demo_forwards::PAGE_PATH
        );
        demo_receiver = Some(demo_forwards::router(&secret));
    }
    if let Some(token) = demo_staff_token {
        let (scheme, host) = config
            .public_url
            .split_once("://")
            .unwrap_or(("http", &config.public_url));
        tracing::info!(
            "staff view of the demo department (user demo, this run's token): \
             {scheme}://demo:{token}@{host}/staff"
        );
    }
    let state = AppState::new(config, pool.clone());
    if !state.config().sources.is_empty() {
        // The first refresh before the first request, so that a fresh start shows posts.
        let report = sources::refresh_once(&state).await;
        tracing::info!(?report, "sources refreshed");
        sources::spawn_refresher(state.clone());
    }
    let (stop_forwarder, stop) = tokio::sync::watch::channel(false);
    let forwarder = forward::spawn_forwarder(state.clone(), stop);
    let router = match demo_receiver {
        Some(receiver) => receiver.merge(app(state)),
        None => app(state),
    };
    let served = axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await;
    // Forwards in flight finish (within the forward timeout); the rest wait in the outbox.
    let _ = stop_forwarder.send(true);
    if let Err(error) = forwarder.await {
        tracing::error!(%error, "the forwarder failed");
    }
    served.map_err(ServeError::Serve)?;
    pool.close().await;
    tracing::info!("stopped");
    Ok(())
}

/// Resolves on Ctrl-C, or on SIGTERM where there are signals (what container runtimes send).
async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down, finishing requests in flight");
}
