//! Hostile content through `RichText`: only allowlisted elements, attributes and `http(s)`
//! links reach the DOM, and nothing in the input ever runs.
#![cfg(target_arch = "wasm32")]

mod common;

use common::{all, attr, one, render, text};
use ozg_widget::components::rich_text::{RichText, RichTextProps};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const ELEMENTS: [&str; 18] = [
    "div", // the wrapper
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
const ATTRIBUTES: [&str; 4] = ["href", "rel", "target", "class"];
const CLASSES: [&str; 5] = ["ozg-text", "mention", "hashtag", "u-url", "h-card"];

/// Each snippet would, inserted as HTML, set `window.pwned`.
const HOSTILE: &[&str] = &[
    "<script>window.pwned=1</script>",
    "<img src=x onerror=\"window.pwned=1\">",
    "<p onclick=\"window.pwned=1\" onmouseover=\"window.pwned=1\">hover</p>",
    "<a href=\"javascript:window.pwned=1\">js</a>",
    "<a href=\"JaVaScRiPt:window.pwned=1\">mixed case</a>",
    "<a href=\" \tjavascript:window.pwned=1\">whitespace</a>",
    "<a href=\"&#106;avascript:window.pwned=1\">entity</a>",
    "<a href=\"&#x6A;&#x61;vascript:window.pwned=1\">hex entity</a>",
    "<a href=\"java&#x09;script:window.pwned=1\">tab inside</a>",
    "<a href=\"data:text/html,<script>window.pwned=1</script>\">data</a>",
    "<a href=\"vbscript:msgbox(1)\">vb</a>",
    "<a href=\"//evil.example/\">protocol-relative</a>",
    "<svg><script>window.pwned=1</script></svg>",
    "<svg><a href=\"javascript:window.pwned=1\"><text>svg link</text></a></svg>",
    "<svg onload=\"window.pwned=1\"></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=\"window.pwned=1\">",
    "<math><maction actiontype=\"statusline\" xlink:href=\"javascript:window.pwned=1\">m</maction></math>",
    "<style>*{display:none}</style><p style=\"color:red\">styled</p>",
    "<iframe src=\"javascript:window.pwned=1\"></iframe>",
    "<iframe srcdoc=\"<script>parent.pwned=1</script>\"></iframe>",
    "<form action=\"https://evil.example\"><input name=x><button>send</button></form>",
    "<a href=\"https://ok.example/\" style=\"position:fixed\" onclick=\"window.pwned=1\" id=x>ok</a>",
    "<p><b><i>nested <u>broken</b> markup</i></p><li>stray</ul>",
    "<template><img src=x onerror=\"window.pwned=1\"></template>",
    "<!-- <img src=x onerror=\"window.pwned=1\"> --><p>after comment</p>",
    "<noscript><img src=x onerror=\"window.pwned=1\"></noscript>",
    "<object data=\"javascript:window.pwned=1\"></object><embed src=\"x.swf\">",
    "<details open ontoggle=\"window.pwned=1\"><summary>s</summary></details>",
    "<span class=\"invisible\">https://</span><span class=\"evil mention\">@m</span>",
    "<base href=\"javascript:/\"><a href=\"/x\">relative</a>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:window.pwned=1\">",
    "<p id=\"ozg-tab-updates\" aria-hidden=\"true\" hidden>ids and aria</p>",
    "<<script>script>window.pwned=1<</script>/script>",
    "<a href=\"https://ok.example/\"><img src=x onerror=\"window.pwned=1\">img link</a>",
];

fn pwned() -> bool {
    let value = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("pwned")).unwrap();
    !value.is_undefined()
}

async fn check(html: &str) {
    let root = render::<RichText>(RichTextProps {
        html: html.to_owned().into(),
        class: Default::default(),
        emoji: Vec::new(),
    })
    .await;
    for element in all(&root, "*") {
        let name = element.local_name();
        assert!(ELEMENTS.contains(&name.as_str()), "<{name}> from {html:?}");
        assert_eq!(
            element.namespace_uri().as_deref(),
            Some("http://www.w3.org/1999/xhtml"),
            "{html:?}"
        );
        for attribute in element.get_attribute_names().iter() {
            let attribute = attribute.as_string().unwrap();
            assert!(
                ATTRIBUTES.contains(&attribute.as_str()),
                "{attribute} from {html:?}"
            );
        }
        for class in attr(&element, "class")
            .unwrap_or_default()
            .split_ascii_whitespace()
        {
            assert!(CLASSES.contains(&class), "class {class} from {html:?}");
        }
        if let Some(href) = attr(&element, "href") {
            assert!(
                href.starts_with("https://") || href.starts_with("http://"),
                "{href}"
            );
            assert_eq!(name, "a");
            assert_eq!(
                attr(&element, "rel").as_deref(),
                Some("nofollow noopener noreferrer")
            );
            assert_eq!(attr(&element, "target").as_deref(), Some("_blank"));
        }
    }
    root.remove();
}

#[wasm_bindgen_test]
async fn hostile_content_is_rebuilt_from_the_allowlist() {
    for html in HOSTILE {
        check(html).await;
    }
    check(&HOSTILE.concat()).await;
    // Give anything that might have been scheduled (onerror, onload, timers) a chance to run.
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 200)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
    assert!(!pwned(), "injected script ran");
}

#[wasm_bindgen_test]
async fn allowed_markup_keeps_its_structure() {
    let html = "<p>Hallo <a href=\"https://social.example/@ba\" class=\"u-url mention\" \
                rel=\"me\">@<span>ba</span></a> <a href=\"https://social.example/tags/ozg\" \
                class=\"mention hashtag\">#OZG</a><br><span class=\"invisible\">https://</span>\
                <span class=\"ellipsis\">x.de</span></p><ul><li><em>eins</em></li>\
                <li><code>zwei</code></li></ul><blockquote><p><del>drei</del></p></blockquote>";
    let root = render::<RichText>(RichTextProps {
        html: html.to_owned().into(),
        class: Default::default(),
        emoji: Vec::new(),
    })
    .await;
    let link = one(&root, "p a.u-url.mention");
    assert_eq!(
        attr(&link, "href").as_deref(),
        Some("https://social.example/@ba")
    );
    assert_eq!(
        attr(&link, "rel").as_deref(),
        Some("nofollow noopener noreferrer")
    );
    assert_eq!(text(&link), "@ba");
    assert_eq!(
        attr(&one(&root, "a.hashtag"), "class").as_deref(),
        Some("mention hashtag")
    );
    assert_eq!(all(&root, "ul li").len(), 2);
    assert!(root.query_selector("blockquote p del").unwrap().is_some());
    assert!(!text(&root).contains("https://x.de"));
    assert!(text(&root).contains("x.de"));
}

#[wasm_bindgen_test]
async fn plain_text_becomes_a_paragraph() {
    let root = render::<RichText>(RichTextProps {
        html: "Nur Text mit <b>etwas</b> Auszeichnung".into(),
        class: Default::default(),
        emoji: Vec::new(),
    })
    .await;
    let paragraphs = all(&root, ".ozg-text > p");
    assert_eq!(paragraphs.len(), 1);
    assert_eq!(text(&paragraphs[0]), "Nur Text mit etwas Auszeichnung");
}
