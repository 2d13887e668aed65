//! Feedback that is never lost: the widget stores a submission in its local outbox before the
//! first attempt, says "Gespeichert – wird gesendet" while the endpoint is down, keeps it across
//! a reload, and shows the reference number only once the endpoint committed it, exactly once.
//! The endpoint is the real one on loopback, stopped and started on the same port
//! ([`ozg_tests::outage::Portal`]); the page sets `retry-delay` so that retries come quickly.

use std::time::Duration;

use fantoccini::key::Key;
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn personal_data_is_shown_masked_before_submitting_and_never_sent() {
    let h = Harness::start().await;
    h.open("/").await;
    let typed = "Bitte rufen Sie mich an: 0171 2345678 oder schreiben Sie an erika.m@example.de";
    fill_and_submit_later(&h, typed).await;

    // The draft survives a reload.
    h.open("/").await;
    h.open_tab("feedback").await;
    let restored = h
        .js("return [root.querySelector('#ozg-text').value, \
             root.querySelector('input[name=found][value=partly]').checked, \
             root.querySelector('input[name=rating][value=\"3\"]').checked];")
        .await;
    assert_eq!(restored, serde_json::json!([typed, true, true]));
    h.wait_for(
        "the notice of what will be removed",
        "root.querySelector('#ozg-mask-notice').textContent.includes('1 E-Mail-Adresse, 1 Telefonnummer')",
    )
    .await;
    let preview = h.texts("#ozg-masked-text").await;
    assert_eq!(
        preview,
        ["Bitte rufen Sie mich an: [Telefon] oder schreiben Sie an [E-Mail]"]
    );
    let described = h
        .js("return root.querySelector('#ozg-text').getAttribute('aria-describedby');")
        .await;
    assert!(
        described
            .as_str()
            .is_some_and(|d| d.contains("ozg-mask-notice")),
        "the text field is not described by the notice: {described}"
    );
    h.assert_accessible("the feedback form with a masking notice")
        .await;

    h.click("form.ozg-feedback button[type=submit]").await;
    h.wait_for(
        "the receipt",
        "root.querySelector('.ozg-receipt .ozg-reference') !== null",
    )
    .await;
    let stored: Vec<String> = sqlx::query_scalar("SELECT text FROM feedback")
        .fetch_all(&h.database().await)
        .await
        .expect("cannot read the feedback");
    assert_eq!(
        stored,
        ["Bitte rufen Sie mich an: [Telefon] oder schreiben Sie an [E-Mail]"]
    );
    // Sent and confirmed: the draft is gone.
    assert_eq!(
        h.js("return sessionStorage.length;").await,
        serde_json::json!(0)
    );

    h.finish().await;
}

/// Answers the two questions and types `text`, without submitting.
async fn fill_and_submit_later(h: &Harness, text: &str) {
    h.open_tab("feedback").await;
    h.click("form.ozg-feedback input[name=found][value=partly]")
        .await;
    h.click("form.ozg-feedback input[name=rating][value='3']")
        .await;
    h.find("form.ozg-feedback textarea[name=text]")
        .await
        .send_keys(text)
        .await
        .expect("cannot type the feedback");
}

/// What has the focus: inside the widget `id` or `name` of the active element, outside it
/// `page:` and the tag.
const ACTIVE: &str = "return (() => { \
    if (document.activeElement !== host) { return 'page:' + (document.activeElement || {}).tagName; } \
    const a = root.activeElement; \
    return a === null ? 'widget' : (a.id || a.name || a.className || a.tagName); })();";

/// Presses Tab until the focused element's id or name is `target`, at most `max` times.
async fn tab_to(h: &Harness, target: &str, max: usize) {
    let mut seen = Vec::new();
    for _ in 0..max {
        h.press(Key::Tab).await;
        let active = h.js(ACTIVE).await;
        let active = active.as_str().unwrap_or_default().to_owned();
        if active == target {
            return;
        }
        seen.push(active);
    }
    panic!("Tab never reached {target}; focus went through {seen:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keyboard_only_from_the_first_tab_stop_to_the_receipt() {
    let h = Harness::start().await;
    h.open("/").await;
    // From the top of the page: the portal's own links first, then the widget's selected tab.
    tab_to(&h, "ozg-tab-updates", 30).await;
    h.press(Key::End).await;
    h.wait_for_tab("feedback", true).await;
    tab_to(&h, "ozg-found-yes", 3).await;
    h.press(Key::Right).await; // moves to and chooses "Teilweise"
    tab_to(&h, "ozg-rating-1", 2).await;
    h.press(Key::Space).await;
    h.press(Key::Right).await;
    h.press(Key::Right).await;
    tab_to(&h, "ozg-topic", 2).await;
    h.press(Key::Down).await;
    tab_to(&h, "ozg-text", 2).await;
    h.client()
        .active_element()
        .await
        .expect("no focused element")
        .send_keys("Mit der Tastatur ausgefüllt.")
        .await
        .expect("cannot type");
    tab_to(&h, "ozg-wants-reply", 2).await;
    h.press(Key::Tab).await;
    h.press(Key::Enter).await;
    h.wait_for(
        "the receipt with focus on its heading",
        "root.querySelector('.ozg-receipt .ozg-reference') !== null \
         && root.activeElement !== null && root.activeElement.closest('.ozg-receipt') !== null",
    )
    .await;
    let (found, rating, topic, text): (String, i64, String, String) =
        sqlx::query_as("SELECT found, rating, topic, text FROM feedback")
            .fetch_one(&h.database().await)
            .await
            .expect("cannot read the feedback");
    assert_eq!(
        (found.as_str(), rating, text.as_str()),
        ("partly", 3, "Mit der Tastatur ausgefüllt.")
    );
    assert_ne!(topic, "information", "the topic chosen with ↓ was not sent");

    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_status_and_the_answer_can_be_checked_later_and_the_reference_forgotten() {
    let h = Harness::start().await;
    h.open("/").await;
    fill_and_submit_later(&h, "Wann wird mein Antrag bearbeitet?").await;
    h.click("form.ozg-feedback button[type=submit]").await;
    h.wait_for(
        "the receipt",
        "root.querySelector('.ozg-receipt .ozg-reference') !== null",
    )
    .await;
    let reference = h.texts(".ozg-receipt .ozg-reference").await.remove(0);
    h.click(".ozg-status-check").await;
    h.wait_for(
        "the state",
        "root.querySelector('.ozg-status-state') !== null \
         && root.querySelector('.ozg-status-state').textContent === 'Eingegangen'",
    )
    .await;

    // The department answers (as the staff view would), and the citizen comes back later.
    sqlx::query(
        "UPDATE feedback SET state = 'answered', answer_text = ?1, \
         answered_at = '2026-11-27T10:00:00Z', updated_at = '2026-11-27T10:00:00Z' \
         WHERE reference = ?2",
    )
    .bind("Ihr Antrag ist in Bearbeitung.\nSie hören bis Freitag von uns.")
    .bind(&reference)
    .execute(&h.database_writable().await)
    .await
    .expect("cannot answer the feedback");
    h.open("/").await;
    h.open_tab("feedback").await;
    assert_eq!(
        h.texts(".ozg-earlier .ozg-reference").await,
        std::slice::from_ref(&reference)
    );
    h.click(".ozg-earlier .ozg-status-check").await;
    h.wait_for(
        "the answer",
        "root.querySelector('.ozg-answer-text') !== null",
    )
    .await;
    assert_eq!(
        h.texts(".ozg-answer-text").await,
        ["Ihr Antrag ist in Bearbeitung.\nSie hören bis Freitag von uns."]
    );
    assert_eq!(h.texts(".ozg-status-state").await, ["Beantwortet"]);
    h.assert_accessible("the feedback panel with the status and an answer")
        .await;

    h.click(".ozg-earlier .ozg-status-forget").await;
    h.wait_for(
        "the reference to be forgotten, with focus on the message",
        "root.activeElement !== null && root.activeElement.classList.contains('ozg-status-forgotten')",
    )
    .await;
    assert_eq!(
        h.js("return Object.keys(localStorage).filter(k => k.startsWith('ozg-widget:receipt')).length;")
            .await,
        serde_json::json!(0)
    );
    h.open("/").await;
    h.open_tab("feedback").await;
    assert!(h.find_all(".ozg-earlier").await.is_empty());

    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rejected_submission_comes_back_with_the_reason_at_the_field() {
    let mut portal = Portal::new("retry-delay=\"100\"").await;
    portal.start().await;
    portal.reject("/contact/email", "invalid_format");
    let h = Harness::start().await;
    h.open_url(portal.page()).await;
    fill_and_submit_later(&h, "Bitte antworten Sie mir.").await;
    h.click("#ozg-wants-reply").await;
    h.find("#ozg-email")
        .await
        .send_keys("erika@example.de")
        .await
        .expect("cannot type the address");
    h.click("#ozg-consent").await;
    h.click("form.ozg-feedback button[type=submit]").await;

    h.wait_for(
        "the e-mail field marked invalid with its message",
        "root.querySelector('#ozg-email[aria-invalid=true]') !== null \
         && root.querySelector('#ozg-email-error') !== null",
    )
    .await;
    let message = h.texts("#ozg-email-error").await.join("");
    assert!(
        message.contains("gültige E-Mail-Adresse"),
        "not the plain-language message: {message}"
    );
    let kept = h
        .js("return [root.querySelector('#ozg-text').value, root.querySelector('#ozg-email').value];")
        .await;
    assert_eq!(
        kept,
        serde_json::json!(["Bitte antworten Sie mir.", "erika@example.de"])
    );
    assert_eq!(h.js(&format!("return {OUTBOX_LENGTH};")).await, 0);
    assert_eq!(portal.feedback_rows().await, 0);
    h.assert_accessible("the feedback form with an error from the endpoint")
        .await;

    // Sent again (the endpoint now accepts the address), it arrives once.
    h.click("form.ozg-feedback button[type=submit]").await;
    h.wait_for(
        "the receipt",
        "root.querySelector('.ozg-receipt .ozg-reference') !== null",
    )
    .await;
    assert_eq!(portal.feedback_rows().await, 1);

    h.finish().await;
}
