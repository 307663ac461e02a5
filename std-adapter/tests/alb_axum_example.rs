//! The ALB axum example answers real requests: 200 for a valid `x-amzn-oidc-data`, 401
//! with the code for a missing, foreign or expired one.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, unreachable_pub)]

#[allow(dead_code)]
#[path = "../examples/alb_axum.rs"]
mod example;

use axum::body::{to_bytes, Body};
use axum::http::{Request, StatusCode};
use edgejwt_std::Verifier;
use edgejwt_testkit::{jwks, OtherKey};
use serde_json::{json, Value};
use tower::ServiceExt;

const NOW: u64 = 1_700_000_000;
const ARN: &str =
    "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188";
const IDP: &str = "https://idp.example/";
const KID: &str = "11111111-2222-4333-8444-555555555555";

fn key() -> OtherKey {
    OtherKey::p256("edgejwt alb axum example")
}

fn token(header_changes: Value) -> String {
    let mut header = json!({"typ": "JWT", "kid": KID, "alg": "ES256", "iss": IDP,
                            "client": "web", "signer": ARN, "exp": NOW + 60});
    for (name, value) in header_changes.as_object().unwrap() {
        header[name] = value.clone();
    }
    key().alb_token(
        &header,
        &json!({"sub": "u1", "email": "u@example.com", "exp": NOW + 60, "iss": IDP}),
    )
}

async fn get(data: Option<&str>) -> (StatusCode, Value) {
    let verifier = Verifier::alb(ARN)
        .issuer(IDP)
        .client_id("web")
        .offline()
        .clock(|| NOW)
        .build()
        .unwrap();
    verifier
        .cache_jwks(&jwks(&[key().jwk(KID, json!({}))]))
        .unwrap();
    let mut request = Request::get("/me");
    if let Some(data) = data {
        request = request.header("x-amzn-oidc-data", data);
    }
    let response = example::app(verifier)
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let body = to_bytes(response.into_body(), 1 << 16).await.unwrap();
    (status, serde_json::from_slice(&body).unwrap())
}

#[tokio::test]
async fn a_verified_alb_header_reaches_the_handler() {
    let (status, body) = get(Some(&token(json!({})))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["email"], "u@example.com");
}

#[tokio::test]
async fn missing_foreign_or_expired_headers_are_401_with_the_code() {
    let other = "arn:aws:elasticloadbalancing:eu-west-1:210987654321:loadbalancer/app/x/1";
    for (data, code) in [
        (None, "missing_alb_token"),
        (Some(token(json!({"signer": other}))), "signer_mismatch"),
        (Some(token(json!({"exp": NOW - 1}))), "expired"),
        (
            Some(token(json!({"client": "other"}))),
            "client_id_mismatch",
        ),
    ] {
        let (status, body) = get(data.as_deref()).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(body["error"], code);
    }
}
