//! The claims parser (escapes, numbers, nesting, duplicates), checked against serde_json:
//! whatever we accept, serde_json parses to the same values.
#![no_main]

use edgejwt_fuzz::b64;
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

const STRINGS: [&str; 9] = [
    "sub", "iss", "jti", "token_use", "client_id", "scope", "username", "cognito:username", "email",
];

/// Digits of a JSON number's mantissa from the first non-zero one.
fn significant_digits(number: &str) -> usize {
    let mantissa = number.split(['e', 'E']).next().unwrap_or("");
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    digits.trim_start_matches('0').trim_end_matches('0').len()
}

fuzz_target!(|data: &[u8]| {
    let token = format!("{}.{}.c2ln", b64(r#"{"alg":"RS256","kid":"k1"}"#), b64(data));
    let Ok(decoded) = edgejwt_core::decode_unverified(&token) else {
        return;
    };
    // We accepted: it is JSON, an object, without duplicate names. One documented
    // difference: serde_json refuses numbers beyond f64's range, RFC 8259 does not (we
    // accept the document; such a number in a time claim is invalid_claim).
    let value: Value = match serde_json::from_slice(data) {
        Ok(value) => value,
        Err(e) if e.to_string().contains("number out of range") => return,
        Err(e) => panic!("we accepted what serde_json rejects: {e}"),
    };
    let object = value.as_object().expect("we accepted a non-object payload");
    let claims = decoded.claims_unverified();
    for name in STRINGS.iter().copied().chain(object.keys().map(String::as_str)) {
        let ours = claims.get_str(name);
        let theirs = object.get(name).and_then(Value::as_str);
        assert_eq!(ours.as_deref(), theirs, "claim {name:?}");
    }
    for (name, ours) in [("exp", claims.exp()), ("nbf", claims.nbf()), ("iat", claims.iat())] {
        let theirs = object
            .get(name)
            .and_then(Value::as_f64)
            .filter(|n| (0.0..=253_402_300_799.0).contains(n))
            .map(|n| n.floor() as u64);
        let ours = ours.map(|d| d.seconds());
        if ours != theirs {
            // We read dates exactly; f64 rounds. The two may differ only where rounding
            // can change the answer: beyond 15 significant digits, or a negative value
            // f64 rounds to -0 (every negative non-zero date is invalid_claim for us).
            let raw = claims.get_raw(name).unwrap_or("");
            let negative = raw.starts_with('-');
            assert!(
                significant_digits(raw) > 15 || (negative && ours.is_none()),
                "claim {name}: {raw} read as {ours:?}, serde_json as {theirs:?}"
            );
        }
    }
    let aud_theirs: Vec<&str> = match object.get("aud") {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(items)) if items.iter().all(Value::is_string) => {
            items.iter().filter_map(Value::as_str).collect()
        }
        _ => Vec::new(),
    };
    let aud_ours: Vec<String> = claims.aud().map(|a| a.into_owned()).collect();
    assert_eq!(aud_ours, aud_theirs);
});
