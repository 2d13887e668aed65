//! The confirmation after the endpoint committed the feedback.

use ozg_sdk::{Locale, Receipt};
use yew::{Html, Properties, component, html, use_effect_with, use_node_ref};

use crate::browser;
use crate::components::heading::Heading;
use crate::i18n::Texts;

/// Properties of [`ReceiptView`].
#[derive(Debug, Properties, PartialEq)]
pub struct ReceiptViewProps {
    /// The endpoint's receipt.
    pub receipt: Receipt,
    /// The widget's language.
    pub locale: Locale,
    /// Whether the heading takes focus (after a submit in this page, not when feedback
    /// stored earlier is confirmed at start-up).
    #[prop_or(true)]
    pub focus: bool,
}

/// Thanks and the reference number. The heading takes focus, because the form and its
/// submit button, where focus was, are gone.
#[component]
pub fn ReceiptView(props: &ReceiptViewProps) -> Html {
    let texts = Texts::of(props.locale);
    let heading = use_node_ref();
    {
        let heading = heading.clone();
        let focus = props.focus;
        use_effect_with((), move |_| {
            if focus {
                browser::focus(&heading);
            }
        });
    }
    html! {
        <div class="ozg-receipt">
            <Heading depth={1} focus_target=true node_ref={heading}>{ texts.thanks }</Heading>
            <p>
                { texts.reference_label }{ " " }
                <strong class="ozg-reference">{ props.receipt.reference.clone() }</strong>
            </p>
            <p>{ texts.reference_hint }</p>
        </div>
    }
}
