//! A Bluesky actor through `app.bsky.feed.getAuthorFeed` on a public AppView, paged with
//! `cursor`. Post text is plain; links, mentions and hashtags are rebuilt from the record's
//! facets, whose ranges count UTF-8 bytes.

use ozg_sdk::{Author, Platform, Update};
use serde::Deserialize;
use serde_json::Value;

use super::{Collected, Draft, ImageRef, SourceError, fetch, web_url};
use crate::config::SourceConfig;
use crate::sanitize;
use crate::state::AppState;

pub(crate) const DEFAULT_APPVIEW: &str = "https://public.api.bsky.app";
/// `getAuthorFeed` answers at most 100 items per page.
const PAGE: u32 = 100;
/// Labels that hide a post's images until the reader asks for them.
const SENSITIVE_LABELS: &[&str] = &["porn", "sexual", "nudity", "graphic-media", "gore"];

#[derive(Debug, Deserialize)]
pub(crate) struct FeedPage {
    #[serde(default)]
    pub(crate) feed: Vec<FeedItem>,
    pub(crate) cursor: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct FeedItem {
    pub(crate) post: Post,
    pub(crate) reason: Option<Value>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Post {
    pub(crate) uri: String,
    pub(crate) author: Profile,
    pub(crate) record: Record,
    pub(crate) embed: Option<Value>,
    #[serde(default)]
    pub(crate) labels: Vec<Label>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Profile {
    pub(crate) did: String,
    pub(crate) handle: String,
    pub(crate) display_name: Option<String>,
    pub(crate) avatar: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Record {
    #[serde(default)]
    pub(crate) text: String,
    pub(crate) created_at: String,
    #[serde(default)]
    pub(crate) facets: Vec<Facet>,
    pub(crate) reply: Option<Value>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Facet {
    pub(crate) index: ByteSlice,
    #[serde(default)]
    pub(crate) features: Vec<Value>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ByteSlice {
    pub(crate) byte_start: usize,
    pub(crate) byte_end: usize,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Label {
    pub(crate) val: String,
}

pub(super) async fn collect(state: &AppState, source: &SourceConfig) -> Collected {
    let Some(actor) = &source.actor else {
        return Err(SourceError::Parse("no actor configured".into()));
    };
    let appview = source.appview.as_deref().unwrap_or(DEFAULT_APPVIEW);
    let filter = if source.exclude_replies {
        "posts_no_replies"
    } else {
        "posts_with_replies"
    };
    let base = format!(
        "{appview}/xrpc/app.bsky.feed.getAuthorFeed?actor={}&limit={}&filter={filter}{}",
        url::form_urlencoded::byte_serialize(actor.as_bytes()).collect::<String>(),
        source.max_posts.min(PAGE),
        if source.pinned_first {
            "&includePins=true"
        } else {
            ""
        },
    );
    let first = fetch::get(state, &base, "application/json").await?;
    if !first.changed {
        return Ok(None);
    }
    let mut page: FeedPage = parse(&first.body)?;
    let mut drafts = Vec::new();
    let mut seen = std::collections::HashSet::new();
    loop {
        for item in page.feed {
            if let Some(draft) = normalise(source, item)
                && seen.insert(draft.update.id.clone())
            {
                drafts.push(draft);
            }
        }
        let Some(cursor) = page
            .cursor
            .filter(|_| drafts.len() < source.max_posts as usize)
        else {
            break;
        };
        let cursor: String = url::form_urlencoded::byte_serialize(cursor.as_bytes()).collect();
        let next = fetch::get(
            state,
            &format!("{base}&cursor={cursor}"),
            "application/json",
        )
        .await?;
        page = parse(&next.body)?;
        if page.feed.is_empty() {
            break;
        }
    }
    drafts.truncate(source.max_posts as usize);
    Ok(Some(drafts))
}

fn parse(body: &[u8]) -> Result<FeedPage, SourceError> {
    serde_json::from_slice(body).map_err(|e| SourceError::Parse(format!("author feed: {e}")))
}

fn kind(value: &Value) -> &str {
    value
        .get("$type")
        .and_then(Value::as_str)
        .unwrap_or_default()
}

/// One feed item as a post, or `None` when the source's settings leave it out.
pub(crate) fn normalise(source: &SourceConfig, item: FeedItem) -> Option<Draft> {
    let reason = item.reason.as_ref().map(kind).unwrap_or_default();
    let repost = reason == "app.bsky.feed.defs#reasonRepost";
    if repost && source.exclude_reblogs {
        return None;
    }
    let post = item.post;
    if source.exclude_replies && post.record.reply.is_some() && !repost {
        return None;
    }
    let rkey = post.uri.rsplit('/').next()?.to_owned();
    let author = &post.author;
    let content = sanitize::text_with_links(&post.record.text, &links(&post.record.facets));
    let images = post.embed.as_ref().map(images).unwrap_or_default();
    Some(Draft {
        update: Update {
            id: format!("bluesky:{}:{rkey}", author.did),
            platform: Platform::Bluesky,
            author: Author {
                name: author
                    .display_name
                    .clone()
                    .filter(|name| !name.trim().is_empty())
                    .unwrap_or_else(|| author.handle.clone()),
                handle: Some(format!("@{}", author.handle)),
                url: Some(format!("https://bsky.app/profile/{}", author.handle)),
                avatar: None,
            },
            url: format!("https://bsky.app/profile/{}/post/{rkey}", author.handle),
            published: post.record.created_at,
            content,
            content_warning: None,
            sensitive: post
                .labels
                .iter()
                .any(|label| SENSITIVE_LABELS.contains(&label.val.as_str())),
            media: Vec::new(),
            emoji: Vec::new(),
        },
        pinned: source.pinned_first && reason == "app.bsky.feed.defs#reasonPin",
        images,
        avatar: author.avatar.clone(),
        emoji: Vec::new(),
    })
}

/// The facets as byte ranges and link targets: links as they are, mentions to the profile,
/// hashtags to Bluesky's hashtag page. The sanitiser drops targets that are not http(s).
pub(crate) fn links(facets: &[Facet]) -> Vec<(std::ops::Range<usize>, String)> {
    facets
        .iter()
        .filter_map(|facet| {
            let feature = facet.features.first()?;
            let target = match kind(feature) {
                "app.bsky.richtext.facet#link" => feature.get("uri")?.as_str()?.to_owned(),
                "app.bsky.richtext.facet#mention" => {
                    format!("https://bsky.app/profile/{}", feature.get("did")?.as_str()?)
                }
                "app.bsky.richtext.facet#tag" => {
                    let tag = feature.get("tag")?.as_str()?;
                    let tag: String =
                        url::form_urlencoded::byte_serialize(tag.as_bytes()).collect();
                    format!("https://bsky.app/hashtag/{tag}")
                }
                _ => return None,
            };
            Some((facet.index.byte_start..facet.index.byte_end, target))
        })
        .collect()
}

/// The images of an `app.bsky.embed.images#view`, also inside a record with media.
fn images(embed: &Value) -> Vec<ImageRef> {
    let embed = match kind(embed) {
        "app.bsky.embed.recordWithMedia#view" => match embed.get("media") {
            Some(media) => media,
            None => return Vec::new(),
        },
        _ => embed,
    };
    if kind(embed) != "app.bsky.embed.images#view" {
        return Vec::new();
    }
    let Some(images) = embed.get("images").and_then(Value::as_array) else {
        return Vec::new();
    };
    images
        .iter()
        .filter_map(|image| {
            let url = image
                .get("fullsize")
                .or_else(|| image.get("thumb"))?
                .as_str()
                .and_then(web_url)?;
            let ratio = image.get("aspectRatio");
            let size = |name| {
                ratio
                    .and_then(|r| r.get(name))
                    .and_then(Value::as_u64)
                    .and_then(|v| u32::try_from(v).ok())
            };
            Some(ImageRef {
                url,
                alt: image
                    .get("alt")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned(),
                width: size("width"),
                height: size("height"),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn check(facets: serde_json::Value, expected: &[(std::ops::Range<usize>, &str)]) {
        let facets: Vec<Facet> = serde_json::from_value(facets.clone()).expect("facets");
        let got = links(&facets);
        let expected: Vec<_> = expected
            .iter()
            .map(|(range, target)| (range.clone(), (*target).to_owned()))
            .collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn facets_to_links() {
        let facet = |start: usize, end: usize, feature: serde_json::Value| json!({"index": {"byteStart": start, "byteEnd": end}, "features": [feature]});
        check(
            json!([facet(
                3,
                10,
                json!({"$type": "app.bsky.richtext.facet#link", "uri": "https://bund.de/"})
            )]),
            &[(3..10, "https://bund.de/")],
        );
        check(
            json!([facet(
                0,
                5,
                json!({"$type": "app.bsky.richtext.facet#mention", "did": "did:plc:abc"})
            )]),
            &[(0..5, "https://bsky.app/profile/did:plc:abc")],
        );
        check(
            json!([facet(
                0,
                12,
                json!({"$type": "app.bsky.richtext.facet#tag", "tag": "Bürgergeld"})
            )]),
            &[(0..12, "https://bsky.app/hashtag/B%C3%BCrgergeld")],
        );
        check(
            json!([facet(
                0,
                5,
                json!({"$type": "app.bsky.richtext.facet#future"})
            )]),
            &[],
        );
        check(
            json!([facet(
                0,
                5,
                json!({"$type": "app.bsky.richtext.facet#link"})
            )]),
            &[],
        );
        check(
            json!([{"index": {"byteStart": 0, "byteEnd": 5}, "features": []}]),
            &[],
        );
    }

    /// Regression: byte ranges must not be read as character ranges; "ä", "€" and "🙂" before
    /// the link take 2, 3 and 4 bytes.
    #[test]
    fn non_ascii_before_a_link() {
        let text = "ä € 🙂 bund.de";
        let start = text.find("bund.de").expect("link text");
        assert_eq!(start, 12, "7 characters, 12 bytes");
        let facets: Vec<Facet> = serde_json::from_value(json!([{
            "index": {"byteStart": start, "byteEnd": start + 7},
            "features": [{"$type": "app.bsky.richtext.facet#link", "uri": "https://bund.de/"}]
        }]))
        .expect("facets");
        assert_eq!(
            sanitize::text_with_links(text, &links(&facets)),
            "<p>ä € 🙂 <a href=\"https://bund.de/\" rel=\"nofollow noopener noreferrer\">bund.de</a></p>"
        );
    }
}
