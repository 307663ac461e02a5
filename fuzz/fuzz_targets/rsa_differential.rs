//! The hand-written Montgomery kernel and our RSASSA-PSS against the `rsa` crate: for the
//! fixed key and any signature bytes and message, both give the same RSASSA-PKCS1-v1_5
//! (RS*) and RSASSA-PSS (PS*: MGF1 of the same hash, salt = hash length) verdicts;
//! correctly signed messages are accepted by both, and one flipped bit is rejected by
//! both.
#![no_main]

use edgejwt_core::{Algorithm, PublicKey};
use edgejwt_fuzz::{e_bytes, n_bytes, private_key, sign_input};
use libfuzzer_sys::fuzz_target;
use rsa::pkcs1v15::Pkcs1v15Sign;
use rsa::pss::Pss;
use sha2::{Digest, Sha256, Sha384, Sha512};

fn rsa_crate(alg: Algorithm, message: &[u8], signature: &[u8]) -> bool {
    let key = private_key().to_public_key();
    match alg {
        Algorithm::RS256 => key.verify(Pkcs1v15Sign::new::<Sha256>(), &Sha256::digest(message), signature),
        Algorithm::RS384 => key.verify(Pkcs1v15Sign::new::<Sha384>(), &Sha384::digest(message), signature),
        Algorithm::RS512 => key.verify(Pkcs1v15Sign::new::<Sha512>(), &Sha512::digest(message), signature),
        Algorithm::PS256 => key.verify(Pss::<Sha256>::new(), &Sha256::digest(message), signature),
        Algorithm::PS384 => key.verify(Pss::<Sha384>::new(), &Sha384::digest(message), signature),
        Algorithm::PS512 => key.verify(Pss::<Sha512>::new(), &Sha512::digest(message), signature),
        other => unreachable!("{other} is not an RSA algorithm"),
    }
    .is_ok()
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    const RSA: [Algorithm; 6] = [
        Algorithm::RS256,
        Algorithm::RS384,
        Algorithm::RS512,
        Algorithm::PS256,
        Algorithm::PS384,
        Algorithm::PS512,
    ];
    let alg = RSA[usize::from(mode % 6)];
    let ours = PublicKey::from_rsa_components(&n_bytes(), &e_bytes()).expect("key");
    let k = n_bytes().len();
    if mode & 0x80 == 0 {
        // Arbitrary signature bytes (padded or cut to the modulus length) over "m".
        let mut signature = rest.to_vec();
        signature.resize(k, 0);
        let verdict = ours.verify_signature(alg, b"m", &signature).is_ok();
        assert_eq!(verdict, rsa_crate(alg, b"m", &signature), "verdicts differ");
    } else {
        // A real signature of the input (PSS: salted), then the same with one bit flipped.
        let message = std::str::from_utf8(rest).unwrap_or("x");
        let mut signature = sign_input(alg, message);
        assert!(ours.verify_signature(alg, message.as_bytes(), &signature).is_ok());
        assert!(rsa_crate(alg, message.as_bytes(), &signature));
        let bit = usize::from(mode) * 7 % (k * 8);
        signature[bit / 8] ^= 1 << (bit % 8);
        assert_eq!(
            ours.verify_signature(alg, message.as_bytes(), &signature).is_ok(),
            rsa_crate(alg, message.as_bytes(), &signature)
        );
    }
});
