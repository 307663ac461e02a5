//! The attack catalogue: each test is named after what it stops.
#[path = "../common/mod.rs"]
mod common;

use common::{
    access_claims, access_policy, b64, id_claims, id_policy, jwks, keyset_a, with, TestKey, CLIENT,
    ISSUER, NOW, POOL,
};
use edgejwt_core::{Algorithm, Error, KeySet, Policy, TokenUse};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

fn verify(token: &str) -> Result<edgejwt_core::VerifiedToken, Error> {
    access_policy().verify(token, &keyset_a(), NOW)
}

fn err(token: &str) -> Error {
    verify(token).unwrap_err()
}

/// Signs arbitrary header and payload text with key A (kid k1 lives in `keyset_a`).
fn signed(header: &str, payload: &str) -> String {
    TestKey::a().sign_text("RS256", header, payload)
}

fn signed_claims(claims: &Value) -> String {
    TestKey::a().token("k1", claims)
}

const HEADER: &str = r#"{"alg":"RS256","kid":"k1"}"#;

fn hmac_sha256(key: &[u8], message: &[u8]) -> Vec<u8> {
    let mut block = [0u8; 64];
    if key.len() > 64 {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let inner: Vec<u8> = block
        .iter()
        .map(|b| b ^ 0x36)
        .chain(message.iter().copied())
        .collect();
    let outer: Vec<u8> = block
        .iter()
        .map(|b| b ^ 0x5c)
        .chain(Sha256::digest(inner))
        .collect();
    Sha256::digest(outer).to_vec()
}

mod good_path;
mod other_algorithms;
fn claim_err(changes: Value) -> Error {
    err(&signed_claims(&with(access_claims(), changes)))
}

fn split_sig(token: &str) -> (&str, Vec<u8>) {
    let (input, sig) = token.rsplit_once('.').unwrap();
    (input, common::unb64(sig))
}

mod alb;
mod algorithm_confusion;
mod cognito_rules;
mod encoding_and_shape;
mod generic_oidc;
mod issuer;
mod key_policy;
mod signature_bytes;
mod time_claims;
