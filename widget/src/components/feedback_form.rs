//! The feedback form with its own accessible validation.

use std::rc::Rc;

use ozg_sdk::{FeedbackSubmission, Found, LeikaKey, Locale, MAX_TEXT_CHARS, Topic};
use web_sys::{
    Event, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement, InputEvent, SubmitEvent,
};
use yew::{
    AttrValue, Callback, Html, Properties, TargetCast, component, html, use_effect_with,
    use_node_ref,
};

use crate::browser;
use crate::components::error_summary::ErrorSummary;
use crate::components::honeypot::{self, Honeypot};
use crate::components::radio_group::RadioGroup;
use crate::hooks::use_draft::use_draft;
use crate::i18n::Texts;
use crate::state::form::{
    Announcement, Field, FormAction, Invalid, SubmitContext, topic_from_value, topic_value,
};

const FOUND: [Found; 3] = [Found::Yes, Found::Partly, Found::No];
const FOUND_VALUES: [&str; 3] = ["yes", "partly", "no"];
const RATING_VALUES: [&str; 5] = ["1", "2", "3", "4", "5"];

/// Properties of [`FeedbackForm`].
#[derive(Debug, Properties, PartialEq)]
pub struct FeedbackFormProps {
    /// The service the feedback is about.
    pub service: LeikaKey,
    /// The widget's language, sent along with the feedback.
    pub locale: Locale,
    /// The host page's `location.href`; query and fragment are removed before sending.
    #[prop_or_default]
    pub page_url: Option<AttrValue>,
    /// A submission is in flight: the submit button is disabled.
    #[prop_or_default]
    pub busy: bool,
    /// Fields the endpoint rejected; shown like the form's own errors.
    #[prop_or_default]
    pub rejected: Option<Vec<Invalid>>,
    /// A submission the endpoint rejected after it left the form: its answers come back.
    #[prop_or_default]
    pub restore: Option<Rc<FeedbackSubmission>>,
    /// Receives a checked submission.
    pub on_submit: Callback<FeedbackSubmission>,
}

/// The form. It never sends anything itself: a valid submission goes to `on_submit`.
#[component]
pub fn FeedbackForm(props: &FeedbackFormProps) -> Html {
    let texts = Texts::of(props.locale);
    let state = use_draft(props.service.as_str());
    {
        let state = state.dispatcher();
        // Before the errors, which the restored answers would otherwise clear again.
        use_effect_with(props.restore.clone(), move |restore| {
            if let Some(submission) = restore {
                state.dispatch(FormAction::Restore(Rc::clone(submission)));
            }
        });
    }
    let honeypot = use_node_ref();
    {
        let state = state.dispatcher();
        use_effect_with(props.rejected.clone(), move |rejected| {
            if let Some(errors) = rejected {
                state.dispatch(FormAction::Reject(errors.clone()));
            }
        });
    }

    let onsubmit = {
        let state = state.clone();
        let service = props.service.clone();
        let locale = props.locale;
        let page_url = props.page_url.clone();
        let on_submit = props.on_submit.clone();
        let busy = props.busy;
        let honeypot = honeypot.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if busy {
                return;
            }
            let now = browser::now();
            let context = SubmitContext {
                service: &service,
                locale,
                page_url: page_url.as_deref(),
                client_time: &now,
            };
            match state.submission(&context) {
                Ok(submission) => {
                    let submission = FeedbackSubmission {
                        website: honeypot::value(&honeypot),
                        ..submission
                    };
                    state.dispatch(FormAction::Accept);
                    on_submit.emit(submission);
                }
                Err(errors) => state.dispatch(FormAction::Reject(errors)),
            }
        })
    };

    let error = |field: Field| state.error(field).map(|invalid| invalid.message(texts));
    // `aria-describedby` of a field: its hint and counter, then its error when it has one.
    let described = |field: Field, others: &[&str]| -> Option<String> {
        let mut ids: Vec<&str> = others.to_vec();
        if state.error(field).is_some() {
            ids.push(field.error_id());
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    };
    let invalid = |field: Field| state.error(field).is_some().then_some("true");
    let error_message = |field: Field| {
        error(field).map(|message| {
            html! {
                <p class="ozg-field-error" id={field.error_id()}>
                    <span class="ozg-vh">{ texts.error_prefix }{ " " }</span>{ message }
                </p>
            }
        })
    };

    let summary = (!state.errors.is_empty()).then(|| {
        let errors = state
            .errors
            .iter()
            .map(|invalid| (invalid.field.focus_id(), invalid.message(texts)))
            .collect::<Vec<_>>();
        html! { <ErrorSummary title={texts.error_summary} {errors} focus={state.summary_focus} /> }
    });

    let on_found = state
        .dispatcher()
        .to_callback()
        .reform(|index: usize| FormAction::Found(FOUND[index]));
    let on_rating = state
        .dispatcher()
        .to_callback()
        .reform(|index: usize| FormAction::Rating(index as u8 + 1));
    let on_topic = state.dispatcher().to_callback().reform(|event: Event| {
        let value = event.target_unchecked_into::<HtmlSelectElement>().value();
        FormAction::Topic(topic_from_value(&value).unwrap_or(Topic::Other))
    });
    let on_text = state
        .dispatcher()
        .to_callback()
        .reform(|event: InputEvent| {
            FormAction::Text(event.target_unchecked_into::<HtmlTextAreaElement>().value())
        });
    let on_wants_reply = state.dispatcher().to_callback().reform(|event: Event| {
        FormAction::WantsReply(event.target_unchecked_into::<HtmlInputElement>().checked())
    });
    let on_email = state
        .dispatcher()
        .to_callback()
        .reform(|event: InputEvent| {
            FormAction::Email(event.target_unchecked_into::<HtmlInputElement>().value())
        });
    let on_consent = state.dispatcher().to_callback().reform(|event: Event| {
        FormAction::Consent(event.target_unchecked_into::<HtmlInputElement>().checked())
    });

    let count = state.text_chars();
    let announcement = match state.announcement {
        Announcement::Nothing => String::new(),
        Announcement::Left(left) => (texts.chars_left)(left),
        Announcement::Over(over) => (texts.chars_over)(over),
    };

    // What will be masked, shown while the citizen writes; the live region speaks only when
    // the summary changes, not at every keystroke.
    let masked = ozg_sdk::mask::mask(&state.text);
    let mask_notice = (!masked.is_empty()).then(|| (texts.mask_notice)(&masked.counts));
    let mask_preview = (!masked.is_empty()).then(|| {
        html! {
            <div class="ozg-mask-preview">
                <p class="ozg-hint">{ texts.mask_preview }</p>
                <p class="ozg-masked-text" id="ozg-masked-text">{ masked.text.clone() }</p>
            </div>
        }
    });
    let mut text_described = vec!["ozg-text-hint", "ozg-text-count"];
    if mask_notice.is_some() {
        text_described.push("ozg-mask-notice");
    }

    let contact = state.wants_reply.then(|| {
        html! {
            <div class="ozg-contact" id="ozg-contact">
                <div class="ozg-field">
                    <label for="ozg-email" class="ozg-label">{ texts.email_label }</label>
                    { error_message(Field::Email).unwrap_or_default() }
                    <input
                        type="email"
                        id="ozg-email"
                        name="email"
                        part="field" class="ozg-input"
                        autocomplete="email"
                        spellcheck="false"
                        value={state.email.clone()}
                        aria-invalid={invalid(Field::Email)}
                        aria-describedby={described(Field::Email, &[])}
                        oninput={on_email}
                    />
                </div>
                <div class="ozg-field">
                    { error_message(Field::Consent).unwrap_or_default() }
                    <div class="ozg-option">
                        <input
                            type="checkbox"
                            id="ozg-consent"
                            name="consent"
                            checked={state.consent}
                            aria-invalid={invalid(Field::Consent)}
                            aria-describedby={described(Field::Consent, &[])}
                            onchange={on_consent}
                        />
                        <label for="ozg-consent">{ texts.consent_label }</label>
                    </div>
                </div>
            </div>
        }
    });

    html! {
        <form class="ozg-feedback" novalidate=true {onsubmit}>
            { summary.unwrap_or_default() }
            <RadioGroup
                name="found"
                legend={texts.found_legend}
                required={texts.required}
                options={FOUND_VALUES.iter().zip(texts.found_labels).map(|(v, l)| (*v, l)).collect::<Vec<_>>()}
                selected={state.found.and_then(|found| FOUND.iter().position(|f| *f == found))}
                error={error(Field::Found).map(AttrValue::from)}
                error_prefix={texts.error_prefix}
                error_id={Field::Found.error_id()}
                on_select={on_found}
            />
            <RadioGroup
                name="rating"
                legend={texts.rating_legend}
                required={texts.required}
                options={RATING_VALUES.iter().zip(texts.rating_labels).map(|(v, l)| (*v, l)).collect::<Vec<_>>()}
                selected={state.rating.map(|rating| usize::from(rating) - 1)}
                error={error(Field::Rating).map(AttrValue::from)}
                error_prefix={texts.error_prefix}
                error_id={Field::Rating.error_id()}
                on_select={on_rating}
            />
            <div class="ozg-field">
                <label for="ozg-topic" class="ozg-label">{ texts.topic_label }</label>
                { error_message(Field::Topic).unwrap_or_default() }
                <select
                    id="ozg-topic"
                    name="topic"
                    part="field" class="ozg-input"
                    aria-invalid={invalid(Field::Topic)}
                    aria-describedby={described(Field::Topic, &[])}
                    onchange={on_topic}
                >
                    { for Topic::ALL.into_iter().map(|topic| html! {
                        <option value={topic_value(topic)} selected={state.topic == topic}>
                            { texts.topic(topic) }
                        </option>
                    }) }
                </select>
            </div>
            <div class="ozg-field">
                <label for="ozg-text" class="ozg-label">{ texts.text_label }</label>
                <p class="ozg-hint" id="ozg-text-hint">{ texts.text_hint }</p>
                { error_message(Field::Text).unwrap_or_default() }
                <textarea
                    id="ozg-text"
                    name="text"
                    part="field" class="ozg-input"
                    rows="5"
                    value={state.text.clone()}
                    aria-invalid={invalid(Field::Text)}
                    aria-describedby={described(Field::Text, &text_described)}
                    oninput={on_text}
                />
                <p
                    class={if count > MAX_TEXT_CHARS { "ozg-count ozg-count-over" } else { "ozg-count" }}
                    id="ozg-text-count"
                >
                    { (texts.char_count)(count, MAX_TEXT_CHARS) }
                </p>
                // Read out only when the count crosses a threshold, not at every keystroke.
                <p class="ozg-vh" aria-live="polite">{ announcement }</p>
                <p class="ozg-mask-notice" id="ozg-mask-notice" aria-live="polite">
                    { mask_notice.unwrap_or_default() }
                </p>
                { mask_preview.unwrap_or_default() }
            </div>
            <div class="ozg-field">
                <div class="ozg-option">
                    <input
                        type="checkbox"
                        id="ozg-wants-reply"
                        name="wants-reply"
                        checked={state.wants_reply}
                        onchange={on_wants_reply}
                    />
                    <label for="ozg-wants-reply">{ texts.wants_reply }</label>
                </div>
            </div>
            { contact.unwrap_or_default() }
            <Honeypot node={honeypot} label={texts.honeypot_label} />
            <button
                type="submit"
                part="button" class="ozg-button"
                disabled={props.busy}
                aria-busy={props.busy.then_some("true")}
            >
                { texts.submit }
            </button>
        </form>
    }
}
