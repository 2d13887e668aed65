//! Posts reach the widget through the real endpoint: hostile content stored past the endpoint's
//! sanitiser is rebuilt from the allowlist, the feed stays accessible with a content warning
//! closed and open, "Folgen Sie uns" shows the configured links, and "Mehr laden" pages back.

use ozg_sdk::{Author, Platform, Update};
use ozg_tests::{DEMO_SERVICE, Harness};

const HOSTILE: &str = concat!(
    "<p>Hostile <b>bold</b> <a href=\"https://ok.example/\" style=\"color:red\" onclick=\"window.pwned=1\">ok link</a></p>",
    "<script>window.pwned=1</script><img src=x onerror=\"window.pwned=1\">",
    "<p onmouseover=\"window.pwned=1\">on*</p>",
    "<a href=\"javascript:window.pwned=1\">js</a><a href=\"&#106;avascript:window.pwned=1\">entity</a>",
    "<a href=\" JaVaScRiPt:window.pwned=1\">mixed</a><a href=\"data:text/html,x\">data</a>",
    "<a href=\"vbscript:x\">vb</a><svg><script>window.pwned=1</script><a href=\"javascript:1\">s</a></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=\"window.pwned=1\">",
    "<style>*{display:none}</style><iframe src=\"javascript:window.pwned=1\"></iframe>",
    "<form action=\"https://evil.example\"><input name=x><button>send</button></form>",
    "<template><img src=x onerror=\"window.pwned=1\"></template><!-- comment -->",
    "<ul><li><i>nested <u>broken</b></li></ol>",
);

fn update(id: &str, published: &str, content: &str, warning: Option<&str>) -> Update {
    Update {
        id: id.to_owned(),
        platform: Platform::Rss,
        author: Author {
            name: "Jobcenter Test".to_owned(),
            handle: None,
            url: None,
            avatar: None,
        },
        url: format!("https://example.org/{id}"),
        published: published.to_owned(),
        content: content.to_owned(),
        content_warning: warning.map(str::to_owned),
        sensitive: false,
        media: Vec::new(),
        emoji: Vec::new(),
    }
}

/// A script that is true when every element in the posts' texts is on the allowlist, with
/// allowed attributes and http(s) links only; otherwise it returns what broke the rule.
const ALLOWLIST_CHECK: &str = r#"
    const elements = new Set(['div','p','br','span','a','del','s','pre','blockquote','code','b',
        'strong','u','i','em','ul','ol','li']);
    const attributes = new Set(['href','rel','target','class']);
    const bad = [];
    const texts = root.querySelectorAll('article.ozg-post .ozg-text');
    if (texts.length === 0) return 'no post texts';
    for (const text of texts) {
        for (const el of [text, ...text.querySelectorAll('*')]) {
            // Custom emoji: an image with its shortcode as alt text, from the post's emoji list.
            if (el.localName === 'img' && el.className === 'ozg-emoji'
                && /^:\w+:$/.test(el.getAttribute('alt')) && /^https?:\/\//.test(el.getAttribute('src'))
                && el.getAttributeNames().every((a) => ['class','src','alt','width','height','loading'].includes(a)))
                continue;
            if (!elements.has(el.localName) || el.namespaceURI !== 'http://www.w3.org/1999/xhtml')
                bad.push('<' + el.localName + '>');
            for (const a of el.getAttributeNames()) if (!attributes.has(a)) bad.push(a);
            const href = el.getAttribute('href');
            if (href !== null && !/^https?:\/\//.test(href)) bad.push(href);
        }
    }
    if (window.pwned !== undefined) bad.push('script ran');
    return bad.length === 0 ? true : bad.join(', ');
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_posts_are_rebuilt_from_the_allowlist_and_the_feed_pages_back() {
    let h = Harness::start().await;
    let demo = h.demo_post_count().await;
    h.insert_update(
        &update(
            "rss:test:hostile",
            "2099-01-01T00:00:00Z",
            HOSTILE,
            Some("Test"),
        ),
        Some(DEMO_SERVICE),
    )
    .await;
    // Enough older posts for a second page.
    for i in 0..22 {
        h.insert_update(
            &update(
                &format!("rss:test:{i:02}"),
                &format!("2001-01-{:02}T00:00:00Z", 28 - i),
                &format!("<p>Älterer Beitrag {i}</p>"),
                None,
            ),
            Some(DEMO_SERVICE),
        )
        .await;
    }
    let total = demo + 23;

    h.open("/").await;
    h.wait_for(
        "the first page",
        "root.querySelectorAll('article.ozg-post').length === 20",
    )
    .await;
    let verdict = h.js(ALLOWLIST_CHECK).await;
    assert_eq!(verdict, serde_json::Value::Bool(true), "{verdict}");
    assert_eq!(
        h.js("return root.querySelector('article.ozg-post .ozg-text a').getAttribute('rel')")
            .await,
        "nofollow noopener noreferrer"
    );

    // The hostile post is behind its content warning.
    let index = h
        .js("return [...root.querySelectorAll('article.ozg-post')]\
             .findIndex((a) => a.textContent.includes('Hostile'))")
        .await;
    let button = format!("button[aria-controls=ozg-post-{index}-content]");
    assert_eq!(
        h.js(&format!(
            "return root.querySelector('{button}').getAttribute('aria-expanded')"
        ))
        .await,
        "false"
    );
    h.assert_accessible("the updates feed, content warning closed")
        .await;
    h.click(&button).await;
    h.wait_for(
        "the post to open",
        &format!("root.querySelector('{button}').getAttribute('aria-expanded') === 'true'"),
    )
    .await;
    h.assert_accessible("the updates feed, content warning open")
        .await;

    // "Folgen Sie uns": plain links, citizens' platforms first.
    let follow = h.texts(".ozg-follow a").await;
    let names: Vec<&str> = follow
        .iter()
        .map(|text| text.split(" (").next().unwrap_or_default())
        .collect();
    assert_eq!(names, ["Instagram", "Mastodon", "LinkedIn"]);

    // "Mehr laden" fetches the rest and disappears after the short last page.
    h.click(".ozg-load-more button").await;
    h.wait_for(
        "the second page",
        &format!("root.querySelectorAll('article.ozg-post').length === {total}"),
    )
    .await;
    h.wait_for(
        "the button to go",
        "root.querySelector('.ozg-load-more') === null",
    )
    .await;
    let verdict = h.js(ALLOWLIST_CHECK).await;
    assert_eq!(verdict, serde_json::Value::Bool(true), "{verdict}");

    h.finish().await;
}

/// A stand-in Mastodon instance on loopback (the recorded statuses of the endpoint's demo
/// upstream, with CORS as real instances send it) that counts the requests reaching it.
async fn fake_instance() -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a loopback port for the instance");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    let router = ozg_endpoint::demo_upstream::router(&base).layer(axum::middleware::from_fn(
        move |request: axum::extract::Request, next: axum::middleware::Next| {
            let counter = counter.clone();
            async move {
                counter.fetch_add(1, Ordering::SeqCst);
                let mut response = next.run(request).await;
                response.headers_mut().insert(
                    axum::http::header::ACCESS_CONTROL_ALLOW_ORIGIN,
                    axum::http::HeaderValue::from_static("*"),
                );
                response
            }
        },
    ));
    tokio::spawn(async move { axum::serve(listener, router).await });
    (base, hits)
}

/// A portal of its own on another loopback port: a page with the widget in direct mode under
/// a strict CSP that allows exactly the instance, and the widget's files under `/cdn/`.
async fn direct_portal(instance: &str) -> String {
    let dist = std::env::var_os("OZG_DIST_DIR").expect("OZG_DIST_DIR is set by cargo xtask test");
    let host = instance.trim_start_matches("http://");
    let page = format!(
        r#"<!doctype html>
<html lang="de"><head><meta charset="utf-8"><title>Direkt – Serviceportal Musterstadt</title>
<script type="module" src="/cdn/ozg-widget.js"></script></head>
<body><main><h1>Neuigkeiten</h1>
<ozg-widget service="{DEMO_SERVICE}" panels="updates" source="mastodon:@jobcenter_musterstadt@{host}"></ozg-widget>
</main></body></html>"#
    );
    let csp = format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' {instance}; connect-src 'self' {instance}"
    );
    let router = axum::Router::new()
        .route(
            "/direct.html",
            axum::routing::get(move || {
                let page = page.clone();
                let csp = csp.clone();
                async move {
                    (
                        [
                            (
                                axum::http::header::CONTENT_TYPE,
                                "text/html; charset=utf-8".to_owned(),
                            ),
                            (axum::http::header::CONTENT_SECURITY_POLICY, csp),
                        ],
                        page,
                    )
                }
            }),
        )
        .nest_service("/cdn", tower_http::services::ServeDir::new(dist));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a loopback port for the portal");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    tokio::spawn(async move { axum::serve(listener, router).await });
    base
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn direct_mode_contacts_the_instance_only_after_consent() {
    use std::sync::atomic::Ordering;
    let (instance, hits) = fake_instance().await;
    let portal = direct_portal(&instance).await;
    let h = Harness::start().await;
    h.client()
        .goto(&format!("{portal}/direct.html"))
        .await
        .expect("the portal page opens");
    h.wait_for_timeout(
        "the consent question",
        "root !== null && root.querySelector('.ozg-consent button') !== null",
        ozg_tests::UPGRADE_TIMEOUT,
    )
    .await;
    let host = instance.trim_start_matches("http://");
    assert_eq!(
        h.texts(".ozg-consent p").await,
        [
            format!("Beiträge von {host} laden? Dabei wird Ihre IP-Adresse an {host} übermittelt."),
            "Ihre Zustimmung gilt, bis Sie diesen Tab schließen.".to_owned(),
        ]
    );
    h.assert_accessible("direct mode, asking for consent").await;
    // Give a widget that fetched too early time to be caught.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(
        hits.load(Ordering::SeqCst),
        0,
        "no request reaches the instance before the click"
    );

    h.click(".ozg-consent button").await;
    h.wait_for(
        "the instance's posts",
        "root.querySelectorAll('article.ozg-post').length === 5",
    )
    .await;
    assert!(hits.load(Ordering::SeqCst) >= 2, "lookup and statuses");
    assert_eq!(
        h.js("return root.activeElement && root.activeElement.className")
            .await,
        "ozg-direct",
        "the posts take the focus from the button that went away"
    );
    let verdict = h.js(ALLOWLIST_CHECK).await;
    assert_eq!(verdict, serde_json::Value::Bool(true), "{verdict}");
    assert_eq!(
        h.js("return root.querySelector('.ozg-post-meta .ozg-post-handle').textContent")
            .await,
        format!("@jobcenter_musterstadt@{host}")
    );
    // The custom emoji of the first post, from the instance, with its shortcode as alt text.
    assert_eq!(
        h.js(
            "const img = root.querySelector('article.ozg-post .ozg-text img.ozg-emoji'); \
              return img && [img.alt, img.src]"
        )
        .await,
        serde_json::json!([":bund_check:", format!("{instance}/media/bund-check.png")])
    );
    h.assert_accessible("direct mode, posts loaded").await;

    // Within the session the consent holds: a reload shows the posts at once.
    h.client().refresh().await.expect("the page reloads");
    h.wait_for_timeout(
        "the posts after a reload",
        "root !== null && root.querySelectorAll('article.ozg-post').length === 5",
        ozg_tests::UPGRADE_TIMEOUT,
    )
    .await;
    assert_eq!(
        h.js("return root.querySelector('.ozg-consent') === null")
            .await,
        true
    );
    h.finish().await;
}
