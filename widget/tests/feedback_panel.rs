//! The feedback panel stores feedback in the outbox before sending, says it is queued when
//! sending fails, and sends again on request.
#![cfg(target_arch = "wasm32")]

mod common;

use common::{click, exists, one, render, text};
use ozg_sdk::{Client, LeikaKey, Locale};
use ozg_widget::components::feedback_panel::{FeedbackEvent, FeedbackPanel, FeedbackPanelProps};
use ozg_widget::config::Target;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

fn outbox_len() -> u32 {
    storage()
        .get_item(ozg_sdk::outbox::STORAGE_KEY)
        .unwrap()
        .map_or(0, |json| {
            js_sys::Array::from(&js_sys::JSON::parse(&json).unwrap()).length()
        })
}

/// A failed send stores the feedback in the outbox before the first attempt and says so; the
/// form is gone, its answers are in the outbox, and "Jetzt senden" tries again at once.
#[wasm_bindgen_test]
async fn failed_send_is_queued_in_the_outbox() {
    storage().clear().unwrap();
    web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap()
        .clear()
        .unwrap();
    let events = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
    let on_event = {
        let events = std::rc::Rc::clone(&events);
        yew::Callback::from(move |event| events.borrow_mut().push(event))
    };
    // Port 9 (discard) refuses connections on loopback: a network error, no outside traffic.
    let root = render::<FeedbackPanel>(FeedbackPanelProps {
        target: Target {
            client: Client::new("http://127.0.0.1:9").unwrap(),
            service: LeikaKey::parse("99107108017000").unwrap(),
        },
        locale: Locale::De,
        page_url: None,
        retry_delay_ms: 60_000,
        on_event,
    })
    .await;
    click(&root, "input[name=found][value=no]").await;
    click(&root, "input[name=rating][value='2']").await;
    click(&root, "button[type=submit]").await;
    assert_eq!(outbox_len(), 1, "stored before the first attempt");
    common::until(|| exists(&root, ".ozg-queued")).await;
    assert_eq!(
        text(&one(&root, ".ozg-status")),
        "Gespeichert – wird gesendet"
    );
    assert!(!exists(&root, "form"), "the form gives way to the notice");
    assert!(!exists(&root, ".ozg-receipt"));
    let focused = common::document().active_element().unwrap();
    assert_eq!(
        focused.class_name(),
        "ozg-queued-title",
        "focus follows the submit to the notice"
    );
    assert_eq!(outbox_len(), 1, "kept after the failure");
    assert_eq!(
        *events.borrow(),
        [FeedbackEvent::Queued],
        "the page learns once that the feedback is queued"
    );

    // "Jetzt senden" sends again at once (and fails again: still queued, still stored).
    click(&root, ".ozg-queued button").await;
    common::until(|| exists(&root, ".ozg-queued")).await;
    assert_eq!(outbox_len(), 1);
    storage().clear().unwrap();
}
