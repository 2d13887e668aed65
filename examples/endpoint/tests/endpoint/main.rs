//! Tests of the endpoint through its router (`tower::ServiceExt::oneshot`), one module per area,
//! each on its own temporary SQLite file with the demo data.

mod antispam;
mod config;
mod cors;
mod database;
mod feedback;
mod forward;
mod import;
mod misc;
mod sdk_client;
mod services;
mod sources;
mod staff;
mod static_files;
mod stats;
mod status;
mod support;
mod updates;
