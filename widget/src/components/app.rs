//! The root component: the configured panels as tabs, or a message when the element is set up
//! wrongly.

use yew::{AttrValue, Callback, Html, Properties, component, html, use_effect_with};

use crate::components::feedback_panel::FeedbackPanel;
use crate::components::service_panel::ServicePanel;
use crate::components::tabs::{TabItem, Tabs};
use crate::components::updates_panel::UpdatesPanel;
use crate::config::{Config, Panel};
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
    let body = match &config.target {
        // The console says which attribute is wrong; the citizen only needs to know that this
        // part of the page does not work.
        Err(_) => html! {
            <p class="ozg-message ozg-message-error ozg-setup-error">{ texts.setup_error }</p>
        },
        Ok(target) => {
            let items = config
                .panels
                .iter()
                .map(|panel| {
                    let (label, content) = match panel {
                        Panel::Updates => (
                            texts.tab_updates,
                            html! { <UpdatesPanel target={target.clone()} {locale} /> },
                        ),
                        Panel::Service => (
                            texts.tab_service,
                            html! { <ServicePanel target={target.clone()} {locale} /> },
                        ),
                        Panel::Feedback => (
                            texts.tab_feedback,
                            html! {
                                <FeedbackPanel
                                    target={target.clone()}
                                    {locale}
                                    page_url={props.page_url.clone()}
                                />
                            },
                        ),
                    };
                    TabItem {
                        id: panel.name(),
                        label,
                        content,
                    }
                })
                .collect::<Vec<_>>();
            html! { <Tabs label={texts.tabs_label} {items} /> }
        }
    };
    html! {
        <div class="ozg-root" lang={locale.as_tag()}>
            { body }
        </div>
    }
}
