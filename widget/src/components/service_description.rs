//! A service description: title, short text, facts, the online service, steps, documents and
//! the competent office.

use std::rc::Rc;

use ozg_sdk::{Costs, Locale, RequiredFor, ServiceDescription, Step};
use yew::{Html, Properties, component, html};

use crate::components::heading::Heading;
use crate::components::office::OfficeView;
use crate::components::rich_text::RichText;
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
    let title = d.citizen_title.clone().unwrap_or_else(|| d.title.clone());

    let facts = {
        let costs = d.costs.as_ref().map(|costs| {
            html! {
                <>
                    <dt>{ texts.costs }</dt>
                    <dd>{ costs_view(costs, texts) }</dd>
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
        (costs.is_some() || time.is_some()).then(|| {
            html! {
                <section class="ozg-section">
                    <Heading depth={1}>{ texts.facts_heading }</Heading>
                    <dl class="ozg-facts">{ costs.unwrap_or_default() }{ time.unwrap_or_default() }</dl>
                </section>
            }
        })
    };

    let apply = d
        .online_service
        .as_ref()
        .and_then(|link| links::web_url(link.url.as_deref()?))
        .map(|href| html! {
            <p><a class="ozg-button ozg-apply" href={href.to_owned()}>{ texts.apply_online }</a></p>
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
                <ol class="ozg-steps">{ for d.steps.iter().map(|step| step_view(step, texts)) }</ol>
            </section>
        }
    });

    let documents = (!d.documents.is_empty()).then(|| {
        html! {
            <section class="ozg-section">
                <Heading depth={1}>{ texts.documents_heading }</Heading>
                <ul class="ozg-documents">
                    { for d.documents.iter().map(|document| html! {
                        <li>
                            <span class="ozg-item-title">{ document.name.clone() }</span>
                            if document.required_for == RequiredFor::Some {
                                { " " }<span class="ozg-tag">{ texts.document_some }</span>
                            }
                            if let Some(note) = &document.note {
                                <RichText html={note.clone()} class="ozg-note" />
                            }
                        </li>
                    }) }
                </ul>
            </section>
        }
    });

    let office = d.competent_office.as_ref().map(|office| {
        html! {
            <OfficeView office={office.clone()} locale={props.locale} />
        }
    });

    html! {
        <article class="ozg-service" {lang}>
            <Heading class="ozg-service-title">{ title }</Heading>
            if let Some(teaser) = &d.teaser {
                <RichText html={teaser.clone()} class="ozg-teaser" />
            }
            if let Some(short) = &d.short_text {
                <RichText html={short.clone()} />
            }
            { facts.unwrap_or_default() }
            { apply.unwrap_or_default() }
            { requirements.unwrap_or_default() }
            { steps.unwrap_or_default() }
            { documents.unwrap_or_default() }
            { office.unwrap_or_default() }
        </article>
    }
}

fn costs_view(costs: &Costs, texts: &Texts) -> Html {
    let fees = match costs.fees.as_slice() {
        [] => Html::default(),
        [fee] => html! { <p>{ format!("{}: {}", fee.label, texts.amount(fee.amount)) }</p> },
        fees => html! {
            <ul>
                { for fees.iter().map(|fee| html! {
                    <li>{ format!("{}: {}", fee.label, texts.amount(fee.amount)) }</li>
                }) }
            </ul>
        },
    };
    html! {
        <>
            { fees }
            if let Some(note) = &costs.note {
                <RichText html={note.clone()} class="ozg-note" />
            }
        </>
    }
}

fn step_view(step: &Step, texts: &Texts) -> Html {
    let link = step.link.as_ref().and_then(|link| {
        let href = links::web_url(link.url.as_deref()?)?.to_owned();
        Some(html! { <p><a {href}>{ link.title.clone() }</a></p> })
    });
    html! {
        <li>
            <p class="ozg-step-title">
                if step.alternative {
                    <span class="ozg-tag">{ texts.step_alternative }</span>{ " " }
                }
                <span class="ozg-item-title">{ step.title.clone() }</span>
                if step.optional {
                    { " " }<span class="ozg-tag">{ texts.step_optional }</span>
                }
            </p>
            if let Some(text) = &step.text {
                <RichText html={text.clone()} />
            }
            { link.unwrap_or_default() }
        </li>
    }
}
