//! The checked-in `sdk/openapi.json` must be exactly what the wire types generate.
//!
//! After an intended change of the contract, write the file anew with
//! `OZG_BLESS=1 cargo test -p ozg-sdk --test openapi` and review the diff.

use std::path::Path;

#[test]
fn checked_in_document_matches_the_types() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("openapi.json");
    let generated = ozg_sdk::openapi::to_pretty_json();
    if std::env::var_os("OZG_BLESS").is_some() {
        std::fs::write(&path, &generated).expect("write openapi.json");
        return;
    }
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        checked_in == generated,
        "sdk/openapi.json is out of date with the wire types; run \
         `OZG_BLESS=1 cargo test -p ozg-sdk --test openapi` and review the diff"
    );
}

#[test]
fn document_covers_the_contract() {
    let doc: serde_json::Value =
        serde_json::from_str(&ozg_sdk::openapi::to_pretty_json()).expect("valid JSON");
    assert_eq!(doc["openapi"], "3.1.0");
    for (path, method) in [
        ("/v1/services/{leika}", "get"),
        ("/v1/updates", "get"),
        ("/v1/challenge", "get"),
        ("/v1/feedback", "post"),
        ("/v1/feedback/{reference}", "get"),
        ("/v1/services/{leika}/stats", "get"),
    ] {
        assert!(
            doc["paths"][path][method].is_object(),
            "{method} {path} missing"
        );
    }
    let post = &doc["paths"]["/v1/feedback"]["post"]["responses"];
    for status in ["201", "400", "409", "413", "422", "429"] {
        assert!(post[status].is_object(), "POST /v1/feedback lacks {status}");
    }
    assert_eq!(
        doc["components"]["schemas"]["FeedbackSubmission"]["properties"]["rating"]["maximum"],
        5
    );
}
