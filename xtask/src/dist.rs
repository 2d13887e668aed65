//! `cargo xtask build`: the widget as a portal loads it, in `target/dist/cdn/ozg-widget/<version>/`.
//!
//! cargo (size-tuned release profile) → wasm-bindgen (`--target web`, stripped) → wasm-opt -O
//! (binaryen from npm: Debian's and the crate's are too old for current rustc output) → short
//! import names in the wasm and the glue (`imports.rs`) → esbuild
//! (from npm) bundles and minifies the hand-written loader, which fetches the wasm with the SRI
//! hash written into it here, with wasm-bindgen's glue and its snippets into one module,
//! `ozg-widget.js`, the file a page names in its script tag; last `manifest.json` with the SRI
//! hash (sha384) of both files, for the portal's `integrity` attributes. One module rather than
//! the glue's chain of imports saves the page two round trips before the wasm is requested.

use std::path::{Path, PathBuf};
use std::process::Command;

use base64::Engine as _;
use serde_json::json;
use sha2::{Digest, Sha384};

use crate::Project;
use crate::cmd::{self, Result};
use crate::imports::{self, leb128};
use crate::tools::{self, BuildTools};

/// The module a page includes with one `<script type="module">`; it fetches the wasm.
pub(crate) const LOADER: &str = "ozg-widget.js";
const LOADER_SOURCE: &str = include_str!("../assets/ozg-widget.js");
/// The placeholder in [`LOADER_SOURCE`] that becomes the wasm's SRI hash.
const WASM_INTEGRITY: &str = "__WASM_INTEGRITY__";
/// The wasm, as wasm-bindgen names it.
const WASM: &str = "ozg_widget_bg.wasm";
/// The list of every file with its SRI hash, next to the files.
pub(crate) const MANIFEST: &str = "manifest.json";

/// Builds the CDN folder and returns the tools it installed on the way (tests reuse them).
pub(crate) fn build(project: &Project) -> Result<BuildTools> {
    let tools = tools::build_tools(project)?;
    cmd::run(&mut project.release_wasm_build("ozg-widget"))?;
    let compiled = project
        .target_dir
        .join("wasm32-unknown-unknown/release/ozg_widget.wasm");
    let features = wasm_opt_features(&compiled)?;

    // wasm-bindgen's files and the loader go to a folder of their own, the bundle and the wasm
    // to the CDN folder; both start empty, so nothing of an earlier build is served with this one.
    let out = project.dist_dir();
    let stage = project.target_dir.join("dist").join("stage");
    for dir in [&out, &stage] {
        if dir.exists() {
            std::fs::remove_dir_all(dir)?;
        }
        std::fs::create_dir_all(dir)?;
    }
    cmd::run(
        Command::new(&tools.wasm_bindgen)
            .arg(&compiled)
            .args(["--target", "web", "--out-name", "ozg_widget"])
            .arg("--out-dir")
            .arg(&stage)
            // Type declarations belong to the npm package, not to what a page downloads.
            .args([
                "--no-typescript",
                "--remove-name-section",
                "--remove-producers-section",
            ]),
    )?;

    let wasm = stage.join(WASM);
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
    let (short, renames) = imports::shorten(&std::fs::read(&wasm)?, imports::GLUE_MODULE)?;
    std::fs::write(&wasm, &short)?;
    let glue = stage.join("ozg_widget.js");
    std::fs::write(
        &glue,
        imports::rename_in_glue(&std::fs::read_to_string(&glue)?, &renames)?,
    )?;
    println!("short names for {} imports from the glue", renames.len());
    let loader = LOADER_SOURCE.replace(WASM_INTEGRITY, &integrity(&short));
    std::fs::write(stage.join(LOADER), loader)?;
    cmd::run(
        Command::new(&tools.esbuild)
            .arg(stage.join(LOADER))
            .args([
                "--bundle",
                "--format=esm",
                "--minify",
                "--log-level=warning",
            ])
            // What the widget needs of the browser anyway (WebAssembly, custom elements, private
            // class fields): nothing is rewritten for older ones.
            .arg("--target=es2022")
            .arg(format!("--outfile={}", out.join(LOADER).display())),
    )?;
    std::fs::rename(&wasm, out.join(WASM))?;
    write_manifest(&out)?;
    println!("built {}", out.display());
    Ok(tools)
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
    use super::target_features;

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
