//! Upstream requests: conditional (`If-None-Match`, `If-Modified-Since`) against the last good
//! answer kept in `http_cache`, with a timeout, a size limit and `Retry-After` read on 429 and
//! 5xx.

use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::{self, HeaderMap};

use crate::clock;
use crate::state::AppState;

/// An upstream answer: fresh, or the kept copy after a `304 Not Modified`.
#[derive(Debug)]
pub(crate) struct Fetched {
    pub(crate) body: Vec<u8>,
    /// False when upstream said `304` and `body` is the kept copy.
    pub(crate) changed: bool,
}

/// Why an upstream request failed.
#[derive(Debug, thiserror::Error)]
pub(crate) enum FetchError {
    /// No answer within the configured timeout.
    #[error("no answer within {0} s")]
    Timeout(u64),
    /// No connection, or it broke.
    #[error("request failed: {0}")]
    Network(String),
    /// An error status; `retry_after` from the header on 429 and 5xx.
    #[error("upstream answered {status}")]
    Status {
        status: StatusCode,
        retry_after: Option<Duration>,
    },
    /// The answer is larger than allowed.
    #[error("answer larger than {0} bytes")]
    TooLarge(u64),
    /// `304` to a request we sent without validators, or a kept copy that vanished.
    #[error("upstream answered 304 but no copy is kept")]
    NothingKept,
    /// The database failed.
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// A URL named in a post leads where the endpoint must not go.
    #[error("refused: {0}")]
    Refused(#[from] super::guard::Refused),
    /// More redirects than allowed.
    #[error("more than {0} redirects")]
    TooManyRedirects(usize),
}

impl FetchError {
    /// How long upstream asked us to wait, for 429 and 5xx.
    pub(crate) fn retry_after(&self) -> Option<Duration> {
        match self {
            Self::Status { retry_after, .. } => *retry_after,
            _ => None,
        }
    }
}

/// `GET url` with the validators of the kept copy; a fresh answer replaces the copy.
pub(crate) async fn get(state: &AppState, url: &str, accept: &str) -> Result<Fetched, FetchError> {
    let kept: Option<(Option<String>, Option<String>, Vec<u8>)> =
        sqlx::query_as("SELECT etag, last_modified, body FROM http_cache WHERE url = $1")
            .bind(url)
            .fetch_optional(state.pool())
            .await?;
    let mut request = state.http().get(url).header(header::ACCEPT, accept);
    if let Some((etag, last_modified, _)) = &kept {
        if let Some(etag) = etag {
            request = request.header(header::IF_NONE_MATCH, etag);
        }
        if let Some(last_modified) = last_modified {
            request = request.header(header::IF_MODIFIED_SINCE, last_modified);
        }
    }
    let timeout = state.config().fetch.timeout_seconds;
    let response = request.send().await.map_err(|e| network(e, timeout))?;
    let status = response.status();
    if status == StatusCode::NOT_MODIFIED {
        let (_, _, body) = kept.ok_or(FetchError::NothingKept)?;
        // Still in use: keep it from being pruned.
        sqlx::query("UPDATE http_cache SET fetched_at = $2 WHERE url = $1")
            .bind(url)
            .bind(clock::format(clock::now()))
            .execute(state.pool())
            .await?;
        return Ok(Fetched {
            body,
            changed: false,
        });
    }
    if !status.is_success() {
        let retry_after = (status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error())
            .then(|| retry_after(response.headers()))
            .flatten();
        return Err(FetchError::Status {
            status,
            retry_after,
        });
    }
    let headers = response.headers().clone();
    let body = read_limited(response, state.config().fetch.max_bytes, timeout).await?;
    let text = |name| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    sqlx::query(
        "INSERT INTO http_cache (url, etag, last_modified, body, fetched_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (url) DO UPDATE SET etag = $2, last_modified = $3, body = $4, fetched_at = $5",
    )
    .bind(url)
    .bind(text(header::ETAG))
    .bind(text(header::LAST_MODIFIED))
    .bind(&body)
    .bind(clock::format(clock::now()))
    .execute(state.pool())
    .await?;
    Ok(Fetched {
        body,
        changed: true,
    })
}

/// How many redirects an image may take.
const MEDIA_REDIRECTS: usize = 3;

/// `GET url` without caching, for images a post names: the body and its `Content-Type`
/// (without parameters, lowercase).
///
/// Every hop (the URL and each redirect) is checked by the [`guard`](super::guard) and the
/// request connects only to the addresses checked, through a client made for that one hop.
pub(crate) async fn get_media(
    state: &AppState,
    url: &str,
    reach: super::guard::Reach,
) -> Result<(Vec<u8>, String), FetchError> {
    let fetch = &state.config().fetch;
    let timeout = fetch.timeout_seconds;
    let mut url = url::Url::parse(url).map_err(|_| super::guard::Refused::NotWeb)?;
    let mut hops = 0;
    let response = loop {
        let addrs = super::guard::checked(&url, reach).await?;
        let mut client = reqwest::Client::builder()
            .timeout(Duration::from_secs(timeout))
            .connect_timeout(Duration::from_secs(timeout))
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("ozg-endpoint/", env!("CARGO_PKG_VERSION")));
        if let Some(url::Host::Domain(host)) = url.host() {
            client = client.resolve_to_addrs(host, &addrs);
        }
        let client = client
            .build()
            .map_err(|e| FetchError::Network(e.to_string()))?;
        let response = client
            .get(url.clone())
            .header(
                header::ACCEPT,
                "image/png, image/jpeg, image/gif, image/webp",
            )
            .send()
            .await
            .map_err(|e| network(e, timeout))?;
        let location = response
            .status()
            .is_redirection()
            .then(|| response.headers().get(header::LOCATION))
            .flatten()
            .and_then(|v| v.to_str().ok())
            .and_then(|v| url.join(v).ok());
        match location {
            Some(next) if hops < MEDIA_REDIRECTS => {
                hops += 1;
                url = next;
            }
            Some(_) => return Err(FetchError::TooManyRedirects(MEDIA_REDIRECTS)),
            None => break response,
        }
    };
    if !response.status().is_success() {
        return Err(FetchError::Status {
            status: response.status(),
            retry_after: None,
        });
    }
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    let body = read_limited(response, fetch.media_max_bytes, timeout).await?;
    Ok((body, content_type))
}

/// The body, refused as soon as it passes `limit` (by `Content-Length` or while reading).
async fn read_limited(
    mut response: reqwest::Response,
    limit: u64,
    timeout: u64,
) -> Result<Vec<u8>, FetchError> {
    if response.content_length().is_some_and(|len| len > limit) {
        return Err(FetchError::TooLarge(limit));
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| network(e, timeout))? {
        body.extend_from_slice(&chunk);
        if body.len() as u64 > limit {
            return Err(FetchError::TooLarge(limit));
        }
    }
    Ok(body)
}

fn network(error: reqwest::Error, timeout: u64) -> FetchError {
    if error.is_timeout() {
        FetchError::Timeout(timeout)
    } else {
        // Without the URL, which the source's name already identifies.
        let error = error.without_url();
        let mut message = error.to_string();
        let mut source = std::error::Error::source(&error);
        while let Some(cause) = source {
            message = format!("{message}: {cause}");
            source = cause.source();
        }
        FetchError::Network(message)
    }
}

/// `Retry-After` as seconds or as an HTTP date.
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(header::RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(
        date.duration_since(std::time::SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

#[cfg(test)]
mod tests {
    use reqwest::header::HeaderValue;

    use super::*;

    #[test]
    fn retry_after_values() {
        let check = |value: &str, expected: Option<u64>| {
            let mut headers = HeaderMap::new();
            headers.insert(header::RETRY_AFTER, HeaderValue::from_str(value).unwrap());
            assert_eq!(
                retry_after(&headers).map(|d| d.as_secs()),
                expected,
                "{value:?}"
            );
        };
        check("120", Some(120));
        check(" 0 ", Some(0));
        check("Wed, 21 Oct 2015 07:28:00 GMT", Some(0));
        check("bald", None);
        check("-5", None);
        let later =
            httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(3600));
        let mut headers = HeaderMap::new();
        headers.insert(header::RETRY_AFTER, HeaderValue::from_str(&later).unwrap());
        let seconds = retry_after(&headers).unwrap().as_secs();
        assert!((3590..=3600).contains(&seconds), "{seconds}");
    }
}
