//! The JSON examples under `tests/data/` pin the wire format: each must read into its type and
//! write back to the very same JSON, and the validation rules must hold on them.

use std::fmt::Debug;

use ozg_sdk::{
    Costs, FeedbackStatus, FeedbackSubmission, Problem, Receipt, ServiceDescription, ServiceStats,
    UpdatesPage,
};
use serde::{Serialize, de::DeserializeOwned};
use serde_json::{Value, json};

fn data(name: &str) -> String {
    let path = format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

/// Reads `name` into `T` and checks that writing it back gives the same JSON value.
fn round_trip<T: Serialize + DeserializeOwned + Debug>(name: &str) -> T {
    let text = data(name);
    let value: T = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
    let written = serde_json::to_value(&value).expect("serialises");
    let original: Value = serde_json::from_str(&text).expect("valid JSON");
    assert_eq!(written, original, "{name} does not survive a round trip");
    value
}

#[test]
fn examples_round_trip() {
    let service: ServiceDescription = round_trip("service.json");
    assert_eq!(service.leika.as_str(), "99107108017000");
    assert_eq!(service.steps.len(), 4);
    let minimal: ServiceDescription = round_trip("service-minimal.json");
    assert!(minimal.steps.is_empty() && minimal.costs.is_none());
    let costs: Costs = round_trip("costs-amounts.json");
    assert_eq!(costs.fees.len(), 3);
    let stats: ServiceStats = round_trip("service-stats.json");
    assert_eq!(stats.median_answer_days(), Some(3));
    assert_eq!(stats.found_percent(), Some(86));
    let updates: UpdatesPage = round_trip("updates.json");
    assert_eq!(updates.updates.len(), 2);
    assert!(updates.updates[1].sensitive);
    assert_eq!(updates.updates[1].media[0].alt, "");
    assert!(updates.updates[0].author.avatar.is_some());
    assert_eq!(updates.follow.len(), 4);
    assert_eq!(
        updates.follow[0].platform,
        ozg_sdk::SocialPlatform::Mastodon
    );
    assert!(updates.follow[3].audiences.is_empty());
    round_trip::<FeedbackSubmission>("feedback.json");
    round_trip::<FeedbackSubmission>("feedback-minimal.json");
    round_trip::<Receipt>("receipt.json");
    round_trip::<FeedbackStatus>("feedback-status.json");
    let problem: Problem = round_trip("problem.json");
    assert_eq!(problem.errors.len(), 2);
}

#[test]
fn example_submissions_are_valid() {
    for name in ["feedback.json", "feedback-minimal.json"] {
        let submission: FeedbackSubmission = serde_json::from_str(&data(name)).expect("parses");
        assert_eq!(submission.validate(), Ok(()), "{name}");
    }
}

#[test]
fn malformed_wire_values_are_rejected() {
    let cases = [
        ("service.json", "/leika", json!("9910710801700")),
        ("service.json", "/leika", json!(99107108017000u64)),
        (
            "service.json",
            "/costs/fees/0/amount",
            json!({ "kind": "gratis" }),
        ),
        ("feedback.json", "/found", json!("maybe")),
        ("feedback.json", "/topic", json!("complaint")),
        ("feedback.json", "/rating", json!(-1)),
        ("feedback.json", "/rating", json!("4")),
        ("feedback.json", "/locale", json!("fr")),
        ("feedback.json", "/contact/consent", json!("yes")),
    ];
    for (name, pointer, bad) in cases {
        let mut value: Value = serde_json::from_str(&data(name)).expect("valid JSON");
        *value.pointer_mut(pointer).expect("pointer exists") = bad.clone();
        let ok = match name {
            "service.json" => serde_json::from_value::<ServiceDescription>(value).is_ok(),
            _ => serde_json::from_value::<FeedbackSubmission>(value).is_ok(),
        };
        assert!(!ok, "{name} with {pointer} = {bad} was accepted");
    }
}

/// Applies `change` to the full example submission and expects exactly `expected`
/// (pointer, code) violations.
fn check(change: impl FnOnce(&mut FeedbackSubmission), expected: &[(&str, &str)]) {
    let mut submission: FeedbackSubmission =
        serde_json::from_str(&data("feedback.json")).expect("parses");
    change(&mut submission);
    let errors = submission.validate().err().unwrap_or_default();
    assert_eq!(errors.codes(), expected);
}

#[test]
fn validation_rules() {
    check(|_| {}, &[]);
    check(
        |s| s.service = "123".into(),
        &[("/service", "invalid_format")],
    );
    check(
        |s| s.service = "9910710801700x".into(),
        &[("/service", "invalid_format")],
    );
    check(|s| s.rating = 0, &[("/rating", "out_of_range")]);
    check(|s| s.rating = 6, &[("/rating", "out_of_range")]);
    check(|s| s.rating = 1, &[]);
    check(|s| s.rating = 5, &[]);
    check(|s| s.text = "ä".repeat(2_000), &[]);
    check(|s| s.text = "ä".repeat(2_001), &[("/text", "too_long")]);
    check(|s| s.text = String::new(), &[]);
    check(
        |s| s.contact.as_mut().expect("has contact").consent = false,
        &[("/contact/consent", "consent_required")],
    );
    check(
        |s| s.contact.as_mut().expect("has contact").email = "erika@".into(),
        &[("/contact/email", "invalid_format")],
    );
    check(|s| s.contact = None, &[]);
    check(
        |s| s.page_url = Some("https://portal.de/x?name=Erika".into()),
        &[("/pageUrl", "invalid_format")],
    );
    check(|s| s.page_url = None, &[]);
    check(
        |s| s.client_time = "gestern".into(),
        &[("/clientTime", "invalid_format")],
    );
    check(
        |s| {
            s.rating = 9;
            s.text = "x".repeat(2_001);
            s.service = String::new();
        },
        &[
            ("/service", "invalid_format"),
            ("/rating", "out_of_range"),
            ("/text", "too_long"),
        ],
    );
}
