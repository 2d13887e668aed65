//! `use_remembered`: the reference number and status token of the last feedback sent for a
//! service, kept in the browser's `localStorage` so that the citizen can come back and check
//! the status, until they choose to forget it. The token never leaves the citizen's browser
//! except to ask the endpoint for that status.

use std::rc::Rc;

use yew::{Callback, hook, use_state};

/// A feedback the citizen can ask about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Remembered {
    /// The reference number, e.g. `OZG-7K3M-Q9TD`.
    pub reference: String,
    /// The token that authorises the status request.
    pub token: String,
}

impl Remembered {
    /// The stored form: reference and token on two lines.
    pub fn encode(&self) -> String {
        format!("{}\n{}", self.reference, self.token)
    }

    /// From the stored form.
    pub fn decode(stored: &str) -> Option<Self> {
        let (reference, token) = stored.split_once('\n')?;
        (!reference.is_empty() && !token.is_empty() && !token.contains('\n')).then(|| Self {
            reference: reference.to_owned(),
            token: token.to_owned(),
        })
    }
}

fn storage_key(service: &str) -> String {
    format!("ozg-widget:receipt:{service}")
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// What [`use_remembered`] returns.
#[derive(Debug)]
pub struct RememberedHandle {
    /// The remembered feedback, if any.
    pub current: Option<Rc<Remembered>>,
    /// Remembers (`Some`) or forgets (`None`).
    pub set: Callback<Option<Remembered>>,
}

/// The remembered feedback of `service`.
#[hook]
pub fn use_remembered(service: &str) -> RememberedHandle {
    let current = {
        let service = service.to_owned();
        use_state(move || {
            storage()
                .and_then(|s| s.get_item(&storage_key(&service)).ok().flatten())
                .and_then(|stored| Remembered::decode(&stored))
                .map(Rc::new)
        })
    };
    let set = {
        let current = current.clone();
        let service = service.to_owned();
        Callback::from(move |next: Option<Remembered>| {
            if let Some(storage) = storage() {
                // A refusing storage only means it is not remembered after this visit.
                let _ = match &next {
                    Some(remembered) => {
                        storage.set_item(&storage_key(&service), &remembered.encode())
                    }
                    None => storage.remove_item(&storage_key(&service)),
                };
            }
            current.set(next.map(Rc::new));
        })
    };
    RememberedHandle {
        current: (*current).clone(),
        set,
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn stored_form_round_trips() {
        let remembered = Remembered {
            reference: "OZG-7K3M-Q9TD".to_owned(),
            token: "abc_DEF-123".to_owned(),
        };
        assert_eq!(Remembered::decode(&remembered.encode()), Some(remembered));
        for broken in ["", "OZG-7K3M-Q9TD", "\ntoken", "OZG\n", "OZG\na\nb"] {
            assert_eq!(Remembered::decode(broken), None, "{broken:?}");
        }
    }
}
