//! One post of the updates list.

use ozg_sdk::{Locale, Platform, Update};
use web_sys::{HtmlElement, KeyboardEvent};
use yew::{Callback, Html, NodeRef, Properties, component, html, use_node_ref, use_state};

use crate::browser;
use crate::components::heading::Heading;
use crate::components::rich_text::RichText;
use crate::i18n::Texts;
use crate::links;

/// Properties of [`Post`].
#[derive(Debug, Properties, PartialEq)]
pub struct PostProps {
    /// The post.
    pub update: Update,
    /// Its position in the list, for element ids unique inside the widget.
    pub index: usize,
    /// The widget's language.
    pub locale: Locale,
    /// How many posts the feed has, for `aria-setsize`; -1 while more can be loaded.
    #[prop_or(-1)]
    pub set_size: i64,
    /// Changes every minute the panel is shown, so that the relative time is written anew.
    #[prop_or_default]
    pub minute: u32,
}

/// Author, platform, time, text, images and a link to the original. A content warning keeps
/// text and images collapsed, and sensitive images stay hidden, until the reader asks.
#[component]
pub fn Post(props: &PostProps) -> Html {
    let texts = Texts::of(props.locale);
    let update = &props.update;
    let content_open = use_state(|| false);
    let media_open = use_state(|| false);
    let content_toggle = use_node_ref();
    let media_toggle = use_node_ref();

    let author_id = format!("ozg-post-{}-author", props.index);
    let content_id = format!("ozg-post-{}-content", props.index);
    let media_id = format!("ozg-post-{}-media", props.index);
    let time = browser::date_time(&update.published, props.locale);
    let relative = browser::relative_time(&update.published, props.locale);
    let platform = update.platform.display_name();
    let avatar = update
        .author
        .avatar
        .as_ref()
        .and_then(|avatar| links::web_url(&avatar.url))
        .map(str::to_owned);

    let warning = update.content_warning.as_ref().map(|warning| {
        let open = *content_open;
        let onclick = {
            let content_open = content_open.clone();
            Callback::from(move |_| content_open.set(!open))
        };
        html! {
            <div class="ozg-warning">
                <p>
                    <strong>{ texts.content_warning }</strong>
                    { " " }
                    { warning.clone() }
                </p>
                <button
                    type="button"
                    part="button" class="ozg-button ozg-button-secondary"
                    aria-expanded={open.to_string()}
                    aria-controls={content_id.clone()}
                    ref={content_toggle.clone()}
                    {onclick}
                >
                    { if open { texts.hide_post } else { texts.show_post } }
                </button>
            </div>
        }
    });
    let collapsed = warning.is_some() && !*content_open;

    let media = if update.media.is_empty() {
        Html::default()
    } else {
        let hidden = update.sensitive && !*media_open;
        let toggle = update.sensitive.then(|| {
            let open = *media_open;
            let onclick = {
                let media_open = media_open.clone();
                Callback::from(move |_| media_open.set(!open))
            };
            html! {
                <div class="ozg-warning">
                    <p>{ texts.sensitive_media }</p>
                    <button
                        type="button"
                        part="button" class="ozg-button ozg-button-secondary"
                        aria-expanded={open.to_string()}
                        aria-controls={media_id.clone()}
                        ref={media_toggle.clone()}
                        {onclick}
                    >
                        { if open { texts.hide_media } else { texts.show_media } }
                    </button>
                </div>
            }
        });
        // Hidden images are not rendered at all, so they are not even downloaded.
        let images = update.media.iter().filter(|_| !hidden).filter_map(|media| {
            let src = links::web_url(&media.url)?.to_owned();
            let described = !media.alt.trim().is_empty();
            Some(html! {
                <span class="ozg-figure">
                    <img
                        {src}
                        alt={media.alt.clone()}
                        width={media.width.map(|w| w.to_string())}
                        height={media.height.map(|h| h.to_string())}
                        loading="lazy"
                        decoding="async"
                    />
                    // The description itself is the image's alt text; the badge only tells
                    // sighted readers that there is one.
                    if described {
                        <span class="ozg-alt-badge" aria-hidden="true">{ texts.alt_badge }</span>
                    }
                </span>
            })
        });
        html! {
            <>
                { toggle.unwrap_or_default() }
                <div class="ozg-media" id={media_id.clone()}>{ for images }</div>
            </>
        }
    };

    let link = links::web_url(&update.url).map(|href| {
        let text = match update.platform {
            Platform::Mastodon | Platform::Bluesky => (texts.view_post_on)(platform),
            _ => texts.view_original.to_owned(),
        };
        html! {
            <p class="ozg-post-link">
                <a href={href.to_owned()} target="_blank" rel="noopener noreferrer">
                    { text }
                    // Every post has a link with the same visible text; author and time tell
                    // them apart in a screen reader's list of links.
                    <span class="ozg-vh">
                        { format!(" ({}, {time}) {}", update.author.name, texts.new_window) }
                    </span>
                </a>
            </p>
        }
    });

    // Escape anywhere in the post closes what the reader opened in it, and focus goes back to
    // the button that opened it, so it is never left on content that disappears.
    let onkeydown = {
        let (content_open, media_open) = (content_open.clone(), media_open.clone());
        let (content_toggle, media_toggle) = (content_toggle.clone(), media_toggle.clone());
        Callback::from(move |event: KeyboardEvent| {
            if event.key() != "Escape" {
                return;
            }
            let toggle: &NodeRef = if *content_open {
                &content_toggle
            } else if *media_open {
                &media_toggle
            } else {
                return;
            };
            event.stop_propagation();
            content_open.set(false);
            media_open.set(false);
            if let Some(toggle) = toggle.cast::<HtmlElement>() {
                let _ = toggle.focus();
            }
        })
    };

    html! {
        <article
            part="post" class="ozg-post"
            {onkeydown}
            aria-labelledby={author_id.clone()}
            tabindex="0"
            aria-posinset={(props.index + 1).to_string()}
            aria-setsize={props.set_size.to_string()}
        >
            <header class="ozg-post-header">
                // Decorative: the name stands right next to it.
                if let Some(src) = avatar {
                    <img class="ozg-avatar" {src} alt="" width="48" height="48" decoding="async" />
                }
                <Heading depth={1} id={author_id} class="ozg-post-author">
                    { update.author.name.clone() }
                </Heading>
                <p class="ozg-post-meta">
                    if let Some(handle) = &update.author.handle {
                        <span class="ozg-post-handle">{ handle.clone() }</span>
                        { " · " }
                    }
                    <span class="ozg-post-platform">{ platform }</span>
                    { " · " }
                    <time datetime={update.published.clone()}>
                        if let Some(relative) = relative {
                            { relative }
                            <span class="ozg-vh">{ format!(" ({time})") }</span>
                        } else {
                            { time.clone() }
                        }
                    </time>
                </p>
            </header>
            { warning.unwrap_or_default() }
            <div class="ozg-post-content" id={content_id} hidden={collapsed}>
                <RichText html={update.content.clone()} emoji={update.emoji.clone()} />
                { media }
            </div>
            { link.unwrap_or_default() }
        </article>
    }
}
