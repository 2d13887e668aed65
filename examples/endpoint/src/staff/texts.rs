//! Every text of the staff view, in German and English.

use axum::http::{HeaderMap, header};

/// The language of a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lang {
    De,
    En,
}

impl Lang {
    /// `?lang=` when given, else the first of `de`/`en` in `Accept-Language`, else German.
    pub(crate) fn pick(param: Option<&str>, headers: &HeaderMap) -> Lang {
        match param {
            Some("en") => return Lang::En,
            Some("de") => return Lang::De,
            _ => {}
        }
        let accept = headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        for range in accept.split(',') {
            let tag = range.split(';').next().unwrap_or_default().trim();
            let primary = tag.split('-').next().unwrap_or_default();
            if primary.eq_ignore_ascii_case("en") {
                return Lang::En;
            }
            if primary.eq_ignore_ascii_case("de") {
                return Lang::De;
            }
        }
        Lang::De
    }

    pub(crate) fn tag(self) -> &'static str {
        match self {
            Lang::De => "de",
            Lang::En => "en",
        }
    }

    pub(crate) fn texts(self) -> &'static Texts {
        match self {
            Lang::De => &DE,
            Lang::En => &EN,
        }
    }
}

/// The texts of one language.
pub(crate) struct Texts {
    pub(crate) skip_link: &'static str,
    pub(crate) app_name: &'static str,
    pub(crate) signed_in_as: &'static str,
    pub(crate) other_language: &'static str,
    pub(crate) other_language_tag: &'static str,
    pub(crate) list_title: &'static str,
    pub(crate) filter_heading: &'static str,
    pub(crate) service: &'static str,
    pub(crate) state: &'static str,
    pub(crate) topic: &'static str,
    pub(crate) from: &'static str,
    pub(crate) to: &'static str,
    pub(crate) search: &'static str,
    pub(crate) search_hint: &'static str,
    pub(crate) all: &'static str,
    pub(crate) apply: &'static str,
    pub(crate) reset: &'static str,
    pub(crate) export_csv: &'static str,
    pub(crate) results: fn(u32) -> String,
    pub(crate) none_found: &'static str,
    pub(crate) reference: &'static str,
    pub(crate) received: &'static str,
    pub(crate) rating: &'static str,
    pub(crate) rating_of: fn(i64) -> String,
    pub(crate) found: &'static str,
    pub(crate) pagination: &'static str,
    pub(crate) previous_page: &'static str,
    pub(crate) next_page: &'static str,
    pub(crate) page_of: fn(u32, u32) -> String,
    pub(crate) back_to_list: &'static str,
    pub(crate) detail_title: fn(&str) -> String,
    pub(crate) submission_heading: &'static str,
    pub(crate) text: &'static str,
    pub(crate) no_text: &'static str,
    pub(crate) contact: &'static str,
    pub(crate) no_contact: &'static str,
    pub(crate) language: &'static str,
    pub(crate) page: &'static str,
    pub(crate) updated: &'static str,
    pub(crate) answered_at: &'static str,
    pub(crate) form_heading: &'static str,
    pub(crate) answer: &'static str,
    pub(crate) answer_hint: &'static str,
    pub(crate) save: &'static str,
    pub(crate) saved: &'static str,
    pub(crate) history_heading: &'static str,
    pub(crate) history_empty: &'static str,
    pub(crate) when: &'static str,
    pub(crate) who: &'static str,
    pub(crate) answer_changed: &'static str,
    pub(crate) yes: &'static str,
    pub(crate) no: &'static str,
    pub(crate) error_summary: &'static str,
    pub(crate) csrf_failed: &'static str,
    pub(crate) answer_too_long: fn(usize) -> String,
    pub(crate) answer_required: &'static str,
    pub(crate) answer_cannot_remove: &'static str,
    pub(crate) back_to_received: &'static str,
    pub(crate) bad_state: &'static str,
    pub(crate) bad_service: &'static str,
    pub(crate) bad_topic: &'static str,
    pub(crate) bad_date: &'static str,
    pub(crate) bad_range: &'static str,
    pub(crate) bad_search: &'static str,
    pub(crate) bad_page: &'static str,
    /// Names of the states, in the order of `filter::STATES`.
    pub(crate) states: [&'static str; 5],
    /// Names of the topics, in the order of `filter::TOPICS`.
    pub(crate) topics: [&'static str; 5],
    /// Answers to "found", in the order of `filter::FOUND`.
    pub(crate) found_values: [&'static str; 3],
    /// CSV column headers.
    pub(crate) csv_headers: [&'static str; 15],
}

static DE: Texts = Texts {
    skip_link: "Zum Inhalt springen",
    app_name: "Rückmeldungen – Fachabteilung",
    signed_in_as: "Angemeldet als",
    other_language: "English",
    other_language_tag: "en",
    list_title: "Rückmeldungen",
    filter_heading: "Filter",
    service: "Dienst",
    state: "Status",
    topic: "Thema",
    from: "Eingang von",
    to: "Eingang bis",
    search: "Suche",
    search_hint: "Im Text, in der Antwort und nach Referenznummer",
    all: "Alle",
    apply: "Filter anwenden",
    reset: "Filter zurücksetzen",
    export_csv: "Als CSV exportieren",
    results: |n| match n {
        1 => "1 Rückmeldung".to_owned(),
        n => format!("{} Rückmeldungen", group_de(n)),
    },
    none_found: "Keine Rückmeldungen für diese Filter.",
    reference: "Referenznummer",
    received: "Eingang",
    rating: "Bewertung",
    rating_of: |n| format!("{n} von 5"),
    found: "Gefunden, was gesucht wurde",
    pagination: "Seiten",
    previous_page: "Vorherige Seite",
    next_page: "Nächste Seite",
    page_of: |page, pages| format!("Seite {page} von {pages}"),
    back_to_list: "Zurück zur Liste",
    detail_title: |reference| format!("Rückmeldung {reference}"),
    submission_heading: "Angaben der Bürgerin oder des Bürgers",
    text: "Text",
    no_text: "(kein Text)",
    contact: "Kontakt für eine Antwort",
    no_contact: "keiner angegeben",
    language: "Sprache",
    page: "Seite",
    updated: "Zuletzt geändert",
    answered_at: "Beantwortet am",
    form_heading: "Status und Antwort",
    answer: "Antwort an die Bürgerin oder den Bürger",
    answer_hint: "Höchstens 5.000 Zeichen, nur Text. Sie wird über den Status-Link genau so \
                  angezeigt, wie Sie sie schreiben.",
    save: "Speichern",
    saved: "Gespeichert.",
    history_heading: "Verlauf",
    history_empty: "Noch keine Änderungen.",
    when: "Zeitpunkt",
    who: "Person",
    answer_changed: "Antwort geändert",
    yes: "ja",
    no: "nein",
    error_summary: "Bitte prüfen Sie Ihre Angaben",
    csrf_failed: "Das Formular ist abgelaufen oder kam nicht von dieser Seite. Ihr Text steht \
                  noch im Feld; bitte speichern Sie noch einmal.",
    answer_too_long: |n| {
        format!(
            "Die Antwort hat {} Zeichen; erlaubt sind höchstens 5.000.",
            group_de(u32::try_from(n).unwrap_or(u32::MAX))
        )
    },
    answer_required: "Für „Beantwortet“ schreiben Sie bitte eine Antwort.",
    answer_cannot_remove: "Eine gesendete Antwort kann nicht gelöscht, nur geändert werden.",
    back_to_received: "Eine beantwortete Rückmeldung kann nicht zurück auf „Eingegangen“.",
    bad_state: "Bitte wählen Sie einen Status aus der Liste.",
    bad_service: "Bitte wählen Sie einen Dienst aus der Liste.",
    bad_topic: "Bitte wählen Sie ein Thema aus der Liste.",
    bad_date: "Bitte geben Sie ein Datum an, z. B. 2026-11-26.",
    bad_range: "„Eingang bis“ darf nicht vor „Eingang von“ liegen.",
    bad_search: "Der Suchtext darf höchstens 200 Zeichen haben.",
    bad_page: "Diese Seite gibt es nicht.",
    states: [
        "Eingegangen",
        "Weitergeleitet",
        "In Bearbeitung",
        "Beantwortet",
        "Geschlossen",
    ],
    topics: [
        "Information",
        "Online-Verfahren",
        "Technisches Problem",
        "Lob",
        "Sonstiges",
    ],
    found_values: ["Ja", "Teilweise", "Nein"],
    csv_headers: [
        "Referenznummer",
        "Eingang (UTC)",
        "LeiKa-Schlüssel",
        "Dienst",
        "Gefunden",
        "Bewertung",
        "Thema",
        "Text",
        "E-Mail",
        "Sprache",
        "Seite",
        "Status",
        "Zuletzt geändert (UTC)",
        "Antwort",
        "Beantwortet am (UTC)",
    ],
};

static EN: Texts = Texts {
    skip_link: "Skip to content",
    app_name: "Feedback – department",
    signed_in_as: "Signed in as",
    other_language: "Deutsch",
    other_language_tag: "de",
    list_title: "Feedback",
    filter_heading: "Filters",
    service: "Service",
    state: "State",
    topic: "Topic",
    from: "Received from",
    to: "Received until",
    search: "Search",
    search_hint: "In the text, the answer and by reference number",
    all: "All",
    apply: "Apply filters",
    reset: "Reset filters",
    export_csv: "Export as CSV",
    results: |n| match n {
        1 => "1 submission".to_owned(),
        n => format!("{} submissions", group_en(n)),
    },
    none_found: "No feedback for these filters.",
    reference: "Reference number",
    received: "Received",
    rating: "Rating",
    rating_of: |n| format!("{n} of 5"),
    found: "Found what they needed",
    pagination: "Pages",
    previous_page: "Previous page",
    next_page: "Next page",
    page_of: |page, pages| format!("Page {page} of {pages}"),
    back_to_list: "Back to the list",
    detail_title: |reference| format!("Feedback {reference}"),
    submission_heading: "What the citizen sent",
    text: "Text",
    no_text: "(no text)",
    contact: "Contact for an answer",
    no_contact: "none given",
    language: "Language",
    page: "Page",
    updated: "Last changed",
    answered_at: "Answered on",
    form_heading: "State and answer",
    answer: "Answer to the citizen",
    answer_hint: "At most 5,000 characters, plain text. The citizen sees it through the status \
                  link exactly as you write it.",
    save: "Save",
    saved: "Saved.",
    history_heading: "History",
    history_empty: "No changes yet.",
    when: "When",
    who: "Who",
    answer_changed: "Answer changed",
    yes: "yes",
    no: "no",
    error_summary: "Please check your input",
    csrf_failed: "The form has expired or did not come from this page. Your text is still in \
                  the field; please save again.",
    answer_too_long: |n| {
        format!(
            "The answer has {} characters; at most 5,000 are allowed.",
            group_en(u32::try_from(n).unwrap_or(u32::MAX))
        )
    },
    answer_required: "Please write an answer to set “Answered”.",
    answer_cannot_remove: "A sent answer cannot be deleted, only changed.",
    back_to_received: "Answered feedback cannot go back to “Received”.",
    bad_state: "Please choose a state from the list.",
    bad_service: "Please choose a service from the list.",
    bad_topic: "Please choose a topic from the list.",
    bad_date: "Please enter a date, e.g. 2026-11-26.",
    bad_range: "“Received until” must not be before “Received from”.",
    bad_search: "The search text may have at most 200 characters.",
    bad_page: "There is no such page.",
    states: ["Received", "Forwarded", "In progress", "Answered", "Closed"],
    topics: [
        "Information",
        "Online procedure",
        "Technical problem",
        "Praise",
        "Other",
    ],
    found_values: ["Yes", "Partly", "No"],
    csv_headers: [
        "Reference number",
        "Received (UTC)",
        "LeiKa key",
        "Service",
        "Found",
        "Rating",
        "Topic",
        "Text",
        "E-mail",
        "Language",
        "Page",
        "State",
        "Last changed (UTC)",
        "Answer",
        "Answered on (UTC)",
    ],
};

/// `12345` as `12.345`.
fn group_de(n: u32) -> String {
    group(n, '.')
}

/// `12345` as `12,345`.
fn group_en(n: u32) -> String {
    group(n, ',')
}

fn group(n: u32, separator: char) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(c);
    }
    out
}

impl Texts {
    /// The display name of a stored value from `values`, or the value itself.
    pub(crate) fn name_of<'a>(names: &[&'static str], values: &[&str], value: &'a str) -> &'a str
    where
        'static: 'a,
    {
        values
            .iter()
            .position(|v| *v == value)
            .map_or(value, |i| names[i])
    }

    pub(crate) fn state_name<'a>(&self, state: &'a str) -> &'a str {
        Self::name_of(&self.states, &super::filter::STATES, state)
    }

    pub(crate) fn topic_name<'a>(&self, topic: &'a str) -> &'a str {
        Self::name_of(&self.topics, &super::filter::TOPICS, topic)
    }

    pub(crate) fn found_name<'a>(&self, found: &'a str) -> &'a str {
        Self::name_of(&self.found_values, &super::filter::FOUND, found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_and_numbers() {
        let mut headers = HeaderMap::new();
        assert_eq!(Lang::pick(None, &headers), Lang::De);
        headers.insert(
            header::ACCEPT_LANGUAGE,
            "fr-FR, en-GB;q=0.8, de;q=0.5".parse().expect("header"),
        );
        assert_eq!(Lang::pick(None, &headers), Lang::En);
        assert_eq!(Lang::pick(Some("de"), &headers), Lang::De);
        assert_eq!(group_de(1_234_567), "1.234.567");
        assert_eq!(group_en(999), "999");
        assert_eq!((EN.results)(1), "1 submission");
        assert_eq!(DE.state_name("inProgress"), "In Bearbeitung");
    }
}
