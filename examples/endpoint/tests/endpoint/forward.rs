//! Forwarding feedback to the department: a real webhook receiver and a real SMTP sink on
//! loopback, the outbox in the real database, and time driven by the test instead of sleeps.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use ozg_endpoint::forward::{
    DELIVERY_HEADER, Forwarder, SIGNATURE_HEADER, SignatureError, WebhookPayload, verify_signature,
};
use ozg_endpoint::{Config, DepartmentConfig, SmtpConfig, SmtpTls, seed};
use ozg_sdk::{FeedbackState, FeedbackStatus, Found, Receipt, Topic};
use time::OffsetDateTime;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

use crate::support::{TestApp, get, new_key, submission, test_app_with, test_config};

/// In a receiver's script: answer `204`, but only after longer than the forward timeout.
const HANG: StatusCode = StatusCode::IM_A_TEAPOT;

const SECRET: &str = "demo-secret-of-the-team-leistungen-0123456789";

/// A webhook receiver on loopback that answers with the scripted statuses, then `204`, and
/// keeps every request. [`HANG`] in the script answers only after 5 seconds.
#[derive(Clone, Default)]
struct Receiver {
    script: Arc<Mutex<VecDeque<StatusCode>>>,
    requests: Arc<Mutex<Vec<(HeaderMap, Bytes, StatusCode)>>>,
}

impl Receiver {
    async fn start(script: &[StatusCode]) -> (Receiver, String) {
        let receiver = Receiver {
            script: Arc::new(Mutex::new(script.iter().copied().collect())),
            requests: Arc::default(),
        };
        let router = Router::new()
            .route("/hook", post(Self::handle))
            .with_state(receiver.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("address");
        tokio::spawn(async move { axum::serve(listener, router).await });
        (receiver, format!("http://{addr}/hook"))
    }

    async fn handle(
        State(receiver): State<Receiver>,
        headers: HeaderMap,
        body: Bytes,
    ) -> StatusCode {
        let status = receiver
            .script
            .lock()
            .expect("lock")
            .pop_front()
            .unwrap_or(StatusCode::NO_CONTENT);
        let status = if status == HANG {
            tokio::time::sleep(Duration::from_secs(5)).await;
            StatusCode::NO_CONTENT
        } else {
            status
        };
        receiver
            .requests
            .lock()
            .expect("lock")
            .push((headers, body, status));
        status
    }

    fn requests(&self) -> Vec<(HeaderMap, Bytes, StatusCode)> {
        self.requests.lock().expect("lock").clone()
    }
}

fn department(webhook_url: Option<String>, email: Option<&str>) -> DepartmentConfig {
    DepartmentConfig {
        name: seed::DEMO_DEPARTMENT.to_owned(),
        webhook_secret: webhook_url.as_ref().map(|_| SECRET.to_owned()),
        webhook_url,
        email: email.map(str::to_owned),
    }
}

async fn app_for(departments: Vec<DepartmentConfig>, smtp: Option<SmtpConfig>) -> TestApp {
    test_app_with(Config {
        departments,
        smtp,
        ..test_config()
    })
    .await
}

async fn submit(app: &TestApp, body: &serde_json::Value) -> Receipt {
    let response = app.post_feedback(Some(&new_key()), &body.to_string()).await;
    assert_eq!(response.status, StatusCode::CREATED, "{}", response.text());
    response.json()
}

async fn feedback_state(app: &TestApp, receipt: &Receipt) -> FeedbackState {
    let request = get(&format!("/v1/feedback/{}", receipt.reference))
        .header("Authorization", format!("Bearer {}", receipt.token))
        .body(axum::body::Body::empty())
        .expect("request");
    let status: FeedbackStatus = app.send(request).await.json();
    status.state
}

#[derive(Debug, sqlx::FromRow)]
struct OutboxRow {
    id: String,
    channel: String,
    state: String,
    attempts: i64,
    next_attempt: String,
    last_error: Option<String>,
}

async fn outbox(app: &TestApp, reference: &str) -> Vec<OutboxRow> {
    sqlx::query_as(
        "SELECT id, channel, state, attempts, next_attempt, last_error FROM forward_outbox
         WHERE reference = $1 ORDER BY channel",
    )
    .bind(reference)
    .fetch_all(&app.pool)
    .await
    .expect("outbox")
}

fn stamp(time: OffsetDateTime) -> String {
    time.format(&time::format_description::well_known::Rfc3339)
        .expect("format")
        .replace(".000000000", "")
}

/// The demo service's title as `GET /v1/services/{leika}` serves it.
async fn service_title(app: &TestApp) -> String {
    let service: ozg_sdk::ServiceDescription = app
        .get(&format!("/v1/services/{}", seed::DEMO_SERVICE))
        .await
        .json();
    service.title
}

fn with_contact() -> serde_json::Value {
    let mut body = submission();
    body["contact"] = serde_json::json!({ "email": "erika@example.org", "consent": true });
    body
}

#[tokio::test]
async fn the_webhook_gets_signed_json_and_the_feedback_becomes_forwarded() {
    let (receiver, url) = Receiver::start(&[]).await;
    let app = app_for(vec![department(Some(url), None)], None).await;
    let receipt = submit(&app, &with_contact()).await;
    assert_eq!(
        feedback_state(&app, &receipt).await,
        FeedbackState::Received
    );

    let report = Forwarder::new(app.state.config())
        .deliver_due(&app.state)
        .await;
    assert_eq!(
        report.delivered,
        [(receipt.reference.clone(), "webhook".to_owned())]
    );
    assert!(report.failed.is_empty());

    let requests = receiver.requests();
    assert_eq!(requests.len(), 1);
    let (headers, body, _) = &requests[0];
    let header = |name: &str| headers.get(name).expect(name).to_str().expect("ASCII");
    assert_eq!(header("content-type"), "application/json");
    let now = OffsetDateTime::now_utc().unix_timestamp();
    verify_signature(SECRET.as_bytes(), header(SIGNATURE_HEADER), body, now, 300)
        .expect("valid signature");
    assert_eq!(
        verify_signature(
            b"another-secret-another-secret-12",
            header(SIGNATURE_HEADER),
            body,
            now,
            300
        ),
        Err(SignatureError::Mismatch)
    );
    let mut tampered = body.to_vec();
    tampered[10] ^= 1;
    assert_eq!(
        verify_signature(
            SECRET.as_bytes(),
            header(SIGNATURE_HEADER),
            &tampered,
            now,
            300
        ),
        Err(SignatureError::Mismatch)
    );
    assert_eq!(
        verify_signature(
            SECRET.as_bytes(),
            header(SIGNATURE_HEADER),
            body,
            now + 3600,
            300
        ),
        Err(SignatureError::Expired)
    );

    let payload: WebhookPayload = serde_json::from_slice(body).expect("payload");
    assert_eq!(payload.version, 1);
    assert_eq!(payload.reference, receipt.reference);
    assert_eq!(payload.service, seed::DEMO_SERVICE);
    assert_eq!(payload.service_title, service_title(&app).await);
    assert_eq!(payload.department, seed::DEMO_DEPARTMENT);
    assert_eq!(payload.found, Found::Partly);
    assert_eq!(payload.rating, 4);
    assert_eq!(payload.topic, Topic::OnlineProcedure);
    assert_eq!(payload.text, submission()["text"]);
    assert_eq!(payload.contact_email.as_deref(), Some("erika@example.org"));
    assert_eq!(payload.received_at, receipt.received_at);

    let rows = outbox(&app, &receipt.reference).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(header(DELIVERY_HEADER), rows[0].id);
    assert_eq!((rows[0].state.as_str(), rows[0].attempts), ("delivered", 1));
    assert_eq!(
        feedback_state(&app, &receipt).await,
        FeedbackState::Forwarded
    );

    // Nothing is due any more.
    let again = Forwarder::new(app.state.config())
        .deliver_due(&app.state)
        .await;
    assert!(again.delivered.is_empty() && again.failed.is_empty());
    assert_eq!(receiver.requests().len(), 1);
}

#[tokio::test]
async fn without_consent_no_contact_is_forwarded() {
    let (receiver, url) = Receiver::start(&[]).await;
    let app = app_for(vec![department(Some(url), None)], None).await;
    submit(&app, &submission()).await;
    Forwarder::new(app.state.config())
        .deliver_due(&app.state)
        .await;
    let requests = receiver.requests();
    let payload: serde_json::Value = serde_json::from_slice(&requests[0].1).expect("JSON");
    assert!(payload.get("contactEmail").is_none(), "{payload}");
}

#[tokio::test]
async fn a_receiver_that_fails_twice_gets_the_forward_once_after_backoff() {
    let (receiver, url) = Receiver::start(&[
        StatusCode::INTERNAL_SERVER_ERROR,
        StatusCode::SERVICE_UNAVAILABLE,
    ])
    .await;
    let app = app_for(vec![department(Some(url), None)], None).await;
    let receipt = submit(&app, &submission()).await;
    let forwarder = Forwarder::new(app.state.config());
    let start = OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .expect("whole seconds");

    let first = forwarder.deliver_due_at(&app.state, start).await;
    assert!(first.delivered.is_empty());
    assert_eq!(first.failed.len(), 1);
    assert!(first.failed[0].2.contains("500"), "{:?}", first.failed);
    let row = &outbox(&app, &receipt.reference).await[0];
    assert_eq!((row.state.as_str(), row.attempts), ("pending", 1));
    assert!(row.last_error.as_deref().is_some_and(|e| e.contains("500")));
    // The default base delay is 30 s, with jitter in its upper half.
    assert!(
        row.next_attempt > stamp(start + Duration::from_secs(14)),
        "{row:?}"
    );
    assert!(
        row.next_attempt <= stamp(start + Duration::from_secs(30)),
        "{row:?}"
    );

    // Not due yet: the receiver hears nothing.
    let early = forwarder
        .deliver_due_at(&app.state, start + Duration::from_secs(10))
        .await;
    assert!(early.delivered.is_empty() && early.failed.is_empty());
    assert_eq!(receiver.requests().len(), 1);

    let second = forwarder
        .deliver_due_at(&app.state, start + Duration::from_secs(31))
        .await;
    assert!(second.failed[0].2.contains("503"), "{:?}", second.failed);
    let row = &outbox(&app, &receipt.reference).await[0];
    assert_eq!(row.attempts, 2);
    // The second delay is twice the first: 30 to 60 s after the second attempt.
    assert!(
        row.next_attempt > stamp(start + Duration::from_secs(31 + 29)),
        "{row:?}"
    );
    assert!(
        row.next_attempt <= stamp(start + Duration::from_secs(31 + 60)),
        "{row:?}"
    );
    assert_eq!(
        feedback_state(&app, &receipt).await,
        FeedbackState::Received
    );

    let third = forwarder
        .deliver_due_at(&app.state, start + Duration::from_secs(120))
        .await;
    assert_eq!(third.delivered.len(), 1);
    let row = &outbox(&app, &receipt.reference).await[0];
    assert_eq!((row.state.as_str(), row.attempts), ("delivered", 3));

    let requests = receiver.requests();
    let statuses: Vec<u16> = requests.iter().map(|r| r.2.as_u16()).collect();
    assert_eq!(statuses, [500, 503, 204], "acknowledged exactly once");
    for (headers, _, _) in &requests {
        assert_eq!(
            headers[DELIVERY_HEADER],
            row.id.as_str(),
            "the same delivery id"
        );
    }
    assert_eq!(
        feedback_state(&app, &receipt).await,
        FeedbackState::Forwarded
    );

    let later = forwarder
        .deliver_due_at(&app.state, start + Duration::from_secs(7200))
        .await;
    assert!(later.delivered.is_empty() && later.failed.is_empty());
    assert_eq!(receiver.requests().len(), 3);
}

#[tokio::test]
async fn an_answer_after_the_timeout_is_not_an_acknowledgement() {
    let (receiver, url) = Receiver::start(&[HANG]).await;
    let app = test_app_with(Config {
        departments: vec![department(Some(url), None)],
        forward: ozg_endpoint::ForwardConfig {
            timeout_seconds: 1,
            ..Default::default()
        },
        ..test_config()
    })
    .await;
    let receipt = submit(&app, &submission()).await;
    let forwarder = Forwarder::new(app.state.config());
    let start = OffsetDateTime::now_utc();
    let first = forwarder.deliver_due_at(&app.state, start).await;
    assert!(first.failed[0].2.contains("in time"), "{first:?}");
    let second = forwarder
        .deliver_due_at(&app.state, start + Duration::from_secs(60))
        .await;
    assert_eq!(second.delivered.len(), 1, "{second:?}");
    let row = &outbox(&app, &receipt.reference).await[0];
    assert_eq!((row.state.as_str(), row.attempts), ("delivered", 2));
    assert_eq!(
        receiver.requests().len(),
        1,
        "the hanging request is still waiting"
    );
}

#[tokio::test]
async fn a_receiver_that_is_down_does_not_touch_the_citizens_submission() {
    // A port that nobody listens on any more.
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind")
        .local_addr()
        .expect("address");
    let url = format!("http://{closed}/hook");
    let app = app_for(vec![department(Some(url), None)], None).await;
    let receipt = submit(&app, &submission()).await;

    let report = Forwarder::new(app.state.config())
        .deliver_due(&app.state)
        .await;
    assert_eq!(report.failed.len(), 1, "{report:?}");
    let row = &outbox(&app, &receipt.reference).await[0];
    assert_eq!((row.state.as_str(), row.attempts), ("pending", 1));
    assert!(row.last_error.is_some());
    assert_eq!(
        feedback_state(&app, &receipt).await,
        FeedbackState::Received
    );

    let health: serde_json::Value = app.get("/healthz/forwards").await.json();
    assert_eq!(health["forwards"]["pending"], 1, "{health}");
    assert_eq!(health["forwards"]["failing"], 1, "{health}");
    assert_eq!(health["forwards"]["delivered"], 0, "{health}");
    assert!(health["forwards"]["lastError"].is_string(), "{health}");
}

#[tokio::test]
async fn a_lease_of_another_worker_is_respected_until_it_runs_out() {
    let (receiver, url) = Receiver::start(&[]).await;
    let app = app_for(vec![department(Some(url), None)], None).await;
    let receipt = submit(&app, &submission()).await;
    let start = OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .expect("whole seconds");
    // Another instance claimed the row and died.
    sqlx::query("UPDATE forward_outbox SET lease_owner = 'dead', lease_until = $1")
        .bind(stamp(start + Duration::from_secs(600)))
        .execute(&app.pool)
        .await
        .expect("lease");
    let forwarder = Forwarder::new(app.state.config());
    let report = forwarder.deliver_due_at(&app.state, start).await;
    assert!(report.delivered.is_empty() && report.failed.is_empty());
    assert!(receiver.requests().is_empty());

    let report = forwarder
        .deliver_due_at(&app.state, start + Duration::from_secs(601))
        .await;
    assert_eq!(report.delivered.len(), 1);
    assert_eq!(receiver.requests().len(), 1);
    assert_eq!(
        feedback_state(&app, &receipt).await,
        FeedbackState::Forwarded
    );
}

#[tokio::test]
async fn a_department_without_channels_gets_no_outbox_rows() {
    let app = app_for(vec![department(None, None)], None).await;
    let receipt = submit(&app, &submission()).await;
    assert!(outbox(&app, &receipt.reference).await.is_empty());
    let report = Forwarder::new(app.state.config())
        .deliver_due(&app.state)
        .await;
    assert!(report.delivered.is_empty() && report.failed.is_empty());
    assert_eq!(
        feedback_state(&app, &receipt).await,
        FeedbackState::Received
    );
}

/// One message as an SMTP server received it.
#[derive(Debug, Clone)]
struct Mail {
    from: String,
    to: Vec<String>,
    data: String,
}

/// A tiny SMTP server on loopback that accepts every message and keeps it: enough of RFC 5321
/// for a real client (EHLO, MAIL, RCPT, DATA with dot-stuffing, RSET, NOOP, QUIT).
async fn smtp_sink() -> (Arc<Mutex<Vec<Mail>>>, SocketAddr) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("address");
    let mails = Arc::new(Mutex::new(Vec::new()));
    let kept = Arc::clone(&mails);
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let kept = Arc::clone(&kept);
            tokio::spawn(async move {
                let (read, mut write) = stream.into_split();
                let mut lines = BufReader::new(read).lines();
                let mut reply = async |text: &str| {
                    write
                        .write_all(format!("{text}\r\n").as_bytes())
                        .await
                        .is_ok()
                };
                reply("220 sink.test ESMTP").await;
                let mut from = String::new();
                let mut to = Vec::new();
                while let Ok(Some(line)) = lines.next_line().await {
                    let upper = line.to_ascii_uppercase();
                    if upper.starts_with("EHLO") {
                        reply("250-sink.test\r\n250 8BITMIME").await;
                    } else if upper.starts_with("HELO") || upper.starts_with("NOOP") {
                        reply("250 OK").await;
                    } else if upper.starts_with("MAIL FROM:") {
                        from = line[10..].trim().to_owned();
                        to.clear();
                        reply("250 OK").await;
                    } else if upper.starts_with("RCPT TO:") {
                        to.push(line[8..].trim().to_owned());
                        reply("250 OK").await;
                    } else if upper == "DATA" {
                        reply("354 End data with <CR><LF>.<CR><LF>").await;
                        let mut data = String::new();
                        while let Ok(Some(line)) = lines.next_line().await {
                            if line == "." {
                                break;
                            }
                            data.push_str(line.strip_prefix('.').unwrap_or(&line));
                            data.push('\n');
                        }
                        kept.lock().expect("lock").push(Mail {
                            from: from.clone(),
                            to: to.clone(),
                            data,
                        });
                        reply("250 OK queued").await;
                    } else if upper == "RSET" {
                        reply("250 OK").await;
                    } else if upper == "QUIT" {
                        reply("221 Bye").await;
                        break;
                    } else {
                        reply("502 Command not implemented").await;
                    }
                }
            });
        }
    });
    (mails, addr)
}

/// Decodes a quoted-printable body.
fn quoted_printable(text: &str) -> String {
    let joined = text.replace("=\n", "");
    let mut bytes = Vec::new();
    let mut rest = joined.as_bytes();
    while let Some((&first, tail)) = rest.split_first() {
        if first == b'='
            && let Some(hex) = tail.get(..2)
            && let Ok(byte) = u8::from_str_radix(std::str::from_utf8(hex).unwrap_or("zz"), 16)
        {
            bytes.push(byte);
            rest = &tail[2..];
        } else {
            bytes.push(first);
            rest = tail;
        }
    }
    String::from_utf8(bytes).expect("UTF-8 body")
}

#[tokio::test]
async fn an_email_reaches_the_department_through_smtp() {
    let (mails, addr) = smtp_sink().await;
    let smtp = SmtpConfig {
        host: addr.ip().to_string(),
        port: Some(addr.port()),
        tls: SmtpTls::None,
        user: None,
        password: None,
        from: "Feedback Musterstadt <feedback@musterstadt.example>".to_owned(),
    };
    let app = app_for(
        vec![department(None, Some("leistungen@jobcenter.example"))],
        Some(smtp),
    )
    .await;
    let receipt = submit(&app, &with_contact()).await;
    let report = Forwarder::new(app.state.config())
        .deliver_due(&app.state)
        .await;
    assert_eq!(
        report.delivered,
        [(receipt.reference.clone(), "email".to_owned())],
        "{report:?}"
    );

    let mails = mails.lock().expect("lock").clone();
    assert_eq!(mails.len(), 1);
    let mail = &mails[0];
    assert_eq!(mail.from, "<feedback@musterstadt.example>");
    assert_eq!(mail.to, ["<leistungen@jobcenter.example>"]);
    let (head, body) = mail.data.split_once("\n\n").expect("header and body");
    let row = &outbox(&app, &receipt.reference).await[0];
    assert!(
        head.contains(&format!("<{}@", row.id)),
        "Message-ID: {head}"
    );
    assert!(
        head.contains("Content-Type: text/plain; charset=utf-8"),
        "{head}"
    );
    let text = quoted_printable(body);
    assert!(
        text.contains(&format!("Vorgangsnummer:   {}", receipt.reference)),
        "{text}"
    );
    let title = service_title(&app).await;
    assert!(text.contains(&format!("zur Leistung „{title}“")), "{text}");
    assert!(
        text.contains("Gefunden, was gesucht wurde: Teilweise"),
        "{text}"
    );
    assert!(text.contains("Bewertung:        4 von 5"), "{text}");
    assert!(text.contains("Thema:            Online-Antrag"), "{text}");
    assert!(text.contains("erika@example.org"), "{text}");
    assert!(
        text.contains("der Upload hat aber zweimal abgebrochen"),
        "{text}"
    );
    assert_eq!(row.state, "delivered");
    assert_eq!(
        feedback_state(&app, &receipt).await,
        FeedbackState::Forwarded
    );
}

#[tokio::test]
async fn webhook_and_email_are_separate_forwards() {
    let (receiver, url) = Receiver::start(&[]).await;
    let app = app_for(
        vec![department(Some(url), Some("leistungen@jobcenter.example"))],
        Some(SmtpConfig {
            // Nothing listens on port 9 of loopback: the mail fails, the webhook does not.
            host: "127.0.0.1".to_owned(),
            port: Some(9),
            tls: SmtpTls::None,
            user: None,
            password: None,
            from: "feedback@musterstadt.example".to_owned(),
        }),
    )
    .await;
    let receipt = submit(&app, &submission()).await;
    let report = Forwarder::new(app.state.config())
        .deliver_due(&app.state)
        .await;
    assert_eq!(report.delivered.len(), 1, "{report:?}");
    assert_eq!(report.failed.len(), 1, "{report:?}");
    let rows = outbox(&app, &receipt.reference).await;
    let states: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r.channel.as_str(), r.state.as_str()))
        .collect();
    assert_eq!(states, [("email", "pending"), ("webhook", "delivered")]);
    assert_eq!(receiver.requests().len(), 1);
    // One delivered channel is enough for the department to have it.
    assert_eq!(
        feedback_state(&app, &receipt).await,
        FeedbackState::Forwarded
    );
}

#[tokio::test]
async fn the_demo_receiver_checks_signatures_and_lists_what_arrived() {
    use ozg_endpoint::demo_forwards;

    let secret = demo_forwards::new_secret();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("address");
    let router = demo_forwards::router(&secret);
    tokio::spawn(async move { axum::serve(listener, router).await });
    let mut department = department(
        Some(format!("http://{addr}{}", demo_forwards::WEBHOOK_PATH)),
        None,
    );
    department.webhook_secret = Some(secret);
    let app = app_for(vec![department], None).await;
    let receipt = submit(&app, &submission()).await;
    let report = Forwarder::new(app.state.config())
        .deliver_due(&app.state)
        .await;
    assert_eq!(report.delivered.len(), 1, "{report:?}");

    let client = reqwest::Client::new();
    let page = client
        .get(format!("http://{addr}{}", demo_forwards::PAGE_PATH))
        .send()
        .await
        .expect("page");
    assert_eq!(page.status(), 200);
    let html = page.text().await.expect("HTML");
    assert!(html.contains(&receipt.reference), "{html}");
    assert!(html.contains("1 Rückmeldung"), "{html}");

    // A forged request is refused and not listed.
    let forged = client
        .post(format!("http://{addr}{}", demo_forwards::WEBHOOK_PATH))
        .header(SIGNATURE_HEADER, "t=1,v1=00")
        .body("{}")
        .send()
        .await
        .expect("forged");
    assert_eq!(forged.status(), 401);
    let html = client
        .get(format!("http://{addr}{}", demo_forwards::PAGE_PATH))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("HTML");
    assert!(html.contains("1 Rückmeldung"), "{html}");
}
