//! Posts read straight from a Mastodon instance's public API, for clients without an endpoint:
//! the few fields of accounts and statuses they need, and the mapping of a status onto an
//! [`Update`].
//!
//! Unlike the endpoint's posts, these are not sanitised by a server: `content` is Mastodon's
//! HTML as the instance sent it, and a client must rebuild it from [`crate::CONTENT_ELEMENTS`]
//! (as the widget's renderer does with every post). Images stay on the instance; only those
//! served by the instance's own host are kept, so that a reader who agreed to contact the
//! instance contacts no one else.

use serde::Deserialize;

use crate::{Author, Emoji, Media, Platform, Update};

/// A Mastodon account, as `GET /api/v1/accounts/lookup` answers.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Account {
    /// The instance's id of the account, for the statuses URL.
    pub id: String,
    /// The user name, `bmas`.
    pub username: String,
    /// The user name, with `@domain` for accounts of other instances.
    pub acct: String,
    /// The display name; may be empty.
    #[serde(default)]
    pub display_name: String,
    /// The profile page.
    #[serde(default)]
    pub url: Option<String>,
    /// The profile picture, not animated.
    #[serde(default)]
    pub avatar_static: Option<String>,
}

/// A status, as `GET /api/v1/accounts/{id}/statuses` answers: the fields a post needs.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Status {
    /// The instance's id of the status, for paging with `max_id`.
    pub id: String,
    /// Publication time, ISO 8601.
    pub created_at: String,
    /// The status's ActivityPub id, a link when `url` is missing.
    #[serde(default)]
    pub uri: String,
    /// The status's page.
    #[serde(default)]
    pub url: Option<String>,
    /// The text as Mastodon's HTML.
    #[serde(default)]
    pub content: String,
    /// The content warning; empty for none.
    #[serde(default)]
    pub spoiler_text: String,
    /// Media marked sensitive.
    #[serde(default)]
    pub sensitive: bool,
    /// `public`, `unlisted`, `private` or `direct`.
    #[serde(default)]
    pub visibility: String,
    /// Set for replies.
    #[serde(default)]
    pub in_reply_to_id: Option<String>,
    /// The boosted status, for a boost.
    #[serde(default)]
    pub reblog: Option<Box<Status>>,
    /// Who wrote it.
    pub account: Account,
    /// Attached media; only images are kept.
    #[serde(default)]
    pub media_attachments: Vec<Attachment>,
    /// Custom emoji used in the text.
    #[serde(default)]
    pub emojis: Vec<CustomEmoji>,
}

/// A custom emoji of a [`Status`].
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CustomEmoji {
    /// The name between the colons.
    pub shortcode: String,
    /// The still image.
    #[serde(default)]
    pub static_url: Option<String>,
}

/// A media attachment of a [`Status`].
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Attachment {
    /// `image`, `video`, `gifv`, `audio` or `unknown`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The file.
    #[serde(default)]
    pub url: Option<String>,
    /// The alternative text the author wrote.
    #[serde(default)]
    pub description: Option<String>,
}

/// Which statuses [`crate::Client::mastodon_statuses`] asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusesQuery {
    /// At most this many; Mastodon answers at most 40.
    pub limit: u16,
    /// Only statuses older than this status id, for paging.
    pub max_id: Option<String>,
    /// Leave out replies.
    pub exclude_replies: bool,
    /// Leave out boosts; otherwise a boost is shown as the boosted post.
    pub exclude_reblogs: bool,
}

/// One page of an account's statuses as [`crate::Client::mastodon_statuses`] gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusesPage {
    /// The statuses that are shown, as posts, newest first.
    pub updates: Vec<Update>,
    /// The `max_id` of the next, older page: the id of the oldest status the instance sent,
    /// shown or not. `None` when it sent fewer than asked for, so there are no older ones.
    pub next_max_id: Option<String>,
}

impl StatusesPage {
    /// The page of `statuses` that the instance at `instance` answered to `query`.
    pub fn of(instance: &str, statuses: Vec<Status>, query: &StatusesQuery) -> Self {
        let next_max_id = statuses
            .last()
            .filter(|_| statuses.len() >= usize::from(query.limit))
            .map(|status| status.id.clone());
        Self {
            updates: statuses
                .into_iter()
                .filter_map(|status| to_update(instance, status, query))
                .collect(),
            next_max_id,
        }
    }
}

/// The instance's status id inside the id of an [`Update`] made by [`to_update`]
/// (`mastodon:social.bund.de:115610233400112001`), for paging with `max_id`.
pub fn status_id(update_id: &str) -> Option<&str> {
    update_id
        .strip_prefix("mastodon:")
        .and_then(|rest| rest.rsplit(':').next())
        .filter(|id| !id.is_empty())
}

/// `status` of the instance at `instance` (its host, with a port if any, e.g.
/// `social.bund.de`) as a post, or `None` when it is not public, is a reply or boost the query
/// leaves out, or has no http(s) link. A boost becomes the boosted post under the id of the
/// boost. Images and the avatar are kept only when the instance's own host serves them.
pub fn to_update(instance: &str, status: Status, query: &StatusesQuery) -> Option<Update> {
    if !matches!(status.visibility.as_str(), "public" | "unlisted") {
        return None;
    }
    if query.exclude_replies && status.in_reply_to_id.is_some() {
        return None;
    }
    let id = format!("mastodon:{instance}:{}", status.id);
    let status = match status.reblog {
        Some(_) if query.exclude_reblogs => return None,
        Some(reblog) => *reblog,
        None => status,
    };
    let on_instance = |url: &str| (host_of(url)? == instance).then(|| url.to_owned());
    let url = status
        .url
        .as_deref()
        .filter(|url| host_of(url).is_some())
        .or_else(|| Some(status.uri.as_str()).filter(|url| host_of(url).is_some()))?
        .to_owned();
    let account = status.account;
    let handle = if account.acct.contains('@') {
        format!("@{}", account.acct)
    } else {
        format!("@{}@{instance}", account.acct)
    };
    let name = if account.display_name.trim().is_empty() {
        account.username
    } else {
        account.display_name
    };
    let media = status
        .media_attachments
        .into_iter()
        .filter(|attachment| attachment.kind == "image")
        .filter_map(|attachment| {
            Some(Media {
                url: on_instance(attachment.url.as_deref()?)?,
                alt: attachment.description.unwrap_or_default(),
                width: None,
                height: None,
            })
        })
        .collect();
    let emoji = status
        .emojis
        .into_iter()
        .filter_map(|emoji| {
            Some(Emoji {
                url: on_instance(emoji.static_url.as_deref()?)?,
                shortcode: emoji.shortcode,
            })
        })
        .collect();
    Some(Update {
        id,
        platform: Platform::Mastodon,
        author: Author {
            name,
            handle: Some(handle),
            url: account.url.filter(|url| host_of(url).is_some()),
            avatar: account
                .avatar_static
                .as_deref()
                .and_then(on_instance)
                .map(|url| Media {
                    url,
                    alt: String::new(),
                    width: None,
                    height: None,
                }),
        },
        url,
        published: status.created_at,
        content: status.content,
        content_warning: Some(status.spoiler_text.trim().to_owned()).filter(|s| !s.is_empty()),
        sensitive: status.sensitive,
        media,
        emoji,
    })
}

/// The host (with port, lowercase) of an absolute http(s) URL.
fn host_of(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit('@').next()?;
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(exclude_reblogs: bool) -> StatusesQuery {
        StatusesQuery {
            limit: 10,
            max_id: None,
            exclude_replies: true,
            exclude_reblogs,
        }
    }

    fn statuses() -> Vec<Status> {
        let json = include_str!("../../examples/endpoint/tests/fixtures/mastodon/statuses.json")
            .replace("{{base}}", "https://social.bund.de");
        serde_json::from_str(&json).expect("the recorded statuses parse")
    }

    #[test]
    fn recorded_statuses_become_posts() {
        let updates: Vec<Update> = statuses()
            .into_iter()
            .filter_map(|status| to_update("social.bund.de", status, &query(false)))
            .collect();
        let ids: Vec<Option<&str>> = updates.iter().map(|u| status_id(&u.id)).collect();
        // The reply is left out; the boost stays, under its own id.
        assert_eq!(
            ids,
            [
                Some("115610233400112001"),
                Some("115609871200334002"),
                Some("115608990011223003"),
                Some("115608100000000004"),
                Some("115606500000000006"),
            ]
        );
        let first = &updates[0];
        assert_eq!(first.id, "mastodon:social.bund.de:115610233400112001");
        assert_eq!(first.platform, Platform::Mastodon);
        assert_eq!(
            first.author.handle.as_deref(),
            Some("@jobcenter_musterstadt@social.bund.de")
        );
        assert_eq!(
            first.author.avatar.as_ref().map(|a| a.url.as_str()),
            Some("https://social.bund.de/media/avatar-jobcenter.png")
        );
        assert!(first.content.starts_with("<p>Ihr Bürgergeld"));
        assert_eq!(
            first.emoji,
            [Emoji {
                shortcode: "bund_check".into(),
                url: "https://social.bund.de/media/bund-check.png".into(),
            }]
        );
        let warned = &updates[1];
        assert!(warned.content_warning.is_some());
        assert!(warned.sensitive);
        assert_eq!(warned.media.len(), 1);
        assert!(!warned.media[0].alt.is_empty());
        // Only images, not the video.
        assert_eq!(updates[4].media.len(), 2);
    }

    #[test]
    fn a_full_page_pages_on_from_its_oldest_status_even_one_not_shown() {
        let mut statuses = statuses();
        // The oldest of a full page is private: not shown, but the next page starts after it.
        statuses[5].visibility = "private".into();
        let full = StatusesQuery {
            limit: 6,
            ..query(false)
        };
        let page = StatusesPage::of("social.bund.de", statuses.clone(), &full);
        assert_eq!(
            page.updates.len(),
            4,
            "the reply and the private status are left out"
        );
        assert_eq!(page.next_max_id.as_deref(), Some("115606500000000006"));

        // Fewer statuses than asked for: the account has no older ones.
        let short = StatusesQuery {
            limit: 7,
            ..query(false)
        };
        let page = StatusesPage::of("social.bund.de", statuses, &short);
        assert_eq!(page.updates.len(), 4);
        assert_eq!(page.next_max_id, None);
    }

    #[test]
    fn boosts_can_be_left_out() {
        let kept = statuses()
            .into_iter()
            .filter_map(|status| to_update("social.bund.de", status, &query(true)))
            .count();
        assert_eq!(kept, 4);
    }

    #[test]
    fn images_from_other_hosts_are_left_out() {
        let mut status = statuses().remove(5);
        status.media_attachments[0].url = Some("https://cdn.example/flyer.png".into());
        status.account.avatar_static = Some("https://tracker.example/a.png".into());
        let update = to_update("social.bund.de", status, &query(false)).expect("a post");
        assert_eq!(update.media.len(), 1);
        assert!(update.media[0].url.starts_with("https://social.bund.de/"));
        assert_eq!(update.author.avatar, None);
    }

    #[test]
    fn private_statuses_and_bad_links_are_left_out() {
        let mut status = statuses().remove(0);
        status.visibility = "private".into();
        assert_eq!(to_update("social.bund.de", status, &query(false)), None);
        let mut status = statuses().remove(0);
        status.url = Some("javascript:alert(1)".into());
        status.uri = "data:text/html,x".into();
        assert_eq!(to_update("social.bund.de", status, &query(false)), None);
    }

    #[test]
    fn status_ids() {
        assert_eq!(status_id("mastodon:social.bund.de:1234"), Some("1234"));
        assert_eq!(status_id("mastodon:127.0.0.1:8080:99"), Some("99"));
        assert_eq!(status_id("rss:presse:1"), None);
        assert_eq!(status_id("mastodon:x:"), None);
    }
}
