//! Data minimisation: finds personal data in a free text and masks it before the text leaves
//! the citizen's browser.
//!
//! What is masked: e-mail addresses, phone numbers (`+49 …`, `0049 …`, `0…` with spaces,
//! slashes, dashes and brackets), IBANs (only when their ISO 7064 mod-97 check passes), German
//! tax identification numbers (Steuer-ID: eleven digits whose check digit passes) and German
//! ID-card and passport serial numbers (nine characters of `CFGHJKLMNPRTVWXYZ0-9`, with the
//! ICAO check digit when a tenth character follows). Dates, amounts, postal codes, LeiKa keys
//! and reference numbers stay as they are.
//!
//! The scanners are written by hand, without regular expressions, so they cost little in a
//! WebAssembly build. The same rules run in the widget, in custom frontends and, should it want
//! to, on the endpoint.

/// A kind of personal data that [`mask`] removes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Personal {
    /// An e-mail address.
    Email,
    /// A phone or fax number.
    Phone,
    /// An IBAN.
    Iban,
    /// A German tax identification number (Steuer-ID).
    TaxId,
    /// A German ID-card or passport serial number.
    IdDocument,
}

impl Personal {
    /// Every kind, in the order [`Masked::counts`] lists them.
    pub const ALL: [Personal; 5] = [
        Self::Email,
        Self::Phone,
        Self::Iban,
        Self::TaxId,
        Self::IdDocument,
    ];

    /// What replaces data of this kind in the text, e.g. `[E-Mail]`.
    pub fn placeholder(self) -> &'static str {
        match self {
            Self::Email => "[E-Mail]",
            Self::Phone => "[Telefon]",
            Self::Iban => "[IBAN]",
            Self::TaxId => "[Steuer-ID]",
            Self::IdDocument => "[Ausweis]",
        }
    }
}

/// A text with its personal data masked.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Masked {
    /// The text with every finding replaced by its [`Personal::placeholder`].
    pub text: String,
    /// How many findings of each kind, in the order of [`Personal::ALL`], kinds without
    /// findings left out.
    pub counts: Vec<(Personal, usize)>,
}

impl Masked {
    /// Whether anything was masked.
    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }
}

/// Masks the personal data in `text`.
pub fn mask(text: &str) -> Masked {
    let mut chars: Vec<char> = text.chars().collect();
    let mut counts = Vec::new();
    type Scanner = fn(&[char], usize) -> Option<usize>;
    let scanners: [(Personal, Scanner); 5] = [
        (Personal::Email, email),
        (Personal::Iban, iban),
        (Personal::TaxId, tax_id),
        (Personal::IdDocument, id_document),
        (Personal::Phone, phone),
    ];
    for (kind, scan) in scanners {
        let mut out = Vec::with_capacity(chars.len());
        let mut found = 0;
        let mut i = 0;
        while i < chars.len() {
            match scan(&chars, i) {
                Some(end) if end > i => {
                    out.extend(kind.placeholder().chars());
                    found += 1;
                    i = end;
                }
                _ => {
                    out.push(chars[i]);
                    i += 1;
                }
            }
        }
        if found > 0 {
            counts.push((kind, found));
        }
        chars = out;
    }
    // In `Kind` order. An insertion sort of these few kinds: the standard library's sort would
    // add a kilobyte or more to the widget's wasm.
    for i in 1..counts.len() {
        let mut j = i;
        while j > 0 && counts[j - 1].0 > counts[j].0 {
            counts.swap(j - 1, j);
            j -= 1;
        }
    }
    Masked {
        text: chars.into_iter().collect(),
        counts,
    }
}

/// Letters, digits and `_`; every non-ASCII character except spaces counts as a letter (the
/// scanners only look for ASCII, and Unicode's tables would cost more than they tell).
fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || (!c.is_ascii() && !c.is_whitespace())
}

/// Whether a finding may start at `i`: not inside a word or a number.
fn starts_token(chars: &[char], i: usize) -> bool {
    i == 0 || !is_word(chars[i - 1])
}

/// Whether a finding may end before `end`: not inside a word or a number.
fn ends_token(chars: &[char], end: usize) -> bool {
    end >= chars.len() || !is_word(chars[end])
}

/// `local@domain.tld`, starting at `i`.
fn email(chars: &[char], i: usize) -> Option<usize> {
    let local = |c: char| c.is_ascii_alphanumeric() || "._%+-".contains(c);
    if !chars[i].is_ascii_alphanumeric() || (i > 0 && local(chars[i - 1])) {
        return None;
    }
    let mut at = i;
    while at < chars.len() && local(chars[at]) {
        at += 1;
    }
    if at == i || at >= chars.len() || chars[at] != '@' {
        return None;
    }
    let domain = |c: char| c.is_ascii_alphanumeric() || c == '.' || c == '-';
    let mut end = at + 1;
    while end < chars.len() && domain(chars[end]) {
        end += 1;
    }
    while end > at + 1 && matches!(chars[end - 1], '.' | '-') {
        end -= 1;
    }
    let host: String = chars[at + 1..end].iter().collect();
    let tld = host.rsplit('.').next().unwrap_or_default();
    (host.contains('.') && tld.chars().count() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()))
        .then_some(end)
}

/// An IBAN with a valid mod-97 check, letters and digits in groups separated by single spaces.
fn iban(chars: &[char], i: usize) -> Option<usize> {
    if !starts_token(chars, i)
        || !chars[i].is_ascii_alphabetic()
        || !chars.get(i + 1)?.is_ascii_alphabetic()
        || !chars.get(i + 2)?.is_ascii_digit()
        || !chars.get(i + 3)?.is_ascii_digit()
    {
        return None;
    }
    // The characters of the IBAN and, for each, the position after it.
    let mut found: Vec<(char, usize)> = Vec::new();
    let mut j = i;
    while j < chars.len() && found.len() < 34 {
        let c = chars[j];
        if c.is_ascii_alphanumeric() {
            found.push((c.to_ascii_uppercase(), j + 1));
            j += 1;
        } else if c == ' ' && chars.get(j + 1).is_some_and(char::is_ascii_alphanumeric) {
            j += 1;
        } else {
            break;
        }
    }
    (15..=found.len()).rev().find_map(|n| {
        let end = found[n - 1].1;
        let body: Vec<char> = found[..n].iter().map(|(c, _)| *c).collect();
        (ends_token(chars, end) && mod97(&body) == Some(1)).then_some(end)
    })
}

/// The IBAN's check: the first four characters moved to the end, letters as 10 to 35.
fn mod97(iban: &[char]) -> Option<u32> {
    let mut rest = 0u32;
    for c in iban[4..].iter().chain(&iban[..4]) {
        let value = c.to_digit(36)?;
        rest = if value >= 10 {
            (rest * 100 + value) % 97
        } else {
            (rest * 10 + value) % 97
        };
    }
    Some(rest)
}

/// Digits from `i`, single spaces allowed between them: the digits and the end of each.
fn digit_run(chars: &[char], i: usize) -> Vec<(u32, usize)> {
    let mut digits = Vec::new();
    let mut j = i;
    while j < chars.len() {
        if let Some(d) = chars[j].to_digit(10) {
            digits.push((d, j + 1));
            j += 1;
        } else if chars[j] == ' ' && chars.get(j + 1).is_some_and(char::is_ascii_digit) {
            j += 1;
        } else {
            break;
        }
    }
    digits
}

/// A Steuer-ID: exactly eleven digits, the first not 0, with a valid ISO 7064 MOD 11,10 check
/// digit; not after a `+` (that is a phone number).
fn tax_id(chars: &[char], i: usize) -> Option<usize> {
    if !starts_token(chars, i) || !chars[i].is_ascii_digit() || chars[i] == '0' {
        return None;
    }
    if i > 0 && chars[i - 1] == '+' {
        return None;
    }
    let digits = digit_run(chars, i);
    if digits.len() != 11 || !ends_token(chars, digits[10].1) {
        return None;
    }
    let mut product = 10;
    for (d, _) in &digits[..10] {
        let mut sum = (d + product) % 10;
        if sum == 0 {
            sum = 10;
        }
        product = (sum * 2) % 11;
    }
    let check = (11 - product) % 10;
    (check == digits[10].0).then_some(digits[10].1)
}

/// A German ID-card or passport serial: nine characters of `CFGHJKLMNPRTVWXYZ0-9` starting
/// with a letter and holding at least one digit, optionally followed by the ICAO 9303 check
/// digit (then it must be right).
fn id_document(chars: &[char], i: usize) -> Option<usize> {
    const LETTERS: &str = "CFGHJKLMNPRTVWXYZ";
    if !starts_token(chars, i) || !LETTERS.contains(chars[i]) {
        return None;
    }
    let mut end = i;
    while end < chars.len() && (chars[end].is_ascii_digit() || LETTERS.contains(chars[end])) {
        end += 1;
    }
    if !ends_token(chars, end) {
        return None;
    }
    let serial = &chars[i..i + 9.min(end - i)];
    if serial.len() != 9 || !serial.iter().any(char::is_ascii_digit) {
        return None;
    }
    match end - i {
        9 => Some(end),
        10 => (chars[i + 9].to_digit(10)? == icao_check(serial)?).then_some(end),
        _ => None,
    }
}

/// The ICAO 9303 check digit: weights 7, 3, 1; letters count 10 to 35.
fn icao_check(chars: &[char]) -> Option<u32> {
    let mut sum = 0;
    for (c, weight) in chars.iter().zip([7, 3, 1].into_iter().cycle()) {
        sum += c.to_digit(36)? * weight;
    }
    Some(sum % 10)
}

/// A phone number: `+` and a country code, `00` and a country code, or a national number
/// starting with `0` whose area code has at least three digits; digits grouped by spaces,
/// slashes, dashes and brackets; 7 to 15 digits in all.
fn phone(chars: &[char], i: usize) -> Option<usize> {
    let c = chars[i];
    let opening = c == '(' && chars.get(i + 1) == Some(&'0');
    if !(c == '+' || c == '0' || opening) {
        return None;
    }
    if i > 0 && (is_word(chars[i - 1]) || matches!(chars[i - 1], '.' | ',' | '/' | '-')) {
        return None;
    }
    if c == '+' && !chars.get(i + 1).is_some_and(|c| matches!(c, '1'..='9')) {
        return None;
    }
    let separator = |c: char| matches!(c, ' ' | '/' | '-' | '(' | ')');
    let mut end = i + 1;
    let mut digits = usize::from(c == '0');
    let mut first_group = usize::from(c == '0');
    let mut in_first = true;
    let mut last_digit = i + 1;
    while end < chars.len() {
        let ch = chars[end];
        if ch.is_ascii_digit() {
            digits += 1;
            if in_first {
                first_group += 1;
            }
            last_digit = end + 1;
        } else if separator(ch) {
            if ch != '(' && digits > 0 {
                in_first = false;
            }
            // A separator counts only between digits (or before an opening bracket).
            let next = chars.get(end + 1).copied();
            if !next.is_some_and(|n| n.is_ascii_digit() || separator(n)) {
                break;
            }
        } else {
            break;
        }
        end += 1;
    }
    let end = last_digit;
    let international = c == '+' || chars[i..].starts_with(&['0', '0']);
    let national_ok = international || first_group >= 3;
    ((7..=15).contains(&digits) && national_ok && ends_token(chars, end)).then_some(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn masked(text: &str) -> String {
        mask(text).text
    }

    #[test]
    fn emails() {
        let cases = [
            (
                "Schreiben Sie an max.mustermann@example.de.",
                "Schreiben Sie an [E-Mail].",
            ),
            ("a+b@mail.example.org", "[E-Mail]"),
            ("(erika_m-1@t-online.de)", "([E-Mail])"),
            (
                "Kontakt: info@amt.musterstadt.de, danke",
                "Kontakt: [E-Mail], danke",
            ),
            ("@handle auf Mastodon", "@handle auf Mastodon"),
            ("user@localhost", "user@localhost"),
            ("a@b.c", "a@b.c"),
            ("Ich bin @ zu Hause", "Ich bin @ zu Hause"),
        ];
        for (input, expected) in cases {
            assert_eq!(masked(input), expected, "{input:?}");
        }
    }

    #[test]
    fn phone_numbers() {
        let cases = [
            ("Rufen Sie 030 1234567 an", "Rufen Sie [Telefon] an"),
            ("+49 30 12345678", "[Telefon]"),
            ("+49 (0)30 123 456-78", "[Telefon]"),
            ("0049 171 2345678", "[Telefon]"),
            ("0171/2345678.", "[Telefon]."),
            ("(030) 123 45 67", "[Telefon]"),
            (
                "Tel. 0221-4711-0815, Fax 0221 4711 99",
                "Tel. [Telefon], Fax [Telefon]",
            ),
            ("+1 202 555 0143", "[Telefon]"),
        ];
        for (input, expected) in cases {
            assert_eq!(masked(input), expected, "{input:?}");
        }
    }

    #[test]
    fn ibans_only_with_a_valid_check() {
        let cases = [
            (
                "IBAN DE89 3704 0044 0532 0130 00 bitte",
                "IBAN [IBAN] bitte",
            ),
            ("DE89370400440532013000", "[IBAN]"),
            ("de89370400440532013000", "[IBAN]"),
            ("GB82 WEST 1234 5698 7654 32", "[IBAN]"),
            ("AT611904300234573201", "[IBAN]"),
            // One digit off: no IBAN (and no other finding).
            ("DE89370400440532013001", "DE89370400440532013001"),
            ("DE12 3456 7890 1234 5678 90", "DE12 3456 7890 1234 5678 90"),
        ];
        for (input, expected) in cases {
            assert_eq!(masked(input), expected, "{input:?}");
        }
    }

    #[test]
    fn tax_ids_only_with_a_valid_check_digit() {
        let cases = [
            ("Steuer-ID 86095742719", "Steuer-ID [Steuer-ID]"),
            ("86 095 742 719", "[Steuer-ID]"),
            ("65929970489", "[Steuer-ID]"),
            // Wrong check digit, leading zero, twelve digits: not a Steuer-ID.
            ("86095742718", "86095742718"),
            ("12345678901", "12345678901"),
            ("860957427190", "860957427190"),
        ];
        for (input, expected) in cases {
            assert_eq!(masked(input), expected, "{input:?}");
        }
    }

    #[test]
    fn id_card_and_passport_numbers() {
        let cases = [
            ("Ausweis T22000129", "Ausweis [Ausweis]"),
            ("Ausweis T220001293", "Ausweis [Ausweis]"),
            ("Pass C01X00T47", "Pass [Ausweis]"),
            ("L01X00T471.", "[Ausweis]."),
            // Wrong check digit, letters outside the alphabet, no digit: kept.
            ("T220001294", "T220001294"),
            ("A22000129B", "A22000129B"),
            ("XYZXYZXYZ", "XYZXYZXYZ"),
        ];
        for (input, expected) in cases {
            assert_eq!(masked(input), expected, "{input:?}");
        }
    }

    #[test]
    fn everyday_numbers_are_kept() {
        let kept = [
            "Am 01.02.2026 um 14:30 Uhr, Termin am 1.3.26",
            "Datum 2026-11-26 und 26/11/2026",
            "Ich habe 1.234,56 € bezahlt, 563 EUR im Monat, 1 234 567 Euro",
            "LeiKa 99107108017000 und 99050012104000",
            "PLZ 10115 Berlin, 01067 Dresden",
            "Referenz OZG-7K3M-Q9TD, Aktenzeichen 123/45-AB, Vorgang 2026-000123",
            "Bescheid vom 3. März, Bedarfsgemeinschaft 4711, Seite 12 von 20",
            "Version 0.1.0 und ISO 9001",
            "Kundennummer 0815",
            "Antrag Nr. 7654321 vom 5.6.",
        ];
        for text in kept {
            let result = mask(text);
            assert_eq!(result.text, text, "{text:?} was changed");
            assert!(result.is_empty());
        }
    }

    #[test]
    fn counts_every_kind_in_order() {
        let result = mask(
            "Ich bin erika@example.de, 0171 2345678 oder +49 30 1234567, \
             IBAN DE89370400440532013000, Ausweis T22000129.",
        );
        assert_eq!(
            result.text,
            "Ich bin [E-Mail], [Telefon] oder [Telefon], IBAN [IBAN], Ausweis [Ausweis]."
        );
        assert_eq!(
            result.counts,
            [
                (Personal::Email, 1),
                (Personal::Phone, 2),
                (Personal::Iban, 1),
                (Personal::IdDocument, 1),
            ]
        );
        assert_eq!(mask(""), Masked::default());
    }
}
