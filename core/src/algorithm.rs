//! The signature algorithms the core verifies, and the allow-list a policy keeps.

use core::fmt;
use core::str::FromStr;

use crate::ConfigError;

/// An RSASSA-PKCS1-v1_5 JWS algorithm (RFC 7518 section 3.3).
///
/// ```
/// use edgejwt_core::Algorithm;
/// assert_eq!("RS256".parse::<Algorithm>(), Ok(Algorithm::RS256));
/// assert!("rs256".parse::<Algorithm>().is_err()); // names are case-sensitive
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Algorithm {
    /// RSASSA-PKCS1-v1_5 with SHA-256 (what Cognito uses).
    RS256,
    /// RSASSA-PKCS1-v1_5 with SHA-384.
    RS384,
    /// RSASSA-PKCS1-v1_5 with SHA-512.
    RS512,
}

impl Algorithm {
    /// Every supported algorithm.
    pub const ALL: [Algorithm; 3] = [Algorithm::RS256, Algorithm::RS384, Algorithm::RS512];

    /// The JOSE name (`"RS256"`).
    pub const fn name(self) -> &'static str {
        match self {
            Algorithm::RS256 => "RS256",
            Algorithm::RS384 => "RS384",
            Algorithm::RS512 => "RS512",
        }
    }

    const fn bit(self) -> u8 {
        match self {
            Algorithm::RS256 => 1,
            Algorithm::RS384 => 2,
            Algorithm::RS512 => 4,
        }
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Algorithm {
    type Err = ConfigError;

    fn from_str(name: &str) -> Result<Self, ConfigError> {
        Algorithm::ALL
            .into_iter()
            .find(|alg| alg.name() == name)
            .ok_or(ConfigError::UnknownAlgorithm)
    }
}

/// The algorithms a verifier accepts; comes from the caller's policy, never from a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AlgorithmSet(u8);

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
