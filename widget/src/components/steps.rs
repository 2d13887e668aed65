//! The procedure as a numbered step-by-step list: each step opens and closes on its own, and one
//! button opens or closes them all (after GOV.UK's step-by-step navigation).

use std::rc::Rc;

use ozg_sdk::{Locale, Step};
use web_sys::{HtmlElement, KeyboardEvent};
use yew::{Callback, Html, NodeRef, Properties, Reducible, component, html, use_memo, use_reducer};

use crate::components::heading::Heading;
use crate::components::rich_text::RichText;
use crate::i18n::Texts;
use crate::links;

/// Properties of [`Steps`].
#[derive(Debug, Properties, PartialEq)]
pub struct StepsProps {
    /// The steps in order.
    pub steps: Rc<Vec<Step>>,
    /// The widget's language.
    pub locale: Locale,
    /// Heading depth of the steps' titles below the widget's top level.
    #[prop_or(2)]
    pub depth: u8,
}

/// Which steps are open.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Open(Vec<bool>);

/// What the citizen does to the steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepsAction {
    /// Opens or closes step `i`.
    Toggle(usize),
    /// Opens (`true`) or closes every one of `n` steps.
    All(usize, bool),
}

impl Open {
    /// Whether step `i` is open.
    pub fn is_open(&self, i: usize) -> bool {
        self.0.get(i).copied().unwrap_or(false)
    }

    /// Whether all of `n` steps are open.
    pub fn all_open(&self, n: usize) -> bool {
        (0..n).all(|i| self.is_open(i))
    }
}

impl Reducible for Open {
    type Action = StepsAction;

    fn reduce(self: Rc<Self>, action: StepsAction) -> Rc<Self> {
        let mut open = self.0.clone();
        match action {
            StepsAction::Toggle(i) => {
                if open.len() <= i {
                    open.resize(i + 1, false);
                }
                open[i] = !open[i];
            }
            StepsAction::All(n, to) => open = vec![to; n],
        }
        Rc::new(Self(open))
    }
}

/// `ol.ozg-steps`: numbered steps, collapsed at first; "Alle anzeigen" opens all.
#[component]
pub fn Steps(props: &StepsProps) -> Html {
    let texts = Texts::of(props.locale);
    let open = use_reducer(Open::default);
    let count = props.steps.len();
    let all_open = open.all_open(count);
    let toggle_all = {
        let open = open.dispatcher();
        Callback::from(move |_| open.dispatch(StepsAction::All(count, !all_open)))
    };
    let toggles = use_memo(count, |count| {
        (0..*count).map(|_| NodeRef::default()).collect::<Vec<_>>()
    });
    let items = props.steps.iter().enumerate().map(|(i, step)| {
        let toggle_ref = toggles.get(i).cloned().unwrap_or_default();
        let body_id = format!("ozg-step-{i}-body");
        let is_open = open.is_open(i);
        let has_body = step.text.is_some() || step.link.is_some();
        let label = html! {
            <>
                <span class="ozg-vh">{ (texts.step_number)(i + 1) }{ " " }</span>
                if step.alternative {
                    <span class="ozg-tag">{ texts.step_alternative }</span>{ " " }
                }
                <span class="ozg-item-title">{ step.title.clone() }</span>
                if step.optional {
                    { " " }<span class="ozg-tag">{ texts.step_optional }</span>
                }
            </>
        };
        let title = if has_body {
            let onclick = {
                let open = open.dispatcher();
                Callback::from(move |_| open.dispatch(StepsAction::Toggle(i)))
            };
            html! {
                <button
                    type="button"
                    class="ozg-step-toggle"
                    aria-expanded={is_open.to_string()}
                    aria-controls={body_id.clone()}
                    ref={toggle_ref.clone()}
                    {onclick}
                >
                    { label }
                </button>
            }
        } else {
            label
        };
        let link = step.link.as_ref().and_then(|link| {
            let href = links::web_url(link.url.as_deref()?)?.to_owned();
            Some(html! { <p><a {href}>{ link.title.clone() }</a></p> })
        });
        let classes = yew::classes!(
            "ozg-step",
            step.optional.then_some("ozg-step-optional"),
            step.alternative.then_some("ozg-step-alternative"),
        );
        // Escape in an open step (on its button or in its text) closes it, focus on its button.
        let onkeydown = is_open.then(|| {
            let open = open.dispatcher();
            Callback::from(move |event: KeyboardEvent| {
                if event.key() == "Escape" {
                    event.stop_propagation();
                    open.dispatch(StepsAction::Toggle(i));
                    if let Some(toggle) = toggle_ref.cast::<HtmlElement>() {
                        let _ = toggle.focus();
                    }
                }
            })
        });
        html! {
            <li class={classes} {onkeydown}>
                <Heading depth={props.depth} class="ozg-step-title">{ title }</Heading>
                if has_body {
                    <div class="ozg-step-body" id={body_id} hidden={!is_open}>
                        if let Some(text) = &step.text {
                            <RichText html={text.clone()} />
                        }
                        { link.unwrap_or_default() }
                    </div>
                }
            </li>
        }
    });
    html! {
        <>
            <p class="ozg-steps-controls">
                <button
                    type="button"
                    part="button" class="ozg-button ozg-button-secondary ozg-steps-all"
                    aria-expanded={all_open.to_string()}
                    onclick={toggle_all}
                >
                    { if all_open { texts.hide_all } else { texts.show_all } }
                </button>
            </p>
            <ol class="ozg-steps">{ for items }</ol>
        </>
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn opening_and_closing() {
        let open = Rc::new(Open::default());
        assert!(!open.is_open(0) && !open.all_open(3));
        let open = open.reduce(StepsAction::Toggle(1));
        assert!(open.is_open(1) && !open.is_open(0));
        let open = open.reduce(StepsAction::All(3, true));
        assert!(open.all_open(3));
        let open = open.reduce(StepsAction::Toggle(2));
        assert!(!open.all_open(3) && open.is_open(0));
        let open = open.reduce(StepsAction::All(3, false));
        assert!((0..3).all(|i| !open.is_open(i)));
        // No steps: "all open" holds vacuously, which the view never offers.
        assert!(Rc::new(Open::default()).all_open(0));
    }
}
