//! A tower `Layer` that lets through only requests with a verified bearer token.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use edgejwt_core::{Error, VerifiedToken};
use http::{header, HeaderValue, Request, Response, StatusCode};

use crate::Verifier;

/// Wraps a service so that every request needs `Authorization: Bearer <token>` that
/// `verifier` accepts. A verified request reaches the inner service with the
/// [`VerifiedToken`] in its extensions; any other is answered here:
///
/// - no bearer token: `401`, `WWW-Authenticate: Bearer`, body `{"error":"missing_bearer_token"}`;
/// - a rejected token: `401`, `WWW-Authenticate: Bearer error="invalid_token",
///   error_description="<code>"`, body `{"error":"<code>"}` (the stable code, never the token);
/// - no keys to verify with (`jwks_unavailable`, `jwks_invalid`): `503` with the code
///   (a server-side failure: the client's token may be fine, and is still not let through).
///
/// ```
/// use edgejwt_std::{JwtAuthLayer, TokenUse, Verifier};
/// use tower_layer::Layer;
///
/// let verifier = Verifier::cognito("us-east-1_AbC123", TokenUse::Access)
///     .client_id("3lt4gb6bs1pdbeu1b2vnhsg1q1")
///     .build()?;
/// let layer = JwtAuthLayer::new(verifier);
/// // axum: Router::new().route(..).layer(layer); tower: ServiceBuilder::new().layer(layer)
/// # let _ = layer;
/// # Ok::<(), edgejwt_std::ConfigError>(())
/// ```
#[derive(Clone, Debug)]
pub struct JwtAuthLayer {
    verifier: Verifier,
}

impl JwtAuthLayer {
    /// A layer verifying with `verifier` (cheap to clone; one cache for every request).
    pub fn new(verifier: Verifier) -> Self {
        Self { verifier }
    }
}

impl<S> tower_layer::Layer<S> for JwtAuthLayer {
    type Service = JwtAuth<S>;

    fn layer(&self, inner: S) -> JwtAuth<S> {
        JwtAuth {
            inner,
            verifier: self.verifier.clone(),
        }
    }
}

/// The service [`JwtAuthLayer`] makes.
#[derive(Clone, Debug)]
pub struct JwtAuth<S> {
    inner: S,
    verifier: Verifier,
}

/// The bearer token of a request: `Authorization: Bearer <token>` (scheme in any case,
/// RFC 7235), or `None`.
pub fn bearer_token<B>(request: &Request<B>) -> Option<&str> {
    let value = request
        .headers()
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?;
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim_start();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

/// The answer to a request that is not let through.
fn refusal<B: From<String>>(error: Option<Error>) -> Response<B> {
    let code = error.map_or("missing_bearer_token", |e| e.code());
    let (status, challenge) = match error {
        None => (StatusCode::UNAUTHORIZED, "Bearer".to_owned()),
        Some(Error::JwksUnavailable | Error::JwksInvalid) => {
            (StatusCode::SERVICE_UNAVAILABLE, String::new())
        }
        Some(_) => (
            StatusCode::UNAUTHORIZED,
            format!("Bearer error=\"invalid_token\", error_description=\"{code}\""),
        ),
    };
    // The code is one of ours (snake_case ASCII): no escaping is needed in either place.
    let mut response = Response::new(B::from(format!("{{\"error\":\"{code}\"}}")));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    if let Ok(value) = HeaderValue::from_str(&challenge) {
        if !challenge.is_empty() {
            headers.insert(header::WWW_AUTHENTICATE, value);
        }
    }
    response
}

impl<S, ReqBody, ResBody> tower_service::Service<Request<ReqBody>> for JwtAuth<S>
where
    S: tower_service::Service<Request<ReqBody>, Response = Response<ResBody>>
        + Clone
        + Send
        + 'static,
    S::Future: Send + 'static,
    ReqBody: Send + 'static,
    ResBody: From<String> + Send + 'static,
{
    type Response = Response<ResBody>;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Self::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request<ReqBody>) -> Self::Future {
        // The service that was polled ready serves this request; a fresh clone takes
        // its place for the next (tower's usual rule for services called from a future).
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        let verifier = self.verifier.clone();
        Box::pin(async move {
            let Some(token) = bearer_token(&request).map(str::to_owned) else {
                return Ok(refusal(None));
            };
            match verifier.verify_async(&token).await {
                Ok(verified) => {
                    request.extensions_mut().insert::<VerifiedToken>(verified);
                    inner.call(request).await
                }
                Err(error) => Ok(refusal(Some(error))),
            }
        })
    }
}
