//! Harness for the browser end-to-end tests: a real endpoint, a real Chromium, the real build.
//!
//! Each [`Harness`] starts its own pieces, so test binaries (and tests inside one binary) can run
//! in parallel without sharing state:
//! - the reference endpoint in this process on `127.0.0.1:0`, with a fresh SQLite file seeded
//!   with the demo service, serving `www/` at `/` and the built widget (`$OZG_DIST_DIR`, made
//!   by `cargo xtask build`) at `/cdn/`, exactly as a portal would;
//! - a chromedriver on a free loopback port and a headless Chromium with a fresh profile.
//!
//! Waiting is always for a condition with a deadline ([`Harness::wait_for`]), never a fixed sleep.

use std::io::{BufRead, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::elements::{Element, ShadowRoot};
use fantoccini::key::Key;
use fantoccini::wd::{Capabilities, WebDriverCompatibleCommand};
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};
use sqlx::sqlite::{SqliteConnectOptions, SqlitePool};

pub mod outage;

/// LeiKa key of the demo service ("Bürgergeld beantragen") that the endpoint seeds.
pub const DEMO_SERVICE: &str = "99107108017000";

/// User name of the member of staff every harness's endpoint knows (department of the demo
/// service), for `/staff` with basic auth.
pub const STAFF_USER: &str = "staff";
/// Their token (the basic-auth password); the config holds only its SHA-256.
pub const STAFF_TOKEN: &str = "e2e-staff-token-0123456789abcdef0123456789abcdef";
/// SHA-256 of [`STAFF_TOKEN`].
const STAFF_TOKEN_SHA256: &str = "4726238cf1ec8cf538943f2c20d9256fae7a2f716d650b851dcdcdd0f3f3be8a";

/// How long the widget may take to appear: it fetches and compiles the wasm first, and on a
/// busy two-core CI machine several browsers start at once.
pub const UPGRADE_TIMEOUT: Duration = Duration::from_secs(30);

/// How long a single interaction (a click, a key, a submission) may take to show its effect.
pub const STEP_TIMEOUT: Duration = Duration::from_secs(10);

/// JavaScript that the conditions and queries below start with: `host` is the first widget on
/// the page, `root` its open shadow root (both `null` before the element exists or upgrades).
const PRELUDE: &str = "const host = document.querySelector('ozg-widget'); \
                       const root = host ? host.shadowRoot : null;";

static AXE_SCANS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// How many axe-core scans this test binary has run so far (each passed, or the test failed).
pub fn axe_scans() -> usize {
    AXE_SCANS.load(std::sync::atomic::Ordering::Relaxed)
}

/// One browser session against one endpoint, torn down on drop.
#[derive(Debug)]
pub struct Harness {
    client: Client,
    base: String,
    database: PathBuf,
    _server: tokio::task::JoinHandle<()>,
    // Dropped after the client, before the folder that holds its profile and log.
    driver: Driver,
    _dir: tempfile::TempDir,
}

impl Harness {
    /// Starts the endpoint, chromedriver and Chromium.
    ///
    /// # Panics
    /// When `OZG_DIST_DIR` is unset or holds no build, or anything fails to start; the message says
    /// what and how to fix it. A missing piece must fail the test, never skip it.
    pub async fn start() -> Self {
        Self::start_with(|_| {}).await
    }

    /// [`Harness::start`] with `origins` in the endpoint's CORS allowlist besides its own, for
    /// pages served from another loopback port.
    ///
    /// # Panics
    /// As [`Harness::start`].
    pub async fn start_with_origins(origins: &[String]) -> Self {
        let origins = origins.to_vec();
        Self::start_with(move |config| config.cors_origins.extend(origins)).await
    }

    /// [`Harness::start`] with the endpoint's configuration changed by `configure` first.
    ///
    /// The default configuration here accepts an anti-spam challenge at once (browsers driven
    /// by tests are faster than people); everything else is as in production.
    ///
    /// # Panics
    /// As [`Harness::start`].
    pub async fn start_with(configure: impl FnOnce(&mut ozg_endpoint::Config)) -> Self {
        let dist = dist_dir();
        let dir = tempfile::Builder::new()
            .prefix("ozg-tests-")
            .tempdir()
            .expect("cannot create a temporary folder");

        let database = dir.path().join("ozg.sqlite");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("cannot bind a loopback port for the endpoint");
        let addr = listener
            .local_addr()
            .expect("the endpoint's listener has no address");
        let base = format!("http://{addr}");
        let mut config = ozg_endpoint::Config {
            listen: addr,
            database_url: format!("sqlite://{}?mode=rwc", database.display()),
            public_url: base.clone(),
            cors_origins: vec![base.clone()],
            static_dir: Some(repo_root().join("www")),
            cdn_dir: Some(dist),
            follow: follow_links(),
            staff: vec![ozg_endpoint::StaffConfig {
                name: "E2E Staff".to_owned(),
                department: ozg_endpoint::seed::DEMO_DEPARTMENT.to_owned(),
                user: Some(STAFF_USER.to_owned()),
                token_sha256: STAFF_TOKEN_SHA256.to_owned(),
            }],
            antispam: ozg_endpoint::AntispamConfig {
                min_delay_seconds: 0,
                ..ozg_endpoint::AntispamConfig::default()
            },
            ..ozg_endpoint::Config::default()
        };
        configure(&mut config);
        let pool = ozg_endpoint::db::connect(&config.database_url)
            .await
            .expect("cannot open the test database");
        ozg_endpoint::seed::demo(&pool)
            .await
            .expect("cannot seed the demo data");
        let router = ozg_endpoint::app(ozg_endpoint::AppState::new(config, pool));
        let server = tokio::spawn(async move {
            axum::serve(
                listener,
                router.into_make_service_with_connect_info::<SocketAddr>(),
            )
            .await
            .expect("the endpoint stopped with an error");
        });

        let Browser { client, driver } = Browser::launch(dir.path()).await;

        Self {
            client,
            base,
            database,
            _server: server,
            driver,
            _dir: dir,
        }
    }

    /// The WebDriver client, for anything the helpers below do not cover.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// The absolute URL of `path` on the endpoint, e.g. `url("/en.html")`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Opens a writable connection to the endpoint's SQLite file, for what the staff side of
    /// the endpoint would change (states, answers).
    pub async fn database_writable(&self) -> SqlitePool {
        let options = SqliteConnectOptions::new().filename(&self.database);
        SqlitePool::connect_with(options)
            .await
            .expect("cannot open the endpoint's SQLite file for writing")
    }

    /// The absolute URL of `path` with the staff credentials in it, which Chromium sends as
    /// basic auth, e.g. `staff_url("/staff")`.
    pub fn staff_url(&self, path: &str) -> String {
        let rest = self.base.strip_prefix("http://").unwrap_or(&self.base);
        format!("http://{STAFF_USER}:{STAFF_TOKEN}@{rest}{path}")
    }

    /// The endpoint's SQLite file, for tests that store rows the endpoint then serves.
    pub fn database_path(&self) -> &Path {
        &self.database
    }

    /// Opens a fresh read-only connection to the endpoint's SQLite file, to check what it
    /// committed (not what a shared pool might still hold).
    pub async fn database(&self) -> SqlitePool {
        let options = SqliteConnectOptions::new()
            .filename(&self.database)
            .read_only(true);
        SqlitePool::connect_with(options)
            .await
            .expect("cannot open the endpoint's SQLite file")
    }

    /// Stores `update` for `service` (`None`: for every service) straight in the endpoint's
    /// database, past the endpoint's sanitiser, as a compromised or buggy endpoint would serve it.
    pub async fn insert_update(&self, update: &ozg_sdk::Update, service: Option<&str>) {
        let options = SqliteConnectOptions::new().filename(&self.database);
        let pool = SqlitePool::connect_with(options)
            .await
            .expect("cannot open the endpoint's SQLite file for writing");
        sqlx::query("INSERT INTO updates (id, service, published, json) VALUES (?1, ?2, ?3, ?4)")
            .bind(&update.id)
            .bind(service)
            .bind(&update.published)
            .bind(serde_json::to_string(update).expect("an update serialises"))
            .execute(&pool)
            .await
            .expect("cannot insert the update");
        pool.close().await;
    }

    /// `GET path` on the endpoint, outside the browser; returns the status, headers and body.
    pub async fn http_get(&self, path: &str) -> (u16, reqwest::header::HeaderMap, String) {
        let response = reqwest::get(self.url(path))
            .await
            .unwrap_or_else(|e| panic!("GET {path} failed: {e}"));
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response
            .text()
            .await
            .expect("cannot read the response body");
        (status, headers, body)
    }

    /// How many posts the endpoint serves for the demo service.
    pub async fn demo_post_count(&self) -> usize {
        let (status, _, body) = self
            .http_get(&format!("/v1/updates?service={DEMO_SERVICE}"))
            .await;
        assert_eq!(status, 200, "GET /v1/updates answered {status}: {body}");
        let page: ozg_sdk::UpdatesPage =
            serde_json::from_str(&body).expect("GET /v1/updates broke the contract");
        page.updates.len()
    }

    /// Navigates to `path` and waits until the widget has upgraded and shows its tabs.
    pub async fn open(&self, path: &str) {
        self.open_url(&self.url(path)).await;
    }

    /// Navigates to the absolute `url` (a page of another server, e.g. [`outage::Portal`]) and
    /// waits until the widget has upgraded and shows its tabs.
    pub async fn open_url(&self, url: &str) {
        let path = url;
        self.client
            .goto(url)
            .await
            .unwrap_or_else(|e| panic!("cannot open {path}: {e}"));
        self.wait_for_timeout(
            "the widget to upgrade and render three tabs",
            "customElements.get('ozg-widget') !== undefined && root !== null \
             && root.querySelectorAll('[role=tab]').length === 3",
            UPGRADE_TIMEOUT,
        )
        .await;
    }

    /// The shadow root of the first `<ozg-widget>` on the page.
    pub async fn shadow(&self) -> ShadowRoot {
        let host = self
            .client
            .find(Locator::Css("ozg-widget"))
            .await
            .expect("the page has no <ozg-widget>");
        host.shadow_root()
            .await
            .expect("<ozg-widget> has no open shadow root")
    }

    /// The first element matching `css` inside the widget's shadow root.
    pub async fn find(&self, css: &str) -> Element {
        self.shadow()
            .await
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no `{css}` in the widget: {e}"))
    }

    /// Clicks the first element matching `css` inside the widget's shadow root, as a mouse
    /// would (WebDriver's element click, which fails when something covers the element).
    pub async fn click(&self, css: &str) {
        self.find(css)
            .await
            .click()
            .await
            .unwrap_or_else(|e| panic!("cannot click `{css}` in the widget: {e}"));
    }

    /// Waits until the widget shows at least one post (it has loaded and rendered).
    pub async fn wait_for_posts(&self) {
        self.wait_for(
            "the posts",
            "root.querySelectorAll('article.ozg-post').length > 0",
        )
        .await;
    }

    /// Clicks tab `name` (`updates`, `service` or `feedback`) and waits until its panel shows.
    pub async fn open_tab(&self, name: &str) {
        self.click(&format!("#ozg-tab-{name}")).await;
        self.wait_for_tab(name, false).await;
    }

    /// Every element matching `css` inside the widget's shadow root.
    pub async fn find_all(&self, css: &str) -> Vec<Element> {
        self.shadow()
            .await
            .find_all(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("cannot search `{css}` in the widget: {e}"))
    }

    /// Runs `body` as a function in the page, after `PRELUDE` (so `host` and `root` exist),
    /// and returns its result.
    pub async fn js(&self, body: &str) -> Value {
        self.client
            .execute(&format!("{PRELUDE}\n{body}"), Vec::new())
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}\n{body}"))
    }

    /// Polls the JavaScript expression `condition` (with `host` and `root` defined) until it is
    /// truthy, for at most [`STEP_TIMEOUT`]; panics with `what` when the deadline passes.
    pub async fn wait_for(&self, what: &str, condition: &str) {
        self.wait_for_timeout(what, condition, STEP_TIMEOUT).await;
    }

    /// [`Harness::wait_for`] with its own deadline.
    pub async fn wait_for_timeout(&self, what: &str, condition: &str, timeout: Duration) {
        let script = format!("{PRELUDE}\nreturn !!({condition});");
        let deadline = Instant::now() + timeout;
        loop {
            // A script error (say, during navigation) counts as "not yet", up to the deadline.
            let outcome = self.client.execute(&script, Vec::new()).await;
            if matches!(outcome, Ok(Value::Bool(true))) {
                return;
            }
            if Instant::now() >= deadline {
                let errors = self.browser_log().await;
                panic!(
                    "timed out after {timeout:?} waiting for {what}\n  condition: {condition}\n  \
                     last result: {outcome:?}\n  browser console:\n{}",
                    errors.join("\n")
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits until tab `name` (`updates`, `service` or `feedback`) is the one selected tab and
    /// its panel the one visible panel; with `focused`, also until the tab has the focus.
    pub async fn wait_for_tab(&self, name: &str, focused: bool) {
        let focus = if focused {
            format!(" && root.activeElement !== null && root.activeElement.id === 'ozg-tab-{name}'")
        } else {
            String::new()
        };
        self.wait_for(
            &format!("tab `{name}` to be selected and its panel to be the only one shown{}",
                if focused { ", with focus on the tab" } else { "" }),
            &format!(
                "(() => {{
                   const selected = [...root.querySelectorAll('[role=tab]')]
                     .filter((t) => t.getAttribute('aria-selected') === 'true').map((t) => t.id);
                   const shown = [...root.querySelectorAll('[role=tabpanel]')]
                     .filter((p) => p.checkVisibility()).map((p) => p.id);
                   return selected.join() === 'ozg-tab-{name}' && shown.join() === 'ozg-panel-{name}';
                 }})(){focus}"
            ),
        )
        .await;
    }

    /// The trimmed text content of every element matching `css` in the widget.
    pub async fn texts(&self, css: &str) -> Vec<String> {
        let css = serde_json::to_string(css).expect("a string serialises");
        let value = self
            .js(&format!(
                "return [...root.querySelectorAll({css})].map((e) => e.textContent.trim());"
            ))
            .await;
        serde_json::from_value(value).expect("texts are strings")
    }

    /// Presses and releases `key` as real keyboard input to the focused element.
    pub async fn press(&self, key: Key) {
        let value: char = key.into();
        let keys = KeyActions::new("keyboard".into())
            .then(KeyAction::Down { value })
            .then(KeyAction::Up { value });
        self.client
            .perform_actions(keys)
            .await
            .unwrap_or_else(|e| panic!("cannot press {key:?}: {e}"));
    }

    /// The browser console since the last call, as `LEVEL message` lines (chromedriver's log
    /// endpoint; it also carries CSP violation reports).
    pub async fn browser_log(&self) -> Vec<String> {
        console_lines(&self.client).await
    }

    /// Runs a Chrome DevTools Protocol command through chromedriver.
    pub async fn cdp(&self, command: &str, params: Value) -> Value {
        self.client
            .issue_cmd(ChromeCommand::new(
                "goog/cdp/execute",
                json!({ "cmd": command, "params": params }),
            ))
            .await
            .unwrap_or_else(|e| panic!("CDP {command} failed: {e}"))
    }

    /// [`Harness::assert_accessible`] three times: in the light colour scheme, in the dark one
    /// (`prefers-color-scheme: dark`) and in forced colours (Windows high contrast), emulated
    /// through DevTools; the emulation is reset afterwards.
    pub async fn assert_accessible_in_every_mode(&self, state: &str) {
        for (mode, features) in [
            (
                "light",
                json!([{ "name": "prefers-color-scheme", "value": "light" }]),
            ),
            (
                "dark",
                json!([{ "name": "prefers-color-scheme", "value": "dark" }]),
            ),
            (
                "forced colours",
                json!([{ "name": "forced-colors", "value": "active" }]),
            ),
        ] {
            self.cdp(
                "Emulation.setEmulatedMedia",
                json!({ "features": features }),
            )
            .await;
            self.assert_accessible(&format!("{state} ({mode})")).await;
        }
        self.cdp("Emulation.setEmulatedMedia", json!({ "features": [] }))
            .await;
    }

    /// Injects axe-core (`$OZG_AXE_JS`) and checks the whole page, open shadow roots included,
    /// against WCAG 2.2 A and AA and axe's best practices; panics with every violation, its
    /// help text and its nodes. Each scan is counted ([`axe_scans`]).
    pub async fn assert_accessible(&self, state: &str) {
        AXE_SCANS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let axe = std::fs::read_to_string(axe_js())
            .unwrap_or_else(|e| panic!("cannot read axe-core from OZG_AXE_JS: {e}"));
        self.client
            .execute(&axe, Vec::new())
            .await
            .expect("cannot inject axe-core");
        let results = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, { runOnly: { type: 'tag',
                     values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa',
                              'best-practice'] } })
                   .then((r) => done({ violations: r.violations, passes: r.passes.length }))
                   .catch((e) => done({ error: String(e) }));",
                Vec::new(),
            )
            .await
            .expect("axe.run did not finish");
        if let Some(error) = results.get("error") {
            panic!("axe-core failed on {state}: {error}");
        }
        let violations = results["violations"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        if violations.is_empty() {
            // A run that checked nothing would pass vacuously; make sure axe really looked.
            assert!(
                results["passes"].as_u64().unwrap_or(0) > 0,
                "axe-core reported no passing rules on {state}: it did not check the page"
            );
            return;
        }
        let mut report = format!("{} axe-core violation(s) on {state}:\n", violations.len());
        for violation in &violations {
            report.push_str(&format!(
                "- {} ({}): {}\n",
                violation["id"].as_str().unwrap_or("?"),
                violation["impact"].as_str().unwrap_or("?"),
                violation["help"].as_str().unwrap_or("?"),
            ));
            for node in violation["nodes"].as_array().into_iter().flatten() {
                report.push_str(&format!(
                    "    target {}\n      {}\n",
                    node["target"],
                    node["failureSummary"]
                        .as_str()
                        .unwrap_or("")
                        .replace('\n', "\n      "),
                ));
            }
        }
        panic!("{report}");
    }

    /// Ends the browser session cleanly (dropping the harness also stops everything).
    pub async fn finish(self) {
        let Self { client, driver, .. } = self;
        // Closing the session quits Chromium; the driver goes when `driver` is dropped.
        if let Err(e) = client.close().await {
            eprintln!("closing the browser session failed: {e}");
        }
        drop(driver);
    }
}

/// A headless Chromium with a fresh profile in a folder of the caller's, driven through its own
/// chromedriver; both stop when it is dropped.
#[derive(Debug)]
pub struct Browser {
    /// The WebDriver session.
    pub client: Client,
    driver: Driver,
}

impl Browser {
    /// Starts chromedriver and Chromium with its profile and logs in `dir`.
    ///
    /// # Panics
    /// When chromedriver or Chromium cannot start; the message holds the driver's log.
    pub async fn launch(dir: &Path) -> Self {
        let driver = Driver::start(dir);
        let mut capabilities = Capabilities::new();
        capabilities.insert("browserName".into(), json!("chrome"));
        capabilities.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": chromium().display().to_string(),
                "args": [
                    // Root on CI needs --no-sandbox; the network is closed, so no background fetches.
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update",
                    "--no-first-run", "--disable-sync", "--window-size=1280,900",
                    format!("--user-data-dir={}", dir.join("profile").display()),
                ],
            }),
        );
        // Console messages (CSP violations among them) for `browser_log`.
        capabilities.insert("goog:loggingPrefs".into(), json!({ "browser": "ALL" }));
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&driver.url)
            .await
            .unwrap_or_else(|e| {
                panic!(
                    "cannot start Chromium through chromedriver: {e}\n{}",
                    driver.log()
                )
            });
        Self { client, driver }
    }

    /// Runs a Chrome DevTools Protocol command through chromedriver.
    ///
    /// # Errors
    /// Returns the command's error.
    pub async fn cdp(
        &self,
        command: &str,
        params: Value,
    ) -> Result<Value, fantoccini::error::CmdError> {
        self.client
            .issue_cmd(ChromeCommand::new(
                "goog/cdp/execute",
                json!({ "cmd": command, "params": params }),
            ))
            .await
    }

    /// The browser console since the last call, as `LEVEL message` lines.
    pub async fn console(&self) -> Vec<String> {
        console_lines(&self.client).await
    }

    /// Ends the session and quits Chromium and chromedriver.
    pub async fn close(self) {
        let Self { client, driver } = self;
        if let Err(e) = client.close().await {
            eprintln!("closing the browser session failed: {e}");
        }
        drop(driver);
    }
}

/// A chromedriver process on a loopback port; shut down (with its browsers) on drop.
#[derive(Debug)]
struct Driver {
    child: Child,
    url: String,
    port: u16,
    log: PathBuf,
}

impl Driver {
    fn start(dir: &Path) -> Self {
        let program = chromedriver();
        let log = dir.join("chromedriver.log");
        // The port is free when we ask; another process could take it before chromedriver binds
        // it, so a driver that exits at once is retried on a new port.
        for _ in 0..3 {
            let port = std::net::TcpListener::bind("127.0.0.1:0")
                .and_then(|l| l.local_addr())
                .expect("cannot find a free loopback port")
                .port();
            let mut command = Command::new(&program);
            command
                .arg(format!("--port={port}"))
                .arg(format!("--log-path={}", log.display()))
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null());
            let child = command
                .spawn()
                .unwrap_or_else(|e| panic!("cannot start {}: {e}", program.display()));
            let mut driver = Self {
                child,
                url: format!("http://127.0.0.1:{port}"),
                port,
                log: log.clone(),
            };
            if driver.wait_until_ready() {
                return driver;
            }
        }
        panic!(
            "chromedriver did not start\n{}",
            std::fs::read_to_string(&log).unwrap_or_default()
        );
    }

    /// Polls `/status` until the driver says it is ready (bounded: this waits for a process to
    /// start). Returns `false` when the process exited, so the caller can retry.
    fn wait_until_ready(&mut self) -> bool {
        for _ in 0..200 {
            if let Ok(Some(_)) = self.child.try_wait() {
                return false;
            }
            let ready = self
                .request("GET /status")
                .and_then(|body| serde_json::from_str::<Value>(&body).ok())
                .is_some_and(|status| status["value"]["ready"] == true);
            if ready {
                return true;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!(
            "chromedriver did not become ready within 10 s\n{}",
            self.log()
        );
    }

    /// A minimal blocking HTTP/1.1 request to the driver (which rejects HTTP/1.0); returns the
    /// body, or `None` when the driver does not answer. Blocking on purpose: `Drop` uses it.
    fn request(&self, request_line: &str) -> Option<String> {
        let addr = SocketAddr::from(([127, 0, 0, 1], self.port));
        let mut stream = TcpStream::connect_timeout(&addr, Duration::from_millis(500)).ok()?;
        stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
        write!(
            stream,
            "{request_line} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        )
        .ok()?;
        // chromedriver keeps the connection open despite `Connection: close`, so read exactly
        // the headers and then `Content-Length` bytes instead of reading to the end.
        let mut reader = std::io::BufReader::new(stream);
        let mut length = 0;
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).ok()? == 0 {
                return None;
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':')
                && name.eq_ignore_ascii_case("content-length")
            {
                length = value.trim().parse().ok()?;
            }
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).ok()?;
        String::from_utf8(body).ok()
    }

    fn log(&self) -> String {
        format!(
            "chromedriver log ({}):\n{}",
            self.log.display(),
            std::fs::read_to_string(&self.log).unwrap_or_default()
        )
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // `/shutdown` quits every session's browser, then the driver itself.
        let _ = self.request("GET /shutdown");
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A chromedriver-specific command under `/session/{id}/…` that fantoccini has no method for.
#[derive(Debug)]
struct ChromeCommand {
    path: &'static str,
    body: Value,
}

impl ChromeCommand {
    fn new(path: &'static str, body: Value) -> Self {
        Self { path, body }
    }
}

impl WebDriverCompatibleCommand for ChromeCommand {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        let session = session_id.unwrap_or_default();
        base_url.join(&format!("session/{session}/{}", self.path))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.body.to_string()))
    }
}

/// The browser console since the last read, as `LEVEL message` lines (chromedriver's log
/// endpoint; it also carries CSP violation reports).
async fn console_lines(client: &Client) -> Vec<String> {
    match client
        .issue_cmd(ChromeCommand::new("se/log", json!({ "type": "browser" })))
        .await
    {
        Ok(Value::Array(entries)) => entries
            .iter()
            .map(|e| format!("{} {}", e["level"].as_str().unwrap_or("?"), e["message"]))
            .collect(),
        other => vec![format!("(could not read the browser log: {other:?})")],
    }
}

/// The workspace root: `tests/` is one level below it.
/// The "Follow us" links the test endpoint serves: one per audience and one for everyone.
fn follow_links() -> Vec<ozg_endpoint::FollowConfig> {
    use ozg_sdk::{Audience, SocialPlatform};
    [
        (
            SocialPlatform::LinkedIn,
            "https://www.linkedin.com/company/example",
            vec![Audience::Professionals],
        ),
        (
            SocialPlatform::Mastodon,
            "https://social.bund.de/@example",
            vec![],
        ),
        (
            SocialPlatform::Instagram,
            "https://www.instagram.com/example",
            vec![Audience::Citizens],
        ),
    ]
    .into_iter()
    .map(|(platform, url, audiences)| ozg_endpoint::FollowConfig {
        platform,
        url: url.to_owned(),
        audiences,
    })
    .collect()
}

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf()
}

const BUILD_FIRST: &str = "run `cargo xtask build` first or use `cargo xtask test`";

/// The built CDN folder from `$OZG_DIST_DIR`.
pub(crate) fn dist_dir() -> PathBuf {
    let dir = std::env::var_os("OZG_DIST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| panic!("OZG_DIST_DIR is not set: {BUILD_FIRST}, which sets it"));
    assert!(
        dir.join("ozg-widget.js").is_file() && dir.join("ozg_widget_bg.wasm").is_file(),
        "OZG_DIST_DIR={} holds no widget build: {BUILD_FIRST}",
        dir.display()
    );
    dir
}

/// axe-core's browser bundle from `$OZG_AXE_JS`.
fn axe_js() -> PathBuf {
    let file = std::env::var_os("OZG_AXE_JS").map(PathBuf::from).unwrap_or_else(|| {
        panic!("OZG_AXE_JS is not set: use `cargo xtask test`, or set it to xtask/node_modules/axe-core/axe.min.js after `npm ci` in xtask/")
    });
    assert!(
        file.is_file(),
        "OZG_AXE_JS={} does not exist",
        file.display()
    );
    file
}

fn chromedriver() -> PathBuf {
    find_program("CHROMEDRIVER", "chromedriver")
}

fn chromium() -> PathBuf {
    find_program("OZG_CHROMIUM", "chromium")
}

/// `$env_var`, else `name` on PATH, else Debian's `/usr/bin/<name>`.
fn find_program(env_var: &str, name: &str) -> PathBuf {
    if let Some(path) = std::env::var_os(env_var) {
        return PathBuf::from(path);
    }
    let on_path = std::env::var_os("PATH").and_then(|path| {
        std::env::split_paths(&path)
            .map(|dir| dir.join(name))
            .find(|candidate| candidate.is_file())
    });
    let debian = Path::new("/usr/bin").join(name);
    on_path
        .or_else(|| debian.is_file().then_some(debian))
        .unwrap_or_else(|| {
            panic!("{name} not found (set {env_var}, put it on PATH, or run `cargo xtask test`, which installs it)")
        })
}
