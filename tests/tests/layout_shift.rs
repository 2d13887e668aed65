//! Loading the widget does not move anything: Cumulative Layout Shift 0.00 on every demo page,
//! measured by the browser's own Layout Instability API.
//!
//! The page reserves the widget's box before the script runs (`ozg-widget:not(:defined)` in
//! `www/portal.css`, the height the widget keeps once it runs), and the widget is a box of fixed
//! height whose panel scrolls inside it, so neither the loading state nor the posts that arrive
//! change its size. The viewport is made taller than every page, so that a shift anywhere on the
//! page counts (the browser ignores shifts outside the viewport). A shift made on purpose at the
//! end proves that the measurement sees shifts, so this test can fail.

use ozg_tests::Harness;
use serde_json::{Value, json};

/// The CLS of the page so far (shifts without recent input, as the metric defines it) and each
/// shifted element as `tag.class`.
const CLS: &str = "
    const observer = new PerformanceObserver(() => {});
    observer.observe({ type: 'layout-shift', buffered: true });
    const entries = observer.takeRecords().filter((e) => !e.hadRecentInput);
    observer.disconnect();
    return {
        cls: entries.reduce((sum, e) => sum + e.value, 0),
        moved: entries.flatMap((e) => e.sources.map((s) =>
            s.node ? `${s.node.nodeName.toLowerCase()}.${s.node.className}` : '(removed node)')),
    };";

/// Every widget on the page has rendered and loaded what its first panel shows.
const LOADED: &str = "
    [...document.querySelectorAll('ozg-widget')].every((w) => {
        const r = w.shadowRoot;
        if (!r || !r.querySelector('[role=tabpanel]:not([hidden])')) return false;
        const panel = r.querySelector('[role=tabpanel]:not([hidden])');
        if (panel.id === 'ozg-panel-updates') return panel.querySelector('article.ozg-post') !== null;
        if (panel.id === 'ozg-panel-service') return panel.querySelector('.ozg-facts, .ozg-message') !== null;
        return panel.querySelector('form.ozg-feedback') !== null;
    }) && document.querySelectorAll('ozg-widget').length > 0";

async fn measure(h: &Harness, path: &str) -> f64 {
    h.client()
        .goto(&h.url(path))
        .await
        .unwrap_or_else(|e| panic!("cannot open {path}: {e}"));
    h.wait_for_timeout(
        &format!("every widget on {path} to load"),
        LOADED,
        ozg_tests::UPGRADE_TIMEOUT,
    )
    .await;
    // What loads after the first panel's data (the feedback panel's figures, images) too.
    h.wait_for(
        "the network to be idle",
        "performance.getEntriesByType('resource').every((e) => e.responseEnd > 0)",
    )
    .await;
    let page_height = h
        .js("return document.documentElement.scrollHeight;")
        .await
        .as_f64()
        .unwrap_or_default();
    let viewport = h
        .js("return window.innerHeight;")
        .await
        .as_f64()
        .unwrap_or_default();
    assert!(
        page_height <= viewport,
        "{path} is taller ({page_height} px) than the viewport ({viewport} px): shifts below it would not count"
    );
    // The box of each widget is exactly the height it reserved before its posts arrived.
    let heights = h
        .js(
            "return [...document.querySelectorAll('ozg-widget')].map((w) => \
               Math.round(w.getBoundingClientRect().height));",
        )
        .await;
    let expected: Vec<Value> = heights
        .as_array()
        .map(|all| all.iter().map(|_| json!(576)).collect())
        .unwrap_or_default();
    assert_eq!(
        heights,
        json!(expected),
        "widget heights on {path} (36rem each)"
    );
    let result = h.js(CLS).await;
    let cls = result["cls"].as_f64().expect("a number");
    println!("CLS {path}: {cls:.4}");
    assert!(
        cls < 0.001,
        "loading the widget on {path} shifted the layout: CLS {cls:.4}, moved {}",
        result["moved"]
    );
    cls
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn loading_the_widget_shifts_nothing_on_any_demo_page() {
    let h = Harness::start().await;
    // A viewport taller than every demo page, so that every element on it counts.
    h.cdp(
        "Emulation.setDeviceMetricsOverride",
        json!({ "width": 1280, "height": 3200, "deviceScaleFactor": 1, "mobile": false }),
    )
    .await;
    for path in [
        "/",
        "/en.html",
        "/two.html",
        "/dark.html",
        "/csp.html",
        "/jsonld.html",
    ] {
        measure(&h, path).await;
    }

    // The control: content pushed in above the widget without any input is a layout shift.
    h.js(
        "const note = document.createElement('p'); note.textContent = 'Hinweis'; \
          note.className = 'control'; document.querySelector('main').prepend(note); return null;",
    )
    .await;
    h.wait_for(
        "the deliberate shift to be measured",
        "(() => { const o = new PerformanceObserver(() => {}); \
           o.observe({ type: 'layout-shift', buffered: true }); \
           const n = o.takeRecords().length; o.disconnect(); return n > 0; })()",
    )
    .await;
    h.finish().await;
}
