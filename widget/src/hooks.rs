//! Custom hooks of the components.

pub mod use_challenge;
pub mod use_checklist;
pub mod use_consent;
pub mod use_draft;
pub mod use_load;
pub mod use_outbox;
pub mod use_remembered;
