//! `cargo xtask`: the project's automation (build, demo, size, test, bench), in Rust instead of shell scripts.
//!
//! Every command installs the tools it needs first (see `tools.rs`), so a fresh clone on a
//! fresh machine needs only `cargo` and, for the browser parts, root or the listed packages.

mod bench;
mod cmd;
mod contract;
mod demo;
mod dist;
mod imports;
mod npm;
mod postgres;
mod size;
mod test;
mod tools;
mod typescript;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use cmd::Result;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  build   build the widget for the CDN folder target/dist/cdn/ozg-widget/<version>/,
          with manifest.json (the SRI hash of every file)
  dist    build, then the npm packages ozg-sdk and ozg-widget (folders and tarballs): target/dist/npm
  demo    build, then serve the demo portal on http://127.0.0.1:8080 (OZG_LISTEN overrides)
  size    raw, gzip -9 and brotli 11 bytes of every file a page loads for the widget
  bench widget
          the widget next to the Mastodon embeds portals use today, in headless Chromium:
          target/bench/widget.md (OZG_BENCH_RUNS runs each, default 5)
  bench endpoint [--database-url URL]... [--seconds N]
          the endpoint under load (feedback POSTs with repeated keys, updates with and
          without If-None-Match), one and three instances on one database, for each
          database given (default: a new SQLite file and a throwaway PostgreSQL server):
          target/bench/endpoint.md (N seconds per row, default 3)
  test    fmt, clippy, native tests, the endpoint tests again on PostgreSQL, contract tests,
          wasm tests in Chromium, browser end-to-end tests
  contract
          only the contract tests: schemathesis against the endpoint with sdk/openapi.json
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["build"] => Project::locate().and_then(|p| dist::build(&p).map(drop)),
        ["dist"] => Project::locate().and_then(|p| npm::run(&p).map(drop)),
        ["demo"] => Project::locate().and_then(|p| demo::run(&p)),
        ["size"] => Project::locate().and_then(|p| size::run(&p)),
        ["test"] => Project::locate().and_then(|p| test::run(&p)),
        ["contract"] => Project::locate().and_then(|p| contract::run(&p)),
        ["bench", what, rest @ ..] => Project::locate().and_then(|p| bench::run(&p, what, rest)),
        [] | ["help" | "-h" | "--help"] => {
            print!("{USAGE}");
            Ok(())
        }
        other => Err(format!("unknown arguments {other:?}\n\n{USAGE}").into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("\nxtask: error: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Where things are: the workspace root, cargo's target directory and the folders derived from them.
#[derive(Debug)]
pub(crate) struct Project {
    /// The workspace root (the folder holding the root `Cargo.toml`).
    pub(crate) root: PathBuf,
    /// Cargo's target directory, which may be moved by `CARGO_TARGET_DIR` or config.
    pub(crate) target_dir: PathBuf,
    /// The cargo that runs us, so that xtask uses the same toolchain.
    pub(crate) cargo: PathBuf,
}

impl Project {
    fn locate() -> Result<Self> {
        // xtask always lives one level below the workspace root.
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .ok_or("xtask has no parent folder")?
            .to_path_buf();
        let cargo = std::env::var_os("CARGO").map_or_else(|| PathBuf::from("cargo"), PathBuf::from);
        // Ask cargo rather than assume `target/`: the target dir may be shared or redirected.
        let metadata = cmd::output(
            std::process::Command::new(&cargo)
                .args(["metadata", "--format-version", "1", "--no-deps"])
                .current_dir(&root),
        )?;
        let metadata: serde_json::Value = serde_json::from_str(&metadata)?;
        let target_dir = metadata["target_directory"]
            .as_str()
            .ok_or("`cargo metadata` printed no target_directory")?
            .into();
        Ok(Self {
            root,
            target_dir,
            cargo,
        })
    }

    /// The folder a portal serves as the widget's CDN: everything a page loads, versioned
    /// (`target/dist/cdn/ozg-widget/<version>/`), so that a page pinned to one version with
    /// SRI hashes keeps working when the next one is published next to it.
    pub(crate) fn dist_dir(&self) -> PathBuf {
        self.target_dir
            .join("dist")
            .join("cdn")
            .join("ozg-widget")
            .join(env!("CARGO_PKG_VERSION"))
    }

    /// The npm project in `xtask/` that pins wasm-opt (binaryen) and axe-core.
    pub(crate) fn npm_dir(&self) -> PathBuf {
        self.root.join("xtask")
    }

    /// A `cargo` command run from the workspace root.
    pub(crate) fn cargo(&self) -> std::process::Command {
        let mut command = std::process::Command::new(&self.cargo);
        command.current_dir(&self.root);
        command
    }

    /// `cargo build --release` of `package` for the browser, as it is shipped. The source paths
    /// that panic messages carry are written relative, e.g. `yew-0.23.0/src/scheduler.rs`
    /// rather than under the builder's home directory: shorter, the same on every machine, and
    /// nothing about the build machine in a file every portal page downloads.
    pub(crate) fn release_wasm_build(&self, package: &str) -> std::process::Command {
        let mut flags = vec![format!("--remap-path-prefix={}/=", self.root.display())];
        if let Some(home) = tools::cargo_home() {
            // One folder per registry, e.g. `index.crates.io-1949cf8c6b5b557f`.
            let registries = std::fs::read_dir(home.join("registry").join("src"))
                .into_iter()
                .flatten()
                .flatten();
            flags.extend(
                registries.map(|dir| format!("--remap-path-prefix={}/=", dir.path().display())),
            );
        }
        let mut command = self.cargo();
        command
            .args(["build", "-p", package, "--release"])
            .args(["--target", "wasm32-unknown-unknown"])
            // Applies to the target only, not to build scripts and proc macros; the same for
            // every release build of a wasm, so that their shared dependencies are built once.
            .env("CARGO_ENCODED_RUSTFLAGS", flags.join("\u{1f}"));
        command
    }
}
