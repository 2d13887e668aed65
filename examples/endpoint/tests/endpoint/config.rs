//! `Config::load`: defaults, TOML file, environment overrides, and errors that name the culprit.

use std::collections::HashMap;
use std::path::Path;

use ozg_endpoint::{Config, ConfigError};

fn load(toml: Option<&str>, env: &[(&str, &str)]) -> Result<Config, ConfigError> {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("ozg-endpoint.toml");
    if let Some(toml) = toml {
        std::fs::write(&path, toml).expect("write config");
    }
    let env: HashMap<String, String> = env
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    Config::load_with_env(toml.map(|_| path.as_path()), |var| env.get(var).cloned())
}

#[test]
fn defaults() {
    let config = load(None, &[]).expect("defaults load");
    assert_eq!(config, Config::default());
    assert_eq!(config.listen.to_string(), "127.0.0.1:8080");
    assert_eq!(config.public_url, "http://127.0.0.1:8080");
    assert_eq!(config.rate_limit_per_minute, 30);
    assert!(config.database_url.starts_with("sqlite:"));
    assert_eq!(
        config.cors_origins,
        ["http://127.0.0.1:8080", "http://localhost:8080"]
    );
}

#[test]
fn the_example_file_loads() {
    let example = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/ozg-endpoint.example.toml"
    ))
    .expect("example config");
    assert_eq!(
        load(Some(&example), &[]).expect("example loads"),
        Config::default()
    );
}

#[test]
fn the_file_then_the_environment() {
    let dir = tempfile::tempdir().expect("folder");
    let dir_str = dir.path().to_str().expect("UTF-8 path");
    let toml = format!(
        r#"
        listen = "0.0.0.0:9000"
        public_url = "https://feedback.musterstadt.de/"
        cors_origins = ["https://www.musterstadt.de"]
        rate_limit_per_minute = 10
        static_dir = "{dir_str}"
        "#
    );
    let config = load(Some(&toml), &[]).expect("file loads");
    assert_eq!(config.listen.to_string(), "0.0.0.0:9000");
    assert_eq!(
        config.public_url, "https://feedback.musterstadt.de",
        "no trailing slash"
    );
    assert_eq!(config.rate_limit_per_minute, 10);
    assert_eq!(config.static_dir.as_deref(), Some(Path::new(dir_str)));

    let config = load(
        Some(&toml),
        &[
            ("OZG_LISTEN", "127.0.0.1:3000"),
            ("OZG_PUBLIC_URL", "https://beteiligung.musterstadt.de"),
            (
                "OZG_CORS_ORIGINS",
                "https://a.musterstadt.de, https://b.musterstadt.de,",
            ),
            ("OZG_RATE_LIMIT_PER_MINUTE", "5"),
            ("OZG_STATIC_DIR", ""),
            ("OZG_CDN_DIR", dir_str),
            ("OZG_DATABASE_URL", "sqlite::memory:"),
            ("OZG_CHALLENGE_SECRET", "0123456789abcdef0123456789abcdef"),
        ],
    )
    .expect("environment applies");
    assert_eq!(config.listen.to_string(), "127.0.0.1:3000");
    assert_eq!(config.public_url, "https://beteiligung.musterstadt.de");
    assert_eq!(
        config.cors_origins,
        ["https://a.musterstadt.de", "https://b.musterstadt.de"]
    );
    assert_eq!(config.rate_limit_per_minute, 5);
    assert_eq!(config.static_dir, None);
    assert_eq!(config.cdn_dir.as_deref(), Some(Path::new(dir_str)));
    assert_eq!(config.database_url, "sqlite::memory:");
    assert!(config.challenge_secret.is_some());
    assert!(
        !format!("{config:?}").contains("0123456789abcdef"),
        "secret redacted"
    );
}

/// Loads and expects an error whose message contains every one of `names`.
fn check_error(toml: Option<&str>, env: &[(&str, &str)], names: &[&str]) {
    let error = load(toml, env).expect_err("invalid config").to_string();
    for name in names {
        assert!(error.contains(name), "{error:?} should name {name}");
    }
}

#[test]
fn invalid_values_are_named() {
    check_error(
        Some("rate_limit_per_minute = \"viele\""),
        &[],
        &["rate_limit_per_minute", "line 1"],
    );
    check_error(Some("lisen = \"127.0.0.1:1\""), &[], &["lisen"]);
    check_error(Some("listen = \"localhost\""), &[], &["listen"]);
    check_error(Some("listen = "), &[], &["line 1"]);
    check_error(
        Some("rate_limit_per_minute = 0"),
        &[],
        &["rate_limit_per_minute"],
    );
    check_error(Some("public_url = \"ftp://x.de\""), &[], &["public_url"]);
    check_error(
        Some("cors_origins = [\"https://www.musterstadt.de/\"]"),
        &[],
        &["cors_origins"],
    );
    check_error(
        Some("database_url = \"postgres://db\""),
        &[],
        &["database_url"],
    );
    check_error(
        Some("static_dir = \"/nicht/vorhanden\""),
        &[],
        &["static_dir"],
    );
    check_error(
        Some("challenge_secret = \"kurz\""),
        &[],
        &["challenge_secret"],
    );
    check_error(None, &[("OZG_LISTEN", "irgendwo")], &["OZG_LISTEN"]);
    check_error(
        None,
        &[("OZG_RATE_LIMIT_PER_MINUTE", "0")],
        &["OZG_RATE_LIMIT_PER_MINUTE"],
    );
    check_error(
        None,
        &[("OZG_RATE_LIMIT_PER_MINUTE", "-3")],
        &["OZG_RATE_LIMIT_PER_MINUTE"],
    );
    check_error(
        None,
        &[("OZG_PUBLIC_URL", "feedback.de")],
        &["OZG_PUBLIC_URL"],
    );
    check_error(None, &[("OZG_CORS_ORIGINS", "*")], &["OZG_CORS_ORIGINS"]);
    check_error(
        None,
        &[("OZG_CDN_DIR", "/nicht/vorhanden")],
        &["OZG_CDN_DIR"],
    );
    check_error(
        None,
        &[("OZG_DATABASE_URL", "mysql://x")],
        &["OZG_DATABASE_URL"],
    );
    check_error(
        None,
        &[("OZG_CHALLENGE_SECRET", "kurz")],
        &["OZG_CHALLENGE_SECRET"],
    );
}

#[test]
fn a_missing_file_is_named() {
    let error = Config::load(Some(Path::new("/nicht/vorhanden.toml"))).expect_err("missing");
    assert!(matches!(error, ConfigError::Read { .. }), "{error:?}");
    assert!(error.to_string().contains("/nicht/vorhanden.toml"));
}
