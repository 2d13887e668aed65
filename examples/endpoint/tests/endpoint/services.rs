//! `GET /v1/services/{leika}`.

use axum::http::StatusCode;
use ozg_sdk::{Amount, RequiredFor, ServiceDescription};

use crate::support::{TestApp, test_app};

/// Requests `uri` and checks the status; for errors also the problem and the named parameter.
async fn check(app: &TestApp, uri: &str, status: StatusCode, parameter: Option<&str>) {
    let response = app.get(uri).await;
    assert_eq!(response.status, status, "{uri}: {}", response.text());
    if status.is_success() {
        return;
    }
    let problem = response.problem();
    let pointers: Vec<&str> = problem.errors.iter().map(|e| e.pointer.as_str()).collect();
    match parameter {
        Some(name) => {
            assert_eq!(pointers, [format!("/{name}")], "{uri}");
            assert!(
                problem.detail.as_deref().unwrap_or_default().contains(name),
                "{uri}"
            );
        }
        None => assert!(pointers.is_empty(), "{uri}"),
    }
}

#[tokio::test]
async fn statuses() {
    let app = test_app().await;
    check(&app, "/v1/services/99107108017000", StatusCode::OK, None).await;
    check(
        &app,
        "/v1/services/00000000000000",
        StatusCode::NOT_FOUND,
        None,
    )
    .await;
    check(
        &app,
        "/v1/services/9910710801700",
        StatusCode::BAD_REQUEST,
        Some("leika"),
    )
    .await;
    check(
        &app,
        "/v1/services/9910710801700a",
        StatusCode::BAD_REQUEST,
        Some("leika"),
    )
    .await;
    check(
        &app,
        "/v1/services/991071080170000",
        StatusCode::BAD_REQUEST,
        Some("leika"),
    )
    .await;
    check(
        &app,
        "/v1/services/%2099107108017000",
        StatusCode::BAD_REQUEST,
        Some("leika"),
    )
    .await;
}

#[tokio::test]
async fn the_demo_service_is_complete() {
    let app = test_app().await;
    let response = app.get("/v1/services/99107108017000").await;
    let service: ServiceDescription = response.json();
    assert_eq!(
        service.citizen_title.as_deref(),
        Some("Bürgergeld beantragen")
    );
    assert_eq!(service.requirements.len(), 4);
    assert!(
        service
            .documents
            .iter()
            .any(|d| d.required_for == RequiredFor::Some)
    );
    let costs = service.costs.expect("costs");
    assert_eq!(costs.fees[0].amount, Amount::Free);
    assert!(service.legal_bases.iter().all(|link| {
        link.url
            .as_deref()
            .is_some_and(|url| url.starts_with("https://www.gesetze-im-internet.de/"))
    }));
    assert!(service.competent_office.is_some());
    assert!(service.online_service.is_some());
}
