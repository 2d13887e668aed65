//! A heading whose level follows from its depth below the widget's top level.

use yew::{AttrValue, Classes, Html, NodeRef, Properties, component, html, use_context};

/// The level of the widget's top headings (one per panel) unless the element's
/// `heading-level` attribute says otherwise. A portal page has its own `h1`.
pub const BASE_LEVEL: u8 = 2;

/// The level of the widget's top headings, provided by the root component as a context so that
/// the widget fits the host page's outline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeadingBase(pub u8);

/// Properties of [`Heading`].
#[derive(Debug, Properties, PartialEq)]
pub struct HeadingProps {
    /// 0 for a panel heading, 1 for a section inside a panel, and so on.
    #[prop_or_default]
    pub depth: u8,
    /// Element id, for `aria-labelledby`.
    #[prop_or_default]
    pub id: Option<AttrValue>,
    /// CSS classes.
    #[prop_or_default]
    pub class: Classes,
    /// Makes the heading a focus target (`tabindex="-1"`) for moving focus to it.
    #[prop_or_default]
    pub focus_target: bool,
    /// Reference to the heading element.
    #[prop_or_default]
    pub node_ref: NodeRef,
    /// The heading text.
    pub children: Html,
}

/// `h2` … `h6` by depth below the [`HeadingBase`] (default [`BASE_LEVEL`]).
#[component]
pub fn Heading(props: &HeadingProps) -> Html {
    let base = use_context::<HeadingBase>().map_or(BASE_LEVEL, |base| base.0);
    let tag = match base.saturating_add(props.depth) {
        0..=1 => "h1",
        2 => "h2",
        3 => "h3",
        4 => "h4",
        5 => "h5",
        _ => "h6",
    };
    html! {
        <@{tag}
            id={props.id.clone()}
            part="heading"
            class={props.class.clone()}
            tabindex={props.focus_target.then_some("-1")}
            ref={props.node_ref.clone()}
        >
            { props.children.clone() }
        </@>
    }
}
