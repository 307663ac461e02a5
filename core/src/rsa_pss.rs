//! RSASSA-PSS verification (RFC 8017 8.1.2 and 9.1.2) for PS256/384/512 on the core's own
//! RSA arithmetic, with the parameters RFC 7518 3.5 fixes: MGF1 with the message hash,
//! a salt as long as the hash. The `rsa` crate's PSS verifier is the differential oracle.

use sha2::digest::{Digest, FixedOutputReset};
use sha2::{Sha256, Sha384, Sha512};

use crate::rsa_key::{RsaKey, MAX_SIGNATURE_LEN};
use crate::Algorithm;

/// PSS verification of `signature` over `message` for `alg` (a PS algorithm).
pub(crate) fn verify(key: &RsaKey, alg: Algorithm, message: &[u8], signature: &[u8]) -> bool {
    match alg {
        Algorithm::PS256 => verify_with::<Sha256>(key, message, signature),
        Algorithm::PS384 => verify_with::<Sha384>(key, message, signature),
        Algorithm::PS512 => verify_with::<Sha512>(key, message, signature),
        _ => false,
    }
}

fn verify_with<H: Digest + FixedOutputReset>(
    key: &RsaKey,
    message: &[u8],
    signature: &[u8],
) -> bool {
    let mut m = [0u8; MAX_SIGNATURE_LEN];
    let Some(m) = key.public_op(signature, &mut m) else {
        return false;
    };
    let em_bits = (key.modulus_bits() as usize).saturating_sub(1);
    let em_len = em_bits.div_ceil(8);
    // I2OSP(m, emLen): the k - emLen leading bytes (one at most) must be zero.
    let Some(split) = m.len().checked_sub(em_len) else {
        return false;
    };
    let (leading, em) = m.split_at(split);
    if leading.iter().any(|&b| b != 0) {
        return false;
    }
    let mut db = [0u8; MAX_SIGNATURE_LEN];
    emsa_pss_verify::<H>(&H::digest(message), em, em_bits, &mut db)
}

/// EMSA-PSS-VERIFY (RFC 8017 9.1.2) with `sLen = hLen`; `db` is scratch of at least
/// `em.len()` bytes. Every byte of the encoding is checked; nothing is lenient.
fn emsa_pss_verify<H: Digest + FixedOutputReset>(
    m_hash: &[u8],
    em: &[u8],
    em_bits: usize,
    db: &mut [u8],
) -> bool {
    let h_len = m_hash.len();
    let s_len = h_len;
    let em_len = em.len();
    // Step 3, and the trailer byte 0xbc (step 4).
    if em_len < h_len + s_len + 2 || em.last() != Some(&0xbc) {
        return false;
    }
    let db_len = em_len - h_len - 1;
    let (masked_db, rest) = em.split_at(db_len);
    let Some(h) = rest.get(..h_len) else {
        return false;
    };
    // Step 6: the bits above emBits must be zero.
    let top_bits = 8 * em_len - em_bits;
    let top_mask = 0xFFu8.checked_shr(top_bits as u32).unwrap_or(0);
    if masked_db.first().is_some_and(|&b| b & !top_mask != 0) {
        return false;
    }
    let Some(db) = db.get_mut(..db_len) else {
        return false;
    };
    mgf1_xor::<H>(h, masked_db, db);
    if let Some(first) = db.first_mut() {
        *first &= top_mask;
    }
    // Step 10: DB = PS (zeros) || 0x01 || salt.
    let (padding, salt_part) = db.split_at(db_len - s_len);
    let Some((&one, zeros)) = padding.split_last() else {
        return false;
    };
    if one != 0x01 || zeros.iter().any(|&b| b != 0) {
        return false;
    }
    // Steps 12-14: H' = Hash(0x00 * 8 || mHash || salt) must equal H.
    let mut hasher = H::new();
    Digest::update(&mut hasher, [0u8; 8]);
    Digest::update(&mut hasher, m_hash);
    Digest::update(&mut hasher, salt_part);
    hasher.finalize().as_slice() == h
}

/// `out = masked XOR MGF1(seed, out.len())` (RFC 8017 B.2.1).
fn mgf1_xor<H: Digest + FixedOutputReset>(seed: &[u8], masked: &[u8], out: &mut [u8]) {
    let mut hasher = H::new();
    let mut counter: u32 = 0;
    for (chunk_out, chunk_in) in out
        .chunks_mut(<H as Digest>::output_size())
        .zip(masked.chunks(<H as Digest>::output_size()))
    {
        Digest::update(&mut hasher, seed);
        Digest::update(&mut hasher, counter.to_be_bytes());
        let mask = hasher.finalize_reset();
        for ((o, &i), &k) in chunk_out.iter_mut().zip(chunk_in).zip(mask.iter()) {
            *o = i ^ k;
        }
        counter = counter.wrapping_add(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rsa::pss::Pss;
    use rsa::{BoxedUint, RsaPublicKey};

    fn modulus() -> alloc::vec::Vec<u8> {
        // Wycheproof rsa_pss_2048_sha256_mgf1_32_test.json's key.
        let text = "a2b451a07d0aa5f96e455671513550514a8a5b462ebef717094fa1fee82224e637f9746d3f7cafd31878d80325b6ef5a1700f65903b469429e89d6eac8845097b5ab393189db92512ed8a7711a1253facd20f79c15e8247f3d3e42e46e48c98e254a2fe9765313a03eff8f17e1a029397a1fa26a8dce26f490ed81299615d9814c22da610428e09c7d9658594266f5c021d0fceca08d945a12be82de4d1ece6b4c03145b5d3495d4ed5411eb878daf05fd7afc3e09ada0f1126422f590975a1969816f48698bcbba1b4d9cae79d460d8f9f85e7975005d9bc22c4e5ac0f7c1a45d12569a62807d3b9a02e5a530e773066f453d1f5b4c2e9cf7820283f742b9d5";
        (0..text.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
            .collect()
    }

    fn rsa_crate_verdict(n: &[u8], alg: Algorithm, message: &[u8], signature: &[u8]) -> bool {
        let key = RsaPublicKey::new_with_size_limits(
            BoxedUint::from_be_slice_vartime(n),
            BoxedUint::from_be_slice_vartime(&[1, 0, 1]),
            1024..=8192,
        )
        .unwrap();
        match alg {
            Algorithm::PS256 => key.verify(
                Pss::<Sha256>::new_with_salt(32),
                &Sha256::digest(message),
                signature,
            ),
            Algorithm::PS384 => key.verify(
                Pss::<Sha384>::new_with_salt(48),
                &Sha384::digest(message),
                signature,
            ),
            _ => key.verify(
                Pss::<Sha512>::new_with_salt(64),
                &Sha512::digest(message),
                signature,
            ),
        }
        .is_ok()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 64, ..Default::default() })]
        /// Differential: random signature bytes get the rsa crate's verdict.
        #[test]
        fn random_signatures_get_the_rsa_crates_pss_verdict(sig in proptest::collection::vec(proptest::prelude::any::<u8>(), 256), alg in 0..3u8) {
            let n = modulus();
            let key = RsaKey::from_be_bytes(&n, &[1, 0, 1]).unwrap();
            let alg = [Algorithm::PS256, Algorithm::PS384, Algorithm::PS512][usize::from(alg)];
            proptest::prop_assert_eq!(verify(&key, alg, b"msg", &sig), rsa_crate_verdict(&n, alg, b"msg", &sig));
        }
    }
}
