//! Differential: our signature verdict against jsonwebtoken (pure-Rust backend) for every
//! algorithm it verifies (RS256, PS256/384/512, ES256/384, EdDSA), and our
//! claim values against serde_json. Disagreements are allowed only where one of our
//! documented stricter rules decides, and then that rule is asserted.
#![no_main]

use edgejwt_core::{Algorithm, Error, Policy};
use edgejwt_fuzz::{b64, e_bytes, keys, kid_for, n_bytes, other_key_for, token};
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{DecodingKey, Validation};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

/// The algorithms jsonwebtoken's pure-Rust backend verifies (it has no ES512), each with
/// its name there.
const SHARED: [(Algorithm, jsonwebtoken::Algorithm); 7] = [
    (Algorithm::RS256, jsonwebtoken::Algorithm::RS256),
    (Algorithm::PS256, jsonwebtoken::Algorithm::PS256),
    (Algorithm::PS384, jsonwebtoken::Algorithm::PS384),
    (Algorithm::PS512, jsonwebtoken::Algorithm::PS512),
    (Algorithm::ES256, jsonwebtoken::Algorithm::ES256),
    (Algorithm::ES384, jsonwebtoken::Algorithm::ES384),
    (Algorithm::EdDSA, jsonwebtoken::Algorithm::EdDSA),
];

/// Our policy allowing exactly `alg`.
fn ours(alg: Algorithm) -> Policy {
    Policy::oidc("x").audience("y").algorithms(&[alg]).build().expect("policy")
}

/// jsonwebtoken's verdict on the signature of `token` under our fixed key for `alg`.
fn theirs(token: &str, alg: Algorithm, their_alg: jsonwebtoken::Algorithm) -> Result<(), ErrorKind> {
    let key = match other_key_for(alg) {
        None => DecodingKey::from_rsa_raw_components(&n_bytes(), &e_bytes()),
        Some(other) => {
            let jwk = other.jwk("x", serde_json::json!({}));
            let text = |name: &str| jwk[name].as_str().expect("member").to_owned();
            if alg == Algorithm::EdDSA {
                DecodingKey::from_ed_components(&text("x")).expect("ed key")
            } else {
                DecodingKey::from_ec_components(&text("x"), &text("y")).expect("ec key")
            }
        }
    };
    let mut validation = Validation::new(their_alg);
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
        Error::TooLarge => token.len() > Policy::DEFAULT_MAX_TOKEN_LEN,
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
    // Arbitrary text is judged as RS256; signed tokens use each shared algorithm.
    let (alg, their_alg) = SHARED[usize::from(mode / 4) % SHARED.len()];
    let (alg, their_alg) = if mode % 2 == 0 { SHARED[0] } else { (alg, their_alg) };
    let token = if mode % 2 == 0 {
        String::from_utf8_lossy(rest).into_owned()
    } else {
        // A correctly signed token with arbitrary payload bytes.
        let typ = if mode % 4 == 1 { "" } else { r#","typ":"JWT""# };
        let header = format!(r#"{{"alg":"{}","kid":"{}"{typ}}}"#, alg.name(), kid_for(alg));
        token(alg, header.as_bytes(), rest)
    };
    let our_signature = ours(alg).verify_jws_signature(&token, keys());
    match (&our_signature, theirs(&token, alg, their_alg)) {
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
