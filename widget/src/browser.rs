//! Small helpers over browser APIs for the components: localised dates, the clock and
//! idempotency keys. None of them touches the host page.

use std::fmt::Write as _;

use js_sys::{Date, Reflect};
use ozg_sdk::{IdempotencyKey, Locale};
use wasm_bindgen::{JsCast, JsValue, UnwrapThrowExt};
use web_sys::Node;

use crate::i18n::Texts;

/// An RFC 3339 time as the citizen reads it, e.g. "26. November 2026, 10:30" in their time
/// zone; the input itself when it is no date. Written from the widget's own texts rather than
/// with `Intl`, whose first use loads the browser's locale data for tens of milliseconds, just
/// when the first posts are drawn.
pub(crate) fn date_time(value: &str, locale: Locale) -> String {
    let date = Date::new(&JsValue::from_str(value));
    if date.get_time().is_nan() {
        return value.to_owned();
    }
    let texts = Texts::of(locale);
    let month = texts.months[date.get_month() as usize % 12];
    let mut text = (texts.date)(date.get_date(), month, date.get_full_year());
    let _ = write!(text, ", {:02}:{:02}", date.get_hours(), date.get_minutes());
    text
}

/// How long ago an RFC 3339 time was, in the citizen's language ("vor 3 Stunden", "3 hours
/// ago"); `None` when the input is no date.
pub(crate) fn relative_time(value: &str, locale: Locale) -> Option<String> {
    let then = Date::new(&JsValue::from_str(value)).get_time();
    if then.is_nan() {
        return None;
    }
    let (count, unit) = crate::social::relative_unit((Date::now() - then) / 1000.0);
    Some((Texts::of(locale).ago)(count, unit))
}

/// A calendar date `YYYY-MM-DD` as the citizen reads it, e.g. "1. Oktober 2026"; the input
/// itself when it is no date. No time zone is involved, so none moves it to the day before.
pub(crate) fn date(value: &str, locale: Locale) -> String {
    if !ozg_sdk::validate::is_date(value) {
        return value.to_owned();
    }
    let mut parts = value.split('-').map(|part| part.parse::<u32>().ok());
    let (Some(Some(year)), Some(Some(month @ 1..=12)), Some(Some(day))) =
        (parts.next(), parts.next(), parts.next())
    else {
        return value.to_owned();
    };
    let texts = Texts::of(locale);
    (texts.date)(day, texts.months[month as usize - 1], year)
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
