//! Normalised posts from the authority's social-media and news sources.

use serde::{Deserialize, Serialize};

/// The elements that HTML content on the wire may contain ([`Update::content`] and the rich
/// text of service descriptions), the Mastodon-strict allowlist. The endpoint reduces content
/// to it, and clients rebuild content from it again.
pub const CONTENT_ELEMENTS: [&str; 17] = [
    "p",
    "br",
    "span",
    "a",
    "del",
    "s",
    "pre",
    "blockquote",
    "code",
    "b",
    "strong",
    "u",
    "i",
    "em",
    "ul",
    "ol",
    "li",
];

/// The classes content may keep: Mastodon's mention and hashtag markers.
pub const CONTENT_CLASSES: [&str; 4] = ["mention", "hashtag", "u-url", "h-card"];

/// The answer of `GET /v1/updates`: posts, newest first.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdatesPage {
    /// The posts, newest first.
    pub updates: Vec<Update>,
    /// "Follow us" links to the authority's profiles, in the order the authority configured
    /// them. Absent when none are configured.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub follow: Vec<FollowLink>,
}

/// A "Follow us" link to one of the authority's profiles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FollowLink {
    /// The platform of the profile.
    pub platform: SocialPlatform,
    /// The profile's address, an absolute `https` URL.
    pub url: String,
    /// Whom the authority addresses there; clients may show only the links for their reader.
    /// Empty means everyone.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub audiences: Vec<Audience>,
}

/// A platform an authority can have a profile on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[non_exhaustive]
pub enum SocialPlatform {
    /// Instagram.
    Instagram,
    /// Facebook.
    Facebook,
    /// TikTok.
    #[serde(rename = "tiktok")]
    TikTok,
    /// LinkedIn.
    #[serde(rename = "linkedin")]
    LinkedIn,
    /// Xing.
    Xing,
    /// X, formerly Twitter.
    X,
    /// YouTube.
    #[serde(rename = "youtube")]
    YouTube,
    /// Mastodon, e.g. social.bund.de.
    Mastodon,
    /// Bluesky.
    Bluesky,
}

impl SocialPlatform {
    /// The name shown to readers.
    pub fn display_name(self) -> &'static str {
        match self {
            Self::Instagram => "Instagram",
            Self::Facebook => "Facebook",
            Self::TikTok => "TikTok",
            Self::LinkedIn => "LinkedIn",
            Self::Xing => "Xing",
            Self::X => "X",
            Self::YouTube => "YouTube",
            Self::Mastodon => "Mastodon",
            Self::Bluesky => "Bluesky",
        }
    }
}

/// Whom a "Follow us" link addresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[non_exhaustive]
pub enum Audience {
    /// Citizens.
    Citizens,
    /// Businesses and professionals (employers, tax advisers, other authorities).
    Professionals,
}

/// One post, normalised from whatever platform it came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Update {
    /// Stable identifier, unique across sources (`mastodon:social.bund.de:1131...`).
    pub id: String,
    /// Where the post was published.
    pub platform: Platform,
    /// Who published it.
    pub author: Author,
    /// Link to the original post.
    pub url: String,
    /// Publication time, RFC 3339.
    pub published: String,
    /// The text as HTML, already reduced by the endpoint to the allowlist
    /// `p br span a del s pre blockquote code b strong u i em ul ol li`.
    /// Clients must still parse it inertly and rebuild it from the same allowlist.
    pub content: String,
    /// Content warning ("CW"); when present, the content is collapsed behind it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_warning: Option<String>,
    /// Media is marked sensitive and stays hidden until the reader asks for it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sensitive: bool,
    /// Attached images, served through the endpoint.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub media: Vec<Media>,
    /// Custom emoji that `content` names as `:shortcode:`, served through the endpoint.
    /// Clients may show each as an inline image with its `:shortcode:` as alternative text.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub emoji: Vec<Emoji>,
}

/// A custom emoji of a post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Emoji {
    /// The name between the colons, letters, digits and `_` only (`bund_check`).
    pub shortcode: String,
    /// Where the endpoint serves the image.
    pub url: String,
}

/// The platform or feed format a post came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[non_exhaustive]
pub enum Platform {
    /// A Mastodon account, e.g. on social.bund.de.
    Mastodon,
    /// A Bluesky account.
    Bluesky,
    /// An RSS 2.0 feed.
    Rss,
    /// An Atom 1.0 feed.
    Atom,
    /// A JSON Feed 1.1.
    JsonFeed,
}

impl Platform {
    /// The name shown to readers.
    pub fn display_name(self) -> &'static str {
        match self {
            Self::Mastodon => "Mastodon",
            Self::Bluesky => "Bluesky",
            Self::Rss => "RSS",
            Self::Atom => "Atom",
            Self::JsonFeed => "JSON Feed",
        }
    }
}

/// The author of a post.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Author {
    /// Display name.
    pub name: String,
    /// Handle on the platform (`@bmas@social.bund.de`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handle: Option<String>,
    /// Profile link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Profile picture, served through the endpoint like other media.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar: Option<Media>,
}

/// An image attached to a post.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Media {
    /// Where the endpoint serves the image.
    pub url: String,
    /// Alternative text as the author wrote it; empty when the author wrote none.
    #[serde(default)]
    pub alt: String,
    /// Width in pixels, to reserve space before the image loads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    /// Height in pixels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
}
