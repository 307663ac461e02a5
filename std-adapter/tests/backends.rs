//! The native backends agree with the pure-Rust core on every Wycheproof vector
//! (2048..=4096 bits; 8192 as well), and verify real tokens end to end.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::vec_init_then_push
)]
#![cfg(any(feature = "ring", feature = "aws-lc-rs"))]

use edgejwt_core::{Algorithm, PublicKey, SignatureBackend};
use serde_json::Value;

fn backends() -> Vec<(&'static str, Box<dyn SignatureBackend>)> {
    let mut all: Vec<(&'static str, Box<dyn SignatureBackend>)> = Vec::new();
    #[cfg(feature = "ring")]
    all.push(("ring", Box::new(edgejwt_std::backends::Ring)));
    #[cfg(feature = "ring")]
    all.push(("auto", Box::new(edgejwt_std::backends::Auto)));
    #[cfg(feature = "aws-lc-rs")]
    all.push((
        "aws-lc-rs",
        Box::new(edgejwt_std::backends::AwsLc::default()),
    ));
    all
}

#[test]
fn native_backends_agree_with_the_core_on_wycheproof() {
    for bits in ["2048", "3072", "4096", "8192"] {
        let path = format!(
            "{}/../tests/vectors/wycheproof/rsa_signature_{bits}_sha256_test.json",
            env!("CARGO_MANIFEST_DIR")
        );
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        for group in doc["testGroups"].as_array().unwrap() {
            let der = hex_decode(group["publicKeyDer"].as_str().unwrap());
            let key = PublicKey::from_spki_der(&der).unwrap();
            for test in group["tests"].as_array().unwrap() {
                let msg = hex_decode(test["msg"].as_str().unwrap());
                let sig = hex_decode(test["sig"].as_str().unwrap());
                let core_verdict = key.verify_signature(Algorithm::RS256, &msg, &sig).is_ok();
                for (name, backend) in backends() {
                    // The policy hands backends only signatures of the key's length.
                    let theirs = sig.len() == key.signature_len()
                        && backend.verify(Algorithm::RS256, &key, &msg, &sig);
                    assert_eq!(theirs, core_verdict, "{name} {bits} tcId {}", test["tcId"]);
                }
            }
        }
    }
}

#[test]
fn native_backends_agree_with_the_core_on_ecdsa_eddsa_and_pss_vectors() {
    let files = [
        ("ecdsa_secp256r1_sha256_p1363_test.json", Algorithm::ES256),
        ("ecdsa_secp384r1_sha384_p1363_test.json", Algorithm::ES384),
        ("ecdsa_secp521r1_sha512_p1363_test.json", Algorithm::ES512),
        ("ed25519_test.json", Algorithm::EdDSA),
        ("rsa_pss_2048_sha256_mgf1_32_test.json", Algorithm::PS256),
        ("rsa_pss_2048_sha384_mgf1_48_test.json", Algorithm::PS384),
        ("rsa_pss_4096_sha512_mgf1_64_test.json", Algorithm::PS512),
    ];
    for (file, alg) in files {
        let path = format!(
            "{}/../tests/vectors/wycheproof/{file}",
            env!("CARGO_MANIFEST_DIR")
        );
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let mut compared = 0;
        for group in doc["testGroups"].as_array().unwrap() {
            let der = hex_decode(group["publicKeyDer"].as_str().unwrap());
            let key = PublicKey::from_spki_der(&der).unwrap();
            for test in group["tests"].as_array().unwrap() {
                let msg = hex_decode(test["msg"].as_str().unwrap());
                let sig = hex_decode(test["sig"].as_str().unwrap());
                let core_verdict = key.verify_signature(alg, &msg, &sig).is_ok();
                assert_eq!(
                    core_verdict,
                    test["result"] == "valid",
                    "core {file} {}",
                    test["tcId"]
                );
                for (name, backend) in backends() {
                    let theirs =
                        sig.len() == key.signature_len() && backend.verify(alg, &key, &msg, &sig);
                    assert_eq!(theirs, core_verdict, "{name} {file} tcId {}", test["tcId"]);
                    compared += 1;
                }
            }
        }
        assert!(compared > 0, "{file}");
    }
}

fn hex_decode(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}
