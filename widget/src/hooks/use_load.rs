//! `use_load`: loads data through the sdk client, again whenever its key changes or the citizen
//! asks for a retry.

use std::cell::Cell;
use std::future::Future;
use std::rc::Rc;

use yew::{Callback, hook, use_effect_with, use_state};

/// The state of a load.
#[derive(Debug)]
pub enum Load<T> {
    /// The request is in flight.
    Loading,
    /// The data arrived.
    Ready(Rc<T>),
    /// The request failed.
    Failed(Rc<ozg_sdk::Error>),
}

/// What [`use_load`] returns: the state and a callback that loads again.
#[derive(Debug)]
pub struct Loaded<T> {
    /// The current state.
    pub state: Rc<Load<T>>,
    /// Loads again (the "Erneut versuchen" button).
    pub retry: Callback<()>,
}

/// Runs `load` when the component mounts, when `key` changes and when `retry` is called.
/// An answer that arrives after the key changed or the component went away is dropped.
#[hook]
pub fn use_load<K, T, F, Fut>(key: K, load: F) -> Loaded<T>
where
    K: PartialEq + 'static,
    T: 'static,
    F: FnOnce() -> Fut + 'static,
    Fut: Future<Output = Result<T, ozg_sdk::Error>> + 'static,
{
    let state = use_state(|| Rc::new(Load::Loading));
    let attempt = use_state(|| 0u32);
    {
        let state = state.clone();
        use_effect_with((key, *attempt), move |_| {
            if !matches!(**state, Load::Loading) {
                state.set(Rc::new(Load::Loading));
            }
            let current = Rc::new(Cell::new(true));
            let still_current = Rc::clone(&current);
            wasm_bindgen_futures::spawn_local(async move {
                let result = load().await;
                if still_current.get() {
                    state.set(Rc::new(match result {
                        Ok(data) => Load::Ready(Rc::new(data)),
                        Err(error) => Load::Failed(Rc::new(error)),
                    }));
                }
            });
            move || current.set(false)
        });
    }
    let retry = Callback::from(move |()| attempt.set(*attempt + 1));
    Loaded {
        state: Rc::clone(&state),
        retry,
    }
}
