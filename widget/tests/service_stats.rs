//! The line of transparency figures in the feedback panel, against a stand-in `fetch`: shown
//! in German and English when the endpoint has figures, hidden when it has too few or fails.
#![cfg(target_arch = "wasm32")]

mod common;

use common::{exists, render, text, until};
use ozg_sdk::{Client, LeikaKey, Locale};
use ozg_widget::components::service_stats::{ServiceStatsLine, ServiceStatsLineProps};
use ozg_widget::config::Target;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// Replaces the global `fetch`: every request answers `status` with `body`, and its URL is
/// kept in `globalThis.statsRequests`.
fn stub_fetch(status: u16, body: &str) {
    let body = serde_json::to_string(body).unwrap();
    let code = format!(
        "globalThis.statsRequests = []; \
         globalThis.fetch = async (request) => {{ \
           globalThis.statsRequests.push(request.url || String(request)); \
           return new Response({body}, {{ status: {status}, \
             headers: {{ 'content-type': 'application/json' }} }}); }};"
    );
    js_sys::Function::new_no_args(&code)
        .call0(&wasm_bindgen::JsValue::NULL)
        .unwrap();
}

/// The URLs fetched since the last [`stub_fetch`].
fn requests() -> Vec<String> {
    let value = js_sys::Reflect::get(&js_sys::global(), &"statsRequests".into()).unwrap();
    js_sys::Array::from(&value)
        .iter()
        .filter_map(|v| v.as_string())
        .collect()
}

fn props(locale: Locale) -> ServiceStatsLineProps {
    ServiceStatsLineProps {
        target: Target {
            client: Client::new("https://endpoint.example").unwrap(),
            service: LeikaKey::parse("99107108017000").unwrap(),
        },
        locale,
    }
}

const FIGURES: &str = r#"{
    "service": "99107108017000", "windowDays": 365, "since": "2025-11-26T00:00:00Z",
    "minimumCount": 10, "count": 42, "foundShare": 0.866, "meanRating": 4.1,
    "medianAnswerSeconds": 252000
}"#;

#[wasm_bindgen_test]
async fn the_figures_read_as_one_line_in_both_languages() {
    stub_fetch(200, FIGURES);
    let root = render::<ServiceStatsLine>(props(Locale::De)).await;
    until(|| exists(&root, "p.ozg-stats")).await;
    assert_eq!(
        text(&root),
        "Wir antworten im Schnitt in 3 Tagen · 87\u{a0}% fanden, was sie suchten"
    );
    assert_eq!(
        requests(),
        ["https://endpoint.example/v1/services/99107108017000/stats"]
    );

    let root = render::<ServiceStatsLine>(props(Locale::En)).await;
    until(|| exists(&root, "p.ozg-stats")).await;
    assert_eq!(
        text(&root),
        "We answer within 3 days on average · 87% found what they were looking for"
    );
}

#[wasm_bindgen_test]
async fn only_the_figures_there_are() {
    stub_fetch(
        200,
        r#"{ "service": "99107108017000", "windowDays": 365, "since": "2025-11-26T00:00:00Z",
             "minimumCount": 10, "count": 12, "foundShare": 0.5, "meanRating": 3.0 }"#,
    );
    let root = render::<ServiceStatsLine>(props(Locale::De)).await;
    until(|| exists(&root, "p.ozg-stats")).await;
    assert_eq!(text(&root), "50\u{a0}% fanden, was sie suchten");
}

/// Renders with the stand-in answering `status` and `body`, waits until the request was made
/// and its answer handled, and checks that nothing is shown.
async fn hidden(status: u16, body: &str) {
    stub_fetch(status, body);
    let root = render::<ServiceStatsLine>(props(Locale::De)).await;
    until(|| !requests().is_empty()).await;
    // Ten turns of the event loop for the answer to be read and rendered.
    for _ in 0..10 {
        let next_task = js_sys::Promise::new(&mut |resolve, _| {
            web_sys::window()
                .unwrap()
                .set_timeout_with_callback(&resolve)
                .unwrap();
        });
        wasm_bindgen_futures::JsFuture::from(next_task)
            .await
            .unwrap();
        yew::scheduler::flush().await;
    }
    assert!(!exists(&root, "p.ozg-stats"), "{status} {body}");
    assert_eq!(text(&root), "");
}

#[wasm_bindgen_test]
async fn too_few_submissions_or_a_failure_show_nothing() {
    hidden(
        200,
        r#"{ "service": "99107108017000", "windowDays": 365, "since": "2025-11-26T00:00:00Z",
             "minimumCount": 10, "count": 3 }"#,
    )
    .await;
    hidden(
        500,
        r#"{ "type": "about:blank", "title": "Internal Server Error", "status": 500 }"#,
    )
    .await;
    hidden(200, "not JSON").await;
}
