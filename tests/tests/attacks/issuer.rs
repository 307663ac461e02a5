//! Attacks on issuer: each test is named after what it stops.

use super::*;

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
