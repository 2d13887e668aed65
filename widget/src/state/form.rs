//! The feedback form: what the citizen entered, which fields are wrong, and the submission
//! built from it.

use std::rc::Rc;

use ozg_sdk::{
    Contact, FeedbackSubmission, Found, LeikaKey, Locale, MAX_TEXT_CHARS, Topic, validate,
};
use yew::Reducible;

use crate::i18n::Texts;

/// A field of the form, in the order the form shows them (the error summary follows it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    /// The "found" radio group.
    Found,
    /// The rating radio group.
    Rating,
    /// The topic select.
    Topic,
    /// The free text.
    Text,
    /// The e-mail address.
    Email,
    /// The consent checkbox.
    Consent,
    /// A part of the submission the citizen cannot edit (page URL, time, service).
    Other,
}

impl Field {
    /// The id of the element that takes focus for this field (the first radio of a group).
    pub fn focus_id(self) -> Option<&'static str> {
        match self {
            Self::Found => Some("ozg-found-yes"),
            Self::Rating => Some("ozg-rating-1"),
            Self::Topic => Some("ozg-topic"),
            Self::Text => Some("ozg-text"),
            Self::Email => Some("ozg-email"),
            Self::Consent => Some("ozg-consent"),
            Self::Other => None,
        }
    }

    /// The id of the element that shows this field's error.
    pub fn error_id(self) -> &'static str {
        match self {
            Self::Found => "ozg-found-error",
            Self::Rating => "ozg-rating-error",
            Self::Topic => "ozg-topic-error",
            Self::Text => "ozg-text-error",
            Self::Email => "ozg-email-error",
            Self::Consent => "ozg-consent-error",
            Self::Other => "ozg-other-error",
        }
    }

    /// The field a JSON pointer of the sdk's validation or the endpoint's problem points at.
    pub fn from_pointer(pointer: &str) -> Self {
        match pointer {
            "/found" => Self::Found,
            "/rating" => Self::Rating,
            "/topic" => Self::Topic,
            "/text" => Self::Text,
            "/contact" | "/contact/email" => Self::Email,
            "/contact/consent" => Self::Consent,
            _ => Self::Other,
        }
    }
}

/// One wrong field with the sdk's stable code (`required`, `out_of_range`, `too_long`,
/// `invalid_format`, `consent_required`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    /// The field.
    pub field: Field,
    /// The stable code.
    pub code: String,
}

impl Invalid {
    fn new(field: Field, code: &str) -> Self {
        Self {
            field,
            code: code.to_owned(),
        }
    }

    /// Converts the sdk's or the endpoint's field errors, one per field, in form order.
    pub fn from_field_errors(errors: &[ozg_sdk::FieldError]) -> Vec<Self> {
        let mut out: Vec<Self> = Vec::new();
        for error in errors {
            let field = Field::from_pointer(&error.pointer);
            if !out.iter().any(|known| known.field == field) {
                out.push(Self::new(field, &error.code));
            }
        }
        crate::sort::sort_small_by_key(&mut out, |invalid| invalid.field);
        out
    }

    /// The plain-language message for the citizen.
    pub fn message(&self, texts: &Texts) -> String {
        match (self.field, self.code.as_str()) {
            (Field::Found, _) => texts.found_required.to_owned(),
            (Field::Rating, _) => texts.rating_required.to_owned(),
            (Field::Topic, _) => texts.topic_invalid.to_owned(),
            (Field::Text, "too_long") => (texts.text_too_long)(MAX_TEXT_CHARS),
            (Field::Email, "required") => texts.email_required.to_owned(),
            (Field::Email, _) => texts.email_invalid.to_owned(),
            (Field::Consent, _) => texts.consent_required.to_owned(),
            _ => texts.invalid_other.to_owned(),
        }
    }
}

/// The `value` of a topic's `<option>`: the sdk's camelCase name.
pub fn topic_value(topic: Topic) -> &'static str {
    match topic {
        Topic::Information => "information",
        Topic::OnlineProcedure => "onlineProcedure",
        Topic::TechnicalProblem => "technicalProblem",
        Topic::Praise => "praise",
        Topic::Other => "other",
    }
}

/// The topic of an `<option>` value.
pub fn topic_from_value(value: &str) -> Option<Topic> {
    Topic::ALL
        .into_iter()
        .find(|topic| topic_value(*topic) == value)
}

/// What the live region near the character counter says: it changes only when the count
/// crosses a threshold, so that screen readers are not interrupted at every keystroke.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Announcement {
    /// Far from the limit: nothing to say.
    #[default]
    Nothing,
    /// This many characters are left.
    Left(usize),
    /// This many characters are too many.
    Over(usize),
}

/// Characters left at which the counter speaks up.
const THRESHOLDS: [usize; 5] = [200, 100, 50, 20, 0];

/// Which band of the thresholds `count` is in; a change of band is announced.
fn band(count: usize) -> usize {
    if count > MAX_TEXT_CHARS {
        return THRESHOLDS.len() + 1;
    }
    let left = MAX_TEXT_CHARS - count;
    THRESHOLDS
        .iter()
        .take_while(|threshold| left <= **threshold)
        .count()
}

/// Everything in the form, and the errors shown since the last submit.
#[derive(Debug, Clone, PartialEq)]
pub struct FormState {
    /// "Haben Sie gefunden, was Sie gesucht haben?"
    pub found: Option<Found>,
    /// 1 to 5.
    pub rating: Option<u8>,
    /// The topic; the select always shows one.
    pub topic: Topic,
    /// The free text, possibly over the limit (the counter and the check say so).
    pub text: String,
    /// Whether the contact fields are shown.
    pub wants_reply: bool,
    /// The e-mail address, kept when the contact fields are hidden again.
    pub email: String,
    /// Consent to store the address.
    pub consent: bool,
    /// The errors found by the last submit, in form order.
    pub errors: Vec<Invalid>,
    /// Incremented whenever the error summary should take focus.
    pub summary_focus: u32,
    /// What the counter's live region says.
    pub announcement: Announcement,
}

impl Default for FormState {
    fn default() -> Self {
        Self {
            found: None,
            rating: None,
            topic: Topic::Information,
            text: String::new(),
            wants_reply: false,
            email: String::new(),
            consent: false,
            errors: Vec::new(),
            summary_focus: 0,
            announcement: Announcement::Nothing,
        }
    }
}

/// A change to the form.
#[derive(Debug, Clone, PartialEq)]
pub enum FormAction {
    /// A "found" radio was chosen.
    Found(Found),
    /// A rating radio was chosen.
    Rating(u8),
    /// A topic was chosen.
    Topic(Topic),
    /// The free text changed.
    Text(String),
    /// The reply checkbox changed.
    WantsReply(bool),
    /// The e-mail address changed.
    Email(String),
    /// The consent checkbox changed.
    Consent(bool),
    /// The answers of a submission the endpoint rejected come back into the form.
    Restore(Rc<FeedbackSubmission>),
    /// A submit found these errors (from the form's check or from the endpoint).
    Reject(Vec<Invalid>),
    /// A submit passed the check.
    Accept,
}

/// What a submission needs besides the form: from the widget's configuration.
#[derive(Debug, Clone, Copy)]
pub struct SubmitContext<'a> {
    /// The service the page is about.
    pub service: &'a LeikaKey,
    /// The widget's language.
    pub locale: Locale,
    /// The host page's URL as the bootstrap read it, possibly with query and fragment.
    pub page_url: Option<&'a str>,
    /// The citizen's clock, RFC 3339.
    pub client_time: &'a str,
}

impl FormState {
    /// The number of characters of the free text, counted like the sdk counts them.
    pub fn text_chars(&self) -> usize {
        self.text.chars().count()
    }

    /// The error of `field`, if the last submit found one.
    pub fn error(&self, field: Field) -> Option<&Invalid> {
        self.errors.iter().find(|invalid| invalid.field == field)
    }

    /// Builds the submission, or reports every wrong field at once, in form order.
    ///
    /// # Errors
    /// The wrong fields: unanswered required questions first checked here, then every rule of
    /// [`FeedbackSubmission::validate`].
    pub fn submission(
        &self,
        context: &SubmitContext<'_>,
    ) -> Result<FeedbackSubmission, Vec<Invalid>> {
        let mut errors = Vec::new();
        if self.found.is_none() {
            errors.push(Invalid::new(Field::Found, "required"));
        }
        if self.rating.is_none() {
            errors.push(Invalid::new(Field::Rating, "required"));
        }
        let email = self.email.trim();
        if self.wants_reply && email.is_empty() {
            errors.push(Invalid::new(Field::Email, "required"));
        }
        // Query string and fragment can carry personal data; a URL that is still not
        // acceptable (a `file:` page) is left out rather than blocking the citizen.
        let page_url = context
            .page_url
            .map(validate::strip_query)
            .filter(|url| validate::check_page_url(url).is_ok())
            .map(str::to_owned);
        let submission = FeedbackSubmission {
            service: context.service.as_str().to_owned(),
            // Stand-ins for unanswered questions, so that the sdk checks the rest; the missing
            // answers are already recorded above and the stand-ins never leave this function.
            found: self.found.unwrap_or(Found::Yes),
            rating: self.rating.unwrap_or(1),
            topic: self.topic,
            // Personal data in the free text never leaves the browser; the form shows what is
            // removed before the citizen submits. A reply address goes in the contact field.
            text: ozg_sdk::mask::mask(&self.text).text,
            // Contact data only leaves the form when the citizen asked for a reply; without
            // consent the sdk's check stops it.
            contact: self.wants_reply.then(|| Contact {
                email: email.to_owned(),
                consent: self.consent,
            }),
            locale: context.locale,
            page_url,
            client_time: context.client_time.to_owned(),
            website: None,
        };
        if let Err(invalid) = submission.validate() {
            for found in Invalid::from_field_errors(invalid.as_slice()) {
                if !errors
                    .iter()
                    .any(|known: &Invalid| known.field == found.field)
                {
                    errors.push(found);
                }
            }
        }
        if errors.is_empty() {
            Ok(submission)
        } else {
            crate::sort::sort_small_by_key(&mut errors, |invalid| invalid.field);
            Err(errors)
        }
    }

    fn forget_errors(&mut self, fields: &[Field]) {
        self.errors
            .retain(|invalid| !fields.contains(&invalid.field));
    }
}

/// The draft's format version, the first line of [`FormState::draft`].
const DRAFT_VERSION: &str = "ozg-draft-1";

impl FormState {
    /// Everything typed, as one string for the browser's storage: a version line, one line per
    /// answer, then the free text (which may span lines). `None` when nothing is typed yet.
    pub fn draft(&self) -> Option<String> {
        let empty = Self::default();
        let typed = self.found != empty.found
            || self.rating != empty.rating
            || self.topic != empty.topic
            || !self.text.is_empty()
            || self.wants_reply
            || !self.email.is_empty()
            || self.consent;
        if !typed {
            return None;
        }
        let found = match self.found {
            None => "",
            Some(Found::Yes) => "yes",
            Some(Found::Partly) => "partly",
            Some(Found::No) => "no",
        };
        let flag = |on: bool| if on { "1" } else { "0" };
        Some(format!(
            "{DRAFT_VERSION}\n{found}\n{}\n{}\n{}\n{}\n{}\n{}",
            self.rating.map(|r| r.to_string()).unwrap_or_default(),
            topic_value(self.topic),
            flag(self.wants_reply),
            flag(self.consent),
            self.email.replace(['\n', '\r'], ""),
            self.text,
        ))
    }

    /// The form of a stored [`FormState::draft`]; `None` for anything else.
    pub fn from_draft(draft: &str) -> Option<Self> {
        let mut lines = draft.splitn(8, '\n');
        if lines.next()? != DRAFT_VERSION {
            return None;
        }
        let found = match lines.next()? {
            "" => None,
            "yes" => Some(Found::Yes),
            "partly" => Some(Found::Partly),
            "no" => Some(Found::No),
            _ => return None,
        };
        let rating = match lines.next()? {
            "" => None,
            r => Some(r.parse::<u8>().ok().filter(|r| (1..=5).contains(r))?),
        };
        let topic = topic_from_value(lines.next()?)?;
        let wants_reply = lines.next()? == "1";
        let consent = lines.next()? == "1";
        let email = lines.next()?.to_owned();
        let text = lines.next()?.to_owned();
        let mut state = Self {
            found,
            rating,
            topic,
            wants_reply,
            consent,
            email,
            ..Self::default()
        };
        // Through the reducer's path, so that the counter's announcement is right too.
        state = (*Rc::new(state).reduce(FormAction::Text(text))).clone();
        Some(state)
    }
}

impl Reducible for FormState {
    type Action = FormAction;

    fn reduce(self: Rc<Self>, action: FormAction) -> Rc<Self> {
        let mut next = (*self).clone();
        // An edited field is no longer known to be wrong; the next submit checks it again.
        match action {
            FormAction::Found(found) => {
                next.found = Some(found);
                next.forget_errors(&[Field::Found]);
            }
            FormAction::Rating(rating) => {
                next.rating = Some(rating);
                next.forget_errors(&[Field::Rating]);
            }
            FormAction::Topic(topic) => {
                next.topic = topic;
                next.forget_errors(&[Field::Topic]);
            }
            FormAction::Text(text) => {
                let before = band(next.text_chars());
                next.text = text;
                let count = next.text_chars();
                if band(count) != before {
                    next.announcement = if count > MAX_TEXT_CHARS {
                        Announcement::Over(count - MAX_TEXT_CHARS)
                    } else if band(count) == 0 {
                        Announcement::Nothing
                    } else {
                        Announcement::Left(MAX_TEXT_CHARS - count)
                    };
                }
                if count <= MAX_TEXT_CHARS {
                    next.forget_errors(&[Field::Text]);
                }
            }
            FormAction::WantsReply(wants) => {
                next.wants_reply = wants;
                next.forget_errors(&[Field::Email, Field::Consent]);
            }
            FormAction::Email(email) => {
                next.email = email;
                next.forget_errors(&[Field::Email]);
            }
            FormAction::Consent(consent) => {
                next.consent = consent;
                next.forget_errors(&[Field::Consent]);
            }
            FormAction::Reject(errors) => {
                next.errors = errors;
                next.summary_focus += 1;
            }
            FormAction::Accept => next.errors.clear(),
            FormAction::Restore(submission) => {
                next.found = Some(submission.found);
                next.rating = Some(submission.rating);
                next.topic = submission.topic;
                next.text = submission.text.clone();
                if let Some(contact) = &submission.contact {
                    next.wants_reply = true;
                    next.email = contact.email.clone();
                    next.consent = contact.consent;
                }
            }
        }
        if next == *self { self } else { Rc::new(next) }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    const TIME: &str = "2026-11-26T09:30:00.000Z";

    fn service() -> LeikaKey {
        LeikaKey::parse("99107108017000").unwrap()
    }

    fn run(actions: &[FormAction]) -> Rc<FormState> {
        actions
            .iter()
            .cloned()
            .fold(Rc::new(FormState::default()), |state, action| {
                state.reduce(action)
            })
    }

    fn check_submission(
        actions: &[FormAction],
        expected: Result<FeedbackSubmission, Vec<(Field, &str)>>,
    ) {
        let service = service();
        let state = run(actions);
        let context = SubmitContext {
            service: &service,
            locale: Locale::En,
            page_url: Some("https://portal.example.de/buergergeld?antrag=4711#schritt-2"),
            client_time: TIME,
        };
        let got = state.submission(&context).map_err(|errors| {
            errors
                .into_iter()
                .map(|e| (e.field, e.code))
                .collect::<Vec<_>>()
        });
        let expected = expected.map_err(|errors| {
            errors
                .into_iter()
                .map(|(f, c)| (f, c.to_owned()))
                .collect::<Vec<_>>()
        });
        assert_eq!(got, expected, "actions {actions:?}");
    }

    fn submission(
        found: Found,
        rating: u8,
        text: &str,
        contact: Option<Contact>,
    ) -> FeedbackSubmission {
        FeedbackSubmission {
            service: "99107108017000".to_owned(),
            found,
            rating,
            topic: Topic::Information,
            text: text.to_owned(),
            contact,
            locale: Locale::En,
            page_url: Some("https://portal.example.de/buergergeld".to_owned()),
            client_time: TIME.to_owned(),
            website: None,
        }
    }

    use FormAction as A;

    #[test]
    fn empty_form_needs_the_two_questions() {
        check_submission(
            &[],
            Err(vec![
                (Field::Found, "required"),
                (Field::Rating, "required"),
            ]),
        );
        check_submission(&[A::Rating(4)], Err(vec![(Field::Found, "required")]));
    }

    #[test]
    fn minimal_and_full_submissions() {
        check_submission(
            &[A::Found(Found::Partly), A::Rating(3)],
            Ok(submission(Found::Partly, 3, "", None)),
        );
        let mut full = submission(
            Found::No,
            1,
            "Das Formular lädt nicht.",
            Some(Contact {
                email: "max@example.de".to_owned(),
                consent: true,
            }),
        );
        full.topic = Topic::TechnicalProblem;
        check_submission(
            &[
                A::Found(Found::No),
                A::Rating(1),
                A::Topic(Topic::TechnicalProblem),
                A::Text("Das Formular lädt nicht.".to_owned()),
                A::WantsReply(true),
                A::Email(" max@example.de ".to_owned()),
                A::Consent(true),
            ],
            Ok(full),
        );
    }

    #[test]
    fn contact_only_with_a_reply_wanted() {
        // The address typed before unticking "reply" stays in the form but is not sent.
        check_submission(
            &[
                A::Found(Found::Yes),
                A::Rating(5),
                A::WantsReply(true),
                A::Email("max@example.de".to_owned()),
                A::WantsReply(false),
            ],
            Ok(submission(Found::Yes, 5, "", None)),
        );
        check_submission(
            &[A::Found(Found::Yes), A::Rating(5), A::WantsReply(true)],
            Err(vec![
                (Field::Email, "required"),
                (Field::Consent, "consent_required"),
            ]),
        );
        check_submission(
            &[
                A::Found(Found::Yes),
                A::Rating(5),
                A::WantsReply(true),
                A::Email("max@".to_owned()),
                A::Consent(true),
            ],
            Err(vec![(Field::Email, "invalid_format")]),
        );
    }

    #[test]
    fn text_limit_counts_characters() {
        let at_limit = "ä".repeat(MAX_TEXT_CHARS);
        check_submission(
            &[
                A::Found(Found::Yes),
                A::Rating(2),
                A::Text(at_limit.clone()),
            ],
            Ok(submission(Found::Yes, 2, &at_limit, None)),
        );
        check_submission(
            &[A::Text(format!("{at_limit}x"))],
            Err(vec![
                (Field::Found, "required"),
                (Field::Rating, "required"),
                (Field::Text, "too_long"),
            ]),
        );
    }

    #[test]
    fn editing_a_field_forgets_its_error() {
        let rejected = A::Reject(vec![
            Invalid::new(Field::Found, "required"),
            Invalid::new(Field::Rating, "required"),
        ]);
        let state = run(std::slice::from_ref(&rejected));
        assert_eq!(state.errors.len(), 2);
        assert_eq!(state.summary_focus, 1);
        let state = run(&[rejected.clone(), A::Rating(2)]);
        assert_eq!(state.errors, vec![Invalid::new(Field::Found, "required")]);
        let state = run(&[rejected.clone(), rejected, A::Accept]);
        assert_eq!((state.errors.len(), state.summary_focus), (0, 2));
    }

    #[test]
    fn announcements_only_at_thresholds() {
        let text = |n: usize| A::Text("x".repeat(n));
        let cases: &[(&[usize], Announcement)] = &[
            (&[10], Announcement::Nothing),
            (&[1_799], Announcement::Nothing),
            (&[1_800], Announcement::Left(200)),
            // Within one band the announcement keeps its text, so nothing new is read out.
            (&[1_800, 1_801, 1_850], Announcement::Left(200)),
            (&[1_800, 1_901], Announcement::Left(99)),
            (&[2_000], Announcement::Left(0)),
            (&[2_003], Announcement::Over(3)),
            (&[2_003, 2_010], Announcement::Over(3)),
            (&[2_003, 10], Announcement::Nothing),
        ];
        for (lengths, expected) in cases {
            let actions: Vec<_> = lengths.iter().map(|n| text(*n)).collect();
            assert_eq!(run(&actions).announcement, *expected, "lengths {lengths:?}");
        }
    }

    #[test]
    fn topic_values_match_the_wire_format() {
        for topic in Topic::ALL {
            let json = serde_json::to_string(&topic).unwrap();
            assert_eq!(json, format!("\"{}\"", topic_value(topic)));
            assert_eq!(topic_from_value(topic_value(topic)), Some(topic));
        }
        assert_eq!(topic_from_value("Information"), None);
    }

    #[test]
    fn unchanged_state_is_the_same_rc() {
        let state = run(&[A::Rating(3)]);
        let again = Rc::clone(&state).reduce(A::Rating(3));
        assert!(Rc::ptr_eq(&state, &again));
    }

    #[test]
    fn endpoint_field_errors() {
        let errors = [
            ozg_sdk::FieldError::new("/contact/consent", "consent_required", ""),
            ozg_sdk::FieldError::new("/rating", "out_of_range", ""),
            ozg_sdk::FieldError::new("/pageUrl", "invalid_format", ""),
            ozg_sdk::FieldError::new("/rating", "required", ""),
        ];
        let got: Vec<_> = Invalid::from_field_errors(&errors)
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect();
        assert_eq!(
            got,
            vec![
                (Field::Rating, "out_of_range".to_owned()),
                (Field::Consent, "consent_required".to_owned()),
                (Field::Other, "invalid_format".to_owned()),
            ]
        );
        let texts = Texts::of(Locale::De);
        assert_eq!(
            Invalid::new(Field::Text, "too_long").message(texts),
            "Ihre Nachricht darf höchstens 2.000 Zeichen lang sein. Bitte kürzen Sie sie."
        );
        assert_eq!(
            Invalid::new(Field::Email, "required").message(texts),
            texts.email_required
        );
        assert_eq!(
            Invalid::new(Field::Email, "invalid_format").message(texts),
            texts.email_invalid
        );
    }

    #[test]
    fn personal_data_in_the_text_is_masked_but_the_reply_address_is_kept() {
        check_submission(
            &[
                A::Found(Found::No),
                A::Rating(2),
                A::Text("Rufen Sie mich an: 0171 2345678 oder erika@example.de".to_owned()),
                A::WantsReply(true),
                A::Email("erika@example.de".to_owned()),
                A::Consent(true),
            ],
            Ok(submission(
                Found::No,
                2,
                "Rufen Sie mich an: [Telefon] oder [E-Mail]",
                Some(Contact {
                    email: "erika@example.de".to_owned(),
                    consent: true,
                }),
            )),
        );
    }

    #[test]
    fn drafts_round_trip_and_reject_anything_else() {
        assert_eq!(FormState::default().draft(), None);
        let state = run(&[
            A::Found(Found::Partly),
            A::Rating(5),
            A::Topic(Topic::TechnicalProblem),
            A::Text("Zeile eins\nZeile zwei\n\nEnde".to_owned()),
            A::WantsReply(true),
            A::Email("erika@example.de".to_owned()),
            A::Consent(true),
        ]);
        let draft = state.draft().unwrap();
        assert_eq!(FormState::from_draft(&draft).as_ref(), Some(&*state));
        let only_text = run(&[A::Text("x".repeat(1_950))]);
        let back = FormState::from_draft(&only_text.draft().unwrap()).unwrap();
        assert_eq!(back, *only_text);
        assert_eq!(back.announcement, Announcement::Left(50));
        for broken in [
            "",
            "ozg-draft-0\n\n\ninformation\n0\n0\n\n",
            "ozg-draft-1\nmaybe\n\ninformation\n0\n0\n\n",
            "ozg-draft-1\n\n7\ninformation\n0\n0\n\n",
            "ozg-draft-1\n\n\nInformation\n0\n0\n\n",
            "ozg-draft-1\n\n\ninformation\n0",
        ] {
            assert_eq!(FormState::from_draft(broken), None, "{broken:?}");
        }
    }
}
