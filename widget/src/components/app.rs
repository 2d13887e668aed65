//! The root component: the configured panels as tabs, or a message when the element is set up
//! wrongly.

use std::rc::Rc;

use ozg_sdk::ServiceDescription;
use yew::{
    AttrValue, Callback, ContextProvider, Html, Properties, component, html, use_effect_with,
};

use crate::components::direct_updates::DirectUpdates;
use crate::components::feedback_panel::{FeedbackEvent, FeedbackPanel};
use crate::components::heading::HeadingBase;
use crate::components::service_panel::{ServiceData, ServicePanel};
use crate::components::tabs::{TabItem, Tabs};
use crate::components::updates_panel::{Feed, UpdatesPanel};
use crate::config::{Config, Panel, ServiceSource, UpdatesSource};
use crate::i18n::Texts;

/// Properties of [`App`]; the bootstrap builds them from the element's attributes.
#[derive(Debug, Properties, PartialEq)]
pub struct AppProps {
    /// The parsed attributes.
    pub config: Config,
    /// The host page's `location.href`, for the feedback.
    #[prop_or_default]
    pub page_url: Option<AttrValue>,
    /// Called once after the first render.
    #[prop_or_default]
    pub on_ready: Callback<()>,
    /// Called with every new outcome of the citizen's feedback.
    #[prop_or_default]
    pub on_feedback: Callback<FeedbackEvent>,
    /// The service description the bootstrap read from the host page, when the configured
    /// source is inline JSON or JSON-LD.
    #[prop_or_default]
    pub page_service: Option<Rc<ServiceDescription>>,
}

/// The whole widget.
#[component]
pub fn App(props: &AppProps) -> Html {
    let config = &props.config;
    let locale = config.locale;
    let texts = Texts::of(locale);
    {
        let on_ready = props.on_ready.clone();
        use_effect_with((), move |_| on_ready.emit(()));
    }
    let setup_failed = html! {
        <p part="message" class="ozg-message ozg-message-error ozg-setup-error">{ texts.setup_error }</p>
    };
    // The console says which attribute is wrong; the citizen only needs to know that this part
    // of the page does not work.
    let body = if config.setup_error().is_some() {
        setup_failed
    } else {
        let direct = match &config.updates_source {
            UpdatesSource::Mastodon(source) => Some(source),
            UpdatesSource::Endpoint => None,
        };
        let items = config
            .panels
            .iter()
            .map(|panel| {
                let content = match (panel, &config.target, direct) {
                    (Panel::Service, _, _) if config.service_source != ServiceSource::Endpoint => {
                        html! {
                            <ServicePanel data={ServiceData::Page(props.page_service.clone())} {locale} />
                        }
                    }
                    (Panel::Updates, _, Some(source)) => html! {
                        <DirectUpdates source={source.clone()} {locale} audience={config.audience} />
                    },
                    (_, Err(_), _) => setup_failed.clone(),
                    (Panel::Updates, Ok(target), None) => html! {
                        <UpdatesPanel feed={Feed::Endpoint(target.clone())} {locale} audience={config.audience} />
                    },
                    (Panel::Service, Ok(target), _) => html! {
                        <ServicePanel data={ServiceData::Endpoint(target.clone())} {locale} />
                    },
                    (Panel::Feedback, Ok(target), _) => html! {
                        <FeedbackPanel
                            target={target.clone()}
                            {locale}
                            page_url={props.page_url.clone()}
                            retry_delay_ms={config.retry_delay_ms}
                            on_event={props.on_feedback.clone()}
                        />
                    },
                };
                let label = match panel {
                    Panel::Updates => texts.tab_updates,
                    Panel::Service => texts.tab_service,
                    Panel::Feedback => texts.tab_feedback,
                };
                TabItem {
                    id: panel.name(),
                    label,
                    content,
                }
            })
            .collect::<Vec<_>>();
        html! { <Tabs label={texts.tabs_label} {items} /> }
    };
    html! {
        <ContextProvider<HeadingBase> context={HeadingBase(config.heading_level)}>
            <div part="root" class="ozg-root" lang={locale.as_tag()} data-theme={config.theme.name()}>
                { body }
            </div>
        </ContextProvider<HeadingBase>>
    }
}
