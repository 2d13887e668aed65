//! Reads as much of a service description as is valid from JSON a page author typed into a
//! portal page, which may be partial or malformed.
//!
//! A module that does not fit its wire type is left out, and so is a single item of a list (one
//! document, one step); the rest is kept. Every part left out, and every violation of
//! `ServiceDescription::validate`, is reported with its JSON pointer.

use crate::json::{FromJson, Json};
use ozg_sdk::{
    Costs, Document, EasyLanguage, Faq, LeikaKey, Link, Office, ServiceDescription, Step,
    ValidationErrors,
};

/// The description in `value`, with what was left out; `None` when not even one with a title
/// can be made. A missing or invalid `leika` is replaced by `fallback_leika`, the element's
/// `service` attribute.
pub fn service_description<J: Json>(
    value: &J,
    fallback_leika: &LeikaKey,
) -> (Option<ServiceDescription>, ValidationErrors) {
    let mut issues = ValidationErrors::default();
    if value.items().is_some() || value.as_string().is_some() || value.as_number().is_some() {
        issues.push("", "invalid_type", "must be a JSON object");
        return (None, issues);
    }
    let leika = match value.get("leika") {
        None => fallback_leika.clone(),
        Some(key) => match LeikaKey::from_json(&key) {
            Ok(key) => key,
            Err(_) => {
                issues.push(
                    "/leika",
                    "invalid_format",
                    "must be a LeiKa key of 14 digits; using the element's `service`",
                );
                fallback_leika.clone()
            }
        },
    };
    let Some(title) = one::<String, J>(value, "title", &mut issues) else {
        issues.push("/title", "required", "a description needs a title");
        return (None, issues);
    };
    let issues = &mut issues;
    let description = ServiceDescription {
        leika,
        title,
        citizen_title: one(value, "citizenTitle", issues),
        teaser: one(value, "teaser", issues),
        short_text: one(value, "shortText", issues),
        full_text: one(value, "fullText", issues),
        requirements: many::<String, J>(value, "requirements", issues),
        documents: many::<Document, J>(value, "documents", issues),
        costs: one::<Costs, J>(value, "costs", issues),
        processing_time: one(value, "processingTime", issues),
        deadlines: many::<String, J>(value, "deadlines", issues),
        steps: many::<Step, J>(value, "steps", issues),
        forms: many::<Link, J>(value, "forms", issues),
        online_service: one::<Link, J>(value, "onlineService", issues),
        legal_bases: many::<Link, J>(value, "legalBases", issues),
        notes: many::<String, J>(value, "notes", issues),
        competent_office: one::<Office, J>(value, "competentOffice", issues),
        faq: many::<Faq, J>(value, "faq", issues),
        last_updated: one(value, "lastUpdated", issues),
        language: one(value, "language", issues),
        easy_language: one::<EasyLanguage, J>(value, "easyLanguage", issues),
        area_served: one(value, "areaServed", issues),
    };
    if let Err(errors) = description.validate() {
        for error in errors.into_vec() {
            issues.push(&error.pointer, &error.code, error.detail);
        }
    }
    (Some(description), std::mem::take(issues))
}

/// The member `key` as a `T`, or `None` and an issue.
fn one<T: FromJson, J: Json>(value: &J, key: &str, issues: &mut ValidationErrors) -> Option<T> {
    let member = value.get(key)?;
    T::from_json(&member)
        .map_err(|e| issues.push(&format!("/{key}"), "invalid", e))
        .ok()
}

/// The items of the array member `key` that read as a `T`; one issue per item left out.
fn many<T: FromJson, J: Json>(value: &J, key: &str, issues: &mut ValidationErrors) -> Vec<T> {
    let Some(member) = value.get(key) else {
        return Vec::new();
    };
    let Some(items) = member.items() else {
        issues.push(&format!("/{key}"), "invalid_type", "must be an array");
        return Vec::new();
    };
    items
        .iter()
        .enumerate()
        .filter_map(|(i, item)| {
            T::from_json(item)
                .map_err(|e| issues.push(&format!("/{key}/{i}"), "invalid", e))
                .ok()
        })
        .collect()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use serde_json::{Value, json};

    use super::*;

    const EXAMPLE: &str = include_str!("../../sdk/tests/data/service.json");

    fn example() -> Value {
        serde_json::from_str(EXAMPLE).expect("example")
    }

    fn key() -> LeikaKey {
        LeikaKey::parse("99107108017000").expect("key")
    }

    /// Reads `value` leniently and compares the issues (pointer, code) with `expected`.
    fn check(value: Value, expected: &[(&str, &str)]) -> Option<ServiceDescription> {
        let (description, issues) = service_description(&value, &key());
        assert_eq!(issues.codes(), expected);
        description
    }

    #[test]
    fn keeps_a_valid_description_whole() {
        let strict: ServiceDescription = serde_json::from_value(example()).expect("reads");
        assert_eq!(check(example(), &[]).expect("description"), strict);
    }

    #[test]
    fn leaves_out_bad_items_and_modules() {
        let mut value = example();
        value["documents"][1] = json!({ "note": "no name" });
        value["steps"][0]["optional"] = json!("ja");
        value["costs"] = json!({ "fees": [{ "label": "Gebühr", "amount": 12 }] });
        value["deadlines"] = json!("morgen");
        value["forms"][0]["url"] = json!("javascript:alert(1)");
        let steps = value["steps"].as_array().expect("steps").len();
        let description = check(
            value,
            &[
                ("/documents/1", "invalid"),
                ("/costs", "invalid"),
                ("/deadlines", "invalid_type"),
                ("/steps/0", "invalid"),
                ("/forms/0/url", "invalid_format"),
            ],
        )
        .expect("description");
        assert_eq!(description.documents.len(), 1);
        assert_eq!(description.steps.len(), steps - 1);
        assert!(description.costs.is_none() && description.deadlines.is_empty());
        // The rest is still there.
        assert!(description.competent_office.is_some() && !description.faq.is_empty());
    }

    #[test]
    fn needs_only_a_title() {
        let description = check(json!({ "title": "Hundesteuer" }), &[]).expect("description");
        assert_eq!(description.leika, key());
        check(
            json!({ "leika": "123", "title": "Hundesteuer" }),
            &[("/leika", "invalid_format")],
        )
        .expect("description");
        assert!(check(json!({ "teaser": "x" }), &[("/title", "required")]).is_none());
        assert!(
            check(
                json!({ "title": 7 }),
                &[("/title", "invalid"), ("/title", "required")]
            )
            .is_none()
        );
        assert!(check(json!([1, 2]), &[("", "invalid_type")]).is_none());
    }
}
