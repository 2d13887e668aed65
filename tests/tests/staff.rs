//! The staff view in a real browser with basic auth: the list, a filter error, one submission,
//! the form with an error and after saving, each scanned by axe-core; the answer then reaches
//! the citizen's status link, and the widget shows the service's transparency figures.

use fantoccini::Locator;
use ozg_tests::{DEMO_SERVICE, Harness};
use sqlx::sqlite::{SqliteConnectOptions, SqlitePool};

/// The status token of the submission the test answers; the row holds its SHA-256.
const STATUS_TOKEN: &str = "e2e-status-token-0123456789abcdef0123456789abcdef";
const STATUS_TOKEN_SHA256: &str =
    "b21ff53bcf7ba967fd761d1eca776f5ca477558975fc06b80e6f520b8bdca773";
const REFERENCE: &str = "OZG-E2E2-TEST";

/// Stores the submission to answer, and ten answered ones from the last days, so that the
/// service has figures.
async fn insert_feedback(h: &Harness) {
    let department = ozg_endpoint::seed::DEMO_DEPARTMENT;
    let pool = SqlitePool::connect_with(SqliteConnectOptions::new().filename(h.database_path()))
        .await
        .expect("open the endpoint's database for writing");
    let now = time_now(&pool).await;
    sqlx::query(
        "INSERT INTO feedback (reference, service, found, rating, topic, text, locale,
             client_time, received_at, state, updated_at, department, token_hash)
         VALUES (?1, ?2, 'partly', 2, 'technicalProblem', ?3, 'de', ?4, ?4, 'received', ?4, ?5, ?6)",
    )
    .bind(REFERENCE)
    .bind(DEMO_SERVICE)
    .bind("Der Upload bricht ab. <b>Nicht fett</b> & Grüße")
    .bind(&now)
    .bind(department)
    .bind(STATUS_TOKEN_SHA256)
    .execute(&pool)
    .await
    .expect("insert the submission");
    for n in 0..10 {
        sqlx::query(
            "INSERT INTO feedback (reference, service, found, rating, topic, text, locale,
                 client_time, received_at, state, updated_at, department, answer_text,
                 answered_at, token_hash)
             VALUES (?1, ?2, 'yes', 4, 'praise', '', 'de', ?3, ?3, 'answered', ?4, ?5, 'Danke',
                 ?4, 'x')",
        )
        .bind(format!("OZG-FIGS-AAA{}", char::from(b'A' + n)))
        .bind(DEMO_SERVICE)
        .bind(format!("{}T08:00:00Z", day_before(&pool, 10).await))
        .bind(format!("{}T08:00:00Z", day_before(&pool, 7).await))
        .bind(department)
        .execute(&pool)
        .await
        .expect("insert an answered submission");
    }
    pool.close().await;
}

async fn time_now(pool: &SqlitePool) -> String {
    sqlx::query_scalar("SELECT strftime('%Y-%m-%dT%H:%M:%SZ', 'now')")
        .fetch_one(pool)
        .await
        .expect("now")
}

async fn day_before(pool: &SqlitePool, days: u32) -> String {
    sqlx::query_scalar(&format!("SELECT date('now', '-{days} days')"))
        .fetch_one(pool)
        .await
        .expect("date")
}

async fn goto(h: &Harness, path: &str) {
    h.client()
        .goto(&h.staff_url(path))
        .await
        .unwrap_or_else(|e| panic!("cannot open {path}: {e}"));
}

/// The text of the first `css` element, once there is one (a form post may still be loading).
async fn page_text(h: &Harness, css: &str) -> String {
    h.wait_for(css, &format!("document.querySelector({css:?})"))
        .await;
    h.client()
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no `{css}` on the page: {e}"))
        .text()
        .await
        .expect("text")
}

async fn submit_form(h: &Harness, state: &str, answer: &str) {
    let client = h.client();
    client
        .find(Locator::Css("select#state"))
        .await
        .expect("state field")
        .select_by_value(state)
        .await
        .expect("choose a state");
    let field = client
        .find(Locator::Css("textarea#answer"))
        .await
        .expect("answer field");
    field.clear().await.expect("clear the answer");
    if !answer.is_empty() {
        field.send_keys(answer).await.expect("type the answer");
    }
    client
        .find(Locator::Css("form.change button[type=submit]"))
        .await
        .expect("save button")
        .click()
        .await
        .expect("save");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_pages_are_accessible_and_the_answer_reaches_the_citizen() {
    let h = Harness::start().await;
    insert_feedback(&h).await;

    goto(&h, "/staff?lang=de").await;
    assert_eq!(page_text(&h, "h1").await, "Rückmeldungen");
    let rows = h
        .client()
        .find_all(Locator::Css("tbody tr"))
        .await
        .expect("rows");
    assert_eq!(rows.len(), 11);
    h.assert_accessible("the staff list").await;

    goto(&h, "/staff?from=gestern&lang=en").await;
    assert_eq!(
        page_text(&h, ".error-summary h2").await,
        "Please check your input"
    );
    h.assert_accessible("the staff list with a filter error, English")
        .await;

    goto(&h, &format!("/staff/feedback/{REFERENCE}?lang=de")).await;
    assert!(
        page_text(&h, ".plain-text")
            .await
            .contains("<b>Nicht fett</b> & Grüße"),
        "the citizen's text shows as written"
    );
    h.assert_accessible("one submission").await;

    // "Answered" without an answer: the error summary, with a link to the field.
    submit_form(&h, "answered", "").await;
    assert_eq!(
        page_text(&h, ".error-summary a").await,
        "Für „Beantwortet“ schreiben Sie bitte eine Antwort."
    );
    let focused = h
        .client()
        .execute("return document.activeElement.className", Vec::new())
        .await
        .expect("the focused element");
    assert_eq!(focused, "error-summary", "the errors get the focus");
    h.assert_accessible("the answer form with an error").await;

    let answer = "Guten Tag,\nder Upload geht wieder. <i>Danke</i> für den Hinweis!";
    submit_form(&h, "answered", answer).await;
    assert_eq!(page_text(&h, ".message").await, "Gespeichert.");
    h.assert_accessible("one submission after saving").await;

    // The citizen reads it through the status link, exactly as written.
    let status: serde_json::Value = reqwest::Client::new()
        .get(h.url(&format!("/v1/feedback/{REFERENCE}")))
        .bearer_auth(STATUS_TOKEN)
        .send()
        .await
        .expect("status request")
        .json()
        .await
        .expect("status JSON");
    assert_eq!(status["state"], "answered");
    assert_eq!(status["answer"]["text"], answer);

    // The widget shows the service's figures: ten answered in three days, and 11 submissions,
    // ten of which found what they needed.
    h.open("/").await;
    h.open_tab("feedback").await;
    h.wait_for(
        "the transparency figures",
        "root.querySelector('p.ozg-stats') !== null",
    )
    .await;
    assert_eq!(
        h.texts("p.ozg-stats").await,
        ["Wir antworten im Schnitt in 3 Tagen · 91\u{a0}% fanden, was sie suchten"]
    );
    h.assert_accessible("the feedback tab with figures").await;

    h.finish().await;
}
