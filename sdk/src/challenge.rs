//! The anti-spam challenge of `GET /v1/challenge`, its answer, and solving its optional proof
//! of work (ALTCHA PoW v2).

use serde::{Deserialize, Serialize};

#[cfg(feature = "client")]
use crate::Error;

/// The request header of `POST /v1/feedback` that carries a [`ChallengeResponse`] as compact
/// JSON.
///
/// The challenge travels in a header rather than in the body so that a submission stays
/// byte for byte the same when a client attaches a fresh challenge to a retry: the
/// idempotency key still matches its body.
pub const CHALLENGE_HEADER: &str = "Ozg-Challenge";

/// Stable codes of a rejected challenge, in the `errors` of the `422` problem document whose
/// type is [`CHALLENGE_PROBLEM_TYPE`]. Any of them is cured by fetching a fresh challenge and
/// sending the same submission again under the same idempotency key.
pub const CHALLENGE_CODES: [&str; 6] = [
    "challenge_missing",
    "challenge_invalid",
    "challenge_expired",
    "challenge_too_fast",
    "challenge_used",
    "proof_of_work_invalid",
];

/// Problem type of a `422` for a missing or rejected challenge.
pub const CHALLENGE_PROBLEM_TYPE: &str = "urn:ozg-widget:problem:challenge-rejected";

/// A signed issue time from the endpoint, optionally with a proof-of-work task.
///
/// A client fetches it when a feedback form opens and sends its [`ChallengeResponse`] with the
/// submission in the [`CHALLENGE_HEADER`], so the endpoint can tell a person who took a few
/// seconds to type from a bot that posts at once, without cookies or third-party captchas.
/// Only the endpoint can check the signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Challenge {
    /// When the endpoint issued the challenge, RFC 3339 in UTC.
    #[cfg_attr(feature = "openapi", schema(example = "2026-11-26T09:30:00Z"))]
    pub issued_at: String,
    /// Random lowercase hex that makes each challenge unique.
    #[cfg_attr(feature = "openapi", schema(pattern = "^[0-9a-f]{32}$"))]
    pub nonce: String,
    /// Lowercase hex HMAC-SHA256 of `issuedAt`, a line feed and `nonce` (then another line
    /// feed and the proof of work's signature, when there is one) under a secret only the
    /// endpoint knows.
    #[cfg_attr(feature = "openapi", schema(pattern = "^[0-9a-f]{64}$"))]
    pub signature: String,
    /// Seconds that must pass between issue and submission; a submission sent earlier is
    /// rejected as `challenge_too_fast`.
    #[serde(default)]
    pub min_delay_seconds: u32,
    /// A proof-of-work task to solve before submitting, when the endpoint asks for one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proof_of_work: Option<AltchaChallenge>,
}

/// An ALTCHA Proof-of-Work v2 challenge, as the ALTCHA libraries create and verify it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AltchaChallenge {
    /// The task; signed as a whole, so send it back unchanged.
    pub parameters: AltchaParameters,
    /// Lowercase hex HMAC of the parameters' canonical JSON.
    pub signature: String,
}

/// The parameters of an [`AltchaChallenge`].
///
/// The task: find a `counter` such that the key derived from `salt` and `nonce ‖ counter`
/// (counter as a big-endian 32-bit integer) starts with `keyPrefix`. For the algorithm
/// `SHA-256` the key is SHA-256 applied `cost` times to `salt ‖ nonce ‖ counter`, cut to
/// `keyLength` bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AltchaParameters {
    /// Key derivation; this SDK solves `SHA-256`.
    #[cfg_attr(feature = "openapi", schema(example = "SHA-256"))]
    pub algorithm: String,
    /// Iterations of the key derivation.
    pub cost: u32,
    /// Unix time in seconds after which the endpoint no longer accepts a solution.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<i64>,
    /// Bytes of the derived key.
    pub key_length: u32,
    /// Lowercase hex that the derived key must start with.
    pub key_prefix: String,
    /// Random hex bytes that precede the counter.
    pub nonce: String,
    /// Random hex bytes that precede nonce and counter.
    pub salt: String,
}

/// What a client sends back in the [`CHALLENGE_HEADER`]: the challenge's issue time and
/// signature, and the solved proof of work when the challenge had one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChallengeResponse {
    /// [`Challenge::issued_at`], unchanged.
    pub issued_at: String,
    /// [`Challenge::nonce`], unchanged.
    pub nonce: String,
    /// [`Challenge::signature`], unchanged.
    pub signature: String,
    /// The ALTCHA v2 payload: the challenge and its solution.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proof_of_work: Option<AltchaPayload>,
}

/// A solved ALTCHA challenge, as the ALTCHA v2 protocol sends it for verification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AltchaPayload {
    /// The challenge as the endpoint issued it.
    pub challenge: AltchaChallenge,
    /// The solution found.
    pub solution: AltchaSolution,
}

/// The solution of an [`AltchaChallenge`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AltchaSolution {
    /// The counter that yields a key with the required prefix.
    pub counter: u32,
    /// That key, lowercase hex.
    pub derived_key: String,
}

#[cfg(feature = "client")]
/// Counters tried before a proof of work counts as unsolvable: far beyond any challenge the
/// endpoint issues, but a bound for a broken one.
const MAX_COUNTER: u32 = 50_000_000;

#[cfg(feature = "client")]
impl Challenge {
    /// The answer to send back: issue time and signature, and the solved proof of work when
    /// the challenge has one.
    ///
    /// In the browser the hashing runs through Web Crypto in small batches that each await
    /// the browser, so the page stays responsive while it works; natively it uses `sha2`.
    ///
    /// # Errors
    /// [`Error::ProofOfWork`] when the task uses an algorithm other than `SHA-256` or has
    /// malformed parameters, or no counter up to fifty million solves it.
    pub async fn solve(&self) -> Result<ChallengeResponse, Error> {
        let proof_of_work = match &self.proof_of_work {
            Some(challenge) => Some(AltchaPayload {
                challenge: challenge.clone(),
                solution: solve_altcha(&challenge.parameters).await?,
            }),
            None => None,
        };
        Ok(ChallengeResponse {
            issued_at: self.issued_at.clone(),
            nonce: self.nonce.clone(),
            signature: self.signature.clone(),
            proof_of_work,
        })
    }
}

/// Finds the smallest counter that solves `parameters`.
#[cfg(feature = "client")]
async fn solve_altcha(parameters: &AltchaParameters) -> Result<AltchaSolution, Error> {
    let invalid = |what: &str| Error::ProofOfWork(format!("{what} in the challenge"));
    if !parameters.algorithm.eq_ignore_ascii_case("SHA-256") {
        return Err(Error::ProofOfWork(format!(
            "unsupported algorithm {:?}",
            parameters.algorithm
        )));
    }
    let salt = hex_decode(&parameters.salt).ok_or_else(|| invalid("malformed salt"))?;
    let nonce = hex_decode(&parameters.nonce).ok_or_else(|| invalid("malformed nonce"))?;
    let prefix = parameters.key_prefix.to_ascii_lowercase();
    if !prefix.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(invalid("malformed key prefix"));
    }
    let key_length = usize::try_from(parameters.key_length).unwrap_or(usize::MAX);
    let mut input = Vec::with_capacity(salt.len() + nonce.len() + 4);
    input.extend_from_slice(&salt);
    input.extend_from_slice(&nonce);
    let base = input.len();
    input.extend_from_slice(&[0; 4]);
    let check = |counter: u32, digest: &[u8]| {
        let key = &digest[..key_length.min(digest.len())];
        let hex = hex_encode(key);
        hex.starts_with(&prefix).then_some(AltchaSolution {
            counter,
            derived_key: hex,
        })
    };
    let cost = parameters.cost.max(1);

    #[cfg(not(target_arch = "wasm32"))]
    {
        use sha2::{Digest, Sha256};
        for counter in 0..MAX_COUNTER {
            input[base..].copy_from_slice(&counter.to_be_bytes());
            let mut digest = Sha256::digest(&input);
            for _ in 1..cost {
                digest = Sha256::digest(digest);
            }
            if let Some(solution) = check(counter, &digest) {
                return Ok(solution);
            }
        }
    }

    #[cfg(target_arch = "wasm32")]
    {
        let mut start = 0u32;
        let mut last_yield = js_sys::Date::now();
        while start < MAX_COUNTER {
            // Hand the event loop back (rendering, input, timers) at least every few
            // milliseconds: digest results alone may arrive before anything else gets a turn.
            if js_sys::Date::now() - last_yield > browser::SLICE_MS {
                crate::client::sleep_ms(0).await;
                last_yield = js_sys::Date::now();
            }
            let batch: Vec<u32> = (start..start.saturating_add(browser::BATCH)).collect();
            let digests = browser::sha256_batch(&mut input, base, &batch, cost).await?;
            for (counter, digest) in batch.iter().zip(digests) {
                if let Some(solution) = check(*counter, &digest) {
                    return Ok(solution);
                }
            }
            start = start.saturating_add(browser::BATCH);
        }
    }

    Err(Error::ProofOfWork(
        "no solution within fifty million counters".to_owned(),
    ))
}

/// Web Crypto hashing in batches: each batch is a handful of `crypto.subtle.digest` calls
/// whose results the browser delivers in their own tasks, so rendering and input handling
/// run between batches and no task blocks the page.
#[cfg(all(feature = "client", target_arch = "wasm32"))]
mod browser {
    use wasm_bindgen::prelude::wasm_bindgen;
    use wasm_bindgen_futures::JsFuture;

    use crate::Error;

    /// Counters hashed per batch.
    pub(super) const BATCH: u32 = 64;
    /// Milliseconds of hashing before the solver yields to the event loop.
    pub(super) const SLICE_MS: f64 = 8.0;

    #[wasm_bindgen]
    extern "C" {
        /// `crypto.subtle.digest`, which windows and workers both have.
        #[wasm_bindgen(js_namespace = ["crypto", "subtle"], js_name = digest, catch)]
        fn digest(
            algorithm: &str,
            data: &js_sys::Uint8Array,
        ) -> Result<js_sys::Promise, wasm_bindgen::JsValue>;
    }

    /// SHA-256 applied `cost` times to `input` with each counter of `batch` written at
    /// `base`; all counters of a round are handed to the browser at once and awaited together.
    pub(super) async fn sha256_batch(
        input: &mut [u8],
        base: usize,
        batch: &[u32],
        cost: u32,
    ) -> Result<Vec<Vec<u8>>, Error> {
        let failed = |_| Error::ProofOfWork("Web Crypto is not available".to_owned());
        let mut current: Vec<js_sys::Uint8Array> = batch
            .iter()
            .map(|counter| {
                input[base..].copy_from_slice(&counter.to_be_bytes());
                js_sys::Uint8Array::from(&*input)
            })
            .collect();
        for _ in 0..cost {
            let promises = js_sys::Array::new();
            for data in &current {
                let promise = digest("SHA-256", data).map_err(failed)?;
                promises.push(&promise);
            }
            let buffers: js_sys::Array = JsFuture::from(js_sys::Promise::all(&promises))
                .await
                .map_err(failed)?
                .into();
            current = buffers
                .iter()
                .map(|buffer| js_sys::Uint8Array::new(&buffer))
                .collect();
        }
        Ok(current.iter().map(|digest| digest.to_vec()).collect())
    }
}

#[cfg(feature = "client")]
fn hex_encode(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        out.push(char::from(DIGITS[usize::from(byte >> 4)]));
        out.push(char::from(DIGITS[usize::from(byte & 15)]));
    }
    out
}

#[cfg(feature = "client")]
fn hex_decode(hex: &str) -> Option<Vec<u8>> {
    if !hex.len().is_multiple_of(2) {
        return None;
    }
    hex.as_bytes()
        .chunks(2)
        .map(|pair| {
            let digit = |b: u8| char::from(b).to_digit(16);
            u8::try_from(digit(pair[0])? * 16 + digit(pair[1])?).ok()
        })
        .collect()
}

/// The solver against vectors computed with another SHA-256 implementation (Python's
/// `hashlib`), natively and in the browser.
#[cfg(all(test, feature = "client"))]
mod tests {
    use super::*;

    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;
    #[cfg(target_arch = "wasm32")]
    wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

    fn challenge(cost: u32, key_prefix: &str) -> Challenge {
        Challenge {
            issued_at: "2026-11-26T09:30:00Z".to_owned(),
            nonce: "00112233445566778899aabbccddeeff".to_owned(),
            signature: "ab".repeat(32),
            min_delay_seconds: 3,
            proof_of_work: Some(AltchaChallenge {
                parameters: AltchaParameters {
                    algorithm: "SHA-256".to_owned(),
                    cost,
                    expires_at: None,
                    key_length: 32,
                    key_prefix: key_prefix.to_owned(),
                    nonce: "7e57c0ffee0ddba11dec0de5ca1ab1e5".to_owned(),
                    salt: "5d41402abc4b2a76b9719d911017c592".to_owned(),
                },
                signature: "cd".repeat(32),
            }),
        }
    }

    async fn solution(challenge: &Challenge) -> AltchaSolution {
        let answer = challenge.solve().await.expect("solvable");
        assert_eq!(answer.issued_at, challenge.issued_at);
        assert_eq!(answer.nonce, challenge.nonce);
        assert_eq!(answer.signature, challenge.signature);
        let payload = answer.proof_of_work.expect("a proof of work");
        assert_eq!(Some(&payload.challenge), challenge.proof_of_work.as_ref());
        payload.solution
    }

    async fn solves_known_vectors() {
        let cases = [
            (
                1,
                "4cead23a86100294cc4432d6ba0e387b",
                1234,
                "4cead23a86100294cc4432d6ba0e387b866c89ca5ae73690735d83180bf13c22",
            ),
            (
                3,
                "AB7B5E88BE65223BA05C7168C06A070B",
                321,
                "ab7b5e88be65223ba05c7168c06a070b1abd484e4d82c577aacacc51647ddb76",
            ),
        ];
        for (cost, prefix, counter, key) in cases {
            let found = solution(&challenge(cost, prefix)).await;
            assert_eq!((found.counter, found.derived_key.as_str()), (counter, key));
        }
    }

    async fn rejects_what_it_cannot_solve() {
        let mut other = challenge(1, "00");
        if let Some(pow) = other.proof_of_work.as_mut() {
            pow.parameters.algorithm = "SCRYPT".to_owned();
        }
        assert!(matches!(other.solve().await, Err(Error::ProofOfWork(_))));
        let mut broken = challenge(1, "00");
        if let Some(pow) = broken.proof_of_work.as_mut() {
            pow.parameters.salt = "xyz".to_owned();
        }
        assert!(matches!(broken.solve().await, Err(Error::ProofOfWork(_))));
        // Without a proof of work there is nothing to solve.
        let plain = Challenge {
            proof_of_work: None,
            ..challenge(1, "00")
        };
        assert_eq!(plain.solve().await.expect("answer").proof_of_work, None);
    }

    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn native() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("runtime");
        runtime.block_on(async {
            solves_known_vectors().await;
            rejects_what_it_cannot_solve().await;
        });
    }

    #[cfg(target_arch = "wasm32")]
    #[test]
    async fn in_the_browser() {
        solves_known_vectors().await;
        rejects_what_it_cannot_solve().await;
    }

    /// While the browser solves a task of a hundred thousand hashes, a timer keeps firing:
    /// the solver hands the event loop back every few milliseconds. (A solver that hashed in
    /// one go would let it fire once at most.) The requirement is lenient, one turn per 50 ms
    /// on average, because the test machine may be busy with other work.
    #[cfg(target_arch = "wasm32")]
    #[test]
    async fn the_page_stays_responsive() {
        use std::cell::Cell;
        use std::rc::Rc;

        // The browser's own measure of long tasks (over 50 ms), for the failure message.
        js_sys::eval(
            "globalThis.ozgLongTasks = []; \
             new PerformanceObserver(list => ozgLongTasks.push(...list.getEntries() \
                 .map(e => Math.round(e.duration)))).observe({ type: 'longtask' });",
        )
        .expect("a long task observer");
        let done = Rc::new(Cell::new(false));
        let ticks = Rc::new(Cell::new(0u32));
        {
            let (done, ticks) = (done.clone(), ticks.clone());
            wasm_bindgen_futures::spawn_local(async move {
                while !done.get() {
                    crate::client::sleep_ms(5).await;
                    ticks.set(ticks.get() + 1);
                }
            });
        }
        let started = js_sys::Date::now();
        // 128,124 hashes for these parameters (counted with Python's `hashlib`).
        let found = solution(&challenge(1, "0000")).await;
        let took = js_sys::Date::now() - started;
        done.set(true);
        assert_eq!(found.counter, 128_123, "{found:?}");
        crate::client::sleep_ms(100).await;
        let long_tasks = js_sys::eval("JSON.stringify(ozgLongTasks)")
            .ok()
            .and_then(|value| value.as_string())
            .unwrap_or_default();
        let expected = (took / 50.0) as u32;
        assert!(
            ticks.get() >= expected.max(3),
            "the timer fired {} times in {took} ms of solving; long tasks (ms): {long_tasks}",
            ticks.get()
        );
    }
}
