//! Fetching the configured sources on a schedule and storing their posts normalised.
//!
//! [`refresh_once`] refreshes every source that is due and is all the scheduler does; the
//! background task made by [`spawn_refresher`] only calls it on an interval, so tests drive the
//! schedule with [`refresh_at`] and a time of their choosing instead of sleeping.
//!
//! Instances that share a database fetch each source once per interval between them: an
//! instance claims a due source by moving its `next_attempt` in `source_state` past the
//! refresh, in one statement that only one instance can win (see `claim`).
//!
//! A source's posts are replaced only after all of them were fetched and normalised; when
//! anything fails, the last good posts stay and the failure is recorded in `source_state`
//! (served by `GET /healthz/sources`) with the time of the next attempt, backed off and never
//! before upstream's `Retry-After`.

mod bluesky;
mod feed;
mod fetch;
mod guard;
mod mastodon;
mod media;

use std::time::Duration;

use ozg_sdk::{Media, Update};
use serde::Serialize;
use time::OffsetDateTime;
use tokio::task::JoinSet;

use crate::clock;
use crate::config::{FetchConfig, SourceConfig};
use crate::state::AppState;

pub(crate) use media::MEDIA_CACHE_CONTROL;

/// How often the background task looks for due sources.
const TICK: Duration = Duration::from_secs(30);
/// The longest backoff after repeated failures.
const MAX_BACKOFF: Duration = Duration::from_secs(6 * 3600);

/// The client for upstream requests: the configured timeout, a few redirects, no cookies.
pub(crate) fn http_client(fetch: &FetchConfig) -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(fetch.timeout_seconds))
        .connect_timeout(Duration::from_secs(fetch.timeout_seconds))
        .redirect(reqwest::redirect::Policy::limited(3))
        .user_agent(concat!("ozg-endpoint/", env!("CARGO_PKG_VERSION")))
        .build()
        .unwrap_or_else(|error| {
            tracing::error!(%error, "cannot configure the HTTP client, using the defaults");
            reqwest::Client::new()
        })
}

/// What one refresh did, per source name.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct RefreshReport {
    /// Sources whose posts were stored anew.
    pub updated: Vec<String>,
    /// Sources that answered `304 Not Modified` everywhere.
    pub unchanged: Vec<String>,
    /// Sources that failed, with the reason; their last good posts stay.
    pub failed: Vec<(String, String)>,
    /// Sources that were not due yet (interval or backoff).
    pub skipped: Vec<String>,
}

/// Refreshes every source that is due now.
pub async fn refresh_once(state: &AppState) -> RefreshReport {
    refresh_at(state, clock::now()).await
}

/// Refreshes every source that is due at `now`, all at once; one slow source delays only
/// itself (up to the configured timeout per request).
pub async fn refresh_at(state: &AppState, now: OffsetDateTime) -> RefreshReport {
    let mut report = RefreshReport::default();
    let mut tasks = JoinSet::new();
    for (index, source) in state.config().sources.iter().enumerate() {
        match claim(state, &source.name, now).await {
            Ok(true) => {
                let state = state.clone();
                tasks.spawn(async move {
                    let source = &state.config().sources[index];
                    let outcome = refresh_source(&state, source, now).await;
                    (source.name.clone(), outcome)
                });
            }
            Ok(false) => report.skipped.push(source.name.clone()),
            Err(error) => report
                .failed
                .push((source.name.clone(), format!("database error: {error}"))),
        }
    }
    while let Some(joined) = tasks.join_next().await {
        match joined {
            Ok((name, Outcome::Updated)) => report.updated.push(name),
            Ok((name, Outcome::Unchanged)) => report.unchanged.push(name),
            Ok((name, Outcome::Failed(message))) => report.failed.push((name, message)),
            Err(error) => tracing::error!(%error, "a source refresh panicked"),
        }
    }
    let attempted = report.updated.len() + report.unchanged.len() + report.failed.len();
    if attempted > 0
        && let Err(error) = prune(state, clock::now()).await
    {
        tracing::error!(%error, "cannot prune kept answers and images");
    }
    for list in [
        &mut report.updated,
        &mut report.unchanged,
        &mut report.skipped,
    ] {
        list.sort();
    }
    report.failed.sort();
    report
}

/// Forgets kept answers that no request used for a week (such as Bluesky pages behind an old
/// cursor) and images that no post shows any more and that are older than a day, so that a page
/// a reader loaded a moment ago still finds its images.
pub(crate) async fn prune(state: &AppState, now: OffsetDateTime) -> Result<(), sqlx::Error> {
    const DAY: Duration = Duration::from_secs(24 * 3600);
    sqlx::query("DELETE FROM http_cache WHERE fetched_at < $1")
        .bind(clock::format(now - 7 * DAY))
        .execute(state.pool())
        .await?;
    sqlx::query(
        "DELETE FROM media WHERE fetched_at < $1
           AND NOT EXISTS (SELECT 1 FROM updates WHERE updates.json LIKE '%' || media.id || '%')",
    )
    .bind(clock::format(now - DAY))
    .execute(state.pool())
    .await?;
    Ok(())
}

/// Starts the background task that calls [`refresh_once`] every 30 seconds.
pub fn spawn_refresher(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(TICK);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            interval.tick().await;
            refresh_once(&state).await;
        }
    })
}

enum Outcome {
    Updated,
    Unchanged,
    Failed(String),
}

/// Claims the refresh of a source that is due at `now` (no attempt planned after `now`) for this
/// instance: its next attempt moves past the refresh, so that other instances sharing the
/// database skip it. The outcome then sets the real next attempt; when the instance dies
/// first, another one takes the source over once the lease has passed.
async fn claim(state: &AppState, name: &str, now: OffsetDateTime) -> Result<bool, sqlx::Error> {
    let lease = Duration::from_secs(60 + 10 * state.config().fetch.timeout_seconds);
    let now_text = clock::format(now);
    let claimed = sqlx::query(
        "INSERT INTO source_state (name, next_attempt) VALUES ($1, $2)
         ON CONFLICT (name) DO UPDATE SET next_attempt = $2
         WHERE source_state.next_attempt IS NULL OR source_state.next_attempt <= $3",
    )
    .bind(name)
    .bind(clock::format(now + lease))
    .bind(&now_text)
    .execute(state.pool())
    .await?
    .rows_affected();
    Ok(claimed == 1)
}

/// A post as a source reads it, before its images are fetched.
#[derive(Debug)]
pub(crate) struct Draft {
    pub(crate) update: Update,
    pub(crate) pinned: bool,
    pub(crate) images: Vec<ImageRef>,
    pub(crate) avatar: Option<String>,
    /// Custom emoji the text names: shortcode and upstream image URL.
    pub(crate) emoji: Vec<(String, String)>,
}

/// An image of a post at its upstream URL.
#[derive(Debug)]
pub(crate) struct ImageRef {
    pub(crate) url: String,
    pub(crate) alt: String,
    pub(crate) width: Option<u32>,
    pub(crate) height: Option<u32>,
}

/// Why a source could not be read.
#[derive(Debug, thiserror::Error)]
pub(crate) enum SourceError {
    /// The request failed.
    #[error(transparent)]
    Fetch(#[from] fetch::FetchError),
    /// The answer is not what the platform documents.
    #[error("unreadable answer: {0}")]
    Parse(String),
    /// The database failed.
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

/// Fetched posts, or `None` when upstream said nothing changed.
pub(crate) type Collected = Result<Option<Vec<Draft>>, SourceError>;

async fn refresh_source(state: &AppState, source: &SourceConfig, now: OffsetDateTime) -> Outcome {
    use crate::config::SourceKind;
    let collected = match source.kind {
        SourceKind::Mastodon => mastodon::collect(state, source).await,
        SourceKind::Bluesky => bluesky::collect(state, source).await,
        SourceKind::Feed => feed::collect(state, source).await,
    };
    let result = match collected {
        Ok(Some(drafts)) => store(state, source, drafts).await.map(|()| true),
        Ok(None) => Ok(false),
        Err(error) => Err(error),
    };
    let interval = Duration::from_secs(source.interval_seconds);
    match result {
        Ok(changed) => {
            let recorded = record_success(state, &source.name, now, interval).await;
            if let Err(error) = recorded {
                tracing::error!(source = %source.name, %error, "cannot record the refresh");
            }
            if changed {
                tracing::info!(source = %source.name, "source refreshed");
                Outcome::Updated
            } else {
                tracing::debug!(source = %source.name, "source unchanged");
                Outcome::Unchanged
            }
        }
        Err(error) => {
            let message = error.to_string();
            let retry_after = match &error {
                SourceError::Fetch(fetch) => fetch.retry_after(),
                _ => None,
            };
            let recorded =
                record_failure(state, &source.name, now, interval, retry_after, &message).await;
            if let Err(error) = recorded {
                tracing::error!(source = %source.name, %error, "cannot record the failure");
            }
            tracing::warn!(source = %source.name, error = %message, "source refresh failed, keeping the last good posts");
            Outcome::Failed(message)
        }
    }
}

/// Fetches the images and replaces the source's posts in one transaction.
async fn store(
    state: &AppState,
    source: &SourceConfig,
    drafts: Vec<Draft>,
) -> Result<(), SourceError> {
    let reach = match source_url(source) {
        Some(url) => guard::Reach::of_source(&url).await,
        None => guard::Reach::PublicOnly,
    };
    store_with_reach(state, source, drafts, reach).await
}

/// The configured address of `source`, which decides where its posts' images may be.
fn source_url(source: &SourceConfig) -> Option<String> {
    use crate::config::SourceKind;
    match source.kind {
        SourceKind::Mastodon => source.instance.clone(),
        SourceKind::Bluesky => Some(
            source
                .appview
                .clone()
                .unwrap_or_else(|| bluesky::DEFAULT_APPVIEW.to_owned()),
        ),
        SourceKind::Feed => source.url.clone(),
    }
}

/// [`store`] with the images allowed where `reach` says.
async fn store_with_reach(
    state: &AppState,
    source: &SourceConfig,
    drafts: Vec<Draft>,
    reach: guard::Reach,
) -> Result<(), SourceError> {
    let mut rows = Vec::with_capacity(drafts.len());
    for draft in drafts {
        let Draft {
            mut update,
            pinned,
            images,
            avatar,
            emoji,
        } = draft;
        let Some(published) = clock::normalise(&update.published) else {
            tracing::warn!(source = %source.name, id = %update.id, "leaving out a post without a valid publication time");
            continue;
        };
        update.published = published.clone();
        let mut seen = std::collections::HashSet::new();
        for image in images {
            // RSS often names one image twice, as enclosure and as media:content.
            if !seen.insert(image.url.clone()) {
                continue;
            }
            if let Some(id) = media::store(state, &image.url, reach).await {
                update.media.push(Media {
                    url: media::path(&id),
                    alt: image.alt,
                    width: image.width,
                    height: image.height,
                });
            }
        }
        if let Some(avatar) = avatar {
            update.author.avatar = media::store(state, &avatar, reach).await.map(|id| Media {
                url: media::path(&id),
                alt: String::new(),
                width: None,
                height: None,
            });
        }
        for (shortcode, url) in emoji {
            let valid = !shortcode.is_empty()
                && shortcode
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_');
            if !valid {
                continue;
            }
            if let Some(id) = media::store(state, &url, reach).await {
                update.emoji.push(ozg_sdk::Emoji {
                    shortcode,
                    url: media::path(&id),
                });
            }
        }
        let json = serde_json::to_string(&update)
            .map_err(|e| SourceError::Parse(format!("post {}: {e}", update.id)))?;
        rows.push((update.id, published, json, pinned));
    }
    let mut tx = state.pool().begin().await?;
    sqlx::query("DELETE FROM updates WHERE source = $1")
        .bind(&source.name)
        .execute(&mut *tx)
        .await?;
    for (id, published, json, pinned) in rows {
        sqlx::query(
            "INSERT INTO updates (id, service, published, json, source, pinned)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (id) DO UPDATE SET service = $2, published = $3, json = $4,
                 source = $5, pinned = $6",
        )
        .bind(id)
        .bind(source.service.as_deref())
        .bind(published)
        .bind(json)
        .bind(&source.name)
        .bind(i64::from(pinned))
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

async fn record_success(
    state: &AppState,
    name: &str,
    now: OffsetDateTime,
    interval: Duration,
) -> Result<(), sqlx::Error> {
    let now_text = clock::format(now);
    sqlx::query(
        "INSERT INTO source_state (name, last_attempt, last_success, last_error,
             consecutive_failures, next_attempt)
         VALUES ($1, $2, $2, NULL, 0, $3)
         ON CONFLICT (name) DO UPDATE SET last_attempt = $2, last_success = $2,
             last_error = NULL, consecutive_failures = 0, next_attempt = $3",
    )
    .bind(name)
    .bind(&now_text)
    .bind(clock::format(now + interval))
    .execute(state.pool())
    .await?;
    Ok(())
}

async fn record_failure(
    state: &AppState,
    name: &str,
    now: OffsetDateTime,
    interval: Duration,
    retry_after: Option<Duration>,
    message: &str,
) -> Result<(), sqlx::Error> {
    let failures: i64 =
        sqlx::query_scalar("SELECT consecutive_failures FROM source_state WHERE name = $1")
            .bind(name)
            .fetch_optional(state.pool())
            .await?
            .unwrap_or(0)
            + 1;
    let wait = backoff(interval, failures, retry_after);
    sqlx::query(
        "INSERT INTO source_state (name, last_attempt, last_error, consecutive_failures,
             next_attempt)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (name) DO UPDATE SET last_attempt = $2, last_error = $3,
             consecutive_failures = $4, next_attempt = $5",
    )
    .bind(name)
    .bind(clock::format(now))
    .bind(message)
    .bind(failures)
    .bind(clock::format(now + wait))
    .execute(state.pool())
    .await?;
    Ok(())
}

/// The wait before the next attempt after `failures` failures in a row: the interval, doubled
/// for each further failure up to six hours, and never shorter than upstream's `Retry-After`.
pub(crate) fn backoff(
    interval: Duration,
    failures: i64,
    retry_after: Option<Duration>,
) -> Duration {
    let doublings = u32::try_from(failures.saturating_sub(1).clamp(0, 16)).unwrap_or(16);
    let backoff = interval
        .saturating_mul(1 << doublings)
        .min(MAX_BACKOFF.max(interval));
    backoff.max(retry_after.unwrap_or_default())
}

/// One source in `GET /healthz/sources`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SourceHealth {
    pub(crate) name: String,
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    service: Option<String>,
    /// `ok`, `failing`, or `pending` before the first attempt.
    status: &'static str,
    last_attempt: Option<String>,
    pub(crate) last_success: Option<String>,
    last_error: Option<String>,
    pub(crate) consecutive_failures: i64,
    next_attempt: Option<String>,
    /// Posts of this source being served.
    posts: i64,
}

/// The state of every configured source.
pub(crate) async fn health(state: &AppState) -> Result<Vec<SourceHealth>, sqlx::Error> {
    let mut sources = Vec::new();
    for source in &state.config().sources {
        type Row = (
            Option<String>,
            Option<String>,
            Option<String>,
            i64,
            Option<String>,
        );
        let row: Option<Row> = sqlx::query_as(
            "SELECT last_attempt, last_success, last_error, consecutive_failures, next_attempt
             FROM source_state WHERE name = $1",
        )
        .bind(&source.name)
        .fetch_optional(state.pool())
        .await?;
        let posts: i64 = sqlx::query_scalar("SELECT count(*) FROM updates WHERE source = $1")
            .bind(&source.name)
            .fetch_one(state.pool())
            .await?;
        let (last_attempt, last_success, last_error, consecutive_failures, next_attempt) =
            row.unwrap_or_default();
        let status = match (&last_attempt, consecutive_failures) {
            (None, _) => "pending",
            (Some(_), 0) => "ok",
            _ => "failing",
        };
        sources.push(SourceHealth {
            name: source.name.clone(),
            kind: source.kind.as_str(),
            service: source.service.clone(),
            status,
            last_attempt,
            last_success,
            last_error,
            consecutive_failures,
            next_attempt,
            posts,
        });
    }
    Ok(sources)
}

/// The host of `url`, for post ids and handles.
pub(crate) fn host(url: &str) -> String {
    url::Url::parse(url)
        .ok()
        .and_then(|url| url.host_str().map(str::to_owned))
        .unwrap_or_else(|| url.to_owned())
}

/// `url` when it is an absolute `http(s)` URL.
pub(crate) fn web_url(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url).ok()?;
    matches!(parsed.scheme(), "http" | "https").then(|| parsed.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Captures what the endpoint logs while the guard returned by [`capture_log`] lives.
    #[derive(Clone, Default)]
    struct Log(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

    impl std::io::Write for Log {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().expect("log").extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    fn capture_log() -> (Log, tracing::subscriber::DefaultGuard) {
        let log = Log::default();
        let writer = log.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .finish();
        (log.clone(), tracing::subscriber::set_default(subscriber))
    }

    /// An image server on loopback that counts its requests.
    async fn image_server() -> (u16, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let hits = std::sync::Arc::new(AtomicUsize::new(0));
        let counter = hits.clone();
        let png: &'static [u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
        let router = axum::Router::new().fallback(move || {
            counter.fetch_add(1, Ordering::SeqCst);
            async move { ([(axum::http::header::CONTENT_TYPE, "image/png")], png) }
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("loopback port");
        let port = listener.local_addr().expect("address").port();
        tokio::spawn(async move { axum::serve(listener, router).await });
        (port, hits)
    }

    fn draft(id: &str, images: &[String], avatar: Option<String>) -> Draft {
        Draft {
            update: Update {
                id: id.to_owned(),
                platform: ozg_sdk::Platform::Mastodon,
                author: ozg_sdk::Author {
                    name: "Jobcenter".into(),
                    handle: None,
                    url: None,
                    avatar: None,
                },
                url: "https://social.example/@jc/1".into(),
                published: "2026-11-26T10:00:00Z".into(),
                content: "<p>Hallo</p>".into(),
                content_warning: None,
                sensitive: false,
                media: Vec::new(),
                emoji: Vec::new(),
            },
            pinned: false,
            images: images
                .iter()
                .map(|url| ImageRef {
                    url: url.clone(),
                    alt: "Bild".into(),
                    width: None,
                    height: None,
                })
                .collect(),
            avatar,
            emoji: Vec::new(),
        }
    }

    async fn state() -> (AppState, tempfile::TempDir) {
        let dir = tempfile::tempdir().expect("temporary folder");
        let url = format!(
            "sqlite://{}?mode=rwc",
            dir.path().join("e.sqlite").display()
        );
        let pool = crate::db::connect(&url).await.expect("database opens");
        (AppState::new(crate::Config::default(), pool), dir)
    }

    fn mastodon_source(instance: &str) -> SourceConfig {
        SourceConfig {
            name: "m".into(),
            kind: crate::config::SourceKind::Mastodon,
            service: None,
            instance: Some(instance.to_owned()),
            account: Some("jc".into()),
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

    async fn stored(state: &AppState) -> Vec<Update> {
        let rows: Vec<String> = sqlx::query_scalar("SELECT json FROM updates ORDER BY id")
            .fetch_all(state.pool())
            .await
            .expect("query");
        rows.iter()
            .map(|json| serde_json::from_str(json).expect("stored post"))
            .collect()
    }

    #[tokio::test]
    async fn images_on_internal_addresses_are_refused_for_a_public_source() {
        use std::sync::atomic::Ordering;
        let (port, hits) = image_server().await;
        let (state, _dir) = state().await;
        let (log, _guard) = capture_log();
        let images = [
            format!("http://127.0.0.1:{port}/a.png"),
            format!("http://[::1]:{port}/b.png"),
            format!("http://localhost:{port}/c.png"),
            "http://10.0.0.7/d.png".to_owned(),
            "http://169.254.169.254/latest/meta-data/".to_owned(),
        ];
        let drafts = vec![draft(
            "mastodon:social:1",
            &images,
            Some(format!("http://127.0.0.1:{port}/avatar.png")),
        )];
        // A public address that is never contacted: the drafts are handed over directly.
        store(&state, &mastodon_source("https://193.96.224.1"), drafts)
            .await
            .expect("the post is stored");
        let posts = stored(&state).await;
        assert_eq!(posts.len(), 1, "the post is kept");
        assert!(posts[0].media.is_empty(), "{:?}", posts[0].media);
        assert_eq!(posts[0].author.avatar, None);
        assert_eq!(
            hits.load(Ordering::SeqCst),
            0,
            "no request reached loopback"
        );
        let log = String::from_utf8(log.0.lock().expect("log").clone()).expect("text");
        for address in ["127.0.0.1", "::1", "10.0.0.7", "169.254.169.254"] {
            assert!(
                log.lines().any(|line| line.contains("leaving out an image")
                    && line.contains(&format!("non-public address {address}"))),
                "no refusal of {address} logged:\n{log}"
            );
        }
    }

    #[tokio::test]
    async fn a_source_on_loopback_may_name_images_on_loopback() {
        use std::sync::atomic::Ordering;
        let (port, hits) = image_server().await;
        let (state, _dir) = state().await;
        let drafts = vec![draft(
            "mastodon:local:1",
            &[format!("http://127.0.0.1:{port}/a.png")],
            Some(format!("http://localhost:{port}/avatar.png")),
        )];
        store(
            &state,
            &mastodon_source(&format!("http://127.0.0.1:{port}")),
            drafts,
        )
        .await
        .expect("the post is stored");
        let posts = stored(&state).await;
        assert_eq!(posts[0].media.len(), 1);
        assert!(posts[0].author.avatar.is_some());
        assert_eq!(hits.load(Ordering::SeqCst), 2);

        // The kept image is no way round the guard for a public source naming the same URL.
        let drafts = vec![draft(
            "mastodon:social:2",
            &[format!("http://127.0.0.1:{port}/a.png")],
            None,
        )];
        store(&state, &mastodon_source("https://193.96.224.1"), drafts)
            .await
            .expect("the post is stored");
        let posts = stored(&state).await;
        let public = posts
            .iter()
            .find(|post| post.id == "mastodon:social:2")
            .expect("the post is kept");
        assert!(public.media.is_empty(), "{:?}", public.media);
    }

    #[test]
    fn backoff_doubles_and_honours_retry_after() {
        let minute = Duration::from_secs(60);
        let cases = [
            (1, None, 60),
            (2, None, 120),
            (3, None, 240),
            (40, None, 6 * 3600),
            (1, Some(300), 300),
            (3, Some(30), 240),
            (1, Some(24 * 3600), 24 * 3600),
        ];
        for (failures, retry_after, expected) in cases {
            assert_eq!(
                backoff(minute, failures, retry_after.map(Duration::from_secs)).as_secs(),
                expected,
                "{failures} failures, Retry-After {retry_after:?}"
            );
        }
    }
}
