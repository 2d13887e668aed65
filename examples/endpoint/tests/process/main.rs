//! Tests that run the built `ozg-endpoint` binary as operators do: its log output, and several
//! instances on one database, one of them killed in the middle of a load. That database is a
//! SQLite file, or a PostgreSQL database when `OZG_TEST_POSTGRES_URL` names a server (see
//! `databases`).

#[path = "../shared/databases.rs"]
mod databases;
mod fault;
mod instance;
mod logs;
