//! Sources against stand-in platforms on loopback: normalising Mastodon, Bluesky and feeds,
//! conditional requests, keeping the last good posts, backoff, timeouts and size limits.
//! The refresh is driven with `refresh_at` and chosen times; nothing waits for a schedule.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use ozg_endpoint::sources::{RefreshReport, refresh_at};
use ozg_endpoint::{AppState, Config, SourceConfig, SourceKind, demo_upstream};
use ozg_sdk::{Platform, Update, UpdatesPage};
use time::OffsetDateTime;
use time::macros::datetime;

use crate::support::{TestApp, test_app_with};

const T0: OffsetDateTime = datetime!(2026-11-26 10:00 UTC);

/// What the `/switch.rss` route answers.
#[derive(Clone, Copy)]
#[repr(u8)]
enum Mode {
    Good = 0,
    Broken = 1,
    ServerError = 2,
    TooManyRequests = 3,
    Slow = 4,
}

/// The stand-in platforms plus routes that misbehave on demand, with a log of every request.
struct Upstream {
    base: String,
    mode: Arc<AtomicU8>,
    requests: Arc<Mutex<Vec<(String, HeaderMap)>>>,
}

#[derive(Clone)]
struct Extra {
    base: String,
    mode: Arc<AtomicU8>,
    hits: Arc<AtomicUsize>,
}

impl Upstream {
    async fn start() -> Upstream {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("loopback port");
        let addr: SocketAddr = listener.local_addr().expect("address");
        let base = format!("http://{addr}");
        let mode = Arc::new(AtomicU8::new(Mode::Good as u8));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let extra = Extra {
            base: base.clone(),
            mode: mode.clone(),
            hits: Arc::new(AtomicUsize::new(0)),
        };
        let log = requests.clone();
        let router = demo_upstream::router(&base)
            .merge(
                Router::new()
                    .route("/switch.rss", get(switch))
                    .route("/huge.rss", get(huge))
                    .with_state(extra),
            )
            .layer(axum::middleware::from_fn(
                move |request: Request, next: Next| {
                    let log = log.clone();
                    async move {
                        log.lock()
                            .expect("log")
                            .push((request.uri().to_string(), request.headers().clone()));
                        next.run(request).await
                    }
                },
            ));
        tokio::spawn(async move {
            axum::serve(listener, router)
                .await
                .expect("upstream serves")
        });
        Upstream {
            base,
            mode,
            requests,
        }
    }

    fn set(&self, mode: Mode) {
        self.mode.store(mode as u8, Ordering::SeqCst);
    }

    /// The requests so far whose URI contains `part`.
    fn requests_to(&self, part: &str) -> Vec<(String, HeaderMap)> {
        self.requests
            .lock()
            .expect("log")
            .iter()
            .filter(|(uri, _)| uri.contains(part))
            .cloned()
            .collect()
    }
}

async fn switch(State(extra): State<Extra>, headers: HeaderMap) -> Response {
    extra.hits.fetch_add(1, Ordering::SeqCst);
    match extra.mode.load(Ordering::SeqCst) {
        0 => {
            let body = demo_upstream::RSS.replace("{{base}}", &extra.base);
            let etag = "\"presse-v1\"";
            if headers
                .get(header::IF_NONE_MATCH)
                .and_then(|v| v.to_str().ok())
                == Some(etag)
            {
                return (StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response();
            }
            ([(header::ETAG, etag)], body).into_response()
        }
        1 => demo_upstream::BROKEN_FEED.into_response(),
        2 => StatusCode::BAD_GATEWAY.into_response(),
        3 => (
            StatusCode::TOO_MANY_REQUESTS,
            [(header::RETRY_AFTER, "7200")],
        )
            .into_response(),
        _ => {
            tokio::time::sleep(Duration::from_secs(3)).await;
            demo_upstream::RSS.into_response()
        }
    }
}

async fn huge() -> String {
    let item = "<item><title>x</title><link>https://a.example/</link><pubDate>Wed, 25 Nov 2026 16:00:00 +0100</pubDate></item>";
    format!(
        "<rss version=\"2.0\"><channel><title>gross</title>{}</channel></rss>",
        item.repeat(100)
    )
}

/// A source with the defaults and none of the kind-specific fields.
pub(crate) fn source(name: &str, kind: SourceKind) -> SourceConfig {
    SourceConfig {
        name: name.to_owned(),
        kind,
        service: None,
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
    }
}

fn mastodon(upstream: &Upstream) -> SourceConfig {
    SourceConfig {
        instance: Some(upstream.base.clone()),
        account: Some("jobcenter_musterstadt".into()),
        ..source("jobcenter-mastodon", SourceKind::Mastodon)
    }
}

fn bluesky(upstream: &Upstream) -> SourceConfig {
    SourceConfig {
        actor: Some("jobcenter-musterstadt.bsky.social".into()),
        appview: Some(upstream.base.clone()),
        ..source("jobcenter-bluesky", SourceKind::Bluesky)
    }
}

fn feed(upstream: &Upstream, name: &str, path: &str) -> SourceConfig {
    SourceConfig {
        url: Some(format!("{}{path}", upstream.base)),
        ..source(name, SourceKind::Feed)
    }
}

async fn app_with(sources: Vec<SourceConfig>) -> (TestApp, AppState) {
    let config = Config {
        sources,
        ..Config::default()
    };
    app_with_config(config).await
}

/// An app whose state the test keeps, to call `refresh_at` on it.
async fn app_with_config(config: Config) -> (TestApp, AppState) {
    let app = test_app_with(config.clone()).await;
    let state = AppState::new(config, app.pool.clone());
    (app, state)
}

/// The posts whose id starts with `prefix` and that came from a source (not the seeded ones),
/// as `GET /v1/updates` serves them: newest first, pinned first.
async fn posts(app: &TestApp, prefix: &str) -> Vec<Update> {
    let fetched: Vec<String> =
        sqlx::query_scalar("SELECT id FROM updates WHERE source IS NOT NULL")
            .fetch_all(&app.pool)
            .await
            .expect("ids");
    let page: UpdatesPage = app.get("/v1/updates?limit=50").await.json();
    page.updates
        .into_iter()
        .filter(|u| u.id.starts_with(prefix) && fetched.contains(&u.id))
        .collect()
}

fn names(list: &[String]) -> Vec<&str> {
    list.iter().map(String::as_str).collect()
}

#[tokio::test]
async fn mastodon_statuses_are_normalised() {
    let upstream = Upstream::start().await;
    let config = SourceConfig {
        pinned_first: true,
        service: Some("99107108017000".into()),
        ..mastodon(&upstream)
    };
    let (app, state) = app_with(vec![config]).await;
    let report = refresh_at(&state, T0).await;
    assert_eq!(names(&report.updated), ["jobcenter-mastodon"], "{report:?}");

    let posts = posts(&app, "mastodon:").await;
    let ids: Vec<&str> = posts.iter().map(|u| u.id.as_str()).collect();
    // Pinned first; the reply is left out; the boost stays under the id of the boost.
    assert_eq!(
        ids,
        [
            "mastodon:social.bund.de:115500000000000007",
            "mastodon:social.bund.de:115610233400112001",
            "mastodon:social.bund.de:115609871200334002",
            "mastodon:social.bund.de:115608990011223003",
            "mastodon:social.bund.de:115608100000000004",
            "mastodon:social.bund.de:115606500000000006",
        ]
    );
    let [pinned, long_link, warning, poll, boost, flyer] = &posts[..] else {
        unreachable!()
    };
    assert_eq!(pinned.platform, Platform::Mastodon);
    assert_eq!(
        long_link.author.name,
        "Jobcenter Musterstadt :verified_bund:"
    );
    assert_eq!(
        long_link.author.handle.as_deref(),
        Some("@jobcenter_musterstadt@social.bund.de")
    );
    assert_eq!(
        long_link.url,
        "https://social.bund.de/@jobcenter_musterstadt/115610233400112001"
    );
    assert_eq!(long_link.published, "2026-11-26T08:45:12Z");
    assert!(long_link.content.contains(
        "<a href=\"https://www.jobcenter-musterstadt.de/buergergeld/weiterbewilligungsantrag-online-stellen\" rel=\"nofollow noopener noreferrer\">jobcenter-musterstadt.de/buerg…</a>"
    ), "{}", long_link.content);
    // Custom emoji stay as their shortcode in the text and come with their still image, fetched
    // and served by the endpoint; the injected script is gone.
    assert!(long_link.content.contains("online :bund_check: –"));
    assert_eq!(long_link.emoji.len(), 1, "{:?}", long_link.emoji);
    assert_eq!(long_link.emoji[0].shortcode, "bund_check");
    let emoji = app
        .get(
            long_link.emoji[0]
                .url
                .strip_prefix("http://127.0.0.1:8080")
                .expect("an endpoint URL"),
        )
        .await;
    assert_eq!(emoji.status, StatusCode::OK);
    assert_eq!(emoji.header("content-type"), Some("image/png"));
    assert!(warning.emoji.is_empty());
    assert!(!long_link.content.contains("script") && !long_link.content.contains("xss"));
    assert!(long_link.content.contains("class=\"mention hashtag\""));
    assert!(long_link.content.contains(
        "<span class=\"h-card\"><a href=\"https://social.bund.de/@bmas\" class=\"u-url mention\""
    ));

    assert_eq!(
        warning.content_warning.as_deref(),
        Some("Betrug, Screenshot einer Phishing-SMS")
    );
    assert!(warning.sensitive);
    assert!(!warning.content.contains("javascript") && !warning.content.contains("onclick"));
    assert_eq!(warning.media.len(), 1);
    let image = &warning.media[0];
    assert!(
        image
            .alt
            .starts_with("Screenshot einer SMS: „Ihr Bürgergeld")
    );
    assert_eq!((image.width, image.height), (Some(48), Some(48)));
    assert!(
        image.url.starts_with("http://127.0.0.1:8080/v1/media/m-"),
        "{}",
        image.url
    );

    assert!(poll.content.ends_with(
        "<ul><li>Online über jobcenter.digital</li><li>Per Post</li><li>Persönlich vor Ort</li></ul>"
    ));
    assert_eq!(boost.author.handle.as_deref(), Some("@bmas@social.bund.de"));
    assert_eq!(boost.url, "https://social.bund.de/@bmas/115607950000000099");
    // The SVG and the video are left out; a missing description stays empty.
    assert_eq!(flyer.media.len(), 1);
    assert_eq!(flyer.media[0].alt, "");

    // Images and avatars come from the endpoint, never from the platform.
    let path = image.url.trim_start_matches("http://127.0.0.1:8080");
    let response = app.get(path).await;
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.header("content-type"), Some("image/png"));
    assert_eq!(
        response.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );
    assert!(response.body.starts_with(b"\x89PNG"));
    let avatar = long_link.author.avatar.as_ref().expect("avatar");
    assert_eq!(avatar.alt, "");
    let path = avatar.url.trim_start_matches("http://127.0.0.1:8080");
    assert_eq!(app.get(path).await.status, StatusCode::OK);
    let svg_rows: i64 =
        sqlx::query_scalar("SELECT count(*) FROM media WHERE source_url LIKE '%.svg'")
            .fetch_one(&app.pool)
            .await
            .expect("count");
    assert_eq!(svg_rows, 0);
    assert_eq!(
        app.get("/v1/media/m-000000000000000000000000").await.status,
        StatusCode::NOT_FOUND
    );

    // Other services do not show them.
    let page: UpdatesPage = app
        .get("/v1/updates?service=11111111111111&limit=50")
        .await
        .json();
    assert!(page.updates.iter().all(|u| !ids.contains(&u.id.as_str())));
    // Pinned posts lead the first page only.
    let page: UpdatesPage = app
        .get("/v1/updates?limit=50&before=2026-11-26T09:00:00Z")
        .await
        .json();
    assert!(
        page.updates
            .iter()
            .all(|u| !u.id.ends_with("115500000000000007"))
    );
}

#[tokio::test]
async fn boosts_can_be_left_out() {
    let upstream = Upstream::start().await;
    let (app, state) = app_with(vec![SourceConfig {
        exclude_reblogs: true,
        ..mastodon(&upstream)
    }])
    .await;
    refresh_at(&state, T0).await;
    let ids: Vec<String> = posts(&app, "mastodon:")
        .await
        .into_iter()
        .map(|u| u.id)
        .collect();
    assert_eq!(ids.len(), 4, "{ids:?}");
    assert!(!ids.iter().any(|id| id.ends_with("115608100000000004")));
    let statuses = upstream.requests_to("/statuses");
    assert!(
        statuses[0]
            .0
            .contains("exclude_replies=true&exclude_reblogs=true"),
        "{statuses:?}"
    );
}

#[tokio::test]
async fn bluesky_facets_count_utf8_bytes() {
    let upstream = Upstream::start().await;
    let (app, state) = app_with(vec![SourceConfig {
        exclude_reblogs: true,
        ..bluesky(&upstream)
    }])
    .await;
    refresh_at(&state, T0).await;
    let posts = posts(&app, "bluesky:did:plc:").await;
    let ids: Vec<&str> = posts.iter().map(|u| u.id.as_str()).collect();
    let did = "bluesky:did:plc:5x3kq2m7wz4yfbhjd6ucr2vn";
    // No reply, no repost; the pinned post is in its place in time.
    assert_eq!(
        ids,
        [
            format!("{did}:3m5hq2xk3ls2a"),
            format!("{did}:3m5gz7vn2ks2b"),
            format!("{did}:3m5evil00001"),
            format!("{did}:3m5abcpin22a"),
        ]
    );
    assert_eq!(
        posts[0].content,
        "<p>Gebühren für Ersatzbescheinigungen? Keine – 0 € 🙂 Für Öffnungszeiten im März siehe \
         <a href=\"https://www.jobcenter.digital/termine\" rel=\"nofollow noopener noreferrer\">jobcenter.digital/termine</a> \
         <a href=\"https://bsky.app/hashtag/B%C3%BCrgergeld\" rel=\"nofollow noopener noreferrer\">#Bürgergeld</a></p>"
    );
    assert_eq!(posts[0].platform, Platform::Bluesky);
    assert_eq!(
        posts[0].url,
        "https://bsky.app/profile/jobcenter-musterstadt.bsky.social/post/3m5hq2xk3ls2a"
    );
    assert_eq!(
        posts[0].author.handle.as_deref(),
        Some("@jobcenter-musterstadt.bsky.social")
    );
    assert!(
        posts[1]
            .content
            .contains("👇</p><p>Mehr dazu: <a href=\"https://www.jobcenter-musterstadt.de/app\"")
    );
    // The SVG image is left out; the PNG keeps its alt text and size.
    assert_eq!(posts[1].media.len(), 1);
    assert!(
        posts[1].media[0]
            .alt
            .starts_with("Screenshot der Terminbuchung")
    );
    assert_eq!(posts[1].media[0].width, Some(64));
    // A javascript: facet loses its target; a facet past the end of the text is ignored.
    assert_eq!(
        posts[2].content,
        "<p><a rel=\"nofollow noopener noreferrer\">Link</a> mit falschem Ziel</p>"
    );
    assert!(posts[2].sensitive);
    let requests = upstream.requests_to("getAuthorFeed");
    assert!(
        requests[0].0.contains("filter=posts_no_replies"),
        "{requests:?}"
    );
}

#[tokio::test]
async fn rss_atom_and_json_feed() {
    let upstream = Upstream::start().await;
    let (app, state) = app_with(vec![
        feed(&upstream, "presse", "/feeds/presse.rss"),
        feed(&upstream, "neuigkeiten", "/feeds/news.atom"),
        feed(&upstream, "digital", "/feeds/feed.json"),
    ])
    .await;
    let report = refresh_at(&state, T0).await;
    assert_eq!(
        names(&report.updated),
        ["digital", "neuigkeiten", "presse"],
        "{report:?}"
    );

    let rss = posts(&app, "rss:presse:").await;
    assert_eq!(rss.len(), 2, "the entry without a date is left out");
    assert_eq!(rss[0].platform, Platform::Rss);
    assert_eq!(rss[0].id, "rss:presse:presse-2026-11-25-winterhilfe");
    assert_eq!(rss[0].published, "2026-11-25T15:00:00Z");
    assert_eq!(rss[0].author.name, "Stadt Musterstadt – Pressemitteilungen");
    assert!(rss[0].content.starts_with(
        "<p><strong>Winterhilfe 2026: Heizkostenzuschuss jetzt beantragen</strong></p><p>Haushalte"
    ));
    for bad in [
        "script",
        "iframe",
        "style",
        "onclick",
        "tracker.example",
        "<table",
        "<img",
    ] {
        assert!(!rss[0].content.contains(bad), "{bad} in {}", rss[0].content);
    }
    assert_eq!(rss[0].media.len(), 1, "one image, named twice in the feed");
    assert_eq!(
        rss[0].media[0].alt,
        "Ein Heizkörper mit Thermostat, daneben ein ausgefüllter Antrag"
    );

    let atom = posts(&app, "atom:neuigkeiten:").await;
    assert_eq!(atom.len(), 2);
    assert_eq!(atom[0].platform, Platform::Atom);
    assert!(
        atom[0]
            .content
            .starts_with("<p><strong>Neue Sprechzeiten ab Dezember</strong></p>"),
        "{}",
        atom[0].content
    );
    assert!(atom[0].content.contains("<ul><li>Mo–Mi 8–12 Uhr</li>"));
    assert!(!atom[0].content.to_ascii_lowercase().contains("javascript"));
    assert_eq!(atom[1].published, "2026-11-10T08:00:00Z");
    assert!(
        atom[1].content.contains("<b>vier Wochen</b>"),
        "{}",
        atom[1].content
    );

    let json = posts(&app, "jsonfeed:digital:").await;
    assert_eq!(json.len(), 2);
    assert_eq!(json[0].platform, Platform::JsonFeed);
    assert!(!json[0].content.contains("data:"), "{}", json[0].content);
    assert!(
        json[1].content.contains("BundID an.<br>Das Servicekonto"),
        "{}",
        json[1].content
    );
}

#[tokio::test]
async fn conditional_requests_and_not_modified() {
    let upstream = Upstream::start().await;
    let (app, state) = app_with(vec![
        mastodon(&upstream),
        feed(&upstream, "presse", "/switch.rss"),
    ])
    .await;
    let first = refresh_at(&state, T0).await;
    assert_eq!(first.updated.len(), 2, "{first:?}");
    let stored = posts(&app, "").await;

    // Not due yet: nothing is asked.
    let before = upstream.requests_to("").len();
    let early = refresh_at(&state, T0 + Duration::from_secs(599)).await;
    assert_eq!(names(&early.skipped), ["jobcenter-mastodon", "presse"]);
    assert_eq!(upstream.requests_to("").len(), before);

    let second = refresh_at(&state, T0 + Duration::from_secs(600)).await;
    assert_eq!(
        second,
        RefreshReport {
            unchanged: vec!["jobcenter-mastodon".into(), "presse".into()],
            ..RefreshReport::default()
        }
    );
    let rss = upstream.requests_to("/switch.rss");
    assert_eq!(rss.len(), 2);
    assert!(rss[0].1.get(header::IF_NONE_MATCH).is_none());
    assert_eq!(rss[1].1[header::IF_NONE_MATCH], "\"presse-v1\"");
    let lookups = upstream.requests_to("/accounts/lookup");
    assert!(lookups[1].1.contains_key(header::IF_NONE_MATCH));
    assert_eq!(
        lookups[1].1[header::IF_MODIFIED_SINCE],
        "Wed, 25 Nov 2026 15:00:00 GMT"
    );
    assert_eq!(posts(&app, "").await, stored);
}

#[tokio::test]
async fn a_failing_source_keeps_its_last_good_posts() {
    let upstream = Upstream::start().await;
    let (app, state) = app_with(vec![
        feed(&upstream, "presse", "/switch.rss"),
        feed(&upstream, "digital", "/feeds/feed.json"),
    ])
    .await;
    refresh_at(&state, T0).await;
    let good = posts(&app, "rss:presse:").await;
    assert_eq!(good.len(), 2);

    let mut now = T0;
    for (mode, error) in [
        (Mode::Broken, "unreadable answer"),
        (Mode::ServerError, "502"),
    ] {
        upstream.set(mode);
        now += Duration::from_secs(24 * 3600);
        let report = refresh_at(&state, now).await;
        assert_eq!(report.failed.len(), 1, "{report:?}");
        assert_eq!(report.failed[0].0, "presse");
        assert!(report.failed[0].1.contains(error), "{report:?}");
        assert_eq!(names(&report.unchanged), ["digital"]);
        assert_eq!(posts(&app, "rss:presse:").await, good);
    }

    let health = app.get("/healthz/sources").await;
    assert_eq!(health.status, StatusCode::OK);
    let health: serde_json::Value = health.json();
    let presse = &health["sources"][0];
    assert_eq!(presse["name"], "presse");
    assert_eq!(presse["status"], "failing");
    assert_eq!(presse["consecutiveFailures"], 2);
    assert_eq!(presse["posts"], 2);
    assert_eq!(presse["lastSuccess"], "2026-11-26T10:00:00Z");
    assert!(presse["lastError"].as_str().unwrap().contains("502"));
    // The second failure in a row waits twice the interval.
    assert_eq!(presse["nextAttempt"], "2026-11-28T10:20:00Z");
    assert_eq!(health["sources"][1]["status"], "ok");

    upstream.set(Mode::Good);
    let report = refresh_at(&state, now + Duration::from_secs(1200)).await;
    assert_eq!(names(&report.updated), ["presse"], "{report:?}");
    let health: serde_json::Value = app.get("/healthz/sources").await.json();
    assert_eq!(health["sources"][0]["status"], "ok");
    assert_eq!(health["sources"][0]["lastError"], serde_json::Value::Null);
}

#[tokio::test]
async fn too_many_requests_waits_for_retry_after() {
    let upstream = Upstream::start().await;
    let (app, state) = app_with(vec![feed(&upstream, "presse", "/switch.rss")]).await;
    upstream.set(Mode::TooManyRequests);
    let report = refresh_at(&state, T0).await;
    assert!(report.failed[0].1.contains("429"), "{report:?}");
    assert!(posts(&app, "rss:presse:").await.is_empty());

    upstream.set(Mode::Good);
    // Retry-After is two hours, longer than the interval of ten minutes.
    for seconds in [600, 3600, 7199] {
        let report = refresh_at(&state, T0 + Duration::from_secs(seconds)).await;
        assert_eq!(names(&report.skipped), ["presse"], "after {seconds} s");
    }
    assert_eq!(upstream.requests_to("/switch.rss").len(), 1);
    let report = refresh_at(&state, T0 + Duration::from_secs(7200)).await;
    assert_eq!(names(&report.updated), ["presse"]);
    assert_eq!(posts(&app, "rss:presse:").await.len(), 2);
}

#[tokio::test]
async fn a_slow_source_times_out_without_holding_up_the_others() {
    let upstream = Upstream::start().await;
    let mut config = Config {
        sources: vec![
            feed(&upstream, "langsam", "/switch.rss"),
            feed(&upstream, "digital", "/feeds/feed.json"),
        ],
        ..Config::default()
    };
    config.fetch.timeout_seconds = 1;
    let (app, state) = app_with_config(config).await;
    upstream.set(Mode::Slow);
    let report = refresh_at(&state, T0).await;
    assert_eq!(names(&report.updated), ["digital"]);
    assert_eq!(
        report.failed,
        [("langsam".to_owned(), "no answer within 1 s".to_owned())]
    );
    assert_eq!(posts(&app, "jsonfeed:digital:").await.len(), 2);
}

#[tokio::test]
async fn answers_over_the_size_limit_are_refused() {
    let upstream = Upstream::start().await;
    let mut config = Config {
        sources: vec![feed(&upstream, "gross", "/huge.rss")],
        ..Config::default()
    };
    config.fetch.max_bytes = 4096;
    let (app, state) = app_with_config(config).await;
    let report = refresh_at(&state, T0).await;
    assert_eq!(
        report.failed,
        [(
            "gross".to_owned(),
            "answer larger than 4096 bytes".to_owned()
        )]
    );
    assert!(posts(&app, "rss:gross:").await.is_empty());
}

#[tokio::test]
async fn images_over_the_media_limit_are_left_out() {
    let upstream = Upstream::start().await;
    let mut config = Config {
        sources: vec![feed(&upstream, "presse", "/feeds/presse.rss")],
        ..Config::default()
    };
    // Below the 116 bytes of the feed's image (the config file allows no less than 1 KiB).
    config.fetch.media_max_bytes = 100;
    let (app, state) = app_with_config(config).await;
    let report = refresh_at(&state, T0).await;
    assert_eq!(
        names(&report.updated),
        ["presse"],
        "the post stays, without its image"
    );
    let rss = posts(&app, "rss:presse:").await;
    assert!(rss[0].media.is_empty());
}

#[tokio::test]
async fn follow_links_are_served_with_the_updates() {
    let config = Config {
        follow: demo_upstream::follow(),
        ..Config::default()
    };
    let (app, _) = app_with_config(config).await;
    let response = app.get("/v1/updates").await;
    let page: UpdatesPage = response.json();
    assert_eq!(page.follow.len(), 5);
    assert_eq!(page.follow[0].platform, ozg_sdk::SocialPlatform::Mastodon);
    assert_eq!(page.follow[3].audiences, [ozg_sdk::Audience::Professionals]);
    let json: serde_json::Value = response.json();
    assert_eq!(json["follow"][3]["platform"], "linkedin");
    // Without links the field is absent, as before.
    let plain: serde_json::Value = crate::support::test_app()
        .await
        .get("/v1/updates")
        .await
        .json();
    assert!(plain.get("follow").is_none());
}

#[tokio::test]
async fn images_no_post_shows_are_pruned_after_a_day() {
    let upstream = Upstream::start().await;
    let (app, state) = app_with(vec![feed(&upstream, "presse", "/feeds/presse.rss")]).await;
    refresh_at(&state, T0).await;
    let media = |app: &TestApp| {
        let pool = app.pool.clone();
        async move {
            sqlx::query_scalar::<_, i64>("SELECT count(*) FROM media")
                .fetch_one(&pool)
                .await
                .expect("count")
        }
    };
    assert_eq!(media(&app).await, 1);
    sqlx::query("INSERT INTO media (id, source_url, content_type, bytes, fetched_at) VALUES ('m-alt', 'https://a.example/alt.png', 'image/png', $1, '2026-01-01T00:00:00Z')")
        .bind(b"\x89PNG".to_vec())
        .execute(&app.pool)
        .await
        .expect("an old image");
    sqlx::query("INSERT INTO http_cache (url, body, fetched_at) VALUES ('https://a.example/alt', $1, '2026-01-01T00:00:00Z')")
        .bind(vec![0u8])
        .execute(&app.pool)
        .await
        .expect("an old answer");
    // The next refresh prunes: the old image and answer go, what is in use stays.
    let report = refresh_at(&state, T0 + Duration::from_secs(600)).await;
    assert_eq!(names(&report.unchanged), ["presse"], "{report:?}");
    assert_eq!(media(&app).await, 1);
    assert_eq!(posts(&app, "rss:presse:").await[0].media.len(), 1);
    let kept: Vec<String> = sqlx::query_scalar("SELECT url FROM http_cache")
        .fetch_all(&app.pool)
        .await
        .expect("urls");
    assert_eq!(kept, [format!("{}/feeds/presse.rss", upstream.base)]);
}
