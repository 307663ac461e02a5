//! The authorizer's settings: environment variables in, a [`Verifier`] out.

use std::collections::BTreeMap;
use std::fmt;

use edgejwt_std::{Algorithm, TokenUse, Verifier, VerifierBuilder};

/// Every variable the authorizer reads. Any other `EDGEJWT_*` variable is refused: a
/// misspelt setting must stop the function, not be skipped.
const KNOWN: [&str; 12] = [
    "EDGEJWT_USER_POOL_ID",
    "EDGEJWT_TOKEN_USE",
    "EDGEJWT_CLIENT_ID",
    "EDGEJWT_GROUP",
    "EDGEJWT_ISSUER",
    "EDGEJWT_AUDIENCE",
    "EDGEJWT_SCOPE",
    "EDGEJWT_ALGORITHMS",
    "EDGEJWT_LEEWAY",
    "EDGEJWT_JWKS_URL",
    "EDGEJWT_JWKS_FILE",
    "EDGEJWT_ALLOW_HTTP_LOOPBACK",
];

/// Why the authorizer cannot start: the variable and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetupError(pub String);

impl fmt::Display for SetupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SetupError {}

fn problem(text: impl Into<String>) -> SetupError {
    SetupError(text.into())
}

/// The verifier the variables describe. `pinned_at_build` is the JWKS baked in at build
/// time (`EDGEJWT_PINNED_JWKS`; empty when none): with it, or with `EDGEJWT_JWKS_FILE`,
/// keys are never fetched.
///
/// - Cognito: `EDGEJWT_USER_POOL_ID`, `EDGEJWT_TOKEN_USE` (`access` or `id`),
///   `EDGEJWT_CLIENT_ID` (comma-separated), optionally `EDGEJWT_GROUP`, `EDGEJWT_SCOPE`.
/// - Any OIDC issuer: `EDGEJWT_ISSUER`, `EDGEJWT_AUDIENCE` (comma-separated), optionally
///   `EDGEJWT_SCOPE`; keys from the issuer's discovery document unless `EDGEJWT_JWKS_URL`.
/// - Both: `EDGEJWT_ALGORITHMS` (default `RS256`), `EDGEJWT_LEEWAY` (seconds, default 0),
///   `EDGEJWT_JWKS_URL`, `EDGEJWT_JWKS_FILE` (a JWKS shipped with the function),
///   `EDGEJWT_ALLOW_HTTP_LOOPBACK=1` (tests and local emulators only).
///
/// ```
/// use std::collections::BTreeMap;
/// let vars: BTreeMap<String, String> = [
///     ("EDGEJWT_USER_POOL_ID", "us-east-1_AbC123"),
///     ("EDGEJWT_TOKEN_USE", "access"),
///     ("EDGEJWT_CLIENT_ID", "3lt4gb6bs1pdbeu1b2vnhsg1q1"),
/// ]
/// .into_iter()
/// .map(|(k, v)| (k.to_owned(), v.to_owned()))
/// .collect();
/// let verifier = edgejwt_lambda::verifier_from_env(&vars, "")?;
/// assert_eq!(verifier.issuer(), "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123");
/// // A setting the authorizer does not know stops it.
/// let mut typo = vars.clone();
/// typo.insert("EDGEJWT_CLIENTID".into(), "x".into());
/// assert!(edgejwt_lambda::verifier_from_env(&typo, "").is_err());
/// # Ok::<(), edgejwt_lambda::SetupError>(())
/// ```
pub fn verifier_from_env(
    vars: &BTreeMap<String, String>,
    pinned_at_build: &str,
) -> Result<Verifier, SetupError> {
    if let Some(unknown) = vars
        .keys()
        .find(|name| name.starts_with("EDGEJWT_") && !KNOWN.contains(&name.as_str()))
    {
        return Err(problem(format!(
            "{unknown}: not a setting of this authorizer (known: {})",
            KNOWN.join(", ")
        )));
    }
    let get = |name: &str| vars.get(name).map(String::as_str);
    let pins = get("EDGEJWT_JWKS_FILE").is_some() || !pinned_at_build.trim().is_empty();
    if pins && get("EDGEJWT_JWKS_URL").is_some() {
        return Err(problem(
            "EDGEJWT_JWKS_URL and pinned keys (EDGEJWT_JWKS_FILE or a build with EDGEJWT_PINNED_JWKS) exclude each other",
        ));
    }
    let pinned = pinned_keys(vars, pinned_at_build)?;
    let verifier = match (get("EDGEJWT_USER_POOL_ID"), get("EDGEJWT_ISSUER")) {
        (Some(pool), None) => {
            refuse_present(vars, &["EDGEJWT_AUDIENCE"], "EDGEJWT_USER_POOL_ID")?;
            let token_use = match get("EDGEJWT_TOKEN_USE") {
                Some("access") => TokenUse::Access,
                Some("id") => TokenUse::Id,
                other => {
                    return Err(problem(format!(
                        "EDGEJWT_TOKEN_USE must be `access` or `id` (got {other:?})"
                    )))
                }
            };
            let mut builder = Verifier::cognito(pool, token_use);
            for client in list(vars, "EDGEJWT_CLIENT_ID")?.unwrap_or_default() {
                builder = builder.client_id(client);
            }
            for group in list(vars, "EDGEJWT_GROUP")?.unwrap_or_default() {
                builder = builder.group(group);
            }
            for scope in list(vars, "EDGEJWT_SCOPE")?.unwrap_or_default() {
                builder = builder.scope(scope);
            }
            common(builder, vars, pinned.is_some())?
                .build()
                .map_err(|e| problem(format!("Cognito settings: {e}")))?
        }
        (None, Some(issuer)) => {
            refuse_present(
                vars,
                &["EDGEJWT_TOKEN_USE", "EDGEJWT_CLIENT_ID", "EDGEJWT_GROUP"],
                "EDGEJWT_ISSUER",
            )?;
            let mut builder = Verifier::oidc(issuer);
            for audience in list(vars, "EDGEJWT_AUDIENCE")?.unwrap_or_default() {
                builder = builder.audience(audience);
            }
            for scope in list(vars, "EDGEJWT_SCOPE")?.unwrap_or_default() {
                builder = builder.scope(scope);
            }
            common(builder, vars, pinned.is_some())?
                .build()
                .map_err(|e| problem(format!("OIDC settings: {e}")))?
        }
        _ => {
            return Err(problem(
                "set exactly one of EDGEJWT_USER_POOL_ID (Cognito) and EDGEJWT_ISSUER (OIDC)",
            ))
        }
    };
    if let Some((origin, jwks)) = pinned {
        verifier
            .cache_jwks(&jwks)
            .map_err(|e| problem(format!("{origin}: {e}")))?;
    }
    Ok(verifier)
}

/// The settings every kind of verifier shares.
fn common<Kind>(
    mut builder: VerifierBuilder<Kind>,
    vars: &BTreeMap<String, String>,
    pinned: bool,
) -> Result<VerifierBuilder<Kind>, SetupError> {
    if let Some(names) = list(vars, "EDGEJWT_ALGORITHMS")? {
        let algorithms = names
            .iter()
            .map(|name| name.parse::<Algorithm>())
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| problem(format!("EDGEJWT_ALGORITHMS: {e}")))?;
        builder = builder.algorithms(&algorithms);
    }
    if let Some(leeway) = vars.get("EDGEJWT_LEEWAY") {
        let seconds = leeway.parse().map_err(|_| {
            problem(format!(
                "EDGEJWT_LEEWAY must be whole seconds (got {leeway:?})"
            ))
        })?;
        builder = builder.leeway(seconds);
    }
    match vars.get("EDGEJWT_ALLOW_HTTP_LOOPBACK").map(String::as_str) {
        None => {}
        Some("1" | "true") => builder = builder.allow_http_loopback(true),
        Some(other) => {
            return Err(problem(format!(
                "EDGEJWT_ALLOW_HTTP_LOOPBACK must be 1 or true (got {other:?})"
            )))
        }
    }
    // Both at once was refused before.
    match (vars.get("EDGEJWT_JWKS_URL"), pinned) {
        (_, true) => Ok(builder.offline()),
        (Some(url), false) => Ok(builder.jwks_url(url)),
        (None, false) => Ok(builder),
    }
}

/// The pinned JWKS and where it came from, if any.
fn pinned_keys(
    vars: &BTreeMap<String, String>,
    pinned_at_build: &str,
) -> Result<Option<(String, String)>, SetupError> {
    match (vars.get("EDGEJWT_JWKS_FILE"), pinned_at_build.trim().is_empty()) {
        (Some(_), false) => Err(problem(
            "EDGEJWT_JWKS_FILE is set but this build has keys pinned (EDGEJWT_PINNED_JWKS): use one",
        )),
        (Some(path), true) => std::fs::read_to_string(path)
            .map(|text| Some((format!("EDGEJWT_JWKS_FILE={path}"), text)))
            .map_err(|e| problem(format!("EDGEJWT_JWKS_FILE={path}: {e}"))),
        (None, false) => Ok(Some((
            "the JWKS pinned at build time".to_owned(),
            pinned_at_build.to_owned(),
        ))),
        (None, true) => Ok(None),
    }
}

/// A comma-separated list; an empty item is a mistake, not something to skip.
fn list<'a>(
    vars: &'a BTreeMap<String, String>,
    name: &str,
) -> Result<Option<Vec<&'a str>>, SetupError> {
    let Some(value) = vars.get(name) else {
        return Ok(None);
    };
    let items: Vec<&str> = value.split(',').map(str::trim).collect();
    if items.iter().any(|item| item.is_empty()) {
        return Err(problem(format!("{name}: an empty item in {value:?}")));
    }
    Ok(Some(items))
}

/// Settings of the other kind of verifier are refused, not ignored.
fn refuse_present(
    vars: &BTreeMap<String, String>,
    names: &[&str],
    kind: &str,
) -> Result<(), SetupError> {
    match names.iter().find(|name| vars.contains_key(**name)) {
        Some(name) => Err(problem(format!("{name} does not apply with {kind}"))),
        None => Ok(()),
    }
}
