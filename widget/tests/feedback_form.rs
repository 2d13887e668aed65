//! The feedback form validates accessibly and hands a checked submission to `on_submit`.
#![cfg(target_arch = "wasm32")]

mod common;

use std::cell::RefCell;
use std::rc::Rc;

use common::{all, attr, click, exists, focused_id, one, render, text, type_into};
use ozg_sdk::{Contact, FeedbackSubmission, Found, LeikaKey, Locale, Topic, validate};
use ozg_widget::components::feedback_form::{FeedbackForm, FeedbackFormProps};
use ozg_widget::state::form::{Field, Invalid};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::Element;
use yew::Callback;

wasm_bindgen_test_configure!(run_in_browser);

type Received = Rc<RefCell<Vec<FeedbackSubmission>>>;

async fn form(locale: Locale, rejected: Option<Vec<Invalid>>) -> (Element, Received) {
    let received: Received = Rc::default();
    let sink = Rc::clone(&received);
    // Every form starts empty: no draft of an earlier test in this page.
    web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap()
        .clear()
        .unwrap();
    let root = render::<FeedbackForm>(FeedbackFormProps {
        service: LeikaKey::parse("99107108017000").unwrap(),
        locale,
        page_url: Some(
            "https://portal.example.de/dienste/buergergeld?antrag=4711#schritt-2".into(),
        ),
        busy: false,
        rejected,
        restore: None,
        on_submit: Callback::from(move |submission| sink.borrow_mut().push(submission)),
    })
    .await;
    (root, received)
}

#[wasm_bindgen_test]
async fn dom_contract() {
    let (root, _) = form(Locale::De, None).await;
    let form = one(&root, "form.ozg-feedback");
    assert!(form.has_attribute("novalidate"));
    for value in ["yes", "partly", "no"] {
        one(
            &root,
            &format!("fieldset input[type=radio][name=found][value={value}]"),
        );
    }
    for value in 1..=5 {
        one(
            &root,
            &format!("fieldset input[type=radio][name=rating][value=\"{value}\"]"),
        );
    }
    let legends: Vec<_> = all(&root, "legend").iter().map(text).collect();
    assert_eq!(
        legends,
        [
            "Haben Sie gefunden, was Sie gesucht haben? (Pflichtangabe)",
            "Wie zufrieden sind Sie insgesamt mit diesem Dienst? (Pflichtangabe)",
        ]
    );
    let options: Vec<_> = all(&root, "select[name=topic] option")
        .iter()
        .map(|o| attr(o, "value").unwrap())
        .collect();
    assert_eq!(
        options,
        [
            "information",
            "onlineProcedure",
            "technicalProblem",
            "praise",
            "other"
        ]
    );
    let select = one(&root, "select[name=topic]")
        .dyn_into::<web_sys::HtmlSelectElement>()
        .unwrap();
    assert_eq!(select.value(), "information");
    // Every control has a label.
    for control in all(&root, "input, select, textarea") {
        assert!(
            exists(&root, &format!("label[for={}]", control.id())),
            "label for {}",
            control.id()
        );
    }
    assert_eq!(text(&one(&root, "#ozg-text-count")), "0 von 2.000 Zeichen");
    assert_eq!(
        attr(&one(&root, "textarea[name=text]"), "aria-describedby").as_deref(),
        Some("ozg-text-hint ozg-text-count")
    );
    // Contact fields only after asking for a reply. The checkbox stays the same element, so
    // keyboard focus stays on it while the fields appear.
    assert!(!exists(&root, "input[name=email]"));
    let wants_reply = one(&root, "input[name=wants-reply]");
    let text_area = one(&root, "textarea[name=text]");
    click(&root, "input[name=wants-reply]").await;
    assert!(one(&root, "input[name=wants-reply]").is_same_node(Some(&wants_reply)));
    assert!(one(&root, "textarea[name=text]").is_same_node(Some(&text_area)));
    one(&root, "input[name=email][type=email]");
    one(&root, "input[name=consent][type=checkbox]");
    assert_eq!(text(&one(&root, "button[type=submit]")), "Feedback senden");
}

#[wasm_bindgen_test]
async fn empty_submit_shows_the_error_summary() {
    let (root, received) = form(Locale::De, None).await;
    click(&root, "button[type=submit]").await;

    assert!(received.borrow().is_empty());
    let summary = one(&root, ".ozg-error-summary");
    let active = common::document().active_element();
    assert!(
        summary.is_same_node(active.as_ref().map(AsRef::as_ref)),
        "focus is on the summary"
    );
    let links: Vec<_> = all(&summary, "a")
        .iter()
        .map(|a| (attr(a, "href").unwrap(), text(a)))
        .collect();
    assert_eq!(
        links,
        [
            (
                "#ozg-found-yes".to_owned(),
                "Bitte wählen Sie aus, ob Sie gefunden haben, was Sie gesucht haben.".to_owned()
            ),
            (
                "#ozg-rating-1".to_owned(),
                "Bitte bewerten Sie den Dienst mit einer Zahl von 1 bis 5.".to_owned()
            ),
        ]
    );
    for radio in all(&root, "input[name=found], input[name=rating]") {
        assert_eq!(
            attr(&radio, "aria-invalid").as_deref(),
            Some("true"),
            "{}",
            radio.id()
        );
    }
    assert_eq!(
        attr(&one(&root, "textarea[name=text]"), "aria-invalid"),
        None
    );
    let found = one(&root, "input[name=found]")
        .closest("fieldset")
        .unwrap()
        .unwrap();
    assert_eq!(
        attr(&found, "aria-describedby").as_deref(),
        Some("ozg-found-error")
    );
    assert!(text(&one(&root, "#ozg-found-error")).contains("Bitte wählen Sie aus"));

    // A link in the summary moves focus to its field.
    click(&root, ".ozg-error-summary a[href='#ozg-rating-1']").await;
    assert_eq!(focused_id().as_deref(), Some("ozg-rating-1"));

    // Answering a question clears its error at once.
    click(&root, "input[name=found][value=no]").await;
    assert_eq!(attr(&one(&root, "input[name=found]"), "aria-invalid"), None);
    assert_eq!(all(&root, ".ozg-error-summary a").len(), 1);
}

#[wasm_bindgen_test]
async fn valid_answers_build_the_submission() {
    let (root, received) = form(Locale::En, None).await;
    click(&root, "input[name=found][value=partly]").await;
    click(&root, "input[name=rating][value='4']").await;
    type_into(&root, "select[name=topic]", "technicalProblem", "change").await;
    type_into(
        &root,
        "textarea[name=text]",
        "Das Hochladen klappt nicht.",
        "input",
    )
    .await;
    assert_eq!(
        text(&one(&root, "#ozg-text-count")),
        "27 of 2,000 characters"
    );
    click(&root, "input[name=wants-reply]").await;
    type_into(&root, "input[name=email]", "max@example.de", "input").await;

    // Without consent the contact data is not sent: the form says why.
    click(&root, "button[type=submit]").await;
    assert!(received.borrow().is_empty());
    assert_eq!(
        attr(&one(&root, "input[name=consent]"), "aria-invalid").as_deref(),
        Some("true")
    );

    click(&root, "input[name=consent]").await;
    click(&root, "button[type=submit]").await;
    assert!(!exists(&root, ".ozg-error-summary"));
    let received = received.borrow();
    assert_eq!(received.len(), 1);
    let submission = &received[0];
    assert!(
        validate::is_rfc3339(&submission.client_time),
        "{}",
        submission.client_time
    );
    assert_eq!(
        *submission,
        FeedbackSubmission {
            service: "99107108017000".to_owned(),
            found: Found::Partly,
            rating: 4,
            topic: Topic::TechnicalProblem,
            text: "Das Hochladen klappt nicht.".to_owned(),
            contact: Some(Contact {
                email: "max@example.de".to_owned(),
                consent: true
            }),
            locale: Locale::En,
            page_url: Some("https://portal.example.de/dienste/buergergeld".to_owned()),
            client_time: submission.client_time.clone(),
            website: None,
        }
    );
}

#[wasm_bindgen_test]
async fn too_long_text_is_counted_in_characters() {
    let (root, received) = form(Locale::De, None).await;
    click(&root, "input[name=found][value=yes]").await;
    click(&root, "input[name=rating][value='5']").await;
    type_into(&root, "textarea[name=text]", &"ü".repeat(2_001), "input").await;
    assert_eq!(
        text(&one(&root, "#ozg-text-count")),
        "2.001 von 2.000 Zeichen"
    );
    assert_eq!(text(&one(&root, "[aria-live=polite]")), "1 Zeichen zu viel");
    click(&root, "button[type=submit]").await;
    assert!(received.borrow().is_empty());
    let textarea = one(&root, "textarea[name=text]");
    assert_eq!(attr(&textarea, "aria-invalid").as_deref(), Some("true"));
    assert_eq!(
        attr(&textarea, "aria-describedby").as_deref(),
        Some("ozg-text-hint ozg-text-count ozg-text-error")
    );
}

#[wasm_bindgen_test]
async fn endpoint_errors_are_shown_at_the_fields() {
    let rejected = vec![Invalid {
        field: Field::Email,
        code: "invalid_format".to_owned(),
    }];
    let (root, _) = form(Locale::En, Some(rejected)).await;
    let summary = one(&root, ".ozg-error-summary");
    assert_eq!(
        text(&one(&summary, "a")),
        "Please enter a valid e-mail address, for example name@example.com."
    );
}
