//! Installing the tools the build and the tests need: idempotent, quick when all is there,
//! and a clear message when something cannot be installed from here.
//!
//! Only ordinary package clients are used (rustup, cargo install, npm ci, apt-get): nothing
//! downloads binaries from elsewhere, which the build machines do not allow.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::Project;
use crate::cmd::{self, Result};

const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// What turns the compiled wasm into the CDN folder.
#[derive(Debug)]
pub(crate) struct BuildTools {
    /// The `wasm-bindgen` CLI, at exactly the version of the `wasm-bindgen` crate in Cargo.lock.
    pub(crate) wasm_bindgen: PathBuf,
    /// Its companion that runs `wasm-bindgen-test` suites in a browser, same version.
    pub(crate) wasm_bindgen_test_runner: PathBuf,
    /// Node.js, which runs binaryen's `wasm-opt` (the npm package ships it as JavaScript).
    pub(crate) node: PathBuf,
    /// `xtask/node_modules/binaryen/bin/wasm-opt`, pinned in `xtask/package-lock.json`.
    pub(crate) wasm_opt: PathBuf,
    /// `xtask/node_modules/axe-core/axe.min.js`, which the accessibility tests inject.
    pub(crate) axe_js: PathBuf,
    /// `xtask/node_modules/.bin/esbuild`, which bundles the page's module.
    pub(crate) esbuild: PathBuf,
}

/// The browser the wasm tests and the end-to-end tests drive.
#[derive(Debug)]
pub(crate) struct Browser {
    /// The Chromium executable.
    pub(crate) chromium: PathBuf,
    /// The matching chromedriver.
    pub(crate) chromedriver: PathBuf,
}

/// Makes sure everything `cargo xtask build` runs is installed.
pub(crate) fn build_tools(project: &Project) -> Result<BuildTools> {
    wasm_target()?;
    let (wasm_bindgen, wasm_bindgen_test_runner) = wasm_bindgen_cli(project)?;
    let node = node()?;
    npm_packages(project)?;
    let modules = project.npm_dir().join("node_modules");
    Ok(BuildTools {
        wasm_bindgen,
        wasm_bindgen_test_runner,
        node,
        wasm_opt: modules.join("binaryen").join("bin").join("wasm-opt"),
        axe_js: modules.join("axe-core").join("axe.min.js"),
        esbuild: modules.join(".bin").join("esbuild"),
    })
}

/// Makes sure rustfmt and clippy are there for the toolchain cargo uses.
pub(crate) fn rust_components(project: &Project) -> Result<()> {
    let has = |sub: &str| cmd::probe(project.cargo().args([sub, "--version"])).is_some();
    if has("fmt") && has("clippy") {
        return Ok(());
    }
    if cmd::which("rustup").is_none() {
        return Err(
            "`cargo fmt` or `cargo clippy` is missing and there is no rustup to add them: \
                    install rustfmt and clippy for your Rust toolchain"
                .into(),
        );
    }
    cmd::run(Command::new("rustup").args(["component", "add", "rustfmt", "clippy"]))
}

/// Makes sure Chromium and a chromedriver of the same major version are installed.
pub(crate) fn browser() -> Result<Browser> {
    let find = |name: &str| {
        cmd::which(name).or_else(|| {
            let debian = Path::new("/usr/bin").join(name);
            debian.is_file().then_some(debian)
        })
    };
    if find("chromium").is_none() || find("chromedriver").is_none() {
        apt_install(&["chromium", "chromium-driver"], "the browser tests")?;
    }
    let chromium = find("chromium").ok_or("chromium is still missing after installing it")?;
    let chromedriver =
        find("chromedriver").ok_or("chromedriver is still missing after installing it")?;
    // A driver for another major version fails later with an obscure session error; say it here.
    let major = |program: &Path| {
        cmd::probe(Command::new(program).arg("--version")).and_then(|v| {
            v.split_whitespace()
                .find_map(|word| word.split('.').next()?.parse::<u32>().ok())
        })
    };
    match (major(&chromium), major(&chromedriver)) {
        (Some(browser), Some(driver)) if browser != driver => Err(format!(
            "{} is Chromium {browser} but {} is for Chromium {driver}: install matching versions",
            chromium.display(),
            chromedriver.display()
        )
        .into()),
        _ => Ok(Browser {
            chromium,
            chromedriver,
        }),
    }
}

fn wasm_target() -> Result<()> {
    if cmd::which("rustup").is_some() {
        let installed =
            cmd::output(Command::new("rustup").args(["target", "list", "--installed"]))?;
        if installed.lines().any(|line| line.trim() == WASM_TARGET) {
            return Ok(());
        }
        return cmd::run(Command::new("rustup").args(["target", "add", WASM_TARGET]));
    }
    // Without rustup (a distribution's Rust) the target's standard library is a folder in the sysroot.
    let sysroot = cmd::output(Command::new("rustc").args(["--print", "sysroot"]))?;
    if Path::new(sysroot.trim())
        .join("lib/rustlib")
        .join(WASM_TARGET)
        .is_dir()
    {
        Ok(())
    } else {
        Err(
            format!("the Rust target {WASM_TARGET} is missing and there is no rustup to add it")
                .into(),
        )
    }
}

/// The version of `package` that Cargo.lock pins (exactly one is expected).
pub(crate) fn locked_version(project: &Project, package: &str) -> Result<String> {
    let lock = std::fs::read_to_string(project.root.join("Cargo.lock"))?;
    let name_line = format!("name = \"{package}\"");
    let mut versions = Vec::new();
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == name_line {
            // In Cargo.lock the version line directly follows the name line.
            if let Some(version) = lines
                .next()
                .and_then(|l| l.trim().strip_prefix("version = \""))
                .and_then(|l| l.strip_suffix('"'))
            {
                versions.push(version.to_owned());
            }
        }
    }
    match versions.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(format!("Cargo.lock has no package {package}").into()),
        many => Err(format!("Cargo.lock has several versions of {package}: {many:?}").into()),
    }
}

/// Cargo's home: `$CARGO_HOME`, else `~/.cargo`.
pub(crate) fn cargo_home() -> Option<PathBuf> {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cargo")))
}

/// The `wasm-bindgen` and `wasm-bindgen-test-runner` binaries at the version Cargo.lock pins:
/// the CLI refuses modules from another version of the crate.
fn wasm_bindgen_cli(project: &Project) -> Result<(PathBuf, PathBuf)> {
    let version = locked_version(project, "wasm-bindgen")?;
    let cargo_bin = cargo_home().map(|home| home.join("bin"));
    let find = |name: &str| {
        // `cargo install` puts it into $CARGO_HOME/bin, which need not be on PATH.
        cmd::which(name)
            .into_iter()
            .chain(cargo_bin.as_ref().map(|bin| bin.join(name)))
            .find(|candidate| {
                cmd::probe(Command::new(candidate).arg("--version"))
                    .is_some_and(|v| v.split_whitespace().nth(1) == Some(version.as_str()))
            })
    };
    if let (Some(cli), Some(runner)) = (find("wasm-bindgen"), find("wasm-bindgen-test-runner")) {
        return Ok((cli, runner));
    }
    println!(
        "installing wasm-bindgen-cli {version} to match Cargo.lock (takes a few minutes, once)"
    );
    // No `--locked`: the CLI's lock file names a dependency version the registry no longer has.
    cmd::run(Command::new(&project.cargo).args([
        "install",
        "wasm-bindgen-cli",
        "--version",
        &version,
    ]))?;
    match (find("wasm-bindgen"), find("wasm-bindgen-test-runner")) {
        (Some(cli), Some(runner)) => Ok((cli, runner)),
        _ => Err(format!(
            "installed wasm-bindgen-cli {version} but cannot find it on PATH or in $CARGO_HOME/bin"
        )
        .into()),
    }
}

fn node() -> Result<PathBuf> {
    if cmd::which("node").is_none() || cmd::which("npm").is_none() {
        apt_install(
            &["nodejs", "npm"],
            "wasm-opt (binaryen) and axe-core from npm",
        )?;
    }
    cmd::which("node").ok_or_else(|| "node is still missing after installing it".into())
}

/// Runs `npm ci` in `xtask/` unless `node_modules` already holds exactly what the lock file pins.
fn npm_packages(project: &Project) -> Result<()> {
    let dir = project.npm_dir();
    let lock: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("package-lock.json"))?)?;
    let packages = lock["packages"]
        .as_object()
        .ok_or("xtask/package-lock.json has no \"packages\"")?;
    let stale = packages
        .iter()
        .filter(|(_, entry)| for_this_machine(entry))
        .filter_map(|(key, entry)| {
            Some((
                key.strip_prefix("node_modules/")?,
                entry["version"].as_str()?,
            ))
        })
        .find(|(name, locked)| {
            let installed =
                std::fs::read_to_string(dir.join("node_modules").join(name).join("package.json"))
                    .ok()
                    .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
                    .and_then(|json| json["version"].as_str().map(str::to_owned));
            installed.as_deref() != Some(*locked)
        });
    match stale {
        None => Ok(()),
        Some((name, version)) => {
            println!("xtask/node_modules lacks {name} {version}: running npm ci");
            cmd::run(
                Command::new("npm")
                    .args(["ci", "--no-audit", "--no-fund"])
                    .current_dir(&dir),
            )
        }
    }
}

/// Whether npm installs the locked package `entry` here: packages for other systems or
/// processors (esbuild's binary for each of them) are left out.
fn for_this_machine(entry: &serde_json::Value) -> bool {
    let os = match std::env::consts::OS {
        "macos" => "darwin",
        "windows" => "win32",
        other => other,
    };
    let cpu = match std::env::consts::ARCH {
        "x86_64" => "x64",
        "aarch64" => "arm64",
        "x86" => "ia32",
        other => other,
    };
    let allows = |field: &str, value: &str| {
        entry[field]
            .as_array()
            .is_none_or(|list| list.iter().any(|item| item.as_str() == Some(value)))
    };
    allows("os", os) && allows("cpu", cpu)
}

/// The folder of PostgreSQL's server programs (`initdb`, `pg_ctl`), installing Debian's
/// `postgresql` when there are none: the newest `/usr/lib/postgresql/<version>/bin`, or the
/// folder of `pg_ctl` on `PATH`.
pub(crate) fn postgres_server() -> Result<PathBuf> {
    if let Some(bin) = find_postgres_server() {
        return Ok(bin);
    }
    apt_install(&["postgresql"], "the endpoint tests on PostgreSQL")?;
    find_postgres_server().ok_or_else(|| {
        "initdb and pg_ctl are still missing after installing postgresql \
         (looked in /usr/lib/postgresql/*/bin and on PATH)"
            .into()
    })
}

fn find_postgres_server() -> Option<PathBuf> {
    let has_server = |bin: &Path| bin.join("initdb").is_file() && bin.join("pg_ctl").is_file();
    let mut debian: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .filter_map(|entry| {
            let entry = entry.ok()?;
            let version = entry.file_name().to_str()?.parse::<u32>().ok()?;
            let bin = entry.path().join("bin");
            has_server(&bin).then_some((version, bin))
        })
        .collect();
    debian.sort();
    debian.pop().map(|(_, bin)| bin).or_else(|| {
        let bin = cmd::which("pg_ctl")?.parent()?.to_path_buf();
        has_server(&bin).then_some(bin)
    })
}

/// Whether we run as root (and may install packages, and must not run PostgreSQL ourselves).
pub(crate) fn is_root() -> bool {
    cmd::probe(Command::new("id").arg("-u")).as_deref() == Some("0")
}

/// Installs Debian packages when we are root; otherwise says what to install.
pub(crate) fn apt_install(packages: &[&str], needed_for: &str) -> Result<()> {
    let list = packages.join(" ");
    if !is_root() || cmd::which("apt-get").is_none() {
        return Err(format!(
            "{needed_for} need the packages `{list}`; install them (Debian: `sudo apt-get install -y {list}`) \
             or run this as root on Debian to let xtask install them"
        )
        .into());
    }
    println!("installing {list} for {needed_for}");
    cmd::run(Command::new("apt-get").arg("update"))?;
    cmd::run(
        Command::new("apt-get")
            .args(["install", "-y"])
            .args(packages)
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )
}

#[cfg(test)]
mod tests {
    use super::for_this_machine;
    use serde_json::json;

    #[test]
    fn packages_for_other_systems_are_not_expected_in_node_modules() {
        assert!(for_this_machine(&json!({ "version": "1.0.0" })));
        assert!(!for_this_machine(
            &json!({ "os": ["darwin"], "cpu": ["arm64"], "optional": true })
        ));
        assert!(!for_this_machine(&json!({ "os": ["freebsd"] })));
        let here = json!({
            "os": ["linux", "darwin", "win32"],
            "cpu": ["x64", "arm64"],
        });
        assert!(for_this_machine(&here));
    }
}
