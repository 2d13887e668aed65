//! The widget under the strict Content-Security-Policy that portals use: the page is served with
//! it, the widget works, and not a single violation is reported.
//!
//! How violations are caught: a `securitypolicyviolation` listener has to exist before the page's
//! first script runs, but the page itself may not carry an inline script (the policy forbids it,
//! and it would change what we test). So the listener is installed through the DevTools protocol
//! (`Page.addScriptToEvaluateOnNewDocument`), which runs it in every new document before any of
//! the page's scripts and outside the page's policy. Chromium's console log is checked as well,
//! because it also reports violations that happen before any script runs. A deliberate violation
//! at the end proves that both detectors are live, so this test can fail.

use ozg_tests::Harness;

const COLLECT_VIOLATIONS: &str = "
    window.__ozgCspViolations = [];
    window.addEventListener('securitypolicyviolation', (e) => {
        window.__ozgCspViolations.push(
            `${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber} ${e.sample}`);
    }, true);";

fn csp_messages(log: &[String]) -> Vec<&String> {
    log.iter()
        .filter(|line| line.contains("Content Security Policy"))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn widget_runs_under_strict_csp_without_violations() {
    let h = Harness::start().await;

    let (status, headers, _) = h.http_get("/").await;
    assert_eq!(status, 200);
    let csp = headers
        .get("content-security-policy")
        .expect("the demo page is served without a Content-Security-Policy header")
        .to_str()
        .expect("the CSP header is not text")
        .to_owned();
    let directive = |name: &str| {
        csp.split(';')
            .map(str::trim)
            .find(|d| d.split_whitespace().next() == Some(name))
            .unwrap_or_else(|| panic!("the CSP `{csp}` has no {name}"))
            .to_owned()
    };
    assert_eq!(
        directive("script-src"),
        "script-src 'self' 'wasm-unsafe-eval'",
        "CSP: {csp}"
    );
    assert_eq!(directive("style-src"), "style-src 'self'", "CSP: {csp}");

    h.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        serde_json::json!({ "source": COLLECT_VIOLATIONS }),
    )
    .await;
    h.open("/").await;
    assert!(
        h.js("return Array.isArray(window.__ozgCspViolations);")
            .await
            .as_bool()
            == Some(true),
        "the violation listener was not installed before the page ran"
    );

    // Render every panel, so that each panel's markup and styles meet the policy.
    h.wait_for_posts().await;
    for tab in ["service", "feedback", "updates"] {
        h.open_tab(tab).await;
    }
    h.wait_for(
        "the service steps",
        "root.querySelectorAll('ol.ozg-steps > li').length > 0",
    )
    .await;

    let violations = h.js("return window.__ozgCspViolations;").await;
    assert_eq!(
        violations,
        serde_json::json!([]),
        "CSP violations on the demo page"
    );
    let log = h.browser_log().await;
    assert!(
        csp_messages(&log).is_empty(),
        "CSP violations in the console: {:#?}",
        csp_messages(&log)
    );

    // The control: an inline style attribute is exactly what the policy blocks; both detectors
    // must see it, or the checks above proved nothing.
    h.js("document.body.setAttribute('style', 'outline: 1px solid red'); return null;")
        .await;
    h.wait_for(
        "the deliberate violation to be reported",
        "window.__ozgCspViolations.length > 0",
    )
    .await;
    let log = h.browser_log().await;
    assert!(
        !csp_messages(&log).is_empty(),
        "the console did not report the deliberate violation: {log:#?}"
    );

    h.finish().await;
}
