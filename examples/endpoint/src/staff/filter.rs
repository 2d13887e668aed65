//! The filters of the list, the CSV export and the API list, read from the query string.

use std::collections::HashMap;

use time::macros::format_description;
use time::{Date, Duration};

/// States a submission can be in, as stored and sent.
pub(crate) const STATES: [&str; 5] = ["received", "forwarded", "inProgress", "answered", "closed"];
/// States staff can set (`forwarded` is set by forwarding).
pub(crate) const SETTABLE_STATES: [&str; 4] = ["received", "inProgress", "answered", "closed"];
/// Topics, as stored and sent.
pub(crate) const TOPICS: [&str; 5] = [
    "information",
    "onlineProcedure",
    "technicalProblem",
    "praise",
    "other",
];
/// Answers to "found what you needed", as stored and sent.
pub(crate) const FOUND: [&str; 3] = ["yes", "partly", "no"];

/// Most characters of a search text.
const MAX_SEARCH_CHARS: usize = 200;
/// Rows per page of the HTML list; the API's default.
pub(crate) const PAGE_SIZE: u32 = 25;
/// Most rows per page the API gives.
pub(crate) const MAX_PAGE_SIZE: u32 = 100;

/// Which submissions to show. Empty query values count as absent, as HTML forms send them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Filter {
    pub(crate) service: Option<String>,
    pub(crate) state: Option<String>,
    pub(crate) topic: Option<String>,
    /// First day, `YYYY-MM-DD`, inclusive.
    pub(crate) from: Option<String>,
    /// Last day, `YYYY-MM-DD`, inclusive.
    pub(crate) to: Option<String>,
    /// Text to look for in the feedback, the answer and the reference.
    pub(crate) q: Option<String>,
    /// Page, from 1.
    pub(crate) page: u32,
    pub(crate) per_page: u32,
}

/// A query parameter with a bad value: the parameter and what is wrong (an error code).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct BadParameter {
    pub(crate) name: &'static str,
    pub(crate) code: &'static str,
}

impl Filter {
    /// Reads the filters from `params`, reporting every bad value.
    pub(crate) fn parse(params: &HashMap<String, String>) -> (Filter, Vec<BadParameter>) {
        let mut errors = Vec::new();
        let value = |name: &str| {
            params
                .get(name)
                .map(|v| v.trim())
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        };
        let mut filter = Filter {
            page: 1,
            per_page: PAGE_SIZE,
            ..Filter::default()
        };
        filter.service = value("service");
        if filter
            .service
            .as_deref()
            .is_some_and(|s| !ozg_sdk::validate::is_leika_key(s))
        {
            errors.push(BadParameter {
                name: "service",
                code: "invalid_format",
            });
            filter.service = None;
        }
        filter.state = value("state");
        if filter
            .state
            .as_deref()
            .is_some_and(|s| !STATES.contains(&s))
        {
            errors.push(BadParameter {
                name: "state",
                code: "invalid_value",
            });
            filter.state = None;
        }
        filter.topic = value("topic");
        if filter
            .topic
            .as_deref()
            .is_some_and(|s| !TOPICS.contains(&s))
        {
            errors.push(BadParameter {
                name: "topic",
                code: "invalid_value",
            });
            filter.topic = None;
        }
        for (name, slot) in [("from", &mut filter.from), ("to", &mut filter.to)] {
            *slot = value(name);
            if slot.as_deref().is_some_and(|s| parse_day(s).is_none()) {
                errors.push(BadParameter {
                    name,
                    code: "invalid_format",
                });
                *slot = None;
            }
        }
        if let (Some(from), Some(to)) = (&filter.from, &filter.to)
            && from > to
        {
            errors.push(BadParameter {
                name: "to",
                code: "out_of_range",
            });
            filter.to = None;
        }
        filter.q = value("q");
        if filter
            .q
            .as_deref()
            .is_some_and(|q| q.chars().count() > MAX_SEARCH_CHARS)
        {
            errors.push(BadParameter {
                name: "q",
                code: "too_long",
            });
            filter.q = None;
        }
        if let Some(page) = value("page") {
            match page.parse::<u32>() {
                Ok(page) if (1..=100_000).contains(&page) => filter.page = page,
                _ => errors.push(BadParameter {
                    name: "page",
                    code: "out_of_range",
                }),
            }
        }
        if let Some(per_page) = value("perPage") {
            match per_page.parse::<u32>() {
                Ok(n) if (1..=MAX_PAGE_SIZE).contains(&n) => filter.per_page = n,
                _ => errors.push(BadParameter {
                    name: "perPage",
                    code: "out_of_range",
                }),
            }
        }
        (filter, errors)
    }

    /// The first instant of `from`, as stored timestamps are written.
    pub(crate) fn since(&self) -> Option<String> {
        self.from.as_deref().map(|day| format!("{day}T00:00:00Z"))
    }

    /// The first instant after `to`.
    pub(crate) fn until(&self) -> Option<String> {
        let day = parse_day(self.to.as_deref()?)?;
        let next = day.checked_add(Duration::days(1))?;
        Some(format!("{}T00:00:00Z", format_day(next)))
    }

    /// The filters as query parameters, for links and the export (without the page).
    pub(crate) fn query_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        for (name, value) in [
            ("service", &self.service),
            ("state", &self.state),
            ("topic", &self.topic),
            ("from", &self.from),
            ("to", &self.to),
            ("q", &self.q),
        ] {
            if let Some(value) = value {
                pairs.push((name, value.clone()));
            }
        }
        pairs
    }
}

fn parse_day(value: &str) -> Option<Date> {
    Date::parse(value, format_description!("[year]-[month]-[day]")).ok()
}

fn format_day(day: Date) -> String {
    day.format(format_description!("[year]-[month]-[day]"))
        .unwrap_or_default()
}

/// `pairs` as a URL query string, percent-encoded.
pub(crate) fn encode_query(pairs: &[(&str, String)]) -> String {
    let mut serializer = url::form_urlencoded::Serializer::new(String::new());
    for (name, value) in pairs {
        serializer.append_pair(name, value);
    }
    serializer.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn empty_values_are_absent_and_bad_ones_named() {
        let (filter, errors) = Filter::parse(&params(&[
            ("service", ""),
            ("state", "answered"),
            ("topic", "weather"),
            ("from", "2026-11-01"),
            ("to", "2026-11-30"),
            ("page", "0"),
        ]));
        assert_eq!(filter.service, None);
        assert_eq!(filter.state.as_deref(), Some("answered"));
        assert_eq!(filter.topic, None);
        assert_eq!(filter.since().as_deref(), Some("2026-11-01T00:00:00Z"));
        assert_eq!(filter.until().as_deref(), Some("2026-12-01T00:00:00Z"));
        let names: Vec<_> = errors.iter().map(|e| e.name).collect();
        assert_eq!(names, ["topic", "page"]);
    }

    #[test]
    fn reversed_range_is_an_error() {
        let (filter, errors) =
            Filter::parse(&params(&[("from", "2026-11-30"), ("to", "2026-11-01")]));
        assert_eq!(filter.to, None);
        assert_eq!(
            errors,
            [BadParameter {
                name: "to",
                code: "out_of_range"
            }]
        );
    }
}
