//! One line of transparency figures in the feedback panel, e.g. "Wir antworten im Schnitt in
//! 3 Tagen · 87 % fanden, was sie suchten". Shown only when the endpoint has the figures; while
//! they load, when there are too few submissions, or when the request fails, nothing is shown.

use ozg_sdk::Locale;
use yew::{Html, Properties, component, html};

use crate::config::Target;
use crate::hooks::use_load::{Load, use_load};
use crate::i18n::Texts;

/// Properties of [`ServiceStatsLine`].
#[derive(Debug, Properties, PartialEq)]
pub struct ServiceStatsLineProps {
    /// Endpoint and service.
    pub target: Target,
    /// The widget's language.
    pub locale: Locale,
}

/// The figures of `GET /v1/services/{leika}/stats` as one sentence, or nothing.
#[component]
pub fn ServiceStatsLine(props: &ServiceStatsLineProps) -> Html {
    let texts = Texts::of(props.locale);
    let target = props.target.clone();
    let loaded = use_load(props.target.clone(), move || async move {
        target.client.get_service_stats(&target.service).await
    });
    let Load::Ready(stats) = &*loaded.state else {
        return Html::default();
    };
    let parts: Vec<String> = [
        stats.median_answer_days().map(texts.stats_answer_days),
        stats.found_percent().map(texts.stats_found),
    ]
    .into_iter()
    .flatten()
    .collect();
    if parts.is_empty() {
        return Html::default();
    }
    html! { <p class="ozg-stats">{ parts.join(" · ") }</p> }
}
