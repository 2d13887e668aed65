//! Reading and changing feedback for staff, always within one department.

use ozg_sdk::ValidationErrors;
use serde::{Deserialize, Serialize};

use super::filter::{Filter, SETTABLE_STATES};
use crate::clock;
use crate::error::ApiError;

/// Most characters (Unicode scalar values) of an answer.
pub(crate) const MAX_ANSWER_CHARS: usize = 5_000;

/// Most rows one CSV export holds.
pub(crate) const MAX_EXPORT_ROWS: u32 = 100_000;

/// One submission as staff see it.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Submission {
    pub(crate) reference: String,
    pub(crate) service: String,
    /// The service's title, from its description.
    pub(crate) service_title: String,
    pub(crate) found: String,
    pub(crate) rating: i64,
    pub(crate) topic: String,
    pub(crate) text: String,
    pub(crate) contact_email: Option<String>,
    pub(crate) locale: String,
    pub(crate) page_url: Option<String>,
    pub(crate) received_at: String,
    pub(crate) state: String,
    pub(crate) updated_at: String,
    pub(crate) department: String,
    pub(crate) answer_text: Option<String>,
    pub(crate) answered_at: Option<String>,
}

/// One change in a submission's history.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Event {
    pub(crate) at: String,
    pub(crate) staff: String,
    pub(crate) state: String,
    pub(crate) answer_changed: bool,
}

const COLUMNS: &str = "f.reference, f.service,
    coalesce(json_extract(s.json, '$.title'), f.service) AS service_title,
    f.found, f.rating, f.topic, f.text, f.contact_email, f.locale, f.page_url, f.received_at,
    f.state, f.updated_at, f.department, f.answer_text, f.answered_at";

/// The `WHERE` clause of a filtered list; binds ?1 department, ?2 service, ?3 state, ?4 topic,
/// ?5 since, ?6 until, ?7 search text.
const WHERE: &str = "FROM feedback f LEFT JOIN services s ON s.leika = f.service
    WHERE f.department = ?1
      AND (?2 IS NULL OR f.service = ?2)
      AND (?3 IS NULL OR f.state = ?3)
      AND (?4 IS NULL OR f.topic = ?4)
      AND (?5 IS NULL OR f.received_at >= ?5)
      AND (?6 IS NULL OR f.received_at < ?6)
      AND (?7 IS NULL
           OR instr(lower(f.text), lower(?7)) > 0
           OR instr(lower(coalesce(f.answer_text, '')), lower(?7)) > 0
           OR f.reference = upper(?7))";

/// One page of the department's submissions that match `filter`, newest first, and how many
/// match in all. With `all`, every match up to [`MAX_EXPORT_ROWS`].
pub(crate) async fn list(
    pool: &sqlx::SqlitePool,
    department: &str,
    filter: &Filter,
    all: bool,
) -> Result<(Vec<Submission>, u32), ApiError> {
    let (limit, offset) = if all {
        (MAX_EXPORT_ROWS, 0)
    } else {
        (filter.per_page, (filter.page - 1) * filter.per_page)
    };
    let since = filter.since();
    let until = filter.until();
    let rows: Vec<Submission> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} {WHERE} ORDER BY f.received_at DESC, f.reference LIMIT ?8 OFFSET ?9"
    ))
    .bind(department)
    .bind(&filter.service)
    .bind(&filter.state)
    .bind(&filter.topic)
    .bind(&since)
    .bind(&until)
    .bind(&filter.q)
    .bind(limit)
    .bind(offset)
    .fetch_all(pool)
    .await?;
    let total: i64 = sqlx::query_scalar(&format!("SELECT count(*) {WHERE}"))
        .bind(department)
        .bind(&filter.service)
        .bind(&filter.state)
        .bind(&filter.topic)
        .bind(&since)
        .bind(&until)
        .bind(&filter.q)
        .fetch_one(pool)
        .await?;
    Ok((rows, u32::try_from(total).unwrap_or(u32::MAX)))
}

/// The department's services, `(leika, title)`, for the service filter.
pub(crate) async fn services(
    pool: &sqlx::SqlitePool,
    department: &str,
) -> Result<Vec<(String, String)>, ApiError> {
    Ok(sqlx::query_as(
        "SELECT leika, coalesce(json_extract(json, '$.title'), leika) FROM services
         WHERE department = ?1 ORDER BY 2",
    )
    .bind(department)
    .fetch_all(pool)
    .await?)
}

/// One submission of the department; `None` for unknown references and other departments'.
pub(crate) async fn get(
    pool: &sqlx::SqlitePool,
    department: &str,
    reference: &str,
) -> Result<Option<Submission>, ApiError> {
    if !crate::secrets::is_reference(reference) {
        return Ok(None);
    }
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM feedback f LEFT JOIN services s ON s.leika = f.service
         WHERE f.reference = ?1 AND f.department = ?2"
    ))
    .bind(reference)
    .bind(department)
    .fetch_optional(pool)
    .await?)
}

/// The history of a submission, oldest first.
pub(crate) async fn events(
    pool: &sqlx::SqlitePool,
    reference: &str,
) -> Result<Vec<Event>, ApiError> {
    Ok(sqlx::query_as(
        "SELECT at, staff, state, answer_changed FROM feedback_events
         WHERE reference = ?1 ORDER BY id",
    )
    .bind(reference)
    .fetch_all(pool)
    .await?)
}

/// What staff want to change; absent fields stay as they are.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct Change {
    /// The new state: `received`, `inProgress`, `answered` or `closed`.
    #[serde(default)]
    pub(crate) state: Option<String>,
    /// The answer the citizen reads, plain text, at most 5,000 characters.
    #[serde(default)]
    pub(crate) answer: Option<String>,
}

/// Why a change is refused, per field.
pub(crate) fn check(current: &Submission, change: &Change) -> Result<Change, ValidationErrors> {
    let mut errors = ValidationErrors::default();
    // Browsers send line breaks in forms as CRLF; the citizen gets them as written, as LF.
    let answer = change
        .answer
        .as_ref()
        .map(|text| text.replace("\r\n", "\n"));
    let had_answer = current.answer_text.is_some();
    let answer = match answer {
        Some(text) if text.trim().is_empty() => {
            if had_answer {
                errors.push(
                    "/answer",
                    "cannot_remove",
                    "a sent answer cannot be removed, only changed",
                );
            }
            None
        }
        other => other,
    };
    if let Some(text) = &answer
        && text.chars().count() > MAX_ANSWER_CHARS
    {
        errors.push("/answer", "too_long", "must have at most 5000 characters");
    }
    let will_have_answer = had_answer || answer.is_some();
    let state = match &change.state {
        Some(state) if !SETTABLE_STATES.contains(&state.as_str()) => {
            errors.push(
                "/state",
                "invalid_value",
                "must be one of received, inProgress, answered, closed",
            );
            None
        }
        Some(state) => Some(state.clone()),
        // Writing an answer to an open submission answers it.
        None if answer.is_some() && current.state != "closed" => Some("answered".to_owned()),
        None => None,
    };
    match state.as_deref() {
        Some("answered") if !will_have_answer => errors.push(
            "/answer",
            "required",
            "an answered submission needs an answer",
        ),
        Some("received") if will_have_answer => errors.push(
            "/state",
            "invalid_transition",
            "a submission with an answer cannot go back to received",
        ),
        _ => {}
    }
    errors.into_result().map(|()| Change { state, answer })
}

/// Applies a checked change and records it in the history; returns the submission as stored.
/// `None` when the reference is unknown or another department's.
pub(crate) async fn apply(
    pool: &sqlx::SqlitePool,
    staff_name: &str,
    department: &str,
    reference: &str,
    change: &Change,
) -> Result<Option<Result<Submission, ValidationErrors>>, ApiError> {
    let Some(current) = get(pool, department, reference).await? else {
        return Ok(None);
    };
    let change = match check(&current, change) {
        Ok(change) => change,
        Err(errors) => return Ok(Some(Err(errors))),
    };
    let answer_changed = change
        .answer
        .as_ref()
        .is_some_and(|text| current.answer_text.as_ref() != Some(text));
    let state_changed = change
        .state
        .as_ref()
        .is_some_and(|state| *state != current.state);
    if answer_changed || state_changed {
        let now = clock::format(clock::now());
        let new_state = change.state.clone().unwrap_or(current.state.clone());
        let mut tx = pool.begin().await?;
        // The first answer sets `answered_at`; later edits keep it, so the time to answer
        // stays the time to the first answer.
        sqlx::query(
            "UPDATE feedback SET state = ?3, updated_at = ?4,
                 answer_text = CASE WHEN ?5 THEN ?6 ELSE answer_text END,
                 answered_at = CASE WHEN ?5 AND answered_at IS NULL THEN ?4 ELSE answered_at END
             WHERE reference = ?1 AND department = ?2",
        )
        .bind(reference)
        .bind(department)
        .bind(&new_state)
        .bind(&now)
        .bind(answer_changed)
        .bind(&change.answer)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO feedback_events (reference, at, staff, state, answer_changed)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )
        .bind(reference)
        .bind(&now)
        .bind(staff_name)
        .bind(&new_state)
        .bind(answer_changed)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        tracing::info!(
            reference,
            staff = staff_name,
            state = new_state,
            "feedback changed"
        );
    }
    Ok(get(pool, department, reference).await?.map(Ok))
}
