//! Service descriptions: the rules `validate` adds to the types.

use ozg_sdk::ServiceDescription;
use serde_json::{Value, json};

fn example() -> Value {
    let path = format!("{}/tests/data/service.json", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).expect("example")).expect("JSON")
}

/// Sets `pointer` in the full example to `bad` and expects exactly `expected` (pointer, code).
fn check_validate(pointer: &str, bad: Value, expected: &[(&str, &str)]) {
    let mut value = example();
    *value.pointer_mut(pointer).expect("pointer exists") = bad;
    let description: ServiceDescription = serde_json::from_value(value).expect("reads");
    let errors = description.validate().err().unwrap_or_default();
    assert_eq!(errors.codes(), expected, "{pointer}");
}

#[test]
fn example_is_valid() {
    let description: ServiceDescription = serde_json::from_value(example()).expect("reads");
    assert_eq!(description.validate(), Ok(()));
    assert!(description.easy_language.is_some());
}

#[test]
fn validation_rules() {
    check_validate("/title", json!(" "), &[("/title", "required")]);
    check_validate(
        "/onlineService/url",
        json!("javascript:alert(1)"),
        &[("/onlineService/url", "invalid_format")],
    );
    check_validate(
        "/forms/0/url",
        json!("/relative.pdf"),
        &[("/forms/0/url", "invalid_format")],
    );
    check_validate(
        "/steps/0/link/url",
        json!("data:text/html,x"),
        &[("/steps/0/link/url", "invalid_format")],
    );
    check_validate("/steps/0/link/url", json!("HTTP://a.de/x"), &[]);
    check_validate(
        "/competentOffice/email",
        json!("kein-mail"),
        &[("/competentOffice/email", "invalid_format")],
    );
    check_validate(
        "/competentOffice/website",
        json!("https://"),
        &[("/competentOffice/website", "invalid_format")],
    );
    check_validate(
        "/lastUpdated",
        json!("01.10.2026"),
        &[("/lastUpdated", "invalid_format")],
    );
    check_validate(
        "/costs/fees/0/amount",
        json!({ "kind": "range", "minCents": 500, "maxCents": 100 }),
        &[("/costs/fees/0/amount", "out_of_range")],
    );
    check_validate(
        "/documents/0/name",
        json!(""),
        &[("/documents/0/name", "required")],
    );
}
