//! `JwtAuthLayer` and the `Authenticated` extractor in a real axum server on 127.0.0.1,
//! answered over real HTTP requests: verified tokens reach the handler, everything else
//! is refused before it with the code in `WWW-Authenticate` and the body.
#![cfg(feature = "axum")]
#![allow(clippy::unwrap_used, clippy::indexing_slicing, unreachable_pub)]
mod support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use axum::routing::get;
use axum::Router;
use edgejwt_std::{Authenticated, JwtAuthLayer, TokenUse, Verifier};
use serde_json::{json, Value};
use support::{access_claims, jwks, Key, Reply, Server, CLIENT, NOW, POOL};

struct Answer {
    status: u16,
    challenge: Option<String>,
    body: Value,
}

/// The API: `/orders` behind the layer (counting the requests that reach it), `/open`
/// outside it but still asking for `Authenticated`.
async fn serve(verifier: Verifier) -> (String, Arc<AtomicUsize>) {
    let reached = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&reached);
    let protected = Router::new()
        .route(
            "/orders",
            get(move |Authenticated(token): Authenticated| {
                counter.fetch_add(1, Ordering::SeqCst);
                async move { axum::Json(json!({ "user": token.claims().username() })) }
            }),
        )
        .layer(JwtAuthLayer::new(verifier));
    let app = protected.route(
        "/open",
        get(|Authenticated(_): Authenticated| async { "reached" }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (base, reached)
}

async fn request(url: String, authorization: Option<String>) -> Answer {
    tokio::task::spawn_blocking(move || {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        let mut call = agent.get(&url);
        if let Some(value) = authorization {
            call = call.header("authorization", value);
        }
        let mut response = call.call().unwrap();
        let challenge = response
            .headers()
            .get("www-authenticate")
            .map(|v| v.to_str().unwrap().to_owned());
        let status = response.status().as_u16();
        let text = response.body_mut().read_to_string().unwrap();
        Answer {
            status,
            challenge,
            body: serde_json::from_str(&text).unwrap_or(Value::String(text)),
        }
    })
    .await
    .unwrap()
}

fn offline_verifier() -> Verifier {
    let verifier = Verifier::cognito(POOL, TokenUse::Access)
        .client_id(CLIENT)
        .offline()
        .clock(|| NOW)
        .build()
        .unwrap();
    verifier
        .cache_jwks(&jwks(&[Key::a().jwk("k1", json!({}))]))
        .unwrap();
    verifier
}

#[tokio::test(flavor = "multi_thread")]
async fn a_verified_token_reaches_the_handler_with_its_claims() {
    let (base, reached) = serve(offline_verifier()).await;
    let token = Key::a().token("k1", &access_claims());
    let answer = request(format!("{base}/orders"), Some(format!("Bearer {token}"))).await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.body["user"], "alice");
    // The scheme is case-insensitive (RFC 7235).
    let answer = request(format!("{base}/orders"), Some(format!("bearer {token}"))).await;
    assert_eq!(answer.status, 200);
    assert_eq!(reached.load(Ordering::SeqCst), 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_forged_or_expired_token_is_refused_with_its_code_before_the_handler() {
    let (base, reached) = serve(offline_verifier()).await;
    let forged = Key::b().token("k1", &access_claims());
    let answer = request(format!("{base}/orders"), Some(format!("Bearer {forged}"))).await;
    assert_eq!(answer.status, 401);
    assert_eq!(answer.body["error"], "bad_signature");
    assert_eq!(
        answer.challenge.as_deref(),
        Some("Bearer error=\"invalid_token\", error_description=\"bad_signature\"")
    );
    let expired = Key::a().token("k1", &support::with_exp(NOW - 1));
    let answer = request(format!("{base}/orders"), Some(format!("Bearer {expired}"))).await;
    assert_eq!(
        (answer.status, answer.body["error"].clone()),
        (401, json!("expired"))
    );
    assert_eq!(reached.load(Ordering::SeqCst), 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_request_without_a_bearer_token_is_refused() {
    let (base, reached) = serve(offline_verifier()).await;
    for authorization in [
        None,
        Some("Basic dXNlcjpwYXNz".to_owned()),
        Some("Bearer ".to_owned()),
    ] {
        let answer = request(format!("{base}/orders"), authorization).await;
        assert_eq!(answer.status, 401);
        assert_eq!(answer.body["error"], "missing_bearer_token");
        assert_eq!(answer.challenge.as_deref(), Some("Bearer"));
    }
    assert_eq!(reached.load(Ordering::SeqCst), 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_extractor_outside_the_layer_refuses_even_a_valid_token() {
    let (base, _) = serve(offline_verifier()).await;
    let token = Key::a().token("k1", &access_claims());
    let answer = request(format!("{base}/open"), Some(format!("Bearer {token}"))).await;
    assert_eq!(answer.status, 401);
    assert_eq!(answer.body["error"], "missing_bearer_token");
}

#[tokio::test(flavor = "multi_thread")]
async fn no_keys_is_503_and_the_request_does_not_pass() {
    let keys = Server::start(Reply::Status(500));
    let verifier = Verifier::cognito(POOL, TokenUse::Access)
        .client_id(CLIENT)
        .jwks_url(&keys.jwks_url())
        .allow_http_loopback(true)
        .clock(|| NOW)
        .build()
        .unwrap();
    let (base, reached) = serve(verifier).await;
    let token = Key::a().token("k1", &access_claims());
    let answer = request(format!("{base}/orders"), Some(format!("Bearer {token}"))).await;
    assert_eq!(answer.status, 503);
    assert_eq!(answer.body["error"], "jwks_unavailable");
    assert_eq!(reached.load(Ordering::SeqCst), 0);
}
