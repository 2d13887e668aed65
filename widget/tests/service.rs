//! The "So funktioniert's" view in a browser: a full and a minimal description, steps that open
//! and close, the documents checklist that survives a reload, and the Leichte Sprache toggle.
#![cfg(target_arch = "wasm32")]

mod common;

use std::rc::Rc;

use common::{all, attr, checked, click, exists, one, render, text};
use ozg_sdk::{Locale, ServiceDescription};
use ozg_widget::components::service_description::{
    ServiceDescriptionView, ServiceDescriptionViewProps,
};
use serde_json::{Value, json};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

const FULL: &str = include_str!("../../sdk/tests/data/service.json");
const MINIMAL: &str = include_str!("../../sdk/tests/data/service-minimal.json");

/// The full example with texts on every step, under its own LeiKa key so that tests running in
/// the same browser profile do not share stored ticks.
fn full(leika: &str) -> ServiceDescription {
    let mut value: Value = serde_json::from_str(FULL).unwrap();
    value["leika"] = json!(leika);
    for (i, step) in value["steps"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .enumerate()
    {
        step["text"] = json!(format!("<p>Text zu Schritt {}.</p>", i + 1));
    }
    serde_json::from_value(value).unwrap()
}

async fn view(description: ServiceDescription, locale: Locale) -> Element {
    render::<ServiceDescriptionView>(ServiceDescriptionViewProps {
        description: Rc::new(description),
        locale,
    })
    .await
}

fn local_storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

#[wasm_bindgen_test]
async fn full_description_summary_first_then_every_module() {
    let root = view(full("99000000000001"), Locale::De).await;
    let headings: Vec<_> = all(&root, "h3").iter().map(text).collect();
    assert_eq!(
        headings,
        [
            "Auf einen Blick",
            "Fristen",
            "Voraussetzungen",
            "So gehen Sie vor",
            "Diese Unterlagen brauchen Sie",
            "Kosten im Einzelnen",
            "Formulare",
            "Rechtsgrundlagen",
            "Hinweise",
            "Zuständige Stelle",
            "Häufige Fragen",
        ]
    );
    // The summary: costs, processing time, online availability, the call to action.
    let facts: Vec<_> = all(&root, ".ozg-summary dt").iter().map(text).collect();
    assert_eq!(
        facts,
        [
            "Kosten",
            "Bearbeitungsdauer",
            "Online verfügbar",
            "Gilt für"
        ]
    );
    assert_eq!(text(&one(&root, ".ozg-facts dd")), "Antrag: kostenfrei");
    assert_eq!(
        text(&one(&root, ".ozg-summary a.ozg-apply")),
        "Online beantragen"
    );
    // Steps are numbered and collapsed; step titles are headings one level deeper.
    assert_eq!(all(&root, "ol.ozg-steps > li").len(), 4);
    assert_eq!(
        all(&root, "ol.ozg-steps > li h4 button[aria-expanded=false]").len(),
        4
    );
    assert_eq!(all(&root, ".ozg-step-body[hidden]").len(), 4);
    assert!(text(&all(&root, "ol.ozg-steps > li")[1]).contains("optional"));
    assert!(text(&all(&root, "ol.ozg-steps > li")[2]).contains("oder stattdessen"));
    // Legal bases: a link where there is a URL, text where there is none.
    let legal = all(&root, ".ozg-legal li");
    assert_eq!(legal.len(), 2);
    assert!(exists(&legal[0], "a[href^='https://']") && !exists(&legal[1], "a"));
    assert_eq!(all(&root, ".ozg-forms a").len(), 1);
    // FAQ as native disclosure widgets, closed.
    let faq = all(&root, "details.ozg-faq-item");
    assert_eq!(faq.len(), 1);
    assert!(!faq[0].has_attribute("open"));
    assert_eq!(
        text(&one(&root, ".ozg-updated time")),
        "1. Oktober 2026",
        "the date of the last change"
    );
    assert_eq!(
        attr(&one(&root, ".ozg-updated time"), "datetime").as_deref(),
        Some("2026-10-01")
    );
    assert!(!exists(&root, "[style], style"));
}

#[wasm_bindgen_test]
async fn minimal_description_shows_its_title_and_nothing_empty() {
    let description: ServiceDescription = serde_json::from_str(MINIMAL).unwrap();
    let root = view(description, Locale::En).await;
    assert_eq!(text(&one(&root, "h2")), "Bürgergeld beantragen");
    assert!(!exists(
        &root,
        "h3, section, ol, ul, dl, button, .ozg-updated"
    ));
}

#[wasm_bindgen_test]
async fn steps_open_one_by_one_and_all_at_once() {
    let root = view(full("99000000000002"), Locale::En).await;
    let body = |i: usize| one(&root, &format!("#ozg-step-{i}-body"));
    click(&root, "ol.ozg-steps > li:nth-child(2) button").await;
    let toggle = one(&root, "ol.ozg-steps > li:nth-child(2) button");
    assert_eq!(attr(&toggle, "aria-expanded").as_deref(), Some("true"));
    assert_eq!(
        attr(&toggle, "aria-controls").as_deref(),
        Some("ozg-step-1-body")
    );
    assert!(!body(1).has_attribute("hidden"));
    assert_eq!(text(&body(1)), "Text zu Schritt 2.");
    assert!(body(0).has_attribute("hidden"));
    click(&root, "ol.ozg-steps > li:nth-child(2) button").await;
    assert!(body(1).has_attribute("hidden"));

    assert_eq!(text(&one(&root, ".ozg-steps-all")), "Show all");
    click(&root, ".ozg-steps-all").await;
    assert!(all(&root, ".ozg-step-body[hidden]").is_empty());
    assert_eq!(text(&one(&root, ".ozg-steps-all")), "Hide all");
    // Closing one step makes "Show all" available again.
    click(&root, "ol.ozg-steps > li:nth-child(1) button").await;
    assert_eq!(text(&one(&root, ".ozg-steps-all")), "Show all");
    click(&root, ".ozg-steps-all").await;
    click(&root, ".ozg-steps-all").await;
    assert_eq!(all(&root, ".ozg-step-body[hidden]").len(), 4);
}

#[wasm_bindgen_test]
async fn checklist_ticks_persist_per_service_and_reset() {
    let leika = "99000000000003";
    let key = format!("ozg-widget:checklist:{leika}");
    local_storage().remove_item(&key).unwrap();

    let root = view(full(leika), Locale::De).await;
    assert_eq!(
        text(&one(&root, ".ozg-progress")),
        "0 von 2 Unterlagen bereit"
    );
    assert!(one(&root, ".ozg-checklist-reset").has_attribute("disabled"));
    click(&root, "#ozg-document-1").await;
    assert!(checked(&root, "#ozg-document-1"));
    assert_eq!(
        text(&one(&root, ".ozg-progress")),
        "1 von 2 Unterlagen bereit"
    );
    assert_eq!(
        local_storage().get_item(&key).unwrap().as_deref(),
        Some("Mietvertrag")
    );
    // The label names the document, the note describes the checkbox.
    assert_eq!(
        attr(&one(&root, "#ozg-document-1"), "aria-describedby").as_deref(),
        Some("ozg-document-1-note")
    );

    // A new view of the same service (as after a reload) shows the tick again …
    let again = view(full(leika), Locale::De).await;
    assert!(checked(&again, "#ozg-document-1") && !checked(&again, "#ozg-document-0"));
    // … another service has its own list.
    let other = view(full("99000000000004"), Locale::De).await;
    assert!(!checked(&other, "#ozg-document-1"));

    click(&again, ".ozg-checklist-reset").await;
    assert!(!checked(&again, "#ozg-document-1"));
    assert_eq!(local_storage().get_item(&key).unwrap(), None);
    root.remove();
    again.remove();
    other.remove();
}

#[wasm_bindgen_test]
async fn leichte_sprache_replaces_the_main_texts() {
    let root = view(full("99000000000005"), Locale::De).await;
    let title = || text(&one(&root, ".ozg-service-title"));
    assert_eq!(title(), "Bürgergeld – Grundsicherung für Arbeitsuchende");
    let toggle = one(&root, ".ozg-easy-toggle");
    assert_eq!(text(&toggle), "Leichte Sprache");
    assert_eq!(attr(&toggle, "aria-pressed").as_deref(), Some("false"));

    click(&root, ".ozg-easy-toggle").await;
    assert_eq!(title(), "Bürgergeld: Geld vom Jobcenter");
    assert_eq!(
        text(&one(&root, ".ozg-teaser")),
        "Sie haben nicht genug Geld zum Leben? Dann können Sie Bürgergeld bekommen."
    );
    let short: Vec<_> = all(&root, ".ozg-short-text p").iter().map(text).collect();
    assert_eq!(
        short,
        [
            "Bürgergeld ist Geld vom Jobcenter.",
            "Sie bekommen das Geld für Essen, Kleidung und die Wohnung."
        ]
    );
    assert_eq!(
        attr(&one(&root, ".ozg-easy-toggle"), "aria-pressed").as_deref(),
        Some("true")
    );
    // The rest of the description stays.
    assert_eq!(all(&root, "ol.ozg-steps > li").len(), 4);

    click(&root, ".ozg-easy-toggle").await;
    assert_eq!(title(), "Bürgergeld – Grundsicherung für Arbeitsuchende");
}

#[wasm_bindgen_test]
async fn no_toggle_without_an_easy_language_version() {
    let mut description = full("99000000000006");
    description.easy_language = None;
    let root = view(description, Locale::De).await;
    assert!(!exists(&root, ".ozg-easy-toggle"));
}
