//! Tabs after the WAI-ARIA tabs pattern with automatic activation.

use std::rc::Rc;

use web_sys::{HtmlElement, KeyboardEvent};
use yew::{
    AttrValue, Callback, Html, NodeRef, Properties, Reducible, component, html, use_memo,
    use_reducer,
};

/// One tab and its panel.
#[derive(Debug, Clone, PartialEq)]
pub struct TabItem {
    /// Name in the element ids: `ozg-tab-{id}` and `ozg-panel-{id}`.
    pub id: &'static str,
    /// Visible label of the tab.
    pub label: &'static str,
    /// Content of the panel; rendered from the first time the tab is selected, then kept so
    /// that nothing typed into it is lost when the citizen switches tabs.
    pub content: Html,
}

/// Properties of [`Tabs`].
#[derive(Debug, Properties, PartialEq)]
pub struct TabsProps {
    /// Accessible name of the tab list.
    pub label: AttrValue,
    /// The tabs in order.
    pub items: Vec<TabItem>,
}

/// Which tab is selected and which panels have been shown: they change together.
#[derive(Debug, Clone, PartialEq, Default)]
struct TabsState {
    selected: Option<&'static str>,
    visited: Vec<&'static str>,
}

impl Reducible for TabsState {
    type Action = &'static str;

    fn reduce(self: Rc<Self>, id: &'static str) -> Rc<Self> {
        if self.selected == Some(id) {
            return self;
        }
        let mut visited = self.visited.clone();
        if !visited.contains(&id) {
            visited.push(id);
        }
        Rc::new(Self {
            selected: Some(id),
            visited,
        })
    }
}

/// The index a key press moves to among `count` tabs from `index`, wrapping around.
fn target(key: &str, index: usize, count: usize) -> Option<usize> {
    match key {
        "ArrowRight" => Some((index + 1) % count),
        "ArrowLeft" => Some((index + count - 1) % count),
        "Home" => Some(0),
        "End" => Some(count - 1),
        _ => None,
    }
}

/// A `tablist` of buttons and one `tabpanel` per tab. Arrow keys, Home and End move focus
/// and select at once; only the selected tab is in the tab sequence.
#[component]
pub fn Tabs(props: &TabsProps) -> Html {
    let first = props.items.first().map(|item| item.id);
    let state = use_reducer(|| TabsState {
        selected: first,
        visited: first.into_iter().collect(),
    });
    let refs = use_memo(props.items.len(), |count| {
        (0..*count).map(|_| NodeRef::default()).collect::<Vec<_>>()
    });
    // A selection that no longer exists (the `panels` attribute changed) falls back to the
    // first tab.
    let selected = state
        .selected
        .filter(|id| props.items.iter().any(|item| item.id == *id))
        .or(first);
    let ids: Rc<[&'static str]> = props.items.iter().map(|item| item.id).collect();

    let tabs = props.items.iter().enumerate().map(|(index, item)| {
        let is_selected = selected == Some(item.id);
        let onclick = {
            let state = state.dispatcher();
            let id = item.id;
            Callback::from(move |_| state.dispatch(id))
        };
        let onkeydown = {
            let state = state.dispatcher();
            let refs = Rc::clone(&refs);
            let ids = Rc::clone(&ids);
            Callback::from(move |event: KeyboardEvent| {
                let Some(next) = target(&event.key(), index, ids.len()) else {
                    return;
                };
                // Home and End would otherwise scroll the page.
                event.prevent_default();
                state.dispatch(ids[next]);
                if let Some(tab) = refs.get(next).and_then(NodeRef::cast::<HtmlElement>) {
                    let _ = tab.focus();
                }
            })
        };
        html! {
            <button
                type="button"
                role="tab"
                part="tab"
                class="ozg-tab"
                id={format!("ozg-tab-{}", item.id)}
                aria-selected={if is_selected { "true" } else { "false" }}
                aria-controls={format!("ozg-panel-{}", item.id)}
                tabindex={if is_selected { "0" } else { "-1" }}
                ref={refs.get(index).cloned().unwrap_or_default()}
                {onclick}
                {onkeydown}
            >
                { item.label }
            </button>
        }
    });

    let panels = props.items.iter().map(|item| {
        let is_selected = selected == Some(item.id);
        let shown = is_selected || state.visited.contains(&item.id);
        html! {
            <div
                key={item.id}
                role="tabpanel"
                part="panel"
                class="ozg-panel"
                id={format!("ozg-panel-{}", item.id)}
                aria-labelledby={format!("ozg-tab-{}", item.id)}
                tabindex="0"
                hidden={!is_selected}
            >
                { if shown { item.content.clone() } else { Html::default() } }
            </div>
        }
    });

    html! {
        <>
            <div role="tablist" part="tablist" class="ozg-tablist" aria-label={props.label.clone()}>
                { for tabs }
            </div>
            // Keyed panels in their own parent: Yew aligns children lists of changing length
            // from the end, and a reordered `panels` attribute must move panels, not remount them.
            <div class="ozg-panels">{ for panels }</div>
        </>
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn keys() {
        let cases = [
            ("ArrowRight", 0, Some(1)),
            ("ArrowRight", 2, Some(0)),
            ("ArrowLeft", 0, Some(2)),
            ("ArrowLeft", 2, Some(1)),
            ("Home", 2, Some(0)),
            ("End", 0, Some(2)),
            ("ArrowDown", 0, None),
            ("Enter", 1, None),
        ];
        for (key, from, expected) in cases {
            assert_eq!(target(key, from, 3), expected, "{key} from {from}");
        }
    }

    #[test]
    fn selecting_marks_visited() {
        let state = Rc::new(TabsState::default())
            .reduce("service")
            .reduce("updates")
            .reduce("service");
        assert_eq!(state.selected, Some("service"));
        assert_eq!(state.visited, vec!["service", "updates"]);
    }
}
