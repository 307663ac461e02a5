//! The signature algorithms the core verifies, and the allow-list a policy keeps.

use core::fmt;
use core::str::FromStr;

use crate::ConfigError;

/// A JWS signature algorithm (RFC 7518 section 3, RFC 8037, RFC 9864).
///
/// Every name exists in every build; the ones whose cargo feature is off (`es256`,
/// `es384`, `es512`, `eddsa`, `pss`) are not [supported](Algorithm::is_supported): they
/// do not parse, and a policy that allows one does not build.
///
/// ```
/// use edgejwt_core::Algorithm;
/// assert_eq!("RS256".parse::<Algorithm>(), Ok(Algorithm::RS256));
/// assert!("rs256".parse::<Algorithm>().is_err()); // names are case-sensitive
/// assert!("HS256".parse::<Algorithm>().is_err()); // never: no shared secrets
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Algorithm {
    /// RSASSA-PKCS1-v1_5 with SHA-256 (what Cognito uses).
    RS256,
    /// RSASSA-PKCS1-v1_5 with SHA-384.
    RS384,
    /// RSASSA-PKCS1-v1_5 with SHA-512.
    RS512,
    /// RSASSA-PSS with SHA-256, MGF1 with SHA-256, a 32-byte salt (feature `pss`).
    PS256,
    /// RSASSA-PSS with SHA-384, MGF1 with SHA-384, a 48-byte salt (feature `pss`).
    PS384,
    /// RSASSA-PSS with SHA-512, MGF1 with SHA-512, a 64-byte salt (feature `pss`).
    PS512,
    /// ECDSA on P-256 with SHA-256, signature `r || s` of 64 bytes (feature `es256`).
    ES256,
    /// ECDSA on P-384 with SHA-384, signature `r || s` of 96 bytes (feature `es384`).
    ES384,
    /// ECDSA on P-521 with SHA-512, signature `r || s` of 132 bytes (feature `es512`).
    ES512,
    /// EdDSA (RFC 8037); verified only with an Ed25519 key (feature `eddsa`).
    EdDSA,
    /// Ed25519 named fully (RFC 9864): the same check as `EdDSA` with an Ed25519 key.
    Ed25519,
}

/// The kind of key an algorithm verifies with: key policy binds the two.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KeyKind {
    Rsa,
    P256,
    P384,
    P521,
    Ed25519,
}

impl Algorithm {
    /// Every algorithm name, supported in this build or not.
    pub const ALL: [Algorithm; 11] = [
        Algorithm::RS256,
        Algorithm::RS384,
        Algorithm::RS512,
        Algorithm::PS256,
        Algorithm::PS384,
        Algorithm::PS512,
        Algorithm::ES256,
        Algorithm::ES384,
        Algorithm::ES512,
        Algorithm::EdDSA,
        Algorithm::Ed25519,
    ];

    /// The JOSE name (`"RS256"`); [`from_str`](Self::from_str) is its inverse.
    pub const fn name(self) -> &'static str {
        match self {
            Algorithm::RS256 => "RS256",
            Algorithm::RS384 => "RS384",
            Algorithm::RS512 => "RS512",
            Algorithm::PS256 => "PS256",
            Algorithm::PS384 => "PS384",
            Algorithm::PS512 => "PS512",
            Algorithm::ES256 => "ES256",
            Algorithm::ES384 => "ES384",
            Algorithm::ES512 => "ES512",
            Algorithm::EdDSA => "EdDSA",
            Algorithm::Ed25519 => "Ed25519",
        }
    }

    /// Whether this build verifies the algorithm (its cargo feature is on).
    pub const fn is_supported(self) -> bool {
        match self {
            Algorithm::RS256 | Algorithm::RS384 | Algorithm::RS512 => true,
            Algorithm::PS256 | Algorithm::PS384 | Algorithm::PS512 => cfg!(feature = "pss"),
            Algorithm::ES256 => cfg!(feature = "es256"),
            Algorithm::ES384 => cfg!(feature = "es384"),
            Algorithm::ES512 => cfg!(feature = "es512"),
            Algorithm::EdDSA | Algorithm::Ed25519 => cfg!(feature = "eddsa"),
        }
    }

    /// The only kind of key that may verify this algorithm.
    pub(crate) const fn key_kind(self) -> KeyKind {
        match self {
            Algorithm::RS256
            | Algorithm::RS384
            | Algorithm::RS512
            | Algorithm::PS256
            | Algorithm::PS384
            | Algorithm::PS512 => KeyKind::Rsa,
            Algorithm::ES256 => KeyKind::P256,
            Algorithm::ES384 => KeyKind::P384,
            Algorithm::ES512 => KeyKind::P521,
            Algorithm::EdDSA | Algorithm::Ed25519 => KeyKind::Ed25519,
        }
    }

    const fn bit(self) -> u16 {
        1 << (self as u16)
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Algorithm {
    type Err = ConfigError;

    /// The supported algorithm of this exact name; any other name, or one whose feature
    /// is off, is [`ConfigError::UnknownAlgorithm`].
    fn from_str(name: &str) -> Result<Self, ConfigError> {
        let alg = match name {
            "RS256" => Algorithm::RS256,
            "RS384" => Algorithm::RS384,
            "RS512" => Algorithm::RS512,
            "PS256" => Algorithm::PS256,
            "PS384" => Algorithm::PS384,
            "PS512" => Algorithm::PS512,
            "ES256" => Algorithm::ES256,
            "ES384" => Algorithm::ES384,
            "ES512" => Algorithm::ES512,
            "EdDSA" => Algorithm::EdDSA,
            "Ed25519" => Algorithm::Ed25519,
            _ => return Err(ConfigError::UnknownAlgorithm),
        };
        if alg.is_supported() {
            Ok(alg)
        } else {
            Err(ConfigError::UnknownAlgorithm)
        }
    }
}

/// The algorithms a verifier accepts; comes from the caller's policy, never from a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AlgorithmSet(u16);

impl AlgorithmSet {
    /// The safe default: RS256 only.
    pub const RS256_ONLY: AlgorithmSet = AlgorithmSet(Algorithm::RS256.bit());

    /// The set holding exactly `algorithms`.
    pub fn from_slice(algorithms: &[Algorithm]) -> Self {
        AlgorithmSet(algorithms.iter().fold(0, |bits, alg| bits | alg.bit()))
    }

    /// Whether `alg` is allowed.
    pub const fn contains(self, alg: Algorithm) -> bool {
        self.0 & alg.bit() != 0
    }

    /// Whether no algorithm is allowed.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }
}

impl Default for AlgorithmSet {
    fn default() -> Self {
        Self::RS256_ONLY
    }
}
