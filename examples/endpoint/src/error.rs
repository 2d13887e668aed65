//! Every way a request can fail, and how each becomes an RFC 9457 problem document that says
//! what the client did wrong and nothing about the server's insides.

use axum::body::Body;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use ozg_sdk::{FieldError, PROBLEM_CONTENT_TYPE, Problem, ValidationErrors};

/// Prefix of the problem type URIs of this endpoint; the rest names the problem.
const TYPE_PREFIX: &str = "urn:ozg-widget:problem:";

/// Why a request failed.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ApiError {
    /// A path or query parameter has a bad value.
    #[error("invalid parameter {name}: {detail}")]
    InvalidParameter {
        name: &'static str,
        code: &'static str,
        detail: &'static str,
    },
    /// `POST /v1/feedback` came without an `Idempotency-Key` header.
    #[error("missing idempotency key")]
    MissingIdempotencyKey,
    /// The `Idempotency-Key` header has the wrong form.
    #[error("invalid idempotency key")]
    InvalidIdempotencyKey,
    /// The body could not be read (connection dropped, bad framing).
    #[error("unreadable request body")]
    UnreadableBody,
    /// Nothing here under this path, this key or this reference.
    #[error("not found: {0}")]
    NotFound(&'static str),
    /// The request body is larger than allowed.
    #[error("request body larger than {limit} bytes")]
    PayloadTooLarge { limit: usize },
    /// The body is not JSON of the expected shape; the error names the field.
    #[error("malformed body: {0}")]
    MalformedBody(FieldError),
    /// The body has the right shape but breaks rules of the contract.
    #[error("invalid submission: {0}")]
    Invalid(ValidationErrors),
    /// The idempotency key was used before with another body.
    #[error("idempotency key reused with another body")]
    IdempotencyKeyReuse,
    /// The first request with this idempotency key is still being processed.
    #[error("idempotency key in flight")]
    InFlight,
    /// The anti-spam challenge is missing or was rejected.
    #[error("challenge rejected: {}", .0.code())]
    Challenge(crate::antispam::Rejection),
    /// The client sent too many requests.
    #[error("rate limited for {retry_after} s")]
    RateLimited { retry_after: u64 },
    /// An operator route that needs a token was called without the right one.
    #[error("unauthorized: {0}")]
    Unauthorized(&'static str),
    /// The endpoint cannot serve yet: its database does not answer or lacks migrations.
    #[error("not ready: {0}")]
    NotReady(&'static str),
    /// The database failed.
    #[error("database error")]
    Database(#[from] sqlx::Error),
    /// Something that should not happen: stored data that breaks the contract (a bug or a
    /// hand-edited database), or no free reference number.
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiError {
    fn to_problem(&self) -> Problem {
        match self {
            Self::InvalidParameter { name, code, detail } => problem(
                StatusCode::BAD_REQUEST,
                "invalid-parameter",
                "Invalid parameter",
            )
            .with_detail(format!("parameter `{name}` {detail}"))
            .with_errors(vec![FieldError::new(&format!("/{name}"), code, *detail)]),
            Self::MissingIdempotencyKey => problem(
                StatusCode::BAD_REQUEST,
                "idempotency-key-missing",
                "Idempotency-Key header required",
            )
            .with_detail(
                "send a unique Idempotency-Key header (16 to 128 characters of A-Z a-z 0-9 - _, \
                 a UUID fits) and reuse it when retrying the same submission",
            ),
            Self::InvalidIdempotencyKey => problem(
                StatusCode::BAD_REQUEST,
                "idempotency-key-invalid",
                "Invalid Idempotency-Key header",
            )
            .with_detail(
                "the Idempotency-Key header must have 16 to 128 characters of A-Z a-z 0-9 - _",
            ),
            Self::UnreadableBody => {
                Problem::new(400, "Bad Request").with_detail("the request body could not be read")
            }
            Self::NotFound(detail) => Problem::new(404, "Not Found").with_detail(*detail),
            Self::PayloadTooLarge { limit } => Problem::new(413, "Content Too Large")
                .with_detail(format!("the request body must have at most {limit} bytes")),
            Self::MalformedBody(error) => problem(
                StatusCode::UNPROCESSABLE_ENTITY,
                "malformed-body",
                "Malformed request body",
            )
            .with_detail(format!("the body is not a valid submission: {error}"))
            .with_errors(vec![error.clone()]),
            Self::Invalid(errors) => problem(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid-submission",
                "Invalid submission",
            )
            .with_detail("the submission breaks the rules listed in `errors`")
            .with_errors(errors.clone().into_vec()),
            Self::IdempotencyKeyReuse => problem(
                StatusCode::UNPROCESSABLE_ENTITY,
                "idempotency-key-reuse",
                "Idempotency-Key reused",
            )
            .with_detail(
                "this Idempotency-Key was already used with a different body; \
                 use a new key for a new submission",
            ),
            Self::InFlight => problem(
                StatusCode::CONFLICT,
                "idempotency-key-in-flight",
                "Request in progress",
            )
            .with_detail(
                "the first request with this Idempotency-Key is still being processed; \
                 retry with the same key shortly",
            ),
            Self::Challenge(rejection) => problem(
                StatusCode::UNPROCESSABLE_ENTITY,
                "challenge-rejected",
                "Anti-spam challenge rejected",
            )
            .with_detail(rejection.detail())
            .with_errors(vec![FieldError::new(
                "",
                rejection.code(),
                rejection.detail(),
            )]),
            Self::RateLimited { retry_after } => problem(
                StatusCode::TOO_MANY_REQUESTS,
                "rate-limited",
                "Too many requests",
            )
            .with_detail(format!("retry in {retry_after} seconds")),
            Self::Unauthorized(detail) => Problem::new(401, "Unauthorized").with_detail(*detail),
            Self::NotReady(detail) => {
                problem(StatusCode::SERVICE_UNAVAILABLE, "not-ready", "Not ready")
                    .with_detail(*detail)
            }
            Self::Database(_) | Self::Internal(_) => Problem::new(500, "Internal Server Error")
                .with_detail("the endpoint could not process the request; please retry later"),
        }
    }
}

/// A problem with a type URI of this endpoint, for problems clients may want to tell apart.
fn problem(status: StatusCode, kind: &str, title: &str) -> Problem {
    Problem::new(status.as_u16(), title).with_type(format!("{TYPE_PREFIX}{kind}"))
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if matches!(self, Self::Database(_) | Self::Internal(_)) {
            tracing::error!(error = ?self, "request failed");
        }
        let mut response = problem_response(&self.to_problem());
        let retry_after = match self {
            Self::RateLimited { retry_after } => Some(retry_after),
            Self::InFlight => Some(1),
            _ => None,
        };
        if matches!(self, Self::Unauthorized(_)) {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        if let Some(seconds) = retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

/// `problem` as an `application/problem+json` response that no cache keeps.
pub(crate) fn problem_response(problem: &Problem) -> Response {
    let status = StatusCode::from_u16(problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = serde_json::to_vec(problem).expect("a problem document always serialises");
    (
        status,
        [
            (header::CONTENT_TYPE, PROBLEM_CONTENT_TYPE),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}

/// Marks an error response whose body is meant for the client as it is (such as an HTML page
/// of the staff view with its error summary), so that [`problem_for_bare_errors`] keeps it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct OwnBody;

/// Turns the error responses that axum and tower-http make by themselves (unknown method,
/// missing static file, bad path encoding…) into problem documents too, keeping their status
/// and headers such as `Allow`.
pub(crate) async fn problem_for_bare_errors(response: Response) -> Response {
    let status = response.status();
    let is_problem = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|value| {
            value
                .as_bytes()
                .starts_with(PROBLEM_CONTENT_TYPE.as_bytes())
        });
    let own_body = response.extensions().get::<OwnBody>().is_some();
    if !(status.is_client_error() || status.is_server_error()) || is_problem || own_body {
        return response;
    }
    let (mut parts, _body) = response.into_parts();
    let problem = Problem::new(
        status.as_u16(),
        status.canonical_reason().unwrap_or("Error"),
    );
    let body = serde_json::to_vec(&problem).expect("a problem document always serialises");
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(PROBLEM_CONTENT_TYPE),
    );
    Response::from_parts(parts, Body::from(body))
}
