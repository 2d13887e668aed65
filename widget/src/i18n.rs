//! Every text the widget shows, in German and English, selected by [`Locale`].
//!
//! Each language is one `static` [`Texts`]: a text missing in one language is a compile error,
//! not a blank spot on a portal page.

use ozg_sdk::{Amount, Found, Locale, Topic};

mod de;
mod en;

/// The texts of one language. Fields are plain texts; functions build texts with numbers.
#[derive(Debug)]
pub struct Texts {
    /// Accessible name of the tab list.
    pub tabs_label: &'static str,
    /// Tab label of the updates panel.
    pub tab_updates: &'static str,
    /// Tab label of the service panel.
    pub tab_service: &'static str,
    /// Tab label of the feedback panel.
    pub tab_feedback: &'static str,
    /// Shown instead of the panels when the element is set up wrongly.
    pub setup_error: &'static str,
    /// Polite status while content loads.
    pub loading: &'static str,
    /// Content could not be loaded.
    pub load_failed: &'static str,
    /// Button that loads again.
    pub retry: &'static str,

    /// Heading of the updates panel.
    pub updates_heading: &'static str,
    /// No posts.
    pub updates_empty: &'static str,
    /// Link text to the original post on a social platform.
    pub view_post_on: fn(platform: &str) -> String,
    /// Month names, January first.
    pub months: [&'static str; 12],
    /// A calendar date from day, month name and year: "26. November 2026".
    pub date: fn(day: u32, month: &str, year: u32) -> String,
    /// How long ago, in `count` of `unit` (`second`, `minute`, `hour`, `day`, `week`, `month`,
    /// `year`): "vor 3 Stunden", "gestern".
    pub ago: fn(count: u64, unit: &str) -> String,
    /// Link text to the original post in a news feed.
    pub view_original: &'static str,
    /// Label before a content warning.
    pub content_warning: &'static str,
    /// Reveals a post behind a content warning.
    pub show_post: &'static str,
    /// Hides it again.
    pub hide_post: &'static str,
    /// Says that the images are hidden because they are sensitive.
    pub sensitive_media: &'static str,
    /// Reveals sensitive images.
    pub show_media: &'static str,
    /// Hides them again.
    pub hide_media: &'static str,
    /// Announced after links that open in a new window.
    pub new_window: &'static str,
    /// Badge on images that have a description.
    pub alt_badge: &'static str,
    /// Accessible name of the list of posts.
    pub feed_label: &'static str,
    /// Button that loads older posts.
    pub load_more: &'static str,
    /// Older posts could not be loaded.
    pub load_more_failed: &'static str,
    /// Heading of the "Follow us" links.
    pub follow_heading: &'static str,
    /// Announced after "Load more": how many older posts arrived.
    pub more_loaded: fn(count: usize) -> String,
    /// Direct mode: the question before contacting a Mastodon instance, naming it.
    pub direct_consent: fn(instance: &str) -> String,
    /// Direct mode: how long the reader's consent is kept.
    pub direct_consent_session: &'static str,
    /// Direct mode: the button that agrees and loads the posts.
    pub direct_load: &'static str,

    /// The service has no description.
    pub service_missing: &'static str,
    /// Heading of the summary facts.
    pub facts_heading: &'static str,
    /// Costs.
    pub costs: &'static str,
    /// An amount of euro cents, e.g. "12,50 €".
    pub euros: fn(cents: u64) -> String,
    /// A range of euro cents.
    pub euro_range: fn(min_cents: u64, max_cents: u64) -> String,
    /// No fee.
    pub free: &'static str,
    /// Processing time.
    pub processing_time: &'static str,
    /// The link to the online service.
    pub apply_online: &'static str,
    /// Heading of the requirements.
    pub requirements_heading: &'static str,
    /// Heading of the steps.
    pub steps_heading: &'static str,
    /// Marks a step that can be skipped.
    pub step_optional: &'static str,
    /// Marks a step that replaces the one before.
    pub step_alternative: &'static str,
    /// Heading of the documents.
    pub documents_heading: &'static str,
    /// Marks a document not everyone needs.
    pub document_some: &'static str,
    /// Heading of the competent office.
    pub office_heading: &'static str,
    /// Label of the phone number.
    pub phone: &'static str,
    /// Label of the e-mail address.
    pub email: &'static str,
    /// Label of the office's website link.
    pub website: &'static str,
    /// Label of the opening hours.
    pub opening_hours: &'static str,

    /// Label of the fact that the service can be done online.
    pub online_available: &'static str,
    /// "Yes" as a fact.
    pub yes: &'static str,
    /// Label of the area the service is offered in.
    pub area_served: &'static str,
    /// Toggle button for the easy-language version.
    pub easy_language: &'static str,
    /// Heading of the full text.
    pub description_heading: &'static str,
    /// Heading of the deadlines.
    pub deadlines_heading: &'static str,
    /// Opens every step.
    pub show_all: &'static str,
    /// Closes every step.
    pub hide_all: &'static str,
    /// Read before a step's title: "Schritt 1:".
    pub step_number: fn(number: usize) -> String,
    /// Says that ticks stay on this device only.
    pub checklist_hint: &'static str,
    /// Progress of the checklist.
    pub checklist_progress: fn(ready: usize, total: usize) -> String,
    /// Removes every tick.
    pub checklist_reset: &'static str,
    /// Heading of the cost details.
    pub costs_heading: &'static str,
    /// Label of the payment methods.
    pub payment_methods: &'static str,
    /// Heading of the forms.
    pub forms_heading: &'static str,
    /// Heading of the legal bases.
    pub legal_heading: &'static str,
    /// Heading of the notes.
    pub notes_heading: &'static str,
    /// Heading of the FAQ.
    pub faq_heading: &'static str,
    /// Label before the date of the last change.
    pub last_updated: &'static str,
    /// The median time to answer: "Wir antworten im Schnitt in 3 Tagen".
    pub stats_answer_days: fn(days: u32) -> String,
    /// The share who found what they needed: "87 % fanden, was sie suchten".
    pub stats_found: fn(percent: u8) -> String,

    /// Heading of the feedback panel.
    pub feedback_heading: &'static str,
    /// One sentence above the form.
    pub feedback_intro: &'static str,
    /// Appended to the legend of a required question.
    pub required: &'static str,
    /// "Did you find what you were looking for?"
    pub found_legend: &'static str,
    /// Answers to it, in the order yes, partly, no.
    pub found_labels: [&'static str; 3],
    /// The rating question.
    pub rating_legend: &'static str,
    /// Rating labels from 1 to 5.
    pub rating_labels: [&'static str; 5],
    /// Label of the topic select.
    pub topic_label: &'static str,
    /// Topic names in the order of [`Topic::ALL`].
    pub topics: [&'static str; 5],
    /// Label of the free text.
    pub text_label: &'static str,
    /// Hint below the free text label.
    pub text_hint: &'static str,
    /// The character counter, e.g. "123 von 2.000 Zeichen".
    pub char_count: fn(count: usize, max: usize) -> String,
    /// Announced near the limit.
    pub chars_left: fn(left: usize) -> String,
    /// Announced over the limit.
    pub chars_over: fn(over: usize) -> String,
    /// Checkbox that reveals the contact fields.
    pub wants_reply: &'static str,
    /// Label of the e-mail field.
    pub email_label: &'static str,
    /// Label of the consent checkbox.
    pub consent_label: &'static str,
    /// The submit button.
    pub submit: &'static str,
    /// Status while sending.
    pub sending: &'static str,
    /// Read before an error message by screen readers ("Fehler:").
    pub error_prefix: &'static str,
    /// Heading of the error summary.
    pub error_summary: &'static str,
    /// No answer to the "found" question.
    pub found_required: &'static str,
    /// No rating.
    pub rating_required: &'static str,
    /// An unknown topic.
    pub topic_invalid: &'static str,
    /// The free text is too long.
    pub text_too_long: fn(max: usize) -> String,
    /// No e-mail address although a reply was asked for.
    pub email_required: &'static str,
    /// Not an e-mail address.
    pub email_invalid: &'static str,
    /// A reply was asked for without consent.
    pub consent_required: &'static str,
    /// Anything else the endpoint rejected.
    pub invalid_other: &'static str,
    /// Sending failed for a reason that may pass (network, server busy).
    pub send_failed: &'static str,
    /// Sends the same submission again.
    pub send_again: &'static str,
    /// The endpoint rejected the submission.
    pub send_rejected: &'static str,
    /// Too many submissions.
    pub send_rate_limited: &'static str,
    /// Label of the honeypot field: hidden from sight and from assistive technology, read
    /// only by bots (and by people whose browser shows the page without its styles).
    pub honeypot_label: &'static str,
    /// Thanks after sending.
    pub thanks: &'static str,
    /// Label before the reference number.
    pub reference_label: &'static str,
    /// What the reference number is for.
    pub reference_hint: &'static str,
    /// The feedback is in the local outbox and not confirmed yet.
    pub queued: &'static str,
    /// What happens to queued feedback.
    pub queued_hint: &'static str,
    /// Tries to send queued feedback at once.
    pub send_now: &'static str,
    /// What will be masked in the free text before sending, e.g. "Wir entfernen vor dem
    /// Senden: 1 E-Mail-Adresse, 2 Telefonnummern."
    pub mask_notice: fn(found: &[(ozg_sdk::mask::Personal, usize)]) -> String,
    /// Introduces the free text as it will be sent.
    pub mask_preview: &'static str,
    /// Heading of the last feedback sent from this device, above the form.
    pub earlier_heading: &'static str,
    /// Fetches the status of a feedback.
    pub status_check: &'static str,
    /// Label before the state of a feedback.
    pub status_label: &'static str,
    /// The states: received, forwarded, in progress, answered, closed.
    pub status_states: [&'static str; 5],
    /// Label before the time of the last change.
    pub status_updated: &'static str,
    /// Heading of the department's answer, with the department and the date.
    pub status_answer: fn(department: &str, date: &str) -> String,
    /// No answer yet.
    pub status_no_answer: &'static str,
    /// The status could not be fetched.
    pub status_failed: &'static str,
    /// Removes reference and token from this device.
    pub status_forget: &'static str,
    /// After forgetting.
    pub status_forgotten: &'static str,
}

impl Texts {
    /// The texts of `locale`.
    pub fn of(locale: Locale) -> &'static Texts {
        match locale {
            Locale::De => &de::TEXTS,
            Locale::En => &en::TEXTS,
        }
    }

    /// The label of an answer to the "found" question.
    pub fn found(&self, found: Found) -> &'static str {
        match found {
            Found::Yes => self.found_labels[0],
            Found::Partly => self.found_labels[1],
            Found::No => self.found_labels[2],
        }
    }

    /// The name of a topic.
    pub fn topic(&self, topic: Topic) -> &'static str {
        let index = Topic::ALL.iter().position(|t| *t == topic).unwrap_or(0);
        self.topics[index]
    }

    /// A fee amount as shown to citizens.
    pub fn amount(&self, amount: Amount) -> String {
        match amount {
            Amount::Free => self.free.to_owned(),
            Amount::Fixed { cents: 0 } => self.free.to_owned(),
            Amount::Fixed { cents } => (self.euros)(cents),
            Amount::Range {
                min_cents,
                max_cents,
            } => (self.euro_range)(min_cents, max_cents),
        }
    }
}

/// `n` with a thousands separator every three digits: `group(2000, '.')` is `2.000`.
pub(crate) fn group(n: u64, separator: char) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(digit);
    }
    out
}

/// Euro cents as `1.234,50` (German) or `1,234.50` (English), without the currency sign.
pub(crate) fn cents(cents: u64, thousands: char, decimal: char) -> String {
    let mut out = group(cents / 100, thousands);
    out.push(decimal);
    let rest = cents % 100;
    out.push(char::from(b'0' + (rest / 10) as u8));
    out.push(char::from(b'0' + (rest % 10) as u8));
    out
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    /// Every plain text of `texts` as `(field, text)`, read from its `Debug` form, arrays
    /// included (`topics[2]`); texts with numbers are functions and are checked elsewhere.
    fn plain_texts(texts: &Texts) -> Vec<(String, String)> {
        let debug = format!("{texts:#?}");
        let mut found = Vec::new();
        let mut field = String::new();
        let mut index = 0;
        for line in debug.lines().map(str::trim) {
            if let Some((name, value)) = line.split_once(": ") {
                field = name.to_owned();
                index = 0;
                if let Some(text) = value.strip_suffix(',').and_then(|v| v.strip_prefix('"')) {
                    found.push((field.clone(), text.trim_end_matches('"').to_owned()));
                }
            } else if let Some(text) = line.strip_prefix('"') {
                found.push((
                    format!("{field}[{index}]"),
                    text.trim_end_matches(',').trim_end_matches('"').to_owned(),
                ));
                index += 1;
            }
        }
        found
    }

    /// A text missing in one language cannot compile (each language is one struct literal);
    /// this catches the other way to leave one out: an empty text, or a field left in the
    /// other language's words.
    #[test]
    fn every_text_exists_in_every_language() {
        let de = plain_texts(Texts::of(Locale::De));
        let en = plain_texts(Texts::of(Locale::En));
        assert!(de.len() > 100, "only {} texts found: {de:?}", de.len());
        let names =
            |texts: &[(String, String)]| texts.iter().map(|t| t.0.clone()).collect::<Vec<_>>();
        assert_eq!(names(&de), names(&en));
        for (language, texts) in [("de", &de), ("en", &en)] {
            for (field, text) in texts.iter() {
                assert!(!text.trim().is_empty(), "{field} is empty in {language}");
            }
        }
        // The same words in both languages are fine for names and short labels ("Feedback",
        // "ALT", "E-Mail") but not for a sentence: that is an untranslated text.
        for ((field, german), (_, english)) in de.iter().zip(&en) {
            assert!(
                german != english || german.split_whitespace().count() < 3,
                "{field} is the same in German and English: {german:?}"
            );
        }
    }

    fn check(locale: Locale, amount: Amount, expected: &str) {
        assert_eq!(
            Texts::of(locale).amount(amount),
            expected,
            "{amount:?} in {locale:?}"
        );
    }

    #[test]
    fn amounts() {
        check(Locale::De, Amount::Free, "kostenfrei");
        check(Locale::En, Amount::Free, "free");
        check(Locale::De, Amount::Fixed { cents: 0 }, "kostenfrei");
        check(Locale::De, Amount::Fixed { cents: 1250 }, "12,50\u{a0}€");
        check(Locale::En, Amount::Fixed { cents: 1250 }, "€12.50");
        check(Locale::De, Amount::Fixed { cents: 5 }, "0,05\u{a0}€");
        check(
            Locale::De,
            Amount::Fixed { cents: 123_456_700 },
            "1.234.567,00\u{a0}€",
        );
        check(
            Locale::En,
            Amount::Fixed { cents: 123_456_700 },
            "€1,234,567.00",
        );
        check(
            Locale::De,
            Amount::Range {
                min_cents: 1000,
                max_cents: 3050,
            },
            "10,00\u{a0}€ bis 30,50\u{a0}€",
        );
        check(
            Locale::En,
            Amount::Range {
                min_cents: 1000,
                max_cents: 3050,
            },
            "€10.00 to €30.50",
        );
    }

    #[test]
    fn times_ago_read_as_the_browsers_relative_time_format_writes_them() {
        let cases = [
            (Locale::De, 0, "second", "jetzt"),
            (Locale::De, 1, "second", "vor 1 Sekunde"),
            (Locale::De, 1, "minute", "vor 1 Minute"),
            (Locale::De, 5, "minute", "vor 5 Minuten"),
            (Locale::De, 3, "hour", "vor 3 Stunden"),
            (Locale::De, 1, "day", "gestern"),
            (Locale::De, 2, "day", "vorgestern"),
            (Locale::De, 6, "day", "vor 6 Tagen"),
            (Locale::De, 1, "week", "letzte Woche"),
            (Locale::De, 3, "week", "vor 3 Wochen"),
            (Locale::De, 1, "month", "letzten Monat"),
            (Locale::De, 11, "month", "vor 11 Monaten"),
            (Locale::De, 1, "year", "letztes Jahr"),
            (Locale::De, 1200, "year", "vor 1.200 Jahren"),
            (Locale::En, 0, "second", "now"),
            (Locale::En, 59, "second", "59 seconds ago"),
            (Locale::En, 1, "hour", "1 hour ago"),
            (Locale::En, 1, "day", "yesterday"),
            (Locale::En, 2, "day", "2 days ago"),
            (Locale::En, 1, "week", "last week"),
            (Locale::En, 1, "month", "last month"),
            (Locale::En, 2, "year", "2 years ago"),
        ];
        for (locale, count, unit, expected) in cases {
            assert_eq!((Texts::of(locale).ago)(count, unit), expected);
        }
    }

    #[test]
    fn dates_have_the_day_before_the_month_in_both_languages() {
        let de = Texts::of(Locale::De);
        assert_eq!((de.date)(1, de.months[9], 2026), "1. Oktober 2026");
        let en = Texts::of(Locale::En);
        assert_eq!((en.date)(26, en.months[10], 2026), "26 November 2026");
        assert_eq!(de.months[2], "März");
    }

    #[test]
    fn counters() {
        let cases = [
            (Locale::De, 123, "123 von 2.000 Zeichen"),
            (Locale::De, 2001, "2.001 von 2.000 Zeichen"),
            (Locale::En, 0, "0 of 2,000 characters"),
            (Locale::En, 1999, "1,999 of 2,000 characters"),
        ];
        for (locale, count, expected) in cases {
            assert_eq!((Texts::of(locale).char_count)(count, 2000), expected);
        }
    }

    #[test]
    fn grouping() {
        for (n, expected) in [
            (0, "0"),
            (999, "999"),
            (1000, "1.000"),
            (123_456, "123.456"),
            (1_000_000, "1.000.000"),
        ] {
            assert_eq!(group(n, '.'), expected);
        }
    }
}
