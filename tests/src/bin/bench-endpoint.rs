//! `bench-endpoint`: how much load the reference endpoint takes, on one instance and on three
//! sharing one database. Run it through `cargo xtask bench endpoint`.
//!
//! Everything runs on loopback in this process: each instance is the endpoint's own router
//! (`ozg_endpoint::app`) on its own port with its own connection pool and state, as separate
//! processes would have; the client spreads its requests round-robin over the instances' ports.
//! Rows, each for a fixed time:
//! - `POST /v1/feedback` at concurrency 1, 8, 32 and 64; every tenth request repeats an earlier
//!   key with its body, as a client's retry does. Each POST follows its own `GET /v1/challenge`
//!   (a challenge is accepted once); only the POST is timed.
//! - `GET /v1/updates?service=…` at concurrency 32, without and with `If-None-Match` (304).
//!
//! Afterwards the stored feedback of this run must equal the keys that were acknowledged: no
//! acknowledged submission lost, none stored twice.
//!
//! Arguments: `--database-url URL`, repeatable, one set of rows per database (default: a new
//! SQLite file in a temporary folder; a given database must be empty or an endpoint database,
//! the run's rows are told apart by a marker), `--seconds N` per row (default 3).
//! Environment: `OZG_BENCH_OUT` (the Markdown report).

use std::collections::HashSet;
use std::collections::hash_map::RandomState;
use std::fmt::Write as _;
use std::hash::{BuildHasher, Hasher};
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use ozg_endpoint::{AntispamConfig, AppState, Config, app, db, seed};
use ozg_sdk::{CHALLENGE_HEADER, Challenge, Receipt};
use ozg_tests::DEMO_SERVICE;
use tokio::sync::Mutex;

type Error = Box<dyn std::error::Error + Send + Sync>;

/// What one row measures.
#[derive(Debug, Clone, Copy)]
enum Workload {
    Feedback,
    Updates { conditional: bool },
}

impl Workload {
    fn label(self) -> &'static str {
        match self {
            Self::Feedback => "POST /v1/feedback (10 % repeated keys)",
            Self::Updates { conditional: false } => "GET /v1/updates",
            Self::Updates { conditional: true } => "GET /v1/updates, If-None-Match (304)",
        }
    }
}

/// The rows of one set-up, in order.
const ROWS: [(Workload, usize); 6] = [
    (Workload::Feedback, 1),
    (Workload::Feedback, 8),
    (Workload::Feedback, 32),
    (Workload::Feedback, 64),
    (Workload::Updates { conditional: false }, 32),
    (Workload::Updates { conditional: true }, 32),
];

/// What one row measured.
#[derive(Debug)]
struct Row {
    database: String,
    instances: usize,
    workload: Workload,
    concurrency: usize,
    requests: usize,
    seconds: f64,
    p50: Duration,
    p99: Duration,
    errors: usize,
    in_flight: usize,
}

/// What the clients of one feedback row share.
#[derive(Debug, Default)]
struct Sent {
    /// Every key sent so far with its body, for the repeats.
    keys: Vec<(String, String)>,
    /// The keys a 201 acknowledged.
    acknowledged: HashSet<String>,
}

struct Options {
    database_urls: Vec<String>,
    seconds: u64,
}

fn options() -> Result<Options, Error> {
    let mut options = Options {
        database_urls: Vec::new(),
        seconds: 3,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--database-url" => {
                options
                    .database_urls
                    .push(args.next().ok_or("--database-url needs a URL")?);
            }
            "--seconds" => {
                options.seconds = args
                    .next()
                    .and_then(|s| s.parse().ok())
                    .filter(|s| *s >= 1)
                    .ok_or("--seconds needs a whole number of at least 1")?;
            }
            other => {
                return Err(format!(
                    "unknown argument {other:?}; known: --database-url URL, --seconds N"
                )
                .into());
            }
        }
    }
    Ok(options)
}

fn main() -> Result<(), Error> {
    let options = options()?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(run(options))
}

async fn run(options: Options) -> Result<(), Error> {
    let started = Instant::now();
    let dir = tempfile::tempdir()?;
    let database_urls = if options.database_urls.is_empty() {
        vec![format!(
            "sqlite://{}?mode=rwc",
            dir.path().join("bench.sqlite").display()
        )]
    } else {
        options.database_urls.clone()
    };
    // Letters only, so that the masking of personal data in the text leaves it alone.
    let mut random = RandomState::new().build_hasher().finish();
    let marker: String = (0..12)
        .map(|_| {
            let letter = char::from(b'a' + (random % 26) as u8);
            random /= 26;
            letter
        })
        .collect();
    let marker = format!("lasttest{marker}");
    let per_row = Duration::from_secs(options.seconds);
    let mut rows = Vec::new();
    let mut checks = Vec::new();
    for database_url in &database_urls {
        let database = database_label(database_url);
        let setup = db::connect(database_url).await?;
        seed::demo(&setup).await?;
        let mut acknowledged = HashSet::new();
        for instances in [1, 3] {
            let bases = start_instances(database_url, instances).await?;
            for (workload, concurrency) in ROWS {
                eprintln!(
                    "{database}, {instances} instance(s): {} at concurrency {concurrency} …",
                    workload.label()
                );
                let (mut row, acked) =
                    measure(&bases, workload, concurrency, per_row, &marker, instances).await?;
                row.database.clone_from(&database);
                acknowledged.extend(acked);
                rows.push(row);
            }
        }
        let stored: i64 = sqlx::query_scalar(&format!(
            "SELECT count(*) FROM feedback WHERE text LIKE '%{marker}%'"
        ))
        .fetch_one(&setup)
        .await?;
        checks.push((database, stored, acknowledged.len()));
    }
    let report = report(&rows, &checks, started.elapsed());
    println!("\n{report}");
    if let Some(out) = std::env::var_os("OZG_BENCH_OUT") {
        let out = std::path::PathBuf::from(out);
        if let Some(parent) = out.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&out, &report)?;
        eprintln!("written to {}", out.display());
    }
    for (database, stored, acknowledged) in &checks {
        if usize::try_from(*stored).ok() != Some(*acknowledged) {
            return Err(format!(
                "{database}: stored feedback of this run ({stored}) differs from the distinct \
                 acknowledged keys ({acknowledged})"
            )
            .into());
        }
    }
    Ok(())
}

/// `SQLite` or the URL's scheme, without host, user or password.
fn database_label(url: &str) -> String {
    match url.split(':').next().unwrap_or("?") {
        "sqlite" => "SQLite".to_owned(),
        "postgres" | "postgresql" => "PostgreSQL".to_owned(),
        other => other.to_owned(),
    }
}

/// Starts `count` instances on `database_url`, each with its own pool and state, sharing the
/// challenge secret as instances behind one load balancer must.
async fn start_instances(database_url: &str, count: usize) -> Result<Vec<String>, Error> {
    let mut bases = Vec::new();
    for _ in 0..count {
        let config = Config {
            database_url: database_url.to_owned(),
            challenge_secret: Some("ein-gemeinsames-geheimnis-fuer-den-lasttest-0123".to_owned()),
            // The load comes from one address; the rate limit would refuse nearly all of it.
            rate_limit_per_minute: 1_000_000_000,
            antispam: AntispamConfig {
                min_delay_seconds: 0,
                ..AntispamConfig::default()
            },
            ..Config::default()
        };
        let pool = db::connect(database_url).await?;
        let router = app(AppState::new(config, pool));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        tokio::spawn(async move {
            axum::serve(
                listener,
                router.into_make_service_with_connect_info::<SocketAddr>(),
            )
            .await
        });
        bases.push(format!("http://{addr}"));
    }
    Ok(bases)
}

/// Runs one row for `duration` and returns it with the keys it saw acknowledged.
async fn measure(
    bases: &[String],
    workload: Workload,
    concurrency: usize,
    duration: Duration,
    marker: &str,
    instances: usize,
) -> Result<(Row, HashSet<String>), Error> {
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .pool_max_idle_per_host(concurrency)
        .build()?;
    let updates_path = format!("/v1/updates?service={DEMO_SERVICE}");
    let etag = match workload {
        Workload::Updates { conditional: true } => {
            let response = http
                .get(format!("{}{updates_path}", bases[0]))
                .send()
                .await?;
            response
                .headers()
                .get("etag")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        }
        _ => None,
    };
    let next = Arc::new(AtomicUsize::new(0));
    let sent = Arc::new(Mutex::new(Sent::default()));
    let deadline = Instant::now() + duration;
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let (http, bases, next, sent) = (http.clone(), bases.to_vec(), next.clone(), sent.clone());
        let (etag, updates_path, marker) = (etag.clone(), updates_path.clone(), marker.to_owned());
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let (mut errors, mut in_flight) = (0, 0);
            while Instant::now() < deadline {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let base = &bases[i % bases.len()];
                let outcome = match workload {
                    Workload::Feedback => feedback(&http, base, i, &sent, &marker).await,
                    Workload::Updates { .. } => {
                        updates(&http, base, &updates_path, etag.as_deref()).await
                    }
                };
                match outcome {
                    Outcome::Ok(took) => latencies.push(took),
                    Outcome::InFlight(took) => {
                        latencies.push(took);
                        in_flight += 1;
                    }
                    Outcome::Error => errors += 1,
                }
            }
            (latencies, errors, in_flight)
        }));
    }
    let mut latencies = Vec::new();
    let (mut errors, mut in_flight) = (0, 0);
    for task in tasks {
        let (l, e, f) = task.await?;
        latencies.extend(l);
        errors += e;
        in_flight += f;
    }
    let seconds = started.elapsed().as_secs_f64();
    latencies.sort();
    let percentile = |p: f64| {
        latencies
            .get(((latencies.len() as f64 * p).ceil() as usize).saturating_sub(1))
            .copied()
            .unwrap_or_default()
    };
    let row = Row {
        database: String::new(),
        instances,
        workload,
        concurrency,
        requests: latencies.len() + errors,
        seconds,
        p50: percentile(0.50),
        p99: percentile(0.99),
        errors,
        in_flight,
    };
    let acknowledged = std::mem::take(&mut sent.lock().await.acknowledged);
    Ok((row, acknowledged))
}

/// What became of one request.
enum Outcome {
    /// The expected answer, after this long.
    Ok(Duration),
    /// A repeated key whose first request was still running: 409, as documented.
    InFlight(Duration),
    /// No answer, or one that should not have come.
    Error,
}

/// One submission: a new key, or every tenth time an earlier key with its body again.
async fn feedback(
    http: &reqwest::Client,
    base: &str,
    i: usize,
    sent: &Mutex<Sent>,
    marker: &str,
) -> Outcome {
    let repeat = if i % 10 == 9 {
        let sent = sent.lock().await;
        (!sent.keys.is_empty()).then(|| sent.keys[(i * 7919) % sent.keys.len()].clone())
    } else {
        None
    };
    let repeated = repeat.is_some();
    let (key, body) = repeat.unwrap_or_else(|| {
        let key = format!("bench-{marker}-{i:09}");
        let body = serde_json::json!({
            "service": DEMO_SERVICE,
            "found": "partly",
            "rating": 4,
            "topic": "onlineProcedure",
            "text": format!("Der Upload hat beim zweiten Versuch geklappt ({marker})."),
            "locale": "de",
            "clientTime": "2026-11-26T10:30:00+01:00"
        })
        .to_string();
        (key, body)
    });
    if !repeated {
        sent.lock().await.keys.push((key.clone(), body.clone()));
    }
    let Ok(response) = http.get(format!("{base}/v1/challenge")).send().await else {
        return Outcome::Error;
    };
    let Ok(challenge) = response.json::<Challenge>().await else {
        return Outcome::Error;
    };
    let Ok(answer) = challenge.solve().await else {
        return Outcome::Error;
    };
    let answer = serde_json::to_string(&answer).unwrap_or_default();
    let started = Instant::now();
    let response = http
        .post(format!("{base}/v1/feedback"))
        .header("content-type", "application/json")
        .header("idempotency-key", &key)
        .header(CHALLENGE_HEADER, answer)
        .body(body)
        .send()
        .await;
    let Ok(response) = response else {
        return Outcome::Error;
    };
    let status = response.status().as_u16();
    let receipt = response.json::<Receipt>().await;
    let took = started.elapsed();
    match (status, receipt) {
        (201, Ok(_)) => {
            sent.lock().await.acknowledged.insert(key);
            Outcome::Ok(took)
        }
        (409, _) if repeated => Outcome::InFlight(took),
        _ => Outcome::Error,
    }
}

async fn updates(http: &reqwest::Client, base: &str, path: &str, etag: Option<&str>) -> Outcome {
    let mut request = http.get(format!("{base}{path}"));
    if let Some(etag) = etag {
        request = request.header("if-none-match", etag);
    }
    let started = Instant::now();
    let Ok(response) = request.send().await else {
        return Outcome::Error;
    };
    let status = response.status().as_u16();
    if response.bytes().await.is_err() {
        return Outcome::Error;
    }
    let expected = if etag.is_some() { 304 } else { 200 };
    if status == expected {
        Outcome::Ok(started.elapsed())
    } else {
        Outcome::Error
    }
}

fn report(rows: &[Row], checks: &[(String, i64, usize)], took: Duration) -> String {
    let cpus = std::thread::available_parallelism().map_or(0, usize::from);
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines().find_map(|l| {
                l.strip_prefix("model name")
                    .map(|m| m.trim_start_matches([' ', '\t', ':']).to_owned())
            })
        })
        .unwrap_or_else(|| "unknown CPU".to_owned());
    let mut out = String::new();
    let _ = writeln!(out, "# cargo xtask bench endpoint\n");
    let _ = writeln!(
        out,
        "{cpu}, {cpus} cores; debug build; client and instances in one process on loopback; \
         SQLite without --database-url is a new file in a temporary folder.\n"
    );
    let _ = writeln!(
        out,
        "Feedback rows count and time the POSTs; each followed its own `GET /v1/challenge`, which \
         is neither counted nor timed. A repeated key answers with the stored receipt, or 409 \
         while its first request is still running.\n"
    );
    let _ = writeln!(
        out,
        "| database | instances | workload | concurrency | requests | requests/s | p50 | p99 | errors |"
    );
    let _ = writeln!(out, "|---|---:|---|---:|---:|---:|---:|---:|---:|");
    for row in rows {
        let in_flight = if row.in_flight > 0 {
            format!(" ({} × 409 in flight)", row.in_flight)
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {}{in_flight} | {:.0} | {:.1} ms | {:.1} ms | {} |",
            row.database,
            row.instances,
            row.workload.label(),
            row.concurrency,
            row.requests,
            row.requests as f64 / row.seconds,
            row.p50.as_secs_f64() * 1000.0,
            row.p99.as_secs_f64() * 1000.0,
            row.errors,
        );
    }
    let _ = writeln!(out);
    for (database, stored, acknowledged) in checks {
        let verdict = if usize::try_from(*stored).ok() == Some(*acknowledged) {
            "equal"
        } else {
            "DIFFERENT"
        };
        let _ = writeln!(
            out,
            "{database}: stored feedback of this run {stored}, distinct acknowledged keys \
             {acknowledged} ({verdict})."
        );
    }
    let _ = writeln!(out, "\nWhole run: {:.0} s.", took.as_secs_f64());
    out
}
