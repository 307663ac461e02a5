//! Turning core errors into thrown JavaScript `Error`s with a stable `.code` and a `.name`
//! like aws-jwt-verify's, so handlers written for it keep working.

use edgejwt_core::Error;
use js_sys::Reflect;
use wasm_bindgen::JsValue;

/// The aws-jwt-verify error class name closest to each code.
fn name_for(error: Error) -> &'static str {
    match error {
        Error::TooLarge | Error::Malformed => "JwtParseError",
        Error::UnsupportedAlgorithm => "JwtInvalidSignatureAlgorithmError",
        Error::MissingKid => "JwtWithoutValidKidError",
        Error::UnknownKid => "KidNotFoundInJwksError",
        Error::KeyRejected => "JwkValidationError",
        Error::BadSignature => "JwtInvalidSignatureError",
        Error::Expired => "JwtExpiredError",
        Error::NotYetValid => "JwtNotBeforeError",
        Error::IssuerMismatch => "JwtInvalidIssuerError",
        Error::AudienceMismatch => "JwtInvalidAudienceError",
        Error::TokenUseMismatch => "CognitoJwtInvalidTokenUseError",
        Error::ClientIdMismatch => "CognitoJwtInvalidClientIdError",
        Error::GroupMismatch => "CognitoJwtInvalidGroupError",
        Error::ScopeMismatch => "JwtInvalidScopeError",
        Error::MissingClaim | Error::InvalidClaim => "JwtInvalidClaimError",
        Error::CustomRejected => "CustomCheckError",
        Error::JwksUnavailable => "JwksNotAvailableError",
        Error::JwksInvalid => "JwksValidationError",
        _ => "EdgeJwtError",
    }
}

fn error_with(code: &str, name: &str, message: &str) -> JsValue {
    let error = js_sys::Error::new(message);
    error.set_name(name);
    // Reflect::set on a fresh Error object cannot fail; ignore the Result.
    let _ = Reflect::set(&error, &"code".into(), &code.into());
    error.into()
}

/// A thrown error for a token verdict: `err.code === "expired"` and so on.
pub(crate) fn token_error(error: Error) -> JsValue {
    error_with(
        error.code(),
        name_for(error),
        &format!("{}: {}", error.code(), error.message()),
    )
}

/// A thrown error for bad options at `create`: `err.code === "invalid_config"`.
pub(crate) fn config_error(message: &str) -> JsValue {
    error_with("invalid_config", "ParameterValidationError", message)
}
