//! What the build ships. Subresource Integrity: the build's `manifest.json` holds the right
//! sha384 hash of every file a page loads, and the loader refuses a WebAssembly file that does
//! not match its hash — with a clear message in the console, and without disturbing the rest of
//! the page. And nothing of the build machine is in the files.

use std::path::{Path, PathBuf};

use ozg_tests::Harness;
use serde_json::Value;

fn dist() -> PathBuf {
    PathBuf::from(
        std::env::var_os("OZG_DIST_DIR").expect(
            "OZG_DIST_DIR is not set: run `cargo xtask build` first or use `cargo xtask test`",
        ),
    )
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("cannot create the copy's folder");
    for entry in std::fs::read_dir(from).expect("cannot read the build folder") {
        let path = entry.expect("a folder entry").path();
        let target = to.join(path.file_name().expect("a file name"));
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("cannot copy a file of the build");
        }
    }
}

#[test]
fn the_wasm_names_no_folder_of_the_build_machine() {
    let wasm = std::fs::read(dist().join("ozg_widget_bg.wasm")).expect("the build has no wasm");
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the tests crate is in the workspace");
    for folder in [
        workspace.display().to_string(),
        "/.cargo/registry/".to_owned(),
    ] {
        assert!(
            !wasm
                .windows(folder.len())
                .any(|window| window == folder.as_bytes()),
            "the wasm names {folder} (panic messages should name source files relative)"
        );
    }
    // The paths are still there, relative (`yew-<version>/src/…`), for panic messages to be of use.
    assert!(
        wasm.windows(20)
            .any(|window| window.starts_with(b"yew-") && window.windows(5).any(|w| w == b"/src/")),
        "the wasm names no source file of Yew relative"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_manifest_holds_the_hash_of_every_file_the_page_loads() {
    let manifest: Value = serde_json::from_str(
        &std::fs::read_to_string(dist().join("manifest.json"))
            .expect("the build has no manifest.json"),
    )
    .expect("manifest.json is not JSON");
    assert_eq!(manifest["name"], "ozg-widget");
    assert_eq!(manifest["version"], env!("CARGO_PKG_VERSION"));
    let loader = std::fs::read_to_string(dist().join("ozg-widget.js")).expect("no loader");
    let wasm = manifest["files"]["ozg_widget_bg.wasm"]
        .as_str()
        .expect("the manifest lists the wasm");
    assert!(
        loader.contains(&format!("integrity:\"{wasm}\"")),
        "the loader does not fetch the wasm with the manifest's hash {wasm}:\n{loader}"
    );

    // The browser computes each hash itself from what the server sends.
    let h = Harness::start().await;
    h.open("/").await;
    let files = manifest["files"]
        .as_object()
        .expect("files is an object")
        .clone();
    // One module (the glue and its snippets inlined) and the wasm: nothing else to hash.
    assert_eq!(
        files.keys().collect::<Vec<_>>(),
        ["ozg-widget.js", "ozg_widget_bg.wasm"],
        "the manifest lists other files than the page loads"
    );
    let loaded = h
        .js(
            "return performance.getEntriesByType('resource').map((e) => e.name) \
               .filter((n) => n.includes('/cdn/')).map((n) => n.split('/cdn/')[1]);",
        )
        .await;
    for name in loaded.as_array().expect("a list") {
        let name = name.as_str().expect("a name");
        assert!(
            files.contains_key(name),
            "the page loaded {name}, which the manifest does not list"
        );
    }
    for (name, expected) in &files {
        let script = format!(
            "const done = arguments[arguments.length - 1];
             fetch('/cdn/{name}').then((r) => r.arrayBuffer())
               .then((bytes) => crypto.subtle.digest('SHA-384', bytes))
               .then((digest) => done('sha384-' + btoa(String.fromCharCode(...new Uint8Array(digest)))))
               .catch((e) => done(String(e)));"
        );
        let actual = h
            .client()
            .execute_async(&script, Vec::new())
            .await
            .expect("cannot hash a file in the browser");
        assert_eq!(&actual, expected, "the hash of {name}");
    }
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_changed_wasm_is_refused_and_the_page_goes_on() {
    let tampered = tempfile::tempdir().expect("cannot create a temporary folder");
    copy_dir(&dist(), tampered.path());
    let wasm = tampered.path().join("ozg_widget_bg.wasm");
    let mut bytes = std::fs::read(&wasm).expect("cannot read the wasm");
    // One byte in the middle of the code: still a plausible file, no longer the one hashed.
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x01;
    std::fs::write(&wasm, bytes).expect("cannot write the changed wasm");

    let dir = tampered.path().to_path_buf();
    let h = Harness::start_with(move |config| config.cdn_dir = Some(dir)).await;
    h.client()
        .goto(&h.url("/"))
        .await
        .expect("cannot open the page");
    let mut log = Vec::new();
    let deadline = std::time::Instant::now() + ozg_tests::UPGRADE_TIMEOUT;
    while !log
        .iter()
        .any(|line: &String| line.contains("ozg-widget: could not start"))
    {
        assert!(
            std::time::Instant::now() < deadline,
            "no console message about the refused wasm: {log:#?}"
        );
        log.extend(h.browser_log().await);
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let ours = log
        .iter()
        .find(|line| line.contains("ozg-widget: could not start"))
        .expect("found above");
    assert!(
        ours.contains("failed its integrity check") && ours.starts_with("SEVERE"),
        "the message does not say what happened: {ours}"
    );
    assert!(
        log.iter().any(|line| line.contains("integrity")
            && line.contains("ozg_widget_bg.wasm")
            && !line.contains("ozg-widget: could not start")),
        "Chromium did not report the integrity failure itself: {log:#?}"
    );
    // Nothing of the changed file ran, and the page is as it was: its text, its links, its focus.
    assert_eq!(
        h.js("return [customElements.get('ozg-widget') === undefined, \
                document.querySelector('h1').textContent, \
                document.querySelectorAll('a').length > 5, \
                document.activeElement === document.body];")
            .await,
        serde_json::json!([true, "Bürgergeld beantragen", true, true])
    );
    h.finish().await;
}
