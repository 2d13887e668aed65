//! "Aktuelles": the authority's latest posts, loaded from the endpoint.

use ozg_sdk::{Locale, UpdatesQuery};
use yew::{Html, Properties, component, html};

use crate::components::heading::Heading;
use crate::components::load_error::LoadError;
use crate::components::post::Post;
use crate::config::Target;
use crate::hooks::use_load::{Load, use_load};
use crate::i18n::Texts;

/// How many posts the panel asks for.
const LIMIT: u16 = 10;

/// Properties of [`UpdatesPanel`].
#[derive(Debug, Properties, PartialEq)]
pub struct UpdatesPanelProps {
    /// Endpoint and service.
    pub target: Target,
    /// The widget's language.
    pub locale: Locale,
}

/// The list of posts with its loading, error and empty states.
#[component]
pub fn UpdatesPanel(props: &UpdatesPanelProps) -> Html {
    let texts = Texts::of(props.locale);
    let target = props.target.clone();
    let loaded = use_load(props.target.clone(), move || async move {
        let query = UpdatesQuery {
            service: Some(target.service.clone()),
            limit: Some(LIMIT),
            before: None,
        };
        target.client.get_updates(&query).await
    });
    let busy = matches!(*loaded.state, Load::Loading);
    let content = match &*loaded.state {
        Load::Loading => Html::default(),
        Load::Failed(_) => {
            html! { <LoadError locale={props.locale} on_retry={loaded.retry.clone()} /> }
        }
        Load::Ready(page) if page.updates.is_empty() => {
            html! { <p class="ozg-message">{ texts.updates_empty }</p> }
        }
        Load::Ready(page) => html! {
            <ul class="ozg-posts">
                { for page.updates.iter().enumerate().map(|(index, update)| html! {
                    <li key={update.id.clone()}>
                        <Post update={update.clone()} {index} locale={props.locale} />
                    </li>
                }) }
            </ul>
        },
    };
    html! {
        <div class="ozg-panel-body" aria-busy={busy.to_string()}>
            <Heading>{ texts.updates_heading }</Heading>
            <p class="ozg-status" role="status">{ if busy { texts.loading } else { "" } }</p>
            { content }
        </div>
    }
}
