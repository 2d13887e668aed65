//! The typed HTTP client of the endpoint: `fetch` (gloo-net) in the browser, `reqwest` natively.

use serde::de::DeserializeOwned;

use crate::{
    Error, FeedbackStatus, FeedbackSubmission, IdempotencyKey, LeikaKey, Problem, Receipt,
    ServiceDescription, UpdatesPage,
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
            #[cfg(not(target_arch = "wasm32"))]
            http: reqwest::Client::builder()
                .timeout(std::time::Duration::from_secs(30))
                .build()
                .map_err(|e| Error::Network(e.to_string()))?,
        })
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
        let url = format!("{}/v1/services/{}", self.base, leika.as_str());
        decode(self.send("GET", &url, &[], None).await?)
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

    /// `POST /v1/feedback`: submits feedback under an idempotency key. Sending the same
    /// submission again with the same key is safe and yields the same receipt.
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
        submission.validate().map_err(Error::Invalid)?;
        let body = serde_json::to_string(submission).map_err(|e| Error::Decode(e.to_string()))?;
        let url = format!("{}/v1/feedback", self.base);
        let headers = [("Idempotency-Key", key.as_str())];
        decode(self.send("POST", &url, &headers, Some(body)).await?)
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

    #[cfg(target_arch = "wasm32")]
    async fn send(
        &self,
        method: &str,
        url: &str,
        headers: &[(&str, &str)],
        body: Option<String>,
    ) -> Result<Answer, Error> {
        use gloo_net::http::{Method, RequestBuilder};
        use web_sys::{RequestCredentials, RequestMode};

        let method = if method == "POST" {
            Method::POST
        } else {
            Method::GET
        };
        let mut builder = RequestBuilder::new(url)
            .method(method)
            .mode(RequestMode::Cors)
            .credentials(RequestCredentials::Omit)
            .header("Accept", "application/json");
        for (name, value) in headers {
            builder = builder.header(name, value);
        }
        let request = match body {
            Some(body) => builder
                .header("Content-Type", "application/json")
                .body(body),
            None => builder.build(),
        }
        .map_err(|e| Error::Network(e.to_string()))?;
        let response = request
            .send()
            .await
            .map_err(|e| Error::Network(e.to_string()))?;
        let retry_after = response
            .headers()
            .get("retry-after")
            .and_then(|v| v.trim().parse().ok());
        let status = response.status();
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

/// Turns an answer into the expected type, or into [`Error::Http`] with its problem document.
fn decode<T: DeserializeOwned>(answer: Answer) -> Result<T, Error> {
    if (200..300).contains(&answer.status) {
        serde_json::from_str(&answer.body).map_err(|e| Error::Decode(e.to_string()))
    } else {
        Err(Error::Http {
            status: answer.status,
            problem: serde_json::from_str::<Problem>(&answer.body)
                .ok()
                .map(Box::new),
            retry_after: answer.retry_after,
        })
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
