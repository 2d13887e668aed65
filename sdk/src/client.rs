//! The typed HTTP client of the endpoint: `fetch` (gloo-net) in the browser, `reqwest` natively.

use serde::de::DeserializeOwned;

use crate::json::FromJson;
use crate::{
    CHALLENGE_HEADER, Challenge, ChallengeResponse, Error, FeedbackStatus, FeedbackSubmission,
    IdempotencyKey, LeikaKey, Problem, Receipt, ServiceDescription, ServiceStats, UpdatesPage,
};

/// Which posts `GET /v1/updates` should return.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UpdatesQuery {
    /// Only posts of the sources configured for this service (and the global ones).
    pub service: Option<LeikaKey>,
    /// At most this many posts; the endpoint caps it.
    pub limit: Option<u16>,
    /// Only posts published before this RFC 3339 time, for paging.
    pub before: Option<String>,
}

/// A client of one authority endpoint.
///
/// It sends no cookies and no credentials: the endpoint is public and the citizen stays
/// anonymous unless they type contact data and consent.
#[derive(Debug, Clone)]
pub struct Client {
    base: String,
    /// Whether requests use `fetch`'s `keepalive` (they outlive the page).
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    keepalive: bool,
    #[cfg(not(target_arch = "wasm32"))]
    http: reqwest::Client,
}

/// The parts of an HTTP answer the client reads.
struct Answer {
    status: u16,
    retry_after: Option<u64>,
    body: String,
}

impl Client {
    /// A client for the endpoint at `endpoint`, e.g. `https://feedback.example.de`.
    /// A trailing slash and a trailing `/v1` are accepted and ignored.
    ///
    /// # Errors
    /// Returns [`Error::InvalidEndpoint`] unless `endpoint` is an absolute `http(s)` URL without
    /// query string or fragment.
    pub fn new(endpoint: &str) -> Result<Self, Error> {
        let trimmed = endpoint.trim_end_matches('/');
        let trimmed = trimmed.strip_suffix("/v1").unwrap_or(trimmed);
        let host = trimmed
            .strip_prefix("https://")
            .or_else(|| trimmed.strip_prefix("http://"));
        match host {
            Some(host)
                if !host.is_empty()
                    && !host.starts_with('/')
                    && !trimmed.contains(['?', '#', ' ']) => {}
            _ => return Err(Error::InvalidEndpoint(endpoint.to_owned())),
        }
        Ok(Self {
            base: trimmed.to_owned(),
            keepalive: false,
            #[cfg(not(target_arch = "wasm32"))]
            http: reqwest::Client::builder()
                .timeout(std::time::Duration::from_secs(30))
                .build()
                .map_err(|e| Error::Network(e.to_string()))?,
        })
    }

    /// The same client, whose requests in the browser use `fetch`'s `keepalive` when `on`: they
    /// are completed even when the page is closed meanwhile (bodies up to 64 KiB). Natively this
    /// changes nothing.
    pub fn keepalive(&self, on: bool) -> Self {
        Self {
            keepalive: on,
            ..self.clone()
        }
    }

    /// The endpoint's base URL, without trailing slash.
    pub fn endpoint(&self) -> &str {
        &self.base
    }

    /// `GET /v1/services/{leika}`: the description of one service.
    ///
    /// # Errors
    /// [`Error::Network`] when the endpoint is unreachable, [`Error::Http`] (404) when it does
    /// not know the service, [`Error::Decode`] when the answer breaks the contract.
    pub async fn get_service(&self, leika: &LeikaKey) -> Result<ServiceDescription, Error> {
        decode(
            self.send("GET", &self.service_url(leika), &[], None)
                .await?,
        )
    }

    /// `GET /v1/services/{leika}` as the JSON text the endpoint sent, for a client that reads
    /// the valid parts of a partial or malformed description itself rather than rejecting it
    /// whole, as [`Client::get_service`] does.
    ///
    /// # Errors
    /// [`Error::Network`] when the endpoint is unreachable, [`Error::Http`] (404) when it does
    /// not know the service.
    pub async fn get_service_json(&self, leika: &LeikaKey) -> Result<String, Error> {
        success(
            self.send("GET", &self.service_url(leika), &[], None)
                .await?,
        )
    }

    /// `GET /v1/services/{leika}/stats`: the service's transparency figures (count, share who
    /// found what they needed, mean rating, median time to answer).
    ///
    /// # Errors
    /// As [`Client::get_service`].
    pub async fn get_service_stats(&self, leika: &LeikaKey) -> Result<ServiceStats, Error> {
        let url = format!("{}/stats", self.service_url(leika));
        decode(self.send("GET", &url, &[], None).await?)
    }

    fn service_url(&self, leika: &LeikaKey) -> String {
        format!("{}/v1/services/{}", self.base, leika.as_str())
    }

    /// `GET /v1/updates`: the latest posts, newest first.
    ///
    /// # Errors
    /// As [`Client::get_service`].
    pub async fn get_updates(&self, query: &UpdatesQuery) -> Result<UpdatesPage, Error> {
        let mut params = Vec::new();
        if let Some(service) = &query.service {
            params.push(format!("service={service}"));
        }
        if let Some(limit) = query.limit {
            params.push(format!("limit={limit}"));
        }
        if let Some(before) = &query.before {
            params.push(format!("before={}", encode_query_value(before)));
        }
        let mut url = format!("{}/v1/updates", self.base);
        if !params.is_empty() {
            url.push('?');
            url.push_str(&params.join("&"));
        }
        decode(self.send("GET", &url, &[], None).await?)
    }

    /// `GET /api/v1/accounts/lookup?acct=` on a Mastodon instance: for a client made with the
    /// instance's URL (`https://social.bund.de`), not an endpoint's.
    ///
    /// # Errors
    /// As [`Client::get_service`]; [`Error::Http`] (404) when the instance has no such account.
    pub async fn mastodon_account(&self, acct: &str) -> Result<crate::mastodon::Account, Error> {
        let url = format!(
            "{}/api/v1/accounts/lookup?acct={}",
            self.base,
            encode_query_value(acct)
        );
        decode(self.send("GET", &url, &[], None).await?)
    }

    /// `GET /api/v1/accounts/{id}/statuses` on a Mastodon instance: one page of the account's
    /// statuses as posts, newest first, mapped by [`crate::mastodon::to_update`], and where the
    /// next page starts. A page may hold fewer posts than `query.limit` and still have a next
    /// one: statuses that are not shown (not public, or replies and boosts the query leaves
    /// out) count for the instance's paging.
    ///
    /// # Errors
    /// As [`Client::get_service`].
    pub async fn mastodon_statuses(
        &self,
        account: &crate::mastodon::Account,
        query: &crate::mastodon::StatusesQuery,
    ) -> Result<crate::mastodon::StatusesPage, Error> {
        let mut url = format!(
            "{}/api/v1/accounts/{}/statuses?exclude_replies={}&exclude_reblogs={}&limit={}",
            self.base,
            encode_query_value(&account.id),
            query.exclude_replies,
            query.exclude_reblogs,
            query.limit,
        );
        if let Some(max_id) = &query.max_id {
            url.push_str("&max_id=");
            url.push_str(&encode_query_value(max_id));
        }
        let statuses: Vec<crate::mastodon::Status> =
            decode(self.send("GET", &url, &[], None).await?)?;
        let instance = self
            .base
            .split_once("://")
            .map_or(self.base.as_str(), |(_, rest)| rest)
            .split('/')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        Ok(crate::mastodon::StatusesPage::of(
            &instance, statuses, query,
        ))
    }

    /// `GET /v1/challenge`: a fresh anti-spam challenge. Fetch it when a feedback form is
    /// shown, [`Challenge::solve`] it while the citizen types, and pass the answer to
    /// [`Client::submit_feedback_with`].
    ///
    /// # Errors
    /// As [`Client::get_service`].
    pub async fn get_challenge(&self) -> Result<Challenge, Error> {
        let url = format!("{}/v1/challenge", self.base);
        decode(self.send("GET", &url, &[], None).await?)
    }

    /// `POST /v1/feedback`: submits feedback under an idempotency key, with a fresh challenge.
    ///
    /// It fetches a challenge, solves its proof of work if it has one, waits until the
    /// challenge's minimum delay has passed (a few seconds) and submits. This is the send path
    /// for a submission taken from an outbox, hours or days after the form was filled.
    /// Sending the same submission again with the same key is safe and yields the same
    /// receipt, also when the first attempt was committed under an older challenge.
    ///
    /// # Errors
    /// [`Error::Invalid`] when the submission breaks a rule (nothing is sent);
    /// otherwise as [`Client::get_service`], where [`Error::is_retryable`] tells whether to keep
    /// the submission and try again with the same key.
    pub async fn submit_feedback(
        &self,
        submission: &FeedbackSubmission,
        key: &IdempotencyKey,
    ) -> Result<Receipt, Error> {
        self.submit_feedback_with(submission, key, None).await
    }

    /// `POST /v1/feedback` with the answer to a challenge fetched earlier, typically when the
    /// form was shown, so that nothing waits when the citizen presses "send".
    ///
    /// When `challenge` is `None`, or the endpoint rejects it (expired after a long time in
    /// an outbox, already used, …: [`Error::is_challenge_rejected`]), it fetches a fresh one
    /// and sends the same submission once more under the same key, as
    /// [`Client::submit_feedback`] does.
    ///
    /// # Errors
    /// As [`Client::submit_feedback`].
    pub async fn submit_feedback_with(
        &self,
        submission: &FeedbackSubmission,
        key: &IdempotencyKey,
        challenge: Option<&ChallengeResponse>,
    ) -> Result<Receipt, Error> {
        submission.validate().map_err(Error::Invalid)?;
        let body = to_json(submission)?;
        if let Some(challenge) = challenge {
            match self.post_feedback(&body, key, challenge).await {
                Err(error) if error.is_challenge_rejected() => {}
                other => return other,
            }
        }
        let fetched = now_ms();
        let fresh = self.get_challenge().await?;
        let answer = fresh.solve().await?;
        let wait = u64::from(fresh.min_delay_seconds) * 1000 + 250;
        let elapsed = now_ms().saturating_sub(fetched);
        if elapsed < wait {
            sleep_ms(wait - elapsed).await;
        }
        self.post_feedback(&body, key, &answer).await
    }

    async fn post_feedback(
        &self,
        body: &str,
        key: &IdempotencyKey,
        challenge: &ChallengeResponse,
    ) -> Result<Receipt, Error> {
        let url = format!("{}/v1/feedback", self.base);
        let challenge = to_json(challenge)?;
        let headers = [
            ("Idempotency-Key", key.as_str()),
            (CHALLENGE_HEADER, challenge.as_str()),
        ];
        decode(
            self.send("POST", &url, &headers, Some(body.to_owned()))
                .await?,
        )
    }

    /// `GET /v1/feedback/{reference}`: state of a submission and the department's answer,
    /// authorised by the token from its receipt.
    ///
    /// # Errors
    /// As [`Client::get_service`]; 404 also when the token does not match.
    pub async fn feedback_status(
        &self,
        reference: &str,
        token: &str,
    ) -> Result<FeedbackStatus, Error> {
        let url = format!(
            "{}/v1/feedback/{}",
            self.base,
            encode_query_value(reference)
        );
        let auth = format!("Bearer {token}");
        decode(
            self.send("GET", &url, &[("Authorization", auth.as_str())], None)
                .await?,
        )
    }

    /// Sends a request with the browser's `fetch`, called directly through `web-sys`: gloo-net's
    /// builder would add its URL and query handling and an error type whose `Display` drags
    /// `serde_json`'s error messages into the wasm.
    #[cfg(target_arch = "wasm32")]
    async fn send(
        &self,
        method: &str,
        url: &str,
        headers: &[(&str, &str)],
        body: Option<String>,
    ) -> Result<Answer, Error> {
        use wasm_bindgen::JsCast as _;
        use wasm_bindgen_futures::JsFuture;
        use web_sys::Response;

        let network = |error| Error::Network(js_error_message(error));
        // A plain GET may already be on its way; if that request failed, it is made once more.
        let early = PREFETCHED
            .get()
            .filter(|_| method == "GET" && headers.is_empty())
            .and_then(|take| take(url));
        let answered = match early {
            Some(promise) => JsFuture::from(promise).await.ok(),
            None => None,
        };
        let response = match answered {
            Some(response) => response,
            None => {
                let request = self.request(method, url, headers, body)?;
                JsFuture::from(fetch(&request)).await.map_err(network)?
            }
        };
        let response: Response = response.unchecked_into();
        let retry_after = response
            .headers()
            .get("retry-after")
            .ok()
            .flatten()
            .and_then(|v| v.trim().parse().ok());
        let status = response.status();
        let text = response.text().map_err(network)?;
        let body = JsFuture::from(text)
            .await
            .map_err(network)?
            .as_string()
            .unwrap_or_default();
        Ok(Answer {
            status,
            retry_after,
            body,
        })
    }

    /// The `fetch` request the browser client sends: CORS without credentials, JSON both ways.
    #[cfg(target_arch = "wasm32")]
    fn request(
        &self,
        method: &str,
        url: &str,
        headers: &[(&str, &str)],
        body: Option<String>,
    ) -> Result<web_sys::Request, Error> {
        use web_sys::{Headers, Request, RequestCredentials, RequestInit, RequestMode};

        let network = |error| Error::Network(js_error_message(error));
        let init = RequestInit::new();
        init.set_method(method);
        init.set_mode(RequestMode::Cors);
        init.set_credentials(RequestCredentials::Omit);
        if self.keepalive {
            // `RequestInit.keepalive` has no setter in web-sys.
            js_sys::Reflect::set(&init, &"keepalive".into(), &true.into()).map_err(network)?;
        }
        let fields = Headers::new().map_err(network)?;
        fields
            .append("Accept", "application/json")
            .map_err(network)?;
        for (name, value) in headers {
            fields.append(name, value).map_err(network)?;
        }
        if let Some(body) = body {
            fields
                .append("Content-Type", "application/json")
                .map_err(network)?;
            init.set_body(&body.into());
        }
        init.set_headers(&fields);
        Request::new_with_str_and_init(url, &init).map_err(network)
    }

    #[cfg(not(target_arch = "wasm32"))]
    async fn send(
        &self,
        method: &str,
        url: &str,
        headers: &[(&str, &str)],
        body: Option<String>,
    ) -> Result<Answer, Error> {
        let method = if method == "POST" {
            reqwest::Method::POST
        } else {
            reqwest::Method::GET
        };
        let mut request = self
            .http
            .request(method, url)
            .header("Accept", "application/json");
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        if let Some(body) = body {
            request = request
                .header("Content-Type", "application/json")
                .body(body);
        }
        let response = request
            .send()
            .await
            .map_err(|e| Error::Network(e.to_string()))?;
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse().ok());
        let body = response
            .text()
            .await
            .map_err(|e| Error::Network(e.to_string()))?;
        Ok(Answer {
            status,
            retry_after,
            body,
        })
    }
}

/// Gives the `fetch` promise of an earlier request for a URL, if there is one.
#[cfg(target_arch = "wasm32")]
type TakePrefetched = fn(&str) -> Option<js_sys::Promise>;

#[cfg(target_arch = "wasm32")]
thread_local! {
    static PREFETCHED: std::cell::Cell<Option<TakePrefetched>> = const { std::cell::Cell::new(None) };
}

/// In the browser, lets every client answer a plain `GET` (one without headers of its own)
/// from `take`: given the URL, it returns the `fetch` promise of a request for exactly that URL
/// that the page's script made earlier, e.g. while the wasm was loading, and forgets it. The
/// request must have been made as the client makes it (CORS, no credentials, `Accept:
/// application/json`). When `take` has none, or that request failed, the client sends its own.
#[cfg(target_arch = "wasm32")]
pub fn use_prefetched(take: TakePrefetched) {
    PREFETCHED.set(Some(take));
}

/// Milliseconds on a monotonic-enough clock, for waiting out a challenge's minimum delay.
#[cfg(not(target_arch = "wasm32"))]
fn now_ms() -> u64 {
    use std::sync::OnceLock;
    use std::time::Instant;
    static START: OnceLock<Instant> = OnceLock::new();
    u64::try_from(START.get_or_init(Instant::now).elapsed().as_millis()).unwrap_or(u64::MAX)
}

#[cfg(target_arch = "wasm32")]
fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

#[cfg(not(target_arch = "wasm32"))]
pub(crate) async fn sleep_ms(ms: u64) {
    tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
}

/// Waits with the global `setTimeout`, which windows and workers both have.
#[cfg(target_arch = "wasm32")]
pub(crate) async fn sleep_ms(ms: u64) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = set_timeout(&resolve, i32::try_from(ms).unwrap_or(i32::MAX));
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Turns an answer into the expected type, or into [`Error::Http`] with its problem document.
fn decode<T: DeserializeOwned + FromJson>(answer: Answer) -> Result<T, Error> {
    from_json(&success(answer)?).map_err(Error::Decode)
}

/// The body of a 2xx answer, or [`Error::Http`] with the problem document of any other.
fn success(answer: Answer) -> Result<String, Error> {
    if (200..300).contains(&answer.status) {
        Ok(answer.body)
    } else {
        Err(Error::Http {
            status: answer.status,
            problem: from_json::<Problem>(&answer.body).ok().map(Box::new),
            retry_after: answer.retry_after,
        })
    }
}

/// Parses a JSON body natively with `serde_json`.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn from_json<T: DeserializeOwned>(body: &str) -> Result<T, String> {
    serde_json::from_str(body).map_err(|e| e.to_string())
}

/// Serializes a request body natively with `serde_json`.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn to_json<T: serde::Serialize + ?Sized>(value: &T) -> Result<String, Error> {
    serde_json::to_string(value).map_err(|e| Error::Decode(e.to_string()))
}

/// Parses a JSON body in the browser with its own `JSON.parse` and reads the result onto the
/// wire types with the hand-written readers of [`crate::json`].
///
/// Why not `serde_json` here: its parser is instantiated once per wire type and made up about
/// half of the widget's wasm; the browser's parser costs nothing. Nor serde's derived
/// deserializers over the parsed value (`serde-wasm-bindgen`): they were a sixth of it. The
/// rules are the serde derives' (defaults, renames, tags, unknown fields ignored, checked
/// against them in native tests); what differs is the wording of syntax errors (the
/// browser's, with a position instead of line and column), that numbers are read as
/// JavaScript numbers, so `5.0` counts as the integer 5 and integers beyond 2^53 are rejected,
/// and that `null` counts as a missing member.
#[cfg(target_arch = "wasm32")]
pub(crate) fn from_json<T: FromJson>(body: &str) -> Result<T, String> {
    let value = js_sys::JSON::parse(body).map_err(js_error_message)?;
    T::from_json(&value)
}

/// Serializes a request body in the browser: [`crate::json::write`] builds the object and
/// `JSON.stringify` writes it, byte for byte what `serde_json::to_string` writes for the wire
/// types (same member order, no whitespace, the same escapes), without `serde_json`'s code.
#[cfg(target_arch = "wasm32")]
pub(crate) fn to_json<T: crate::json::write::ToJs + ?Sized>(value: &T) -> Result<String, Error> {
    js_sys::JSON::stringify(&value.to_js())
        .map(String::from)
        .map_err(|e| Error::Decode(js_error_message(e)))
}

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// The global `fetch`, which windows and workers both have.
    #[wasm_bindgen(js_name = fetch)]
    fn fetch(request: &web_sys::Request) -> js_sys::Promise;

    /// The global `setTimeout`.
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &js_sys::Function, ms: i32) -> wasm_bindgen::JsValue;
}

/// A thrown JavaScript value as text, e.g. `TypeError: Failed to fetch` or `JSON.parse`'s
/// `SyntaxError: Unexpected token …` (what `Error.prototype.toString` gives).
#[cfg(target_arch = "wasm32")]
fn js_error_message(error: wasm_bindgen::JsValue) -> String {
    use wasm_bindgen::JsCast as _;

    match error.dyn_ref::<js_sys::Error>() {
        Some(error) => error.to_string().into(),
        None => error.as_string().unwrap_or_default(),
    }
}

/// Percent-encodes everything outside the URL-safe unreserved set.
fn encode_query_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoint_urls() {
        let cases = [
            (
                "https://feedback.example.de",
                Some("https://feedback.example.de"),
            ),
            (
                "https://feedback.example.de/",
                Some("https://feedback.example.de"),
            ),
            (
                "https://feedback.example.de/v1/",
                Some("https://feedback.example.de"),
            ),
            (
                "http://127.0.0.1:8080/api",
                Some("http://127.0.0.1:8080/api"),
            ),
            ("feedback.example.de", None),
            ("https://", None),
            ("https://x.de/?a=1", None),
            ("javascript:alert(1)", None),
        ];
        for (input, expected) in cases {
            let got = Client::new(input).ok();
            assert_eq!(
                got.as_ref().map(Client::endpoint),
                expected,
                "input {input:?}"
            );
        }
    }

    #[test]
    fn query_encoding() {
        assert_eq!(
            encode_query_value("2026-11-26T10:00:00+01:00"),
            "2026-11-26T10%3A00%3A00%2B01%3A00"
        );
        assert_eq!(encode_query_value("OZG-7K3M-Q9TD"), "OZG-7K3M-Q9TD");
    }
}

/// The browser's JSON path must read and write exactly what `serde_json` does natively.
/// Run with `cargo test -p ozg-sdk --target wasm32-unknown-unknown`.
#[cfg(all(test, target_arch = "wasm32"))]
mod browser_tests {
    use std::fmt::Debug;

    use serde::{Serialize, de::DeserializeOwned};
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    use crate::json::FromJson;
    use crate::json::write::ToJs;

    use super::{Client, decode, from_json, to_json};
    use crate::{
        Costs, Error, FeedbackStatus, FeedbackSubmission, Problem, Receipt, ServiceDescription,
        UpdatesPage,
    };

    wasm_bindgen_test_configure!(run_in_browser);

    fn check<T: DeserializeOwned + FromJson + PartialEq + Debug>(json: &str) -> T {
        let native: T = serde_json::from_str(json).expect("the example parses natively");
        let browser: T = from_json(json).expect("the example parses in the browser");
        assert_eq!(browser, native);
        browser
    }

    /// What the browser sends must be what `serde_json` writes.
    fn check_writes<T: DeserializeOwned + FromJson + ToJs + Serialize + PartialEq + Debug>(
        json: &str,
    ) {
        let value = check::<T>(json);
        assert_eq!(
            to_json(&value).expect("writes"),
            serde_json::to_string(&value).expect("writes")
        );
    }

    #[wasm_bindgen_test]
    fn examples_read_and_write_as_natively() {
        check::<ServiceDescription>(include_str!("../tests/data/service.json"));
        check::<ServiceDescription>(include_str!("../tests/data/service-minimal.json"));
        check::<Costs>(include_str!("../tests/data/costs-amounts.json"));
        check::<UpdatesPage>(include_str!("../tests/data/updates.json"));
        check_writes::<FeedbackSubmission>(include_str!("../tests/data/feedback.json"));
        check_writes::<FeedbackSubmission>(include_str!("../tests/data/feedback-minimal.json"));
        check::<Receipt>(include_str!("../tests/data/receipt.json"));
        check::<FeedbackStatus>(include_str!("../tests/data/feedback-status.json"));
        check::<Problem>(include_str!("../tests/data/problem.json"));
    }

    #[wasm_bindgen_test]
    fn challenge_answers_write_as_natively() {
        let answer = crate::ChallengeResponse {
            issued_at: "2026-11-26T09:30:00Z".into(),
            nonce: "n".into(),
            signature: "s".into(),
            proof_of_work: Some(crate::AltchaPayload {
                challenge: crate::AltchaChallenge {
                    parameters: crate::AltchaParameters {
                        algorithm: "SHA-256".into(),
                        cost: 2,
                        expires_at: Some(1_764_150_000),
                        key_length: 32,
                        key_prefix: "00".into(),
                        nonce: "ab".into(),
                        salt: "cd".into(),
                    },
                    signature: "t".into(),
                },
                solution: crate::AltchaSolution {
                    counter: 17,
                    derived_key: "00ff".into(),
                },
            }),
        };
        let plain = crate::ChallengeResponse {
            proof_of_work: None,
            ..answer.clone()
        };
        for value in [answer, plain] {
            assert_eq!(
                to_json(&value).expect("writes"),
                serde_json::to_string(&value).expect("writes")
            );
        }
    }

    #[wasm_bindgen_test]
    fn strings_are_escaped_as_natively() {
        let mut submission: FeedbackSubmission =
            serde_json::from_str(include_str!("../tests/data/feedback.json")).expect("parses");
        submission.text =
            "\"Zitat\" \\ / \n\t\r\u{8}\u{c}\u{1}\u{1f}\u{7f} äöü € 😀 </script>".into();
        assert_eq!(
            to_json(&submission).expect("writes"),
            serde_json::to_string(&submission).expect("writes")
        );
    }

    /// `fetch` end to end: the test runner's own server for statuses, a `data:` URL for a body.
    #[wasm_bindgen_test]
    async fn fetch_reads_status_and_body() {
        let client = Client {
            base: String::new(),
            keepalive: false,
        };
        let headers = [("Authorization", "Bearer x")];
        let missing = client.send("GET", "/no-such-file", &headers, None).await;
        assert_eq!(missing.expect("the runner answers").status, 404);
        let page = client.send("GET", "/", &[], None).await.expect("answers");
        assert_eq!(page.status, 200);
        assert!(matches!(
            decode::<UpdatesPage>(page),
            Err(Error::Decode(message)) if message.starts_with("SyntaxError")
        ));
        let data = "data:application/json,%7B%22updates%22%3A%5B%5D%7D";
        let answer = client.send("GET", data, &[], None).await.expect("answers");
        assert_eq!(
            decode::<UpdatesPage>(answer).ok(),
            Some(UpdatesPage::default())
        );
        let unreachable = client.send("GET", "http://127.0.0.1:9/", &[], None).await;
        assert!(matches!(unreachable, Err(Error::Network(m)) if m.starts_with("TypeError")));
    }

    #[wasm_bindgen_test]
    fn broken_answers_are_errors_with_a_reason() {
        let cases: [(&str, &str); 5] = [
            ("<html>", "SyntaxError"),
            ("", "SyntaxError"),
            (r#"{"leika":"99107108017000"}"#, "missing field `title`"),
            (
                r#"{"leika":"1","title":"x"}"#,
                "LeiKa key must be exactly 14 digits",
            ),
            (
                r#"{"leika":"99107108017000","title":"x","costs":{"fees":[{"label":"a","amount":{"kind":"gratis"}}]}}"#,
                "unknown variant `gratis`",
            ),
        ];
        for (json, reason) in cases {
            let error = from_json::<ServiceDescription>(json).expect_err(json);
            assert!(error.contains(reason), "{json}: {error}");
        }
    }
}
