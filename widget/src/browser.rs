//! Small helpers over browser APIs for the components: localised dates, the clock and
//! idempotency keys. None of them touches the host page.

use js_sys::{Date, Object, Reflect};
use ozg_sdk::{IdempotencyKey, Locale};
use wasm_bindgen::{JsCast, JsValue, UnwrapThrowExt};
use web_sys::Node;

/// An RFC 3339 time as the citizen reads it, e.g. "26. November 2026, 10:30" in their time
/// zone; the input itself when it is no date.
pub(crate) fn date_time(value: &str, locale: Locale) -> String {
    let date = Date::new(&JsValue::from_str(value));
    if date.get_time().is_nan() {
        return value.to_owned();
    }
    let tag = match locale {
        Locale::De => "de-DE",
        Locale::En => "en-GB",
    };
    let day = options(&[("day", "numeric"), ("month", "long"), ("year", "numeric")]);
    let time = options(&[("hour", "2-digit"), ("minute", "2-digit")]);
    let mut text = String::from(date.to_locale_date_string(tag, &day));
    text.push_str(", ");
    text.push_str(&String::from(
        date.to_locale_time_string_with_options(tag, &time),
    ));
    text
}

/// How long ago an RFC 3339 time was, in the citizen's language ("vor 3 Stunden", "3 hours
/// ago"); `None` when the input is no date.
pub(crate) fn relative_time(value: &str, locale: Locale) -> Option<String> {
    let then = Date::new(&JsValue::from_str(value)).get_time();
    if then.is_nan() {
        return None;
    }
    let (amount, unit) = crate::social::relative_unit((Date::now() - then) / 1000.0);
    let tag = match locale {
        Locale::De => "de-DE",
        Locale::En => "en-GB",
    };
    let locales = js_sys::Array::of1(&JsValue::from_str(tag));
    let options = options(&[("numeric", "auto")]);
    let format = js_sys::Intl::RelativeTimeFormat::new(&locales, options.unchecked_ref());
    Some(format.format(amount, unit).into())
}

/// A calendar date `YYYY-MM-DD` as the citizen reads it, e.g. "1. Oktober 2026"; the input
/// itself when it is no date. The date is read and written in UTC, so that no time zone moves
/// it to the day before.
pub(crate) fn date(value: &str, locale: Locale) -> String {
    let date = Date::new(&JsValue::from_str(value));
    if !ozg_sdk::validate::is_date(value) || date.get_time().is_nan() {
        return value.to_owned();
    }
    let tag = match locale {
        Locale::De => "de-DE",
        Locale::En => "en-GB",
    };
    let options = options(&[
        ("day", "numeric"),
        ("month", "long"),
        ("year", "numeric"),
        ("timeZone", "UTC"),
    ]);
    date.to_locale_date_string(tag, &options).into()
}

fn options(entries: &[(&str, &str)]) -> JsValue {
    let object = Object::new();
    for (key, value) in entries {
        // Setting a property on a fresh plain object cannot fail.
        let _ = Reflect::set(&object, &(*key).into(), &(*value).into());
    }
    object.into()
}

/// Now, from the citizen's clock, as RFC 3339 (`2026-11-26T09:30:00.000Z`).
pub(crate) fn now() -> String {
    Date::new_0().to_iso_string().into()
}

/// A fresh idempotency key: `crypto.randomUUID()`, or 128 random bits from
/// `crypto.getRandomValues()` on pages without a secure context, where `randomUUID` is missing.
pub(crate) fn new_idempotency_key() -> IdempotencyKey {
    let crypto = web_sys::window().and_then(|window| window.crypto().ok());
    let key = match &crypto {
        Some(crypto) if Reflect::has(crypto, &"randomUUID".into()).unwrap_or(false) => {
            crypto.random_uuid()
        }
        _ => {
            let mut bytes = [0u8; 16];
            let filled = crypto
                .as_ref()
                .is_some_and(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok());
            if !filled {
                // Without any crypto only uniqueness matters here, not secrecy.
                for byte in &mut bytes {
                    *byte = (js_sys::Math::random() * 256.0) as u8;
                }
            }
            bytes.iter().map(|b| format!("{b:02x}")).collect()
        }
    };
    IdempotencyKey::parse(&key).expect_throw("random keys are 32 or 36 key characters")
}

/// Moves focus to the element `node` points at, if it is rendered.
pub(crate) fn focus(node: &yew::NodeRef) {
    if let Some(element) = node
        .get()
        .and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = element.focus();
    }
}

/// Moves focus to the element with `id` in the same shadow root (or document) as `from`.
///
/// Ids are unique only inside one widget's shadow root, so the lookup starts from there and
/// never from the host page's document.
pub(crate) fn focus_id(from: &Node, id: &str) {
    let root = from.get_root_node();
    let element = if let Some(fragment) = root.dyn_ref::<web_sys::DocumentFragment>() {
        fragment.get_element_by_id(id)
    } else if let Some(document) = root.dyn_ref::<web_sys::Document>() {
        document.get_element_by_id(id)
    } else {
        None
    };
    if let Some(element) = element.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = element.focus();
    }
}
