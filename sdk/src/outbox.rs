//! The local outbox: feedback that is written down before it is sent and removed only after the
//! endpoint confirmed it, so that nothing a citizen typed is lost to a dead connection, a busy
//! server or a closed tab.
//!
//! - [`Outbox::put`] stores a submission with a fresh idempotency key *before* the first attempt.
//! - [`Outbox::flush`] sends every entry that is due and reports what happened to each: sent
//!   (removed), waiting (kept, with the time of the next attempt) or rejected (removed; the
//!   caller shows the field errors and gives the citizen the text back).
//! - Network errors, 408, 409, 429 and 5xx are retried with exponential backoff and jitter
//!   ([`RetryPolicy`]); a `Retry-After` of the endpoint is a lower bound for the next attempt.
//!
//! In the browser the entries live in `localStorage` under [`STORAGE_KEY`], shared by all tabs of
//! the page's origin. A tab that sends an entry leases it for [`LEASE_MS`] so that other tabs
//! skip it meanwhile; should two tabs still send the same entry, its idempotency key makes the
//! endpoint store it once. Natively the entries live in memory, per thread.
//!
//! The rules that decide (`RetryPolicy`, [`Entry`], the transitions) are pure and tested
//! natively; only the storage and the clock differ between the two.

use serde::{Deserialize, Serialize};

use crate::{ChallengeResponse, Client, Error, FeedbackSubmission, IdempotencyKey, Receipt};

/// The `localStorage` key of the outbox.
pub const STORAGE_KEY: &str = "ozg-sdk:outbox";

/// How long a tab that sends an entry keeps other tabs from sending it too, in milliseconds.
pub const LEASE_MS: f64 = 30_000.0;

/// When to try again after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetryPolicy {
    /// The delay after the first failure, in milliseconds; it doubles with every further one.
    pub base_ms: f64,
    /// The longest delay between two attempts, in milliseconds (before `Retry-After`).
    pub max_ms: f64,
}

impl Default for RetryPolicy {
    /// Two seconds, doubling up to five minutes.
    fn default() -> Self {
        Self {
            base_ms: 2_000.0,
            max_ms: 300_000.0,
        }
    }
}

impl RetryPolicy {
    /// The delay before the next attempt after `failures` failed ones (1 or more), in
    /// milliseconds: half of the exponential step plus a random share of the other half
    /// (`jitter` in `0.0..1.0`), so that many browsers that went offline together do not come
    /// back at the same instant; never less than `retry_after` seconds.
    pub fn delay_ms(&self, failures: u32, retry_after: Option<u64>, jitter: f64) -> f64 {
        let exponent = failures.saturating_sub(1).min(30);
        let step = (self.base_ms * f64::from(1u32 << exponent)).min(self.max_ms);
        let delay = step / 2.0 + step / 2.0 * jitter.clamp(0.0, 1.0);
        let floor = retry_after.map_or(0.0, |seconds| seconds as f64 * 1000.0);
        delay.max(floor)
    }
}

/// One stored submission.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    /// The endpoint it goes to, as [`Client::endpoint`] names it.
    pub endpoint: String,
    /// The idempotency key, chosen once when it was stored.
    pub key: String,
    /// Exactly what is sent, every time.
    pub submission: FeedbackSubmission,
    /// Failed attempts so far.
    pub failures: u32,
    /// Not to be sent before this time (milliseconds since the epoch).
    pub not_before: f64,
    /// Another attempt is under way until this time, unless it is in the past.
    pub leased_until: f64,
}

crate::json::structs! {
    Entry {
        endpoint: "endpoint" field,
        key: "key" field,
        submission: "submission" field,
        failures: "failures" field,
        not_before: "notBefore" field,
        leased_until: "leasedUntil" field,
    }
}

/// What became of an entry after an attempt.
#[derive(Debug)]
pub enum Outcome {
    /// The endpoint committed it; the entry is gone.
    Sent(Receipt),
    /// Kept for another attempt at `not_before` (milliseconds since the epoch).
    Waiting {
        /// Why this attempt failed.
        error: Error,
        /// When the next attempt is due.
        not_before: f64,
    },
    /// The endpoint refused it for good (e.g. 422 with field errors); the entry is gone.
    Rejected(Error),
}

/// One entry's outcome, as [`Outbox::flush`] reports it.
#[derive(Debug)]
pub struct Report {
    /// The entry as it was sent.
    pub entry: Entry,
    /// What became of it.
    pub outcome: Outcome,
}

/// Which entries [`Outbox::flush`] sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flush {
    /// Those that are due and not leased by another attempt.
    Due,
    /// All of this endpoint's entries, at once and without a lease, with `fetch`'s `keepalive`
    /// so that the requests outlive the page: for when the page is hidden or closed.
    Leaving,
}

/// The entries of `endpoint` that `mode` sends at `now`, leased (for [`Flush::Due`]) in
/// `entries` so that other attempts skip them.
fn claim(entries: &mut [Entry], endpoint: &str, now: f64, mode: Flush) -> Vec<Entry> {
    let mut claimed = Vec::new();
    for entry in entries.iter_mut().filter(|e| e.endpoint == endpoint) {
        match mode {
            Flush::Due if entry.not_before <= now && entry.leased_until <= now => {
                entry.leased_until = now + LEASE_MS;
                claimed.push(entry.clone());
            }
            Flush::Leaving => claimed.push(entry.clone()),
            Flush::Due => {}
        }
    }
    claimed
}

/// Records the result of sending `sent` in `entries`: removed after a 2xx or a permanent error,
/// otherwise kept with one more failure and the time of the next attempt.
fn settle(
    entries: &mut Vec<Entry>,
    sent: &Entry,
    result: Result<Receipt, Error>,
    now: f64,
    policy: &RetryPolicy,
    jitter: f64,
) -> Outcome {
    let position = entries.iter().position(|e| e.key == sent.key);
    match result {
        Ok(receipt) => {
            if let Some(i) = position {
                entries.remove(i);
            }
            Outcome::Sent(receipt)
        }
        // A refused anti-spam challenge is not the citizen's fault (a secret changed between
        // instances, a clock far off, Web Crypto missing on a page without HTTPS): the entry
        // stays and is tried again, like after a network error, rather than being lost.
        Err(error)
            if error.is_retryable()
                || error.is_challenge_rejected()
                || matches!(error, Error::ProofOfWork(_)) =>
        {
            let failures = position.map_or(sent.failures, |i| entries[i].failures) + 1;
            let retry_after = match &error {
                Error::Http { retry_after, .. } => *retry_after,
                _ => None,
            };
            let not_before = now + policy.delay_ms(failures, retry_after, jitter);
            if let Some(i) = position {
                entries[i].failures = failures;
                entries[i].not_before = not_before;
                entries[i].leased_until = 0.0;
            }
            Outcome::Waiting { error, not_before }
        }
        Err(error) => {
            if let Some(i) = position {
                entries.remove(i);
            }
            Outcome::Rejected(error)
        }
    }
}

/// The outbox of one endpoint.
#[derive(Debug, Clone, PartialEq)]
pub struct Outbox {
    endpoint: String,
    policy: RetryPolicy,
}

impl Outbox {
    /// The outbox of `client`'s endpoint, retrying by `policy`.
    pub fn new(client: &Client, policy: RetryPolicy) -> Self {
        Self {
            endpoint: client.endpoint().to_owned(),
            policy,
        }
    }

    /// This endpoint's stored entries, oldest first.
    pub fn entries(&self) -> Vec<Entry> {
        let mut entries = store::load();
        entries.retain(|e| e.endpoint == self.endpoint);
        entries
    }

    /// Checks `submission` and stores it under `key`, due at once; call it before sending, so
    /// that the submission survives whatever happens next.
    ///
    /// # Errors
    /// [`Error::Invalid`] when the submission breaks a rule of the contract (nothing is
    /// stored); [`Error::Network`] when the browser refuses to store it (storage full or
    /// blocked), in which case the caller should send it directly.
    pub fn put(
        &self,
        submission: FeedbackSubmission,
        key: &IdempotencyKey,
    ) -> Result<Entry, Error> {
        submission.validate().map_err(Error::Invalid)?;
        let entry = Entry {
            endpoint: self.endpoint.clone(),
            key: key.as_str().to_owned(),
            submission,
            failures: 0,
            not_before: 0.0,
            leased_until: 0.0,
        };
        let mut entries = store::load();
        entries.retain(|e| e.key != entry.key);
        entries.push(entry.clone());
        store::save(&entries)?;
        Ok(entry)
    }

    /// Removes the entry with idempotency key `key`, if it is still there.
    pub fn remove(&self, key: &str) {
        let mut entries = store::load();
        let before = entries.len();
        entries.retain(|e| e.key != key);
        if entries.len() != before {
            let _ = store::save(&entries);
        }
    }

    /// Makes every entry of this endpoint due now (a citizen's "send now").
    pub fn wake(&self) {
        let mut entries = store::load();
        for entry in entries.iter_mut().filter(|e| e.endpoint == self.endpoint) {
            entry.not_before = 0.0;
        }
        let _ = store::save(&entries);
    }

    /// When the next entry of this endpoint is due (milliseconds since the epoch), if any.
    pub fn next_due(&self) -> Option<f64> {
        self.entries()
            .iter()
            .map(|e| e.not_before.max(e.leased_until))
            .reduce(f64::min)
    }

    /// Sends the entries `mode` selects, one after the other, each through [`attempt`], and
    /// reports what became of each. `challenge`, an answer to the endpoint's anti-spam
    /// challenge fetched beforehand (when the form was shown), goes with the first entry; a
    /// challenge is good for one submission, so the others fetch fresh ones.
    pub async fn flush(
        &self,
        client: &Client,
        mode: Flush,
        mut challenge: Option<ChallengeResponse>,
    ) -> Vec<Report> {
        let claimed = {
            let mut entries = store::load();
            let claimed = claim(&mut entries, &self.endpoint, store::now(), mode);
            if mode == Flush::Due && !claimed.is_empty() {
                let _ = store::save(&entries);
            }
            claimed
        };
        let mut reports = Vec::with_capacity(claimed.len());
        for entry in claimed {
            let result = Self::attempt(client, &entry, mode, challenge.take()).await;
            let mut entries = store::load();
            let outcome = settle(
                &mut entries,
                &entry,
                result,
                store::now(),
                &self.policy,
                store::random(),
            );
            let _ = store::save(&entries);
            reports.push(Report { entry, outcome });
        }
        reports
    }

    /// One attempt to send `entry`.
    async fn attempt(
        client: &Client,
        entry: &Entry,
        mode: Flush,
        challenge: Option<ChallengeResponse>,
    ) -> Result<Receipt, Error> {
        let key = IdempotencyKey::parse(&entry.key)?;
        attempt(
            client,
            &entry.submission,
            &key,
            mode == Flush::Leaving,
            challenge.as_ref(),
        )
        .await
    }
}

/// One attempt to submit feedback: every submission, from the outbox or sent directly when the
/// browser refuses to store it, goes through here, so that whatever has to be prepared before
/// each attempt is done in one place. With `keepalive` the request outlives the page. The
/// anti-spam `challenge` answered beforehand is used when given and still accepted; otherwise
/// a fresh one is fetched and answered first ([`Client::submit_feedback_with`]).
///
/// # Errors
/// As [`Client::submit_feedback`].
pub async fn attempt(
    client: &Client,
    submission: &FeedbackSubmission,
    key: &IdempotencyKey,
    keepalive: bool,
    challenge: Option<&ChallengeResponse>,
) -> Result<Receipt, Error> {
    client
        .keepalive(keepalive)
        .submit_feedback_with(submission, key, challenge)
        .await
}

/// `localStorage`, the clock and randomness of the browser.
#[cfg(target_arch = "wasm32")]
mod store {
    use super::{Entry, STORAGE_KEY};
    use crate::Error;

    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok().flatten()
    }

    /// The stored entries; none when storage is missing or holds something unreadable.
    pub(super) fn load() -> Vec<Entry> {
        storage()
            .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
            .and_then(|json| crate::client::from_json(&json).ok())
            .unwrap_or_default()
    }

    pub(super) fn save(entries: &[Entry]) -> Result<(), Error> {
        let refused = |_| Error::Network("the browser refused to store the outbox".to_owned());
        let storage = storage().ok_or(Error::Network("no localStorage".to_owned()))?;
        if entries.is_empty() {
            storage.remove_item(STORAGE_KEY).map_err(refused)
        } else {
            let json = crate::client::to_json(&entries)?;
            storage.set_item(STORAGE_KEY, &json).map_err(refused)
        }
    }

    pub(super) fn now() -> f64 {
        js_sys::Date::now()
    }

    pub(super) fn random() -> f64 {
        js_sys::Math::random()
    }
}

/// In memory, per thread, with the system clock.
#[cfg(not(target_arch = "wasm32"))]
mod store {
    use std::cell::RefCell;

    use super::Entry;
    use crate::Error;

    thread_local! {
        static ENTRIES: RefCell<Vec<Entry>> = const { RefCell::new(Vec::new()) };
    }

    pub(super) fn load() -> Vec<Entry> {
        ENTRIES.with(|e| e.borrow().clone())
    }

    pub(super) fn save(entries: &[Entry]) -> Result<(), Error> {
        ENTRIES.with(|e| *e.borrow_mut() = entries.to_vec());
        Ok(())
    }

    pub(super) fn now() -> f64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    }

    pub(super) fn random() -> f64 {
        // Jitter only has to differ between clients, not be unpredictable.
        f64::from(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.subsec_nanos())
                % 1000,
        ) / 1000.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{FieldError, Found, Locale, Problem, Topic};

    fn submission(text: &str) -> FeedbackSubmission {
        FeedbackSubmission {
            service: "99107108017000".to_owned(),
            found: Found::Yes,
            rating: 4,
            topic: Topic::Praise,
            text: text.to_owned(),
            contact: None,
            locale: Locale::De,
            page_url: None,
            client_time: "2026-11-26T09:30:00Z".to_owned(),
            website: None,
        }
    }

    fn entry(endpoint: &str, key: &str) -> Entry {
        Entry {
            endpoint: endpoint.to_owned(),
            key: key.to_owned(),
            submission: submission(key),
            failures: 0,
            not_before: 0.0,
            leased_until: 0.0,
        }
    }

    fn http(status: u16, retry_after: Option<u64>) -> Error {
        Error::Http {
            status,
            problem: Some(Box::new(Problem::new(status, "x").with_errors(
                if status == 422 {
                    vec![FieldError::new("/text", "too_long", "")]
                } else {
                    vec![]
                },
            ))),
            retry_after,
        }
    }

    fn receipt() -> Receipt {
        Receipt {
            reference: "OZG-7K3M-Q9TD".to_owned(),
            token: "t".to_owned(),
            status_url: "https://x.de/v1/feedback/OZG-7K3M-Q9TD".to_owned(),
            received_at: "2026-11-26T09:30:01Z".to_owned(),
        }
    }

    #[test]
    fn backoff_doubles_with_jitter_and_honours_retry_after() {
        let policy = RetryPolicy {
            base_ms: 1_000.0,
            max_ms: 10_000.0,
        };
        // (failures, retry-after, jitter) -> delay
        let cases = [
            (1, None, 0.0, 500.0),
            (1, None, 1.0, 1_000.0),
            (2, None, 0.5, 1_500.0),
            (3, None, 0.0, 2_000.0),
            (4, None, 1.0, 8_000.0),
            (5, None, 1.0, 10_000.0),
            (40, None, 0.0, 5_000.0),
            (1, Some(3), 0.0, 3_000.0),
            (4, Some(3), 1.0, 8_000.0),
            (1, None, 7.0, 1_000.0),
        ];
        for (failures, retry_after, jitter, expected) in cases {
            assert_eq!(
                policy.delay_ms(failures, retry_after, jitter),
                expected,
                "{failures} failures, Retry-After {retry_after:?}, jitter {jitter}"
            );
        }
    }

    #[test]
    fn claim_takes_due_unleased_entries_of_one_endpoint() {
        let mut entries = vec![
            entry("https://a.de", "aaaaaaaaaaaaaaaa-1"),
            entry("https://b.de", "bbbbbbbbbbbbbbbb-1"),
            Entry {
                not_before: 200.0,
                ..entry("https://a.de", "aaaaaaaaaaaaaaaa-2")
            },
            Entry {
                leased_until: 150.0,
                ..entry("https://a.de", "aaaaaaaaaaaaaaaa-3")
            },
        ];
        let keys = |v: &[Entry]| v.iter().map(|e| e.key.clone()).collect::<Vec<_>>();
        let first = claim(&mut entries, "https://a.de", 100.0, Flush::Due);
        assert_eq!(keys(&first), ["aaaaaaaaaaaaaaaa-1"]);
        assert_eq!(entries[0].leased_until, 100.0 + LEASE_MS);
        // A second flush (another tab, or the same one) does not take it again.
        assert!(claim(&mut entries, "https://a.de", 101.0, Flush::Due).is_empty());
        // Later the waiting and the expired lease are due.
        let later = claim(&mut entries, "https://a.de", 250.0, Flush::Due);
        assert_eq!(keys(&later), ["aaaaaaaaaaaaaaaa-2", "aaaaaaaaaaaaaaaa-3"]);
        // Leaving sends everything of the endpoint, leased or not.
        let leaving = claim(&mut entries, "https://a.de", 251.0, Flush::Leaving);
        assert_eq!(leaving.len(), 3);
        assert_eq!(entries[1].leased_until, 0.0);
    }

    #[test]
    fn settle_keeps_entries_until_a_2xx_and_drops_rejected_ones() {
        let policy = RetryPolicy {
            base_ms: 1_000.0,
            max_ms: 60_000.0,
        };
        let sent = entry("https://a.de", "aaaaaaaaaaaaaaaa-1");
        let mut entries = vec![
            Entry {
                leased_until: 5_000.0,
                ..sent.clone()
            },
            entry("https://a.de", "aaaaaaaaaaaaaaaa-2"),
        ];

        let mut challenge_rejected = Problem::new(422, "challenge rejected");
        challenge_rejected.kind = crate::CHALLENGE_PROBLEM_TYPE.to_owned();
        let cases: [(Error, f64); 7] = [
            (Error::Network("offline".to_owned()), 1_000.0 + 500.0),
            (http(503, None), 2_000.0 + 1_000.0),
            (http(408, None), 3_000.0 + 2_000.0),
            (http(429, Some(60)), 4_000.0 + 60_000.0),
            (http(500, None), 5_000.0 + 8_000.0),
            (
                Error::Http {
                    status: 422,
                    problem: Some(Box::new(challenge_rejected)),
                    retry_after: None,
                },
                6_000.0 + 16_000.0,
            ),
            (
                Error::ProofOfWork("no Web Crypto".to_owned()),
                7_000.0 + 30_000.0,
            ),
        ];
        for (n, (error, due)) in cases.into_iter().enumerate() {
            let now = (n as f64 + 1.0) * 1_000.0;
            match settle(&mut entries, &sent, Err(error), now, &policy, 0.0) {
                Outcome::Waiting { not_before, .. } => assert_eq!(not_before, due, "attempt {n}"),
                other => panic!("attempt {n}: {other:?}"),
            }
            assert_eq!(entries[0].failures, n as u32 + 1);
            assert_eq!(entries[0].not_before, due);
            assert_eq!(entries[0].leased_until, 0.0);
        }
        assert_eq!(entries.len(), 2);

        assert!(matches!(
            settle(&mut entries, &sent, Ok(receipt()), 40_000.0, &policy, 0.0),
            Outcome::Sent(_)
        ));
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].key, "aaaaaaaaaaaaaaaa-2");

        let other = entries[0].clone();
        for permanent in [http(422, None), http(413, None), http(400, None)] {
            let mut entries = vec![other.clone()];
            assert!(matches!(
                settle(&mut entries, &other, Err(permanent), 9_000.0, &policy, 0.0),
                Outcome::Rejected(_)
            ));
            assert!(entries.is_empty());
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn put_stores_before_sending_and_flush_keeps_what_did_not_arrive() {
        // Nothing listens on port 9 of loopback: every attempt is a network error.
        let client = Client::new("http://127.0.0.1:9").unwrap();
        let outbox = Outbox::new(&client, RetryPolicy::default());
        let key = IdempotencyKey::parse("cccccccccccccccc-1").unwrap();
        assert!(matches!(
            outbox.put(submission(&"x".repeat(2_001)), &key),
            Err(Error::Invalid(_))
        ));
        assert!(outbox.entries().is_empty());

        let stored = outbox.put(submission("Danke"), &key).unwrap();
        assert_eq!(outbox.entries(), std::slice::from_ref(&stored));
        assert_eq!(outbox.next_due(), Some(0.0));

        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let reports = runtime.block_on(outbox.flush(&client, Flush::Due, None));
        assert_eq!(reports.len(), 1);
        assert!(matches!(
            reports[0].outcome,
            Outcome::Waiting {
                error: Error::Network(_),
                ..
            }
        ));
        let kept = outbox.entries();
        assert_eq!(kept.len(), 1);
        assert_eq!(
            (kept[0].failures, &kept[0].submission),
            (1, &stored.submission)
        );
        assert!(outbox.next_due().unwrap() > 0.0);
        // Not due yet: a flush sends nothing.
        assert!(
            runtime
                .block_on(outbox.flush(&client, Flush::Due, None))
                .is_empty()
        );

        outbox.wake();
        assert_eq!(outbox.next_due(), Some(0.0));
        outbox.remove(key.as_str());
        assert!(outbox.entries().is_empty());
    }
}
