//! Test support of edgejwt-std: this suite's pool and claims; keys, token minting and the
//! loopback JWKS server come from the test kit (`edgejwt-testkit`).
#![allow(
    dead_code,
    unreachable_pub,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use serde_json::{json, Value};

pub const NOW: u64 = 1_700_000_000;
pub const POOL: &str = "us-east-1_StdTests1";
pub const CLIENT: &str = "std-client";

#[allow(unused_imports)] // each test binary uses a different part
pub use edgejwt_testkit::{b64, jwks, Clock, Reply, Server, TestKey as Key};

pub fn issuer() -> String {
    edgejwt_std::core::cognito_issuer(POOL).unwrap()
}

/// An access token for [`POOL`] / [`CLIENT`], valid for a day around [`NOW`].
pub fn access_claims() -> Value {
    json!({
        "sub": "user-1", "iss": issuer(), "client_id": CLIENT, "token_use": "access",
        "scope": "orders/read", "iat": NOW - 10, "exp": NOW + 86_400 * 2, "username": "alice",
    })
}

/// [`access_claims`] with another `exp`.
pub fn with_exp(exp: u64) -> Value {
    let mut claims = access_claims();
    claims["exp"] = json!(exp);
    claims
}
