//! The outbox rows commit and roll back with the feedback, and the backoff grows and stays
//! within its bounds.

use super::*;
use crate::config::ForwardConfig;
use crate::{db, seed};

async fn pool() -> (sqlx::AnyPool, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("t.sqlite").display()
    );
    let pool = db::connect(&url).await.expect("database");
    seed::demo(&pool).await.expect("seed");
    (pool, dir)
}

fn config() -> Config {
    Config {
        departments: vec![DepartmentConfig {
            name: seed::DEMO_DEPARTMENT.to_owned(),
            webhook_url: Some("http://127.0.0.1:9/hook".to_owned()),
            webhook_secret: Some("x".repeat(32)),
            email: Some("team@example.org".to_owned()),
        }],
        ..Config::default()
    }
}

async fn store_and_enqueue(pool: &sqlx::AnyPool, reference: &str, commit: bool) -> usize {
    let mut tx = pool.begin().await.expect("begin");
    sqlx::query(
        "INSERT INTO feedback (reference, service, found, rating, topic, text, locale,
             client_time, received_at, updated_at, department, token_hash)
         SELECT $1, leika, 'yes', 5, 'praise', '', 'de', $2, $2, $2, department, 'h'
         FROM services WHERE leika = $3",
    )
    .bind(reference)
    .bind("2026-11-26T09:30:00Z")
    .bind(seed::DEMO_SERVICE)
    .execute(&mut *tx)
    .await
    .expect("feedback row");
    let count = enqueue(&mut tx, &config(), reference, "2026-11-26T09:30:00Z")
        .await
        .expect("enqueue");
    if commit {
        tx.commit().await.expect("commit");
    } else {
        tx.rollback().await.expect("rollback");
    }
    count
}

async fn outbox_rows(pool: &sqlx::AnyPool, reference: &str) -> Vec<String> {
    sqlx::query_scalar("SELECT channel FROM forward_outbox WHERE reference = $1 ORDER BY channel")
        .bind(reference)
        .fetch_all(pool)
        .await
        .expect("select")
}

#[tokio::test]
async fn rows_commit_with_the_feedback_one_per_channel() {
    let (pool, _dir) = pool().await;
    assert_eq!(store_and_enqueue(&pool, "OZG-AAAA-BBBB", true).await, 2);
    assert_eq!(
        outbox_rows(&pool, "OZG-AAAA-BBBB").await,
        ["email", "webhook"]
    );
}

#[tokio::test]
async fn a_rollback_leaves_no_row() {
    let (pool, _dir) = pool().await;
    assert_eq!(store_and_enqueue(&pool, "OZG-CCCC-DDDD", false).await, 2);
    assert!(outbox_rows(&pool, "OZG-CCCC-DDDD").await.is_empty());
    let feedback: i64 = sqlx::query_scalar("SELECT count(*) FROM feedback")
        .fetch_one(&pool)
        .await
        .expect("count");
    assert_eq!(feedback, 0);
}

#[test]
fn backoff_doubles_with_jitter_up_to_the_cap() {
    let config = ForwardConfig {
        timeout_seconds: 10,
        retry_base_seconds: 30,
        retry_max_seconds: 3600,
    };
    for _ in 0..50 {
        let first = backoff(&config, 1).as_secs();
        assert!((15..=30).contains(&first), "first retry after {first} s");
        let third = backoff(&config, 3).as_secs();
        assert!((60..=120).contains(&third), "third retry after {third} s");
        let late = backoff(&config, 40).as_secs();
        assert!((1800..=3600).contains(&late), "late retry after {late} s");
    }
}
