//! Checks and builds link targets, so that no `javascript:` or other surprise from the
//! endpoint's data ever lands in an `href` or `src`.

use ozg_sdk::validate;

/// `url` when it is an absolute `http(s)` URL, otherwise `None`.
pub fn web_url(url: &str) -> Option<&str> {
    let url = url.trim();
    let scheme = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let ok = (scheme.starts_with("https://") && url.len() > 8)
        || (scheme.starts_with("http://") && url.len() > 7);
    (ok && !url.contains(char::is_whitespace)).then_some(url)
}

/// A `tel:` link for a phone number as shown ("+49 30 1234-0" → `tel:+493012340`).
pub fn tel_href(phone: &str) -> Option<String> {
    let digits: String = phone
        .trim()
        .chars()
        .enumerate()
        .filter(|(i, c)| c.is_ascii_digit() || (*i == 0 && *c == '+'))
        .map(|(_, c)| c)
        .collect();
    (digits.chars().filter(char::is_ascii_digit).count() >= 3).then(|| format!("tel:{digits}"))
}

/// A `mailto:` link for a plausible e-mail address.
pub fn mailto_href(email: &str) -> Option<String> {
    let email = email.trim();
    validate::is_email(email).then(|| format!("mailto:{email}"))
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn web_urls() {
        let cases = [
            ("https://www.berlin.de/x", Some("https://www.berlin.de/x")),
            (" HTTP://a.de ", Some("HTTP://a.de")),
            ("https://", None),
            ("javascript:alert(1)", None),
            ("JavaScript:alert(1)", None),
            ("data:text/html,x", None),
            ("//evil.example", None),
            ("/relative", None),
            ("https://a.de/with space", None),
        ];
        for (input, expected) in cases {
            assert_eq!(web_url(input), expected, "input {input:?}");
        }
    }

    #[test]
    fn phone_links() {
        let cases = [
            ("+49 30 9025-0", Some("tel:+493090250")),
            ("030 / 115", Some("tel:030115")),
            ("(0800) 123 45 67", Some("tel:08001234567")),
            ("ruf an", None),
            ("12", None),
        ];
        for (input, expected) in cases {
            assert_eq!(tel_href(input).as_deref(), expected, "input {input:?}");
        }
    }

    #[test]
    fn mail_links() {
        assert_eq!(
            mailto_href(" buergeramt@berlin.de ").as_deref(),
            Some("mailto:buergeramt@berlin.de")
        );
        assert_eq!(mailto_href("kein-mail"), None);
        assert_eq!(mailto_href("a@b.de?subject=x y"), None);
    }
}
