//! "Aktuelles": the authority's latest posts, loaded from the endpoint (or, in direct mode,
//! from a Mastodon instance), older ones on request, and its "Follow us" links.

use std::rc::Rc;

use ozg_sdk::mastodon::StatusesQuery;
use ozg_sdk::{Audience, Client, FollowLink, Locale, Update, UpdatesQuery};
use wasm_bindgen::JsCast as _;
use wasm_bindgen::closure::Closure;
use yew::{Callback, Html, Properties, component, html, use_effect_with, use_node_ref, use_state};

use crate::components::heading::Heading;
use crate::components::load_error::LoadError;
use crate::components::post::Post;
use crate::config::{MastodonSource, Target};
use crate::hooks::use_load::{Load, use_load};
use crate::i18n::Texts;
use crate::links;
use crate::social::order_follow_links;

/// How many posts the panel asks for at a time: as many as the endpoint's and Mastodon's
/// default page, and as the embeds portals used before show at once. The element's script asks
/// for the first page early with the same number (`POSTS_PER_PAGE` in `js/element.js`).
pub const LIMIT: u16 = 20;

/// How many pages of the instance direct mode reads at most while they hold only statuses it
/// does not show (not public, replies), so that the first page and each "Mehr laden" bring
/// posts unless 60 statuses in a row are hidden; bounded, so that one click never sends the
/// instance a burst of requests.
const MASTODON_PAGES_PER_LOAD: usize = 3;

/// How often relative times ("vor 5 Minuten") are written anew while the panel is shown.
const TICK_MS: i32 = 60_000;

/// Where the panel loads posts from.
#[derive(Debug, Clone, PartialEq)]
pub enum Feed {
    /// `GET /v1/updates` of the endpoint, for the service.
    Endpoint(Target),
    /// A Mastodon account's statuses, straight from its instance.
    Mastodon(MastodonSource),
}

/// One page of posts, and where the next, older page starts.
#[derive(Debug, Clone, PartialEq)]
struct Page {
    /// The posts, newest first.
    updates: Vec<Update>,
    /// "Folgen Sie uns": the authority's profiles (the endpoint's; none in direct mode).
    follow: Vec<FollowLink>,
    /// The cursor of the next page: a publication time for the endpoint (`before`), a status
    /// id for a Mastodon instance (`max_id`). `None` when there are no older posts.
    next: Option<String>,
}

/// One page of posts from `feed`: the newest, or those from the cursor `after` on.
async fn fetch_page(feed: Feed, after: Option<String>) -> Result<Page, ozg_sdk::Error> {
    match feed {
        Feed::Endpoint(target) => {
            let query = UpdatesQuery {
                service: Some(target.service.clone()),
                limit: Some(LIMIT),
                before: after,
            };
            let page = target.client.get_updates(&query).await?;
            // The endpoint stores only posts it shows: a short page is the last one.
            let next = page
                .updates
                .last()
                .filter(|_| page.updates.len() >= usize::from(LIMIT))
                .map(|update| update.published.clone());
            Ok(Page {
                updates: page.updates,
                follow: page.follow,
                next,
            })
        }
        Feed::Mastodon(source) => {
            let client = Client::new(&source.base)?;
            let account = client.mastodon_account(&source.account).await?;
            let mut page = Page {
                updates: Vec::new(),
                follow: Vec::new(),
                next: after,
            };
            for read in 0..MASTODON_PAGES_PER_LOAD {
                if read > 0 && (!page.updates.is_empty() || page.next.is_none()) {
                    break;
                }
                let query = StatusesQuery {
                    limit: LIMIT,
                    max_id: page.next.take(),
                    exclude_replies: true,
                    exclude_reblogs: false,
                };
                let statuses = client.mastodon_statuses(&account, &query).await?;
                page.updates.extend(statuses.updates);
                page.next = statuses.next_max_id;
            }
            Ok(page)
        }
    }
}

/// Properties of [`UpdatesPanel`].
#[derive(Debug, Properties, PartialEq)]
pub struct UpdatesPanelProps {
    /// Where the posts come from.
    pub feed: Feed,
    /// The widget's language.
    pub locale: Locale,
    /// Whom the "Follow us" links are ordered for.
    #[prop_or(Audience::Citizens)]
    pub audience: Audience,
}

/// Where loading older posts stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum More {
    /// The button is offered, when there are older posts.
    Idle,
    /// A page is on its way.
    Loading,
    /// The last attempt failed; the button stays.
    Failed,
}

/// What "Mehr laden" added below the first page.
#[derive(Debug, Default, PartialEq)]
struct Older {
    /// The posts, newest first.
    updates: Vec<Update>,
    /// The cursor after them, once a page was added (`Some(None)`: there are no older posts).
    next: Option<Option<String>>,
}

/// The feed of posts with its loading, error and empty states, "Mehr laden", and the
/// "Follow us" links.
#[component]
pub fn UpdatesPanel(props: &UpdatesPanelProps) -> Html {
    let texts = Texts::of(props.locale);
    let feed = props.feed.clone();
    let loaded = use_load(props.feed.clone(), move || fetch_page(feed, None));
    let older = use_state(Rc::<Older>::default);
    let more = use_state(|| More::Idle);
    // After "Mehr laden": how many posts arrived, and the position of the first of them, which
    // takes the focus so that keyboard and screen reader users go on reading there.
    let arrived = use_state(|| None::<(usize, usize)>);
    let feed_ref = use_node_ref();
    let body_ref = use_node_ref();
    {
        let feed_ref = feed_ref.clone();
        use_effect_with(*arrived, move |arrived| {
            if let Some((_, first)) = arrived
                && let Some(feed) = feed_ref.cast::<web_sys::Element>()
                && let Ok(Some(article)) =
                    feed.query_selector(&format!("article[aria-posinset=\"{}\"]", first + 1))
                && let Ok(article) = article.dyn_into::<web_sys::HtmlElement>()
            {
                let _ = article.focus();
            }
        });
    }
    // One interval per panel renders the posts again every minute while the panel is shown,
    // so that "vor 5 Minuten" stays true; it ends with the panel.
    let minute = use_state(|| 0u32);
    {
        let minute = minute.clone();
        let body_ref = body_ref.clone();
        use_effect_with((), move |()| {
            let tick = Closure::<dyn Fn()>::new(move || {
                // A hidden tab panel (or a hidden widget) has no height; nothing to refresh.
                let shown = body_ref
                    .cast::<web_sys::Element>()
                    .is_some_and(|body| body.client_height() > 0);
                if shown {
                    // The minute of the clock, new at every tick (a count kept in the closure
                    // would see only the value of the render that made it).
                    minute.set((js_sys::Date::now() / 60_000.0) as u32);
                }
            });
            let window = web_sys::window();
            let handle = window.as_ref().and_then(|window| {
                window
                    .set_interval_with_callback_and_timeout_and_arguments_0(
                        tick.as_ref().unchecked_ref(),
                        TICK_MS,
                    )
                    .ok()
            });
            move || {
                if let (Some(window), Some(handle)) = (window, handle) {
                    window.clear_interval_with_handle(handle);
                }
                drop(tick);
            }
        });
    }
    {
        // A new first page (another service, a retry) starts the feed over.
        let older = older.clone();
        let more = more.clone();
        let arrived = arrived.clone();
        // Only what differs is set: each set renders the panel again, and on the first page
        // that render would come before the posts are even asked for.
        use_effect_with(Rc::as_ptr(&loaded.state) as usize, move |_| {
            if **older != Older::default() {
                older.set(Rc::default());
            }
            if *more != More::Idle {
                more.set(More::Idle);
            }
            if arrived.is_some() {
                arrived.set(None);
            }
        });
    }

    let busy = matches!(*loaded.state, Load::Loading) || *more == More::Loading;
    let status = if busy {
        texts.loading.to_owned()
    } else if *more == More::Failed {
        texts.load_more_failed.to_owned()
    } else if let Some((count, _)) = *arrived {
        (texts.more_loaded)(count)
    } else {
        String::new()
    };
    let (content, follow) = match &*loaded.state {
        Load::Loading => (
            html! { <div class="ozg-posts" role="feed" aria-busy="true" aria-label={texts.feed_label}></div> },
            Html::default(),
        ),
        Load::Failed(_) => (
            html! { <LoadError locale={props.locale} on_retry={loaded.retry.clone()} /> },
            Html::default(),
        ),
        Load::Ready(page) => {
            let follow = follow_links(&page.follow, props.audience, texts);
            if page.updates.is_empty() {
                (
                    html! { <p part="message" class="ozg-message">{ texts.updates_empty }</p> },
                    follow,
                )
            } else {
                let posts: Vec<&Update> = page.updates.iter().chain(older.updates.iter()).collect();
                let next = older.next.as_ref().unwrap_or(&page.next).clone();
                let set_size = if next.is_none() {
                    i64::try_from(posts.len()).unwrap_or(-1)
                } else {
                    -1
                };
                let load_more = next.map(|next| {
                    let onclick = {
                        let feed = props.feed.clone();
                        let older = older.clone();
                        let more = more.clone();
                        let arrived = arrived.clone();
                        let shown = posts.len();
                        Callback::from(move |_| {
                            if *more == More::Loading {
                                return;
                            }
                            more.set(More::Loading);
                            arrived.set(None);
                            let feed = feed.clone();
                            let older = older.clone();
                            let more = more.clone();
                            let arrived = arrived.clone();
                            let after = next.clone();
                            wasm_bindgen_futures::spawn_local(async move {
                                match fetch_page(feed, Some(after)).await {
                                    Ok(page) => {
                                        let count = page.updates.len();
                                        if count > 0 {
                                            arrived.set(Some((count, shown)));
                                        }
                                        let mut updates = older.updates.clone();
                                        updates.extend(page.updates);
                                        older.set(Rc::new(Older {
                                            updates,
                                            next: Some(page.next),
                                        }));
                                        more.set(More::Idle);
                                    }
                                    Err(_) => more.set(More::Failed),
                                }
                            });
                        })
                    };
                    html! {
                        <p class="ozg-load-more">
                            <button
                                type="button"
                                part="button" class="ozg-button ozg-button-secondary"
                                aria-disabled={(*more == More::Loading).then_some("true")}
                                {onclick}
                            >
                                { texts.load_more }
                            </button>
                        </p>
                    }
                });
                (
                    html! {
                        <>
                            <div
                                class="ozg-posts"
                                role="feed"
                                ref={feed_ref.clone()}
                                aria-busy={(*more == More::Loading).to_string()}
                                aria-label={texts.feed_label}
                            >
                                { for posts.iter().enumerate().map(|(index, update)| html! {
                                    <Post
                                        key={update.id.clone()}
                                        update={(*update).clone()}
                                        {index}
                                        {set_size}
                                        locale={props.locale}
                                        minute={*minute}
                                    />
                                }) }
                            </div>
                            { load_more.unwrap_or_default() }
                        </>
                    },
                    follow,
                )
            }
        }
    };
    html! {
        <div class="ozg-panel-body" ref={body_ref}>
            <Heading>{ texts.updates_heading }</Heading>
            <p class="ozg-status" role="status">{ status }</p>
            { content }
            { follow }
        </div>
    }
}

/// "Folgen Sie uns": plain text links to the authority's profiles, nothing loaded from the
/// platforms. Links for other audiences come last.
fn follow_links(links: &[ozg_sdk::FollowLink], audience: Audience, texts: &Texts) -> Html {
    let ordered = order_follow_links(links, audience);
    let items: Vec<Html> = ordered
        .iter()
        .filter_map(|link| {
            let href = links::web_url(&link.url)?.to_owned();
            Some(html! {
                <li>
                    <a {href} target="_blank" rel="noopener noreferrer">
                        { link.platform.display_name() }
                        <span class="ozg-vh">{ format!(" {}", texts.new_window) }</span>
                    </a>
                </li>
            })
        })
        .collect();
    if items.is_empty() {
        return Html::default();
    }
    html! {
        <section class="ozg-follow" aria-labelledby="ozg-follow-heading">
            <Heading depth={1} id="ozg-follow-heading">{ texts.follow_heading }</Heading>
            <ul class="ozg-follow-links">{ for items }</ul>
        </section>
    }
}
