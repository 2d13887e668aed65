//! The endpoint's anti-spam challenge, fetched when the feedback form is first shown and
//! solved in the background while the citizen types.

use std::cell::RefCell;
use std::rc::Rc;

use ozg_sdk::{ChallengeResponse, Client};
use yew::{hook, use_effect_with, use_mut_ref};

/// The answer to the challenge once it is ready; `None` before, and when the endpoint could
/// not be reached. Sending never waits for it: without an answer the sdk fetches a fresh
/// challenge at send time (`Client::submit_feedback_with`).
pub type ChallengeSlot = Rc<RefCell<Option<ChallengeResponse>>>;

/// Fetches and solves a challenge from `client`'s endpoint once per mount. Proof-of-work
/// hashing runs through Web Crypto in small batches, so the form stays responsive.
#[hook]
pub fn use_challenge(client: &Client) -> ChallengeSlot {
    let slot = use_mut_ref(|| None);
    {
        let slot = Rc::clone(&slot);
        let client = client.clone();
        use_effect_with(client.endpoint().to_owned(), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                // A failure leaves the slot empty; the send path copes with that.
                if let Ok(challenge) = client.get_challenge().await
                    && let Ok(answer) = challenge.solve().await
                {
                    *slot.borrow_mut() = Some(answer);
                }
            });
        });
    }
    slot
}
