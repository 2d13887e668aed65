//! "So funktioniert's": the service description, loaded from the endpoint or handed over from
//! the host page by the bootstrap.

use std::rc::Rc;

use ozg_sdk::{Error, LeikaKey, Locale, ServiceDescription};
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
            <p part="message" class="ozg-message">{ texts.service_missing }</p>
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
///
/// An endpoint may serve a description that breaks the contract in parts (an older importer,
/// a hand-edited row): the valid parts are shown and each part left out is reported in the
/// console with its JSON pointer, as for descriptions read from the page.
#[component]
pub fn EndpointService(props: &EndpointServiceProps) -> Html {
    let texts = Texts::of(props.locale);
    let target = props.target.clone();
    let loaded = use_load(props.target.clone(), move || async move {
        let body = target.client.get_service_json(&target.service).await?;
        read_leniently(&body, &target.service)
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

/// Reads the valid parts of the endpoint's JSON `body` with the browser's `JSON.parse`; an
/// error only when not even a description with a title is left.
#[cfg(target_arch = "wasm32")]
fn read_leniently(body: &str, service: &LeikaKey) -> Result<ServiceDescription, Error> {
    let value = js_sys::JSON::parse(body)
        .map_err(|_| Error::Decode("the service description is not JSON".to_owned()))?;
    let (description, issues) = crate::lenient::service_description(&value, service);
    for issue in issues.as_slice() {
        let at = if issue.pointer.is_empty() {
            "/"
        } else {
            issue.pointer.as_str()
        };
        web_sys::console::warn_1(
            &format!(
                "ozg-widget: service description from the endpoint at {at}: {}; left out",
                issue.detail
            )
            .into(),
        );
    }
    description.ok_or_else(|| Error::Decode("the service description has no title".to_owned()))
}

/// Components render only in the browser; the native build of the crate exists for the unit
/// tests of its pure logic and never runs this.
#[cfg(not(target_arch = "wasm32"))]
fn read_leniently(_body: &str, _service: &LeikaKey) -> Result<ServiceDescription, Error> {
    Err(Error::Decode(
        "service descriptions are read in the browser".to_owned(),
    ))
}
