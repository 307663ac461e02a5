//! Why a token was refused, finer than its code: for messages, and for adapters whose
//! error names distinguish more than the stable codes do (aws-jwt-verify's classes).

use crate::claims::Claims;
use crate::policy::AudienceRules;
use crate::token;
use crate::{Error, KeyError, KeySet, Policy, TokenUse};

/// The rule behind an [`Error`], when there is more to say than its code.
///
/// ```
/// use edgejwt_core::{Error, KeySet, Policy, Reason};
/// let policy = Policy::oidc("https://i").audience("a").build()?;
/// // {"kid":"k1"}.{}.sig: the header has no alg.
/// let token = "eyJraWQiOiJrMSJ9.e30.c2ln";
/// let error = policy.verify(token, &KeySet::new(), 0).unwrap_err();
/// assert_eq!(error, Error::Malformed);
/// assert_eq!(policy.reason(token, &KeySet::new(), error), Reason::MissingAlgorithm);
/// # Ok::<(), edgejwt_core::ConfigError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Reason {
    /// Nothing finer than the code.
    None,
    /// `malformed`: the header has no `alg`.
    MissingAlgorithm,
    /// `missing_claim`: this required claim (or, ALB profile, header member) is absent.
    MissingClaim(&'static str),
    /// `invalid_claim`: this claim (or, ALB profile, header member) has the wrong type.
    InvalidClaim(&'static str),
    /// `key_rejected`: the key's JWK `alg` names another algorithm.
    KeyAlgorithmMismatch,
    /// `key_rejected`: why the key may not be used (not for signatures, too small, ...).
    Key(KeyError),
}

impl Policy {
    /// The rule behind `error`, which [`verify`](Policy::verify) returned for `token`
    /// with `keys`: found again by the same steps, on the error path only, so
    /// verification itself carries no extra cost. [`Reason::None`] when there is nothing
    /// finer to say.
    pub fn reason(&self, token: &str, keys: &KeySet, error: Error) -> Reason {
        match error {
            Error::Malformed => self.malformed_reason(token),
            Error::KeyRejected => self.key_reason(token, keys),
            Error::MissingClaim => self.missing_claim(token),
            Error::InvalidClaim => self.invalid_claim(token),
            _ => None,
        }
        .unwrap_or(Reason::None)
    }

    fn malformed_reason(&self, token: &str) -> Option<Reason> {
        let (_, header) = self.decode_header(token).ok()?;
        let has_alg = crate::json::object_members(&header)?.get("alg").is_some();
        (!has_alg).then_some(Reason::MissingAlgorithm)
    }

    fn key_reason(&self, token: &str, keys: &KeySet) -> Option<Reason> {
        let (_, header) = self.decode_header(token).ok()?;
        let fields = self.read_header(&header).ok()?;
        self.choose_key_explained(keys, fields.kid, fields.alg)
            .err()
            .map(|(_, reason)| reason)
    }

    /// The first required claim that is absent, in the order the claims are checked.
    fn missing_claim(&self, token: &str) -> Option<Reason> {
        let (segments, header) = self.decode_header(token).ok()?;
        if let AudienceRules::Alb(rules) = &self.rules {
            // The header's members are read before the payload's.
            let header = Claims::new(&header);
            let client = rules.client_ids.is_some().then_some("client");
            let missing = ["signer"].into_iter().chain(client).chain(["exp"]);
            if let Some(name) = missing.into_iter().find(|n| header.get_raw(n).is_none()) {
                return Some(Reason::MissingClaim(name));
            }
        }
        let payload = token::decode_text(segments.payload).ok()?;
        let claims = Claims::parse(&payload, self.max_json_depth).ok()?;
        let iss = self.check_issuer.then_some("iss");
        let rest: [Option<&'static str>; 2] = match &self.rules {
            AudienceRules::Oidc { audiences, .. } => [audiences.as_ref().map(|_| "aud"), None],
            AudienceRules::Alb(_) => [None, None],
            AudienceRules::Cognito {
                token_use,
                client_ids,
                ..
            } => {
                // The client claim follows the kind configured, else the token's own.
                let kind = token_use.or_else(|| {
                    claims
                        .string("token_use")
                        .ok()
                        .flatten()
                        .and_then(TokenUse::named)
                });
                let client = client_ids.as_ref().and(kind).map(|kind| match kind {
                    TokenUse::Id => "aud",
                    TokenUse::Access => "client_id",
                });
                [Some("token_use"), client]
            }
        };
        [Some("exp"), iss]
            .into_iter()
            .chain(rest)
            .flatten()
            .find(|name| claims.get_raw(name).is_none())
            .map(Reason::MissingClaim)
    }

    /// The claim (or, ALB profile, header member) of the wrong type.
    fn invalid_claim(&self, token: &str) -> Option<Reason> {
        let (segments, header) = self.decode_header(token).ok()?;
        if let AudienceRules::Alb(_) = &self.rules {
            let header = Claims::new(&header);
            let wrong = ["kid", "signer", "client", "iss"]
                .into_iter()
                .find(|name| header.string(name).is_err())
                .or_else(|| header.date("exp").is_err().then_some("exp"));
            if let Some(name) = wrong {
                return Some(Reason::InvalidClaim(name));
            }
        }
        let payload = token::decode_text(segments.payload).ok()?;
        let claims = Claims::parse(&payload, self.max_json_depth).ok()?;
        claims.first_ill_typed().map(Reason::InvalidClaim)
    }
}
