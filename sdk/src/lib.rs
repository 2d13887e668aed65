//! `ozg-sdk`: the wire contract of the ozg-widget authority endpoint and a typed client for it.
//!
//! Every JSON shape that travels between the widget (or a custom frontend) and the endpoint is
//! defined here and nowhere else. The validation rules sit next to the types so that the browser
//! rejects bad input before sending and the endpoint rejects it again with the same field codes.
//!
//! The `client` feature (on by default) adds [`Client`], which uses `fetch` in the browser and
//! `reqwest` natively. The `openapi` feature adds `openapi::document`, the OpenAPI 3.1 document
//! of the HTTP contract.
#![deny(missing_docs)]

mod challenge;
#[cfg(feature = "client")]
mod client;
mod error;
mod feedback;
pub mod json;
pub mod mask;
pub mod mastodon;
#[cfg(feature = "openapi")]
pub mod openapi;
#[cfg(feature = "client")]
pub mod outbox;
mod problem;
mod service;
mod stats;
mod update;
pub mod validate;

pub use challenge::{
    AltchaChallenge, AltchaParameters, AltchaPayload, AltchaSolution, CHALLENGE_CODES,
    CHALLENGE_HEADER, CHALLENGE_PROBLEM_TYPE, Challenge, ChallengeResponse,
};
#[cfg(target_arch = "wasm32")]
pub use client::use_prefetched;
#[cfg(feature = "client")]
pub use client::{Client, UpdatesQuery};
pub use error::Error;
pub use feedback::{
    Answer, Contact, FeedbackState, FeedbackStatus, FeedbackSubmission, Found, IdempotencyKey,
    Locale, MAX_TEXT_CHARS, Receipt, Topic,
};
pub use problem::{FieldError, PROBLEM_CONTENT_TYPE, Problem};
pub use service::{
    Amount, Costs, Document, EasyLanguage, Faq, Fee, LeikaKey, Link, Office, RequiredFor,
    ServiceDescription, Step,
};
pub use stats::ServiceStats;
pub use update::{
    Audience, Author, CONTENT_CLASSES, CONTENT_ELEMENTS, Emoji, FollowLink, Media, Platform,
    SocialPlatform, Update, UpdatesPage,
};
pub use validate::ValidationErrors;
