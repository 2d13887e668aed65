//! Reference authority endpoint.
