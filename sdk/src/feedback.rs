//! Citizen feedback following the EU Single Digital Gateway questions, its receipt and status.

use serde::{Deserialize, Serialize};

use crate::validate::{self, ValidationErrors};

/// Most characters (Unicode scalar values) the free text may have.
pub const MAX_TEXT_CHARS: usize = 2_000;

/// A feedback submission as the citizen sends it to `POST /v1/feedback`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeedbackSubmission {
    /// LeiKa key of the service the feedback is about (14 digits).
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = "^[0-9]{14}$", example = "99107108017000")
    )]
    pub service: String,
    /// "Haben Sie gefunden, was Sie gesucht haben?"
    pub found: Found,
    /// Overall rating from 1 (very poor) to 5 (very good).
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 5))]
    pub rating: u8,
    /// What the feedback is about.
    pub topic: Topic,
    /// Free text, at most [`MAX_TEXT_CHARS`] characters; may be empty.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub text: String,
    /// How to reach the citizen; only with consent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<Contact>,
    /// Language the citizen used.
    pub locale: Locale,
    /// The page the widget was on, without query string or fragment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = "^https?://[^/?#\\s][^?#\\s]*$", max_length = 2048)
    )]
    pub page_url: Option<String>,
    /// When the citizen submitted, RFC 3339, from the citizen's clock.
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub client_time: String,
    /// A trap for bots, never filled by a person: forms render it as a "Website" input that
    /// is hidden from sight, from assistive technology and from the tab order. Leave it out
    /// or empty; a submission with any text here is rejected (`honeypot_filled`) and not
    /// stored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 0))]
    pub website: Option<String>,
}

impl FeedbackSubmission {
    /// Checks every rule of the contract and reports all violations at once.
    ///
    /// # Errors
    /// Returns one [`crate::FieldError`] per violated rule, each with a JSON pointer and a
    /// stable code (`invalid_format`, `out_of_range`, `too_long`, `consent_required`, `required`,
    /// `honeypot_filled`).
    pub fn validate(&self) -> Result<(), ValidationErrors> {
        let mut errors = ValidationErrors::default();
        if !validate::is_leika_key(&self.service) {
            errors.push(
                "/service",
                "invalid_format",
                "must be a LeiKa key of 14 digits",
            );
        }
        if !(1..=5).contains(&self.rating) {
            errors.push("/rating", "out_of_range", "must be between 1 and 5");
        }
        if self.text.chars().count() > MAX_TEXT_CHARS {
            errors.push(
                "/text",
                "too_long",
                format!("must have at most {MAX_TEXT_CHARS} characters"),
            );
        }
        if let Some(contact) = &self.contact {
            if !contact.consent {
                errors.push(
                    "/contact/consent",
                    "consent_required",
                    "contact data may only be sent with the citizen's consent",
                );
            }
            if !validate::is_email(&contact.email) {
                errors.push(
                    "/contact/email",
                    "invalid_format",
                    "must be an e-mail address",
                );
            }
        }
        if let Some(url) = &self.page_url
            && let Err(detail) = validate::check_page_url(url)
        {
            errors.push("/pageUrl", "invalid_format", detail);
        }
        if !validate::is_rfc3339(&self.client_time) {
            errors.push(
                "/clientTime",
                "invalid_format",
                "must be an RFC 3339 date-time",
            );
        }
        if self
            .website
            .as_deref()
            .is_some_and(|website| !website.is_empty())
        {
            errors.push(
                "/website",
                "honeypot_filled",
                "must be empty: the field is a trap for bots",
            );
        }
        errors.into_result()
    }
}

/// Answer to "Haben Sie gefunden, was Sie gesucht haben?"
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Found {
    /// Ja.
    Yes,
    /// Teilweise.
    Partly,
    /// Nein.
    No,
}

/// What the feedback is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Topic {
    /// The information on the page.
    Information,
    /// The online procedure itself.
    OnlineProcedure,
    /// Something did not work.
    TechnicalProblem,
    /// Praise.
    Praise,
    /// Anything else.
    Other,
}

impl Topic {
    /// Every topic, in the order a form offers them.
    pub const ALL: [Topic; 5] = [
        Topic::Information,
        Topic::OnlineProcedure,
        Topic::TechnicalProblem,
        Topic::Praise,
        Topic::Other,
    ];
}

/// The languages the widget speaks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Locale {
    /// Deutsch, the default.
    #[default]
    De,
    /// English.
    En,
}

impl Locale {
    /// Parses a BCP 47 tag by its primary language (`de`, `de-DE`, `en-GB`…).
    pub fn from_tag(tag: &str) -> Option<Self> {
        let primary = tag.split(['-', '_']).next().unwrap_or_default();
        match primary.to_ascii_lowercase().as_str() {
            "de" => Some(Self::De),
            "en" => Some(Self::En),
            _ => None,
        }
    }

    /// The BCP 47 tag (`de` or `en`).
    pub fn as_tag(self) -> &'static str {
        match self {
            Self::De => "de",
            Self::En => "en",
        }
    }
}

/// How to answer the citizen. Sent only when the citizen ticked the consent box.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Contact {
    /// E-mail address for the answer.
    #[cfg_attr(feature = "openapi", schema(format = "email"))]
    pub email: String,
    /// The citizen agreed that the authority stores the address to answer; must be `true`.
    pub consent: bool,
}

/// A client-chosen key that makes `POST /v1/feedback` safe to retry: the endpoint stores the
/// feedback once per key and answers every retry with the same receipt.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    /// Accepts 16 to 128 characters of `A-Z a-z 0-9 - _` (a UUID fits).
    ///
    /// # Errors
    /// Returns [`crate::Error::InvalidIdempotencyKey`] for anything else.
    pub fn parse(key: &str) -> Result<Self, crate::Error> {
        if validate::is_idempotency_key(key) {
            Ok(Self(key.to_owned()))
        } else {
            Err(crate::Error::InvalidIdempotencyKey(key.to_owned()))
        }
    }

    /// The key as sent in the `Idempotency-Key` header.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What the endpoint answers once it has committed a submission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Receipt {
    /// Reference number to quote, e.g. `OZG-7K3M-Q9TD`.
    pub reference: String,
    /// Secret that authorises reading the status; stays with the citizen.
    pub token: String,
    /// URL of `GET /v1/feedback/{reference}`.
    pub status_url: String,
    /// When the endpoint committed the submission, RFC 3339.
    pub received_at: String,
}

/// Processing state of a submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum FeedbackState {
    /// Stored, not yet passed on.
    Received,
    /// Passed on to the department.
    Forwarded,
    /// The department is working on it.
    InProgress,
    /// The department answered.
    Answered,
    /// Closed without further action.
    Closed,
}

/// The answer of `GET /v1/feedback/{reference}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeedbackStatus {
    /// The reference number.
    pub reference: String,
    /// Where the submission stands.
    pub state: FeedbackState,
    /// When it was received, RFC 3339.
    pub received_at: String,
    /// When the state last changed, RFC 3339.
    pub updated_at: String,
    /// The department's public answer, once there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<Answer>,
}

/// The department's public answer to a submission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Answer {
    /// Which department answered.
    pub department: String,
    /// The answer as plain text.
    pub text: String,
    /// When it answered, RFC 3339.
    pub answered_at: String,
}
