//! Repeat tokens skip the RSA work, but never skip the time checks, never outlive a key
//! set change, and never cross policies.
mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use common::{access_claims, keyset_a, with, TestKey, CLIENT, NOW, POOL};
use edgejwt_core::{
    Algorithm, Error, Policy, PublicKey, SignatureBackend, TokenUse, VerifiedCache,
};
use serde_json::json;

/// Counts RSA operations, delegating to the core's own arithmetic.
#[derive(Clone, Default)]
struct Counting(Arc<AtomicUsize>);

impl SignatureBackend for Counting {
    fn verify(&self, alg: Algorithm, key: &PublicKey, message: &[u8], signature: &[u8]) -> bool {
        self.0.fetch_add(1, Ordering::SeqCst);
        key.verify_signature(alg, message, signature).is_ok()
    }
}

fn counted_policy() -> (Policy, Arc<AtomicUsize>) {
    let counter = Counting::default();
    let calls = Arc::clone(&counter.0);
    let policy = Policy::cognito(POOL, TokenUse::Access)
        .client_id(CLIENT)
        .signature_backend(counter)
        .build()
        .unwrap();
    (policy, calls)
}

#[test]
fn a_repeat_token_skips_the_rsa_step() {
    let (policy, rsa_calls) = counted_policy();
    let keys = keyset_a();
    let mut cache = VerifiedCache::new(16);
    let token = TestKey::a().token("k1", &access_claims());
    for _ in 0..10 {
        let verified = policy
            .verify_cached(&mut cache, &token, &keys, NOW)
            .unwrap();
        assert_eq!(verified.claims().username().unwrap(), "alice");
    }
    assert_eq!(rsa_calls.load(Ordering::SeqCst), 1);
    assert_eq!(cache.len(), 1);
}

#[test]
fn a_cached_token_still_expires() {
    let (policy, _) = counted_policy();
    let keys = keyset_a();
    let mut cache = VerifiedCache::new(16);
    let token = TestKey::a().token(
        "k1",
        &with(access_claims(), json!({ "exp": NOW + 10, "nbf": NOW - 5 })),
    );
    policy
        .verify_cached(&mut cache, &token, &keys, NOW)
        .unwrap();
    assert_eq!(
        policy
            .verify_cached(&mut cache, &token, &keys, NOW + 10)
            .unwrap_err(),
        Error::Expired
    );
    assert_eq!(
        policy
            .verify_cached(&mut cache, &token, &keys, NOW - 6)
            .unwrap_err(),
        Error::NotYetValid
    );
}

#[test]
fn a_key_set_change_drops_cached_results() {
    let (policy, rsa_calls) = counted_policy();
    let mut keys = keyset_a();
    let mut cache = VerifiedCache::new(16);
    let token = TestKey::a().token("k1", &access_claims());
    policy
        .verify_cached(&mut cache, &token, &keys, NOW)
        .unwrap();
    let clone = keys.clone();
    policy
        .verify_cached(&mut cache, &token, &clone, NOW)
        .unwrap();
    assert_eq!(
        rsa_calls.load(Ordering::SeqCst),
        1,
        "a clone has the same contents"
    );
    keys.insert(
        PublicKey::from_rsa_components(&TestKey::b().n_bytes(), &TestKey::b().e_bytes())
            .unwrap()
            .with_kid("k2"),
    )
    .unwrap();
    policy
        .verify_cached(&mut cache, &token, &keys, NOW)
        .unwrap();
    assert_eq!(rsa_calls.load(Ordering::SeqCst), 2);
    // A refreshed set without the key: the cached result must not keep it alive.
    let rotated =
        edgejwt_core::KeySet::from_jwks(&common::jwks(&[TestKey::b().jwk("k2", json!({}))]))
            .unwrap();
    assert_eq!(
        policy
            .verify_cached(&mut cache, &token, &rotated, NOW)
            .unwrap_err(),
        Error::UnknownKid
    );
}

#[test]
fn a_cache_never_crosses_policies() {
    let (lenient, _) = counted_policy();
    let strict = Policy::cognito(POOL, TokenUse::Access)
        .client_id(CLIENT)
        .scope("admin")
        .build()
        .unwrap();
    let keys = keyset_a();
    let mut cache = VerifiedCache::new(16);
    let token = TestKey::a().token("k1", &access_claims());
    lenient
        .verify_cached(&mut cache, &token, &keys, NOW)
        .unwrap();
    assert_eq!(
        strict
            .verify_cached(&mut cache, &token, &keys, NOW)
            .unwrap_err(),
        Error::ScopeMismatch
    );
}

#[test]
fn only_exact_bytes_hit() {
    let (policy, rsa_calls) = counted_policy();
    let keys = keyset_a();
    let mut cache = VerifiedCache::new(16);
    let token = TestKey::a().token("k1", &access_claims());
    policy
        .verify_cached(&mut cache, &token, &keys, NOW)
        .unwrap();
    let mut forged = token.clone().into_bytes();
    let last = forged.len() - 1;
    forged[last] = if forged[last] == b'A' { b'Q' } else { b'A' };
    let forged = String::from_utf8(forged).unwrap();
    assert!(policy
        .verify_cached(&mut cache, &forged, &keys, NOW)
        .is_err());
    assert_eq!(rsa_calls.load(Ordering::SeqCst), 2);
}

#[test]
fn a_token_with_a_cached_signature_but_other_claims_is_not_a_hit() {
    // The cache's fingerprint looks at the signature's end only; the exact comparison
    // must still refuse a token that reuses a cached signature with a changed payload.
    let (policy, rsa_calls) = counted_policy();
    let keys = keyset_a();
    let mut cache = VerifiedCache::new(16);
    let token = TestKey::a().token("k1", &access_claims());
    policy
        .verify_cached(&mut cache, &token, &keys, NOW)
        .unwrap();
    let (header, rest) = token.split_once('.').unwrap();
    let (_, signature) = rest.split_once('.').unwrap();
    let promoted = with(access_claims(), json!({"cognito:groups": ["admin"]}));
    let forged = format!("{header}.{}.{signature}", common::b64(promoted.to_string()));
    assert_eq!(
        policy
            .verify_cached(&mut cache, &forged, &keys, NOW)
            .unwrap_err(),
        Error::BadSignature
    );
    assert_eq!(rsa_calls.load(Ordering::SeqCst), 2);
}

#[test]
fn capacity_is_bounded() {
    let (policy, _) = counted_policy();
    let keys = keyset_a();
    let mut cache = VerifiedCache::new(3);
    for i in 0..10 {
        let token = TestKey::a().token(
            "k1",
            &with(access_claims(), json!({ "jti": format!("t{i}") })),
        );
        policy
            .verify_cached(&mut cache, &token, &keys, NOW)
            .unwrap();
    }
    assert_eq!(cache.len(), 3);
}

#[test]
fn a_cached_token_revoked_after_its_first_verdict_is_refused_on_a_hit() {
    use std::sync::atomic::AtomicBool;
    let revoked = Arc::new(AtomicBool::new(false));
    let deny = Arc::clone(&revoked);
    let policy = Policy::cognito(POOL, TokenUse::Access)
        .client_id(CLIENT)
        .custom_check(move |_| !deny.load(Ordering::SeqCst))
        .build()
        .unwrap();
    let keys = keyset_a();
    let mut cache = VerifiedCache::new(16);
    let token = TestKey::a().token("k1", &access_claims());
    policy
        .verify_cached(&mut cache, &token, &keys, NOW)
        .unwrap();
    revoked.store(true, Ordering::SeqCst);
    assert_eq!(
        policy
            .verify_cached(&mut cache, &token, &keys, NOW)
            .unwrap_err(),
        Error::CustomRejected
    );
}
