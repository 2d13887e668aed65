//! A Mastodon account through the public statuses API: `accounts/lookup`, then
//! `accounts/{id}/statuses` (newest first, paged with `max_id`), and the pinned posts.

use ozg_sdk::{Author, Platform, Update};
use serde::Deserialize;

use super::{Collected, Draft, ImageRef, SourceError, fetch, host, web_url};
use crate::config::SourceConfig;
use crate::sanitize;
use crate::state::AppState;

/// Mastodon answers at most 40 statuses per page.
const PAGE: u32 = 40;
const JSON: &str = "application/json";

#[derive(Debug, Deserialize)]
pub(crate) struct Account {
    pub(crate) id: String,
    pub(crate) username: String,
    pub(crate) acct: String,
    #[serde(default)]
    pub(crate) display_name: String,
    pub(crate) url: Option<String>,
    pub(crate) avatar_static: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Status {
    pub(crate) id: String,
    pub(crate) created_at: String,
    pub(crate) uri: String,
    pub(crate) url: Option<String>,
    #[serde(default)]
    pub(crate) content: String,
    #[serde(default)]
    pub(crate) spoiler_text: String,
    #[serde(default)]
    pub(crate) sensitive: bool,
    #[serde(default)]
    pub(crate) visibility: String,
    pub(crate) in_reply_to_id: Option<String>,
    pub(crate) reblog: Option<Box<Status>>,
    pub(crate) account: Account,
    #[serde(default)]
    pub(crate) media_attachments: Vec<Attachment>,
    pub(crate) poll: Option<Poll>,
    #[serde(default)]
    pub(crate) emojis: Vec<CustomEmoji>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct CustomEmoji {
    pub(crate) shortcode: String,
    pub(crate) url: Option<String>,
    pub(crate) static_url: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Attachment {
    #[serde(rename = "type")]
    pub(crate) kind: String,
    pub(crate) url: Option<String>,
    pub(crate) description: Option<String>,
    pub(crate) meta: Option<Meta>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Meta {
    pub(crate) original: Option<Size>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Size {
    pub(crate) width: Option<u32>,
    pub(crate) height: Option<u32>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Poll {
    #[serde(default)]
    pub(crate) options: Vec<PollOption>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct PollOption {
    pub(crate) title: String,
}

fn parse<T: serde::de::DeserializeOwned>(what: &str, body: &[u8]) -> Result<T, SourceError> {
    serde_json::from_slice(body).map_err(|e| SourceError::Parse(format!("{what}: {e}")))
}

pub(super) async fn collect(state: &AppState, source: &SourceConfig) -> Collected {
    let (Some(instance), Some(account)) = (&source.instance, &source.account) else {
        return Err(SourceError::Parse(
            "no instance or account configured".into(),
        ));
    };
    let acct: String = url::form_urlencoded::byte_serialize(account.as_bytes()).collect();
    let lookup = fetch::get(
        state,
        &format!("{instance}/api/v1/accounts/lookup?acct={acct}"),
        JSON,
    )
    .await?;
    let account: Account = parse("account lookup", &lookup.body)?;
    let base = format!(
        "{instance}/api/v1/accounts/{}/statuses?limit={}&exclude_replies={}&exclude_reblogs={}",
        account.id,
        source.max_posts.min(PAGE),
        source.exclude_replies,
        source.exclude_reblogs,
    );
    let first = fetch::get(state, &base, JSON).await?;
    let pinned = if source.pinned_first {
        let pinned_url = format!(
            "{instance}/api/v1/accounts/{}/statuses?pinned=true",
            account.id
        );
        Some(fetch::get(state, &pinned_url, JSON).await?)
    } else {
        None
    };
    if !first.changed && !lookup.changed && pinned.as_ref().is_none_or(|p| !p.changed) {
        return Ok(None);
    }
    let mut statuses: Vec<Status> = parse("statuses", &first.body)?;
    let mut page_len = statuses.len();
    // Further pages only as long as the filters leave too few posts.
    while statuses.len() < source.max_posts as usize
        && page_len as u32 == source.max_posts.min(PAGE)
    {
        let Some(last) = statuses.last() else { break };
        let page = fetch::get(state, &format!("{base}&max_id={}", last.id), JSON).await?;
        let more: Vec<Status> = parse("statuses", &page.body)?;
        page_len = more.len();
        if more.is_empty() {
            break;
        }
        statuses.extend(more);
    }
    // The account's home, which is the instance unless a proxy or a test stands in for it.
    let host = account.url.as_deref().map_or_else(|| host(instance), host);
    let mut drafts = Vec::new();
    let mut seen = std::collections::HashSet::new();
    if let Some(pinned) = pinned {
        let pinned: Vec<Status> = parse("pinned statuses", &pinned.body)?;
        for status in pinned {
            if seen.insert(status.id.clone())
                && let Some(draft) = normalise(&host, source, status, true)
            {
                drafts.push(draft);
            }
        }
    }
    for status in statuses {
        if seen.insert(status.id.clone())
            && let Some(draft) = normalise(&host, source, status, false)
        {
            drafts.push(draft);
        }
        if drafts.len() >= source.max_posts as usize {
            break;
        }
    }
    Ok(Some(drafts))
}

/// One status as a post, or `None` when the source's settings leave it out. A boost becomes
/// the boosted post, with its author, under the id of the boost.
pub(crate) fn normalise(
    host: &str,
    source: &SourceConfig,
    status: Status,
    pinned: bool,
) -> Option<Draft> {
    if !matches!(status.visibility.as_str(), "public" | "unlisted") {
        return None;
    }
    if source.exclude_replies && status.in_reply_to_id.is_some() {
        return None;
    }
    let id = format!("mastodon:{host}:{}", status.id);
    let status = match status.reblog {
        Some(_) if source.exclude_reblogs => return None,
        Some(reblog) => *reblog,
        None => status,
    };
    let mut content = sanitize::html(&status.content);
    if let Some(poll) = &status.poll {
        let options: String = poll
            .options
            .iter()
            .map(|option| format!("<li>{}</li>", html_escape::encode_text(&option.title)))
            .collect();
        if !options.is_empty() {
            content.push_str(&sanitize::html(&format!("<ul>{options}</ul>")));
        }
    }
    let account = &status.account;
    let handle = if account.acct.contains('@') {
        format!("@{}", account.acct)
    } else {
        format!("@{}@{host}", account.acct)
    };
    let name = if account.display_name.trim().is_empty() {
        account.username.clone()
    } else {
        account.display_name.clone()
    };
    let images = status
        .media_attachments
        .iter()
        .filter(|attachment| attachment.kind == "image")
        .filter_map(|attachment| {
            let size = attachment.meta.as_ref().and_then(|m| m.original.as_ref());
            Some(ImageRef {
                url: attachment.url.clone()?,
                alt: attachment.description.clone().unwrap_or_default(),
                width: size.and_then(|s| s.width),
                height: size.and_then(|s| s.height),
            })
        })
        .collect();
    let url = status
        .url
        .as_deref()
        .and_then(web_url)
        .or_else(|| web_url(&status.uri))?;
    // The still image of each custom emoji the text names; animations are decoration.
    let emoji = status
        .emojis
        .iter()
        .filter(|emoji| content.contains(&format!(":{}:", emoji.shortcode)))
        .filter_map(|emoji| {
            let url = emoji.static_url.clone().or_else(|| emoji.url.clone())?;
            Some((emoji.shortcode.clone(), url))
        })
        .collect();
    Some(Draft {
        update: Update {
            id,
            platform: Platform::Mastodon,
            author: Author {
                name,
                handle: Some(handle),
                url: account.url.as_deref().and_then(web_url),
                avatar: None,
            },
            url,
            published: status.created_at,
            content,
            content_warning: Some(status.spoiler_text.trim().to_owned()).filter(|s| !s.is_empty()),
            sensitive: status.sensitive,
            media: Vec::new(),
            emoji: Vec::new(),
        },
        pinned,
        images,
        avatar: account.avatar_static.clone(),
        emoji,
    })
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;
    use crate::config::SourceKind;

    fn source(exclude_replies: bool, exclude_reblogs: bool) -> SourceConfig {
        SourceConfig {
            name: "m".into(),
            kind: SourceKind::Mastodon,
            service: None,
            instance: Some("https://social.bund.de".into()),
            account: Some("jc".into()),
            actor: None,
            appview: None,
            url: None,
            exclude_replies,
            exclude_reblogs,
            pinned_first: false,
            max_posts: 20,
            interval_seconds: 600,
        }
    }

    /// A public status of `@jc`, with `changes` merged in.
    fn status(changes: Value) -> Status {
        let mut status = json!({
            "id": "1",
            "created_at": "2026-11-26T08:00:00.000Z",
            "uri": "https://social.bund.de/users/jc/statuses/1",
            "url": "https://social.bund.de/@jc/1",
            "content": "<p>Hallo</p>",
            "spoiler_text": "",
            "sensitive": false,
            "visibility": "public",
            "in_reply_to_id": null,
            "reblog": null,
            "account": {
                "id": "9", "username": "jc", "acct": "jc", "display_name": "",
                "url": "https://social.bund.de/@jc", "avatar_static": null
            },
            "media_attachments": [],
            "poll": null
        });
        let object = status.as_object_mut().expect("object");
        for (key, value) in changes.as_object().expect("object") {
            object.insert(key.clone(), value.clone());
        }
        serde_json::from_value(status).expect("a status")
    }

    /// Normalises and compares id, handle, url, content warning and content; `None` when the
    /// status is left out.
    fn check(
        source: &SourceConfig,
        changes: Value,
        expected: Option<(&str, &str, &str, Option<&str>, &str)>,
    ) {
        let got = normalise("social.bund.de", source, status(changes.clone()), false).map(|d| {
            (
                d.update.id,
                d.update.author.handle.unwrap_or_default(),
                d.update.url,
                d.update.content_warning,
                d.update.content,
            )
        });
        let expected = expected.map(|(id, handle, url, cw, content)| {
            (
                id.to_owned(),
                handle.to_owned(),
                url.to_owned(),
                cw.map(str::to_owned),
                content.to_owned(),
            )
        });
        assert_eq!(got, expected, "changes {changes}");
    }

    #[test]
    fn statuses() {
        let default = source(true, false);
        let plain = Some((
            "mastodon:social.bund.de:1",
            "@jc@social.bund.de",
            "https://social.bund.de/@jc/1",
            None,
            "<p>Hallo</p>",
        ));
        check(&default, json!({}), plain);
        check(&default, json!({"visibility": "unlisted"}), plain);
        check(&default, json!({"visibility": "private"}), None);
        check(&default, json!({"visibility": "direct"}), None);
        check(&default, json!({"in_reply_to_id": "0"}), None);
        check(&source(false, false), json!({"in_reply_to_id": "0"}), plain);
        check(
            &default,
            json!({"spoiler_text": "  Betrug  "}),
            Some((
                "mastodon:social.bund.de:1",
                "@jc@social.bund.de",
                "https://social.bund.de/@jc/1",
                Some("Betrug"),
                "<p>Hallo</p>",
            )),
        );
        check(
            &default,
            json!({"url": null}),
            Some((
                "mastodon:social.bund.de:1",
                "@jc@social.bund.de",
                "https://social.bund.de/users/jc/statuses/1",
                None,
                "<p>Hallo</p>",
            )),
        );
        check(
            &default,
            json!({"url": "javascript:alert(1)", "uri": "tag:x"}),
            None,
        );
        check(
            &default,
            json!({"content": "<p>Danke :bund_herz: <img src=\"https://x/e.png\" alt=\":bund_herz:\"></p>"}),
            Some((
                "mastodon:social.bund.de:1",
                "@jc@social.bund.de",
                "https://social.bund.de/@jc/1",
                None,
                "<p>Danke :bund_herz: </p>",
            )),
        );
        let boost = json!({
            "id": "2",
            "content": "",
            "url": null,
            "reblog": {
                "id": "7", "created_at": "2026-11-25T08:00:00.000Z",
                "uri": "https://bund.social/users/bmas/statuses/7",
                "url": "https://bund.social/@bmas/7",
                "content": "<p>Original</p>", "visibility": "public",
                "in_reply_to_id": null, "reblog": null,
                "account": {"id": "5", "username": "bmas", "acct": "bmas@bund.social",
                    "display_name": "BMAS", "url": "https://bund.social/@bmas", "avatar_static": null}
            }
        });
        check(
            &default,
            boost.clone(),
            Some((
                "mastodon:social.bund.de:2",
                "@bmas@bund.social",
                "https://bund.social/@bmas/7",
                None,
                "<p>Original</p>",
            )),
        );
        check(&source(true, true), boost, None);
    }
}
