//! The custom element bootstrap: the only module that touches the host page.
//!
//! `js/element.js` defines the `<ozg-widget>` class once the wasm has started, so elements
//! already on the page upgrade then. Its callbacks call the three closures below, which read
//! the attributes, log what is wrong with them, and mount, update or destroy one Yew app per
//! element inside its open shadow root.

use std::cell::{Cell, OnceCell, RefCell};
use std::rc::Rc;

use js_sys::Array;
use wasm_bindgen::prelude::*;
use web_sys::{CssStyleSheet, CustomEvent, CustomEventInit, HtmlElement, ShadowRoot, Url};
use yew::{AppHandle, AttrValue, Callback};

use crate::components::app::{App, AppProps};
use crate::components::feedback_panel::FeedbackEvent;
use crate::config::{self, Attributes, Diagnostic, Level, ServiceSource};

mod page_data;

/// The widget's styles (`src/style.css`, minified by the build script), adopted by every shadow
/// root.
const CSS: &str = include_str!(concat!(env!("OUT_DIR"), "/style.css"));

#[wasm_bindgen(module = "/js/element.js")]
extern "C" {
    fn define(
        mount: &Closure<dyn Fn(HtmlElement, ShadowRoot) -> u32>,
        update: &Closure<dyn Fn(u32, HtmlElement)>,
        unmount: &Closure<dyn Fn(u32)>,
    );

    #[wasm_bindgen(js_name = takePrefetched)]
    fn take_prefetched(url: &str) -> Option<js_sys::Promise>;
}

/// One mounted element.
struct Mounted {
    id: u32,
    app: AppHandle<App>,
    /// What was logged for the current attributes, so that an unrelated attribute change does
    /// not log the same complaint again.
    logged: Vec<Diagnostic>,
}

thread_local! {
    static MOUNTED: RefCell<Vec<Mounted>> = const { RefCell::new(Vec::new()) };
    static NEXT_ID: Cell<u32> = const { Cell::new(0) };
    static DEFINED: Cell<bool> = const { Cell::new(false) };
    /// One sheet shared by all widgets on the page; `None` where constructable style sheets
    /// are missing.
    static SHEET: OnceCell<Option<CssStyleSheet>> = const { OnceCell::new() };
}

/// Defines `<ozg-widget>` as soon as the module is instantiated.
#[wasm_bindgen(start)]
fn start() {
    define_element();
}

/// Defines `<ozg-widget>` unless it is defined already. The `start` function calls it; tests,
/// whose harness does not run `start`, call it themselves.
pub fn define_element() {
    if DEFINED.with(|defined| defined.replace(true)) {
        return;
    }
    let mount = Closure::<dyn Fn(HtmlElement, ShadowRoot) -> u32>::new(mount);
    let update = Closure::<dyn Fn(u32, HtmlElement)>::new(update);
    let unmount = Closure::<dyn Fn(u32)>::new(unmount);
    // What the element's script requested while the wasm was loading is used, not asked again.
    ozg_sdk::use_prefetched(take_prefetched);
    define(&mount, &update, &unmount);
    // The element class keeps calling these for the lifetime of the page.
    mount.forget();
    update.forget();
    unmount.forget();
}

fn mount(host: HtmlElement, root: ShadowRoot) -> u32 {
    adopt_styles(&root);
    // A widget removed and added again gets a fresh tree.
    while let Some(child) = root.first_child() {
        let _ = root.remove_child(&child);
    }
    let id = NEXT_ID.with(|next| {
        let id = next.get();
        next.set(id.wrapping_add(1));
        id
    });
    let Some(container) = host
        .owner_document()
        .and_then(|document| document.create_element("div").ok())
    else {
        return id;
    };
    if root.append_child(&container).is_err() {
        return id;
    }
    let (props, diagnostics) = props_for(&host);
    log(&diagnostics, &[]);
    let app = yew::Renderer::<App>::with_root_and_props(container, props).render();
    MOUNTED.with(|mounted| {
        mounted.borrow_mut().push(Mounted {
            id,
            app,
            logged: diagnostics,
        });
    });
    id
}

fn update(id: u32, host: HtmlElement) {
    let (props, diagnostics) = props_for(&host);
    MOUNTED.with(|mounted| {
        if let Some(widget) = mounted.borrow_mut().iter_mut().find(|w| w.id == id) {
            log(&diagnostics, &widget.logged);
            widget.logged = diagnostics;
            widget.app.update(props);
        }
    });
}

fn unmount(id: u32) {
    let widget = MOUNTED.with(|mounted| {
        let mut mounted = mounted.borrow_mut();
        let index = mounted.iter().position(|w| w.id == id)?;
        Some(mounted.swap_remove(index))
    });
    if let Some(widget) = widget {
        widget.app.destroy();
    }
}

/// Reads the attributes and the page facts the components need.
fn props_for(host: &HtmlElement) -> (AppProps, Vec<Diagnostic>) {
    let endpoint = host.get_attribute("endpoint");
    let service = host.get_attribute("service");
    let lang = host.get_attribute("lang");
    let panels = host.get_attribute("panels");
    let heading_level = host.get_attribute("heading-level");
    let service_source = host.get_attribute("service-source");
    let service_json = host.get_attribute("service-json");
    let audience = host.get_attribute("audience");
    let retry_delay = host.get_attribute("retry-delay");
    let source = host.get_attribute("source");
    let theme = host.get_attribute("theme");
    let document = host.owner_document();
    let document_lang = document
        .as_ref()
        .and_then(|d| d.document_element())
        .and_then(|html| html.get_attribute("lang"));
    let base = host.base_uri().ok().flatten().unwrap_or_default();
    let attributes = Attributes {
        endpoint: endpoint.as_deref(),
        service: service.as_deref(),
        lang: lang.as_deref(),
        panels: panels.as_deref(),
        document_lang: document_lang.as_deref(),
        heading_level: heading_level.as_deref(),
        service_source: service_source.as_deref(),
        service_json: service_json.as_deref(),
        audience: audience.as_deref(),
        retry_delay: retry_delay.as_deref(),
        source: source.as_deref(),
        theme: theme.as_deref(),
    };
    let (config, mut diagnostics) = config::parse(&attributes, |url| {
        Url::new_with_base(url, &base).ok().map(|url| url.href())
    });
    let page_service = match (
        &config.service_source,
        config::service_key(&attributes),
        &document,
    ) {
        (ServiceSource::Endpoint, _, _) | (_, None, _) | (_, _, None) => None,
        (ServiceSource::Inline(id), Some(key), Some(document)) => {
            page_data::inline(document, id, &key, &mut diagnostics)
        }
        (ServiceSource::JsonLd, Some(key), Some(document)) => {
            page_data::json_ld(document, &key, &mut diagnostics)
        }
    }
    .map(Rc::new);
    let page_url = web_sys::window()
        .and_then(|window| window.location().href().ok())
        .map(AttrValue::from);
    // Every event's detail names the service, so a page with several widgets can tell them apart.
    let service = config
        .target
        .as_ref()
        .map(|target| target.service.as_str().to_owned())
        .ok();
    let on_ready = {
        let host = host.clone();
        let service = service.clone();
        let lang = config.locale.as_tag();
        Callback::from(move |()| {
            dispatch(&host, "ozg-ready", service.as_deref(), &[("lang", lang)])
        })
    };
    let on_feedback = {
        let host = host.clone();
        Callback::from(move |event: FeedbackEvent| {
            let service = service.as_deref();
            match event {
                FeedbackEvent::Queued => dispatch(&host, "ozg-feedback-queued", service, &[]),
                FeedbackEvent::Sent { reference } => dispatch(
                    &host,
                    "ozg-feedback-sent",
                    service,
                    &[("reference", reference.as_str())],
                ),
                FeedbackEvent::Error { code } => {
                    dispatch(&host, "ozg-feedback-error", service, &[("code", code)]);
                }
            }
        })
    };
    (
        AppProps {
            config,
            page_url,
            on_ready,
            on_feedback,
            page_service,
        },
        diagnostics,
    )
}

/// Dispatches a bubbling, composed `CustomEvent` `name` on the host, with a `detail` object of
/// `service` (`null` when the attribute is unusable) and `fields`.
fn dispatch(host: &HtmlElement, name: &str, service: Option<&str>, fields: &[(&str, &str)]) {
    let detail = js_sys::Object::new();
    let service = service.map_or(JsValue::NULL, JsValue::from_str);
    let _ = js_sys::Reflect::set(&detail, &JsValue::from_str("service"), &service);
    for (key, value) in fields {
        let _ = js_sys::Reflect::set(&detail, &JsValue::from_str(key), &JsValue::from_str(value));
    }
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(&detail);
    if let Ok(event) = CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = host.dispatch_event(&event);
    }
}

/// Logs the diagnostics not logged before.
fn log(diagnostics: &[Diagnostic], already: &[Diagnostic]) {
    for diagnostic in diagnostics.iter().filter(|d| !already.contains(d)) {
        let message = JsValue::from_str(&diagnostic.message);
        match diagnostic.level {
            Level::Error => web_sys::console::error_1(&message),
            Level::Warning => web_sys::console::warn_1(&message),
        }
    }
}

fn adopt_styles(root: &ShadowRoot) {
    SHEET.with(|sheet| {
        let sheet = sheet.get_or_init(|| {
            let sheet = CssStyleSheet::new().ok()?;
            sheet.replace_sync(CSS).ok()?;
            Some(sheet)
        });
        match sheet {
            Some(sheet) => root.set_adopted_style_sheets(&Array::of1(sheet)),
            None => web_sys::console::warn_1(&JsValue::from_str(
                "ozg-widget: this browser cannot adopt constructable style sheets; the widget is shown without its styles",
            )),
        }
    });
}
