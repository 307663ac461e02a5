//! Project Wycheproof vectors of the algorithms beyond RS*: ECDSA P-256/384/521 in the JWS
//! `r || s` form (`*_p1363_test.json`), Ed25519 and RSASSA-PSS, at the signature layer.
//! Every `valid` vector is accepted and every `invalid` one refused (these files have no
//! `acceptable` cases). Each group's key is imported from DER, PEM and JWK, which must
//! agree.
mod common;

use edgejwt_core::{Algorithm, PublicKey};
use serde_json::Value;

#[derive(Debug, Default, PartialEq)]
struct Tally {
    valid_accepted: usize,
    invalid_rejected: usize,
}

fn run(file: &str, alg: Algorithm) -> Tally {
    let doc = common::vector_json(&format!("wycheproof/{file}"));
    let mut tally = Tally::default();
    for group in doc["testGroups"].as_array().unwrap() {
        let key = group_key(group);
        for test in group["tests"].as_array().unwrap() {
            let msg = hex::decode(test["msg"].as_str().unwrap()).unwrap();
            let sig = hex::decode(test["sig"].as_str().unwrap()).unwrap();
            let verdict = key.verify_signature(alg, &msg, &sig);
            let id = &test["tcId"];
            let comment = &test["comment"];
            match test["result"].as_str().unwrap() {
                "valid" => {
                    assert!(
                        verdict.is_ok(),
                        "{file} tcId {id} ({comment}) valid but rejected"
                    );
                    tally.valid_accepted += 1;
                }
                "invalid" => {
                    assert!(
                        verdict.is_err(),
                        "{file} tcId {id} ({comment}) invalid but accepted"
                    );
                    tally.invalid_rejected += 1;
                }
                other => panic!("{file} tcId {id}: unexpected result {other}"),
            }
        }
    }
    eprintln!("{file}: {tally:?}");
    tally
}

/// The group's key from its DER, checked against its PEM and JWK encodings.
fn group_key(group: &Value) -> PublicKey {
    let der = hex::decode(group["publicKeyDer"].as_str().unwrap()).unwrap();
    let key = PublicKey::from_spki_der(&der).expect("group key imports from DER");
    let pem = PublicKey::from_spki_pem(group["publicKeyPem"].as_str().unwrap()).unwrap();
    assert_eq!(pem.material(), key.material());
    if let Some(jwk) = group.get("publicKeyJwk") {
        let jwk = PublicKey::from_jwk(&jwk.to_string()).unwrap();
        assert_eq!(jwk.material(), key.material());
    }
    key
}

#[test]
fn ecdsa_p256_sha256_p1363_vectors() {
    let tally = run("ecdsa_secp256r1_sha256_p1363_test.json", Algorithm::ES256);
    assert_eq!(
        tally,
        Tally {
            valid_accepted: 173,
            invalid_rejected: 89
        }
    );
}

#[test]
fn ecdsa_p384_sha384_p1363_vectors() {
    let tally = run("ecdsa_secp384r1_sha384_p1363_test.json", Algorithm::ES384);
    assert_eq!(
        tally,
        Tally {
            valid_accepted: 193,
            invalid_rejected: 87
        }
    );
}

#[test]
fn ecdsa_p521_sha512_p1363_vectors() {
    let tally = run("ecdsa_secp521r1_sha512_p1363_test.json", Algorithm::ES512);
    assert_eq!(
        tally,
        Tally {
            valid_accepted: 231,
            invalid_rejected: 87
        }
    );
}

#[test]
fn ed25519_vectors_under_both_names() {
    for alg in [Algorithm::EdDSA, Algorithm::Ed25519] {
        let tally = run("ed25519_test.json", alg);
        assert_eq!(
            tally,
            Tally {
                valid_accepted: 88,
                invalid_rejected: 63
            }
        );
    }
}

#[test]
fn rsassa_pss_vectors() {
    let files = [
        (
            "rsa_pss_2048_sha256_mgf1_32_test.json",
            Algorithm::PS256,
            63,
            45,
        ),
        (
            "rsa_pss_2048_sha384_mgf1_48_test.json",
            Algorithm::PS384,
            95,
            46,
        ),
        (
            "rsa_pss_3072_sha256_mgf1_32_test.json",
            Algorithm::PS256,
            63,
            45,
        ),
        (
            "rsa_pss_4096_sha512_mgf1_64_test.json",
            Algorithm::PS512,
            132,
            47,
        ),
    ];
    for (file, alg, valid, invalid) in files {
        let tally = run(file, alg);
        assert_eq!(
            tally,
            Tally {
                valid_accepted: valid,
                invalid_rejected: invalid
            },
            "{file}"
        );
    }
}

#[test]
fn a_valid_signature_under_the_wrong_algorithm_of_the_same_key_is_refused() {
    // PS256 vectors checked as RS256 (same key kind, other padding) and as PS512.
    let doc = common::vector_json("wycheproof/rsa_pss_2048_sha256_mgf1_32_test.json");
    let group = &doc["testGroups"][0];
    let key = group_key(group);
    let valid = group["tests"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["result"] == "valid")
        .unwrap();
    let msg = hex::decode(valid["msg"].as_str().unwrap()).unwrap();
    let sig = hex::decode(valid["sig"].as_str().unwrap()).unwrap();
    assert!(key.verify_signature(Algorithm::PS256, &msg, &sig).is_ok());
    for other in [
        Algorithm::RS256,
        Algorithm::PS384,
        Algorithm::PS512,
        Algorithm::ES256,
    ] {
        assert!(key.verify_signature(other, &msg, &sig).is_err(), "{other}");
    }
}
