//! Helpers shared by the browser tests: mounting a component and querying the DOM.

#![allow(dead_code, unreachable_pub)]

use wasm_bindgen::JsCast;
use web_sys::{
    Element, Event, EventInit, HtmlElement, HtmlInputElement, KeyboardEvent, KeyboardEventInit,
};
use yew::BaseComponent;

/// Renders `props` into a fresh `div` in the document and waits for the first render.
pub async fn render<C: BaseComponent>(props: C::Properties) -> Element {
    let document = document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<C>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;
    root
}

pub fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// The only element matching `selector`; panics with the selector when there is none.
pub fn one(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {selector:?}"))
}

pub fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(|node| node.dyn_into::<Element>().unwrap())
        .collect()
}

pub fn exists(root: &Element, selector: &str) -> bool {
    root.query_selector(selector).unwrap().is_some()
}

pub fn attr(element: &Element, name: &str) -> Option<String> {
    element.get_attribute(name)
}

pub fn text(element: &Element) -> String {
    element.text_content().unwrap_or_default()
}

/// Clicks like a user would, and waits for the re-render.
pub async fn click(root: &Element, selector: &str) {
    one(root, selector).unchecked_into::<HtmlElement>().click();
    yew::scheduler::flush().await;
}

/// Sets the value of an input, select or textarea and fires `event` (`input` or `change`).
pub async fn type_into(root: &Element, selector: &str, value: &str, event: &str) {
    let element = one(root, selector);
    js_sys::Reflect::set(&element, &"value".into(), &value.into()).unwrap();
    let init = EventInit::new();
    init.set_bubbles(true);
    let event = Event::new_with_event_init_dict(event, &init).unwrap();
    element.dispatch_event(&event).unwrap();
    yew::scheduler::flush().await;
}

/// Presses `key` on `element`.
pub async fn press(element: &Element, key: &str) {
    let init = KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    element.dispatch_event(&event).unwrap();
    yew::scheduler::flush().await;
}

/// The id of the focused element.
pub fn focused_id() -> Option<String> {
    document().active_element().map(|element| element.id())
}

pub fn checked(root: &Element, selector: &str) -> bool {
    one(root, selector)
        .unchecked_into::<HtmlInputElement>()
        .checked()
}

/// Waits until `condition` holds, letting the browser run tasks (network answers) in between.
/// Bounded, so a broken condition fails the test instead of hanging it.
pub async fn until(condition: impl Fn() -> bool) {
    for _ in 0..500 {
        if condition() {
            return;
        }
        let next_task = js_sys::Promise::new(&mut |resolve, _| {
            web_sys::window()
                .unwrap()
                .set_timeout_with_callback(&resolve)
                .unwrap();
        });
        wasm_bindgen_futures::JsFuture::from(next_task)
            .await
            .unwrap();
        yew::scheduler::flush().await;
    }
    panic!("condition not reached");
}
