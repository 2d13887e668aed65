//! Tests that run the built `ozg-endpoint` binary as operators do: its log output, and several
//! instances on one database file, one of them killed in the middle of a load.

mod fault;
mod instance;
mod logs;
