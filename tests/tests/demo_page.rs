//! The German demo page: the widget upgrades, shows the seeded posts, switches tabs by mouse and
//! by keyboard, explains the service, and a submitted feedback lands in the database.

use fantoccini::key::Key;
use ozg_tests::{DEMO_SERVICE, Harness};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tabs_posts_and_service() {
    let h = Harness::start().await;
    h.open("/").await;

    // Typographic and straight apostrophes are the same label to a reader.
    let labels: Vec<String> = h
        .texts("[role=tablist] [role=tab]")
        .await
        .iter()
        .map(|l| l.replace('’', "'"))
        .collect();
    assert_eq!(labels, ["Aktuelles", "So funktioniert's", "Feedback"]);
    h.wait_for_tab("updates", false).await;

    // Every seeded post of the service is shown (the list loads after the tabs).
    let expected = h.demo_post_count().await;
    assert!(
        expected > 0,
        "the demo seed has no posts for {DEMO_SERVICE}"
    );
    h.wait_for(
        &format!("{expected} posts"),
        &format!("root.querySelectorAll('article.ozg-post').length === {expected}"),
    )
    .await;

    // Mouse.
    h.open_tab("service").await;
    h.open_tab("feedback").await;

    // Keyboard, WAI-ARIA tabs pattern: arrows move and wrap, Home and End jump. The keys are real
    // key events from WebDriver, not events dispatched by script.
    h.click("#ozg-tab-updates").await;
    h.wait_for_tab("updates", true).await;
    h.press(Key::Right).await;
    h.wait_for_tab("service", true).await;
    h.press(Key::End).await;
    h.wait_for_tab("feedback", true).await;
    h.press(Key::Right).await;
    h.wait_for_tab("updates", true).await;
    h.press(Key::Left).await;
    h.wait_for_tab("feedback", true).await;
    h.press(Key::Home).await;
    h.wait_for_tab("updates", true).await;

    // The service tab shows as many steps and documents as the endpoint describes.
    let (status, _, body) = h.http_get(&format!("/v1/services/{DEMO_SERVICE}")).await;
    assert_eq!(status, 200, "GET /v1/services answered {status}: {body}");
    let service: ozg_sdk::ServiceDescription =
        serde_json::from_str(&body).expect("the service description breaks the contract");
    assert!(
        !service.steps.is_empty() && !service.documents.is_empty(),
        "the demo service has no steps or documents"
    );
    h.press(Key::Right).await;
    h.wait_for_tab("service", true).await;
    h.wait_for(
        "the steps and documents of the service",
        &format!(
            "root.querySelectorAll('#ozg-panel-service ol.ozg-steps > li').length === {} \
             && root.querySelectorAll('#ozg-panel-service ul.ozg-documents > li').length === {}",
            service.steps.len(),
            service.documents.len()
        ),
    )
    .await;
    let steps = h.texts("ol.ozg-steps > li").await;
    assert!(
        steps
            .iter()
            .zip(&service.steps)
            .all(|(shown, step)| shown.contains(&step.title)),
        "steps {steps:?} do not show the titles of {:?}",
        service.steps.iter().map(|s| &s.title).collect::<Vec<_>>()
    );

    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn feedback_is_stored() {
    let h = Harness::start().await;
    h.open("/").await;
    h.open_tab("feedback").await;

    h.click("form.ozg-feedback input[name=found][value=yes]")
        .await;
    h.click("form.ozg-feedback input[name=rating][value='4']")
        .await;
    let topic = h.find("form.ozg-feedback select[name=topic]").await;
    topic
        .select_by_index(1)
        .await
        .expect("cannot choose a topic");
    let text = "Die Liste der Unterlagen hat mir sehr geholfen.";
    h.find("form.ozg-feedback textarea[name=text]")
        .await
        .send_keys(text)
        .await
        .expect("cannot type the text");
    h.click("form.ozg-feedback button[type=submit]").await;

    h.wait_for(
        "the receipt with a reference number",
        "/^OZG-[A-Z0-9]{4}-[A-Z0-9]{4}$/.test(root.querySelector('.ozg-receipt .ozg-reference')?.textContent.trim() ?? '')",
    )
    .await;
    let reference = h.texts(".ozg-receipt .ozg-reference").await.remove(0);

    let db = h.database().await;
    let row: Option<(i64, String, String)> =
        sqlx::query_as("SELECT rating, found, text FROM feedback WHERE reference = ?1")
            .bind(&reference)
            .fetch_optional(&db)
            .await
            .expect("cannot query the feedback table");
    assert_eq!(
        row,
        Some((4, "yes".to_owned(), text.to_owned())),
        "the feedback with reference {reference} is not stored as submitted"
    );

    h.finish().await;
}
