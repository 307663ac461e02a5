//! Cognito's rules against a custom issuer URL (a local emulator such as cognito-local or
//! LocalStack on loopback): keys from `{issuer}/.well-known/jwks.json`, `iss` exact,
//! token use and client id as for a real pool.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, unreachable_pub)]
mod support;

use edgejwt_std::{ConfigError, Error, TokenUse, Verifier};
use serde_json::json;
use support::{access_claims, jwks, Key, Reply, Server, CLIENT, NOW};

fn emulator() -> (Server, String) {
    let server = Server::start(Reply::Json(jwks(&[Key::a().jwk("k1", json!({}))]), None));
    let issuer = format!("{}/local_5OCW0lGw", server.base);
    (server, issuer)
}

fn claims_from(issuer: &str) -> serde_json::Value {
    let mut claims = access_claims();
    claims["iss"] = json!(issuer);
    claims
}

fn verifier(issuer: &str, token_use: TokenUse) -> Verifier {
    Verifier::cognito_at(issuer, token_use)
        .client_id(CLIENT)
        .allow_http_loopback(true)
        .clock(|| NOW)
        .build()
        .unwrap()
}

#[test]
fn an_emulator_token_verifies_with_keys_from_its_well_known_jwks() {
    let (server, issuer) = emulator();
    let token = Key::a().token("k1", &claims_from(&issuer));
    let verified = verifier(&issuer, TokenUse::Access).verify(&token).unwrap();
    assert_eq!(verified.claims().sub().as_deref(), Some("user-1"));
    assert_eq!(server.hits(), 1);
}

#[test]
fn cognito_rules_still_apply_to_a_custom_issuer() {
    let (_server, issuer) = emulator();
    let token = Key::a().token("k1", &claims_from(&issuer));
    assert_eq!(
        verifier(&issuer, TokenUse::Id).verify(&token).unwrap_err(),
        Error::TokenUseMismatch
    );
    let other_client = Verifier::cognito_at(&issuer, TokenUse::Access)
        .client_id("someone-else")
        .allow_http_loopback(true)
        .clock(|| NOW)
        .build()
        .unwrap();
    assert_eq!(
        other_client.verify(&token).unwrap_err(),
        Error::ClientIdMismatch
    );
}

#[test]
fn a_token_from_the_real_pool_is_not_accepted_by_the_emulator_verifier() {
    let (_server, issuer) = emulator();
    // access_claims() names the AWS issuer of the pool, not the emulator.
    let token = Key::a().token("k1", &access_claims());
    assert_eq!(
        verifier(&issuer, TokenUse::Access)
            .verify(&token)
            .unwrap_err(),
        Error::IssuerMismatch
    );
}

#[test]
fn plain_http_to_a_non_loopback_emulator_is_refused() {
    let built = Verifier::cognito_at("http://cognito.internal:9229/local_x", TokenUse::Access)
        .client_id(CLIENT)
        .allow_http_loopback(true)
        .build();
    assert_eq!(built.err(), Some(ConfigError::InvalidUrl));
    let built = Verifier::cognito_at("http://127.0.0.1:9229/local_x", TokenUse::Access)
        .client_id(CLIENT)
        .build();
    assert_eq!(
        built.err(),
        Some(ConfigError::InvalidUrl),
        "http needs the opt-in"
    );
}

#[test]
fn an_empty_custom_issuer_is_refused() {
    let built = Verifier::cognito_at("", TokenUse::Access)
        .client_id(CLIENT)
        .offline()
        .build();
    assert_eq!(built.err(), Some(ConfigError::EmptyValue));
}
