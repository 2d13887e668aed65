//! The `<ozg-widget>` custom element: the authority's updates, an explanation of the service and
//! a feedback form, for OZG service pages.
//!
//! `element` (wasm only) is the bootstrap that touches the host page; everything else gets
//! typed values: [`config`] parses the attributes, [`components`] render, [`state`] holds the
//! reducers, [`i18n`] all texts. Data comes only through `ozg_sdk::Client`.

mod browser;
pub mod components;
pub mod config;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod css_minify;
#[cfg(target_arch = "wasm32")]
pub mod element;
pub mod hooks;
pub mod i18n;
pub mod json;
pub mod jsonld;
pub mod lenient;
pub mod links;
pub mod social;
mod sort;
pub mod state;
