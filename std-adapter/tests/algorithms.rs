//! Every algorithm through `Verifier`: keys fetched over HTTP from a mixed JWKS (RSA, EC,
//! OKP), the signature checked by the core, by ring and by aws-lc-rs, with the same
//! verdicts.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, unreachable_pub)]
mod support;

use edgejwt_std::{Algorithm, Error, TokenUse, Verifier, VerifierBuilder};
use edgejwt_testkit::OtherKey;
use serde_json::json;
use support::{access_claims, jwks, Clock, Key, Reply, Server, CLIENT, NOW, POOL};

fn others() -> [OtherKey; 4] {
    [
        OtherKey::p256("std p256"),
        OtherKey::p384("std p384"),
        OtherKey::p521("std p521"),
        OtherKey::ed25519("std ed25519"),
    ]
}

/// One JWKS with the RSA key as "rsa" (no `alg`: RS* and PS*) and each curve key under its
/// algorithm's name.
fn mixed_jwks() -> String {
    let mut members = vec![Key::a().jwk("rsa", json!({"alg": null}))];
    members.extend(others().iter().map(|k| k.jwk(k.alg(), json!({}))));
    jwks(&members)
}

/// The backends compiled in, by name.
fn backend_names() -> Vec<&'static str> {
    let mut names = vec!["default", "core"];
    if cfg!(feature = "ring") {
        names.extend(["ring", "auto"]);
    }
    if cfg!(feature = "aws-lc-rs") {
        names.push("aws-lc-rs");
    }
    names
}

/// A verifier allowing every algorithm, keys from `server`, signatures by `backend`.
fn verifier(server: &Server, clock: &Clock, backend: &str) -> Verifier {
    let builder = Verifier::cognito(POOL, TokenUse::Access)
        .client_id(CLIENT)
        .algorithms(&Algorithm::ALL)
        .jwks_url(&server.jwks_url())
        .allow_http_loopback(true)
        .clock(clock.reader());
    with_backend(builder, backend).build().unwrap()
}

/// `builder` with the backend of this name (`default`: the builder's own choice).
fn with_backend<Kind>(builder: VerifierBuilder<Kind>, backend: &str) -> VerifierBuilder<Kind> {
    match backend {
        #[cfg(feature = "ring")]
        "ring" => builder.signature_backend(edgejwt_std::backends::Ring),
        #[cfg(feature = "ring")]
        "auto" => builder.signature_backend(edgejwt_std::backends::Auto),
        #[cfg(feature = "aws-lc-rs")]
        "aws-lc-rs" => builder.signature_backend(edgejwt_std::backends::AwsLc::default()),
        "core" => builder.signature_backend(edgejwt_std::backends::PureRust),
        _ => builder,
    }
}

/// `token` with one signature byte changed.
fn forged(token: &str, index: usize, flip: u8) -> String {
    let (input, sig) = token.rsplit_once('.').unwrap();
    let mut sig = edgejwt_testkit::unb64(sig);
    sig[index] ^= flip;
    format!("{input}.{}", edgejwt_testkit::b64(sig))
}

#[test]
fn every_algorithm_verifies_through_the_verifier_on_every_backend() {
    let server = Server::start(Reply::Json(mixed_jwks(), None));
    let clock = Clock::at(NOW);
    let mut tokens: Vec<(String, String)> = others()
        .iter()
        .map(|k| (k.alg().to_owned(), k.token(k.alg(), &access_claims())))
        .collect();
    for alg in ["RS256", "PS256", "PS384", "PS512"] {
        let header = format!(r#"{{"alg":"{alg}","kid":"rsa"}}"#);
        tokens.push((
            alg.to_owned(),
            Key::a().sign_text(alg, &header, &access_claims().to_string()),
        ));
    }
    for name in backend_names() {
        let verifier = verifier(&server, &clock, name);
        for (alg, token) in &tokens {
            let verified = verifier
                .verify(token)
                .unwrap_or_else(|e| panic!("{name} {alg}: {e}"));
            assert_eq!(verified.header().alg().name(), alg);
            // One changed signature byte: bad_signature on every backend.
            assert_eq!(
                verifier.verify(&forged(token, 10, 0x40)).unwrap_err(),
                Error::BadSignature,
                "{name} {alg}"
            );
        }
    }
    // One fetch of the mixed set per verifier, whatever the algorithms.
    assert_eq!(server.hits(), backend_names().len());
}

#[test]
fn default_verifier_checks_signatures_with_ring_where_faster_and_pure_rust_is_one_option_away() {
    let server = Server::start(Reply::Json(mixed_jwks(), None));
    let clock = Clock::at(NOW);
    let expected = if cfg!(feature = "ring") {
        "auto"
    } else {
        "pure-rust"
    };
    let default = verifier(&server, &clock, "default");
    assert_eq!(default.policy().signature_backend_name(), expected);
    let pure = verifier(&server, &clock, "core");
    assert_eq!(pure.policy().signature_backend_name(), "pure-rust");
}

/// RSA keys the core accepts but ring and aws-lc do not take (a public exponent above
/// 2^33 - 1; a 1024-bit modulus where the policy allows it) get the core's verdict on
/// every backend: switching backends never changes what is accepted.
#[test]
fn rsa_keys_outside_native_range_get_the_same_verdict_on_every_backend() {
    let keys = format!("{}/../tests/keys", env!("CARGO_MANIFEST_DIR"));
    let read = |name: &str| std::fs::read_to_string(format!("{keys}/{name}")).unwrap();
    let big_e_jwk: serde_json::Value =
        serde_json::from_str(&read("rsa2048_e2p35.jwk.json")).unwrap();
    assert_eq!(big_e_jwk["e"], "CAAAAAE"); // 2^35 + 1
    let big_e_token = read("rsa2048_e2p35.RS256.jwt").trim().to_owned();
    let small = Key::load("rsa1024");
    let set = jwks(&[big_e_jwk, small.jwk("small", json!({}))]);
    let server = Server::start(Reply::Json(set, None));
    let clock = Clock::at(NOW);
    for name in backend_names() {
        let verifier = Verifier::cognito(POOL, TokenUse::Access)
            .client_id(CLIENT)
            .jwks_url(&server.jwks_url())
            .allow_http_loopback(true)
            .clock(clock.reader())
            .policy(|policy| policy.min_modulus_bits(1024));
        let verifier = with_backend(verifier, name).build().unwrap();
        for (kid, token) in [
            ("big-e", big_e_token.clone()),
            ("small", small.token("small", &access_claims())),
        ] {
            verifier
                .verify(&token)
                .unwrap_or_else(|e| panic!("{name} {kid}: {e}"));
            assert_eq!(
                verifier.verify(&forged(&token, 7, 0x01)).unwrap_err(),
                Error::BadSignature,
                "{name} {kid}"
            );
        }
    }
}
