//! Harness for browser end-to-end tests.
