//! `/staff`: access only with a configured credential, only to the own department's feedback;
//! the list and its filters, state and answer (seen by the citizen through the status link),
//! the HTML form with its CSRF check, and the CSV export.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use base64::Engine;
use ozg_endpoint::{Config, ConfigError, StaffConfig, seed};
use ozg_sdk::{FeedbackState, FeedbackStatus, Receipt};
use serde_json::{Value, json};

use crate::support::{
    TestApp, TestResponse, get, new_key, submission, test_app, test_app_with, test_config,
};

const TOKEN: &str = "a-staff-token-of-the-jobcenter-0123456789abcdef";
const OTHER_TOKEN: &str = "a-staff-token-of-the-buergeramt-0123456789abcdef";
const OTHER_DEPARTMENT: &str = "Bürgeramt Musterstadt";
const OTHER_SERVICE: &str = "99102013000000";

fn sha256(text: &str) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(text.as_bytes()))
}

fn staff_config() -> Config {
    Config {
        staff: vec![
            StaffConfig {
                name: "A. Schmidt".into(),
                department: seed::DEMO_DEPARTMENT.into(),
                user: Some("schmidt".into()),
                token_sha256: sha256(TOKEN),
            },
            StaffConfig {
                name: "B. Yilmaz".into(),
                department: OTHER_DEPARTMENT.into(),
                user: None,
                token_sha256: sha256(OTHER_TOKEN),
            },
        ],
        ..test_config()
    }
}

/// A seeded app with two departments' staff and a service of the other department.
async fn staff_app() -> TestApp {
    let app = test_app_with(staff_config()).await;
    let demo: String = sqlx::query_scalar("SELECT json FROM services WHERE leika = $1")
        .bind(seed::DEMO_SERVICE)
        .fetch_one(&app.pool)
        .await
        .expect("demo service");
    let mut other: serde_json::Value = serde_json::from_str(&demo).expect("JSON");
    other["leika"] = OTHER_SERVICE.into();
    other["title"] = "Personalausweis beantragen".into();
    sqlx::query("INSERT INTO services (leika, json, department) VALUES ($1, $2, $3)")
        .bind(OTHER_SERVICE)
        .bind(other.to_string())
        .bind(OTHER_DEPARTMENT)
        .execute(&app.pool)
        .await
        .expect("second service");
    app
}

fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

fn basic(user: &str, password: &str) -> String {
    let encoded = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
    format!("Basic {encoded}")
}

async fn request(
    app: &TestApp,
    method: Method,
    uri: &str,
    authorization: Option<&str>,
    body: Option<(&str, String)>,
    extra: &[(&str, &str)],
) -> TestResponse {
    let mut builder = Request::builder().method(method).uri(uri);
    if let Some(value) = authorization {
        builder = builder.header(header::AUTHORIZATION, value);
    }
    for (name, value) in extra {
        builder = builder.header(*name, *value);
    }
    let body = match body {
        Some((content_type, body)) => {
            builder = builder.header(header::CONTENT_TYPE, content_type);
            Body::from(body)
        }
        None => Body::empty(),
    };
    app.send(builder.body(body).expect("request")).await
}

async fn api_get(app: &TestApp, uri: &str, token: &str) -> TestResponse {
    request(app, Method::GET, uri, Some(&bearer(token)), None, &[]).await
}

async fn patch(app: &TestApp, reference: &str, token: &str, body: Value) -> TestResponse {
    request(
        app,
        Method::PATCH,
        &format!("/staff/api/feedback/{reference}"),
        Some(&bearer(token)),
        Some(("application/json", body.to_string())),
        &[],
    )
    .await
}

async fn submit(app: &TestApp, body: Value) -> Receipt {
    let response = app.post_feedback(Some(&new_key()), &body.to_string()).await;
    assert_eq!(response.status, StatusCode::CREATED, "{}", response.text());
    response.json()
}

async fn citizen_status(app: &TestApp, receipt: &Receipt) -> FeedbackStatus {
    let response = app
        .send(
            get(&format!("/v1/feedback/{}", receipt.reference))
                .header(header::AUTHORIZATION, bearer(&receipt.token))
                .body(Body::empty())
                .expect("request"),
        )
        .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    response.json()
}

/// Stores feedback of `service` directly, received at `received_at`.
async fn insert(
    app: &TestApp,
    reference: &str,
    service: &str,
    department: &str,
    topic: &str,
    text: &str,
    received_at: &str,
) {
    sqlx::query(
        "INSERT INTO feedback (reference, service, found, rating, topic, text, locale,
             client_time, received_at, state, updated_at, department, token_hash)
         VALUES ($1, $2, 'yes', 4, $3, $4, 'de', $5, $5, 'received', $5, $6, $7)",
    )
    .bind(reference)
    .bind(service)
    .bind(topic)
    .bind(text)
    .bind(received_at)
    .bind(department)
    .bind(sha256(reference))
    .execute(&app.pool)
    .await
    .expect("insert feedback");
}

fn references(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|item| item["reference"].as_str().expect("reference").to_owned())
        .collect()
}

#[tokio::test]
async fn without_staff_in_the_config_staff_does_not_exist() {
    let app = test_app().await;
    for uri in [
        "/staff",
        "/staff/feedback/OZG-7K3M-Q9TD",
        "/staff/export.csv",
        "/staff/staff.css",
        "/staff/api/feedback",
    ] {
        let response = request(&app, Method::GET, uri, Some(&bearer(TOKEN)), None, &[]).await;
        assert_eq!(response.status, StatusCode::NOT_FOUND, "{uri}");
        response.problem();
    }
}

#[tokio::test]
async fn staff_auth_is_required() {
    let app = staff_app().await;
    let wrong = "not-a-configured-token-at-all-0123456789";
    let cases: [(&str, Option<String>, bool); 8] = [
        ("/staff", None, true),
        ("/staff", Some(bearer(wrong)), true),
        ("/staff", Some(basic("schmidt", wrong)), true),
        // The right token under another user name.
        ("/staff", Some(basic("yilmaz", TOKEN)), true),
        ("/staff", Some("Bearer ".to_owned()), true),
        ("/staff/export.csv", None, true),
        ("/staff/api/feedback", None, false),
        // The API takes bearer tokens only.
        ("/staff/api/feedback", Some(basic("schmidt", TOKEN)), false),
    ];
    for (uri, authorization, offers_basic) in cases {
        let response = request(&app, Method::GET, uri, authorization.as_deref(), None, &[]).await;
        assert_eq!(
            response.status,
            StatusCode::UNAUTHORIZED,
            "{uri} with {authorization:?}"
        );
        response.problem();
        let challenges: Vec<_> = response
            .headers
            .get_all(header::WWW_AUTHENTICATE)
            .iter()
            .map(|v| v.to_str().expect("ASCII").to_owned())
            .collect();
        assert!(
            challenges.iter().any(|c| c.starts_with("Bearer realm=")),
            "{challenges:?}"
        );
        assert_eq!(
            challenges.iter().any(|c| c.starts_with("Basic realm=")),
            offers_basic,
            "{uri}: {challenges:?}"
        );
    }

    for authorization in [basic("schmidt", TOKEN), bearer(TOKEN)] {
        let response = request(&app, Method::GET, "/staff", Some(&authorization), None, &[]).await;
        assert_eq!(response.status, StatusCode::OK, "{authorization}");
        assert!(response.text().contains("A. Schmidt"));
    }
    let response = api_get(&app, "/staff/api/feedback", TOKEN).await;
    assert_eq!(response.status, StatusCode::OK);
}

#[tokio::test]
async fn another_departments_feedback_is_not_found() {
    let app = staff_app().await;
    let ours = submit(&app, submission()).await;
    let mut other = submission();
    other["service"] = json!(OTHER_SERVICE);
    let theirs = submit(&app, other).await;

    let page: Value = api_get(&app, "/staff/api/feedback", TOKEN).await.json();
    assert_eq!(references(&page), [ours.reference.as_str()]);
    let page: Value = api_get(&app, "/staff/api/feedback", OTHER_TOKEN)
        .await
        .json();
    assert_eq!(references(&page), [theirs.reference.as_str()]);

    let uri = format!("/staff/api/feedback/{}", theirs.reference);
    let response = api_get(&app, &uri, TOKEN).await;
    assert_eq!(response.status, StatusCode::NOT_FOUND);
    response.problem();
    let response = patch(&app, &theirs.reference, TOKEN, json!({"state": "closed"})).await;
    assert_eq!(response.status, StatusCode::NOT_FOUND);
    let response = request(
        &app,
        Method::GET,
        &format!("/staff/feedback/{}", theirs.reference),
        Some(&bearer(TOKEN)),
        None,
        &[],
    )
    .await;
    assert_eq!(response.status, StatusCode::NOT_FOUND);
    // Nothing changed for the other department.
    assert_eq!(
        citizen_status(&app, &theirs).await.state,
        FeedbackState::Received
    );
    let response = api_get(&app, &uri, OTHER_TOKEN).await;
    assert_eq!(response.status, StatusCode::OK);
}

#[tokio::test]
async fn the_list_filters_and_pages() {
    let app = staff_app().await;
    let service = seed::DEMO_SERVICE;
    let department = seed::DEMO_DEPARTMENT;
    insert(
        &app,
        "OZG-AAAA-AAAA",
        service,
        department,
        "praise",
        "Sehr übersichtlich",
        "2026-10-01T08:00:00Z",
    )
    .await;
    insert(
        &app,
        "OZG-BBBB-BBBB",
        service,
        department,
        "technicalProblem",
        "Upload BRICHT ab",
        "2026-10-15T08:00:00Z",
    )
    .await;
    insert(
        &app,
        "OZG-CCCC-CCCC",
        service,
        department,
        "technicalProblem",
        "Seite lädt nicht",
        "2026-11-02T08:00:00Z",
    )
    .await;
    insert(
        &app,
        "OZG-DDDD-DDDD",
        OTHER_SERVICE,
        OTHER_DEPARTMENT,
        "technicalProblem",
        "Upload bricht ab",
        "2026-10-15T09:00:00Z",
    )
    .await;

    let cases = [
        ("", vec!["OZG-CCCC-CCCC", "OZG-BBBB-BBBB", "OZG-AAAA-AAAA"]),
        (
            "?topic=technicalProblem",
            vec!["OZG-CCCC-CCCC", "OZG-BBBB-BBBB"],
        ),
        ("?q=upload", vec!["OZG-BBBB-BBBB"]),
        ("?q=ozg-aaaa-aaaa", vec!["OZG-AAAA-AAAA"]),
        ("?from=2026-10-15&to=2026-10-15", vec!["OZG-BBBB-BBBB"]),
        ("?from=2026-10-02", vec!["OZG-CCCC-CCCC", "OZG-BBBB-BBBB"]),
        (
            "?state=received&service=99107108017000&topic=praise",
            vec!["OZG-AAAA-AAAA"],
        ),
        ("?state=answered", vec![]),
        ("?perPage=2", vec!["OZG-CCCC-CCCC", "OZG-BBBB-BBBB"]),
        ("?perPage=2&page=2", vec!["OZG-AAAA-AAAA"]),
    ];
    for (query, expected) in cases {
        let response = api_get(&app, &format!("/staff/api/feedback{query}"), TOKEN).await;
        assert_eq!(
            response.status,
            StatusCode::OK,
            "{query}: {}",
            response.text()
        );
        assert_eq!(response.header("cache-control"), Some("no-store"));
        let page: Value = response.json();
        assert_eq!(references(&page), expected, "{query}");
    }
    let page: Value = api_get(&app, "/staff/api/feedback?perPage=2", TOKEN)
        .await
        .json();
    assert_eq!(page["total"], 3);

    for (query, name) in [
        ("?state=open", "/state"),
        ("?topic=weather", "/topic"),
        ("?from=01.10.2026", "/from"),
        ("?from=2026-11-01&to=2026-10-01", "/to"),
        ("?perPage=1000", "/perPage"),
        ("?service=123", "/service"),
    ] {
        let response = api_get(&app, &format!("/staff/api/feedback{query}"), TOKEN).await;
        assert_eq!(response.status, StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(response.problem().errors[0].pointer, name, "{query}");
    }

    // The HTML list shows the same rows, and says which filter is wrong.
    let response = request(
        &app,
        Method::GET,
        "/staff?topic=technicalProblem&lang=en",
        Some(&bearer(TOKEN)),
        None,
        &[],
    )
    .await;
    assert_eq!(response.status, StatusCode::OK);
    let html = response.text();
    assert!(html.contains("OZG-BBBB-BBBB") && html.contains("OZG-CCCC-CCCC"));
    assert!(!html.contains("OZG-AAAA-AAAA") && !html.contains("OZG-DDDD-DDDD"));
    assert!(html.contains("<html lang=\"en\">") && html.contains("2 submissions"));
    let response = request(
        &app,
        Method::GET,
        "/staff?from=gestern",
        Some(&bearer(TOKEN)),
        None,
        &[],
    )
    .await;
    assert_eq!(response.status, StatusCode::BAD_REQUEST);
    let html = response.text();
    assert!(html.contains("class=\"error-summary\"") && html.contains("href=\"#filter-from\""));
    assert!(html.contains("Bitte geben Sie ein Datum an"));
}

#[tokio::test]
async fn an_answer_is_visible_via_the_status_link() {
    let app = staff_app().await;
    let receipt = submit(&app, submission()).await;
    let reference = &receipt.reference;

    let response = patch(&app, reference, TOKEN, json!({"state": "inProgress"})).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    assert_eq!(
        citizen_status(&app, &receipt).await.state,
        FeedbackState::InProgress
    );

    // Transitions that make no sense are refused, and change nothing.
    let refused = [
        (json!({"state": "answered"}), "/answer", "required"),
        (json!({"state": "forwarded"}), "/state", "invalid_value"),
        (json!({"answer": "x".repeat(5_001)}), "/answer", "too_long"),
    ];
    for (body, pointer, code) in refused {
        let response = patch(&app, reference, TOKEN, body.clone()).await;
        assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let problem = response.problem();
        assert_eq!(
            (
                problem.errors[0].pointer.as_str(),
                problem.errors[0].code.as_str()
            ),
            (pointer, code)
        );
    }
    for body in [json!({}), json!({"status": "closed"}), json!({"state": 3})] {
        let response = patch(&app, reference, TOKEN, body.clone()).await;
        assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    }
    assert_eq!(
        citizen_status(&app, &receipt).await.state,
        FeedbackState::InProgress
    );

    let answer = "Guten Tag,\n\nder Upload funktioniert wieder. <b>Danke</b> & viele Grüße";
    let response = patch(&app, reference, TOKEN, json!({"answer": "x".repeat(5_000)})).await;
    assert_eq!(
        response.status,
        StatusCode::OK,
        "5,000 characters are allowed"
    );
    let response = patch(&app, reference, TOKEN, json!({"answer": answer})).await;
    assert_eq!(response.status, StatusCode::OK);
    let detail: Value = response.json();
    assert_eq!(detail["state"], "answered");
    assert_eq!(detail["history"].as_array().expect("history").len(), 3);
    assert_eq!(detail["history"][2]["staff"], "A. Schmidt");

    let status = citizen_status(&app, &receipt).await;
    assert_eq!(status.state, FeedbackState::Answered);
    let shown = status.answer.expect("the answer");
    assert_eq!(shown.text, answer, "exactly as written");
    assert_eq!(shown.department, seed::DEMO_DEPARTMENT);
    assert_eq!(
        shown.answered_at,
        detail["answeredAt"].as_str().expect("answeredAt")
    );

    // An answered submission cannot go back to "received", nor lose its answer.
    let response = patch(&app, reference, TOKEN, json!({"state": "received"})).await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    let response = patch(&app, reference, TOKEN, json!({"answer": "  "})).await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    let response = patch(&app, reference, TOKEN, json!({"state": "closed"})).await;
    assert_eq!(response.status, StatusCode::OK);
    let status = citizen_status(&app, &receipt).await;
    assert_eq!(status.state, FeedbackState::Closed);
    assert_eq!(status.answer.expect("still answered").text, answer);
}

/// The CSRF token in the detail page's form.
fn csrf_of(html: &str) -> String {
    let start = html.find("name=\"csrf\" value=\"").expect("csrf field") + 19;
    html[start..start + 64].to_owned()
}

fn form(pairs: &[(&str, &str)]) -> (&'static str, String) {
    let mut serializer = url::form_urlencoded::Serializer::new(String::new());
    for (name, value) in pairs {
        serializer.append_pair(name, value);
    }
    ("application/x-www-form-urlencoded", serializer.finish())
}

#[tokio::test]
async fn the_html_form_answers_and_refuses_forged_posts() {
    let app = staff_app().await;
    let receipt = submit(&app, submission()).await;
    let uri = format!("/staff/feedback/{}", receipt.reference);
    let auth = basic("schmidt", TOKEN);

    let page = request(&app, Method::GET, &uri, Some(&auth), None, &[]).await;
    assert_eq!(page.status, StatusCode::OK);
    for (name, value) in [
        (
            "content-security-policy",
            "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
        ("cache-control", "no-store"),
        ("content-type", "text/html; charset=utf-8"),
        ("referrer-policy", "same-origin"),
    ] {
        assert_eq!(page.header(name), Some(value), "{name}");
    }
    let html = page.text();
    assert!(html.contains("<html lang=\"de\">") && html.contains("Zum Inhalt springen"));
    let csrf = csrf_of(&html);
    let answer = "Danke! <script>alert(1)</script>\r\nZweite Zeile";

    // Without the token, with another's token, or from another site: refused, text kept.
    let other_csrf = {
        let response = request(&app, Method::GET, &uri, Some(&bearer(TOKEN)), None, &[]).await;
        csrf_of(&response.text())
    };
    assert_eq!(
        other_csrf, csrf,
        "bound to the credential, not to the way it is sent"
    );
    let zeros = "0".repeat(64);
    type Pairs<'a> = Vec<(&'a str, &'a str)>;
    let forged: [(Pairs<'_>, Pairs<'_>); 4] = [
        (vec![("state", "answered"), ("answer", answer)], vec![]),
        (
            vec![("csrf", &zeros), ("state", "answered"), ("answer", answer)],
            vec![],
        ),
        (
            vec![("csrf", &csrf), ("state", "answered"), ("answer", answer)],
            vec![("origin", "https://evil.example")],
        ),
        (
            vec![("csrf", &csrf), ("state", "answered"), ("answer", answer)],
            vec![("sec-fetch-site", "cross-site")],
        ),
    ];
    for (fields, headers) in forged {
        let response = request(
            &app,
            Method::POST,
            &uri,
            Some(&auth),
            Some(form(&fields)),
            &headers,
        )
        .await;
        assert_eq!(response.status, StatusCode::FORBIDDEN, "{headers:?}");
        let html = response.text();
        assert!(html.contains("Das Formular ist abgelaufen"));
        assert!(
            html.contains("Danke! &lt;script&gt;alert(1)&lt;/script&gt;"),
            "the typed answer is kept"
        );
    }
    assert_eq!(
        citizen_status(&app, &receipt).await.state,
        FeedbackState::Received
    );

    // The genuine form, as a browser on this endpoint sends it.
    let fields = [
        ("csrf", csrf.as_str()),
        ("state", "answered"),
        ("answer", answer),
    ];
    let response = request(
        &app,
        Method::POST,
        &uri,
        Some(&auth),
        Some(form(&fields)),
        &[
            ("origin", "http://example.com"),
            ("host", "example.com"),
            ("sec-fetch-site", "same-origin"),
        ],
    )
    .await;
    assert_eq!(
        response.status,
        StatusCode::SEE_OTHER,
        "{}",
        response.text()
    );
    assert_eq!(
        response.header("location"),
        Some(format!("{uri}?lang=de&saved=1").as_str())
    );
    let status = citizen_status(&app, &receipt).await;
    assert_eq!(status.state, FeedbackState::Answered);
    assert_eq!(
        status.answer.expect("answer").text,
        "Danke! <script>alert(1)</script>\nZweite Zeile"
    );

    let html = request(
        &app,
        Method::GET,
        &format!("{uri}?saved=1&lang=en"),
        Some(&auth),
        None,
        &[],
    )
    .await
    .text();
    assert!(html.contains("Saved.") && html.contains("History"));
    assert!(!html.contains("<script>"), "never unescaped");

    // A refused change comes back with the error summary and the text as typed.
    let fields = [
        ("csrf", csrf.as_str()),
        ("state", "received"),
        ("answer", "Neu"),
    ];
    let response = request(
        &app,
        Method::POST,
        &uri,
        Some(&auth),
        Some(form(&fields)),
        &[],
    )
    .await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text();
    assert!(html.contains("class=\"error-summary\"") && html.contains("href=\"#state\""));
    assert!(html.contains(">Neu</textarea>"));
}

#[tokio::test]
async fn the_csv_export_is_safe_for_spreadsheets() {
    let app = staff_app().await;
    let department = seed::DEMO_DEPARTMENT;
    insert(
        &app,
        "OZG-AAAA-AAAA",
        seed::DEMO_SERVICE,
        department,
        "other",
        "=HYPERLINK(\"https://evil.example\";\"Klick\")",
        "2026-10-01T08:00:00Z",
    )
    .await;
    insert(
        &app,
        "OZG-BBBB-BBBB",
        seed::DEMO_SERVICE,
        department,
        "praise",
        "Müller sagt: \"gut\", wirklich\nzweite Zeile",
        "2026-10-02T08:00:00Z",
    )
    .await;
    insert(
        &app,
        "OZG-CCCC-CCCC",
        seed::DEMO_SERVICE,
        department,
        "praise",
        "@SUM(1+1)",
        "2026-10-03T08:00:00Z",
    )
    .await;
    insert(
        &app,
        "OZG-DDDD-DDDD",
        OTHER_SERVICE,
        OTHER_DEPARTMENT,
        "praise",
        "nicht unseres",
        "2026-10-03T08:00:00Z",
    )
    .await;

    let response = request(
        &app,
        Method::GET,
        "/staff/export.csv?topic=praise",
        Some(&bearer(TOKEN)),
        None,
        &[],
    )
    .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    assert_eq!(
        response.header("content-type"),
        Some("text/csv; charset=utf-8; header=present")
    );
    assert!(
        response
            .header("content-disposition")
            .expect("attachment")
            .starts_with("attachment; filename=\"rueckmeldungen-")
    );
    assert!(response.body.starts_with(b"\xEF\xBB\xBF"), "UTF-8 BOM");
    let text = String::from_utf8(response.body[3..].to_vec()).expect("UTF-8");
    let lines: Vec<&str> = text.split("\r\n").collect();
    assert!(lines[0].starts_with("Referenznummer,Eingang (UTC),LeiKa-Schlüssel,Dienst,Gefunden,"));
    assert!(lines[1].starts_with("OZG-CCCC-CCCC,2026-10-03T08:00:00Z,99107108017000,Bürgergeld (Grundsicherung für Arbeitsuchende) Bewilligung,Ja,4,Lob,'@SUM(1+1),"), "{}", lines[1]);
    assert!(
        text.contains(",\"Müller sagt: \"\"gut\"\", wirklich\nzweite Zeile\","),
        "{text}"
    );
    assert!(!text.contains("OZG-AAAA-AAAA") && !text.contains("nicht unseres"));
    assert_eq!(
        text.matches("\r\n").count(),
        3,
        "header, two rows, each ended by CRLF"
    );

    let response = request(
        &app,
        Method::GET,
        "/staff/export.csv?lang=en",
        Some(&bearer(TOKEN)),
        None,
        &[],
    )
    .await;
    let text = String::from_utf8(response.body[3..].to_vec()).expect("UTF-8");
    assert!(text.starts_with("Reference number,"));
    assert!(
        text.contains(",Other,\"'=HYPERLINK(\"\"https://evil.example\"\";\"\"Klick\"\")\","),
        "{text}"
    );
}

fn load(toml: &str) -> Result<Config, ConfigError> {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("ozg-endpoint.toml");
    std::fs::write(&path, toml).expect("write config");
    Config::load_with_env(Some(&path), |_| None)
}

#[test]
fn staff_entries_load_and_bad_ones_are_named() {
    let hash = sha256(TOKEN);
    let config = load(&format!(
        "[[staff]]\nname = \"A. Schmidt\"\ndepartment = \"Jobcenter\"\nuser = \"schmidt\"\ntoken_sha256 = \"{}\"\n",
        hash.to_uppercase()
    ))
    .expect("loads");
    assert_eq!(config.staff[0].token_sha256, hash, "stored lowercase");
    assert!(
        !format!("{config:?}").contains(&hash),
        "the hash stays out of logs"
    );

    let cases = [
        (
            format!("[[staff]]\nname = \"A\"\ndepartment = \"J\"\ntoken_sha256 = \"{TOKEN}\"\n"),
            "staff[0].token_sha256",
        ),
        (
            format!("[[staff]]\nname = \"\"\ndepartment = \"J\"\ntoken_sha256 = \"{hash}\"\n"),
            "staff[0].name",
        ),
        (
            format!("[[staff]]\nname = \"A\"\ndepartment = \" \"\ntoken_sha256 = \"{hash}\"\n"),
            "staff[0].department",
        ),
        (
            format!(
                "[[staff]]\nname = \"A\"\ndepartment = \"J\"\nuser = \"a:b\"\ntoken_sha256 = \"{hash}\"\n"
            ),
            "staff[0].user",
        ),
        (
            format!(
                "[[staff]]\nname = \"A\"\ndepartment = \"J\"\ntoken_sha256 = \"{hash}\"\n[[staff]]\nname = \"B\"\ndepartment = \"K\"\ntoken_sha256 = \"{hash}\"\n"
            ),
            "staff[1].token_sha256",
        ),
    ];
    for (toml, field) in cases {
        match load(&toml) {
            Err(ConfigError::Entry { field: named, .. }) => assert_eq!(named, field, "{toml}"),
            other => panic!("{toml}: expected an error for {field}, got {other:?}"),
        }
    }
    let error = load("[[staff]]\nname = \"A\"\ndepartment = \"J\"\ntoken = \"plain\"\n")
        .expect_err("unknown key");
    assert!(error.to_string().contains("token"), "{error}");
}
