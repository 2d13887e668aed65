//! The one error type of `ozg-sdk`.

use crate::{Problem, ValidationErrors};

/// Everything that can go wrong when using the SDK.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The endpoint URL is not an absolute `http(s)` URL.
    #[error("endpoint must be an absolute http or https URL, got {0:?}")]
    InvalidEndpoint(String),
    /// A LeiKa key is not exactly fourteen digits.
    #[error("LeiKa key must be exactly 14 digits, got {0:?}")]
    InvalidLeikaKey(String),
    /// An idempotency key is not 16 to 128 characters of `A-Z a-z 0-9 - _`.
    #[error("idempotency key must be 16 to 128 characters of A-Z a-z 0-9 - _, got {0:?}")]
    InvalidIdempotencyKey(String),
    /// The submission breaks a rule of the contract; nothing was sent.
    #[error("invalid submission: {0}")]
    Invalid(ValidationErrors),
    /// The endpoint could not be reached (offline, DNS, CORS, connection refused).
    #[error("endpoint not reachable: {0}")]
    Network(String),
    /// The endpoint answered with an error status.
    #[error("endpoint answered {status}{}", problem.as_ref().map(|p| format!(": {p}")).unwrap_or_default())]
    Http {
        /// The HTTP status code.
        status: u16,
        /// The problem document, when the endpoint sent one.
        problem: Option<Box<Problem>>,
        /// Seconds from the `Retry-After` header, when present.
        retry_after: Option<u64>,
    },
    /// A proof of work could not be solved (unsupported algorithm, malformed task, no Web
    /// Crypto).
    #[error("cannot solve the proof of work: {0}")]
    ProofOfWork(String),
    /// The endpoint answered 2xx with a body that does not match the contract.
    #[error("unexpected answer from endpoint: {0}")]
    Decode(String),
}

impl Error {
    /// Every code [`Error::code`] returns, in the order of the variants. The JavaScript
    /// bindings and their `ErrorCode` type are checked against this list.
    pub const CODES: &'static [&'static str] = &[
        "ERROR_INVALID_ENDPOINT",
        "ERROR_INVALID_SERVICE",
        "ERROR_INVALID_IDEMPOTENCY_KEY",
        "ERROR_INVALID",
        "ERROR_NETWORK",
        "ERROR_NOT_FOUND",
        "ERROR_IN_FLIGHT",
        "ERROR_TOO_LARGE",
        "ERROR_CHALLENGE_REJECTED",
        "ERROR_REJECTED",
        "ERROR_RATE_LIMITED",
        "ERROR_HTTP",
        "ERROR_PROOF_OF_WORK",
        "ERROR_DECODE",
    ];

    /// A stable code for JavaScript callers and logs, e.g. `ERROR_NETWORK`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::InvalidEndpoint(_) => "ERROR_INVALID_ENDPOINT",
            Self::InvalidLeikaKey(_) => "ERROR_INVALID_SERVICE",
            Self::InvalidIdempotencyKey(_) => "ERROR_INVALID_IDEMPOTENCY_KEY",
            Self::Invalid(_) => "ERROR_INVALID",
            Self::Network(_) => "ERROR_NETWORK",
            Self::Http { status: 404, .. } => "ERROR_NOT_FOUND",
            Self::Http { status: 409, .. } => "ERROR_IN_FLIGHT",
            Self::Http { status: 413, .. } => "ERROR_TOO_LARGE",
            Self::Http { .. } if self.is_challenge_rejected() => "ERROR_CHALLENGE_REJECTED",
            Self::Http { status: 422, .. } => "ERROR_REJECTED",
            Self::Http { status: 429, .. } => "ERROR_RATE_LIMITED",
            Self::Http { .. } => "ERROR_HTTP",
            Self::Decode(_) => "ERROR_DECODE",
            Self::ProofOfWork(_) => "ERROR_PROOF_OF_WORK",
        }
    }

    /// Whether the endpoint rejected the anti-spam challenge (missing, forged, expired, too
    /// fast, or a wrong or reused proof of work; see [`crate::CHALLENGE_CODES`]), not the
    /// submission. Sending the same submission under the same idempotency key with a fresh
    /// challenge cures it; [`crate::Client::submit_feedback`] does that by itself.
    pub fn is_challenge_rejected(&self) -> bool {
        matches!(
            self,
            Self::Http {
                status: 422,
                problem: Some(problem),
                ..
            } if problem.kind == crate::CHALLENGE_PROBLEM_TYPE
        )
    }

    /// Whether sending the same request again later can succeed: network errors, 408, 409,
    /// 429 and 5xx. A rejected submission (4xx otherwise) will be rejected again.
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Network(_) => true,
            Self::Http { status, .. } => matches!(status, 408 | 409 | 429 | 500..=599),
            _ => false,
        }
    }

    /// The per-field errors of a rejected submission, from the client-side check or from the
    /// endpoint's problem document.
    pub fn field_errors(&self) -> &[crate::FieldError] {
        match self {
            Self::Invalid(errors) => errors.as_slice(),
            Self::Http {
                problem: Some(problem),
                ..
            } => &problem.errors,
            _ => &[],
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::Error;
    use crate::{Problem, ValidationErrors};

    fn http(status: u16, kind: Option<&str>) -> Error {
        Error::Http {
            status,
            problem: kind.map(|kind| Box::new(Problem::new(status, "x").with_type(kind))),
            retry_after: None,
        }
    }

    #[test]
    fn codes_lists_exactly_the_codes_of_every_variant() {
        let samples = [
            Error::InvalidEndpoint(String::new()),
            Error::InvalidLeikaKey(String::new()),
            Error::InvalidIdempotencyKey(String::new()),
            Error::Invalid(ValidationErrors::default()),
            Error::Network(String::new()),
            http(404, None),
            http(409, None),
            http(413, None),
            http(422, Some(crate::CHALLENGE_PROBLEM_TYPE)),
            http(422, None),
            http(429, None),
            http(500, None),
            Error::ProofOfWork(String::new()),
            Error::Decode(String::new()),
        ];
        for sample in &samples {
            // No wildcard: a new variant does not compile until it has a sample above, and
            // then the assertions below require its code in `CODES`.
            match sample {
                Error::InvalidEndpoint(_)
                | Error::InvalidLeikaKey(_)
                | Error::InvalidIdempotencyKey(_)
                | Error::Invalid(_)
                | Error::Network(_)
                | Error::Http { .. }
                | Error::ProofOfWork(_)
                | Error::Decode(_) => {}
            }
        }
        let produced: Vec<&str> = samples.iter().map(Error::code).collect();
        assert_eq!(produced, Error::CODES);
        assert_eq!(
            Error::CODES.iter().collect::<BTreeSet<_>>().len(),
            Error::CODES.len(),
            "codes are unique"
        );
    }
}
