//! Each verifier class's options: which `create` knows, which a call may lay over them
//! (aws-jwt-verify's per-call properties), and the policy and engine they make.

use std::rc::Rc;

use edgejwt_core::{Error, Policy, TokenUse};
use js_sys::Object;
use wasm_bindgen::JsValue;

use crate::engine::{CallChecks, Engine};
use crate::js_error::{config_error, token_error, Flavor};
use crate::options::Options;

/// Options every class knows at `create`.
const COMMON: [&str; 6] = [
    "includeRawJwtInErrors",
    "graceSeconds",
    "jwksUri",
    "allowHttpLoopback",
    "jwksCache",
    "customJwtCheck",
];

/// Options every class takes per call.
const PER_CALL_COMMON: [&str; 3] = ["graceSeconds", "customJwtCheck", "includeRawJwtInErrors"];

/// One verifier class.
pub(crate) struct Kind {
    flavor: Flavor,
    /// Its own options at `create`, beside [`COMMON`].
    own: &'static [&'static str],
    /// Its own options per call, beside [`PER_CALL_COMMON`].
    per_call: &'static [&'static str],
    /// Options a call may give instead of `create` (aws-jwt-verify lets either): when
    /// `create` leaves one out, every call must give it.
    deferrable: &'static [&'static str],
    /// The policy and the default key address the (merged) options make.
    policy: fn(&Options) -> Result<(Policy, String), JsValue>,
}

pub(crate) const COGNITO: Kind = Kind {
    flavor: Flavor::Cognito,
    own: &["userPoolId", "tokenUse", "clientId", "groups", "scope"],
    per_call: &["tokenUse", "clientId", "groups", "scope"],
    deferrable: &["tokenUse", "clientId"],
    policy: cognito_policy,
};

pub(crate) const JWT: Kind = Kind {
    flavor: Flavor::Jwt,
    own: &["issuer", "audience", "algorithms", "scope"],
    per_call: &["audience", "scope"],
    deferrable: &["audience"],
    policy: jwt_policy,
};

pub(crate) const ALB: Kind = Kind {
    flavor: Flavor::Alb,
    own: &["albArn", "issuer", "clientId", "algorithms"],
    per_call: &["clientId"],
    deferrable: &["clientId"],
    policy: alb_policy,
};

impl Kind {
    /// What names one configuration of several (`cacheJwks`'s second argument).
    pub(crate) fn configuration_name(&self) -> &'static str {
        match self.flavor {
            Flavor::Cognito => "userPoolId",
            Flavor::Jwt | Flavor::Alb => "issuer",
        }
    }

    /// Whether a configuration may be named by its user pool id.
    pub(crate) fn names_pool(&self) -> bool {
        self.flavor == Flavor::Cognito
    }

    fn known(&self) -> Vec<&'static str> {
        self.own.iter().copied().chain(COMMON).collect()
    }

    /// One configuration's engine. Options `create` may leave to each call are filled
    /// here with placeholders only so the issuer and header rules exist (to pick a
    /// configuration by `iss`); the engine then refuses to verify until a call gives them.
    pub(crate) fn engine(&self, options: &JsValue) -> Result<Rc<Engine>, JsValue> {
        let copy = copy_of(options)?;
        let known = self.known();
        Options::new(&copy, &known)?;
        let missing: Vec<&str> = self
            .deferrable
            .iter()
            .copied()
            .filter(|name| is_absent(&copy, name))
            .collect();
        let base = copy_of(&copy)?;
        for name in &missing {
            let placeholder = match *name {
                "tokenUse" => JsValue::from_str("access"),
                _ => JsValue::NULL,
            };
            set(&base, name, &placeholder);
        }
        let options = Options::new(&base, &known)?;
        let (policy, default_url) = (self.policy)(&options)?;
        let engine = build_engine(&options, self.flavor, policy, default_url, copy)?;
        let missing = missing.first().map(|name| (*name).to_owned());
        Ok(Rc::new(engine.needing_per_call(missing)))
    }

    /// `engine` with a call's properties laid over its `create` options; the same
    /// engine when there are none. Only per-call options are accepted (never the
    /// issuer, the pool, the keys' address), so the configuration the token's `iss`
    /// picked stays the one that verifies it.
    pub(crate) fn for_call(
        &self,
        engine: &Rc<Engine>,
        props: &JsValue,
    ) -> Result<Rc<Engine>, JsValue> {
        if props.is_undefined() {
            return Ok(Rc::clone(engine));
        }
        let per_call: Vec<&str> = self
            .per_call
            .iter()
            .copied()
            .chain(PER_CALL_COMMON)
            .collect();
        Options::new(props, &per_call)?;
        let merged = copy_of(engine.options())?;
        Object::assign(&merged, &Object::from(props.clone()));
        if let Some(name) = self.deferrable.iter().find(|name| is_absent(&merged, name)) {
            return Err(config_error(&format!(
                "{name} must be provided or set to null explicitly"
            )));
        }
        let options = Options::new(&merged, &self.known())?;
        let (policy, _) = (self.policy)(&options)?;
        Ok(engine.for_one_call(policy, checks(&options)?))
    }
}

/// A shallow copy of an options object (later changes by the caller do not reach us).
fn copy_of(options: &JsValue) -> Result<Object, JsValue> {
    if !options.is_object() {
        return Err(config_error("options must be an object"));
    }
    Ok(Object::assign(
        &Object::new(),
        &Object::from(options.clone()),
    ))
}

fn is_absent(object: &Object, name: &str) -> bool {
    js_sys::Reflect::get(object, &name.into()).map_or(true, |v| v.is_undefined())
}

fn set(object: &Object, name: &str, value: &JsValue) {
    // Setting a property of a plain object we made cannot fail.
    let _ = js_sys::Reflect::set(object, &name.into(), value);
}

fn checks(options: &Options) -> Result<CallChecks, JsValue> {
    Ok(CallChecks {
        custom_check: options.function("customJwtCheck")?,
        include_raw_jwt: options.flag("includeRawJwtInErrors")?,
    })
}

/// The engine over the policy: `jwksUri` (or the default) is the JWKS, or for ALB the
/// address keys are fetched from one kid at a time.
fn build_engine(
    options: &Options,
    flavor: Flavor,
    policy: Policy,
    default_url: String,
    create_options: Object,
) -> Result<Engine, JsValue> {
    let jwks_url = options.string("jwksUri")?.unwrap_or(default_url);
    let allow_http_loopback = options.flag("allowHttpLoopback")?;
    edgejwt_core::check_jwks_url(&jwks_url, allow_http_loopback)
        .map_err(|why| config_error(&format!("jwksUri: {why}")))?;
    let source = match flavor {
        Flavor::Alb => edgejwt_core::KeySource::PemPerKid { base_url: jwks_url },
        Flavor::Jwt | Flavor::Cognito => edgejwt_core::KeySource::Jwks(jwks_url),
    };
    Ok(Engine::new(
        policy,
        create_options.into(),
        flavor,
        source,
        allow_http_loopback,
        options.cache_settings()?,
        checks(options)?,
    ))
}

fn built(policy: Result<Policy, edgejwt_core::ConfigError>) -> Result<Policy, JsValue> {
    policy.map_err(|e| config_error(&e.to_string()))
}

fn cognito_policy(options: &Options) -> Result<(Policy, String), JsValue> {
    let pool = options.required_string("userPoolId")?;
    edgejwt_core::cognito_issuer(&pool)
        .map_err(|_| config_error(&format!("Invalid Cognito User Pool ID: {pool}")))?;
    // tokenUse: null (explicitly) accepts id and access tokens alike.
    let any_token_use = options.is_null("tokenUse");
    let token_use = match any_token_use {
        true => TokenUse::Access,
        false => match options.required_string("tokenUse")?.as_str() {
            "id" => TokenUse::Id,
            "access" => TokenUse::Access,
            other => {
                return Err(config_error(&format!(
                    "'tokenUse' must be \"id\", \"access\" or null, not \"{other}\""
                )))
            }
        },
    };
    let mut policy =
        Policy::cognito(&pool, token_use).leeway(options.seconds("graceSeconds")?.unwrap_or(0));
    if any_token_use {
        policy = policy.any_token_use();
    }
    if options.is_null("clientId") {
        policy = policy.any_client();
    }
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
    Ok((built(policy.build())?, default_url))
}

fn jwt_policy(options: &Options) -> Result<(Policy, String), JsValue> {
    // issuer: null (explicitly) checks no iss; then jwksUri must say where keys are.
    let any_issuer = options.is_null("issuer");
    let issuer = match any_issuer {
        true => String::new(),
        false => options.required_string("issuer")?,
    };
    if any_issuer && options.string("jwksUri")?.is_none() {
        return Err(config_error("jwksUri must be provided for issuer null"));
    }
    let mut policy = Policy::oidc(&issuer)
        .algorithms(&options.algorithms()?)
        .leeway(options.seconds("graceSeconds")?.unwrap_or(0));
    if any_issuer {
        policy = policy.any_issuer();
    }
    if options.is_null("audience") {
        policy = policy.any_audience();
    }
    for audience in options.strings("audience")? {
        policy = policy.audience(&audience);
    }
    for scope in options.strings("scope")? {
        policy = policy.scope(&scope);
    }
    let default_url = format!("{}/.well-known/jwks.json", issuer.trim_end_matches('/'));
    Ok((built(policy.build())?, default_url))
}

fn alb_policy(options: &Options) -> Result<(Policy, String), JsValue> {
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
    // aws-jwt-verify's words for a bad ARN and for regions that differ.
    for arn in &arns {
        edgejwt_core::alb_keys_url(&[arn])
            .map_err(|_| config_error(&format!("Invalid load balancer ARN: {arn}")))?;
    }
    let arn_refs: Vec<&str> = arns.iter().map(String::as_str).collect();
    let default_url = match options.string("jwksUri")? {
        Some(_) => String::new(),
        None => edgejwt_core::alb_keys_url(&arn_refs).map_err(|e| match e {
            edgejwt_core::ConfigError::AlbRegionsDiffer => config_error(
                "Using ALBs from different regions is not supported for the same issuer",
            ),
            other => config_error(&other.to_string()),
        })?,
    };
    Ok((built(policy.build())?, default_url))
}

/// One engine per configuration: `options` is one configuration object, or an array of
/// them (aws-jwt-verify's form for several issuers: at least one, each issuer once, none
/// with `issuer: null`).
pub(crate) fn configurations(kind: &Kind, options: &JsValue) -> Result<Vec<Rc<Engine>>, JsValue> {
    if !js_sys::Array::is_array(options) {
        return Ok(vec![kind.engine(options)?]);
    }
    let engines = js_sys::Array::from(options)
        .iter()
        .map(|configuration| kind.engine(&configuration))
        .collect::<Result<Vec<_>, _>>()?;
    // aws-jwt-verify's words for each refusal, so code matching them keeps working.
    if engines.is_empty() {
        return Err(config_error("Provide at least one issuer configuration"));
    }
    for (index, engine) in engines.iter().enumerate() {
        let issuer = engine.policy().issuer();
        if !engine.policy().checks_issuer() {
            return Err(config_error(&format!(
                "issuer cannot be null when multiple issuers are supplied (at issuer: {index})"
            )));
        }
        if engines
            .iter()
            .skip(index + 1)
            .any(|other| other.policy().issuer() == issuer)
        {
            return Err(config_error(&format!(
                "issuer {issuer} supplied multiple times"
            )));
        }
    }
    Ok(engines)
}

/// The engine `token` claims to come from: the only one, or the one whose issuer equals
/// the token's `iss` (chosen by the core before any key is looked up or fetched).
pub(crate) fn engine_for<'e>(
    engines: &'e [Rc<Engine>],
    token: &JsValue,
) -> Result<&'e Rc<Engine>, JsValue> {
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
