//! Sending feedback: the submission in flight, its idempotency key and the outcome.

use std::rc::Rc;

use ozg_sdk::{Error, FeedbackSubmission, IdempotencyKey, Receipt};
use yew::Reducible;

use super::form::Invalid;

/// A submission together with the key it is sent under; retries reuse both unchanged, so the
/// endpoint stores the feedback once however often it arrives.
#[derive(Debug, Clone, PartialEq)]
pub struct Attempt {
    /// Exactly what is sent, including its `client_time`.
    pub submission: FeedbackSubmission,
    /// The key of this submission.
    pub key: IdempotencyKey,
}

/// Why sending failed, as far as the citizen needs to know.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// Offline, server busy or broken: sending the same again can work.
    Retryable,
    /// Too many submissions (429): the same again later.
    RateLimited,
    /// The endpoint named wrong fields.
    Invalid(Vec<Invalid>),
    /// The endpoint rejected it for good, without naming fields.
    Rejected,
}

impl Failure {
    /// Sorts an sdk error into what the form shows.
    pub fn from_error(error: &Error) -> Self {
        let fields = error.field_errors();
        if !fields.is_empty() {
            Self::Invalid(Invalid::from_field_errors(fields))
        } else if matches!(error, Error::Http { status: 429, .. }) {
            Self::RateLimited
        } else if error.is_retryable() {
            Self::Retryable
        } else {
            Self::Rejected
        }
    }

    /// Whether the "send again" button makes sense.
    pub fn can_retry(&self) -> bool {
        matches!(self, Self::Retryable | Self::RateLimited)
    }
}

/// Where the feedback stands.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Phase {
    /// Nothing sent yet.
    #[default]
    Editing,
    /// A request is in flight.
    Sending,
    /// The endpoint committed it.
    Sent(Rc<Receipt>),
    /// The last attempt failed.
    Failed(Failure),
}

/// The sending state of one feedback form.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SendState {
    /// Where the feedback stands.
    pub phase: Phase,
    /// The last attempt, kept until the endpoint confirms it.
    pub attempt: Option<Rc<Attempt>>,
}

/// A change of the sending state.
#[derive(Debug)]
pub enum SendAction {
    /// An attempt starts (new, or a retry of the kept one).
    Start(Rc<Attempt>),
    /// The endpoint answered.
    Finish(Result<Receipt, Error>),
}

impl SendState {
    /// The attempt to send `submission` under: the kept one when the citizen sends the same
    /// feedback again (only the time differs), so that a submission that reached the endpoint
    /// before a connection broke is not stored twice; otherwise a new one with `new_key()`.
    pub fn attempt_for(
        &self,
        submission: FeedbackSubmission,
        new_key: impl FnOnce() -> IdempotencyKey,
    ) -> Rc<Attempt> {
        match &self.attempt {
            Some(kept)
                if FeedbackSubmission {
                    client_time: kept.submission.client_time.clone(),
                    ..submission.clone()
                } == kept.submission =>
            {
                Rc::clone(kept)
            }
            _ => Rc::new(Attempt {
                submission,
                key: new_key(),
            }),
        }
    }

    /// Whether a request is in flight.
    pub fn is_sending(&self) -> bool {
        self.phase == Phase::Sending
    }
}

impl Reducible for SendState {
    type Action = SendAction;

    fn reduce(self: Rc<Self>, action: SendAction) -> Rc<Self> {
        Rc::new(match action {
            SendAction::Start(attempt) => Self {
                phase: Phase::Sending,
                attempt: Some(attempt),
            },
            SendAction::Finish(Ok(receipt)) => Self {
                phase: Phase::Sent(Rc::new(receipt)),
                attempt: None,
            },
            SendAction::Finish(Err(error)) => Self {
                phase: Phase::Failed(Failure::from_error(&error)),
                attempt: self.attempt.clone(),
            },
        })
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use ozg_sdk::{FieldError, Found, Locale, Problem, Topic};

    use super::*;
    use crate::state::form::Field;

    fn submission(rating: u8, time: &str) -> FeedbackSubmission {
        FeedbackSubmission {
            service: "99107108017000".to_owned(),
            found: Found::Yes,
            rating,
            topic: Topic::Praise,
            text: String::new(),
            contact: None,
            locale: Locale::De,
            page_url: None,
            client_time: time.to_owned(),
            website: None,
        }
    }

    fn key(k: &str) -> IdempotencyKey {
        IdempotencyKey::parse(k).unwrap()
    }

    const T1: &str = "2026-11-26T09:30:00Z";
    const T2: &str = "2026-11-26T09:31:00Z";
    const K1: &str = "aaaaaaaaaaaaaaaa-1";
    const K2: &str = "bbbbbbbbbbbbbbbb-2";

    fn http(status: u16, fields: Vec<FieldError>) -> Error {
        Error::Http {
            status,
            problem: Some(Box::new(Problem::new(status, "x").with_errors(fields))),
            retry_after: None,
        }
    }

    #[test]
    fn failures() {
        let cases = [
            (Error::Network("offline".to_owned()), Failure::Retryable),
            (http(503, vec![]), Failure::Retryable),
            (http(409, vec![]), Failure::Retryable),
            (http(429, vec![]), Failure::RateLimited),
            (http(413, vec![]), Failure::Rejected),
            (Error::Decode("x".to_owned()), Failure::Rejected),
            (
                http(422, vec![FieldError::new("/text", "too_long", "")]),
                Failure::Invalid(vec![Invalid {
                    field: Field::Text,
                    code: "too_long".to_owned(),
                }]),
            ),
        ];
        for (error, expected) in cases {
            assert_eq!(Failure::from_error(&error), expected, "{error}");
        }
    }

    #[test]
    fn retries_keep_the_key_and_the_body() {
        let state = Rc::new(SendState::default());
        let first = state.attempt_for(submission(4, T1), || key(K1));
        let state = state.reduce(SendAction::Start(Rc::clone(&first)));
        assert!(state.is_sending());
        let state = state.reduce(SendAction::Finish(Err(Error::Network(
            "offline".to_owned(),
        ))));
        assert_eq!(state.phase, Phase::Failed(Failure::Retryable));

        // Submitting the same answers again, a minute later, resends the kept attempt.
        let again = state.attempt_for(submission(4, T2), || key(K2));
        assert!(Rc::ptr_eq(&first, &again));
        assert_eq!(again.submission.client_time, T1);

        // Changed answers are a new submission with a new key.
        let changed = state.attempt_for(submission(5, T2), || key(K2));
        assert_eq!(
            (
                changed.key.as_str(),
                changed.submission.client_time.as_str()
            ),
            (K2, T2)
        );
    }

    #[test]
    fn success_forgets_the_attempt() {
        let receipt = Receipt {
            reference: "OZG-7K3M-Q9TD".to_owned(),
            token: "t".to_owned(),
            status_url: "https://x.de/v1/feedback/OZG-7K3M-Q9TD".to_owned(),
            received_at: T1.to_owned(),
        };
        let state = Rc::new(SendState::default());
        let attempt = state.attempt_for(submission(4, T1), || key(K1));
        let state = state
            .reduce(SendAction::Start(attempt))
            .reduce(SendAction::Finish(Ok(receipt.clone())));
        assert_eq!(state.phase, Phase::Sent(Rc::new(receipt)));
        assert_eq!(state.attempt, None);
        let next = state.attempt_for(submission(4, T2), || key(K2));
        assert_eq!(next.key.as_str(), K2);
    }
}
