//! `bench-widget`: what our widget costs a portal page, next to the Mastodon embeds portals use
//! today. Run it through `cargo xtask bench widget`, which builds the widget, installs the
//! peers from `xtask/bench/package-lock.json` and sets the environment below.
//!
//! Everything runs on loopback in this process:
//! - a fake Mastodon instance per size (20 and 200 statuses, made from the recorded statuses
//!   in the endpoint's fixtures: images, a content warning, a custom emoji, a boost), with the
//!   real API's paging (`limit` up to 40, `max_id`, `Link`) and open CORS;
//! - per size, our endpoint (SQLite) with that instance as its Mastodon source, refreshed once;
//! - one page server with an otherwise identical host page per contender, `/cdn/` (the release
//!   build) and `/npm/` (the peers' packages).
//!
//! Every run starts a fresh Chromium profile (cold cache) and reads what an inline script on the
//! host page recorded: when the post count last changed and was painted (two frames later),
//! long tasks (total blocking time), layout shifts without recent input (CLS); then the JS heap
//! after a garbage collection, through the DevTools protocol. Transfer is the sum of the
//! contender's own files that the page loaded (Resource Timing), each compressed with brotli at
//! quality 11 as a server would send it.
//!
//! Environment: `OZG_DIST_DIR` (the widget build), `OZG_BENCH_NPM` (the peers' `node_modules`),
//! `OZG_BENCH_OUT` (the Markdown report), `OZG_BENCH_RUNS` (runs per contender and size,
//! default 5), `OZG_BENCH_ONLY` (only contenders whose page name contains it),
//! `OZG_BENCH_TRACE=1` (print each run's requests and marks: when each started and ended).

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{Path as UrlPath, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use ozg_endpoint::demo_upstream;
use ozg_endpoint::{SourceConfig, SourceKind};
use ozg_tests::{Browser, DEMO_SERVICE};
use serde_json::{Value, json};
use tower_http::cors::CorsLayer;
use tower_http::services::ServeDir;

/// The account the fake instance serves (as in the fixtures).
const ACCOUNT: &str = "jobcenter_musterstadt";

/// The largest page the real Mastodon API serves for `accounts/{id}/statuses`.
const MASTODON_MAX_LIMIT: usize = 40;

/// How long the post count must stay the same before a contender that shows fewer posts than
/// asked for counts as finished.
const SETTLE: Duration = Duration::from_millis(700);

/// How long one page may take before the run counts what it has.
const PAGE_TIMEOUT: Duration = Duration::from_secs(20);

/// The sizes of the timeline: the 20 posts portals show at first, and 200.
const SIZES: [usize; 2] = [200, 20];

/// What every contender shows at first, of a longer timeline: its first page (ours 20, emfed
/// 40, mastodon-embed-timeline all). Fewer means it failed, and its figures measure nothing.
const FIRST_PAGE: usize = 20;

/// One embed under test.
#[derive(Debug, Clone, Copy)]
struct Contender {
    /// Its name in the report.
    name: &'static str,
    /// The file name of its host page.
    page: &'static str,
    /// What counts as one post.
    selector: &'static str,
    /// Whether posts live in the shadow root of the first `<ozg-widget>`.
    in_shadow: bool,
    /// URL path prefix of the files that are its own.
    files: &'static str,
    /// Whether it is ours.
    ours: bool,
}

const CONTENDERS: [Contender; 4] = [
    Contender {
        name: "ozg-widget (updates panel)",
        page: "ozg-widget-updates",
        selector: "article.ozg-post",
        in_shadow: true,
        files: "/cdn/",
        ours: true,
    },
    Contender {
        name: "ozg-widget (three panels)",
        page: "ozg-widget-all",
        selector: "article.ozg-post",
        in_shadow: true,
        files: "/cdn/",
        ours: true,
    },
    Contender {
        name: "@idotj/mastodon-embed-timeline",
        page: "mastodon-embed-timeline",
        selector: "article.mt-post",
        in_shadow: false,
        files: "/npm/",
        ours: false,
    },
    Contender {
        name: "emfed",
        page: "emfed",
        selector: "li.toot",
        in_shadow: false,
        files: "/npm/",
        ours: false,
    },
];

/// What one run measured.
#[derive(Debug, Clone)]
struct Sample {
    posts: usize,
    time_ms: f64,
    tbt_ms: f64,
    cls: f64,
    heap_bytes: f64,
    brotli_bytes: usize,
    files: Vec<String>,
}

#[tokio::main]
async fn main() {
    let runs: usize = std::env::var("OZG_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&n| n >= 1)
        .unwrap_or(5);
    let dist = env_dir("OZG_DIST_DIR");
    let npm = env_dir("OZG_BENCH_NPM");
    let out = PathBuf::from(
        std::env::var_os("OZG_BENCH_OUT")
            .expect("OZG_BENCH_OUT is not set: use `cargo xtask bench widget`"),
    );
    let started = Instant::now();
    let work = tempfile::Builder::new()
        .prefix("ozg-bench-")
        .tempdir()
        .expect("cannot create a temporary folder");

    let pages_listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("cannot bind a loopback port for the pages");
    let pages_origin = format!(
        "http://{}",
        pages_listener
            .local_addr()
            .expect("the page server has an address")
    );

    let mut pages = HashMap::new();
    for size in SIZES {
        let instance = fake_mastodon(size).await;
        let endpoint = endpoint(&instance, size, &pages_origin, work.path()).await;
        for contender in CONTENDERS {
            pages.insert(
                format!("{size}/{}.html", contender.page),
                host_page(&contender, size, &instance, &endpoint),
            );
        }
    }
    let pages = Router::new()
        .route("/{size}/{page}", get(page))
        .with_state(Arc::new(pages))
        .nest_service("/cdn", ServeDir::new(&dist))
        .nest_service("/npm", ServeDir::new(&npm));
    tokio::spawn(async move {
        axum::serve(pages_listener, pages)
            .await
            .expect("the page server stopped");
    });

    let mut results: Vec<(usize, Contender, Vec<Sample>)> = Vec::new();
    let only = std::env::var("OZG_BENCH_ONLY").unwrap_or_default();
    let contenders: Vec<Contender> = CONTENDERS
        .into_iter()
        .filter(|c| only.is_empty() || c.page.contains(only.as_str()))
        .collect();
    for size in SIZES {
        let mut samples: Vec<Vec<Sample>> = contenders.iter().map(|_| Vec::new()).collect();
        // Round by round, every contender once per round: a machine that is slower for a while
        // slows all of them alike, and the ratios of one run stay fair.
        for run in 0..runs {
            for (contender, samples) in contenders.iter().zip(&mut samples) {
                let url = format!("{pages_origin}/{size}/{}.html", contender.page);
                let profile = work
                    .path()
                    .join(format!("run-{size}-{}-{run}", contender.page));
                std::fs::create_dir_all(&profile).expect("cannot create a profile folder");
                let sample = measure(&url, &profile, contender, size, &dist, &npm).await;
                eprintln!(
                    "{size:>3} posts  {:<32} run {}: {} posts in {:.0} ms, TBT {:.0} ms, CLS {:.3}, heap {:.1} MB, {} B brotli",
                    contender.name,
                    run + 1,
                    sample.posts,
                    sample.time_ms,
                    sample.tbt_ms,
                    sample.cls,
                    sample.heap_bytes / 1e6,
                    sample.brotli_bytes
                );
                samples.push(sample);
            }
        }
        for (contender, samples) in contenders.iter().zip(samples) {
            results.push((size, *contender, samples));
        }
    }

    let report = report(&results, runs, started.elapsed());
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir).expect("cannot create the report folder");
    }
    std::fs::write(&out, &report).expect("cannot write the report");
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "{report}");
    let _ = writeln!(stdout, "(written to {})", out.display());
    // A contender that did not show its first page of posts was not measured doing the same
    // work as the others: the figures are written, but the run fails.
    let short: Vec<String> = results
        .iter()
        .flat_map(|(size, contender, samples)| {
            samples
                .iter()
                .filter(move |sample| sample.posts < (*size).min(FIRST_PAGE))
                .map(move |sample| {
                    format!("{} showed {} of {size} posts", contender.name, sample.posts)
                })
        })
        .collect();
    if !short.is_empty() {
        eprintln!("not every contender showed its first {FIRST_PAGE} posts:");
        for line in &short {
            eprintln!("  {line}");
        }
        std::process::exit(1);
    }
}

fn env_dir(name: &str) -> PathBuf {
    let dir = std::env::var_os(name)
        .map(PathBuf::from)
        .unwrap_or_else(|| panic!("{name} is not set: use `cargo xtask bench widget`"));
    assert!(dir.is_dir(), "{name}={} is not a folder", dir.display());
    dir
}

async fn page(
    State(pages): State<Arc<HashMap<String, String>>>,
    UrlPath((size, page)): UrlPath<(String, String)>,
) -> Response {
    match pages.get(&format!("{size}/{page}")) {
        Some(html) => ([(header::CACHE_CONTROL, "no-store")], Html(html.clone())).into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

// ---------------------------------------------------------------------------------------------
// The fake Mastodon instance

/// `count` statuses, newest first, made by cycling through the recorded ones (replies left
/// out, as every contender is set to leave them out), each with an id and time of its own.
fn statuses(count: usize) -> Vec<Value> {
    let recorded: Vec<Value> = serde_json::from_str(demo_upstream::MASTODON_STATUSES)
        .expect("the recorded statuses are JSON");
    let recorded: Vec<Value> = recorded
        .into_iter()
        .filter(|status| status["in_reply_to_id"].is_null())
        .collect();
    (0..count)
        .map(|index| {
            let mut status = recorded[index % recorded.len()].clone();
            let id = (115_700_000_000_000_000_u64 - index as u64 * 1000).to_string();
            let minutes = 23 * 60 + 59 - index * 5;
            let created = format!("2026-11-26T{:02}:{:02}:00.000Z", minutes / 60, minutes % 60);
            let old_id = status["id"].as_str().unwrap_or_default().to_owned();
            for key in ["url", "uri"] {
                if let Some(url) = status[key].as_str() {
                    status[key] = json!(url.replace(&old_id, &id));
                }
            }
            if status["reblog"].is_object() {
                let reblog_id = format!("{id}1");
                let old = status["reblog"]["id"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned();
                for key in ["url", "uri"] {
                    if let Some(url) = status["reblog"][key].as_str() {
                        status["reblog"][key] = json!(url.replace(&old, &reblog_id));
                    }
                }
                status["reblog"]["id"] = json!(reblog_id);
                status["reblog"]["created_at"] = json!(created);
            }
            status["id"] = json!(id);
            status["created_at"] = json!(created);
            // The recordings trim some media metadata to test the endpoint's leniency; a real
            // instance always sends the original's and the preview's size.
            if let Some(media) = status["media_attachments"].as_array_mut() {
                for attachment in media {
                    let original = attachment["meta"]["original"].clone();
                    let original = if original["width"].is_u64() {
                        original
                    } else {
                        json!({ "width": 640, "height": 360 })
                    };
                    if !attachment["meta"].is_object() {
                        attachment["meta"] = json!({});
                    }
                    if !attachment["meta"]["small"]["width"].is_u64() {
                        attachment["meta"]["small"] = original.clone();
                    }
                    attachment["meta"]["original"] = original;
                }
            }
            status
        })
        .collect()
}

#[derive(Debug)]
struct Instance {
    base: String,
    account_id: String,
    statuses: Vec<Value>,
}

/// Starts a fake instance with `count` statuses; returns its base URL.
async fn fake_mastodon(count: usize) -> (String, String) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("cannot bind a loopback port for the fake instance");
    let base = format!(
        "http://{}",
        listener
            .local_addr()
            .expect("the fake instance has an address")
    );
    let account: Value =
        serde_json::from_str(&demo_upstream::MASTODON_ACCOUNT.replace("{{base}}", &base))
            .expect("the recorded account is JSON");
    let account_id = account["id"]
        .as_str()
        .expect("the account has an id")
        .to_owned();
    let statuses = statuses(count)
        .into_iter()
        .map(|status| {
            serde_json::from_str(&status.to_string().replace("{{base}}", &base))
                .expect("a status stays JSON")
        })
        .collect();
    let instance = Arc::new(Instance {
        base: base.clone(),
        account_id: account_id.clone(),
        statuses,
    });
    let router = Router::new()
        .route(
            "/api/v1/accounts/lookup",
            get(move || {
                let account = account.clone();
                async move { axum::Json(account) }
            }),
        )
        .route("/api/v1/accounts/{id}/statuses", get(account_statuses))
        .route("/api/v1/custom_emojis", get(custom_emojis))
        .with_state(instance)
        // Images (`/media/…`) from the endpoint's stand-in.
        .fallback_service(demo_upstream::router(&base))
        .layer(CorsLayer::permissive());
    tokio::spawn(async move {
        axum::serve(listener, router)
            .await
            .expect("the fake instance stopped");
    });
    (base, account_id)
}

/// `GET /api/v1/custom_emojis`: the emoji the statuses use.
async fn custom_emojis(State(instance): State<Arc<Instance>>) -> axum::Json<Vec<Value>> {
    let mut emojis: Vec<Value> = Vec::new();
    for emoji in instance
        .statuses
        .iter()
        .filter_map(|status| status["emojis"].as_array())
        .flatten()
    {
        if !emojis
            .iter()
            .any(|known| known["shortcode"] == emoji["shortcode"])
        {
            emojis.push(emoji.clone());
        }
    }
    axum::Json(emojis)
}

/// `GET /api/v1/accounts/{id}/statuses` as Mastodon answers it: `limit` (default 20, at most
/// 40), `max_id`, `exclude_reblogs`, `pinned` (none here), and a `Link` to the next page.
async fn account_statuses(
    State(instance): State<Arc<Instance>>,
    UrlPath(id): UrlPath<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    if id != instance.account_id {
        return StatusCode::NOT_FOUND.into_response();
    }
    if query.get("pinned").is_some_and(|v| v == "true") {
        return axum::Json(json!([])).into_response();
    }
    let limit = query
        .get("limit")
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(20)
        .clamp(1, MASTODON_MAX_LIMIT);
    let max_id: Option<u64> = query.get("max_id").and_then(|v| v.parse().ok());
    let no_reblogs = query.get("exclude_reblogs").is_some_and(|v| v == "true");
    let matching: Vec<&Value> = instance
        .statuses
        .iter()
        .filter(|s| {
            let id: u64 = s["id"].as_str().and_then(|v| v.parse().ok()).unwrap_or(0);
            max_id.is_none_or(|max| id < max)
        })
        .filter(|s| !(no_reblogs && s["reblog"].is_object()))
        .collect();
    let page: Vec<&Value> = matching.iter().take(limit).copied().collect();
    let mut response = axum::Json(&page).into_response();
    if matching.len() > page.len()
        && let Some(last) = page.last().and_then(|s| s["id"].as_str())
    {
        let mut next = format!(
            "{}/api/v1/accounts/{id}/statuses?limit={limit}&max_id={last}",
            instance.base
        );
        if no_reblogs {
            next.push_str("&exclude_reblogs=true");
        }
        let link = format!("<{next}>; rel=\"next\"");
        if let Ok(value) = link.parse() {
            response.headers_mut().insert(header::LINK, value);
        }
    }
    response
}

// ---------------------------------------------------------------------------------------------
// Our endpoint

/// Starts our endpoint on SQLite with the demo service and the fake instance as its Mastodon
/// source, refreshed once (the demo's own seeded posts removed, so it serves exactly the
/// instance's statuses); returns its base URL.
async fn endpoint(
    instance: &(String, String),
    size: usize,
    pages_origin: &str,
    work: &Path,
) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("cannot bind a loopback port for the endpoint");
    let addr = listener.local_addr().expect("the endpoint has an address");
    let base = format!("http://{addr}");
    let database = work.join(format!("endpoint-{size}.sqlite"));
    let config = ozg_endpoint::Config {
        listen: addr,
        database_url: format!("sqlite://{}?mode=rwc", database.display()),
        public_url: base.clone(),
        cors_origins: vec![pages_origin.to_owned()],
        sources: vec![SourceConfig {
            name: "bench-mastodon".to_owned(),
            kind: SourceKind::Mastodon,
            service: Some(DEMO_SERVICE.to_owned()),
            instance: Some(instance.0.clone()),
            account: Some(ACCOUNT.to_owned()),
            actor: None,
            appview: None,
            url: None,
            exclude_replies: true,
            exclude_reblogs: false,
            pinned_first: false,
            // The most a source keeps.
            max_posts: u32::try_from(size.min(100)).expect("small"),
            interval_seconds: 600,
        }],
        ..ozg_endpoint::Config::default()
    };
    let pool = ozg_endpoint::db::connect(&config.database_url)
        .await
        .expect("cannot open the endpoint's database");
    ozg_endpoint::seed::demo(&pool)
        .await
        .expect("cannot seed the demo service");
    sqlx::query("DELETE FROM updates")
        .execute(&pool)
        .await
        .expect("cannot clear the seeded posts");
    let state = ozg_endpoint::AppState::new(config, pool);
    let report = ozg_endpoint::sources::refresh_once(&state).await;
    assert!(
        report.failed.is_empty() && report.updated.len() == 1,
        "the endpoint could not fetch the fake instance: {report:?}"
    );
    let router = ozg_endpoint::app(state);
    tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .expect("the endpoint stopped");
    });
    base
}

// ---------------------------------------------------------------------------------------------
// Host pages

/// The host page of `contender`: the same portal page for everyone, with the contender's embed
/// in the content column and text after it (which moves if the embed shifts layout).
fn host_page(
    contender: &Contender,
    size: usize,
    instance: &(String, String),
    endpoint: &str,
) -> String {
    let (base, account_id) = instance;
    let (head, embed) = match contender.page {
        "ozg-widget-updates" | "ozg-widget-all" => {
            let panels = if contender.page == "ozg-widget-updates" {
                " panels=\"updates\""
            } else {
                ""
            };
            (
                // The embedding guide's snippet: the box keeps the widget's height before the
                // script has run, so that the page around it does not move.
                "<style>ozg-widget:not(:defined) { display: block; min-height: var(--ozg-height, 36rem) }</style>\n\
                 <script type=\"module\" src=\"/cdn/ozg-widget.js\"></script>"
                    .to_owned(),
                format!(
                    "<ozg-widget endpoint=\"{endpoint}\" service=\"{DEMO_SERVICE}\"{panels} lang=\"de\"></ozg-widget>"
                ),
            )
        }
        "mastodon-embed-timeline" => (
            "<link rel=\"stylesheet\" href=\"/npm/@idotj/mastodon-embed-timeline/dist/mastodon-timeline.min.css\">".to_owned(),
            format!(
                "<div id=\"mt-container\" class=\"mt-container\"><div class=\"mt-body\" role=\"feed\">\
                 <div class=\"mt-loading-spinner\"></div></div></div>\n\
                 <script type=\"module\">\n\
                 import {{ Init }} from '/npm/@idotj/mastodon-embed-timeline/dist/mastodon-timeline.esm.js';\n\
                 new Init({{ instanceUrl: '{base}', timelineType: 'profile', userId: '{account_id}', \
                 profileName: '@{ACCOUNT}', maxNbPostFetch: '{size}', maxNbPostShow: '{size}', \
                 hideReplies: true, hidePinnedPosts: true }});\n\
                 </script>"
            ),
        ),
        "emfed" => (
            "<link rel=\"stylesheet\" href=\"/npm/emfed/toots.css\">\n\
             <script type=\"importmap\">{\"imports\":{\"dompurify\":\"/npm/dompurify/dist/purify.es.mjs\"}}</script>\n\
             <script type=\"module\" src=\"/npm/emfed/dist/emfed.js\"></script>"
                .to_owned(),
            format!(
                "<a class=\"mastodon-feed\" href=\"{base}/@{ACCOUNT}\" data-toot-limit=\"{size}\" \
                 data-exclude-replies=\"true\">Unsere Beiträge auf Mastodon</a>"
            ),
        ),
        other => unreachable!("no host page for {other}"),
    };
    let probe = PROBE
        .replace("{{selector}}", contender.selector)
        .replace(
            "{{shadow}}",
            if contender.in_shadow { "true" } else { "false" },
        )
        .replace("{{target}}", &size.to_string());
    format!(
        "<!doctype html>\n<html lang=\"de\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Bürgergeld beantragen – Serviceportal Musterstadt</title>\n\
         <link rel=\"icon\" href=\"data:,\">\n\
         <script>{probe}</script>\n<style>{PAGE_CSS}</style>\n{head}\n</head>\n<body>\n\
         <header><strong>Serviceportal Musterstadt</strong></header>\n\
         <main>\n<h1>Bürgergeld beantragen</h1>\n\
         <p>Bürgergeld sichert Ihren Lebensunterhalt, wenn Sie arbeiten können, aber Ihr Einkommen \
         nicht reicht. Hier lesen Sie, was Sie brauchen und wie Sie den Antrag stellen.</p>\n\
         <section aria-label=\"Aktuelles\">\n{embed}\n</section>\n\
         <h2>Zuständige Stelle</h2>\n<p>Jobcenter Musterstadt, Hauptstraße 1, 12345 Musterstadt.</p>\n\
         </main>\n</body>\n</html>\n"
    )
}

const PAGE_CSS: &str = "body{margin:0;font:16px/1.5 system-ui,sans-serif}\
header{padding:1rem 2rem;background:#004b87;color:#fff}\
main{max-width:40rem;margin:0 auto;padding:1rem}";

/// Recorded in `window.__bench` from the first byte of the page on.
const PROBE: &str = r"(() => {
  const b = window.__bench = { count: 0, changedAt: 0, paintedAt: 0, paintedCount: 0,
    done: false, tbt: 0, longTasks: 0, cls: 0 };
  const target = {{target}}, selector = '{{selector}}', shadow = {{shadow}};
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) { b.longTasks++; b.tbt += Math.max(0, e.duration - 50); }
    }).observe({ type: 'longtask', buffered: true });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput) b.cls += e.value;
    }).observe({ type: 'layout-shift', buffered: true });
  } catch (e) { b.error = String(e); }
  const count = () => {
    const root = shadow ? document.querySelector('ozg-widget')?.shadowRoot : document;
    return root ? root.querySelectorAll(selector).length : 0;
  };
  const tick = () => {
    const n = count();
    if (n !== b.count) {
      b.count = n;
      b.changedAt = performance.now();
      requestAnimationFrame(() => requestAnimationFrame(() => {
        if (b.count !== n) return;
        b.paintedAt = performance.now();
        b.paintedCount = n;
        if (n >= target) b.done = true;
      }));
    }
    if (!b.done) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();";

// ---------------------------------------------------------------------------------------------
// Measuring

async fn measure(
    url: &str,
    profile: &Path,
    contender: &Contender,
    size: usize,
    dist: &Path,
    npm: &Path,
) -> Sample {
    let browser = Browser::launch(profile).await;
    browser
        .client
        .goto(url)
        .await
        .unwrap_or_else(|e| panic!("cannot open {url}: {e}"));
    let deadline = Instant::now() + PAGE_TIMEOUT;
    let mut stable_since: Option<(u64, Instant)> = None;
    let state = loop {
        let state = browser
            .client
            .execute("return window.__bench || null;", Vec::new())
            .await
            .unwrap_or(Value::Null);
        if state["done"] == true {
            break state;
        }
        let painted = state["paintedCount"].as_u64().unwrap_or(0);
        if painted > 0 && state["count"].as_u64() == Some(painted) {
            match stable_since {
                Some((count, since)) if count == painted => {
                    if since.elapsed() >= SETTLE {
                        break state;
                    }
                }
                _ => stable_since = Some((painted, Instant::now())),
            }
        } else {
            stable_since = None;
        }
        if Instant::now() > deadline {
            eprintln!(
                "{} at {size} posts: no posts settled within {PAGE_TIMEOUT:?}: {state}",
                contender.name
            );
            for line in browser.console().await {
                eprintln!("  {line}");
            }
            break state;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    // Errors in the page explain a contender that shows fewer posts than it was given.
    if state["paintedCount"].as_u64().unwrap_or(0) < size as u64 {
        for line in browser
            .console()
            .await
            .iter()
            .filter(|l| l.starts_with("SEVERE"))
        {
            eprintln!("  {}: {line}", contender.name);
        }
    }
    let files = browser
        .client
        .execute(
            "return performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname);",
            Vec::new(),
        )
        .await
        .unwrap_or(Value::Null);
    if std::env::var_os("OZG_BENCH_TRACE").is_some() {
        let timeline = browser
            .client
            .execute(TIMELINE, Vec::new())
            .await
            .unwrap_or(Value::Null);
        eprintln!(
            "  {} at {size}: {}",
            contender.name,
            timeline.as_str().unwrap_or_default()
        );
    }
    let _ = browser.cdp("HeapProfiler.collectGarbage", json!({})).await;
    let heap = match browser.cdp("Runtime.getHeapUsage", json!({})).await {
        Ok(usage) => usage["usedSize"].as_f64().unwrap_or(f64::NAN),
        Err(_) => f64::NAN,
    };
    browser.close().await;

    let mut own: Vec<String> = files
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .filter(|path| path.starts_with(contender.files))
        .map(str::to_owned)
        .collect();
    own.sort();
    own.dedup();
    let brotli_bytes = own
        .iter()
        .map(|path| {
            let file = if let Some(rest) = path.strip_prefix("/cdn/") {
                dist.join(rest)
            } else {
                npm.join(path.trim_start_matches("/npm/"))
            };
            brotli_size(&file)
        })
        .sum();
    Sample {
        posts: usize::try_from(state["paintedCount"].as_u64().unwrap_or(0)).unwrap_or(0),
        time_ms: state["paintedAt"].as_f64().unwrap_or(f64::NAN),
        tbt_ms: state["tbt"].as_f64().unwrap_or(f64::NAN),
        cls: state["cls"].as_f64().unwrap_or(f64::NAN),
        heap_bytes: heap,
        brotli_bytes,
        files: own,
    }
}

/// Each request of the page (path, start–end in ms from navigation start) and each paint, in
/// the order they started.
const TIMELINE: &str = r"return [
  ...performance.getEntriesByType('resource').map((e) =>
    [e.startTime, `${new URL(e.name).pathname.split('/').pop() || '/'} ${e.startTime.toFixed(0)}–${e.responseEnd.toFixed(0)}`]),
  ...[...performance.getEntriesByType('paint'), ...performance.getEntriesByType('mark')]
    .map((e) => [e.startTime, `${e.name} ${e.startTime.toFixed(0)}`]),
  [window.__bench.paintedAt, `posts painted ${window.__bench.paintedAt.toFixed(0)}`],
].sort((a, b) => a[0] - b[0]).map((e) => e[1]).join(', ');";

/// Bytes of `file` compressed with brotli at quality 11 (window 22), as `brotli -q 11` does;
/// each file is compressed once (quality 11 takes seconds for the wasm in a dev build).
fn brotli_size(file: &Path) -> usize {
    static SIZES: std::sync::Mutex<Vec<(PathBuf, usize)>> = std::sync::Mutex::new(Vec::new());
    let mut sizes = SIZES
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some((_, size)) = sizes.iter().find(|(known, _)| known == file) {
        return *size;
    }
    let bytes =
        std::fs::read(file).unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
    let mut compressed = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut compressed, 4096, 11, 22);
        writer.write_all(&bytes).expect("writing to memory works");
    }
    sizes.push((file.to_owned(), compressed.len()));
    compressed.len()
}

// ---------------------------------------------------------------------------------------------
// The report

/// Median, minimum and maximum.
fn stats(values: impl Iterator<Item = f64>) -> (f64, f64, f64) {
    let mut values: Vec<f64> = values.filter(|v| v.is_finite()).collect();
    if values.is_empty() {
        return (f64::NAN, f64::NAN, f64::NAN);
    }
    values.sort_by(f64::total_cmp);
    let n = values.len();
    let median = if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    };
    (median, values[0], values[n - 1])
}

fn machine() -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|line| {
            line.strip_prefix("model name")
                .map(|rest| rest.trim_start_matches([' ', '\t', ':']).to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".to_owned());
    let cores = std::thread::available_parallelism().map_or(0, std::num::NonZero::get);
    let memory = std::fs::read_to_string("/proc/meminfo")
        .unwrap_or_default()
        .lines()
        .find_map(|line| {
            line.strip_prefix("MemTotal:")
                .map(str::trim)
                .map(str::to_owned)
        })
        .unwrap_or_default();
    let chromium = std::process::Command::new(
        std::env::var_os("OZG_CHROMIUM").unwrap_or_else(|| "chromium".into()),
    )
    .arg("--version")
    .output()
    .ok()
    .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
    .filter(|v| !v.is_empty())
    .unwrap_or_else(|| "unknown Chromium".to_owned());
    format!("{model}, {cores} cores available, {memory} RAM; {chromium} (headless)")
}

fn report(results: &[(usize, Contender, Vec<Sample>)], runs: usize, took: Duration) -> String {
    let mut md = String::new();
    let _ = writeln!(md, "# Widget benchmark\n");
    let _ = writeln!(md, "Machine: {}  ", machine());
    let _ = writeln!(
        md,
        "{runs} runs per contender and size, each in a fresh browser profile (cold cache); \
         median, with min–max in brackets. Benchmark took {:.0} s.\n",
        took.as_secs_f64()
    );
    for size in SIZES {
        let rows: Vec<&(usize, Contender, Vec<Sample>)> =
            results.iter().filter(|(s, _, _)| *s == size).collect();
        let _ = writeln!(md, "## {size} statuses\n");
        let _ = writeln!(
            md,
            "| contender | posts shown | own files, brotli 11 | posts painted | blocking time (TBT) | CLS | JS heap after render |"
        );
        let _ = writeln!(md, "|---|---:|---:|---:|---:|---:|---:|");
        let mut medians = Vec::new();
        for (_, contender, samples) in &rows {
            let posts = stats(samples.iter().map(|s| s.posts as f64));
            let bytes = stats(samples.iter().map(|s| s.brotli_bytes as f64));
            let time = stats(samples.iter().map(|s| s.time_ms));
            let tbt = stats(samples.iter().map(|s| s.tbt_ms));
            let cls = stats(samples.iter().map(|s| s.cls));
            let heap = stats(samples.iter().map(|s| s.heap_bytes / 1e6));
            let posts_text = if posts.1 == posts.2 {
                format!("{:.0}", posts.0)
            } else {
                format!("{:.0} ({:.0}–{:.0})", posts.0, posts.1, posts.2)
            };
            let _ = writeln!(
                md,
                "| {} | {posts_text} | {:.1} KB | {:.0} ms ({:.0}–{:.0}) | {:.0} ms ({:.0}–{:.0}) | {:.3} ({:.3}–{:.3}) | {:.2} MB ({:.2}–{:.2}) |",
                contender.name,
                bytes.0 / 1000.0,
                time.0,
                time.1,
                time.2,
                tbt.0,
                tbt.1,
                tbt.2,
                cls.0,
                cls.1,
                cls.2,
                heap.0,
                heap.1,
                heap.2,
            );
            medians.push((*contender, bytes.0, time.0, tbt.0, cls.0, heap.0, posts.0));
        }
        let _ = writeln!(md);
        let _ = writeln!(
            md,
            "Ratios ours/peer (medians of this run; below 1 means ours costs less):\n"
        );
        let _ = writeln!(
            md,
            "| ours / peer | transfer | time to posts painted | blocking time | JS heap |"
        );
        let _ = writeln!(md, "|---|---:|---:|---:|---:|");
        for ours in medians.iter().filter(|m| m.0.ours) {
            for peer in medians.iter().filter(|m| !m.0.ours) {
                let ratio = |a: f64, b: f64| {
                    if b > 0.0 && a.is_finite() {
                        format!("{:.2}", a / b)
                    } else {
                        "–".to_owned()
                    }
                };
                let _ = writeln!(
                    md,
                    "| {} / {} | {} | {} | {} | {} |",
                    ours.0.name,
                    peer.0.name,
                    ratio(ours.1, peer.1),
                    ratio(ours.2, peer.2),
                    ratio(ours.3, peer.3),
                    ratio(ours.5, peer.5),
                );
            }
        }
        let _ = writeln!(md);
        if size == 20 {
            let fastest_peer = medians
                .iter()
                .filter(|m| !m.0.ours)
                .map(|m| m.2)
                .fold(f64::INFINITY, f64::min);
            let _ = writeln!(md, "Targets:\n");
            for ours in medians.iter().filter(|m| m.0.ours) {
                let met = |ok: bool| if ok { "met" } else { "not met" };
                let _ = writeln!(
                    md,
                    "- {}: time to posts painted ≤ fastest peer ({:.0} ms vs {:.0} ms, {:.0} posts shown): {}; \
                     blocking time ≤ 50 ms ({:.0} ms): {}; CLS 0.00 ({:.3}): {}",
                    ours.0.name,
                    ours.2,
                    fastest_peer,
                    ours.6,
                    met(ours.2 <= fastest_peer && ours.6 >= size as f64),
                    ours.3,
                    met(ours.3 <= 50.0),
                    ours.4,
                    met(ours.4 < 0.005),
                );
                if !ours.0.name.contains("updates") {
                    let _ = writeln!(
                        md,
                        "- {}: transfer ≤ 110 KB brotli ({:.1} KB): {}",
                        ours.0.name,
                        ours.1 / 1000.0,
                        met(ours.1 <= 110_000.0)
                    );
                }
            }
            let _ = writeln!(md);
        }
    }
    let _ = writeln!(md, "Files counted per contender (as loaded by the page):\n");
    for (size, contender, samples) in results.iter().filter(|(s, _, _)| *s == SIZES[0]) {
        let _ = size;
        if let Some(sample) = samples.first() {
            let _ = writeln!(md, "- {}: {}", contender.name, sample.files.join(", "));
        }
    }
    let _ = writeln!(
        md,
        "\nA post is `article.ozg-post` in the widget's shadow root, `article.mt-post` for \
         mastodon-embed-timeline and `li.toot` for emfed. The JS heap is V8's used heap after a \
         garbage collection (CDP `Runtime.getHeapUsage`); the widget's WebAssembly memory is not \
         part of it."
    );
    md
}
