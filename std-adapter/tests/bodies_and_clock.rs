//! What outside testing found at the std adapter's edges: bodies judged as bytes (gzip,
//! BOM, invalid UTF-8) with the cap on decoded bytes, no fetch for a token that fails
//! steps 1-3, and the clock to the millisecond.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, unreachable_pub)]
mod support;

use std::io::Write;

use edgejwt_std::core::UnixTime;
use edgejwt_std::{Error, TokenUse, Verifier};
use serde_json::json;
use support::{access_claims, jwks, Key, Reply, Server, CLIENT, NOW, POOL};

fn verifier_for(server: &Server) -> Verifier {
    Verifier::cognito(POOL, TokenUse::Access)
        .client_id(CLIENT)
        .jwks_url(&server.jwks_url())
        .allow_http_loopback(true)
        .clock(|| NOW)
        .build()
        .unwrap()
}

/// A verifier that never fetches, holding key A, after `configure` on its builder.
fn offline_with_key_a(
    configure: impl FnOnce(
        edgejwt_std::VerifierBuilder<edgejwt_std::core::Cognito>,
    ) -> edgejwt_std::VerifierBuilder<edgejwt_std::core::Cognito>,
) -> Verifier {
    let builder = Verifier::cognito(POOL, TokenUse::Access)
        .client_id(CLIENT)
        .offline();
    let verifier = configure(builder).build().unwrap();
    verifier
        .cache_jwks(&jwks(&[Key::a().jwk("k1", json!({}))]))
        .unwrap();
    verifier
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn token() -> String {
    Key::a().token("k1", &access_claims())
}

#[test]
fn a_gzip_jwks_is_inflated_like_every_javascript_host_does() {
    let body = gzip(jwks(&[Key::a().jwk("k1", serde_json::json!({}))]).as_bytes());
    let server = Server::start(Reply::Raw("content-encoding: gzip\r\n".into(), body));
    assert!(verifier_for(&server).verify(&token()).is_ok());
    assert_eq!(server.hits(), 1);
}

#[test]
fn a_gzip_bomb_is_refused_at_the_decoded_cap_without_inflating_it() {
    // 60 MB of spaces inside valid JSON, a few dozen KB compressed.
    let mut document = jwks(&[Key::a().jwk("k1", serde_json::json!({}))]).into_bytes();
    document.splice(1..1, std::iter::repeat_n(b' ', 60 * 1024 * 1024));
    let body = gzip(&document);
    assert!(body.len() < 128 * 1024, "{}", body.len());
    let server = Server::start(Reply::Raw("content-encoding: gzip\r\n".into(), body));
    assert_eq!(
        verifier_for(&server).verify(&token()).unwrap_err(),
        Error::JwksUnavailable
    );
}

#[test]
fn jwks_bodies_get_the_cores_byte_rules() {
    let document = jwks(&[Key::a().jwk("k1", serde_json::json!({}))]);
    let with_bom = [b"\xEF\xBB\xBF".as_slice(), document.as_bytes()].concat();
    let server = Server::start(Reply::Raw(String::new(), with_bom));
    assert!(verifier_for(&server).verify(&token()).is_ok());

    let invalid_utf8 = document
        .replacen("RSA", "RS\u{FFFD}", 1)
        .replace('\u{FFFD}', "\u{1}");
    let mut bytes = invalid_utf8.into_bytes();
    let at = bytes.iter().position(|&b| b == 1).unwrap();
    bytes[at] = 0xFF;
    let server = Server::start(Reply::Raw(String::new(), bytes));
    assert_eq!(
        verifier_for(&server).verify(&token()).unwrap_err(),
        Error::JwksInvalid
    );
}

#[test]
fn a_token_failing_steps_1_to_3_never_causes_a_fetch() {
    let server = Server::start(Reply::Json(
        jwks(&[Key::a().jwk("k1", serde_json::json!({}))]),
        None,
    ));
    let verifier = verifier_for(&server);
    let none_alg = format!("{}.e30.c2ln", support::b64(r#"{"alg":"none","kid":"k1"}"#));
    for (garbage, code) in [
        ("garbage", Error::Malformed),
        ("a.b.c.d", Error::Malformed),
        (none_alg.as_str(), Error::UnsupportedAlgorithm),
    ] {
        assert_eq!(verifier.verify(garbage).unwrap_err(), code, "{garbage}");
        let from_cache = verifier.verify_from_cache(garbage).map(Result::err);
        assert_eq!(from_cache, Some(Some(code)), "{garbage}");
    }
    assert_eq!(server.hits(), 0, "no JWKS traffic for unverifiable tokens");
    assert!(verifier.verify(&token()).is_ok());
    assert_eq!(server.hits(), 1);
}

#[test]
fn the_clock_is_read_to_the_millisecond_for_expiry() {
    let exp = NOW + 100;
    let mut claims = access_claims();
    claims["exp"] = json!(exp as f64 + 0.5);
    let token = Key::a().token("k1", &claims);
    let at = |millis: u64| {
        offline_with_key_a(|b| {
            b.verified_cache_capacity(0)
                .clock(move || UnixTime::from_millis(millis))
        })
        .verify(&token)
    };
    assert!(at(exp * 1000 + 499).is_ok());
    assert_eq!(at(exp * 1000 + 500).unwrap_err(), Error::Expired);
    assert_eq!(at(exp * 1000 + 800).unwrap_err(), Error::Expired);
}

#[test]
fn every_policy_knob_is_reachable_from_the_verifier_builder() {
    let verifier = offline_with_key_a(|b| {
        b.policy(|policy| policy.max_token_len(600).min_modulus_bits(3072))
            .clock(|| NOW)
    });
    let token = token();
    assert!(token.len() > 600);
    assert_eq!(verifier.verify(&token).unwrap_err(), Error::TooLarge);
    let verifier = offline_with_key_a(|b| {
        b.policy(|policy| policy.min_modulus_bits(3072))
            .clock(|| NOW)
    });
    // Key A is 2048 bits: refused by the raised minimum.
    assert_eq!(verifier.verify(&token).unwrap_err(), Error::KeyRejected);
    // And a bad value is a configuration error at build, as in the core.
    let bad = Verifier::cognito(POOL, TokenUse::Access)
        .client_id(CLIENT)
        .policy(|policy| policy.max_json_depth(0))
        .build();
    assert_eq!(bad.err(), Some(edgejwt_std::ConfigError::InvalidLimit));
}
