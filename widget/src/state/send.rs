//! Sending feedback: the submission in flight, its idempotency key and the outcome.
//!
//! Normally a submission goes into the sdk's local outbox first ([`ozg_sdk::outbox`]) and is
//! `Queued` until the endpoint confirms it; only when the browser refuses to store it is it
//! sent directly, with the kept [`Attempt`] for "send again".

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
    /// Stored in the outbox; retried until the endpoint confirms it.
    Queued,
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
    /// A submission the outbox gave up (the endpoint rejected it): the form takes its answers
    /// back, so that nothing typed is lost even after a reload.
    pub restore: Option<Rc<FeedbackSubmission>>,
    /// The citizen submitted in this page (not only feedback stored earlier is pending):
    /// moving focus to the outcome follows their action.
    pub submitted_here: bool,
}

/// A change of the sending state.
#[derive(Debug)]
pub enum SendAction {
    /// An attempt starts (new, or a retry of the kept one).
    Start(Rc<Attempt>),
    /// The outbox holds feedback of this service (found at start-up).
    Queued,
    /// The endpoint answered, or the attempt failed.
    Finish {
        /// The receipt or the error.
        result: Result<Receipt, Error>,
        /// The submission as it was sent, when it came from the outbox (which keeps it after
        /// a retryable error and drops it otherwise).
        stored: Option<Rc<FeedbackSubmission>>,
    },
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

    /// Whether a request is in flight or waiting in the outbox: the form is not shown.
    pub fn is_sending(&self) -> bool {
        matches!(self.phase, Phase::Sending | Phase::Queued)
    }
}

impl Reducible for SendState {
    type Action = SendAction;

    fn reduce(self: Rc<Self>, action: SendAction) -> Rc<Self> {
        // Reports of the outbox matter only while this panel waits for one: feedback that
        // another tab stored must not replace what the citizen is typing here.
        if matches!(
            action,
            SendAction::Finish {
                stored: Some(_),
                ..
            }
        ) && !self.is_sending()
        {
            return self;
        }
        Rc::new(match action {
            SendAction::Start(attempt) => Self {
                phase: Phase::Sending,
                attempt: Some(attempt),
                restore: None,
                submitted_here: true,
            },
            SendAction::Queued => Self {
                phase: Phase::Queued,
                ..(*self).clone()
            },
            SendAction::Finish {
                result: Ok(receipt),
                ..
            } => Self {
                phase: Phase::Sent(Rc::new(receipt)),
                attempt: None,
                restore: None,
                submitted_here: self.submitted_here,
            },
            SendAction::Finish {
                result: Err(error),
                stored: Some(_),
            } if error.is_retryable() => Self {
                phase: Phase::Queued,
                ..(*self).clone()
            },
            SendAction::Finish {
                result: Err(error),
                stored,
            } => {
                let failure = Failure::from_error(&error);
                Self {
                    // A rejected submission is sent again, corrected, under a new key: the
                    // endpoint may have recorded the rejection under the old one.
                    attempt: self.attempt.clone().filter(|_| failure.can_retry()),
                    phase: Phase::Failed(failure),
                    restore: stored.or_else(|| self.restore.clone()),
                    submitted_here: self.submitted_here,
                }
            }
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
        let state = state.reduce(SendAction::Finish {
            result: Err(Error::Network("offline".to_owned())),
            stored: None,
        });
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
            .reduce(SendAction::Finish {
                result: Ok(receipt.clone()),
                stored: None,
            });
        assert_eq!(state.phase, Phase::Sent(Rc::new(receipt)));
        assert_eq!(state.attempt, None);
        let next = state.attempt_for(submission(4, T2), || key(K2));
        assert_eq!(next.key.as_str(), K2);
    }

    #[test]
    fn stored_feedback_stays_queued_until_confirmed_or_rejected() {
        let state = Rc::new(SendState::default());
        let attempt = state.attempt_for(submission(4, T1), || key(K1));
        let state = state.reduce(SendAction::Start(attempt));
        assert_eq!(state.phase, Phase::Sending);
        let stored = || Some(Rc::new(submission(4, T1)));
        for error in [
            Error::Network("offline".to_owned()),
            http(503, vec![]),
            http(429, vec![]),
            http(408, vec![]),
        ] {
            let next = Rc::clone(&state).reduce(SendAction::Finish {
                result: Err(error),
                stored: stored(),
            });
            assert_eq!(next.phase, Phase::Queued);
            assert!(next.is_sending());
        }
        let rejected = Rc::clone(&state).reduce(SendAction::Finish {
            result: Err(http(422, vec![FieldError::new("/text", "too_long", "")])),
            stored: stored(),
        });
        assert!(matches!(rejected.phase, Phase::Failed(Failure::Invalid(_))));
        assert_eq!(rejected.restore.as_deref(), Some(&submission(4, T1)));
        assert_eq!(rejected.attempt, None, "sent again under a new key");
        assert!(!rejected.is_sending());

        // Found at start-up, before anything was submitted in this page.
        let reloaded = Rc::new(SendState::default()).reduce(SendAction::Queued);
        assert_eq!(reloaded.phase, Phase::Queued);
    }
}
