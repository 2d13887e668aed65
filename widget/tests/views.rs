//! Posts and service descriptions render their data accessibly and never as HTML.
#![cfg(target_arch = "wasm32")]

mod common;

use std::rc::Rc;

use common::{all, attr, click, exists, one, render, text};
use ozg_sdk::{
    Amount, Author, Costs, Document, Emoji, Fee, LeikaKey, Link, Locale, Media, Office, Platform,
    RequiredFor, ServiceDescription, Step, Update,
};
use ozg_widget::components::post::{Post, PostProps};
use ozg_widget::components::service_description::{
    ServiceDescriptionView, ServiceDescriptionViewProps,
};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn update() -> Update {
    Update {
        id: "mastodon:social.bund.de:1".to_owned(),
        platform: Platform::Mastodon,
        author: Author {
            name: "Bundesagentur".to_owned(),
            handle: Some("@ba@social.bund.de".to_owned()),
            url: None,
            avatar: None,
        },
        url: "https://social.bund.de/@ba/1".to_owned(),
        published: "2026-11-26T09:30:00Z".to_owned(),
        content: "<p>Neue <b>Regeln</b><br>ab heute.</p>\n<p>Zweiter :ok: Absatz:nope:</p>\
                  <script>document.title='pwned'</script><img src=x onerror=alert(1)>"
            .to_owned(),
        content_warning: None,
        sensitive: false,
        media: vec![Media {
            url: "https://feedback.example.de/v1/media/1.jpg".to_owned(),
            alt: String::new(),
            width: Some(640),
            height: Some(480),
        }],
        emoji: vec![
            Emoji {
                shortcode: "ok".to_owned(),
                url: "https://feedback.example.de/v1/media/ok.png".to_owned(),
            },
            Emoji {
                shortcode: "nope".to_owned(),
                url: "javascript:alert(1)".to_owned(),
            },
        ],
    }
}

#[wasm_bindgen_test]
async fn post_shows_author_time_text_and_link() {
    let root = render::<Post>(PostProps {
        update: update(),
        index: 0,
        locale: Locale::De,
        set_size: -1,
        minute: 0,
    })
    .await;
    let article = one(&root, "article.ozg-post");
    assert_eq!(text(&one(&article, "h3")), "Bundesagentur");
    let time = one(&article, "time");
    assert_eq!(
        attr(&time, "datetime").as_deref(),
        Some("2026-11-26T09:30:00Z")
    );
    assert!(text(&time).contains("26. November 2026"), "{}", text(&time));
    let paragraphs: Vec<_> = all(&article, ".ozg-text p").iter().map(text).collect();
    assert_eq!(
        paragraphs,
        ["Neue Regelnab heute.", "Zweiter  Absatz:nope:"]
    );
    // A custom emoji is its image with the shortcode as alt text; one with a bad URL stays text.
    let emoji = all(&article, ".ozg-text img.ozg-emoji");
    assert_eq!(emoji.len(), 1);
    assert_eq!(attr(&emoji[0], "alt").as_deref(), Some(":ok:"));
    assert_eq!(
        attr(&emoji[0], "src").as_deref(),
        Some("https://feedback.example.de/v1/media/ok.png")
    );
    // Allowed markup is rebuilt; anything else from the endpoint never becomes markup.
    assert_eq!(text(&one(&article, ".ozg-text p b")), "Regeln");
    assert!(exists(&article, ".ozg-text p br"));
    assert!(!exists(&article, "script, img[src=x], [onerror]"));
    let img = one(&article, ".ozg-media img");
    assert_eq!(attr(&img, "alt").as_deref(), Some(""));
    assert_eq!(
        (attr(&img, "width"), attr(&img, "height")),
        (Some("640".into()), Some("480".into()))
    );
    let link = one(&article, ".ozg-post-link a");
    assert_eq!(
        attr(&link, "href").as_deref(),
        Some("https://social.bund.de/@ba/1")
    );
    assert!(
        text(&link).starts_with("Beitrag auf Mastodon ansehen ("),
        "{}",
        text(&link)
    );
    assert!(text(&link).contains("Bundesagentur"));
}

#[wasm_bindgen_test]
async fn content_warning_and_sensitive_media_stay_hidden_until_asked() {
    let mut update = update();
    update.content_warning = Some("Politik".to_owned());
    update.sensitive = true;
    update.url = "javascript:alert(1)".to_owned();
    let root = render::<Post>(PostProps {
        update,
        index: 3,
        locale: Locale::En,
        set_size: -1,
        minute: 0,
    })
    .await;
    let content = one(&root, "#ozg-post-3-content");
    assert!(content.has_attribute("hidden"));
    let toggle = one(&root, "button[aria-controls=ozg-post-3-content]");
    assert_eq!(attr(&toggle, "aria-expanded").as_deref(), Some("false"));
    assert_eq!(text(&toggle), "Show post");
    click(&root, "button[aria-controls=ozg-post-3-content]").await;
    assert!(!one(&root, "#ozg-post-3-content").has_attribute("hidden"));
    assert_eq!(
        attr(
            &one(&root, "button[aria-controls=ozg-post-3-content]"),
            "aria-expanded"
        )
        .as_deref(),
        Some("true")
    );

    // Sensitive images are not even in the DOM (so not downloaded) until revealed.
    assert!(!exists(&root, ".ozg-media img"));
    click(&root, "button[aria-controls=ozg-post-3-media]").await;
    assert!(exists(&root, "#ozg-post-3-media img"));
    // A link that is not http(s) is left out.
    assert!(!exists(&root, "a"));
}

#[wasm_bindgen_test]
async fn post_is_a_feed_article_with_relative_time_avatar_and_alt_badge() {
    let mut update = update();
    let three_hours_ago = js_sys::Date::new_0();
    three_hours_ago.set_time(js_sys::Date::now() - 3.0 * 3600.0 * 1000.0 - 60_000.0);
    update.published = String::from(three_hours_ago.to_iso_string());
    update.author.avatar = Some(Media {
        url: "https://feedback.example.de/v1/media/avatar.png".to_owned(),
        alt: "Logo".to_owned(),
        width: None,
        height: None,
    });
    update.media[0].alt = "Ein Antrag auf Papier".to_owned();
    let root = render::<Post>(PostProps {
        update,
        index: 1,
        locale: Locale::De,
        set_size: 5,
        minute: 0,
    })
    .await;
    let article = one(&root, "article.ozg-post");
    assert_eq!(attr(&article, "tabindex").as_deref(), Some("0"));
    assert_eq!(attr(&article, "aria-posinset").as_deref(), Some("2"));
    assert_eq!(attr(&article, "aria-setsize").as_deref(), Some("5"));
    assert_eq!(
        attr(&article, "aria-labelledby").as_deref(),
        Some("ozg-post-1-author")
    );
    let time = text(&one(&article, "time"));
    assert!(time.starts_with("vor 3 Stunden"), "{time}");
    // The avatar stands next to the name: decorative.
    assert_eq!(
        attr(&one(&article, "img.ozg-avatar"), "alt").as_deref(),
        Some("")
    );
    assert_eq!(text(&one(&article, ".ozg-alt-badge")), "ALT");
    let link = one(&article, ".ozg-post-link a");
    assert_eq!(attr(&link, "target").as_deref(), Some("_blank"));
    assert!(
        text(&link).ends_with("(öffnet in neuem Fenster)"),
        "{}",
        text(&link)
    );

    let mut english = self::update();
    english.published = String::from(three_hours_ago.to_iso_string());
    let root = render::<Post>(PostProps {
        update: english,
        index: 0,
        locale: Locale::En,
        set_size: -1,
        minute: 0,
    })
    .await;
    assert!(text(&one(&root, "time")).starts_with("3 hours ago"));
    // Without a description there is no badge.
    assert!(!exists(&root, ".ozg-alt-badge"));
}

fn description() -> ServiceDescription {
    ServiceDescription {
        leika: LeikaKey::parse("99107108017000").unwrap(),
        title: "Personalausweis beantragen".to_owned(),
        citizen_title: None,
        teaser: Some("Den Ausweis <em>bei der Behörde</em> beantragen.".to_owned()),
        short_text: None,
        full_text: None,
        requirements: vec![],
        documents: vec![
            Document {
                name: "Foto".to_owned(),
                note: None,
                required_for: RequiredFor::All,
            },
            Document {
                name: "Geburtsurkunde".to_owned(),
                note: Some("<p>Nur bei erstem Ausweis.</p>".to_owned()),
                required_for: RequiredFor::Some,
            },
        ],
        costs: Some(Costs {
            fees: vec![Fee {
                label: "Gebühr".to_owned(),
                amount: Amount::Fixed { cents: 1250 },
            }],
            payment_methods: vec![],
            note: None,
        }),
        processing_time: Some("2 bis 4 Wochen".to_owned()),
        deadlines: vec![],
        steps: vec![
            Step {
                title: "Termin buchen".to_owned(),
                text: None,
                optional: false,
                alternative: false,
                link: None,
            },
            Step {
                title: "Ausweis abholen".to_owned(),
                text: Some("Mit Abholschein.".to_owned()),
                optional: true,
                alternative: false,
                link: None,
            },
        ],
        forms: vec![],
        online_service: Some(Link {
            title: "Antrag".to_owned(),
            url: Some("https://antrag.example.de/".to_owned()),
        }),
        legal_bases: vec![],
        notes: vec![],
        competent_office: Some(Office {
            name: "Bürgeramt Mitte".to_owned(),
            address: vec!["Karl-Marx-Allee 31".to_owned(), "10178 Berlin".to_owned()],
            phone: Some("+49 30 115".to_owned()),
            email: Some("buergeramt@example.de".to_owned()),
            opening_hours: vec![],
            website: None,
        }),
        faq: vec![],
        last_updated: None,
        language: None,
        easy_language: None,
        area_served: None,
    }
}

#[wasm_bindgen_test]
async fn service_description() {
    let root = render::<ServiceDescriptionView>(ServiceDescriptionViewProps {
        description: Rc::new(description()),
        locale: Locale::De,
    })
    .await;
    assert_eq!(text(&one(&root, "h2")), "Personalausweis beantragen");
    assert_eq!(
        text(&one(&root, ".ozg-teaser")),
        "Den Ausweis bei der Behörde beantragen."
    );
    let headings: Vec<_> = all(&root, "h3").iter().map(text).collect();
    assert_eq!(
        headings,
        [
            "Auf einen Blick",
            "So gehen Sie vor",
            "Diese Unterlagen brauchen Sie",
            "Zuständige Stelle"
        ]
    );
    assert_eq!(text(&one(&root, ".ozg-facts dd")), "Gebühr: 12,50\u{a0}€");
    assert_eq!(all(&root, "ol.ozg-steps > li").len(), 2);
    assert!(text(&all(&root, "ol.ozg-steps > li")[1]).contains("optional"));
    let documents = all(&root, "ul.ozg-documents > li");
    assert_eq!(documents.len(), 2);
    assert!(text(&documents[1]).contains("nur in bestimmten Fällen"));
    assert!(!text(&documents[0]).contains("nur in bestimmten Fällen"));
    let apply = one(&root, "a.ozg-apply");
    assert_eq!(
        (text(&apply), attr(&apply, "href")),
        (
            "Online beantragen".to_owned(),
            Some("https://antrag.example.de/".to_owned())
        )
    );
    assert_eq!(
        attr(&one(&root, "address a[href^='tel:']"), "href").as_deref(),
        Some("tel:+4930115")
    );
    assert_eq!(
        attr(&one(&root, "address a[href^='mailto:']"), "href").as_deref(),
        Some("mailto:buergeramt@example.de")
    );
}
