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
        Some("database_url = \"mysql://db\""),
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

#[test]
fn sources_and_follow_links_load() {
    let toml = r#"
        [fetch]
        timeout_seconds = 5

        [[sources]]
        name = "bmas-mastodon"
        kind = "mastodon"
        instance = "https://social.bund.de/"
        account = "@bmas"
        exclude_reblogs = true
        pinned_first = true

        [[sources]]
        name = "jobcenter-bluesky"
        kind = "bluesky"
        actor = "jobcenter-musterstadt.bsky.social"
        service = "99107108017000"

        [[sources]]
        name = "presse"
        kind = "feed"
        url = "https://www.musterstadt.de/presse/rss.xml"
        max_posts = 5
        interval_seconds = 3600

        [[follow]]
        platform = "linkedin"
        url = "https://www.linkedin.com/company/bmas/"
        audiences = ["professionals"]

        [[follow]]
        platform = "youtube"
        url = "https://www.youtube.com/@bmas"
    "#;
    let config = load(Some(toml), &[]).expect("loads");
    assert_eq!(config.fetch.timeout_seconds, 5);
    assert_eq!(config.sources.len(), 3);
    let mastodon = &config.sources[0];
    assert_eq!(mastodon.instance.as_deref(), Some("https://social.bund.de"));
    assert_eq!(mastodon.account.as_deref(), Some("bmas"));
    assert!(mastodon.exclude_replies && mastodon.exclude_reblogs && mastodon.pinned_first);
    assert_eq!(mastodon.max_posts, 20);
    assert_eq!(config.sources[1].service.as_deref(), Some("99107108017000"));
    assert!(!config.sources[1].exclude_reblogs);
    assert_eq!(config.sources[2].interval_seconds, 3600);
    assert_eq!(config.follow.len(), 2);
    assert_eq!(
        config.follow[0].audiences,
        [ozg_sdk::Audience::Professionals]
    );
    assert!(config.follow[1].audiences.is_empty());
}

#[test]
fn invalid_sources_are_named() {
    let mastodon = "[[sources]]\nname = \"m\"\nkind = \"mastodon\"\n";
    let cases: &[(&str, &[&str])] = &[
        (
            "[[sources]]\nname = \"x\"\nkind = \"twitter\"\n",
            &["sources[0].kind", "twitter"],
        ),
        (mastodon, &["sources[0].instance", "required", "mastodon"]),
        (
            "[[sources]]\nname = \"m\"\nkind = \"mastodon\"\ninstance = \"https://social.bund.de\"\n",
            &["sources[0].account", "required"],
        ),
        (
            "[[sources]]\nname = \"m\"\nkind = \"mastodon\"\ninstance = \"https://social.bund.de/@bmas\"\naccount = \"bmas\"\n",
            &["sources[0].instance", "scheme and host only"],
        ),
        (
            "[[sources]]\nname = \"m\"\nkind = \"mastodon\"\ninstance = \"ftp://social.bund.de\"\naccount = \"bmas\"\n",
            &["sources[0].instance", "http(s)"],
        ),
        (
            "[[sources]]\nname = \"m\"\nkind = \"mastodon\"\ninstance = \"https://social.bund.de\"\naccount = \"bmas@social.bund.de\"\n",
            &["sources[0].account"],
        ),
        (
            "[[sources]]\nname = \"f\"\nkind = \"feed\"\nurl = \"https://a.example/rss\"\nactor = \"x\"\n",
            &["sources[0].actor", "not used", "feed"],
        ),
        (
            "[[sources]]\nname = \"f\"\nkind = \"feed\"\nurl = \"kein link\"\n",
            &["sources[0].url"],
        ),
        (
            "[[sources]]\nname = \"Großbuchstaben\"\nkind = \"feed\"\nurl = \"https://a.example/\"\n",
            &["sources[0].name"],
        ),
        (
            "[[sources]]\nname = \"f\"\nkind = \"feed\"\nurl = \"https://a.example/\"\n[[sources]]\nname = \"f\"\nkind = \"feed\"\nurl = \"https://b.example/\"\n",
            &["sources[1].name", "another source"],
        ),
        (
            "[[sources]]\nname = \"f\"\nkind = \"feed\"\nurl = \"https://a.example/\"\nservice = \"123\"\n",
            &["sources[0].service", "14 digits"],
        ),
        (
            "[[sources]]\nname = \"f\"\nkind = \"feed\"\nurl = \"https://a.example/\"\nmax_posts = 0\n",
            &["sources[0].max_posts"],
        ),
        (
            "[[sources]]\nname = \"f\"\nkind = \"feed\"\nurl = \"https://a.example/\"\ninterval_seconds = 5\n",
            &["sources[0].interval_seconds", "60"],
        ),
        (
            "[[sources]]\nname = \"f\"\nkind = \"feed\"\nurl = \"https://a.example/\"\nexclude_boosts = true\n",
            &["exclude_boosts"],
        ),
        ("[fetch]\ntimeout_seconds = 0\n", &["fetch.timeout_seconds"]),
        ("[fetch]\nmax_bytes = 10\n", &["fetch.max_bytes"]),
        (
            "[[follow]]\nplatform = \"myspace\"\nurl = \"https://myspace.com/x\"\n",
            &["follow[0].platform", "myspace"],
        ),
        (
            "[[follow]]\nplatform = \"x\"\nurl = \"http://x.com/bmas\"\n",
            &["follow[0].url", "https"],
        ),
        (
            "[[follow]]\nplatform = \"x\"\nurl = \"https://x.com/bmas\"\naudiences = [\"journalists\"]\n",
            &["follow[0].audiences", "journalists"],
        ),
    ];
    for (toml, names) in cases {
        check_error(Some(toml), &[], names);
    }
}

/// The commented source and follow examples in the example file are valid once uncommented.
#[test]
fn the_example_sources_load() {
    let example = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/ozg-endpoint.example.toml"
    ))
    .expect("example config");
    let (_, sources) = example
        .split_once("# Sources of posts")
        .expect("sources section");
    let uncommented: String = sources
        .lines()
        .filter_map(|line| line.strip_prefix("# "))
        .filter(|line| line.starts_with('[') || line.contains(" = "))
        .map(|line| format!("{line}\n"))
        .collect();
    let config = load(Some(&uncommented), &[]).expect("example sources load");
    assert_eq!(config.sources.len(), 3);
    assert_eq!(config.follow.len(), 2);
    assert_eq!(config.fetch, ozg_endpoint::FetchConfig::default());
}

/// The commented department, SMTP and forward examples in the example file are valid once
/// uncommented.
#[test]
fn the_example_departments_load() {
    let example = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/ozg-endpoint.example.toml"
    ))
    .expect("example config");
    let (_, rest) = example
        .split_once("# Forwarding feedback to departments")
        .expect("departments section");
    let (section, _) = rest
        .split_once("# Sources of posts")
        .expect("sources section");
    let uncommented: String = section
        .lines()
        .filter_map(|line| line.strip_prefix("# "))
        .filter(|line| line.starts_with('[') || line.contains(" = "))
        .map(|line| format!("{line}\n"))
        .collect();
    let config = load(Some(&uncommented), &[]).expect("example departments load");
    assert_eq!(config.departments.len(), 2);
    assert_eq!(
        config.departments[0].name,
        "Jobcenter Musterstadt – Team Leistungsgewährung"
    );
    let smtp = config.smtp.expect("smtp");
    assert_eq!(smtp.port_or_default(), 587);
    assert_eq!(config.forward, ozg_endpoint::ForwardConfig::default());
}

#[test]
fn department_secrets_come_from_the_environment_too() {
    let toml = r#"
        [[departments]]
        name = "Bürgeramt"
        email = "buergeramt@musterstadt.example"

        [[departments]]
        name = "Jobcenter"
        webhook_url = "https://fachverfahren.musterstadt.example/hook"

        [smtp]
        host = "mail.musterstadt.example"
        tls = "tls"
        user = "feedback"
        from = "Feedback <feedback@musterstadt.example>"
    "#;
    let secret = "from-the-environment-0123456789-abcdef";
    let config = load(
        Some(toml),
        &[
            ("OZG_DEPARTMENTS_1_WEBHOOK_SECRET", secret),
            ("OZG_SMTP_PASSWORD", "geheim"),
        ],
    )
    .expect("loads");
    assert_eq!(
        config.departments[1].webhook_secret.as_deref(),
        Some(secret)
    );
    assert_eq!(config.departments[0].webhook_secret, None);
    let smtp = config.smtp.as_ref().expect("smtp");
    assert_eq!(smtp.password.as_deref(), Some("geheim"));
    assert_eq!(smtp.port_or_default(), 465);
    let debug = format!("{config:?}");
    assert!(
        !debug.contains(secret) && !debug.contains("geheim"),
        "{debug}"
    );
}

#[test]
fn invalid_departments_are_named() {
    let smtp = "[smtp]\nhost = \"mail.example\"\nfrom = \"feedback@musterstadt.example\"\n";
    let hook = "[[departments]]\nname = \"A\"\nwebhook_url = \"https://a.example/hook\"\n";
    type Case = (
        String,
        Vec<(&'static str, &'static str)>,
        &'static [&'static str],
    );
    let cases: Vec<Case> = vec![
        (hook.to_owned(), vec![], &["departments[0].webhook_secret", "required"]),
        (
            format!("{hook}webhook_secret = \"short\"\n"),
            vec![],
            &["departments[0].webhook_secret", "32"],
        ),
        (
            hook.to_owned(),
            vec![("OZG_DEPARTMENTS_0_WEBHOOK_SECRET", "short")],
            &["departments[0].webhook_secret", "32"],
        ),
        (
            "[[departments]]\nname = \"A\"\nwebhook_url = \"ftp://a.example\"\n\
             webhook_secret = \"0123456789abcdef0123456789abcdef\"\n"
                .to_owned(),
            vec![],
            &["departments[0].webhook_url", "http"],
        ),
        (
            "[[departments]]\nname = \"A\"\nwebhook_secret = \"0123456789abcdef0123456789abcdef\"\n"
                .to_owned(),
            vec![],
            &["departments[0].webhook_secret", "webhook_url"],
        ),
        (
            "[[departments]]\nname = \"A\"\nemail = \"a@b.example\"\n".to_owned(),
            vec![],
            &["departments[0].email", "[smtp]"],
        ),
        (
            format!("{smtp}[[departments]]\nname = \"A\"\nemail = \"kein-mail\"\n"),
            vec![],
            &["departments[0].email"],
        ),
        (
            "[[departments]]\nname = \"A\"\n[[departments]]\nname = \" A \"\n".to_owned(),
            vec![],
            &["departments[1].name", "another"],
        ),
        (
            "[[departments]]\nname = \"\"\n".to_owned(),
            vec![],
            &["departments[0].name", "empty"],
        ),
        (
            "[smtp]\nhost = \"mail.example\"\nfrom = \"nobody\"\n".to_owned(),
            vec![],
            &["smtp.from"],
        ),
        (
            format!("{smtp}user = \"u\"\n"),
            vec![],
            &["smtp.password", "both"],
        ),
        (
            "[smtp]\nhost = \"mail.example\"\nfrom = \"a@b.example\"\ntls = \"ssl\"\n"
                .to_owned(),
            vec![],
            &["smtp.tls", "ssl"],
        ),
        (
            String::new(),
            vec![("OZG_SMTP_PASSWORD", "geheim")],
            &["OZG_SMTP_PASSWORD", "[smtp]"],
        ),
        (
            "[forward]\ntimeout_seconds = 0\n".to_owned(),
            vec![],
            &["forward.timeout_seconds"],
        ),
        (
            "[forward]\nretry_base_seconds = 60\nretry_max_seconds = 30\n".to_owned(),
            vec![],
            &["forward.retry_max_seconds"],
        ),
    ];
    for (toml, env, names) in cases {
        check_error(Some(&toml), &env, names);
    }
}

/// The `[antispam]` table, as in the example file once uncommented, and its limits.
#[test]
fn the_antispam_table() {
    let example = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/ozg-endpoint.example.toml"
    ))
    .expect("example config");
    let uncommented: String = example
        .lines()
        .skip_while(|line| *line != "# [antispam]")
        .take_while(|line| line.starts_with('#'))
        .filter_map(|line| line.strip_prefix("# "))
        .filter(|line| line.starts_with('[') || line.contains(" = "))
        .map(|line| format!("{line}\n"))
        .collect();
    let config = load(Some(&uncommented), &[]).expect("example antispam loads");
    assert_eq!(config.antispam, ozg_endpoint::AntispamConfig::default());
    assert_eq!(config.antispam.min_delay_seconds, 3);
    assert_eq!(config.antispam.max_age_seconds, 86_400);

    let config = load(
        Some("[antispam]\nmin_delay_seconds = 0\nproof_of_work = true\n"),
        &[],
    )
    .expect("loads");
    assert_eq!(
        (
            config.antispam.min_delay_seconds,
            config.antispam.proof_of_work
        ),
        (0, true)
    );
    let cases = [
        (
            "[antispam]\nmin_delay_seconds = 601",
            "antispam.min_delay_seconds",
        ),
        (
            "[antispam]\nmax_age_seconds = 59",
            "antispam.max_age_seconds",
        ),
        (
            "[antispam]\nproof_of_work_max_number = 10",
            "antispam.proof_of_work_max_number",
        ),
        ("[antispam]\nschwierigkeit = 3", "schwierigkeit"),
    ];
    for (toml, name) in cases {
        check_error(Some(toml), &[], &[name]);
    }
}

#[test]
fn operations_values_are_checked() {
    check_error(
        Some("metrics_token = \"kurz\""),
        &[],
        &["`metrics_token`", "at least 32 characters"],
    );
    check_error(
        None,
        &[("OZG_METRICS_TOKEN", "kurz")],
        &["OZG_METRICS_TOKEN", "at least 32 characters"],
    );
    let token = "ein-token-fuer-prometheus-0123456789abcdef";
    let config = load(None, &[("OZG_METRICS_TOKEN", token)]).expect("valid token");
    assert_eq!(config.metrics_token.as_deref(), Some(token));
    assert!(!format!("{config:?}").contains(token), "token redacted");
    check_error(
        Some("public_url = \"https://feedback.musterstadt.de:99999\""),
        &[],
        &["`public_url`", "absolute http(s) URL"],
    );
    check_error(
        Some("[antispam]\nmin_delay_seconds = 120\nmax_age_seconds = 60"),
        &[],
        &["antispam.min_delay_seconds", "less than max_age_seconds"],
    );
    check_error(
        Some("[forward]\nretry_max_seconds = 99999999999"),
        &[],
        &["forward.retry_max_seconds", "at most 604800"],
    );
    check_error(
        Some("[forward]\nretry_base_seconds = 99999999999\nretry_max_seconds = 99999999999"),
        &[],
        &["forward.retry_base_seconds", "from 1 to 604800"],
    );
    check_error(
        Some(
            "[[sources]]\nname = \"rss\"\nkind = \"feed\"\nurl = \"https://x.de/feed\"\n\
             interval_seconds = 99999999999",
        ),
        &[],
        &["sources[0].interval_seconds", "from 60 to 86400"],
    );
}
