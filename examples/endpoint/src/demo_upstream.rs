//! A stand-in for social.bund.de (Mastodon), Bluesky's AppView and a city's news feeds, on a
//! loopback port, serving recorded-style answers from `tests/fixtures/`. `--seed demo` starts it
//! and points sources at it, so the demo shows posts that went through the real pipeline
//! without any request leaving the machine; the tests use it as their upstream.
//!
//! Every answer carries an `ETag` and `Last-Modified` and is `304 Not Modified` to a matching
//! `If-None-Match`, as the real platforms do. Media URLs in the fixtures are written
//! `{{base}}/media/…` and point back at this server.

use std::net::SocketAddr;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use ozg_sdk::{Audience, SocialPlatform};

use crate::config::{FollowConfig, SourceConfig, SourceKind};
use crate::secrets;

macro_rules! fixture {
    ($path:literal) => {
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/",
            $path
        ))
    };
}

macro_rules! media {
    ($name:literal) => {
        (
            $name,
            include_bytes!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/fixtures/media/",
                $name
            ))
            .as_slice(),
        )
    };
}

/// The Mastodon account lookup.
pub const MASTODON_ACCOUNT: &str = fixture!("mastodon/account.json");
/// The account's newest statuses.
pub const MASTODON_STATUSES: &str = fixture!("mastodon/statuses.json");
/// The account's pinned statuses.
pub const MASTODON_PINNED: &str = fixture!("mastodon/pinned.json");
/// `getAuthorFeed` of the Bluesky actor.
pub const BLUESKY_FEED: &str = fixture!("bluesky/author-feed.json");
/// An RSS 2.0 feed with HTML in CDATA.
pub const RSS: &str = fixture!("feeds/presse.rss");
/// An Atom 1.0 feed.
pub const ATOM: &str = fixture!("feeds/news.atom");
/// A JSON Feed 1.1.
pub const JSON_FEED: &str = fixture!("feeds/feed.json");
/// A feed cut off in the middle.
pub const BROKEN_FEED: &str = fixture!("feeds/broken.xml");

/// The images, among them an SVG that claims to be a PNG.
const MEDIA: &[(&str, &[u8])] = &[
    media!("termine.png"),
    media!("sms-betrug.png"),
    media!("avatar-jobcenter.png"),
    media!("avatar-bmas.png"),
    media!("winterhilfe.png"),
    media!("flyer.png"),
    media!("bund-check.png"),
    media!("logo.svg"),
];

/// Fixed, so that `If-Modified-Since` works too.
const LAST_MODIFIED: &str = "Wed, 25 Nov 2026 15:00:00 GMT";

/// The router of the stand-in platforms, answering under `base` (its own URL, e.g.
/// `http://127.0.0.1:41234`).
pub fn router(base: &str) -> Router {
    Router::new()
        .route("/api/v1/accounts/lookup", get(mastodon_lookup))
        .route("/api/v1/accounts/{id}/statuses", get(mastodon_statuses))
        .route("/xrpc/app.bsky.feed.getAuthorFeed", get(bluesky_feed))
        .route("/feeds/presse.rss", get(rss))
        .route("/feeds/news.atom", get(atom))
        .route("/feeds/feed.json", get(json_feed))
        .route("/feeds/broken.xml", get(broken))
        .route("/media/{name}", get(media))
        .with_state(base.trim_end_matches('/').to_owned())
}

/// Starts the stand-in on a free loopback port; it runs until the process ends.
///
/// # Errors
/// Returns the error of binding the port.
pub async fn start() -> std::io::Result<SocketAddr> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let router = router(&format!("http://{addr}"));
    tokio::spawn(async move {
        if let Err(error) = axum::serve(listener, router).await {
            tracing::error!(%error, "the demo upstream stopped");
        }
    });
    Ok(addr)
}

/// Sources for the demo against the stand-in at `base`: the Jobcenter's Mastodon and Bluesky
/// accounts for the demo service, the city's press releases (RSS) for everyone.
pub fn sources(base: &str, service: &str) -> Vec<SourceConfig> {
    let source = |name: &str, kind| SourceConfig {
        name: name.to_owned(),
        kind,
        service: Some(service.to_owned()),
        instance: None,
        account: None,
        actor: None,
        appview: None,
        url: None,
        exclude_replies: true,
        exclude_reblogs: false,
        pinned_first: false,
        max_posts: 20,
        interval_seconds: 600,
    };
    vec![
        SourceConfig {
            instance: Some(base.to_owned()),
            account: Some("jobcenter_musterstadt".to_owned()),
            pinned_first: true,
            ..source("jobcenter-mastodon", SourceKind::Mastodon)
        },
        SourceConfig {
            actor: Some("jobcenter-musterstadt.bsky.social".to_owned()),
            appview: Some(base.to_owned()),
            exclude_reblogs: true,
            ..source("jobcenter-bluesky", SourceKind::Bluesky)
        },
        SourceConfig {
            url: Some(format!("{base}/feeds/presse.rss")),
            service: None,
            ..source("musterstadt-presse", SourceKind::Feed)
        },
    ]
}

/// "Follow us" links for the demo.
pub fn follow() -> Vec<FollowConfig> {
    let link = |platform, url: &str, audiences: &[Audience]| FollowConfig {
        platform,
        url: url.to_owned(),
        audiences: audiences.to_vec(),
    };
    vec![
        link(
            SocialPlatform::Mastodon,
            "https://social.bund.de/@jobcenter_musterstadt",
            &[Audience::Citizens, Audience::Professionals],
        ),
        link(
            SocialPlatform::Bluesky,
            "https://bsky.app/profile/jobcenter-musterstadt.bsky.social",
            &[Audience::Citizens],
        ),
        link(
            SocialPlatform::Instagram,
            "https://www.instagram.com/jobcenter.musterstadt/",
            &[Audience::Citizens],
        ),
        link(
            SocialPlatform::LinkedIn,
            "https://www.linkedin.com/company/jobcenter-musterstadt/",
            &[Audience::Professionals],
        ),
        link(
            SocialPlatform::Xing,
            "https://www.xing.com/pages/jobcenter-musterstadt",
            &[Audience::Professionals],
        ),
    ]
}

/// `body` with `{{base}}` replaced, as `content_type`, or `304` when the client has it.
fn answer(base: &str, headers: &HeaderMap, content_type: &'static str, body: &str) -> Response {
    let body = body.replace("{{base}}", base);
    let etag = format!("\"{}\"", &secrets::sha256_hex(body.as_bytes())[..16]);
    let fresh = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|tag| tag.trim() == etag));
    let etag = HeaderValue::from_str(&etag).expect("hex is a header value");
    let validators = [
        (header::ETAG, etag),
        (
            header::LAST_MODIFIED,
            HeaderValue::from_static(LAST_MODIFIED),
        ),
    ];
    if fresh {
        return (StatusCode::NOT_MODIFIED, validators).into_response();
    }
    (validators, [(header::CONTENT_TYPE, content_type)], body).into_response()
}

const JSON: &str = "application/json; charset=utf-8";

async fn mastodon_lookup(State(base): State<String>, headers: HeaderMap) -> Response {
    answer(&base, &headers, JSON, MASTODON_ACCOUNT)
}

async fn mastodon_statuses(
    State(base): State<String>,
    Path(_id): Path<String>,
    Query(query): Query<Vec<(String, String)>>,
    headers: HeaderMap,
) -> Response {
    let has = |name: &str| query.iter().any(|(key, _)| key == name);
    if query
        .iter()
        .any(|(key, value)| key == "pinned" && value == "true")
    {
        answer(&base, &headers, JSON, MASTODON_PINNED)
    } else if has("max_id") {
        answer(&base, &headers, JSON, "[]")
    } else {
        answer(&base, &headers, JSON, MASTODON_STATUSES)
    }
}

async fn bluesky_feed(
    State(base): State<String>,
    Query(query): Query<Vec<(String, String)>>,
    headers: HeaderMap,
) -> Response {
    if query.iter().any(|(key, _)| key == "cursor") {
        answer(&base, &headers, JSON, r#"{"feed":[]}"#)
    } else {
        answer(&base, &headers, JSON, BLUESKY_FEED)
    }
}

async fn rss(State(base): State<String>, headers: HeaderMap) -> Response {
    answer(&base, &headers, "application/rss+xml; charset=utf-8", RSS)
}

async fn atom(State(base): State<String>, headers: HeaderMap) -> Response {
    answer(&base, &headers, "application/atom+xml; charset=utf-8", ATOM)
}

async fn json_feed(State(base): State<String>, headers: HeaderMap) -> Response {
    answer(&base, &headers, "application/feed+json", JSON_FEED)
}

async fn broken(State(base): State<String>, headers: HeaderMap) -> Response {
    answer(&base, &headers, "application/rss+xml", BROKEN_FEED)
}

/// The images; `logo.svg` pretends to be a PNG, as a hostile or broken server might.
async fn media(Path(name): Path<String>) -> Response {
    let Some((_, bytes)) = MEDIA.iter().find(|(known, _)| *known == name) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    (
        [
            (header::CONTENT_TYPE, "image/png"),
            (header::CACHE_CONTROL, "public, max-age=31536000"),
        ],
        *bytes,
    )
        .into_response()
}
