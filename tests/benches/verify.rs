//! Criterion benchmarks of the core: one RSA-2048 signature check and one end-to-end
//! verification of a Cognito-shaped access token (key parsed once, outside the loop).
//!
//! Run: `cargo bench -p edgejwt-tests --bench verify`
#[path = "../tests/common/mod.rs"]
mod common;

use std::hint::black_box;

use common::{access_claims, access_policy, keyset_a, TestKey, NOW};
use criterion::{criterion_group, criterion_main, Criterion};
use edgejwt_core::{Algorithm, KeySet, PublicKey};

fn benches(c: &mut Criterion) {
    let token = TestKey::a().token("k1", &access_claims());
    let keys = keyset_a();
    let policy = access_policy();
    let key = keys.keys().next().unwrap().clone();
    let (input, sig) = token.rsplit_once('.').unwrap();
    let sig = common::unb64(sig);
    let jwks = common::jwks(&[
        TestKey::a().jwk("k1", serde_json::json!({})),
        TestKey::b().jwk("k2", serde_json::json!({})),
    ]);

    c.bench_function("rsa2048_pkcs1v15_verify (rsa 0.10.0-rc.20)", |b| {
        b.iter(|| {
            key.verify_signature(
                Algorithm::RS256,
                black_box(input.as_bytes()),
                black_box(&sig),
            )
        })
    });
    c.bench_function(
        &format!("verify_cognito_access_token ({} bytes)", token.len()),
        |b| b.iter(|| policy.verify(black_box(&token), &keys, NOW).unwrap()),
    );
    // Everything but the RSA arithmetic: split, base64url, JSON, key lookup, claim checks.
    // The part a host backend (node:crypto, ring, aws-lc-rs) cannot speed up.
    c.bench_function("token_and_claim_checks_without_rsa", |b| {
        b.iter(|| {
            let check = policy
                .prepare_signature_check(black_box(&token), &keys)
                .unwrap();
            policy.complete_signature_check(check, true, NOW).unwrap()
        })
    });
    c.bench_function("parse_jwks_two_rsa_keys", |b| {
        b.iter(|| KeySet::from_jwks(black_box(&jwks)).unwrap())
    });
    let n = TestKey::a().n_bytes();
    c.bench_function("import_rsa2048_components", |b| {
        b.iter(|| PublicKey::from_rsa_components(black_box(&n), &[1, 0, 1]).unwrap())
    });
}

criterion_group!(core_benches, benches);
criterion_main!(core_benches);
