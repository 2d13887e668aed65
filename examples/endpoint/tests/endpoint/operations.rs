//! The operators' routes: liveness, readiness and Prometheus metrics.

use axum::body::Body;
use axum::http::{StatusCode, header};
use ozg_endpoint::{Config, demo_upstream, seed, sources};

use crate::support::{get, new_key, submission, test_app, test_app_with, test_config};

#[tokio::test]
async fn healthz_answers_while_the_database_is_gone() {
    let app = test_app().await;
    app.pool.close().await;
    let response = app.get("/healthz").await;
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.text(), "ok");
}

#[tokio::test]
async fn readyz_needs_the_database_with_every_migration() {
    let app = test_app().await;
    let response = app.get("/readyz").await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    assert_eq!(response.text(), "ready");

    // A database from an older version: the newest migration is missing.
    sqlx::query(
        "DELETE FROM _sqlx_migrations WHERE version = (SELECT max(version) FROM _sqlx_migrations)",
    )
    .execute(&app.pool)
    .await
    .expect("forget a migration");
    let response = app.get("/readyz").await;
    assert_eq!(response.status, StatusCode::SERVICE_UNAVAILABLE);
    let problem = response.problem();
    assert!(
        problem
            .detail
            .as_deref()
            .unwrap_or_default()
            .contains("migrations"),
        "{problem:?}"
    );

    app.pool.close().await;
    let response = app.get("/readyz").await;
    assert_eq!(response.status, StatusCode::SERVICE_UNAVAILABLE);
    let problem = response.problem();
    assert_eq!(
        problem.detail.as_deref(),
        Some("the database does not answer")
    );
}

/// The value of the sample `name` (with its labels, as printed) in an exposition, if present.
fn sample(text: &str, name: &str) -> Option<f64> {
    text.lines().find_map(|line| {
        let (series, value) = line.rsplit_once(' ')?;
        (series == name).then(|| value.parse().expect("a number"))
    })
}

#[tokio::test]
async fn metrics_count_requests_by_route_template_and_feedback() {
    let app = test_app().await;
    for leika in ["99107108017000", "99107108017000", "00000000000000"] {
        app.get(&format!("/v1/services/{leika}")).await;
    }
    app.get("/nirgendwo").await;
    let body = submission().to_string();
    let key = new_key();
    for _ in 0..2 {
        let response = app.post_feedback(Some(&key), &body).await;
        assert_eq!(response.status, StatusCode::CREATED, "{}", response.text());
    }

    let response = app.get("/metrics").await;
    assert_eq!(response.status, StatusCode::OK);
    assert!(
        response
            .header(header::CONTENT_TYPE.as_str())
            .is_some_and(|t| t.starts_with("application/openmetrics-text")),
    );
    let text = response.text();
    let check = |name: &str, expected: f64| {
        assert_eq!(sample(&text, name), Some(expected), "{name} in\n{text}");
    };
    check(
        r#"ozg_http_requests_total{method="GET",route="/v1/services/{leika}",status="2xx"}"#,
        2.0,
    );
    check(
        r#"ozg_http_requests_total{method="GET",route="/v1/services/{leika}",status="4xx"}"#,
        1.0,
    );
    check(
        r#"ozg_http_requests_total{method="GET",route="unmatched",status="4xx"}"#,
        1.0,
    );
    check(
        r#"ozg_http_requests_total{method="POST",route="/v1/feedback",status="2xx"}"#,
        2.0,
    );
    check(
        r#"ozg_http_request_duration_seconds_count{route="/v1/services/{leika}"}"#,
        3.0,
    );
    // The retry got the stored receipt: one feedback, not two.
    check("ozg_feedback_accepted_total", 1.0);
    check(r#"ozg_forward_outbox{state="pending"}"#, 0.0);
    check(r#"ozg_forward_outbox{state="failed"}"#, 0.0);
    assert!(text.ends_with("# EOF\n"), "{text}");
}

#[tokio::test]
async fn metrics_show_the_freshness_of_sources() {
    let upstream = demo_upstream::start().await.expect("stand-in platforms");
    let config = Config {
        sources: demo_upstream::sources(&format!("http://{upstream}"), seed::DEMO_SERVICE),
        ..test_config()
    };
    let names: Vec<String> = config.sources.iter().map(|s| s.name.clone()).collect();
    let app = test_app_with(config).await;
    let before = app.get("/metrics").await.text();
    for name in &names {
        assert_eq!(
            sample(
                &before,
                &format!("ozg_source_seconds_since_success{{source=\"{name}\"}}")
            ),
            None,
            "no success yet: {before}"
        );
    }
    sources::refresh_once(&app.state).await;
    let after = app.get("/metrics").await.text();
    for name in &names {
        let age = sample(
            &after,
            &format!("ozg_source_seconds_since_success{{source=\"{name}\"}}"),
        )
        .unwrap_or_else(|| panic!("freshness of {name} in\n{after}"));
        assert!((0.0..60.0).contains(&age), "{name}: {age}");
        assert_eq!(
            sample(
                &after,
                &format!("ozg_source_consecutive_failures{{source=\"{name}\"}}")
            ),
            Some(0.0)
        );
    }
}

#[tokio::test]
async fn metrics_need_the_token_when_one_is_configured() {
    let token = "ein-token-fuer-prometheus-0123456789abcdef";
    let app = test_app_with(Config {
        metrics_token: Some(token.to_owned()),
        ..test_config()
    })
    .await;
    for authorization in [None, Some("Bearer falsch"), Some(token)] {
        let mut request = get("/metrics");
        if let Some(value) = authorization {
            request = request.header(header::AUTHORIZATION, value);
        }
        let response = app
            .send(request.body(Body::empty()).expect("request"))
            .await;
        assert_eq!(response.status, StatusCode::UNAUTHORIZED);
        assert_eq!(response.header("www-authenticate"), Some("Bearer"));
        response.problem();
    }
    let response = app
        .send(
            get("/metrics")
                .header(header::AUTHORIZATION, format!("Bearer {token}"))
                .body(Body::empty())
                .expect("request"),
        )
        .await;
    assert_eq!(response.status, StatusCode::OK);
    assert!(response.text().contains("ozg_feedback_accepted_total 0"));
}
