//! Several issuers in one verifier: the token's `iss` picks the issuer, whose keys alone
//! verify it; an unknown `iss` causes no fetch; each issuer fetches its own JWKS once.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, unreachable_pub)]
mod support;

use std::sync::{Arc, Barrier};

use edgejwt_std::{ConfigError, Error, MultiIssuerVerifier, TokenUse, Verifier};
use serde_json::json;
use support::{jwks, Clock, Key, Reply, Server, NOW};

const POOL_A: &str = "us-east-1_MultiPoolA";
const POOL_B: &str = "eu-west-1_MultiPoolB";

fn issuer_of(pool: &str) -> String {
    edgejwt_std::core::cognito_issuer(pool).unwrap()
}

fn claims(pool: &str, client: &str) -> serde_json::Value {
    json!({"sub": "u", "iss": issuer_of(pool), "client_id": client, "token_use": "access",
           "iat": NOW - 10, "exp": NOW + 3600})
}

/// Pool A's keys (key A, kid k1) and pool B's (key B, also kid k1), each on its own server.
fn servers() -> (Server, Server) {
    (
        Server::start(Reply::Json(jwks(&[Key::a().jwk("k1", json!({}))]), None)),
        Server::start(Reply::Json(jwks(&[Key::b().jwk("k1", json!({}))]), None)),
    )
}

fn verifier(a: &Server, b: &Server, clock: &Clock) -> MultiIssuerVerifier {
    let pool = |pool: &str, client: &str, server: &Server| {
        Verifier::cognito(pool, TokenUse::Access)
            .client_id(client)
            .jwks_url(&server.jwks_url())
            .allow_http_loopback(true)
            .clock(clock.reader())
            .build()
            .unwrap()
    };
    MultiIssuerVerifier::new([pool(POOL_A, "client-a", a), pool(POOL_B, "client-b", b)]).unwrap()
}

#[test]
fn each_pool_verifies_its_own_tokens_with_its_own_keys() {
    let (a, b) = servers();
    let clock = Clock::at(NOW);
    let v = verifier(&a, &b, &clock);
    let from_a = Key::a().token("k1", &claims(POOL_A, "client-a"));
    let from_b = Key::b().token("k1", &claims(POOL_B, "client-b"));
    assert_eq!(
        v.verify(&from_a).unwrap().claims().iss().unwrap(),
        issuer_of(POOL_A)
    );
    assert_eq!(
        v.verify(&from_b).unwrap().claims().iss().unwrap(),
        issuer_of(POOL_B)
    );
    // Each pool's own rules: pool B's client id is not accepted for pool A.
    let wrong_client = Key::a().token("k1", &claims(POOL_A, "client-b"));
    assert_eq!(
        v.verify(&wrong_client).unwrap_err(),
        Error::ClientIdMismatch
    );
    assert_eq!((a.hits(), b.hits()), (1, 1));
}

#[test]
fn a_token_claiming_pool_a_signed_with_pool_bs_key_is_refused() {
    let (a, b) = servers();
    let clock = Clock::at(NOW);
    let v = verifier(&a, &b, &clock);
    // Same kid in both pools: only pool A's key may be tried, and it does not match.
    let forged = Key::b().token("k1", &claims(POOL_A, "client-a"));
    assert_eq!(v.verify(&forged).unwrap_err(), Error::BadSignature);
    assert_eq!(b.hits(), 0, "pool B's keys were never consulted");
}

#[test]
fn an_unknown_issuer_causes_no_fetch() {
    let (a, b) = servers();
    let clock = Clock::at(NOW);
    let v = verifier(&a, &b, &clock);
    let stranger = Key::a().token("k1", &claims("us-east-1_Stranger1", "client-a"));
    assert_eq!(v.verify(&stranger).unwrap_err(), Error::IssuerMismatch);
    let no_iss = Key::a().token("k1", &json!({"sub": "u", "exp": NOW + 60}));
    assert_eq!(v.verify(&no_iss).unwrap_err(), Error::MissingClaim);
    assert_eq!(v.verify("garbage").unwrap_err(), Error::Malformed);
    // An issuer spelled with other case, or with a trailing slash, is another issuer.
    let mut near = claims(POOL_A, "client-a");
    near["iss"] = json!(format!("{}/", issuer_of(POOL_A)));
    assert_eq!(
        v.verify(&Key::a().token("k1", &near)).unwrap_err(),
        Error::IssuerMismatch
    );
    assert_eq!((a.hits(), b.hits()), (0, 0));
}

#[test]
fn concurrent_tokens_from_both_pools_cause_one_fetch_per_pool() {
    let (a, b) = servers();
    let clock = Clock::at(NOW);
    let v = Arc::new(verifier(&a, &b, &clock));
    let tokens = Arc::new([
        Key::a().token("k1", &claims(POOL_A, "client-a")),
        Key::b().token("k1", &claims(POOL_B, "client-b")),
    ]);
    let barrier = Arc::new(Barrier::new(16));
    let handles: Vec<_> = (0..16)
        .map(|i| {
            let (v, tokens, barrier) = (Arc::clone(&v), Arc::clone(&tokens), Arc::clone(&barrier));
            std::thread::spawn(move || {
                barrier.wait();
                v.verify(&tokens[i % 2]).map(|_| ())
            })
        })
        .collect();
    for handle in handles {
        handle.join().unwrap().unwrap();
    }
    assert_eq!((a.hits(), b.hits()), (1, 1));
}

#[test]
fn configurations_must_name_distinct_issuers() {
    let one = || {
        Verifier::cognito(POOL_A, TokenUse::Access)
            .client_id("c")
            .offline()
            .build()
            .unwrap()
    };
    assert_eq!(
        MultiIssuerVerifier::new([one(), one()]).unwrap_err(),
        ConfigError::IssuersNotDistinct
    );
    assert_eq!(
        MultiIssuerVerifier::new(Vec::new()).unwrap_err(),
        ConfigError::IssuersNotDistinct
    );
    let single = MultiIssuerVerifier::new([one()]).unwrap();
    assert_eq!(
        single
            .cache_jwks("https://elsewhere.example", "{\"keys\":[]}")
            .unwrap_err(),
        Error::IssuerMismatch
    );
    single
        .cache_jwks(&issuer_of(POOL_A), &jwks(&[Key::a().jwk("k1", json!({}))]))
        .unwrap();
}
