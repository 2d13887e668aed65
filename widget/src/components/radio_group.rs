//! A required radio group: a fieldset with its question as legend.

use yew::{AttrValue, Callback, Html, Properties, component, html};

/// Properties of [`RadioGroup`].
#[derive(Debug, Properties, PartialEq)]
pub struct RadioGroupProps {
    /// The `name` of the inputs; their ids are `ozg-{name}-{value}`.
    pub name: &'static str,
    /// The question.
    pub legend: AttrValue,
    /// Marks the question as required, e.g. "(Pflichtangabe)".
    pub required: AttrValue,
    /// `(value, label)` of each option.
    pub options: Vec<(&'static str, &'static str)>,
    /// The chosen option's index.
    #[prop_or_default]
    pub selected: Option<usize>,
    /// The error message, when the last submit found one.
    #[prop_or_default]
    pub error: Option<AttrValue>,
    /// Prefix of the error message for screen readers ("Fehler:").
    pub error_prefix: AttrValue,
    /// Id of the error message.
    pub error_id: &'static str,
    /// Called with the index of the option chosen.
    pub on_select: Callback<usize>,
}

/// The fieldset, its error message and the radios.
#[component]
pub fn RadioGroup(props: &RadioGroupProps) -> Html {
    let invalid = props.error.is_some();
    html! {
        <fieldset
            class="ozg-fieldset"
            aria-describedby={invalid.then_some(props.error_id)}
        >
            <legend class="ozg-legend">
                { props.legend.clone() }{ " " }<span class="ozg-required">{ props.required.clone() }</span>
            </legend>
            if let Some(error) = &props.error {
                <p class="ozg-field-error" id={props.error_id}>
                    <span class="ozg-vh">{ props.error_prefix.clone() }{ " " }</span>{ error.clone() }
                </p>
            }
            <div class="ozg-options">
                { for props.options.iter().enumerate().map(|(index, (value, label))| {
                    let id = format!("ozg-{}-{value}", props.name);
                    let onchange = props.on_select.reform(move |_| index);
                    html! {
                        <div class="ozg-option">
                            <input
                                type="radio"
                                id={id.clone()}
                                name={props.name}
                                value={*value}
                                checked={props.selected == Some(index)}
                                required=true
                                aria-invalid={invalid.then_some("true")}
                                {onchange}
                            />
                            <label for={id}>{ *label }</label>
                        </div>
                    }
                }) }
            </div>
        </fieldset>
    }
}
