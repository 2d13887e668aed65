//! The element as a portal's script sees it: attributes that are properties too (also when set
//! before the script ran), changes that apply at once, `hidden`, the events with their
//! details, two widgets sharing one module with state of their own, and an element that leaves
//! nothing behind when it is removed.

use ozg_tests::{DEMO_SERVICE, Harness};
use serde_json::json;

/// Installed before the page's own scripts run, so that even the first `ozg-ready` is seen.
const RECORD_EVENTS: &str = "
    window.__ozgEvents = [];
    for (const type of ['ozg-ready', 'ozg-feedback-queued', 'ozg-feedback-sent', 'ozg-feedback-error']) {
        document.addEventListener(type, (e) => window.__ozgEvents.push({
            type, detail: e.detail, bubbles: e.bubbles, composed: e.composed,
            target: e.target.localName,
        }));
    }";

/// How many event listeners `expression` (`window` or `document`) has, through DevTools.
async fn listeners(h: &Harness, expression: &str) -> usize {
    let object = h
        .cdp(
            "Runtime.evaluate",
            json!({ "expression": expression, "objectGroup": "listeners" }),
        )
        .await;
    let id = object["result"]["objectId"]
        .as_str()
        .unwrap_or_else(|| panic!("no object id for {expression}: {object}"))
        .to_owned();
    let found = h
        .cdp("DOMDebugger.getEventListeners", json!({ "objectId": id }))
        .await;
    found["listeners"]
        .as_array()
        .unwrap_or_else(|| panic!("no listeners in {found}"))
        .len()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn attributes_are_properties_and_changes_apply_at_once() {
    let h = Harness::start().await;
    h.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": RECORD_EVENTS }),
    )
    .await;
    h.open("/").await;

    // `ozg-ready`: once, bubbling out of the shadow root to the document, naming the service.
    let events = h.js("return window.__ozgEvents;").await;
    assert_eq!(
        events,
        json!([{ "type": "ozg-ready", "detail": { "service": DEMO_SERVICE, "lang": "de" },
                 "bubbles": true, "composed": true, "target": "ozg-widget" }]),
    );

    // Every attribute is a property that reflects to it; an absent one reads as null.
    assert_eq!(
        h.js("return [host.service, host.endpoint, host.panels, host.theme, host.serviceSource, host.headingLevel];")
            .await,
        json!([DEMO_SERVICE, "/", null, null, null, null]),
    );
    h.js("host.panels = 'feedback updates'; host.headingLevel = 3; return null;")
        .await;
    assert_eq!(
        h.js("return [host.getAttribute('panels'), host.getAttribute('heading-level')];")
            .await,
        json!(["feedback updates", "3"]),
    );
    h.wait_for(
        "the tabs in the new order",
        "[...root.querySelectorAll('[role=tab]')].map((t) => t.id).join() \
         === 'ozg-tab-feedback,ozg-tab-updates' && root.querySelector('h3') !== null",
    )
    .await;

    // `lang` is HTMLElement's own property; changing it switches the language.
    h.js("host.lang = 'en'; return null;").await;
    h.wait_for(
        "English tab labels",
        "[...root.querySelectorAll('[role=tab]')].map((t) => t.textContent).join() === 'Feedback,Updates' \
         && root.querySelector('.ozg-root').lang === 'en'",
    )
    .await;

    // `theme`: dark colours at once, whatever the system prefers; `light` back.
    h.js("host.theme = 'dark'; return null;").await;
    h.wait_for(
        "the dark theme",
        "getComputedStyle(root.querySelector('.ozg-root')).backgroundColor === 'rgb(28, 28, 30)'",
    )
    .await;
    h.js("host.theme = 'light'; return null;").await;
    h.wait_for(
        "the light theme",
        "getComputedStyle(root.querySelector('.ozg-root')).backgroundColor === 'rgb(255, 255, 255)'",
    )
    .await;

    // `service`: the posts are asked for anew, for the other service.
    h.js("host.service = '99108004001000'; return null;").await;
    h.open_tab("updates").await;
    h.wait_for(
        "a request for the other service's posts",
        "performance.getEntriesByType('resource').some((e) => e.name.includes('/v1/updates?service=99108004001000'))",
    )
    .await;

    // `hidden` hides, although the page's own CSS says `display: block` for the element.
    h.js("host.hidden = true; return null;").await;
    h.wait_for(
        "the widget to be hidden",
        "host.getBoundingClientRect().height === 0",
    )
    .await;
    h.js("host.hidden = false; return null;").await;
    h.wait_for(
        "the widget to be shown again",
        "host.getBoundingClientRect().height > 0",
    )
    .await;

    // A submission the endpoint confirms is announced with its reference number.
    h.js("host.lang = 'de'; host.service = '99107108017000'; return null;")
        .await;
    h.open_tab("feedback").await;
    h.click("form.ozg-feedback input[name=found][value=yes]")
        .await;
    h.click("form.ozg-feedback input[name=rating][value='5']")
        .await;
    h.click("form.ozg-feedback button[type=submit]").await;
    h.wait_for(
        "the receipt",
        "root.querySelector('.ozg-receipt .ozg-reference') !== null",
    )
    .await;
    let reference = h.texts(".ozg-receipt .ozg-reference").await;
    let sent = h
        .js("return window.__ozgEvents.filter((e) => e.type !== 'ozg-ready');")
        .await;
    assert_eq!(
        sent,
        json!([{ "type": "ozg-feedback-sent",
                 "detail": { "service": DEMO_SERVICE, "reference": reference[0] },
                 "bubbles": true, "composed": true, "target": "ozg-widget" }]),
    );

    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn properties_set_before_the_script_ran_are_kept() {
    // Frameworks set properties on an element as soon as they create it, often before its
    // script has run: hold the loader back, set properties on the plain element, then load it.
    let h = Harness::start().await;
    h.cdp("Network.enable", json!({})).await;
    h.cdp(
        "Network.setBlockedURLs",
        json!({ "urls": ["*/cdn/ozg-widget.js"] }),
    )
    .await;
    h.client()
        .goto(&h.url("/"))
        .await
        .expect("cannot open the demo page");
    let before = h
        .js(&format!(
            "host.removeAttribute('service'); host.service = '{DEMO_SERVICE}'; \
             host.panels = 'service feedback'; \
             return [customElements.get('ozg-widget') === undefined, Object.hasOwn(host, 'service')];"
        ))
        .await;
    assert_eq!(
        before,
        json!([true, true]),
        "the element was defined too early"
    );

    h.cdp("Network.setBlockedURLs", json!({ "urls": [] })).await;
    h.js("import('/cdn/ozg-widget.js?late'); return null;")
        .await;
    h.wait_for(
        "the widget with the properties set before it was defined",
        "root !== null && [...root.querySelectorAll('[role=tab]')].map((t) => t.id).join() \
         === 'ozg-tab-service,ozg-tab-feedback'",
    )
    .await;
    assert_eq!(
        h.js(
            "return [host.getAttribute('service'), host.getAttribute('panels'), \
              Object.hasOwn(host, 'service'), host.service];"
        )
        .await,
        json!([DEMO_SERVICE, "service feedback", false, DEMO_SERVICE]),
    );

    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_removed_widget_leaves_nothing_behind_and_comes_back() {
    let h = Harness::start().await;
    h.open("/").await;
    // The feedback panel listens on the window and the document (to send when the browser is
    // back online or the page is left); it must stop when the element goes.
    h.js("host.panels = 'feedback'; return null;").await;
    h.wait_for(
        "the feedback form",
        "root.querySelector('form.ozg-feedback') !== null",
    )
    .await;
    let mounted = (
        listeners(&h, "window").await,
        listeners(&h, "document").await,
    );

    h.js("window.__ozgHost = host; host.remove(); return null;")
        .await;
    h.wait_for(
        "the app to be destroyed",
        "window.__ozgHost.shadowRoot.querySelector('.ozg-root') === null",
    )
    .await;
    let removed = (
        listeners(&h, "window").await,
        listeners(&h, "document").await,
    );
    assert!(
        removed.0 + removed.1 < mounted.0 + mounted.1,
        "removing the widget left its listeners: {mounted:?} (window, document) mounted, {removed:?} after"
    );

    h.js("document.querySelector('.widget-section').append(window.__ozgHost); return null;")
        .await;
    h.wait_for(
        "the form again",
        "root.querySelector('form.ozg-feedback') !== null",
    )
    .await;
    let again = (
        listeners(&h, "window").await,
        listeners(&h, "document").await,
    );
    assert_eq!(
        again, mounted,
        "re-adding the widget did not restore the same listeners"
    );

    h.js("host.remove(); return null;").await;
    h.wait_for(
        "the app to be destroyed again",
        "window.__ozgHost.shadowRoot.querySelector('.ozg-root') === null",
    )
    .await;
    let removed_again = (
        listeners(&h, "window").await,
        listeners(&h, "document").await,
    );
    assert_eq!(
        removed_again, removed,
        "listeners piled up over two removals"
    );
    h.finish().await;
}

/// Keeps the ids of every timer that is set and has neither fired nor been cleared.
const TRACK_TIMERS: &str = "
    window.__ozgTimers = new Set();
    const [setT, clearT, setI, clearI] =
        [window.setTimeout, window.clearTimeout, window.setInterval, window.clearInterval];
    window.setTimeout = function (handler, delay, ...rest) {
        const id = setT.call(window, (...args) => {
            window.__ozgTimers.delete(id);
            if (typeof handler === 'function') handler(...args);
        }, delay, ...rest);
        window.__ozgTimers.add(id);
        return id;
    };
    window.clearTimeout = (id) => { window.__ozgTimers.delete(id); clearT.call(window, id); };
    window.setInterval = function (...args) {
        const id = setI.call(window, ...args);
        window.__ozgTimers.add(id);
        return id;
    };
    window.clearInterval = (id) => { window.__ozgTimers.delete(id); clearI.call(window, id); };";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_removed_widget_stops_its_retry_timers() {
    let h = Harness::start().await;
    h.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": TRACK_TIMERS }),
    )
    .await;
    h.open("/").await;
    // An endpoint the page may not reach: the feedback is queued and retried every 100 ms.
    h.js("host.panels = 'feedback'; host.retryDelay = '100'; \
          host.endpoint = 'http://127.0.0.1:9/'; return null;")
        .await;
    h.wait_for(
        "the feedback form",
        "root.querySelector('form.ozg-feedback') !== null",
    )
    .await;
    h.click("form.ozg-feedback input[name=found][value=yes]")
        .await;
    h.click("form.ozg-feedback input[name=rating][value='4']")
        .await;
    h.click("form.ozg-feedback button[type=submit]").await;
    h.wait_for(
        "the feedback to be queued, with a retry timer",
        "root.querySelector('.ozg-queued') !== null && window.__ozgTimers.size > 0",
    )
    .await;
    h.js("localStorage.clear(); host.remove(); return null;")
        .await;
    h.wait_for(
        "every timer to be gone once the widget is removed",
        "window.__ozgTimers.size === 0",
    )
    .await;
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_widgets_share_one_module_and_keep_their_own_state() {
    let h = Harness::start().await;
    // What the window holds before any script of the page runs.
    h.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": "window.__ozgBaseline = Object.getOwnPropertyNames(window);" }),
    )
    .await;
    const NEW_GLOBALS: &str = "return Object.getOwnPropertyNames(window) \
        .filter((n) => !window.__ozgBaseline.includes(n) && n !== '__ozgBaseline');";
    // The same page without the widget's files: what the test's own driver adds (chromedriver
    // leaves a helper of its own on the window when it runs scripts).
    h.cdp("Network.enable", json!({})).await;
    h.cdp("Network.setBlockedURLs", json!({ "urls": ["*/cdn/*"] }))
        .await;
    h.client()
        .goto(&h.url("/two.html"))
        .await
        .expect("cannot open the two-widget page");
    h.wait_for(
        "the page",
        "document.querySelectorAll('ozg-widget').length === 2",
    )
    .await;
    // Its helper appears once a script has returned a value, so one runs before counting.
    h.js("return ['warm-up'];").await;
    let driver_globals = h.js(NEW_GLOBALS).await;
    h.cdp("Network.setBlockedURLs", json!({ "urls": [] })).await;

    h.client()
        .goto(&h.url("/two.html"))
        .await
        .expect("cannot open the two-widget page");
    let labels = "[...document.querySelectorAll('ozg-widget')].map((w) => w.shadowRoot \
                  ? [...w.shadowRoot.querySelectorAll('[role=tab]')].map((t) => t.textContent).join() : '')";
    h.wait_for(
        "both widgets, each in its language and with its panels",
        &format!("JSON.stringify({labels}) === JSON.stringify(['Aktuelles,So funktioniert\\'s', 'Feedback,How it works'])"),
    )
    .await;

    // One module for both: the wasm was fetched and instantiated once.
    assert_eq!(
        h.js("return performance.getEntriesByType('resource').filter((e) => e.name.endsWith('.wasm')).length;")
            .await,
        json!(1)
    );
    // No globals: the element is all the widget adds to the page.
    assert_eq!(
        h.js(NEW_GLOBALS).await,
        driver_globals,
        "the widget left globals on the window"
    );

    // State of their own: opening a tab or ticking a box in one changes nothing in the other.
    h.js("const [a, b] = document.querySelectorAll('ozg-widget'); \
          a.shadowRoot.querySelector('#ozg-tab-service').click(); \
          b.shadowRoot.querySelector('input[name=wants-reply]').click(); return null;")
        .await;
    h.wait_for(
        "each widget to show its own change",
        "(() => { const [a, b] = document.querySelectorAll('ozg-widget'); \
           return a.shadowRoot.querySelector('#ozg-tab-service').getAttribute('aria-selected') === 'true' \
             && b.shadowRoot.querySelector('#ozg-tab-feedback').getAttribute('aria-selected') === 'true' \
             && b.shadowRoot.querySelector('input[name=email]') !== null \
             && a.shadowRoot.querySelector('input[name=email]') === null; })()",
    )
    .await;
    h.finish().await;
}

/// For each page load: how often the posts and the description were requested, each as
/// whether that request started no later than the wasm's.
const FIRST_REQUESTS: &str = "
    const entries = performance.getEntriesByType('resource');
    const wasm = entries.find((e) => e.name.endsWith('.wasm'));
    const of = (path) => entries.filter((e) => new URL(e.name).pathname === path)
        .map((e) => e.startTime <= wasm.startTime);
    return { updates: of('/v1/updates'), service: of('/v1/services/99107108017000') };";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_first_panels_data_is_requested_with_the_wasm_and_used_not_asked_again() {
    let h = Harness::start().await;
    h.open("/").await;
    h.wait_for_posts().await;
    assert_eq!(
        h.js(FIRST_REQUESTS).await,
        json!({ "updates": [true], "service": [] }),
        "the posts should be requested once, before the wasm"
    );

    // A page whose widget starts with the description, as a CMS might set it while the page is
    // parsed: that is requested early instead, and the posts only when their tab is opened.
    h.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": "new MutationObserver(() => document.querySelectorAll('ozg-widget:not([panels])') \
            .forEach((w) => w.setAttribute('panels', 'service, updates, feedback'))) \
            .observe(document, { childList: true, subtree: true });" }),
    )
    .await;
    h.open("/").await;
    h.wait_for(
        "the description",
        "root.querySelectorAll('ul.ozg-documents > li').length > 0",
    )
    .await;
    assert_eq!(
        h.js(FIRST_REQUESTS).await,
        json!({ "updates": [], "service": [true] })
    );
    h.open_tab("updates").await;
    h.wait_for_posts().await;
    assert_eq!(
        h.js(FIRST_REQUESTS).await,
        json!({ "updates": [false], "service": [true] })
    );
    h.finish().await;
}
