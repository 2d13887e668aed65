//! The required documents as a checklist the citizen can tick off, with progress and a reset.
//! The ticks stay in this browser only (see [`use_checklist`]).

use std::rc::Rc;

use ozg_sdk::{Document, LeikaKey, Locale, RequiredFor};
use web_sys::HtmlInputElement;
use yew::{Callback, Event, Html, Properties, TargetCast, component, html};

use crate::components::rich_text::RichText;
use crate::hooks::use_checklist::use_checklist;
use crate::i18n::Texts;

/// Properties of [`DocumentChecklist`].
#[derive(Debug, Properties, PartialEq)]
pub struct DocumentChecklistProps {
    /// The service, whose key names the stored ticks.
    pub service: LeikaKey,
    /// The documents.
    pub documents: Rc<Vec<Document>>,
    /// The widget's language.
    pub locale: Locale,
}

/// `ul.ozg-documents` with one checkbox per document.
#[component]
pub fn DocumentChecklist(props: &DocumentChecklistProps) -> Html {
    let texts = Texts::of(props.locale);
    let checklist = use_checklist(props.service.as_str());
    let ready = props
        .documents
        .iter()
        .filter(|document| checklist.ticked.contains(&document.name))
        .count();
    let total = props.documents.len();
    let items = props.documents.iter().enumerate().map(|(i, document)| {
        let id = format!("ozg-document-{i}");
        let note_id = format!("ozg-document-{i}-note");
        let checked = checklist.ticked.contains(&document.name);
        let onchange = {
            let set = checklist.set.clone();
            let name = document.name.clone();
            Callback::from(move |event: Event| {
                let input: HtmlInputElement = event.target_unchecked_into();
                set.emit((name.clone(), input.checked()));
            })
        };
        html! {
            <li class={yew::classes!("ozg-document", checked.then_some("ozg-document-ready"))}>
                <div class="ozg-option">
                    <input
                        type="checkbox"
                        id={id.clone()}
                        {checked}
                        aria-describedby={document.note.is_some().then(|| note_id.clone())}
                        {onchange}
                    />
                    <label for={id}>
                        <span class="ozg-item-title">{ document.name.clone() }</span>
                        if document.required_for == RequiredFor::Some {
                            { " " }<span class="ozg-tag">{ texts.document_some }</span>
                        }
                    </label>
                </div>
                if let Some(note) = &document.note {
                    <div id={note_id}>
                        <RichText html={note.clone()} class="ozg-note" />
                    </div>
                }
            </li>
        }
    });
    let reset = {
        let reset = checklist.reset.clone();
        Callback::from(move |_| reset.emit(()))
    };
    html! {
        <>
            <p class="ozg-hint">{ texts.checklist_hint }</p>
            <ul class="ozg-documents">{ for items }</ul>
            <div class="ozg-checklist-footer">
                <p class="ozg-progress" role="status">{ (texts.checklist_progress)(ready, total) }</p>
                <button
                    type="button"
                    part="button" class="ozg-button ozg-button-secondary ozg-checklist-reset"
                    disabled={ready == 0}
                    onclick={reset}
                >
                    { texts.checklist_reset }
                </button>
            </div>
        </>
    }
}
