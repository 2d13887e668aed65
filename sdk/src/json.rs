//! Reading the wire types from JSON that is already parsed, by hand rather than through serde's
//! derived deserializers.
//!
//! In the browser the client parses every answer with the browser's own `JSON.parse` and reads
//! the result through [`Json`] for `JsValue`; natively [`Json`] is implemented for
//! `serde_json::Value`, so tests check these readers against the serde derives on the same
//! documents. Why by hand: a derived deserializer is instantiated per wire type and per input
//! format, and together they were a sixth of the widget's wasm; these readers share a handful of
//! small functions instead.
//!
//! The rules are serde's for the wire types: members in camelCase, unknown members ignored,
//! `Option` members may be missing or `null`, members with a default may be missing, enums are
//! their camelCase names, `Amount` is tagged by `kind`. One leniency: `null` counts as missing
//! for every member, so a `null` list reads as an empty one.

use crate::mastodon::{Account, Attachment, CustomEmoji, Status};
use crate::{
    AltchaChallenge, AltchaParameters, Amount, Answer, Audience, Author, Challenge, Contact, Costs,
    Document, EasyLanguage, Emoji, Faq, Fee, FeedbackState, FeedbackStatus, FeedbackSubmission,
    FieldError, FollowLink, Found, LeikaKey, Link, Locale, Media, Office, Platform, Problem,
    Receipt, RequiredFor, ServiceDescription, ServiceStats, SocialPlatform, Step, Topic, Update,
    UpdatesPage,
};

/// A read-only view of parsed JSON.
pub trait Json: Clone {
    /// The member `key` of an object; `None` when this is no object, or the member is missing
    /// or `null`.
    fn get(&self, key: &str) -> Option<Self>;
    /// The items of an array; `None` when this is no array.
    fn items(&self) -> Option<Vec<Self>>;
    /// The string, when this is one.
    fn as_string(&self) -> Option<String>;
    /// The number, when this is one.
    fn as_number(&self) -> Option<f64>;
    /// The boolean, when this is one.
    fn as_bool(&self) -> Option<bool>;
    /// Whether this is an object (not an array, not `null`).
    fn is_object(&self) -> bool;
}

/// A value of the wire format that can be read from parsed JSON.
pub trait FromJson: Sized {
    /// Reads `value`.
    ///
    /// # Errors
    /// Says why `value` does not fit, in serde's words (`missing field `title``).
    fn from_json<J: Json>(value: &J) -> Result<Self, String>;
}

impl Json for serde_json::Value {
    fn get(&self, key: &str) -> Option<Self> {
        self.get(key).filter(|value| !value.is_null()).cloned()
    }

    fn items(&self) -> Option<Vec<Self>> {
        self.as_array().cloned()
    }

    fn as_string(&self) -> Option<String> {
        self.as_str().map(str::to_owned)
    }

    fn as_number(&self) -> Option<f64> {
        self.as_f64()
    }

    fn as_bool(&self) -> Option<bool> {
        self.as_bool()
    }

    fn is_object(&self) -> bool {
        self.is_object()
    }
}

#[cfg(all(target_arch = "wasm32", feature = "client"))]
impl Json for wasm_bindgen::JsValue {
    fn get(&self, key: &str) -> Option<Self> {
        if !Json::is_object(self) {
            return None;
        }
        js_sys::Reflect::get(self, &key.into())
            .ok()
            .filter(|value| !value.is_undefined() && !value.is_null())
    }

    fn items(&self) -> Option<Vec<Self>> {
        js_sys::Array::is_array(self).then(|| js_sys::Array::from(self).iter().collect())
    }

    fn as_string(&self) -> Option<String> {
        wasm_bindgen::JsValue::as_string(self)
    }

    fn as_number(&self) -> Option<f64> {
        self.as_f64()
    }

    fn as_bool(&self) -> Option<bool> {
        wasm_bindgen::JsValue::as_bool(self)
    }

    fn is_object(&self) -> bool {
        wasm_bindgen::JsValue::is_object(self) && !js_sys::Array::is_array(self)
    }
}

/// What `value` is, for "invalid type" messages.
fn kind<J: Json>(value: &J) -> &'static str {
    if value.as_string().is_some() {
        "a string"
    } else if value.as_number().is_some() {
        "a number"
    } else if value.as_bool().is_some() {
        "a boolean"
    } else if value.items().is_some() {
        "a sequence"
    } else if value.is_object() {
        "a map"
    } else {
        "null"
    }
}

#[inline(never)]
fn invalid<J: Json>(value: &J, expected: &str) -> String {
    format!("invalid type: {}, expected {expected}", kind(value))
}

/// Checks that `value` is an object, before its members are read.
pub(crate) fn object<J: Json>(value: &J, name: &str) -> Result<(), String> {
    if value.is_object() {
        Ok(())
    } else {
        Err(invalid(value, &format!("struct {name}")))
    }
}

/// The required member `key`.
pub(crate) fn field<T: FromJson, J: Json>(value: &J, key: &str) -> Result<T, String> {
    match value.get(key) {
        Some(member) => T::from_json(&member),
        None => Err(format!("missing field `{key}`")),
    }
}

/// The member `key`, `None` when it is missing or `null`.
pub(crate) fn optional<T: FromJson, J: Json>(value: &J, key: &str) -> Result<Option<T>, String> {
    value
        .get(key)
        .map(|member| T::from_json(&member))
        .transpose()
}

/// The member `key`, its type's default when it is missing or `null`.
pub(crate) fn or_default<T: FromJson + Default, J: Json>(
    value: &J,
    key: &str,
) -> Result<T, String> {
    Ok(optional(value, key)?.unwrap_or_default())
}

/// The index in `names` of the unit variant `value` names.
#[inline(never)]
fn variant<J: Json>(value: &J, names: &[&str]) -> Result<usize, String> {
    let Some(name) = value.as_string() else {
        return Err(invalid(value, "a variant name"));
    };
    names.iter().position(|n| *n == name).ok_or_else(|| {
        let expected: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
        format!(
            "unknown variant `{name}`, expected one of {}",
            expected.join(", ")
        )
    })
}

/// A whole number in `min..=max`.
#[inline(never)]
fn integer<J: Json>(value: &J, min: f64, max: f64, expected: &str) -> Result<f64, String> {
    match value.as_number() {
        Some(n) if n.fract() == 0.0 && (min..=max).contains(&n) => Ok(n),
        Some(_) => Err(format!("invalid value: a number, expected {expected}")),
        None => Err(invalid(value, expected)),
    }
}

/// The largest integer a JSON number carries exactly.
const MAX_SAFE: f64 = 9_007_199_254_740_991.0;

impl FromJson for String {
    fn from_json<J: Json>(value: &J) -> Result<Self, String> {
        value.as_string().ok_or_else(|| invalid(value, "a string"))
    }
}

impl FromJson for bool {
    fn from_json<J: Json>(value: &J) -> Result<Self, String> {
        value.as_bool().ok_or_else(|| invalid(value, "a boolean"))
    }
}

impl FromJson for f64 {
    fn from_json<J: Json>(value: &J) -> Result<Self, String> {
        value.as_number().ok_or_else(|| invalid(value, "f64"))
    }
}

macro_rules! unsigned {
    ($($ty:ty),*) => {$(
        impl FromJson for $ty {
            fn from_json<J: Json>(value: &J) -> Result<Self, String> {
                let max = (<$ty>::MAX as f64).min(MAX_SAFE);
                integer(value, 0.0, max, stringify!($ty)).map(|n| n as $ty)
            }
        }
    )*};
}
unsigned!(u8, u16, u32, u64);

impl FromJson for i64 {
    fn from_json<J: Json>(value: &J) -> Result<Self, String> {
        integer(value, -MAX_SAFE, MAX_SAFE, "i64").map(|n| n as i64)
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json<J: Json>(value: &J) -> Result<Self, String> {
        value
            .items()
            .ok_or_else(|| invalid(value, "a sequence"))?
            .iter()
            .map(T::from_json)
            .collect()
    }
}

impl<T: FromJson> FromJson for Box<T> {
    fn from_json<J: Json>(value: &J) -> Result<Self, String> {
        T::from_json(value).map(Box::new)
    }
}

/// A struct read member by member: `field` (required), `optional` (an `Option`) or
/// `or_default` (missing means the default).
macro_rules! structs {
    ($($ty:ident { $($field:ident: $key:literal $how:ident),* $(,)? })*) => {$(
        impl $crate::json::FromJson for $ty {
            fn from_json<J: $crate::json::Json>(value: &J) -> Result<Self, String> {
                $crate::json::object(value, stringify!($ty))?;
                Ok(Self { $($field: $crate::json::$how(value, $key)?),* })
            }
        }
    )*};
}
pub(crate) use structs;

/// An enum of unit variants, written as their names.
macro_rules! names {
    ($($ty:ident { $($variant:ident: $name:literal),* $(,)? })*) => {$(
        impl FromJson for $ty {
            fn from_json<J: Json>(value: &J) -> Result<Self, String> {
                const ALL: &[$ty] = &[$($ty::$variant),*];
                variant(value, &[$($name),*]).map(|i| ALL[i])
            }
        }
    )*};
}

names! {
    RequiredFor { All: "all", Some: "some" }
    SocialPlatform {
        Instagram: "instagram", Facebook: "facebook", TikTok: "tiktok", LinkedIn: "linkedin",
        Xing: "xing", X: "x", YouTube: "youtube", Mastodon: "mastodon", Bluesky: "bluesky",
    }
    Audience { Citizens: "citizens", Professionals: "professionals" }
    Platform {
        Mastodon: "mastodon", Bluesky: "bluesky", Rss: "rss", Atom: "atom", JsonFeed: "jsonFeed",
    }
    Found { Yes: "yes", Partly: "partly", No: "no" }
    Topic {
        Information: "information", OnlineProcedure: "onlineProcedure",
        TechnicalProblem: "technicalProblem", Praise: "praise", Other: "other",
    }
    Locale { De: "de", En: "en" }
    FeedbackState {
        Received: "received", Forwarded: "forwarded", InProgress: "inProgress",
        Answered: "answered", Closed: "closed",
    }
}

impl FromJson for LeikaKey {
    fn from_json<J: Json>(value: &J) -> Result<Self, String> {
        LeikaKey::parse(&String::from_json(value)?).map_err(|e| e.to_string())
    }
}

impl FromJson for Amount {
    fn from_json<J: Json>(value: &J) -> Result<Self, String> {
        object(value, "Amount")?;
        let kind: J = value
            .get("kind")
            .ok_or_else(|| "missing field `kind`".to_owned())?;
        Ok(match variant(&kind, &["free", "fixed", "range"])? {
            0 => Amount::Free,
            1 => Amount::Fixed {
                cents: field(value, "cents")?,
            },
            _ => Amount::Range {
                min_cents: field(value, "minCents")?,
                max_cents: field(value, "maxCents")?,
            },
        })
    }
}

impl FromJson for Problem {
    fn from_json<J: Json>(value: &J) -> Result<Self, String> {
        object(value, "Problem")?;
        Ok(Problem {
            kind: optional(value, "type")?.unwrap_or_else(|| "about:blank".to_owned()),
            title: field(value, "title")?,
            status: field(value, "status")?,
            detail: optional(value, "detail")?,
            instance: optional(value, "instance")?,
            errors: or_default(value, "errors")?,
        })
    }
}

structs! {
    ServiceDescription {
        leika: "leika" field,
        title: "title" field,
        citizen_title: "citizenTitle" optional,
        teaser: "teaser" optional,
        short_text: "shortText" optional,
        full_text: "fullText" optional,
        requirements: "requirements" or_default,
        documents: "documents" or_default,
        costs: "costs" optional,
        processing_time: "processingTime" optional,
        deadlines: "deadlines" or_default,
        steps: "steps" or_default,
        forms: "forms" or_default,
        online_service: "onlineService" optional,
        legal_bases: "legalBases" or_default,
        notes: "notes" or_default,
        competent_office: "competentOffice" optional,
        faq: "faq" or_default,
        last_updated: "lastUpdated" optional,
        language: "language" optional,
        easy_language: "easyLanguage" optional,
        area_served: "areaServed" optional,
    }
    EasyLanguage {
        title: "title" optional,
        teaser: "teaser" optional,
        short_text: "shortText" optional,
        full_text: "fullText" optional,
    }
    Document {
        name: "name" field,
        note: "note" optional,
        required_for: "requiredFor" or_default,
    }
    Costs {
        fees: "fees" or_default,
        payment_methods: "paymentMethods" or_default,
        note: "note" optional,
    }
    Fee {
        label: "label" field,
        amount: "amount" field,
    }
    Step {
        title: "title" field,
        text: "text" optional,
        optional: "optional" or_default,
        alternative: "alternative" or_default,
        link: "link" optional,
    }
    Link {
        title: "title" field,
        url: "url" optional,
    }
    Office {
        name: "name" field,
        address: "address" or_default,
        phone: "phone" optional,
        email: "email" optional,
        opening_hours: "openingHours" or_default,
        website: "website" optional,
    }
    Faq {
        question: "question" field,
        answer: "answer" field,
    }
    UpdatesPage {
        updates: "updates" field,
        follow: "follow" or_default,
    }
    FollowLink {
        platform: "platform" field,
        url: "url" field,
        audiences: "audiences" or_default,
    }
    Update {
        id: "id" field,
        platform: "platform" field,
        author: "author" field,
        url: "url" field,
        published: "published" field,
        content: "content" field,
        content_warning: "contentWarning" optional,
        sensitive: "sensitive" or_default,
        media: "media" or_default,
        emoji: "emoji" or_default,
    }
    Emoji {
        shortcode: "shortcode" field,
        url: "url" field,
    }
    Author {
        name: "name" field,
        handle: "handle" optional,
        url: "url" optional,
        avatar: "avatar" optional,
    }
    Media {
        url: "url" field,
        alt: "alt" or_default,
        width: "width" optional,
        height: "height" optional,
    }
    ServiceStats {
        service: "service" field,
        window_days: "windowDays" field,
        since: "since" field,
        minimum_count: "minimumCount" field,
        count: "count" field,
        found_share: "foundShare" optional,
        mean_rating: "meanRating" optional,
        median_answer_seconds: "medianAnswerSeconds" optional,
    }
    FieldError {
        pointer: "pointer" field,
        code: "code" field,
        detail: "detail" field,
    }
    Receipt {
        reference: "reference" field,
        token: "token" field,
        status_url: "statusUrl" field,
        received_at: "receivedAt" field,
    }
    FeedbackStatus {
        reference: "reference" field,
        state: "state" field,
        received_at: "receivedAt" field,
        updated_at: "updatedAt" field,
        answer: "answer" optional,
    }
    Answer {
        department: "department" field,
        text: "text" field,
        answered_at: "answeredAt" field,
    }
    FeedbackSubmission {
        service: "service" field,
        found: "found" field,
        rating: "rating" field,
        topic: "topic" field,
        text: "text" or_default,
        contact: "contact" optional,
        locale: "locale" field,
        page_url: "pageUrl" optional,
        client_time: "clientTime" field,
        website: "website" optional,
    }
    Contact {
        email: "email" field,
        consent: "consent" field,
    }
    Challenge {
        issued_at: "issuedAt" field,
        nonce: "nonce" field,
        signature: "signature" field,
        min_delay_seconds: "minDelaySeconds" or_default,
        proof_of_work: "proofOfWork" optional,
    }
    AltchaChallenge {
        parameters: "parameters" field,
        signature: "signature" field,
    }
    AltchaParameters {
        algorithm: "algorithm" field,
        cost: "cost" field,
        expires_at: "expiresAt" optional,
        key_length: "keyLength" field,
        key_prefix: "keyPrefix" field,
        nonce: "nonce" field,
        salt: "salt" field,
    }
    Account {
        id: "id" field,
        username: "username" field,
        acct: "acct" field,
        display_name: "display_name" or_default,
        url: "url" optional,
        avatar_static: "avatar_static" optional,
    }
    Status {
        id: "id" field,
        created_at: "created_at" field,
        uri: "uri" or_default,
        url: "url" optional,
        content: "content" or_default,
        spoiler_text: "spoiler_text" or_default,
        sensitive: "sensitive" or_default,
        visibility: "visibility" or_default,
        in_reply_to_id: "in_reply_to_id" optional,
        reblog: "reblog" optional,
        account: "account" field,
        media_attachments: "media_attachments" or_default,
        emojis: "emojis" or_default,
    }
    CustomEmoji {
        shortcode: "shortcode" field,
        static_url: "static_url" optional,
    }
    Attachment {
        kind: "type" field,
        url: "url" optional,
        description: "description" optional,
    }
}

/// Writing the request bodies the browser sends (feedback, the challenge's answer) and the
/// outbox's entries as JavaScript values for `JSON.stringify`, by hand for the same reason as
/// reading: member by member in the order and with the omissions of the serde derives, so that
/// the text is byte for byte what `serde_json` writes natively (a browser test checks it).
#[cfg(all(target_arch = "wasm32", feature = "client"))]
pub(crate) mod write {
    use wasm_bindgen::JsValue;

    use crate::outbox::Entry;
    use crate::{
        AltchaChallenge, AltchaParameters, AltchaPayload, AltchaSolution, ChallengeResponse,
        Contact, FeedbackSubmission, Found, Locale, Topic,
    };

    /// A value as JavaScript sees it.
    pub(crate) trait ToJs {
        /// The value.
        fn to_js(&self) -> JsValue;
        /// Whether a member holding it is left out (`None`).
        fn skip(&self) -> bool {
            false
        }
    }

    impl ToJs for String {
        fn to_js(&self) -> JsValue {
            JsValue::from_str(self)
        }
    }

    impl ToJs for bool {
        fn to_js(&self) -> JsValue {
            JsValue::from_bool(*self)
        }
    }

    macro_rules! numbers {
        ($($ty:ty),*) => {$(
            impl ToJs for $ty {
                fn to_js(&self) -> JsValue {
                    JsValue::from_f64(*self as f64)
                }
            }
        )*};
    }
    numbers!(u8, u32, i64, f64);

    impl<T: ToJs> ToJs for Option<T> {
        fn to_js(&self) -> JsValue {
            self.as_ref().map_or(JsValue::NULL, ToJs::to_js)
        }

        fn skip(&self) -> bool {
            self.is_none()
        }
    }

    impl<T: ToJs> ToJs for [T] {
        fn to_js(&self) -> JsValue {
            self.iter()
                .map(ToJs::to_js)
                .collect::<js_sys::Array>()
                .into()
        }
    }

    impl<T: ToJs + ?Sized> ToJs for &T {
        fn to_js(&self) -> JsValue {
            (**self).to_js()
        }
    }

    /// Sets `key` on `object` unless `value` is to be left out.
    fn put(object: &js_sys::Object, key: &str, value: &dyn ToJs) {
        if !value.skip() {
            // Setting a property of a fresh plain object cannot fail.
            let _ = js_sys::Reflect::set(object, &JsValue::from_str(key), &value.to_js());
        }
    }

    macro_rules! structs {
        ($($ty:ident { $($field:ident: $key:literal),* $(,)? })*) => {$(
            impl ToJs for $ty {
                fn to_js(&self) -> JsValue {
                    let object = js_sys::Object::new();
                    $(put(&object, $key, &self.$field);)*
                    object.into()
                }
            }
        )*};
    }

    macro_rules! names {
        ($($ty:ident { $($variant:ident: $name:literal),* $(,)? })*) => {$(
            impl ToJs for $ty {
                fn to_js(&self) -> JsValue {
                    JsValue::from_str(match self { $($ty::$variant => $name),* })
                }
            }
        )*};
    }

    names! {
        Found { Yes: "yes", Partly: "partly", No: "no" }
        Topic {
            Information: "information", OnlineProcedure: "onlineProcedure",
            TechnicalProblem: "technicalProblem", Praise: "praise", Other: "other",
        }
        Locale { De: "de", En: "en" }
    }

    structs! {
        FeedbackSubmission {
            service: "service",
            found: "found",
            rating: "rating",
            topic: "topic",
            text: "text",
            contact: "contact",
            locale: "locale",
            page_url: "pageUrl",
            client_time: "clientTime",
            website: "website",
        }
        Contact {
            email: "email",
            consent: "consent",
        }
        ChallengeResponse {
            issued_at: "issuedAt",
            nonce: "nonce",
            signature: "signature",
            proof_of_work: "proofOfWork",
        }
        AltchaPayload {
            challenge: "challenge",
            solution: "solution",
        }
        AltchaChallenge {
            parameters: "parameters",
            signature: "signature",
        }
        AltchaParameters {
            algorithm: "algorithm",
            cost: "cost",
            expires_at: "expiresAt",
            key_length: "keyLength",
            key_prefix: "keyPrefix",
            nonce: "nonce",
            salt: "salt",
        }
        AltchaSolution {
            counter: "counter",
            derived_key: "derivedKey",
        }
        Entry {
            endpoint: "endpoint",
            key: "key",
            submission: "submission",
            failures: "failures",
            not_before: "notBefore",
            leased_until: "leasedUntil",
        }
    }
}

#[cfg(test)]
mod tests {
    use std::fmt::Debug;

    use serde::de::DeserializeOwned;
    use serde_json::{Value, json};

    use super::*;

    /// Reads `json` by hand and through serde; both must agree.
    fn check<T: FromJson + DeserializeOwned + PartialEq + Debug>(json: &str) {
        let value: Value = serde_json::from_str(json).expect("the example is JSON");
        let derived: T = serde_json::from_value(value.clone()).expect("serde reads it");
        assert_eq!(T::from_json(&value), Ok(derived), "{json}");
    }

    /// Both refuse `value`; the hand-written reader says `reason`.
    fn refuse<T: FromJson + DeserializeOwned + Debug>(value: Value, reason: &str) {
        assert!(
            serde_json::from_value::<T>(value.clone()).is_err(),
            "{value}"
        );
        let error = T::from_json(&value).expect_err(&value.to_string());
        assert!(error.contains(reason), "{value}: {error}");
    }

    #[test]
    fn reads_the_examples_as_serde_does() {
        check::<ServiceDescription>(include_str!("../tests/data/service.json"));
        check::<ServiceDescription>(include_str!("../tests/data/service-minimal.json"));
        check::<Costs>(include_str!("../tests/data/costs-amounts.json"));
        check::<UpdatesPage>(include_str!("../tests/data/updates.json"));
        check::<FeedbackSubmission>(include_str!("../tests/data/feedback.json"));
        check::<FeedbackSubmission>(include_str!("../tests/data/feedback-minimal.json"));
        check::<Receipt>(include_str!("../tests/data/receipt.json"));
        check::<FeedbackStatus>(include_str!("../tests/data/feedback-status.json"));
        check::<Problem>(include_str!("../tests/data/problem.json"));
        check::<Problem>(r#"{"title":"Not Found","status":404}"#);
        check::<Challenge>(
            r#"{"issuedAt":"2026-11-26T09:30:00Z","nonce":"n","signature":"s","proofOfWork":{"parameters":{"algorithm":"SHA-256","cost":1,"expiresAt":-5,"keyLength":32,"keyPrefix":"00","nonce":"ab","salt":"cd"},"signature":"t"}}"#,
        );
        check::<Challenge>(r#"{"issuedAt":"x","nonce":"n","signature":"s","extra":1}"#);
        check::<Vec<Status>>(
            &include_str!("../../examples/endpoint/tests/fixtures/mastodon/statuses.json")
                .replace("{{base}}", "https://social.bund.de"),
        );
        check::<ServiceStats>(include_str!("../tests/data/service-stats.json"));
        check::<Account>(
            r#"{"id":"1","username":"amt","acct":"amt","display_name":"Amt","url":null,"avatar_static":"https://x/a.png"}"#,
        );
    }

    #[test]
    fn refuses_what_serde_refuses() {
        refuse::<ServiceDescription>(
            json!({ "leika": "99107108017000" }),
            "missing field `title`",
        );
        refuse::<ServiceDescription>(
            json!({ "leika": "1", "title": "x" }),
            "LeiKa key must be exactly 14 digits",
        );
        refuse::<Amount>(json!({ "kind": "gratis" }), "unknown variant `gratis`");
        refuse::<Amount>(json!({ "cents": 5 }), "missing field `kind`");
        refuse::<Amount>(json!({ "kind": "fixed" }), "missing field `cents`");
        refuse::<Fee>(
            json!({ "label": "a", "amount": { "kind": "fixed", "cents": -1 } }),
            "u64",
        );
        refuse::<Fee>(
            json!({ "label": "a", "amount": { "kind": "fixed", "cents": 1.5 } }),
            "u64",
        );
        refuse::<FeedbackSubmission>(
            serde_json::from_str::<Value>(include_str!("../tests/data/feedback.json"))
                .map(|mut v| {
                    v["rating"] = json!(300);
                    v
                })
                .expect("example"),
            "u8",
        );
        refuse::<Link>(
            json!({ "title": 7 }),
            "invalid type: a number, expected a string",
        );
        refuse::<Link>(json!("x"), "expected struct Link");
        refuse::<Vec<Link>>(json!({ "title": "x" }), "expected a sequence");
        refuse::<Step>(
            json!({ "title": "x", "optional": "ja" }),
            "expected a boolean",
        );
        refuse::<Found>(json!("vielleicht"), "unknown variant `vielleicht`");
    }
}
