//! What a verifier accepts: issuer, audiences or Cognito rules, algorithms, leeway, limits.

use alloc::boxed::Box;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use crate::json::MAX_SUPPORTED_DEPTH;
use crate::rsa_key::{MAX_MODULUS_BITS, MIN_HELD_MODULUS_BITS};
use crate::{Algorithm, AlgorithmSet, Claims, ConfigError, SignatureBackend};

/// Which kind of Cognito token a policy accepts (`token_use` claim).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenUse {
    /// ID tokens (`token_use: "id"`): the client id is checked against `aud`.
    Id,
    /// Access tokens (`token_use: "access"`): the client id is checked against `client_id`.
    Access,
}

impl TokenUse {
    /// The kind a `token_use` value names (`"id"` or `"access"`, exactly).
    pub(crate) fn named(value: crate::json::JsonStr<'_>) -> Option<TokenUse> {
        [TokenUse::Id, TokenUse::Access]
            .into_iter()
            .find(|kind| value.eq_str(kind.as_str()))
    }

    /// `"id"` or `"access"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            TokenUse::Id => "id",
            TokenUse::Access => "access",
        }
    }
}

/// Audience rules: the part of a policy that differs between generic OIDC and Cognito.
#[derive(Debug, Clone)]
pub(crate) enum AudienceRules {
    /// `aud` must contain one of these (`None`: not checked, an explicit opt-out), and
    /// `scope` one of `scopes` when any are required.
    Oidc {
        audiences: Option<Vec<String>>,
        scopes: Vec<String>,
    },
    /// Cognito: `token_use`, client id (`None`: not checked, an explicit opt-out), and
    /// optional groups/scopes (any-of).
    Cognito {
        /// `None`: either kind (an explicit opt-out); `token_use` must still be one.
        token_use: Option<TokenUse>,
        client_ids: Option<Vec<String>>,
        groups: Vec<String>,
        scopes: Vec<String>,
    },
    /// AWS ALB: the header's `signer` and `client` (payload `iss` and `exp` as usual).
    Alb(crate::alb::AlbRules),
}

/// A caller's own last check over the verified claims; `false` rejects the token.
pub type CustomCheck = dyn Fn(&Claims<'_>) -> bool + Send + Sync;

/// A complete, validated verification policy. Build one with [`Policy::cognito`] or
/// [`Policy::oidc`], then call [`Policy::verify`].
///
/// ```
/// use edgejwt_core::{Policy, TokenUse};
/// let policy = Policy::cognito("us-east-1_AbC123", TokenUse::Access)
///     .client_id("3lt4gb6bs1pdbeu1b2vnhsg1q1")
///     .leeway(5)
///     .build()?;
/// assert_eq!(policy.issuer(), "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123");
/// # Ok::<(), edgejwt_core::ConfigError>(())
/// ```
pub struct Policy {
    pub(crate) issuer: String,
    /// `false` only by the explicit opt-out [`PolicyBuilder::any_issuer`].
    pub(crate) check_issuer: bool,
    pub(crate) rules: AudienceRules,
    pub(crate) algorithms: AlgorithmSet,
    pub(crate) leeway: u64,
    pub(crate) max_token_len: usize,
    pub(crate) max_json_depth: usize,
    pub(crate) min_modulus_bits: u32,
    pub(crate) custom: Option<Box<CustomCheck>>,
    pub(crate) backend: Option<Box<dyn SignatureBackend + Send + Sync>>,
    /// Distinguishes policies in a [`VerifiedCache`](crate::VerifiedCache).
    pub(crate) identity: usize,
}

impl fmt::Debug for Policy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Policy")
            .field("issuer", &self.issuer)
            .field("check_issuer", &self.check_issuer)
            .field("rules", &self.rules)
            .field("algorithms", &self.algorithms)
            .field("leeway", &self.leeway)
            .field("max_token_len", &self.max_token_len)
            .field("max_json_depth", &self.max_json_depth)
            .field("min_modulus_bits", &self.min_modulus_bits)
            .field("custom", &self.custom.is_some())
            .field("backend", &self.signature_backend_name())
            .finish()
    }
}

/// Builder for a generic OIDC policy (see [`Policy::oidc`]).
pub struct Oidc {
    issuer: String,
    audiences: Vec<String>,
    any_audience: bool,
    any_issuer: bool,
    scopes: Vec<String>,
}

/// Builder state for a Cognito policy (see [`Policy::cognito`]).
pub struct Cognito {
    user_pool_id: String,
    /// Set by [`Policy::cognito_at`]: the issuer itself instead of one derived from a pool id.
    custom_issuer: Option<String>,
    token_use: TokenUse,
    any_token_use: bool,
    client_ids: Vec<String>,
    any_client: bool,
    groups: Vec<String>,
    scopes: Vec<String>,
}

/// Builder state for an AWS ALB policy (see [`Policy::alb`]).
pub struct Alb {
    issuer: String,
    signers: Vec<String>,
    client_ids: Vec<String>,
    any_client: bool,
}

/// Builds a [`Policy`]; every setting is checked in [`build`](PolicyBuilder::build).
pub struct PolicyBuilder<Kind> {
    kind: Kind,
    algorithms: Vec<Algorithm>,
    leeway: u64,
    max_token_len: usize,
    max_json_depth: usize,
    min_modulus_bits: u32,
    custom: Option<Box<CustomCheck>>,
    backend: Option<Box<dyn SignatureBackend + Send + Sync>>,
}

impl Policy {
    /// Default largest token accepted, in bytes (checked before any decoding).
    pub const DEFAULT_MAX_TOKEN_LEN: usize = 16 * 1024;
    /// Default deepest JSON nesting in header and payload.
    pub const DEFAULT_MAX_JSON_DEPTH: usize = 16;
    /// Default smallest RSA modulus, in bits.
    pub const DEFAULT_MIN_MODULUS_BITS: u32 = 2048;

    /// A policy for any OIDC issuer: `iss` must equal `issuer` and `aud` must contain one
    /// of the [`audience`](PolicyBuilder::audience)s (at least one is required).
    pub fn oidc(issuer: &str) -> PolicyBuilder<Oidc> {
        PolicyBuilder::new(Oidc {
            issuer: String::from(issuer),
            audiences: Vec::new(),
            any_audience: false,
            any_issuer: false,
            scopes: Vec::new(),
        })
    }

    /// A policy for an Amazon Cognito user pool (`us-east-1_AbC123`): the issuer follows
    /// from the pool id, `token_use` must match, and the client id must be one of the
    /// [`client_id`](PolicyBuilder::client_id)s (at least one is required).
    pub fn cognito(user_pool_id: &str, token_use: TokenUse) -> PolicyBuilder<Cognito> {
        PolicyBuilder::new(Cognito {
            user_pool_id: String::from(user_pool_id),
            custom_issuer: None,
            token_use,
            any_token_use: false,
            client_ids: Vec::new(),
            any_client: false,
            groups: Vec::new(),
            scopes: Vec::new(),
        })
    }

    /// Cognito's rules (`token_use`, the client id from `aud` or `client_id`, groups,
    /// scopes) for tokens from `issuer` itself instead of a pool id's AWS issuer: for
    /// local emulators (cognito-local, LocalStack) and other Cognito-compatible issuers.
    /// `iss` must equal `issuer` exactly.
    ///
    /// ```
    /// use edgejwt_core::{Policy, TokenUse};
    /// let policy = Policy::cognito_at("http://localhost:9229/local_5OCW0lGw", TokenUse::Access)
    ///     .client_id("local-client")
    ///     .build()?;
    /// assert_eq!(policy.issuer(), "http://localhost:9229/local_5OCW0lGw");
    /// # Ok::<(), edgejwt_core::ConfigError>(())
    /// ```
    pub fn cognito_at(issuer: &str, token_use: TokenUse) -> PolicyBuilder<Cognito> {
        let mut builder = Self::cognito("", token_use);
        builder.kind.custom_issuer = Some(String::from(issuer));
        builder
    }

    /// A policy for the tokens an AWS Application Load Balancer puts in the
    /// `x-amzn-oidc-data` header: ES256 (the default allow-list of this profile), the
    /// payload's `iss` equal to `issuer` (the IdP's, as configured on the listener), the
    /// header's `signer` one of the [`signer`](PolicyBuilder::signer) ARNs (at least one),
    /// its `client` one of the [`client_id`](PolicyBuilder::client_id)s (at least one,
    /// unless [`any_client`](PolicyBuilder::any_client)), both `exp`s (header and payload)
    /// in the future, a UUID `kid`. Only this profile accepts segments with canonical `=`
    /// padding, as ALB writes them. Needs the `es256` feature (default) unless you
    /// allow other algorithms.
    ///
    /// ```
    /// use edgejwt_core::Policy;
    /// let built = Policy::alb("https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123")
    ///     .signer("arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188")
    ///     .client_id("3lt4gb6bs1pdbeu1b2vnhsg1q1")
    ///     .build();
    /// # #[cfg(not(feature = "es256"))] { assert!(built.is_err()); return Ok(()); } // ES256 is off
    /// let policy = built?;
    /// assert_eq!(policy.check_header("not.a.token").unwrap_err().code(), "malformed");
    /// # Ok::<(), edgejwt_core::ConfigError>(())
    /// ```
    pub fn alb(issuer: &str) -> PolicyBuilder<Alb> {
        PolicyBuilder::new(Alb {
            issuer: String::from(issuer),
            signers: Vec::new(),
            client_ids: Vec::new(),
            any_client: false,
        })
        .algorithms(&[Algorithm::ES256])
    }

    /// Whether token segments may carry canonical `=` padding (the ALB profile only).
    pub(crate) fn accepts_padding(&self) -> bool {
        matches!(self.rules, AudienceRules::Alb(_))
    }

    /// The issuer tokens must name in `iss`.
    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// Whether `iss` is checked (false only after [`PolicyBuilder::any_issuer`]).
    pub fn checks_issuer(&self) -> bool {
        self.check_issuer
    }

    /// The allowed algorithms.
    pub fn algorithms(&self) -> AlgorithmSet {
        self.algorithms
    }

    /// Which arithmetic checks signatures: `"pure-rust"` (the core's own, the default
    /// here), else the [`SignatureBackend::name`] of the one given with
    /// [`signature_backend`](PolicyBuilder::signature_backend).
    ///
    /// ```
    /// use edgejwt_core::Policy;
    /// let policy = Policy::oidc("https://i").audience("a").build()?;
    /// assert_eq!(policy.signature_backend_name(), "pure-rust");
    /// # Ok::<(), edgejwt_core::ConfigError>(())
    /// ```
    pub fn signature_backend_name(&self) -> &'static str {
        self.backend
            .as_ref()
            .map_or("pure-rust", |backend| backend.name())
    }

    /// The deepest JSON nesting accepted in header and payload.
    pub fn max_json_depth(&self) -> usize {
        self.max_json_depth
    }

    /// The largest accepted token, in bytes.
    pub fn max_token_len(&self) -> usize {
        self.max_token_len
    }
}

impl<Kind> PolicyBuilder<Kind> {
    fn new(kind: Kind) -> Self {
        Self {
            kind,
            algorithms: Vec::from([Algorithm::RS256]),
            leeway: 0,
            max_token_len: Policy::DEFAULT_MAX_TOKEN_LEN,
            max_json_depth: Policy::DEFAULT_MAX_JSON_DEPTH,
            min_modulus_bits: Policy::DEFAULT_MIN_MODULUS_BITS,
            custom: None,
            backend: None,
        }
    }

    /// Check signatures with this backend instead of the built-in pure-Rust arithmetic
    /// (for example ring or aws-lc-rs on servers, through `edgejwt-std`'s features).
    #[must_use]
    pub fn signature_backend(
        mut self,
        backend: impl SignatureBackend + Send + Sync + 'static,
    ) -> Self {
        self.backend = Some(Box::new(backend));
        self
    }

    /// The allowed algorithms (default: RS256 only). The token's `alg` must be one of them.
    #[must_use]
    pub fn algorithms(mut self, algorithms: &[Algorithm]) -> Self {
        self.algorithms = Vec::from(algorithms);
        self
    }

    /// Seconds of clock skew tolerated for `exp` and `nbf` (default 0).
    #[must_use]
    pub fn leeway(mut self, seconds: u64) -> Self {
        self.leeway = seconds;
        self
    }

    /// Largest token accepted, in bytes (default 16 KiB).
    #[must_use]
    pub fn max_token_len(mut self, bytes: usize) -> Self {
        self.max_token_len = bytes;
        self
    }

    /// Deepest JSON nesting accepted in header and payload (default 16, at most 64).
    #[must_use]
    pub fn max_json_depth(mut self, depth: usize) -> Self {
        self.max_json_depth = depth;
        self
    }

    /// Smallest RSA modulus accepted, in bits (default 2048; 1024..=8192).
    #[must_use]
    pub fn min_modulus_bits(mut self, bits: u32) -> Self {
        self.min_modulus_bits = bits;
        self
    }

    /// A last check of your own, run after every built-in check passed; returning
    /// `false` rejects the token with `custom_rejected`.
    #[must_use]
    pub fn custom_check(
        mut self,
        check: impl Fn(&Claims<'_>) -> bool + Send + Sync + 'static,
    ) -> Self {
        self.custom = Some(Box::new(check));
        self
    }

    fn finish(self, issuer: String, rules: AudienceRules) -> Result<Policy, ConfigError> {
        self.finish_checking(issuer, true, rules)
    }

    fn finish_checking(
        self,
        issuer: String,
        check_issuer: bool,
        rules: AudienceRules,
    ) -> Result<Policy, ConfigError> {
        if issuer.is_empty() && check_issuer {
            return Err(ConfigError::EmptyIssuer);
        }
        if self.algorithms.is_empty() {
            return Err(ConfigError::NoAlgorithms);
        }
        // An algorithm whose feature is off is refused here, never silently dropped.
        if !self.algorithms.iter().all(|alg| alg.is_supported()) {
            return Err(ConfigError::UnknownAlgorithm);
        }
        if !(MIN_HELD_MODULUS_BITS..=MAX_MODULUS_BITS).contains(&self.min_modulus_bits) {
            return Err(ConfigError::InvalidKeySize);
        }
        if self.max_token_len == 0
            || self.max_json_depth < 2
            || self.max_json_depth > MAX_SUPPORTED_DEPTH
        {
            return Err(ConfigError::InvalidLimit);
        }
        Ok(Policy {
            issuer,
            check_issuer,
            rules,
            algorithms: AlgorithmSet::from_slice(&self.algorithms),
            leeway: self.leeway,
            max_token_len: self.max_token_len,
            max_json_depth: self.max_json_depth,
            min_modulus_bits: self.min_modulus_bits,
            custom: self.custom,
            backend: self.backend,
            identity: crate::identity::next_identity(),
        })
    }
}

/// The accepted values of a check, or `None` for its explicit opt-out ("any"); values and
/// the opt-out together are refused, and neither is `none`.
fn opt_out(
    values: &[String],
    any: bool,
    none: ConfigError,
) -> Result<Option<Vec<String>>, ConfigError> {
    match (any, values.is_empty()) {
        (true, true) => Ok(None),
        (true, false) => Err(ConfigError::ValuesAndOptOut),
        (false, _) => {
            require_values(values, none)?;
            Ok(Some(Vec::from(values)))
        }
    }
}

fn push_value(list: &mut Vec<String>, value: &str) {
    list.push(String::from(value));
}

fn require_values(list: &[String], none: ConfigError) -> Result<(), ConfigError> {
    if list.is_empty() {
        return Err(none);
    }
    if list.iter().any(String::is_empty) {
        return Err(ConfigError::EmptyValue);
    }
    Ok(())
}

impl PolicyBuilder<Oidc> {
    /// Adds an accepted audience (`aud` must contain at least one accepted value).
    #[must_use]
    pub fn audience(mut self, audience: &str) -> Self {
        push_value(&mut self.kind.audiences, audience);
        self
    }

    /// Accepts any `aud` (aws-jwt-verify's explicit `audience: null`): only for an
    /// issuer whose every token is meant for you. Refused together with audiences.
    #[must_use]
    pub fn any_audience(mut self) -> Self {
        self.kind.any_audience = true;
        self
    }

    /// Does not check `iss` (aws-jwt-verify's explicit `issuer: null`, for an issuer
    /// whose `iss` varies): the keys alone then decide who issued the token. The issuer
    /// given to [`Policy::oidc`] is kept for display only; such a policy cannot share a
    /// verifier with other issuers.
    #[must_use]
    pub fn any_issuer(mut self) -> Self {
        self.kind.any_issuer = true;
        self
    }

    /// Requires at least one of the added OAuth scopes (`scope`).
    #[must_use]
    pub fn scope(mut self, scope: &str) -> Self {
        push_value(&mut self.kind.scopes, scope);
        self
    }

    /// Checks every setting and returns the policy.
    pub fn build(self) -> Result<Policy, ConfigError> {
        let audiences = opt_out(
            &self.kind.audiences,
            self.kind.any_audience,
            ConfigError::NoAudiences,
        )?;
        if self.kind.scopes.iter().any(String::is_empty) {
            return Err(ConfigError::EmptyValue);
        }
        let issuer = self.kind.issuer.clone();
        let rules = AudienceRules::Oidc {
            audiences,
            scopes: self.kind.scopes.clone(),
        };
        let check_issuer = !self.kind.any_issuer;
        self.finish_checking(issuer, check_issuer, rules)
    }
}

impl PolicyBuilder<Cognito> {
    /// Adds an allowed app client id (at least one is required).
    #[must_use]
    pub fn client_id(mut self, client_id: &str) -> Self {
        push_value(&mut self.kind.client_ids, client_id);
        self
    }

    /// Accepts any client (aws-jwt-verify's explicit `clientId: null`): `aud` / `client_id`
    /// are then not checked. Refused together with client ids.
    #[must_use]
    pub fn any_client(mut self) -> Self {
        self.kind.any_client = true;
        self
    }

    /// Accepts id and access tokens alike (aws-jwt-verify's explicit `tokenUse: null`):
    /// `token_use` must still be `"id"` or `"access"`, and the client id is then read
    /// from the claim its value names (`aud` or `client_id`).
    #[must_use]
    pub fn any_token_use(mut self) -> Self {
        self.kind.any_token_use = true;
        self
    }

    /// Requires membership of at least one of the added groups (`cognito:groups`).
    #[must_use]
    pub fn group(mut self, group: &str) -> Self {
        push_value(&mut self.kind.groups, group);
        self
    }

    /// Requires at least one of the added OAuth scopes (`scope`).
    #[must_use]
    pub fn scope(mut self, scope: &str) -> Self {
        push_value(&mut self.kind.scopes, scope);
        self
    }

    /// Checks every setting and returns the policy.
    pub fn build(self) -> Result<Policy, ConfigError> {
        let issuer = match &self.kind.custom_issuer {
            Some(issuer) if issuer.is_empty() => return Err(ConfigError::EmptyValue),
            Some(issuer) => issuer.clone(),
            None => cognito_issuer(&self.kind.user_pool_id)?,
        };
        let client_ids = opt_out(
            &self.kind.client_ids,
            self.kind.any_client,
            ConfigError::NoClientIds,
        )?;
        for optional in [&self.kind.groups, &self.kind.scopes] {
            if optional.iter().any(String::is_empty) {
                return Err(ConfigError::EmptyValue);
            }
        }
        let rules = AudienceRules::Cognito {
            token_use: (!self.kind.any_token_use).then_some(self.kind.token_use),
            client_ids,
            groups: self.kind.groups.clone(),
            scopes: self.kind.scopes.clone(),
        };
        self.finish(issuer, rules)
    }
}

impl PolicyBuilder<Alb> {
    /// Sets the issuer the payload's `iss` (and the header's, when present) must equal.
    #[must_use]
    pub fn issuer(mut self, issuer: &str) -> Self {
        self.kind.issuer = String::from(issuer);
        self
    }

    /// Adds a load balancer ARN the header's `signer` may name (exactly; at least one).
    #[must_use]
    pub fn signer(mut self, alb_arn: &str) -> Self {
        push_value(&mut self.kind.signers, alb_arn);
        self
    }

    /// Adds a client id the header's `client` may name (at least one, unless
    /// [`any_client`](Self::any_client)).
    #[must_use]
    pub fn client_id(mut self, client_id: &str) -> Self {
        push_value(&mut self.kind.client_ids, client_id);
        self
    }

    /// Accepts any `client` (aws-jwt-verify's explicit `clientId: null`): only when every
    /// client of these load balancers may reach you. Refused together with client ids.
    #[must_use]
    pub fn any_client(mut self) -> Self {
        self.kind.any_client = true;
        self
    }

    /// Checks every setting (ARN syntax, one region, client ids) and returns the policy.
    pub fn build(self) -> Result<Policy, ConfigError> {
        require_values(&self.kind.signers, ConfigError::NoAlbArns)?;
        for arn in &self.kind.signers {
            crate::alb::check_arn(arn)?;
        }
        let client_ids = opt_out(
            &self.kind.client_ids,
            self.kind.any_client,
            ConfigError::NoClientIds,
        )?;
        let rules = AudienceRules::Alb(crate::alb::AlbRules {
            signers: self.kind.signers.clone(),
            client_ids,
        });
        let issuer = self.kind.issuer.clone();
        self.finish(issuer, rules)
    }
}

/// Splits `us-east-1_AbC123` into region and id, checking both.
fn split_user_pool_id(user_pool_id: &str) -> Result<(&str, &str), ConfigError> {
    let (region, id) = user_pool_id
        .split_once('_')
        .ok_or(ConfigError::InvalidUserPoolId)?;
    let region_ok = region.split('-').count() >= 3
        && region.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
        && region.ends_with(|c: char| c.is_ascii_digit());
    let id_ok = !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric());
    if region_ok && id_ok {
        Ok((region, id))
    } else {
        Err(ConfigError::InvalidUserPoolId)
    }
}

/// The issuer of a Cognito user pool: `https://cognito-idp.{region}.amazonaws.com/{pool}`.
///
/// ```
/// assert_eq!(
///     edgejwt_core::cognito_issuer("eu-west-1_Xyz9")?,
///     "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Xyz9"
/// );
/// # Ok::<(), edgejwt_core::ConfigError>(())
/// ```
pub fn cognito_issuer(user_pool_id: &str) -> Result<String, ConfigError> {
    let (region, _) = split_user_pool_id(user_pool_id)?;
    Ok(format!(
        "https://cognito-idp.{region}.amazonaws.com/{user_pool_id}"
    ))
}

/// The JWKS address of a Cognito user pool: `{issuer}/.well-known/jwks.json`.
///
/// ```
/// assert!(edgejwt_core::cognito_jwks_url("us-east-1_AbC123")?.ends_with("/.well-known/jwks.json"));
/// # Ok::<(), edgejwt_core::ConfigError>(())
/// ```
pub fn cognito_jwks_url(user_pool_id: &str) -> Result<String, ConfigError> {
    Ok(format!(
        "{}/.well-known/jwks.json",
        cognito_issuer(user_pool_id)?
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pool_ids_are_checked() {
        for good in ["us-east-1_AbC123", "us-gov-west-1_x", "ap-southeast-2_Q1"] {
            assert!(cognito_issuer(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "us-east-1",
            "_abc",
            "us-east-1_",
            "US-EAST-1_abc",
            "us-east_abc",
            "us-east-1_a/b",
            "us-east-1_a.b",
            "evil.com/x-1-1_a",
        ] {
            assert_eq!(
                cognito_issuer(bad),
                Err(ConfigError::InvalidUserPoolId),
                "{bad}"
            );
        }
    }

    #[test]
    fn cognito_requires_a_client_id() {
        let err = Policy::cognito("us-east-1_a", TokenUse::Id)
            .build()
            .unwrap_err();
        assert_eq!(err, ConfigError::NoClientIds);
        let err = Policy::cognito("us-east-1_a", TokenUse::Id)
            .client_id("")
            .build()
            .unwrap_err();
        assert_eq!(err, ConfigError::EmptyValue);
    }

    #[test]
    fn oidc_requires_an_audience_and_an_issuer() {
        assert_eq!(
            Policy::oidc("https://i").build().unwrap_err(),
            ConfigError::NoAudiences
        );
        assert_eq!(
            Policy::oidc("").audience("a").build().unwrap_err(),
            ConfigError::EmptyIssuer
        );
    }

    /// A build without a curve or PSS feature refuses a policy naming that algorithm,
    /// never building one that would silently reject (or worse) its tokens.
    #[test]
    fn algorithms_compiled_out_are_refused_at_build_and_parse() {
        let base = || Policy::oidc("https://i").audience("a");
        for alg in Algorithm::ALL {
            let built = base().algorithms(&[alg]).build();
            assert_eq!(built.is_ok(), alg.is_supported(), "{alg}");
            assert_eq!(alg.name().parse::<Algorithm>().is_ok(), alg.is_supported());
        }
        assert!(Algorithm::RS256.is_supported());
        assert_eq!(Algorithm::ES256.is_supported(), cfg!(feature = "es256"));
        assert_eq!(Algorithm::EdDSA.is_supported(), cfg!(feature = "eddsa"));
        assert_eq!(Algorithm::PS256.is_supported(), cfg!(feature = "pss"));
    }

    /// Without the curve features, EC and OKP keys are an unknown kind: skipped.
    #[test]
    fn keys_of_a_kind_compiled_out_are_skipped() {
        let jwks = r#"{"keys":[{"kty":"EC","crv":"P-256","kid":"ec","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"},{"kty":"OKP","crv":"Ed25519","kid":"ed","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}]}"#;
        let keys = crate::KeySet::from_jwks(jwks).unwrap();
        let expected = usize::from(cfg!(feature = "es256")) + usize::from(cfg!(feature = "eddsa"));
        assert_eq!(keys.len(), expected);
        assert_eq!(keys.skipped(), 2 - expected);
    }

    #[test]
    fn bad_limits_and_algorithms_are_config_errors() {
        let base = || Policy::oidc("https://i").audience("a");
        assert_eq!(
            base().algorithms(&[]).build().unwrap_err(),
            ConfigError::NoAlgorithms
        );
        assert_eq!(
            base().min_modulus_bits(512).build().unwrap_err(),
            ConfigError::InvalidKeySize
        );
        assert_eq!(
            base().max_token_len(0).build().unwrap_err(),
            ConfigError::InvalidLimit
        );
        assert_eq!(
            base().max_json_depth(65).build().unwrap_err(),
            ConfigError::InvalidLimit
        );
    }
}
