//! The contract test of `cargo xtask test`: schemathesis (from PyPI, in a venv under `target/`)
//! generates valid and invalid requests from `sdk/openapi.json` and sends them to a real
//! endpoint on loopback with a throwaway SQLite database and the demo data.
//!
//! Checked: no 5xx, status codes, content types, headers and bodies as documented, and invalid
//! requests refused with a 4xx. `POST /v1/feedback` needs the answer to a fresh anti-spam
//! challenge and a service the database has, which no schema can describe: the hooks in
//! `xtask/contract/hooks.py` give them to the requests schemathesis meant to be valid, so
//! those can be stored and their receipts are checked too.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::Project;
use crate::cmd::{self, Result};
use crate::tools;

/// The schemathesis release the contract test runs.
const SCHEMATHESIS: &str = "4.32.5";
/// Hypothesis, pinned too: newer releases fail inside schemathesis's coverage phase on
/// Python 3.11 ("AST constructor recursion depth mismatch").
const HYPOTHESIS: &str = "6.130.12";
/// The time schemathesis's fuzzing may take; the examples and coverage phases come first.
const FUZZING_SECONDS: &str = "45";

pub(crate) fn run(project: &Project) -> Result<()> {
    let st = schemathesis(project)?;
    cmd::run(project.cargo().args(["build", "-p", "ozg-endpoint"]))?;
    let dir = project.target_dir.join("tmp").join("contract");
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    std::fs::create_dir_all(&dir)?;
    let port = free_port()?;
    let config = dir.join("ozg-endpoint.toml");
    std::fs::write(
        &config,
        format!(
            "listen = \"127.0.0.1:{port}\"\n\
             public_url = \"http://127.0.0.1:{port}\"\n\
             database_url = \"sqlite://{}?mode=rwc\"\n\
             # Thousands of requests from one address in a minute.\n\
             rate_limit_per_minute = 1000000\n\
             [antispam]\n\
             min_delay_seconds = 0\n",
            dir.join("ozg.sqlite").display()
        ),
    )?;
    // The demo service, so that the service routes answer more than 404. Invalid data must be
    // refused with one of schemathesis' usual statuses or with 413: a body beyond the endpoint's
    // 16 KiB limit is refused as too large before it is read, whatever is wrong inside it.
    let schemathesis_config = dir.join("schemathesis.toml");
    std::fs::write(
        &schemathesis_config,
        "[parameters]\n\"path.leika\" = \"99107108017000\"\n\n\
         [checks.negative_data_rejection]\n\
         expected-statuses = [\"400\", \"401\", \"403\", \"404\", \"405\", \"406\", \"409\", \"413\", \
         \"415\", \"422\", \"428\", \"429\", \"5xx\"]\n",
    )?;
    let log = std::fs::File::create(dir.join("endpoint.log"))?;
    let endpoint = Endpoint(
        Command::new(project.target_dir.join("debug").join("ozg-endpoint"))
            .arg("--config")
            .arg(&config)
            .args(["--seed", "demo"])
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()?,
    );
    let result = wait_ready(port).and_then(|()| {
        cmd::run(
            Command::new(&st)
                .arg("--config-file")
                .arg(&schemathesis_config)
                .arg("run")
                .arg(project.root.join("sdk").join("openapi.json"))
                .args(["--url", &format!("http://127.0.0.1:{port}")])
                .args([
                    "--checks",
                    "not_a_server_error,status_code_conformance,content_type_conformance,\
                     response_headers_conformance,response_schema_conformance,\
                     negative_data_rejection",
                ])
                .args(["--mode", "all", "--max-examples", "30", "--seed", "1"])
                .args(["--max-time", FUZZING_SECONDS, "--workers", "2"])
                .args(["--phases", "examples,coverage,fuzzing"])
                .args(["--request-timeout", "10", "--no-color"])
                .env("PYTHONPATH", project.root.join("xtask").join("contract"))
                .env("SCHEMATHESIS_HOOKS", "hooks")
                .env("OZG_CONTRACT_ENDPOINT", format!("http://127.0.0.1:{port}"))
                // Its reports and example database stay in the throwaway folder.
                .current_dir(&dir),
        )
    });
    drop(endpoint);
    if result.is_err() {
        let log = std::fs::read_to_string(dir.join("endpoint.log")).unwrap_or_default();
        eprintln!("endpoint log:\n{log}");
    }
    result
}

/// The endpoint process, ended when the step ends however it ends.
struct Endpoint(Child);

impl Drop for Endpoint {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The `st` command in `target/schemathesis/venv`, installed from PyPI when missing or of
/// another version.
fn schemathesis(project: &Project) -> Result<PathBuf> {
    let venv = project.target_dir.join("schemathesis").join("venv");
    let st = venv.join("bin").join("st");
    let wanted = format!("st, version {SCHEMATHESIS}");
    if cmd::probe(Command::new(&st).arg("--version")).as_deref() == Some(wanted.as_str()) {
        return Ok(st);
    }
    let has_venv =
        || cmd::probe(Command::new("python3").args(["-c", "import venv, ensurepip"])).is_some();
    if !has_venv() {
        tools::apt_install(&["python3", "python3-venv"], "the contract tests")?;
    }
    if venv.exists() {
        std::fs::remove_dir_all(&venv)?;
    }
    cmd::run(Command::new("python3").args(["-m", "venv"]).arg(&venv))?;
    cmd::run(Command::new(venv.join("bin").join("pip")).args([
        "install",
        "--quiet",
        "--disable-pip-version-check",
        &format!("schemathesis=={SCHEMATHESIS}"),
        &format!("hypothesis=={HYPOTHESIS}"),
    ]))?;
    Ok(st)
}

/// A loopback port nobody listens on right now.
fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// Waits until `GET /readyz` answers 200, for at most 60 seconds.
fn wait_ready(port: u16) -> Result<()> {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if readyz(port).unwrap_or(false) {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    Err(format!("the endpoint on port {port} did not get ready within 60 s").into())
}

fn readyz(port: u16) -> std::io::Result<bool> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    stream.write_all(b"GET /readyz HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer)?;
    Ok(answer.starts_with("HTTP/1.0 200") || answer.starts_with("HTTP/1.1 200"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_free_port_can_be_bound() {
        let port = super::free_port().expect("a free port");
        assert!(std::net::TcpListener::bind(("127.0.0.1", port)).is_ok());
    }
}
