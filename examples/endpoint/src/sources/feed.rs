//! RSS 2.0, Atom 1.0 and JSON Feed 1.1 documents, read with `feed-rs`, which also detects the
//! format. A post shows the entry's title in bold, then its content or summary.

use feed_rs::model::{Entry, Feed, FeedType, Text};
use ozg_sdk::{Author, Platform, Update};

use super::{Collected, Draft, ImageRef, SourceError, fetch, web_url};
use crate::config::SourceConfig;
use crate::sanitize;
use crate::state::AppState;

const ACCEPT: &str = "application/rss+xml, application/atom+xml, application/feed+json, \
                      application/xml;q=0.9, application/json;q=0.9, text/xml;q=0.8";

pub(super) async fn collect(state: &AppState, source: &SourceConfig) -> Collected {
    let Some(url) = &source.url else {
        return Err(SourceError::Parse("no url configured".into()));
    };
    let fetched = fetch::get(state, url, ACCEPT).await?;
    if !fetched.changed {
        return Ok(None);
    }
    let feed = feed_rs::parser::Builder::new()
        .base_uri(Some(url))
        .build()
        .parse(fetched.body.as_slice())
        .map_err(|e| SourceError::Parse(format!("feed: {e}")))?;
    Ok(Some(normalise(source, feed)))
}

/// The entries of `feed` as posts, newest first, at most `max_posts`; entries without a date
/// or without a link are left out with a warning.
pub(crate) fn normalise(source: &SourceConfig, feed: Feed) -> Vec<Draft> {
    let (platform, prefix) = match feed.feed_type {
        FeedType::Atom => (Platform::Atom, "atom"),
        FeedType::JSON => (Platform::JsonFeed, "jsonfeed"),
        FeedType::RSS0 | FeedType::RSS1 | FeedType::RSS2 => (Platform::Rss, "rss"),
    };
    let feed_name = feed
        .title
        .as_ref()
        .map(|title| plain(&title.content))
        .filter(|title| !title.is_empty())
        .unwrap_or_else(|| source.name.clone());
    let feed_link = feed.links.iter().find_map(|link| web_url(&link.href));
    let mut drafts: Vec<Draft> = feed
        .entries
        .into_iter()
        .filter_map(|entry| {
            let id = entry.id.clone();
            let draft = entry_to_draft(source, platform, prefix, &feed_name, &feed_link, entry);
            if draft.is_none() {
                tracing::warn!(source = %source.name, entry = %id, "leaving out a feed entry without date or link");
            }
            draft
        })
        .collect();
    drafts.sort_by(|a, b| b.update.published.cmp(&a.update.published));
    drafts.truncate(source.max_posts as usize);
    drafts
}

fn entry_to_draft(
    source: &SourceConfig,
    platform: Platform,
    prefix: &str,
    feed_name: &str,
    feed_link: &Option<String>,
    entry: Entry,
) -> Option<Draft> {
    let published = entry.published.or(entry.updated)?;
    let url = entry
        .links
        .iter()
        .find_map(|link| web_url(&link.href))
        .or_else(|| web_url(&entry.id))?;
    let mut content = String::new();
    if let Some(title) = &entry.title {
        let title = plain(&title.content);
        if !title.is_empty() {
            content.push_str(&format!(
                "<p><strong>{}</strong></p>",
                html_escape::encode_text(&title)
            ));
        }
    }
    let body = entry
        .content
        .as_ref()
        .and_then(|c| {
            c.body.as_ref().map(|body| {
                (
                    body.clone(),
                    !c.content_type.to_string().starts_with("text/plain"),
                )
            })
        })
        .or_else(|| {
            entry
                .summary
                .as_ref()
                .map(|s| (s.content.clone(), is_html(s)))
        });
    if let Some((body, html)) = body {
        if html {
            content.push_str(&sanitize::html(&body));
        } else {
            content.push_str(&sanitize::text_with_links(&body, &[]));
        }
    }
    let author_name = entry
        .authors
        .first()
        .map(|person| person.name.trim().to_owned())
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| feed_name.to_owned());
    let images = entry
        .media
        .iter()
        .flat_map(|media| {
            let alt = media
                .description
                .as_ref()
                .map(|d| plain(&d.content))
                .unwrap_or_default();
            media
                .content
                .iter()
                .filter(|c| {
                    c.content_type
                        .as_ref()
                        .is_some_and(|t| t.to_string().starts_with("image/"))
                })
                .filter_map(move |c| {
                    Some(ImageRef {
                        url: c.url.as_ref()?.to_string(),
                        alt: alt.clone(),
                        width: c.width,
                        height: c.height,
                    })
                })
        })
        .collect();
    Some(Draft {
        update: Update {
            id: format!("{prefix}:{}:{}", source.name, entry.id),
            platform,
            author: Author {
                name: author_name,
                handle: None,
                url: feed_link.clone(),
                avatar: None,
            },
            url,
            published: published.to_rfc3339(),
            content,
            content_warning: None,
            sensitive: false,
            media: Vec::new(),
            emoji: Vec::new(),
        },
        pinned: false,
        images,
        avatar: None,
        emoji: Vec::new(),
    })
}

fn is_html(text: &Text) -> bool {
    !text.content_type.to_string().starts_with("text/plain")
}

/// Text that may carry markup or entities, as plain text.
fn plain(text: &str) -> String {
    let cleaned = ammonia::Builder::empty().clean(text).to_string();
    html_escape::decode_html_entities(&cleaned)
        .trim()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::SourceKind;

    /// Parses `document` and compares platform, ids, publication times and content.
    fn check(document: &str, expected: &[(Platform, &str, &str, &str)]) {
        let source = SourceConfig {
            name: "f".into(),
            kind: SourceKind::Feed,
            service: None,
            instance: None,
            account: None,
            actor: None,
            appview: None,
            url: Some("https://a.example/feed".into()),
            exclude_replies: true,
            exclude_reblogs: false,
            pinned_first: false,
            max_posts: 2,
            interval_seconds: 600,
        };
        let feed = feed_rs::parser::parse(document.as_bytes()).expect("a feed");
        let got: Vec<_> = normalise(&source, feed)
            .into_iter()
            .map(|d| {
                (
                    d.update.platform,
                    d.update.id,
                    d.update.published,
                    d.update.content,
                )
            })
            .collect();
        let expected: Vec<_> = expected
            .iter()
            .map(|(p, id, published, content)| {
                (
                    *p,
                    (*id).to_owned(),
                    (*published).to_owned(),
                    (*content).to_owned(),
                )
            })
            .collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn formats() {
        check(
            r#"<rss version="2.0"><channel><title>T</title><link>https://a.example/</link>
               <item><title>Eins &amp; zwei</title><link>https://a.example/1</link><guid>1</guid>
               <pubDate>Wed, 25 Nov 2026 16:00:00 +0100</pubDate>
               <description><![CDATA[<p onclick="x">Text <script>x</script></p>]]></description></item>
               </channel></rss>"#,
            &[(
                Platform::Rss,
                "rss:f:1",
                "2026-11-25T15:00:00+00:00",
                "<p><strong>Eins &amp; zwei</strong></p><p>Text </p>",
            )],
        );
        // Newest first, at most `max_posts`; an entry without a link is left out.
        check(
            r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><id>a</id><updated>2026-11-01T00:00:00Z</updated>
               <entry><title>alt</title><id>e1</id><link href="https://a.example/1"/><updated>2026-11-01T00:00:00Z</updated></entry>
               <entry><title>neu</title><id>e2</id><link href="https://a.example/2"/><updated>2026-11-03T00:00:00Z</updated></entry>
               <entry><title>mittel</title><id>e3</id><link href="https://a.example/3"/><updated>2026-11-02T00:00:00Z</updated></entry>
               <entry><title>ohne Link</title><id>tag:x</id><updated>2026-11-04T00:00:00Z</updated></entry>
               </feed>"#,
            &[
                (
                    Platform::Atom,
                    "atom:f:e2",
                    "2026-11-03T00:00:00+00:00",
                    "<p><strong>neu</strong></p>",
                ),
                (
                    Platform::Atom,
                    "atom:f:e3",
                    "2026-11-02T00:00:00+00:00",
                    "<p><strong>mittel</strong></p>",
                ),
            ],
        );
        check(
            r#"{"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": [
                {"id": "j1", "url": "https://a.example/j1", "content_text": "a < b\nc",
                 "date_published": "2026-11-05T10:00:00+01:00"}]}"#,
            &[(
                Platform::JsonFeed,
                "jsonfeed:f:j1",
                "2026-11-05T09:00:00+00:00",
                "<p>a &lt; b<br>c</p>",
            )],
        );
    }
}
