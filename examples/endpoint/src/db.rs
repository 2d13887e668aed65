//! Opening the SQLite database and bringing its schema up to date.

use std::str::FromStr;
use std::time::Duration;

use sqlx::SqlitePool;
use sqlx::migrate::Migrator;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

/// The migrations in `examples/endpoint/migrations/`, embedded at build time.
static MIGRATOR: Migrator = sqlx::migrate!("./migrations");

/// Opens the database at `database_url` (creating the file when missing), switches on WAL,
/// foreign keys and a busy timeout, and runs the pending migrations.
///
/// An in-memory URL (`sqlite::memory:`) gets a pool of one connection that is never closed,
/// because the database lives only as long as its connection.
///
/// # Errors
/// Returns the error of SQLite or of a migration when the URL is invalid, the file cannot be
/// opened or created, or a migration fails.
pub async fn connect(database_url: &str) -> Result<SqlitePool, sqlx::Error> {
    let options = SqliteConnectOptions::from_str(database_url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        // Writers queue behind each other instead of failing at once.
        .busy_timeout(Duration::from_secs(5));
    let in_memory = database_url.contains(":memory:") || database_url.contains("mode=memory");
    let pool_options = if in_memory {
        SqlitePoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            .idle_timeout(None)
            .max_lifetime(None)
    } else {
        SqlitePoolOptions::new().max_connections(8)
    };
    let pool = pool_options.connect_with(options).await?;
    MIGRATOR.run(&pool).await?;
    Ok(pool)
}
