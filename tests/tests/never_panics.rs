//! Property tests: random bytes and random mutations of a valid token never panic and
//! never verify.
mod common;

use common::{access_claims, access_policy, keyset_a, TestKey, NOW};
use edgejwt_core::{KeySet, Policy};
use proptest::prelude::*;

fn valid_token() -> String {
    TestKey::a().token("k1", &access_claims())
}

#[derive(Debug, Clone)]
enum Edit {
    Replace(usize, u8),
    Insert(usize, u8),
    Delete(usize),
    Truncate(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Edit::Replace(i, b)),
        (
            any::<usize>(),
            prop::sample::select(b"AZaz09-_.=+/ \"{}".to_vec())
        )
            .prop_map(|(i, b)| Edit::Replace(i, b)),
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Edit::Insert(i, b)),
        any::<usize>().prop_map(Edit::Delete),
        any::<usize>().prop_map(Edit::Truncate),
    ]
}

fn apply(token: &[u8], edits: &[Edit]) -> Vec<u8> {
    let mut bytes = token.to_vec();
    for e in edits {
        let len = bytes.len().max(1);
        match *e {
            Edit::Replace(i, b) if !bytes.is_empty() => bytes[i % len] = b,
            Edit::Insert(i, b) => bytes.insert(i % (bytes.len() + 1), b),
            Edit::Delete(i) if !bytes.is_empty() => {
                bytes.remove(i % len);
            }
            Edit::Truncate(i) => bytes.truncate(i % len),
            _ => {}
        }
    }
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic_and_never_verify(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let text = String::from_utf8_lossy(&bytes);
        prop_assert!(access_policy().verify(&text, &keyset_a(), NOW).is_err());
        let _ = edgejwt_core::decode_unverified(&text);
        let _ = KeySet::from_jwks(&text);
        let _ = edgejwt_core::PublicKey::from_jwk(&text);
        let _ = edgejwt_core::PublicKey::from_spki_der(&bytes);
        let _ = edgejwt_core::PublicKey::from_spki_pem(&text);
    }

    #[test]
    fn mutations_of_a_valid_token_never_verify(edits in prop::collection::vec(edit(), 1..6)) {
        let original = valid_token();
        let mutated = apply(original.as_bytes(), &edits);
        prop_assume!(mutated != original.as_bytes());
        let text = String::from_utf8_lossy(&mutated);
        prop_assert!(access_policy().verify(&text, &keyset_a(), NOW).is_err());
        let roomy = Policy::oidc("x").audience("y").algorithms(&edgejwt_core::Algorithm::ALL).build().unwrap();
        prop_assert!(roomy.verify_jws_signature(&text, &keyset_a()).is_err());
    }

    #[test]
    fn random_json_payloads_signed_by_the_key_never_panic(payload in "[\\[\\]{}\":,0-9a-z\\\\ .eE+-]{0,200}") {
        let token = TestKey::a().sign_text("RS256", r#"{"alg":"RS256","kid":"k1"}"#, &payload);
        // Random JSON is never a valid Cognito access token, but it must be judged, not crash.
        prop_assert!(access_policy().verify(&token, &keyset_a(), NOW).is_err());
    }
}
