//! The AWS ALB profile: structured ALB tokens (header rules, padded or unpadded segments),
//! signed inside the target with a fixed P-256 key, then optionally mutated byte by byte.
//! Oracle: a mutated token never verifies; an unmutated one verifies exactly when every
//! ALB rule is met; the same bytes are refused by a non-ALB policy whenever any segment
//! carries padding.
#![no_main]

use std::sync::OnceLock;

use arbitrary::Arbitrary;
use base64ct::{Base64Url, Base64UrlUnpadded, Encoding};
use edgejwt_core::{Algorithm, Error, KeySet, Policy, PublicKey};
use edgejwt_fuzz::{other_key_for, NOW};
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Map, Value};

const ARN: &str = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/fuzz/50dc6c495c0c9188";
const IDP: &str = "https://idp.example/";
const CLIENT: &str = "fuzz-client";
const KID: &str = "6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d";

#[derive(Arbitrary, Debug)]
enum Choice<T> {
    Good,
    Absent,
    Other(T),
}

#[derive(Arbitrary, Debug)]
struct Input {
    kid: Choice<String>,
    signer: Choice<String>,
    client: Choice<String>,
    header_iss: Choice<String>,
    header_exp_offset: Option<i32>,
    exp_offset: i32,
    iss: Choice<String>,
    /// Which of the three segments carry ALB's padding.
    padded: [bool; 3],
    mutations: Vec<(u16, u8)>,
}

fn alb_policy() -> &'static Policy {
    static POLICY: OnceLock<Policy> = OnceLock::new();
    POLICY.get_or_init(|| Policy::alb(IDP).signer(ARN).client_id(CLIENT).build().expect("policy"))
}

fn strict_policy() -> &'static Policy {
    static POLICY: OnceLock<Policy> = OnceLock::new();
    POLICY.get_or_init(|| {
        Policy::oidc(IDP).audience("a").algorithms(&[Algorithm::ES256]).build().expect("policy")
    })
}

fn keys() -> &'static KeySet {
    static KEYS: OnceLock<KeySet> = OnceLock::new();
    KEYS.get_or_init(|| {
        let key = other_key_for(Algorithm::ES256).expect("p256");
        let mut keys = KeySet::new();
        keys.insert(PublicKey::from_spki_der(&key.spki_der()).expect("spki").with_kid(KID)).expect("insert");
        keys
    })
}

/// Puts the member in or leaves it out; true when it then holds the good value.
fn member(map: &mut Map<String, Value>, name: &str, choice: &Choice<String>, good: &str, required: bool) -> bool {
    match choice {
        Choice::Good => {
            map.insert(name.into(), good.into());
            true
        }
        Choice::Absent => !required,
        Choice::Other(s) => {
            map.insert(name.into(), s.clone().into());
            s == good
        }
    }
}

fn encode(bytes: &[u8], padded: bool) -> String {
    if padded {
        Base64Url::encode_string(bytes)
    } else {
        Base64UrlUnpadded::encode_string(bytes)
    }
}

fuzz_target!(|input: Input| {
    let mut header = Map::new();
    header.insert("alg".into(), "ES256".into());
    header.insert("typ".into(), "JWT".into());
    let mut ok = member(&mut header, "kid", &input.kid, KID, true);
    ok &= member(&mut header, "signer", &input.signer, ARN, true);
    ok &= member(&mut header, "client", &input.client, CLIENT, true);
    ok &= member(&mut header, "iss", &input.header_iss, IDP, false);
    match input.header_exp_offset {
        Some(offset) => {
            let exp = NOW as i64 + i64::from(offset);
            header.insert("exp".into(), json!(exp));
            ok &= exp > NOW as i64;
        }
        None => ok = false,
    }
    let mut claims = Map::new();
    let exp = NOW as i64 + i64::from(input.exp_offset);
    claims.insert("exp".into(), json!(exp));
    ok &= exp > NOW as i64;
    ok &= member(&mut claims, "iss", &input.iss, IDP, true);

    let key = other_key_for(Algorithm::ES256).expect("p256");
    let [ph, pp, ps] = input.padded;
    let header_text = Value::Object(header).to_string();
    let signing_input = format!(
        "{}.{}",
        encode(header_text.as_bytes(), ph),
        encode(Value::Object(claims).to_string().as_bytes(), pp)
    );
    let original = format!("{signing_input}.{}", encode(&key.sign_raw(signing_input.as_bytes()), ps));
    let mut bytes = original.clone().into_bytes();
    for (at, byte) in &input.mutations {
        let len = bytes.len();
        bytes[usize::from(*at) % len] = *byte;
    }
    let text = String::from_utf8_lossy(&bytes);
    let verdict = alb_policy().verify(&text, keys(), NOW);
    if text != original {
        assert!(verdict.is_err(), "a mutated ALB token verified");
        return;
    }
    match verdict {
        Ok(_) => assert!(ok, "verified although a rule is broken: {header_text}"),
        Err(e) => assert!(!ok, "rejected ({e:?}) although every rule holds: {header_text}"),
    }
    if original.contains('=') {
        assert_eq!(strict_policy().verify(&original, keys(), NOW).unwrap_err(), Error::Malformed);
    }
});
