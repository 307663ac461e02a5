//! The one error type: a stable code per way a token, key set or fetch can fail.

use core::fmt;

/// Why a token (or a key set) was not accepted.
///
/// Every variant has a stable snake_case [`code`](Error::code) that never changes meaning;
/// adapters surface the same string (Rust `Display` prefix, JS `err.code`, CLI `--json`).
/// [`Display`](fmt::Display) gives a sentence for humans.
///
/// ```
/// use edgejwt_core::Error;
/// assert_eq!(Error::Expired.code(), "expired");
/// assert_eq!(Error::Expired.to_string(), "expired: the token has expired");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Error {
    /// The token is longer than the policy's limit; nothing was decoded.
    TooLarge,
    /// The token is not a well-formed compact JWS/JWT (shape, base64url, JSON, header).
    Malformed,
    /// The header's `alg` is not on the verifier's allow-list.
    UnsupportedAlgorithm,
    /// The header has no usable `kid`, so no key can be chosen: none at all, or (ALB
    /// profile, where it becomes part of a URL) one that is not a UUID.
    MissingKid,
    /// No key in the key set has the token's `kid`.
    UnknownKid,
    /// A key with the token's `kid` exists but policy forbids using it for this token.
    KeyRejected,
    /// The signature does not verify with the key.
    BadSignature,
    /// `exp` is in the past (leeway included).
    Expired,
    /// `nbf` is in the future (leeway included).
    NotYetValid,
    /// `iss` is not the configured issuer.
    IssuerMismatch,
    /// `aud` contains none of the configured audiences.
    AudienceMismatch,
    /// Cognito `token_use` is not the configured one (`id` or `access`).
    TokenUseMismatch,
    /// The Cognito client id (`aud` of id tokens, `client_id` of access tokens) is not allowed.
    ClientIdMismatch,
    /// `cognito:groups` contains none of the required groups.
    GroupMismatch,
    /// `scope` contains none of the required scopes.
    ScopeMismatch,
    /// A claim the policy requires is absent.
    MissingClaim,
    /// A claim has the wrong JSON type or an out-of-range value.
    InvalidClaim,
    /// The caller's custom check rejected the token.
    CustomRejected,
    /// (Adapters) the key set could not be fetched and no usable copy is cached.
    JwksUnavailable,
    /// The key set document is malformed.
    JwksInvalid,
    /// (AWS ALB profile) the header's `signer` is none of the configured load balancers.
    SignerMismatch,
}

impl Error {
    /// Every error, in declaration order (useful for documentation and exhaustive tests).
    pub const ALL: [Error; 21] = [
        Error::TooLarge,
        Error::Malformed,
        Error::UnsupportedAlgorithm,
        Error::MissingKid,
        Error::UnknownKid,
        Error::KeyRejected,
        Error::BadSignature,
        Error::Expired,
        Error::NotYetValid,
        Error::IssuerMismatch,
        Error::AudienceMismatch,
        Error::TokenUseMismatch,
        Error::ClientIdMismatch,
        Error::GroupMismatch,
        Error::ScopeMismatch,
        Error::MissingClaim,
        Error::InvalidClaim,
        Error::CustomRejected,
        Error::JwksUnavailable,
        Error::JwksInvalid,
        Error::SignerMismatch,
    ];

    /// The stable snake_case code, as fixed in ARCHITECTURE.md ("The verification order").
    pub const fn code(self) -> &'static str {
        match self {
            Error::TooLarge => "too_large",
            Error::Malformed => "malformed",
            Error::UnsupportedAlgorithm => "unsupported_algorithm",
            Error::MissingKid => "missing_kid",
            Error::UnknownKid => "unknown_kid",
            Error::KeyRejected => "key_rejected",
            Error::BadSignature => "bad_signature",
            Error::Expired => "expired",
            Error::NotYetValid => "not_yet_valid",
            Error::IssuerMismatch => "issuer_mismatch",
            Error::AudienceMismatch => "audience_mismatch",
            Error::TokenUseMismatch => "token_use_mismatch",
            Error::ClientIdMismatch => "client_id_mismatch",
            Error::GroupMismatch => "group_mismatch",
            Error::ScopeMismatch => "scope_mismatch",
            Error::MissingClaim => "missing_claim",
            Error::InvalidClaim => "invalid_claim",
            Error::CustomRejected => "custom_rejected",
            Error::JwksUnavailable => "jwks_unavailable",
            Error::JwksInvalid => "jwks_invalid",
            Error::SignerMismatch => "signer_mismatch",
        }
    }

    /// A sentence for humans; never includes token contents.
    pub const fn message(self) -> &'static str {
        match self {
            Error::TooLarge => "the token is longer than the allowed maximum",
            Error::Malformed => "the token is not a well-formed JWT",
            Error::UnsupportedAlgorithm => "the token's algorithm is not allowed",
            Error::MissingKid => "the token header has no usable key id (kid)",
            Error::UnknownKid => "no key in the key set has the token's key id",
            Error::KeyRejected => "the key for this token's key id may not be used for it",
            Error::BadSignature => "the signature does not verify",
            Error::Expired => "the token has expired",
            Error::NotYetValid => "the token is not valid yet (nbf)",
            Error::IssuerMismatch => "the token was issued by another issuer",
            Error::AudienceMismatch => "the token is meant for another audience",
            Error::TokenUseMismatch => "the token is of the wrong kind (token_use)",
            Error::ClientIdMismatch => "the token was issued to another client",
            Error::GroupMismatch => "the user is in none of the required groups",
            Error::ScopeMismatch => "the token has none of the required scopes",
            Error::MissingClaim => "a required claim is missing",
            Error::InvalidClaim => "a claim has the wrong type or an invalid value",
            Error::CustomRejected => "the application's own check rejected the token",
            Error::JwksUnavailable => "the key set could not be fetched",
            Error::JwksInvalid => "the key set is not a valid JWKS",
            Error::SignerMismatch => "the token was signed by another load balancer (signer)",
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code(), self.message())
    }
}

impl core::error::Error for Error {}

/// A verifier or key was configured wrongly: reported when it is built, never per token.
///
/// ```
/// use edgejwt_core::{ConfigError, Policy, TokenUse};
/// let err = Policy::cognito("not a pool id", TokenUse::Access).client_id("c").build().unwrap_err();
/// assert_eq!(err, ConfigError::InvalidUserPoolId);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConfigError {
    /// The Cognito user pool id is not of the form `region_id` (`us-east-1_AbC123`).
    InvalidUserPoolId,
    /// A Cognito policy needs at least one allowed client id.
    NoClientIds,
    /// A generic OIDC policy needs at least one allowed audience.
    NoAudiences,
    /// The issuer is empty.
    EmptyIssuer,
    /// The algorithm allow-list is empty.
    NoAlgorithms,
    /// The minimum RSA modulus size is outside 1024..=8192 bits.
    InvalidKeySize,
    /// A limit (token length, JSON depth) is zero or beyond what the core supports.
    InvalidLimit,
    /// An algorithm name is not one the core knows (RS*, PS*, ES*, EdDSA, Ed25519), or
    /// its cargo feature is off in this build.
    UnknownAlgorithm,
    /// A configured string (issuer, client id, audience, group, scope) is empty.
    EmptyValue,
    /// (Adapters) the JWKS URL is not HTTPS (plain HTTP only to loopback, when allowed).
    InvalidUrl,
    /// A verifier of several issuers was given none, the same issuer twice, or one that
    /// accepts any issuer (a token's `iss` must pick exactly one configuration).
    IssuersNotDistinct,
    /// An ALB policy needs at least one load balancer ARN.
    NoAlbArns,
    /// A load balancer ARN is not `arn:{aws|aws-cn|aws-us-gov}:elasticloadbalancing:{region}:{account}:loadbalancer/...`.
    InvalidAlbArn,
    /// The load balancers of one ALB policy are in different regions (or partitions),
    /// whose keys live at different addresses: configure one verifier per region.
    AlbRegionsDiffer,
    /// Values for a check (client ids, audiences) were given together with its explicit
    /// opt-out ("any client", "any audience"): say one or the other.
    ValuesAndOptOut,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ConfigError::InvalidUserPoolId => {
                "the user pool id must look like `us-east-1_AbC123` (region, underscore, id)"
            }
            ConfigError::NoClientIds => "at least one client id is required",
            ConfigError::NoAudiences => "at least one audience is required",
            ConfigError::EmptyIssuer => "the issuer must not be empty",
            ConfigError::NoAlgorithms => "at least one algorithm must be allowed",
            ConfigError::InvalidKeySize => "the minimum RSA key size must be 1024..=8192 bits",
            ConfigError::InvalidLimit => "a limit is zero or larger than supported",
            ConfigError::UnknownAlgorithm => {
                "unknown algorithm (RS256/384/512, PS256/384/512, ES256/384/512, EdDSA, Ed25519; \
                 some may be compiled out)"
            }
            ConfigError::EmptyValue => "configured values must not be empty",
            ConfigError::InvalidUrl => {
                "the JWKS URL must use https (plain http only to loopback, when allowed)"
            }
            ConfigError::NoAlbArns => "at least one load balancer ARN is required",
            ConfigError::InvalidAlbArn => {
                "a load balancer ARN must be arn:PARTITION:elasticloadbalancing:REGION:ACCOUNT:loadbalancer/..."
            }
            ConfigError::AlbRegionsDiffer => {
                "the load balancers of one verifier must be in one region (their keys are per region)"
            }
            ConfigError::ValuesAndOptOut => {
                "values and the explicit opt-out of the same check (\"any client\", \"any audience\") exclude each other"
            }
            ConfigError::IssuersNotDistinct => {
                "several issuers need at least one configuration, each with a different issuer"
            }
        })
    }
}

impl core::error::Error for ConfigError {}
