//! Reflow (WCAG 1.4.10) and text spacing (WCAG 1.4.12): at 320 CSS pixels wide (a phone, or
//! 400 % zoom of a 1280 px window) and at 160 (400 % of 640), with and without the text-spacing
//! override of the success criterion, no panel of the widget scrolls sideways, nothing sticks
//! out of the widget's box, and no text is cut off by a box that hides its overflow.

use ozg_tests::Harness;
use serde_json::json;

/// The user style sheet of WCAG 1.4.12, added to the page and to the widget's shadow root.
const TEXT_SPACING: &str = "
    const css = '* { line-height: 1.5 !important; letter-spacing: 0.12em !important; \
                     word-spacing: 0.16em !important; } \
                 p { margin-bottom: 2em !important; }';
    for (const target of [document, root]) {
        const sheet = new CSSStyleSheet();
        sheet.replaceSync(css);
        target.adoptedStyleSheets = [...target.adoptedStyleSheets, sheet];
    }
    return null;";

/// Every problem of the shown panel, as readable lines; empty when it reflows.
const PROBLEMS: &str = "
    const problems = [];
    const name = (e) => `${e.localName}${e.id ? '#' + e.id : ''}.${[...e.classList].join('.')}`;
    const box = root.querySelector('.ozg-root').getBoundingClientRect();
    if (host.getBoundingClientRect().right > window.innerWidth + 1)
        problems.push(`the widget is wider than the window (${host.getBoundingClientRect().width} px)`);
    const panel = root.querySelector('[role=tabpanel]:not([hidden])');
    if (panel.scrollWidth > panel.clientWidth + 1)
        problems.push(`${name(panel)} scrolls sideways (${panel.scrollWidth} > ${panel.clientWidth})`);
    const tablist = root.querySelector('[role=tablist]');
    for (const e of [tablist, ...tablist.querySelectorAll('*'), ...panel.querySelectorAll('*')]) {
        // Visually hidden text and the honeypot are outside the box on purpose.
        if (!e.checkVisibility() || e.closest('.ozg-vh, .ozg-hp')) continue;
        const r = e.getBoundingClientRect();
        if (r.width > 0 && (r.right > box.right + 1 || r.left < box.left - 1))
            problems.push(`${name(e)} sticks out of the widget (${Math.round(r.left)}–${Math.round(r.right)} of ${Math.round(box.left)}–${Math.round(box.right)})`);
        const style = getComputedStyle(e);
        const clips = (o) => o === 'hidden' || o === 'clip';
        if ((clips(style.overflowX) && e.scrollWidth > e.clientWidth + 1)
            || (clips(style.overflowY) && e.scrollHeight > e.clientHeight + 1))
            problems.push(`${name(e)} cuts off its content`);
    }
    return problems;";

async fn check(h: &Harness, state: &str) {
    let problems = h.js(PROBLEMS).await;
    assert_eq!(problems, json!([]), "{state}");
}

async fn check_every_panel(h: &Harness, width: u32, height: u32, spacing: bool) {
    h.cdp(
        "Emulation.setDeviceMetricsOverride",
        json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": false }),
    )
    .await;
    h.open("/").await;
    h.wait_for_posts().await;
    let label = format!(
        "{width} px wide{}",
        if spacing { ", text spacing" } else { "" }
    );
    if spacing {
        h.js(TEXT_SPACING).await;
    }
    check(h, &format!("updates, {label}")).await;

    h.open_tab("service").await;
    h.wait_for(
        "the service steps",
        "root.querySelectorAll('ol.ozg-steps > li').length > 0",
    )
    .await;
    h.click(".ozg-steps-all").await;
    h.wait_for(
        "every step open",
        "root.querySelector('.ozg-step-body[hidden]') === null",
    )
    .await;
    check(h, &format!("service, every step open, {label}")).await;

    h.open_tab("feedback").await;
    // The form's draft survives the reload of the second round, ticks included.
    h.js(
        "const tick = root.querySelector('input[name=wants-reply]'); \
          if (!tick.checked) tick.click(); return null;",
    )
    .await;
    h.wait_for(
        "the contact fields",
        "root.querySelector('input[name=email]') !== null",
    )
    .await;
    check(h, &format!("feedback with contact fields, {label}")).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_panel_reflows_at_320_px() {
    let h = Harness::start().await;
    check_every_panel(&h, 320, 640, false).await;
    check_every_panel(&h, 320, 640, true).await;
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_panel_reflows_at_160_px() {
    let h = Harness::start().await;
    check_every_panel(&h, 160, 256, false).await;
    check_every_panel(&h, 160, 256, true).await;
    h.finish().await;
}
