//! Opening the database — SQLite or PostgreSQL, chosen by the URL — and bringing its schema up
//! to date.
//!
//! Both go through sqlx's `Any` driver, so every query is written once: `$1` placeholders
//! (SQLite reads them as numbered parameters too), text timestamps from the app's clock, and
//! SQL both understand. Where the two must differ, [`Backend`] says which one a pool talks to.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::Migrator;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode};
use sqlx::{AnyConnection, AnyPool, ConnectOptions, Connection, Executor};

/// The SQLite migrations in `examples/endpoint/migrations/sqlite/`, embedded at build time.
static SQLITE_MIGRATOR: Migrator = sqlx::migrate!("./migrations/sqlite");
/// The same schema for PostgreSQL, with the same versions, in `migrations/postgres/`.
static POSTGRES_MIGRATOR: Migrator = sqlx::migrate!("./migrations/postgres");

/// The database a pool talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// A file (or memory) through SQLite: one machine, zero set-up.
    Sqlite,
    /// A PostgreSQL server, which several endpoint instances can share.
    Postgres,
}

impl Backend {
    /// The backend a URL names by its scheme: `sqlite:` or `postgres:`/`postgresql:`.
    pub fn of_url(url: &str) -> Option<Backend> {
        let scheme = url.split_once(':')?.0;
        match scheme {
            "sqlite" => Some(Backend::Sqlite),
            "postgres" | "postgresql" => Some(Backend::Postgres),
            _ => None,
        }
    }

    /// The backend of an open pool.
    pub fn of(pool: &AnyPool) -> Backend {
        match pool.connect_options().database_url.scheme() {
            "sqlite" => Backend::Sqlite,
            _ => Backend::Postgres,
        }
    }
}

/// A database URL without its password, for logs and error messages.
#[derive(Clone, Copy)]
pub struct Redacted<'a>(pub &'a str);

impl fmt::Display for Redacted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match url::Url::parse(self.0) {
            Ok(mut url) if url.password().is_some() => {
                // Setting a password fails only for URLs that cannot have one.
                let _ = url.set_password(Some("***"));
                f.write_str(url.as_str())
            }
            _ => f.write_str(self.0),
        }
    }
}

impl fmt::Debug for Redacted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.to_string())
    }
}

/// Opens the database at `database_url` and runs the pending migrations of its backend.
///
/// SQLite: creates the file when missing, switches on WAL, foreign keys and a busy timeout.
/// An in-memory URL (`sqlite::memory:`) gets a pool of one connection that is never closed,
/// because the database lives only as long as its connection.
///
/// PostgreSQL: the database must exist; the migrations take an advisory lock, so several
/// instances may start at once.
///
/// # Errors
/// Returns the error of the database or of a migration when the URL is invalid, names neither
/// SQLite nor PostgreSQL, the file cannot be opened or created, the server cannot be reached or
/// refuses the login, or a migration fails.
pub async fn connect(database_url: &str) -> Result<AnyPool, sqlx::Error> {
    sqlx::any::install_default_drivers();
    match Backend::of_url(database_url) {
        Some(Backend::Sqlite) => connect_sqlite_retrying(database_url).await,
        Some(Backend::Postgres) => connect_postgres(database_url).await,
        None => Err(sqlx::Error::Configuration(
            format!(
                "{} is neither an SQLite (sqlite:…) nor a PostgreSQL (postgres://…) URL",
                Redacted(database_url)
            )
            .into(),
        )),
    }
}

/// [`connect_sqlite`], again while SQLite answers "database is locked". Instances that start at
/// once on one file take turns for the switch to WAL and for the migrations, and SQLite reports
/// some of those collisions at once instead of waiting out its busy timeout (a transaction that
/// read before another instance wrote cannot write any more). Each attempt is complete on its
/// own, so the next one simply starts over, up to half a minute.
async fn connect_sqlite_retrying(database_url: &str) -> Result<AnyPool, sqlx::Error> {
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    let mut pause = Duration::from_millis(20);
    loop {
        match connect_sqlite(database_url).await {
            Err(error) if is_locked(&error) && std::time::Instant::now() < deadline => {
                tokio::time::sleep(pause).await;
                pause = (pause * 2).min(Duration::from_millis(500));
            }
            other => return other,
        }
    }
}

/// Whether `error` is SQLite's `SQLITE_BUSY` ("database is locked", in any of its extended
/// codes).
fn is_locked(error: &sqlx::Error) -> bool {
    const SQLITE_BUSY: i64 = 5;
    let code = match error {
        sqlx::Error::Database(error) => error.code(),
        sqlx::Error::Migrate(migrate) => match migrate.as_ref() {
            sqlx::migrate::MigrateError::Execute(sqlx::Error::Database(error))
            | sqlx::migrate::MigrateError::ExecuteMigration(sqlx::Error::Database(error), _) => {
                error.code()
            }
            _ => None,
        },
        _ => None,
    };
    code.and_then(|code| code.parse::<i64>().ok())
        .is_some_and(|code| code & 0xff == SQLITE_BUSY)
}

async fn connect_sqlite(database_url: &str) -> Result<AnyPool, sqlx::Error> {
    let in_memory = database_url.contains(":memory:") || database_url.contains("mode=memory");
    let options = AnyConnectOptions::from_str(database_url)?;
    let pool_options = if in_memory {
        AnyPoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            .idle_timeout(None)
            .max_lifetime(None)
    } else {
        // The file is created, and switched to WAL (which the file keeps), by a connection of
        // its own: the `Any` pool takes its options from the URL alone.
        let mut first = SqliteConnectOptions::from_str(database_url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .connect()
            .await?;
        first.ping().await?;
        first.close().await?;
        AnyPoolOptions::new().max_connections(8)
    };
    // Foreign keys and a busy timeout of five seconds (writers queue behind each other instead
    // of failing at once) are sqlx's defaults for SQLite; `NORMAL` is safe with WAL.
    let pool = pool_options
        .after_connect(|connection, _| {
            Box::pin(async move {
                connection.execute("PRAGMA synchronous = NORMAL").await?;
                Ok(())
            })
        })
        .connect_with(options)
        .await?;
    migrate_sqlite(&pool).await?;
    Ok(pool)
}

/// Runs the pending SQLite migrations. Instances that start at once on a new file race for
/// them, and SQLite lets one of them apply a migration while the others fail on it ("table
/// … already exists"); a failure after which more migrations are applied than before was
/// such a race, and the next round goes on from there. (PostgreSQL's migrations take an
/// advisory lock instead.)
async fn migrate_sqlite(pool: &AnyPool) -> Result<(), sqlx::Error> {
    let applied = || async {
        sqlx::query_scalar::<_, i64>("SELECT count(*) FROM _sqlx_migrations")
            .fetch_one(pool)
            .await
            .unwrap_or(0)
    };
    let mut before = applied().await;
    loop {
        match SQLITE_MIGRATOR.run(pool).await {
            Ok(()) => return Ok(()),
            Err(error) => {
                let after = applied().await;
                if after <= before {
                    return Err(error.into());
                }
                before = after;
            }
        }
    }
}

async fn connect_postgres(database_url: &str) -> Result<AnyPool, sqlx::Error> {
    const TIMEOUT: Duration = Duration::from_secs(10);
    let options = AnyConnectOptions::from_str(database_url)?;
    // One connection first, so that an unreachable server or a refused login is reported with
    // its own reason rather than as a pool that timed out.
    let first = tokio::time::timeout(TIMEOUT, AnyConnection::connect_with(&options))
        .await
        .map_err(|_| {
            sqlx::Error::Io(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                "the server did not answer within 10 seconds",
            ))
        })??;
    first.close().await?;
    let pool = AnyPoolOptions::new()
        .max_connections(16)
        .acquire_timeout(TIMEOUT)
        .connect_with(options)
        .await?;
    POSTGRES_MIGRATOR.run(&pool).await?;
    Ok(pool)
}

/// Whether every migration of this build has been applied to the database behind `pool`,
/// checked against the migrations of the pool's backend.
///
/// # Errors
/// Returns the database's error when it does not answer or has no migrations table.
pub async fn migrations_applied(pool: &AnyPool) -> Result<bool, sqlx::Error> {
    let applied: Vec<i64> =
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success")
            .fetch_all(pool)
            .await?;
    let migrator = match Backend::of(pool) {
        Backend::Sqlite => &SQLITE_MIGRATOR,
        Backend::Postgres => &POSTGRES_MIGRATOR,
    };
    Ok(migrator
        .iter()
        .filter(|migration| migration.migration_type.is_up_migration())
        .all(|migration| applied.contains(&migration.version)))
}

/// The `title` of a service description as stored in `services.json`. The queries leave JSON to
/// the code, because SQLite and PostgreSQL spell its functions differently.
pub(crate) fn service_title(description_json: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(description_json).ok()?;
    value.get("title")?.as_str().map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backends_and_redaction() {
        let cases = [
            ("sqlite://ozg.sqlite?mode=rwc", Some(Backend::Sqlite)),
            ("sqlite::memory:", Some(Backend::Sqlite)),
            ("postgres://ozg@db/ozg", Some(Backend::Postgres)),
            ("postgresql://db/ozg", Some(Backend::Postgres)),
            ("mysql://db/ozg", None),
            ("ozg.sqlite", None),
        ];
        for (url, expected) in cases {
            assert_eq!(Backend::of_url(url), expected, "{url}");
        }
        assert_eq!(
            Redacted("postgres://ozg:geheim@db:5432/ozg").to_string(),
            "postgres://ozg:***@db:5432/ozg"
        );
        assert_eq!(
            Redacted("sqlite://ozg.sqlite?mode=rwc").to_string(),
            "sqlite://ozg.sqlite?mode=rwc"
        );
    }
}
