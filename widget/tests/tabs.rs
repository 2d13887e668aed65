//! The tabs follow the WAI-ARIA tabs pattern: roles, states, roving tabindex, keyboard.
#![cfg(target_arch = "wasm32")]

mod common;

use common::{all, attr, click, focused_id, one, press, render, text};
use ozg_widget::components::tabs::{TabItem, Tabs, TabsProps};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::Element;
use yew::html;

wasm_bindgen_test_configure!(run_in_browser);

async fn tabs() -> Element {
    let item = |id, label, content| TabItem {
        id,
        label,
        content: html! { <p class="content">{ content }</p> },
    };
    render::<Tabs>(TabsProps {
        label: "Informationen zu diesem Dienst".into(),
        items: vec![
            item("updates", "Aktuelles", "Beiträge"),
            item("service", "So funktioniert's", "Beschreibung"),
            item("feedback", "Feedback", "Formular"),
        ],
    })
    .await
}

/// `(id, aria-selected, tabindex)` of every tab.
fn states(root: &Element) -> Vec<(String, String, String)> {
    all(root, "[role=tab]")
        .iter()
        .map(|tab| {
            (
                tab.id(),
                attr(tab, "aria-selected").unwrap_or_default(),
                attr(tab, "tabindex").unwrap_or_default(),
            )
        })
        .collect()
}

fn selected(index: usize) -> Vec<(String, String, String)> {
    ["updates", "service", "feedback"]
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let on = i == index;
            (
                format!("ozg-tab-{id}"),
                on.to_string(),
                if on { "0" } else { "-1" }.to_owned(),
            )
        })
        .collect()
}

fn visible_panel(root: &Element) -> String {
    let shown: Vec<_> = all(root, "[role=tabpanel]")
        .into_iter()
        .filter(|panel| !panel.has_attribute("hidden"))
        .map(|panel| panel.id())
        .collect();
    assert_eq!(shown.len(), 1, "exactly one panel is visible: {shown:?}");
    shown[0].clone()
}

#[wasm_bindgen_test]
async fn renders_tabs_with_aria() {
    let root = tabs().await;
    let list = one(&root, "[role=tablist]");
    assert_eq!(
        attr(&list, "aria-label").as_deref(),
        Some("Informationen zu diesem Dienst")
    );
    assert_eq!(states(&root), selected(0));
    let labels: Vec<_> = all(&root, "[role=tab]").iter().map(text).collect();
    assert_eq!(labels, ["Aktuelles", "So funktioniert's", "Feedback"]);
    for tab in all(&root, "[role=tab]") {
        let panel_id = attr(&tab, "aria-controls").unwrap();
        let panel = one(&root, &format!("#{panel_id}"));
        assert_eq!(attr(&panel, "role").as_deref(), Some("tabpanel"));
        assert_eq!(attr(&panel, "aria-labelledby"), Some(tab.id()));
        assert_eq!(attr(&panel, "tabindex").as_deref(), Some("0"));
        assert_eq!(attr(&tab, "type").as_deref(), Some("button"));
    }
    assert_eq!(visible_panel(&root), "ozg-panel-updates");
    // Panels render their content only once shown.
    assert_eq!(all(&root, ".content").len(), 1);
}

#[wasm_bindgen_test]
async fn keyboard_moves_focus_and_selection() {
    let root = tabs().await;
    let first = one(&root, "#ozg-tab-updates");
    first
        .unchecked_ref::<web_sys::HtmlElement>()
        .focus()
        .unwrap();

    press(&first, "ArrowRight").await;
    assert_eq!(states(&root), selected(1));
    assert_eq!(focused_id().as_deref(), Some("ozg-tab-service"));
    assert_eq!(visible_panel(&root), "ozg-panel-service");

    press(&one(&root, "#ozg-tab-service"), "End").await;
    assert_eq!(states(&root), selected(2));
    assert_eq!(focused_id().as_deref(), Some("ozg-tab-feedback"));

    // Wraps around at both ends.
    press(&one(&root, "#ozg-tab-feedback"), "ArrowRight").await;
    assert_eq!(states(&root), selected(0));
    press(&one(&root, "#ozg-tab-updates"), "ArrowLeft").await;
    assert_eq!(states(&root), selected(2));

    press(&one(&root, "#ozg-tab-feedback"), "Home").await;
    assert_eq!(states(&root), selected(0));
    assert_eq!(focused_id().as_deref(), Some("ozg-tab-updates"));
    assert_eq!(visible_panel(&root), "ozg-panel-updates");

    // Other keys change nothing.
    press(&one(&root, "#ozg-tab-updates"), "ArrowDown").await;
    assert_eq!(states(&root), selected(0));
}

#[wasm_bindgen_test]
async fn clicking_switches_panels_and_keeps_visited_ones() {
    let root = tabs().await;
    click(&root, "#ozg-tab-feedback").await;
    assert_eq!(states(&root), selected(2));
    assert_eq!(visible_panel(&root), "ozg-panel-feedback");
    assert_eq!(
        text(&one(&root, "#ozg-panel-feedback .content")),
        "Formular"
    );
    click(&root, "#ozg-tab-updates").await;
    // The feedback panel stays mounted (hidden), so nothing typed there is lost.
    assert_eq!(all(&root, ".content").len(), 2);
}
