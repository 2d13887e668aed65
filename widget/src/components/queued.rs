//! The notice while feedback waits in the local outbox.

use ozg_sdk::Locale;
use yew::{Callback, Html, MouseEvent, Properties, component, html, use_effect_with, use_node_ref};

use crate::browser;
use crate::i18n::Texts;

/// Properties of [`QueuedNotice`].
#[derive(Debug, Properties, PartialEq)]
pub struct QueuedNoticeProps {
    /// The widget's language.
    pub locale: Locale,
    /// Whether the title takes focus (after a submit in this page, not at start-up).
    #[prop_or_default]
    pub focus: bool,
    /// "Send now".
    pub on_send_now: Callback<MouseEvent>,
}

/// "Saved – will be sent", what that means, and "send now". After a submit the title takes
/// focus, because the form and its submit button, where focus was, are gone.
#[component]
pub fn QueuedNotice(props: &QueuedNoticeProps) -> Html {
    let texts = Texts::of(props.locale);
    let title = use_node_ref();
    {
        let title = title.clone();
        let focus = props.focus;
        use_effect_with((), move |_| {
            if focus {
                browser::focus(&title);
            }
        });
    }
    html! {
        <div part="message" class="ozg-message ozg-queued">
            <p class="ozg-queued-title" tabindex="-1" ref={title}>{ texts.queued }</p>
            <p>{ texts.queued_hint }</p>
            <button
                type="button"
                part="button" class="ozg-button ozg-button-secondary"
                onclick={props.on_send_now.clone()}
            >
                { texts.send_now }
            </button>
        </div>
    }
}
