//! Attacks on key policy: each test is named after what it stops.

use super::*;

fn with_jwks(keys: &[Value], token: &str) -> Result<edgejwt_core::VerifiedToken, Error> {
    access_policy().verify(token, &KeySet::from_jwks(&jwks(keys)).unwrap(), NOW)
}

#[test]
fn a_1024_bit_key_is_rejected_by_default() {
    let weak = TestKey::load("rsa1024");
    let token = weak.token("small", &access_claims());
    assert_eq!(
        with_jwks(&[weak.jwk("small", json!({}))], &token).unwrap_err(),
        Error::KeyRejected
    );
    let legacy = Policy::cognito(POOL, TokenUse::Access)
        .client_id(CLIENT)
        .min_modulus_bits(1024)
        .build()
        .unwrap();
    let keys = KeySet::from_jwks(&jwks(&[weak.jwk("small", json!({}))])).unwrap();
    assert!(legacy.verify(&token, &keys, NOW).is_ok());
}

#[test]
fn a_3072_bit_key_is_accepted() {
    let big = TestKey::load("rsa3072");
    let token = big.token("big", &access_claims());
    assert!(with_jwks(&[big.jwk("big", json!({}))], &token).is_ok());
}

#[test]
fn exponent_one_is_rejected() {
    let token = signed_claims(&access_claims());
    assert_eq!(
        with_jwks(&[TestKey::a().jwk("k1", json!({ "e": "AQ" }))], &token).unwrap_err(),
        Error::KeyRejected
    );
}

#[test]
fn even_exponent_and_even_modulus_are_rejected() {
    let token = signed_claims(&access_claims());
    assert_eq!(
        with_jwks(&[TestKey::a().jwk("k1", json!({ "e": "AQAC" }))], &token).unwrap_err(),
        Error::KeyRejected
    );
    let mut n = TestKey::a().n_bytes();
    *n.last_mut().unwrap() &= 0xFE;
    assert_eq!(
        with_jwks(&[TestKey::a().jwk("k1", json!({ "n": b64(n) }))], &token).unwrap_err(),
        Error::KeyRejected
    );
}

#[test]
fn e3_keys_verify_per_design() {
    let e3 = TestKey::load("rsa2048_e3");
    let token = e3.token("e3", &access_claims());
    assert!(with_jwks(&[e3.jwk("e3", json!({}))], &token).is_ok());
}

#[test]
fn a_key_for_encryption_is_rejected() {
    let token = signed_claims(&access_claims());
    assert_eq!(
        with_jwks(&[TestKey::a().jwk("k1", json!({ "use": "enc" }))], &token).unwrap_err(),
        Error::KeyRejected
    );
    assert_eq!(
        with_jwks(
            &[TestKey::a().jwk("k1", json!({ "key_ops": ["encrypt"] }))],
            &token
        )
        .unwrap_err(),
        Error::KeyRejected
    );
    assert!(with_jwks(
        &[TestKey::a().jwk("k1", json!({ "key_ops": ["verify"] }))],
        &token
    )
    .is_ok());
    assert!(with_jwks(&[TestKey::a().jwk("k1", json!({ "use": null }))], &token).is_ok());
}

#[test]
fn jwk_alg_mismatch_is_rejected() {
    let token = signed_claims(&access_claims());
    for alg in ["RS384", "PS256", "RSA-OAEP", "rs256"] {
        assert_eq!(
            with_jwks(&[TestKey::a().jwk("k1", json!({ "alg": alg }))], &token).unwrap_err(),
            Error::KeyRejected,
            "{alg}"
        );
    }
}

#[test]
fn an_oct_key_with_the_same_kid_cannot_be_used() {
    let token = signed_claims(&access_claims());
    let oct = json!({ "kty": "oct", "kid": "k1", "k": b64(TestKey::a().n_bytes()) });
    assert_eq!(
        with_jwks(std::slice::from_ref(&oct), &token).unwrap_err(),
        Error::KeyRejected
    );
    // A usable RSA key of the same kid is still found.
    assert!(with_jwks(&[oct, TestKey::a().jwk("k1", json!({}))], &token).is_ok());
}

#[test]
fn lowercase_kty_rsa_is_not_rsa() {
    let token = signed_claims(&access_claims());
    assert_eq!(
        with_jwks(&[TestKey::a().jwk("k1", json!({ "kty": "rsa" }))], &token).unwrap_err(),
        Error::KeyRejected
    );
}

#[test]
fn key_parameters_with_bad_base64_are_rejected_not_fatal() {
    let token = signed_claims(&access_claims());
    let bad = TestKey::a().jwk("k1", json!({ "n": "not base64!" }));
    let keys = KeySet::from_jwks(&jwks(&[bad, TestKey::b().jwk("k2", json!({}))])).unwrap();
    assert_eq!(keys.len(), 1);
    assert_eq!(
        access_policy().verify(&token, &keys, NOW).unwrap_err(),
        Error::KeyRejected
    );
}

#[test]
fn unknown_key_types_are_skipped_not_fatal() {
    let jwks_text = jwks(&[
        json!({ "kty": "EC", "kid": "ec", "crv": "P-256", "x": "AA", "y": "AA" }),
        json!({ "kty": "OKP", "kid": "ed", "crv": "Ed25519", "x": "AA" }),
        json!({ "kty": "oct", "kid": "hs", "k": "AA" }),
        json!({ "kty": "PQC", "kid": "future", "pub": "AA" }),
        TestKey::a().jwk("k1", json!({})),
    ]);
    let keys = KeySet::from_jwks(&jwks_text).unwrap();
    assert_eq!((keys.len(), keys.skipped()), (1, 4));
    assert!(access_policy()
        .verify(&signed_claims(&access_claims()), &keys, NOW)
        .is_ok());
}

#[test]
fn malformed_key_sets_are_jwks_invalid() {
    let too_many: Vec<Value> = (0..65)
        .map(|i| json!({ "kty": "oct", "kid": i.to_string(), "k": "AA" }))
        .collect();
    for bad in [
        String::new(),
        "[]".into(),
        "{}".into(),
        r#"{"keys":{}}"#.into(),
        r#"{"keys":[],"keys":[]}"#.into(),
        format!(
            r#"{{"keys":[{{"kty":"oct","x":{}{}}}]}}"#,
            "[".repeat(5000),
            "]".repeat(5000)
        ),
        jwks(&too_many),
    ] {
        assert_eq!(
            KeySet::from_jwks(&bad).unwrap_err(),
            Error::JwksInvalid,
            "{}",
            &bad[..bad.len().min(40)]
        );
    }
}

#[test]
fn key_rotation_in_a_key_set() {
    let token_b = TestKey::b().token("k2", &access_claims());
    let mut keys = keyset_a();
    assert_eq!(
        access_policy().verify(&token_b, &keys, NOW).unwrap_err(),
        Error::UnknownKid
    );
    let key_b =
        edgejwt_core::PublicKey::from_jwk(&TestKey::b().jwk("k2", json!({})).to_string()).unwrap();
    keys.insert(key_b).unwrap();
    assert!(access_policy().verify(&token_b, &keys, NOW).is_ok());
}

#[test]
fn key_imports_agree_across_formats() {
    use rsa::pkcs8::{EncodePublicKey, LineEnding};
    let key = TestKey::a();
    let public = key.private.to_public_key();
    let pem = public.to_public_key_pem(LineEnding::LF).unwrap();
    let der = public.to_public_key_der().unwrap();
    let token = signed_claims(&access_claims());
    let mut n_with_zero = vec![0u8];
    n_with_zero.extend(key.n_bytes());
    for imported in [
        edgejwt_core::PublicKey::from_spki_pem(&pem).unwrap(),
        edgejwt_core::PublicKey::from_spki_der(der.as_bytes()).unwrap(),
        edgejwt_core::PublicKey::from_rsa_components(&key.n_bytes(), &key.e_bytes()).unwrap(),
        edgejwt_core::PublicKey::from_rsa_components(&n_with_zero, &key.e_bytes()).unwrap(),
    ] {
        let mut keys = KeySet::new();
        keys.insert(imported.with_kid("k1")).unwrap();
        assert!(access_policy().verify(&token, &keys, NOW).is_ok());
    }
    assert_eq!(
        edgejwt_core::PublicKey::from_spki_pem(
            "-----BEGIN PUBLIC KEY-----\nAA==\n-----END PUBLIC KEY-----"
        )
        .unwrap_err(),
        edgejwt_core::KeyError::InvalidEncoding
    );
    assert!(edgejwt_core::PublicKey::from_spki_der(&der.as_bytes()[..100]).is_err());
}

#[test]
fn every_error_code_is_distinct_snake_case_and_displayed() {
    let codes: std::collections::HashSet<_> = Error::ALL.iter().map(|e| e.code()).collect();
    assert_eq!(codes.len(), Error::ALL.len());
    for e in Error::ALL {
        assert!(e
            .code()
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b == b'_'));
        assert!(e.to_string().starts_with(e.code()));
    }
}

#[test]
fn an_external_signature_verdict_is_required_and_decides() {
    let policy = access_policy();
    let keys = keyset_a();
    let token = signed_claims(&access_claims());
    let check = policy.prepare_signature_check(&token, &keys).unwrap();
    let key = keys.keys().next().unwrap();
    // The check holds the chosen key itself (same identity), not a copy of its material.
    assert_eq!(check.key().id(), key.id());
    // An owned copy, for a check that awaits, says the same.
    let owned = check.clone().into_owned();
    assert_eq!(
        (owned.message(), owned.signature()),
        (check.message(), check.signature())
    );
    let honest = key
        .verify_signature(check.header().alg(), check.message(), check.signature())
        .is_ok();
    assert!(honest);
    let verified = policy
        .complete_signature_check(check.clone(), honest, NOW)
        .unwrap();
    assert_eq!(verified.claims().username().unwrap(), "alice");
    assert_eq!(
        policy
            .complete_signature_check(check, false, NOW)
            .unwrap_err(),
        Error::BadSignature
    );
    let expired = signed_claims(&with(access_claims(), json!({ "exp": NOW })));
    let check = policy.prepare_signature_check(&expired, &keys).unwrap();
    assert_eq!(
        policy
            .complete_signature_check(check, true, NOW)
            .unwrap_err(),
        Error::Expired
    );
    assert_eq!(
        policy
            .prepare_signature_check(&TestKey::b().token("k9", &access_claims()), &keys)
            .unwrap_err(),
        Error::UnknownKid
    );
}
