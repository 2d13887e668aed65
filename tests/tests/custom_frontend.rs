//! `examples/custom-frontend`, a Vite app that installs the npm package `ozg-sdk` from its
//! tarball, served from its own loopback origin next to a real endpoint that allows that origin
//! (CORS): a citizen fills its plain HTML form in English, sees the receipt, and the endpoint has
//! stored exactly that feedback.

use std::net::SocketAddr;
use std::path::PathBuf;

use fantoccini::Locator;
use ozg_tests::{DEMO_SERVICE, Harness, UPGRADE_TIMEOUT};

/// The built app from `$OZG_CUSTOM_FRONTEND_DIR` (`cargo xtask test` builds it).
fn app_dir() -> PathBuf {
    let dir = std::env::var_os("OZG_CUSTOM_FRONTEND_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            panic!(
                "OZG_CUSTOM_FRONTEND_DIR is not set: use `cargo xtask test`, which builds \
                 examples/custom-frontend and sets it"
            )
        });
    assert!(
        dir.join("index.html").is_file(),
        "OZG_CUSTOM_FRONTEND_DIR={} holds no built app",
        dir.display()
    );
    dir
}

/// Serves `dir` on a fresh loopback port and returns its origin.
async fn serve(dir: PathBuf) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("cannot bind a loopback port for the app");
    let addr: SocketAddr = listener
        .local_addr()
        .expect("the app's listener has no address");
    let router = axum::Router::new().fallback_service(tower_http::services::ServeDir::new(dir));
    tokio::spawn(async move {
        axum::serve(listener, router)
            .await
            .expect("the app's server stopped with an error");
    });
    format!("http://{addr}")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn own_form_submits_through_the_npm_package_and_shows_the_receipt() {
    let origin = serve(app_dir()).await;
    let h = Harness::start_with_origins(std::slice::from_ref(&origin)).await;
    let c = h.client();
    c.goto(&format!("{origin}/index.html?endpoint={}", h.url("")))
        .await
        .expect("cannot open the app");

    // The page's own script (with the SDK's wasm) runs: switching to English works.
    h.wait_for_timeout(
        "the app's script to run",
        "document.querySelector('[data-lang=en]') !== null",
        UPGRADE_TIMEOUT,
    )
    .await;
    c.find(Locator::Css("[data-lang=en]"))
        .await
        .expect("no English button")
        .click()
        .await
        .expect("cannot click English");
    h.wait_for(
        "the English texts",
        "document.documentElement.lang === 'en' && \
         document.querySelector('h1').textContent.startsWith('Your opinion')",
    )
    .await;

    // Submitting without the required answers names both fields, next to them.
    c.find(Locator::Css("#submit"))
        .await
        .expect("no submit button")
        .click()
        .await
        .expect("cannot submit");
    h.wait_for(
        "the required-field errors",
        "!document.getElementById('found-error').hidden && \
         !document.getElementById('rating-error').hidden && \
         document.getElementById('found').getAttribute('aria-invalid') === 'true'",
    )
    .await;
    h.assert_accessible("custom frontend with errors").await;

    let text = "The list of documents helped; the upload failed twice.";
    for css in [
        "input[name=found][value=partly]",
        "input[name=rating][value='4']",
        "#topic option[value=onlineProcedure]",
    ] {
        c.find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no `{css}`: {e}"))
            .click()
            .await
            .unwrap_or_else(|e| panic!("cannot click `{css}`: {e}"));
    }
    c.find(Locator::Css("#text"))
        .await
        .expect("no text field")
        .send_keys(text)
        .await
        .expect("cannot type");
    c.find(Locator::Css("#submit"))
        .await
        .expect("no submit button")
        .click()
        .await
        .expect("cannot submit");
    h.wait_for(
        "the receipt with its reference number",
        "(document.getElementById('reference')?.textContent ?? '').startsWith('OZG-')",
    )
    .await;
    h.assert_accessible("custom frontend with the receipt")
        .await;

    let reference = h
        .js("return document.getElementById('reference').textContent;")
        .await
        .as_str()
        .expect("the reference is text")
        .to_owned();
    assert_eq!(
        h.js("return document.getElementById('state').textContent;")
            .await,
        "received"
    );
    let rows: Vec<(String, String, i64, String, String, String, String)> = sqlx::query_as(
        "SELECT service, found, rating, topic, text, locale, page_url FROM feedback WHERE reference = ?1",
    )
    .bind(&reference)
    .fetch_all(&h.database().await)
    .await
    .expect("cannot read the feedback table");
    assert_eq!(
        rows,
        vec![(
            DEMO_SERVICE.to_owned(),
            "partly".to_owned(),
            4,
            "onlineProcedure".to_owned(),
            text.to_owned(),
            "en".to_owned(),
            format!("{origin}/index.html"),
        )],
        "the endpoint stored something else for {reference}"
    );
    h.finish().await;
}
