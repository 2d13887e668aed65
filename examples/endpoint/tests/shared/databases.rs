//! A fresh database for one test: a temporary SQLite file, or, when `OZG_TEST_POSTGRES_URL`
//! names a PostgreSQL server (`postgres://postgres@127.0.0.1:5432/postgres`), a new database of
//! its own on that server, dropped afterwards. Shared by the endpoint's test binaries;
//! `cargo xtask test` runs them both ways.

use sqlx::{Connection, Executor};

/// The variable that names the PostgreSQL server the tests create their databases on.
const POSTGRES_URL_VARIABLE: &str = "OZG_TEST_POSTGRES_URL";

/// A fresh, empty database for one test, removed with the value: a SQLite file with its
/// folder, or a PostgreSQL database (its server URL and name are kept for that).
pub(crate) struct TestDatabase {
    pub(crate) url: String,
    _dir: Option<tempfile::TempDir>,
    postgres: Option<(String, String)>,
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let Some((server, name)) = self.postgres.take() else {
            return;
        };
        // On a thread of its own, because the test's runtime may be busy or gone; the
        // connections of the test's pools may still be closing, which FORCE ends.
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| e.to_string())?;
            runtime
                .block_on(async {
                    let mut admin = sqlx::PgConnection::connect(&server).await?;
                    admin
                        .execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str())
                        .await?;
                    admin.close().await
                })
                .map_err(|e| format!("{name}: {e}"))
        })
        .join();
        // A database left behind only takes room on the test server.
        match dropped {
            Ok(Ok(())) => {}
            Ok(Err(error)) => eprintln!("could not drop the test database {error}"),
            Err(_) => eprintln!("dropping a test database panicked"),
        }
    }
}

/// A fresh, empty database on the suite's backend (see the module documentation).
pub(crate) async fn test_database() -> TestDatabase {
    match std::env::var(POSTGRES_URL_VARIABLE) {
        Ok(server) if !server.is_empty() => postgres_database(&server).await,
        _ => {
            let dir = tempfile::tempdir().expect("temporary folder");
            let url = format!(
                "sqlite://{}?mode=rwc",
                dir.path().join("endpoint.sqlite").display()
            );
            TestDatabase {
                url,
                _dir: Some(dir),
                postgres: None,
            }
        }
    }
}

/// Creates a database with a name of its own on the server at `server` and returns its URL.
async fn postgres_database(server: &str) -> TestDatabase {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let started = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock after 1970")
        .as_millis();
    let name = format!(
        "ozg_test_{}_{started}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    );
    let mut admin = sqlx::PgConnection::connect(server)
        .await
        .unwrap_or_else(|e| panic!("{POSTGRES_URL_VARIABLE}={server} is not reachable: {e}"));
    admin
        .execute(format!("CREATE DATABASE {name}").as_str())
        .await
        .expect("create a test database");
    admin.close().await.expect("close the admin connection");
    let mut url = url::Url::parse(server).expect("a PostgreSQL URL");
    url.set_path(&name);
    TestDatabase {
        url: url.to_string(),
        _dir: None,
        postgres: Some((server.to_owned(), name)),
    }
}
