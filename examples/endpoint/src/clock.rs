//! Timestamps as the endpoint stores and answers them: RFC 3339 in UTC with whole seconds.
//!
//! One fixed format means that comparing two stored timestamps as text compares the times,
//! which is what the SQL `ORDER BY published` and `published < ?` rely on.

use time::format_description::BorrowedFormatItem;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{OffsetDateTime, UtcOffset};

const UTC_SECONDS: &[BorrowedFormatItem<'_>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");

/// The current time.
pub(crate) fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}

/// `time` as `2026-11-26T09:30:00Z`.
pub(crate) fn format(time: OffsetDateTime) -> String {
    time.to_offset(UtcOffset::UTC)
        .format(UTC_SECONDS)
        .expect("a UTC date-time between the years 0 and 9999 always formats")
}

/// Parses any RFC 3339 date-time, with any offset.
pub(crate) fn parse(value: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(value, &Rfc3339).ok()
}

/// Re-writes any RFC 3339 date-time in the stored form, or `None` when it is not one.
pub(crate) fn normalise(value: &str) -> Option<String> {
    parse(value).map(format)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalising() {
        let cases = [
            ("2026-11-26T09:30:00Z", Some("2026-11-26T09:30:00Z")),
            ("2026-11-26T10:30:00+01:00", Some("2026-11-26T09:30:00Z")),
            ("2026-11-26T09:30:00.999Z", Some("2026-11-26T09:30:00Z")),
            ("2026-11-26", None),
            ("gestern", None),
        ];
        for (input, expected) in cases {
            assert_eq!(normalise(input).as_deref(), expected, "input {input:?}");
        }
    }
}
