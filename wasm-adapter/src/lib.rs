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
//! `verifySync()` when it returns a promise); per-call properties and arrays of
//! configurations are refused until supported. Every decision is made by `edgejwt-core`;
//! the JWKS cache follows the same policy as the std adapter (the core's `JwksCache`).
//! Time is `Date.now()`, to the millisecond.
//!
//! The RSA step runs in `node:crypto` where `process.getBuiltinModule` finds it (Node,
//! Bun, workerd with nodejs_compat; synchronous, for `verify()` and `verifySync()`), else
//! in WebCrypto for `verify()` (browsers, Workers, Deno), else in the core's arithmetic
//! compiled to wasm. Every other check is the core's on every host.

mod engine;
mod host_fetch;
mod js_error;
mod js_jwk;
mod node_crypto;
mod options;
mod token_text;
mod webcrypto;

use std::rc::Rc;

use edgejwt_core::{Policy, TokenUse};
use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use engine::{Answer, Engine};
use js_error::config_error;
use options::Options;

#[wasm_bindgen(typescript_custom_section)]
const OPTIONS_TS: &str = r#"
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
  tokenUse: "id" | "access";
  /** One or more allowed app client ids (required). */
  clientId: string | string[];
  /** Require membership of at least one of these groups. */
  groups?: string | string[];
  /** Require at least one of these scopes. */
  scope?: string | string[];
}
export interface JwtVerifierOptions extends CommonOptions {
  issuer: string;
  /** One or more accepted audiences (required). */
  audience: string | string[];
  /** Default: ["RS256"]. */
  algorithms?: ("RS256" | "RS384" | "RS512")[];
}
/** Thrown by verify/verifySync/create: `code` is a stable edgejwt error code. */
export interface EdgeJwtError extends Error {
  code: string;
}
"#;

const COMMON: [&str; 5] = [
    "graceSeconds",
    "jwksUri",
    "allowHttpLoopback",
    "jwksCache",
    "customJwtCheck",
];

/// aws-jwt-verify takes per-call properties (`verify(token, { groups })`), a JWKS cache
/// as `create`'s second argument and an issuer as `cacheJwks`'s. We do not support them
/// yet, and ignoring one would accept tokens aws-jwt-verify rejects: any such argument
/// is refused with `invalid_config`.
fn refuse_extra_argument(method: &str, argument: &JsValue) -> Result<(), JsValue> {
    match argument.is_undefined() {
        true => Ok(()),
        false => Err(config_error(&format!(
            "{method}() takes no second argument: per-call properties, a custom JWKS cache \
             and an issuer per key set are not supported yet; set every option in create()"
        ))),
    }
}

/// An array of configurations (aws-jwt-verify's form for several issuers) is refused
/// with a clear message until several issuers per verifier are supported.
fn refuse_configuration_array(options: &JsValue) -> Result<(), JsValue> {
    match js_sys::Array::is_array(options) {
        false => Ok(()),
        true => Err(config_error(
            "create() takes one configuration object; an array of configurations (several \
             issuers in one verifier) is not supported yet: create one verifier per issuer",
        )),
    }
}

/// Builds the engine from the policy and the options every verifier shares.
fn engine(
    options: &Options,
    cognito: bool,
    policy: Result<Policy, edgejwt_core::ConfigError>,
    default_jwks_url: String,
) -> Result<Rc<Engine>, JsValue> {
    let policy = policy.map_err(|e| config_error(&e.to_string()))?;
    let jwks_url = options.string("jwksUri")?.unwrap_or(default_jwks_url);
    let allow_http_loopback = options.flag("allowHttpLoopback")?;
    edgejwt_core::check_jwks_url(&jwks_url, allow_http_loopback)
        .map_err(|why| config_error(&format!("jwksUri: {why}")))?;
    Ok(Rc::new(Engine::new(
        policy,
        cognito,
        edgejwt_core::KeySource::Jwks(jwks_url),
        allow_http_loopback,
        options.function("customJwtCheck")?,
        options.cache_settings()?,
    )))
}

/// Verifies tokens of one Amazon Cognito user pool.
#[wasm_bindgen]
pub struct CognitoJwtVerifier {
    engine: Rc<Engine>,
}

#[wasm_bindgen]
impl CognitoJwtVerifier {
    /// Checks the options and returns a verifier; throws `invalid_config` on bad options.
    pub fn create(
        #[wasm_bindgen(unchecked_param_type = "CognitoJwtVerifierOptions")] options: JsValue,
        #[wasm_bindgen(unchecked_param_type = "undefined")] additional: JsValue,
    ) -> Result<CognitoJwtVerifier, JsValue> {
        refuse_configuration_array(&options)?;
        refuse_extra_argument("create", &additional)?;
        let known: Vec<&str> = ["userPoolId", "tokenUse", "clientId", "groups", "scope"]
            .into_iter()
            .chain(COMMON)
            .collect();
        let options = Options::new(&options, &known)?;
        let pool = options.required_string("userPoolId")?;
        let token_use = match options.required_string("tokenUse")?.as_str() {
            "id" => TokenUse::Id,
            "access" => TokenUse::Access,
            other => {
                return Err(config_error(&format!(
                    "'tokenUse' must be \"id\" or \"access\", not \"{other}\""
                )))
            }
        };
        let mut policy =
            Policy::cognito(&pool, token_use).leeway(options.seconds("graceSeconds")?.unwrap_or(0));
        for client in options.strings("clientId")? {
            policy = policy.client_id(&client);
        }
        for group in options.strings("groups")? {
            policy = policy.group(&group);
        }
        for scope in options.strings("scope")? {
            policy = policy.scope(&scope);
        }
        let default_url = edgejwt_core::cognito_jwks_url(&pool).unwrap_or_default();
        Ok(Self {
            engine: engine(&options, true, policy.build(), default_url)?,
        })
    }
}

/// Verifies tokens of any OIDC issuer that publishes a JWKS.
#[wasm_bindgen]
pub struct JwtVerifier {
    engine: Rc<Engine>,
}

#[wasm_bindgen]
impl JwtVerifier {
    /// Checks the options and returns a verifier; throws `invalid_config` on bad options.
    /// The JWKS URL defaults to `{issuer}/.well-known/jwks.json`.
    pub fn create(
        #[wasm_bindgen(unchecked_param_type = "JwtVerifierOptions")] options: JsValue,
        #[wasm_bindgen(unchecked_param_type = "undefined")] additional: JsValue,
    ) -> Result<JwtVerifier, JsValue> {
        refuse_configuration_array(&options)?;
        refuse_extra_argument("create", &additional)?;
        let known: Vec<&str> = ["issuer", "audience", "algorithms"]
            .into_iter()
            .chain(COMMON)
            .collect();
        let options = Options::new(&options, &known)?;
        let issuer = options.required_string("issuer")?;
        let mut policy = Policy::oidc(&issuer)
            .algorithms(&options.algorithms()?)
            .leeway(options.seconds("graceSeconds")?.unwrap_or(0));
        for audience in options.strings("audience")? {
            policy = policy.audience(&audience);
        }
        let default_url = format!("{}/.well-known/jwks.json", issuer.trim_end_matches('/'));
        Ok(Self {
            engine: engine(&options, false, policy.build(), default_url)?,
        })
    }
}

/// The methods both verifiers share (wasm-bindgen needs them on each class).
macro_rules! verifier_methods {
    ($class:ident) => {
        #[wasm_bindgen]
        impl $class {
            /// Installs a JWKS (object or JSON string) without the network.
            #[wasm_bindgen(js_name = cacheJwks)]
            pub fn cache_jwks(
                &self,
                jwks: JsValue,
                #[wasm_bindgen(unchecked_param_type = "undefined")] issuer: JsValue,
            ) -> Result<(), JsValue> {
                refuse_extra_argument("cacheJwks", &issuer)?;
                self.engine.cache_jwks(&jwks)
            }

            /// Verifies with cached keys only (after `cacheJwks` or `hydrate`); returns
            /// the payload. A token that is not a string is `malformed`.
            #[wasm_bindgen(js_name = verifySync)]
            pub fn verify_sync(
                &self,
                #[wasm_bindgen(unchecked_param_type = "string")] token: JsValue,
                #[wasm_bindgen(unchecked_param_type = "undefined")] props: JsValue,
            ) -> Result<JsValue, JsValue> {
                refuse_extra_argument("verifySync", &props)?;
                self.engine.verify_sync(&token)
            }

            /// Verifies, fetching the JWKS with `fetch()` when needed; resolves to the
            /// payload.
            #[wasm_bindgen(unchecked_return_type = "Promise<any>")]
            pub fn verify(
                &self,
                #[wasm_bindgen(unchecked_param_type = "string")] token: JsValue,
                #[wasm_bindgen(unchecked_param_type = "undefined")] props: JsValue,
            ) -> Promise {
                // Settled at once when no fetch and no asynchronous RSA step is needed: a
                // resolved promise costs far less than a trip through the future executor.
                if let Err(refused) = refuse_extra_argument("verify", &props) {
                    return Promise::reject(&refused);
                }
                match self.engine.verify_now(&token) {
                    Answer::Settled(Ok(payload)) => Promise::resolve(&payload),
                    Answer::Settled(Err(error)) => Promise::reject(&error),
                    Answer::Checking(pending, payload) => {
                        future_to_promise(engine::settle_check(pending, payload))
                    }
                    Answer::Later(token, now) => {
                        future_to_promise(Rc::clone(&self.engine).verify(token, now))
                    }
                }
            }

            /// Fetches the JWKS now (warm-up).
            #[wasm_bindgen(unchecked_return_type = "Promise<void>")]
            pub fn hydrate(&self) -> Promise {
                future_to_promise(Rc::clone(&self.engine).hydrate())
            }
        }
    };
}

verifier_methods!(CognitoJwtVerifier);
verifier_methods!(JwtVerifier);
