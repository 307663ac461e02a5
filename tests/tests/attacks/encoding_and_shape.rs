//! Attacks on encoding and shape: each test is named after what it stops.

use super::*;

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
