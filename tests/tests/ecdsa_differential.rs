//! The core's own `u1·G + u2·Q` (core/src/ecdsa_verify.rs) against the curve crates'
//! ECDSA verifier, on all three curves: valid signatures, every one-bit change of them,
//! and arbitrary bytes, over many messages.
mod common;

use edgejwt_core::{Algorithm, PublicKey};
use edgejwt_testkit::OtherKey;
use sha2::Digest;

/// The curve crate's verdict on a JWS `r || s` signature over `message`.
fn theirs(alg: Algorithm, point: &[u8], message: &[u8], signature: &[u8]) -> bool {
    use p256::ecdsa::signature::hazmat::PrehashVerifier;
    match alg {
        Algorithm::ES256 => {
            let key = p256::ecdsa::VerifyingKey::from_sec1_bytes(point).unwrap();
            p256::ecdsa::Signature::from_slice(signature).is_ok_and(|s| {
                key.verify_prehash(&sha2::Sha256::digest(message), &s)
                    .is_ok()
            })
        }
        Algorithm::ES384 => {
            let key = p384::ecdsa::VerifyingKey::from_sec1_bytes(point).unwrap();
            p384::ecdsa::Signature::from_slice(signature).is_ok_and(|s| {
                key.verify_prehash(&sha2::Sha384::digest(message), &s)
                    .is_ok()
            })
        }
        _ => {
            let key = p521::ecdsa::VerifyingKey::from_sec1_bytes(point).unwrap();
            p521::ecdsa::Signature::from_slice(signature).is_ok_and(|s| {
                key.verify_prehash(&sha2::Sha512::digest(message), &s)
                    .is_ok()
            })
        }
    }
}

#[test]
fn our_ecdsa_agrees_with_the_curve_crates_on_valid_changed_and_random_signatures() {
    let keys = [
        (OtherKey::p256("differential p256"), Algorithm::ES256),
        (OtherKey::p384("differential p384"), Algorithm::ES384),
        (OtherKey::p521("differential p521"), Algorithm::ES512),
    ];
    let mut compared = 0;
    for (signer, alg) in &keys {
        let ours = PublicKey::from_spki_der(&signer.spki_der()).unwrap();
        let point = signer.point();
        for m in 0..12u32 {
            let message = format!("message {m}").repeat(m as usize % 5 + 1);
            let good = signer.sign_raw(message.as_bytes());
            assert!(ours
                .verify_signature(*alg, message.as_bytes(), &good)
                .is_ok());
            assert!(theirs(*alg, &point, message.as_bytes(), &good));
            // One bit changed, at spread positions across r and s.
            for bit in (m as usize..good.len() * 8).step_by(29) {
                let mut changed = good.clone();
                changed[bit / 8] ^= 1 << (bit % 8);
                let verdict = ours
                    .verify_signature(*alg, message.as_bytes(), &changed)
                    .is_ok();
                assert_eq!(
                    verdict,
                    theirs(*alg, &point, message.as_bytes(), &changed),
                    "{alg} bit {bit}"
                );
                assert!(!verdict, "{alg}: a changed signature verified");
                compared += 1;
            }
            // Bytes of another message's hash as r and s.
            let noise: Vec<u8> = sha2::Sha512::digest(message.as_bytes())
                .iter()
                .cycle()
                .take(good.len())
                .copied()
                .collect();
            assert_eq!(
                ours.verify_signature(*alg, message.as_bytes(), &noise)
                    .is_ok(),
                theirs(*alg, &point, message.as_bytes(), &noise)
            );
        }
    }
    assert!(compared > 500, "{compared}");
}
