//! An axum app behind an AWS Application Load Balancer with OIDC authentication: ALB
//! signs the user's claims into the `x-amzn-oidc-data` header; `/me` answers only when
//! that header verifies (signed by *your* load balancer, for your client, unexpired).
//!
//! Run: `EDGEJWT_ALB_ARN=arn:aws:elasticloadbalancing:... EDGEJWT_ISSUER=https://... \
//! EDGEJWT_CLIENT=... cargo run -p edgejwt-std --example alb_axum`.

use axum::extract::{FromRef, FromRequestParts};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use edgejwt_std::{VerifiedToken, Verifier};
use serde_json::json;

/// A request whose `x-amzn-oidc-data` verified.
pub struct AlbUser(pub VerifiedToken);

/// 401 with the stable error code.
pub struct Unauthorized(&'static str);

impl IntoResponse for Unauthorized {
    fn into_response(self) -> Response {
        (StatusCode::UNAUTHORIZED, Json(json!({ "error": self.0 }))).into_response()
    }
}

impl<S> FromRequestParts<S> for AlbUser
where
    Verifier: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = Unauthorized;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get("x-amzn-oidc-data")
            .and_then(|value| value.to_str().ok())
            .ok_or(Unauthorized("missing_alb_token"))?;
        Verifier::from_ref(state)
            .verify_async(token)
            .await
            .map(AlbUser)
            .map_err(|error| Unauthorized(error.code()))
    }
}

async fn me(AlbUser(token): AlbUser) -> Json<serde_json::Value> {
    let claims = token.claims();
    Json(json!({ "sub": claims.sub(), "email": claims.get_str("email") }))
}

/// The application: routes plus the shared verifier as state.
pub fn app(verifier: Verifier) -> Router {
    Router::new().route("/me", get(me)).with_state(verifier)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let env = |name: &str| std::env::var(name).map_err(|_| format!("set {name}"));
    let verifier = Verifier::alb(&env("EDGEJWT_ALB_ARN")?)
        .issuer(&env("EDGEJWT_ISSUER")?)
        .client_id(&env("EDGEJWT_CLIENT")?)
        .build()?;
    let listener = tokio::net::TcpListener::bind("0.0.0.0:8080").await?;
    axum::serve(listener, app(verifier)).await?;
    Ok(())
}
