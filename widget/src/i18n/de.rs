//! German texts (Deutsch), the default language.

use ozg_sdk::mask::Personal;

use super::{Texts, cents, group};

/// Alle Texte auf Deutsch.
pub(super) static TEXTS: Texts = Texts {
    tabs_label: "Informationen zu diesem Dienst",
    tab_updates: "Aktuelles",
    tab_service: "So funktioniert's",
    tab_feedback: "Feedback",
    setup_error: "Dieser Bereich ist nicht richtig eingerichtet und kann deshalb nicht angezeigt werden.",
    loading: "Wird geladen …",
    load_failed: "Die Inhalte konnten nicht geladen werden.",
    retry: "Erneut versuchen",

    updates_heading: "Neuigkeiten der Behörde",
    updates_empty: "Zurzeit gibt es keine Neuigkeiten.",
    view_post_on: |platform| format!("Beitrag auf {platform} ansehen"),
    view_original: "Beitrag im Original ansehen",
    content_warning: "Inhaltswarnung:",
    show_post: "Beitrag anzeigen",
    hide_post: "Beitrag verbergen",
    sensitive_media: "Die Bilder dieses Beitrags sind als sensibel markiert.",
    show_media: "Bilder anzeigen",
    hide_media: "Bilder verbergen",
    new_window: "(öffnet in neuem Fenster)",
    alt_badge: "ALT",
    feed_label: "Beiträge",
    load_more: "Mehr laden",
    load_more_failed: "Ältere Beiträge konnten nicht geladen werden. Bitte versuchen Sie es noch einmal.",
    follow_heading: "Folgen Sie uns",
    months: [
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ],
    date: |day, month, year| format!("{day}. {month} {year}"),
    ago: |count, unit| {
        let (one, many) = match unit {
            "second" => ("Sekunde", "Sekunden"),
            "minute" => ("Minute", "Minuten"),
            "hour" => ("Stunde", "Stunden"),
            "day" => ("Tag", "Tagen"),
            "week" => ("Woche", "Wochen"),
            "month" => ("Monat", "Monaten"),
            _ => ("Jahr", "Jahren"),
        };
        match (unit, count) {
            ("second", 0) => "jetzt".to_owned(),
            ("day", 1) => "gestern".to_owned(),
            ("day", 2) => "vorgestern".to_owned(),
            ("week", 1) => "letzte Woche".to_owned(),
            ("month", 1) => "letzten Monat".to_owned(),
            ("year", 1) => "letztes Jahr".to_owned(),
            (_, 1) => format!("vor 1 {one}"),
            (_, n) => format!("vor {} {many}", group(n, '.')),
        }
    },
    more_loaded: |count| match count {
        1 => "1 weiterer Beitrag geladen.".to_owned(),
        n => format!("{n} weitere Beiträge geladen."),
    },
    direct_consent: |instance| {
        format!(
            "Beiträge von {instance} laden? Dabei wird Ihre IP-Adresse an {instance} übermittelt."
        )
    },
    direct_consent_session: "Ihre Zustimmung gilt, bis Sie diesen Tab schließen.",
    direct_load: "Beiträge laden",

    service_missing: "Zu diesem Dienst liegt noch keine Beschreibung vor.",
    facts_heading: "Auf einen Blick",
    costs: "Kosten",
    euros: |c| format!("{}\u{a0}€", cents(c, '.', ',')),
    euro_range: |min, max| {
        format!(
            "{}\u{a0}€ bis {}\u{a0}€",
            cents(min, '.', ','),
            cents(max, '.', ',')
        )
    },
    free: "kostenfrei",
    processing_time: "Bearbeitungsdauer",
    apply_online: "Online beantragen",
    requirements_heading: "Voraussetzungen",
    steps_heading: "So gehen Sie vor",
    step_optional: "optional",
    step_alternative: "oder stattdessen",
    documents_heading: "Diese Unterlagen brauchen Sie",
    document_some: "nur in bestimmten Fällen",
    office_heading: "Zuständige Stelle",
    phone: "Telefon",
    email: "E-Mail",
    website: "Website",
    opening_hours: "Öffnungszeiten",

    online_available: "Online verfügbar",
    yes: "Ja",
    area_served: "Gilt für",
    easy_language: "Leichte Sprache",
    description_heading: "Beschreibung",
    deadlines_heading: "Fristen",
    show_all: "Alle anzeigen",
    hide_all: "Alle verbergen",
    step_number: |n| format!("Schritt {n}:"),
    checklist_hint: "Haken Sie ab, was Sie schon haben. Die Haken werden nur auf diesem Gerät gespeichert.",
    checklist_progress: |ready, total| format!("{ready} von {total} Unterlagen bereit"),
    checklist_reset: "Alle Haken entfernen",
    costs_heading: "Kosten im Einzelnen",
    payment_methods: "So können Sie bezahlen",
    forms_heading: "Formulare",
    legal_heading: "Rechtsgrundlagen",
    notes_heading: "Hinweise",
    faq_heading: "Häufige Fragen",
    last_updated: "Stand:",
    stats_answer_days: |days| match days {
        1 => "Wir antworten im Schnitt innerhalb eines Tages".to_owned(),
        days => format!("Wir antworten im Schnitt in {days} Tagen"),
    },
    stats_found: |percent| format!("{percent}\u{a0}% fanden, was sie suchten"),

    feedback_heading: "Ihre Meinung zu diesem Dienst",
    feedback_intro: "Ihre Rückmeldung hilft uns, diesen Dienst zu verbessern.",
    required: "(Pflichtangabe)",
    found_legend: "Haben Sie gefunden, was Sie gesucht haben?",
    found_labels: ["Ja", "Teilweise", "Nein"],
    rating_legend: "Wie zufrieden sind Sie insgesamt mit diesem Dienst?",
    rating_labels: [
        "1 – sehr schlecht",
        "2 – schlecht",
        "3 – mittel",
        "4 – gut",
        "5 – sehr gut",
    ],
    topic_label: "Worum geht es?",
    topics: [
        "Informationen auf dieser Seite",
        "Online-Antrag",
        "Technisches Problem",
        "Lob",
        "Sonstiges",
    ],
    text_label: "Ihre Nachricht (freiwillig)",
    text_hint: "Bitte schreiben Sie hier keine persönlichen Daten wie Steuer-ID, IBAN oder Ausweisnummer.",
    char_count: |count, max| {
        format!(
            "{} von {} Zeichen",
            group(count as u64, '.'),
            group(max as u64, '.')
        )
    },
    chars_left: |left| format!("Noch {} Zeichen möglich", group(left as u64, '.')),
    chars_over: |over| format!("{} Zeichen zu viel", group(over as u64, '.')),
    wants_reply: "Ich möchte eine Antwort erhalten",
    email_label: "Ihre E-Mail-Adresse",
    consent_label: "Ich bin einverstanden, dass meine E-Mail-Adresse gespeichert und nur für die Antwort auf diese Rückmeldung verwendet wird.",
    submit: "Feedback senden",
    sending: "Wird gesendet …",
    error_prefix: "Fehler:",
    error_summary: "Bitte prüfen Sie Ihre Angaben",
    found_required: "Bitte wählen Sie aus, ob Sie gefunden haben, was Sie gesucht haben.",
    rating_required: "Bitte bewerten Sie den Dienst mit einer Zahl von 1 bis 5.",
    topic_invalid: "Bitte wählen Sie aus, worum es geht.",
    text_too_long: |max| {
        format!(
            "Ihre Nachricht darf höchstens {} Zeichen lang sein. Bitte kürzen Sie sie.",
            group(max as u64, '.')
        )
    },
    email_required: "Bitte geben Sie Ihre E-Mail-Adresse ein, damit wir Ihnen antworten können.",
    email_invalid: "Bitte geben Sie eine gültige E-Mail-Adresse ein, zum Beispiel name@beispiel.de.",
    consent_required: "Bitte stimmen Sie zu, dass wir Ihre E-Mail-Adresse für die Antwort speichern dürfen, oder verzichten Sie auf eine Antwort.",
    invalid_other: "Diese Angabe konnte nicht angenommen werden.",
    send_failed: "Ihre Rückmeldung konnte nicht gesendet werden. Ihre Eingaben sind erhalten geblieben. Bitte versuchen Sie es erneut.",
    send_again: "Erneut senden",
    send_rejected: "Ihre Rückmeldung wurde nicht angenommen. Bitte prüfen Sie Ihre Angaben.",
    send_rate_limited: "Gerade gehen sehr viele Rückmeldungen ein. Bitte versuchen Sie es in einigen Minuten erneut.",
    honeypot_label: "Website (bitte leer lassen)",
    thanks: "Vielen Dank! Ihre Rückmeldung ist eingegangen.",
    reference_label: "Ihre Referenznummer:",
    reference_hint: "Bitte notieren Sie sich diese Nummer, wenn Sie später nachfragen möchten.",
    queued: "Gespeichert – wird gesendet",
    queued_hint: "Ihre Rückmeldung ist auf diesem Gerät gespeichert. Wir senden sie automatisch, sobald die Verbindung steht, auch nach einem Neuladen der Seite. Erst dann erhalten Sie eine Referenznummer.",
    send_now: "Jetzt senden",
    mask_notice: |found| {
        let parts: Vec<String> = found
            .iter()
            .map(|(kind, n)| {
                let (one, many) = match kind {
                    Personal::Email => ("E-Mail-Adresse", "E-Mail-Adressen"),
                    Personal::Phone => ("Telefonnummer", "Telefonnummern"),
                    Personal::Iban => ("IBAN", "IBANs"),
                    Personal::TaxId => (
                        "Steuer-Identifikationsnummer",
                        "Steuer-Identifikationsnummern",
                    ),
                    Personal::IdDocument => {
                        ("Ausweis- oder Passnummer", "Ausweis- oder Passnummern")
                    }
                };
                format!("{n} {}", if *n == 1 { one } else { many })
            })
            .collect();
        format!(
            "Zum Schutz Ihrer Daten entfernen wir vor dem Senden: {}.",
            parts.join(", ")
        )
    },
    mask_preview: "So wird Ihr Text gesendet:",
    earlier_heading: "Ihre letzte Rückmeldung",
    status_check: "Status abrufen",
    status_label: "Stand:",
    status_states: [
        "Eingegangen",
        "An die Fachabteilung weitergeleitet",
        "In Bearbeitung",
        "Beantwortet",
        "Abgeschlossen",
    ],
    status_updated: "Zuletzt geändert:",
    status_answer: |department, date| format!("Antwort von {department} am {date}"),
    status_no_answer: "Noch keine Antwort.",
    status_failed: "Der Status konnte gerade nicht abgerufen werden. Bitte versuchen Sie es später erneut.",
    status_forget: "Referenznummer auf diesem Gerät vergessen",
    status_forgotten: "Die Referenznummer ist auf diesem Gerät nicht mehr gespeichert.",
};
