//! WCAG 2.2 A/AA and axe-core's best practices in a real browser, in every state a citizen can
//! reach — each tab, opened and closed content, the feedback form with errors, the receipt, a
//! setup error, a load error, both languages, two widgets, the dark portal — and each of them in
//! the light colour scheme, the dark one and forced colours (Windows high contrast). axe-core
//! looks into the widget's open shadow root itself. Each test prints how many scans it ran.

use ozg_tests::Harness;

/// Scans the page in the three modes and counts the scans.
async fn scan(h: &Harness, state: &str, scans: &mut usize) {
    h.assert_accessible_in_every_mode(state).await;
    *scans += 3;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_tab_and_page_is_accessible_in_every_mode() {
    let h = Harness::start().await;
    let mut scans = 0;
    h.open("/").await;
    h.wait_for_posts().await;
    scan(&h, "the demo page, updates tab", &mut scans).await;

    h.open_tab("service").await;
    h.wait_for(
        "the service steps",
        "root.querySelectorAll('ol.ozg-steps > li').length > 0",
    )
    .await;
    scan(&h, "the demo page, service tab", &mut scans).await;
    h.click(".ozg-steps-all").await;
    h.wait_for(
        "every step open",
        "root.querySelector('.ozg-step-body[hidden]') === null",
    )
    .await;
    scan(
        &h,
        "the demo page, service tab, every step open",
        &mut scans,
    )
    .await;

    h.open_tab("feedback").await;
    scan(&h, "the demo page, feedback tab", &mut scans).await;

    for page in ["/en.html", "/dark.html", "/csp.html"] {
        h.open(page).await;
        h.wait_for_posts().await;
        scan(&h, &format!("{page}, updates tab"), &mut scans).await;
    }
    h.open_tab("feedback").await;
    scan(&h, "the dark portal, feedback tab", &mut scans).await;

    h.client()
        .goto(&h.url("/two.html"))
        .await
        .expect("cannot open the two-widget page");
    h.wait_for(
        "both widgets",
        "[...document.querySelectorAll('ozg-widget')].every((w) => w.shadowRoot \
           && w.shadowRoot.querySelector('article.ozg-post, form.ozg-feedback'))",
    )
    .await;
    scan(&h, "the page with two widgets", &mut scans).await;

    h.client()
        .goto(&h.url("/jsonld.html"))
        .await
        .expect("cannot open the JSON-LD page");
    h.wait_for(
        "the service from JSON-LD",
        "root !== null && root.querySelector('.ozg-facts') !== null",
    )
    .await;
    scan(&h, "the JSON-LD page", &mut scans).await;

    println!("axe-core scans (tabs and pages): {scans}, 0 violations");
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn feedback_errors_receipt_and_failures_are_accessible_in_every_mode() {
    let h = Harness::start().await;
    let mut scans = 0;
    h.open("/").await;
    h.open_tab("feedback").await;

    // Submitting the empty form must show errors (and keep them accessible).
    h.click("form.ozg-feedback button[type=submit]").await;
    h.wait_for(
        "the form to mark invalid fields",
        "root.querySelector('form.ozg-feedback [aria-invalid=true], form.ozg-feedback [role=alert]') !== null",
    )
    .await;
    scan(
        &h,
        "the feedback form after an empty submission",
        &mut scans,
    )
    .await;

    h.click("form.ozg-feedback input[name=found][value=partly]")
        .await;
    h.click("form.ozg-feedback input[name=rating][value='3']")
        .await;
    h.click("form.ozg-feedback input[name=wants-reply]").await;
    h.find("form.ozg-feedback select[name=topic]")
        .await
        .select_by_index(1)
        .await
        .expect("cannot choose a topic");
    scan(
        &h,
        "the feedback form, filled in, with contact fields",
        &mut scans,
    )
    .await;
    h.click("form.ozg-feedback input[name=wants-reply]").await;
    h.click("form.ozg-feedback button[type=submit]").await;
    h.wait_for(
        "the receipt",
        "root.querySelector('.ozg-receipt .ozg-reference') !== null",
    )
    .await;
    scan(&h, "the receipt after a submission", &mut scans).await;

    // A service key that is no LeiKa key: the widget says it is not set up.
    h.js("host.service = '123'; return null;").await;
    h.wait_for(
        "the setup error",
        "root.querySelector('.ozg-setup-error') !== null",
    )
    .await;
    scan(&h, "the setup error", &mut scans).await;

    // An endpoint that does not answer: the updates cannot load.
    h.open("/").await;
    h.js("host.endpoint = '/nowhere/'; return null;").await;
    h.wait_for(
        "the load error",
        "root.querySelector('#ozg-panel-updates [role=alert]') !== null",
    )
    .await;
    scan(&h, "the updates panel after a failed load", &mut scans).await;

    println!("axe-core scans (feedback and failures): {scans}, 0 violations");
    h.finish().await;
}
