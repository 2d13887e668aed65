//! The endpoint's configuration: defaults, an optional TOML file, then `OZG_*` environment
//! variables, each checked with an error that names the field or the variable.

use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use ozg_sdk::{Audience, LeikaKey, SocialPlatform};
use serde::Deserialize;

/// How the endpoint runs. Every field has a default that works on a developer's machine.
///
/// [`Config::load`] reads it from an optional TOML file whose keys are the field names, then
/// lets the environment variable named at each field override the value.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Socket address to listen on (`OZG_LISTEN`); default `127.0.0.1:8080`.
    pub listen: SocketAddr,
    /// Database URL (`OZG_DATABASE_URL`): SQLite (`sqlite://ozg.sqlite?mode=rwc`; the file is
    /// created when missing) or PostgreSQL (`postgres://user:password@host/database`; the
    /// database must exist). Default `sqlite://ozg.sqlite?mode=rwc`, a file in the working
    /// directory.
    pub database_url: String,
    /// The URL under which citizens reach this endpoint, without trailing slash
    /// (`OZG_PUBLIC_URL`); status links and media URLs start with it. Default
    /// `http://127.0.0.1:8080`.
    pub public_url: String,
    /// Origins of the portal pages that may call the API from a browser, exactly as the
    /// browser sends them, e.g. `https://www.musterstadt.de` (`OZG_CORS_ORIGINS`,
    /// comma-separated). Default: the endpoint's own demo origins.
    pub cors_origins: Vec<String>,
    /// A folder served at `/` (with `index.html` for folders), for the demo portal pages
    /// (`OZG_STATIC_DIR`; empty to switch off). Default: none.
    pub static_dir: Option<PathBuf>,
    /// A folder served at `/cdn/`, for the widget's script and wasm files (`OZG_CDN_DIR`; empty
    /// to switch off). Default: none.
    pub cdn_dir: Option<PathBuf>,
    /// How many `POST /v1/feedback` requests one client address may send per minute
    /// (`OZG_RATE_LIMIT_PER_MINUTE`); at least 1. Default 30.
    pub rate_limit_per_minute: u32,
    /// Secret that signs anti-spam challenges, at least 32 characters
    /// (`OZG_CHALLENGE_SECRET`). Default: none, and a random one is made at start, so that
    /// challenges do not survive a restart or span several instances.
    pub challenge_secret: Option<String>,
    /// Bearer token that `GET /metrics` requires, at least 32 characters (`OZG_METRICS_TOKEN`).
    /// Default: none, and then `/metrics` is open like `/healthz/*`, for a scraper on the
    /// operators' network behind a reverse proxy that does not pass these paths on.
    pub metrics_token: Option<String>,
    /// The social-media accounts and news feeds whose posts `GET /v1/updates` serves, as
    /// `[[sources]]` tables (TOML only). Default: none, so only stored posts are served.
    pub sources: Vec<SourceConfig>,
    /// How the endpoint fetches sources and their images, as a `[fetch]` table (TOML only).
    pub fetch: FetchConfig,
    /// "Follow us" links to the authority's profiles, as `[[follow]]` tables (TOML only), served
    /// with every `GET /v1/updates` in this order. Default: none.
    pub follow: Vec<FollowConfig>,
    /// Who may use the staff view and API under `/staff`, as `[[staff]]` tables (TOML only).
    /// Default: none, and then `/staff` answers 404.
    pub staff: Vec<crate::staff::StaffConfig>,
    /// The departments (Fachabteilungen) that receive the feedback on their services, as
    /// `[[departments]]` tables (TOML only; secrets also from the environment). Default: none,
    /// so feedback is only stored.
    pub departments: Vec<DepartmentConfig>,
    /// The mail server that forwards feedback by e-mail, as an `[smtp]` table (TOML only; the
    /// password also from `OZG_SMTP_PASSWORD`). Needed when a department has an `email`.
    pub smtp: Option<SmtpConfig>,
    /// Timeout and retry delays of forwards, as a `[forward]` table (TOML only).
    pub forward: ForwardConfig,
    /// The anti-spam checks of `POST /v1/feedback`, as an `[antispam]` table (TOML only).
    pub antispam: AntispamConfig,
}

/// A department that receives the feedback on the services whose `department` has its `name`,
/// by webhook, by e-mail, both, or neither (then its staff read it in the endpoint only).
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DepartmentConfig {
    /// The department's name exactly as stored with its services (see `import --department`).
    pub name: String,
    /// An `http(s)` URL that receives every feedback as a signed JSON `POST`.
    #[serde(default)]
    pub webhook_url: Option<String>,
    /// The key that signs the webhook requests, at least 32 characters; required with
    /// `webhook_url`. `OZG_DEPARTMENTS_<n>_WEBHOOK_SECRET` overrides it for the `n`-th table,
    /// counted from 0.
    #[serde(default)]
    pub webhook_secret: Option<String>,
    /// The address that receives every feedback as a plain-text e-mail; needs `[smtp]`.
    #[serde(default)]
    pub email: Option<String>,
}

/// The secret stays out of logs.
impl fmt::Debug for DepartmentConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DepartmentConfig")
            .field("name", &self.name)
            .field("webhook_url", &self.webhook_url)
            .field(
                "webhook_secret",
                &self.webhook_secret.as_ref().map(|_| "<redacted>"),
            )
            .field("email", &self.email)
            .finish()
    }
}

/// How the endpoint reaches its mail server.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmtpConfig {
    /// Host name of the mail server.
    pub host: String,
    /// Port; default 587 for `starttls`, 465 for `tls`, 25 for `none`.
    #[serde(default)]
    pub port: Option<u16>,
    /// How the connection is protected. Default `starttls`.
    #[serde(default)]
    pub tls: SmtpTls,
    /// User name for SMTP authentication; together with `password`, or neither.
    #[serde(default)]
    pub user: Option<String>,
    /// Password for SMTP authentication (`OZG_SMTP_PASSWORD`).
    #[serde(default)]
    pub password: Option<String>,
    /// The sender address, e.g. `"Feedback Musterstadt <feedback@musterstadt.de>"`.
    pub from: String,
}

impl SmtpConfig {
    /// The configured port, or the usual one for the TLS mode.
    pub fn port_or_default(&self) -> u16 {
        self.port.unwrap_or(match self.tls {
            SmtpTls::Starttls => 587,
            SmtpTls::Tls => 465,
            SmtpTls::None => 25,
        })
    }
}

/// The password stays out of logs.
impl fmt::Debug for SmtpConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SmtpConfig")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("tls", &self.tls)
            .field("user", &self.user)
            .field("password", &self.password.as_ref().map(|_| "<redacted>"))
            .field("from", &self.from)
            .finish()
    }
}

/// The protection of the SMTP connection.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SmtpTls {
    /// Plain connection upgraded with `STARTTLS`, which must succeed (port 587).
    #[default]
    Starttls,
    /// TLS from the first byte (port 465).
    Tls,
    /// No encryption at all; only for a relay on the same host or network.
    None,
}

/// Timeout and retry delays of forwards.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ForwardConfig {
    /// Seconds a webhook or mail server may take to acknowledge, 1–120. Default 10.
    pub timeout_seconds: u64,
    /// Delay before the first retry, in seconds, at least 1; doubled after every failure,
    /// with random jitter. Default 30.
    pub retry_base_seconds: u64,
    /// The longest delay between two retries, in seconds, at least `retry_base_seconds`.
    /// Default 3600.
    pub retry_max_seconds: u64,
}

impl Default for ForwardConfig {
    fn default() -> Self {
        Self {
            timeout_seconds: 10,
            retry_base_seconds: 30,
            retry_max_seconds: 3600,
        }
    }
}

/// The anti-spam checks: a signed challenge that must be between `min_delay_seconds` and
/// `max_age_seconds` old when feedback arrives, each used once, optionally with an ALTCHA
/// proof of work.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AntispamConfig {
    /// Seconds that must pass between fetching a challenge and submitting, 0–600; quicker
    /// submissions come from bots. Default 3.
    pub min_delay_seconds: u32,
    /// Seconds a challenge stays valid, from 60 to 30 days. Default 86,400 (24 hours).
    pub max_age_seconds: u32,
    /// Whether challenges carry an ALTCHA proof of work (SHA-256) that the client must solve.
    /// Default `false`.
    pub proof_of_work: bool,
    /// The proof of work's largest counter, 1,000–10,000,000: a client hashes half of it on
    /// average (50,000 take a browser about a second). Default 50,000.
    pub proof_of_work_max_number: u32,
}

impl Default for AntispamConfig {
    fn default() -> Self {
        Self {
            min_delay_seconds: 3,
            max_age_seconds: 24 * 60 * 60,
            proof_of_work: false,
            proof_of_work_max_number: 50_000,
        }
    }
}

/// One source of posts: a Mastodon account, a Bluesky actor, or an RSS, Atom or JSON feed.
///
/// Which fields apply depends on `kind`; [`Config::load`] rejects a missing field the kind
/// needs and a field it does not use.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceConfig {
    /// Unique name of the source, `a-z 0-9 - _ .`; used in logs, the health route and post ids
    /// of feeds.
    pub name: String,
    /// What kind of source it is.
    pub kind: SourceKind,
    /// LeiKa key of the service the posts are about; absent for posts about the whole
    /// authority, which every service shows.
    #[serde(default)]
    pub service: Option<String>,
    /// Mastodon: the instance, e.g. `https://social.bund.de`.
    #[serde(default)]
    pub instance: Option<String>,
    /// Mastodon: the account's user name on the instance, e.g. `bmas`.
    #[serde(default)]
    pub account: Option<String>,
    /// Bluesky: the actor's handle or DID, e.g. `bmas.bund.de`.
    #[serde(default)]
    pub actor: Option<String>,
    /// Bluesky: the public AppView to ask. Default `https://public.api.bsky.app`.
    #[serde(default)]
    pub appview: Option<String>,
    /// Feeds: the URL of the RSS 2.0, Atom 1.0 or JSON Feed 1.1 document.
    #[serde(default)]
    pub url: Option<String>,
    /// Leave out replies (Mastodon, Bluesky). Default `true`.
    #[serde(default = "yes")]
    pub exclude_replies: bool,
    /// Leave out boosts and reposts of other accounts' posts (Mastodon, Bluesky). Default
    /// `false`.
    #[serde(default)]
    pub exclude_reblogs: bool,
    /// Show the account's pinned posts first (Mastodon, Bluesky). Default `false`.
    #[serde(default)]
    pub pinned_first: bool,
    /// How many of the newest posts to keep, 1–100. Default 20.
    #[serde(default = "default_max_posts")]
    pub max_posts: u32,
    /// Seconds between two refreshes, at least 60. Default 600.
    #[serde(default = "default_interval")]
    pub interval_seconds: u64,
}

fn yes() -> bool {
    true
}

fn default_max_posts() -> u32 {
    20
}

fn default_interval() -> u64 {
    600
}

/// The longest interval between two refreshes of a source: a day.
const MAX_SOURCE_INTERVAL: u64 = 24 * 60 * 60;

/// The longest delay before retrying a forward: a week. Longer ones would overflow the
/// calendar arithmetic and serve no department.
const MAX_RETRY_DELAY: u64 = 7 * 24 * 60 * 60;

/// The kinds of [`SourceConfig`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// A Mastodon account (`instance`, `account`), read through the statuses API.
    Mastodon,
    /// A Bluesky actor (`actor`, optional `appview`), read through `app.bsky.feed.getAuthorFeed`.
    Bluesky,
    /// An RSS 2.0, Atom 1.0 or JSON Feed 1.1 document (`url`); the format is detected.
    Feed,
}

impl SourceKind {
    /// The name as in the config file.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Mastodon => "mastodon",
            Self::Bluesky => "bluesky",
            Self::Feed => "feed",
        }
    }
}

/// Limits for fetching sources and images.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FetchConfig {
    /// Seconds one upstream request may take, 1–120. Default 10.
    pub timeout_seconds: u64,
    /// Largest upstream answer (feed, API page) in bytes. Default 2 MiB.
    pub max_bytes: u64,
    /// Largest image in bytes; larger images are left out. Default 5 MiB.
    pub media_max_bytes: u64,
}

impl Default for FetchConfig {
    fn default() -> Self {
        Self {
            timeout_seconds: 10,
            max_bytes: 2 * 1024 * 1024,
            media_max_bytes: 5 * 1024 * 1024,
        }
    }
}

/// A "Follow us" link, served as [`ozg_sdk::FollowLink`].
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FollowConfig {
    /// `instagram`, `facebook`, `tiktok`, `linkedin`, `xing`, `x`, `youtube`, `mastodon` or
    /// `bluesky`.
    pub platform: SocialPlatform,
    /// The profile's `https` URL.
    pub url: String,
    /// Whom the profile addresses: `citizens`, `professionals`; empty for everyone.
    #[serde(default)]
    pub audiences: Vec<Audience>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            database_url: "sqlite://ozg.sqlite?mode=rwc".to_owned(),
            public_url: "http://127.0.0.1:8080".to_owned(),
            cors_origins: vec![
                "http://127.0.0.1:8080".to_owned(),
                "http://localhost:8080".to_owned(),
            ],
            static_dir: None,
            cdn_dir: None,
            rate_limit_per_minute: 30,
            challenge_secret: None,
            metrics_token: None,
            sources: Vec::new(),
            fetch: FetchConfig::default(),
            follow: Vec::new(),
            departments: Vec::new(),
            smtp: None,
            forward: ForwardConfig::default(),
            staff: Vec::new(),
            antispam: AntispamConfig::default(),
        }
    }
}

/// The secret stays out of logs.
impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("listen", &self.listen)
            .field("database_url", &crate::db::Redacted(&self.database_url))
            .field("public_url", &self.public_url)
            .field("cors_origins", &self.cors_origins)
            .field("static_dir", &self.static_dir)
            .field("cdn_dir", &self.cdn_dir)
            .field("rate_limit_per_minute", &self.rate_limit_per_minute)
            .field(
                "challenge_secret",
                &self.challenge_secret.as_ref().map(|_| "<redacted>"),
            )
            .field(
                "metrics_token",
                &self.metrics_token.as_ref().map(|_| "<redacted>"),
            )
            .field("sources", &self.sources)
            .field("fetch", &self.fetch)
            .field("follow", &self.follow)
            .field("departments", &self.departments)
            .field("smtp", &self.smtp)
            .field("forward", &self.forward)
            .field("staff", &self.staff)
            .field("antispam", &self.antispam)
            .finish()
    }
}

impl Config {
    fn check_antispam(&self) -> Result<(), ConfigError> {
        let antispam = &self.antispam;
        let entry = |field: &str, message: &str| ConfigError::Entry {
            field: format!("antispam.{field}"),
            message: message.to_owned(),
        };
        if antispam.min_delay_seconds > 600 {
            return Err(entry("min_delay_seconds", "must be between 0 and 600"));
        }
        if !(60..=30 * 24 * 60 * 60).contains(&antispam.max_age_seconds) {
            return Err(entry(
                "max_age_seconds",
                "must be between 60 and 2592000 (30 days)",
            ));
        }
        if antispam.min_delay_seconds >= antispam.max_age_seconds {
            return Err(entry(
                "min_delay_seconds",
                "must be less than max_age_seconds, or no challenge could ever be answered",
            ));
        }
        if !(1_000..=10_000_000).contains(&antispam.proof_of_work_max_number) {
            return Err(entry(
                "proof_of_work_max_number",
                "must be between 1000 and 10000000",
            ));
        }
        Ok(())
    }
}

/// Why a configuration could not be loaded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// The config file could not be read.
    #[error("cannot read config file {}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
    /// The config file is not valid TOML or has a value of the wrong type or an unknown key.
    #[error("invalid config file {}: {message}", path.display())]
    Parse {
        /// The file.
        path: PathBuf,
        /// Which key, on which line, and what is wrong.
        message: String,
    },
    /// A field of the config file has a value of the right type that is not allowed.
    #[error("invalid `{field}` in config file: {message}")]
    Field {
        /// The field name, as in the TOML file.
        field: &'static str,
        /// What is wrong.
        message: String,
    },
    /// A field of a `[[sources]]`, `[[follow]]` or `[fetch]` table has a value that is not
    /// allowed, or is missing.
    #[error("invalid `{field}` in config file: {message}")]
    Entry {
        /// The field, as `sources[2].instance`.
        field: String,
        /// What is wrong.
        message: String,
    },
    /// An `OZG_*` environment variable has a value that is not allowed.
    #[error("invalid environment variable {var}: {message}")]
    Env {
        /// The variable name.
        var: &'static str,
        /// What is wrong.
        message: String,
    },
}

/// Where a value came from, to name it in an error.
#[derive(Clone, Copy)]
enum Source {
    Field(&'static str),
    Env(&'static str),
}

impl Source {
    fn error(self, message: impl Into<String>) -> ConfigError {
        match self {
            Self::Field(field) => ConfigError::Field {
                field,
                message: message.into(),
            },
            Self::Env(var) => ConfigError::Env {
                var,
                message: message.into(),
            },
        }
    }
}

impl Config {
    /// Loads the defaults, then the TOML file at `path` when given, then the `OZG_*`
    /// environment variables, and checks every value.
    ///
    /// # Errors
    /// Returns a [`ConfigError`] that names the file, field or variable with a bad value.
    pub fn load(path: Option<&Path>) -> Result<Config, ConfigError> {
        Self::load_with_env(path, |var| std::env::var(var).ok())
    }

    /// Like [`Config::load`], but reads environment variables through `env`, so that tests
    /// need not change the process environment.
    ///
    /// # Errors
    /// As [`Config::load`].
    pub fn load_with_env(
        path: Option<&Path>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Config, ConfigError> {
        let mut config = match path {
            Some(path) => {
                let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
                    path: path.to_owned(),
                    source,
                })?;
                Self::from_toml(&text).map_err(|message| ConfigError::Parse {
                    path: path.to_owned(),
                    message,
                })?
            }
            None => Config::default(),
        };
        config.check_fields()?;
        config.apply_env(&env)?;
        config.apply_forward_env(&env)?;
        config.check_forwarding()?;
        Ok(config)
    }

    /// Parses TOML, naming the key and line of the first error.
    fn from_toml(text: &str) -> Result<Config, String> {
        let deserializer = toml::Deserializer::parse(text).map_err(|e| describe_toml(text, &e))?;
        serde_path_to_error::deserialize(deserializer).map_err(|e| {
            let key = e.path().to_string();
            let detail = describe_toml(text, e.inner());
            if key == "." {
                detail
            } else {
                format!("`{key}`: {detail}")
            }
        })
    }

    /// Checks the values that came from the file (or the defaults).
    fn check_fields(&mut self) -> Result<(), ConfigError> {
        check_database_url(&self.database_url, Source::Field("database_url"))?;
        self.public_url = check_public_url(&self.public_url, Source::Field("public_url"))?;
        for origin in &self.cors_origins {
            check_origin(origin, Source::Field("cors_origins"))?;
        }
        if let Some(dir) = &self.static_dir {
            check_dir(dir, Source::Field("static_dir"))?;
        }
        if let Some(dir) = &self.cdn_dir {
            check_dir(dir, Source::Field("cdn_dir"))?;
        }
        check_rate_limit(
            self.rate_limit_per_minute,
            Source::Field("rate_limit_per_minute"),
        )?;
        if let Some(secret) = &self.challenge_secret {
            check_secret(secret, Source::Field("challenge_secret"))?;
        }
        if let Some(token) = &self.metrics_token {
            check_secret(token, Source::Field("metrics_token"))?;
        }
        self.check_antispam()?;
        self.check_sources()?;
        crate::staff::check_config(&mut self.staff)
    }

    /// Checks `[[sources]]`, `[fetch]` and `[[follow]]`.
    fn check_sources(&mut self) -> Result<(), ConfigError> {
        let entry = |field: String, message: &str| ConfigError::Entry {
            field,
            message: message.to_owned(),
        };
        let fetch = &self.fetch;
        if !(1..=120).contains(&fetch.timeout_seconds) {
            return Err(entry(
                "fetch.timeout_seconds".into(),
                "must be from 1 to 120",
            ));
        }
        if fetch.max_bytes < 1024 {
            return Err(entry("fetch.max_bytes".into(), "must be at least 1024"));
        }
        if fetch.media_max_bytes < 1024 {
            return Err(entry(
                "fetch.media_max_bytes".into(),
                "must be at least 1024",
            ));
        }
        let mut names = std::collections::HashSet::new();
        for (i, source) in self.sources.iter_mut().enumerate() {
            let field = |name: &str| format!("sources[{i}].{name}");
            let valid_name = !source.name.is_empty()
                && source.name.len() <= 64
                && source.name.bytes().all(|b| {
                    b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_' | b'.')
                });
            if !valid_name {
                return Err(entry(
                    field("name"),
                    "must be 1 to 64 of a-z 0-9 - _ . (e.g. \"bmas-mastodon\")",
                ));
            }
            if !names.insert(source.name.clone()) {
                return Err(entry(field("name"), "is used by another source"));
            }
            if let Some(service) = &source.service
                && LeikaKey::parse(service).is_err()
            {
                return Err(entry(field("service"), "must be a LeiKa key of 14 digits"));
            }
            if !(1..=100).contains(&source.max_posts) {
                return Err(entry(field("max_posts"), "must be from 1 to 100"));
            }
            if !(60..=MAX_SOURCE_INTERVAL).contains(&source.interval_seconds) {
                return Err(entry(
                    field("interval_seconds"),
                    "must be from 60 to 86400 (a day)",
                ));
            }
            let kind = source.kind.as_str();
            let (needed, unused): (&[&str], &[&str]) = match source.kind {
                SourceKind::Mastodon => (&["instance", "account"], &["actor", "appview", "url"]),
                SourceKind::Bluesky => (&["actor"], &["instance", "account", "url"]),
                SourceKind::Feed => (&["url"], &["instance", "account", "actor", "appview"]),
            };
            for name in needed {
                if source
                    .text(name)
                    .is_none_or(|value| value.trim().is_empty())
                {
                    return Err(entry(
                        field(name),
                        &format!("is required for kind = \"{kind}\""),
                    ));
                }
            }
            for name in unused {
                if source.text(name).is_some() {
                    return Err(entry(
                        field(name),
                        &format!("is not used for kind = \"{kind}\""),
                    ));
                }
            }
            for name in ["instance", "appview", "url"] {
                if let Some(url) = source.text(name) {
                    check_upstream_url(url, name != "url")
                        .map_err(|message| entry(field(name), &message))?;
                }
            }
            if let Some(instance) = &mut source.instance {
                *instance = instance.trim_end_matches('/').to_owned();
            }
            if let Some(appview) = &mut source.appview {
                *appview = appview.trim_end_matches('/').to_owned();
            }
            if let Some(account) = &mut source.account {
                let trimmed = account.trim().trim_start_matches('@');
                if trimmed.is_empty() || trimmed.contains(['@', '/', '?', '#', ' ']) {
                    return Err(entry(
                        field("account"),
                        "must be the user name on the instance, e.g. \"bmas\"",
                    ));
                }
                *account = trimmed.to_owned();
            }
            if let Some(actor) = &source.actor
                && actor.contains(['/', '?', '#', ' ', '@'])
            {
                return Err(entry(
                    field("actor"),
                    "must be a handle such as bmas.bund.de or a did:plc:… identifier",
                ));
            }
        }
        for (i, link) in self.follow.iter().enumerate() {
            let valid = link
                .url
                .strip_prefix("https://")
                .is_some_and(|rest| !rest.is_empty() && !rest.contains(' '));
            if !valid {
                return Err(entry(
                    format!("follow[{i}].url"),
                    "must be an absolute https URL",
                ));
            }
        }
        Ok(())
    }

    /// Overrides fields with the `OZG_*` variables that are set, checking each.
    fn apply_env(&mut self, env: &impl Fn(&str) -> Option<String>) -> Result<(), ConfigError> {
        const LISTEN: &str = "OZG_LISTEN";
        const DATABASE_URL: &str = "OZG_DATABASE_URL";
        const PUBLIC_URL: &str = "OZG_PUBLIC_URL";
        const CORS_ORIGINS: &str = "OZG_CORS_ORIGINS";
        const STATIC_DIR: &str = "OZG_STATIC_DIR";
        const CDN_DIR: &str = "OZG_CDN_DIR";
        const RATE_LIMIT: &str = "OZG_RATE_LIMIT_PER_MINUTE";
        const CHALLENGE_SECRET: &str = "OZG_CHALLENGE_SECRET";
        const METRICS_TOKEN: &str = "OZG_METRICS_TOKEN";

        if let Some(value) = env(LISTEN) {
            self.listen = value.trim().parse().map_err(|_| {
                Source::Env(LISTEN).error(format!(
                    "expected a socket address such as 127.0.0.1:8080, got {value:?}"
                ))
            })?;
        }
        if let Some(value) = env(DATABASE_URL) {
            check_database_url(&value, Source::Env(DATABASE_URL))?;
            self.database_url = value;
        }
        if let Some(value) = env(PUBLIC_URL) {
            self.public_url = check_public_url(&value, Source::Env(PUBLIC_URL))?;
        }
        if let Some(value) = env(CORS_ORIGINS) {
            let origins = value
                .split(',')
                .map(str::trim)
                .filter(|origin| !origin.is_empty())
                .map(str::to_owned)
                .collect::<Vec<_>>();
            for origin in &origins {
                check_origin(origin, Source::Env(CORS_ORIGINS))?;
            }
            self.cors_origins = origins;
        }
        for (var, field) in [
            (STATIC_DIR, &mut self.static_dir),
            (CDN_DIR, &mut self.cdn_dir),
        ] {
            if let Some(value) = env(var) {
                *field = if value.is_empty() {
                    None
                } else {
                    let dir = PathBuf::from(value);
                    check_dir(&dir, Source::Env(var))?;
                    Some(dir)
                };
            }
        }
        if let Some(value) = env(RATE_LIMIT) {
            let limit = value.trim().parse().map_err(|_| {
                Source::Env(RATE_LIMIT).error(format!(
                    "expected a whole number of requests, got {value:?}"
                ))
            })?;
            check_rate_limit(limit, Source::Env(RATE_LIMIT))?;
            self.rate_limit_per_minute = limit;
        }
        for (var, field) in [
            (CHALLENGE_SECRET, &mut self.challenge_secret),
            (METRICS_TOKEN, &mut self.metrics_token),
        ] {
            if let Some(value) = env(var) {
                *field = if value.is_empty() {
                    None
                } else {
                    check_secret(&value, Source::Env(var))?;
                    Some(value)
                };
            }
        }
        Ok(())
    }
}

impl Config {
    /// Overrides the secrets of `[[departments]]` and `[smtp]` with the variables that are set.
    fn apply_forward_env(
        &mut self,
        env: &impl Fn(&str) -> Option<String>,
    ) -> Result<(), ConfigError> {
        for (i, department) in self.departments.iter_mut().enumerate() {
            if let Some(value) = env(&format!("OZG_DEPARTMENTS_{i}_WEBHOOK_SECRET")) {
                department.webhook_secret = (!value.is_empty()).then_some(value);
            }
        }
        if let Some(value) = env("OZG_SMTP_PASSWORD") {
            match &mut self.smtp {
                Some(smtp) => smtp.password = (!value.is_empty()).then_some(value),
                None if value.is_empty() => {}
                None => {
                    return Err(Source::Env("OZG_SMTP_PASSWORD")
                        .error("is set, but the config file has no [smtp] table"));
                }
            }
        }
        Ok(())
    }

    /// Checks `[[departments]]`, `[smtp]` and `[forward]`, after the environment had its say.
    fn check_forwarding(&mut self) -> Result<(), ConfigError> {
        let entry = |field: String, message: &str| ConfigError::Entry {
            field,
            message: message.to_owned(),
        };
        let forward = &self.forward;
        if !(1..=120).contains(&forward.timeout_seconds) {
            return Err(entry(
                "forward.timeout_seconds".into(),
                "must be from 1 to 120",
            ));
        }
        if !(1..=MAX_RETRY_DELAY).contains(&forward.retry_base_seconds) {
            return Err(entry(
                "forward.retry_base_seconds".into(),
                "must be from 1 to 604800 (a week)",
            ));
        }
        if forward.retry_max_seconds > MAX_RETRY_DELAY {
            return Err(entry(
                "forward.retry_max_seconds".into(),
                "must be at most 604800 (a week)",
            ));
        }
        if forward.retry_max_seconds < forward.retry_base_seconds {
            return Err(entry(
                "forward.retry_max_seconds".into(),
                "must be at least retry_base_seconds",
            ));
        }
        if let Some(smtp) = &mut self.smtp {
            smtp.host = smtp.host.trim().to_owned();
            if smtp.host.is_empty() || smtp.host.contains(['/', ' ', '@']) {
                return Err(entry(
                    "smtp.host".into(),
                    "must be a host name such as mail.musterstadt.de",
                ));
            }
            if smtp.port == Some(0) {
                return Err(entry("smtp.port".into(), "must be from 1 to 65535"));
            }
            if smtp.user.is_some() != smtp.password.is_some() {
                return Err(entry(
                    "smtp.password".into(),
                    "user and password go together: set both or neither",
                ));
            }
            if smtp.from.parse::<lettre::message::Mailbox>().is_err() {
                return Err(entry(
                    "smtp.from".into(),
                    "must be an address such as \"Feedback <feedback@musterstadt.de>\"",
                ));
            }
        }
        let mut names = std::collections::HashSet::new();
        for (i, department) in self.departments.iter_mut().enumerate() {
            let field = |name: &str| format!("departments[{i}].{name}");
            department.name = department.name.trim().to_owned();
            if department.name.is_empty() {
                return Err(entry(field("name"), "must not be empty"));
            }
            if !names.insert(department.name.clone()) {
                return Err(entry(field("name"), "is used by another department"));
            }
            match (&department.webhook_url, &department.webhook_secret) {
                (Some(url), secret) => {
                    check_upstream_url(url, false)
                        .map_err(|message| entry(field("webhook_url"), &message))?;
                    match secret {
                        None => {
                            return Err(entry(
                                field("webhook_secret"),
                                &format!(
                                    "is required with webhook_url (or set \
                                     OZG_DEPARTMENTS_{i}_WEBHOOK_SECRET)"
                                ),
                            ));
                        }
                        Some(secret) if secret.chars().count() < 32 => {
                            return Err(entry(
                                field("webhook_secret"),
                                "must have at least 32 characters",
                            ));
                        }
                        Some(_) => {}
                    }
                }
                (None, Some(_)) => {
                    return Err(entry(
                        field("webhook_secret"),
                        "is set, but webhook_url is missing",
                    ));
                }
                (None, None) => {}
            }
            if let Some(email) = &department.email {
                if email.parse::<lettre::Address>().is_err() {
                    return Err(entry(
                        field("email"),
                        "must be an address such as leistungen@jobcenter-musterstadt.de",
                    ));
                }
                if self.smtp.is_none() {
                    return Err(entry(
                        field("email"),
                        "needs an [smtp] table that says how to send mail",
                    ));
                }
            }
        }
        Ok(())
    }
}

impl SourceConfig {
    /// The text field `name`, for the checks that treat them alike.
    fn text(&self, name: &str) -> Option<&str> {
        match name {
            "instance" => self.instance.as_deref(),
            "account" => self.account.as_deref(),
            "actor" => self.actor.as_deref(),
            "appview" => self.appview.as_deref(),
            "url" => self.url.as_deref(),
            _ => None,
        }
    }
}

/// An absolute `http(s)` URL of an upstream server; `origin_only` forbids a path.
fn check_upstream_url(value: &str, origin_only: bool) -> Result<(), String> {
    let url = url::Url::parse(value).map_err(|e| format!("{value:?} is not a URL: {e}"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(format!("{value:?} must be an absolute http(s) URL"));
    }
    if origin_only && (url.path() != "/" || url.query().is_some()) {
        return Err(format!(
            "{value:?} must be scheme and host only, e.g. https://social.bund.de"
        ));
    }
    Ok(())
}

/// The first line of a TOML error, with the line number where the input has one.
fn describe_toml(text: &str, error: &toml::de::Error) -> String {
    let message = error.message().trim_end();
    match error.span() {
        Some(span) => {
            let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
            format!("{message} (line {line})")
        }
        None => message.to_owned(),
    }
}

fn check_database_url(url: &str, source: Source) -> Result<(), ConfigError> {
    if crate::db::Backend::of_url(url).is_some() {
        Ok(())
    } else {
        Err(source.error(format!(
            "expected an SQLite URL such as sqlite://ozg.sqlite?mode=rwc or a PostgreSQL URL \
             such as postgres://ozg@db.example/ozg, got {:?}",
            crate::db::Redacted(url)
        )))
    }
}

/// An absolute `http(s)` URL without query or fragment; returned without trailing slash.
fn check_public_url(url: &str, source: Source) -> Result<String, ConfigError> {
    let trimmed = url.trim().trim_end_matches('/');
    let rest = trimmed
        .strip_prefix("https://")
        .or_else(|| trimmed.strip_prefix("http://"));
    let parses = url::Url::parse(trimmed).is_ok_and(|url| url.host().is_some());
    match rest {
        Some(host) if parses && !host.is_empty() && !host.contains(['?', '#', ' ']) => {
            Ok(trimmed.to_owned())
        }
        _ => Err(source.error(format!(
            "expected an absolute http(s) URL such as https://feedback.musterstadt.de, got {url:?}"
        ))),
    }
}

/// An origin as browsers send it: scheme, host and optional port, nothing else.
fn check_origin(origin: &str, source: Source) -> Result<(), ConfigError> {
    let host = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"));
    let valid = host.is_some_and(|host| {
        !host.is_empty()
            && host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'))
    });
    if valid {
        Ok(())
    } else {
        Err(source.error(format!(
            "expected origins such as https://www.musterstadt.de (scheme, host and port only, \
             no path or trailing slash), got {origin:?}"
        )))
    }
}

fn check_dir(dir: &Path, source: Source) -> Result<(), ConfigError> {
    if dir.is_dir() {
        Ok(())
    } else {
        Err(source.error(format!("{} is not a folder", dir.display())))
    }
}

fn check_rate_limit(limit: u32, source: Source) -> Result<(), ConfigError> {
    if limit >= 1 {
        Ok(())
    } else {
        Err(source.error("must allow at least 1 request per minute"))
    }
}

fn check_secret(secret: &str, source: Source) -> Result<(), ConfigError> {
    if secret.chars().count() >= 32 {
        Ok(())
    } else {
        Err(source.error("must have at least 32 characters"))
    }
}
