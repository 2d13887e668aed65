//! `cargo xtask bench widget`: what the widget costs a portal page, next to the Mastodon embeds
//! portals use today, measured in headless Chromium and written to `target/bench/widget.md`.
//! `cargo xtask bench endpoint`: the reference endpoint under load, one and three instances on
//! one database, SQLite and PostgreSQL, written to `target/bench/endpoint.md` (see
//! `tests/src/bin/bench-endpoint.rs`).
//!
//! This builds the release widget, installs the peers exactly as `xtask/bench/package-lock.json`
//! pins them (`npm ci`), and runs `bench-widget` from `tests/` (fake Mastodon instance, our
//! endpoint, host pages and the measuring all live there, next to the end-to-end harness).
//! `OZG_BENCH_RUNS` sets the runs per contender and size (default 5).

use std::process::Command;

use crate::Project;
use crate::cmd::{self, Result};
use crate::{dist, postgres, tools};

pub(crate) fn run(project: &Project, what: &str, args: &[&str]) -> Result<()> {
    match (what, args) {
        ("widget", []) => widget(project),
        ("endpoint", args) => endpoint(project, args),
        _ => Err(format!(
            "unknown benchmark {what:?} {args:?}: there are `widget` and \
             `endpoint [--database-url URL]... [--seconds N]`"
        )
        .into()),
    }
}

/// `cargo xtask bench endpoint`: `bench-endpoint` from `tests/`, with its arguments passed on.
/// Without a `--database-url` it runs on a new SQLite file and on a throwaway PostgreSQL
/// server (see `postgres.rs`), both removed afterwards.
fn endpoint(project: &Project, args: &[&str]) -> Result<()> {
    let out = project.target_dir.join("bench").join("endpoint.md");
    let mut bench = project.cargo();
    bench
        .args(["run", "-p", "ozg-tests", "--bin", "bench-endpoint", "--"])
        .args(args)
        .env("OZG_BENCH_OUT", &out)
        // A log line per request would measure the terminal.
        .env("RUST_LOG", "warn");
    if args.contains(&"--database-url") {
        return cmd::run(&mut bench);
    }
    let dir = project.target_dir.join("tmp").join("bench-endpoint");
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    std::fs::create_dir_all(&dir)?;
    let sqlite = format!("sqlite://{}?mode=rwc", dir.join("bench.sqlite").display());
    let server = postgres::Server::start(project, tools::postgres_server()?)?;
    bench.args(["--database-url", &sqlite, "--database-url", &server.url()]);
    let ran = cmd::run(&mut bench);
    drop(server);
    std::fs::remove_dir_all(&dir)?;
    ran
}

fn widget(project: &Project) -> Result<()> {
    let browser = tools::browser()?;
    dist::build(project)?;
    let out = project.target_dir.join("bench").join("widget.md");
    measure_widget(project, &browser, &out, &[])
}

/// One measuring run of every contender at every size, on the build that is there: it fails
/// when a contender does not show all its posts. Keeps the benchmark working between the times
/// someone runs it in full; its figures are not compared with anything.
pub(crate) fn widget_smoke(project: &Project, browser: &tools::Browser) -> Result<()> {
    let out = project.target_dir.join("bench").join("widget-smoke.md");
    measure_widget(project, browser, &out, &[("OZG_BENCH_RUNS", "1")])
}

fn measure_widget(
    project: &Project,
    browser: &tools::Browser,
    out: &std::path::Path,
    env: &[(&str, &str)],
) -> Result<()> {
    let peers = project.root.join("xtask").join("bench");
    cmd::run(
        Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(&peers),
    )?;
    cmd::run(
        project
            .cargo()
            .args(["run", "-p", "ozg-tests", "--bin", "bench-widget"])
            .envs(env.iter().copied())
            .env("OZG_DIST_DIR", project.dist_dir())
            .env("OZG_BENCH_NPM", peers.join("node_modules"))
            .env("OZG_BENCH_OUT", out)
            .env("CHROMEDRIVER", &browser.chromedriver)
            .env("OZG_CHROMIUM", &browser.chromium)
            // The endpoint's request log would drown the progress lines.
            .env("RUST_LOG", "warn"),
    )
}
