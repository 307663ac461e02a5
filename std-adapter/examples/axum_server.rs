//! An axum API whose `/orders` route needs a valid Cognito access token.
//!
//! Run: `EDGEJWT_POOL=us-east-1_AbC123 EDGEJWT_CLIENT=... cargo run -p edgejwt-std --example axum_server`
//! then `curl -H "Authorization: Bearer $TOKEN" localhost:3000/orders`.
//! A bad token gets `401 {"error":"<code>"}` with the stable error code.

use axum::extract::{FromRef, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use edgejwt_std::{TokenUse, VerifiedToken, Verifier};
use serde_json::json;

/// A request whose bearer token verified. Add it as a handler argument to protect a route.
pub struct Authenticated(pub VerifiedToken);

/// Why a request was not authenticated: answered as 401 with the error code.
pub struct Unauthorized(&'static str);

impl IntoResponse for Unauthorized {
    fn into_response(self) -> Response {
        let challenge = format!(
            "Bearer error=\"invalid_token\", error_description=\"{}\"",
            self.0
        );
        (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, challenge)],
            Json(json!({ "error": self.0 })),
        )
            .into_response()
    }
}

impl<S> FromRequestParts<S> for Authenticated
where
    Verifier: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = Unauthorized;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .ok_or(Unauthorized("missing_bearer_token"))?;
        let verifier = Verifier::from_ref(state);
        verifier
            .verify_async(token)
            .await
            .map(Authenticated)
            .map_err(|error| Unauthorized(error.code()))
    }
}

async fn orders(Authenticated(token): Authenticated) -> Json<serde_json::Value> {
    let claims = token.claims();
    Json(json!({ "user": claims.username(), "orders": [] }))
}

/// The application: routes plus the shared verifier as state.
pub fn app(verifier: Verifier) -> Router {
    Router::new()
        .route("/orders", get(orders))
        .route("/health", get(|| async { "ok" }))
        .with_state(verifier)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let pool = std::env::var("EDGEJWT_POOL").unwrap_or_else(|_| "us-east-1_AbC123".into());
    let client = std::env::var("EDGEJWT_CLIENT").unwrap_or_else(|_| "your-app-client-id".into());
    let verifier = Verifier::cognito(&pool, TokenUse::Access)
        .client_id(&client)
        .build()?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
    println!("listening on http://127.0.0.1:3000 (GET /orders needs a bearer token)");
    axum::serve(listener, app(verifier)).await?;
    Ok(())
}
