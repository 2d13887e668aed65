//! `cargo xtask build`: the widget as a portal loads it, in `target/dist/cdn/ozg-widget/<version>/`.
//!
//! cargo (size-tuned release profile) → wasm-bindgen (`--target web`, stripped) → wasm-opt -O
//! (binaryen from npm: Debian's and the crate's are too old for current rustc output) → one
//! module `ozg-widget.js`, the file a page names in its script tag: wasm-bindgen's glue with its
//! snippets inlined and the hand-written loader after it, which fetches the wasm with the SRI
//! hash written into it here; last `manifest.json` with the SRI hash (sha384) of both files, for
//! the portal's `integrity` attributes. One module rather than the glue's chain of imports
//! saves the page two round trips before the wasm is even requested.

use std::path::{Path, PathBuf};
use std::process::Command;

use base64::Engine as _;
use serde_json::json;
use sha2::{Digest, Sha384};

use crate::Project;
use crate::cmd::{self, Result};
use crate::tools::{self, BuildTools};

/// The module a page includes with one `<script type="module">`; it fetches the wasm.
pub(crate) const LOADER: &str = "ozg-widget.js";
const LOADER_SOURCE: &str = include_str!("../assets/ozg-widget.js");
/// The placeholder in [`LOADER_SOURCE`] that becomes the wasm's SRI hash.
const WASM_INTEGRITY: &str = "__WASM_INTEGRITY__";
/// The placeholder in [`LOADER_SOURCE`] that becomes the name of the glue's init function.
const INIT: &str = "__INIT__";
/// What wasm-bindgen writes: the glue and the wasm.
const GLUE: &str = "ozg_widget.js";
const WASM: &str = "ozg_widget_bg.wasm";
/// The list of every file with its SRI hash, next to the files.
pub(crate) const MANIFEST: &str = "manifest.json";

/// Builds the CDN folder and returns the tools it installed on the way (tests reuse them).
pub(crate) fn build(project: &Project) -> Result<BuildTools> {
    let tools = tools::build_tools(project)?;
    cmd::run(project.cargo().args([
        "build",
        "-p",
        "ozg-widget",
        "--release",
        "--target",
        "wasm32-unknown-unknown",
    ]))?;
    let compiled = project
        .target_dir
        .join("wasm32-unknown-unknown/release/ozg_widget.wasm");
    let features = wasm_opt_features(&compiled)?;

    let out = project.dist_dir();
    // Start empty so that no snippet or file of an earlier build is served with this one.
    if out.exists() {
        std::fs::remove_dir_all(&out)?;
    }
    std::fs::create_dir_all(&out)?;
    cmd::run(
        Command::new(&tools.wasm_bindgen)
            .arg(&compiled)
            .args(["--target", "web", "--out-name", "ozg_widget"])
            .arg("--out-dir")
            .arg(&out)
            // Type declarations belong to the npm package, not to what a page downloads.
            .args([
                "--no-typescript",
                "--remove-name-section",
                "--remove-producers-section",
            ]),
    )?;

    let wasm = out.join(WASM);
    let before = std::fs::metadata(&wasm)?.len();
    cmd::run(
        Command::new(&tools.node)
            .arg(&tools.wasm_opt)
            // `-O --converge` rather than `-Oz`: its module is larger raw but about 1.3 KB smaller
            // after brotli, which is what a page downloads (measured on this widget; `-Os`
            // matches `-O`, `-O3` and `-O4` are larger).
            .args(["-O", "--converge", "--strip-debug", "--strip-producers"])
            .args(&features)
            .arg(&wasm)
            .arg("-o")
            .arg(&wasm),
    )?;
    let after = std::fs::metadata(&wasm)?.len();
    println!("wasm-opt: {before} → {after} bytes");
    let glue = std::fs::read_to_string(out.join(GLUE))?;
    let loader = bundle(&glue, &out, &integrity(&std::fs::read(&wasm)?))?;
    std::fs::write(out.join(LOADER), loader)?;
    std::fs::remove_file(out.join(GLUE))?;
    if out.join("snippets").exists() {
        std::fs::remove_dir_all(out.join("snippets"))?;
    }
    write_manifest(&out)?;
    println!("built {}", out.display());
    Ok(tools)
}

/// The page's one module: `glue` with each snippet it imports from `dir` inlined once, as an
/// object of the snippet's exported functions, then the loader, which starts the glue's init
/// function with the wasm checked against `wasm_integrity`.
fn bundle(glue: &str, dir: &Path, wasm_integrity: &str) -> Result<String> {
    let mut snippets: Vec<&str> = Vec::new();
    let mut module = String::new();
    for line in glue.lines() {
        let Some(rest) = line.trim_start().strip_prefix("import ") else {
            module.push_str(line);
            module.push('\n');
            continue;
        };
        // `import * as import1 from "./snippets/…/element.js"` or
        // `import { takePrefetched } from './snippets/…/element.js';`
        let parsed = rest.split_once(" from ").and_then(|(what, path)| {
            let path = path.trim().trim_end_matches(';');
            let path = path
                .strip_prefix('"')
                .and_then(|p| p.strip_suffix('"'))
                .or_else(|| path.strip_prefix('\'').and_then(|p| p.strip_suffix('\'')))?;
            Some((what.trim(), path.strip_prefix("./")?))
        });
        let Some((what, path)) = parsed else {
            return Err(format!("the glue has an import the build cannot inline: {line}").into());
        };
        let binding = if let Some(name) = what.strip_prefix("* as ") {
            name.trim().to_owned()
        } else if let Some(names) = what.strip_prefix('{').and_then(|w| w.strip_suffix('}')) {
            format!("{{ {} }}", names.trim().replace(" as ", ": "))
        } else {
            return Err(format!("the glue has an import the build cannot inline: {line}").into());
        };
        let index = match snippets.iter().position(|known| *known == path) {
            Some(index) => index,
            None => {
                let snippet = std::fs::read_to_string(dir.join(path))?;
                module.push_str(&inline_snippet(snippets.len(), path, &snippet)?);
                snippets.push(path);
                snippets.len() - 1
            }
        };
        module.push_str(&format!("const {binding} = snippet{index};\n"));
    }
    let init = glue
        .lines()
        .filter_map(|line| line.trim().strip_prefix("export {"))
        .flat_map(|names| names.trim_end_matches(['}', ';', ' ']).split(','))
        .find_map(|name| name.trim().strip_suffix(" as default"))
        .ok_or("the glue exports no default init function")?;
    module.push_str(
        &LOADER_SOURCE
            .replace(WASM_INTEGRITY, wasm_integrity)
            .replace(INIT, init.trim()),
    );
    Ok(module)
}

/// `snippet` (an ES module of exported functions, without imports) as
/// `const snippet{index} = { … }`, its code in a scope of its own.
fn inline_snippet(index: usize, path: &str, snippet: &str) -> Result<String> {
    let mut code = String::new();
    let mut exported = Vec::new();
    for line in snippet.lines() {
        if let Some(function) = line.strip_prefix("export function ") {
            let ident: String = function
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '$')
                .collect();
            exported.push(ident);
            code.push_str(&line["export ".len()..]);
        } else if line.trim_start().starts_with("export ") || line.starts_with("import ") {
            return Err(
                format!("{path}: only `export function` can be inlined, not: {line}").into(),
            );
        } else {
            code.push_str(line);
        }
        code.push('\n');
    }
    Ok(format!(
        "// {path}\nconst snippet{index} = (() => {{\n{code}return {{ {} }};\n}})();\n",
        exported.join(", ")
    ))
}

/// The Subresource Integrity value of `bytes`: `sha384-` and the base64 of the digest.
pub(crate) fn integrity(bytes: &[u8]) -> String {
    let digest = Sha384::digest(bytes);
    format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// Writes `manifest.json`: name, version and the SRI hash of every file a page loads, by path
/// relative to the folder (`/` as separator, as in URLs).
fn write_manifest(out: &Path) -> Result<()> {
    let mut files = serde_json::Map::new();
    for file in page_files(out)? {
        let relative = file.strip_prefix(out)?;
        let path = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        files.insert(path, json!(integrity(&std::fs::read(&file)?)));
    }
    let manifest = json!({
        "name": "ozg-widget",
        "version": env!("CARGO_PKG_VERSION"),
        "files": files,
    });
    std::fs::write(
        out.join(MANIFEST),
        serde_json::to_string_pretty(&manifest)? + "\n",
    )?;
    Ok(())
}

/// The `--enable-…` flags for exactly the wasm features rustc used, read from the module's
/// `target_features` section. Too few and wasm-opt rejects the module; guessing more lets it emit
/// instructions rustc never promised, and a module that fails at start in the browser
/// (`WebAssembly.Table.set(): Argument 1 is invalid`).
pub(crate) fn wasm_opt_features(wasm: &Path) -> Result<Vec<String>> {
    let bytes = std::fs::read(wasm).map_err(|e| format!("cannot read {}: {e}", wasm.display()))?;
    let features = target_features(&bytes).ok_or_else(|| {
        format!(
            "{} has no target_features section; keep `strip` out of the release profile",
            wasm.display()
        )
    })?;
    Ok(features
        .iter()
        .map(|name| {
            // rustc (LLVM) and binaryen name three features differently.
            let binaryen = match name.as_str() {
                "nontrapping-fptoint" => "nontrapping-float-to-int",
                "simd128" => "simd",
                "atomics" => "threads",
                other => other,
            };
            format!("--enable-{binaryen}")
        })
        .collect())
}

/// The features a module declares as used (`+`) in its `target_features` custom section.
fn target_features(bytes: &[u8]) -> Option<Vec<String>> {
    let mut at = 8; // magic and version
    while at < bytes.len() {
        let id = *bytes.get(at)?;
        at += 1;
        let size = leb128(bytes, &mut at)? as usize;
        let end = at.checked_add(size)?;
        if id == 0 {
            let mut p = at;
            let name_len = leb128(bytes, &mut p)? as usize;
            if bytes.get(p..p + name_len)? == b"target_features" {
                p += name_len;
                let count = leb128(bytes, &mut p)?;
                let mut features = Vec::new();
                for _ in 0..count {
                    let prefix = *bytes.get(p)?;
                    p += 1;
                    let len = leb128(bytes, &mut p)? as usize;
                    let name = std::str::from_utf8(bytes.get(p..p + len)?).ok()?;
                    p += len;
                    if prefix == b'+' {
                        features.push(name.to_owned());
                    }
                }
                return Some(features);
            }
        }
        at = end;
    }
    None
}

fn leb128(bytes: &[u8], at: &mut usize) -> Option<u64> {
    let mut value = 0u64;
    for shift in (0..64).step_by(7) {
        let byte = *bytes.get(*at)?;
        *at += 1;
        value |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Some(value);
        }
    }
    None
}

/// Every file a page loads for the widget, in load order: the module and the wasm.
pub(crate) fn page_files(dist: &Path) -> Result<Vec<PathBuf>> {
    let files = vec![dist.join(LOADER), dist.join(WASM)];
    match files.iter().find(|f| !f.is_file()) {
        Some(missing) => {
            Err(format!("{} is missing; run `cargo xtask build`", missing.display()).into())
        }
        None => Ok(files),
    }
}

#[cfg(test)]
mod tests {
    use super::{bundle, target_features};

    fn snippet_dir(name: &str, snippet: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("ozg-bundle-{name}-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("snippets/w/js")).expect("a temporary folder");
        std::fs::write(dir.join("snippets/w/js/element.js"), snippet).expect("a snippet");
        dir
    }

    #[test]
    fn the_bundle_inlines_the_snippets_and_starts_the_glue_with_the_wasm_hash() {
        let dir = snippet_dir(
            "ok",
            "const A = 1;\nexport function define(x) { return A + x; }\nexport function takePrefetched(u) {}\n",
        );
        let glue = "import { takePrefetched as take } from './snippets/w/js/element.js';\n\
                    import * as import1 from \"./snippets/w/js/element.js\"\n\
                    function run() { import1.define(1); take(''); }\n\
                    async function __wbg_init(m) {}\n\
                    export { initSync, __wbg_init as default };\n";
        let module = bundle(glue, &dir, "sha384-abc").expect("the glue is bundled");
        assert!(!module.contains("import * as"), "{module}");
        assert!(
            module.contains("const snippet0 = (() => {\nconst A = 1;\nfunction define(x)"),
            "{module}"
        );
        assert!(
            module.contains("return { define, takePrefetched };\n})();"),
            "{module}"
        );
        assert_eq!(module.matches("const snippet0 = ").count(), 1, "{module}");
        assert!(
            module.contains("const { takePrefetched: take } = snippet0;\n"),
            "{module}"
        );
        assert!(module.contains("const import1 = snippet0;\n"), "{module}");
        assert!(
            module.contains(
                "__wbg_init({ module_or_path: fetch(wasm, { integrity: \"sha384-abc\" }) })"
            ),
            "{module}"
        );
        assert!(!module.contains("__INIT__") && !module.contains("__WASM_INTEGRITY__"));
        std::fs::remove_dir_all(dir).ok();
    }

    #[test]
    fn a_snippet_the_bundle_cannot_inline_is_an_error() {
        let dir = snippet_dir("bad", "export const A = 1;\n");
        let glue = "import * as import1 from \"./snippets/w/js/element.js\"\n\
                    export { __wbg_init as default };\n";
        let error = bundle(glue, &dir, "sha384-abc").expect_err("an export const is refused");
        assert!(error.to_string().contains("export const A"), "{error}");
        let error = bundle("import x from \"./y.js\"\n", &dir, "sha384-abc")
            .expect_err("a default import is refused");
        assert!(error.to_string().contains("cannot inline"), "{error}");
        std::fs::remove_dir_all(dir).ok();
    }

    #[test]
    fn reads_used_features_and_skips_other_sections() {
        let mut module = b"\0asm\x01\0\0\0".to_vec();
        // An unrelated custom section first, to check that sections are skipped by size.
        module.extend([0, 5, 4, b'n', b'a', b'm', b'e']);
        let mut section = vec![15];
        section.extend(b"target_features");
        section.push(2);
        section.extend([b'+', 8]);
        section.extend(b"sign-ext");
        section.extend([b'-', 6]);
        section.extend(b"simd12");
        module.push(0);
        module.push(u8::try_from(section.len()).unwrap());
        module.extend(section);
        assert_eq!(target_features(&module), Some(vec!["sign-ext".to_owned()]));
    }

    #[test]
    fn integrity_is_sha384_in_base64() {
        // The example of the SRI specification's test suite: `alert('Hello, world.');`.
        assert_eq!(
            super::integrity(b"alert('Hello, world.');"),
            "sha384-H8BRh8j48O9oYatfu5AZzq6A9RINhZO5H16dQZngK7T62em8MUt1FLm52t+eX6xO"
        );
    }

    #[test]
    fn a_module_without_the_section_has_none() {
        assert_eq!(target_features(b"\0asm\x01\0\0\0"), None);
    }
}
