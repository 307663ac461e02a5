//! # edgejwt-wasm
//!
//! The JavaScript API of edgejwt for edge workers and Node, shaped like
//! `aws-jwt-verify` so that moving over is an import change:
//!
//! ```js
//! const { CognitoJwtVerifier } = require("edgejwt-wasm");   // or import from pkg/web
//! const verifier = CognitoJwtVerifier.create({ userPoolId, tokenUse: "access", clientId });
//! const payload = await verifier.verify(token);   // fetches the JWKS with fetch() when needed
//! verifier.cacheJwks(jwks);                       // offline; then verifySync(token)
//! ```
//!
//! Errors are instances of classes named and related as aws-jwt-verify's (`js/errors.js`,
//! exported by the package entries), each with a stable `.code` (the core's codes). Code
//! written for aws-jwt-verify works the same or is refused with `invalid_config`:
//! `customJwtCheck({ header, payload, jwk })` (awaited by `verify()`, refused by
//! `verifySync()` when it returns a promise); per-call properties
//! (`verify(token, { clientId })`, laid over `create`'s, see `configs.rs`); arrays of
//! configurations for several issuers; `AlbJwtVerifier` for AWS ALB tokens. A JWKS cache
//! object as `create`'s second argument is refused. Every decision is made by `edgejwt-core`;
//! the JWKS cache follows the same policy as the std adapter (the core's `JwksCache`).
//! Time is `Date.now()`, to the millisecond.
//!
//! The RSA step runs in `node:crypto` where `process.getBuiltinModule` finds it (Node,
//! Bun, workerd with nodejs_compat; synchronous, for `verify()` and `verifySync()`), else
//! in WebCrypto for `verify()` (browsers, Workers, Deno), else in the core's arithmetic
//! compiled to wasm. Every other check is the core's on every host.

mod configs;
mod engine;
mod host_fetch;
mod js_error;
mod js_jwk;
mod node_crypto;
mod options;
mod token_text;
mod webcrypto;

use std::rc::Rc;

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use engine::{Answer, Engine};
use js_error::config_error;

#[wasm_bindgen(typescript_custom_section)]
const OPTIONS_TS: &str = r#"
/** The signature algorithms a verifier can be allowed to accept (JOSE names). */
export type JwsAlgorithm =
  | "RS256" | "RS384" | "RS512" | "PS256" | "PS384" | "PS512"
  | "ES256" | "ES384" | "ES512" | "EdDSA" | "Ed25519";
/** Cache timing, in seconds (defaults: cooldown 10, refresh 3600, stale limit 86400). */
export interface JwksCacheOptions {
  cooldownSeconds?: number;
  refreshIntervalSeconds?: number;
  maxStaleSeconds?: number;
}
interface CommonOptions {
  /** Seconds of clock skew tolerated for exp and nbf (default 0). */
  graceSeconds?: number;
  /** Override the JWKS URL. */
  jwksUri?: string;
  /** Allow plain http:// JWKS URLs on loopback (local development and tests). */
  allowHttpLoopback?: boolean;
  jwksCache?: JwksCacheOptions;
  /** Put { header, payload } on a rejection's error as rawJwt, only when the signature verified. */
  includeRawJwtInErrors?: boolean;
  /**
   * Runs last on accepted tokens, called as aws-jwt-verify calls it. Throw (or return
   * false) to reject: a thrown error reaches the caller as thrown, with code
   * "custom_rejected" added when it has none. verify() awaits a returned promise;
   * verifySync() refuses one (invalid_config).
   */
  customJwtCheck?: (props: { header: any; payload: any; jwk: any }) => unknown;
}
export interface CognitoJwtVerifierOptions extends CommonOptions {
  /** e.g. "us-east-1_AbC123" */
  userPoolId: string;
  /** null (explicitly) accepts both kinds; left out, every call must give it. */
  tokenUse: "id" | "access" | null;
  /** One or more allowed app client ids (required); null (explicitly) accepts any. */
  clientId: string | string[] | null;
  /** Require membership of at least one of these groups. */
  groups?: string | string[];
  /** Require at least one of these scopes. */
  scope?: string | string[];
}
export interface AlbJwtVerifierOptions extends CommonOptions {
  /** The load balancer(s) whose tokens are accepted (the header's signer); one region. */
  albArn: string | string[];
  /** The IdP configured on the listener: the payload's iss. */
  issuer: string;
  /** The header's client must be one of these; null (explicitly) accepts any client. */
  clientId: string | string[] | null;
  /** Default: ["ES256"], what ALB signs with. */
  algorithms?: JwsAlgorithm[];
}
export interface JwtVerifierOptions extends CommonOptions {
  /** The iss tokens must carry; null (explicitly) checks none (jwksUri then required). */
  issuer: string | null;
  /** One or more accepted audiences (required); null (explicitly) accepts any. */
  audience: string | string[] | null;
  /** Require at least one of these scopes. */
  scope?: string | string[];
  /** Default: ["RS256"]; any of JwsAlgorithm to accept more. */
  algorithms?: JwsAlgorithm[];
}
/** Thrown by verify/verifySync/create: `code` is a stable edgejwt error code. */
export interface EdgeJwtError extends Error {
  code: string;
}
"#;

/// aws-jwt-verify takes a JWKS cache as `create`'s second argument. We do not support
/// one, and ignoring it would verify with keys the caller did not mean: refused with
/// `invalid_config`.
fn refuse_extra_argument(method: &str, argument: &JsValue) -> Result<(), JsValue> {
    match argument.is_undefined() {
        true => Ok(()),
        false => Err(config_error(&format!(
            "{method}() takes no second argument: a custom JWKS cache is not supported; \
             the verifier caches keys itself (jwksCache: {{ cooldownSeconds, .. }} in the \
             options tunes it)"
        ))),
    }
}

/// Verifies tokens of one Amazon Cognito user pool (or several: an array of options).
#[wasm_bindgen]
pub struct CognitoJwtVerifier {
    /// One per configuration; the token's `iss` picks one when there are several.
    engines: Vec<Rc<Engine>>,
}

#[wasm_bindgen]
impl CognitoJwtVerifier {
    /// Checks the options and returns a verifier; throws `invalid_config` on bad options.
    pub fn create(
        #[wasm_bindgen(
            unchecked_param_type = "CognitoJwtVerifierOptions | CognitoJwtVerifierOptions[]"
        )]
        options: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "undefined")] additional: JsValue,
    ) -> Result<CognitoJwtVerifier, JsValue> {
        refuse_extra_argument("create", &additional)?;
        Ok(Self {
            engines: configs::configurations(&configs::COGNITO, &options)?,
        })
    }

    /// aws-jwt-verify's `CognitoJwtVerifier.parseUserPoolId`: `{ region, issuer }` of a
    /// pool id such as `us-east-1_AbC123`; throws `invalid_config` for anything else.
    #[wasm_bindgen(js_name = parseUserPoolId, unchecked_return_type = "{ region: string; issuer: string }")]
    pub fn parse_user_pool_id(user_pool_id: &str) -> Result<JsValue, JsValue> {
        let issuer = edgejwt_core::cognito_issuer(user_pool_id)
            .map_err(|_| config_error(&format!("Invalid Cognito User Pool ID: {user_pool_id}")))?;
        let region = user_pool_id.split('_').next().unwrap_or_default();
        let parsed = js_sys::Object::new();
        js_jwk::set(&parsed, "region", &region.into());
        js_jwk::set(&parsed, "issuer", &issuer.into());
        Ok(parsed.into())
    }
}

/// Verifies tokens of any OIDC issuer that publishes a JWKS.
#[wasm_bindgen]
pub struct JwtVerifier {
    /// One per configuration; the token's `iss` picks one when there are several.
    engines: Vec<Rc<Engine>>,
}

#[wasm_bindgen]
impl JwtVerifier {
    /// Checks the options and returns a verifier; throws `invalid_config` on bad options.
    /// The JWKS URL defaults to `{issuer}/.well-known/jwks.json`.
    pub fn create(
        #[wasm_bindgen(unchecked_param_type = "JwtVerifierOptions | JwtVerifierOptions[]")]
        options: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "undefined")] additional: JsValue,
    ) -> Result<JwtVerifier, JsValue> {
        refuse_extra_argument("create", &additional)?;
        Ok(Self {
            engines: configs::configurations(&configs::JWT, &options)?,
        })
    }
}

/// Verifies the tokens an AWS Application Load Balancer passes in `x-amzn-oidc-data`.
#[wasm_bindgen]
pub struct AlbJwtVerifier {
    /// One per configuration; the token's `iss` picks one when there are several.
    engines: Vec<Rc<Engine>>,
}

#[wasm_bindgen]
impl AlbJwtVerifier {
    /// Checks the options and returns a verifier; throws `invalid_config` on bad options.
    /// Keys come one kid at a time from the region's key server, or from
    /// `{jwksUri}/{kid}`.
    pub fn create(
        #[wasm_bindgen(unchecked_param_type = "AlbJwtVerifierOptions | AlbJwtVerifierOptions[]")]
        options: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "undefined")] additional: JsValue,
    ) -> Result<AlbJwtVerifier, JsValue> {
        refuse_extra_argument("create", &additional)?;
        Ok(Self {
            engines: configs::configurations(&configs::ALB, &options)?,
        })
    }
}

/// The methods both verifiers share (wasm-bindgen needs them on each class).
macro_rules! verifier_methods {
    ($class:ident, $kind:path) => {
        #[wasm_bindgen]
        impl $class {
            /// Installs a JWKS (object or JSON string) without the network, for the one
            /// issuer, or for `issuer` (required when there are several).
            #[wasm_bindgen(js_name = cacheJwks)]
            pub fn cache_jwks(
                &self,
                jwks: JsValue,
                #[wasm_bindgen(unchecked_optional_param_type = "string")] issuer: JsValue,
            ) -> Result<(), JsValue> {
                // The second argument names the configuration as aws-jwt-verify does: the
                // issuer, or for Cognito the user pool id (its issuer's last segment).
                let names = |engine: &Engine, name: &str| {
                    let issuer = engine.policy().issuer();
                    issuer == name
                        || ($kind.names_pool() && issuer.rsplit('/').next() == Some(name))
                };
                let engine = match (&self.engines[..], issuer.as_string()) {
                    ([only], None) if issuer.is_undefined() => only,
                    (engines, Some(name)) => {
                        engines.iter().find(|e| names(e, &name)).ok_or_else(|| {
                            config_error(&format!(
                                "{} not configured: {name}",
                                $kind.configuration_name()
                            ))
                        })?
                    }
                    _ => {
                        return Err(config_error(&format!(
                            "{} must be provided",
                            $kind.configuration_name()
                        )))
                    }
                };
                engine.cache_jwks(&jwks)
            }

            /// Verifies with cached keys only (after `cacheJwks` or `hydrate`); returns
            /// the payload. A token that is not a string is `malformed`.
            #[wasm_bindgen(js_name = verifySync)]
            pub fn verify_sync(
                &self,
                #[wasm_bindgen(unchecked_param_type = "string")] token: JsValue,
                #[wasm_bindgen(unchecked_optional_param_type = "object")] props: JsValue,
            ) -> Result<JsValue, JsValue> {
                let engine = configs::engine_for(&self.engines, &token)?;
                $kind.for_call(engine, &props)?.verify_sync(&token)
            }

            /// Verifies, fetching the JWKS with `fetch()` when needed; resolves to the
            /// payload.
            #[wasm_bindgen(unchecked_return_type = "Promise<any>")]
            pub fn verify(
                &self,
                #[wasm_bindgen(unchecked_param_type = "string")] token: JsValue,
                #[wasm_bindgen(unchecked_optional_param_type = "object")] props: JsValue,
            ) -> Promise {
                // Settled at once when no fetch and no asynchronous RSA step is needed: a
                // resolved promise costs far less than a trip through the future executor.
                let chosen = configs::engine_for(&self.engines, &token)
                    .and_then(|engine| $kind.for_call(engine, &props));
                let engine = match &chosen {
                    Ok(engine) => engine,
                    Err(refused) => return Promise::reject(refused),
                };
                match engine.verify_now(&token) {
                    Answer::Settled(Ok(payload)) => Promise::resolve(&payload),
                    Answer::Settled(Err(error)) => Promise::reject(&error),
                    Answer::Checking(pending, payload) => {
                        future_to_promise(engine::settle_check(pending, payload))
                    }
                    Answer::Later(token, now, prepared) => {
                        engine.verify_later(token, now, prepared)
                    }
                }
            }

            /// Fetches every configuration's JWKS now (warm-up); rejects with the first
            /// failure after all were tried.
            #[wasm_bindgen(unchecked_return_type = "Promise<void>")]
            pub fn hydrate(&self) -> Promise {
                let engines = self.engines.clone();
                future_to_promise(async move {
                    let mut first_failure = None;
                    for engine in engines {
                        if let Err(error) = engine.hydrate().await {
                            first_failure.get_or_insert(error);
                        }
                    }
                    first_failure.map_or(Ok(JsValue::UNDEFINED), Err)
                })
            }
        }
    };
}

verifier_methods!(CognitoJwtVerifier, configs::COGNITO);
verifier_methods!(JwtVerifier, configs::JWT);
verifier_methods!(AlbJwtVerifier, configs::ALB);
