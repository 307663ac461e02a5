//! `edgejwt verify`: flags to a verifier, verdict to exit status and output.

use clap::{Args, ValueEnum};
use edgejwt_std::core::Reason;
use edgejwt_std::core::UnixTime;
use edgejwt_std::{
    Algorithm, Error, FailedAssertion, FetchFailure, MultiIssuerVerifier, TokenUse, VerifiedToken,
    Verifier,
};
use serde_json::json;

use crate::dates;
use crate::{json_value, read_token, REJECTED, USAGE, VALID};

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum TokenUseArg {
    Id,
    Access,
    /// Either kind (the client id is read from the claim the token's kind names).
    Any,
}

#[derive(Args)]
pub(crate) struct VerifyArgs {
    /// Cognito user pool id (`us-east-1_AbC123`): sets the issuer and the JWKS URL.
    /// Repeatable, and combinable with --issuer: the token's `iss` picks one.
    #[arg(long = "user-pool-id", value_name = "ID")]
    user_pool_ids: Vec<String>,
    /// Any OIDC issuer URL (the JWKS URL is discovered unless given). Repeatable.
    #[arg(long = "issuer", value_name = "URL")]
    issuers: Vec<String>,
    /// Fetch the JWKS from this URL (https; plain http only to loopback).
    #[arg(long, conflicts_with = "jwks_file")]
    jwks_url: Option<String>,
    /// Read the JWKS from this file (no network).
    #[arg(long)]
    jwks_file: Option<std::path::PathBuf>,
    /// AWS ALB: accept tokens (`x-amzn-oidc-data`) signed by this load balancer
    /// (repeatable, one region). Needs one --issuer (the IdP's) and --client-id or
    /// --any-client; keys come per kid from the region's key server.
    #[arg(long = "alb-arn", value_name = "ARN")]
    alb_arns: Vec<String>,
    /// AWS ALB: fetch keys from URL/KID instead of the region's key server.
    #[arg(
        long,
        value_name = "URL",
        requires = "alb_arns",
        conflicts_with = "jwks_file"
    )]
    alb_keys_url: Option<String>,
    /// Accept any client id, explicitly (Cognito's `aud`/`client_id`, or ALB's `client`,
    /// is then not checked).
    #[arg(long, conflicts_with = "client_ids")]
    any_client: bool,
    /// Accept any audience, explicitly (with --issuer: `aud` is then not checked).
    #[arg(long, conflicts_with = "audiences")]
    any_audience: bool,
    /// Allowed client id (repeatable): Cognito's (required with --user-pool-id), or the
    /// ALB header's `client` (with --alb-arn).
    #[arg(long = "client-id")]
    client_ids: Vec<String>,
    /// Accepted audience (repeatable; required with --issuer).
    #[arg(long = "audience")]
    audiences: Vec<String>,
    /// Cognito token kind (required with --user-pool-id).
    #[arg(long, value_enum)]
    token_use: Option<TokenUseArg>,
    /// Required Cognito group, any of (repeatable).
    #[arg(long = "group")]
    groups: Vec<String>,
    /// Required OAuth scope, any of (repeatable).
    #[arg(long = "scope")]
    scopes: Vec<String>,
    /// Allowed signature algorithm (repeatable; default RS256): RS256, RS384, RS512,
    /// PS256, PS384, PS512, ES256, ES384, ES512, EdDSA, Ed25519.
    #[arg(long = "alg", value_name = "ALG", value_parser = parse_algorithm)]
    algorithms: Vec<Algorithm>,
    /// Seconds of clock skew tolerated for exp and nbf.
    #[arg(long, default_value_t = 0)]
    leeway: u64,
    /// Verify as if it were this time (Unix seconds, to the millisecond: `1700000000.25`)
    /// instead of now.
    #[arg(long, value_parser = parse_unix_seconds)]
    now: Option<UnixTime>,
    /// Print one JSON object instead of text.
    #[arg(long)]
    json: bool,
    /// The token, or `-` to read it from standard input.
    token: String,
}

/// An algorithm name, exactly as JOSE spells it.
fn parse_algorithm(text: &str) -> Result<Algorithm, String> {
    text.parse().map_err(|_| {
        let known: Vec<&str> = Algorithm::ALL
            .into_iter()
            .filter(|alg| alg.is_supported())
            .map(Algorithm::name)
            .collect();
        format!(
            "'{text}' is not an algorithm edgejwt verifies ({})",
            known.join(", ")
        )
    })
}

/// `SECONDS[.FRACTION]` to a time, to the millisecond (finer digits must be zeros, so
/// no time is silently rounded).
fn parse_unix_seconds(text: &str) -> Result<UnixTime, String> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    let wrong = || format!("'{text}' is not a time in Unix seconds (e.g. 1700000000.25)");
    if !digits(whole) || (text.contains('.') && !digits(fraction)) {
        return Err(wrong());
    }
    let (millis, finer) = fraction.split_at(fraction.len().min(3));
    if finer.bytes().any(|b| b != b'0') {
        return Err(format!(
            "'{text}': --now takes at most millisecond precision"
        ));
    }
    let seconds: u64 = whole.parse().map_err(|_| wrong())?;
    let millis: u64 = format!("{millis:0<3}").parse().map_err(|_| wrong())?;
    seconds
        .checked_mul(1000)
        .and_then(|ms| ms.checked_add(millis))
        .map(UnixTime::from_millis)
        .ok_or_else(wrong)
}

/// Why no verifier could be built: bad flags (`usage`), or a key set file that cannot be
/// read (`jwks_unavailable`) or is not a JWKS (`jwks_invalid`). All exit with status 2.
enum Setup {
    Usage(String),
    Jwks(Error, String),
}

use Setup::Usage;

/// One issuer's verifier, or several picked by the token's `iss`.
enum Built {
    One(Verifier),
    Many(MultiIssuerVerifier),
}

impl Built {
    fn verify(&self, token: &str) -> Result<VerifiedToken, Error> {
        match self {
            Built::One(verifier) => verifier.verify(token),
            Built::Many(verifiers) => verifiers.verify(token),
        }
    }

    fn last_fetch_failure(&self, token: &str) -> Option<FetchFailure> {
        match self {
            Built::One(verifier) => verifier.last_fetch_failure(),
            Built::Many(verifiers) => verifiers.last_fetch_failure(token),
        }
    }

    fn failed_assertion(&self, token: &str, error: Error) -> Option<FailedAssertion> {
        match self {
            Built::One(verifier) => verifier.failed_assertion(token, error),
            Built::Many(verifiers) => verifiers.failed_assertion(token, error),
        }
    }

    /// Which claim a `missing_claim`/`invalid_claim` is about.
    fn claim_of(&self, token: &str, error: Error) -> Option<&'static str> {
        let Built::One(verifier) = self else {
            return None;
        };
        match verifier.reason(token, error) {
            Reason::MissingClaim(claim) | Reason::InvalidClaim(claim) => Some(claim),
            _ => None,
        }
    }
}

/// `--alb-arn`: one ALB verifier for the IdP named by `--issuer`.
fn build_alb(args: &VerifyArgs) -> Result<Verifier, Setup> {
    let usage = |e: edgejwt_std::ConfigError| Usage(e.to_string());
    let [issuer] = &args.issuers[..] else {
        return Err(Usage(
            "--alb-arn needs exactly one --issuer (the IdP configured on the listener)".into(),
        ));
    };
    if !args.user_pool_ids.is_empty()
        || !args.audiences.is_empty()
        || args.any_audience
        || args.token_use.is_some()
        || !args.groups.is_empty()
        || !args.scopes.is_empty()
        || args.jwks_url.is_some()
    {
        return Err(Usage(
            "--alb-arn takes --issuer, --client-id (or --any-client), --alb-keys-url or              --jwks-file; not --user-pool-id, --audience, --token-use, --group, --scope or              --jwks-url"
                .into(),
        ));
    }
    let Some((first, more)) = args.alb_arns.split_first() else {
        return Err(Usage("--alb-arn ARN is required".into()));
    };
    let mut builder = Verifier::alb(first).issuer(issuer).leeway(args.leeway);
    builder = more.iter().fold(builder, |b, arn| b.signer(arn));
    builder = args.client_ids.iter().fold(builder, |b, c| b.client_id(c));
    if args.any_client {
        builder = builder.any_client();
    }
    if let Some(url) = &args.alb_keys_url {
        // Typed on the command line: plain http is allowed for loopback, as --jwks-url.
        builder = builder.keys_url(url).allow_http_loopback(true);
    }
    configure(builder, args).build().map_err(usage)
}

/// Reads `--jwks-file` into the verifier, when given.
fn load_jwks_file(verifier: &Verifier, args: &VerifyArgs) -> Result<(), Setup> {
    if let Some(path) = &args.jwks_file {
        let bytes = std::fs::read(path).map_err(|e| {
            let why = format!("cannot read {}: {e}", path.display());
            Setup::Jwks(Error::JwksUnavailable, why)
        })?;
        verifier
            .cache_jwks_bytes(&bytes)
            .map_err(|e| Setup::Jwks(e, format!("{}: {e}", path.display())))?;
    }
    Ok(())
}

fn build(args: &VerifyArgs) -> Result<Built, Setup> {
    let usage = |e: edgejwt_std::ConfigError| Usage(e.to_string());
    if !args.alb_arns.is_empty() {
        let verifier = build_alb(args)?;
        load_jwks_file(&verifier, args)?;
        return Ok(Built::One(verifier));
    }
    let (pools, issuers) = (&args.user_pool_ids, &args.issuers);
    if pools.is_empty() && issuers.is_empty() {
        return Err(Usage(
            "--user-pool-id ID or --issuer URL is required".into(),
        ));
    }
    // `--issuer` with `--token-use` (and no audience flags): Cognito's rules against that
    // issuer URL (local emulators such as cognito-local or LocalStack).
    let oidc_issuers = !args.audiences.is_empty() || args.any_audience;
    let cognito_issuers = args.token_use.is_some() && !oidc_issuers;
    if pools.is_empty()
        && !cognito_issuers
        && (!args.client_ids.is_empty() || args.any_client || !args.groups.is_empty())
    {
        return Err(Usage(
            "--client-id, --any-client and --group go with --user-pool-id, --alb-arn, or \
             --issuer with --token-use (Cognito's rules at that issuer)"
                .into(),
        ));
    }
    if issuers.is_empty() && oidc_issuers {
        return Err(Usage(
            "--audience and --any-audience go with --issuer; Cognito uses --client-id".into(),
        ));
    }
    let several = pools.len() + issuers.len() > 1;
    if several && (args.jwks_url.is_some() || args.jwks_file.is_some()) {
        return Err(Usage(
            "--jwks-url and --jwks-file name one issuer's keys: with several issuers each \
             fetches its own"
                .into(),
        ));
    }
    let mut verifiers = Vec::new();
    let cognito_targets = pools.iter().map(|pool| (pool, false)).chain(
        issuers
            .iter()
            .filter(|_| cognito_issuers)
            .map(|url| (url, true)),
    );
    for (target, is_url) in cognito_targets {
        let token_use = match args.token_use {
            Some(TokenUseArg::Id) => TokenUse::Id,
            Some(TokenUseArg::Access | TokenUseArg::Any) => TokenUse::Access,
            None => {
                return Err(Usage(
                    "--token-use id|access|any is required with --user-pool-id".into(),
                ))
            }
        };
        let mut builder = if is_url {
            // Typed on the command line: plain http is allowed for loopback emulators.
            Verifier::cognito_at(target, token_use).allow_http_loopback(true)
        } else {
            Verifier::cognito(target, token_use)
        };
        builder = builder.leeway(args.leeway);
        if matches!(args.token_use, Some(TokenUseArg::Any)) {
            builder = builder.any_token_use();
        }
        builder = args.client_ids.iter().fold(builder, |b, c| b.client_id(c));
        if args.any_client {
            builder = builder.any_client();
        }
        builder = args.groups.iter().fold(builder, |b, g| b.group(g));
        builder = args.scopes.iter().fold(builder, |b, s| b.scope(s));
        verifiers.push(configure(builder, args).build().map_err(usage)?);
    }
    for issuer in issuers.iter().filter(|_| !cognito_issuers) {
        let mut builder = Verifier::oidc(issuer).leeway(args.leeway);
        builder = args.audiences.iter().fold(builder, |b, a| b.audience(a));
        builder = args.scopes.iter().fold(builder, |b, s| b.scope(s));
        if args.any_audience {
            builder = builder.any_audience();
        }
        verifiers.push(configure(builder, args).build().map_err(usage)?);
    }
    if several {
        return MultiIssuerVerifier::new(verifiers)
            .map(Built::Many)
            .map_err(usage);
    }
    let verifier = verifiers
        .pop()
        .ok_or_else(|| Usage("--user-pool-id ID or --issuer URL is required".into()))?;
    load_jwks_file(&verifier, args)?;
    Ok(Built::One(verifier))
}

fn configure<K>(
    mut builder: edgejwt_std::VerifierBuilder<K>,
    args: &VerifyArgs,
) -> edgejwt_std::VerifierBuilder<K> {
    if let Some(now) = args.now {
        builder = builder.clock(move || now);
    }
    if !args.algorithms.is_empty() {
        builder = builder.algorithms(&args.algorithms);
    }
    if let Some(url) = &args.jwks_url {
        // A URL typed on the command line is an explicit choice: plain http is allowed
        // for loopback (local issuers); anything else must be https.
        builder = builder.jwks_url(url).allow_http_loopback(true);
    }
    if args.jwks_file.is_some() {
        builder = builder.offline();
    }
    builder
}

pub(crate) fn run(args: &VerifyArgs) -> u8 {
    let token = match read_token(&args.token) {
        Ok(token) => token,
        Err(e) => return report_usage(args.json, &format!("cannot read the token: {e}")),
    };
    let verifier = match build(args) {
        Ok(verifier) => verifier,
        Err(Usage(message)) => return report_usage(args.json, &message),
        Err(Setup::Jwks(error, message)) => {
            print_error(args.json, error, &message);
            return USAGE;
        }
    };
    match verifier.verify(&token) {
        Ok(verified) => {
            let now = args.now.unwrap_or_else(edgejwt_std::unix_now).as_secs();
            print_valid(args.json, &verified, now);
            VALID
        }
        Err(error @ (Error::JwksUnavailable | Error::JwksInvalid)) => {
            print_key_failure(args.json, error, verifier.last_fetch_failure(&token));
            USAGE
        }
        Err(error) => {
            let rejection = Rejection {
                error,
                failed: verifier.failed_assertion(&token, error),
                claim: verifier.claim_of(&token, error),
                now: args.now.unwrap_or_else(edgejwt_std::unix_now).as_secs(),
            };
            print_rejection(args.json, &rejection);
            REJECTED
        }
    }
}

fn print_valid(as_json: bool, verified: &VerifiedToken, now: u64) {
    let header = json_value(verified.header().json());
    let claims = json_value(verified.payload_json());
    if as_json {
        // The contract's object, unchanged: dates are for the text output.
        println!(
            "{}",
            json!({ "valid": true, "header": header, "claims": claims })
        );
    } else {
        println!("valid");
        println!(
            "header: {}",
            serde_json::to_string_pretty(&header).unwrap_or_default()
        );
        println!(
            "claims: {}",
            serde_json::to_string_pretty(&claims).unwrap_or_default()
        );
        for (name, seconds) in dates::date_claims(&claims) {
            println!("{name}: {seconds} = {}", dates::describe(seconds, now));
        }
    }
}

/// Why a token was rejected, for printing.
struct Rejection {
    error: Error,
    /// What was compared (claim, the token's value, the accepted ones).
    failed: Option<FailedAssertion>,
    /// Which claim a `missing_claim`/`invalid_claim` is about.
    claim: Option<&'static str>,
    /// The time the verdict was made at (Unix seconds), for "expired 3 h ago".
    now: u64,
}

/// A rejected token: the code, a sentence, and what was compared (or which claim).
fn print_rejection(as_json: bool, rejection: &Rejection) {
    let Rejection {
        error,
        ref failed,
        claim,
        now,
    } = *rejection;
    let mut message = error.message().to_owned();
    if let Some(failed) = failed {
        let actual = failed.actual.as_deref().unwrap_or("absent");
        message.push_str(&format!(" ({}: {actual}", failed.claim));
        if !failed.expected.is_empty() {
            message.push_str(&format!(", expected {}", failed.expected.join(" or ")));
        }
        message.push(')');
        // exp / nbf: when, in words.
        let seconds = failed
            .actual
            .as_deref()
            .and_then(|text| serde_json::from_str::<serde_json::Value>(text).ok())
            .and_then(|value| {
                value
                    .as_u64()
                    .or_else(|| value.as_f64().filter(|f| *f >= 0.0).map(|f| f as u64))
            });
        if let (Error::Expired | Error::NotYetValid, Some(seconds)) = (error, seconds) {
            let verb = if error == Error::Expired {
                "expired"
            } else {
                "valid from"
            };
            message.push_str(&format!(
                ": {verb} {}, {}",
                dates::relative(seconds, now),
                dates::utc(seconds)
            ));
        }
    } else if let Some(claim) = claim {
        message.push_str(&format!(" ({claim})"));
    }
    if !as_json {
        println!("rejected: {}: {message}", error.code());
        return;
    }
    let mut out = serde_json::Map::new();
    out.insert("valid".into(), false.into());
    out.insert("error".into(), error.code().into());
    out.insert("message".into(), message.into());
    if let Some(claim) = failed.as_ref().map(|failed| failed.claim).or(claim) {
        out.insert("claim".into(), claim.into());
    }
    if let Some(failed) = failed {
        let assertion = json!({
            "claim": failed.claim,
            "actual": failed.actual.as_deref().map(json_value),
            "expected": failed.expected,
        });
        out.insert("failed_assertion".into(), assertion);
    }
    println!("{}", serde_json::Value::Object(out));
}

/// No keys to verify with: the code, and why the fetch failed when one did.
fn print_key_failure(as_json: bool, error: Error, failure: Option<FetchFailure>) {
    let mut message = error.message().to_owned();
    if let Some(failure) = &failure {
        message.push_str(&format!(": {} ({})", failure.reason, failure.url));
    }
    if !as_json {
        println!("rejected: {}: {message}", error.code());
        return;
    }
    let mut out = json!({ "valid": false, "error": error.code(), "message": message });
    if let (Some(failure), Some(object)) = (failure, out.as_object_mut()) {
        let details = json!({ "url": failure.url, "kind": failure.kind, "reason": failure.reason });
        object.insert("fetch_failure".into(), details);
    }
    println!("{out}");
}

fn print_error(as_json: bool, error: Error, message: &str) {
    if as_json {
        println!(
            "{}",
            json!({ "valid": false, "error": error.code(), "message": message })
        );
    } else {
        println!("rejected: {}: {message}", error.code());
    }
}

fn report_usage(as_json: bool, message: &str) -> u8 {
    if as_json {
        println!(
            "{}",
            json!({ "valid": false, "error": "usage", "message": message })
        );
    } else {
        eprintln!("edgejwt verify: {message}");
    }
    USAGE
}
