//! Three instances on one database (SQLite, or PostgreSQL with `OZG_TEST_POSTGRES_URL`), one killed with SIGKILL while clients submit: nothing
//! acknowledged is lost, and what went unanswered is stored exactly once after a retry.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use ozg_sdk::{CHALLENGE_HEADER, Challenge, Receipt};
use tokio::sync::Mutex;

use crate::databases::test_database;
use crate::instance::{Instance, import_demo_service, shared_config};

const SUBMISSIONS: usize = 240;
const CLIENTS: usize = 8;
/// The victim dies once this many submissions were acknowledged.
const KILL_AFTER: usize = 60;

/// What became of one submission's first attempt.
#[derive(Debug)]
enum Outcome {
    /// A 2xx with this receipt.
    Acknowledged(Receipt),
    /// No answer, or an answer that asks for a retry (409, 5xx).
    Retry(String),
}

fn body(i: usize) -> String {
    let found = ["yes", "partly", "no"][i % 3];
    serde_json::json!({
        "service": "99107108017000",
        "found": found,
        "rating": i % 5 + 1,
        "topic": "technicalProblem",
        "text": format!("Rückmeldung Nummer {i} aus dem Lasttest."),
        "locale": "de",
        "clientTime": "2026-11-26T10:30:00+01:00"
    })
    .to_string()
}

fn key(i: usize) -> String {
    format!("fault-test-key-{i:06}")
}

/// One attempt: a fresh challenge from `base`, then the submission to `base`.
async fn submit(http: &reqwest::Client, base: &str, i: usize) -> Outcome {
    let challenge = match http.get(format!("{base}/v1/challenge")).send().await {
        Ok(response) if response.status().is_success() => response,
        Ok(response) => return Outcome::Retry(format!("challenge: {}", response.status())),
        Err(error) => return Outcome::Retry(format!("challenge: {error}")),
    };
    let Ok(challenge) = challenge.json::<Challenge>().await else {
        return Outcome::Retry("challenge body cut off".into());
    };
    let answer = challenge.solve().await.expect("solvable challenge");
    let sent = http
        .post(format!("{base}/v1/feedback"))
        .header("content-type", "application/json")
        .header("idempotency-key", key(i))
        .header(
            CHALLENGE_HEADER,
            serde_json::to_string(&answer).expect("answer"),
        )
        .body(body(i))
        .send()
        .await;
    let response = match sent {
        Ok(response) => response,
        Err(error) => return Outcome::Retry(format!("feedback: {error}")),
    };
    let status = response.status();
    match response.bytes().await {
        Ok(bytes) if status.is_success() => {
            Outcome::Acknowledged(serde_json::from_slice(&bytes).expect("a 2xx carries a receipt"))
        }
        Ok(bytes) if status.as_u16() == 409 || status.is_server_error() => {
            Outcome::Retry(format!("{status}: {}", String::from_utf8_lossy(&bytes)))
        }
        Ok(bytes) => panic!(
            "submission {i} refused with {status}: {}",
            String::from_utf8_lossy(&bytes)
        ),
        Err(error) => Outcome::Retry(format!("feedback body: {error}")),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killing_an_instance_loses_and_duplicates_nothing() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let database = test_database().await;
    let config = shared_config(dir.path(), &database.url);
    // The import migrates the database, so the instances start on a finished schema.
    import_demo_service(&config);
    let instances: Vec<Instance> = (0..3).map(|_| Instance::start(&config, &[])).collect();
    let bases: Vec<String> = instances.iter().map(|i| i.base.clone()).collect();
    let victim = Arc::new(std::sync::Mutex::new(instances));
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(20))
        .build()
        .expect("client");

    let next = Arc::new(AtomicUsize::new(0));
    let acknowledged = Arc::new(AtomicUsize::new(0));
    let outcomes = Arc::new(Mutex::new(HashMap::new()));
    let killer = {
        let acknowledged = acknowledged.clone();
        let victim = victim.clone();
        tokio::spawn(async move {
            while acknowledged.load(Ordering::SeqCst) < KILL_AFTER {
                tokio::time::sleep(Duration::from_millis(2)).await;
            }
            victim.lock().expect("instances")[1].kill();
        })
    };
    let mut clients = Vec::new();
    for _ in 0..CLIENTS {
        let (http, bases, next) = (http.clone(), bases.clone(), next.clone());
        let (acknowledged, outcomes) = (acknowledged.clone(), outcomes.clone());
        clients.push(tokio::spawn(async move {
            loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                if i >= SUBMISSIONS {
                    break;
                }
                let outcome = submit(&http, &bases[i % 3], i).await;
                if matches!(outcome, Outcome::Acknowledged(_)) {
                    acknowledged.fetch_add(1, Ordering::SeqCst);
                }
                outcomes.lock().await.insert(i, outcome);
            }
        }));
    }
    for client in clients {
        client.await.expect("client");
    }
    killer.await.expect("the victim was killed");

    let mut outcomes = std::mem::take(&mut *outcomes.lock().await);
    let unanswered: Vec<usize> = outcomes
        .iter()
        .filter(|(_, outcome)| matches!(outcome, Outcome::Retry(_)))
        .map(|(i, _)| *i)
        .collect();
    assert!(
        !unanswered.is_empty(),
        "the killed instance should have left clients without an answer"
    );
    // Retries go to the live instances with the same key and body, as the outbox sends them;
    // a key the dead instance had claimed answers 409 until its claim goes stale.
    let deadline = Instant::now() + Duration::from_secs(60);
    for i in &unanswered {
        let live = [&bases[0], &bases[2]][i % 2];
        loop {
            match submit(&http, live, *i).await {
                Outcome::Acknowledged(receipt) => {
                    outcomes.insert(*i, Outcome::Acknowledged(receipt));
                    break;
                }
                Outcome::Retry(why) => {
                    assert!(Instant::now() < deadline, "submission {i}: {why}");
                    tokio::time::sleep(Duration::from_millis(500)).await;
                }
            }
        }
    }

    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&database.url)
        .await
        .expect("open the database");
    let stored: i64 = sqlx::query_scalar("SELECT count(*) FROM feedback")
        .fetch_one(&pool)
        .await
        .expect("count");
    assert_eq!(stored, SUBMISSIONS as i64, "one row per submission");
    for (i, outcome) in &outcomes {
        let Outcome::Acknowledged(receipt) = outcome else {
            panic!("submission {i} was never acknowledged");
        };
        let reference: String =
            sqlx::query_scalar("SELECT reference FROM idempotency_keys WHERE key = $1")
                .bind(key(*i))
                .fetch_one(&pool)
                .await
                .expect("the key is recorded");
        assert_eq!(reference, receipt.reference, "submission {i}");
        let (rows, text): (i64, String) =
            sqlx::query_as("SELECT count(*), max(text) FROM feedback WHERE reference = $1")
                .bind(&receipt.reference)
                .fetch_one(&pool)
                .await
                .expect("feedback row");
        assert_eq!(rows, 1, "submission {i}");
        assert_eq!(text, format!("Rückmeldung Nummer {i} aus dem Lasttest."));
    }
    assert_eq!(outcomes.len(), SUBMISSIONS);
    println!(
        "{} of {SUBMISSIONS} submissions needed a retry after the kill",
        unanswered.len()
    );
}
