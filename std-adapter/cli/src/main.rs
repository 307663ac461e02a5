//! `edgejwt`: verify, inspect and demo JWTs from the terminal (the contract of flags, output
//! and exit statuses is in ARCHITECTURE.md, "Command line").
//!
//! Exit status: 0 valid, 1 token rejected, 2 usage, configuration or JWKS error.

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
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Verify a token: signature, expiry, issuer, audience or Cognito rules.
    Verify(Box<verify::VerifyArgs>),
    /// Decode a token WITHOUT verifying it (for debugging).
    Inspect {
        /// The token, or `-` to read it from standard input.
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
    let status = match cli.command {
        Command::Verify(args) => verify::run(&args),
        Command::Inspect { token } => inspect::run(&token),
        Command::Demo => demo::run(),
    };
    ExitCode::from(status)
}

/// The token argument: as given, or standard input for `-` (only one trailing newline,
/// `\n` or `\r\n`, is removed; anything else is part of the token and judged as such).
pub(crate) fn read_token(arg: &str) -> std::io::Result<String> {
    if arg != "-" {
        return Ok(arg.to_owned());
    }
    let mut text = String::new();
    std::io::Read::read_to_string(&mut std::io::stdin(), &mut text)?;
    if let Some(stripped) = text.strip_suffix('\n') {
        text = stripped.strip_suffix('\r').unwrap_or(stripped).to_owned();
    }
    Ok(text)
}

/// Parses a JSON text the core already validated, for printing.
pub(crate) fn json_value(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or(serde_json::Value::Null)
}
