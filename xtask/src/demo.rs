//! `cargo xtask demo`: the demo portal page with the widget, served by the reference endpoint.
//!
//! One process serves all of it, as a small authority would run it: `www/` at `/`, the built
//! widget at `/cdn/`, the API at `/v1/`, on a SQLite file seeded with the demo service. Feedback
//! on the demo service is forwarded by signed webhook to a stand-in department receiver at
//! `/demo/forwards`.

use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use crate::Project;
use crate::cmd::{self, Result};
use crate::dist;

const DEFAULT_LISTEN: &str = "127.0.0.1:8080";

pub(crate) fn run(project: &Project) -> Result<()> {
    dist::build(project)?;

    let listen = std::env::var("OZG_LISTEN").unwrap_or_else(|_| DEFAULT_LISTEN.to_owned());
    let addr: SocketAddr = listen
        .parse()
        .map_err(|e| format!("OZG_LISTEN={listen} is not an address like {DEFAULT_LISTEN}: {e}"))?;
    let origin = format!("http://{addr}");

    // A fresh database on every start: the demo shows the seeded state, and a seed run twice
    // against an old file could clash with what an earlier session stored.
    let data = project.target_dir.join("demo");
    std::fs::create_dir_all(&data)?;
    let database = data.join("ozg.sqlite");
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let file = data.join(format!("ozg.sqlite{suffix}"));
        if file.exists() {
            std::fs::remove_file(file)?;
        }
    }

    let mut command = project.cargo();
    command
        .args(["run", "-p", "ozg-endpoint", "--", "--seed", "demo"])
        .env("OZG_LISTEN", addr.to_string())
        .env(
            "OZG_DATABASE_URL",
            format!("sqlite://{}?mode=rwc", database.display()),
        )
        .env("OZG_PUBLIC_URL", &origin)
        .env("OZG_CORS_ORIGINS", &origin)
        .env("OZG_STATIC_DIR", project.root.join("www"))
        .env("OZG_CDN_DIR", project.dist_dir());
    println!("$ {}", cmd::display(&command));
    let mut server = command.spawn()?;

    // Wait until the server accepts connections (cargo may compile it first), or until it exits.
    let deadline = Instant::now() + Duration::from_secs(900);
    loop {
        if let Some(status) = server.try_wait()? {
            return Err(
                format!("the endpoint exited before it listened on {addr} ({status})").into(),
            );
        }
        if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
            break;
        }
        if Instant::now() > deadline {
            server.kill()?;
            return Err(format!("the endpoint did not listen on {addr} within 15 minutes").into());
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    println!(
        "\ndemo portal: {origin}/  (English: {origin}/en.html, JSON-LD only: {origin}/jsonld.html)  Ctrl+C stops it\n\
         strict CSP: {origin}/csp.html  two widgets: {origin}/two.html  dark theme: {origin}/dark.html"
    );
    println!(
        "forwarded feedback: {origin}/demo/forwards  (the department's webhook receiver, checking signatures)\n"
    );
    let status = server.wait()?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("the endpoint stopped: {status}").into())
    }
}
