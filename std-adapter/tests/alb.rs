//! ALB tokens end to end: keys fetched one kid at a time from a loopback key server that
//! counts requests; a kid that could steer the URL never reaches it.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, unreachable_pub)]
mod support;

use std::sync::{Arc, Barrier};

use edgejwt_std::{CacheSettings, ConfigError, Error, Verifier};
use edgejwt_testkit::OtherKey;
use serde_json::{json, Value};
use support::{Clock, Reply, Server, NOW};

const ARN: &str =
    "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188";
const IDP: &str = "https://idp.example/";
const CLIENT: &str = "alb-client";
const KID_1: &str = "11111111-2222-4333-8444-555555555555";
const KID_2: &str = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";

fn key(kid: &str) -> OtherKey {
    OtherKey::p256(&format!("edgejwt alb key {kid}"))
}

/// A key server holding the PEM of KID_1 and KID_2; any other path is 404.
fn key_server() -> Server {
    Server::start(Reply::Routes(vec![
        (
            format!("/{KID_1}"),
            Reply::Json(key(KID_1).spki_pem(), None),
        ),
        (
            format!("/{KID_2}"),
            Reply::Json(key(KID_2).spki_pem(), None),
        ),
        ("/".into(), Reply::Status(404)),
    ]))
}

fn verifier(server: &Server, clock: &Clock) -> Verifier {
    Verifier::alb(ARN)
        .issuer(IDP)
        .client_id(CLIENT)
        .keys_url(&server.base)
        .allow_http_loopback(true)
        .clock(clock.reader())
        .build()
        .unwrap()
}

fn token(kid: &str, header_changes: Value) -> String {
    let mut header = json!({"typ": "JWT", "kid": kid, "alg": "ES256", "iss": IDP,
                            "client": CLIENT, "signer": ARN, "exp": NOW + 120});
    for (name, value) in header_changes.as_object().unwrap() {
        header[name] = value.clone();
    }
    let payload = json!({"sub": "user", "email": "u@example.com", "exp": NOW + 120, "iss": IDP});
    key(kid).alb_token(&header, &payload)
}

#[test]
fn keys_are_fetched_once_per_kid_and_then_served_from_the_cache() {
    let server = key_server();
    let clock = Clock::at(NOW);
    let v = verifier(&server, &clock);
    assert_eq!(
        v.verify(&token(KID_1, json!({})))
            .unwrap()
            .claims()
            .sub()
            .unwrap(),
        "user"
    );
    assert_eq!(server.hits(), 1);
    // Another token with the same kid: no request.
    v.verify(&token(KID_1, json!({"exp": NOW + 60}))).unwrap();
    assert_eq!(server.hits(), 1);
    // A second kid right after (a rotation, another load balancer): fetched at once, no
    // cooldown after a key was found.
    clock.advance(1);
    v.verify(&token(KID_2, json!({}))).unwrap();
    assert_eq!(server.hits(), 2);
    v.verify(&token(KID_1, json!({}))).unwrap();
    v.verify(&token(KID_2, json!({}))).unwrap();
    assert_eq!(server.hits(), 2);
}

#[test]
fn a_kid_that_could_steer_the_url_causes_no_request() {
    let server = key_server();
    let clock = Clock::at(NOW);
    let v = verifier(&server, &clock);
    for kid in [
        format!("../{KID_1}"),
        format!("{KID_1}/.."),
        "11111111-2222-4333-8444%2F55555555555".to_owned(),
        "https://evil.example/key.pem".to_owned(),
        "11111111/2222-4333-8444-555555555555".to_owned(),
        format!("{KID_1}?x=1"),
    ] {
        assert_eq!(
            v.verify(&token(KID_1, json!({"kid": kid}))).unwrap_err(),
            Error::MissingKid,
            "{kid}"
        );
    }
    assert_eq!(server.hits(), 0);
}

#[test]
fn tokens_refused_by_the_header_rules_cause_no_request() {
    let server = key_server();
    let clock = Clock::at(NOW);
    let v = verifier(&server, &clock);
    let other = "arn:aws:elasticloadbalancing:us-east-1:210987654321:loadbalancer/app/evil/0123456789abcdef";
    assert_eq!(
        v.verify(&token(KID_1, json!({"signer": other})))
            .unwrap_err(),
        Error::SignerMismatch
    );
    assert_eq!(
        v.verify(&token(KID_1, json!({"client": "other"})))
            .unwrap_err(),
        Error::ClientIdMismatch
    );
    assert_eq!(
        v.verify(&token(KID_1, json!({"alg": "RS256"})))
            .unwrap_err(),
        Error::UnsupportedAlgorithm
    );
    assert_eq!(server.hits(), 0);
}

#[test]
fn made_up_kids_cost_one_request_per_cooldown() {
    let server = key_server();
    let clock = Clock::at(NOW);
    let v = verifier(&server, &clock);
    let made_up = |n: u32| format!("{n:08x}-0000-4000-8000-000000000000");
    // KID_1's key signs, but the server knows none of these kids: 404.
    assert_eq!(
        v.verify(&token(KID_1, json!({"kid": made_up(1)})))
            .unwrap_err(),
        Error::UnknownKid
    );
    assert_eq!(server.hits(), 1);
    for n in 2..20 {
        assert_eq!(
            v.verify(&token(KID_1, json!({"kid": made_up(n)})))
                .unwrap_err(),
            Error::UnknownKid
        );
    }
    assert_eq!(server.hits(), 1, "inside the cooldown: no request");
    // A genuine kid inside the cooldown waits too (the rule of the JWKS cache).
    assert_eq!(
        v.verify(&token(KID_1, json!({}))).unwrap_err(),
        Error::UnknownKid
    );
    clock.advance(CacheSettings::default().cooldown);
    v.verify(&token(KID_1, json!({}))).unwrap();
    assert_eq!(server.hits(), 2);
}

#[test]
fn concurrent_tokens_of_one_new_kid_share_one_request() {
    let server = Server::start(Reply::Slow(
        std::time::Duration::from_millis(200),
        key(KID_1).spki_pem(),
    ));
    let clock = Clock::at(NOW);
    let v = verifier(&server, &clock);
    let barrier = Arc::new(Barrier::new(8));
    let threads: Vec<_> = (0..8)
        .map(|_| {
            let (v, barrier, token) = (v.clone(), Arc::clone(&barrier), token(KID_1, json!({})));
            std::thread::spawn(move || {
                barrier.wait();
                v.verify(&token).map(|_| ())
            })
        })
        .collect();
    for thread in threads {
        assert_eq!(thread.join().unwrap(), Ok(()));
    }
    assert_eq!(server.hits(), 1);
}

#[test]
fn a_body_that_is_not_a_pem_key_is_jwks_invalid_and_verifies_nothing() {
    for body in [
        "not a pem",
        "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n",
    ] {
        let server = Server::start(Reply::Json(body.into(), None));
        let clock = Clock::at(NOW);
        let v = verifier(&server, &clock);
        let verdict = v.verify(&token(KID_1, json!({}))).unwrap_err();
        // The kid has no usable key; the fetch's own reason went to the logs.
        assert_eq!(verdict, Error::UnknownKid);
        assert_eq!(server.hits(), 1);
    }
}

#[test]
fn a_key_of_another_kind_under_the_kid_is_key_rejected() {
    let p384_pem = OtherKey::p384("edgejwt alb wrong curve").spki_pem();
    let server = Server::start(Reply::Json(p384_pem, None));
    let clock = Clock::at(NOW);
    let v = verifier(&server, &clock);
    assert_eq!(
        v.verify(&token(KID_1, json!({}))).unwrap_err(),
        Error::KeyRejected
    );
}

#[test]
fn hydrate_is_refused_because_alb_publishes_no_key_set() {
    let server = key_server();
    let clock = Clock::at(NOW);
    assert_eq!(
        verifier(&server, &clock).hydrate(),
        Err(Error::JwksUnavailable)
    );
    assert_eq!(server.hits(), 0);
}

#[test]
fn pinned_keys_verify_offline() {
    let clock = Clock::at(NOW);
    let v = Verifier::alb(ARN)
        .issuer(IDP)
        .client_id(CLIENT)
        .offline()
        .clock(clock.reader())
        .build()
        .unwrap();
    let jwks =
        edgejwt_testkit::jwks(&[key(KID_1).jwk(KID_1, json!({"use": "sig", "alg": "ES256"}))]);
    v.cache_jwks(&jwks).unwrap();
    v.verify(&token(KID_1, json!({}))).unwrap();
    assert_eq!(
        v.verify(&token(KID_2, json!({}))).unwrap_err(),
        Error::UnknownKid
    );
}

#[test]
fn alb_verifiers_refuse_bad_configurations() {
    let build = |b: edgejwt_std::VerifierBuilder<edgejwt_std::core::Alb>| b.build().map(|_| ());
    assert_eq!(
        build(
            Verifier::alb("arn:aws:elasticloadbalancing")
                .issuer(IDP)
                .client_id("c")
        ),
        Err(ConfigError::InvalidAlbArn)
    );
    assert_eq!(
        build(Verifier::alb(ARN).client_id("c")),
        Err(ConfigError::EmptyIssuer)
    );
    assert_eq!(
        build(Verifier::alb(ARN).issuer(IDP)),
        Err(ConfigError::NoClientIds)
    );
    assert_eq!(
        build(Verifier::alb(ARN).issuer(IDP).client_id("c").any_client()),
        Err(ConfigError::ValuesAndOptOut)
    );
    let west = "arn:aws:elasticloadbalancing:us-west-2:123456789012:loadbalancer/app/b/2";
    assert_eq!(
        build(Verifier::alb(ARN).signer(west).issuer(IDP).client_id("c")),
        Err(ConfigError::AlbRegionsDiffer)
    );
    assert_eq!(
        build(
            Verifier::alb(ARN)
                .issuer(IDP)
                .client_id("c")
                .keys_url("http://keys.example")
        ),
        Err(ConfigError::InvalidUrl)
    );
    // The region's key server by default: builds without a URL of its own.
    assert!(build(Verifier::alb(ARN).issuer(IDP).client_id("c")).is_ok());
}

#[test]
fn pinned_sets_add_up_for_a_key_server_source() {
    // With a key server, cache_jwks adds keys as fetches do (aws-jwt-verify's ALB cache
    // too): a second pinned key does not push out the first.
    let server = Server::start(Reply::Status(404));
    let clock = Clock::at(NOW);
    let v = verifier(&server, &clock);
    for kid in [KID_1, KID_2] {
        let jwks = edgejwt_testkit::jwks(&[key(kid).jwk(kid, json!({}))]);
        v.cache_jwks(&jwks).unwrap();
    }
    v.verify(&token(KID_1, json!({}))).unwrap();
    v.verify(&token(KID_2, json!({}))).unwrap();
    assert_eq!(server.hits(), 0);
}

#[test]
fn a_compact_point_key_verifies_nothing_though_its_compressed_form_does() {
    // The compressed form of the same key verifies: what refuses tag 05 is the tag.
    let compressed = key(KID_1).p256_spki_pem_x_only(None);
    let server = Server::start(Reply::Json(compressed, None));
    let clock = Clock::at(NOW);
    assert_eq!(
        verifier(&server, &clock)
            .verify(&token(KID_1, json!({})))
            .unwrap()
            .claims()
            .sub()
            .unwrap(),
        "user"
    );
    let compact = key(KID_1).p256_spki_pem_x_only(Some(0x05));
    let server = Server::start(Reply::Json(compact, None));
    let verdict = verifier(&server, &clock)
        .verify(&token(KID_1, json!({})))
        .unwrap_err();
    assert_eq!(verdict, Error::UnknownKid);
}
