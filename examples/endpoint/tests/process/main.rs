//! Tests that run the built `ozg-endpoint` binary as operators do: its log output.

mod instance;
mod logs;
