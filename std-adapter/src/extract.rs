//! The axum extractor for requests that [`JwtAuthLayer`](crate::JwtAuthLayer) let through.

use axum_core::extract::FromRequestParts;
use axum_core::response::{IntoResponse, Response};
use edgejwt_core::VerifiedToken;
use http::request::Parts;
use http::{header, StatusCode};

/// The verified token of a request, as a handler argument:
/// `async fn orders(Authenticated(token): Authenticated) -> ..`.
///
/// It takes what [`JwtAuthLayer`](crate::JwtAuthLayer) put in the request's extensions;
/// on a route the layer does not cover there is none, and the request is refused (`401
/// missing_bearer_token`): a forgotten layer never lets a request through.
///
/// ```
/// use axum::{routing::get, Router};
/// use edgejwt_std::{Authenticated, JwtAuthLayer, TokenUse, Verifier};
///
/// async fn whoami(Authenticated(token): Authenticated) -> String {
///     token.claims().username().unwrap_or_default().into_owned()
/// }
///
/// let verifier = Verifier::cognito("us-east-1_AbC123", TokenUse::Access)
///     .client_id("3lt4gb6bs1pdbeu1b2vnhsg1q1")
///     .build()?;
/// let app: Router = Router::new()
///     .route("/whoami", get(whoami))
///     .layer(JwtAuthLayer::new(verifier));
/// # let _ = app;
/// # Ok::<(), edgejwt_std::ConfigError>(())
/// ```
#[derive(Clone, Debug)]
pub struct Authenticated(pub VerifiedToken);

/// No verified token on the request (the route is outside [`JwtAuthLayer`](crate::JwtAuthLayer)).
#[derive(Debug, Clone, Copy)]
pub struct NotAuthenticated;

impl IntoResponse for NotAuthenticated {
    fn into_response(self) -> Response {
        (
            StatusCode::UNAUTHORIZED,
            [
                (header::WWW_AUTHENTICATE, "Bearer"),
                (header::CONTENT_TYPE, "application/json"),
            ],
            "{\"error\":\"missing_bearer_token\"}",
        )
            .into_response()
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Authenticated {
    type Rejection = NotAuthenticated;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<VerifiedToken>()
            .cloned()
            .map(Authenticated)
            .ok_or(NotAuthenticated)
    }
}
