//! ECDSA public keys on P-256, P-384 and P-521 (ES256/384/512): the point is checked once,
//! when the key is made, and each signature is the JWS `r || s` (RFC 7518 3.4), never DER.

use alloc::boxed::Box;
use alloc::vec::Vec;

use once_cell::race::OnceBox;
use sha2::Digest;

use crate::ecdsa_verify::{verify_prehashed, Prepared};
use crate::{Algorithm, Curve, KeyError};

/// The key of one curve, prepared for verification (ecdsa_verify.rs).
enum Verifying {
    #[cfg(feature = "es256")]
    P256(Prepared<p256::NistP256>),
    #[cfg(feature = "es384")]
    P384(Prepared<p384::NistP384>),
    #[cfg(feature = "es512")]
    P521(Prepared<p521::NistP521>),
}

impl Verifying {
    /// The curve crate's key for an already checked point; `None` if it disagrees (then
    /// nothing verifies with it).
    fn new(curve: Curve, point: &[u8]) -> Option<Self> {
        match curve {
            #[cfg(feature = "es256")]
            Curve::P256 => p256::PublicKey::from_sec1_bytes(point)
                .ok()
                .map(|key| Verifying::P256(Prepared::new(key.to_projective()))),
            #[cfg(feature = "es384")]
            Curve::P384 => p384::PublicKey::from_sec1_bytes(point)
                .ok()
                .map(|key| Verifying::P384(Prepared::new(key.to_projective()))),
            #[cfg(feature = "es512")]
            Curve::P521 => p521::PublicKey::from_sec1_bytes(point)
                .ok()
                .map(|key| Verifying::P521(Prepared::new(key.to_projective()))),
            #[allow(unreachable_patterns)]
            _ => None,
        }
    }
}

/// An EC public key: its curve, its point in SEC1 uncompressed form (for host crypto),
/// and the curve crate's key, made on its first pure-Rust verification: a host that
/// verifies elsewhere (ring, aws-lc-rs, node:crypto, WebCrypto) never needs it, and a
/// build whose only verifier is host crypto links no curve arithmetic at all.
pub(crate) struct EcKey {
    curve: Curve,
    /// `04 || x || y`.
    point: Vec<u8>,
    verifying: OnceBox<Option<Verifying>>,
}

impl core::fmt::Debug for EcKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("EcKey")
            .field("curve", &self.curve)
            .field("point", &self.point)
            .finish_non_exhaustive()
    }
}

impl EcKey {
    /// From the JWK's `x` and `y`, each exactly the curve's coordinate length.
    pub(crate) fn from_coordinates(curve: Curve, x: &[u8], y: &[u8]) -> Result<Self, KeyError> {
        let len = curve.coordinate_len();
        if x.len() != len || y.len() != len {
            return Err(KeyError::InvalidEncoding);
        }
        let mut point = Vec::with_capacity(1 + 2 * len);
        point.push(0x04);
        point.extend_from_slice(x);
        point.extend_from_slice(y);
        Self::from_sec1(curve, &point)
    }

    /// From a SEC1 point (uncompressed or compressed), as in a SubjectPublicKeyInfo. A
    /// point that is not on the curve, or not canonical, and the identity are refused
    /// (ec_point.rs), here, once.
    pub(crate) fn from_sec1(curve: Curve, sec1: &[u8]) -> Result<Self, KeyError> {
        if !curve.algorithm().is_supported() {
            return Err(KeyError::UnsupportedKeyType);
        }
        Ok(Self {
            curve,
            point: crate::ec_point::uncompressed(curve, sec1)?,
            verifying: OnceBox::new(),
        })
    }

    pub(crate) fn curve(&self) -> Curve {
        self.curve
    }

    /// `04 || x || y`.
    pub(crate) fn point(&self) -> &[u8] {
        &self.point
    }

    /// The JWS signature length: `r || s`.
    pub(crate) fn signature_len(&self) -> usize {
        2 * self.curve.coordinate_len()
    }

    /// ECDSA verification of the JWS `r || s` over `message`, hashed with `alg`'s hash
    /// (which key policy has already matched to this curve). `r` or `s` of zero or not
    /// below the group order is refused by `Signature::from_slice`.
    pub(crate) fn verify(&self, alg: Algorithm, message: &[u8], signature: &[u8]) -> bool {
        if alg.key_kind() != self.curve.key_kind() || signature.len() != self.signature_len() {
            return false;
        }
        let verifying = self
            .verifying
            .get_or_init(|| Box::new(Verifying::new(self.curve, &self.point)));
        match verifying {
            #[cfg(feature = "es256")]
            Some(Verifying::P256(key)) => p256::ecdsa::Signature::from_slice(signature)
                .is_ok_and(|sig| verify_prehashed(key, &sha2::Sha256::digest(message), &sig)),
            #[cfg(feature = "es384")]
            Some(Verifying::P384(key)) => p384::ecdsa::Signature::from_slice(signature)
                .is_ok_and(|sig| verify_prehashed(key, &sha2::Sha384::digest(message), &sig)),
            #[cfg(feature = "es512")]
            Some(Verifying::P521(key)) => p521::ecdsa::Signature::from_slice(signature)
                .is_ok_and(|sig| verify_prehashed(key, &sha2::Sha512::digest(message), &sig)),
            None => false,
        }
    }
}
