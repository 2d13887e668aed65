//! The e-mail: the feedback as plain text in German, sent through the configured SMTP server.

use std::fmt::Write as _;
use std::time::Duration;

use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Body, Mailbox};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use ozg_sdk::{Found, Locale, Topic};

use super::WebhookPayload;
use crate::config::{SmtpConfig, SmtpTls};

/// The SMTP transport and the sender. Cheap to clone.
#[derive(Clone)]
pub(super) struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer")
            .field("from", &self.from)
            .finish_non_exhaustive()
    }
}

impl Mailer {
    pub(super) fn new(smtp: &SmtpConfig, timeout: Duration) -> Result<Mailer, String> {
        let builder = match smtp.tls {
            SmtpTls::Starttls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&smtp.host)
                .map_err(|e| e.to_string())?,
            SmtpTls::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&smtp.host)
                .map_err(|e| e.to_string())?,
            SmtpTls::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&smtp.host),
        };
        let mut builder = builder.port(smtp.port_or_default()).timeout(Some(timeout));
        if let (Some(user), Some(password)) = (&smtp.user, &smtp.password) {
            builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
        }
        let from = smtp.from.parse().map_err(|e| format!("smtp.from: {e}"))?;
        Ok(Mailer {
            transport: builder.build(),
            from,
        })
    }

    /// Sends one forward; `Ok` once the server accepted the message.
    pub(super) async fn send(
        &self,
        to: &str,
        delivery: &str,
        payload: &WebhookPayload,
    ) -> Result<(), String> {
        let to: Mailbox = to.parse().map_err(|e| format!("recipient {to:?}: {e}"))?;
        let body = Body::new_with_encoding(text(payload), ContentTransferEncoding::QuotedPrintable)
            .map_err(|_| "the text cannot be encoded".to_owned())?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(format!(
                "Rückmeldung {} zu „{}“",
                payload.reference, payload.service_title
            ))
            // The same id on every retry, so that mail clients show a repeat only once.
            .message_id(Some(format!("<{delivery}@ozg-endpoint.invalid>")))
            .header(ContentType::TEXT_PLAIN)
            .body(body)
            .map_err(|e| e.to_string())?;
        self.transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| format!("the mail server refused or failed: {e}"))
    }
}

/// The mail text: every field of the feedback, labelled in German.
pub(super) fn text(payload: &WebhookPayload) -> String {
    let found = found_label(payload.found);
    let topic = topic_label(payload.topic);
    let locale = match payload.locale {
        Locale::De => "Deutsch",
        Locale::En => "Englisch",
    };
    let mut text = String::new();
    let _ = writeln!(text, "Guten Tag,\n");
    let _ = writeln!(
        text,
        "zur Leistung „{}“ ist eine Rückmeldung eingegangen.\n",
        payload.service_title
    );
    let _ = writeln!(text, "Vorgangsnummer:   {}", payload.reference);
    let _ = writeln!(text, "Eingegangen am:   {}", payload.received_at);
    let _ = writeln!(text, "Leistung (LeiKa): {}", payload.service);
    let _ = writeln!(text, "Fachabteilung:    {}", payload.department);
    let _ = writeln!(text, "Gefunden, was gesucht wurde: {found}");
    let _ = writeln!(text, "Bewertung:        {} von 5", payload.rating);
    let _ = writeln!(text, "Thema:            {topic}");
    let _ = writeln!(text, "Sprache:          {locale}");
    if let Some(page) = &payload.page_url {
        let _ = writeln!(text, "Seite:            {page}");
    }
    match &payload.contact_email {
        Some(email) => {
            let _ = writeln!(
                text,
                "Antwort erwünscht an: {email} (mit Einwilligung angegeben)"
            );
        }
        None => {
            let _ = writeln!(text, "Antwort erwünscht: nein");
        }
    }
    let _ = writeln!(text, "\nText:");
    if payload.text.trim().is_empty() {
        let _ = writeln!(text, "(kein Text)");
    } else {
        for line in payload.text.lines() {
            let _ = writeln!(text, "  {line}");
        }
    }
    let _ = writeln!(
        text,
        "\nDiese Nachricht wurde automatisch vom Feedback-Endpunkt versandt."
    );
    text
}

/// The German answer to "Haben Sie gefunden, was Sie gesucht haben?".
pub(crate) fn found_label(found: Found) -> &'static str {
    match found {
        Found::Yes => "Ja",
        Found::Partly => "Teilweise",
        Found::No => "Nein",
    }
}

/// The German name of a topic.
pub(crate) fn topic_label(topic: Topic) -> &'static str {
    match topic {
        Topic::Information => "Informationen auf der Seite",
        Topic::OnlineProcedure => "Online-Antrag",
        Topic::TechnicalProblem => "Technisches Problem",
        Topic::Praise => "Lob",
        Topic::Other => "Sonstiges",
    }
}
