//! State that changes together, as `Reducible`s free of the DOM so their transitions test natively.

pub mod form;
pub mod send;
