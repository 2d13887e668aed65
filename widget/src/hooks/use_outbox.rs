//! `use_outbox`: sends feedback through the sdk's local outbox ([`ozg_sdk::outbox`]), so that a
//! submission survives a dead connection, a busy endpoint and a reload.
//!
//! The outbox is flushed when the feedback panel mounts, when the browser comes back
//! `online`, on a timer for the next retry, and when the page is hidden (`visibilitychange`,
//! with `fetch`'s `keepalive`, so a closing tab still delivers). The two listeners are on the
//! host page's `window` and `document`; they and the timer are removed when the panel
//! unmounts. Like the documents checklist, this hook is an exception to "only the bootstrap
//! touches the host page", for the browser's storage and these two events.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use ozg_sdk::outbox::{Flush, Outbox, Outcome, RetryPolicy};
use ozg_sdk::{Error, FeedbackSubmission};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use yew::{
    Callback, UseReducerDispatcher, UseReducerHandle, hook, use_effect_with, use_memo, use_reducer,
};

use crate::browser;
use crate::config::Target;
use crate::hooks::use_challenge::ChallengeSlot;
use crate::state::send::{Attempt, SendAction, SendState};

/// What [`use_outbox`] returns.
#[derive(Debug)]
pub struct Sending {
    /// Where the feedback stands.
    pub state: UseReducerHandle<SendState>,
    /// Stores a checked submission and sends it.
    pub submit: Callback<FeedbackSubmission>,
    /// Sends again: the waiting outbox entries at once, or the kept direct attempt.
    pub send_now: Callback<()>,
}

/// A pending `setTimeout`: its id and the callback it calls.
type Timer = (i32, Closure<dyn FnMut()>);

/// The outbox of one endpoint, driven for one feedback panel.
struct Runner {
    target: Target,
    outbox: Outbox,
    state: UseReducerDispatcher<SendState>,
    /// The pending retry timer and its callback; both go when the panel unmounts.
    timer: RefCell<Option<Timer>>,
    alive: std::cell::Cell<bool>,
    /// The answer to the challenge fetched when the panel opened; used by the next send only.
    challenge: ChallengeSlot,
}

impl Runner {
    /// Sends what `mode` selects and tells the panel what became of this service's feedback.
    fn flush(self: &Rc<Self>, mode: Flush) {
        let runner = Rc::clone(self);
        wasm_bindgen_futures::spawn_local(async move {
            let challenge = runner.challenge.borrow_mut().take();
            let reports = runner
                .outbox
                .flush(&runner.target.client, mode, challenge)
                .await;
            if !runner.alive.get() {
                return;
            }
            for report in reports {
                if report.entry.submission.service != runner.target.service.as_str() {
                    continue;
                }
                let result = match report.outcome {
                    Outcome::Sent(receipt) => Ok(receipt),
                    Outcome::Waiting { error, .. } | Outcome::Rejected(error) => Err(error),
                };
                runner.state.dispatch(SendAction::Finish {
                    result,
                    stored: Some(Rc::new(report.entry.submission)),
                });
            }
            runner.schedule();
        });
    }

    /// Sets the timer for the next due entry, replacing any earlier one.
    fn schedule(self: &Rc<Self>) {
        self.cancel();
        let (Some(window), Some(due)) = (web_sys::window(), self.outbox.next_due()) else {
            return;
        };
        let wait = (due - js_sys::Date::now()).clamp(0.0, f64::from(i32::MAX - 100)) as i32;
        let weak: Weak<Self> = Rc::downgrade(self);
        let callback = Closure::<dyn FnMut()>::new(move || {
            if let Some(runner) = weak.upgrade().filter(|r| r.alive.get()) {
                runner.flush(Flush::Due);
            }
        });
        if let Ok(id) = window.set_timeout_with_callback_and_timeout_and_arguments_0(
            callback.as_ref().unchecked_ref(),
            wait + 50,
        ) {
            *self.timer.borrow_mut() = Some((id, callback));
        }
    }

    fn cancel(&self) {
        if let Some((id, _callback)) = self.timer.borrow_mut().take()
            && let Some(window) = web_sys::window()
        {
            window.clear_timeout_with_handle(id);
        }
    }

    /// Sends `attempt` without the outbox, when the browser refused to store it.
    fn send_directly(&self, attempt: Rc<Attempt>) {
        self.state.dispatch(SendAction::Start(Rc::clone(&attempt)));
        let client = self.target.client.clone();
        let state = self.state.clone();
        let challenge = self.challenge.borrow_mut().take();
        wasm_bindgen_futures::spawn_local(async move {
            let result = ozg_sdk::outbox::attempt(
                &client,
                &attempt.submission,
                &attempt.key,
                false,
                challenge.as_ref(),
            )
            .await;
            state.dispatch(SendAction::Finish {
                result,
                stored: None,
            });
        });
    }
}

/// Listeners on the host page that flush the outbox; removed on drop.
struct Listeners {
    online: Closure<dyn FnMut()>,
    visibility: Closure<dyn FnMut()>,
}

impl Listeners {
    fn add(runner: &Rc<Runner>) -> Self {
        let online = {
            let runner = Rc::clone(runner);
            Closure::<dyn FnMut()>::new(move || {
                runner.outbox.wake();
                runner.flush(Flush::Due);
            })
        };
        let visibility = {
            let runner = Rc::clone(runner);
            Closure::<dyn FnMut()>::new(move || {
                let hidden = web_sys::window()
                    .and_then(|w| w.document())
                    .is_some_and(|d| d.hidden());
                runner.flush(if hidden { Flush::Leaving } else { Flush::Due });
            })
        };
        if let Some(window) = web_sys::window() {
            let _ =
                window.add_event_listener_with_callback("online", online.as_ref().unchecked_ref());
            if let Some(document) = window.document() {
                let _ = document.add_event_listener_with_callback(
                    "visibilitychange",
                    visibility.as_ref().unchecked_ref(),
                );
            }
        }
        Self { online, visibility }
    }
}

impl Drop for Listeners {
    fn drop(&mut self) {
        if let Some(window) = web_sys::window() {
            let _ = window.remove_event_listener_with_callback(
                "online",
                self.online.as_ref().unchecked_ref(),
            );
            if let Some(document) = window.document() {
                let _ = document.remove_event_listener_with_callback(
                    "visibilitychange",
                    self.visibility.as_ref().unchecked_ref(),
                );
            }
        }
    }
}

/// Sending for the feedback panel of `target`, retrying from `retry_delay_ms` on; the first
/// send uses the answer in `challenge` when it is ready.
#[hook]
pub fn use_outbox(target: &Target, retry_delay_ms: u32, challenge: &ChallengeSlot) -> Sending {
    let state = use_reducer(SendState::default);
    let runner = {
        let dispatcher = state.dispatcher();
        let challenge = Rc::clone(challenge);
        use_memo((target.clone(), retry_delay_ms), move |(target, delay)| {
            Runner {
                outbox: Outbox::new(
                    &target.client,
                    // Up to 150 times the first delay: five minutes from the default two seconds.
                    RetryPolicy {
                        base_ms: f64::from(*delay),
                        max_ms: f64::from(*delay) * 150.0,
                    },
                ),
                target: target.clone(),
                state: dispatcher,
                timer: RefCell::new(None),
                alive: std::cell::Cell::new(true),
                challenge,
            }
        })
    };
    {
        let state = state.dispatcher();
        let runner = Rc::clone(&runner);
        use_effect_with((target.clone(), retry_delay_ms), move |_| {
            let service = runner.target.service.as_str();
            if runner
                .outbox
                .entries()
                .iter()
                .any(|entry| entry.submission.service == service)
            {
                state.dispatch(SendAction::Queued);
            }
            let listeners = Listeners::add(&runner);
            runner.flush(Flush::Due);
            move || {
                drop(listeners);
                runner.alive.set(false);
                runner.cancel();
            }
        });
    }
    let submit = {
        let runner = Rc::clone(&runner);
        let state = state.clone();
        Callback::from(move |submission: FeedbackSubmission| {
            let attempt = state.attempt_for(submission, browser::new_idempotency_key);
            match runner.outbox.put(attempt.submission.clone(), &attempt.key) {
                Ok(_) => {
                    state.dispatch(SendAction::Start(attempt));
                    runner.flush(Flush::Due);
                }
                Err(error @ Error::Invalid(_)) => state.dispatch(SendAction::Finish {
                    result: Err(error),
                    stored: None,
                }),
                // Storage refused (blocked site data, full): send without the outbox.
                Err(_) => runner.send_directly(attempt),
            }
        })
    };
    let send_now = {
        let runner = Rc::clone(&runner);
        let state = state.clone();
        Callback::from(move |()| {
            if runner.outbox.entries().is_empty() {
                if let Some(attempt) = state.attempt.clone() {
                    runner.send_directly(attempt);
                }
            } else {
                runner.outbox.wake();
                runner.flush(Flush::Due);
            }
        })
    };
    Sending {
        state,
        submit,
        send_now,
    }
}
