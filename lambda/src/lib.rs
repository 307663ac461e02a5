//! An AWS Lambda authorizer for API Gateway on edgejwt: REST API TOKEN and REQUEST
//! authorizers (an IAM policy) and HTTP API authorizers with simple responses, configured
//! by environment variables ([`verifier_from_env`]), keys fetched from the JWKS URL and
//! cached across invocations, or pinned (a file shipped with the function, or baked in
//! at build time with `EDGEJWT_PINNED_JWKS=path/to/jwks.json cargo lambda build`).
//!
//! The binary `edgejwt-lambda-authorizer` is the whole function; this library is its
//! parts, for a handler of your own:
//!
//! ```no_run
//! # async fn run() -> Result<(), lambda_runtime::Error> {
//! use std::sync::Arc;
//! use lambda_runtime::{service_fn, LambdaEvent};
//! let vars = std::env::vars().collect();
//! let verifier = Arc::new(edgejwt_lambda::verifier_from_env(&vars, edgejwt_lambda::PINNED_JWKS)?);
//! lambda_runtime::run(service_fn(move |event: LambdaEvent<serde_json::Value>| {
//!     let verifier = Arc::clone(&verifier);
//!     async move { edgejwt_lambda::authorize(&verifier, &event.payload).await }
//! }))
//! .await
//! # }
//! ```

mod answer;
mod config;

pub use answer::{authorize, Refusal};
pub use config::{verifier_from_env, SetupError};

/// The JWKS baked in at build time from the file `EDGEJWT_PINNED_JWKS` named (empty
/// when none was): with it, the authorizer never fetches keys.
pub const PINNED_JWKS: &str = include_str!(concat!(env!("OUT_DIR"), "/pinned_jwks.json"));
