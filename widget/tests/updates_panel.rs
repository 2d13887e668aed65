//! The updates panel against a stand-in `fetch`: the feed, "Mehr laden" (from the endpoint and
//! straight from a Mastodon instance), "Folgen Sie uns", and the empty and error states.
#![cfg(target_arch = "wasm32")]

mod common;

use common::{all, attr, click, exists, one, render, text};
use ozg_sdk::{Audience, Client, LeikaKey, Locale};
use ozg_widget::components::updates_panel::{Feed, UpdatesPanel, UpdatesPanelProps};
use ozg_widget::config::{MastodonSource, Target};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// Replaces the global `fetch`: `/v1/updates` answers with `total` posts, newest first, paged
/// by `limit` and `before`, and the follow links; `total < 0` fails every request.
fn stub_fetch(total: i32) {
    let code = format!(
        r#"
        const total = {total};
        globalThis.updateRequests = [];
        globalThis.fetch = async (request) => {{
            const url = new URL(request.url);
            globalThis.updateRequests.push(url.search);
            if (total < 0) return new Response('{{}}', {{ status: 503 }});
            const limit = Number(url.searchParams.get('limit'));
            const before = url.searchParams.get('before');
            const all = [];
            for (let i = 0; i < total; i++) {{
                const published = new Date(Date.UTC(2026, 10, 26, 12) - i * 3600000).toISOString();
                all.push({{
                    id: 'rss:x:' + i, platform: 'rss', author: {{ name: 'Amt ' + i }},
                    url: 'https://amt.example/' + i, published, content: '<p>Post ' + i + '</p>',
                    sensitive: false, media: []
                }});
            }}
            const page = all.filter((u) => !before || u.published < before).slice(0, limit);
            const follow = [
                {{ platform: 'linkedin', url: 'https://linkedin.example/amt', audiences: ['professionals'] }},
                {{ platform: 'mastodon', url: 'https://social.example/@amt' }},
                {{ platform: 'instagram', url: 'https://instagram.example/amt', audiences: ['citizens'] }},
                {{ platform: 'x', url: 'javascript:alert(1)' }},
            ];
            return new Response(JSON.stringify({{ updates: page, follow }}), {{
                headers: {{ 'content-type': 'application/json' }},
            }});
        }};
        "#
    );
    js_sys::Function::new_no_args(&code)
        .call0(&wasm_bindgen::JsValue::NULL)
        .unwrap();
}

fn props(audience: Audience) -> UpdatesPanelProps {
    UpdatesPanelProps {
        feed: Feed::Endpoint(Target {
            client: Client::new("https://endpoint.example").unwrap(),
            service: LeikaKey::parse("99107108017000").unwrap(),
        }),
        locale: Locale::De,
        audience,
    }
}

/// Waits until `check` holds, flushing Yew between tries.
async fn until(what: &str, check: impl Fn() -> bool) {
    for _ in 0..100 {
        if check() {
            return;
        }
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            web_sys::window()
                .unwrap()
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 20)
                .unwrap();
        });
        wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
        yew::scheduler::flush().await;
    }
    panic!("timed out waiting for {what}");
}

#[wasm_bindgen_test]
async fn load_more_appends_older_posts_until_the_last_page() {
    stub_fetch(23);
    let root = render::<UpdatesPanel>(props(Audience::Citizens)).await;
    let feed = one(&root, "[role=feed]");
    assert_eq!(attr(&feed, "aria-busy").as_deref(), Some("true"));
    until("the first page", || {
        all(&root, "article.ozg-post").len() == 20
    })
    .await;
    let feed = one(&root, "[role=feed]");
    assert_eq!(attr(&feed, "aria-busy").as_deref(), Some("false"));
    let articles = all(&root, "article.ozg-post");
    assert_eq!(attr(&articles[0], "aria-posinset").as_deref(), Some("1"));
    assert_eq!(attr(&articles[19], "aria-setsize").as_deref(), Some("-1"));

    assert_eq!(text(&one(&root, ".ozg-load-more button")), "Mehr laden");
    click(&root, ".ozg-load-more button").await;
    until("the second page", || {
        all(&root, "article.ozg-post").len() == 23
    })
    .await;
    let requests = js_sys::Reflect::get(&js_sys::global(), &"updateRequests".into()).unwrap();
    let second = js_sys::Array::from(&requests).get(1).as_string().unwrap();
    assert!(
        second.contains("before=2026-11-25T17%3A00%3A00.000Z")
            || second.contains("before=2026-11-25T17:00:00.000Z"),
        "{second}"
    );
    // The first new post takes the focus, and the status line says how many arrived.
    until("the focus on the first new post", || {
        common::document()
            .active_element()
            .and_then(|element| attr(&element, "aria-posinset"))
            .as_deref()
            == Some("21")
    })
    .await;
    assert_eq!(
        text(&one(&root, "[role=status]")),
        "3 weitere Beiträge geladen."
    );
    // A short page: no more button, and the size of the feed is known.
    assert!(!exists(&root, ".ozg-load-more"));
    let articles = all(&root, "article.ozg-post");
    assert_eq!(attr(&articles[22], "aria-posinset").as_deref(), Some("23"));
    assert_eq!(attr(&articles[22], "aria-setsize").as_deref(), Some("23"));
    assert_eq!(text(&one(&articles[22], "h3")), "Amt 22");
}

#[wasm_bindgen_test]
async fn follow_links_follow_the_audience() {
    stub_fetch(2);
    let root = render::<UpdatesPanel>(props(Audience::Professionals)).await;
    until("the posts", || exists(&root, "article.ozg-post")).await;
    // A short first page offers no "Mehr laden".
    assert!(!exists(&root, ".ozg-load-more"));
    let links = all(&root, ".ozg-follow a");
    let names: Vec<String> = links
        .iter()
        .map(|a| text(a).replace(" (öffnet in neuem Fenster)", ""))
        .collect();
    assert_eq!(names, ["LinkedIn", "Mastodon", "Instagram"]);
    for link in &links {
        assert_eq!(attr(link, "target").as_deref(), Some("_blank"));
        assert!(attr(link, "href").unwrap().starts_with("https://"));
    }
    assert_eq!(text(&one(&root, ".ozg-follow h3")), "Folgen Sie uns");
}

#[wasm_bindgen_test]
async fn empty_and_failed_states_say_what_happened() {
    stub_fetch(0);
    let root = render::<UpdatesPanel>(props(Audience::Citizens)).await;
    until("the empty state", || exists(&root, ".ozg-message")).await;
    assert_eq!(
        text(&one(&root, ".ozg-message")),
        "Zurzeit gibt es keine Neuigkeiten."
    );
    root.remove();

    stub_fetch(-1);
    let root = render::<UpdatesPanel>(props(Audience::Citizens)).await;
    until("the error", || exists(&root, "button")).await;
    assert!(!exists(&root, "article, [role=feed]"));
}

/// Replaces the global `fetch` with a Mastodon instance whose account has `total` statuses,
/// newest first, paged by `limit` and `max_id`; those at the positions in `private` are
/// followers-only, which the instance sends but the widget must not show.
fn stub_instance(total: u32, private: &[u32]) {
    let private = private
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(",");
    let code = format!(
        r#"
        const total = {total}, hidden = new Set([{private}]);
        globalThis.statusRequests = [];
        const account = {{ id: '7', username: 'amt', acct: 'amt', display_name: 'Amt',
            url: 'https://social.example/@amt' }};
        globalThis.fetch = async (request) => {{
            const url = new URL(request.url);
            const json = (body) => new Response(JSON.stringify(body), {{
                headers: {{ 'content-type': 'application/json' }},
            }});
            if (url.pathname === '/api/v1/accounts/lookup') return json(account);
            globalThis.statusRequests.push(url.search);
            const limit = Number(url.searchParams.get('limit'));
            const maxId = url.searchParams.get('max_id');
            const all = [];
            for (let i = 0; i < total; i++) {{
                const id = String(10000 - i);
                all.push({{
                    id, uri: 'https://social.example/users/amt/statuses/' + id,
                    url: 'https://social.example/@amt/' + id,
                    created_at: new Date(Date.UTC(2026, 10, 26, 12) - i * 3600000).toISOString(),
                    content: '<p>Status ' + i + '</p>', spoiler_text: '', sensitive: false,
                    visibility: hidden.has(i) ? 'private' : 'public', in_reply_to_id: null,
                    reblog: null, account, media_attachments: [], emojis: [],
                }});
            }}
            return json(all.filter((s) => !maxId || Number(s.id) < Number(maxId)).slice(0, limit));
        }};
        "#
    );
    js_sys::Function::new_no_args(&code)
        .call0(&wasm_bindgen::JsValue::NULL)
        .unwrap();
}

fn direct_props() -> UpdatesPanelProps {
    UpdatesPanelProps {
        feed: Feed::Mastodon(MastodonSource {
            account: "amt".into(),
            instance: "social.example".into(),
            base: "https://social.example".into(),
        }),
        locale: Locale::En,
        audience: Audience::Citizens,
    }
}

#[wasm_bindgen_test]
async fn direct_mode_pages_on_past_statuses_it_does_not_show() {
    // The first page of 20 ends with two followers-only statuses, the second is all
    // followers-only, and five public ones come after it.
    let mut private: Vec<u32> = vec![18, 19];
    private.extend(20..40);
    stub_instance(45, &private);
    let root = render::<UpdatesPanel>(direct_props()).await;
    until("the first page", || {
        all(&root, "article.ozg-post").len() == 18
    })
    .await;
    // 18 posts shown of a full page of 20: there may be older ones.
    let articles = all(&root, "article.ozg-post");
    assert_eq!(attr(&articles[17], "aria-setsize").as_deref(), Some("-1"));
    assert_eq!(text(&one(&root, ".ozg-load-more button")), "Load more");

    click(&root, ".ozg-load-more button").await;
    until("the older public posts", || {
        all(&root, "article.ozg-post").len() == 23
    })
    .await;
    let requests = js_sys::Array::from(
        &js_sys::Reflect::get(&js_sys::global(), &"statusRequests".into()).unwrap(),
    );
    let max_ids: Vec<Option<String>> = requests
        .iter()
        .map(|search| {
            search
                .as_string()
                .unwrap()
                .split(['?', '&'])
                .find_map(|pair| pair.strip_prefix("max_id="))
                .map(str::to_owned)
        })
        .collect();
    // After the oldest status of each page, shown or not; the page of only hidden ones is
    // read through within the same click.
    assert_eq!(
        max_ids,
        [None, Some("9981".to_owned()), Some("9961".to_owned())]
    );
    // The last page was short: no more button, and the feed's size is known.
    assert!(!exists(&root, ".ozg-load-more"));
    let articles = all(&root, "article.ozg-post");
    assert_eq!(attr(&articles[22], "aria-setsize").as_deref(), Some("23"));
    assert_eq!(text(&one(&root, "[role=status]")), "5 more posts loaded.");
}
