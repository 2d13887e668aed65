//! `cargo xtask dist`: the two npm packages, `ozg-sdk` (the client, no UI) and `ozg-widget`
//! (the element), as folders and `npm pack` tarballs in `target/dist/npm/`.
//!
//! `ozg-widget` holds exactly the files of the CDN build that a script tag loads. `ozg-sdk` is
//! the separate crate `sdk/js` (wasm-bindgen bindings of `ozg-sdk`, so the widget never carries
//! them) with TypeScript declarations of the wire types generated from `sdk/openapi.json`. Both
//! declarations are checked with `tsc` against the JSON examples in `sdk/tests/data/` before
//! anything is packed.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};

use crate::Project;
use crate::cmd::{self, Result};
use crate::tools::BuildTools;
use crate::{dist, typescript};

/// What `cargo xtask dist` made.
#[derive(Debug)]
pub(crate) struct Packages {
    /// The `ozg-sdk` tarball, which `examples/custom-frontend` installs.
    #[allow(
        dead_code,
        reason = "read by the custom frontend's build in `cargo xtask test`"
    )]
    pub(crate) sdk_tarball: PathBuf,
}

/// Which type each JSON example in `sdk/tests/data/` is an instance of.
const EXAMPLES: &[(&str, &str)] = &[
    ("costs-amounts.json", "Costs"),
    ("feedback-minimal.json", "FeedbackSubmission"),
    ("feedback-status.json", "FeedbackStatus"),
    ("feedback.json", "FeedbackSubmission"),
    ("problem.json", "Problem"),
    ("receipt.json", "Receipt"),
    ("service-minimal.json", "ServiceDescription"),
    ("service.json", "ServiceDescription"),
    ("updates.json", "UpdatesPage"),
];

/// Builds the widget (`cargo xtask build`), the SDK's wasm, both packages, checks their types
/// and packs them.
pub(crate) fn run(project: &Project) -> Result<Packages> {
    let tools = dist::build(project)?;
    packages(project, &tools)
}

/// Both packages from an existing widget build in `target/dist/cdn/ozg-widget/<version>/`.
pub(crate) fn packages(project: &Project, tools: &BuildTools) -> Result<Packages> {
    let npm = project.target_dir.join("dist").join("npm");
    if npm.exists() {
        std::fs::remove_dir_all(&npm)?;
    }
    std::fs::create_dir_all(&npm)?;
    let sdk = npm.join("ozg-sdk");
    let widget = npm.join("ozg-widget");
    sdk_package(project, tools, &sdk)?;
    widget_package(project, &widget)?;
    typecheck(project, tools, &npm)?;
    let sdk_tarball = pack(&sdk, &npm)?;
    pack(&widget, &npm)?;
    println!("built {}", npm.display());
    Ok(Packages { sdk_tarball })
}

fn sdk_package(project: &Project, tools: &BuildTools, out: &Path) -> Result<()> {
    cmd::run(&mut project.release_wasm_build("ozg-sdk-js"))?;
    let compiled = project
        .target_dir
        .join("wasm32-unknown-unknown/release/ozg_sdk_js.wasm");
    std::fs::create_dir_all(out)?;
    cmd::run(
        Command::new(&tools.wasm_bindgen)
            .arg(&compiled)
            .args(["--target", "web", "--out-name", "ozg_sdk"])
            .arg("--out-dir")
            .arg(out)
            .args(["--remove-name-section", "--remove-producers-section"]),
    )?;
    // The declarations of the wasm's raw exports are for wasm-bindgen's glue only.
    std::fs::remove_file(out.join("ozg_sdk_bg.wasm.d.ts"))?;
    let wasm = out.join("ozg_sdk_bg.wasm");
    cmd::run(
        Command::new(&tools.node)
            .arg(&tools.wasm_opt)
            .args(["-Oz", "--strip-debug", "--strip-producers"])
            .args(dist::wasm_opt_features(&compiled)?)
            .arg(&wasm)
            .arg("-o")
            .arg(&wasm),
    )?;

    let openapi: Value = serde_json::from_str(&std::fs::read_to_string(
        project.root.join("sdk/openapi.json"),
    )?)?;
    // The wire types go into wasm-bindgen's declarations, whose signatures name them.
    let bindings = out.join("ozg_sdk.d.ts");
    // `[Symbol.dispose]` would make every TypeScript project that checks libraries add the
    // `esnext.disposable` lib; `free()` stays for releasing a client early.
    let mut declarations: String = std::fs::read_to_string(&bindings)?
        .lines()
        .filter(|line| line.trim() != "[Symbol.dispose](): void;")
        .map(|line| format!("{line}\n"))
        .collect();
    declarations.push('\n');
    declarations.push_str(&typescript::declarations(&openapi)?);
    std::fs::write(&bindings, declarations)?;

    let source = project.root.join("sdk/js/npm");
    std::fs::copy(source.join("index.js"), out.join("index.js"))?;
    let names = typescript::names(&openapi).join(", ");
    let index = std::fs::read_to_string(source.join("index.d.ts"))?;
    let marker = index
        .lines()
        .find(|line| line.starts_with("// @wire-types"))
        .ok_or("sdk/js/npm/index.d.ts has no `// @wire-types` line")?;
    std::fs::write(
        out.join("index.d.ts"),
        index.replace(
            marker,
            &format!("export type {{ {names} }} from \"./ozg_sdk.js\";"),
        ),
    )?;
    std::fs::copy(
        project.root.join("sdk/js/npm/README.md"),
        out.join("README.md"),
    )?;
    let files = [
        "index.js",
        "index.d.ts",
        "ozg_sdk.js",
        "ozg_sdk.d.ts",
        "ozg_sdk_bg.wasm",
    ];
    write_manifest(
        out,
        json!({
            "name": "ozg-sdk",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Client for the ozg-widget authority endpoint: submit feedback, read its status, service descriptions and updates (WebAssembly, no UI)",
            "license": "EUPL-1.2",
            "type": "module",
            "exports": {
                ".": { "types": "./index.d.ts", "import": "./index.js", "default": "./index.js" },
                "./package.json": "./package.json"
            },
            "types": "./index.d.ts",
            "files": files,
            // Importing only types, or nothing, must cost nothing.
            "sideEffects": false,
            "keywords": ["ozg", "feedback", "e-government", "webassembly"]
        }),
    )
}

fn widget_package(project: &Project, out: &Path) -> Result<()> {
    let cdn = project.dist_dir();
    let mut files = Vec::new();
    for file in dist::page_files(&cdn)? {
        let relative = file.strip_prefix(&cdn)?;
        let target = out.join(relative);
        std::fs::create_dir_all(target.parent().ok_or("a file without folder")?)?;
        std::fs::copy(&file, &target)?;
        files.push(relative.display().to_string());
    }
    std::fs::copy(
        project.root.join("widget/npm/ozg-widget.d.ts"),
        out.join("ozg-widget.d.ts"),
    )?;
    std::fs::copy(
        project.root.join("widget/npm/README.md"),
        out.join("README.md"),
    )?;
    files.push("ozg-widget.d.ts".to_owned());
    let loader = format!("./{}", dist::LOADER);
    write_manifest(
        out,
        json!({
            "name": "ozg-widget",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "The <ozg-widget> custom element for OZG service pages: updates, the service explained, and feedback (WebAssembly)",
            "license": "EUPL-1.2",
            "type": "module",
            "exports": {
                ".": { "types": "./ozg-widget.d.ts", "import": loader, "default": loader },
                "./package.json": "./package.json"
            },
            "types": "./ozg-widget.d.ts",
            "files": files,
            // Importing the package defines the element: bundlers must keep the loader.
            "sideEffects": [loader],
            "keywords": ["ozg", "custom-element", "web-component", "feedback", "webassembly"]
        }),
    )
}

/// Writes `package.json` with the members in the order of `manifest`'s source: npm and
/// TypeScript try the conditions of `exports` in order (`types` first, `default` last), and
/// `serde_json::Value` would sort them.
fn write_manifest(dir: &Path, manifest: Value) -> Result<()> {
    let mut text = ordered_json(&manifest, MANIFEST_ORDER, "");
    text.push('\n');
    std::fs::write(dir.join("package.json"), text)?;
    Ok(())
}

/// The order of members wherever they occur; others follow alphabetically.
const MANIFEST_ORDER: &[&str] = &[
    "name",
    "version",
    "description",
    "license",
    "type",
    "exports",
    "types",
    "import",
    "default",
    "files",
    "sideEffects",
    "keywords",
];

fn ordered_json(value: &Value, order: &[&str], indent: &str) -> String {
    let inner = format!("{indent}  ");
    match value {
        Value::Object(members) if !members.is_empty() => {
            let mut keys: Vec<&String> = members.keys().collect();
            keys.sort_by_key(|key| {
                (
                    order.iter().position(|o| o == key).unwrap_or(order.len()),
                    key.as_str(),
                )
            });
            let lines: Vec<String> = keys
                .iter()
                .map(|key| {
                    format!(
                        "{inner}{}: {}",
                        Value::from(key.as_str()),
                        ordered_json(&members[*key], order, &inner)
                    )
                })
                .collect();
            format!("{{\n{}\n{indent}}}", lines.join(",\n"))
        }
        Value::Array(items) if !items.is_empty() => {
            let lines: Vec<String> = items
                .iter()
                .map(|item| format!("{inner}{}", ordered_json(item, order, &inner)))
                .collect();
            format!("[\n{}\n{indent}]", lines.join(",\n"))
        }
        other => other.to_string(),
    }
}

/// Type-checks both packages with `tsc --strict`: every JSON example must be a valid value of
/// its type (literal unions and excess properties checked), wrong values must be rejected (so
/// nothing is `any`), and the client's methods must take and give the wire types.
fn typecheck(project: &Project, tools: &BuildTools, npm: &Path) -> Result<()> {
    let dir = npm.join("typecheck");
    std::fs::create_dir_all(&dir)?;
    let data = project.root.join("sdk/tests/data");
    let mut check = String::from(
        "import { Client, Outbox, isOzgError, newIdempotencyKey, validateFeedback } from \"../ozg-sdk/index.js\";\n\
         import type * as Sdk from \"../ozg-sdk/index.js\";\n\
         import type { OzgWidgetAttributes, OzgWidgetElement } from \"../ozg-widget/ozg-widget.js\";\n\n",
    );
    let mut listed = Vec::new();
    for (file, type_name) in EXAMPLES {
        let json = std::fs::read_to_string(data.join(file))?;
        check.push_str(&format!(
            "// sdk/tests/data/{file}\nexport const {}: Sdk.{type_name} = {json};\n\n",
            identifier(file)
        ));
        listed.push(*file);
    }
    for entry in std::fs::read_dir(&data)? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if name.ends_with(".json") && !listed.contains(&name.as_str()) {
            println!(
                "note: sdk/tests/data/{name} is not type-checked; add it to EXAMPLES in xtask/src/npm.rs"
            );
        }
    }
    check.push_str(include_str!("../assets/typecheck.ts"));
    std::fs::write(dir.join("check.ts"), check)?;
    std::fs::write(
        dir.join("tsconfig.json"),
        serde_json::to_string_pretty(&json!({
            "compilerOptions": {
                "strict": true,
                "noEmit": true,
                "target": "es2022",
                "module": "esnext",
                "moduleResolution": "bundler",
                "lib": ["es2022", "dom"],
                "skipLibCheck": false,
                "types": []
            },
            "files": ["check.ts"]
        }))?,
    )?;
    let tsc = project.npm_dir().join("node_modules/typescript/bin/tsc");
    cmd::run(Command::new(&tools.node).arg(tsc).arg("-p").arg(&dir))?;
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}

/// Builds `examples/custom-frontend` against the freshly packed `ozg-sdk` tarball: `npm ci`
/// (from the npm cache after the first run), `tsc --noEmit`, `vite build`. Returns the folder
/// of the built app.
pub(crate) fn custom_frontend(
    project: &Project,
    tools: &BuildTools,
    packages: &Packages,
) -> Result<PathBuf> {
    let dir = project.root.join("examples/custom-frontend");
    let lock: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("package-lock.json"))?)?;
    let sdk = &lock["packages"]["node_modules/ozg-sdk"];
    let expected = format!(
        "file:../../target/dist/npm/{}",
        packages
            .sdk_tarball
            .file_name()
            .ok_or("the tarball has no name")?
            .to_string_lossy()
    );
    if sdk["resolved"] != expected.as_str() {
        return Err(format!(
            "examples/custom-frontend/package-lock.json resolves ozg-sdk to {}, not {expected}",
            sdk["resolved"]
        )
        .into());
    }
    // A checksum of the tarball would go stale with every change of the SDK.
    if sdk.get("integrity").is_some() {
        return Err(
            "examples/custom-frontend/package-lock.json pins a checksum of the local \
                    ozg-sdk tarball (`npm install` adds it): remove its \"integrity\" line"
                .into(),
        );
    }
    cmd::run(
        Command::new("npm")
            .args(["ci", "--prefer-offline", "--no-audit", "--no-fund"])
            .current_dir(&dir),
    )?;
    let modules = dir.join("node_modules");
    cmd::run(
        Command::new(&tools.node)
            .arg(modules.join("typescript/bin/tsc"))
            .arg("--noEmit")
            .current_dir(&dir),
    )?;
    cmd::run(
        Command::new(&tools.node)
            .arg(modules.join("vite/bin/vite.js"))
            .args(["build", "--logLevel", "warn"])
            .current_dir(&dir),
    )?;
    Ok(dir.join("dist"))
}

/// `feedback-minimal.json` → `feedbackMinimal`.
fn identifier(file: &str) -> String {
    let stem = file.strip_suffix(".json").unwrap_or(file);
    let mut out = String::new();
    let mut upper = false;
    for c in stem.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(if upper { c.to_ascii_uppercase() } else { c });
            upper = false;
        } else {
            upper = true;
        }
    }
    out
}

/// `npm pack` into `into`; prints the listing and returns the tarball's path.
fn pack(package: &Path, into: &Path) -> Result<PathBuf> {
    let out = cmd::output(
        Command::new("npm")
            .args(["pack", "--json", "--pack-destination"])
            .arg(into)
            .current_dir(package),
    )?;
    let report: Value = serde_json::from_str(&out)?;
    let report = &report[0];
    let filename = report["filename"]
        .as_str()
        .ok_or("npm pack reported no filename")?;
    println!(
        "\n{}@{}  {} (tarball {} bytes, unpacked {} bytes)",
        report["name"].as_str().unwrap_or_default(),
        report["version"].as_str().unwrap_or_default(),
        filename,
        report["size"],
        report["unpackedSize"]
    );
    for file in report["files"].as_array().into_iter().flatten() {
        println!(
            "{:>10}  {}",
            file["size"].as_u64().unwrap_or_default(),
            file["path"].as_str().unwrap_or_default()
        );
    }
    Ok(into.join(filename))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{MANIFEST_ORDER, identifier, ordered_json};

    #[test]
    fn export_conditions_keep_types_first_and_default_last() {
        let manifest = json!({
            "exports": { ".": { "default": "./a.js", "types": "./a.d.ts", "import": "./a.js" } },
            "name": "x",
            "files": ["a.js"],
            "sideEffects": false
        });
        assert_eq!(
            ordered_json(&manifest, MANIFEST_ORDER, ""),
            "{\n  \"name\": \"x\",\n  \"exports\": {\n    \".\": {\n      \"types\": \"./a.d.ts\",\n      \
             \"import\": \"./a.js\",\n      \"default\": \"./a.js\"\n    }\n  },\n  \
             \"files\": [\n    \"a.js\"\n  ],\n  \"sideEffects\": false\n}"
        );
        let text = ordered_json(&manifest, MANIFEST_ORDER, "");
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&text).ok(),
            Some(manifest)
        );
    }

    #[test]
    fn example_identifiers() {
        assert_eq!(identifier("feedback-minimal.json"), "feedbackMinimal");
        assert_eq!(identifier("service.json"), "service");
    }
}
