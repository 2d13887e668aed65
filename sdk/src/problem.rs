//! RFC 9457 problem details, the shape of every error the endpoint answers.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The media type of a problem document.
pub const PROBLEM_CONTENT_TYPE: &str = "application/problem+json";

/// An RFC 9457 problem document, with per-field errors in the `errors` extension member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    /// A URI reference that names the problem type; `about:blank` when only the status matters.
    #[serde(rename = "type", default = "about_blank")]
    pub kind: String,
    /// Short, human-readable summary of the problem type.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// Explanation specific to this occurrence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// A URI reference that identifies this occurrence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
    /// What is wrong with each field of the request.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

fn about_blank() -> String {
    "about:blank".to_owned()
}

impl Problem {
    /// A problem of type `about:blank` with a title and a status.
    pub fn new(status: u16, title: impl Into<String>) -> Self {
        Self {
            kind: about_blank(),
            title: title.into(),
            status,
            detail: None,
            instance: None,
            errors: Vec::new(),
        }
    }

    /// Sets the problem type URI.
    pub fn with_type(mut self, kind: impl Into<String>) -> Self {
        self.kind = kind.into();
        self
    }

    /// Sets the detail text.
    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    /// Sets the per-field errors.
    pub fn with_errors(mut self, errors: Vec<FieldError>) -> Self {
        self.errors = errors;
        self
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.title, self.status)?;
        if let Some(detail) = &self.detail {
            write!(f, ": {detail}")?;
        }
        Ok(())
    }
}

/// What is wrong with one field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// JSON Pointer (RFC 6901) to the field, e.g. `/rating`.
    pub pointer: String,
    /// Stable machine-readable code, e.g. `out_of_range`; clients translate it for citizens.
    pub code: String,
    /// English explanation for integrators.
    pub detail: String,
}

impl FieldError {
    /// A field error for `pointer` with a stable `code` and an English `detail`.
    pub fn new(pointer: &str, code: &str, detail: impl Into<String>) -> Self {
        Self {
            pointer: pointer.to_owned(),
            code: code.to_owned(),
            detail: detail.into(),
        }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.pointer, self.detail)
    }
}
