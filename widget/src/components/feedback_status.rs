//! The status of a sent feedback and the department's answer, fetched on request with the
//! token from the receipt; and "forget", which removes reference and token from the device.

use ozg_sdk::{FeedbackState, FeedbackStatus, Locale};
use yew::{Callback, Html, Properties, component, html, use_effect_with, use_node_ref, use_state};

use crate::browser;
use crate::config::Target;
use crate::hooks::use_remembered::Remembered;
use crate::i18n::Texts;

/// Properties of [`FeedbackStatusView`].
#[derive(Debug, Properties, PartialEq)]
pub struct FeedbackStatusViewProps {
    /// The endpoint (and service).
    pub target: Target,
    /// Reference and token.
    pub remembered: Remembered,
    /// The widget's language.
    pub locale: Locale,
    /// Forgets reference and token.
    pub on_forget: Callback<()>,
}

/// What the status request gave.
#[derive(Debug, Clone, PartialEq)]
enum Fetched {
    Nothing,
    Loading,
    Status(Box<FeedbackStatus>),
    Failed,
}

fn state_index(state: FeedbackState) -> usize {
    match state {
        FeedbackState::Received => 0,
        FeedbackState::Forwarded => 1,
        FeedbackState::InProgress => 2,
        FeedbackState::Answered => 3,
        FeedbackState::Closed => 4,
    }
}

/// "Status abrufen", the state and the answer, and "forget".
#[component]
pub fn FeedbackStatusView(props: &FeedbackStatusViewProps) -> Html {
    let texts = Texts::of(props.locale);
    let fetched = use_state(|| Fetched::Nothing);
    let forgotten = use_state(|| false);
    let forgotten_ref = use_node_ref();
    {
        let node = forgotten_ref.clone();
        use_effect_with(*forgotten, move |forgotten| {
            if *forgotten {
                browser::focus(&node);
            }
        });
    }
    if *forgotten {
        return html! {
            <p class="ozg-status-forgotten" tabindex="-1" ref={forgotten_ref}>
                { texts.status_forgotten }
            </p>
        };
    }
    let on_check = {
        let fetched = fetched.clone();
        let client = props.target.client.clone();
        let remembered = props.remembered.clone();
        Callback::from(move |_| {
            fetched.set(Fetched::Loading);
            let fetched = fetched.clone();
            let client = client.clone();
            let remembered = remembered.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let result = client
                    .feedback_status(&remembered.reference, &remembered.token)
                    .await;
                fetched.set(match result {
                    Ok(status) => Fetched::Status(Box::new(status)),
                    Err(_) => Fetched::Failed,
                });
            });
        })
    };
    let on_forget = {
        let forget = props.on_forget.clone();
        let forgotten = forgotten.clone();
        Callback::from(move |_| {
            forget.emit(());
            forgotten.set(true);
        })
    };
    let result = match &*fetched {
        Fetched::Nothing => html! {},
        Fetched::Loading => html! { <p>{ texts.loading }</p> },
        Fetched::Failed => {
            html! { <p part="message" class="ozg-message ozg-message-error">{ texts.status_failed }</p> }
        }
        Fetched::Status(status) => {
            let answer = match &status.answer {
                Some(answer) => html! {
                    <div class="ozg-answer">
                        <p class="ozg-answer-title">
                            { (texts.status_answer)(&answer.department, &browser::date_time(&answer.answered_at, props.locale)) }
                        </p>
                        <p class="ozg-answer-text">{ answer.text.clone() }</p>
                    </div>
                },
                None => html! { <p>{ texts.status_no_answer }</p> },
            };
            html! {
                <>
                    <dl class="ozg-status-facts">
                        <dt>{ texts.status_label }</dt>
                        <dd class="ozg-status-state">{ texts.status_states[state_index(status.state)] }</dd>
                        <dt>{ texts.status_updated }</dt>
                        <dd>{ browser::date_time(&status.updated_at, props.locale) }</dd>
                    </dl>
                    { answer }
                </>
            }
        }
    };
    html! {
        <div class="ozg-status-view">
            <div class="ozg-status-actions">
                <button
                    type="button"
                    part="button" class="ozg-button ozg-button-secondary ozg-status-check"
                    onclick={on_check}
                    disabled={*fetched == Fetched::Loading}
                >
                    { texts.status_check }
                </button>
                <button
                    type="button"
                    part="button" class="ozg-button ozg-button-secondary ozg-status-forget"
                    onclick={on_forget}
                >
                    { texts.status_forget }
                </button>
            </div>
            <div class="ozg-status-result" aria-live="polite">{ result }</div>
        </div>
    }
}
