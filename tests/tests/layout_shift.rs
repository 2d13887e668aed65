//! Loading the widget does not move the host page: its box is reserved before the script runs
//! (`ozg-widget:not(:defined)` in `www/portal.css`), and the page keeps room for a scrollbar.
//!
//! Regression: without `scrollbar-gutter: stable`, when the loaded widget made the page taller
//! than the window, the scrollbar that appeared moved the header, breadcrumb and text sideways
//! (a layout shift of 0.28). So the window is made just taller than the page *before* the widget
//! loads (measured with the widget's files blocked), and then the real load must move nothing
//! but the footer: that sits below the widget, whose posts and steps can be taller than any box
//! reserved in advance.

use ozg_tests::Harness;
use serde_json::json;

/// Every layout shift so far, as `tag.class` of each element that moved.
const SHIFTED: &str = "
    const observer = new PerformanceObserver(() => {});
    observer.observe({ type: 'layout-shift', buffered: true });
    const entries = observer.takeRecords();
    observer.disconnect();
    return entries.flatMap((e) => e.sources.map((s) =>
        s.node ? `${s.node.nodeName.toLowerCase()}.${s.node.className}` : '(removed node)'));";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn loading_the_widget_moves_nothing_above_or_beside_it() {
    let h = Harness::start().await;

    // The page as it is before the widget's script has run: the element stays undefined.
    h.cdp("Network.enable", json!({})).await;
    h.cdp("Network.setBlockedURLs", json!({ "urls": ["*/cdn/*"] }))
        .await;
    h.client()
        .goto(&h.url("/"))
        .await
        .expect("cannot open the page");
    let before = h
        .js("return customElements.get('ozg-widget') === undefined \
                ? document.documentElement.scrollHeight : null;")
        .await
        .as_f64()
        .expect("the widget was defined although its files were blocked");
    let chrome = h
        .js("return window.outerHeight - window.innerHeight;")
        .await
        .as_f64()
        .expect("a number");
    let height = u32::try_from((before + chrome + 20.0).round() as i64).expect("a window height");
    h.client()
        .set_window_size(1280, height)
        .await
        .expect("cannot resize the window");
    h.cdp("Network.setBlockedURLs", json!({ "urls": [] })).await;

    h.open("/").await;
    h.wait_for_posts().await;
    assert_eq!(
        h.js("return document.documentElement.scrollHeight > window.innerHeight;")
            .await,
        json!(true),
        "the loaded widget did not make the page taller than the window, so this test checked nothing"
    );

    let shifted: Vec<String> =
        serde_json::from_value(h.js(SHIFTED).await).expect("a list of strings");
    let unexpected: Vec<&String> = shifted
        .iter()
        .filter(|node| !node.starts_with("footer."))
        .collect();
    assert!(
        unexpected.is_empty(),
        "loading the widget moved {unexpected:?} (all shifts: {shifted:?})"
    );

    h.finish().await;
}
