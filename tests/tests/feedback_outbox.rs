//! Feedback that is never lost: the widget stores a submission in its local outbox before the
//! first attempt, says "Gespeichert – wird gesendet" while the endpoint is down, keeps it across
//! a reload, and shows the reference number only once the endpoint committed it, exactly once.
//! The endpoint is the real one on loopback, stopped and started on the same port
//! ([`ozg_tests::outage::Portal`]); the page sets `retry-delay` so that retries come quickly.

use std::time::Duration;

use ozg_tests::Harness;
use ozg_tests::outage::Portal;

/// Waits this long for a retry that the backoff schedules.
const RETRY_TIMEOUT: Duration = Duration::from_secs(30);

const OUTBOX_LENGTH: &str = "(JSON.parse(localStorage.getItem('ozg-sdk:outbox') || '[]')).length";

async fn fill_and_submit(h: &Harness, text: &str) {
    h.open_tab("feedback").await;
    h.click("form.ozg-feedback input[name=found][value=yes]")
        .await;
    h.click("form.ozg-feedback input[name=rating][value='4']")
        .await;
    h.find("form.ozg-feedback textarea[name=text]")
        .await
        .send_keys(text)
        .await
        .expect("cannot type the feedback");
    h.click("form.ozg-feedback button[type=submit]").await;
}

async fn wait_for_queued(h: &Harness) {
    h.wait_for(
        "the notice that the feedback is saved and will be sent",
        "root.querySelector('.ozg-queued') !== null \
         && root.querySelector('.ozg-queued').textContent.includes('Gespeichert – wird gesendet') \
         && root.querySelector('form.ozg-feedback') === null",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn feedback_sent_while_the_endpoint_is_down_arrives_once_after_a_reload() {
    let mut portal = Portal::new("retry-delay=\"100\"").await;
    let h = Harness::start().await;
    h.open_url(portal.page()).await;
    fill_and_submit(&h, "Der Antrag ließ sich nicht speichern.").await;

    wait_for_queued(&h).await;
    assert!(
        h.find_all(".ozg-receipt").await.is_empty(),
        "a receipt before the endpoint confirmed anything"
    );
    assert_eq!(h.js(&format!("return {OUTBOX_LENGTH};")).await, 1);
    h.assert_accessible("the feedback panel with queued feedback")
        .await;

    // Reloading while it is queued keeps it, and says so again.
    h.open_url(portal.page()).await;
    h.open_tab("feedback").await;
    wait_for_queued(&h).await;
    assert_eq!(h.js(&format!("return {OUTBOX_LENGTH};")).await, 1);

    portal.start().await;
    h.wait_for_timeout(
        "the receipt after the endpoint came back",
        "root.querySelector('.ozg-receipt .ozg-reference') !== null",
        RETRY_TIMEOUT,
    )
    .await;
    assert_eq!(portal.feedback_rows().await, 1);
    assert_eq!(h.js(&format!("return {OUTBOX_LENGTH};")).await, 0);

    // Nothing is left to send: another reload sends nothing more.
    h.open_url(portal.page()).await;
    h.open_tab("feedback").await;
    h.find("form.ozg-feedback").await;
    let posts = portal.posts().len();
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(portal.posts().len(), posts);
    assert_eq!(portal.feedback_rows().await, 1);

    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_throttled_submission_waits_for_retry_after() {
    let mut portal = Portal::new("retry-delay=\"100\"").await;
    portal.start().await;
    portal.throttle(1, 2);
    let h = Harness::start().await;
    h.open_url(portal.page()).await;
    fill_and_submit(&h, "Bitte mehr Termine anbieten.").await;

    wait_for_queued(&h).await;
    h.wait_for_timeout(
        "the receipt after Retry-After",
        "root.querySelector('.ozg-receipt .ozg-reference') !== null",
        RETRY_TIMEOUT,
    )
    .await;
    let posts = portal.posts();
    assert_eq!(
        posts.len(),
        2,
        "one throttled attempt and one that was stored"
    );
    let waited = posts[1] - posts[0];
    assert!(
        waited >= Duration::from_millis(1_900),
        "retried after {waited:?}, before the 2 s of Retry-After"
    );
    assert_eq!(portal.feedback_rows().await, 1);

    h.finish().await;
}
