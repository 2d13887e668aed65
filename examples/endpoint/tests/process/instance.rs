//! Starting the `ozg-endpoint` binary on a free loopback port and stopping it.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// The endpoint binary cargo built for these tests.
pub(crate) const BINARY: &str = env!("CARGO_BIN_EXE_ozg-endpoint");

/// A running endpoint process, killed when dropped.
pub(crate) struct Instance {
    child: Child,
    /// `http://127.0.0.1:<port>`.
    pub(crate) base: String,
    /// The lines it wrote to stderr until it listened.
    pub(crate) startup_log: Vec<String>,
}

impl Instance {
    /// Starts `ozg-endpoint --config <config>` on a free loopback port with `env` set, and
    /// waits until it listens.
    pub(crate) fn start(config: &Path, env: &[(&str, &str)]) -> Instance {
        #[expect(
            clippy::zombie_processes,
            reason = "every path below either returns the child inside an Instance, which reaps it when dropped, or kills it and panics"
        )]
        let mut child = Command::new(BINARY)
            .arg("--config")
            .arg(config)
            .env("OZG_LISTEN", "127.0.0.1:0")
            .env("RUST_LOG", "info")
            .envs(env.iter().copied())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start ozg-endpoint");
        let stderr = child.stderr.take().expect("piped stderr");
        let (lines_tx, lines) = mpsc::channel();
        // Reads stderr to its end, so that the process never blocks on a full pipe.
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = lines_tx.send(line);
            }
        });
        let mut startup_log = Vec::new();
        loop {
            let line = match lines.recv_timeout(Duration::from_secs(30)) {
                Ok(line) => line,
                Err(error) => {
                    let _ = child.kill();
                    panic!("ozg-endpoint did not start ({error}); it said:\n{startup_log:#?}");
                }
            };
            let addr = listening_address(&line);
            startup_log.push(line);
            if let Some(addr) = addr {
                return Instance {
                    child,
                    base: format!("http://{addr}"),
                    startup_log,
                };
            }
        }
    }

    /// Ends the process at once, as `kill -9` does: no request in flight gets an answer.
    pub(crate) fn kill(&mut self) {
        self.child.kill().expect("kill ozg-endpoint");
        self.child.wait().expect("reap ozg-endpoint");
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The address in the "listening on http://…" line, in text or JSON logs.
fn listening_address(line: &str) -> Option<SocketAddr> {
    let rest = &line[line.find("listening on http://")? + "listening on http://".len()..];
    let end = rest.find([' ', '"', ')']).unwrap_or(rest.len());
    rest[..end].parse().ok()
}

/// A config file in `dir` for instances that share the database at `database_url`, sign
/// challenges alike and let a test's load through.
pub(crate) fn shared_config(dir: &Path, database_url: &str) -> std::path::PathBuf {
    let config = dir.join("ozg-endpoint.toml");
    std::fs::write(
        &config,
        format!(
            "database_url = \"{database_url}\"\n\
             challenge_secret = \"ein-gemeinsames-geheimnis-aller-instanzen-0123\"\n\
             rate_limit_per_minute = 1000000\n\
             [antispam]\n\
             min_delay_seconds = 0\n"
        ),
    )
    .expect("write config");
    config
}

/// Imports the demo service into the database of `config` (and so creates and migrates it).
pub(crate) fn import_demo_service(config: &Path) {
    let service = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../sdk/tests/data/service.json"
    );
    let status = Command::new(BINARY)
        .arg("--config")
        .arg(config)
        .args(["import", "--department", "Jobcenter Musterstadt", service])
        .stdout(Stdio::null())
        .status()
        .expect("run ozg-endpoint import");
    assert!(status.success(), "import failed: {status}");
}
