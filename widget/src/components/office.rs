//! The competent office ("Zuständige Stelle") and how to reach it.

use ozg_sdk::{Locale, Office};
use yew::{Html, Properties, component, html};

use crate::components::heading::Heading;
use crate::i18n::Texts;
use crate::links;

/// Properties of [`OfficeView`].
#[derive(Debug, Properties, PartialEq)]
pub struct OfficeViewProps {
    /// The office.
    pub office: Office,
    /// The widget's language.
    pub locale: Locale,
}

/// Name, address, phone (`tel:`), e-mail (`mailto:`), opening hours and website.
#[component]
pub fn OfficeView(props: &OfficeViewProps) -> Html {
    let texts = Texts::of(props.locale);
    let office = &props.office;
    let phone = office.phone.as_ref().map(|phone| {
        let number = match links::tel_href(phone) {
            Some(href) => html! { <a {href}>{ phone.clone() }</a> },
            None => html! { phone.clone() },
        };
        html! { <p>{ texts.phone }{ ": " }{ number }</p> }
    });
    let email = office.email.as_ref().map(|email| {
        let address = match links::mailto_href(email) {
            Some(href) => html! { <a {href}>{ email.clone() }</a> },
            None => html! { email.clone() },
        };
        html! { <p>{ texts.email }{ ": " }{ address }</p> }
    });
    let website = office
        .website
        .as_deref()
        .and_then(links::web_url)
        .map(|href| html! { <p><a href={href.to_owned()}>{ texts.website }{ ": " }{ href.to_owned() }</a></p> });
    html! {
        <section class="ozg-section">
            <Heading depth={1}>{ texts.office_heading }</Heading>
            <address class="ozg-office">
                <p class="ozg-item-title">{ office.name.clone() }</p>
                if !office.address.is_empty() {
                    <p>
                        { for office.address.iter().enumerate().map(|(i, line)| html! {
                            <>
                                if i > 0 { <br /> }
                                { line.clone() }
                            </>
                        }) }
                    </p>
                }
                { phone.unwrap_or_default() }
                { email.unwrap_or_default() }
                if !office.opening_hours.is_empty() {
                    <p>
                        { texts.opening_hours }{ ":" }<br />
                        { for office.opening_hours.iter().enumerate().map(|(i, line)| html! {
                            <>
                                if i > 0 { <br /> }
                                { line.clone() }
                            </>
                        }) }
                    </p>
                }
                { website.unwrap_or_default() }
            </address>
        </section>
    }
}
