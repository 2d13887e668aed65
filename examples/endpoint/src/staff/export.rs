//! `GET /staff/export.csv`: the filtered list as CSV for spreadsheets.
//!
//! RFC 4180 (comma, CRLF, fields with comma, quote or line break in double quotes), UTF-8 with a
//! byte order mark so that Excel shows umlauts, and cells that a spreadsheet would run as a
//! formula (starting with `=`, `+`, `-`, `@`, tab or carriage return) prefixed with `'`.

use std::collections::HashMap;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::auth::PageStaff;
use super::filter::Filter;
use super::store::{self, Submission};
use super::texts::{Lang, Texts};
use crate::error::ApiError;
use crate::{clock, state::AppState};

/// The byte order mark of UTF-8.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// `value` made safe for spreadsheets: a leading formula character gets a `'` before it.
pub(crate) fn guard(value: &str) -> std::borrow::Cow<'_, str> {
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}").into()
    } else {
        value.into()
    }
}

/// The rows as CSV bytes with the header line in `t`'s language.
pub(crate) fn to_csv(t: &Texts, rows: &[Submission]) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .quote_style(csv::QuoteStyle::Necessary)
        .from_writer(BOM.to_vec());
    writer.write_record(t.csv_headers)?;
    for row in rows {
        let rating = row.rating.to_string();
        let fields: [&str; 15] = [
            &row.reference,
            &row.received_at,
            &row.service,
            &row.service_title,
            t.found_name(&row.found),
            &rating,
            t.topic_name(&row.topic),
            &row.text,
            row.contact_email.as_deref().unwrap_or_default(),
            &row.locale,
            row.page_url.as_deref().unwrap_or_default(),
            t.state_name(&row.state),
            &row.updated_at,
            row.answer_text.as_deref().unwrap_or_default(),
            row.answered_at.as_deref().unwrap_or_default(),
        ];
        writer.write_record(fields.iter().map(|field| guard(field).into_owned()))?;
    }
    writer
        .into_inner()
        .map_err(|error| csv::Error::from(error.into_error()))
}

/// `GET /staff/export.csv` with the filters of the list.
pub(super) async fn csv(
    State(state): State<AppState>,
    PageStaff(staff): PageStaff,
    headers: HeaderMap,
    query: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> Result<Response, ApiError> {
    let params = query.map(|Query(p)| p).unwrap_or_default();
    let lang = Lang::pick(params.get("lang").map(String::as_str), &headers);
    let (filter, errors) = Filter::parse(&params);
    if let Some(error) = errors.first() {
        return Err(ApiError::InvalidParameter {
            name: error.name,
            code: error.code,
            detail: "is not a valid filter value",
        });
    }
    let (rows, _) = store::list(state.pool(), &staff.department, &filter, true).await?;
    let body = to_csv(lang.texts(), &rows).map_err(|e| ApiError::Internal(e.to_string()))?;
    let day = clock::format(clock::now());
    let name = match lang {
        Lang::De => "rueckmeldungen",
        Lang::En => "feedback",
    };
    let disposition = format!("attachment; filename=\"{name}-{}.csv\"", &day[..10]);
    let mut response = (StatusCode::OK, body).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8; header=present"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::guard;

    #[test]
    fn formulas_are_guarded() {
        for (input, expected) in [
            ("=SUM(A1)", "'=SUM(A1)"),
            ("+49 30 1234", "'+49 30 1234"),
            ("-1", "'-1"),
            ("@cmd", "'@cmd"),
            ("\tx", "'\tx"),
            ("Müller, =1", "Müller, =1"),
            ("", ""),
        ] {
            assert_eq!(guard(input), expected, "input {input:?}");
        }
    }
}
