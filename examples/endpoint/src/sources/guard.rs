//! The guard for URLs the endpoint fetches because a post named them (images, avatars): such a
//! URL comes from whoever wrote the post, so it must not make the endpoint reach into the
//! authority's own network (server-side request forgery).
//!
//! The host is resolved here, every address is checked, and the request then connects to
//! exactly the checked addresses, so a name cannot resolve to a public address for the check
//! and to a private one for the connection (DNS rebinding). Addresses that are not globally
//! reachable — loopback, private, shared, link-local, unique-local, multicast, unspecified,
//! documentation, benchmarking and reserved ranges, and IPv6 forms that embed such an IPv4
//! address — are refused, unless the configured source itself lives on such an address (a
//! source inside the authority's network, or the stand-ins of the demo and the tests).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

/// Which addresses a URL named in a post may lead to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reach {
    /// Only globally reachable addresses: the source itself is public.
    PublicOnly,
    /// Any address: the configured source itself is on a non-public address.
    AnyAddress,
}

impl Reach {
    /// The reach of URLs in the posts of the source at `source_url`: [`Reach::AnyAddress`] only
    /// when the source's own host resolves to a non-public address.
    pub(crate) async fn of_source(source_url: &str) -> Reach {
        let Ok(url) = url::Url::parse(source_url) else {
            return Reach::PublicOnly;
        };
        match addresses(&url).await {
            Ok(found) if found.iter().any(|addr| !is_public(addr.ip())) => Reach::AnyAddress,
            _ => Reach::PublicOnly,
        }
    }
}

/// Why a URL is not fetched.
#[derive(Debug, thiserror::Error)]
pub(crate) enum Refused {
    /// Not an absolute http(s) URL with a host.
    #[error("not an http(s) URL with a host")]
    NotWeb,
    /// The host has no address.
    #[error("cannot resolve {host}: {reason}")]
    Unresolved { host: String, reason: String },
    /// The host resolves to an address that is not globally reachable.
    #[error("{host} resolves to the non-public address {ip}")]
    NonPublic { host: String, ip: IpAddr },
}

/// The addresses to connect to for `url`, every one of them allowed by `reach`.
pub(crate) async fn checked(url: &url::Url, reach: Reach) -> Result<Vec<SocketAddr>, Refused> {
    let found = addresses(url).await?;
    if reach == Reach::PublicOnly
        && let Some(bad) = found.iter().find(|addr| !is_public(addr.ip()))
    {
        return Err(Refused::NonPublic {
            host: url.host_str().unwrap_or_default().to_owned(),
            ip: bad.ip(),
        });
    }
    Ok(found)
}

/// Every address `url`'s host stands for: itself when it is an IP address, else what DNS says.
async fn addresses(url: &url::Url) -> Result<Vec<SocketAddr>, Refused> {
    if !matches!(url.scheme(), "http" | "https") {
        return Err(Refused::NotWeb);
    }
    let port = url.port_or_known_default().ok_or(Refused::NotWeb)?;
    match url.host().ok_or(Refused::NotWeb)? {
        url::Host::Ipv4(ip) => Ok(vec![SocketAddr::new(IpAddr::V4(ip), port)]),
        url::Host::Ipv6(ip) => Ok(vec![SocketAddr::new(IpAddr::V6(ip), port)]),
        url::Host::Domain(host) => {
            let unresolved = |reason: String| Refused::Unresolved {
                host: host.to_owned(),
                reason,
            };
            let found: Vec<SocketAddr> = tokio::net::lookup_host((host, port))
                .await
                .map_err(|e| unresolved(e.to_string()))?
                .collect();
            if found.is_empty() {
                return Err(unresolved("no address".into()));
            }
            Ok(found)
        }
    }
}

/// Whether `ip` is a globally reachable unicast address.
pub(crate) fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(ip) => is_public_v4(ip),
        IpAddr::V6(ip) => is_public_v6(ip),
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(a == 0 // "this network", incl. the unspecified 0.0.0.0
        || a == 10 // private
        || a == 127 // loopback
        || (a == 100 && (64..128).contains(&b)) // shared address space (carrier-grade NAT)
        || (a == 169 && b == 254) // link-local, incl. cloud metadata services
        || (a == 172 && (16..32).contains(&b)) // private
        || (a == 192 && b == 0 && c == 0) // IETF protocol assignments
        || (a == 192 && b == 0 && c == 2) // documentation
        || (a == 192 && b == 88 && c == 99) // 6to4 relay anycast
        || (a == 192 && b == 168) // private
        || (a == 198 && (18..20).contains(&b)) // benchmarking
        || (a == 198 && b == 51 && c == 100) // documentation
        || (a == 203 && b == 0 && c == 113) // documentation
        || a >= 224) // multicast, reserved and broadcast
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    // IPv4 written as IPv6 (mapped `::ffff:a.b.c.d`, NAT64 `64:ff9b::a.b.c.d`, 6to4
    // `2002:aabb:ccdd::`) is only as public as the IPv4 address inside.
    if let Some(v4) = ip.to_ipv4_mapped() {
        return is_public_v4(v4);
    }
    let s = ip.segments();
    let embedded = |high: u16, low: u16| {
        let [a, b] = high.to_be_bytes();
        let [c, d] = low.to_be_bytes();
        Ipv4Addr::new(a, b, c, d)
    };
    if s[0] == 0x64 && s[1] == 0xff9b && s[2..6] == [0, 0, 0, 0] {
        return is_public_v4(embedded(s[6], s[7]));
    }
    if s[0] == 0x2002 {
        return is_public_v4(embedded(s[1], s[2]));
    }
    // Global unicast is 2000::/3; within it, documentation, Teredo, ORCHID and benchmarking
    // prefixes are not reachable hosts.
    (s[0] & 0xe000) == 0x2000
        && !(s[0] == 0x2001 && s[1] == 0x0db8) // documentation
        && !(s[0] == 0x2001 && s[1] == 0) // Teredo
        && !(s[0] == 0x2001 && s[1] == 0x0002 && s[2] == 0) // benchmarking
        && !(s[0] == 0x2001 && (0x0010..0x0030).contains(&s[1])) // ORCHID
        && !(s[0] == 0x3fff && s[1] < 0x1000) // documentation (RFC 9637)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn address_classes() {
        let refused = [
            "127.0.0.1",
            "127.1.2.3",
            "10.0.0.5",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "0.1.2.3",
            "224.0.0.1",
            "239.255.255.250",
            "255.255.255.255",
            "240.0.0.1",
            "192.0.2.10",
            "198.51.100.7",
            "203.0.113.9",
            "198.18.0.1",
            "192.0.0.8",
            "::",
            "::1",
            "fc00::1",
            "fd12:3456:789a::1",
            "fe80::1",
            "fec0::1",
            "ff02::1",
            "::ffff:127.0.0.1",
            "::ffff:10.1.2.3",
            "::ffff:169.254.169.254",
            "64:ff9b::a9fe:a9fe",
            "2002:7f00:1::",
            "2001:db8::1",
            "2001::1",
            "100::1",
            "::127.0.0.1",
        ];
        for ip in refused {
            let ip: IpAddr = ip.parse().expect(ip);
            assert!(!is_public(ip), "{ip} must count as not public");
        }
        let allowed = [
            "193.96.224.1",
            "8.8.8.8",
            "172.32.0.1",
            "100.128.0.1",
            "192.169.0.1",
            "2a01:4f8::1",
            "2600::1",
            "::ffff:193.96.224.1",
            "64:ff9b::808:808",
            "2002:0808:0808::1",
        ];
        for ip in allowed {
            let ip: IpAddr = ip.parse().expect(ip);
            assert!(is_public(ip), "{ip} must count as public");
        }
    }

    #[tokio::test]
    async fn urls_are_checked_by_their_addresses() {
        let check = |url: &str, reach| {
            let url = url::Url::parse(url).expect("URL");
            async move { checked(&url, reach).await }
        };
        for url in [
            "http://127.0.0.1:8080/a.png",
            "http://10.1.2.3/a.png",
            "http://[::1]/a.png",
            "http://169.254.169.254/latest/meta-data/",
            "http://0x7f.1/a.png",
            "http://2130706433/a.png",
            "http://localhost/a.png",
        ] {
            assert!(
                check(url, Reach::PublicOnly).await.is_err(),
                "{url} must be refused for a public source"
            );
            assert!(
                check(url, Reach::AnyAddress).await.is_ok(),
                "{url} is allowed for a source on a non-public address"
            );
        }
        let public = check("https://193.96.224.1/a.png", Reach::PublicOnly)
            .await
            .expect("a public address is allowed");
        assert_eq!(public, ["193.96.224.1:443".parse().expect("address")]);
        assert!(matches!(
            check("ftp://193.96.224.1/a.png", Reach::AnyAddress).await,
            Err(Refused::NotWeb)
        ));
    }

    #[tokio::test]
    async fn a_source_on_a_private_address_may_name_private_media() {
        assert_eq!(
            Reach::of_source("http://127.0.0.1:4000").await,
            Reach::AnyAddress
        );
        assert_eq!(
            Reach::of_source("http://[fd00::5]/feed.xml").await,
            Reach::AnyAddress
        );
        assert_eq!(
            Reach::of_source("https://193.96.224.1").await,
            Reach::PublicOnly
        );
        assert_eq!(Reach::of_source("kein URL").await, Reach::PublicOnly);
    }
}
