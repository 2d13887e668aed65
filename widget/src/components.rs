//! The Yew components, one per file.

pub mod app;
pub mod checklist;
pub mod direct_updates;
pub mod error_summary;
pub mod feedback_form;
pub mod feedback_panel;
pub mod feedback_status;
pub mod heading;
pub mod honeypot;
pub mod load_error;
pub mod office;
pub mod post;
pub mod queued;
pub mod radio_group;
pub mod receipt;
pub mod rich_text;
pub mod service_description;
pub mod service_panel;
pub mod service_stats;
pub mod steps;
pub mod tabs;
pub mod updates_panel;
