//! Validation rules shared by the browser and the endpoint, so both reject the same input with
//! the same field codes.

use std::fmt;

use crate::problem::FieldError;

/// All rule violations found in one value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ValidationErrors(Vec<FieldError>);

impl ValidationErrors {
    /// Records a violation of the field at `pointer`.
    pub fn push(&mut self, pointer: &str, code: &str, detail: impl Into<String>) {
        self.0.push(FieldError::new(pointer, code, detail));
    }

    /// `Ok` when nothing was recorded.
    ///
    /// # Errors
    /// Returns `self` when at least one violation was recorded.
    pub fn into_result(self) -> Result<(), Self> {
        if self.0.is_empty() { Ok(()) } else { Err(self) }
    }

    /// The violations in the order they were found.
    pub fn as_slice(&self) -> &[FieldError] {
        &self.0
    }

    /// Each violation as `(pointer, code)`, e.g. `("/rating", "out_of_range")`: what a form
    /// needs to mark the fields and choose its own wording.
    pub fn codes(&self) -> Vec<(&str, &str)> {
        self.0
            .iter()
            .map(|e| (e.pointer.as_str(), e.code.as_str()))
            .collect()
    }

    /// The violations, to put into a [`crate::Problem`].
    pub fn into_vec(self) -> Vec<FieldError> {
        self.0
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, error) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationErrors {}

/// Exactly fourteen ASCII digits.
pub fn is_leika_key(key: &str) -> bool {
    key.len() == 14 && key.bytes().all(|b| b.is_ascii_digit())
}

/// An absolute `http:` or `https:` URL without whitespace: the only links a description may
/// carry, so that no `javascript:` or `data:` URL reaches a citizen.
pub fn is_web_url(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &url[8..]
    } else if lower.starts_with("http://") {
        &url[7..]
    } else {
        return false;
    };
    !rest.is_empty() && !rest.starts_with('/') && !url.contains(char::is_whitespace)
}

/// A calendar date `YYYY-MM-DD` with a month 01–12 and a day 01–31.
pub fn is_date(value: &str) -> bool {
    let b = value.as_bytes();
    let digits = |range: std::ops::Range<usize>| b[range].iter().all(u8::is_ascii_digit);
    if b.len() != 10
        || b[4] != b'-'
        || b[7] != b'-'
        || !digits(0..4)
        || !digits(5..7)
        || !digits(8..10)
    {
        return false;
    }
    let month = (b[5] - b'0') * 10 + (b[6] - b'0');
    let day = (b[8] - b'0') * 10 + (b[9] - b'0');
    (1..=12).contains(&month) && (1..=31).contains(&day)
}

/// 16 to 128 characters of `A-Z a-z 0-9 - _`.
pub fn is_idempotency_key(key: &str) -> bool {
    (16..=128).contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// A plausible e-mail address: one `@`, a non-empty local part, a dotted domain, no spaces or
/// control characters, at most 254 bytes. Deliverability is the mail server's business.
pub fn is_email(address: &str) -> bool {
    if address.len() > 254 || address.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    let Some((local, domain)) = address.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && local.len() <= 64
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
}

/// A page URL as the feedback form may send it: `http(s)`, no query string, no fragment (they
/// can carry personal data), at most 2,048 bytes.
///
/// # Errors
/// Returns an English explanation of the first rule the URL breaks.
pub fn check_page_url(url: &str) -> Result<(), &'static str> {
    if url.len() > 2_048 {
        return Err("must be at most 2048 bytes long");
    }
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or("must be an http or https URL")?;
    if rest.is_empty() || rest.starts_with('/') {
        return Err("must name a host");
    }
    if url.contains(['?', '#']) {
        return Err("must not contain a query string or fragment");
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("must not contain spaces");
    }
    Ok(())
}

/// Removes the query string and fragment from a page URL, so that no personal data in them
/// leaves the page with the feedback.
pub fn strip_query(url: &str) -> &str {
    url.split(['?', '#']).next().unwrap_or_default()
}

/// An RFC 3339 date-time such as `2026-11-26T09:30:00Z` or `2026-11-26T10:30:00.123+01:00`,
/// with plausible ranges for every component.
pub fn is_rfc3339(value: &str) -> bool {
    let b = value.as_bytes();
    if b.len() < 20 {
        return false;
    }
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = b.get(range)?;
        if part.iter().all(u8::is_ascii_digit) {
            std::str::from_utf8(part).ok()?.parse().ok()
        } else {
            None
        }
    };
    let (Some(month), Some(day), Some(hour), Some(minute), Some(second)) = (
        digits(5..7),
        digits(8..10),
        digits(11..13),
        digits(14..16),
        digits(17..19),
    ) else {
        return false;
    };
    if digits(0..4).is_none()
        || b[4] != b'-'
        || b[7] != b'-'
        || !matches!(b[10], b'T' | b't')
        || b[13] != b':'
        || b[16] != b':'
        || !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return false;
    }
    let mut rest = &b[19..];
    if let Some(fraction) = rest.strip_prefix(b".") {
        let n = fraction.iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 {
            return false;
        }
        rest = &fraction[n..];
    }
    match rest {
        [b'Z' | b'z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] => {
            [h1, h2, m1, m2].iter().all(|c| c.is_ascii_digit())
                && (*h1 - b'0') * 10 + (*h2 - b'0') < 24
                && (*m1 - b'0') * 10 + (*m2 - b'0') < 60
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(f: fn(&str) -> bool, cases: &[(&str, bool)]) {
        for (input, expected) in cases {
            assert_eq!(f(input), *expected, "input {input:?}");
        }
    }

    #[test]
    fn leika_keys() {
        check(
            is_leika_key,
            &[
                ("99107108017000", true),
                ("00000000000000", true),
                ("9910710801700", false),
                ("991071080170000", false),
                (" 99107108017000", false),
                ("9910710801700a", false),
                ("９９１０７１０８０１７０００", false),
                ("", false),
            ],
        );
    }

    #[test]
    fn emails() {
        check(
            is_email,
            &[
                ("max.mustermann@example.de", true),
                ("a@b.de", true),
                ("user+tag@sub.example.org", true),
                ("no-at-sign.de", false),
                ("two@@example.de", false),
                ("@example.de", false),
                ("user@localhost", false),
                ("user@.example.de", false),
                ("user@example..de", false),
                ("user@example.de.", false),
                ("max mustermann@example.de", false),
                ("", false),
            ],
        );
        assert!(!is_email(&format!("{}@example.de", "a".repeat(65))));
    }

    #[test]
    fn page_urls() {
        let cases: &[(&str, Result<(), &str>)] = &[
            ("https://www.berlin.de/buergergeld", Ok(())),
            ("http://127.0.0.1:8080/", Ok(())),
            (
                "https://portal.de/antrag?id=4711",
                Err("must not contain a query string or fragment"),
            ),
            (
                "https://portal.de/antrag#schritt-2",
                Err("must not contain a query string or fragment"),
            ),
            ("javascript:alert(1)", Err("must be an http or https URL")),
            ("ftp://portal.de/", Err("must be an http or https URL")),
            ("https:///pfad", Err("must name a host")),
            ("https://portal.de/a b", Err("must not contain spaces")),
        ];
        for (input, expected) in cases {
            assert_eq!(check_page_url(input), *expected, "input {input:?}");
        }
        assert!(check_page_url(&format!("https://portal.de/{}", "a".repeat(2_048))).is_err());
    }

    #[test]
    fn stripping_queries() {
        assert_eq!(strip_query("https://a.de/x?y=1#z"), "https://a.de/x");
        assert_eq!(strip_query("https://a.de/x#z"), "https://a.de/x");
        assert_eq!(strip_query("https://a.de/x"), "https://a.de/x");
    }

    #[test]
    fn rfc3339_date_times() {
        check(
            is_rfc3339,
            &[
                ("2026-11-26T09:30:00Z", true),
                ("2026-11-26T09:30:00.123Z", true),
                ("2026-11-26T10:30:00+01:00", true),
                ("2026-11-26t10:30:00-05:30", true),
                ("2026-11-26 10:30:00Z", false),
                ("2026-13-26T10:30:00Z", false),
                ("2026-11-32T10:30:00Z", false),
                ("2026-11-26T24:00:00Z", false),
                ("2026-11-26T10:30:00", false),
                ("2026-11-26T10:30:00.Z", false),
                ("2026-11-26T10:30:00+0100", false),
                ("2026-11-26", false),
                ("yesterday", false),
            ],
        );
    }

    #[test]
    fn idempotency_keys() {
        check(
            is_idempotency_key,
            &[
                ("0f8fad5b-d9cb-469f-a165-70867728950e", true),
                ("abcdefghijklmnop", true),
                ("short", false),
                ("has space in the key!", false),
                ("ümlaut-ümlaut-ümlaut", false),
            ],
        );
        assert!(!is_idempotency_key(&"k".repeat(129)));
    }
}
