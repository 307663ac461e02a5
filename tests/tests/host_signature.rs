//! `Policy::verify_with` and `JwksCache::verify_step_with`: the signature step supplied
//! by the host as a closure `SignatureBackend` (how the wasm package calls node:crypto). The core must keep every
//! other rule, call the closure only for tokens that passed steps 1 to 4, and judge the
//! signature before any claim.
mod common;

use std::cell::Cell;

use common::{access_claims, access_policy, b64, keyset_a, with, TestKey, NOW};
use edgejwt_core::{Algorithm, CacheSettings, Error, JwksCache, KeyMaterial, PublicKey, Step};
use serde_json::json;

/// The core's own arithmetic, as a host closure would call its crypto.
fn core_rsa(alg: Algorithm, key: &PublicKey, message: &[u8], signature: &[u8]) -> bool {
    key.verify_signature(alg, message, signature).is_ok()
}

fn flip_last_signature_bit(token: &str) -> String {
    let (input, sig) = token.rsplit_once('.').unwrap();
    let mut sig = common::unb64(sig);
    *sig.last_mut().unwrap() ^= 1;
    format!("{input}.{}", b64(sig))
}

#[test]
fn verify_with_the_cores_arithmetic_matches_verify() {
    let (policy, keys) = (access_policy(), keyset_a());
    let valid = TestKey::a().token("k1", &access_claims());
    let tokens = [
        valid.clone(),
        flip_last_signature_bit(&valid),
        TestKey::b().token("k1", &access_claims()),
        TestKey::a().token("k1", &with(access_claims(), json!({"exp": NOW - 1}))),
        TestKey::a().token("unknown", &access_claims()),
        "not.a.token".to_string(),
    ];
    for token in &tokens {
        let ours = policy
            .verify_with(token, &keys, NOW, &core_rsa)
            .map(|v| v.claims().sub().map(|s| s.into_owned()));
        let plain = policy
            .verify(token, &keys, NOW)
            .map(|v| v.claims().sub().map(|s| s.into_owned()));
        assert_eq!(ours, plain, "{token}");
    }
    assert!(policy.verify_with(&valid, &keys, NOW, &core_rsa).is_ok());
}

#[test]
fn host_rsa_gets_the_key_message_and_signature_of_the_token() {
    let (policy, keys) = (access_policy(), keyset_a());
    let token = TestKey::a().token("k1", &access_claims());
    let (input, sig) = token.rsplit_once('.').unwrap();
    let seen = Cell::new(false);
    policy
        .verify_with(
            &token,
            &keys,
            NOW,
            &|alg, key: &PublicKey, message: &[u8], signature: &[u8]| {
                assert_eq!(alg, Algorithm::RS256);
                assert_eq!(
                    key.material(),
                    KeyMaterial::Rsa {
                        n: &TestKey::a().n_bytes(),
                        e: &TestKey::a().e_bytes()
                    }
                );
                assert_eq!(message, input.as_bytes());
                assert_eq!(signature, common::unb64(sig));
                seen.set(true);
                true
            },
        )
        .unwrap();
    assert!(seen.get());
}

#[test]
fn host_rsa_never_sees_tokens_refused_before_the_signature_step() {
    let (policy, keys) = (access_policy(), keyset_a());
    let claims = b64(access_claims().to_string());
    let sig = b64([0u8; 256]);
    let refused = [
        format!("{}.{claims}.", b64(r#"{"alg":"none","kid":"k1"}"#)),
        format!("{}.{claims}.{sig}", b64(r#"{"alg":"HS256","kid":"k1"}"#)),
        format!("{}.{claims}.{sig}", b64(r#"{"alg":"RS256","kid":"nope"}"#)),
        format!("{}.{claims}.{sig}", b64(r#"{"alg":"RS256"}"#)),
        format!(
            "{}.{claims}.{}",
            b64(r#"{"alg":"RS256","kid":"k1"}"#),
            b64([0u8; 255])
        ),
        format!("{}.{claims}.{sig}=", b64(r#"{"alg":"RS256","kid":"k1"}"#)),
    ];
    for token in &refused {
        let called = Cell::new(false);
        let verdict = policy.verify_with(
            token,
            &keys,
            NOW,
            &|_: Algorithm, _: &PublicKey, _: &[u8], _: &[u8]| {
                called.set(true);
                true
            },
        );
        assert!(verdict.is_err(), "{token}");
        assert!(!called.get(), "host RSA was asked about {token}");
    }
}

#[test]
fn host_rsa_saying_no_is_bad_signature_even_when_claims_are_also_wrong() {
    let (policy, keys) = (access_policy(), keyset_a());
    let expired = TestKey::a().token("k1", &with(access_claims(), json!({"exp": NOW - 1})));
    let no = |_: Algorithm, _: &PublicKey, _: &[u8], _: &[u8]| false;
    assert_eq!(
        policy.verify_with(&expired, &keys, NOW, &no).unwrap_err(),
        Error::BadSignature
    );
}

#[test]
fn host_rsa_saying_yes_still_leaves_every_claim_rule_in_force() {
    let (policy, keys) = (access_policy(), keyset_a());
    let yes = |_: Algorithm, _: &PublicKey, _: &[u8], _: &[u8]| true;
    let cases = [
        (json!({"exp": NOW - 1}), Error::Expired),
        (json!({"token_use": "id"}), Error::TokenUseMismatch),
        (
            json!({"client_id": "someone-else"}),
            Error::ClientIdMismatch,
        ),
        (
            json!({"iss": "https://evil.example"}),
            Error::IssuerMismatch,
        ),
    ];
    for (change, expected) in cases {
        let token = TestKey::a().token("k1", &with(access_claims(), change.clone()));
        assert_eq!(
            policy.verify_with(&token, &keys, NOW, &yes).unwrap_err(),
            expected,
            "{change}"
        );
    }
}

#[test]
fn verify_step_with_asks_for_a_fetch_on_a_cold_cache_without_calling_host_rsa() {
    let policy = access_policy();
    let token = TestKey::a().token("k1", &access_claims());
    let called = Cell::new(false);
    let mut cache = JwksCache::new(CacheSettings::default());
    let rsa = |_: Algorithm, _: &PublicKey, _: &[u8], _: &[u8]| {
        called.set(true);
        true
    };
    assert!(matches!(
        cache.verify_step_with(&policy, &token, NOW, true, &rsa),
        Step::Fetch
    ));
    assert!(!called.get());
    cache.cache_offline(NOW, keyset_a());
    assert!(matches!(
        cache.verify_step_with(&policy, &token, NOW, true, &core_rsa),
        Step::Done(Ok(_))
    ));
}
