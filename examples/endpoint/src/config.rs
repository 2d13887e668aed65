//! The endpoint's configuration: defaults, an optional TOML file, then `OZG_*` environment
//! variables, each checked with an error that names the field or the variable.

use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

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
    /// SQLite database URL (`OZG_DATABASE_URL`); the file is created when missing. Default
    /// `sqlite://ozg.sqlite?mode=rwc`, a file in the working directory.
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
        }
    }
}

/// The secret stays out of logs.
impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("listen", &self.listen)
            .field("database_url", &self.database_url)
            .field("public_url", &self.public_url)
            .field("cors_origins", &self.cors_origins)
            .field("static_dir", &self.static_dir)
            .field("cdn_dir", &self.cdn_dir)
            .field("rate_limit_per_minute", &self.rate_limit_per_minute)
            .field(
                "challenge_secret",
                &self.challenge_secret.as_ref().map(|_| "<redacted>"),
            )
            .finish()
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
        config.apply_env(env)?;
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
        Ok(())
    }

    /// Overrides fields with the `OZG_*` variables that are set, checking each.
    fn apply_env(&mut self, env: impl Fn(&str) -> Option<String>) -> Result<(), ConfigError> {
        const LISTEN: &str = "OZG_LISTEN";
        const DATABASE_URL: &str = "OZG_DATABASE_URL";
        const PUBLIC_URL: &str = "OZG_PUBLIC_URL";
        const CORS_ORIGINS: &str = "OZG_CORS_ORIGINS";
        const STATIC_DIR: &str = "OZG_STATIC_DIR";
        const CDN_DIR: &str = "OZG_CDN_DIR";
        const RATE_LIMIT: &str = "OZG_RATE_LIMIT_PER_MINUTE";
        const CHALLENGE_SECRET: &str = "OZG_CHALLENGE_SECRET";

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
        if let Some(value) = env(CHALLENGE_SECRET) {
            self.challenge_secret = if value.is_empty() {
                None
            } else {
                check_secret(&value, Source::Env(CHALLENGE_SECRET))?;
                Some(value)
            };
        }
        Ok(())
    }
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
    if url.starts_with("sqlite:") {
        Ok(())
    } else {
        Err(source.error(format!(
            "expected an SQLite URL such as sqlite://ozg.sqlite?mode=rwc, got {url:?}"
        )))
    }
}

/// An absolute `http(s)` URL without query or fragment; returned without trailing slash.
fn check_public_url(url: &str, source: Source) -> Result<String, ConfigError> {
    let trimmed = url.trim().trim_end_matches('/');
    let rest = trimmed
        .strip_prefix("https://")
        .or_else(|| trimmed.strip_prefix("http://"));
    match rest {
        Some(host) if !host.is_empty() && !host.contains(['?', '#', ' ']) => Ok(trimmed.to_owned()),
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
