//! The custom element: attributes in, shadow root with styles and the app out, errors to the
//! console and never into the host page.
#![cfg(target_arch = "wasm32")]

mod common;

use std::cell::Cell;
use std::rc::Rc;

use common::{all, attr, document, text};
use ozg_widget::components::app::{App, AppProps};
use ozg_widget::config::{self, Attributes};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlElement, ShadowRoot};

wasm_bindgen_test_configure!(run_in_browser);

fn config(endpoint: &str, service: &str, panels: &str, lang: &str) -> config::Config {
    let attributes = Attributes {
        endpoint: Some(endpoint),
        service: Some(service),
        lang: Some(lang),
        panels: Some(panels),
        document_lang: None,
        ..Attributes::default()
    };
    config::parse(&attributes, |url| Some(url.to_owned())).0
}

#[wasm_bindgen_test]
async fn app_renders_panels_in_configured_order() {
    // The first panel is the feedback form, which loads nothing; the others are not shown yet.
    let root = common::render::<App>(AppProps {
        config: config(
            "http://127.0.0.1:9",
            "99107108017000",
            "feedback service",
            "en",
        ),
        page_url: None,
        on_ready: Default::default(),
        on_feedback: Default::default(),
        page_service: None,
    })
    .await;
    let widget = common::one(&root, ".ozg-root");
    assert_eq!(attr(&widget, "lang").as_deref(), Some("en"));
    let tabs: Vec<_> = all(&root, "[role=tab]")
        .iter()
        .map(|t| (t.id(), text(t)))
        .collect();
    assert_eq!(
        tabs,
        [
            ("ozg-tab-feedback".to_owned(), "Feedback".to_owned()),
            ("ozg-tab-service".to_owned(), "How it works".to_owned()),
        ]
    );
    let panels: Vec<_> = all(&root, "[role=tabpanel]")
        .iter()
        .map(Element::id)
        .collect();
    assert_eq!(panels, ["ozg-panel-feedback", "ozg-panel-service"]);
    common::one(&root, "#ozg-panel-feedback form.ozg-feedback");
}

#[wasm_bindgen_test]
async fn app_with_a_bad_service_says_so_in_its_language() {
    let root = common::render::<App>(AppProps {
        config: config("http://127.0.0.1:9", "123", "", "de"),
        page_url: None,
        on_ready: Default::default(),
        on_feedback: Default::default(),
        page_service: None,
    })
    .await;
    assert!(all(&root, "[role=tablist]").is_empty());
    assert_eq!(
        text(&common::one(&root, ".ozg-setup-error")),
        "Dieser Bereich ist nicht richtig eingerichtet und kann deshalb nicht angezeigt werden."
    );
}

/// Adds an `<ozg-widget>` with `attributes` to the page and waits for its first render.
async fn widget(attributes: &[(&str, &str)]) -> (HtmlElement, Rc<Cell<u32>>) {
    // The test harness does not run the wasm `start` function that defines the element.
    ozg_widget::element::define_element();
    assert!(
        web_sys::window()
            .unwrap()
            .custom_elements()
            .get("ozg-widget")
            .is_function()
    );
    let element: HtmlElement = document()
        .create_element("ozg-widget")
        .unwrap()
        .unchecked_into();
    for (name, value) in attributes {
        element.set_attribute(name, value).unwrap();
    }
    let ready = Rc::new(Cell::new(0));
    let count = Rc::clone(&ready);
    let listener = Closure::<dyn Fn()>::new(move || count.set(count.get() + 1));
    // The event is composed and bubbles, so the page can listen on `document`.
    element
        .add_event_listener_with_callback("ozg-ready", listener.as_ref().unchecked_ref())
        .unwrap();
    listener.forget();
    document().body().unwrap().append_child(&element).unwrap();
    yew::scheduler::flush().await;
    (element, ready)
}

fn shadow(element: &HtmlElement) -> ShadowRoot {
    element.shadow_root().expect("an open shadow root")
}

fn in_shadow(element: &HtmlElement, selector: &str) -> Vec<Element> {
    let list = shadow(element).query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(|n| n.unchecked_into())
        .collect()
}

#[wasm_bindgen_test]
async fn element_mounts_into_an_open_shadow_root() {
    let (element, ready) = widget(&[
        ("endpoint", "/"),
        ("service", "99107108017000"),
        ("panels", "feedback"),
        ("lang", "en"),
    ])
    .await;
    assert_eq!(ready.get(), 1, "ozg-ready fired once");
    let sheets = js_sys::Reflect::get(&shadow(&element), &"adoptedStyleSheets".into()).unwrap();
    assert_eq!(js_sys::Array::from(&sheets).length(), 1);
    let root = &in_shadow(&element, ".ozg-root")[0];
    assert_eq!(attr(root, "lang").as_deref(), Some("en"));
    assert_eq!(in_shadow(&element, "[role=tab]").len(), 1);
    assert!(
        in_shadow(&element, "style, [style]").is_empty(),
        "no inline styles under a strict CSP"
    );

    // Attribute changes re-render with the new configuration.
    element.set_attribute("panels", "service,feedback").unwrap();
    element.set_attribute("lang", "de").unwrap();
    yew::scheduler::flush().await;
    let tabs: Vec<_> = in_shadow(&element, "[role=tab]")
        .iter()
        .map(Element::id)
        .collect();
    assert_eq!(tabs, ["ozg-tab-service", "ozg-tab-feedback"]);
    assert_eq!(
        attr(&in_shadow(&element, ".ozg-root")[0], "lang").as_deref(),
        Some("de")
    );

    element.remove();
}

#[wasm_bindgen_test]
async fn element_with_bad_service_shows_a_message_instead_of_throwing() {
    let (element, ready) = widget(&[("endpoint", "/"), ("service", "12345"), ("lang", "en")]).await;
    assert_eq!(ready.get(), 1);
    let message = in_shadow(&element, ".ozg-setup-error");
    assert_eq!(
        text(&message[0]),
        "This section is not set up correctly and cannot be shown."
    );
    element.remove();
}

#[wasm_bindgen_test]
async fn two_widgets_keep_separate_state() {
    let (first, _) = widget(&[
        ("endpoint", "/"),
        ("service", "99107108017000"),
        ("panels", "feedback"),
    ])
    .await;
    let (second, _) = widget(&[
        ("endpoint", "/"),
        ("service", "99107108017000"),
        ("panels", "feedback"),
    ])
    .await;
    in_shadow(&first, "input[name=wants-reply]")[0]
        .unchecked_ref::<HtmlElement>()
        .click();
    yew::scheduler::flush().await;
    assert_eq!(in_shadow(&first, "input[name=email]").len(), 1);
    assert_eq!(in_shadow(&second, "input[name=email]").len(), 0);
    first.remove();
    second.remove();
}

/// Records `console.warn` until [`Captured::finish`] puts the original back.
struct Captured {
    original: wasm_bindgen::JsValue,
    messages: Rc<std::cell::RefCell<Vec<String>>>,
    _hook: Closure<dyn Fn(wasm_bindgen::JsValue)>,
}

impl Captured {
    fn finish(self) -> Vec<String> {
        let console = js_sys::Reflect::get(&js_sys::global(), &"console".into()).unwrap();
        js_sys::Reflect::set(&console, &"warn".into(), &self.original).unwrap();
        self.messages.borrow().clone()
    }
}

fn capture_console_warnings() -> Captured {
    let console = js_sys::Reflect::get(&js_sys::global(), &"console".into()).unwrap();
    let original = js_sys::Reflect::get(&console, &"warn".into()).unwrap();
    let messages = Rc::new(std::cell::RefCell::new(Vec::new()));
    let sink = Rc::clone(&messages);
    let hook =
        Closure::<dyn Fn(wasm_bindgen::JsValue)>::new(move |message: wasm_bindgen::JsValue| {
            sink.borrow_mut()
                .push(message.as_string().unwrap_or_default());
        });
    js_sys::Reflect::set(&console, &"warn".into(), hook.as_ref()).unwrap();
    Captured {
        original,
        messages,
        _hook: hook,
    }
}

/// Adds a data block to the page, as a portal's CMS would.
fn data_block(kind: &str, id: &str, json: &str) -> Element {
    let script = document().create_element("script").unwrap();
    script.set_attribute("type", kind).unwrap();
    if !id.is_empty() {
        script.set_attribute("id", id).unwrap();
    }
    script.set_text_content(Some(json));
    document().body().unwrap().append_child(&script).unwrap();
    script
}

#[wasm_bindgen_test]
async fn inline_json_renders_what_is_valid_without_an_endpoint() {
    let block = data_block(
        "application/json",
        "hund-json",
        r#"{ "title": "Hund anmelden",
             "documents": [{ "name": "Nachweis der Haftpflicht" }, { "note": "ohne Namen" }],
             "steps": [{ "title": "Formular ausfüllen" }, { "title": 3 }],
             "costs": "teuer" }"#,
    );
    let warnings = capture_console_warnings();
    let (element, ready) = widget(&[
        ("service", "99108004001000"),
        ("panels", "service"),
        ("service-json", "hund-json"),
        ("heading-level", "3"),
    ])
    .await;
    let warnings = warnings.finish();
    assert_eq!(ready.get(), 1);
    // Each part left out is named by its JSON pointer.
    let prefix = "ozg-widget: service description from <script id=\"hund-json\"> at ";
    assert!(
        warnings.contains(&format!(
            "{prefix}/documents/1: missing field `name`; left out"
        )),
        "{warnings:#?}"
    );
    for pointer in ["/steps/1: ", "/costs: "] {
        assert!(
            warnings
                .iter()
                .any(|w| w.starts_with(&format!("{prefix}{pointer}"))),
            "{pointer} in {warnings:#?}"
        );
    }
    assert_eq!(warnings.len(), 3, "{warnings:#?}");
    assert!(in_shadow(&element, ".ozg-setup-error").is_empty());
    assert_eq!(
        text(&in_shadow(&element, "h3.ozg-service-title")[0]),
        "Hund anmelden"
    );
    assert_eq!(in_shadow(&element, "ul.ozg-documents > li").len(), 1);
    assert_eq!(in_shadow(&element, "ol.ozg-steps > li").len(), 1);
    assert!(in_shadow(&element, ".ozg-facts").is_empty());
    // The sections sit one level below the service title.
    assert!(!in_shadow(&element, "h4").is_empty());
    element.remove();
    block.remove();
}

#[wasm_bindgen_test]
async fn json_ld_on_the_page_is_a_source() {
    let block = data_block(
        "application/ld+json",
        "",
        r#"{ "@context": "https://schema.org", "@type": "GovernmentService",
             "name": "Wohngeld beantragen",
             "provider": { "@type": "GovernmentOrganization", "name": "Wohngeldstelle", "telephone": "+49 1234 5678-0" },
             "availableChannel": { "@type": "ServiceChannel", "serviceUrl": "https://wohngeld.example.de/antrag" },
             "offers": { "@type": "Offer", "price": 0, "priceCurrency": "EUR" } }"#,
    );
    let (element, _) = widget(&[
        ("service", "99107060001000"),
        ("panels", "service"),
        ("service-source", "jsonld"),
        ("lang", "en"),
    ])
    .await;
    assert_eq!(
        text(&in_shadow(&element, ".ozg-service-title")[0]),
        "Wohngeld beantragen"
    );
    assert_eq!(
        attr(&in_shadow(&element, "a.ozg-apply")[0], "href").as_deref(),
        Some("https://wohngeld.example.de/antrag")
    );
    assert!(text(&in_shadow(&element, ".ozg-facts")[0]).contains("free"));
    assert_eq!(
        attr(&in_shadow(&element, "address a[href^='tel:']")[0], "href").as_deref(),
        Some("tel:+49123456780")
    );
    element.remove();
    block.remove();
}

#[wasm_bindgen_test]
async fn a_page_source_without_data_says_there_is_no_description() {
    let (element, _) = widget(&[
        ("service", "99107060001000"),
        ("panels", "service"),
        ("service-source", "jsonld"),
    ])
    .await;
    assert!(in_shadow(&element, ".ozg-setup-error").is_empty());
    assert_eq!(
        text(&in_shadow(&element, ".ozg-message")[0]),
        "Zu diesem Dienst liegt noch keine Beschreibung vor."
    );
    element.remove();
}

#[wasm_bindgen_test]
fn source_attribute_is_parsed_in_the_browser() {
    use config::{MastodonSource, UpdatesSource};
    let parse = |endpoint: Option<&str>, source: &str| {
        let attributes = Attributes {
            endpoint,
            service: Some("99107108017000"),
            panels: Some("updates"),
            source: Some(source),
            ..Attributes::default()
        };
        config::parse(&attributes, |url| Some(url.to_owned()))
    };
    let (config, diagnostics) = parse(None, "mastodon:@bmas@Social.Bund.de");
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    assert_eq!(
        config.updates_source,
        UpdatesSource::Mastodon(MastodonSource {
            account: "bmas".into(),
            instance: "social.bund.de".into(),
            base: "https://social.bund.de".into(),
        })
    );
    let (config, diagnostics) = parse(None, "mastodon:bmas");
    assert_eq!(config.updates_source, UpdatesSource::Endpoint);
    assert!(diagnostics[0].message.contains("attribute \"source\""));
    let (config, diagnostics) = parse(
        Some("https://feedback.example.de"),
        "mastodon:@bmas@social.bund.de",
    );
    assert_eq!(config.updates_source, UpdatesSource::Endpoint);
    assert!(diagnostics[0].message.contains("\"source\""));
}

#[wasm_bindgen_test]
async fn direct_mode_asks_before_contacting_the_instance() {
    js_sys::Function::new_no_args(
        "globalThis.directRequests = [];
         globalThis.fetch = async (request) => {
             globalThis.directRequests.push(request.url);
             return new Response('{}', { status: 503 });
         };",
    )
    .call0(&wasm_bindgen::JsValue::NULL)
    .unwrap();
    let requests = || {
        js_sys::Array::from(
            &js_sys::Reflect::get(&js_sys::global(), &"directRequests".into()).unwrap(),
        )
        .length()
    };
    let (element, _) = widget(&[
        ("service", "99107108017000"),
        ("panels", "updates"),
        ("source", "mastodon:@jc@social.example"),
        ("lang", "de"),
    ])
    .await;
    let consent = &in_shadow(&element, ".ozg-consent p")[0];
    assert_eq!(
        text(consent),
        "Beiträge von social.example laden? Dabei wird Ihre IP-Adresse an social.example übermittelt."
    );
    yew::scheduler::flush().await;
    assert_eq!(requests(), 0, "nothing is requested before the click");
    let button: HtmlElement = in_shadow(&element, ".ozg-consent button")[0]
        .clone()
        .unchecked_into();
    assert_eq!(text(&button), "Beiträge laden");
    button.click();
    yew::scheduler::flush().await;
    common::until(|| requests() > 0).await;
    let first = js_sys::Array::from(
        &js_sys::Reflect::get(&js_sys::global(), &"directRequests".into()).unwrap(),
    )
    .get(0)
    .as_string()
    .unwrap();
    assert_eq!(
        first,
        "https://social.example/api/v1/accounts/lookup?acct=jc"
    );
    let storage = web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap();
    let key = "ozg-widget:consent:social.example";
    assert_eq!(storage.get_item(key).unwrap().as_deref(), Some("1"));
    storage.remove_item(key).unwrap();
    element.remove();

    // A malformed source, and no endpoint: the panel says it cannot work.
    let (element, _) = widget(&[
        ("service", "99107108017000"),
        ("panels", "updates"),
        ("source", "mastodon:jc"),
        ("lang", "en"),
    ])
    .await;
    assert_eq!(
        text(&in_shadow(&element, ".ozg-setup-error")[0]),
        "This section is not set up correctly and cannot be shown."
    );
    element.remove();
}
