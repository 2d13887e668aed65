//! `OZG_LOG_FORMAT`: text for people by default, one JSON object per line for log collectors.

use std::process::Command;

use crate::instance::{BINARY, Instance, import_demo_service, shared_config};

/// Checks that `line` is a JSON log event at `level` whose message contains `message`.
fn check_json_line(line: &str, level: &str, message: &str) {
    let event: serde_json::Value =
        serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
    let timestamp = event["timestamp"].as_str().expect("timestamp");
    assert!(
        time::OffsetDateTime::parse(timestamp, &time::format_description::well_known::Rfc3339)
            .is_ok(),
        "{timestamp}"
    );
    assert_eq!(event["level"], level, "{line}");
    assert!(
        event["target"]
            .as_str()
            .is_some_and(|t| t.starts_with("ozg_endpoint")),
        "{line}"
    );
    let text = event["fields"]["message"].as_str().expect("fields.message");
    assert!(text.contains(message), "{line}");
}

#[test]
fn a_config_error_is_one_json_line() {
    let out = Command::new(BINARY)
        .env("OZG_LOG_FORMAT", "json")
        .env("OZG_LISTEN", "irgendwo")
        .output()
        .expect("run ozg-endpoint");
    assert!(!out.status.success());
    let stderr = String::from_utf8(out.stderr).expect("UTF-8");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{stderr}");
    check_json_line(lines[0], "ERROR", "invalid environment variable OZG_LISTEN");
}

#[test]
fn a_running_endpoint_logs_json() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let database_url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("ozg.sqlite").display()
    );
    let config = shared_config(dir.path(), &database_url);
    import_demo_service(&config);
    let instance = Instance::start(&config, &[("OZG_LOG_FORMAT", "json")]);
    let listening = instance
        .startup_log
        .last()
        .expect("the line that says where it listens");
    check_json_line(
        listening,
        "INFO",
        &format!("listening on {}", instance.base),
    );
}

#[test]
fn text_is_the_default_and_other_formats_are_refused() {
    let out = Command::new(BINARY)
        .env_remove("OZG_LOG_FORMAT")
        .env("OZG_LISTEN", "irgendwo")
        .output()
        .expect("run ozg-endpoint");
    let stderr = String::from_utf8(out.stderr).expect("UTF-8");
    assert!(!stderr.trim_start().starts_with('{'), "{stderr}");
    assert!(stderr.contains("ERROR"), "{stderr}");

    let out = Command::new(BINARY)
        .env("OZG_LOG_FORMAT", "xml")
        .output()
        .expect("run ozg-endpoint");
    assert!(!out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        "invalid environment variable OZG_LOG_FORMAT: expected `text` or `json`, got \"xml\""
    );
}
