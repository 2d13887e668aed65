//! The honeypot: a "Website" input that people never fill and form-filling bots do.

use yew::{AttrValue, Html, NodeRef, Properties, component, html};

/// Properties of [`Honeypot`].
#[derive(Debug, Properties, PartialEq)]
pub struct HoneypotProps {
    /// The input, read when the form is sent (see [`value`]).
    pub node: NodeRef,
    /// Its label, which asks to leave it empty should anyone ever see it.
    pub label: AttrValue,
}

/// The input, moved out of sight by the stylesheet, hidden from assistive technology and
/// left out of the tab order, without autofill.
#[component]
pub fn Honeypot(props: &HoneypotProps) -> Html {
    html! {
        <div class="ozg-hp" aria-hidden="true">
            <label for="ozg-website">{ props.label.clone() }</label>
            <input
                ref={props.node.clone()}
                id="ozg-website"
                name="website"
                type="text"
                tabindex="-1"
                autocomplete="off"
            />
        </div>
    }
}

/// What was typed into the honeypot, `None` when it is empty (as it is for people).
pub fn value(node: &NodeRef) -> Option<String> {
    node.cast::<web_sys::HtmlInputElement>()
        .map(|input| input.value())
        .filter(|value| !value.is_empty())
}
