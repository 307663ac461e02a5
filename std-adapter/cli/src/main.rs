//! `edgejwt`: verify, inspect and demo JWTs from the terminal (the contract of flags, output
//! and exit statuses is in ARCHITECTURE.md, "Command line").
//!
//! Exit status: 0 valid, 1 token rejected, 2 usage, configuration or JWKS error.

mod dates;
mod demo;
mod inspect;
mod verify;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "edgejwt",
    version,
    about = "Verify JWTs from Amazon Cognito and OIDC issuers"
)]
struct Cli {
    /// Show what the verifier does (JWKS fetches, cooldowns) on standard error; `-vv`
    /// for more. `RUST_LOG` (e.g. `RUST_LOG=edgejwt=debug`) takes precedence.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    verbose: u8,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Verify a token: signature, expiry, issuer, audience or Cognito rules.
    Verify(Box<verify::VerifyArgs>),
    /// Decode a token WITHOUT verifying it (for debugging).
    Inspect {
        /// Print one JSON object instead of text (still labelled unverified).
        #[arg(long)]
        json: bool,
        /// The token, `-` to read it from standard input, or `@FILE`.
        token: String,
    },
    /// Self-contained tour: a local issuer and JWKS on 127.0.0.1, good and bad tokens.
    Demo,
}

/// Exit statuses of the contract.
pub(crate) const VALID: u8 = 0;
pub(crate) const REJECTED: u8 = 1;
pub(crate) const USAGE: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Err(message) = start_logging(cli.verbose) {
        eprintln!("edgejwt: {message}");
        return ExitCode::from(USAGE);
    }
    let status = match cli.command {
        Command::Verify(args) => verify::run(&args),
        Command::Inspect { token, json } => inspect::run(&token, json),
        Command::Demo => demo::run(),
    };
    ExitCode::from(status)
}

/// The verifier's `tracing` events on standard error: as `RUST_LOG` says when it is set
/// (`target=level` pairs, or a level), else `-v` for edgejwt's debug events and `-vv` for
/// every event at trace level; nothing otherwise.
fn start_logging(verbose: u8) -> Result<(), String> {
    use tracing_subscriber::filter::{LevelFilter, Targets};
    use tracing_subscriber::prelude::*;
    let filter = match std::env::var("RUST_LOG") {
        Ok(spec) if !spec.trim().is_empty() => spec
            .parse::<Targets>()
            .map_err(|e| format!("RUST_LOG={spec:?} is not a filter: {e}"))?,
        _ => match verbose {
            0 => return Ok(()),
            1 => Targets::new().with_target("edgejwt", LevelFilter::DEBUG),
            _ => Targets::new().with_default(LevelFilter::TRACE),
        },
    };
    let layer = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_ansi(false);
    tracing_subscriber::registry()
        .with(layer)
        .with(filter)
        .try_init()
        .map_err(|e| e.to_string())
}

/// The token from an argument: the text itself, `-` for standard input, or `@FILE` for a
/// file. Surrounding whitespace and an HTTP `Bearer ` prefix (as copied from a request
/// header) are removed, and what was removed is said on standard error: a JWT holds
/// neither, so nothing of a token is lost.
pub(crate) fn read_token(arg: &str) -> std::io::Result<String> {
    let text = if arg == "-" {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut text)?;
        text
    } else if let Some(path) = arg.strip_prefix('@') {
        std::fs::read_to_string(path)?
    } else {
        arg.to_owned()
    };
    let trimmed = text.trim();
    let (token, had_bearer) = match trimmed.split_once(' ') {
        Some((scheme, rest)) if scheme.eq_ignore_ascii_case("bearer") => (rest.trim_start(), true),
        _ => (trimmed, false),
    };
    if had_bearer {
        eprintln!("note: removed the `Bearer ` prefix before the token");
    } else if token.len() != text.len() && arg != "-" {
        eprintln!("note: removed whitespace around the token");
    }
    Ok(token.to_owned())
}

/// Parses a JSON text the core already validated, for printing.
pub(crate) fn json_value(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or(serde_json::Value::Null)
}
