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
        },
        pinned: false,
        images,
        avatar: None,
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
