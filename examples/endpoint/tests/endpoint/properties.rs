//! Property tests of `POST /v1/feedback` through the router: arbitrary bodies and keys never
//! make it fail with a 5xx, and a submission is accepted exactly when it keeps the documented
//! rules (README, `sdk/openapi.json`). Each field is drawn from values whose validity is known
//! by construction, so the expectation does not reuse the code under test.

use std::sync::atomic::{AtomicUsize, Ordering};

use axum::http::StatusCode;
use ozg_endpoint::{Config, seed};
use proptest::prelude::*;
use proptest::test_runner::{Config as ProptestConfig, TestRunner};
use serde_json::{Map, Value, json};

use crate::support::{TestApp, feedback_request, new_key, test_app_with, test_config};

/// Cases per property: enough to cross every rule many times, few enough to stay quick.
const CASES: u32 = 64;

/// A test app whose rate limit lets every case through.
async fn app() -> TestApp {
    test_app_with(Config {
        rate_limit_per_minute: 1_000_000,
        ..test_config()
    })
    .await
}

/// The app the cases of one property are sent to, with the runtime that drives it.
struct Target {
    runtime: tokio::runtime::Runtime,
    app: TestApp,
}

impl Target {
    /// Posts `body` under `key` with a fresh challenge; returns the status and the problem's
    /// field pointers (empty for a 2xx). Every error answer must be a problem document.
    fn post(&self, key: &str, body: Vec<u8>) -> (StatusCode, Vec<String>) {
        let response = self.runtime.block_on(async {
            let challenge = self.app.challenge().await;
            let mut request = feedback_request(Some(key), "", None, Some(&challenge));
            *request.body_mut() = axum::body::Body::from(body);
            self.app.send(request).await
        });
        if response.status.is_success() {
            return (response.status, Vec::new());
        }
        let problem = response.problem();
        let pointers = problem.errors.iter().map(|e| e.pointer.clone()).collect();
        (response.status, pointers)
    }
}

/// Runs `property` on `CASES` values of `strategy`, all against one app.
fn check<S: Strategy>(
    strategy: S,
    property: impl Fn(&Target, S::Value) -> Result<(), TestCaseError>,
) where
    S::Value: std::fmt::Debug,
{
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let app = runtime.block_on(app());
    let target = Target { runtime, app };
    let mut runner = TestRunner::new(ProptestConfig {
        cases: CASES,
        failure_persistence: None,
        ..ProptestConfig::default()
    });
    runner
        .run(&strategy, |value| property(&target, value))
        .unwrap_or_else(|error| panic!("{error}"));
}

/// One field's value and whether the documented rules allow it.
#[derive(Debug, Clone)]
struct Field {
    value: Option<Value>,
    valid: bool,
}

fn valid(value: Value) -> Field {
    Field {
        value: Some(value),
        valid: true,
    }
}

fn invalid(value: Value) -> Field {
    Field {
        value: Some(value),
        valid: false,
    }
}

fn absent(valid: bool) -> Field {
    Field { value: None, valid }
}

/// `service`: the LeiKa key (14 digits) of a service the endpoint has; the only one in the
/// test database is the demo service.
fn service() -> impl Strategy<Value = Field> {
    prop_oneof![
        40 => Just(valid(json!(seed::DEMO_SERVICE))),
        2 => "[0-9]{14}|[0-9]{0,13}|[0-9]{15,20}|[0-9]{6}[a-z ][0-9]{7}|.{0,20}".prop_map(|s| {
            Field {
                valid: s == seed::DEMO_SERVICE,
                value: Some(json!(s)),
            }
        }),
        1 => Just(invalid(json!(99107108017000_u64))),
        1 => Just(absent(false)),
    ]
}

/// An enumeration: one of `allowed`, or anything else.
fn one_of(allowed: &'static [&'static str]) -> impl Strategy<Value = Field> {
    prop_oneof![
        40 => proptest::sample::select(allowed).prop_map(|s| valid(json!(s))),
        1 => "[a-zA-Z]{0,12}".prop_map(move |s| Field {
            valid: allowed.contains(&s.as_str()),
            value: Some(json!(s)),
        }),
        1 => Just(invalid(json!(1))),
        1 => Just(absent(false)),
    ]
}

/// `rating`: a whole number from 1 to 5.
fn rating() -> impl Strategy<Value = Field> {
    prop_oneof![
        40 => (1..=5_i64).prop_map(|n| valid(json!(n))),
        2 => (-1000..1000_i64).prop_map(|n| Field {
            valid: (1..=5).contains(&n),
            value: Some(json!(n)),
        }),
        1 => Just(invalid(json!(4.5))),
        1 => Just(invalid(json!("4"))),
        1 => Just(absent(false)),
    ]
}

/// `text`: optional, at most 2,000 characters of any kind.
fn text() -> impl Strategy<Value = Field> {
    prop_oneof![
        40 => any::<String>().prop_map(|s| valid(json!(s))),
        1 => (1990..2010_usize, proptest::char::any()).prop_map(|(n, c)| Field {
            valid: n <= 2000,
            value: Some(json!(c.to_string().repeat(n))),
        }),
        1 => Just(absent(true)),
        1 => Just(invalid(json!(null))),
    ]
}

/// `contact`: absent, or an e-mail address with `consent: true`.
fn contact() -> impl Strategy<Value = Field> {
    let emails = prop_oneof![
        6 => "[a-z]{1,10}@[a-z]{1,10}\\.de".prop_map(|s| (s, true)),
        1 => Just(("keine-adresse".to_owned(), false)),
        1 => Just(("zwei@@musterstadt.de".to_owned(), false)),
        1 => Just(("leer zeichen@musterstadt.de".to_owned(), false)),
        1 => Just(("a@b".to_owned(), false)),
    ];
    prop_oneof![
        30 => Just(absent(true)),
        6 => (emails, proptest::bool::weighted(0.8)).prop_map(|((email, email_ok), consent)| Field {
            valid: email_ok && consent,
            value: Some(json!({ "email": email, "consent": consent })),
        }),
        1 => Just(invalid(json!({ "email": "a@b.de" }))),
        1 => Just(invalid(json!("a@b.de"))),
    ]
}

/// `pageUrl`: optional `http(s)` URL with a host, without query, fragment or spaces.
fn page_url() -> impl Strategy<Value = Field> {
    prop_oneof![
        30 => "https://[a-z]{1,12}\\.de(/[a-z0-9-]{1,12}){0,3}".prop_map(|s| valid(json!(s))),
        4 => Just(absent(true)),
        1 => proptest::sample::select(&[
            "javascript:alert(1)",
            "ftp://musterstadt.de/",
            "https://",
            "https:///pfad",
            "https://musterstadt.de/?name=Erika",
            "https://musterstadt.de/#anker",
            "https://muster stadt.de/",
            "musterstadt.de",
        ][..])
        .prop_map(|s| invalid(json!(s))),
        1 => Just(invalid(json!(42))),
    ]
}

/// `clientTime`: an RFC 3339 date-time.
fn client_time() -> impl Strategy<Value = Field> {
    prop_oneof![
        40 => proptest::sample::select(&[
            "2026-11-26T09:30:00Z",
            "2026-11-26T10:30:00+01:00",
            "2026-02-28T23:59:59.123-05:30",
        ][..])
        .prop_map(|s| valid(json!(s))),
        2 => proptest::sample::select(&[
            "",
            "gestern",
            "2026-11-26",
            "2026-13-01T00:00:00Z",
            "2026-11-26T25:00:00Z",
            "2026-11-26T09:61:00Z",
            "26.11.2026 09:30",
        ][..])
        .prop_map(|s| invalid(json!(s))),
        1 => Just(absent(false)),
    ]
}

/// `website`: the honeypot, absent or empty.
fn website() -> impl Strategy<Value = Field> {
    prop_oneof![
        40 => Just(absent(true)),
        4 => Just(valid(json!(""))),
        1 => "[a-z]{1,10}".prop_map(|s| invalid(json!(s))),
    ]
}

/// A submission as JSON and whether the rules allow it.
fn submission() -> impl Strategy<Value = (Value, bool)> {
    (
        (service(), one_of(&["yes", "partly", "no"]), rating()),
        (
            one_of(&[
                "information",
                "onlineProcedure",
                "technicalProblem",
                "praise",
                "other",
            ]),
            text(),
            contact(),
        ),
        (one_of(&["de", "en"]), page_url(), client_time(), website()),
    )
        .prop_map(
            |((service, found, rating), (topic, text, contact), (locale, page, time, website))| {
                let fields = [
                    ("service", service),
                    ("found", found),
                    ("rating", rating),
                    ("topic", topic),
                    ("text", text),
                    ("contact", contact),
                    ("locale", locale),
                    ("pageUrl", page),
                    ("clientTime", time),
                    ("website", website),
                ];
                let valid = fields.iter().all(|(_, field)| field.valid);
                let object: Map<String, Value> = fields
                    .into_iter()
                    .filter_map(|(name, field)| Some((name.to_owned(), field.value?)))
                    .collect();
                (Value::Object(object), valid)
            },
        )
}

#[test]
fn submissions_are_accepted_exactly_when_they_keep_the_rules() {
    let seen = [AtomicUsize::new(0), AtomicUsize::new(0)];
    check(submission(), |target, (body, valid)| {
        seen[usize::from(valid)].fetch_add(1, Ordering::Relaxed);
        let bytes = serde_json::to_vec(&body).expect("JSON");
        let (status, pointers) = target.post(&new_key(), bytes);
        if valid {
            prop_assert_eq!(status, StatusCode::CREATED, "{} {:?}", body, pointers);
        } else {
            prop_assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{}", body);
            prop_assert!(
                !pointers.is_empty(),
                "the problem names the field: {}",
                body
            );
        }
        Ok(())
    });
    // Both sides of the rules must have been tried, or the property proved little.
    let [invalid, valid] = seen.map(AtomicUsize::into_inner);
    assert!(
        valid >= 5 && invalid >= 5,
        "{valid} valid, {invalid} invalid"
    );
}

#[test]
fn arbitrary_bodies_are_refused_with_a_problem() {
    let bodies = prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..64),
        any::<String>().prop_map(String::into_bytes),
        // JSON of any shape: objects with random keys, arrays, scalars.
        proptest::arbitrary::any::<Vec<(String, i64)>>().prop_map(|pairs| {
            let object: Map<String, Value> =
                pairs.into_iter().map(|(k, v)| (k, json!(v))).collect();
            serde_json::to_vec(&object).expect("JSON")
        }),
        // Larger than the 16 KiB limit.
        (16 * 1024 + 1..20_000_usize).prop_map(|n| vec![b' '; n]),
    ];
    check(bodies, |target, body| {
        let large = body.len() > 16 * 1024;
        let (status, _) = target.post(&new_key(), body);
        let expected = if large {
            StatusCode::PAYLOAD_TOO_LARGE
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        };
        prop_assert_eq!(status, expected);
        Ok(())
    });
}

#[test]
fn idempotency_keys_follow_the_documented_form() {
    let valid_body = serde_json::to_vec(&crate::support::submission()).expect("JSON");
    let keys = prop_oneof![
        "[A-Za-z0-9_-]{16,128}",
        "[ -~]{0,140}",
        "[A-Za-z0-9_-]{129,140}",
        "[A-Za-z0-9_-]{0,15}",
    ];
    check(keys, |target, key| {
        let valid = (16..=128).contains(&key.len())
            && key
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'));
        let (status, _) = target.post(&key, valid_body.clone());
        if valid {
            // A key drawn twice replays its receipt, also a 201.
            prop_assert_eq!(status, StatusCode::CREATED, "{:?}", key);
        } else {
            prop_assert_eq!(status, StatusCode::BAD_REQUEST, "{:?}", key);
        }
        Ok(())
    });
}
