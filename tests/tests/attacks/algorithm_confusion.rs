//! Attacks on algorithm confusion: each test is named after what it stops.

use super::*;

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
