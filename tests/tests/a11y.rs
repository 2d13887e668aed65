//! WCAG 2.1 AA with axe-core in a real browser, in every state a citizen can reach: each tab, the
//! feedback form with errors, the receipt, and the English page. axe-core looks into the
//! widget's open shadow root itself.

use ozg_tests::Harness;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_tab_is_accessible() {
    let h = Harness::start().await;
    h.open("/").await;
    h.wait_for_posts().await;
    h.assert_accessible("the demo page, updates tab").await;

    h.open_tab("service").await;
    h.wait_for(
        "the service steps",
        "root.querySelectorAll('ol.ozg-steps > li').length > 0",
    )
    .await;
    h.assert_accessible("the demo page, service tab").await;

    h.open_tab("feedback").await;
    h.assert_accessible("the demo page, feedback tab").await;

    h.open("/en.html").await;
    h.wait_for_posts().await;
    h.assert_accessible("the English page, updates tab").await;

    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn feedback_errors_and_receipt_are_accessible() {
    let h = Harness::start().await;
    h.open("/").await;
    h.open_tab("feedback").await;

    // Submitting the empty form must show errors (and keep them accessible).
    h.click("form.ozg-feedback button[type=submit]").await;
    h.wait_for(
        "the form to mark invalid fields",
        "root.querySelector('form.ozg-feedback [aria-invalid=true], form.ozg-feedback [role=alert]') !== null",
    )
    .await;
    h.assert_accessible("the feedback form after an empty submission")
        .await;

    h.click("form.ozg-feedback input[name=found][value=partly]")
        .await;
    h.click("form.ozg-feedback input[name=rating][value='3']")
        .await;
    h.find("form.ozg-feedback select[name=topic]")
        .await
        .select_by_index(1)
        .await
        .expect("cannot choose a topic");
    h.click("form.ozg-feedback button[type=submit]").await;
    h.wait_for(
        "the receipt",
        "root.querySelector('.ozg-receipt .ozg-reference') !== null",
    )
    .await;
    h.assert_accessible("the receipt after a submission").await;

    h.finish().await;
}
