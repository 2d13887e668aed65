//! The feedback panel: the form, sending through the sdk client, and the outcome.

use std::rc::Rc;

use ozg_sdk::Locale;
use yew::{AttrValue, Callback, Html, Properties, component, html, use_effect_with, use_state};

use crate::components::feedback_form::FeedbackForm;
use crate::components::feedback_status::FeedbackStatusView;
use crate::components::heading::Heading;
use crate::components::queued::QueuedNotice;
use crate::components::receipt::ReceiptView;
use crate::components::service_stats::ServiceStatsLine;
use crate::config::Target;
use crate::hooks::use_challenge::use_challenge;
use crate::hooks::use_draft;
use crate::hooks::use_outbox::use_outbox;
use crate::hooks::use_remembered::{Remembered, use_remembered};
use crate::i18n::Texts;
use crate::state::send::{Failure, Phase};

/// What happened to the citizen's feedback, for the host page's events.
#[derive(Debug, Clone, PartialEq)]
pub enum FeedbackEvent {
    /// Stored in the local outbox; it is sent as soon as the endpoint can be reached.
    Queued,
    /// The endpoint confirmed it under this reference number.
    Sent {
        /// The reference number the citizen sees.
        reference: AttrValue,
    },
    /// It could not be sent and is not kept for a retry.
    Error {
        /// `network`, `rate_limited` or `rejected`.
        code: &'static str,
    },
}

impl FeedbackEvent {
    fn of(phase: &Phase) -> Option<Self> {
        match phase {
            Phase::Queued => Some(Self::Queued),
            Phase::Sent(receipt) => Some(Self::Sent {
                reference: AttrValue::from(receipt.reference.clone()),
            }),
            Phase::Failed(failure) => Some(Self::Error {
                code: match failure {
                    Failure::Retryable => "network",
                    Failure::RateLimited => "rate_limited",
                    Failure::Invalid(_) | Failure::Rejected => "rejected",
                },
            }),
            Phase::Editing | Phase::Sending => None,
        }
    }
}

/// Properties of [`FeedbackPanel`].
#[derive(Debug, Properties, PartialEq)]
pub struct FeedbackPanelProps {
    /// Endpoint and service.
    pub target: Target,
    /// The widget's language.
    pub locale: Locale,
    /// The host page's `location.href`.
    #[prop_or_default]
    pub page_url: Option<AttrValue>,
    /// Milliseconds before the first retry of feedback that could not be sent.
    #[prop_or(crate::config::DEFAULT_RETRY_DELAY)]
    pub retry_delay_ms: u32,
    /// Called whenever the feedback reaches a new outcome.
    #[prop_or_default]
    pub on_event: Callback<FeedbackEvent>,
}

/// Heading, form, status and failure message; the receipt once the endpoint confirmed.
#[component]
pub fn FeedbackPanel(props: &FeedbackPanelProps) -> Html {
    let texts = Texts::of(props.locale);
    let challenge = use_challenge(&props.target.client);
    let sending = use_outbox(&props.target, props.retry_delay_ms, &challenge);
    let state = &sending.state;
    let on_submit = sending.submit.clone();
    let on_retry = sending.send_now.reform(|_| ());
    let remembered = use_remembered(props.target.service.as_str());
    // The feedback remembered when the panel opened: its section stays for this visit, so that
    // "forget" can say (with focus) that it is forgotten.
    let earlier = {
        let current = remembered.current.clone();
        use_state(move || current)
    };
    {
        // The draft goes only once the endpoint confirmed what was sent; reference and token
        // stay on the device for "Status abrufen".
        let service = props.target.service.clone();
        let sent = match &state.phase {
            Phase::Sent(receipt) => Some(Rc::clone(receipt)),
            _ => None,
        };
        let remember = remembered.set.clone();
        use_effect_with(sent, move |sent| {
            if let Some(receipt) = sent {
                use_draft::clear(service.as_str());
                remember.emit(Some(Remembered {
                    reference: receipt.reference.clone(),
                    token: receipt.token.clone(),
                }));
            }
        });
    }
    {
        let on_event = props.on_event.clone();
        use_effect_with(FeedbackEvent::of(&state.phase), move |event| {
            if let Some(event) = event {
                on_event.emit(event.clone());
            }
        });
    }
    let forget = remembered.set.reform(|()| None);
    let status = |remembered: &Remembered| {
        html! {
            <FeedbackStatusView
                target={props.target.clone()}
                remembered={remembered.clone()}
                locale={props.locale}
                on_forget={forget.clone()}
            />
        }
    };

    let body = match &state.phase {
        Phase::Sent(receipt) => html! {
            <>
                <ReceiptView
                    receipt={(**receipt).clone()}
                    locale={props.locale}
                    focus={state.submitted_here}
                />
                { status(&Remembered {
                    reference: receipt.reference.clone(),
                    token: receipt.token.clone(),
                }) }
            </>
        },
        Phase::Queued => html! {
            <QueuedNotice
                locale={props.locale}
                focus={state.submitted_here}
                on_send_now={on_retry.clone()}
            />
        },
        phase => {
            let failure = match phase {
                Phase::Failed(failure) => Some(failure),
                _ => None,
            };
            let rejected = match failure {
                Some(Failure::Invalid(errors)) => Some(errors.clone()),
                _ => None,
            };
            let message = failure.map(|failure| {
                let text = match failure {
                    Failure::Retryable => texts.send_failed,
                    Failure::RateLimited => texts.send_rate_limited,
                    Failure::Invalid(_) | Failure::Rejected => texts.send_rejected,
                };
                html! {
                    <div part="message" class="ozg-message ozg-message-error" role="alert">
                        <p>{ text }</p>
                        if failure.can_retry() {
                            <button
                                type="button"
                                part="button" class="ozg-button ozg-button-secondary"
                                onclick={on_retry.clone()}
                            >
                                { texts.send_again }
                            </button>
                        }
                    </div>
                }
            });
            let earlier = earlier.as_ref().map(|earlier| {
                html! {
                    <section class="ozg-earlier" aria-labelledby="ozg-earlier-heading">
                        <Heading depth={1} id="ozg-earlier-heading">{ texts.earlier_heading }</Heading>
                        <p>
                            { texts.reference_label }{ " " }
                            <strong class="ozg-reference">{ earlier.reference.clone() }</strong>
                        </p>
                        { status(earlier) }
                    </section>
                }
            });
            html! {
                <>
                    { earlier.unwrap_or_default() }
                    <p class="ozg-intro">{ texts.feedback_intro }</p>
                    <FeedbackForm
                        service={props.target.service.clone()}
                        locale={props.locale}
                        page_url={props.page_url.clone()}
                        busy={state.is_sending()}
                        {rejected}
                        restore={state.restore.clone()}
                        {on_submit}
                    />
                    // An absent optional part must still take one place (an empty node): Yew
                    // matches child lists of changing length from the end, and the form before
                    // it would be remounted, losing everything typed. Components use
                    // `unwrap_or_default()` on optional parts for this reason.
                    { message.unwrap_or_default() }
                </>
            }
        }
    };
    html! {
        <div class="ozg-panel-body">
            <Heading>{ texts.feedback_heading }</Heading>
            <ServiceStatsLine target={props.target.clone()} locale={props.locale} />
            { body }
            <p class="ozg-status" role="status">
                { match state.phase {
                    Phase::Sending => texts.sending,
                    Phase::Queued => texts.queued,
                    _ => "",
                } }
            </p>
        </div>
    }
}
