//! Ed25519 public keys (JWK `kty: OKP`, `crv: Ed25519`, RFC 8037) and the strict check
//! of RFC 8032: non-canonical `S`, small-order keys and small-order `R` are refused.

use crate::KeyError;

/// Bytes of an Ed25519 public key, and of half a signature.
pub(crate) const KEY_LEN: usize = 32;
/// Bytes of an Ed25519 signature (`R || S`).
pub(crate) const SIGNATURE_LEN: usize = 64;

/// A decompressed Ed25519 public key, and its 32 bytes for host crypto.
#[derive(Debug, Clone)]
pub(crate) struct Ed25519Key {
    bytes: [u8; KEY_LEN],
    verifying: ed25519_dalek::VerifyingKey,
}

impl Ed25519Key {
    /// From the 32-byte encoding (JWK `x`, or the SubjectPublicKeyInfo's key). A point
    /// that does not decompress is [`KeyError::InvalidCurvePoint`]; a key of small order
    /// (one that "verifies" signatures made without any private key) is
    /// [`KeyError::WeakKey`].
    pub(crate) fn from_bytes(bytes: &[u8]) -> Result<Self, KeyError> {
        let bytes: [u8; KEY_LEN] = bytes.try_into().map_err(|_| KeyError::InvalidEncoding)?;
        let verifying = ed25519_dalek::VerifyingKey::from_bytes(&bytes)
            .map_err(|_| KeyError::InvalidCurvePoint)?;
        if verifying.is_weak() {
            return Err(KeyError::WeakKey);
        }
        Ok(Self { bytes, verifying })
    }

    pub(crate) fn bytes(&self) -> &[u8; KEY_LEN] {
        &self.bytes
    }

    /// RFC 8032 verification, strictly: `S` must be below the group order and neither the
    /// key nor `R` may be of small order (no malleable or key-independent signatures).
    pub(crate) fn verify(&self, message: &[u8], signature: &[u8]) -> bool {
        let Ok(signature) = <[u8; SIGNATURE_LEN]>::try_from(signature) else {
            return false;
        };
        let signature = ed25519_dalek::Signature::from_bytes(&signature);
        self.verifying.verify_strict(message, &signature).is_ok()
    }
}
