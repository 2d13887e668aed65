//! A throwaway PostgreSQL server for the endpoint tests: a data folder under `target/tmp/`,
//! trust authentication on loopback only, a free port, and no durability (the data is thrown
//! away). Dropping the [`Server`] stops it and removes the folder, whether the tests passed
//! or not.
//!
//! PostgreSQL refuses to run as root; as root, its programs run as the `postgres` system user
//! that Debian's package creates, and the folder belongs to that user.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::Project;
use crate::cmd::{self, Result};
use crate::tools;

/// A running server; stopped and removed on drop.
pub(crate) struct Server {
    bin: PathBuf,
    dir: PathBuf,
    as_postgres_user: bool,
    port: u16,
}

impl Server {
    /// Creates a cluster with the programs in `bin` and starts it on a free loopback port.
    pub(crate) fn start(project: &Project, bin: PathBuf) -> Result<Server> {
        let mut server = Server {
            bin,
            dir: project.target_dir.join("tmp").join("postgres"),
            as_postgres_user: tools::is_root(),
            port: 0,
        };
        // A run that was interrupted may have left its server behind.
        server.stop();
        std::fs::create_dir_all(&server.dir)?;
        if server.as_postgres_user {
            give_to_postgres_user(&server.dir)?;
        }
        cmd::output(server.program("initdb").args([
            "--pgdata",
            &server.data().to_string_lossy(),
            "--auth=trust",
            "--username=postgres",
            "--encoding=UTF8",
            "--locale=C",
            "--no-sync",
        ]))?;
        server.port = free_port()?;
        let options = format!(
            "-c listen_addresses=127.0.0.1 -c port={} -c unix_socket_directories='' \
             -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
             -c max_connections=200",
            server.port
        );
        let log = server.dir.join("server.log");
        let started = cmd::output(server.pg_ctl("start").args([
            "--timeout=60",
            "--log",
            &log.to_string_lossy(),
            "--options",
            &options,
        ]));
        if let Err(error) = started {
            let log = std::fs::read_to_string(&log).unwrap_or_default();
            return Err(format!("PostgreSQL did not start: {error}\n{log}").into());
        }
        Ok(server)
    }

    /// The URL of the server's `postgres` database, as the superuser `postgres`.
    pub(crate) fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    fn data(&self) -> PathBuf {
        self.dir.join("data")
    }

    /// `program` of the server, run as the `postgres` user when we are root.
    fn program(&self, program: &str) -> Command {
        let path = self.bin.join(program);
        if self.as_postgres_user {
            let mut command = Command::new("runuser");
            command.args(["-u", "postgres", "--"]).arg(path);
            command
        } else {
            Command::new(path)
        }
    }

    /// `pg_ctl <action>` on the data folder, waiting until it is done.
    fn pg_ctl(&self, action: &str) -> Command {
        let mut command = self.program("pg_ctl");
        command
            .args([action, "--wait", "--pgdata"])
            .arg(self.data());
        command
    }

    /// Stops the server if one runs in the folder, and removes the folder.
    fn stop(&self) {
        if self.data().join("postmaster.pid").exists() {
            let stopped = cmd::output(self.pg_ctl("stop").arg("--mode=immediate"));
            if let Err(error) = stopped {
                eprintln!("could not stop PostgreSQL: {error}");
            }
        }
        if self.dir.exists()
            && let Err(error) = std::fs::remove_dir_all(&self.dir)
        {
            eprintln!("could not remove {}: {error}", self.dir.display());
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A loopback port nobody listens on right now.
fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// Hands `dir` to the `postgres` system user, which the server runs as.
fn give_to_postgres_user(dir: &Path) -> Result<()> {
    let id = |flag: &str| {
        cmd::probe(Command::new("id").args([flag, "postgres"]))
            .and_then(|id| id.parse::<u32>().ok())
            .ok_or("running as root needs the `postgres` system user to run PostgreSQL as")
    };
    let (uid, gid) = (id("-u")?, id("-g")?);
    #[cfg(unix)]
    std::os::unix::fs::chown(dir, Some(uid), Some(gid))?;
    #[cfg(not(unix))]
    let _ = (dir, uid, gid);
    Ok(())
}
