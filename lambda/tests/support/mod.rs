//! Shared by the authorizer's tests: the pool, its tokens (valid now: the authorizer
//! reads the real clock) and the `EDGEJWT_*` settings for a loopback key server.
#![allow(dead_code, missing_docs, unreachable_pub, clippy::unwrap_used)]

use std::collections::BTreeMap;

use edgejwt_testkit::{jwks, TestKey};
use serde_json::{json, Value};

pub const POOL: &str = "us-east-1_LambdaTst1";
pub const CLIENT: &str = "lambda-client";
pub const METHOD_ARN: &str = "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/orders";

pub fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

pub fn claims() -> Value {
    json!({
        "sub": "user-1", "iss": edgejwt_std::core::cognito_issuer(POOL).unwrap(),
        "client_id": CLIENT, "token_use": "access", "scope": "orders/read",
        "username": "alice", "iat": now() - 10, "exp": now() + 3600,
    })
}

pub fn token_with(changes: Value) -> String {
    let mut claims = claims();
    for (name, value) in changes.as_object().unwrap() {
        claims[name] = value.clone();
    }
    TestKey::a().token("k1", &claims)
}

pub fn token() -> String {
    token_with(json!({}))
}

pub fn key_set() -> String {
    jwks(&[TestKey::a().jwk("k1", json!({}))])
}

/// Cognito settings, keys from `jwks_url` over loopback HTTP.
pub fn settings(jwks_url: &str) -> BTreeMap<String, String> {
    [
        ("EDGEJWT_USER_POOL_ID", POOL),
        ("EDGEJWT_TOKEN_USE", "access"),
        ("EDGEJWT_CLIENT_ID", CLIENT),
        ("EDGEJWT_JWKS_URL", jwks_url),
        ("EDGEJWT_ALLOW_HTTP_LOOPBACK", "1"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect()
}

pub fn token_event(authorization: &str) -> Value {
    json!({ "type": "TOKEN", "authorizationToken": authorization, "methodArn": METHOD_ARN })
}

pub fn http_api_event(authorization: Option<&str>) -> Value {
    let headers = match authorization {
        Some(value) => json!({ "authorization": value, "host": "api.example.com" }),
        None => json!({ "host": "api.example.com" }),
    };
    json!({
        "version": "2.0", "type": "REQUEST",
        "routeArn": "arn:aws:execute-api:us-east-1:123456789012:abc123/$default/GET/orders",
        "identitySource": [authorization.unwrap_or_default()],
        "routeKey": "GET /orders", "rawPath": "/orders", "headers": headers,
    })
}
