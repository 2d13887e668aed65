//! JavaScript bindings of `ozg-sdk`: what the npm package `ozg-sdk` exports.
//!
//! A separate crate so that the widget's wasm never carries them. Every value crosses the
//! boundary as a plain JavaScript object in the wire format's camelCase shape (the TypeScript
//! interfaces are generated from `sdk/openapi.json` by `cargo xtask dist`), and every error as
//! an `OzgError`: a JavaScript `Error` with a stable string `code`.
//!
//! Further parts of the SDK (a local outbox, the anti-spam challenge) get their own exported
//! classes and functions next to [`JsClient`]; the client's methods stay as they are.
#![deny(missing_docs)]

use js_sys::{Promise, Reflect};
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

#[wasm_bindgen]
extern "C" {
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

    use super::{JsClient, validate_feedback};

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
}
