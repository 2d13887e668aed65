//! `use_draft`: the feedback form's state, kept in the browser's `sessionStorage` per service,
//! so that a reload (or a crash of the tab) loses nothing typed. The panel clears it once the
//! endpoint confirmed the feedback.
//!
//! `sessionStorage`, not `localStorage`: the draft, e-mail address included, belongs to this
//! tab and is gone when the tab or the browser is closed, which matters on the shared computers
//! of citizen offices and libraries. Without storage the form simply works without a draft.

use yew::{UseReducerHandle, hook, use_effect_with, use_reducer};

use crate::state::form::FormState;

fn storage_key(service: &str) -> String {
    format!("ozg-widget:draft:{service}")
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

fn load(service: &str) -> Option<FormState> {
    let draft = storage()?.get_item(&storage_key(service)).ok()??;
    FormState::from_draft(&draft)
}

/// Forgets the draft of `service`.
pub fn clear(service: &str) {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(&storage_key(service));
    }
}

/// The form's state for `service`, starting from its draft and saved at every change.
#[hook]
pub fn use_draft(service: &str) -> UseReducerHandle<FormState> {
    let state = {
        let service = service.to_owned();
        use_reducer(move || load(&service).unwrap_or_default())
    };
    {
        let service = service.to_owned();
        use_effect_with(state.clone(), move |state| {
            if let Some(storage) = storage() {
                // A full or refusing storage only means the draft is not kept.
                let _ = match state.draft() {
                    Some(draft) => storage.set_item(&storage_key(&service), &draft),
                    None => storage.remove_item(&storage_key(&service)),
                };
            }
        });
    }
    state
}
