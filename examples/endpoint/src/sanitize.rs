//! Reduces untrusted HTML from upstream posts to the Mastodon-strict allowlist the wire
//! contract promises (`ozg_sdk::Update::content`), and turns plain text with link ranges into
//! the same kind of HTML.
//!
//! The parsing and the allowlist are ammonia's (html5ever underneath, so markup is read the way
//! browsers read it); this module only chooses the allowlist and handles Mastodon's
//! `invisible`/`ellipsis` spans, which shorten long links.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use ammonia::{Builder, UrlRelative};

/// Elements allowed in post content, and the classes they may keep: the contract's allowlist.
pub(crate) use ozg_sdk::{CONTENT_CLASSES as ALLOWED_CLASSES, CONTENT_ELEMENTS as ALLOWED_TAGS};

/// The `rel` every link gets.
pub(crate) const LINK_REL: &str = "nofollow noopener noreferrer";

/// Elements whose content goes with them, not only their tags.
const DROPPED_WITH_CONTENT: &[&str] = &[
    "script", "style", "template", "iframe", "noscript", "noembed", "noframes", "object", "embed",
    "svg", "math", "textarea", "select", "title", "xmp",
];

static CLEANER: LazyLock<Builder<'static>> = LazyLock::new(|| {
    let mut builder = Builder::empty();
    let mut span_classes: HashSet<&str> = ALLOWED_CLASSES.iter().copied().collect();
    // Kept only until `shorten_links` has read them.
    span_classes.extend(["invisible", "ellipsis"]);
    builder
        .tags(ALLOWED_TAGS.iter().copied().collect())
        .clean_content_tags(DROPPED_WITH_CONTENT.iter().copied().collect())
        .generic_attributes(HashSet::new())
        .tag_attributes(HashMap::from([("a", HashSet::from(["href"]))]))
        .allowed_classes(HashMap::from([
            ("a", ALLOWED_CLASSES.iter().copied().collect()),
            ("span", span_classes),
        ]))
        .url_schemes(HashSet::from(["http", "https"]))
        .url_relative(UrlRelative::Deny)
        .link_rel(Some(LINK_REL))
        .strip_comments(true);
    builder
});

/// `html` reduced to the allowlist: only [`ALLOWED_TAGS`], `href` with `http`/`https` on links
/// (each with `rel="nofollow noopener noreferrer"`), `class` only with [`ALLOWED_CLASSES`].
/// Text in `<span class="invisible">` is dropped and `<span class="ellipsis">` gets "…", as
/// Mastodon's own web interface shows long links.
pub(crate) fn html(html: &str) -> String {
    let cleaned = CLEANER.clean(html).to_string();
    shorten_links(&cleaned)
}

/// Plain `text` as HTML paragraphs, with `links` (byte ranges into `text` and their targets)
/// as anchors. Ranges that overlap an earlier one, fall outside the text or split a character
/// are ignored. The result goes through [`html`], so targets other than `http(s)` drop out.
pub(crate) fn text_with_links(text: &str, links: &[(std::ops::Range<usize>, String)]) -> String {
    let mut links: Vec<_> = links
        .iter()
        .filter(|(range, _)| {
            range.start < range.end
                && range.end <= text.len()
                && text.is_char_boundary(range.start)
                && text.is_char_boundary(range.end)
        })
        .collect();
    links.sort_by_key(|(range, _)| range.start);
    let mut out = String::from("<p>");
    let mut at = 0;
    for (range, href) in links {
        if range.start < at {
            continue;
        }
        push_text(&mut out, &text[at..range.start]);
        out.push_str("<a href=\"");
        out.push_str(&html_escape::encode_double_quoted_attribute(href));
        out.push_str("\">");
        push_text(&mut out, &text[range.clone()]);
        out.push_str("</a>");
        at = range.end;
    }
    push_text(&mut out, &text[at..]);
    out.push_str("</p>");
    html(&out)
}

/// Escapes `text`; a blank line starts a new paragraph, a single line break becomes `<br>`.
fn push_text(out: &mut String, text: &str) {
    let text = text.replace("\r\n", "\n");
    let mut paragraphs = text.split("\n\n").peekable();
    while let Some(paragraph) = paragraphs.next() {
        let mut lines = paragraph.split('\n').peekable();
        while let Some(line) = lines.next() {
            out.push_str(&html_escape::encode_text(line));
            if lines.peek().is_some() {
                out.push_str("<br>");
            }
        }
        if paragraphs.peek().is_some() {
            out.push_str("</p><p>");
        }
    }
}

/// Drops `<span class="invisible">` with everything in it, unwraps `<span class="ellipsis">`,
/// adding "…" after its text, and drops `class` attributes that no allowed class is left in.
///
/// It reads ammonia's output, which is well-formed and escaped: every `<` starts a tag, and
/// attribute values are in double quotes.
fn shorten_links(html: &str) -> String {
    /// What to do at the `</span>` that closes a span.
    enum Close {
        /// Write it.
        Keep,
        /// Drop it: the span was invisible or inside one.
        Drop,
        /// Write "…" instead.
        Ellipsis,
        /// Write "…" and then the tag: the span keeps other classes.
        EllipsisKeep,
    }
    let mut out = String::with_capacity(html.len());
    let mut spans: Vec<Close> = Vec::new();
    // Inside an invisible span: how many spans deep.
    let mut hidden = 0usize;
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        if hidden == 0 {
            out.push_str(&rest[..start]);
        }
        let end = tag_end(&rest[start..]).map_or(rest.len(), |end| start + end);
        let tag = &rest[start..end];
        rest = &rest[end..];
        if tag.starts_with("<span") {
            let classes = class_value(tag).unwrap_or_default();
            if hidden > 0 || classes.split(' ').any(|c| c == "invisible") {
                hidden += 1;
                spans.push(Close::Drop);
            } else if classes.split(' ').any(|c| c == "ellipsis") {
                let kept: Vec<&str> = classes.split(' ').filter(|c| *c != "ellipsis").collect();
                if kept.is_empty() {
                    spans.push(Close::Ellipsis);
                } else {
                    out.push_str(&format!("<span class=\"{}\">", kept.join(" ")));
                    spans.push(Close::EllipsisKeep);
                }
            } else {
                spans.push(Close::Keep);
                out.push_str(&tag.replace(" class=\"\"", ""));
            }
        } else if tag == "</span>" {
            match spans.pop() {
                Some(Close::Drop) => hidden = hidden.saturating_sub(1),
                Some(Close::Ellipsis) => out.push('…'),
                Some(Close::EllipsisKeep) => out.push_str("…</span>"),
                Some(Close::Keep) | None => out.push_str(tag),
            }
        } else if hidden == 0 {
            out.push_str(&tag.replace(" class=\"\"", ""));
        }
    }
    if hidden == 0 {
        out.push_str(rest);
    }
    out
}

/// The length of the tag at the start of `html` up to and including its `>`, honouring
/// double-quoted attribute values.
fn tag_end(html: &str) -> Option<usize> {
    let mut quoted = false;
    for (i, b) in html.bytes().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b'>' if !quoted => return Some(i + 1),
            _ => {}
        }
    }
    None
}

/// The value of the `class` attribute of a start tag as ammonia writes it.
fn class_value(tag: &str) -> Option<&str> {
    let start = tag.find(" class=\"")? + " class=\"".len();
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}

#[cfg(test)]
mod tests;
