//! `ozg-endpoint import`: descriptions from files, all or none, with errors that name the file
//! and the JSON path.

use std::path::{Path, PathBuf};

use axum::http::StatusCode;
use ozg_endpoint::import::{self, ImportError};
use ozg_sdk::ServiceDescription;
use serde_json::{Value, json};

use crate::support::test_app;

const EXAMPLE: &str = include_str!("../../../../sdk/tests/data/service.json");

/// The example description under `leika`, with `change` applied, as JSON text.
fn description(leika: &str, change: impl FnOnce(&mut Value)) -> String {
    let mut value: Value = serde_json::from_str(EXAMPLE).expect("example");
    value["leika"] = json!(leika);
    change(&mut value);
    value.to_string()
}

/// Parses `json` as the file `hund.json` and returns the error text, or `None` when it is fine.
fn error_of(json: &str) -> Option<String> {
    import::parse(Path::new("services/hund.json"), json)
        .err()
        .map(|e| e.to_string())
}

#[test]
fn errors_name_file_and_path() {
    let cases: [(String, Option<&str>); 6] = [
        (description("99108004001000", |_| {}), None),
        (
            description("99108004001000", |v| {
                v["documents"][1]["requiredFor"] = json!("many")
            }),
            Some(
                "services/hund.json: at documents[1].requiredFor: unknown variant `many`, expected `all` or `some`",
            ),
        ),
        (
            description("99108004001000", |v| {
                v["costs"]["fees"][0]["amount"] = json!({ "kind": "fixed" })
            }),
            Some("services/hund.json: at costs.fees[0].amount: missing field `cents`"),
        ),
        (
            description("991080040010", |_| {}),
            Some("services/hund.json: at leika: "),
        ),
        (
            description("99108004001000", |v| {
                v["forms"][0]["url"] = json!("javascript:alert(1)");
                v["lastUpdated"] = json!("gestern");
            }),
            Some(
                "services/hund.json: at /forms/0/url: must be an absolute http or https URL\nservices/hund.json: at /lastUpdated: must be a date YYYY-MM-DD",
            ),
        ),
        (
            "<html>".to_owned(),
            Some("services/hund.json: at .: expected value"),
        ),
    ];
    // serde_json appends the line and column of the mismatch; the rest is pinned.
    for (json, expected) in cases {
        let got = error_of(&json);
        match expected {
            Some(expected) => {
                let got = got.unwrap_or_else(|| panic!("no error, expected {expected}"));
                assert!(got.starts_with(expected), "{got}\n  expected: {expected}");
            }
            None => assert_eq!(got, None),
        }
    }
}

fn write(dir: &Path, name: &str, json: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, json).expect("write file");
    path
}

#[tokio::test]
async fn imports_all_files_or_none() {
    let app = test_app().await;
    let dir = tempfile::tempdir().expect("folder");
    let good = write(
        dir.path(),
        "hund.json",
        &description("99108004001000", |_| {}),
    );
    let bad = write(
        dir.path(),
        "wohngeld.json",
        &description("99107060001000", |v| v["steps"][0]["title"] = json!(7)),
    );
    let missing = dir.path().join("fehlt.json");

    let errors = import::import(
        &app.pool,
        &[good.clone(), bad.clone(), missing],
        Some("Steueramt"),
    )
    .await
    .expect_err("a bad file stops the import");
    assert_eq!(errors.len(), 2);
    assert!(
        matches!(&errors[0], ImportError::Json { file, path, .. } if *file == bad && path == "steps[0].title")
    );
    assert!(matches!(&errors[1], ImportError::Read { .. }));
    assert_eq!(
        app.get("/v1/services/99108004001000").await.status,
        StatusCode::NOT_FOUND,
        "nothing was written"
    );

    // A new service needs a department for its feedback.
    let errors = import::import(&app.pool, std::slice::from_ref(&good), None)
        .await
        .expect_err("no department");
    assert!(
        errors[0].to_string().contains("--department"),
        "{}",
        errors[0]
    );

    let stored = import::import(&app.pool, std::slice::from_ref(&good), Some("Steueramt"))
        .await
        .expect("imports");
    assert_eq!(stored.len(), 1);
    let response = app.get("/v1/services/99108004001000").await;
    assert_eq!(response.status, StatusCode::OK);
    let served: ServiceDescription = response.json();
    assert_eq!(served, stored[0]);

    // Importing again replaces the description and keeps the department.
    let changed = write(
        dir.path(),
        "hund.json",
        &description("99108004001000", |v| v["title"] = json!("Hund anmelden")),
    );
    import::import(&app.pool, &[changed], None)
        .await
        .expect("re-import");
    let served: ServiceDescription = app.get("/v1/services/99108004001000").await.json();
    assert_eq!(served.title, "Hund anmelden");
    let (department,): (String,) =
        sqlx::query_as("SELECT department FROM services WHERE leika = '99108004001000'")
            .fetch_one(&app.pool)
            .await
            .expect("row");
    assert_eq!(department, "Steueramt");
}
