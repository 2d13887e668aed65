//! The anti-spam challenge: issued by `GET /v1/challenge`, checked on `POST /v1/feedback`.
//!
//! A challenge is an issue time signed with the challenge secret, so any instance sharing the
//! secret can check it without state. A submission must carry one that is at least
//! `min_delay_seconds` old (people take a moment to fill a form; bots post at once) and at
//! most `max_age_seconds` old, and each challenge is accepted once: its signature is recorded
//! in the database until it expires. With `proof_of_work` on, the challenge also carries an
//! ALTCHA Proof-of-Work v2 task (created and verified by the `altcha` crate) whose signature is
//! bound into the challenge's signature.

use axum::http::HeaderMap;
use ozg_sdk::{AltchaChallenge, AltchaParameters, CHALLENGE_HEADER, Challenge, ChallengeResponse};
use subtle::ConstantTimeEq;
use time::{Duration, OffsetDateTime};

use crate::error::ApiError;
use crate::state::AppState;
use crate::{clock, secrets};

/// Why a challenge was rejected; each has a stable code in the problem document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rejection {
    /// No `Ozg-Challenge` header.
    Missing,
    /// Not a challenge answer, or a signature this endpoint did not make.
    Invalid,
    /// Older than `max_age_seconds`.
    Expired,
    /// Younger than `min_delay_seconds`.
    TooFast,
    /// Already used for a submission.
    Used,
    /// The proof of work is missing or wrong.
    ProofOfWorkInvalid,
}

impl Rejection {
    /// The stable code, one of [`ozg_sdk::CHALLENGE_CODES`].
    pub(crate) fn code(self) -> &'static str {
        match self {
            Self::Missing => "challenge_missing",
            Self::Invalid => "challenge_invalid",
            Self::Expired => "challenge_expired",
            Self::TooFast => "challenge_too_fast",
            Self::Used => "challenge_used",
            Self::ProofOfWorkInvalid => "proof_of_work_invalid",
        }
    }

    /// What to do about it, for the problem document.
    pub(crate) fn detail(self) -> &'static str {
        match self {
            Self::Missing => {
                "send the answer to a challenge from GET /v1/challenge in the Ozg-Challenge header"
            }
            Self::Invalid => {
                "the Ozg-Challenge header is not the answer to a challenge of this endpoint"
            }
            Self::Expired => "the challenge is too old; fetch a fresh one",
            Self::TooFast => "the submission came too soon after the challenge was issued",
            Self::Used => "the challenge was already used for a submission; fetch a fresh one",
            Self::ProofOfWorkInvalid => {
                "the proof of work is missing or does not solve the challenge"
            }
        }
    }
}

/// A fresh challenge, with a proof of work when the configuration asks for one.
///
/// # Errors
/// When the `altcha` crate cannot create the proof of work (a configuration it rejects).
pub(crate) fn issue(state: &AppState) -> Result<Challenge, ApiError> {
    let now = clock::now();
    let issued_at = clock::format(now);
    let antispam = &state.config().antispam;
    let proof_of_work = if antispam.proof_of_work {
        let expires = now + Duration::seconds(i64::from(antispam.max_age_seconds));
        let random = u32::from_be_bytes(secrets::random_bytes::<4>());
        let counter = random % antispam.proof_of_work_max_number;
        let created = altcha::create_challenge(altcha::CreateChallengeOptions {
            algorithm: "SHA-256".to_owned(),
            cost: 1,
            counter: Some(counter),
            expires_at: Some(expires.unix_timestamp()),
            hmac_signature_secret: Some(altcha_secret(state)),
            key_length: 32,
            ..Default::default()
        })
        .map_err(|e| ApiError::Internal(format!("cannot create a proof of work: {e}")))?;
        Some(to_wire(created)?)
    } else {
        None
    };
    let nonce = hex::encode(secrets::random_bytes::<16>());
    let signature = secrets::sign(
        state.challenge_key(),
        signed_message(
            &issued_at,
            &nonce,
            proof_of_work.as_ref().map(|p| &p.signature),
        )
        .as_bytes(),
    );
    Ok(Challenge {
        issued_at,
        nonce,
        signature,
        min_delay_seconds: antispam.min_delay_seconds,
        proof_of_work,
    })
}

/// Checks the challenge answer in `headers` and records it as used.
///
/// # Errors
/// [`ApiError::Challenge`] with the reason; database errors.
pub(crate) async fn check(state: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    let answer = headers
        .get(CHALLENGE_HEADER)
        .ok_or(ApiError::Challenge(Rejection::Missing))?;
    let answer: ChallengeResponse = answer
        .to_str()
        .ok()
        .and_then(|text| serde_json::from_str(text).ok())
        .ok_or(ApiError::Challenge(Rejection::Invalid))?;
    let expires = verify(state, &answer, clock::now()).map_err(ApiError::Challenge)?;

    let now = clock::format(clock::now());
    sqlx::query("DELETE FROM used_challenges WHERE expires_at < $1")
        .bind(&now)
        .execute(state.pool())
        .await?;
    let recorded = sqlx::query(
        "INSERT INTO used_challenges (signature, expires_at) VALUES ($1, $2)
         ON CONFLICT (signature) DO NOTHING",
    )
    .bind(&answer.signature)
    .bind(clock::format(expires))
    .execute(state.pool())
    .await?
    .rows_affected();
    if recorded == 0 {
        return Err(ApiError::Challenge(Rejection::Used));
    }
    Ok(())
}

/// Checks signature, age and proof of work of `answer` at `now`; returns when it expires.
fn verify(
    state: &AppState,
    answer: &ChallengeResponse,
    now: OffsetDateTime,
) -> Result<OffsetDateTime, Rejection> {
    let pow = answer.proof_of_work.as_ref();
    let expected = secrets::sign(
        state.challenge_key(),
        signed_message(
            &answer.issued_at,
            &answer.nonce,
            pow.map(|p| &p.challenge.signature),
        )
        .as_bytes(),
    );
    if !bool::from(expected.as_bytes().ct_eq(answer.signature.as_bytes())) {
        return Err(Rejection::Invalid);
    }
    let issued = clock::parse(&answer.issued_at).ok_or(Rejection::Invalid)?;
    let antispam = &state.config().antispam;
    let expires = issued + Duration::seconds(i64::from(antispam.max_age_seconds));
    if now > expires {
        return Err(Rejection::Expired);
    }
    // Several instances' clocks may differ a little; a challenge "from the future" is as
    // young as one issued just now.
    if now - issued < Duration::seconds(i64::from(antispam.min_delay_seconds)) {
        return Err(Rejection::TooFast);
    }
    match pow {
        None if antispam.proof_of_work => Err(Rejection::ProofOfWorkInvalid),
        None => Ok(expires),
        Some(payload) => {
            let challenge = from_wire(&payload.challenge);
            let solution = altcha::Solution {
                counter: payload.solution.counter,
                derived_key: payload.solution.derived_key.clone(),
                time: None,
            };
            let result = altcha::verify_solution(altcha::VerifySolutionOptions::new(
                &challenge,
                &solution,
                altcha_secret(state),
            ));
            match result {
                Ok(result) if result.verified => Ok(expires),
                Ok(result) if result.expired => Err(Rejection::Expired),
                _ => Err(Rejection::ProofOfWorkInvalid),
            }
        }
    }
}

/// What the challenge signature covers: the issue time, the nonce, and the proof of work's
/// own signature (which covers all its parameters) when there is one.
fn signed_message(
    issued_at: &str,
    nonce: &str,
    proof_of_work_signature: Option<&String>,
) -> String {
    match proof_of_work_signature {
        Some(signature) => format!("{issued_at}\n{nonce}\n{signature}"),
        None => format!("{issued_at}\n{nonce}"),
    }
}

/// The challenge key as the text secret the `altcha` crate signs with, distinct from the
/// key's use for the issue time by a prefix.
fn altcha_secret(state: &AppState) -> String {
    format!("altcha:{}", hex::encode(state.challenge_key()))
}

fn to_wire(challenge: altcha::Challenge) -> Result<AltchaChallenge, ApiError> {
    let parameters = challenge.parameters;
    Ok(AltchaChallenge {
        parameters: AltchaParameters {
            algorithm: parameters.algorithm,
            cost: parameters.cost,
            expires_at: parameters.expires_at,
            key_length: u32::try_from(parameters.key_length)
                .map_err(|_| ApiError::Internal("proof of work key too long".to_owned()))?,
            key_prefix: parameters.key_prefix,
            nonce: parameters.nonce,
            salt: parameters.salt,
        },
        signature: challenge
            .signature
            .ok_or_else(|| ApiError::Internal("unsigned proof of work".to_owned()))?,
    })
}

fn from_wire(challenge: &AltchaChallenge) -> altcha::Challenge {
    let parameters = &challenge.parameters;
    altcha::Challenge {
        parameters: altcha::ChallengeParameters {
            algorithm: parameters.algorithm.clone(),
            cost: parameters.cost,
            data: None,
            expires_at: parameters.expires_at,
            key_length: usize::try_from(parameters.key_length).unwrap_or(usize::MAX),
            key_prefix: parameters.key_prefix.clone(),
            key_signature: None,
            memory_cost: None,
            nonce: parameters.nonce.clone(),
            parallelism: None,
            salt: parameters.salt.clone(),
        },
        signature: Some(challenge.signature.clone()),
    }
}
