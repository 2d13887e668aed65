//! `GET /v1/services/{leika}/stats`: figures from known rows, left out below the minimum count,
//! and cacheable.

use axum::body::Body;
use axum::http::{StatusCode, header};
use ozg_endpoint::seed;
use ozg_sdk::ServiceStats;
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};

use crate::support::{TestApp, get, test_app};

fn ago(days: i64, hours: i64) -> String {
    let time = OffsetDateTime::now_utc() - Duration::days(days) - Duration::hours(hours);
    time.replace_nanosecond(0)
        .expect("zero nanoseconds")
        .format(&Rfc3339)
        .expect("formats")
}

/// Stores feedback of the demo service received `days` ago, answered `answer_hours` later.
async fn insert(
    app: &TestApp,
    n: usize,
    found: &str,
    rating: u8,
    days: i64,
    answer_hours: Option<i64>,
) {
    let received_at = ago(days, 0);
    let answered_at = answer_hours.map(|h| ago(days, -h));
    sqlx::query(
        "INSERT INTO feedback (reference, service, found, rating, topic, text, locale,
             client_time, received_at, state, updated_at, department, answer_text, answered_at,
             token_hash)
         VALUES ($1, $2, $3, $4, 'other', '', 'de', $5, $5, $6, $5, $7, $8, $9, 'x')",
    )
    .bind(format!("OZG-TEST-{n:04}"))
    .bind(seed::DEMO_SERVICE)
    .bind(found)
    .bind(i64::from(rating))
    .bind(&received_at)
    .bind(if answered_at.is_some() {
        "answered"
    } else {
        "received"
    })
    .bind(seed::DEMO_DEPARTMENT)
    .bind(answered_at.as_ref().map(|_| "Antwort"))
    .bind(&answered_at)
    .execute(&app.pool)
    .await
    .expect("insert");
}

async fn stats(app: &TestApp) -> ServiceStats {
    let response = app
        .get(&format!("/v1/services/{}/stats", seed::DEMO_SERVICE))
        .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    response.json()
}

#[tokio::test]
async fn figures_from_known_rows_and_the_minimum_count() {
    let app = test_app().await;
    // Nine recent submissions: below the minimum, only the count is given.
    for n in 0..9 {
        let found = if n < 6 { "yes" } else { "no" };
        insert(
            &app,
            n,
            found,
            4,
            10 + i64::try_from(n).expect("small"),
            Some(24 * (1 + i64::try_from(n).expect("small"))),
        )
        .await;
    }
    // Outside the 365-day window: never counted.
    insert(&app, 100, "no", 1, 400, Some(1000)).await;
    let figures = stats(&app).await;
    assert_eq!(figures.count, 9);
    assert_eq!(figures.window_days, 365);
    assert_eq!(figures.minimum_count, 10);
    assert_eq!(
        (
            figures.found_share,
            figures.mean_rating,
            figures.median_answer_seconds
        ),
        (None, None, None)
    );

    // The tenth: found share 7/10, mean rating (9·4 + 1)/10, median answer time of ten.
    insert(&app, 9, "yes", 1, 2, Some(24 * 10)).await;
    let figures = stats(&app).await;
    assert_eq!(figures.count, 10);
    assert_eq!(figures.found_share, Some(0.7));
    assert_eq!(figures.mean_rating, Some(3.7));
    // Answer times 1..=10 days: the median is 5.5 days.
    assert_eq!(figures.median_answer_seconds, Some(5 * 86_400 + 43_200));
    assert_eq!(figures.median_answer_days(), Some(6));

    // Unanswered submissions count but have no answer time; below ten answered, no median.
    insert(&app, 10, "partly", 5, 1, None).await;
    let figures = stats(&app).await;
    assert_eq!(figures.count, 11);
    assert_eq!(figures.found_share, Some(0.636));
    assert_eq!(figures.median_answer_seconds, Some(5 * 86_400 + 43_200));
    sqlx::query("UPDATE feedback SET answered_at = NULL WHERE reference = 'OZG-TEST-0000'")
        .execute(&app.pool)
        .await
        .expect("update");
    assert_eq!(stats(&app).await.median_answer_seconds, None);
}

#[tokio::test]
async fn the_figures_are_cacheable() {
    let app = test_app().await;
    let uri = format!("/v1/services/{}/stats", seed::DEMO_SERVICE);
    let response = app.get(&uri).await;
    assert_eq!(
        response.header("cache-control"),
        Some("public, max-age=3600")
    );
    let etag = response.header("etag").expect("ETag").to_owned();
    let figures: ServiceStats = response.json();
    assert_eq!(figures.count, 0);

    let again = app
        .send(
            get(&uri)
                .header(header::IF_NONE_MATCH, &etag)
                .body(Body::empty())
                .expect("request"),
        )
        .await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert_eq!(again.header("etag"), Some(etag.as_str()));

    insert(&app, 1, "yes", 5, 1, None).await;
    let changed = app
        .send(
            get(&uri)
                .header(header::IF_NONE_MATCH, &etag)
                .body(Body::empty())
                .expect("request"),
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK, "new feedback, new ETag");
}

#[tokio::test]
async fn unknown_and_malformed_services() {
    let app = test_app().await;
    let response = app.get("/v1/services/99999999999999/stats").await;
    assert_eq!(response.status, StatusCode::NOT_FOUND);
    response.problem();
    let response = app.get("/v1/services/123/stats").await;
    assert_eq!(response.status, StatusCode::BAD_REQUEST);
    assert_eq!(response.problem().errors[0].pointer, "/leika");
}
