//! The attack catalogue: each test is named after what it stops.
mod common;

use common::{
    access_claims, access_policy, b64, id_claims, id_policy, jwks, keyset_a, with, TestKey, CLIENT,
    ISSUER, NOW, POOL,
};
use edgejwt_core::{Algorithm, Error, KeySet, Policy, TokenUse};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

fn verify(token: &str) -> Result<edgejwt_core::VerifiedToken, Error> {
    access_policy().verify(token, &keyset_a(), NOW)
}

fn err(token: &str) -> Error {
    verify(token).unwrap_err()
}

/// Signs arbitrary header and payload text with key A (kid k1 lives in `keyset_a`).
fn signed(header: &str, payload: &str) -> String {
    TestKey::a().sign_text("RS256", header, payload)
}

fn signed_claims(claims: &Value) -> String {
    TestKey::a().token("k1", claims)
}

const HEADER: &str = r#"{"alg":"RS256","kid":"k1"}"#;

fn hmac_sha256(key: &[u8], message: &[u8]) -> Vec<u8> {
    let mut block = [0u8; 64];
    if key.len() > 64 {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let inner: Vec<u8> = block
        .iter()
        .map(|b| b ^ 0x36)
        .chain(message.iter().copied())
        .collect();
    let outer: Vec<u8> = block
        .iter()
        .map(|b| b ^ 0x5c)
        .chain(Sha256::digest(inner))
        .collect();
    Sha256::digest(outer).to_vec()
}

// ---------------------------------------------------------------- the good path

#[test]
fn a_valid_access_token_verifies_with_typed_claims() {
    let verified = verify(&signed_claims(&access_claims())).unwrap();
    let claims = verified.claims();
    assert_eq!(verified.header().alg(), Algorithm::RS256);
    assert_eq!(verified.header().kid(), "k1");
    assert_eq!(claims.iss().unwrap(), ISSUER);
    assert_eq!(claims.client_id().unwrap(), CLIENT);
    assert_eq!(claims.token_use().unwrap(), "access");
    assert_eq!(claims.username().unwrap(), "alice");
    assert_eq!(claims.jti().unwrap(), "jti-1");
    assert_eq!(claims.exp().unwrap().seconds(), NOW + 3600);
    assert_eq!(claims.iat().unwrap().seconds(), NOW - 60);
    assert_eq!(claims.auth_time().unwrap().seconds(), NOW - 60);
    assert!(claims.in_group("admins"));
    assert!(claims.has_scope("orders/read"));
    assert!(!claims.has_scope("orders"));
    assert_eq!(claims.groups().collect::<Vec<_>>(), ["admins", "staff"]);
}

#[test]
fn a_valid_id_token_verifies() {
    let token = signed_claims(&id_claims());
    let verified = id_policy().verify(&token, &keyset_a(), NOW).unwrap();
    assert_eq!(verified.claims().cognito_username().unwrap(), "alice");
    assert_eq!(
        verified.claims().get_str("email").unwrap(),
        "alice@example.com"
    );
    assert_eq!(verified.claims().aud().collect::<Vec<_>>(), [CLIENT]);
}

#[test]
fn custom_claims_deserialize_into_the_callers_type() {
    #[derive(serde::Deserialize)]
    struct Mine<'a> {
        username: &'a str,
        exp: u64,
    }
    let verified = verify(&signed_claims(&access_claims())).unwrap();
    let mine: Mine<'_> = verified.deserialize_claims().unwrap();
    assert_eq!((mine.username, mine.exp), ("alice", NOW + 3600));
}

#[test]
fn rs384_and_rs512_verify_when_the_policy_allows_them() {
    for alg in ["RS384", "RS512"] {
        let header = format!(r#"{{"alg":"{alg}","kid":"k1"}}"#);
        let token = TestKey::a().sign_text(alg, &header, &access_claims().to_string());
        assert_eq!(
            err(&token),
            Error::UnsupportedAlgorithm,
            "default policy is RS256 only"
        );
        let policy = Policy::cognito(POOL, TokenUse::Access)
            .client_id(CLIENT)
            .algorithms(&Algorithm::ALL)
            .build()
            .unwrap();
        let keys =
            KeySet::from_jwks(&jwks(&[TestKey::a().jwk("k1", json!({"alg": null}))])).unwrap();
        assert_eq!(
            policy
                .verify(&token, &keys, NOW)
                .unwrap()
                .header()
                .alg()
                .name(),
            alg
        );
    }
}

#[test]
fn decode_unverified_shows_claims_without_checking_anything() {
    let token = TestKey::b().token("nobody-knows", &access_claims());
    let decoded = edgejwt_core::decode_unverified(&token).unwrap();
    assert_eq!(decoded.claims_unverified().username().unwrap(), "alice");
    assert!(decoded.header_json.contains("nobody-knows"));
    assert_eq!(
        edgejwt_core::decode_unverified("a.b").unwrap_err(),
        Error::Malformed
    );
}

// ---------------------------------------------------------------- algorithm confusion

#[test]
fn alg_none_in_any_case_is_rejected() {
    for alg in ["none", "None", "NONE", "nOnE"] {
        let header = format!(r#"{{"alg":"{alg}","kid":"k1"}}"#);
        let unsigned = format!("{}.{}.", b64(&header), b64(access_claims().to_string()));
        assert_eq!(
            err(&unsigned),
            Error::Malformed,
            "{alg} with an empty signature"
        );
        let with_sig = format!("{unsigned}c2ln");
        assert_eq!(err(&with_sig), Error::UnsupportedAlgorithm, "{alg}");
    }
}

#[test]
fn hs256_keyed_with_the_public_key_is_rejected() {
    let key = TestKey::a();
    let jwk_text = key.jwk("k1", json!({})).to_string();
    let der = {
        use rsa::pkcs8::EncodePublicKey;
        key.private
            .to_public_key()
            .to_public_key_der()
            .unwrap()
            .as_bytes()
            .to_vec()
    };
    let pem = {
        use rsa::pkcs8::{EncodePublicKey, LineEnding};
        key.private
            .to_public_key()
            .to_public_key_pem(LineEnding::LF)
            .unwrap()
    };
    let header = r#"{"alg":"HS256","kid":"k1"}"#;
    let input = format!("{}.{}", b64(header), b64(access_claims().to_string()));
    for secret in [pem.as_bytes(), &der, &key.n_bytes(), jwk_text.as_bytes()] {
        let token = format!("{input}.{}", b64(hmac_sha256(secret, input.as_bytes())));
        assert_eq!(err(&token), Error::UnsupportedAlgorithm);
        let everything = Policy::cognito(POOL, TokenUse::Access)
            .client_id(CLIENT)
            .algorithms(&Algorithm::ALL)
            .build()
            .unwrap();
        assert_eq!(
            everything.verify(&token, &keyset_a(), NOW).unwrap_err(),
            Error::UnsupportedAlgorithm
        );
    }
}

#[test]
fn alg_case_and_whitespace_variants_are_rejected() {
    for alg in [
        "rs256",
        "Rs256",
        "RS256 ",
        " RS256",
        "RS 256",
        "RS256\\u0000",
        "RS-256",
        "",
        "PS256",
        "ES256",
    ] {
        let header = format!(r#"{{"alg":"{alg}","kid":"k1"}}"#);
        assert_eq!(
            err(&signed(&header, &access_claims().to_string())),
            Error::UnsupportedAlgorithm,
            "{alg:?}"
        );
    }
}

#[test]
fn alg_written_with_json_escapes_is_the_same_string() {
    let header = r#"{"alg":"RS\u0032\u00356","kid":"k\u0031"}"#;
    assert!(verify(&signed(header, &access_claims().to_string())).is_ok());
}

#[test]
fn missing_or_non_string_alg_is_malformed() {
    for header in [
        r#"{"kid":"k1"}"#,
        r#"{"alg":256,"kid":"k1"}"#,
        r#"{"alg":null,"kid":"k1"}"#,
        r#"{"alg":["RS256"],"kid":"k1"}"#,
    ] {
        assert_eq!(
            err(&signed(header, &access_claims().to_string())),
            Error::Malformed,
            "{header}"
        );
    }
}

#[test]
fn missing_kid_is_missing_kid_and_non_string_kid_is_malformed() {
    assert_eq!(
        err(&signed(r#"{"alg":"RS256"}"#, &access_claims().to_string())),
        Error::MissingKid
    );
    for header in [
        r#"{"alg":"RS256","kid":1}"#,
        r#"{"alg":"RS256","kid":null}"#,
        r#"{"alg":"RS256","kid":{"a":1}}"#,
    ] {
        assert_eq!(
            err(&signed(header, &access_claims().to_string())),
            Error::Malformed,
            "{header}"
        );
    }
}

#[test]
fn kid_with_nul_or_path_characters_finds_no_key() {
    for kid in [
        "../../etc/passwd",
        "k1\\u0000",
        "k1/../k1",
        "",
        "K1",
        "k1 ",
        "*",
        "k%31",
    ] {
        let header = format!(r#"{{"alg":"RS256","kid":"{kid}"}}"#);
        assert_eq!(
            err(&signed(&header, &access_claims().to_string())),
            Error::UnknownKid,
            "{kid:?}"
        );
    }
}

#[test]
fn embedded_jwk_jku_x5u_x5c_headers_never_choose_the_key() {
    let attacker = TestKey::b();
    let header = json!({
        "alg": "RS256", "kid": "k1",
        "jwk": attacker.jwk("k1", json!({})),
        "jku": "https://attacker.example/jwks.json",
        "x5u": "https://attacker.example/cert.pem",
        "x5c": ["MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA"],
    })
    .to_string();
    let forged = attacker.sign_text("RS256", &header, &access_claims().to_string());
    assert_eq!(err(&forged), Error::BadSignature);
    // The same headers on a genuinely signed token are simply ignored.
    assert!(verify(&signed(&header, &access_claims().to_string())).is_ok());
}

#[test]
fn crit_header_is_rejected() {
    for crit in [r#"["exp"]"#, "[]", r#""b64""#] {
        let header = format!(r#"{{"alg":"RS256","kid":"k1","crit":{crit}}}"#);
        assert_eq!(
            err(&signed(&header, &access_claims().to_string())),
            Error::Malformed,
            "{crit}"
        );
    }
}

#[test]
fn unencoded_payload_b64_false_is_rejected() {
    for b64_value in ["false", "\"false\"", "0"] {
        let header = format!(r#"{{"alg":"RS256","kid":"k1","b64":{b64_value}}}"#);
        assert_eq!(
            err(&signed(&header, &access_claims().to_string())),
            Error::Malformed
        );
    }
    let header = r#"{"alg":"RS256","kid":"k1","b64":true}"#;
    assert!(verify(&signed(header, &access_claims().to_string())).is_ok());
}

#[test]
fn a_token_signed_by_another_key_is_a_bad_signature() {
    assert_eq!(
        err(&TestKey::b().token("k1", &access_claims())),
        Error::BadSignature
    );
}

#[test]
fn a_signature_made_for_another_algorithm_is_a_bad_signature() {
    let good = signed_claims(&access_claims());
    let (input, _) = good.rsplit_once('.').unwrap();
    let rs384_sig = TestKey::a().sign_raw("RS384", input.as_bytes());
    assert_eq!(
        err(&format!("{input}.{}", b64(rs384_sig))),
        Error::BadSignature
    );
}

// ---------------------------------------------------------------- signature bytes

fn split_sig(token: &str) -> (&str, Vec<u8>) {
    let (input, sig) = token.rsplit_once('.').unwrap();
    (input, common::unb64(sig))
}

#[test]
fn empty_or_stripped_signature_is_malformed() {
    let good = signed_claims(&access_claims());
    let (input, _) = split_sig(&good);
    assert_eq!(err(&format!("{input}.")), Error::Malformed);
    assert_eq!(err(input), Error::Malformed);
}

#[test]
fn every_flipped_signature_bit_is_detected() {
    let good = signed_claims(&access_claims());
    let (input, sig) = split_sig(&good);
    for bit in (0..sig.len() * 8).step_by(97) {
        let mut bad = sig.clone();
        bad[bit / 8] ^= 1 << (bit % 8);
        assert_eq!(
            err(&format!("{input}.{}", b64(&bad))),
            Error::BadSignature,
            "bit {bit}"
        );
    }
}

#[test]
fn short_long_and_leading_zero_signatures_are_rejected() {
    let good = signed_claims(&access_claims());
    let (input, sig) = split_sig(&good);
    let short = &sig[1..];
    let mut long = sig.clone();
    long.push(0);
    let mut leading_zero = vec![0u8];
    leading_zero.extend_from_slice(&sig);
    let huge = vec![0x41u8; 2000];
    for bad in [
        short.to_vec(),
        long,
        leading_zero,
        huge,
        vec![0u8; 256],
        vec![0xFF; 256],
    ] {
        assert_eq!(
            err(&format!("{input}.{}", b64(&bad))),
            Error::BadSignature,
            "len {}",
            bad.len()
        );
    }
}

#[test]
fn signature_plus_modulus_is_rejected() {
    let good = signed_claims(&access_claims());
    let (input, sig) = split_sig(&good);
    let n = TestKey::a().n_bytes();
    let mut sum = vec![0u8; sig.len() + 1];
    let mut carry = 0u16;
    for i in 0..sig.len() {
        let total = u16::from(sig[sig.len() - 1 - i]) + u16::from(n[n.len() - 1 - i]) + carry;
        let at = sum.len() - 1 - i;
        sum[at] = total as u8;
        carry = total >> 8;
    }
    sum[0] = carry as u8;
    let candidates = if sum[0] == 0 {
        vec![sum[1..].to_vec(), sum.clone()]
    } else {
        vec![sum]
    };
    for bad in candidates {
        assert_eq!(err(&format!("{input}.{}", b64(&bad))), Error::BadSignature);
    }
}

// ---------------------------------------------------------------- encoding and shape

#[test]
fn base64_padding_is_malformed() {
    let good = signed_claims(&access_claims());
    let parts: Vec<&str> = good.split('.').collect();
    for i in 0..3 {
        let mut padded: Vec<String> = parts.iter().map(|s| s.to_string()).collect();
        padded[i].push('=');
        assert_eq!(err(&padded.join(".")), Error::Malformed, "segment {i}");
    }
}

#[test]
fn standard_alphabet_plus_and_slash_are_malformed() {
    let good = signed_claims(&access_claims());
    let (input, sig) = good.rsplit_once('.').unwrap();
    for c in ['+', '/'] {
        let bad_sig: String = std::iter::once(c).chain(sig.chars().skip(1)).collect();
        assert_eq!(err(&format!("{input}.{bad_sig}")), Error::Malformed);
        let bad_header: String = std::iter::once(c).chain(input.chars().skip(1)).collect();
        assert_eq!(err(&format!("{bad_header}.{sig}")), Error::Malformed);
    }
}

#[test]
fn whitespace_anywhere_is_malformed() {
    let good = signed_claims(&access_claims());
    for bad in [
        format!(" {good}"),
        format!("{good} "),
        format!("{good}\n"),
        good.replacen('.', ". ", 1),
        good.replacen('.', "\t.", 1),
        format!("{}\r\n{}", &good[..10], &good[10..]),
    ] {
        assert_eq!(err(&bad), Error::Malformed, "{:?}", &bad[..12]);
    }
}

#[test]
fn non_canonical_trailing_bits_are_malformed() {
    let good = signed_claims(&access_claims());
    let (input, sig) = good.rsplit_once('.').unwrap();
    assert_eq!(
        sig.len() % 4,
        2,
        "a 256-byte signature leaves 4 unused bits"
    );
    let last = sig.chars().last().unwrap();
    let alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let value = alphabet.find(last).unwrap();
    let loose = alphabet.chars().nth(value | 1).unwrap();
    let bad = format!("{input}.{}{loose}", &sig[..sig.len() - 1]);
    assert_eq!(err(&bad), Error::Malformed);
}

#[test]
fn two_or_four_segments_and_the_empty_string_are_malformed() {
    let good = signed_claims(&access_claims());
    let (input, _) = good.rsplit_once('.').unwrap();
    for bad in [
        String::new(),
        input.to_owned(),
        format!("{good}.{}", "c2ln"),
        format!("{good}."),
        ".".into(),
        "..".into(),
        "...".into(),
    ] {
        assert_eq!(err(&bad), Error::Malformed);
    }
}

#[test]
fn one_hundred_thousand_dots_are_refused_before_decoding() {
    let dots = ".".repeat(100_000);
    assert_eq!(err(&dots), Error::TooLarge);
    let roomy = Policy::cognito(POOL, TokenUse::Access)
        .client_id(CLIENT)
        .max_token_len(200_000)
        .build()
        .unwrap();
    assert_eq!(
        roomy.verify(&dots, &keyset_a(), NOW).unwrap_err(),
        Error::Malformed
    );
}

#[test]
fn oversized_token_is_too_large() {
    let padding = "x".repeat(20_000);
    let token = signed_claims(&with(access_claims(), json!({ "pad": padding })));
    assert_eq!(err(&token), Error::TooLarge);
    let small = Policy::cognito(POOL, TokenUse::Access)
        .client_id(CLIENT)
        .max_token_len(100)
        .build()
        .unwrap();
    assert_eq!(
        small
            .verify(&signed_claims(&access_claims()), &keyset_a(), NOW)
            .unwrap_err(),
        Error::TooLarge
    );
}

#[test]
fn header_or_payload_not_an_object_is_malformed() {
    let claims = access_claims().to_string();
    for header in [
        "[]",
        "\"RS256\"",
        "1",
        "null",
        r#"[{"alg":"RS256","kid":"k1"}]"#,
    ] {
        assert_eq!(err(&signed(header, &claims)), Error::Malformed, "{header}");
    }
    for payload in ["[]", "1", "\"s\"", "null", "true", "", "{", "{} {}"] {
        assert_eq!(err(&signed(HEADER, payload)), Error::Malformed, "{payload}");
    }
}

#[test]
fn invalid_utf8_is_malformed() {
    let key = TestKey::a();
    let bad_payload = b"{\"iss\":\"\xff\xfe\"}";
    let input = format!("{}.{}", b64(HEADER), b64(bad_payload));
    let token = format!("{input}.{}", b64(key.sign_raw("RS256", input.as_bytes())));
    assert_eq!(err(&token), Error::Malformed);
    let bad_header = b"{\"alg\":\"RS256\",\"kid\":\"k1\xc0\"}";
    let input = format!("{}.{}", b64(bad_header), b64(access_claims().to_string()));
    assert_eq!(err(&format!("{input}.c2ln")), Error::Malformed);
}

#[test]
fn lone_surrogate_escapes_are_malformed() {
    let payload = access_claims().to_string().replacen("alice", "\\ud800", 1);
    assert_eq!(err(&signed(HEADER, &payload)), Error::Malformed);
}

#[test]
fn deep_nesting_is_malformed_without_overflowing_the_stack() {
    let deep = format!(r#"{{"x":{}{}}}"#, "[".repeat(5000), "]".repeat(5000));
    let payload = access_claims()
        .to_string()
        .replacen('{', &format!("{{\"deep\":{deep},"), 1);
    assert_eq!(err(&signed(HEADER, &payload)), Error::Malformed);
    let header = format!(
        r#"{{"alg":"RS256","kid":"k1","x":{}1{}}}"#,
        "[".repeat(5000),
        "]".repeat(5000)
    );
    assert_eq!(
        err(&signed(&header, &access_claims().to_string())),
        Error::Malformed
    );
    // Unclosed nesting, as an attacker would send it.
    let open = format!(r#"{{"x":{}"#, "[".repeat(5000));
    assert_eq!(err(&signed(HEADER, &open)), Error::Malformed);
}

#[test]
fn nesting_within_the_limit_is_fine() {
    let claims = with(
        access_claims(),
        json!({ "identities": [{ "a": [[{"b": 1}]] }] }),
    );
    assert!(verify(&signed_claims(&claims)).is_ok());
}

#[test]
fn duplicate_claims_are_malformed() {
    let base = access_claims().to_string();
    for dup in [
        format!(r#"{{"exp":1,{}"#, &base[1..]),
        format!(r#"{{"iss":"https://evil.example",{}"#, &base[1..]),
        format!(r#"{{"\u0069ss":"https://evil.example",{}"#, &base[1..]),
        format!(r#"{{"client_id":"other",{}"#, &base[1..]),
    ] {
        assert_eq!(
            err(&signed(HEADER, &dup)),
            Error::Malformed,
            "{}",
            &dup[..40]
        );
    }
}

#[test]
fn duplicate_header_members_are_malformed() {
    let header = r#"{"alg":"RS256","kid":"k1","alg":"none"}"#;
    assert_eq!(
        err(&signed(header, &access_claims().to_string())),
        Error::Malformed
    );
    let header = r#"{"alg":"RS256","kid":"k2","kid":"k1"}"#;
    assert_eq!(
        err(&signed(header, &access_claims().to_string())),
        Error::Malformed
    );
}

// ---------------------------------------------------------------- time claims

fn claim_err(changes: Value) -> Error {
    err(&signed_claims(&with(access_claims(), changes)))
}

#[test]
fn exp_of_the_wrong_type_or_range_is_an_invalid_claim() {
    for bad in [
        json!("1700003600"),
        json!(true),
        json!([NOW + 10]),
        json!({"t": 1}),
        json!(-1),
        json!(1e300),
        json!(253_402_300_800u64),
    ] {
        assert_eq!(
            claim_err(json!({ "exp": bad })),
            Error::InvalidClaim,
            "{bad}"
        );
    }
}

#[test]
fn numbers_beyond_f64_are_invalid_claims_not_crashes() {
    // Valid JSON (RFC 8259 sets no range); found by the claims fuzz target, where
    // serde_json refuses the document outright.
    let base = access_claims().to_string();
    let exp = format!("\"exp\":{}", NOW + 3600);
    let iat = format!("\"iat\":{}", NOW - 60);
    assert!(base.contains(&exp) && base.contains(&iat));
    for payload in [
        base.replace(&exp, "\"exp\":151021e308"),
        base.replace(&iat, "\"iat\":1e400"),
        base.replacen('{', "{\"nbf\":-1e999,", 1),
    ] {
        assert_eq!(
            err(&signed(HEADER, &payload)),
            Error::InvalidClaim,
            "{payload}"
        );
    }
}

#[test]
fn exp_null_is_an_invalid_claim_not_a_missing_one() {
    let payload = access_claims()
        .to_string()
        .replace(&format!("\"exp\":{}", NOW + 3600), "\"exp\":null");
    assert_eq!(err(&signed(HEADER, &payload)), Error::InvalidClaim);
}

#[test]
fn nbf_and_iat_of_the_wrong_type_are_invalid_claims() {
    for name in ["nbf", "iat", "auth_time"] {
        for bad in [
            json!("0"),
            json!(false),
            json!(-5),
            json!(1e300),
            json!([1]),
        ] {
            assert_eq!(
                claim_err(json!({ name: bad })),
                Error::InvalidClaim,
                "{name} {bad}"
            );
        }
    }
}

#[test]
fn missing_exp_is_a_missing_claim() {
    assert_eq!(claim_err(json!({ "exp": null })), Error::MissingClaim);
}

#[test]
fn exp_equal_to_now_is_expired() {
    assert_eq!(claim_err(json!({ "exp": NOW })), Error::Expired);
    assert_eq!(claim_err(json!({ "exp": NOW - 1 })), Error::Expired);
    assert!(verify(&signed_claims(&with(
        access_claims(),
        json!({ "exp": NOW + 1 })
    )))
    .is_ok());
}

#[test]
fn fractional_exp_is_a_valid_numeric_date() {
    let token = signed_claims(&with(access_claims(), json!({ "exp": NOW as f64 + 0.5 })));
    assert!(verify(&token).is_ok());
    assert_eq!(
        access_policy()
            .verify(&token, &keyset_a(), NOW + 1)
            .unwrap_err(),
        Error::Expired
    );
}

#[test]
fn leeway_extends_exp_and_nbf_but_no_further() {
    let lenient = Policy::cognito(POOL, TokenUse::Access)
        .client_id(CLIENT)
        .leeway(30)
        .build()
        .unwrap();
    let expired = signed_claims(&with(access_claims(), json!({ "exp": NOW - 29 })));
    assert!(lenient.verify(&expired, &keyset_a(), NOW).is_ok());
    let too_old = signed_claims(&with(access_claims(), json!({ "exp": NOW - 30 })));
    assert_eq!(
        lenient.verify(&too_old, &keyset_a(), NOW).unwrap_err(),
        Error::Expired
    );
    let early = signed_claims(&with(access_claims(), json!({ "nbf": NOW + 30 })));
    assert!(lenient.verify(&early, &keyset_a(), NOW).is_ok());
    let too_early = signed_claims(&with(access_claims(), json!({ "nbf": NOW + 31 })));
    assert_eq!(
        lenient.verify(&too_early, &keyset_a(), NOW).unwrap_err(),
        Error::NotYetValid
    );
}

#[test]
fn nbf_in_the_future_is_not_yet_valid() {
    assert_eq!(claim_err(json!({ "nbf": NOW + 1 })), Error::NotYetValid);
    assert!(verify(&signed_claims(&with(
        access_claims(),
        json!({ "nbf": NOW })
    )))
    .is_ok());
}

#[test]
fn a_huge_leeway_does_not_overflow() {
    let lenient = Policy::cognito(POOL, TokenUse::Access)
        .client_id(CLIENT)
        .leeway(u64::MAX)
        .build()
        .unwrap();
    let token = signed_claims(&with(
        access_claims(),
        json!({ "exp": 1, "nbf": 253_402_300_799u64 }),
    ));
    assert!(lenient.verify(&token, &keyset_a(), NOW).is_ok());
    // At the end of time the saturated limit still decides, without overflow.
    assert_eq!(
        lenient.verify(&token, &keyset_a(), u64::MAX).unwrap_err(),
        Error::Expired
    );
}

// ---------------------------------------------------------------- issuer

#[test]
fn issuer_variants_are_mismatches() {
    for iss in [
        format!("{ISSUER}/"),
        ISSUER.to_uppercase(),
        ISSUER.replace("https", "http"),
        ISSUER.replace("us-east-1_TestPool1", "us-east-1_TestPool2"),
        format!(" {ISSUER}"),
        format!("{ISSUER}\u{0}"),
        String::new(),
    ] {
        assert_eq!(
            claim_err(json!({ "iss": iss })),
            Error::IssuerMismatch,
            "{iss:?}"
        );
    }
}

#[test]
fn issuer_escapes_that_decode_equal_are_equal() {
    let payload = access_claims()
        .to_string()
        .replace("https://", "https:\\/\\/")
        .replacen("cognito", "\\u0063ognito", 1);
    assert!(payload.contains("\\/"));
    assert!(verify(&signed(HEADER, &payload)).is_ok());
}

#[test]
fn missing_or_non_string_issuer() {
    assert_eq!(claim_err(json!({ "iss": null })), Error::MissingClaim);
    assert_eq!(claim_err(json!({ "iss": 7 })), Error::InvalidClaim);
    assert_eq!(claim_err(json!({ "iss": [ISSUER] })), Error::InvalidClaim);
}

// ---------------------------------------------------------------- Cognito rules

#[test]
fn an_id_token_is_refused_where_access_tokens_are_expected() {
    assert_eq!(err(&signed_claims(&id_claims())), Error::TokenUseMismatch);
    let access = signed_claims(&access_claims());
    assert_eq!(
        id_policy().verify(&access, &keyset_a(), NOW).unwrap_err(),
        Error::TokenUseMismatch
    );
}

#[test]
fn token_use_missing_or_mistyped() {
    assert_eq!(claim_err(json!({ "token_use": null })), Error::MissingClaim);
    assert_eq!(claim_err(json!({ "token_use": 1 })), Error::InvalidClaim);
    assert_eq!(
        claim_err(json!({ "token_use": "Access" })),
        Error::TokenUseMismatch
    );
}

#[test]
fn access_token_client_id_is_checked_against_client_id_not_aud() {
    assert_eq!(
        claim_err(json!({ "client_id": "other" })),
        Error::ClientIdMismatch
    );
    assert_eq!(
        claim_err(json!({ "client_id": null, "aud": CLIENT })),
        Error::MissingClaim
    );
    assert_eq!(
        claim_err(json!({ "client_id": [CLIENT] })),
        Error::InvalidClaim
    );
}

#[test]
fn id_token_client_id_is_checked_against_aud() {
    let check = |changes: Value| {
        id_policy().verify(
            &signed_claims(&with(id_claims(), changes)),
            &keyset_a(),
            NOW,
        )
    };
    assert_eq!(
        check(json!({ "aud": "other" })).unwrap_err(),
        Error::ClientIdMismatch
    );
    assert_eq!(
        check(json!({ "aud": null, "client_id": CLIENT })).unwrap_err(),
        Error::MissingClaim
    );
    assert_eq!(
        check(json!({ "aud": ["other", CLIENT] }))
            .unwrap()
            .claims()
            .aud()
            .count(),
        2
    );
    assert_eq!(
        check(json!({ "aud": [] })).unwrap_err(),
        Error::ClientIdMismatch
    );
    assert_eq!(check(json!({ "aud": 5 })).unwrap_err(), Error::InvalidClaim);
    assert_eq!(
        check(json!({ "aud": [5] })).unwrap_err(),
        Error::InvalidClaim
    );
}

#[test]
fn any_of_several_client_ids_is_allowed() {
    let policy = Policy::cognito(POOL, TokenUse::Access)
        .client_id("x")
        .client_id(CLIENT)
        .build()
        .unwrap();
    assert!(policy
        .verify(&signed_claims(&access_claims()), &keyset_a(), NOW)
        .is_ok());
}

#[test]
fn required_groups_are_any_of() {
    let policy = |groups: &[&str]| {
        groups
            .iter()
            .fold(
                Policy::cognito(POOL, TokenUse::Access).client_id(CLIENT),
                |b, g| b.group(g),
            )
            .build()
            .unwrap()
    };
    let token = signed_claims(&access_claims());
    assert!(policy(&["nobody", "staff"])
        .verify(&token, &keyset_a(), NOW)
        .is_ok());
    assert_eq!(
        policy(&["root"])
            .verify(&token, &keyset_a(), NOW)
            .unwrap_err(),
        Error::GroupMismatch
    );
    assert_eq!(
        policy(&["admin"])
            .verify(&token, &keyset_a(), NOW)
            .unwrap_err(),
        Error::GroupMismatch,
        "no prefix match"
    );
    let no_groups = signed_claims(&with(access_claims(), json!({ "cognito:groups": null })));
    assert_eq!(
        policy(&["admins"])
            .verify(&no_groups, &keyset_a(), NOW)
            .unwrap_err(),
        Error::GroupMismatch
    );
    let string_groups = signed_claims(&with(
        access_claims(),
        json!({ "cognito:groups": "admins" }),
    ));
    assert_eq!(
        policy(&["admins"])
            .verify(&string_groups, &keyset_a(), NOW)
            .unwrap_err(),
        Error::InvalidClaim
    );
}

#[test]
fn required_scopes_are_any_of_whole_words() {
    let policy = |scope: &str| {
        Policy::cognito(POOL, TokenUse::Access)
            .client_id(CLIENT)
            .scope(scope)
            .build()
            .unwrap()
    };
    let token = signed_claims(&access_claims());
    assert!(policy("orders/read")
        .verify(&token, &keyset_a(), NOW)
        .is_ok());
    assert_eq!(
        policy("orders")
            .verify(&token, &keyset_a(), NOW)
            .unwrap_err(),
        Error::ScopeMismatch
    );
    assert_eq!(
        policy("orders/write")
            .verify(&token, &keyset_a(), NOW)
            .unwrap_err(),
        Error::ScopeMismatch
    );
    let no_scope = signed_claims(&with(access_claims(), json!({ "scope": null })));
    assert_eq!(
        policy("orders/read")
            .verify(&no_scope, &keyset_a(), NOW)
            .unwrap_err(),
        Error::ScopeMismatch
    );
}

#[test]
fn custom_check_runs_last() {
    let strict = Policy::cognito(POOL, TokenUse::Access)
        .client_id(CLIENT)
        .custom_check(|claims| claims.username().as_deref() == Some("bob"))
        .build()
        .unwrap();
    assert_eq!(
        strict
            .verify(&signed_claims(&access_claims()), &keyset_a(), NOW)
            .unwrap_err(),
        Error::CustomRejected
    );
    let bob = signed_claims(&with(access_claims(), json!({ "username": "bob" })));
    assert!(strict.verify(&bob, &keyset_a(), NOW).is_ok());
    let expired = signed_claims(&with(access_claims(), json!({ "exp": 1 })));
    assert_eq!(
        strict.verify(&expired, &keyset_a(), NOW).unwrap_err(),
        Error::Expired
    );
}

#[test]
fn standard_claims_of_the_wrong_type_are_invalid() {
    for (name, bad) in [
        ("sub", json!(1)),
        ("jti", json!(false)),
        ("username", json!(["a"])),
        ("scope", json!(["a"])),
        ("cognito:username", json!(1)),
        ("auth_time", json!("1700000000")),
        ("auth_time", json!(-1)),
        ("cognito:groups", json!("staff")),
        ("cognito:groups", json!(["staff", 1])),
        // An access token's aud is not compared, but its type is still checked.
        ("aud", json!(5)),
        ("aud", json!(["a", null])),
    ] {
        assert_eq!(
            claim_err(json!({ name: bad })),
            Error::InvalidClaim,
            "{name}"
        );
    }
}

// ---------------------------------------------------------------- generic OIDC

fn oidc() -> Policy {
    Policy::oidc("https://issuer.example")
        .audience("api://one")
        .audience("api://two")
        .build()
        .unwrap()
}

fn oidc_claims() -> Value {
    json!({ "iss": "https://issuer.example", "aud": "api://two", "sub": "s", "exp": NOW + 60 })
}

#[test]
fn oidc_audience_must_contain_a_configured_value() {
    let check = |changes: Value| {
        oidc().verify(
            &signed_claims(&with(oidc_claims(), changes)),
            &keyset_a(),
            NOW,
        )
    };
    assert!(check(json!({})).is_ok());
    assert!(check(json!({ "aud": ["x", "api://one"] })).is_ok());
    assert_eq!(
        check(json!({ "aud": "api://three" })).unwrap_err(),
        Error::AudienceMismatch
    );
    assert_eq!(
        check(json!({ "aud": ["api://ONE"] })).unwrap_err(),
        Error::AudienceMismatch
    );
    assert_eq!(
        check(json!({ "aud": null })).unwrap_err(),
        Error::MissingClaim
    );
    assert_eq!(
        check(json!({ "aud": {"a": 1} })).unwrap_err(),
        Error::InvalidClaim
    );
    assert_eq!(
        check(json!({ "aud": "api:\\/\\/one" })).unwrap_err(),
        Error::AudienceMismatch,
        "literal backslashes differ"
    );
}

// ---------------------------------------------------------------- key policy

fn with_jwks(keys: &[Value], token: &str) -> Result<edgejwt_core::VerifiedToken, Error> {
    access_policy().verify(token, &KeySet::from_jwks(&jwks(keys)).unwrap(), NOW)
}

#[test]
fn a_1024_bit_key_is_rejected_by_default() {
    let weak = TestKey::load("rsa1024");
    let token = weak.token("small", &access_claims());
    assert_eq!(
        with_jwks(&[weak.jwk("small", json!({}))], &token).unwrap_err(),
        Error::KeyRejected
    );
    let legacy = Policy::cognito(POOL, TokenUse::Access)
        .client_id(CLIENT)
        .min_modulus_bits(1024)
        .build()
        .unwrap();
    let keys = KeySet::from_jwks(&jwks(&[weak.jwk("small", json!({}))])).unwrap();
    assert!(legacy.verify(&token, &keys, NOW).is_ok());
}

#[test]
fn a_3072_bit_key_is_accepted() {
    let big = TestKey::load("rsa3072");
    let token = big.token("big", &access_claims());
    assert!(with_jwks(&[big.jwk("big", json!({}))], &token).is_ok());
}

#[test]
fn exponent_one_is_rejected() {
    let token = signed_claims(&access_claims());
    assert_eq!(
        with_jwks(&[TestKey::a().jwk("k1", json!({ "e": "AQ" }))], &token).unwrap_err(),
        Error::KeyRejected
    );
}

#[test]
fn even_exponent_and_even_modulus_are_rejected() {
    let token = signed_claims(&access_claims());
    assert_eq!(
        with_jwks(&[TestKey::a().jwk("k1", json!({ "e": "AQAC" }))], &token).unwrap_err(),
        Error::KeyRejected
    );
    let mut n = TestKey::a().n_bytes();
    *n.last_mut().unwrap() &= 0xFE;
    assert_eq!(
        with_jwks(&[TestKey::a().jwk("k1", json!({ "n": b64(n) }))], &token).unwrap_err(),
        Error::KeyRejected
    );
}

#[test]
fn e3_keys_verify_per_design() {
    let e3 = TestKey::load("rsa2048_e3");
    let token = e3.token("e3", &access_claims());
    assert!(with_jwks(&[e3.jwk("e3", json!({}))], &token).is_ok());
}

#[test]
fn a_key_for_encryption_is_rejected() {
    let token = signed_claims(&access_claims());
    assert_eq!(
        with_jwks(&[TestKey::a().jwk("k1", json!({ "use": "enc" }))], &token).unwrap_err(),
        Error::KeyRejected
    );
    assert_eq!(
        with_jwks(
            &[TestKey::a().jwk("k1", json!({ "key_ops": ["encrypt"] }))],
            &token
        )
        .unwrap_err(),
        Error::KeyRejected
    );
    assert!(with_jwks(
        &[TestKey::a().jwk("k1", json!({ "key_ops": ["verify"] }))],
        &token
    )
    .is_ok());
    assert!(with_jwks(&[TestKey::a().jwk("k1", json!({ "use": null }))], &token).is_ok());
}

#[test]
fn jwk_alg_mismatch_is_rejected() {
    let token = signed_claims(&access_claims());
    for alg in ["RS384", "PS256", "RSA-OAEP", "rs256"] {
        assert_eq!(
            with_jwks(&[TestKey::a().jwk("k1", json!({ "alg": alg }))], &token).unwrap_err(),
            Error::KeyRejected,
            "{alg}"
        );
    }
}

#[test]
fn an_oct_key_with_the_same_kid_cannot_be_used() {
    let token = signed_claims(&access_claims());
    let oct = json!({ "kty": "oct", "kid": "k1", "k": b64(TestKey::a().n_bytes()) });
    assert_eq!(
        with_jwks(std::slice::from_ref(&oct), &token).unwrap_err(),
        Error::KeyRejected
    );
    // A usable RSA key of the same kid is still found.
    assert!(with_jwks(&[oct, TestKey::a().jwk("k1", json!({}))], &token).is_ok());
}

#[test]
fn lowercase_kty_rsa_is_not_rsa() {
    let token = signed_claims(&access_claims());
    assert_eq!(
        with_jwks(&[TestKey::a().jwk("k1", json!({ "kty": "rsa" }))], &token).unwrap_err(),
        Error::KeyRejected
    );
}

#[test]
fn key_parameters_with_bad_base64_are_rejected_not_fatal() {
    let token = signed_claims(&access_claims());
    let bad = TestKey::a().jwk("k1", json!({ "n": "not base64!" }));
    let keys = KeySet::from_jwks(&jwks(&[bad, TestKey::b().jwk("k2", json!({}))])).unwrap();
    assert_eq!(keys.len(), 1);
    assert_eq!(
        access_policy().verify(&token, &keys, NOW).unwrap_err(),
        Error::KeyRejected
    );
}

#[test]
fn unknown_key_types_are_skipped_not_fatal() {
    let jwks_text = jwks(&[
        json!({ "kty": "EC", "kid": "ec", "crv": "P-256", "x": "AA", "y": "AA" }),
        json!({ "kty": "OKP", "kid": "ed", "crv": "Ed25519", "x": "AA" }),
        json!({ "kty": "oct", "kid": "hs", "k": "AA" }),
        json!({ "kty": "PQC", "kid": "future", "pub": "AA" }),
        TestKey::a().jwk("k1", json!({})),
    ]);
    let keys = KeySet::from_jwks(&jwks_text).unwrap();
    assert_eq!((keys.len(), keys.skipped()), (1, 4));
    assert!(access_policy()
        .verify(&signed_claims(&access_claims()), &keys, NOW)
        .is_ok());
}

#[test]
fn malformed_key_sets_are_jwks_invalid() {
    let too_many: Vec<Value> = (0..65)
        .map(|i| json!({ "kty": "oct", "kid": i.to_string(), "k": "AA" }))
        .collect();
    for bad in [
        String::new(),
        "[]".into(),
        "{}".into(),
        r#"{"keys":{}}"#.into(),
        r#"{"keys":[],"keys":[]}"#.into(),
        format!(
            r#"{{"keys":[{{"kty":"oct","x":{}{}}}]}}"#,
            "[".repeat(5000),
            "]".repeat(5000)
        ),
        jwks(&too_many),
    ] {
        assert_eq!(
            KeySet::from_jwks(&bad).unwrap_err(),
            Error::JwksInvalid,
            "{}",
            &bad[..bad.len().min(40)]
        );
    }
}

#[test]
fn key_rotation_in_a_key_set() {
    let token_b = TestKey::b().token("k2", &access_claims());
    let mut keys = keyset_a();
    assert_eq!(
        access_policy().verify(&token_b, &keys, NOW).unwrap_err(),
        Error::UnknownKid
    );
    let key_b =
        edgejwt_core::PublicKey::from_jwk(&TestKey::b().jwk("k2", json!({})).to_string()).unwrap();
    keys.insert(key_b).unwrap();
    assert!(access_policy().verify(&token_b, &keys, NOW).is_ok());
}

#[test]
fn key_imports_agree_across_formats() {
    use rsa::pkcs8::{EncodePublicKey, LineEnding};
    let key = TestKey::a();
    let public = key.private.to_public_key();
    let pem = public.to_public_key_pem(LineEnding::LF).unwrap();
    let der = public.to_public_key_der().unwrap();
    let token = signed_claims(&access_claims());
    let mut n_with_zero = vec![0u8];
    n_with_zero.extend(key.n_bytes());
    for imported in [
        edgejwt_core::PublicKey::from_spki_pem(&pem).unwrap(),
        edgejwt_core::PublicKey::from_spki_der(der.as_bytes()).unwrap(),
        edgejwt_core::PublicKey::from_rsa_components(&key.n_bytes(), &key.e_bytes()).unwrap(),
        edgejwt_core::PublicKey::from_rsa_components(&n_with_zero, &key.e_bytes()).unwrap(),
    ] {
        let mut keys = KeySet::new();
        keys.insert(imported.with_kid("k1")).unwrap();
        assert!(access_policy().verify(&token, &keys, NOW).is_ok());
    }
    assert_eq!(
        edgejwt_core::PublicKey::from_spki_pem(
            "-----BEGIN PUBLIC KEY-----\nAA==\n-----END PUBLIC KEY-----"
        )
        .unwrap_err(),
        edgejwt_core::KeyError::InvalidEncoding
    );
    assert!(edgejwt_core::PublicKey::from_spki_der(&der.as_bytes()[..100]).is_err());
}

#[test]
fn every_error_code_is_distinct_snake_case_and_displayed() {
    let codes: std::collections::HashSet<_> = Error::ALL.iter().map(|e| e.code()).collect();
    assert_eq!(codes.len(), Error::ALL.len());
    for e in Error::ALL {
        assert!(e
            .code()
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b == b'_'));
        assert!(e.to_string().starts_with(e.code()));
    }
}

#[test]
fn an_external_rsa_verdict_is_required_and_decides() {
    let policy = access_policy();
    let keys = keyset_a();
    let token = signed_claims(&access_claims());
    let check = policy.prepare_signature_check(&token, &keys).unwrap();
    let key = keys.keys().next().unwrap();
    assert_eq!(
        (check.modulus(), check.exponent()),
        (key.modulus(), key.exponent())
    );
    let honest = key
        .verify_signature(check.header().alg(), check.message(), check.signature())
        .is_ok();
    assert!(honest);
    let verified = policy
        .complete_signature_check(check.clone(), honest, NOW)
        .unwrap();
    assert_eq!(verified.claims().username().unwrap(), "alice");
    assert_eq!(
        policy
            .complete_signature_check(check, false, NOW)
            .unwrap_err(),
        Error::BadSignature
    );
    let expired = signed_claims(&with(access_claims(), json!({ "exp": NOW })));
    let check = policy.prepare_signature_check(&expired, &keys).unwrap();
    assert_eq!(
        policy
            .complete_signature_check(check, true, NOW)
            .unwrap_err(),
        Error::Expired
    );
    assert_eq!(
        policy
            .prepare_signature_check(&TestKey::b().token("k9", &access_claims()), &keys)
            .unwrap_err(),
        Error::UnknownKid
    );
}
