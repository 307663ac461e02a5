//! # edgejwt-std
//!
//! Verify Amazon Cognito and OIDC JWTs on servers: the issuer's JWKS fetched over HTTPS
//! and cached by the policy of `edgejwt-core` (lazy or `hydrate`, one refresh per unknown
//! `kid` then a cooldown, single flight, periodic refresh, bounded stale serving), the
//! system clock, and every verdict from the one core path.
//!
//! ```no_run
//! use edgejwt_std::{TokenUse, Verifier};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let verifier = Verifier::cognito("us-east-1_AbC123", TokenUse::Access)
//!     .client_id("3lt4gb6bs1pdbeu1b2vnhsg1q1")
//!     .build()?;
//! verifier.hydrate()?; // optional warm-up
//! # let token = "";
//! match verifier.verify_async(token).await {
//!     Ok(verified) => println!("user {:?}", verified.claims().username()),
//!     Err(err) => println!("401 {}", err.code()),
//! }
//! # Ok(()) }
//! ```
//!
//! Any OIDC issuer: `Verifier::oidc("https://issuer.example").audience("api").build()?`
//! (the JWKS URL is discovered, or set with `.jwks_url(..)`).

pub mod backends;
#[cfg(feature = "axum")]
mod extract;
mod fetch;
mod issuers;
#[cfg(feature = "tower")]
mod layer;
mod verifier;

pub use edgejwt_core::{
    self as core, decode_unverified, Algorithm, CacheSettings, Claims, ConfigError, Error,
    FailedAssertion, KeySet, NumericDate, Policy, PublicKey, SignatureBackend, TokenUse,
    VerifiedToken,
};
#[cfg(feature = "axum")]
pub use extract::{Authenticated, NotAuthenticated};
pub use fetch::{check_url, Fetch, FetchError, Fetched, HttpFetcher, HttpOptions};
pub use issuers::MultiIssuerVerifier;
#[cfg(feature = "tower")]
pub use layer::{bearer_token, JwtAuth, JwtAuthLayer};
pub use verifier::{
    unix_now, CognitoVerifier, FetchFailure, JwtVerifier, Verifier, VerifierBuilder,
};
