//! The shared state of all handlers.

use std::fmt;
use std::sync::Arc;

use sqlx::AnyPool;

use crate::config::Config;
use crate::db::Backend;
use crate::metrics::Metrics;
use crate::rate_limit::RateLimiter;
use crate::secrets;

/// What every request handler needs: the configuration, the database, the rate limiter and
/// the challenge key. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    config: Config,
    pool: AnyPool,
    backend: Backend,
    limiter: RateLimiter,
    challenge_key: Vec<u8>,
    http: reqwest::Client,
    forward_wakeup: tokio::sync::Notify,
    metrics: Metrics,
}

impl AppState {
    /// State for `config` on an open, migrated `pool` (see [`crate::db::connect`]).
    ///
    /// Without a configured challenge secret, a random one is made here. A rate limit of 0
    /// (which [`Config::load`] rejects) counts as 1.
    pub fn new(config: Config, pool: AnyPool) -> AppState {
        let challenge_key = match &config.challenge_secret {
            Some(secret) => secret.as_bytes().to_vec(),
            None => secrets::random_bytes::<32>().to_vec(),
        };
        let limiter = RateLimiter::per_minute(config.rate_limit_per_minute);
        let http = crate::sources::http_client(&config.fetch);
        AppState {
            inner: Arc::new(Inner {
                config,
                backend: Backend::of(&pool),
                pool,
                limiter,
                challenge_key,
                http,
                forward_wakeup: tokio::sync::Notify::new(),
                metrics: Metrics::new(),
            }),
        }
    }

    /// The configuration the state was made with.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    pub(crate) fn pool(&self) -> &AnyPool {
        &self.inner.pool
    }

    /// Which database the pool talks to, for the few queries that differ.
    pub(crate) fn backend(&self) -> Backend {
        self.inner.backend
    }

    pub(crate) fn limiter(&self) -> &RateLimiter {
        &self.inner.limiter
    }

    pub(crate) fn challenge_key(&self) -> &[u8] {
        &self.inner.challenge_key
    }

    /// The client for upstream sources, with the configured timeout.
    pub(crate) fn http(&self) -> &reqwest::Client {
        &self.inner.http
    }

    /// The counters and gauges served at `/metrics`.
    pub(crate) fn metrics(&self) -> &Metrics {
        &self.inner.metrics
    }

    /// Wakes the forwarder when feedback with forwards was committed.
    pub(crate) fn forward_wakeup(&self) -> &tokio::sync::Notify {
        &self.inner.forward_wakeup
    }
}

impl fmt::Debug for AppState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AppState")
            .field("config", &self.inner.config)
            .finish_non_exhaustive()
    }
}
