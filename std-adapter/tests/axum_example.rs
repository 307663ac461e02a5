//! The axum example answers requests: 200 for a valid bearer token, 401 with the code
//! otherwise.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, unreachable_pub)]
mod support;

#[allow(dead_code)]
#[path = "../examples/axum_server.rs"]
mod example;

use axum::body::{to_bytes, Body};
use axum::http::{Request, StatusCode};
use edgejwt_std::{TokenUse, Verifier};
use support::{access_claims, jwks, Key, CLIENT, NOW, POOL};
use tower::ServiceExt;

fn app() -> axum::Router {
    let verifier = Verifier::cognito(POOL, TokenUse::Access)
        .client_id(CLIENT)
        .offline()
        .clock(|| NOW)
        .build()
        .unwrap();
    verifier
        .cache_jwks(&jwks(&[Key::a().jwk("k1", serde_json::json!({}))]))
        .unwrap();
    example::app(verifier)
}

async fn get(auth: Option<&str>) -> (StatusCode, serde_json::Value, Option<String>) {
    let mut request = Request::get("/orders");
    if let Some(auth) = auth {
        request = request.header("authorization", auth);
    }
    let response = app()
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let challenge = response
        .headers()
        .get("www-authenticate")
        .map(|v| v.to_str().unwrap().to_owned());
    let body = to_bytes(response.into_body(), 1 << 16).await.unwrap();
    (status, serde_json::from_slice(&body).unwrap(), challenge)
}

#[tokio::test]
async fn a_valid_bearer_token_gets_200() {
    let token = Key::a().token("k1", &access_claims());
    let (status, body, _) = get(Some(&format!("Bearer {token}"))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["user"], "alice");
}

#[tokio::test]
async fn a_forged_token_gets_401_with_its_code() {
    let forged = Key::b().token("k1", &access_claims());
    let (status, body, challenge) = get(Some(&format!("Bearer {forged}"))).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["error"], "bad_signature");
    assert!(challenge.unwrap().contains("invalid_token"));
}

#[tokio::test]
async fn a_missing_or_non_bearer_header_gets_401() {
    assert_eq!(get(None).await.1["error"], "missing_bearer_token");
    assert_eq!(
        get(Some("Basic dXNlcjpwdw==")).await.1["error"],
        "missing_bearer_token"
    );
    let expired = Key::a().token("k1", &support::with_exp(NOW));
    assert_eq!(
        get(Some(&format!("Bearer {expired}"))).await.1["error"],
        "expired"
    );
}
