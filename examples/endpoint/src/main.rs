//! The `ozg-endpoint` binary: `ozg-endpoint [--config FILE] [--seed demo]` serves;
//! `ozg-endpoint [--config FILE] import [--department NAME] FILE…` imports service descriptions;
//! `ozg-endpoint staff-token` prints a new staff token and its hash.
//!
//! Logs go to stderr; set `RUST_LOG` (default `info`) to change what is logged, and
//! `OZG_LOG_FORMAT=json` for one JSON object per line instead of text.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use ozg_endpoint::Config;
use tracing_subscriber::EnvFilter;

/// Reference authority endpoint for ozg-widget: service descriptions, updates and feedback.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Cli {
    /// TOML config file; `OZG_*` environment variables override its values.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Store demo data at start (kept as it is when already there).
    #[arg(long, value_enum, value_name = "DATA")]
    seed: Option<Seed>,
    #[command(subcommand)]
    command: Option<Command>,
}

/// What to do instead of serving.
#[derive(Debug, Subcommand)]
enum Command {
    /// Store service descriptions from JSON files in the wire format (all or none).
    Import {
        /// The department that receives feedback on these services; needed for new services,
        /// and replaces the department of known ones.
        #[arg(long, value_name = "NAME")]
        department: Option<String>,
        /// JSON files, one `ServiceDescription` each.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Print a new random staff token and the SHA-256 to put in a `[[staff]]` entry.
    StaffToken,
}

/// Data sets `--seed` can store.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum Seed {
    /// The service "Bürgergeld beantragen" and a few posts of its Jobcenter, plus stand-ins
    /// for Mastodon, Bluesky and an RSS feed on loopback, configured as sources.
    Demo,
}

#[tokio::main]
async fn main() -> ExitCode {
    if let Err(message) = init_logs(std::env::var("OZG_LOG_FORMAT").ok().as_deref()) {
        eprintln!("invalid environment variable OZG_LOG_FORMAT: {message}");
        return ExitCode::FAILURE;
    }
    let cli = Cli::parse();
    if matches!(cli.command, Some(Command::StaffToken)) {
        let (token, hash) = ozg_endpoint::new_staff_token();
        println!("token:        {token}");
        println!("token_sha256 = \"{hash}\"");
        eprintln!(
            "Give the token to the member of staff (as bearer token, or as the password with \
             `user` for basic auth) and put the token_sha256 line in their [[staff]] entry. \
             The token is not stored anywhere."
        );
        return ExitCode::SUCCESS;
    }
    let config = match Config::load(cli.config.as_deref()) {
        Ok(config) => config,
        Err(error) => {
            tracing::error!("{}", chain(&error));
            return ExitCode::FAILURE;
        }
    };
    if let Some(Command::Import { department, files }) = cli.command {
        return import(&config, &files, department.as_deref()).await;
    }
    match ozg_endpoint::serve(config, matches!(cli.seed, Some(Seed::Demo))).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!("{}", chain(error.as_ref()));
            ExitCode::FAILURE
        }
    }
}

/// Logs to stderr as text for people, or as one JSON object per line (`json`) for log
/// collectors: `timestamp`, `level`, `target`, `fields.message` and the event's other fields.
fn init_logs(format: Option<&str>) -> Result<(), String> {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format.map(str::trim) {
        None | Some("" | "text") => builder.init(),
        Some("json") => builder
            .json()
            .with_current_span(false)
            .with_span_list(false)
            .init(),
        Some(other) => return Err(format!("expected `text` or `json`, got {other:?}")),
    }
    Ok(())
}

async fn import(config: &Config, files: &[PathBuf], department: Option<&str>) -> ExitCode {
    let pool = match ozg_endpoint::db::connect(&config.database_url).await {
        Ok(pool) => pool,
        Err(error) => {
            tracing::error!("{}", chain(&error));
            return ExitCode::FAILURE;
        }
    };
    match ozg_endpoint::import::import(&pool, files, department).await {
        Ok(descriptions) => {
            for description in &descriptions {
                println!("imported {} {}", description.leika, description.title);
            }
            ExitCode::SUCCESS
        }
        Err(errors) => {
            // Plain lines, one per problem, so an editor can jump from file to file.
            for error in &errors {
                eprintln!("{error}");
            }
            eprintln!("nothing was imported");
            ExitCode::FAILURE
        }
    }
}

/// An error and all its causes on one line: `could not listen on …: address in use`.
fn chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
