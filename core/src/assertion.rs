//! What a refused comparison compared: the claim, the token's value and the accepted
//! ones, found again on the error path only (aws-jwt-verify's `failedAssertion`).

use alloc::borrow::ToOwned;
use alloc::string::String;
use alloc::vec::Vec;

use crate::alb::AlbRules;
use crate::claims::Claims;
use crate::policy::AudienceRules;
use crate::{token, Algorithm, Error, Policy, TokenUse};

/// The comparison behind a mismatch, an expiry or a refused algorithm: which claim (or
/// header member), the token's value as its JSON text, and the accepted values. Claim
/// values only, never the token.
///
/// ```
/// use edgejwt_core::{KeySet, Policy};
/// let policy = Policy::oidc("https://issuer.example").audience("api").build()?;
/// // {"alg":"HS256","kid":"k"}.{}.sig
/// let token = "eyJhbGciOiJIUzI1NiIsImtpZCI6ImsifQ.e30.c2ln";
/// let error = policy.verify(token, &KeySet::new(), 0).unwrap_err();
/// let failed = policy.failed_assertion(token, error).unwrap();
/// assert_eq!((failed.claim, failed.actual.as_deref()), ("alg", Some("\"HS256\"")));
/// assert_eq!(failed.expected, ["RS256"]);
/// # Ok::<(), edgejwt_core::ConfigError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailedAssertion {
    /// The claim (or header member: `alg`, ALB's `signer`, `client`) compared.
    pub claim: &'static str,
    /// Its value in the token, as JSON text (`"\"https://x\""`, `1700000000`,
    /// `["a","b"]`); `None` when absent.
    pub actual: Option<String>,
    /// The values that would have been accepted (empty for times: the token was simply
    /// expired, or not yet valid).
    pub expected: Vec<String>,
}

impl Policy {
    /// The comparison that refused `token` with `error` (from [`verify`](Policy::verify)
    /// or a sibling): for `unsupported_algorithm`, `expired`, `not_yet_valid`, every
    /// `*_mismatch`, and a `missing_claim` whose claim is compared (`actual` then
    /// `None`); `None` for the other codes (see [`reason`](Policy::reason) for which
    /// claim a `missing_claim` or `invalid_claim` is about). Found again by reading the token, on the
    /// error path only; it does not verify anything.
    pub fn failed_assertion(&self, token: &str, error: Error) -> Option<FailedAssertion> {
        let (segments, header_json) = self.decode_header(token).ok()?;
        let header = Claims::new(&header_json);
        let payload_json = token::decode_text(segments.payload).unwrap_or_default();
        let payload = Claims::new(&payload_json);
        let one = |value: &str| Vec::from([value.to_owned()]);
        if error == Error::MissingClaim {
            // An absent compared claim: the values it would have had to match.
            let crate::Reason::MissingClaim(claim) =
                self.reason(token, &crate::KeySet::new(), error)
            else {
                return None;
            };
            let compared = match (claim, &self.rules) {
                ("signer" | "client", _) => return self.header_values(claim),
                ("exp", _) => return None,
                ("iss", _) => Error::IssuerMismatch,
                ("token_use", _) => Error::TokenUseMismatch,
                ("aud", AudienceRules::Oidc { .. }) => Error::AudienceMismatch,
                _ => Error::ClientIdMismatch,
            };
            let mut failed = self.failed_assertion(token, compared)?;
            failed.actual = None;
            if claim == "token_use" {
                // Absent, it is first not a kind at all: either kind would have been read.
                failed.expected = Vec::from(["id".to_owned(), "access".to_owned()]);
            }
            return Some(failed);
        }
        let (claim, from, expected) = match (error, &self.rules) {
            (Error::UnsupportedAlgorithm, _) => {
                let allowed = Algorithm::ALL
                    .into_iter()
                    .filter(|alg| self.algorithms.contains(*alg))
                    .map(|alg| alg.name().to_owned())
                    .collect();
                ("alg", header, allowed)
            }
            (Error::Expired, rules) => {
                let header_first = matches!(rules, AudienceRules::Alb(_))
                    && payload.date("exp").ok().flatten() >= header.date("exp").ok().flatten();
                (
                    "exp",
                    if header_first { header } else { payload },
                    Vec::new(),
                )
            }
            (Error::NotYetValid, _) => ("nbf", payload, Vec::new()),
            (Error::IssuerMismatch, rules) => {
                let header_differs = matches!(rules, AudienceRules::Alb(_))
                    && header
                        .string("iss")
                        .ok()
                        .flatten()
                        .is_some_and(|iss| !iss.eq_str(&self.issuer));
                let from = if header_differs { header } else { payload };
                ("iss", from, one(&self.issuer))
            }
            (Error::AudienceMismatch, AudienceRules::Oidc { audiences, .. }) => {
                ("aud", payload, audiences.clone().unwrap_or_default())
            }
            (Error::TokenUseMismatch, AudienceRules::Cognito { token_use, .. }) => {
                let expected = match token_use {
                    Some(kind) => one(kind.as_str()),
                    None => Vec::from(["id".to_owned(), "access".to_owned()]),
                };
                ("token_use", payload, expected)
            }
            (
                Error::ClientIdMismatch,
                AudienceRules::Cognito {
                    token_use,
                    client_ids,
                    ..
                },
            ) => {
                let used_as = payload.string("token_use").ok().flatten();
                let claim = match token_use.or_else(|| used_as.and_then(TokenUse::named)) {
                    Some(TokenUse::Id) => "aud",
                    _ => "client_id",
                };
                (claim, payload, client_ids.clone().unwrap_or_default())
            }
            (Error::ClientIdMismatch, AudienceRules::Alb(AlbRules { client_ids, .. })) => {
                ("client", header, client_ids.clone().unwrap_or_default())
            }
            (Error::SignerMismatch, AudienceRules::Alb(AlbRules { signers, .. })) => {
                ("signer", header, signers.clone())
            }
            (Error::GroupMismatch, AudienceRules::Cognito { groups, .. }) => {
                ("cognito:groups", payload, groups.clone())
            }
            (
                Error::ScopeMismatch,
                AudienceRules::Cognito { scopes, .. } | AudienceRules::Oidc { scopes, .. },
            ) => ("scope", payload, scopes.clone()),
            _ => return None,
        };
        Some(FailedAssertion {
            claim,
            actual: from.json_text(claim),
            expected,
        })
    }

    /// The accepted values of an ALB header member (`signer`, `client`), absent.
    fn header_values(&self, claim: &'static str) -> Option<FailedAssertion> {
        let AudienceRules::Alb(AlbRules {
            signers,
            client_ids,
        }) = &self.rules
        else {
            return None;
        };
        let expected = match claim {
            "signer" => signers.clone(),
            _ => client_ids.clone()?,
        };
        Some(FailedAssertion {
            claim,
            actual: None,
            expected,
        })
    }
}
