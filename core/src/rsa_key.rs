//! RSA public keys and RSASSA-PKCS1-v1_5 checks, on the core's own Montgomery kernel
//! (RSASSA-PSS, on the same kernel, is in `rsa_pss.rs`).
//!
//! Everything else in the core sees only [`RsaKey`], so the arithmetic backend can be
//! swapped (or a faster one added) without touching parsing or policy code. The `rsa`
//! crate is the differential reference in tests and fuzzing, not a dependency.

use alloc::boxed::Box;
use alloc::vec::Vec;

use once_cell::race::OnceBox;
use sha2::{Digest, Sha256, Sha384, Sha512};

use crate::montgomery::MontgomeryKey;
use crate::{Algorithm, KeyError};

/// Smallest modulus the core will hold at all; policies raise it (default 2048).
pub(crate) const MIN_HELD_MODULUS_BITS: u32 = 1024;
/// Largest modulus accepted, in bits.
pub(crate) const MAX_MODULUS_BITS: u32 = 8192;
/// Largest public exponent, in bytes: `e < 2^64`. Real keys use 65537 (some 3); larger
/// odd exponents up to 64 bits are accepted, and each costs at most 64 squarings and 64
/// products per verification, so the bound also bounds the work.
pub(crate) const MAX_EXPONENT_BYTES: usize = 8;
/// Largest signature in bytes (an 8192-bit modulus).
pub(crate) const MAX_SIGNATURE_LEN: usize = (MAX_MODULUS_BITS / 8) as usize;

/// A parsed RSA public key. Its Montgomery parameters are computed on its first
/// verification in the core's own arithmetic, not at import: `R^2 mod n` is most of an
/// import's work (about 65 µs per 2048-bit key in wasm, measured), and hosts that check
/// signatures with node:crypto, WebCrypto or ring never use it.
#[derive(Debug, Clone)]
pub(crate) struct RsaKey {
    /// `None` inside only if the kernel refused a key `from_be_bytes` accepted (never
    /// seen; tested): such a key then verifies nothing.
    montgomery: OnceBox<Option<MontgomeryKey>>,
    modulus_len: usize,
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
        // e must be odd and > 1 (e = 1 makes every "signature" its own message), and
        // below 2^64 (see MAX_EXPONENT_BYTES). e < n holds for every modulus we accept.
        if e.is_empty()
            || e == [1]
            || e.last().is_some_and(|b| b & 1 == 0)
            || e.len() > MAX_EXPONENT_BYTES
        {
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
        Ok(Self {
            montgomery: OnceBox::new(),
            modulus_len: n.len(),
            modulus_bits: bits,
            n: n.to_vec(),
            e: e.to_vec(),
        })
    }

    /// The Montgomery parameters, computed on first use (see [`RsaKey`]).
    fn montgomery(&self) -> Option<&MontgomeryKey> {
        self.montgomery
            .get_or_init(|| Box::new(MontgomeryKey::new(&self.n, &self.e)))
            .as_ref()
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
        self.modulus_len
    }

    /// `signature^e mod n` as the modulus length of big-endian bytes into `out`; `None`
    /// when the signature is not exactly the modulus length or not below `n`.
    #[cfg(feature = "pss")]
    pub(crate) fn public_op<'o>(&self, signature: &[u8], out: &'o mut [u8]) -> Option<&'o [u8]> {
        self.montgomery()?
            .public_op(signature, self.modulus_len, out)
    }

    /// The check `alg` names: RSASSA-PKCS1-v1_5 for RS*, RSASSA-PSS for PS* (feature
    /// `pss`); any other algorithm is refused.
    pub(crate) fn verify(&self, alg: Algorithm, message: &[u8], signature: &[u8]) -> bool {
        match alg {
            Algorithm::RS256 | Algorithm::RS384 | Algorithm::RS512 => {
                self.verify_pkcs1v15(alg, message, signature)
            }
            #[cfg(feature = "pss")]
            Algorithm::PS256 | Algorithm::PS384 | Algorithm::PS512 => {
                crate::rsa_pss::verify(self, alg, message, signature)
            }
            _ => false,
        }
    }

    /// RSASSA-PKCS1-v1_5 verification of `signature` over `message` (RFC 8017 8.2.2):
    /// `s^e mod n` must equal the full encoding `00 01 FF.. 00 DigestInfo hash`, byte for
    /// byte (no lenient parsing of the padding or the DigestInfo).
    fn verify_pkcs1v15(&self, alg: Algorithm, message: &[u8], signature: &[u8]) -> bool {
        let k = self.modulus_len;
        let mut em = [0u8; MAX_SIGNATURE_LEN];
        let Some(em) = self
            .montgomery()
            .and_then(|key| key.public_op(signature, k, &mut em))
        else {
            return false;
        };
        let mut expected = [0u8; MAX_SIGNATURE_LEN];
        let Some(expected) = encode_pkcs1v15(alg, message, k, &mut expected) else {
            return false;
        };
        em == expected
    }
}

/// EMSA-PKCS1-v1_5 (RFC 8017 9.2) of `message` for a `k`-byte modulus, into `out`.
fn encode_pkcs1v15<'o>(
    alg: Algorithm,
    message: &[u8],
    k: usize,
    out: &'o mut [u8],
) -> Option<&'o [u8]> {
    let (prefix, hash): (&[u8], &[u8]) = match alg {
        Algorithm::RS256 => (&SHA256_PREFIX, &Sha256::digest(message)),
        Algorithm::RS384 => (&SHA384_PREFIX, &Sha384::digest(message)),
        Algorithm::RS512 => (&SHA512_PREFIX, &Sha512::digest(message)),
        _ => return None,
    };
    let t_len = prefix.len() + hash.len();
    let out = out.get_mut(..k)?;
    let padding_end = k.checked_sub(t_len + 1).filter(|&end| end >= 10)?;
    let (head, tail) = out.split_at_mut(padding_end);
    head.fill(0xFF);
    let (zero_one, _) = head.split_at_mut(2);
    zero_one.copy_from_slice(&[0x00, 0x01]);
    let (separator, digest_info) = tail.split_at_mut(1);
    separator.copy_from_slice(&[0x00]);
    let (prefix_part, hash_part) = digest_info.split_at_mut(prefix.len());
    prefix_part.copy_from_slice(prefix);
    hash_part.copy_from_slice(hash);
    Some(out)
}

/// DER of DigestInfo up to the hash (RFC 8017 9.2 note 1).
const SHA256_PREFIX: [u8; 19] = [
    0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05,
    0x00, 0x04, 0x20,
];
const SHA384_PREFIX: [u8; 19] = [
    0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02, 0x05,
    0x00, 0x04, 0x30,
];
const SHA512_PREFIX: [u8; 19] = [
    0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03, 0x05,
    0x00, 0x04, 0x40,
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_rng::next;
    use rsa::pkcs1v15::Pkcs1v15Sign;
    use rsa::{BoxedUint, RsaPublicKey};

    /// The rsa crate's own verdict, as the differential reference.
    fn rsa_crate_verdict(
        n: &[u8],
        e: &[u8],
        alg: Algorithm,
        message: &[u8],
        signature: &[u8],
    ) -> bool {
        let key = RsaPublicKey::new_with_size_limits(
            BoxedUint::from_be_slice_vartime(n),
            BoxedUint::from_be_slice_vartime(e),
            1024..=8192,
        )
        .unwrap();
        match alg {
            Algorithm::RS256 => key.verify(
                Pkcs1v15Sign::new::<Sha256>(),
                &Sha256::digest(message),
                signature,
            ),
            Algorithm::RS384 => key.verify(
                Pkcs1v15Sign::new::<Sha384>(),
                &Sha384::digest(message),
                signature,
            ),
            Algorithm::RS512 => key.verify(
                Pkcs1v15Sign::new::<Sha512>(),
                &Sha512::digest(message),
                signature,
            ),
            _ => return false,
        }
        .is_ok()
    }

    #[test]
    fn encoding_has_the_rfc_8017_layout() {
        let mut out = [0u8; 256];
        let em = encode_pkcs1v15(Algorithm::RS256, b"abc", 256, &mut out).unwrap();
        assert_eq!(&em[..2], &[0, 1]);
        assert!(em[2..256 - 52].iter().all(|&b| b == 0xFF));
        assert_eq!(em[256 - 52], 0);
        assert_eq!(&em[256 - 51..256 - 32], &SHA256_PREFIX);
        assert!(encode_pkcs1v15(Algorithm::RS512, b"abc", 64, &mut out).is_none());
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 64, ..Default::default() })]
        /// Differential: random signature bytes under a real key get the rsa crate's verdict.
        #[test]
        fn random_signatures_get_the_rsa_crates_verdict(sig in proptest::collection::vec(proptest::prelude::any::<u8>(), 256), alg in 0..3u8) {
            let n = hex_modulus();
            let key = RsaKey::from_be_bytes(&n, &[1, 0, 1]).unwrap();
            let alg = [Algorithm::RS256, Algorithm::RS384, Algorithm::RS512][usize::from(alg)];
            proptest::prop_assert_eq!(key.verify(alg, b"msg", &sig), rsa_crate_verdict(&n, &[1, 0, 1], alg, b"msg", &sig));
        }
    }

    #[test]
    fn import_leaves_the_montgomery_parameters_to_the_first_verification() {
        let key = RsaKey::from_be_bytes(&hex_modulus(), &[1, 0, 1]).unwrap();
        assert!(key.montgomery.get().is_none(), "computed at import");
        assert!(!key.verify(Algorithm::RS256, b"msg", &[1; 256]));
        assert!(key.montgomery.get().is_some_and(Option::is_some));
    }

    #[test]
    fn every_key_from_be_bytes_accepts_has_montgomery_parameters() {
        // The kernel's own refusals (even or too long a modulus, too long an exponent) are
        // all refused at import, so laziness never turns an import error into a key that
        // verifies nothing.
        let mut state = 0x005E_ED0F_11A7_u64;
        for bits in [1024usize, 1025, 2047, 2048, 3072, 4096, 8191, 8192, 8193] {
            for e_len in 1..=9 {
                let bytes = bits.div_ceil(8);
                let mut n: Vec<u8> = (0..bytes).map(|_| next(&mut state) as u8).collect();
                n[0] = (n[0] | 0x80) >> ((8 - bits % 8) % 8);
                n[bytes - 1] |= 1;
                let mut e: Vec<u8> = (0..e_len).map(|_| next(&mut state) as u8).collect();
                e[0] |= 1;
                e[e_len - 1] |= 1;
                if let Ok(key) = RsaKey::from_be_bytes(&n, &e) {
                    assert!(key.montgomery().is_some(), "{bits} bits, {e_len}-byte e");
                } else {
                    assert!(
                        !(1024..=8192).contains(&bits) || e_len > MAX_EXPONENT_BYTES,
                        "{bits} {e_len}"
                    );
                }
            }
        }
    }

    fn hex_modulus() -> Vec<u8> {
        // Wycheproof rsa_signature_2048_sha256_test.json, first group (e = 65537).
        let text = "a2b451a07d0aa5f96e455671513550514a8a5b462ebef717094fa1fee82224e637f9746d3f7cafd31878d80325b6ef5a1700f65903b469429e89d6eac8845097b5ab393189db92512ed8a7711a1253facd20f79c15e8247f3d3e42e46e48c98e254a2fe9765313a03eff8f17e1a029397a1fa26a8dce26f490ed81299615d9814c22da610428e09c7d9658594266f5c021d0fceca08d945a12be82de4d1ece6b4c03145b5d3495d4ed5411eb878daf05fd7afc3e09ada0f1126422f590975a1969816f48698bcbba1b4d9cae79d460d8f9f85e7975005d9bc22c4e5ac0f7c1a45d12569a62807d3b9a02e5a530e773066f453d1f5b4c2e9cf7820283f742b9d5";
        (0..text.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
            .collect()
    }
}
