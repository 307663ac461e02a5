//! The elliptic curves of ECDSA keys (JWK `crv`), and the algorithm each one serves.

use crate::algorithm::{Algorithm, KeyKind};

/// A NIST curve the core verifies ECDSA on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Curve {
    /// P-256 (secp256r1), for ES256.
    P256,
    /// P-384 (secp384r1), for ES384.
    P384,
    /// P-521 (secp521r1), for ES512.
    P521,
}

impl Curve {
    /// The JWK `crv` name (`"P-256"`).
    pub const fn name(self) -> &'static str {
        match self {
            Curve::P256 => "P-256",
            Curve::P384 => "P-384",
            Curve::P521 => "P-521",
        }
    }

    /// Bytes of one coordinate, and of `r` and of `s` (32, 48, 66).
    pub const fn coordinate_len(self) -> usize {
        match self {
            Curve::P256 => 32,
            Curve::P384 => 48,
            Curve::P521 => 66,
        }
    }

    /// The curve of a JWK `crv` value, if the core knows it.
    pub(crate) fn from_jwk_name(name: &str) -> Option<Self> {
        [Curve::P256, Curve::P384, Curve::P521]
            .into_iter()
            .find(|curve| curve.name() == name)
    }

    #[cfg_attr(
        not(any(feature = "es256", feature = "es384", feature = "es512")),
        allow(dead_code)
    )]
    pub(crate) const fn key_kind(self) -> KeyKind {
        match self {
            Curve::P256 => KeyKind::P256,
            Curve::P384 => KeyKind::P384,
            Curve::P521 => KeyKind::P521,
        }
    }

    /// The algorithm that verifies with keys on this curve: this build accepts the curve's
    /// keys exactly when it supports that algorithm.
    #[cfg_attr(
        not(any(feature = "es256", feature = "es384", feature = "es512")),
        allow(dead_code)
    )]
    pub(crate) const fn algorithm(self) -> Algorithm {
        match self {
            Curve::P256 => Algorithm::ES256,
            Curve::P384 => Algorithm::ES384,
            Curve::P521 => Algorithm::ES512,
        }
    }
}
