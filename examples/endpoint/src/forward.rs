//! Forwarding accepted feedback to the department of its service, by webhook and by e-mail,
//! through a transactional outbox.
//!
//! `POST /v1/feedback` writes one `forward_outbox` row per configured channel in the same
//! transaction as the feedback (`enqueue`), so a committed feedback always has its forwards
//! and the citizen's submission never waits for a department's server. A background task
//! ([`spawn_forwarder`]) claims due rows with a lease, delivers them, and marks them delivered;
//! a failure is recorded on the row and retried after an exponential backoff with jitter.
//! Rows are never deleted.
//!
//! The claim is a single `UPDATE … RETURNING` on rows that are pending, due and not leased (or
//! whose lease ran out), so several instances on one database never deliver a row at the same
//! time, and the rows of an instance that died are taken over once their lease has passed. On
//! PostgreSQL the claim skips rows another instance has locked (`FOR UPDATE SKIP LOCKED`), so
//! instances claiming at once take different rows instead of queueing behind each other.
//!
//! [`Forwarder::deliver_due_at`] is all the task does, with a time of the caller's choosing, so
//! tests drive retries and backoff without sleeping.

mod email;
mod webhook;

use std::time::Duration;

use sqlx::{Any, Transaction};

use time::OffsetDateTime;
use tokio::sync::watch;
use tokio::task::JoinSet;

use crate::clock;
use crate::config::{Config, DepartmentConfig};
use crate::db::Backend;
use crate::secrets;
use crate::state::AppState;

pub(crate) use email::{found_label, topic_label};
pub use webhook::{
    DELIVERY_HEADER, PAYLOAD_VERSION, SIGNATURE_HEADER, SignatureError, WebhookPayload, sign,
    verify_signature,
};

/// How often the background task looks for due rows when nothing wakes it earlier.
const TICK: Duration = Duration::from_secs(15);
/// Rows claimed and delivered at once.
const BATCH: i64 = 16;

/// The channels a forward can take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Channel {
    Webhook,
    Email,
}

impl Channel {
    fn as_str(self) -> &'static str {
        match self {
            Self::Webhook => "webhook",
            Self::Email => "email",
        }
    }

    fn parse(value: &str) -> Option<Self> {
        match value {
            "webhook" => Some(Self::Webhook),
            "email" => Some(Self::Email),
            _ => None,
        }
    }
}

/// Writes the outbox rows of the feedback `reference` inside `tx`, the transaction that
/// stores the feedback: one per channel its department has in `config`. Returns how many.
pub(crate) async fn enqueue(
    tx: &mut Transaction<'_, Any>,
    config: &Config,
    reference: &str,
    now: &str,
) -> Result<usize, sqlx::Error> {
    let department: String =
        sqlx::query_scalar("SELECT department FROM feedback WHERE reference = $1")
            .bind(reference)
            .fetch_one(&mut **tx)
            .await?;
    let Some(target) = config.departments.iter().find(|d| d.name == department) else {
        return Ok(0);
    };
    let mut count = 0;
    for channel in channels(target) {
        sqlx::query(
            "INSERT INTO forward_outbox (id, reference, channel, department, next_attempt,
                 created_at)
             VALUES ($1, $2, $3, $4, $5, $5)",
        )
        .bind(hex::encode(secrets::random_bytes::<16>()))
        .bind(reference)
        .bind(channel.as_str())
        .bind(&department)
        .bind(now)
        .execute(&mut **tx)
        .await?;
        count += 1;
    }
    Ok(count)
}

fn channels(department: &DepartmentConfig) -> impl Iterator<Item = Channel> {
    let webhook = department.webhook_url.as_ref().map(|_| Channel::Webhook);
    let email = department.email.as_ref().map(|_| Channel::Email);
    webhook.into_iter().chain(email)
}

/// What one round of deliveries did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ForwardReport {
    /// Delivered forwards, as (reference, channel).
    pub delivered: Vec<(String, String)>,
    /// Failed attempts, as (reference, channel, error); they are retried later.
    pub failed: Vec<(String, String, String)>,
}

/// Delivers forwards: an HTTP client for webhooks and the SMTP transport, built once from the
/// configuration. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Forwarder {
    http: reqwest::Client,
    mail: Option<email::Mailer>,
}

/// A claimed outbox row.
#[derive(Debug, sqlx::FromRow)]
struct Claimed {
    id: String,
    reference: String,
    channel: String,
    department: String,
    attempts: i64,
}

impl Forwarder {
    /// A forwarder for `config`: its `[forward]` timeout, its `[smtp]` server.
    pub fn new(config: &Config) -> Forwarder {
        let timeout = Duration::from_secs(config.forward.timeout_seconds);
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout)
            // A webhook that redirects is misconfigured; its 3xx counts as not acknowledged.
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("ozg-endpoint/", env!("CARGO_PKG_VERSION")))
            .build()
            .unwrap_or_else(|error| {
                tracing::error!(%error, "cannot configure the webhook client, using the defaults");
                reqwest::Client::new()
            });
        let mail = config.smtp.as_ref().and_then(|smtp| {
            email::Mailer::new(smtp, timeout)
                .inspect_err(|error| tracing::error!(%error, "cannot configure the SMTP server"))
                .ok()
        });
        Forwarder { http, mail }
    }

    /// Delivers every forward that is due now.
    pub async fn deliver_due(&self, state: &AppState) -> ForwardReport {
        self.deliver_due_at(state, clock::now()).await
    }

    /// Delivers every forward that is due at `now`, in batches, until none is left; `now` also
    /// sets the lease and the next attempt after a failure.
    pub async fn deliver_due_at(&self, state: &AppState, now: OffsetDateTime) -> ForwardReport {
        let mut report = ForwardReport::default();
        loop {
            let claimed = match claim(state, now).await {
                Ok(claimed) => claimed,
                Err(error) => {
                    tracing::error!(%error, "cannot claim forwards");
                    break;
                }
            };
            let full = claimed.len() as i64 == BATCH;
            let mut tasks = JoinSet::new();
            for (owner, row) in claimed {
                let forwarder = self.clone();
                let state = state.clone();
                tasks.spawn(async move {
                    let outcome = forwarder.deliver(&state, &row).await;
                    let recorded = record(&state, &owner, &row, &outcome, now).await;
                    (row, outcome, recorded)
                });
            }
            while let Some(joined) = tasks.join_next().await {
                let Ok((row, outcome, recorded)) = joined else {
                    tracing::error!("a forward panicked");
                    continue;
                };
                if let Err(error) = recorded {
                    tracing::error!(%error, reference = row.reference, "cannot record a forward");
                }
                match outcome {
                    Ok(()) => {
                        tracing::info!(
                            reference = row.reference,
                            channel = row.channel,
                            department = row.department,
                            "feedback forwarded"
                        );
                        report.delivered.push((row.reference, row.channel));
                    }
                    Err(error) => {
                        tracing::warn!(
                            reference = row.reference,
                            channel = row.channel,
                            attempts = row.attempts + 1,
                            %error,
                            "forward failed, will retry"
                        );
                        report.failed.push((row.reference, row.channel, error));
                    }
                }
            }
            if !full {
                break;
            }
        }
        report.delivered.sort();
        report.failed.sort();
        report
    }

    /// One attempt at one row.
    async fn deliver(&self, state: &AppState, row: &Claimed) -> Result<(), String> {
        let department = state
            .config()
            .departments
            .iter()
            .find(|d| d.name == row.department)
            .ok_or_else(|| format!("department {:?} is not configured", row.department))?;
        let payload = webhook::load_payload(state, &row.reference)
            .await
            .map_err(|error| format!("cannot read the feedback: {error}"))?;
        match Channel::parse(&row.channel) {
            Some(Channel::Webhook) => {
                let (Some(url), Some(secret)) =
                    (&department.webhook_url, &department.webhook_secret)
                else {
                    return Err("the department has no webhook_url any more".to_owned());
                };
                webhook::post(&self.http, url, secret, &row.id, &payload).await
            }
            Some(Channel::Email) => {
                let Some(to) = &department.email else {
                    return Err("the department has no email any more".to_owned());
                };
                let Some(mail) = &self.mail else {
                    return Err("no usable [smtp] server is configured".to_owned());
                };
                mail.send(to, &row.id, &payload).await
            }
            None => Err(format!("unknown channel {:?}", row.channel)),
        }
    }
}

/// Claims up to a batch of due, unleased rows for a fresh owner id, leased until `now` plus a
/// margin over the delivery timeout.
async fn claim(
    state: &AppState,
    now: OffsetDateTime,
) -> Result<Vec<(String, Claimed)>, sqlx::Error> {
    let owner = hex::encode(secrets::random_bytes::<16>());
    let timeout = state.config().forward.timeout_seconds;
    let lease = Duration::from_secs(60 + 3 * timeout);
    let now_text = clock::format(now);
    // PostgreSQL: rows another instance is claiming right now are skipped rather than waited
    // for. SQLite has one writer at a time, so the statement alone is enough there.
    let skip_locked = match state.backend() {
        Backend::Postgres => "FOR UPDATE SKIP LOCKED",
        Backend::Sqlite => "",
    };
    let rows: Vec<Claimed> = sqlx::query_as(&format!(
        "UPDATE forward_outbox SET lease_owner = $1, lease_until = $2
         WHERE id IN (
             SELECT id FROM forward_outbox
             WHERE state = 'pending' AND next_attempt <= $3
               AND (lease_until IS NULL OR lease_until <= $3)
             ORDER BY next_attempt LIMIT $4 {skip_locked})
           AND state = 'pending' AND (lease_until IS NULL OR lease_until <= $3)
         RETURNING id, reference, channel, department, attempts"
    ))
    .bind(&owner)
    .bind(clock::format(now + lease))
    .bind(&now_text)
    .bind(BATCH)
    .fetch_all(state.pool())
    .await?;
    Ok(rows.into_iter().map(|row| (owner.clone(), row)).collect())
}

/// Records the outcome of an attempt, as long as the row is still ours; a success also moves
/// the feedback from `received` to `forwarded`.
async fn record(
    state: &AppState,
    owner: &str,
    row: &Claimed,
    outcome: &Result<(), String>,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    let now_text = clock::format(now);
    match outcome {
        Ok(()) => {
            let mut tx = state.pool().begin().await?;
            let updated = sqlx::query(
                "UPDATE forward_outbox SET state = 'delivered', delivered_at = $1,
                     attempts = attempts + 1, lease_owner = NULL, lease_until = NULL
                 WHERE id = $2 AND lease_owner = $3",
            )
            .bind(&now_text)
            .bind(&row.id)
            .bind(owner)
            .execute(&mut *tx)
            .await?;
            if updated.rows_affected() == 1 {
                sqlx::query(
                    "UPDATE feedback SET state = 'forwarded', updated_at = $1
                     WHERE reference = $2 AND state = 'received'",
                )
                .bind(&now_text)
                .bind(&row.reference)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await
        }
        Err(error) => {
            let attempts = u32::try_from(row.attempts + 1).unwrap_or(u32::MAX);
            let delay = backoff(&state.config().forward, attempts);
            let error: String = error.chars().take(500).collect();
            sqlx::query(
                "UPDATE forward_outbox SET attempts = attempts + 1, last_error = $1,
                     next_attempt = $2, lease_owner = NULL, lease_until = NULL
                 WHERE id = $3 AND lease_owner = $4",
            )
            .bind(error)
            .bind(clock::format(now + delay))
            .bind(&row.id)
            .bind(owner)
            .execute(state.pool())
            .await
            .map(|_| ())
        }
    }
}

/// The delay after the `attempts`-th failure: the base doubled per failure up to the maximum,
/// then a random point in its upper half, so that many failed forwards do not all retry at the
/// same moment.
fn backoff(config: &crate::config::ForwardConfig, attempts: u32) -> Duration {
    let doubled = config
        .retry_base_seconds
        .saturating_mul(1u64 << attempts.saturating_sub(1).min(32));
    let full = doubled.min(config.retry_max_seconds).max(1);
    let half = full / 2;
    let random = u64::from_le_bytes(secrets::random_bytes::<8>());
    Duration::from_secs(full - half + random % (half + 1))
}

/// Starts the background task that delivers due forwards: at once, whenever a submission
/// wakes it, and every 15 seconds; it stops once `stop` turns `true` (or its sender is gone),
/// after the deliveries in flight.
pub fn spawn_forwarder(
    state: AppState,
    mut stop: watch::Receiver<bool>,
) -> tokio::task::JoinHandle<()> {
    let forwarder = Forwarder::new(state.config());
    tokio::spawn(async move {
        while !*stop.borrow() {
            forwarder.deliver_due(&state).await;
            tokio::select! {
                changed = stop.changed() => if changed.is_err() { break },
                () = state.forward_wakeup().notified() => {},
                () = tokio::time::sleep(TICK) => {},
            }
        }
        tracing::debug!("forwarder stopped");
    })
}

/// The outbox at a glance, for `GET /healthz/forwards`.
#[derive(Debug, serde::Serialize, sqlx::FromRow)]
#[serde(rename_all = "camelCase")]
pub(crate) struct OutboxHealth {
    /// Forwards not delivered yet.
    pub(crate) pending: i64,
    /// Of them, those that failed at least once.
    pub(crate) failing: i64,
    /// Forwards delivered.
    delivered: i64,
    /// When the oldest pending forward was written.
    oldest_pending: Option<String>,
    /// The error of the pending forward that failed last.
    last_error: Option<String>,
}

pub(crate) async fn health(state: &AppState) -> Result<OutboxHealth, sqlx::Error> {
    sqlx::query_as(
        "SELECT
             count(*) FILTER (WHERE state = 'pending') AS pending,
             count(*) FILTER (WHERE state = 'pending' AND attempts > 0) AS failing,
             count(*) FILTER (WHERE state = 'delivered') AS delivered,
             min(created_at) FILTER (WHERE state = 'pending') AS oldest_pending,
             (SELECT last_error FROM forward_outbox WHERE state = 'pending'
                AND last_error IS NOT NULL ORDER BY next_attempt DESC LIMIT 1) AS last_error
         FROM forward_outbox",
    )
    .fetch_one(state.pool())
    .await
}

#[cfg(test)]
mod tests;
