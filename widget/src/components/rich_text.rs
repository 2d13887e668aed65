//! Rich text from the endpoint, rebuilt from an allowlist.
//!
//! The HTML is parsed inertly with `DOMParser` (no script runs, nothing is fetched) and walked
//! into Yew nodes. Only the elements and attributes the endpoint's sanitiser allows come
//! through; links only to `http(s)`; everything else is unwrapped to its text. So even a
//! compromised endpoint cannot inject script, handlers, styles, forms or frames.

// The contract's allowlist: elements that are rebuilt (all others are unwrapped to their
// content) and the classes they keep.
use ozg_sdk::{CONTENT_CLASSES as CLASSES, CONTENT_ELEMENTS as ELEMENTS, Emoji};
use wasm_bindgen::JsCast;
use web_sys::{DomParser, Element, Node, SupportedType};
use yew::virtual_dom::{VList, VNode, VTag, VText};
use yew::{AttrValue, Classes, Html, Properties, classes, component, html, use_memo};

use crate::links;

/// Properties of [`RichText`].
#[derive(Debug, Properties, PartialEq)]
pub struct RichTextProps {
    /// The HTML as the endpoint sent it.
    pub html: AttrValue,
    /// CSS classes of the wrapper.
    #[prop_or_default]
    pub class: Classes,
    /// Custom emoji: each `:shortcode:` in the text becomes its image, with the shortcode as
    /// alternative text.
    #[prop_or_default]
    pub emoji: Vec<Emoji>,
}

/// The allowlisted markup of `html`, parsed once per input.
#[component]
pub fn RichText(props: &RichTextProps) -> Html {
    let nodes = use_memo(
        (props.html.clone(), props.emoji.clone()),
        |(html, emoji)| render_with(html, emoji),
    );
    html! {
        <div class={classes!("ozg-text", props.class.clone())}>
            { (*nodes).clone() }
        </div>
    }
}

/// Elements whose content is no text for the reader: dropped with everything inside.
const DROPPED: [&str; 10] = [
    "script", "style", "template", "noscript", "iframe", "object", "embed", "textarea", "select",
    "title",
];

/// Block elements that may stand at the top level; runs of anything else there are wrapped in
/// a `<p>`, as plain text was before.
const BLOCKS: [&str; 5] = ["p", "pre", "blockquote", "ul", "ol"];

/// Deeper nesting than this is shown as text: no reader needs it, and the walk stays shallow.
const MAX_DEPTH: usize = 32;

const HTML_NS: &str = "http://www.w3.org/1999/xhtml";

/// `html` rebuilt from the allowlist. Public for the browser tests.
pub fn render(html: &str) -> Html {
    render_with(html, &[])
}

/// `html` rebuilt from the allowlist, with the custom `emoji` shown as images.
pub fn render_with(html: &str, emoji: &[Emoji]) -> Html {
    let Ok(parser) = DomParser::new() else {
        return html! { <p>{ html.to_owned() }</p> };
    };
    let Some(body) = parser
        .parse_from_string(html, SupportedType::TextHtml)
        .ok()
        .and_then(|document| document.body())
    else {
        return Html::default();
    };
    let mut top = Vec::new();
    children(&body, 0, emoji, &mut top);

    // Group top-level inline runs into paragraphs.
    let mut out = Vec::new();
    let mut run: Vec<VNode> = Vec::new();
    let flush = |run: &mut Vec<VNode>, out: &mut Vec<VNode>| {
        let blank = run.iter().all(|node| match node {
            VNode::VText(text) => text.text.trim().is_empty(),
            _ => false,
        });
        if !blank {
            let mut p = VTag::new("p");
            p.add_children(run.drain(..));
            out.push(p.into());
        }
        run.clear();
    };
    for node in top {
        match &node {
            VNode::VTag(tag) if BLOCKS.contains(&tag.tag()) => {
                flush(&mut run, &mut out);
                out.push(node);
            }
            _ => run.push(node),
        }
    }
    flush(&mut run, &mut out);
    VList::with_children(out, None).into()
}

fn children(parent: &Node, depth: usize, emoji: &[Emoji], out: &mut Vec<VNode>) {
    let mut child = parent.first_child();
    while let Some(node) = child {
        match node.node_type() {
            Node::TEXT_NODE => {
                let text = node.text_content().unwrap_or_default();
                text_with_emoji(&text, emoji, out);
            }
            Node::ELEMENT_NODE => {
                if let Some(element) = node.dyn_ref::<Element>() {
                    element_node(element, depth, emoji, out);
                }
            }
            // Comments, processing instructions and the like carry nothing for the reader.
            _ => {}
        }
        child = node.next_sibling();
    }
}

/// `text`, with every `:shortcode:` of `emoji` as an inline image whose alternative text is
/// the shortcode itself, as the author typed it.
fn text_with_emoji(text: &str, emoji: &[Emoji], out: &mut Vec<VNode>) {
    let mut rest = text;
    while !emoji.is_empty()
        && let Some(start) = rest.find(':')
    {
        let after = &rest[start + 1..];
        let found = after.find(':').and_then(|end| {
            let code = &after[..end];
            let known = emoji.iter().find(|e| e.shortcode == code)?;
            Some((end, known, links::web_url(&known.url)?))
        });
        let Some((end, known, src)) = found else {
            if !rest[..=start].is_empty() {
                out.push(VText::new(rest[..=start].to_owned()).into());
            }
            rest = after;
            continue;
        };
        if start > 0 {
            out.push(VText::new(rest[..start].to_owned()).into());
        }
        let mut img = VTag::new("img");
        img.add_attribute("class", "ozg-emoji");
        img.add_attribute("src", src.to_owned());
        img.add_attribute("alt", format!(":{}:", known.shortcode));
        img.add_attribute("width", "20");
        img.add_attribute("height", "20");
        img.add_attribute("loading", "lazy");
        out.push(img.into());
        rest = &after[end + 1..];
    }
    if !rest.is_empty() {
        out.push(VText::new(rest.to_owned()).into());
    }
}

fn element_node(element: &Element, depth: usize, emoji: &[Emoji], out: &mut Vec<VNode>) {
    let name = element.local_name().to_ascii_lowercase();
    if DROPPED.contains(&name.as_str()) {
        return;
    }
    if depth >= MAX_DEPTH {
        let text = element.text_content().unwrap_or_default();
        if !text.is_empty() {
            out.push(VText::new(text).into());
        }
        return;
    }
    let class = element.get_attribute("class").unwrap_or_default();
    let invisible = class.split_ascii_whitespace().any(|c| c == "invisible");
    // SVG and MathML elements share names with HTML ones (`<svg><a>`); only HTML is rebuilt.
    let html_ns = element.namespace_uri().as_deref() == Some(HTML_NS);
    if html_ns && name == "span" && invisible {
        return;
    }
    let Some(tag_name) = ELEMENTS.iter().copied().find(|allowed| *allowed == name) else {
        children(element, depth + 1, emoji, out);
        return;
    };
    if !html_ns {
        children(element, depth + 1, emoji, out);
        return;
    }
    let mut tag = VTag::new(tag_name);
    if tag_name == "a" {
        let href = element.get_attribute("href").unwrap_or_default();
        let Some(href) = links::web_url(&href) else {
            // A link to anywhere else is shown as its text.
            children(element, depth + 1, emoji, out);
            return;
        };
        tag.add_attribute("href", href.to_owned());
        tag.add_attribute("rel", "nofollow noopener noreferrer");
        tag.add_attribute("target", "_blank");
    }
    let kept: Vec<&str> = class
        .split_ascii_whitespace()
        .filter(|c| CLASSES.contains(c))
        .collect();
    if !kept.is_empty() {
        tag.add_attribute("class", kept.join(" "));
    }
    if tag_name != "br" {
        let mut inner = Vec::new();
        children(element, depth + 1, emoji, &mut inner);
        tag.add_children(inner);
    }
    out.push(tag.into());
}
