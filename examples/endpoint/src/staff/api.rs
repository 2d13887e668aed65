//! `/staff/api/feedback…`: the staff functions as JSON, for the department's own tools.
//! Bearer tokens only; errors are problem documents.

use std::collections::HashMap;

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use ozg_sdk::FieldError;
use serde::Serialize;

use super::auth::ApiStaff;
use super::filter::Filter;
use super::store::{self, Change, Event, Submission};
use crate::error::ApiError;
use crate::json_body;
use crate::state::AppState;

/// A page of the list.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Page {
    items: Vec<Submission>,
    /// How many submissions match the filters in all.
    total: u32,
    page: u32,
    per_page: u32,
}

/// One submission with its history.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Detail {
    #[serde(flatten)]
    submission: Submission,
    history: Vec<Event>,
}

fn no_store(value: impl Serialize) -> Response {
    ([(header::CACHE_CONTROL, "no-store")], Json(value)).into_response()
}

/// `GET /staff/api/feedback?service=&state=&topic=&from=&to=&q=&page=&perPage=`.
pub(super) async fn list(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    query: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(params) = query.map_err(|_| ApiError::InvalidParameter {
        name: "query",
        code: "invalid_format",
        detail: "must be a valid URL query string",
    })?;
    let (filter, errors) = Filter::parse(&params);
    if let Some(error) = errors.first() {
        return Err(ApiError::InvalidParameter {
            name: error.name,
            code: error.code,
            detail: match error.name {
                "service" => "must be a LeiKa key of 14 digits",
                "state" => "must be received, forwarded, inProgress, answered or closed",
                "topic" => {
                    "must be information, onlineProcedure, technicalProblem, praise or other"
                }
                "from" | "to" if error.code == "out_of_range" => "must not be before `from`",
                "from" | "to" => "must be a date as YYYY-MM-DD",
                "q" => "must have at most 200 characters",
                "page" => "must be a whole number from 1",
                _ => "must be a whole number from 1 to 100",
            },
        });
    }
    let (items, total) = store::list(state.pool(), &staff.department, &filter, false).await?;
    Ok(no_store(Page {
        items,
        total,
        page: filter.page,
        per_page: filter.per_page,
    }))
}

/// `GET /staff/api/feedback/{reference}`.
pub(super) async fn get(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    Path(reference): Path<String>,
) -> Result<Response, ApiError> {
    let submission = store::get(state.pool(), &staff.department, &reference)
        .await?
        .ok_or(NOT_FOUND)?;
    let history = store::events(state.pool(), &reference).await?;
    Ok(no_store(Detail {
        submission,
        history,
    }))
}

const NOT_FOUND: ApiError =
    ApiError::NotFound("no feedback of your department with this reference");

/// `PATCH /staff/api/feedback/{reference}` with `{"state": …, "answer": …}`.
pub(super) async fn change(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    Path(reference): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let body = body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::PayloadTooLarge {
                limit: super::MAX_BODY,
            }
        } else {
            ApiError::UnreadableBody
        }
    })?;
    let change: Change = json_body::parse(&body).map_err(ApiError::MalformedBody)?;
    if change == Change::default() {
        return Err(ApiError::MalformedBody(FieldError::new(
            "",
            "required",
            "send `state`, `answer` or both",
        )));
    }
    let result = store::apply(
        state.pool(),
        &staff.name,
        &staff.department,
        &reference,
        &change,
    )
    .await?
    .ok_or(NOT_FOUND)?;
    let submission = result.map_err(ApiError::Invalid)?;
    let history = store::events(state.pool(), &reference).await?;
    Ok(no_store(Detail {
        submission,
        history,
    }))
}
