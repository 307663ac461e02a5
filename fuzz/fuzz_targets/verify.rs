//! Full verification with a fixed key set, policy and clock. Inputs are structured
//! tokens, signed inside the target so they get past the signature, then optionally
//! mutated byte by byte. Oracle: a mutated token never verifies; an unmutated one
//! verifies exactly when every rule is met.
#![no_main]

use arbitrary::Arbitrary;
use edgejwt_core::Algorithm;
use edgejwt_fuzz::{keys, kid_for, policy, token, CLIENT, ISSUER, NOW, SHARED_KID};
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Map, Value};

#[derive(Arbitrary, Debug)]
enum Choice<T> {
    Good,
    Absent,
    Other(T),
}

#[derive(Arbitrary, Debug)]
struct Input {
    alg: u8,
    alg_text: String,
    kid: Choice<String>,
    /// Name the key by the kid all keys share instead of its own.
    shared_kid: bool,
    extra_header: Vec<(u8, String)>,
    exp_offset: i32,
    nbf_offset: Option<i32>,
    iss: Choice<String>,
    token_use: Choice<String>,
    client_id: Choice<String>,
    extra_claims: Vec<(String, String)>,
    mutations: Vec<(u16, u8)>,
}

/// Claims the core interprets; extra claims use other names so the oracle stays simple.
const KNOWN_CLAIMS: [&str; 14] = [
    "exp", "nbf", "iat", "iss", "token_use", "client_id", "aud", "sub", "jti", "scope",
    "username", "cognito:username", "cognito:groups", "auth_time",
];

const HEADER_NAMES: [&str; 6] = ["typ", "cty", "jku", "x5u", "jwk", "crit"];

fn string_claim(claims: &mut Map<String, Value>, name: &str, choice: &Choice<String>, good: &str) -> bool {
    match choice {
        Choice::Good => {
            claims.insert(name.into(), good.into());
            true
        }
        Choice::Absent => false,
        Choice::Other(s) => {
            claims.insert(name.into(), s.clone().into());
            s == good
        }
    }
}

fuzz_target!(|input: Input| {
    // Every algorithm, each signed by its own fixed key; or an arbitrary `alg` text over
    // an RS256 signature (which verifies only when the text is exactly "RS256").
    let alg = Algorithm::ALL.get(usize::from(input.alg) % (Algorithm::ALL.len() + 1)).copied();
    let signing_alg = alg.unwrap_or(Algorithm::RS256);
    let mut header = Map::new();
    header.insert("alg".into(), alg.map_or(input.alg_text.clone(), |a| a.name().into()).into());
    let alg_ok = alg.is_some() || input.alg_text == "RS256";
    let own_kid = kid_for(signing_alg);
    let good_kid = if input.shared_kid { SHARED_KID } else { own_kid };
    let named = string_claim(&mut header, "kid", &input.kid, good_kid);
    // Either name finds the signing key: its own kid, or the one every key shares.
    let kid_ok = named || matches!(&input.kid, Choice::Other(s) if s == SHARED_KID || s == own_kid);
    let mut header_ok = true;
    for (which, value) in &input.extra_header {
        let name = HEADER_NAMES[usize::from(*which) % HEADER_NAMES.len()];
        if name == "alg" || name == "kid" || header.contains_key(name) {
            continue;
        }
        header_ok &= name != "crit";
        header.insert(name.into(), value.clone().into());
    }

    let mut claims = Map::new();
    let exp = NOW as i64 + i64::from(input.exp_offset);
    claims.insert("exp".into(), json!(exp));
    let mut claims_ok = exp > NOW as i64 && exp >= 0;
    if let Some(nbf) = input.nbf_offset {
        let nbf = NOW as i64 + i64::from(nbf);
        claims.insert("nbf".into(), json!(nbf));
        // NumericDates before 1970 are out of range (invalid_claim), by design.
        claims_ok &= (0..=NOW as i64).contains(&nbf);
    }
    claims_ok &= string_claim(&mut claims, "iss", &input.iss, ISSUER);
    claims_ok &= string_claim(&mut claims, "token_use", &input.token_use, "access");
    claims_ok &= string_claim(&mut claims, "client_id", &input.client_id, CLIENT);
    for (name, value) in &input.extra_claims {
        if !KNOWN_CLAIMS.contains(&name.as_str()) {
            claims.insert(name.clone(), value.clone().into());
        }
    }

    let header_text = Value::Object(header).to_string();
    let payload_text = Value::Object(claims).to_string();
    let original = token(signing_alg, header_text.as_bytes(), payload_text.as_bytes());
    let mut bytes = original.clone().into_bytes();
    for (at, byte) in &input.mutations {
        let len = bytes.len();
        bytes[usize::from(*at) % len] = *byte;
    }
    let text = String::from_utf8_lossy(&bytes);
    let verdict = policy().verify(&text, keys(), NOW);
    if text != original {
        assert!(verdict.is_err(), "a mutated token verified");
        return;
    }
    let expected = alg_ok && kid_ok && header_ok && claims_ok && original.len() <= policy().max_token_len();
    match verdict {
        Ok(_) => assert!(expected, "verified although a rule is broken: {header_text} {payload_text}"),
        Err(e) => assert!(!expected, "rejected ({e:?}) although every rule holds: {header_text} {payload_text}"),
    }
});
