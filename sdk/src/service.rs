//! The service description ("Leistungsbeschreibung") with the modules of the FIM standard.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::validate::{self, ValidationErrors};

/// A 14-digit LeiKa Leistungsschlüssel, the key that identifies a service across Germany.
///
/// Parsing and deserializing both reject anything but exactly fourteen ASCII digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(value_type = String, pattern = "^[0-9]{14}$", example = "99107108017000"))]
pub struct LeikaKey(String);

impl LeikaKey {
    /// Checks that `key` is exactly fourteen ASCII digits.
    ///
    /// # Errors
    /// Returns [`crate::Error::InvalidLeikaKey`] for anything else, including surrounding spaces.
    pub fn parse(key: &str) -> Result<Self, crate::Error> {
        if crate::validate::is_leika_key(key) {
            Ok(Self(key.to_owned()))
        } else {
            Err(crate::Error::InvalidLeikaKey(key.to_owned()))
        }
    }

    /// The key as a string slice.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for LeikaKey {
    type Error = crate::Error;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<LeikaKey> for String {
    fn from(key: LeikaKey) -> Self {
        key.0
    }
}

impl fmt::Display for LeikaKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A service description following the FIM modules. Every module but the key and the title is
/// optional, because real descriptions are often incomplete.
///
/// Fields documented as *rich text* carry a small HTML subset (paragraphs, lists, links,
/// emphasis); clients must never insert them as raw HTML.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceDescription {
    /// The LeiKa Leistungsschlüssel.
    pub leika: LeikaKey,
    /// Leistungsbezeichnung: the official title.
    pub title: String,
    /// Leistungsbezeichnung II: the citizen-friendly title, where it differs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub citizen_title: Option<String>,
    /// Teaser: one sentence for lists and previews.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub teaser: Option<String>,
    /// Kurztext (rich text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short_text: Option<String>,
    /// Volltext (rich text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub full_text: Option<String>,
    /// Voraussetzungen: who may apply, one rich-text item each.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub requirements: Vec<String>,
    /// Erforderliche Unterlagen.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<Document>,
    /// Kosten.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub costs: Option<Costs>,
    /// Bearbeitungsdauer, as text ("in der Regel 2 bis 4 Wochen").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub processing_time: Option<String>,
    /// Fristen, one item each.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deadlines: Vec<String>,
    /// Verfahrensablauf: the steps in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<Step>,
    /// Formulare: forms to download or fill in.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub forms: Vec<Link>,
    /// The online service where the citizen applies ("Online beantragen").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub online_service: Option<Link>,
    /// Rechtsgrundlagen.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub legal_bases: Vec<Link>,
    /// Hinweise (rich text), one item each.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// Zuständige Stelle and Ansprechpunkt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub competent_office: Option<Office>,
    /// Frequently asked questions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub faq: Vec<Faq>,
    /// Date of the last change of the description, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_updated: Option<String>,
    /// Language of the texts as a BCP 47 tag, `de` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// The main texts in Leichte Sprache (easy language), where the authority has them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub easy_language: Option<EasyLanguage>,
    /// The area the service is offered in ("Gebiet"), e.g. `Musterstadt`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area_served: Option<String>,
}

/// The main texts of a description in Leichte Sprache. Each replaces its counterpart in
/// [`ServiceDescription`] when the citizen asks for easy language; absent ones keep the
/// standard text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EasyLanguage {
    /// The title in Leichte Sprache.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Teaser in Leichte Sprache.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub teaser: Option<String>,
    /// Kurztext in Leichte Sprache (rich text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short_text: Option<String>,
    /// Volltext in Leichte Sprache (rich text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub full_text: Option<String>,
}

/// One required document ("Erforderliche Unterlage").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Document {
    /// Name of the document.
    pub name: String,
    /// Explanation (rich text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Whether every applicant needs it or only some.
    #[serde(default)]
    pub required_for: RequiredFor,
}

/// Who needs a document.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum RequiredFor {
    /// Every applicant.
    #[default]
    All,
    /// Only applicants in certain situations, explained in the note.
    Some,
}

/// Kosten: the fees and how to pay them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Costs {
    /// The fee items; empty together with a note means the note says it all.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fees: Vec<Fee>,
    /// Accepted payment methods, as text.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub payment_methods: Vec<String>,
    /// Further explanation (rich text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One fee item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Fee {
    /// What the fee is for.
    pub label: String,
    /// The amount.
    pub amount: Amount,
}

/// A fee amount in euro cents, so that no floating point touches money.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Amount {
    /// Kostenfrei.
    Free,
    /// A fixed amount.
    Fixed {
        /// Euro cents.
        cents: u64,
    },
    /// A range, for fees that depend on the case.
    Range {
        /// Lowest amount in euro cents.
        #[serde(rename = "minCents")]
        min_cents: u64,
        /// Highest amount in euro cents.
        #[serde(rename = "maxCents")]
        max_cents: u64,
    },
}

/// One step of the procedure ("Verfahrensablauf").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Step {
    /// Short title of the step.
    pub title: String,
    /// What happens in this step (rich text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The step can be skipped.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub optional: bool,
    /// The step is an alternative to the one before it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub alternative: bool,
    /// Where the citizen does this step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<Link>,
}

/// A titled link (form, online service, legal basis, website).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Link {
    /// Visible text of the link.
    pub title: String,
    /// An `https:` or `http:` URL; absent for a legal basis cited without a link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// Zuständige Stelle: the office that handles the service, and how to reach it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Office {
    /// Name of the office.
    pub name: String,
    /// Postal address, lines in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub address: Vec<String>,
    /// Telephone number as it should be shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// E-mail address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Opening hours, one line each.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub opening_hours: Vec<String>,
    /// Website of the office.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
}

/// A frequently asked question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Faq {
    /// The question.
    pub question: String,
    /// The answer (rich text).
    pub answer: String,
}

impl ServiceDescription {
    /// Checks the rules the wire types cannot express: a title, `http(s)` links, a plausible
    /// e-mail address, a `YYYY-MM-DD` date and fee ranges that run upwards.
    ///
    /// # Errors
    /// Returns every violation with the JSON pointer of the field (`/forms/0/url`).
    pub fn validate(&self) -> Result<(), ValidationErrors> {
        let mut errors = ValidationErrors::default();
        if self.title.trim().is_empty() {
            errors.push("/title", "required", "must not be empty");
        }
        let mut link = |pointer: String, link: &Link| {
            if let Some(url) = &link.url
                && !validate::is_web_url(url)
            {
                errors.push(
                    &format!("{pointer}/url"),
                    "invalid_format",
                    "must be an absolute http or https URL",
                );
            }
        };
        if let Some(online) = &self.online_service {
            link("/onlineService".to_owned(), online);
        }
        for (i, form) in self.forms.iter().enumerate() {
            link(format!("/forms/{i}"), form);
        }
        for (i, basis) in self.legal_bases.iter().enumerate() {
            link(format!("/legalBases/{i}"), basis);
        }
        for (i, step) in self.steps.iter().enumerate() {
            if let Some(step_link) = &step.link {
                link(format!("/steps/{i}/link"), step_link);
            }
        }
        for (i, step) in self.steps.iter().enumerate() {
            if step.title.trim().is_empty() {
                errors.push(
                    &format!("/steps/{i}/title"),
                    "required",
                    "must not be empty",
                );
            }
        }
        for (i, document) in self.documents.iter().enumerate() {
            if document.name.trim().is_empty() {
                errors.push(
                    &format!("/documents/{i}/name"),
                    "required",
                    "must not be empty",
                );
            }
        }
        if let Some(costs) = &self.costs {
            for (i, fee) in costs.fees.iter().enumerate() {
                if let Amount::Range {
                    min_cents,
                    max_cents,
                } = fee.amount
                    && min_cents > max_cents
                {
                    errors.push(
                        &format!("/costs/fees/{i}/amount"),
                        "out_of_range",
                        "minCents must not exceed maxCents",
                    );
                }
            }
        }
        if let Some(office) = &self.competent_office {
            if let Some(email) = &office.email
                && !validate::is_email(email)
            {
                errors.push(
                    "/competentOffice/email",
                    "invalid_format",
                    "must be an e-mail address",
                );
            }
            if let Some(website) = &office.website
                && !validate::is_web_url(website)
            {
                errors.push(
                    "/competentOffice/website",
                    "invalid_format",
                    "must be an absolute http or https URL",
                );
            }
        }
        if let Some(date) = &self.last_updated
            && !validate::is_date(date)
        {
            errors.push(
                "/lastUpdated",
                "invalid_format",
                "must be a date YYYY-MM-DD",
            );
        }
        errors.into_result()
    }
}
