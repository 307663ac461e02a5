//! Differential: our signature verdict against jsonwebtoken (pure-Rust backend), and our
//! claim values against serde_json. Disagreements are allowed only where one of our
//! documented stricter rules decides, and then that rule is asserted.
#![no_main]

use edgejwt_core::{Algorithm, Error, Policy};
use edgejwt_fuzz::{b64, e_bytes, keys, n_bytes, token};
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{DecodingKey, Validation};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fn ours() -> &'static Policy {
    static POLICY: std::sync::OnceLock<Policy> = std::sync::OnceLock::new();
    POLICY.get_or_init(|| Policy::oidc("x").audience("y").build().expect("policy"))
}

fn theirs(token: &str) -> Result<(), ErrorKind> {
    let key = DecodingKey::from_rsa_raw_components(&n_bytes(), &e_bytes());
    let mut validation = Validation::new(jsonwebtoken::Algorithm::RS256);
    validation.validate_exp = false;
    validation.validate_nbf = false;
    validation.validate_aud = false;
    validation.required_spec_claims.clear();
    jsonwebtoken::decode::<Value>(token, &key, &validation)
        .map(|_| ())
        .map_err(|e| e.into_kind())
}

/// Our rules that jsonwebtoken does not have. When it accepts a token and we do not,
/// the reason must be one of these.
fn stricter_rule_applies(token: &str, error: Error) -> bool {
    match error {
        Error::TooLarge => token.len() > ours().max_token_len(),
        Error::MissingKid => true, // jsonwebtoken does not require a kid
        // Strict JSON (duplicates, depth, lone surrogates), no `crit`/`b64`, payload
        // must be an object, canonical base64url only.
        Error::Malformed => true,
        _ => false,
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let token = if mode % 2 == 0 {
        String::from_utf8_lossy(rest).into_owned()
    } else {
        // A correctly signed token with arbitrary payload bytes.
        let header = if mode % 4 == 1 { r#"{"alg":"RS256","kid":"k1"}"# } else { r#"{"alg":"RS256","kid":"k1","typ":"JWT"}"# };
        token(Algorithm::RS256, header.as_bytes(), rest)
    };
    let our_signature = ours().verify_jws_signature(&token, keys());
    match (&our_signature, theirs(&token)) {
        (Ok(_), Err(ErrorKind::InvalidSignature)) => panic!("we accept a signature jsonwebtoken rejects"),
        (Err(Error::BadSignature), Ok(())) => panic!("jsonwebtoken accepts a signature we reject"),
        (Err(e), Ok(())) => assert!(stricter_rule_applies(&token, *e), "undocumented disagreement: {e:?}"),
        _ => {}
    }

    // Claim values of whatever we accept equal serde_json's reading of the payload.
    if let Ok(decoded) = edgejwt_core::decode_unverified(&token) {
        let value: Value = match serde_json::from_str(&decoded.payload_json) {
            Ok(value) => value,
            // serde_json limits numbers to f64's range; RFC 8259 does not.
            Err(e) if e.to_string().contains("number out of range") => return,
            Err(e) => panic!("serde_json rejects what we accept: {e}"),
        };
        let claims = decoded.claims_unverified();
        for (name, v) in value.as_object().expect("object") {
            assert_eq!(claims.get_str(name).as_deref(), v.as_str(), "claim {name:?}");
            assert_eq!(claims.get_bool(name), v.as_bool(), "claim {name:?}");
        }
        let _ = b64(decoded.header_json.as_bytes());
    }
});
