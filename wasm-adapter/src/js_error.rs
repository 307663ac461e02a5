//! Turning core errors into thrown JavaScript `Error`s with a stable `.code` and a `.name`
//! like aws-jwt-verify's, so handlers written for it keep working.

use edgejwt_core::{Error, KeyError, Reason};
use js_sys::{Array, Function, Reflect, Symbol};
use wasm_bindgen::{JsCast, JsValue};

/// Which verifier class made a rejection: a few error names differ between them.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flavor {
    /// `JwtVerifier`.
    Jwt,
    /// `CognitoJwtVerifier`: a missing `aud` is a client id problem there.
    Cognito,
    /// `AlbJwtVerifier`: the client id is the header's `client`.
    Alb,
}

/// What the verifier knows about a rejection beyond the core's code, for the class name.
#[derive(Clone, Copy)]
pub(crate) struct Context {
    pub(crate) reason: Reason,
    pub(crate) flavor: Flavor,
    /// A fetch was tried and failed (aws-jwt-verify's `FetchError`), as opposed to keys
    /// never fetched (`JwksNotAvailableInCacheError`).
    pub(crate) fetch_failed: bool,
    /// The token's kid is unknown and the cooldown kept the key set from being fetched
    /// again for it (aws-jwt-verify's `WaitPeriodNotYetEndedJwkError`), as opposed to a
    /// set fetched (or pinned) without it (`KidNotFoundInJwksError`).
    pub(crate) refresh_cooling_down: bool,
}

impl Context {
    pub(crate) const NONE: Context = Context {
        reason: Reason::None,
        flavor: Flavor::Jwt,
        fetch_failed: false,
        refresh_cooling_down: false,
    };
}

/// The aws-jwt-verify error class for a rejection: its own name where it has a class
/// for the condition, the closest otherwise. `.code` stays ours.
fn name_for(error: Error, context: Context) -> &'static str {
    match (error, context.reason) {
        (Error::Malformed, Reason::MissingAlgorithm) => "JwtInvalidSignatureAlgorithmError",
        (Error::TooLarge | Error::Malformed | Error::InvalidClaim, _) => "JwtParseError",
        (Error::UnsupportedAlgorithm, _) => "JwtInvalidSignatureAlgorithmError",
        (Error::MissingKid, _) => "JwtWithoutValidKidError",
        // ALB keys are fetched per kid, with no penalty box in aws-jwt-verify either.
        (Error::UnknownKid, _) if context.refresh_cooling_down && context.flavor != Flavor::Alb => {
            "WaitPeriodNotYetEndedJwkError"
        }
        (Error::UnknownKid, _) => "KidNotFoundInJwksError",
        (Error::KeyRejected, Reason::KeyAlgorithmMismatch) => "JwtInvalidSignatureAlgorithmError",
        (Error::KeyRejected, Reason::Key(KeyError::NotForSignatures)) => "JwkInvalidUseError",
        (Error::KeyRejected, Reason::Key(KeyError::UnsupportedKeyType)) => "JwkInvalidKtyError",
        (Error::KeyRejected, _) => "JwkValidationError",
        (Error::BadSignature, _) => "JwtInvalidSignatureError",
        (Error::Expired, _) => "JwtExpiredError",
        (Error::NotYetValid, _) => "JwtNotBeforeError",
        (Error::IssuerMismatch, _) | (Error::MissingClaim, Reason::MissingClaim("iss")) => {
            "JwtInvalidIssuerError"
        }
        (Error::SignerMismatch, _) | (Error::MissingClaim, Reason::MissingClaim("signer")) => {
            "AlbJwtInvalidSignerError"
        }
        (Error::ClientIdMismatch, _) | (Error::MissingClaim, Reason::MissingClaim("client"))
            if context.flavor == Flavor::Alb =>
        {
            "AlbJwtInvalidClientIdError"
        }
        (Error::TokenUseMismatch, _) | (Error::MissingClaim, Reason::MissingClaim("token_use")) => {
            "CognitoJwtInvalidTokenUseError"
        }
        (Error::ClientIdMismatch, _) | (Error::MissingClaim, Reason::MissingClaim("client_id")) => {
            "CognitoJwtInvalidClientIdError"
        }
        (Error::MissingClaim, Reason::MissingClaim("aud")) if context.flavor == Flavor::Cognito => {
            "CognitoJwtInvalidClientIdError"
        }
        (Error::AudienceMismatch, _) | (Error::MissingClaim, Reason::MissingClaim("aud")) => {
            "JwtInvalidAudienceError"
        }
        (Error::GroupMismatch, _) => "CognitoJwtInvalidGroupError",
        (Error::ScopeMismatch, _) => "JwtInvalidScopeError",
        (Error::MissingClaim, _) => "JwtInvalidClaimError",
        (Error::CustomRejected, _) => "CustomCheckError",
        (Error::JwksUnavailable, _) if context.fetch_failed => "FetchError",
        (Error::JwksUnavailable, _) => "JwksNotAvailableInCacheError",
        (Error::JwksInvalid, _) => "JwksValidationError",
        _ => "JwtBaseError",
    }
}

/// An instance of the named class from the package's error module (`errors.js`, loaded
/// by the package entry), or a plain `Error` carrying the name where it is not loaded.
fn error_with(code: &str, name: &str, message: &str) -> JsValue {
    let registry = Reflect::get(&js_sys::global(), &Symbol::for_("edgejwt.errorClasses.v1"));
    let instance = registry
        .ok()
        .filter(JsValue::is_object)
        .and_then(|classes| Reflect::get(&classes, &name.into()).ok())
        .and_then(|class| class.dyn_into::<Function>().ok())
        .and_then(|class| Reflect::construct(&class, &Array::of1(&message.into())).ok());
    let error = instance.unwrap_or_else(|| {
        let plain = js_sys::Error::new(message);
        plain.set_name(name);
        plain.into()
    });
    // Setting a property on an error we just made cannot fail; ignore the Result.
    let _ = Reflect::set(&error, &"code".into(), &code.into());
    error
}

/// A thrown error for a token verdict: `err.code === "expired"` and so on.
pub(crate) fn token_error(error: Error) -> JsValue {
    rejection(error, Context::NONE)
}

/// [`token_error`] with what the verifier knows about the rejection.
pub(crate) fn rejection(error: Error, context: Context) -> JsValue {
    error_with(
        error.code(),
        name_for(error, context),
        &format!("{}: {}", error.code(), error.message()),
    )
}

/// A thrown error of this code, class and message, where the class is not the code's usual.
pub(crate) fn named(error: Error, name: &str, message: &str) -> JsValue {
    error_with(error.code(), name, message)
}

/// What a rejection compared, on the thrown error: `failedAssertion = { actual,
/// expected }` (aws-jwt-verify's shape: `expected` a string, or an array when several
/// values were accepted; `actual` the token's value, `undefined` when absent) and a
/// message in aws-jwt-verify's words after our code (`"token_use_mismatch: Token use not
/// allowed: id. Expected: access"`), so code matching its messages keeps working. Claim
/// values only, never the token.
pub(crate) fn add_details(
    thrown: &JsValue,
    error: Error,
    reason: Reason,
    flavor: Flavor,
    failed: Option<&edgejwt_core::FailedAssertion>,
) {
    let sentence = match (failed, reason) {
        (Some(failed), _) => {
            let actual = failed
                .actual
                .as_deref()
                .and_then(|text| js_sys::JSON::parse(text).ok())
                .unwrap_or(JsValue::UNDEFINED);
            let expected = match &failed.expected[..] {
                [] => JsValue::UNDEFINED,
                [one] => JsValue::from_str(one),
                many => many
                    .iter()
                    .map(|v| JsValue::from_str(v))
                    .collect::<Array>()
                    .into(),
            };
            let assertion = js_sys::Object::new();
            let _ = Reflect::set(&assertion, &"actual".into(), &actual);
            let _ = Reflect::set(&assertion, &"expected".into(), &expected);
            let _ = Reflect::set(thrown, &"failedAssertion".into(), &assertion);
            assertion_sentence(failed.claim, flavor, &actual, &failed.expected)
        }
        (None, Reason::MissingClaim(claim)) => format!("Missing {}", claim_name(claim, flavor)),
        (None, Reason::InvalidClaim(claim)) => {
            format!("{} has the wrong type", claim_name(claim, flavor))
        }
        _ => return,
    };
    let _ = Reflect::set(
        thrown,
        &"message".into(),
        &format!("{}: {sentence}", error.code()).into(),
    );
}

/// How aws-jwt-verify names a claim in its messages.
fn claim_name(claim: &str, flavor: Flavor) -> &str {
    match (claim, flavor) {
        ("iss", _) => "Issuer",
        ("aud", Flavor::Cognito) => "Client ID (\"audience\")",
        ("aud", _) => "Audience",
        ("client_id" | "client", _) => "Client ID",
        ("token_use", _) => "Token use",
        ("cognito:groups", _) => "Cognito group",
        ("scope", _) => "Scope",
        ("signer", _) => "ALB ARN",
        ("alg", _) => "JWT signature algorithm",
        (other, _) => other,
    }
}

/// aws-jwt-verify's sentence for a failed comparison.
fn assertion_sentence(
    claim: &str,
    flavor: Flavor,
    actual: &JsValue,
    expected: &[String],
) -> String {
    let at = |seconds: &JsValue| {
        let millis = seconds.as_f64().unwrap_or(0.0) * 1000.0;
        js_sys::Date::new(&millis.into())
            .to_iso_string()
            .as_string()
            .unwrap_or_default()
    };
    match claim {
        "exp" => return format!("Token expired at {}", at(actual)),
        "nbf" => return format!("Token can't be used before {}", at(actual)),
        _ => {}
    }
    let name = claim_name(claim, flavor);
    let expectation = match expected {
        [] => String::new(),
        [one] => format!("Expected: {one}"),
        many => format!("Expected one of: {}", many.join(", ")),
    };
    if actual.is_undefined() {
        return format!("Missing {name}. {expectation}");
    }
    let shown = match actual.dyn_ref::<Array>() {
        Some(list) => list
            .iter()
            .map(|item| item.as_string().unwrap_or_else(|| format!("{item:?}")))
            .collect::<Vec<_>>()
            .join(", "),
        None => actual
            .as_string()
            // JavaScript's own number printing: Rust's f64 Display links ~17 KB of wasm.
            .or_else(|| {
                let n = actual.as_f64()?;
                js_sys::Number::from(n)
                    .to_string_with_radix(10)
                    .ok()?
                    .as_string()
            })
            .unwrap_or_else(|| format!("{actual:?}")),
    };
    format!("{name} not allowed: {shown}. {expectation}")
}

/// A thrown error for a host this build cannot check signatures in (no `node:crypto`,
/// no WebCrypto, no pure-wasm arithmetic): `err.code === "not_supported"`, class
/// `NotSupportedError` (aws-jwt-verify's name for the same refusal). Never a verdict.
pub(crate) fn not_supported(message: &str) -> JsValue {
    error_with("not_supported", "NotSupportedError", message)
}

/// A thrown error for bad options at `create`: `err.code === "invalid_config"`.
pub(crate) fn config_error(message: &str) -> JsValue {
    error_with("invalid_config", "ParameterValidationError", message)
}

/// What a `customJwtCheck` threw, passed on as thrown (class, message and fields kept),
/// with `.code = "custom_rejected"` added when it is an object without a `code` of its
/// own (a frozen object or a thrown string stays as it is).
pub(crate) fn custom_check_error(thrown: JsValue) -> JsValue {
    if thrown.is_object() && !Reflect::has(&thrown, &"code".into()).unwrap_or(true) {
        let _ = Reflect::set(
            &thrown,
            &"code".into(),
            &Error::CustomRejected.code().into(),
        );
    }
    thrown
}
