//! RFC 7515 A.1/A.2/A.5, RFC 7520 4.1/4.2 and RFC 7517 A.1 examples.
mod common;

use edgejwt_core::{Algorithm, Error, KeySet, Policy, PublicKey};

fn policy(issuer: &str) -> Policy {
    Policy::oidc(issuer).audience("any").build().unwrap()
}

fn latchset(name: &str) -> String {
    common::read_vector(&format!("rfc/latchset-jose-vectors/{name}"))
        .trim()
        .to_owned()
}

#[test]
fn rfc7515_a2_raw_rs256_signature_verifies() {
    let jwk = latchset("rfc7515_A.2.jwk");
    let key = PublicKey::from_jwk(&jwk).unwrap();
    let token = latchset("rfc7515_A.2.jwsc");
    let (input, sig) = token.rsplit_once('.').unwrap();
    key.verify_signature(Algorithm::RS256, input.as_bytes(), &common::unb64(sig))
        .unwrap();
    // Tampered: one signature bit flipped, or 'joe' changed to 'Joe'.
    let mut flipped = common::unb64(sig);
    flipped[10] ^= 1;
    assert_eq!(
        key.verify_signature(Algorithm::RS256, input.as_bytes(), &flipped),
        Err(Error::BadSignature)
    );
    let payload = String::from_utf8(common::unb64(input.split('.').nth(1).unwrap())).unwrap();
    let changed = format!(
        "{}.{}",
        input.split('.').next().unwrap(),
        common::b64(payload.replace("joe", "Joe"))
    );
    assert_eq!(
        key.verify_signature(Algorithm::RS256, changed.as_bytes(), &common::unb64(sig)),
        Err(Error::BadSignature)
    );
}

#[test]
fn rfc7515_a2_as_a_jwt_is_rejected_for_its_missing_kid() {
    let key = PublicKey::from_jwk(&latchset("rfc7515_A.2.jwk"))
        .unwrap()
        .with_kid("k");
    let mut keys = KeySet::new();
    keys.insert(key).unwrap();
    let token = latchset("rfc7515_A.2.jwsc");
    assert_eq!(
        policy("joe")
            .verify(&token, &keys, 1_300_819_000)
            .unwrap_err(),
        Error::MissingKid
    );
}

#[test]
fn rfc7515_a1_hs256_is_an_unsupported_algorithm() {
    let token = latchset("rfc7515_A.1.jwsc");
    assert_eq!(
        policy("joe").verify(&token, &KeySet::new(), 0).unwrap_err(),
        Error::UnsupportedAlgorithm
    );
}

#[test]
fn rfc7515_a5_unsecured_jws_is_rejected_at_the_shape_check() {
    // `alg: none` with an empty signature segment: three non-empty segments are required.
    let token = latchset("rfc7515_A.5.jwsc");
    assert_eq!(
        policy("joe").verify(&token, &KeySet::new(), 0).unwrap_err(),
        Error::Malformed
    );
}

#[test]
fn rfc7520_4_1_signature_passes_then_prose_payload_is_malformed() {
    let key = PublicKey::from_jwk(&latchset("rfc7520_4.1.jwk")).unwrap();
    assert_eq!(key.kid(), Some("bilbo.baggins@hobbiton.example"));
    let mut keys = KeySet::new();
    keys.insert(key).unwrap();
    let token = latchset("rfc7520_4.1.jwsc");
    let p = policy("x");
    let jws = p.verify_jws_signature(&token, &keys).unwrap();
    assert!(jws
        .payload
        .starts_with(b"It\xe2\x80\x99s a dangerous business"));
    assert_eq!(p.verify(&token, &keys, 0).unwrap_err(), Error::Malformed);
}

#[test]
fn rfc7520_4_2_ps384_verifies_at_the_signature_layer_when_allowed() {
    // RFC 7520 4.2 ("RSASSA-PSS") signs with PS384 under the RSA key of 3.4.
    let token = latchset("rfc7520_4.2.jwsc");
    assert_eq!(
        policy("x").verify(&token, &KeySet::new(), 0).unwrap_err(),
        Error::UnsupportedAlgorithm,
        "PS384 is not on the default allow-list"
    );
    let key = PublicKey::from_jwk(&latchset("rfc7520_4.1.jwk")).unwrap();
    let mut keys = KeySet::new();
    keys.insert(key).unwrap();
    let pss = Policy::oidc("x")
        .audience("a")
        .algorithms(&[Algorithm::PS256, Algorithm::PS384, Algorithm::PS512])
        .build()
        .unwrap();
    let jws = pss.verify_jws_signature(&token, &keys).unwrap();
    assert_eq!(jws.header.alg(), Algorithm::PS384);
    assert!(jws
        .payload
        .starts_with(b"It\xe2\x80\x99s a dangerous business"));
    // One changed signature character (well inside the segment): refused.
    let at = token.len() - 10;
    let swapped = if &token[at..=at] == "A" { "B" } else { "A" };
    let forged = format!("{}{swapped}{}", &token[..at], &token[at + 1..]);
    assert_eq!(
        pss.verify_jws_signature(&forged, &keys).unwrap_err(),
        Error::BadSignature
    );
}

#[test]
fn rfc7517_a1_mixed_set_skips_the_ec_key_and_keeps_the_rsa_key() {
    let keys = KeySet::from_jwks(&latchset("rfc7517_A.1.jwkset")).unwrap();
    assert_eq!(keys.len(), 1);
    assert_eq!(keys.skipped(), 1);
    assert!(keys.contains_kid("2011-04-29"));
    assert!(!keys.contains_kid("1"));
}

#[test]
fn gathered_fixture_file_agrees() {
    let doc = common::vector_json("rfc/rfc_rs256_fixtures.json");
    for fixture in doc["fixtures"].as_array().unwrap() {
        let name = fixture["name"].as_str().unwrap();
        if let Some(set) = fixture.get("jwks") {
            let keys = KeySet::from_jwks(&set.to_string()).unwrap();
            assert_eq!((keys.len(), keys.skipped()), (1, 1), "{name}");
        }
        if let Some(jwk) = fixture.get("jwk") {
            assert_eq!(
                PublicKey::from_jwk(&jwk.to_string()).unwrap().bits(),
                2048,
                "{name}"
            );
        }
        let Some(token) = fixture["compact"].as_str() else {
            continue;
        };
        let alg = fixture["decoded_header"]["alg"].as_str().unwrap_or("");
        if let Some(jwk) = fixture.get("public_jwk") {
            if alg == "RS256" {
                let key = PublicKey::from_jwk(&jwk.to_string()).unwrap();
                let (input, sig) = token.rsplit_once('.').unwrap();
                assert!(
                    key.verify_signature(Algorithm::RS256, input.as_bytes(), &common::unb64(sig))
                        .is_ok(),
                    "{name}"
                );
            }
        }
        // No fixture is an acceptable JWT for a Cognito-style verifier.
        assert!(
            policy("joe").verify(token, &KeySet::new(), 0).is_err(),
            "{name}"
        );
    }
}
