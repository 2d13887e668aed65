//! Service descriptions: the rules `validate` adds to the types, and lenient reading of partial
//! or malformed descriptions that keeps what is valid and names the rest by JSON pointer.

use ozg_sdk::{LeikaKey, ServiceDescription};
use serde_json::{Value, json};

fn example() -> Value {
    let path = format!("{}/tests/data/service.json", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).expect("example")).expect("JSON")
}

fn key() -> LeikaKey {
    LeikaKey::parse("99107108017000").expect("key")
}

/// Sets `pointer` in the full example to `bad` and expects exactly `expected` (pointer, code).
fn check_validate(pointer: &str, bad: Value, expected: &[(&str, &str)]) {
    let mut value = example();
    *value.pointer_mut(pointer).expect("pointer exists") = bad;
    let description: ServiceDescription = serde_json::from_value(value).expect("reads");
    let got: Vec<(String, String)> = description
        .validate()
        .err()
        .map(|e| e.into_vec())
        .unwrap_or_default()
        .into_iter()
        .map(|e| (e.pointer, e.code))
        .collect();
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(p, c)| ((*p).to_owned(), (*c).to_owned()))
        .collect();
    assert_eq!(got, expected, "{pointer}");
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

/// Reads `value` leniently and compares the issues (pointer, code) with `expected`.
fn check_lenient(value: Value, expected: &[(&str, &str)]) -> Option<ServiceDescription> {
    let (description, issues) = ServiceDescription::from_value_lenient(value, &key());
    let got: Vec<(String, String)> = issues
        .into_vec()
        .into_iter()
        .map(|e| (e.pointer, e.code))
        .collect();
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(p, c)| ((*p).to_owned(), (*c).to_owned()))
        .collect();
    assert_eq!(got, expected);
    description
}

#[test]
fn lenient_reading_keeps_a_valid_description_whole() {
    let strict: ServiceDescription = serde_json::from_value(example()).expect("reads");
    let lenient = check_lenient(example(), &[]).expect("description");
    assert_eq!(lenient, strict);
}

#[test]
fn lenient_reading_leaves_out_bad_items_and_modules() {
    let mut value = example();
    value["documents"][1] = json!({ "note": "no name" });
    value["steps"][0]["optional"] = json!("ja");
    value["costs"] = json!({ "fees": [{ "label": "Gebühr", "amount": 12 }] });
    value["deadlines"] = json!("morgen");
    value["forms"][0]["url"] = json!("javascript:alert(1)");
    let steps = value["steps"].as_array().expect("steps").len();
    let description = check_lenient(
        value,
        &[
            ("/costs", "invalid"),
            ("/deadlines", "invalid_type"),
            ("/documents/1", "invalid"),
            ("/steps/0", "invalid"),
            ("/forms/0/url", "invalid_format"),
        ],
    )
    .expect("description");
    assert_eq!(description.documents.len(), 1);
    assert_eq!(description.steps.len(), steps - 1);
    assert!(description.costs.is_none() && description.deadlines.is_empty());
    // The rest is still there.
    assert!(description.competent_office.is_some() && !description.faq.is_empty());
}

#[test]
fn lenient_reading_needs_only_a_title() {
    let description = check_lenient(json!({ "title": "Hundesteuer" }), &[]).expect("description");
    assert_eq!(description.leika, key());
    check_lenient(
        json!({ "leika": "123", "title": "Hundesteuer" }),
        &[("/leika", "invalid_format")],
    )
    .expect("description");
    assert!(check_lenient(json!({ "teaser": "x" }), &[("/title", "required")]).is_none());
    assert!(check_lenient(json!([1, 2]), &[("", "invalid_type")]).is_none());
}
