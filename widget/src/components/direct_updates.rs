//! Direct mode of "Aktuelles" (`source="mastodon:@account@instance"`): two clicks, like a
//! privacy-friendly share button. Nothing is requested from the instance until the reader has
//! read which instance it is and agreed; then the posts load through the same feed and renderer
//! as the endpoint's. The consent lasts for the tab (see [`use_consent`]).

use ozg_sdk::{Audience, Locale};
use yew::{Callback, Html, NodeRef, Properties, component, html, use_effect_with, use_node_ref};

use crate::components::heading::Heading;
use crate::components::updates_panel::{Feed, UpdatesPanel};
use crate::config::MastodonSource;
use crate::hooks::use_consent::use_consent;
use crate::i18n::Texts;

/// Properties of [`DirectUpdates`].
#[derive(Debug, Properties, PartialEq)]
pub struct DirectUpdatesProps {
    /// The Mastodon account and its instance.
    pub source: MastodonSource,
    /// The widget's language.
    pub locale: Locale,
    /// Whom the "Follow us" links are ordered for.
    #[prop_or(Audience::Citizens)]
    pub audience: Audience,
}

/// The consent question naming the instance, then the instance's posts.
#[component]
pub fn DirectUpdates(props: &DirectUpdatesProps) -> Html {
    let texts = Texts::of(props.locale);
    let consent = use_consent(&props.source.instance);
    let loaded: NodeRef = use_node_ref();
    {
        // The button the reader pressed is gone; the posts take the focus, so that keyboard
        // and screen reader users go on where the content now is.
        let loaded = loaded.clone();
        use_effect_with(consent.just_now, move |just_now| {
            if *just_now && let Some(element) = loaded.cast::<web_sys::HtmlElement>() {
                let _ = element.focus();
            }
        });
    }
    if consent.given {
        return html! {
            <div class="ozg-direct" ref={loaded} tabindex="-1">
                <UpdatesPanel
                    feed={Feed::Mastodon(props.source.clone())}
                    locale={props.locale}
                    audience={props.audience}
                />
            </div>
        };
    }
    let onclick = {
        let give = consent.give.clone();
        Callback::from(move |_| give.emit(()))
    };
    html! {
        <div class="ozg-panel-body">
            <Heading>{ texts.updates_heading }</Heading>
            <div class="ozg-consent">
                <p>{ (texts.direct_consent)(&props.source.instance) }</p>
                <p class="ozg-hint">{ texts.direct_consent_session }</p>
                <button type="button" part="button" class="ozg-button" {onclick}>{ texts.direct_load }</button>
            </div>
        </div>
    }
}
