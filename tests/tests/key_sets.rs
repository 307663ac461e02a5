//! Key sets as issuers really publish them: members read by their decoded names, one odd
//! key never taking the set down, bodies judged as bytes, and the exponent bound.
mod common;

use common::{access_claims, access_policy, jwks, TestKey, CLIENT, NOW, POOL};
use edgejwt_core::{Algorithm, Error, KeyError, KeySet, Policy, PublicKey, TokenUse};
use edgejwt_testkit::OtherKey;
use serde_json::{json, Value};

/// The JWK text of key A (kid k1) with `member` written with an escape in its name.
fn jwk_text_with_escaped_name(extra: Value, member: &str, escaped: &str) -> String {
    let text = TestKey::a().jwk("k1", extra).to_string();
    let plain = format!("\"{member}\":");
    assert!(text.contains(&plain), "{text}");
    text.replacen(&plain, &format!("\"{escaped}\":"), 1)
}

fn set_of(jwk_text: &str) -> Result<KeySet, Error> {
    KeySet::from_jwks(&format!("{{\"keys\":[{jwk_text}]}}"))
}

fn verdict_with(keys: &KeySet) -> Result<(), Error> {
    let token = TestKey::a().token("k1", &access_claims());
    access_policy().verify(&token, keys, NOW).map(|_| ())
}

#[test]
fn escaped_use_enc_member_still_refuses_the_key() {
    let text = jwk_text_with_escaped_name(json!({"use": "enc"}), "use", r"u\u0073e");
    let keys = set_of(&text).unwrap();
    assert_eq!(keys.len(), 0);
    assert_eq!(verdict_with(&keys), Err(Error::KeyRejected));
    assert_eq!(
        PublicKey::from_jwk(&text).unwrap_err(),
        KeyError::NotForSignatures
    );
}

#[test]
fn escaped_alg_member_still_binds_the_key_to_its_algorithm() {
    let text = jwk_text_with_escaped_name(json!({"alg": "RS512"}), "alg", r"\u0061lg");
    let keys = set_of(&text).unwrap();
    assert_eq!(keys.len(), 1);
    assert_eq!(verdict_with(&keys), Err(Error::KeyRejected));
}

#[test]
fn escaped_key_ops_member_still_requires_verify() {
    let text =
        jwk_text_with_escaped_name(json!({"key_ops": ["encrypt"]}), "key_ops", r"key\u005fops");
    let keys = set_of(&text).unwrap();
    assert_eq!(verdict_with(&keys), Err(Error::KeyRejected));
}

#[test]
fn escaped_kty_kid_n_e_and_keys_names_are_read_like_plain_ones() {
    for (member, escaped) in [
        ("kty", r"\u006bty"),
        ("kid", r"ki\u0064"),
        ("n", r"\u006e"),
        ("e", r"\u0065"),
    ] {
        let text = jwk_text_with_escaped_name(json!({}), member, escaped);
        let keys = set_of(&text).unwrap_or_else(|e| panic!("{member}: {e}"));
        assert_eq!(verdict_with(&keys), Ok(()), "{member}");
    }
    let document =
        jwks(&[TestKey::a().jwk("k1", json!({}))]).replacen("\"keys\"", r#""k\u0065ys""#, 1);
    assert_eq!(verdict_with(&KeySet::from_jwks(&document).unwrap()), Ok(()));
}

#[test]
fn one_malformed_key_does_not_take_down_the_set() {
    let good = TestKey::a().jwk("k1", json!({})).to_string();
    let seventeen_ops: Vec<&str> = std::iter::repeat_n("verify", 17).collect();
    let odd_keys = [
        json!({"kty": "RSA", "kid": "numeric-n", "n": 5, "e": "AQAB"}).to_string(),
        "null".to_owned(),
        "1".to_owned(),
        "\"a key\"".to_owned(),
        "[]".to_owned(),
        json!({"kty": 5, "kid": "numeric-kty"}).to_string(),
        json!({"kty": "RSA", "kid": "ops", "key_ops": "verify", "n": "AQAB", "e": "AQAB"}).to_string(),
        json!({"kty": "RSA", "kid": "ops-mixed", "key_ops": ["verify", 1], "n": "AQAB", "e": "AQAB"}).to_string(),
        json!({"kty": "RSA", "kid": 7, "n": "AQAB", "e": "AQAB"}).to_string(),
    ];
    for odd in &odd_keys {
        let keys = KeySet::from_jwks(&format!("{{\"keys\":[{odd},{good}]}}"))
            .unwrap_or_else(|e| panic!("{odd}: {e}"));
        assert_eq!((keys.len(), keys.skipped()), (1, 1), "{odd}");
        assert_eq!(verdict_with(&keys), Ok(()), "{odd}");
    }
    // Many key_ops (17 here) are fine when they include "verify".
    let many_ops = TestKey::a()
        .jwk("k1", json!({"key_ops": seventeen_ops}))
        .to_string();
    assert_eq!(verdict_with(&set_of(&many_ops).unwrap()), Ok(()));
}

#[test]
fn a_token_naming_a_malformed_key_is_key_rejected_not_unknown() {
    let mut bad = TestKey::a().jwk("k1", json!({}));
    bad["n"] = json!(12345);
    let keys = set_of(&bad.to_string()).unwrap();
    assert_eq!(
        keys.skipped_keys().collect::<Vec<_>>(),
        [(Some("k1"), KeyError::InvalidEncoding)]
    );
    assert_eq!(verdict_with(&keys), Err(Error::KeyRejected));
}

#[test]
fn a_document_that_is_not_a_jwks_stays_jwks_invalid() {
    for bad in [
        "",
        "null",
        "[]",
        "{}",
        r#"{"keys":null}"#,
        r#"{"keys":{}}"#,
        r#"{"keys":"[]"}"#,
        r#"{"keys":[],"keys":[]}"#,
        r#"{"keys":[],"k\u0065ys":[]}"#,
        r#"{"keys":[{"kid":"a","kid":"b"}]}"#,
    ] {
        assert_eq!(
            KeySet::from_jwks(bad).unwrap_err(),
            Error::JwksInvalid,
            "{bad}"
        );
    }
}

#[test]
fn jwks_bodies_are_bytes_with_one_rule_for_utf8_and_bom() {
    let body = jwks(&[TestKey::a().jwk("k1", json!({}))]);
    assert_eq!(
        verdict_with(&KeySet::from_jwks_bytes(body.as_bytes()).unwrap()),
        Ok(())
    );
    let with_bom = [b"\xEF\xBB\xBF".as_slice(), body.as_bytes()].concat();
    assert_eq!(
        verdict_with(&KeySet::from_jwks_bytes(&with_bom).unwrap()),
        Ok(())
    );
    let two_boms = [b"\xEF\xBB\xBF\xEF\xBB\xBF".as_slice(), body.as_bytes()].concat();
    assert_eq!(
        KeySet::from_jwks_bytes(&two_boms).unwrap_err(),
        Error::JwksInvalid
    );
    let mut invalid_utf8 = body.clone().into_bytes();
    let at = invalid_utf8.iter().position(|&b| b == b'k').unwrap();
    invalid_utf8.insert(at, 0xFF);
    assert_eq!(
        KeySet::from_jwks_bytes(&invalid_utf8).unwrap_err(),
        Error::JwksInvalid
    );
    // gzip's magic number: a compressed body nobody decoded is not a JWKS.
    assert_eq!(
        KeySet::from_jwks_bytes(&[0x1f, 0x8b, 8, 0]).unwrap_err(),
        Error::JwksInvalid
    );
}

#[test]
fn public_exponent_up_to_64_bits_is_accepted_and_verifies() {
    // Made by this project (tests/vectors/generated/make_e64_token.py), so read from here.
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/vectors/generated/e64_rs256.json"
    );
    let vector: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert_eq!(vector["e"], "0xf1e2d3c4b5a69789");
    let keys = set_of(&vector["jwk"].to_string()).unwrap();
    assert_eq!(
        keys.len(),
        1,
        "{:?}",
        keys.skipped_keys().collect::<Vec<_>>()
    );
    let token = vector["token"].as_str().unwrap();
    let policy = access_policy();
    assert!(policy.verify(token, &keys, NOW).is_ok());
    let mut tampered = token.to_owned();
    tampered.replace_range(tampered.len() - 3.., "AAA");
    assert!(policy.verify(&tampered, &keys, NOW).is_err());
}

#[test]
fn public_exponent_of_65_bits_or_even_or_one_is_refused() {
    let n = TestKey::a().n_bytes();
    let mut e65 = vec![1u8];
    e65.extend_from_slice(&[0, 0, 0, 0, 0, 0, 0, 1]);
    for e in [e65.as_slice(), &[1], &[2], &[1, 0, 0], &[]] {
        assert_eq!(
            PublicKey::from_rsa_components(&n, e).unwrap_err(),
            KeyError::InvalidExponent,
            "{e:?}"
        );
    }
    let e64_max = [0xFFu8; 8];
    assert!(PublicKey::from_rsa_components(&n, &e64_max).is_ok());
}

#[test]
fn reasons_name_the_rule_behind_key_rejected() {
    use edgejwt_core::Reason;
    let token = TestKey::a().token("k1", &access_claims());
    let policy = access_policy();
    let reason_with = |jwk: Value| {
        let keys = set_of(&jwk.to_string()).unwrap();
        let error = policy.verify(&token, &keys, NOW).unwrap_err();
        assert_eq!(error, Error::KeyRejected);
        policy.reason(&token, &keys, error)
    };
    assert_eq!(
        reason_with(TestKey::a().jwk("k1", json!({"use": "enc"}))),
        Reason::Key(KeyError::NotForSignatures)
    );
    assert_eq!(
        reason_with(TestKey::a().jwk("k1", json!({"alg": "RS512"}))),
        Reason::KeyAlgorithmMismatch
    );
    assert_eq!(
        reason_with(TestKey::a().jwk("k1", json!({"n": 7}))),
        Reason::Key(KeyError::InvalidEncoding)
    );
}

/// Keys sharing one `kid` (RFC 7517 4.5 allows it for keys of different types): key A
/// (RSA), a P-256 and an Ed25519 key, in `order`, all under "shared".
fn shared_kid_set(order: &[usize]) -> KeySet {
    let jwks_of = [
        TestKey::a().jwk("shared", json!({})),
        OtherKey::p256("shared-kid").jwk("shared", json!({})),
        OtherKey::ed25519("shared-kid").jwk("shared", json!({})),
    ];
    let chosen: Vec<Value> = order.iter().map(|&i| jwks_of[i].clone()).collect();
    KeySet::from_jwks(&jwks(&chosen)).unwrap()
}

fn every_algorithm_policy() -> Policy {
    Policy::cognito(POOL, TokenUse::Access)
        .client_id(CLIENT)
        .algorithms(&Algorithm::ALL)
        .build()
        .unwrap()
}

#[test]
fn keys_of_different_types_sharing_a_kid_each_verify_their_own_algorithm() {
    let policy = every_algorithm_policy();
    let claims = access_claims();
    let tokens = [
        ("RS256", TestKey::a().token("shared", &claims)),
        (
            "ES256",
            OtherKey::p256("shared-kid").token("shared", &claims),
        ),
        (
            "EdDSA",
            OtherKey::ed25519("shared-kid").token("shared", &claims),
        ),
    ];
    for order in [[0, 1, 2], [2, 1, 0], [1, 2, 0]] {
        let keys = shared_kid_set(&order);
        for (alg, token) in &tokens {
            let verified = policy.verify(token, &keys, NOW);
            assert!(
                verified.is_ok(),
                "{alg} with keys in order {order:?}: {verified:?}"
            );
            let header = verified.unwrap().header().clone();
            let key = policy.key_for(&keys, &header).unwrap();
            assert_eq!(key.algorithm().map(|a| a.name()), Some(*alg), "{order:?}");
        }
    }
}

#[test]
fn a_shared_kid_never_hands_a_token_to_a_key_of_another_kind() {
    // No P-384 key under "shared": an ES384 token is refused at key policy, never
    // checked against the P-256, RSA or Ed25519 key of that name.
    let policy = every_algorithm_policy();
    let keys = shared_kid_set(&[0, 1, 2]);
    let token = OtherKey::p384("shared-kid").token("shared", &access_claims());
    assert_eq!(
        policy.verify(&token, &keys, NOW).unwrap_err(),
        Error::KeyRejected
    );
    // An RS256 token signed with the P-256 key's kid but by a stranger: bad signature.
    let forged = TestKey::b().token("shared", &access_claims());
    assert_eq!(
        policy.verify(&forged, &keys, NOW).unwrap_err(),
        Error::BadSignature
    );
}

#[test]
fn a_shared_kid_costs_one_signature_check_not_one_per_key() {
    // Two RSA keys under one kid: the first that fits is the one checked. A token signed
    // by the second is refused rather than tried against every key of the name (which
    // would multiply the work per forged token by the number of keys sharing it).
    let policy = access_policy();
    let both = jwks(&[
        TestKey::a().jwk("shared", json!({})),
        TestKey::b().jwk("shared", json!({})),
    ]);
    let keys = KeySet::from_jwks(&both).unwrap();
    let by_a = TestKey::a().token("shared", &access_claims());
    let by_b = TestKey::b().token("shared", &access_claims());
    assert!(policy.verify(&by_a, &keys, NOW).is_ok());
    assert_eq!(
        policy.verify(&by_b, &keys, NOW).unwrap_err(),
        Error::BadSignature
    );
    // When the first is bound to another algorithm by its JWK `alg`, the second fits.
    let bound = jwks(&[
        TestKey::a().jwk("shared", json!({"alg": "RS512"})),
        TestKey::b().jwk("shared", json!({})),
    ]);
    let keys = KeySet::from_jwks(&bound).unwrap();
    assert!(policy.verify(&by_b, &keys, NOW).is_ok());
    assert_eq!(
        policy.verify(&by_a, &keys, NOW).unwrap_err(),
        Error::BadSignature
    );
}
