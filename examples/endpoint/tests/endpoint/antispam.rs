//! The anti-spam checks of `POST /v1/feedback`: the signed challenge (missing, forged,
//! expired, too fast, used), the honeypot, the ALTCHA proof of work, and the rate limit per
//! IPv4 address and IPv6 /64 network.

use std::net::SocketAddr;

use axum::http::StatusCode;
use hmac::{Hmac, Mac};
use ozg_endpoint::{AntispamConfig, Config};
use ozg_sdk::{CHALLENGE_PROBLEM_TYPE, Challenge, ChallengeResponse, Receipt};
use sha2::Sha256;

use crate::support::{
    TEST_SECRET, TestApp, TestResponse, feedback_request, new_key, submission, test_app,
    test_app_with, test_config,
};

/// A challenge answer signed with the test secret, issued `seconds_ago`.
fn forged(seconds_ago: i64, secret: &str) -> String {
    let issued = time::OffsetDateTime::now_utc() - time::Duration::seconds(seconds_ago);
    let issued_at = issued
        .replace_nanosecond(0)
        .expect("whole seconds")
        .format(&time::format_description::well_known::Rfc3339)
        .expect("formats");
    let nonce = hex::encode(new_key());
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("key");
    mac.update(format!("{issued_at}\n{nonce}").as_bytes());
    serde_json::to_string(&ChallengeResponse {
        issued_at,
        nonce,
        signature: hex::encode(mac.finalize().into_bytes()),
        proof_of_work: None,
    })
    .expect("serialises")
}

async fn post(app: &TestApp, key: &str, challenge: Option<&str>) -> TestResponse {
    let body = submission().to_string();
    app.send(feedback_request(Some(key), &body, None, challenge))
        .await
}

/// Asserts a `422` challenge problem with `code`.
fn assert_rejected(response: &TestResponse, code: &str) {
    assert_eq!(
        response.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        response.text()
    );
    let problem = response.problem();
    assert_eq!(problem.kind, CHALLENGE_PROBLEM_TYPE);
    let codes: Vec<&str> = problem.errors.iter().map(|e| e.code.as_str()).collect();
    assert_eq!(codes, [code]);
    assert!(ozg_sdk::CHALLENGE_CODES.contains(&code));
}

#[tokio::test]
async fn a_missing_or_forged_challenge_is_rejected_and_nothing_is_stored() {
    let app = test_app().await;
    let key = new_key();
    assert_rejected(&post(&app, &key, None).await, "challenge_missing");
    for header in [
        "kein json".to_owned(),
        "{}".to_owned(),
        forged(60, "ein-anderes-geheimnis-das-niemand-kennt-000"),
    ] {
        assert_rejected(&post(&app, &key, Some(&header)).await, "challenge_invalid");
    }
    // A real challenge whose issue time was changed no longer matches its signature.
    let mut answer: ChallengeResponse =
        serde_json::from_str(&app.challenge().await).expect("answer");
    answer.issued_at = "2020-01-01T00:00:00Z".to_owned();
    let tampered = serde_json::to_string(&answer).expect("serialises");
    assert_rejected(
        &post(&app, &key, Some(&tampered)).await,
        "challenge_invalid",
    );
    assert_eq!(app.count("feedback").await, 0);

    // The key was not used up: the same submission with a good challenge is stored.
    let response = post(&app, &key, Some(&app.challenge().await)).await;
    assert_eq!(response.status, StatusCode::CREATED, "{}", response.text());
    assert_eq!(app.count("feedback").await, 1);
}

#[tokio::test]
async fn challenges_expire_after_the_configured_age() {
    let app = test_app().await;
    let day = 24 * 60 * 60;
    assert_rejected(
        &post(&app, &new_key(), Some(&forged(day + 60, TEST_SECRET))).await,
        "challenge_expired",
    );
    let response = post(&app, &new_key(), Some(&forged(day - 60, TEST_SECRET))).await;
    assert_eq!(response.status, StatusCode::CREATED, "{}", response.text());
}

#[tokio::test]
async fn a_submission_right_after_the_challenge_is_too_fast() {
    let app = test_app_with(Config {
        antispam: AntispamConfig {
            min_delay_seconds: 3,
            ..AntispamConfig::default()
        },
        ..test_config()
    })
    .await;
    let challenge: Challenge = app.get("/v1/challenge").await.json();
    assert_eq!(challenge.min_delay_seconds, 3);
    let answer = serde_json::to_string(&challenge.solve().await.expect("solves")).expect("json");
    assert_rejected(
        &post(&app, &new_key(), Some(&answer)).await,
        "challenge_too_fast",
    );
    assert_rejected(
        &post(&app, &new_key(), Some(&forged(1, TEST_SECRET))).await,
        "challenge_too_fast",
    );
    let response = post(&app, &new_key(), Some(&forged(4, TEST_SECRET))).await;
    assert_eq!(response.status, StatusCode::CREATED, "{}", response.text());
    assert_eq!(app.count("feedback").await, 1);
}

#[tokio::test]
async fn a_challenge_is_accepted_once() {
    let app = test_app().await;
    // Without proof of work, the challenge as `GET /v1/challenge` returns it is an answer too
    // (the README's curl example relies on it).
    let challenge = app.get("/v1/challenge").await.text();
    let response = post(&app, &new_key(), Some(&challenge)).await;
    assert_eq!(response.status, StatusCode::CREATED, "{}", response.text());
    assert_rejected(
        &post(&app, &new_key(), Some(&challenge)).await,
        "challenge_used",
    );
    assert_eq!(app.count("feedback").await, 1);
    assert_eq!(app.count("used_challenges").await, 1);
}

#[tokio::test]
async fn a_committed_submission_is_replayed_whatever_its_challenge() {
    let app = test_app().await;
    let key = new_key();
    let first = post(&app, &key, Some(&app.challenge().await)).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text());
    // Days later from an outbox: the challenge is used and expired, or missing.
    let day = 24 * 60 * 60;
    for challenge in [Some(forged(2 * day, TEST_SECRET)), None] {
        let retry = post(&app, &key, challenge.as_deref()).await;
        assert_eq!(retry.status, StatusCode::CREATED, "{}", retry.text());
        assert_eq!(retry.header("idempotent-replayed"), Some("true"));
        assert_eq!(retry.json::<Receipt>(), first.json::<Receipt>());
    }
    assert_eq!(app.count("feedback").await, 1);
}

#[tokio::test]
async fn a_filled_honeypot_is_rejected_and_not_stored() {
    let app = test_app().await;
    let mut body = submission();
    body["website"] = "https://billig-pillen.example".into();
    let key = new_key();
    let challenge = app.challenge().await;
    let response = app
        .send(feedback_request(
            Some(&key),
            &body.to_string(),
            None,
            Some(&challenge),
        ))
        .await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    let problem = response.problem();
    assert!(problem.kind.ends_with("invalid-submission"), "{problem:?}");
    assert_eq!(problem.errors.len(), 1, "{problem:?}");
    assert_eq!(
        (
            problem.errors[0].pointer.as_str(),
            problem.errors[0].code.as_str()
        ),
        ("/website", "honeypot_filled")
    );
    assert_eq!(app.count("feedback").await, 0);
    assert_eq!(app.count("idempotency_keys").await, 0);

    // An empty honeypot, as a person's form sends it, is fine; so is none.
    body["website"] = "".into();
    let response = app
        .send(feedback_request(
            Some(&new_key()),
            &body.to_string(),
            None,
            Some(&app.challenge().await),
        ))
        .await;
    assert_eq!(response.status, StatusCode::CREATED, "{}", response.text());
}

async fn proof_of_work_app() -> TestApp {
    test_app_with(Config {
        antispam: AntispamConfig {
            proof_of_work: true,
            proof_of_work_max_number: 5_000,
            ..test_config().antispam
        },
        ..test_config()
    })
    .await
}

#[tokio::test]
async fn a_solved_proof_of_work_is_accepted_once() {
    let app = proof_of_work_app().await;
    let challenge: Challenge = app.get("/v1/challenge").await.json();
    let task = challenge.proof_of_work.as_ref().expect("a proof of work");
    assert_eq!(task.parameters.algorithm, "SHA-256");
    let answer = challenge.solve().await.expect("solves");
    let solution = &answer.proof_of_work.as_ref().expect("solved").solution;
    assert!(solution.counter < 5_000, "{solution:?}");
    let header = serde_json::to_string(&answer).expect("json");
    let response = post(&app, &new_key(), Some(&header)).await;
    assert_eq!(response.status, StatusCode::CREATED, "{}", response.text());
    // The same solution again, under another key.
    assert_rejected(
        &post(&app, &new_key(), Some(&header)).await,
        "challenge_used",
    );
    assert_eq!(app.count("feedback").await, 1);
}

#[tokio::test]
async fn a_wrong_or_missing_proof_of_work_is_rejected() {
    let app = proof_of_work_app().await;
    let challenge: Challenge = app.get("/v1/challenge").await.json();
    let answer = challenge.solve().await.expect("solves");

    let mut wrong = answer.clone();
    let payload = wrong.proof_of_work.as_mut().expect("solved");
    payload.solution.counter += 1;
    let header = serde_json::to_string(&wrong).expect("json");
    assert_rejected(
        &post(&app, &new_key(), Some(&header)).await,
        "proof_of_work_invalid",
    );

    // A cheaper task than the one issued breaks the proof of work's own signature.
    let mut cheaper = answer.clone();
    let payload = cheaper.proof_of_work.as_mut().expect("solved");
    payload.challenge.parameters.key_prefix = "0".to_owned();
    let header = serde_json::to_string(&cheaper).expect("json");
    assert_rejected(
        &post(&app, &new_key(), Some(&header)).await,
        "proof_of_work_invalid",
    );

    // Leaving the proof of work out breaks the challenge's signature, which covers it.
    let mut missing = answer.clone();
    missing.proof_of_work = None;
    let header = serde_json::to_string(&missing).expect("json");
    assert_rejected(
        &post(&app, &new_key(), Some(&header)).await,
        "challenge_invalid",
    );

    // A challenge without proof of work is not enough when the endpoint asks for one.
    assert_rejected(
        &post(&app, &new_key(), Some(&forged(60, TEST_SECRET))).await,
        "proof_of_work_invalid",
    );
    assert_eq!(app.count("feedback").await, 0);

    // The untouched answer still works: the rejections above did not use it up.
    let header = serde_json::to_string(&answer).expect("json");
    let response = post(&app, &new_key(), Some(&header)).await;
    assert_eq!(response.status, StatusCode::CREATED, "{}", response.text());
}

#[tokio::test]
async fn an_ipv6_network_shares_one_limit_and_learns_when_to_retry() {
    let app = test_app_with(Config {
        rate_limit_per_minute: 2,
        ..test_config()
    })
    .await;
    let body = submission().to_string();
    let from = |address: &str| -> SocketAddr { address.parse().expect("address") };
    // Two addresses of one /64 (one device rotating privacy addresses) share the allowance.
    let first = from("[2001:db8:aa:1::1]:50000");
    let second = from("[2001:db8:aa:1:ffff:ffff:ffff:fffe]:50001");
    let neighbour = from("[2001:db8:aa:2::1]:50000");
    for client in [first, second] {
        let challenge = app.challenge().await;
        let response = app
            .send(feedback_request(
                Some(&new_key()),
                &body,
                Some(client),
                Some(&challenge),
            ))
            .await;
        assert_eq!(response.status, StatusCode::CREATED, "{}", response.text());
    }
    let challenge = app.challenge().await;
    let limited = app
        .send(feedback_request(
            Some(&new_key()),
            &body,
            Some(second),
            Some(&challenge),
        ))
        .await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    let retry_after: u64 = limited
        .header("retry-after")
        .expect("Retry-After")
        .parse()
        .expect("whole seconds");
    assert!((1..=30).contains(&retry_after), "{retry_after}");
    assert!(limited.problem().kind.ends_with("rate-limited"));

    // The next /64 has its own allowance; the unused challenge still works there.
    let response = app
        .send(feedback_request(
            Some(&new_key()),
            &body,
            Some(neighbour),
            Some(&challenge),
        ))
        .await;
    assert_eq!(response.status, StatusCode::CREATED, "{}", response.text());
    assert_eq!(app.count("feedback").await, 3);
}
