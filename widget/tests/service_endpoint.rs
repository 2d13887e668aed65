//! "So funktioniert's" from the endpoint, against a stand-in `fetch`: a description that breaks
//! the contract in parts still shows its valid parts, and an unknown service its empty state.
#![cfg(target_arch = "wasm32")]

mod common;

use common::{all, exists, render, text, until};
use ozg_sdk::{Client, LeikaKey, Locale};
use ozg_widget::components::service_panel::{ServiceData, ServicePanel, ServicePanelProps};
use ozg_widget::config::Target;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// Replaces the global `fetch`: every request answers `status` with `body`.
fn stub_fetch(status: u16, body: &str) {
    let body = serde_json::to_string(body).unwrap();
    let code = format!(
        "globalThis.fetch = async () => new Response({body}, {{ status: {status}, \
         headers: {{ 'content-type': 'application/json' }} }});"
    );
    js_sys::Function::new_no_args(&code)
        .call0(&wasm_bindgen::JsValue::NULL)
        .unwrap();
}

fn props() -> ServicePanelProps {
    ServicePanelProps {
        data: ServiceData::Endpoint(Target {
            client: Client::new("https://endpoint.example").unwrap(),
            service: LeikaKey::parse("99107108017000").unwrap(),
        }),
        locale: Locale::De,
    }
}

#[wasm_bindgen_test]
async fn a_partly_broken_description_shows_its_valid_parts() {
    // The second document has no name and the costs are not an object: both are left out,
    // the rest is shown.
    stub_fetch(
        200,
        r#"{
            "leika": "99107108017000",
            "title": "Bürgergeld beantragen",
            "documents": [{ "name": "Personalausweis" }, { "note": "ohne Namen" }, { "name": "Mietvertrag" }],
            "costs": "kostenlos",
            "steps": [{ "title": "Antrag stellen" }, { "title": "Bescheid erhalten" }]
        }"#,
    );
    let root = render::<ServicePanel>(props()).await;
    until(|| exists(&root, "ol.ozg-steps")).await;
    let documents: Vec<String> = all(&root, "ul.ozg-documents > li")
        .iter()
        .map(text)
        .collect();
    assert_eq!(documents.len(), 2, "{documents:?}");
    assert!(documents[0].contains("Personalausweis") && documents[1].contains("Mietvertrag"));
    assert_eq!(all(&root, "ol.ozg-steps > li").len(), 2);
    assert!(text(&root).contains("Bürgergeld beantragen"));
}

#[wasm_bindgen_test]
async fn a_description_without_title_is_a_load_error() {
    stub_fetch(200, r#"{ "leika": "99107108017000", "steps": [] }"#);
    let root = render::<ServicePanel>(props()).await;
    until(|| exists(&root, ".ozg-message-error")).await;
    assert!(!exists(&root, "ol.ozg-steps"));
}
