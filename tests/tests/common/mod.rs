//! Helpers of the cross-crate tests: vector loading, this suite's pool and claims; keys and
//! token minting come from the test kit (`edgejwt-testkit`).
#![allow(
    dead_code,
    unreachable_pub,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::PathBuf;

use serde_json::{json, Value};

/// A fixed moment inside the validity window of the tokens minted here.
pub const NOW: u64 = 1_700_000_000;
pub const POOL: &str = "us-east-1_TestPool1";
pub const ISSUER: &str = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_TestPool1";
pub const CLIENT: &str = "client-abc";

/// `../shared/vectors` when the checkout sits beside it, else the copy under `tests/vectors`.
pub fn vectors_dir() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let shared = manifest.join("../../shared/vectors");
    if shared.join("README.md").exists() {
        shared
    } else {
        manifest.join("vectors")
    }
}

pub fn read_vector(relative: &str) -> String {
    let path = vectors_dir().join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub fn vector_json(relative: &str) -> Value {
    serde_json::from_str(&read_vector(relative)).unwrap()
}

#[allow(unused_imports)] // each test binary uses a different part
pub use edgejwt_testkit::{b64, jwks, unb64, TestKey};

/// Claims of a Cognito access token valid at [`NOW`].
pub fn access_claims() -> Value {
    json!({
        "sub": "5b2c4a8e-0000-4000-8000-000000000001",
        "iss": ISSUER,
        "client_id": CLIENT,
        "token_use": "access",
        "scope": "aws.cognito.signin.user.admin orders/read",
        "auth_time": NOW - 60,
        "iat": NOW - 60,
        "exp": NOW + 3600,
        "jti": "jti-1",
        "username": "alice",
        "cognito:groups": ["admins", "staff"],
    })
}

/// Claims of a Cognito id token valid at [`NOW`].
pub fn id_claims() -> Value {
    json!({
        "sub": "5b2c4a8e-0000-4000-8000-000000000001",
        "iss": ISSUER,
        "aud": CLIENT,
        "token_use": "id",
        "auth_time": NOW - 60,
        "iat": NOW - 60,
        "exp": NOW + 3600,
        "cognito:username": "alice",
        "email": "alice@example.com",
    })
}

pub fn with(mut claims: Value, changes: Value) -> Value {
    for (k, v) in changes.as_object().unwrap() {
        if v.is_null() {
            claims.as_object_mut().unwrap().remove(k);
        } else {
            claims[k] = v.clone();
        }
    }
    claims
}

/// A one-key set with key A under kid "k1".
pub fn keyset_a() -> edgejwt_core::KeySet {
    edgejwt_core::KeySet::from_jwks(&jwks(&[TestKey::a().jwk("k1", json!({}))])).unwrap()
}

pub fn access_policy() -> edgejwt_core::Policy {
    edgejwt_core::Policy::cognito(POOL, edgejwt_core::TokenUse::Access)
        .client_id(CLIENT)
        .build()
        .unwrap()
}

pub fn id_policy() -> edgejwt_core::Policy {
    edgejwt_core::Policy::cognito(POOL, edgejwt_core::TokenUse::Id)
        .client_id(CLIENT)
        .build()
        .unwrap()
}
