//! Tests of the endpoint through its router (`tower::ServiceExt::oneshot`), one module per area,
//! each on a fresh database with the demo data: a temporary SQLite file, or a PostgreSQL
//! database of its own when `OZG_TEST_POSTGRES_URL` names a server (see `databases`).

mod antispam;
mod config;
mod cors;
mod database;
#[path = "../shared/databases.rs"]
mod databases;
mod feedback;
mod forward;
mod import;
mod instances;
mod misc;
mod operations;
mod properties;
mod sdk_client;
mod services;
mod sources;
mod staff;
mod static_files;
mod stats;
mod status;
mod support;
mod updates;
