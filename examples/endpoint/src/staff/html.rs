//! The staff view as server-rendered HTML: the filtered list, one submission with the form that
//! sets its state and answer, and the stylesheet. No script; forms work without it.
//!
//! maud escapes every value it interpolates, so the citizen's text and the answer appear
//! exactly as written and can never become markup.

use std::collections::HashMap;

use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{DOCTYPE, Markup, html};
use ozg_sdk::ValidationErrors;

use super::auth::{self, PageStaff, Staff};
use super::filter::{self, BadParameter, Filter, SETTABLE_STATES, STATES, TOPICS};
use super::store::{self, Change, Submission};
use super::texts::{Lang, Texts};
use crate::error::{ApiError, OwnBody};
use crate::state::AppState;

const STYLESHEET: &str = include_str!("staff.css");

/// No script at all, styles only from this endpoint, forms only to it, never in a frame.
const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; \
                   frame-ancestors 'none'; base-uri 'none'";

/// `GET /staff/staff.css`.
pub(super) async fn stylesheet(State(state): State<AppState>) -> Response {
    if !auth::is_open(&state) {
        return auth::Refused::Closed.into_response();
    }
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        STYLESHEET,
    )
        .into_response()
}

/// An HTML page with the security headers of the staff view; never cached.
fn page(status: StatusCode, markup: Markup) -> Response {
    let mut response = (status, markup.into_string()).into_response();
    response.extensions_mut().insert(OwnBody);
    let headers = response.headers_mut();
    for (name, value) in [
        (header::CONTENT_TYPE, "text/html; charset=utf-8"),
        (header::CACHE_CONTROL, "no-store"),
        (header::CONTENT_SECURITY_POLICY, CSP),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        // Not `no-referrer`: with it, browsers send `Origin: null` on the form posts, and the
        // CSRF check could not tell this endpoint's own pages from an opaque origin.
        (header::REFERRER_POLICY, "same-origin"),
        (header::X_FRAME_OPTIONS, "DENY"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}

/// The frame every page shares: skip link, header with who is signed in and the language
/// switch, and `main`.
fn layout(lang: Lang, title: &str, staff: &Staff, switch_url: &str, main: Markup) -> Markup {
    let t = lang.texts();
    html! {
        (DOCTYPE)
        html lang=(lang.tag()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="robots" content="noindex";
                title { (title) " – " (t.app_name) }
                link rel="stylesheet" href="/staff/staff.css";
            }
            body {
                a.skip-link href="#main" { (t.skip_link) }
                header.site-header {
                    p.app-name { (t.app_name) }
                    p.signed-in {
                        (t.signed_in_as) " " strong { (staff.name) } " · " (staff.department)
                    }
                    a.lang-switch href=(switch_url) lang=(t.other_language_tag)
                        hreflang=(t.other_language_tag) { (t.other_language) }
                }
                main #main tabindex="-1" { (main) }
            }
        }
    }
}

/// The error summary at the top of a form: a heading and one link per error to its field.
fn error_summary(t: &Texts, errors: &[(String, String)]) -> Markup {
    html! {
        @if !errors.is_empty() {
            // Focused on load, so keyboard and screen-reader users start at the errors.
            div.error-summary role="alert" aria-labelledby="error-summary-title" tabindex="-1"
                autofocus {
                h2 #error-summary-title { (t.error_summary) }
                ul {
                    @for (field, message) in errors {
                        li { a href={ "#" (field) } { (message) } }
                    }
                }
            }
        }
    }
}

/// `2026-11-26T09:30:00Z` as `26.11.2026, 09:30 UTC` or `2026-11-26 09:30 UTC`.
fn when(lang: Lang, stored: &str) -> Markup {
    let shown = match (
        stored.get(0..4),
        stored.get(5..7),
        stored.get(8..10),
        stored.get(11..16),
    ) {
        (Some(y), Some(m), Some(d), Some(hm)) => match lang {
            Lang::De => format!("{d}.{m}.{y}, {hm} UTC"),
            Lang::En => format!("{y}-{m}-{d} {hm} UTC"),
        },
        _ => stored.to_owned(),
    };
    html! { time datetime=(stored) { (shown) } }
}

fn lang_param(params: &HashMap<String, String>) -> Option<&str> {
    params.get("lang").map(String::as_str)
}

/// The message for a bad filter value.
fn filter_error(t: &Texts, error: BadParameter) -> (String, String) {
    let message = match (error.name, error.code) {
        ("service", _) => t.bad_service,
        ("state", _) => t.bad_state,
        ("topic", _) => t.bad_topic,
        ("to", "out_of_range") => t.bad_range,
        ("from" | "to", _) => t.bad_date,
        ("q", _) => t.bad_search,
        _ => t.bad_page,
    };
    let field = match error.name {
        "page" | "perPage" => "results",
        name => name,
    };
    (format!("filter-{field}"), message.to_owned())
}

/// `GET /staff`: the department's feedback, filtered, newest first.
pub(super) async fn list(
    State(state): State<AppState>,
    PageStaff(staff): PageStaff,
    headers: HeaderMap,
    query: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> Result<Response, ApiError> {
    let params = query.map(|Query(p)| p).unwrap_or_default();
    let lang = Lang::pick(lang_param(&params), &headers);
    let t = lang.texts();
    let (filter, bad) = Filter::parse(&params);
    let errors: Vec<_> = bad.iter().map(|e| filter_error(t, *e)).collect();
    let services = store::services(state.pool(), &staff.department).await?;
    let (rows, total) = store::list(state.pool(), &staff.department, &filter, false).await?;
    let pages = total.div_ceil(filter.per_page).max(1);

    let mut pairs = filter.query_pairs();
    pairs.push(("lang", lang.tag().to_owned()));
    let export_url = format!("/staff/export.csv?{}", filter::encode_query(&pairs));
    let page_url = |page: u32| {
        let mut pairs = pairs.clone();
        pairs.push(("page", page.to_string()));
        format!("/staff?{}", filter::encode_query(&pairs))
    };
    let mut switch = filter.query_pairs();
    switch.push(("lang", t.other_language_tag.to_owned()));
    if filter.page > 1 {
        switch.push(("page", filter.page.to_string()));
    }
    let switch_url = format!("/staff?{}", filter::encode_query(&switch));
    let invalid = |name: &str| bad.iter().any(|e| e.name == name);
    let described = |name: &str| invalid(name).then(|| format!("filter-{name}-error"));
    let field_error = |name: &str| {
        let message = bad
            .iter()
            .find(|e| e.name == name)
            .map(|e| filter_error(t, *e).1);
        html! {
            @if let Some(message) = message {
                p.field-error #{ "filter-" (name) "-error" } { (message) }
            }
        }
    };

    let main = html! {
        h1 { (t.list_title) }
        (error_summary(t, &errors))
        form.filters method="get" action="/staff" {
            h2 { (t.filter_heading) }
            input type="hidden" name="lang" value=(lang.tag());
            div.filter-grid {
                div.field {
                    label for="filter-service" { (t.service) }
                    (field_error("service"))
                    select #filter-service name="service" aria-invalid=[invalid("service").then_some("true")]
                        aria-describedby=[described("service")] {
                        option value="" { (t.all) }
                        @for (leika, title) in &services {
                            option value=(leika) selected[filter.service.as_deref() == Some(leika.as_str())] {
                                (title) " (" (leika) ")"
                            }
                        }
                    }
                }
                div.field {
                    label for="filter-state" { (t.state) }
                    (field_error("state"))
                    select #filter-state name="state" aria-invalid=[invalid("state").then_some("true")]
                        aria-describedby=[described("state")] {
                        option value="" { (t.all) }
                        @for value in STATES {
                            option value=(value) selected[filter.state.as_deref() == Some(value)] {
                                (t.state_name(value))
                            }
                        }
                    }
                }
                div.field {
                    label for="filter-topic" { (t.topic) }
                    (field_error("topic"))
                    select #filter-topic name="topic" aria-invalid=[invalid("topic").then_some("true")]
                        aria-describedby=[described("topic")] {
                        option value="" { (t.all) }
                        @for value in TOPICS {
                            option value=(value) selected[filter.topic.as_deref() == Some(value)] {
                                (t.topic_name(value))
                            }
                        }
                    }
                }
                div.field {
                    label for="filter-from" { (t.from) }
                    (field_error("from"))
                    input #filter-from type="date" name="from"
                        value=[filter.from.as_deref().or(params.get("from").map(String::as_str))]
                        aria-invalid=[invalid("from").then_some("true")]
                        aria-describedby=[described("from")];
                }
                div.field {
                    label for="filter-to" { (t.to) }
                    (field_error("to"))
                    input #filter-to type="date" name="to"
                        value=[filter.to.as_deref().or(params.get("to").map(String::as_str))]
                        aria-invalid=[invalid("to").then_some("true")]
                        aria-describedby=[described("to")];
                }
                div.field.field-wide {
                    label for="filter-q" { (t.search) }
                    p.hint #filter-q-hint { (t.search_hint) }
                    (field_error("q"))
                    input #filter-q type="search" name="q" maxlength="200"
                        value=[filter.q.as_deref().or(params.get("q").map(String::as_str))]
                        aria-invalid=[invalid("q").then_some("true")]
                        aria-describedby={ "filter-q-hint" @if invalid("q") { " filter-q-error" } };
                }
            }
            div.actions {
                button.button type="submit" { (t.apply) }
                a.button.button-secondary href={ "/staff?lang=" (lang.tag()) } { (t.reset) }
                a.button.button-secondary href=(export_url) download { (t.export_csv) }
            }
        }
        div.table-wrap #filter-results {
            table {
                caption { ((t.results)(total)) }
                thead {
                    tr {
                        th scope="col" { (t.reference) }
                        th scope="col" { (t.received) }
                        th scope="col" { (t.service) }
                        th scope="col" { (t.topic) }
                        th scope="col" { (t.rating) }
                        th scope="col" { (t.found) }
                        th scope="col" { (t.state) }
                    }
                }
                tbody {
                    @for row in &rows {
                        tr {
                            th scope="row" {
                                a href={ "/staff/feedback/" (row.reference) "?lang=" (lang.tag()) } {
                                    (row.reference)
                                }
                            }
                            td { (when(lang, &row.received_at)) }
                            td { (row.service_title) }
                            td { (t.topic_name(&row.topic)) }
                            td { ((t.rating_of)(row.rating)) }
                            td { (t.found_name(&row.found)) }
                            td { span.state { (t.state_name(&row.state)) } }
                        }
                    }
                }
            }
            @if rows.is_empty() {
                p { (t.none_found) }
            }
        }
        @if pages > 1 {
            nav.pagination aria-label=(t.pagination) {
                @if filter.page > 1 {
                    a.button.button-secondary href=(page_url(filter.page - 1)) rel="prev" { (t.previous_page) }
                }
                p { ((t.page_of)(filter.page.min(pages), pages)) }
                @if filter.page < pages {
                    a.button.button-secondary href=(page_url(filter.page + 1)) rel="next" { (t.next_page) }
                }
            }
        }
    };
    let status = if bad.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    Ok(page(
        status,
        layout(lang, t.list_title, &staff, &switch_url, main),
    ))
}

/// What the form of a detail page shows: the values as typed and the errors to name.
#[derive(Default)]
struct FormState {
    state: Option<String>,
    answer: Option<String>,
    errors: Vec<(String, String)>,
    saved: bool,
}

/// Renders one submission with its form and history.
async fn render_detail(
    state: &AppState,
    staff: &Staff,
    lang: Lang,
    submission: &Submission,
    form: FormState,
    status: StatusCode,
) -> Result<Response, ApiError> {
    let t = lang.texts();
    let history = store::events(state.pool(), &submission.reference).await?;
    let reference = &submission.reference;
    let csrf = auth::csrf_token(state, staff, reference);
    let chosen_state = form.state.as_deref().unwrap_or(&submission.state);
    let answer = form
        .answer
        .as_deref()
        .or(submission.answer_text.as_deref())
        .unwrap_or_default();
    let error_for = |field: &str| {
        form.errors
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, message)| message.clone())
    };
    let state_error = error_for("state");
    let answer_error = error_for("answer");
    let form_error = error_for("form");
    let title = (t.detail_title)(reference);
    let switch_url = format!("/staff/feedback/{reference}?lang={}", t.other_language_tag);
    let main = html! {
        p { a href={ "/staff?lang=" (lang.tag()) } { (t.back_to_list) } }
        h1 { (title) }
        @if form.saved {
            div.message role="status" { p { (t.saved) } }
        }
        (error_summary(t, &form.errors))
        h2 { (t.submission_heading) }
        dl.facts {
            dt { (t.service) } dd { (submission.service_title) " (" (submission.service) ")" }
            dt { (t.received) } dd { (when(lang, &submission.received_at)) }
            dt { (t.found) } dd { (t.found_name(&submission.found)) }
            dt { (t.rating) } dd { ((t.rating_of)(submission.rating)) }
            dt { (t.topic) } dd { (t.topic_name(&submission.topic)) }
            dt { (t.text) }
            dd {
                @if submission.text.is_empty() { (t.no_text) }
                @else { p.plain-text { (submission.text) } }
            }
            dt { (t.contact) }
            dd {
                @match &submission.contact_email {
                    Some(email) => a href={ "mailto:" (email) } { (email) },
                    None => (t.no_contact),
                }
            }
            dt { (t.language) } dd { (submission.locale) }
            @if let Some(url) = &submission.page_url {
                dt { (t.page) } dd.break { (url) }
            }
            dt { (t.state) } dd { (t.state_name(&submission.state)) }
            dt { (t.updated) } dd { (when(lang, &submission.updated_at)) }
            @if let Some(at) = &submission.answered_at {
                dt { (t.answered_at) } dd { (when(lang, at)) }
            }
        }
        form.change method="post" action={ "/staff/feedback/" (reference) "?lang=" (lang.tag()) } {
            h2 #form { (t.form_heading) }
            @if let Some(message) = &form_error {
                p.field-error { (message) }
            }
            input type="hidden" name="csrf" value=(csrf);
            div.field {
                label for="state" { (t.state) }
                @if let Some(message) = &state_error {
                    p.field-error #state-error { (message) }
                }
                select #state name="state" aria-invalid=[state_error.is_some().then_some("true")]
                    aria-describedby=[state_error.is_some().then_some("state-error")] {
                    @if !SETTABLE_STATES.contains(&submission.state.as_str()) {
                        option value="" selected[form.state.is_none()] { (t.state_name(&submission.state)) }
                    }
                    @for value in SETTABLE_STATES {
                        option value=(value) selected[chosen_state == value] { (t.state_name(value)) }
                    }
                }
            }
            div.field {
                label for="answer" { (t.answer) }
                p.hint #answer-hint { (t.answer_hint) }
                @if let Some(message) = &answer_error {
                    p.field-error #answer-error { (message) }
                }
                textarea #answer name="answer" rows="10" maxlength="5000"
                    aria-invalid=[answer_error.is_some().then_some("true")]
                    aria-describedby={ "answer-hint" @if answer_error.is_some() { " answer-error" } } {
                    (answer)
                }
            }
            div.actions {
                button.button type="submit" { (t.save) }
            }
        }
        h2 { (t.history_heading) }
        @if history.is_empty() {
            p { (t.history_empty) }
        } @else {
            div.table-wrap {
                table {
                    caption.visually-hidden { (t.history_heading) }
                    thead {
                        tr {
                            th scope="col" { (t.when) }
                            th scope="col" { (t.who) }
                            th scope="col" { (t.state) }
                            th scope="col" { (t.answer_changed) }
                        }
                    }
                    tbody {
                        @for event in &history {
                            tr {
                                td { (when(lang, &event.at)) }
                                td { (event.staff) }
                                td { (t.state_name(&event.state)) }
                                td { @if event.answer_changed { (t.yes) } @else { (t.no) } }
                            }
                        }
                    }
                }
            }
        }
    };
    Ok(page(status, layout(lang, &title, staff, &switch_url, main)))
}

const NOT_FOUND: ApiError =
    ApiError::NotFound("no feedback of your department with this reference");

/// `GET /staff/feedback/{reference}`.
pub(super) async fn detail(
    State(state): State<AppState>,
    PageStaff(staff): PageStaff,
    Path(reference): Path<String>,
    headers: HeaderMap,
    query: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> Result<Response, ApiError> {
    let params = query.map(|Query(p)| p).unwrap_or_default();
    let lang = Lang::pick(lang_param(&params), &headers);
    let submission = store::get(state.pool(), &staff.department, &reference)
        .await?
        .ok_or(NOT_FOUND)?;
    let form = FormState {
        saved: params.get("saved").is_some_and(|v| v == "1"),
        ..FormState::default()
    };
    render_detail(&state, &staff, lang, &submission, form, StatusCode::OK).await
}

/// The messages for refused changes, per field.
fn change_errors(
    t: &Texts,
    errors: &ValidationErrors,
    answer: Option<&str>,
) -> Vec<(String, String)> {
    errors
        .as_slice()
        .iter()
        .map(|error| {
            let message = match (error.pointer.as_str(), error.code.as_str()) {
                ("/answer", "too_long") => (t.answer_too_long)(
                    answer.map_or(0, |a| a.replace("\r\n", "\n").chars().count()),
                ),
                ("/answer", "required") => t.answer_required.to_owned(),
                ("/answer", _) => t.answer_cannot_remove.to_owned(),
                ("/state", "invalid_transition") => t.back_to_received.to_owned(),
                _ => t.bad_state.to_owned(),
            };
            (error.pointer.trim_start_matches('/').to_owned(), message)
        })
        .collect()
}

/// `POST /staff/feedback/{reference}`: sets state and answer from the form, then shows the page
/// again (303, so reloading does not post twice); refused input comes back with its messages
/// and everything as typed.
pub(super) async fn change(
    State(state): State<AppState>,
    PageStaff(staff): PageStaff,
    Path(reference): Path<String>,
    headers: HeaderMap,
    query: Result<Query<HashMap<String, String>>, QueryRejection>,
    form: Result<Form<HashMap<String, String>>, FormRejection>,
) -> Result<Response, ApiError> {
    let params = query.map(|Query(p)| p).unwrap_or_default();
    let lang = Lang::pick(lang_param(&params), &headers);
    let t = lang.texts();
    let Form(fields) = form.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::PayloadTooLarge {
                limit: super::MAX_BODY,
            }
        } else {
            ApiError::UnreadableBody
        }
    })?;
    let submission = store::get(state.pool(), &staff.department, &reference)
        .await?
        .ok_or(NOT_FOUND)?;
    let typed_state = fields.get("state").filter(|s| !s.is_empty()).cloned();
    let typed_answer = fields.get("answer").cloned();
    let presented = fields.get("csrf").map(String::as_str).unwrap_or_default();
    if !auth::csrf_ok(&state, &staff, &reference, &headers, presented) {
        tracing::warn!(
            reference,
            staff = staff.name,
            "refused a form post without a valid CSRF token"
        );
        let form = FormState {
            state: typed_state,
            answer: typed_answer,
            errors: vec![("form".to_owned(), t.csrf_failed.to_owned())],
            saved: false,
        };
        return render_detail(&state, &staff, lang, &submission, form, auth::CSRF_STATUS).await;
    }
    // An empty answer field on a submission never answered means "no answer yet".
    let answer = typed_answer
        .clone()
        .filter(|a| !a.trim().is_empty() || submission.answer_text.is_some());
    let change = Change {
        state: typed_state.clone(),
        answer,
    };
    let result = store::apply(
        state.pool(),
        &staff.name,
        &staff.department,
        &reference,
        &change,
    )
    .await?
    .ok_or(NOT_FOUND)?;
    match result {
        Ok(_) => Ok(Redirect::to(&format!(
            "/staff/feedback/{reference}?lang={}&saved=1",
            lang.tag()
        ))
        .into_response()),
        Err(errors) => {
            let form = FormState {
                errors: change_errors(t, &errors, typed_answer.as_deref()),
                state: typed_state,
                answer: typed_answer,
                saved: false,
            };
            render_detail(
                &state,
                &staff,
                lang,
                &submission,
                form,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}
