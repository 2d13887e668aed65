//! `cargo xtask test`: everything CI checks, in order, stopping at the first failure.
//!
//! The wasm is built once (`cargo xtask build`) and every browser test binary serves that same
//! `target/dist/cdn/ozg-widget/<version>/`, so the end-to-end tests check exactly what a portal would download.

use std::process::Command;
use std::time::{Duration, Instant};

use crate::Project;
use crate::cmd::{self, Result};
use crate::{bench, contract, dist, npm, postgres, tools};

pub(crate) fn run(project: &Project) -> Result<()> {
    let started = Instant::now();
    let mut timings: Vec<(&str, Duration)> = Vec::new();
    let result = steps(project, &mut timings);

    println!("\n── cargo xtask test ──");
    for (name, took) in &timings {
        println!("{:>8.1} s  {name}", took.as_secs_f64());
    }
    println!("{:>8.1} s  total", started.elapsed().as_secs_f64());
    match &result {
        Ok(()) => println!("all checks passed"),
        Err(_) => println!("FAILED"),
    }
    result
}

fn steps(project: &Project, timings: &mut Vec<(&'static str, Duration)>) -> Result<()> {
    let mut step = |name: &'static str, f: &mut dyn FnMut() -> Result<()>| -> Result<()> {
        println!("\n── {name} ──");
        let started = Instant::now();
        let result = f();
        timings.push((name, started.elapsed()));
        result.map_err(|e| format!("{name}: {e}").into())
    };

    let mut tools = None;
    let mut browser = None;
    step("tools", &mut || {
        tools::rust_components(project)?;
        tools = Some(tools::build_tools(project)?);
        browser = Some(tools::browser()?);
        Ok(())
    })?;
    let (tools, browser) = (tools.ok_or("no tools")?, browser.ok_or("no browser")?);

    step("fmt", &mut || {
        cmd::run(project.cargo().args(["fmt", "--all", "--", "--check"]))
    })?;
    step("clippy (native)", &mut || {
        // The widget builds natively too (its state and i18n have native unit tests), so the
        // whole workspace is linted here and the widget again for wasm below.
        cmd::run(project.cargo().args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]))
    })?;
    step("clippy (wasm)", &mut || {
        cmd::run(project.cargo().args([
            "clippy",
            "-p",
            "ozg-widget",
            "-p",
            "ozg-sdk-js",
            "--target",
            "wasm32-unknown-unknown",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]))
    })?;
    step("native tests", &mut || {
        // ozg-tests needs the built widget and a browser: it runs last, after `build`. The
        // widget's browser tests are `cfg(target_arch = "wasm32")` and run in the next step.
        cmd::run(
            project
                .cargo()
                .args(["test", "--workspace", "--exclude", "ozg-tests"]),
        )
    })?;
    step("endpoint tests (PostgreSQL)", &mut || {
        // The endpoint's suite and its process tests (the fault test among them) once more,
        // each test on a database of its own on a throwaway server, which is stopped and
        // removed when `server` goes out of scope.
        let server = postgres::Server::start(project, tools::postgres_server()?)?;
        cmd::run(
            project
                .cargo()
                .args([
                    "test",
                    "-p",
                    "ozg-endpoint",
                    "--test",
                    "endpoint",
                    "--test",
                    "process",
                ])
                .env("OZG_TEST_POSTGRES_URL", server.url()),
        )
    })?;
    step("contract tests (schemathesis)", &mut || {
        contract::run(project)
    })?;
    step("wasm tests (Chromium)", &mut || {
        // The widget's components and the SDK's browser transport (fetch, JSON.parse), in
        // headless Chromium. Never `-q`: wasm-bindgen-test-runner rejects `--quiet`.
        // Chromium keeps a temporary profile per test binary in `TMPDIR` and leaves it behind
        // when the driver ends it; a folder of our own is emptied after the step.
        let browser_tmp = project.target_dir.join("tmp").join("wasm-browser");
        std::fs::create_dir_all(&browser_tmp)?;
        for args in [
            &["-p", "ozg-widget"][..],
            // Only the library: the SDK's integration tests read files and run natively.
            &["-p", "ozg-sdk", "--lib"][..],
            // What JavaScript sees of the npm package `ozg-sdk`: error objects and codes, the outbox.
            &["-p", "ozg-sdk-js", "--lib"][..],
        ] {
            cmd::run(
                project
                    .cargo()
                    .args(["test", "--target", "wasm32-unknown-unknown"])
                    .args(args)
                    .env(
                        "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
                        &tools.wasm_bindgen_test_runner,
                    )
                    .env("CHROMEDRIVER", &browser.chromedriver)
                    .env("TMPDIR", &browser_tmp),
            )?;
        }
        // Only leftovers of finished browsers are in it; failing to remove them is harmless.
        let _ = std::fs::remove_dir_all(&browser_tmp);
        Ok(())
    })?;
    step("build", &mut || dist::build(project).map(drop))?;
    let mut frontend = None;
    step("npm packages and custom frontend", &mut || {
        // Reuses the widget build above; the SDK's wasm is built once here.
        let packages = npm::packages(project, &tools)?;
        frontend = Some(npm::custom_frontend(project, &tools, &packages)?);
        Ok(())
    })?;
    let frontend = frontend.ok_or("no custom frontend")?;
    step("browser end-to-end tests", &mut || {
        let mut command: Command = project.cargo();
        command
            .args(["test", "-p", "ozg-tests"])
            .env("OZG_DIST_DIR", project.dist_dir())
            .env("OZG_CUSTOM_FRONTEND_DIR", &frontend)
            .env("OZG_AXE_JS", &tools.axe_js)
            .env("CHROMEDRIVER", &browser.chromedriver)
            .env("OZG_CHROMIUM", &browser.chromium);
        cmd::run(&mut command)
    })?;
    step("benchmark, one run", &mut || {
        bench::widget_smoke(project, &browser)
    })?;
    Ok(())
}
