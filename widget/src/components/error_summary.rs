//! The list of errors at the top of the form, which takes focus after a failed submit.

use web_sys::{MouseEvent, Node};
use yew::{
    AttrValue, Html, Properties, TargetCast, component, html, use_effect_with, use_node_ref,
};

use crate::browser;
use crate::components::heading::Heading;

/// Properties of [`ErrorSummary`].
#[derive(Debug, Properties, PartialEq)]
pub struct ErrorSummaryProps {
    /// The heading, e.g. "Bitte prüfen Sie Ihre Angaben".
    pub title: AttrValue,
    /// `(id of the field to focus, message)`; errors without a field have no link.
    pub errors: Vec<(Option<&'static str>, String)>,
    /// Changes whenever the summary should take focus again.
    pub focus: u32,
}

/// A heading and one link per error that moves focus to the field.
#[component]
pub fn ErrorSummary(props: &ErrorSummaryProps) -> Html {
    let summary = use_node_ref();
    {
        let summary = summary.clone();
        use_effect_with(props.focus, move |_| browser::focus(&summary));
    }
    let items = props.errors.iter().map(|(field, message)| match field {
        Some(id) => {
            let id = *id;
            // In a shadow root a fragment link would change the host page's URL and find
            // nothing; the link moves focus itself.
            let onclick = move |event: MouseEvent| {
                event.prevent_default();
                if let Some(node) = event.target_dyn_into::<Node>() {
                    browser::focus_id(&node, id);
                }
            };
            html! { <li><a href={format!("#{id}")} {onclick}>{ message.clone() }</a></li> }
        }
        None => html! { <li>{ message.clone() }</li> },
    });
    // Not a live region: focus moving here after a submit reads it out once; as a live region
    // it would be read again each time the citizen corrects a field and the list shrinks.
    html! {
        <div
            class="ozg-error-summary"
            tabindex="-1"
            ref={summary.clone()}
        >
            <Heading depth={1} id="ozg-error-summary-title">{ props.title.clone() }</Heading>
            <ul>{ for items }</ul>
        </div>
    }
}
