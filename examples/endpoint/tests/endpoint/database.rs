//! `db::connect` and `seed::demo`.
//!
//! Seeding runs on the suite's database; the WAL, file and in-memory tests are about SQLite
//! files and connections, so they open SQLite on both runs of the suite.

use ozg_endpoint::{AppState, Config, app, db, seed};
use sqlx::AnyPool;
use tower::ServiceExt;

use crate::support::test_database;

/// Every row of the seeded tables, as text, in a stable order.
async fn dump(pool: &AnyPool) -> Vec<String> {
    let mut rows: Vec<String> =
        sqlx::query_scalar("SELECT leika || '|' || json || '|' || department FROM services")
            .fetch_all(pool)
            .await
            .expect("services");
    let updates: Vec<String> = sqlx::query_scalar(
        "SELECT id || '|' || coalesce(service, '') || '|' || published || '|' || json
         FROM updates ORDER BY id",
    )
    .fetch_all(pool)
    .await
    .expect("updates");
    rows.extend(updates);
    rows
}

#[tokio::test]
async fn seeding_twice_changes_nothing() {
    let database = test_database().await;
    let pool = db::connect(&database.url)
        .await
        .expect("opens and migrates");
    assert!(dump(&pool).await.is_empty());
    seed::demo(&pool).await.expect("first seed");
    let first = dump(&pool).await;
    assert_eq!(first.len(), 1 + 6);
    seed::demo(&pool).await.expect("second seed");
    assert_eq!(dump(&pool).await, first);

    // Rows edited since are kept as they are.
    sqlx::query("UPDATE services SET department = 'Team Widerspruch'")
        .execute(&pool)
        .await
        .expect("edit");
    seed::demo(&pool).await.expect("third seed");
    let department: String = sqlx::query_scalar("SELECT department FROM services")
        .fetch_one(&pool)
        .await
        .expect("department");
    assert_eq!(department, "Team Widerspruch");
}

#[tokio::test]
async fn connect_enables_wal_and_foreign_keys_and_reconnects() {
    let dir = tempfile::tempdir().expect("folder");
    let url = format!("sqlite://{}", dir.path().join("wal.sqlite").display());
    let pool = db::connect(&url).await.expect("connect");
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(&pool)
        .await
        .expect("journal mode");
    assert_eq!(mode, "wal");
    let foreign_keys: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
        .fetch_one(&pool)
        .await
        .expect("foreign keys");
    assert_eq!(foreign_keys, 1);
    pool.close().await;
    // Opening an existing, migrated database runs no migration twice.
    db::connect(&url).await.expect("reconnect");
}

#[tokio::test]
async fn an_in_memory_database_works() {
    let pool = db::connect("sqlite::memory:").await.expect("connect");
    seed::demo(&pool).await.expect("seed");
    let router = app(AppState::new(Config::default(), pool));
    let response = router
        .oneshot(
            axum::http::Request::get("/v1/services/99107108017000")
                .body(axum::body::Body::empty())
                .expect("request"),
        )
        .await
        .expect("response");
    assert_eq!(response.status(), axum::http::StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 3)]
async fn instances_starting_at_once_migrate_once() {
    let database = test_database().await;
    let url = database.url.as_str();
    let (a, b, c) = tokio::join!(db::connect(url), db::connect(url), db::connect(url));
    let pools = [a.expect("first"), b.expect("second"), c.expect("third")];
    for pool in &pools {
        pool.close().await;
    }
    // And once more, as after a restart.
    let pool = db::connect(url).await.expect("restart");
    let versions: Vec<i64> =
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations ORDER BY version")
            .fetch_all(&pool)
            .await
            .expect("migrations");
    assert_eq!(versions, [1, 2, 3, 4, 5]);
}

#[tokio::test]
async fn an_unreachable_database_stops_the_start_with_one_clear_line() {
    // A loopback port nobody listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("port")
        .local_addr()
        .expect("address")
        .port();
    let config = Config {
        database_url: format!("postgres://ozg:geheim@127.0.0.1:{port}/ozg"),
        listen: "127.0.0.1:0".parse().expect("address"),
        ..Config::default()
    };
    let error = ozg_endpoint::serve(config, false)
        .await
        .expect_err("no database, no start");
    let mut line = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        line.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    assert!(
        line.starts_with(&format!(
            "could not open the database postgres://ozg:***@127.0.0.1:{port}/ozg: "
        )),
        "{line}"
    );
    assert!(line.contains("Connection refused"), "{line}");
    assert!(!line.contains("geheim"), "{line}");
    assert!(!line.contains('\n'), "{line}");
}
