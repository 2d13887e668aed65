//! "So funktioniert's": the service description, loaded from the endpoint or handed over from
//! the host page by the bootstrap.

use std::rc::Rc;

use ozg_sdk::{Error, Locale, ServiceDescription};
use yew::{Html, Properties, component, html};

use crate::components::heading::Heading;
use crate::components::load_error::LoadError;
use crate::components::service_description::ServiceDescriptionView;
use crate::config::Target;
use crate::hooks::use_load::{Load, use_load};
use crate::i18n::Texts;

/// Where the description comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum ServiceData {
    /// Loaded from the endpoint.
    Endpoint(Target),
    /// Read from the host page (inline JSON or JSON-LD) by the bootstrap; `None` when the page
    /// holds no usable description (the console says why).
    Page(Option<Rc<ServiceDescription>>),
}

/// Properties of [`ServicePanel`].
#[derive(Debug, Properties, PartialEq)]
pub struct ServicePanelProps {
    /// The source of the description.
    pub data: ServiceData,
    /// The widget's language.
    pub locale: Locale,
}

/// The description with its loading, error and empty states.
#[component]
pub fn ServicePanel(props: &ServicePanelProps) -> Html {
    match &props.data {
        ServiceData::Endpoint(target) => {
            html! { <EndpointService target={target.clone()} locale={props.locale} /> }
        }
        ServiceData::Page(description) => {
            let content = match description {
                Some(description) => html! {
                    <ServiceDescriptionView description={Rc::clone(description)} locale={props.locale} />
                },
                None => missing(props.locale),
            };
            html! { <div class="ozg-panel-body">{ content }</div> }
        }
    }
}

fn missing(locale: Locale) -> Html {
    let texts = Texts::of(locale);
    html! {
        <>
            <Heading>{ texts.tab_service }</Heading>
            <p class="ozg-message">{ texts.service_missing }</p>
        </>
    }
}

/// Properties of [`EndpointService`].
#[derive(Debug, Properties, PartialEq)]
pub struct EndpointServiceProps {
    /// Endpoint and service.
    pub target: Target,
    /// The widget's language.
    pub locale: Locale,
}

/// The description from `GET /v1/services/{leika}`.
#[component]
pub fn EndpointService(props: &EndpointServiceProps) -> Html {
    let texts = Texts::of(props.locale);
    let target = props.target.clone();
    let loaded = use_load(props.target.clone(), move || async move {
        target.client.get_service(&target.service).await
    });
    let busy = matches!(*loaded.state, Load::Loading);
    let content = match &*loaded.state {
        Load::Loading => html! { <Heading>{ texts.tab_service }</Heading> },
        // The endpoint knows no description of this service: an empty state, not an error.
        Load::Failed(error) if matches!(**error, Error::Http { status: 404, .. }) => {
            missing(props.locale)
        }
        Load::Failed(_) => html! {
            <>
                <Heading>{ texts.tab_service }</Heading>
                <LoadError locale={props.locale} on_retry={loaded.retry.clone()} />
            </>
        },
        Load::Ready(description) => html! {
            <ServiceDescriptionView description={description.clone()} locale={props.locale} />
        },
    };
    html! {
        <div class="ozg-panel-body" aria-busy={busy.to_string()}>
            <p class="ozg-status" role="status">{ if busy { texts.loading } else { "" } }</p>
            { content }
        </div>
    }
}
