//! Keyboard only, panel by panel, with real key events from WebDriver: the tab order from the
//! tab list into the panel, Enter to open and Escape to close what opened (focus back on the
//! button that opened it, visibly), focus kept where it was when the widget renders anew, and
//! focus on the result after a submit. And the live regions: loading, an error and success are
//! each announced once, counted from the mutations of the regions' text.

use fantoccini::key::Key;
use ozg_sdk::{Author, Platform, Update};
use ozg_tests::{DEMO_SERVICE, Harness};
use serde_json::json;

/// The focused element inside the widget (id, else class), or where focus is outside it.
const ACTIVE: &str = "return (() => { \
    if (document.activeElement !== host) { return 'page:' + (document.activeElement || {}).tagName; } \
    const a = root.activeElement; \
    return a === null ? 'widget' : (a.id || a.className || a.tagName); })();";

/// Whether the focused element in the widget shows its focus ring (`:focus-visible`).
const FOCUS_VISIBLE: &str =
    "root.activeElement !== null && root.activeElement.matches(':focus-visible')";

async fn active(h: &Harness) -> String {
    h.js(ACTIVE).await.as_str().unwrap_or_default().to_owned()
}

async fn expect_focus(h: &Harness, what: &str, expected: &str) {
    h.wait_for(
        &format!("focus on {expected} ({what}), visibly"),
        &format!(
            "{} === {} && {FOCUS_VISIBLE}",
            ACTIVE.trim_start_matches("return ").trim_end_matches(';'),
            serde_json::to_string(expected).expect("a string")
        ),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn updates_panel_by_keyboard() {
    let h = Harness::start().await;
    h.insert_update(
        &Update {
            id: "rss:test:warning".to_owned(),
            platform: Platform::Rss,
            author: Author {
                name: "Jobcenter Test".to_owned(),
                handle: None,
                url: None,
                avatar: None,
            },
            url: "https://example.org/warning".to_owned(),
            published: "2099-01-01T00:00:00Z".to_owned(),
            content: "<p>Hinter der Warnung <a href=\"https://example.org/mehr\">mehr</a></p>"
                .to_owned(),
            content_warning: Some("Test".to_owned()),
            sensitive: false,
            media: Vec::new(),
            emoji: Vec::new(),
        },
        Some(DEMO_SERVICE),
    )
    .await;
    h.open("/").await;
    h.wait_for_posts().await;
    // Start on the portal's last link before the widget, as a keyboard user arrives there.
    h.js("document.querySelector('main a.button').focus(); return null;")
        .await;
    h.press(Key::Tab).await;
    expect_focus(&h, "Tab from the page", "ozg-tab-updates").await;
    h.press(Key::Tab).await;
    expect_focus(&h, "Tab from the tab list", "ozg-panel-updates").await;
    h.press(Key::Tab).await;
    assert_eq!(
        h.js("return root.activeElement.localName + '.' + root.activeElement.className;")
            .await,
        json!("article.ozg-post"),
        "Tab from the panel goes to the first post"
    );

    // The warning's button: Enter opens, Tab reaches the link inside, Escape closes from there.
    let button = "button[aria-controls=ozg-post-0-content]";
    h.press(Key::Tab).await;
    assert_eq!(
        h.js(&format!(
            "return root.activeElement === root.querySelector('{button}');"
        ))
        .await,
        json!(true),
        "Tab from the post goes to its content warning's button; focus is on {}",
        active(&h).await
    );
    h.press(Key::Enter).await;
    h.wait_for(
        "the post to open",
        &format!("root.querySelector('{button}').getAttribute('aria-expanded') === 'true'"),
    )
    .await;
    h.press(Key::Tab).await;
    assert_eq!(
        h.js("return root.activeElement.getAttribute('href');")
            .await,
        json!("https://example.org/mehr")
    );
    h.press(Key::Escape).await;
    h.wait_for(
        "Escape to close the post and focus its button, visibly",
        &format!(
            "root.querySelector('{button}').getAttribute('aria-expanded') === 'false' \
             && root.activeElement === root.querySelector('{button}') && {FOCUS_VISIBLE}"
        ),
    )
    .await;
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn service_panel_by_keyboard_and_focus_kept_across_renders() {
    let h = Harness::start().await;
    h.open("/").await;
    h.js("document.querySelector('main a.button').focus(); return null;")
        .await;
    h.press(Key::Tab).await;
    h.press(Key::Right).await;
    h.wait_for_tab("service", true).await;
    h.wait_for(
        "the service steps",
        "root.querySelectorAll('ol.ozg-steps > li').length > 0",
    )
    .await;

    // The widget renders anew in another language and theme: focus stays on the same tab.
    h.js("host.lang = 'en'; host.theme = 'dark'; return null;")
        .await;
    h.wait_for(
        "the English tabs",
        "root.querySelector('#ozg-tab-service').textContent === 'How it works'",
    )
    .await;
    expect_focus(&h, "after the language changed", "ozg-tab-service").await;
    h.press(Key::Tab).await;
    expect_focus(&h, "Tab from the tab list", "ozg-panel-service").await;

    // The first step: reach its button by Tab, Enter opens it, Escape closes it again.
    let mut seen = Vec::new();
    for _ in 0..30 {
        h.press(Key::Tab).await;
        let is_step = h
            .js("return root.activeElement.classList.contains('ozg-step-toggle');")
            .await;
        if is_step == json!(true) {
            break;
        }
        seen.push(active(&h).await);
    }
    let body = h
        .js("return root.activeElement.getAttribute('aria-controls');")
        .await;
    let body = body
        .as_str()
        .unwrap_or_else(|| panic!("Tab never reached a step; focus went through {seen:?}"))
        .to_owned();
    h.press(Key::Enter).await;
    h.wait_for(
        "the step to open",
        &format!("!root.getElementById('{body}').hidden"),
    )
    .await;
    h.press(Key::Escape).await;
    h.wait_for(
        "Escape to close the step, focus on its button, visibly",
        &format!(
            "root.getElementById('{body}').hidden \
             && root.activeElement.getAttribute('aria-controls') === '{body}' && {FOCUS_VISIBLE}"
        ),
    )
    .await;
    h.finish().await;
}

/// Every announcement recorded by [`RECORD_ANNOUNCEMENTS`] so far.
async fn announced(h: &Harness) -> Vec<String> {
    serde_json::from_value(h.js("return window.__ozgAnnounced;").await).expect("a list of texts")
}

/// Records, from the first moment of the page, every new text of every live region in every
/// shadow root (`role=status`, `role=alert`, `aria-live`), in order.
const RECORD_ANNOUNCEMENTS: &str = "
    window.__ozgAnnounced = [];
    const attach = Element.prototype.attachShadow;
    Element.prototype.attachShadow = function (init) {
        const shadow = attach.call(this, init);
        const last = new Map();
        new MutationObserver(() => {
            for (const region of shadow.querySelectorAll('[role=status], [role=alert], [aria-live]')) {
                const text = region.textContent.trim();
                if (text !== '' && last.get(region) !== text) {
                    window.__ozgAnnounced.push(text);
                }
                last.set(region, text);
            }
        }).observe(shadow, { subtree: true, childList: true, characterData: true, attributes: true });
        return shadow;
    };";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn feedback_by_keyboard_and_each_announcement_once() {
    let h = Harness::start().await;
    h.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": RECORD_ANNOUNCEMENTS }),
    )
    .await;
    h.open("/").await;
    h.wait_for_posts().await;
    let count = |all: &[String], text: &str| all.iter().filter(|t| t.contains(text)).count();
    assert_eq!(
        count(&announced(&h).await, "Wird geladen"),
        1,
        "loading announced once: {:?}",
        announced(&h).await
    );

    // An empty submit by keyboard: the error summary takes focus and is announced once.
    h.js("root.querySelector('#ozg-tab-updates').focus(); return null;")
        .await;
    h.press(Key::End).await;
    h.wait_for_tab("feedback", true).await;
    h.js("root.querySelector('form.ozg-feedback button[type=submit]').focus(); return null;")
        .await;
    h.press(Key::Enter).await;
    h.wait_for(
        "focus on the error summary, visibly",
        &format!("root.activeElement !== null && root.activeElement.closest('.ozg-error-summary') !== null && {FOCUS_VISIBLE}"),
    )
    .await;

    // Answers by keyboard, then submit: focus moves to the receipt, and success is said once.
    h.js("root.querySelector('#ozg-found-yes').focus(); return null;")
        .await;
    h.press(Key::Space).await;
    h.js("root.querySelector('#ozg-rating-1').focus(); return null;")
        .await;
    h.press(Key::Space).await;
    h.js("root.querySelector('form.ozg-feedback button[type=submit]').focus(); return null;")
        .await;
    h.press(Key::Enter).await;
    h.wait_for(
        "the receipt with focus in it",
        "root.querySelector('.ozg-receipt .ozg-reference') !== null \
         && root.activeElement !== null && root.activeElement.closest('.ozg-receipt') !== null",
    )
    .await;
    let all = announced(&h).await;
    assert_eq!(count(&all, "Wird geladen"), 1, "{all:?}");
    // The summary is read out by the focus it takes, once; as a live region it would be read
    // again with every correction.
    assert_eq!(
        count(&all, "Bitte prüfen Sie Ihre Angaben"),
        0,
        "the error summary is read again while the form is corrected: {all:?}"
    );
    assert_eq!(
        count(&all, "Wird gesendet"),
        1,
        "sending announced once: {all:?}"
    );
    h.finish().await;
}
