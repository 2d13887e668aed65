//! JavaScript bindings of `ozg-sdk`: what the npm package `ozg-sdk` exports.
//!
//! A separate crate so that the widget's wasm never carries them. Every value crosses the
//! boundary as a plain JavaScript object in the wire format's camelCase shape (the TypeScript
//! interfaces are generated from `sdk/openapi.json` by `cargo xtask dist`), and every error as
//! an `OzgError`: a JavaScript `Error` with a stable string `code`.
//!
//! [`JsOutbox`] (`Outbox` in JavaScript) is the SDK's local outbox, [`ozg_sdk::outbox`], for
//! frontends of their own: the same storage, leases and retry rules as the widget's.
#![deny(missing_docs)]

use js_sys::{Object, Promise, Reflect};
use ozg_sdk::outbox::{Flush, Outbox, Outcome, Report, RetryPolicy};
use ozg_sdk::{
    Client, Error, FeedbackSubmission, IdempotencyKey, LeikaKey, UpdatesQuery, ValidationErrors,
};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** Stable codes of `OzgError`; new ones may be added in minor versions. */
export type ErrorCode =
  | "invalid_endpoint"
  | "invalid_service"
  | "invalid_idempotency_key"
  | "invalid"
  | "network"
  | "not_found"
  | "in_flight"
  | "too_large"
  | "challenge_rejected"
  | "rejected"
  | "rate_limited"
  | "http"
  | "proof_of_work"
  | "decode";

/** What every promise and constructor of this package rejects or throws with. */
export interface OzgError extends Error {
  name: "OzgError";
  /** Stable machine-readable code; branch on this, not on `message`. */
  code: ErrorCode;
  /** Whether sending the same request again later (same idempotency key) can succeed. */
  retryable: boolean;
  /** The per-field errors of a rejected submission (`invalid`, `rejected`); else empty. */
  fieldErrors: FieldError[];
  /** The HTTP status, when the endpoint answered with an error. */
  status?: number;
  /** Seconds the endpoint asked to wait (`Retry-After`), when it said. */
  retryAfter?: number;
  /** The endpoint's RFC 9457 problem document, when it sent one. */
  problem?: Problem;
}

/** How an `Outbox` retries. */
export interface OutboxOptions {
  /** The delay after the first failed attempt, in milliseconds (default 2000); it doubles with every further one. */
  retryDelayMs?: number;
  /** The longest delay between two attempts, in milliseconds (default 300000), unless the endpoint asks for longer with `Retry-After`. */
  maxDelayMs?: number;
}

/** Which entries `Outbox.flush` sends. */
export interface FlushOptions {
  /**
   * The page is being hidden or closed: send every entry at once, leased or not, with
   * `fetch`'s `keepalive` so that the requests outlive the page.
   */
  leaving?: boolean;
}

/** One submission in the outbox. */
export interface OutboxEntry {
  /** The endpoint it goes to. */
  endpoint: string;
  /** Its idempotency key, chosen once when it was stored. */
  key: string;
  /** Exactly what is sent, every time. */
  submission: FeedbackSubmission;
  /** Failed attempts so far. */
  failures: number;
  /** Not to be sent before this time (milliseconds since the epoch; 0: due now). */
  notBefore: number;
  /** Another tab or call is sending it until this time, unless it is in the past. */
  leasedUntil: number;
}

/** What became of one entry in `Outbox.flush`. */
export type OutboxReport =
  /** The endpoint committed it; the entry is gone. */
  | { outcome: "sent"; entry: OutboxEntry; receipt: Receipt }
  /** Kept; the next attempt is due at `notBefore` (milliseconds since the epoch). */
  | { outcome: "waiting"; entry: OutboxEntry; error: OzgError; notBefore: number }
  /** Refused for good (see `error.fieldErrors`); the entry is gone, give the citizen the text back. */
  | { outcome: "rejected"; entry: OutboxEntry; error: OzgError };

/** Which posts `Client.getUpdates` asks for. */
export interface UpdatesQuery {
  /** Only posts of this service's sources (LeiKa key) and the global ones. */
  service?: string;
  /** At most this many posts; the endpoint caps it. */
  limit?: number;
  /** Only posts published before this RFC 3339 time, for paging. */
  before?: string;
}
"#;

/// A client of one authority endpoint (`Client` in JavaScript). It sends no cookies.
#[wasm_bindgen(js_name = Client)]
#[derive(Debug)]
pub struct JsClient {
    inner: Client,
}

#[wasm_bindgen(js_class = Client)]
impl JsClient {
    /// A client for the endpoint at `endpoint`, e.g. `https://feedback.musterstadt.de`.
    /// Throws an `OzgError` with code `invalid_endpoint` unless it is an absolute http(s) URL.
    #[wasm_bindgen(constructor)]
    pub fn new(endpoint: &str) -> Result<JsClient, JsValue> {
        Client::new(endpoint)
            .map(|inner| Self { inner })
            .map_err(to_js_error)
    }

    /// The endpoint's base URL, without trailing slash.
    #[wasm_bindgen(getter)]
    pub fn endpoint(&self) -> String {
        self.inner.endpoint().to_owned()
    }

    /// `GET /v1/services/{leika}`: the description of one service.
    #[wasm_bindgen(js_name = getService, unchecked_return_type = "Promise<ServiceDescription>")]
    pub fn get_service(&self, leika: String) -> Promise {
        let client = self.inner.clone();
        future_to_promise(async move {
            let leika = LeikaKey::parse(&leika).map_err(to_js_error)?;
            to_js(&client.get_service(&leika).await.map_err(to_js_error)?)
        })
    }

    /// `GET /v1/updates`: the latest posts, newest first.
    #[wasm_bindgen(js_name = getUpdates, unchecked_return_type = "Promise<UpdatesPage>")]
    pub fn get_updates(&self, query: Option<Query>) -> Promise {
        let client = self.inner.clone();
        future_to_promise(async move {
            let query = match query {
                Some(query) => query.read()?,
                None => UpdatesQuery::default(),
            };
            to_js(&client.get_updates(&query).await.map_err(to_js_error)?)
        })
    }

    /// `POST /v1/feedback`: validates, then submits under `idempotencyKey` (16 to 128
    /// characters of `A-Z a-z 0-9 - _`, e.g. from `newIdempotencyKey()`). Submitting again with
    /// the same key after an error whose `retryable` is true never stores the feedback twice.
    #[wasm_bindgen(js_name = submitFeedback, unchecked_return_type = "Promise<Receipt>")]
    pub fn submit_feedback(
        &self,
        #[wasm_bindgen(unchecked_param_type = "FeedbackSubmission")] submission: JsValue,
        #[wasm_bindgen(js_name = idempotencyKey)] idempotency_key: String,
    ) -> Promise {
        let client = self.inner.clone();
        future_to_promise(async move {
            let submission = read_submission(submission)?;
            let key = IdempotencyKey::parse(&idempotency_key).map_err(to_js_error)?;
            to_js(
                &client
                    .submit_feedback(&submission, &key)
                    .await
                    .map_err(to_js_error)?,
            )
        })
    }

    /// `GET /v1/feedback/{reference}`: the state of a submission and the department's answer,
    /// authorised by the `token` of its receipt.
    #[wasm_bindgen(js_name = feedbackStatus, unchecked_return_type = "Promise<FeedbackStatus>")]
    pub fn feedback_status(&self, reference: String, token: String) -> Promise {
        let client = self.inner.clone();
        future_to_promise(async move {
            to_js(
                &client
                    .feedback_status(&reference, &token)
                    .await
                    .map_err(to_js_error)?,
            )
        })
    }
}

/// The local outbox of one endpoint (`Outbox` in JavaScript): feedback is stored in the
/// browser's `localStorage` before it is sent and removed only after the endpoint confirmed it
/// or refused it for good. A thin wrapper of [`ozg_sdk::outbox::Outbox`].
#[wasm_bindgen(js_name = Outbox)]
#[derive(Debug)]
pub struct JsOutbox {
    inner: Outbox,
    client: Client,
}

#[wasm_bindgen(js_class = Outbox)]
impl JsOutbox {
    /// The outbox of `client`'s endpoint. Every `Outbox` of the same endpoint on the page's
    /// origin sees the same entries, also after a reload and in other tabs.
    #[wasm_bindgen(constructor)]
    pub fn new(client: &JsClient, options: Option<OutboxOptions>) -> JsOutbox {
        let mut policy = RetryPolicy::default();
        if let Some(options) = options {
            let field = |name: &str| {
                Reflect::get(&options, &JsValue::from_str(name))
                    .ok()
                    .and_then(|v| v.as_f64())
                    .filter(|ms| ms.is_finite() && *ms > 0.0)
            };
            if let Some(ms) = field("retryDelayMs") {
                policy.base_ms = ms;
            }
            if let Some(ms) = field("maxDelayMs") {
                policy.max_ms = ms;
            }
        }
        Self {
            inner: Outbox::new(&client.inner, policy),
            client: client.inner.clone(),
        }
    }

    /// Checks `submission` and stores it under a fresh idempotency key, due at once; call it
    /// before sending, then `flush()`. Throws an `OzgError`: `invalid` with `fieldErrors` when
    /// the submission breaks a rule (nothing is stored), `network` when the browser refuses to
    /// store it (then send it with `Client.submitFeedback`).
    #[wasm_bindgen(unchecked_return_type = "OutboxEntry")]
    pub fn put(
        &self,
        #[wasm_bindgen(unchecked_param_type = "FeedbackSubmission")] submission: JsValue,
    ) -> Result<JsValue, JsValue> {
        let submission = read_submission(submission)?;
        let key = IdempotencyKey::parse(&new_idempotency_key()).map_err(to_js_error)?;
        to_js(&self.inner.put(submission, &key).map_err(to_js_error)?)
    }

    /// Sends the entries that are due (with `{ leaving: true }`: all of them, with
    /// `keepalive`), one after the other, and resolves to what became of each. It never
    /// rejects: failures are reports.
    #[wasm_bindgen(unchecked_return_type = "Promise<OutboxReport[]>")]
    pub fn flush(&self, options: Option<FlushOptions>) -> Promise {
        let leaving = options
            .and_then(|o| Reflect::get(&o, &JsValue::from_str("leaving")).ok())
            .is_some_and(|v| v.is_truthy());
        let mode = if leaving { Flush::Leaving } else { Flush::Due };
        let (outbox, client) = (self.inner.clone(), self.client.clone());
        future_to_promise(async move {
            let reports = outbox.flush(&client, mode, None).await;
            let array = js_sys::Array::new();
            for report in reports {
                array.push(&report_to_js(report)?);
            }
            Ok(array.into())
        })
    }

    /// This endpoint's stored entries, oldest first.
    #[wasm_bindgen(unchecked_return_type = "OutboxEntry[]")]
    pub fn entries(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.entries())
    }

    /// When the next entry is due (milliseconds since the epoch, 0 for now), or `undefined`
    /// when the outbox is empty: set a timer for it and `flush()` then.
    #[wasm_bindgen(js_name = nextDue)]
    pub fn next_due(&self) -> Option<f64> {
        self.inner.next_due()
    }

    /// Removes the entry with idempotency key `key`, if it is still there (a citizen who
    /// withdraws it).
    pub fn remove(&self, key: &str) {
        self.inner.remove(key);
    }

    /// Makes every entry due now (a citizen's "send now"); `flush()` afterwards.
    pub fn wake(&self) {
        self.inner.wake();
    }
}

/// A [`Report`] as an `OutboxReport` object.
fn report_to_js(report: Report) -> Result<JsValue, JsValue> {
    let object = Object::new();
    let set = |name: &str, value: &JsValue| {
        // Setting a property on a fresh object cannot fail.
        let _ = Reflect::set(&object, &JsValue::from_str(name), value);
    };
    set("entry", &to_js(&report.entry)?);
    match report.outcome {
        Outcome::Sent(receipt) => {
            set("outcome", &"sent".into());
            set("receipt", &to_js(&receipt)?);
        }
        Outcome::Waiting { error, not_before } => {
            set("outcome", &"waiting".into());
            set("error", &to_js_error(error));
            set("notBefore", &JsValue::from_f64(not_before));
        }
        Outcome::Rejected(error) => {
            set("outcome", &"rejected".into());
            set("error", &to_js_error(error));
        }
    }
    Ok(object.into())
}

/// A fresh idempotency key: 32 hex digits from `crypto.getRandomValues`, which pages without
/// a secure context have too; without Web Crypto at all only uniqueness matters, not secrecy.
fn new_idempotency_key() -> String {
    let bytes = js_sys::Uint8Array::new_with_length(16);
    let filled = Reflect::get(&js_sys::global(), &JsValue::from_str("crypto"))
        .ok()
        .filter(|crypto| crypto.is_object())
        .and_then(|crypto| {
            let fill = Reflect::get(&crypto, &JsValue::from_str("getRandomValues")).ok()?;
            fill.dyn_ref::<js_sys::Function>()?
                .call1(&crypto, &bytes)
                .ok()
        })
        .is_some();
    let mut raw = bytes.to_vec();
    if !filled {
        for byte in &mut raw {
            *byte = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    raw.iter().map(|b| format!("{b:02x}")).collect()
}

#[wasm_bindgen]
extern "C" {
    /// An `OutboxOptions` object from JavaScript.
    #[wasm_bindgen(typescript_type = "OutboxOptions")]
    pub type OutboxOptions;

    /// A `FlushOptions` object from JavaScript.
    #[wasm_bindgen(typescript_type = "FlushOptions")]
    pub type FlushOptions;

    /// An `UpdatesQuery` object from JavaScript.
    #[wasm_bindgen(typescript_type = "UpdatesQuery")]
    pub type Query;
}

impl Query {
    fn read(self) -> Result<UpdatesQuery, JsValue> {
        let field = |name: &str| Reflect::get(&self, &JsValue::from_str(name)).unwrap_or_default();
        let service = match field("service").as_string() {
            Some(key) => Some(LeikaKey::parse(&key).map_err(to_js_error)?),
            None => None,
        };
        let limit = field("limit")
            .as_f64()
            .map(|n| n.clamp(0.0, f64::from(u16::MAX)) as u16);
        Ok(UpdatesQuery {
            service,
            limit,
            before: field("before").as_string(),
        })
    }
}

/// The rules of the contract applied to `submission` without sending it: an empty array when
/// it is valid, else one `FieldError` per broken rule (the same codes the endpoint answers).
#[wasm_bindgen(js_name = validateFeedback, unchecked_return_type = "FieldError[]")]
pub fn validate_feedback(
    #[wasm_bindgen(unchecked_param_type = "FeedbackSubmission")] submission: JsValue,
) -> Result<JsValue, JsValue> {
    let errors = match read_submission(submission) {
        Ok(submission) => submission
            .validate()
            .err()
            .map(ValidationErrors::into_vec)
            .unwrap_or_default(),
        Err(error) => Reflect::get(&error, &JsValue::from_str("fieldErrors"))
            .ok()
            .and_then(|errors| serde_wasm_bindgen::from_value(errors).ok())
            .unwrap_or_default(),
    };
    to_js(&errors)
}

/// A submission object from JavaScript; a value of the wrong shape (a missing field, a rating
/// as text, an unknown topic) is an `invalid` error with one field error at the document root.
fn read_submission(value: JsValue) -> Result<FeedbackSubmission, JsValue> {
    serde_wasm_bindgen::from_value(value).map_err(|e| {
        let mut errors = ValidationErrors::default();
        errors.push("", "invalid_type", e.to_string());
        to_js_error(Error::Invalid(errors))
    })
}

/// A wire value as a plain JavaScript object, exactly as `JSON.parse` would give it.
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| to_js_error(Error::Decode(e.to_string())))
}

/// The JavaScript `code` of a Rust error code: without `ERROR_`, lowercase.
fn js_code(code: &str) -> String {
    code.strip_prefix("ERROR_")
        .unwrap_or(code)
        .to_ascii_lowercase()
}

/// An [`Error`] as an `OzgError`: a JavaScript `Error` named `OzgError` with `code` (the
/// Rust code without `ERROR_`, lowercase: `network`, `rejected`…), `retryable`,
/// `fieldErrors` and, for HTTP errors, `status`, `retryAfter` and `problem`.
fn to_js_error(error: Error) -> JsValue {
    let js = js_sys::Error::new(&error.to_string());
    js.set_name("OzgError");
    let code = js_code(error.code());
    let set = |name: &str, value: &JsValue| {
        // Setting a property on a fresh Error object cannot fail.
        let _ = Reflect::set(&js, &JsValue::from_str(name), value);
    };
    set("code", &JsValue::from_str(&code));
    set("retryable", &JsValue::from_bool(error.is_retryable()));
    set(
        "fieldErrors",
        &to_js(&error.field_errors()).unwrap_or_else(|_| js_sys::Array::new().into()),
    );
    if let Error::Http {
        status,
        problem,
        retry_after,
    } = &error
    {
        set("status", &JsValue::from(*status));
        if let Some(seconds) = retry_after {
            set("retryAfter", &JsValue::from_f64(*seconds as f64));
        }
        if let Some(problem) = problem
            && let Ok(problem) = to_js(problem)
        {
            set("problem", &problem);
        }
    }
    js.into()
}

#[cfg(test)]
mod tests {
    use super::{Error, js_code};

    /// The members of the `ErrorCode` union in the TypeScript declarations above.
    fn union() -> Vec<String> {
        let source = include_str!("lib.rs");
        let start = source
            .find("export type ErrorCode =")
            .expect("ErrorCode is declared");
        let rest = &source[start..];
        rest[..rest.find(';').expect("the union ends")]
            .split('|')
            .skip(1)
            .map(|member| member.trim().trim_matches('"').to_owned())
            .collect()
    }

    #[test]
    fn the_error_code_union_is_exactly_the_sdk_codes() {
        let codes: Vec<String> = Error::CODES.iter().map(|code| js_code(code)).collect();
        assert_eq!(union(), codes);
    }

    #[test]
    fn the_package_readme_lists_every_error_code() {
        let readme = include_str!("../npm/README.md");
        for code in union() {
            assert!(
                readme.contains(&format!("`{code}`")),
                "sdk/js/npm/README.md does not list `{code}`"
            );
        }
    }
}

/// What JavaScript sees, in the browser: run with
/// `cargo test -p ozg-sdk-js --target wasm32-unknown-unknown` (wasm-bindgen-test-runner).
#[cfg(all(test, target_arch = "wasm32"))]
mod browser_tests {
    use js_sys::{Array, Reflect};
    use wasm_bindgen::{JsCast as _, JsValue};
    use wasm_bindgen_futures::JsFuture;
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    use super::{JsClient, JsOutbox, validate_feedback};

    wasm_bindgen_test_configure!(run_in_browser);

    fn get(value: &JsValue, name: &str) -> JsValue {
        Reflect::get(value, &JsValue::from_str(name)).expect("readable")
    }

    fn submission(rating: f64) -> JsValue {
        let json = format!(
            r#"{{"service":"99107108017000","found":"yes","rating":{rating},"topic":"praise","locale":"de","clientTime":"2026-11-26T09:30:00Z"}}"#
        );
        js_sys::JSON::parse(&json).expect("valid JSON")
    }

    fn codes(errors: &JsValue) -> Vec<(String, String)> {
        Array::from(errors)
            .iter()
            .map(|e| {
                (
                    get(&e, "pointer").as_string().unwrap_or_default(),
                    get(&e, "code").as_string().unwrap_or_default(),
                )
            })
            .collect()
    }

    #[wasm_bindgen_test]
    fn a_bad_endpoint_throws_an_ozg_error_with_its_code() {
        let error = JsClient::new("feedback.example.de").expect_err("not a URL");
        assert!(error.is_instance_of::<js_sys::Error>());
        assert_eq!(get(&error, "name"), "OzgError");
        assert_eq!(get(&error, "code"), "invalid_endpoint");
        assert_eq!(get(&error, "retryable"), false);
        assert_eq!(Array::from(&get(&error, "fieldErrors")).length(), 0);
        let client = JsClient::new("https://feedback.example.de/v1/").expect("valid");
        assert_eq!(client.endpoint(), "https://feedback.example.de");
    }

    #[wasm_bindgen_test]
    fn validation_returns_one_field_error_per_broken_rule() {
        assert_eq!(
            codes(&validate_feedback(submission(4.0)).expect("array")),
            []
        );
        assert_eq!(
            codes(&validate_feedback(submission(9.0)).expect("array")),
            [("/rating".to_owned(), "out_of_range".to_owned())]
        );
        // A value of the wrong shape is a field error too, not an exception.
        let broken = js_sys::JSON::parse(r#"{"service":"99107108017000"}"#).expect("JSON");
        let errors = codes(&validate_feedback(broken).expect("array"));
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].1, "invalid_type");
    }

    #[wasm_bindgen_test]
    async fn rejections_carry_codes_and_field_errors() {
        // Unreachable: nothing listens on port 9 of loopback.
        let client = JsClient::new("http://127.0.0.1:9").expect("valid");
        let invalid = JsFuture::from(client.submit_feedback(submission(0.0), "k".repeat(32)))
            .await
            .expect_err("rating 0 is rejected before sending");
        assert_eq!(get(&invalid, "code"), "invalid");
        assert_eq!(
            codes(&get(&invalid, "fieldErrors")),
            [("/rating".to_owned(), "out_of_range".to_owned())]
        );
        let key = JsFuture::from(client.submit_feedback(submission(4.0), "short".into()))
            .await
            .expect_err("the key is too short");
        assert_eq!(get(&key, "code"), "invalid_idempotency_key");
        let network = JsFuture::from(client.submit_feedback(submission(4.0), "k".repeat(32)))
            .await
            .expect_err("nothing listens there");
        assert_eq!(get(&network, "code"), "network");
        assert_eq!(get(&network, "retryable"), true);
        assert!(get(&network, "status").is_undefined());
        let service = JsFuture::from(client.get_service("123".into()))
            .await
            .expect_err("not a LeiKa key");
        assert_eq!(get(&service, "code"), "invalid_service");
        assert!(
            service
                .dyn_ref::<js_sys::Error>()
                .is_some_and(|e| String::from(e.message()).contains("14 digits"))
        );
    }
    /// An outbox of `endpoint` with no entries left from earlier tests.
    fn empty_outbox(endpoint: &str, options: Option<&str>) -> JsOutbox {
        let client = JsClient::new(endpoint).expect("valid");
        let options = options.map(|json| js_sys::JSON::parse(json).expect("JSON").unchecked_into());
        let outbox = JsOutbox::new(&client, options);
        for entry in Array::from(&outbox.entries().expect("array")).iter() {
            outbox.remove(&get(&entry, "key").as_string().expect("a key"));
        }
        outbox
    }

    async fn flush(outbox: &JsOutbox) -> Vec<JsValue> {
        let reports = JsFuture::from(outbox.flush(None))
            .await
            .expect("flush never rejects");
        Array::from(&reports).to_vec()
    }

    #[wasm_bindgen_test]
    fn put_stores_under_a_fresh_key_that_a_reload_still_sees() {
        let endpoint = "http://127.0.0.1:9/reload";
        let outbox = empty_outbox(endpoint, None);
        assert_eq!(outbox.next_due(), None);

        let invalid = outbox
            .put(submission(0.0))
            .expect_err("rating 0 is refused");
        assert_eq!(get(&invalid, "name"), "OzgError");
        assert_eq!(get(&invalid, "code"), "invalid");
        assert_eq!(
            codes(&get(&invalid, "fieldErrors")),
            [("/rating".to_owned(), "out_of_range".to_owned())]
        );
        assert_eq!(Array::from(&outbox.entries().expect("array")).length(), 0);

        let first = outbox.put(submission(4.0)).expect("stored");
        let second = outbox.put(submission(5.0)).expect("stored");
        let key = get(&first, "key").as_string().expect("a key");
        assert_eq!(key.len(), 32);
        assert!(key.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_ne!(get(&second, "key"), get(&first, "key"));
        assert_eq!(get(&first, "endpoint"), "http://127.0.0.1:9/reload");
        assert_eq!(get(&get(&first, "submission"), "rating"), 4);
        assert_eq!(get(&first, "failures"), 0);
        assert_eq!(outbox.next_due(), Some(0.0));

        // After a reload the page makes a new Outbox; the entries are still there.
        let reloaded = outbox_of(endpoint);
        let entries = Array::from(&reloaded.entries().expect("array")).to_vec();
        assert_eq!(entries.len(), 2);
        assert_eq!(get(&entries[0], "key"), get(&first, "key"));
        assert_eq!(get(&get(&entries[1], "submission"), "rating"), 5);
        // Another endpoint's outbox does not see them.
        let other = outbox_of("http://127.0.0.1:9/other");
        assert_eq!(Array::from(&other.entries().expect("array")).length(), 0);

        reloaded.remove(&key);
        let left = Array::from(&outbox.entries().expect("array")).to_vec();
        assert_eq!(left.len(), 1);
        assert_eq!(get(&left[0], "key"), get(&second, "key"));
    }

    fn outbox_of(endpoint: &str) -> JsOutbox {
        JsOutbox::new(&JsClient::new(endpoint).expect("valid"), None)
    }

    #[wasm_bindgen_test]
    async fn flush_keeps_what_did_not_arrive_and_says_when_it_is_due() {
        // Unreachable: nothing listens on port 9 of loopback.
        let outbox = empty_outbox(
            "http://127.0.0.1:9/flush",
            Some(r#"{"retryDelayMs":60000,"maxDelayMs":120000}"#),
        );
        let stored = outbox.put(submission(4.0)).expect("stored");
        let before = js_sys::Date::now();

        let reports = flush(&outbox).await;
        assert_eq!(reports.len(), 1);
        let report = &reports[0];
        assert_eq!(get(report, "outcome"), "waiting");
        assert_eq!(get(&get(report, "entry"), "key"), get(&stored, "key"));
        let error = get(report, "error");
        assert_eq!(get(&error, "name"), "OzgError");
        assert_eq!(get(&error, "code"), "network");
        assert_eq!(get(&error, "retryable"), true);
        // Half of the first delay at least, with jitter at most all of it.
        let due = get(report, "notBefore").as_f64().expect("a time");
        assert!(due >= before + 30_000.0, "{due} after {before}");
        assert!(due <= js_sys::Date::now() + 60_000.0, "{due}");

        let entries = Array::from(&outbox.entries().expect("array")).to_vec();
        assert_eq!(entries.len(), 1);
        assert_eq!(get(&entries[0], "failures"), 1);
        assert_eq!(get(&entries[0], "notBefore").as_f64(), Some(due));
        assert_eq!(outbox.next_due(), Some(due));

        // Not due yet: nothing is sent.
        assert!(flush(&outbox).await.is_empty());
        // Leaving sends it anyway, and it waits again.
        let leaving = js_sys::JSON::parse(r#"{"leaving":true}"#).expect("JSON");
        let reports = JsFuture::from(outbox.flush(Some(leaving.unchecked_into())))
            .await
            .expect("flush never rejects");
        let reports = Array::from(&reports).to_vec();
        assert_eq!(reports.len(), 1);
        assert_eq!(get(&reports[0], "outcome"), "waiting");
        let kept = Array::from(&outbox.entries().expect("array")).to_vec();
        assert_eq!(kept.len(), 1);
        assert_eq!(get(&kept[0], "failures"), 2);

        outbox.wake();
        assert_eq!(outbox.next_due(), Some(0.0));
        outbox.remove(&get(&stored, "key").as_string().expect("a key"));
        assert_eq!(outbox.next_due(), None);
    }

    #[wasm_bindgen_test]
    async fn a_rejected_entry_is_reported_with_its_errors_and_removed() {
        let outbox = empty_outbox("http://127.0.0.1:9/rejected", None);
        // An entry stored earlier that today's rules refuse (a rating out of range), written
        // into the browser's storage as the outbox keeps it.
        let storage = Reflect::get(&js_sys::global(), &JsValue::from_str("localStorage"))
            .expect("localStorage");
        let call = |name: &str, args: &[JsValue]| {
            let method: js_sys::Function = get(&storage, name).unchecked_into();
            method
                .apply(&storage, &args.iter().collect::<Array>())
                .expect("storage works")
        };
        let stored = call("getItem", &["ozg-sdk:outbox".into()]);
        let entries = match stored.as_string() {
            Some(json) => Array::from(&js_sys::JSON::parse(&json).expect("JSON")),
            None => Array::new(),
        };
        let entry = js_sys::JSON::parse(
            r#"{"endpoint":"http://127.0.0.1:9/rejected","key":"rrrrrrrrrrrrrrrr-1","failures":2,"notBefore":0,"leasedUntil":0}"#,
        )
        .expect("JSON");
        Reflect::set(&entry, &"submission".into(), &submission(9.0)).expect("settable");
        entries.push(&entry);
        let json = js_sys::JSON::stringify(&entries).expect("JSON");
        call("setItem", &["ozg-sdk:outbox".into(), json.into()]);
        assert_eq!(Array::from(&outbox.entries().expect("array")).length(), 1);

        let reports = flush(&outbox).await;
        assert_eq!(reports.len(), 1);
        assert_eq!(get(&reports[0], "outcome"), "rejected");
        assert_eq!(get(&get(&reports[0], "entry"), "key"), "rrrrrrrrrrrrrrrr-1");
        assert_eq!(
            get(&get(&get(&reports[0], "entry"), "submission"), "rating"),
            9
        );
        let error = get(&reports[0], "error");
        assert_eq!(get(&error, "code"), "invalid");
        assert_eq!(get(&error, "retryable"), false);
        assert_eq!(
            codes(&get(&error, "fieldErrors")),
            [("/rating".to_owned(), "out_of_range".to_owned())]
        );
        assert!(get(&reports[0], "notBefore").is_undefined());
        assert_eq!(Array::from(&outbox.entries().expect("array")).length(), 0);
        assert_eq!(outbox.next_due(), None);
    }
}
