//! The example binary, run as a user runs it, against the reference endpoint on a loopback port:
//! it must print a receipt whose reference the endpoint really stored, and the status it read.

use std::net::SocketAddr;

use ozg_endpoint::{AppState, Config, app, db, seed};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn submits_prints_the_receipt_and_reads_the_status() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let database_url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("endpoint.sqlite").display()
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let addr = listener.local_addr().expect("local address");
    let config = Config {
        listen: addr,
        public_url: format!("http://{addr}"),
        database_url: database_url.clone(),
        ..Config::default()
    };
    let pool = db::connect(&database_url).await.expect("database opens");
    seed::demo(&pool).await.expect("demo data");
    let router = app(AppState::new(config, pool.clone()));
    tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .expect("server runs");
    });

    let text = "Beispiel aus der Kommandozeile: die Fristen waren klar.";
    let output = tokio::process::Command::new(env!("CARGO_BIN_EXE_ozg-submit-feedback"))
        .arg(format!("http://{addr}"))
        .arg(text)
        .output()
        .await
        .expect("the example starts");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "the example failed: {}\n{stdout}\n{stderr}",
        output.status
    );

    let field = |name: &str| {
        stdout
            .lines()
            .find_map(|line| line.strip_prefix(&format!("{name}:")))
            .map(str::trim)
            .unwrap_or_else(|| panic!("no `{name}:` line in\n{stdout}"))
            .to_owned()
    };
    let reference = field("reference");
    assert!(reference.starts_with("OZG-"), "{stdout}");
    assert_eq!(
        field("status"),
        format!("http://{addr}/v1/feedback/{reference}")
    );
    assert_eq!(field("state"), "Received");

    let stored: Vec<(String,)> = sqlx::query_as("SELECT text FROM feedback WHERE reference = ?1")
        .bind(&reference)
        .fetch_all(&pool)
        .await
        .expect("feedback table");
    assert_eq!(stored.len(), 1, "one row for {reference}");
    assert_eq!(stored[0].0, text);

    // A bad endpoint URL is a usage error with the SDK's stable code, not a panic.
    let output = tokio::process::Command::new(env!("CARGO_BIN_EXE_ozg-submit-feedback"))
        .arg("feedback.example.de")
        .output()
        .await
        .expect("the example starts");
    assert!(!output.status.success());
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("ERROR_INVALID_ENDPOINT"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
