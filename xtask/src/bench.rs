//! `cargo xtask bench widget`: what the widget costs a portal page, next to the Mastodon embeds
//! portals use today, measured in headless Chromium and written to `target/bench/widget.md`.
//!
//! This builds the release widget, installs the peers exactly as `xtask/bench/package-lock.json`
//! pins them (`npm ci`), and runs `bench-widget` from `tests/` (fake Mastodon instance, our
//! endpoint, host pages and the measuring all live there, next to the end-to-end harness).
//! `OZG_BENCH_RUNS` sets the runs per contender and size (default 5).

use std::process::Command;

use crate::Project;
use crate::cmd::{self, Result};
use crate::{dist, tools};

pub(crate) fn run(project: &Project, what: &str) -> Result<()> {
    if what != "widget" {
        return Err(format!("unknown benchmark {what:?}: the one there is is `widget`").into());
    }
    let browser = tools::browser()?;
    dist::build(project)?;
    let peers = project.root.join("xtask").join("bench");
    cmd::run(
        Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(&peers),
    )?;
    let out = project.target_dir.join("bench").join("widget.md");
    cmd::run(
        project
            .cargo()
            .args(["run", "-p", "ozg-tests", "--bin", "bench-widget"])
            .env("OZG_DIST_DIR", project.dist_dir())
            .env("OZG_BENCH_NPM", peers.join("node_modules"))
            .env("OZG_BENCH_OUT", &out)
            .env("CHROMEDRIVER", &browser.chromedriver)
            .env("OZG_CHROMIUM", &browser.chromium)
            // The endpoint's request log would drown the progress lines.
            .env("RUST_LOG", "warn"),
    )
}
