//! A custom check that consults changing state (a revocation list keyed by Cognito's
//! `origin_jti`) decides on every verification, repeats answered from the verified-token
//! cache included.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, unreachable_pub)]
mod support;

use std::collections::HashSet;
use std::sync::{Arc, RwLock};

use edgejwt_std::{Error, TokenUse, Verifier};
use serde_json::json;
use support::{access_claims, jwks, Key, CLIENT, NOW, POOL};

fn verifier(revoked: &Arc<RwLock<HashSet<String>>>) -> Verifier {
    let deny = Arc::clone(revoked);
    let v = Verifier::cognito(POOL, TokenUse::Access)
        .client_id(CLIENT)
        .offline()
        .clock(|| NOW)
        .custom_check(move |claims| match claims.get_str("origin_jti") {
            Some(origin) => !deny.read().unwrap().contains(origin.as_ref()),
            None => false,
        })
        .build()
        .unwrap();
    v.cache_jwks(&jwks(&[Key::a().jwk("k1", json!({}))]))
        .unwrap();
    v
}

fn token(origin_jti: &str) -> String {
    let mut claims = access_claims();
    claims["origin_jti"] = json!(origin_jti);
    Key::a().token("k1", &claims)
}

#[test]
fn a_token_revoked_after_it_was_verified_is_refused_on_its_next_use() {
    let revoked = Arc::new(RwLock::new(HashSet::new()));
    let v = verifier(&revoked);
    let session = token("origin-1");
    v.verify(&session).unwrap();
    v.verify(&session).unwrap(); // a repeat: answered from the verified-token cache
    revoked.write().unwrap().insert("origin-1".to_owned());
    assert_eq!(v.verify(&session).unwrap_err(), Error::CustomRejected);
    assert_eq!(
        v.verify_from_cache(&session).unwrap().unwrap_err(),
        Error::CustomRejected
    );
    // Other sessions are untouched.
    v.verify(&token("origin-2")).unwrap();
}

#[test]
fn a_token_without_origin_jti_is_refused_by_a_check_that_needs_it() {
    let v = verifier(&Arc::new(RwLock::new(HashSet::new())));
    assert_eq!(
        v.verify(&Key::a().token("k1", &access_claims()))
            .unwrap_err(),
        Error::CustomRejected
    );
}
