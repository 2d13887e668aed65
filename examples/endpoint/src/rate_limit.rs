//! Per-client rate limit of `POST /v1/feedback`, in memory (GCRA from `governor`).
//!
//! Behind a reverse proxy every request comes from the proxy's address; put the limit into the
//! proxy then, or raise this one. Forwarded-for headers are not trusted, because any client
//! can set them.

use std::convert::Infallible;
use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::num::NonZeroU32;
use std::time::Duration;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use governor::clock::Clock;
use governor::{DefaultKeyedRateLimiter, Quota};

/// Above this many tracked clients, forget those whose limit has fully recovered.
const MAX_TRACKED_CLIENTS: usize = 10_000;

/// A limit of requests per minute per client, with bursts up to the whole minute's allowance.
pub(crate) struct RateLimiter {
    limiter: DefaultKeyedRateLimiter<IpAddr>,
}

impl RateLimiter {
    /// `per_minute` requests per minute per client; 0 counts as 1.
    pub(crate) fn per_minute(per_minute: u32) -> Self {
        let quota = Quota::per_minute(NonZeroU32::new(per_minute).unwrap_or(NonZeroU32::MIN));
        Self {
            limiter: DefaultKeyedRateLimiter::keyed(quota),
        }
    }

    /// Counts one request of `client`.
    ///
    /// # Errors
    /// Returns the whole seconds to wait (at least 1) when `client` is over its limit.
    pub(crate) fn check(&self, client: IpAddr) -> Result<(), u64> {
        if self.limiter.len() > MAX_TRACKED_CLIENTS {
            self.limiter.retain_recent();
        }
        self.limiter
            .check_key(&client_key(client))
            .map_err(|not_until| {
                let wait = not_until.wait_time_from(self.limiter.clock().now());
                whole_seconds(wait).max(1)
            })
    }
}

/// One key per IPv4 address and per IPv6 /64 network, since one IPv6 client typically holds
/// a whole /64 and could otherwise rotate addresses.
fn client_key(ip: IpAddr) -> IpAddr {
    match ip.to_canonical() {
        IpAddr::V6(v6) => {
            let network = u128::from(v6) & !u128::from(u64::MAX);
            IpAddr::V6(Ipv6Addr::from(network))
        }
        v4 => v4,
    }
}

fn whole_seconds(duration: Duration) -> u64 {
    duration.as_secs() + u64::from(duration.subsec_nanos() > 0)
}

/// The client's IP address from the connection, or the unspecified address when the router
/// runs without connection info (as in `oneshot` tests), so all such requests share one limit.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ClientIp(pub(crate) IpAddr);

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let ip = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::V6(Ipv6Addr::UNSPECIFIED), |info| info.0.ip());
        Ok(Self(ip))
    }
}

impl std::fmt::Debug for RateLimiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RateLimiter")
            .field("clients", &self.limiter.len())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_each_client_separately() {
        let limiter = RateLimiter::per_minute(2);
        let a = IpAddr::from([192, 0, 2, 1]);
        let b = IpAddr::from([192, 0, 2, 2]);
        assert_eq!(limiter.check(a), Ok(()));
        assert_eq!(limiter.check(a), Ok(()));
        let wait = limiter
            .check(a)
            .expect_err("third request within the minute");
        assert!((1..=30).contains(&wait), "wait {wait}");
        assert_eq!(limiter.check(b), Ok(()));
    }

    #[test]
    fn groups_ipv6_by_network() {
        let cases = [
            ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::"),
            ("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::"),
            ("::ffff:192.0.2.7", "192.0.2.7"),
            ("192.0.2.7", "192.0.2.7"),
        ];
        for (input, expected) in cases {
            let ip: IpAddr = input.parse().expect("test address");
            assert_eq!(client_key(ip).to_string(), expected, "input {input}");
        }
    }

    #[test]
    fn rounds_waits_up() {
        assert_eq!(whole_seconds(Duration::from_millis(1)), 1);
        assert_eq!(whole_seconds(Duration::from_secs(2)), 2);
        assert_eq!(whole_seconds(Duration::from_millis(2001)), 3);
    }
}
