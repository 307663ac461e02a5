//! Ed25519 public keys (JWK `kty: OKP`, `crv: Ed25519`, RFC 8037): checked at import with
//! the core's own field arithmetic (so a build whose signatures are checked by host crypto
//! links no curve code), and verified strictly (RFC 8032: non-canonical `S`, small-order
//! keys and small-order `R` refused) by ed25519-dalek.

use alloc::boxed::Box;

use once_cell::race::OnceBox;

use crate::montgomery::Field;
use crate::KeyError;

/// Bytes of an Ed25519 public key, and of half a signature.
pub(crate) const KEY_LEN: usize = 32;
/// Bytes of an Ed25519 signature (`R || S`).
pub(crate) const SIGNATURE_LEN: usize = 64;

/// p = 2^255 - 19, big-endian.
const P: [u8; KEY_LEN] = [
    0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xed,
];

/// The curve's d = -121665/121666 mod p, big-endian.
const D: [u8; KEY_LEN] = [
    0x52, 0x03, 0x6c, 0xee, 0x2b, 0x6f, 0xfe, 0x73, 0x8c, 0xc7, 0x40, 0x79, 0x77, 0x79, 0xe8, 0x98,
    0x00, 0x70, 0x0a, 0x4d, 0x41, 0x41, 0xd8, 0xab, 0x75, 0xeb, 0x4d, 0xca, 0x13, 0x59, 0x78, 0xa3,
];

/// (p - 1) / 2, big-endian: Euler's criterion tells squares from non-squares.
const HALF_P_MINUS_ONE: [u8; KEY_LEN] = [
    0x3f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xf6,
];

/// The y-coordinates, big-endian, of the eight points of small order (the 8-torsion): the
/// identity (1), the point of order 2 (p - 1), the two of order 4 (0) and the four of
/// order 8 (these two, each with either x). A key is one of them exactly when its y is.
const SMALL_ORDER_Y: [[u8; KEY_LEN]; 5] = [
    [
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x01,
    ],
    [
        0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xec,
    ],
    [0; KEY_LEN],
    [
        0x7a, 0x03, 0xac, 0x92, 0x77, 0xfd, 0xc7, 0x4e, 0xc6, 0xcc, 0x39, 0x2c, 0xfa, 0x53, 0x20,
        0x2a, 0x0f, 0x67, 0x10, 0x0d, 0x76, 0x0b, 0x3c, 0xba, 0x4f, 0xd8, 0x4d, 0x3d, 0x70, 0x6a,
        0x17, 0xc7,
    ],
    [
        0x05, 0xfc, 0x53, 0x6d, 0x88, 0x02, 0x38, 0xb1, 0x39, 0x33, 0xc6, 0xd3, 0x05, 0xac, 0xdf,
        0xd5, 0xf0, 0x98, 0xef, 0xf2, 0x89, 0xf4, 0xc3, 0x45, 0xb0, 0x27, 0xb2, 0xc2, 0x8f, 0x95,
        0xe8, 0x26,
    ],
];

/// An Ed25519 public key: its 32 bytes (for host crypto) and dalek's key, made on its first
/// pure-Rust verification.
pub(crate) struct Ed25519Key {
    bytes: [u8; KEY_LEN],
    verifying: OnceBox<Option<ed25519_dalek::VerifyingKey>>,
}

impl core::fmt::Debug for Ed25519Key {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Ed25519Key")
            .field("bytes", &self.bytes)
            .finish_non_exhaustive()
    }
}

impl Ed25519Key {
    /// From the 32-byte encoding (JWK `x`, or the SubjectPublicKeyInfo's key). A point
    /// that does not decompress is [`KeyError::InvalidCurvePoint`]; a key of small order
    /// (one that "verifies" signatures made without any private key) is
    /// [`KeyError::WeakKey`]. The same verdicts as ed25519-dalek's `VerifyingKey::from_bytes`
    /// and `is_weak`, which the tests hold this to.
    pub(crate) fn from_bytes(bytes: &[u8]) -> Result<Self, KeyError> {
        let bytes: [u8; KEY_LEN] = bytes.try_into().map_err(|_| KeyError::InvalidEncoding)?;
        let y = reduced_y(&bytes);
        if !decompresses(&y).ok_or(KeyError::InvalidCurvePoint)? {
            return Err(KeyError::InvalidCurvePoint);
        }
        if SMALL_ORDER_Y.contains(&y) {
            return Err(KeyError::WeakKey);
        }
        Ok(Self {
            bytes,
            verifying: OnceBox::new(),
        })
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
        let verifying = self
            .verifying
            .get_or_init(|| Box::new(ed25519_dalek::VerifyingKey::from_bytes(&self.bytes).ok()));
        let Some(verifying) = verifying else {
            return false;
        };
        let signature = ed25519_dalek::Signature::from_bytes(&signature);
        verifying.verify_strict(message, &signature).is_ok()
    }
}

/// The key's y-coordinate, big-endian and reduced mod p: the encoding is y little-endian
/// with x's sign in the top bit, and y may be written as y + p (decoders reduce it, as
/// dalek does; only 19 values, p..=2^255-1, are that long).
fn reduced_y(bytes: &[u8; KEY_LEN]) -> [u8; KEY_LEN] {
    let mut y = *bytes;
    y.reverse();
    y[0] &= 0x7f;
    if y >= P {
        let mut borrow = 0u8;
        for (byte, p) in y.iter_mut().rev().zip(P.iter().rev()) {
            let (difference, under) = byte.overflowing_sub(*p);
            let (difference, under_again) = difference.overflowing_sub(borrow);
            *byte = difference;
            borrow = u8::from(under || under_again);
        }
    }
    y
}

/// Whether some x puts (x, y) on the curve -x^2 + y^2 = 1 + d x^2 y^2, that is whether
/// x^2 = (y^2 - 1) / (d y^2 + 1) has a root: (y^2 - 1)(d y^2 + 1) is zero or a square
/// (d y^2 + 1 is never zero, as -1/d is not a square). `None` only if the field cannot be
/// set up, which does not happen for this p.
fn decompresses(y: &[u8; KEY_LEN]) -> Option<bool> {
    let mut field = Field::new(&P)?;
    let y = field.element(y)?;
    let d = field.element(&D)?;
    let one = field.element(&SMALL_ORDER_Y[0])?;
    let zero = field.element(&[0; KEY_LEN])?;
    let y_squared = field.mul(&y, &y);
    let u = field.sub(&y_squared, &one);
    let d_y_squared = field.mul(&d, &y_squared);
    let v = field.add(&d_y_squared, &one);
    let product = field.mul(&u, &v);
    let euler = field.pow(&product, &HALF_P_MINUS_ONE);
    Some(euler == zero || euler == one)
}

#[cfg(test)]
mod tests {
    //! Held to ed25519-dalek's own decoding (`VerifyingKey::from_bytes`, `is_weak`), which
    //! this check replaces at import.

    use super::*;
    use alloc::vec::Vec;
    use proptest::prelude::*;

    /// dalek's verdict on a 32-byte encoding, as `from_bytes` names it.
    fn reference(bytes: &[u8; KEY_LEN]) -> Result<(), KeyError> {
        match ed25519_dalek::VerifyingKey::from_bytes(bytes) {
            Err(_) => Err(KeyError::InvalidCurvePoint),
            Ok(key) if key.is_weak() => Err(KeyError::WeakKey),
            Ok(_) => Ok(()),
        }
    }

    fn ours(bytes: &[u8; KEY_LEN]) -> Result<(), KeyError> {
        Ed25519Key::from_bytes(bytes).map(|_| ())
    }

    /// `value` (below 2^255) as a little-endian encoding, x's sign bit set or not.
    fn encoding(value_be: &[u8; KEY_LEN], sign: bool) -> [u8; KEY_LEN] {
        let mut bytes = *value_be;
        bytes.reverse();
        bytes[31] |= u8::from(sign) << 7;
        bytes
    }

    #[test]
    fn every_point_of_small_order_is_a_weak_key_in_every_encoding() {
        let mut seen = 0;
        for point in curve25519_dalek::constants::EIGHT_TORSION {
            let canonical = point.compress().to_bytes();
            for sign in [false, true] {
                let mut bytes = canonical;
                bytes[31] = (bytes[31] & 0x7f) | (u8::from(sign) << 7);
                assert_eq!(ours(&bytes).err(), reference(&bytes).err(), "{bytes:02x?}");
                if reference(&bytes).is_err() {
                    seen += 1;
                }
            }
        }
        // Each small-order y written as y + p, where it fits below 2^255 (0 and 1).
        for y in [0u8, 1] {
            let mut value = P;
            value[31] += y;
            for sign in [false, true] {
                let bytes = encoding(&value, sign);
                assert_eq!(ours(&bytes), Err(KeyError::WeakKey), "{bytes:02x?}");
                assert_eq!(reference(&bytes), Err(KeyError::WeakKey));
            }
        }
        assert_eq!(seen, 16);
    }

    #[test]
    fn every_non_canonical_y_gets_the_same_verdict_as_dalek() {
        // y + p for y = 0..=18: the only encodings whose y is not below p.
        for offset in 0u8..19 {
            let mut value = P;
            value[31] += offset;
            for sign in [false, true] {
                let bytes = encoding(&value, sign);
                assert_eq!(ours(&bytes), reference(&bytes), "{bytes:02x?}");
            }
        }
    }

    #[test]
    fn real_public_keys_are_accepted_and_verify() {
        let mut state = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..64 {
            let mut secret = [0u8; 32];
            for chunk in secret.chunks_mut(8) {
                chunk.copy_from_slice(
                    &crate::test_rng::next(&mut state).to_le_bytes()[..chunk.len()],
                );
            }
            let signing = ed25519_dalek::SigningKey::from_bytes(&secret);
            let public = signing.verifying_key().to_bytes();
            let key = Ed25519Key::from_bytes(&public).expect("a real public key");
            use ed25519_dalek::Signer;
            let signature = signing.sign(b"message").to_bytes();
            assert!(key.verify(b"message", &signature));
            assert!(!key.verify(b"massage", &signature));
        }
    }

    #[test]
    fn random_encodings_get_the_same_verdict_as_dalek() {
        // About half of all 32-byte strings are points: both verdicts are well covered.
        let mut state = 0x2545_f491_4f6c_dd1d;
        let mut verdicts = Vec::new();
        for _ in 0..20_000 {
            let mut bytes = [0u8; KEY_LEN];
            for chunk in bytes.chunks_mut(8) {
                chunk.copy_from_slice(&crate::test_rng::next(&mut state).to_le_bytes());
            }
            let verdict = ours(&bytes);
            assert_eq!(verdict, reference(&bytes), "{bytes:02x?}");
            verdicts.push(verdict.is_ok());
        }
        let accepted = verdicts.iter().filter(|ok| **ok).count();
        assert!(
            (8_000..12_000).contains(&accepted),
            "{accepted} of 20000 accepted"
        );
    }

    proptest! {
        #[test]
        fn any_encoding_gets_the_same_verdict_as_dalek(bytes in proptest::array::uniform32(any::<u8>())) {
            prop_assert_eq!(ours(&bytes), reference(&bytes));
        }

        #[test]
        fn a_y_near_the_small_order_ones_gets_the_same_verdict_as_dalek(
            which in 0usize..5, delta in 0u8..8, up in any::<bool>(), sign in any::<bool>(),
        ) {
            // Neighbours of each small-order y: the same high bytes, a low byte moved.
            let mut value = SMALL_ORDER_Y[which];
            value[31] = if up { value[31].wrapping_add(delta) } else { value[31].wrapping_sub(delta) };
            value[0] &= 0x7f;
            let bytes = encoding(&value, sign);
            prop_assert_eq!(ours(&bytes), reference(&bytes));
        }
    }

    #[test]
    fn wrong_lengths_are_an_invalid_encoding() {
        for len in [0, 31, 33, 64] {
            assert_eq!(
                Ed25519Key::from_bytes(&alloc::vec![9u8; len]).err(),
                Some(KeyError::InvalidEncoding)
            );
        }
    }
}
