//! # edgejwt-core
//!
//! The `no_std` verification core of edgejwt: it decides whether to trust a JWT signed
//! with RS256 (or RS384/RS512) by an Amazon Cognito user pool or any OIDC issuer, given
//! the issuer's keys and the current time from the caller. It never fetches, never reads
//! a clock, never logs and never panics on input.
//!
//! The path (ARCHITECTURE.md): size -> shape -> header (`alg` allow-list, `kid`, no `crit`) ->
//! key by `kid` and key policy -> RSASSA-PKCS1-v1_5 signature -> payload -> claims
//! (`exp`, `nbf`, `iat`, `iss`, audience or Cognito `token_use`/client id, groups,
//! scopes, your own check). Each failure has a stable [`Error::code`].
//!
//! ```
//! use edgejwt_core::{KeySet, Policy, TokenUse};
//!
//! # fn main() -> Result<(), Box<dyn core::error::Error>> {
//! // Once, at start-up (or whenever the JWKS is refreshed):
//! let keys = KeySet::from_jwks(r#"{"keys":[]}"#)?;
//! let policy = Policy::cognito("us-east-1_AbC123", TokenUse::Access)
//!     .client_id("3lt4gb6bs1pdbeu1b2vnhsg1q1")
//!     .build()?;
//!
//! // Per request:
//! # let token = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiJhIn0.c2ln";
//! # let now = 1_700_000_000;
//! match policy.verify(token, &keys, now) {
//!     Ok(verified) => println!("hello {:?}", verified.claims().sub()),
//!     Err(err) => println!("401 {}", err.code()), // here: "unknown_kid"
//! }
//! # Ok(())
//! # }
//! ```
#![no_std]
#![forbid(unsafe_code)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

extern crate alloc;

mod alb;
mod algorithm;
mod assertion;
mod backend;
mod base64url;
mod claims;
mod curve;
#[cfg(any(feature = "es256", feature = "es384", feature = "es512"))]
mod ec_key;
#[cfg(any(feature = "es256", feature = "es384", feature = "es512"))]
mod ec_point;
#[cfg(any(feature = "es256", feature = "es384", feature = "es512"))]
mod ecdsa_verify;
#[cfg(feature = "eddsa")]
mod ed25519_key;
mod error;
mod identity;
mod issuers;
mod json;
mod jwks_cache;
mod jwks_fetch;
mod key;
mod key_set;
mod montgomery;
mod policy;
mod reason;
mod rsa_key;
#[cfg(feature = "pss")]
mod rsa_pss;
mod time;
mod token;
mod url;
mod verified_cache;
mod verify;
mod weak_key;

#[cfg(test)]
mod test_rng;

pub use alb::alb_keys_url;
pub use algorithm::{Algorithm, AlgorithmSet};
pub use assertion::FailedAssertion;
pub use backend::SignatureBackend;
pub use claims::{Claims, NumericDate};
pub use curve::Curve;
pub use error::{ConfigError, Error};
pub use issuers::choose_issuer;
pub use jwks_cache::{max_age_from_cache_control, CacheSettings, JwksCache, Step};
pub use jwks_fetch::{AfterGet, FetchLimits, FetchReport, Fetched, FetchedKeys, KeySource};
pub use key::{KeyError, KeyMaterial, PublicKey};
pub use key_set::KeySet;
pub use policy::{
    cognito_issuer, cognito_jwks_url, Alb, Cognito, CustomCheck, Oidc, Policy, PolicyBuilder,
    TokenUse,
};
pub use reason::Reason;
pub use time::UnixTime;
pub use token::Header;
pub use url::{check_jwks_url, UrlRefused};
pub use verified_cache::VerifiedCache;
pub use verify::{decode_unverified, SignatureCheck, UnverifiedToken, VerifiedJws, VerifiedToken};
