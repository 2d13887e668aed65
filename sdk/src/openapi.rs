//! The OpenAPI 3.1 document of the endpoint's HTTP contract, generated from the wire types.
//!
//! The document is checked in as `sdk/openapi.json`; a test fails when the types and the file
//! drift apart, and `cargo xtask openapi` writes the file anew.

use utoipa::OpenApi;

use crate::{AltchaChallenge, AltchaParameters, AltchaPayload, AltchaSolution, ChallengeResponse};
use crate::{
    Amount, Answer, Audience, Author, Challenge, Contact, Costs, Document, Emoji, Faq, Fee,
    FeedbackState, FeedbackStatus, FeedbackSubmission, FieldError, FollowLink, Found, LeikaKey,
    Link, Locale, Media, Office, Platform, Problem, Receipt, RequiredFor, ServiceDescription,
    ServiceStats, SocialPlatform, Step, Topic, Update, UpdatesPage,
};

/// The OpenAPI document of `/v1`.
pub fn document() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

/// The document as pretty-printed JSON with a trailing newline, as checked in.
pub fn to_pretty_json() -> String {
    let mut json = document()
        .to_pretty_json()
        .expect("the OpenAPI document is plain data and always serialises");
    json.push('\n');
    json
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "ozg-widget authority endpoint",
        version = "1",
        description = "Service descriptions, updates and citizen feedback for OZG service pages. \
            Errors are RFC 9457 problem documents (`application/problem+json`) with per-field \
            errors in `errors`. No cookies; CORS for an allowlist of portal origins.",
        license(name = "EUPL-1.2", identifier = "EUPL-1.2"),
    ),
    paths(get_service, get_updates, get_challenge, post_feedback, get_feedback_status, get_service_stats),
    components(schemas(
        Amount, Answer, Audience, Author, Challenge, Contact, Costs, Document, Emoji, Faq, FeedbackState, FeedbackStatus,
        FeedbackSubmission, Fee, FieldError, FollowLink, Found, LeikaKey, Link, Locale, Media, Office,
        Platform, Problem, SocialPlatform, Receipt, RequiredFor, ServiceDescription, Step, Topic, Update,
        UpdatesPage, ServiceStats,
        AltchaChallenge, AltchaParameters, AltchaPayload, AltchaSolution, ChallengeResponse,
    )),
    tags(
        (name = "services", description = "Service descriptions (FIM Leistungsbeschreibungen)"),
        (name = "updates", description = "The authority's latest posts, normalised"),
        (name = "feedback", description = "Citizen feedback, receipts and status"),
    )
)]
struct ApiDoc;

/// Description of one service.
#[utoipa::path(
    get,
    path = "/v1/services/{leika}",
    tag = "services",
    params(("leika" = String, Path, description = "LeiKa Leistungsschlüssel, 14 digits", pattern = "^[0-9]{14}$")),
    responses(
        (status = 200, description = "The service description", body = ServiceDescription),
        (status = 400, description = "The key is not 14 digits", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No description for this key", body = Problem, content_type = "application/problem+json"),
    )
)]
#[allow(dead_code)]
fn get_service() {}

/// Latest posts, newest first.
#[utoipa::path(
    get,
    path = "/v1/updates",
    tag = "updates",
    params(
        ("service" = Option<String>, Query, description = "Only posts for this service (LeiKa key) and the global ones"),
        ("limit" = Option<u16>, Query, description = "At most this many posts (default 20); larger values are capped at 50", minimum = 1),
        ("before" = Option<String>, Query, description = "Only posts published before this RFC 3339 time"),
        ("If-None-Match" = Option<String>, Header, description = "ETag of a copy the client holds"),
    ),
    responses(
        (status = 200, description = "The posts", body = UpdatesPage,
            headers(("ETag" = String, description = "Strong validator of this answer"))),
        (status = 304, description = "The client's copy is current"),
        (status = 400, description = "A query parameter is invalid", body = Problem, content_type = "application/problem+json"),
    )
)]
#[allow(dead_code)]
fn get_updates() {}

/// An anti-spam challenge: a server-signed issue time, with an ALTCHA proof of work when the
/// endpoint asks for one. Fetch it when the form is shown; each challenge is accepted once.
#[utoipa::path(
    get,
    path = "/v1/challenge",
    tag = "feedback",
    responses(
        (status = 200, description = "A fresh challenge", body = Challenge),
    )
)]
#[allow(dead_code)]
fn get_challenge() {}

/// Submits feedback. Safe to retry with the same `Idempotency-Key`.
#[utoipa::path(
    post,
    path = "/v1/feedback",
    tag = "feedback",
    params(
        ("Idempotency-Key" = String, Header, description = "16 to 128 characters of A-Z a-z 0-9 - _, one per submission, the same for every retry of it. The endpoint keeps a key for a week: a retry after that is stored as new feedback", pattern = "^[A-Za-z0-9_-]{16,128}$", min_length = 16, max_length = 128),
        ("Ozg-Challenge" = String, Header, description = "The answer to a challenge from `GET /v1/challenge`: a `ChallengeResponse` as compact JSON. Not part of the body, so a retry can carry a fresh challenge under the same Idempotency-Key. A retry of a committed submission gets its receipt whatever challenge it carries."),
    ),
    request_body(content = FeedbackSubmission, description = "At most 16 KiB"),
    responses(
        (status = 201, description = "Committed (or, with `Idempotent-Replayed: true`, committed earlier under this key)", body = Receipt),
        (status = 400, description = "The Idempotency-Key header is missing or malformed", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A request with this key is still being processed; retry later", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is larger than 16 KiB", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The body breaks the contract (see `errors`; a filled honeypot `website` is `honeypot_filled`), the key was used with another body, or the challenge was rejected (type `urn:ozg-widget:problem:challenge-rejected`, code `challenge_missing`, `challenge_invalid`, `challenge_expired`, `challenge_too_fast`, `challenge_used` or `proof_of_work_invalid`: send the same body under the same key with a fresh challenge)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many submissions from this client", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
#[allow(dead_code)]
fn post_feedback() {}

/// State of a submission and the department's answer.
#[utoipa::path(
    get,
    path = "/v1/feedback/{reference}",
    tag = "feedback",
    params(
        ("reference" = String, Path, description = "Reference number from the receipt"),
        ("Authorization" = String, Header, description = "`Bearer <token>` with the token from the receipt"),
    ),
    responses(
        (status = 200, description = "The status", body = FeedbackStatus),
        (status = 404, description = "Unknown reference or wrong token", body = Problem, content_type = "application/problem+json"),
    )
)]
#[allow(dead_code)]
fn get_feedback_status() {}

/// Transparency figures of one service over a window of recent days.
#[utoipa::path(
    get,
    path = "/v1/services/{leika}/stats",
    tag = "feedback",
    params(
        ("leika" = String, Path, description = "LeiKa Leistungsschlüssel, 14 digits", pattern = "^[0-9]{14}$"),
        ("If-None-Match" = Option<String>, Header, description = "ETag of a copy the client holds"),
    ),
    responses(
        (status = 200, description = "The figures; those based on fewer than `minimumCount` submissions are left out", body = ServiceStats,
            headers(("ETag" = String, description = "Strong validator of this answer"))),
        (status = 304, description = "The client's copy is current"),
        (status = 400, description = "The key is not 14 digits", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No service with this key", body = Problem, content_type = "application/problem+json"),
    )
)]
#[allow(dead_code)]
fn get_service_stats() {}
