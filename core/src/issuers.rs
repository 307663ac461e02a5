//! Several issuers in one verifier: the token's `iss`, read before any key is looked up,
//! picks the one policy (and so the one key set) that may verify it.

use crate::claims::Claims;
use crate::{token, Error, Policy};

/// Which of `policies` a token claims to come from: the one whose issuer equals the
/// token's `iss` exactly (decoded, case-sensitive). Its keys alone may then verify the
/// token, so an unverified `iss` can never pick another issuer's key or rules: the choice
/// only narrows, and the chosen policy checks everything again, `iss` included.
///
/// Size, shape and a JSON header come first, then `iss`, then steps 1 to 3 again under the
/// chosen policy's own rules (its size limit, its algorithms). No
/// match is `issuer_mismatch`; a payload without a string `iss` is `missing_claim` (or
/// `invalid_claim`); a payload that is not a JSON object is `malformed`. Nothing here
/// fetches: a token naming an unknown issuer causes no traffic.
///
/// ```
/// use edgejwt_core::{choose_issuer, Error, Policy, TokenUse};
/// let pools = [
///     Policy::cognito("us-east-1_PoolA1", TokenUse::Access).client_id("a").build()?,
///     Policy::cognito("eu-west-1_PoolB1", TokenUse::Access).client_id("b").build()?,
/// ];
/// // {"alg":"RS256","kid":"k"} . {"iss":"https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_PoolB1"} . sig
/// let token = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsifQ.eyJpc3MiOiJodHRwczovL2NvZ25pdG8taWRwLmV1LXdlc3QtMS5hbWF6b25hd3MuY29tL2V1LXdlc3QtMV9Qb29sQjEifQ.c2ln";
/// assert_eq!(choose_issuer(token, &pools), Ok(1));
/// assert_eq!(choose_issuer("x.y.z", &pools), Err(Error::Malformed));
/// assert_eq!(choose_issuer(token, &pools[..1]), Err(Error::IssuerMismatch));
/// # Ok::<(), edgejwt_core::ConfigError>(())
/// ```
pub fn choose_issuer<'p, I>(token: &str, policies: I) -> Result<usize, Error>
where
    I: IntoIterator<Item = &'p Policy>,
    I::IntoIter: Clone,
{
    let policies = policies.into_iter();
    // The most permissive size among the policies decides only whether to read on; the
    // chosen policy applies its own limits below and again in verification.
    let max_len = policies
        .clone()
        .map(Policy::max_token_len)
        .max()
        .unwrap_or(Policy::DEFAULT_MAX_TOKEN_LEN);
    let max_depth = policies
        .clone()
        .map(Policy::max_json_depth)
        .max()
        .unwrap_or(Policy::DEFAULT_MAX_JSON_DEPTH);
    // ALB's padded segments are read only when some policy is of that profile.
    let segments = if policies.clone().any(Policy::accepts_padding) {
        token::split_padded(token, max_len)?
    } else {
        token::split(token, max_len)?
    };
    // The header must be a JSON object before the payload is read at all.
    token::decode_json_object(segments.header, max_depth)?;
    let payload = token::decode_json_object(segments.payload, max_depth)?;
    let claims = Claims::parse(&payload, max_depth)?;
    let iss = claims.string("iss")?.ok_or(Error::MissingClaim)?;
    let (chosen, policy) = policies
        .enumerate()
        // A policy that accepts any issuer never takes part: nothing could pick it.
        .find(|(_, policy)| policy.checks_issuer() && iss.eq_str(policy.issuer()))
        .ok_or(Error::IssuerMismatch)?;
    policy.check_header(token)?;
    Ok(chosen)
}
