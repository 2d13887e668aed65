//! A read-only view of parsed JSON, so that the page-data readers ([`crate::lenient`],
//! [`crate::jsonld`]) run on the browser's own `JSON.parse` result in the widget and on
//! `serde_json::Value` in native tests.
//!
//! Both the view and the readers of the wire types are the sdk's ([`ozg_sdk::json`]), the same
//! code the sdk client uses for the endpoint's answers: reading the page's JSON adds no second
//! JSON implementation to the wasm.

pub use ozg_sdk::json::{FromJson, Json};
