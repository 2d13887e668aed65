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
    /// The service's title, from its description (see [`Submission::with_title`]).
    #[sqlx(skip)]
    pub(crate) service_title: String,
    /// The service's description as JSON, read for its title only.
    #[serde(skip)]
    service_json: Option<String>,
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

impl Submission {
    /// The row with its service's title: the description's `title`, or the LeiKa key when the
    /// service or its title is missing.
    fn with_title(mut self) -> Submission {
        self.service_title = self
            .service_json
            .take()
            .and_then(|json| crate::db::service_title(&json))
            .unwrap_or_else(|| self.service.clone());
        self
    }
}

/// One change in a submission's history.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Event {
    pub(crate) at: String,
    pub(crate) staff: String,
    pub(crate) state: String,
    pub(crate) answer_changed: bool,
}

/// The flag is an integer 0 or 1 on both databases.
impl<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> for Event {
    fn from_row(row: &'r sqlx::any::AnyRow) -> Result<Self, sqlx::Error> {
        use sqlx::Row;
        Ok(Event {
            at: row.try_get("at")?,
            staff: row.try_get("staff")?,
            state: row.try_get("state")?,
            answer_changed: row.try_get::<i64, _>("answer_changed")? != 0,
        })
    }
}

const COLUMNS: &str = "f.reference, f.service, s.json AS service_json,
    f.found, f.rating, f.topic, f.text, f.contact_email, f.locale, f.page_url, f.received_at,
    f.state, f.updated_at, f.department, f.answer_text, f.answered_at";

/// The `WHERE` clause of a filtered list; binds $1 department, $2 service, $3 state, $4 topic,
/// $5 since, $6 until, $7 the search as a `LIKE` pattern and $8 as a reference (see
/// [`search`]).
const WHERE: &str = "FROM feedback f LEFT JOIN services s ON s.leika = f.service
    WHERE f.department = $1
      AND ($2 IS NULL OR f.service = $2)
      AND ($3 IS NULL OR f.state = $3)
      AND ($4 IS NULL OR f.topic = $4)
      AND ($5 IS NULL OR f.received_at >= $5)
      AND ($6 IS NULL OR f.received_at < $6)
      AND ($7 IS NULL
           OR lower(f.text) LIKE $7 ESCAPE '\\'
           OR lower(coalesce(f.answer_text, '')) LIKE $7 ESCAPE '\\'
           OR f.reference = $8)";

/// The search text as a `LIKE` pattern for lower-cased text, and as a reference. Only ASCII
/// letters change case, which is what SQL's `lower` does on SQLite and on the byte-ordered
/// text columns of PostgreSQL, so both find the same.
fn search(q: Option<&str>) -> (Option<String>, Option<String>) {
    let Some(q) = q else {
        return (None, None);
    };
    let mut pattern = String::with_capacity(q.len() + 2);
    pattern.push('%');
    for c in q.to_ascii_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    (Some(pattern), Some(q.to_ascii_uppercase()))
}

/// One page of the department's submissions that match `filter`, newest first, and how many
/// match in all. With `all`, every match up to [`MAX_EXPORT_ROWS`].
pub(crate) async fn list(
    pool: &sqlx::AnyPool,
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
    let (pattern, reference) = search(filter.q.as_deref());
    let rows: Vec<Submission> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} {WHERE} ORDER BY f.received_at DESC, f.reference LIMIT $9 OFFSET $10"
    ))
    .bind(department)
    .bind(&filter.service)
    .bind(&filter.state)
    .bind(&filter.topic)
    .bind(&since)
    .bind(&until)
    .bind(&pattern)
    .bind(&reference)
    .bind(i64::from(limit))
    .bind(i64::from(offset))
    .fetch_all(pool)
    .await?;
    let total: i64 = sqlx::query_scalar(&format!("SELECT count(*) {WHERE}"))
        .bind(department)
        .bind(&filter.service)
        .bind(&filter.state)
        .bind(&filter.topic)
        .bind(&since)
        .bind(&until)
        .bind(&pattern)
        .bind(&reference)
        .fetch_one(pool)
        .await?;
    let rows = rows.into_iter().map(Submission::with_title).collect();
    Ok((rows, u32::try_from(total).unwrap_or(u32::MAX)))
}

/// The department's services, `(leika, title)`, for the service filter.
pub(crate) async fn services(
    pool: &sqlx::AnyPool,
    department: &str,
) -> Result<Vec<(String, String)>, ApiError> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT leika, json FROM services WHERE department = $1")
            .bind(department)
            .fetch_all(pool)
            .await?;
    let mut services: Vec<(String, String)> = rows
        .into_iter()
        .map(|(leika, json)| {
            let title = crate::db::service_title(&json).unwrap_or_else(|| leika.clone());
            (leika, title)
        })
        .collect();
    services.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(services)
}

/// One submission of the department; `None` for unknown references and other departments'.
pub(crate) async fn get(
    pool: &sqlx::AnyPool,
    department: &str,
    reference: &str,
) -> Result<Option<Submission>, ApiError> {
    if !crate::secrets::is_reference(reference) {
        return Ok(None);
    }
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM feedback f LEFT JOIN services s ON s.leika = f.service
         WHERE f.reference = $1 AND f.department = $2"
    ))
    .bind(reference)
    .bind(department)
    .fetch_optional(pool)
    .await?
    .map(Submission::with_title))
}

/// The history of a submission, oldest first.
pub(crate) async fn events(pool: &sqlx::AnyPool, reference: &str) -> Result<Vec<Event>, ApiError> {
    Ok(sqlx::query_as(
        "SELECT at, staff, state, answer_changed FROM feedback_events
         WHERE reference = $1 ORDER BY id",
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
    pool: &sqlx::AnyPool,
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
            "UPDATE feedback SET state = $3, updated_at = $4,
                 answer_text = CASE WHEN $5 THEN $6 ELSE answer_text END,
                 answered_at = CASE WHEN $5 AND answered_at IS NULL THEN $4 ELSE answered_at END
             WHERE reference = $1 AND department = $2",
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
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(reference)
        .bind(&now)
        .bind(staff_name)
        .bind(&new_state)
        .bind(i64::from(answer_changed))
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
