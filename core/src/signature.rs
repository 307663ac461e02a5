//! The one module that touches the `rsa` crate: RSA public keys and PKCS#1 v1.5 checks.
//!
//! Everything else in the core sees only [`RsaKey`], so the arithmetic backend can be
//! swapped (or a faster one added) without touching parsing or policy code.

use alloc::vec::Vec;

use rsa::pkcs1v15::Pkcs1v15Sign;
use rsa::traits::PublicKeyParts;
use rsa::{BoxedUint, RsaPublicKey};
use sha2::{Digest, Sha256, Sha384, Sha512};

use crate::{Algorithm, KeyError};

/// Smallest modulus the core will hold at all; policies raise it (default 2048).
pub(crate) const MIN_HELD_MODULUS_BITS: u32 = 1024;
/// Largest modulus accepted, in bits.
pub(crate) const MAX_MODULUS_BITS: u32 = 8192;
/// Largest signature in bytes (an 8192-bit modulus).
pub(crate) const MAX_SIGNATURE_LEN: usize = (MAX_MODULUS_BITS / 8) as usize;

/// A parsed RSA public key: the Montgomery parameters are computed once, here.
#[derive(Debug, Clone)]
pub(crate) struct RsaKey {
    key: RsaPublicKey,
    modulus_bits: u32,
    /// Minimal big-endian bytes, for plug-in backends.
    n: Vec<u8>,
    e: Vec<u8>,
}

fn strip_leading_zeros(bytes: &[u8]) -> &[u8] {
    let first = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
    bytes.get(first..).unwrap_or(&[])
}

impl RsaKey {
    /// From big-endian modulus and exponent bytes.
    pub(crate) fn from_be_bytes(n: &[u8], e: &[u8]) -> Result<Self, KeyError> {
        let n = strip_leading_zeros(n);
        let e = strip_leading_zeros(e);
        if n.is_empty() || n.last().is_some_and(|b| b & 1 == 0) {
            return Err(KeyError::InvalidModulus);
        }
        // e must be odd and > 1 (e = 1 makes every "signature" its own message).
        if e.is_empty() || e == [1] || e.last().is_some_and(|b| b & 1 == 0) || e.len() > 8 {
            return Err(KeyError::InvalidExponent);
        }
        let bits = (n.len() as u32) * 8 - n.first().map_or(8, |b| b.leading_zeros());
        if bits < MIN_HELD_MODULUS_BITS {
            return Err(KeyError::ModulusTooSmall);
        }
        if bits > MAX_MODULUS_BITS {
            return Err(KeyError::ModulusTooLarge);
        }
        if crate::weak_key::has_roca_fingerprint(n) {
            return Err(KeyError::WeakKey);
        }
        let (n_bytes, e_bytes) = (n.to_vec(), e.to_vec());
        let n = BoxedUint::from_be_slice_vartime(n);
        let e = BoxedUint::from_be_slice_vartime(e);
        let key = RsaPublicKey::new_with_size_limits(
            n,
            e,
            MIN_HELD_MODULUS_BITS as usize..=MAX_MODULUS_BITS as usize,
        )
        .map_err(|_| KeyError::InvalidExponent)?;
        Ok(Self {
            key,
            modulus_bits: bits,
            n: n_bytes,
            e: e_bytes,
        })
    }

    pub(crate) fn modulus(&self) -> &[u8] {
        &self.n
    }

    pub(crate) fn exponent(&self) -> &[u8] {
        &self.e
    }

    pub(crate) fn modulus_bits(&self) -> u32 {
        self.modulus_bits
    }

    /// The modulus length in bytes: the exact length every signature must have.
    pub(crate) fn modulus_len(&self) -> usize {
        self.key.size()
    }

    /// RSASSA-PKCS1-v1_5 verification of `signature` over `message` (RFC 8017 8.2.2),
    /// with the DigestInfo encoding compared in full (no lenient parsing).
    pub(crate) fn verify(&self, alg: Algorithm, message: &[u8], signature: &[u8]) -> bool {
        if signature.len() != self.modulus_len() {
            return false;
        }
        let result = match alg {
            Algorithm::RS256 => self.key.verify(
                Pkcs1v15Sign::new::<Sha256>(),
                &Sha256::digest(message),
                signature,
            ),
            Algorithm::RS384 => self.key.verify(
                Pkcs1v15Sign::new::<Sha384>(),
                &Sha384::digest(message),
                signature,
            ),
            Algorithm::RS512 => self.key.verify(
                Pkcs1v15Sign::new::<Sha512>(),
                &Sha512::digest(message),
                signature,
            ),
        };
        result.is_ok()
    }
}
