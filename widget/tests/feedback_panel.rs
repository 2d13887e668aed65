//! The feedback panel sends through the sdk client, keeps the form on failure and resends the
//! same submission under the same key.
#![cfg(target_arch = "wasm32")]

mod common;

use common::{click, exists, one, render, text};
use ozg_sdk::{Client, LeikaKey, Locale};
use ozg_widget::components::feedback_panel::{FeedbackPanel, FeedbackPanelProps};
use ozg_widget::config::Target;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::HtmlInputElement;

wasm_bindgen_test_configure!(run_in_browser);

/// Regression: the failure message appended after the form changed the length of the panel's
/// child list, Yew matched the lists from the end and remounted the form, losing all answers.
#[wasm_bindgen_test]
async fn failed_send_keeps_the_form() {
    // Port 9 (discard) refuses connections on loopback: a network error, no outside traffic.
    let root = render::<FeedbackPanel>(FeedbackPanelProps {
        target: Target {
            client: Client::new("http://127.0.0.1:9").unwrap(),
            service: LeikaKey::parse("99107108017000").unwrap(),
        },
        locale: Locale::De,
        page_url: None,
    })
    .await;
    click(&root, "input[name=found][value=no]").await;
    click(&root, "input[name=rating][value='2']").await;
    let form = one(&root, "form");
    js_sys::Reflect::set(&form, &"mark".into(), &true.into()).unwrap();
    click(&root, "button[type=submit]").await;
    assert!(
        one(&root, "form").is_same_node(Some(&form)),
        "the form is not replaced"
    );
    assert!(one(&root, "button[type=submit]").has_attribute("disabled"));
    assert_eq!(text(&one(&root, ".ozg-status")), "Wird gesendet …");
    common::until(|| exists(&root, "[role=alert]")).await;
    assert!(
        one(&root, "[role=alert]")
            .text_content()
            .unwrap()
            .contains("konnte nicht gesendet werden")
    );
    assert!(
        one(&root, "form").is_same_node(Some(&form)),
        "the form is still not replaced"
    );
    let found = one(&root, "input[name=found][value=no]").unchecked_into::<HtmlInputElement>();
    assert!(found.checked(), "the answers are kept");
    assert!(!one(&root, "button[type=submit]").has_attribute("disabled"));

    // "Erneut senden" sends again at once.
    click(&root, "[role=alert] button").await;
    assert!(one(&root, "button[type=submit]").has_attribute("disabled"));
    assert_eq!(text(&one(&root, ".ozg-status")), "Wird gesendet …");
}
