//! Service descriptions the host page carries itself: JSON in a `<script type="application/json">`
//! named by the `service-json` attribute, or schema.org `GovernmentService` JSON-LD in
//! `<script type="application/ld+json">`. Only the bootstrap calls this module; it reads the host
//! document, and the components get the typed result.
//!
//! Data blocks are never executed, so a page under `script-src 'self'` may carry them. They are
//! parsed with the browser's `JSON.parse`; what is wrong with them goes to the console with its
//! JSON pointer.

use ozg_sdk::{LeikaKey, ServiceDescription, ValidationErrors};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element};

use crate::config::Diagnostic;
use crate::{jsonld, lenient};

/// The description in the `<script type="application/json" id="{id}">` of `document`.
pub(super) fn inline(
    document: &Document,
    id: &str,
    leika: &LeikaKey,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<ServiceDescription> {
    let what = format!("<script id=\"{id}\">");
    let Some(script) = document
        .get_element_by_id(id)
        .filter(|e| e.tag_name().eq_ignore_ascii_case("script"))
    else {
        diagnostics.push(Diagnostic::error(format!(
            "ozg-widget: attribute \"service-json\" names \"{id}\", but the page has no <script type=\"application/json\"> with that id"
        )));
        return None;
    };
    let value = parse(&script, &what, diagnostics)?;
    let (description, issues) = lenient::service_description(&value, leika);
    if description.is_none() {
        diagnostics.push(Diagnostic::error(format!(
            "ozg-widget: no service description from {what}: it has no usable title"
        )));
    }
    report(&what, issues, diagnostics);
    description
}

/// The first `GovernmentService` in the JSON-LD of `document`, mapped.
pub(super) fn json_ld(
    document: &Document,
    leika: &LeikaKey,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<ServiceDescription> {
    let scripts = document
        .query_selector_all("script[type=\"application/ld+json\"]")
        .ok()?;
    let blocks: Vec<JsValue> = (0..scripts.length())
        .filter_map(|i| scripts.item(i)?.dyn_into::<Element>().ok())
        .enumerate()
        .map(|(i, script)| {
            parse(&script, &format!("JSON-LD block {i}"), diagnostics).unwrap_or(JsValue::NULL)
        })
        .collect();
    let what = "schema.org JSON-LD";
    match jsonld::service_description(&blocks, leika) {
        Ok((description, issues)) => {
            report(what, issues, diagnostics);
            Some(description)
        }
        Err(issues) => {
            for issue in issues.into_vec() {
                diagnostics.push(Diagnostic::error(format!(
                    "ozg-widget: no service description from {what}: {}",
                    issue.detail
                )));
            }
            None
        }
    }
}

fn parse(script: &Element, what: &str, diagnostics: &mut Vec<Diagnostic>) -> Option<JsValue> {
    let text = script.text_content().unwrap_or_default();
    match js_sys::JSON::parse(&text) {
        Ok(value) => Some(value),
        Err(error) => {
            let reason = error
                .dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
                .unwrap_or_default();
            diagnostics.push(Diagnostic::error(format!(
                "ozg-widget: the service description in {what} is not valid JSON: {reason}"
            )));
            None
        }
    }
}

fn report(what: &str, issues: ValidationErrors, diagnostics: &mut Vec<Diagnostic>) {
    for issue in issues.into_vec() {
        let at = if issue.pointer.is_empty() {
            "/"
        } else {
            issue.pointer.as_str()
        };
        diagnostics.push(Diagnostic::warning(format!(
            "ozg-widget: service description from {what} at {at}: {}; left out",
            issue.detail
        )));
    }
}
