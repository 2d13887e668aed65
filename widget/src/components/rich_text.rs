//! Rich text from the endpoint, shown as plain paragraphs.

use yew::{AttrValue, Classes, Html, Properties, classes, component, html, use_memo};

use crate::browser;

/// Properties of [`RichText`].
#[derive(Debug, Properties, PartialEq)]
pub struct RichTextProps {
    /// The HTML as the endpoint sent it.
    pub html: AttrValue,
    /// CSS classes of the wrapper.
    #[prop_or_default]
    pub class: Classes,
}

/// The text of `html`, one `<p>` per paragraph. Parsing is inert and memoised per input, and
/// only text reaches the DOM: no markup from the endpoint is ever inserted.
#[component]
pub fn RichText(props: &RichTextProps) -> Html {
    let paragraphs = use_memo(props.html.clone(), |html| browser::paragraphs(html));
    html! {
        <div class={classes!("ozg-text", props.class.clone())}>
            { for paragraphs.iter().map(|p| html! { <p>{ p.clone() }</p> }) }
        </div>
    }
}
