//! The English demo page: the widget follows `lang="en"`.

use ozg_tests::Harness;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn english_page_has_english_tabs() {
    let h = Harness::start().await;
    h.open("/en.html").await;
    let labels = h.texts("[role=tablist] [role=tab]").await;
    assert_eq!(labels, ["Updates", "How it works", "Feedback"]);
    h.finish().await;
}
