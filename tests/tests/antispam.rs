//! Anti-spam without tracking, in a real browser against a real endpoint: a person who fills
//! the form is accepted (the widget fetched and solved the challenge, proof of work included,
//! while they typed); a filled honeypot and a bot's instant POST are rejected and not stored.

use std::time::{Duration, Instant};

use ozg_sdk::{CHALLENGE_HEADER, CHALLENGE_PROBLEM_TYPE, Challenge, Problem};
use ozg_tests::{DEMO_SERVICE, Harness};

/// How long the endpoint wants between challenge and submission in these tests.
const MIN_DELAY: u64 = 2;

async fn harness() -> Harness {
    Harness::start_with(|config| {
        config.antispam.min_delay_seconds = MIN_DELAY as u32;
        config.antispam.proof_of_work = true;
        config.antispam.proof_of_work_max_number = 20_000;
    })
    .await
}

/// Answers the form's questions as a person would.
async fn fill_form(h: &Harness, text: &str) {
    h.click("form.ozg-feedback input[name=found][value=partly]")
        .await;
    h.click("form.ozg-feedback input[name=rating][value='3']")
        .await;
    h.find("form.ozg-feedback select[name=topic]")
        .await
        .select_by_index(2)
        .await
        .expect("cannot choose a topic");
    h.find("form.ozg-feedback textarea[name=text]")
        .await
        .send_keys(text)
        .await
        .expect("cannot type the text");
}

async fn stored_texts(h: &Harness) -> Vec<String> {
    let db = h.database().await;
    sqlx::query_scalar("SELECT text FROM feedback ORDER BY received_at")
        .fetch_all(&db)
        .await
        .expect("cannot query the feedback table")
}

/// How many times the page asked the endpoint for a challenge.
async fn challenge_requests(h: &Harness) -> u64 {
    h.js("return performance.getEntriesByType('resource')\
          .filter(e => e.name.endsWith('/v1/challenge')).length;")
        .await
        .as_u64()
        .expect("a count")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_person_is_accepted_and_a_honeypot_is_not() {
    let h = harness().await;
    h.open("/").await;
    h.open_tab("feedback").await;
    let shown = Instant::now();
    let text = "Der Antrag war verständlich, nur die Fristen fand ich spät.";
    fill_form(&h, text).await;
    // A person takes a few seconds over the form; the widget solves the proof of work meanwhile.
    let person = Duration::from_secs(MIN_DELAY) + Duration::from_millis(500);
    tokio::time::sleep(person.saturating_sub(shown.elapsed())).await;
    h.click("form.ozg-feedback button[type=submit]").await;
    h.wait_for(
        "the receipt",
        "root.querySelector('.ozg-receipt .ozg-reference') !== null",
    )
    .await;
    assert_eq!(stored_texts(&h).await, [text]);
    // The challenge fetched when the form was shown was the one sent: no second one needed.
    assert_eq!(challenge_requests(&h).await, 1);

    // A bot that fills every input, the invisible "Website" too, is turned away.
    h.open("/").await;
    h.open_tab("feedback").await;
    let honeypot = h
        .js(
            "const input = root.querySelector('form.ozg-feedback input[name=website]'); \
             const box = input.getBoundingClientRect(); \
             return [input.tabIndex, input.closest('[aria-hidden=true]') !== null, \
                     box.right <= 0 || box.bottom <= 0];",
        )
        .await;
    assert_eq!(
        honeypot,
        serde_json::json!([-1, true, true]),
        "the honeypot must be out of the tab order, hidden from assistive technology and out of sight"
    );
    fill_form(&h, "Billige Pillen hier").await;
    h.js("root.querySelector('form.ozg-feedback input[name=website]').value = 'https://spam.example';")
        .await;
    tokio::time::sleep(person).await;
    h.click("form.ozg-feedback button[type=submit]").await;
    h.wait_for(
        "the rejection message",
        "root.querySelector('.ozg-message-error[role=alert]') !== null",
    )
    .await;
    assert!(
        h.js("return root.querySelector('.ozg-receipt') === null;")
            .await
            .as_bool()
            .expect("a boolean"),
        "no receipt for a filled honeypot"
    );
    assert_eq!(stored_texts(&h).await, [text]);

    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bots_instant_post_is_rejected() {
    let h = harness().await;
    let http = reqwest::Client::new();
    let body = serde_json::json!({
        "service": DEMO_SERVICE,
        "found": "yes",
        "rating": 5,
        "topic": "praise",
        "text": "Great offer, visit my shop",
        "locale": "en",
        "clientTime": "2026-11-26T10:30:00Z"
    })
    .to_string();
    let post = |challenge: Option<String>, key: &'static str| {
        let mut request = http
            .post(h.url("/v1/feedback"))
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", key)
            .body(body.clone());
        if let Some(challenge) = challenge {
            request = request.header(CHALLENGE_HEADER, challenge);
        }
        request.send()
    };
    let code = |problem: &Problem| problem.errors.first().map(|e| e.code.clone());

    // Straight to the form's target without a challenge.
    let response = post(None, "bot-key-0000000000001").await.expect("answer");
    assert_eq!(response.status(), 422);
    let problem: Problem = response.json().await.expect("problem document");
    assert_eq!(problem.kind, CHALLENGE_PROBLEM_TYPE);
    assert_eq!(code(&problem).as_deref(), Some("challenge_missing"));

    // With a challenge, even a solved proof of work, but at once.
    let (status, _, challenge) = h.http_get("/v1/challenge").await;
    assert_eq!(status, 200);
    let challenge: Challenge = serde_json::from_str(&challenge).expect("a challenge");
    let answer = challenge.solve().await.expect("solvable");
    let header = serde_json::to_string(&answer).expect("json");
    let response = post(Some(header), "bot-key-0000000000002")
        .await
        .expect("answer");
    assert_eq!(response.status(), 422);
    let problem: Problem = response.json().await.expect("problem document");
    assert_eq!(code(&problem).as_deref(), Some("challenge_too_fast"));

    assert!(stored_texts(&h).await.is_empty());
    h.finish().await;
}
