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

use edgejwt_core::{Error, Policy, TokenUse};
use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use engine::{Answer, Engine};
use js_error::{config_error, token_error, Flavor};
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
export interface AlbJwtVerifierOptions extends CommonOptions {
  /** The load balancer(s) whose tokens are accepted (the header's signer); one region. */
  albArn: string | string[];
  /** The IdP configured on the listener: the payload's iss. */
  issuer: string;
  /** The header's client must be one of these; null (explicitly) accepts any client. */
  clientId: string | string[] | null;
  /** Default: ["ES256"], what ALB signs with. */
  algorithms?: string[];
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

/// One engine per configuration: `options` is one configuration object, or an array of
/// them (aws-jwt-verify's form for several issuers: at least one, each issuer once).
fn configurations(
    options: &JsValue,
    one: impl Fn(&JsValue) -> Result<Rc<Engine>, JsValue>,
) -> Result<Vec<Rc<Engine>>, JsValue> {
    if !js_sys::Array::is_array(options) {
        return Ok(vec![one(options)?]);
    }
    let engines = js_sys::Array::from(options)
        .iter()
        .map(|configuration| one(&configuration))
        .collect::<Result<Vec<_>, _>>()?;
    let distinct = engines.iter().enumerate().all(|(i, engine)| {
        engines
            .iter()
            .skip(i + 1)
            .all(|other| other.policy().issuer() != engine.policy().issuer())
    });
    let all_check = engines.iter().all(|engine| engine.policy().checks_issuer());
    if engines.is_empty() || !distinct || !all_check {
        return Err(config_error(
            "an array of configurations needs at least one, each with a different issuer \
             (issuer: null cannot be one of several)",
        ));
    }
    Ok(engines)
}

/// The engine `token` claims to come from: the only one, or the one whose issuer equals
/// the token's `iss` (chosen by the core before any key is looked up or fetched).
fn engine_for<'e>(engines: &'e [Rc<Engine>], token: &JsValue) -> Result<&'e Rc<Engine>, JsValue> {
    if let [only] = engines {
        return Ok(only);
    }
    let text = token
        .as_string()
        .ok_or_else(|| token_error(Error::Malformed))?;
    let chosen = edgejwt_core::choose_issuer(&text, engines.iter().map(|e| e.policy()))
        .map_err(token_error)?;
    engines
        .get(chosen)
        .ok_or_else(|| token_error(Error::IssuerMismatch))
}

/// Builds the engine from the policy and the options every verifier shares.
/// `jwksUri` (or the default) is the JWKS, or for ALB the address keys are fetched from
/// one kid at a time.
fn engine(
    options: &Options,
    flavor: Flavor,
    policy: Result<Policy, edgejwt_core::ConfigError>,
    default_jwks_url: String,
) -> Result<Rc<Engine>, JsValue> {
    let policy = policy.map_err(|e| config_error(&e.to_string()))?;
    let jwks_url = options.string("jwksUri")?.unwrap_or(default_jwks_url);
    let allow_http_loopback = options.flag("allowHttpLoopback")?;
    edgejwt_core::check_jwks_url(&jwks_url, allow_http_loopback)
        .map_err(|why| config_error(&format!("jwksUri: {why}")))?;
    let source = match flavor {
        Flavor::Alb => edgejwt_core::KeySource::PemPerKid { base_url: jwks_url },
        Flavor::Jwt | Flavor::Cognito => edgejwt_core::KeySource::Jwks(jwks_url),
    };
    Ok(Rc::new(Engine::new(
        policy,
        flavor,
        source,
        allow_http_loopback,
        options.function("customJwtCheck")?,
        options.cache_settings()?,
    )))
}

/// Verifies tokens of one Amazon Cognito user pool.
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
        #[wasm_bindgen(unchecked_param_type = "undefined")] additional: JsValue,
    ) -> Result<CognitoJwtVerifier, JsValue> {
        refuse_extra_argument("create", &additional)?;
        Ok(Self {
            engines: configurations(&options, Self::engine)?,
        })
    }
}

impl CognitoJwtVerifier {
    fn engine(options: &JsValue) -> Result<Rc<Engine>, JsValue> {
        let known: Vec<&str> = ["userPoolId", "tokenUse", "clientId", "groups", "scope"]
            .into_iter()
            .chain(COMMON)
            .collect();
        let options = Options::new(options, &known)?;
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
        engine(&options, Flavor::Cognito, policy.build(), default_url)
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
        #[wasm_bindgen(unchecked_param_type = "undefined")] additional: JsValue,
    ) -> Result<JwtVerifier, JsValue> {
        refuse_extra_argument("create", &additional)?;
        Ok(Self {
            engines: configurations(&options, Self::engine)?,
        })
    }
}

impl JwtVerifier {
    fn engine(options: &JsValue) -> Result<Rc<Engine>, JsValue> {
        let known: Vec<&str> = ["issuer", "audience", "algorithms"]
            .into_iter()
            .chain(COMMON)
            .collect();
        let options = Options::new(options, &known)?;
        let issuer = options.required_string("issuer")?;
        let mut policy = Policy::oidc(&issuer)
            .algorithms(&options.algorithms()?)
            .leeway(options.seconds("graceSeconds")?.unwrap_or(0));
        for audience in options.strings("audience")? {
            policy = policy.audience(&audience);
        }
        let default_url = format!("{}/.well-known/jwks.json", issuer.trim_end_matches('/'));
        engine(&options, Flavor::Jwt, policy.build(), default_url)
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
        #[wasm_bindgen(unchecked_param_type = "undefined")] additional: JsValue,
    ) -> Result<AlbJwtVerifier, JsValue> {
        refuse_extra_argument("create", &additional)?;
        Ok(Self {
            engines: configurations(&options, Self::engine)?,
        })
    }
}

impl AlbJwtVerifier {
    fn engine(options: &JsValue) -> Result<Rc<Engine>, JsValue> {
        let known: Vec<&str> = ["albArn", "issuer", "clientId", "algorithms"]
            .into_iter()
            .chain(COMMON)
            .collect();
        let options = Options::new(options, &known)?;
        let issuer = options.required_string("issuer")?;
        let arns = options.strings("albArn")?;
        let mut policy = Policy::alb(&issuer).leeway(options.seconds("graceSeconds")?.unwrap_or(0));
        if !options.strings("algorithms")?.is_empty() {
            policy = policy.algorithms(&options.algorithms()?);
        }
        for arn in &arns {
            policy = policy.signer(arn);
        }
        if options.is_null("clientId") {
            policy = policy.any_client();
        }
        for client in options.strings("clientId")? {
            policy = policy.client_id(&client);
        }
        let arn_refs: Vec<&str> = arns.iter().map(String::as_str).collect();
        let default_url = match options.string("jwksUri")? {
            Some(_) => String::new(),
            None => {
                edgejwt_core::alb_keys_url(&arn_refs).map_err(|e| config_error(&e.to_string()))?
            }
        };
        engine(&options, Flavor::Alb, policy.build(), default_url)
    }
}

/// The methods both verifiers share (wasm-bindgen needs them on each class).
macro_rules! verifier_methods {
    ($class:ident) => {
        #[wasm_bindgen]
        impl $class {
            /// Installs a JWKS (object or JSON string) without the network, for the one
            /// issuer, or for `issuer` (required when there are several).
            #[wasm_bindgen(js_name = cacheJwks)]
            pub fn cache_jwks(
                &self,
                jwks: JsValue,
                #[wasm_bindgen(unchecked_param_type = "string | undefined")] issuer: JsValue,
            ) -> Result<(), JsValue> {
                let engine = match (&self.engines[..], issuer.as_string()) {
                    ([only], None) if issuer.is_undefined() => only,
                    (engines, Some(issuer)) => engines
                        .iter()
                        .find(|e| e.policy().issuer() == issuer)
                        .ok_or_else(|| {
                            config_error(&format!(
                                "cacheJwks(): no configuration has issuer \"{issuer}\""
                            ))
                        })?,
                    _ => {
                        return Err(config_error(
                            "cacheJwks(jwks, issuer): the issuer (a string) is required when \
                             the verifier has several configurations",
                        ))
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
                #[wasm_bindgen(unchecked_param_type = "undefined")] props: JsValue,
            ) -> Result<JsValue, JsValue> {
                refuse_extra_argument("verifySync", &props)?;
                engine_for(&self.engines, &token)?.verify_sync(&token)
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
                let engine = match engine_for(&self.engines, &token) {
                    Ok(engine) => engine,
                    Err(refused) => return Promise::reject(&refused),
                };
                match engine.verify_now(&token) {
                    Answer::Settled(Ok(payload)) => Promise::resolve(&payload),
                    Answer::Settled(Err(error)) => Promise::reject(&error),
                    Answer::Checking(pending, payload) => {
                        future_to_promise(engine::settle_check(pending, payload))
                    }
                    Answer::Later(token, now) => {
                        future_to_promise(Rc::clone(engine).verify(token, now))
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

verifier_methods!(CognitoJwtVerifier);
verifier_methods!(JwtVerifier);
verifier_methods!(AlbJwtVerifier);
