//! "So funktioniert's" in a real browser: the JSON-LD-only demo page works without any request to
//! an endpoint and under the strict CSP; the documents checklist survives a reload; the panel is
//! keyboard-operable, prints expanded, fits 320 px and passes axe-core collapsed and expanded.

use fantoccini::key::Key;
use ozg_tests::{Harness, UPGRADE_TIMEOUT};

const COLLECT_VIOLATIONS: &str = "
    window.__ozgCspViolations = [];
    window.addEventListener('securitypolicyviolation', (e) => {
        window.__ozgCspViolations.push(`${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'}`);
    }, true);";

/// Opens the demo page and its service tab, and waits for the documents.
async fn open_service_tab(h: &Harness) {
    h.open("/").await;
    h.find("#ozg-tab-service")
        .await
        .click()
        .await
        .expect("cannot click the service tab");
    h.wait_for_tab("service", false).await;
    h.wait_for(
        "the documents checklist",
        "root.querySelectorAll('ul.ozg-documents > li input[type=checkbox]').length > 0",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json_ld_page_works_without_an_endpoint() {
    let h = Harness::start().await;
    h.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        serde_json::json!({ "source": COLLECT_VIOLATIONS }),
    )
    .await;
    h.client()
        .goto(&h.url("/jsonld.html"))
        .await
        .expect("cannot open /jsonld.html");
    h.wait_for_timeout(
        "the service described from the page's JSON-LD",
        "root !== null && root.querySelector('.ozg-service-title')?.textContent \
         === 'Hundesteuer – Anmeldung eines Hundes'",
        UPGRADE_TIMEOUT,
    )
    .await;

    // One tab, and the headings follow the page's outline (heading-level="3" under its h2).
    assert_eq!(h.texts("[role=tab]").await.len(), 1);
    assert_eq!(h.find_all("h3.ozg-service-title").await.len(), 1);
    let facts = h.texts(".ozg-facts dd").await;
    assert!(
        facts[0].contains("96,00\u{a0}€") && facts[0].contains("kostenfrei"),
        "{facts:?}"
    );
    assert_eq!(
        h.js("return root.querySelector('a.ozg-apply').getAttribute('href');")
            .await,
        "https://formulare.musterstadt.example/hundesteuer"
    );
    assert_eq!(
        h.js("return root.querySelector('address a[href^=\"tel:\"]').getAttribute('href');")
            .await,
        "tel:+4912345678300"
    );

    // Nothing was asked of an endpoint, nothing was blocked, nothing was reported as wrong.
    let requests = h
        .js("return performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.includes('/v1/'));")
        .await;
    assert_eq!(requests, serde_json::json!([]), "requests to the endpoint");
    assert_eq!(
        h.js("return window.__ozgCspViolations;").await,
        serde_json::json!([]),
        "CSP violations on the JSON-LD page"
    );
    let log = h.browser_log().await;
    let complaints: Vec<_> = log
        .iter()
        .filter(|line| line.contains("ozg-widget") || line.contains("Content Security Policy"))
        .collect();
    assert!(complaints.is_empty(), "console: {complaints:#?}");

    h.assert_accessible("the JSON-LD page").await;
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn checklist_ticks_survive_a_reload() {
    let h = Harness::start().await;
    open_service_tab(&h).await;
    let total = h.find_all("ul.ozg-documents > li").await.len();
    for id in ["#ozg-document-0", "#ozg-document-2"] {
        h.find(id)
            .await
            .click()
            .await
            .expect("cannot tick a document");
    }
    h.wait_for(
        "two documents ready",
        &format!(
            "root.querySelector('.ozg-progress').textContent === '2 von {total} Unterlagen bereit'"
        ),
    )
    .await;

    open_service_tab(&h).await;
    h.wait_for(
        "the ticks after the reload",
        "root.querySelector('#ozg-document-0').checked && !root.querySelector('#ozg-document-1').checked \
         && root.querySelector('#ozg-document-2').checked",
    )
    .await;
    assert_eq!(
        h.texts(".ozg-progress").await,
        [format!("2 von {total} Unterlagen bereit")]
    );

    h.find(".ozg-checklist-reset")
        .await
        .click()
        .await
        .expect("cannot reset the checklist");
    h.wait_for(
        "no ticks",
        "[...root.querySelectorAll('ul.ozg-documents input')].every((i) => !i.checked)",
    )
    .await;
    open_service_tab(&h).await;
    h.wait_for(
        "still no ticks after the next reload",
        "[...root.querySelectorAll('ul.ozg-documents input')].every((i) => !i.checked)",
    )
    .await;
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn service_panel_is_accessible_collapsed_and_expanded() {
    let h = Harness::start().await;
    open_service_tab(&h).await;
    h.wait_for(
        "collapsed steps",
        "root.querySelectorAll('.ozg-step-body[hidden]').length > 0",
    )
    .await;
    h.assert_accessible("the service panel, collapsed").await;

    // Printed, everything is expanded and the controls are gone, without a click.
    h.cdp(
        "Emulation.setEmulatedMedia",
        serde_json::json!({ "media": "print" }),
    )
    .await;
    h.wait_for(
        "the print view with every step and answer shown",
        "[...root.querySelectorAll('.ozg-step-body, details.ozg-faq-item .ozg-text')].every((e) => e.checkVisibility()) \
         && !root.querySelector('.ozg-steps-all').checkVisibility() \
         && !root.querySelector('[role=tablist]').checkVisibility()",
    )
    .await;
    h.cdp(
        "Emulation.setEmulatedMedia",
        serde_json::json!({ "media": "" }),
    )
    .await;
    h.wait_for(
        "the screen view again",
        "root.querySelector('.ozg-steps-all').checkVisibility()",
    )
    .await;

    // Keyboard: Enter on a step opens it.
    h.js("root.querySelector('.ozg-step-toggle').focus(); return null;")
        .await;
    h.press(Key::Enter).await;
    h.wait_for(
        "the first step to open by keyboard",
        "root.querySelector('.ozg-step-toggle').getAttribute('aria-expanded') === 'true' \
         && !root.querySelector('.ozg-step-body').hidden",
    )
    .await;

    // Everything open: all steps, every FAQ answer, the Leichte Sprache version.
    h.find(".ozg-steps-all")
        .await
        .click()
        .await
        .expect("cannot click \"Alle anzeigen\"");
    h.wait_for(
        "every step open",
        "root.querySelectorAll('.ozg-step-body[hidden]').length === 0",
    )
    .await;
    h.js(
        "root.querySelectorAll('details.ozg-faq-item').forEach((d) => d.open = true); return null;",
    )
    .await;
    h.find(".ozg-easy-toggle")
        .await
        .click()
        .await
        .expect("cannot switch to Leichte Sprache");
    h.wait_for(
        "the Leichte Sprache version",
        "root.querySelector('.ozg-easy-toggle').getAttribute('aria-pressed') === 'true' \
         && root.querySelector('.ozg-service-title').textContent.startsWith('Bürgergeld: Geld zum Leben')",
    )
    .await;
    h.assert_accessible("the service panel, expanded, in Leichte Sprache")
        .await;

    // 320 CSS pixels wide (a small phone, or 1280 px at 400 % zoom): nothing sticks out.
    h.cdp(
        "Emulation.setDeviceMetricsOverride",
        serde_json::json!({ "width": 320, "height": 800, "deviceScaleFactor": 1, "mobile": true }),
    )
    .await;
    h.wait_for(
        "the widget to fit 320 px without horizontal scrolling",
        "window.innerWidth === 320 && host.getBoundingClientRect().right <= 320 \
         && [...root.querySelectorAll('.ozg-panel *')].every((e) => e.getBoundingClientRect().right <= 321)",
    )
    .await;
    h.finish().await;
}
