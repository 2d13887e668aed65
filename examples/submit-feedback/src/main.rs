//! Submits one piece of feedback to an authority endpoint with the native [`ozg_sdk::Client`],
//! prints the receipt, then reads the submission's status with the receipt's token.
//!
//! ```text
//! cargo run -p ozg-submit-feedback -- http://127.0.0.1:8080 "Der Upload hat geklappt."
//! ```
//!
//! Arguments: the endpoint's base URL, then optionally the free text. The service is the demo
//! service that `ozg-endpoint --seed demo` serves (`OZG_SERVICE` picks another LeiKa key).

use std::process::ExitCode;

use ozg_sdk::{Client, Error, FeedbackSubmission, Found, IdempotencyKey, Locale, Receipt, Topic};

/// The demo service, "Bürgergeld beantragen".
const DEMO_SERVICE: &str = "99107108017000";

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(endpoint) = args.next() else {
        eprintln!("usage: ozg-submit-feedback <endpoint URL> [text]");
        return ExitCode::from(2);
    };
    let text = args
        .next()
        .unwrap_or_else(|| "Die Liste der Unterlagen war hilfreich.".to_owned());
    let service = std::env::var("OZG_SERVICE").unwrap_or_else(|_| DEMO_SERVICE.to_owned());
    let Some(key) = new_idempotency_key() else {
        eprintln!("the operating system has no random numbers for an idempotency key");
        return ExitCode::FAILURE;
    };
    match run(&endpoint, &service, text, &key).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // `code()` is stable for scripts; the field errors say what to fix.
            eprintln!("error [{}]: {error}", error.code());
            for field in error.field_errors() {
                eprintln!("  {field}");
            }
            ExitCode::FAILURE
        }
    }
}

async fn run(
    endpoint: &str,
    service: &str,
    text: String,
    key: &IdempotencyKey,
) -> Result<(), Error> {
    let client = Client::new(endpoint)?;
    let submission = FeedbackSubmission {
        service: service.to_owned(),
        found: Found::Partly,
        rating: 4,
        topic: Topic::Information,
        text,
        contact: None,
        locale: Locale::De,
        page_url: None,
        client_time: now_rfc3339(),
        website: None,
    };
    let receipt = submit_with_retries(&client, &submission, key).await?;
    println!("reference: {}", receipt.reference);
    println!("received:  {}", receipt.received_at);
    println!("status:    {}", receipt.status_url);

    let status = client
        .feedback_status(&receipt.reference, &receipt.token)
        .await?;
    println!("state:     {:?}", status.state);
    if let Some(answer) = status.answer {
        println!("answer from {}: {}", answer.department, answer.text);
    }
    Ok(())
}

/// Sends the submission, and again with the same key after errors worth retrying
/// ([`Error::is_retryable`]), waiting as long as the endpoint asks (`Retry-After`) or 1, 2, 4 s.
async fn submit_with_retries(
    client: &Client,
    submission: &FeedbackSubmission,
    key: &IdempotencyKey,
) -> Result<Receipt, Error> {
    let mut attempt = 0;
    loop {
        match client.submit_feedback(submission, key).await {
            Err(error) if error.is_retryable() && attempt < 3 => {
                let wait = match &error {
                    Error::Http {
                        retry_after: Some(seconds),
                        ..
                    } => (*seconds).min(60),
                    _ => 1 << attempt,
                };
                eprintln!("{error}; trying again in {wait} s");
                tokio::time::sleep(std::time::Duration::from_secs(wait)).await;
                attempt += 1;
            }
            result => return result,
        }
    }
}

/// One key per submission, 32 random hex digits from the operating system's generator. Kept
/// with the submission until the endpoint confirmed it, so retrying after a network error can
/// never store the feedback twice.
fn new_idempotency_key() -> Option<IdempotencyKey> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).ok()?;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    IdempotencyKey::parse(&hex).ok()
}

fn now_rfc3339() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}
