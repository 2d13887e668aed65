//! `use_checklist`: which documents the citizen has ticked off, kept in the browser's
//! `localStorage` per service, so that the ticks survive a reload. Nothing goes to a server.
//!
//! Storage can be missing or refuse access (private windows, blocked site data): the checklist
//! then works for the visit and is simply not remembered.

use std::rc::Rc;

use yew::{Callback, hook, use_state};

/// What [`use_checklist`] returns.
#[derive(Debug)]
pub struct Checklist {
    /// The names of the ticked items.
    pub ticked: Rc<Vec<String>>,
    /// Ticks (`true`) or unticks (`false`) the item with this name.
    pub set: Callback<(String, bool)>,
    /// Removes every tick.
    pub reset: Callback<()>,
}

/// The storage key of the checklist `key`, e.g. `ozg-widget:checklist:99107108017000`.
fn storage_key(key: &str) -> String {
    format!("ozg-widget:checklist:{key}")
}

/// The ticked names in the stored form: one per line. Names are single-line texts.
pub fn encode(ticked: &[String]) -> String {
    ticked.join("\n")
}

/// The ticked names from their stored form.
pub fn decode(stored: &str) -> Vec<String> {
    stored
        .lines()
        .filter(|line| !line.is_empty())
        .map(str::to_owned)
        .collect()
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn load(key: &str) -> Vec<String> {
    storage()
        .and_then(|storage| storage.get_item(&storage_key(key)).ok().flatten())
        .map(|stored| decode(&stored))
        .unwrap_or_default()
}

fn save(key: &str, ticked: &[String]) {
    let Some(storage) = storage() else { return };
    // A full or refusing storage only means the ticks are not remembered.
    let _ = if ticked.is_empty() {
        storage.remove_item(&storage_key(key))
    } else {
        storage.set_item(&storage_key(key), &encode(ticked))
    };
}

/// The checklist stored under `key` (the service's LeiKa key).
#[hook]
pub fn use_checklist(key: &str) -> Checklist {
    let ticked = {
        let key = key.to_owned();
        use_state(move || Rc::new(load(&key)))
    };
    let set = {
        let ticked = ticked.clone();
        let key = key.to_owned();
        Callback::from(move |(name, tick): (String, bool)| {
            let mut next: Vec<String> = (**ticked).clone();
            next.retain(|item| *item != name);
            if tick {
                next.push(name);
            }
            save(&key, &next);
            ticked.set(Rc::new(next));
        })
    };
    let reset = {
        let ticked = ticked.clone();
        let key = key.to_owned();
        Callback::from(move |()| {
            save(&key, &[]);
            ticked.set(Rc::new(Vec::new()));
        })
    };
    Checklist {
        ticked: Rc::clone(&ticked),
        set,
        reset,
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn stored_form_round_trips() {
        let names = vec!["Personalausweis".to_owned(), "Mietvertrag".to_owned()];
        assert_eq!(encode(&names), "Personalausweis\nMietvertrag");
        assert_eq!(decode(&encode(&names)), names);
        assert!(decode("").is_empty());
        assert_eq!(decode("a\n\nb\n"), ["a", "b"]);
    }
}
