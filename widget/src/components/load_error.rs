//! The message shown when content could not be loaded, with a retry button.

use ozg_sdk::Locale;
use yew::{Callback, Html, Properties, component, html};

use crate::i18n::Texts;

/// Properties of [`LoadError`].
#[derive(Debug, Properties, PartialEq)]
pub struct LoadErrorProps {
    /// The widget's language.
    pub locale: Locale,
    /// Loads again.
    pub on_retry: Callback<()>,
}

/// "Die Inhalte konnten nicht geladen werden." and "Erneut versuchen".
#[component]
pub fn LoadError(props: &LoadErrorProps) -> Html {
    let texts = Texts::of(props.locale);
    let onclick = props.on_retry.reform(|_| ());
    html! {
        <div part="message" class="ozg-message ozg-message-error" role="alert">
            <p>{ texts.load_failed }</p>
            <button type="button" part="button" class="ozg-button ozg-button-secondary" {onclick}>
                { texts.retry }
            </button>
        </div>
    }
}
