//! Project Wycheproof RSASSA-PKCS1-v1_5 SHA-256 vectors at the signature layer.
//!
//! Decisions the vectors leave to the verifier, made here on purpose:
//! - e = 3 groups (2048 and 3072 files) are `valid` and ACCEPTED: the key policy (ARCHITECTURE.md step 4)
//!   asks for an odd exponent > 1, and PKCS#1 v1.5 verification with a full DigestInfo
//!   comparison is not open to Bleichenbacher's e = 3 forgery.
//! - The one `acceptable` case per file (MissingNull: DigestInfo without the NULL
//!   parameters) is REJECTED: we compare the encoded message byte for byte against the
//!   canonical DER encoding (RFC 8017 9.2 note 2 allows this strictness).
mod common;

use edgejwt_core::{Algorithm, PublicKey};
use serde_json::Value;

struct Tally {
    valid_accepted: usize,
    invalid_rejected: usize,
    acceptable_rejected: usize,
}

fn run(file: &str) -> Tally {
    let doc = common::vector_json(&format!("wycheproof/{file}"));
    let mut tally = Tally {
        valid_accepted: 0,
        invalid_rejected: 0,
        acceptable_rejected: 0,
    };
    for group in doc["testGroups"].as_array().unwrap() {
        let der = hex::decode(group["publicKeyDer"].as_str().unwrap()).unwrap();
        let key = PublicKey::from_spki_der(&der).expect("group key imports");
        assert_same_key_from_every_encoding(group, &key);
        for test in group["tests"].as_array().unwrap() {
            let msg = hex::decode(test["msg"].as_str().unwrap()).unwrap();
            let sig = hex::decode(test["sig"].as_str().unwrap()).unwrap();
            let verdict = key.verify_signature(Algorithm::RS256, &msg, &sig);
            let id = &test["tcId"];
            match test["result"].as_str().unwrap() {
                "valid" => {
                    assert!(verdict.is_ok(), "{file} tcId {id} valid but rejected");
                    tally.valid_accepted += 1;
                }
                "invalid" => {
                    assert!(verdict.is_err(), "{file} tcId {id} invalid but accepted");
                    tally.invalid_rejected += 1;
                }
                "acceptable" => {
                    assert!(verdict.is_err(), "{file} tcId {id}: we reject MissingNull");
                    tally.acceptable_rejected += 1;
                }
                other => panic!("unknown result {other}"),
            }
        }
    }
    tally
}

/// DER, PEM, JWK and raw components of one group must give the same verifier.
fn assert_same_key_from_every_encoding(group: &Value, from_der: &PublicKey) {
    let pem = PublicKey::from_spki_pem(group["publicKeyPem"].as_str().unwrap()).unwrap();
    let jwk = PublicKey::from_jwk(&group["keyJwk"].to_string()).unwrap();
    let n = hex::decode(group["publicKey"]["modulus"].as_str().unwrap()).unwrap();
    let e = hex::decode(group["publicKey"]["publicExponent"].as_str().unwrap()).unwrap();
    let parts = PublicKey::from_rsa_components(&n, &e).unwrap();
    for other in [&pem, &jwk, &parts] {
        assert_eq!(other.bits(), from_der.bits());
    }
    // A valid signature from the group must verify under every import path.
    if let Some(test) = group["tests"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["result"] == "valid")
    {
        let msg = hex::decode(test["msg"].as_str().unwrap()).unwrap();
        let sig = hex::decode(test["sig"].as_str().unwrap()).unwrap();
        for key in [from_der, &pem, &jwk, &parts] {
            key.verify_signature(Algorithm::RS256, &msg, &sig).unwrap();
        }
    }
}

#[test]
fn wycheproof_rsa_pkcs1_2048_sha256() {
    let t = run("rsa_signature_2048_sha256_test.json");
    assert_eq!(
        (t.valid_accepted, t.invalid_rejected, t.acceptable_rejected),
        (9, 249, 1)
    );
}

#[test]
fn wycheproof_rsa_pkcs1_3072_sha256() {
    let t = run("rsa_signature_3072_sha256_test.json");
    assert_eq!(
        (t.valid_accepted, t.invalid_rejected, t.acceptable_rejected),
        (8, 250, 1)
    );
}

#[test]
fn wycheproof_rsa_pkcs1_4096_sha256() {
    let t = run("rsa_signature_4096_sha256_test.json");
    assert_eq!(
        (t.valid_accepted, t.invalid_rejected, t.acceptable_rejected),
        (7, 250, 1)
    );
}

#[test]
fn wycheproof_rsa_pkcs1_8192_sha256() {
    let t = run("rsa_signature_8192_sha256_test.json");
    assert_eq!(
        (t.valid_accepted, t.invalid_rejected, t.acceptable_rejected),
        (7, 250, 1)
    );
}

#[test]
fn e3_keys_are_accepted_by_design() {
    let doc = common::vector_json("wycheproof/rsa_signature_2048_sha256_test.json");
    let e3_valid = doc["testGroups"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| g["publicKey"]["publicExponent"] == "03")
        .flat_map(|g| g["tests"].as_array().unwrap())
        .filter(|t| t["result"] == "valid")
        .count();
    assert_eq!(e3_valid, 2, "tcIds 258 and 259 are the e = 3 valid cases");
}
