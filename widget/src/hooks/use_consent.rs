//! `use_consent`: whether the reader agreed to contact a third party (a Mastodon instance in
//! direct mode), kept in the browser's `sessionStorage` per instance, so that it lasts until
//! the tab is closed and no longer. Without storage it lasts as long as the widget.

use yew::{Callback, hook, use_state};

/// The storage key of the consent for `instance`, e.g. `ozg-widget:consent:social.bund.de`.
pub fn storage_key(instance: &str) -> String {
    format!("ozg-widget:consent:{instance}")
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// What [`use_consent`] returns.
#[derive(Debug)]
pub struct Consent {
    /// The reader agreed, now or earlier in this tab.
    pub given: bool,
    /// The reader agreed just now, in this widget (not earlier in the tab).
    pub just_now: bool,
    /// Records the reader's consent.
    pub give: Callback<()>,
}

/// The reader's consent to contacting `instance`.
#[hook]
pub fn use_consent(instance: &str) -> Consent {
    let key = storage_key(instance);
    let stored = {
        let key = key.clone();
        use_state(move || {
            storage()
                .and_then(|storage| storage.get_item(&key).ok().flatten())
                .is_some_and(|value| value == "1")
        })
    };
    let just_now = use_state(|| false);
    let give = {
        let just_now = just_now.clone();
        Callback::from(move |()| {
            if let Some(storage) = storage() {
                // A refusing storage only means the question comes again after a reload.
                let _ = storage.set_item(&key, "1");
            }
            just_now.set(true);
        })
    };
    Consent {
        given: *stored || *just_now,
        just_now: *just_now,
        give,
    }
}
