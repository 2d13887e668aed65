//! The feedback panel: the form, sending through the sdk client, and the outcome.

use std::rc::Rc;

use ozg_sdk::Locale;
use yew::{AttrValue, Callback, Html, Properties, UseReducerHandle, component, html, use_reducer};

use crate::browser;
use crate::components::feedback_form::FeedbackForm;
use crate::components::heading::Heading;
use crate::components::receipt::ReceiptView;
use crate::components::service_stats::ServiceStatsLine;
use crate::config::Target;
use crate::hooks::use_challenge::{ChallengeSlot, use_challenge};
use crate::i18n::Texts;
use crate::state::send::{Attempt, Failure, Phase, SendAction, SendState};

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
}

/// Sends `attempt` with the answer to the challenge (or a fresh one when there is none yet or
/// the endpoint rejects it) and records the answer.
fn send(
    target: &Target,
    state: &UseReducerHandle<SendState>,
    attempt: Rc<Attempt>,
    challenge: &ChallengeSlot,
) {
    state.dispatch(SendAction::Start(Rc::clone(&attempt)));
    let client = target.client.clone();
    let state = state.dispatcher();
    let challenge = challenge.borrow().clone();
    wasm_bindgen_futures::spawn_local(async move {
        let result = client
            .submit_feedback_with(&attempt.submission, &attempt.key, challenge.as_ref())
            .await;
        state.dispatch(SendAction::Finish(result));
    });
}

/// Heading, form, status and failure message; the receipt once the endpoint confirmed.
#[component]
pub fn FeedbackPanel(props: &FeedbackPanelProps) -> Html {
    let texts = Texts::of(props.locale);
    let state = use_reducer(SendState::default);
    let challenge = use_challenge(&props.target.client);

    let on_submit = {
        let state = state.clone();
        let target = props.target.clone();
        let challenge = challenge.clone();
        Callback::from(move |submission| {
            let attempt = state.attempt_for(submission, browser::new_idempotency_key);
            send(&target, &state, attempt, &challenge);
        })
    };
    let on_retry = {
        let state = state.clone();
        let target = props.target.clone();
        Callback::from(move |_| {
            if let Some(attempt) = state.attempt.clone() {
                send(&target, &state, attempt, &challenge);
            }
        })
    };

    let body = match &state.phase {
        Phase::Sent(receipt) => html! {
            <ReceiptView receipt={(**receipt).clone()} locale={props.locale} />
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
                    <div class="ozg-message ozg-message-error" role="alert">
                        <p>{ text }</p>
                        if failure.can_retry() {
                            <button
                                type="button"
                                class="ozg-button ozg-button-secondary"
                                onclick={on_retry.clone()}
                            >
                                { texts.send_again }
                            </button>
                        }
                    </div>
                }
            });
            html! {
                <>
                    <p class="ozg-intro">{ texts.feedback_intro }</p>
                    <FeedbackForm
                        service={props.target.service.clone()}
                        locale={props.locale}
                        page_url={props.page_url.clone()}
                        busy={state.is_sending()}
                        {rejected}
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
                { if state.is_sending() { texts.sending } else { "" } }
            </p>
        </div>
    }
}
