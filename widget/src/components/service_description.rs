//! A service description as the citizen reads it: the summary first (costs, processing time,
//! online availability, "Online beantragen"), then the details: deadlines, text, requirements,
//! steps, the documents checklist, costs, forms, legal bases, notes, the competent office and
//! the FAQ. A "Leichte Sprache" toggle swaps in the easy-language texts where they exist.

use std::rc::Rc;

use ozg_sdk::{Amount, Costs, Link, Locale, ServiceDescription};
use yew::{Callback, Html, Properties, component, html, use_state};

use crate::browser;
use crate::components::checklist::DocumentChecklist;
use crate::components::heading::Heading;
use crate::components::office::OfficeView;
use crate::components::rich_text::RichText;
use crate::components::steps::Steps;
use crate::i18n::Texts;
use crate::links;

/// Properties of [`ServiceDescriptionView`].
#[derive(Debug, Properties, PartialEq)]
pub struct ServiceDescriptionViewProps {
    /// The description.
    pub description: Rc<ServiceDescription>,
    /// The widget's language (of the labels; the description has its own).
    pub locale: Locale,
}

/// The description of one service as the citizen reads it.
#[component]
pub fn ServiceDescriptionView(props: &ServiceDescriptionViewProps) -> Html {
    let texts = Texts::of(props.locale);
    let d = &*props.description;
    let easy_on = use_state(|| false);
    let easy = d.easy_language.as_ref().filter(|easy| {
        easy.title.is_some()
            || easy.teaser.is_some()
            || easy.short_text.is_some()
            || easy.full_text.is_some()
    });
    let easy_text = easy.filter(|_| *easy_on);
    // A description in another language than the widget's is marked, so that screen readers
    // pronounce it right.
    let lang = d
        .language
        .as_deref()
        .filter(|tag| {
            !tag.is_empty()
                && tag.len() <= 35
                && tag.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
        .map(str::to_owned);
    let title = easy_text
        .and_then(|easy| easy.title.clone())
        .or_else(|| d.citizen_title.clone())
        .unwrap_or_else(|| d.title.clone());
    let teaser = easy_text
        .and_then(|easy| easy.teaser.clone())
        .or_else(|| d.teaser.clone());
    let short_text = easy_text
        .and_then(|easy| easy.short_text.clone())
        .or_else(|| d.short_text.clone());
    let full_text = easy_text
        .and_then(|easy| easy.full_text.clone())
        .or_else(|| d.full_text.clone());

    let easy_toggle = easy.map(|_| {
        let pressed = *easy_on;
        let easy_on = easy_on.clone();
        let onclick = Callback::from(move |_| easy_on.set(!pressed));
        html! {
            <p class="ozg-easy">
                <button
                    type="button"
                    part="button" class="ozg-button ozg-button-secondary ozg-easy-toggle"
                    aria-pressed={pressed.to_string()}
                    {onclick}
                >
                    { texts.easy_language }
                </button>
            </p>
        }
    });

    let apply_href = d
        .online_service
        .as_ref()
        .and_then(|link| links::web_url(link.url.as_deref()?))
        .map(str::to_owned);

    let summary = {
        let costs = d
            .costs
            .as_ref()
            .filter(|c| !c.fees.is_empty())
            .map(|costs| {
                html! {
                    <>
                        <dt>{ texts.costs }</dt>
                        <dd>{ fees_view(costs, texts) }</dd>
                    </>
                }
            });
        let time = d.processing_time.as_ref().map(|time| {
            html! {
                <>
                    <dt>{ texts.processing_time }</dt>
                    <dd>{ time.clone() }</dd>
                </>
            }
        });
        let online = apply_href.as_ref().map(|_| {
            html! {
                <>
                    <dt>{ texts.online_available }</dt>
                    <dd>{ texts.yes }</dd>
                </>
            }
        });
        let area = d.area_served.as_ref().map(|area| {
            html! {
                <>
                    <dt>{ texts.area_served }</dt>
                    <dd>{ area.clone() }</dd>
                </>
            }
        });
        let apply = apply_href.as_ref().map(|href| {
            html! {
                <p class="ozg-apply-row">
                    <a part="button" class="ozg-button ozg-apply" href={href.clone()}>{ texts.apply_online }</a>
                </p>
            }
        });
        let any = costs.is_some() || time.is_some() || online.is_some() || area.is_some();
        (any || apply.is_some()).then(|| {
            html! {
                <section class="ozg-section ozg-summary">
                    <Heading depth={1}>{ texts.facts_heading }</Heading>
                    if any {
                        <dl class="ozg-facts">
                            { costs.unwrap_or_default() }
                            { time.unwrap_or_default() }
                            { online.unwrap_or_default() }
                            { area.unwrap_or_default() }
                        </dl>
                    }
                    { apply.unwrap_or_default() }
                </section>
            }
        })
    };

    let deadlines = (!d.deadlines.is_empty()).then(|| {
        html! {
            <section class="ozg-section ozg-deadlines">
                <Heading depth={1}>{ texts.deadlines_heading }</Heading>
                <ul>
                    { for d.deadlines.iter().map(|item| html! { <li>{ item.clone() }</li> }) }
                </ul>
            </section>
        }
    });

    let description = full_text.map(|text| {
        html! {
            <section class="ozg-section">
                <Heading depth={1}>{ texts.description_heading }</Heading>
                <RichText html={text} />
            </section>
        }
    });

    let requirements = (!d.requirements.is_empty()).then(|| html! {
        <section class="ozg-section">
            <Heading depth={1}>{ texts.requirements_heading }</Heading>
            <ul class="ozg-requirements">
                { for d.requirements.iter().map(|item| html! { <li><RichText html={item.clone()} /></li> }) }
            </ul>
        </section>
    });

    let steps = (!d.steps.is_empty()).then(|| {
        html! {
            <section class="ozg-section">
                <Heading depth={1}>{ texts.steps_heading }</Heading>
                <Steps steps={Rc::new(d.steps.clone())} locale={props.locale} />
            </section>
        }
    });

    let documents = (!d.documents.is_empty()).then(|| {
        html! {
            <section class="ozg-section">
                <Heading depth={1}>{ texts.documents_heading }</Heading>
                <DocumentChecklist
                    service={d.leika.clone()}
                    documents={Rc::new(d.documents.clone())}
                    locale={props.locale}
                />
            </section>
        }
    });

    // The fees are in the summary; the details section says how to pay and what else to know.
    let costs = d
        .costs
        .as_ref()
        .filter(|costs| !costs.payment_methods.is_empty() || costs.note.is_some())
        .map(|costs| {
            html! {
                <section class="ozg-section ozg-costs">
                    <Heading depth={1}>{ texts.costs_heading }</Heading>
                    if let Some(note) = &costs.note {
                        <RichText html={note.clone()} class="ozg-note" />
                    }
                    if !costs.payment_methods.is_empty() {
                        <p>
                            <span class="ozg-item-title">{ texts.payment_methods }{ ": " }</span>
                            { costs.payment_methods.join(", ") }
                        </p>
                    }
                </section>
            }
        });

    let forms = links_section(&d.forms, texts.forms_heading, "ozg-forms");
    let legal = links_section(&d.legal_bases, texts.legal_heading, "ozg-legal");

    let notes = (!d.notes.is_empty()).then(|| html! {
        <section class="ozg-section ozg-notes">
            <Heading depth={1}>{ texts.notes_heading }</Heading>
            <ul>
                { for d.notes.iter().map(|item| html! { <li><RichText html={item.clone()} /></li> }) }
            </ul>
        </section>
    });

    let office = d.competent_office.as_ref().map(|office| {
        html! {
            <OfficeView office={office.clone()} locale={props.locale} />
        }
    });

    let faq = (!d.faq.is_empty()).then(|| {
        html! {
            <section class="ozg-section ozg-faq">
                <Heading depth={1}>{ texts.faq_heading }</Heading>
                { for d.faq.iter().map(|item| html! {
                    <details class="ozg-faq-item">
                        <summary>{ item.question.clone() }</summary>
                        <RichText html={item.answer.clone()} />
                    </details>
                }) }
            </section>
        }
    });

    let updated = d.last_updated.as_ref().map(|date| {
        html! {
            <p class="ozg-updated">
                { texts.last_updated }{ " " }
                <time datetime={date.clone()}>{ browser::date(date, props.locale) }</time>
            </p>
        }
    });

    html! {
        <article class="ozg-service" {lang}>
            <Heading class="ozg-service-title">{ title }</Heading>
            { easy_toggle.unwrap_or_default() }
            if let Some(teaser) = teaser {
                <RichText html={teaser} class="ozg-teaser" />
            }
            { summary.unwrap_or_default() }
            if let Some(short) = short_text {
                <RichText html={short} class="ozg-short-text" />
            }
            { deadlines.unwrap_or_default() }
            { description.unwrap_or_default() }
            { requirements.unwrap_or_default() }
            { steps.unwrap_or_default() }
            { documents.unwrap_or_default() }
            { costs.unwrap_or_default() }
            { forms.unwrap_or_default() }
            { legal.unwrap_or_default() }
            { notes.unwrap_or_default() }
            { office.unwrap_or_default() }
            { faq.unwrap_or_default() }
            { updated.unwrap_or_default() }
        </article>
    }
}

/// The fee items: one line, or a list for several.
fn fees_view(costs: &Costs, texts: &Texts) -> Html {
    let line = |label: &str, amount: Amount| format!("{label}: {}", texts.amount(amount));
    match costs.fees.as_slice() {
        [] => Html::default(),
        [fee] => html! { <p>{ line(&fee.label, fee.amount) }</p> },
        fees => html! {
            <ul class="ozg-fees">
                { for fees.iter().map(|fee| html! { <li>{ line(&fee.label, fee.amount) }</li> }) }
            </ul>
        },
    }
}

/// A section of links (forms, legal bases); a link without a safe URL is shown as text.
fn links_section(items: &[Link], heading: &'static str, class: &'static str) -> Option<Html> {
    (!items.is_empty()).then(|| {
        html! {
            <section class={yew::classes!("ozg-section", class)}>
                <Heading depth={1}>{ heading }</Heading>
                <ul>
                    { for items.iter().map(|link| {
                        match link.url.as_deref().and_then(links::web_url) {
                            Some(href) => html! { <li><a href={href.to_owned()}>{ link.title.clone() }</a></li> },
                            None => html! { <li>{ link.title.clone() }</li> },
                        }
                    }) }
                </ul>
            </section>
        }
    })
}
