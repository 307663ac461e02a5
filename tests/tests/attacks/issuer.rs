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

/// Two Cognito pools; the second allows ES256 only.
fn two_pools() -> [Policy; 2] {
    [
        access_policy(),
        Policy::cognito("eu-west-1_OtherPool", TokenUse::Access)
            .client_id(CLIENT)
            .algorithms(&[Algorithm::ES256])
            .build()
            .unwrap(),
    ]
}

#[test]
fn the_unverified_iss_only_narrows_the_choice_of_issuer() {
    let pools = two_pools();
    let other_iss = edgejwt_core::cognito_issuer("eu-west-1_OtherPool").unwrap();
    assert_eq!(
        edgejwt_core::choose_issuer(&signed_claims(&access_claims()), &pools),
        Ok(0)
    );
    // The chosen issuer's own allow-list applies: RS256 is not on the second pool's.
    let for_other = signed_claims(&with(access_claims(), json!({ "iss": other_iss })));
    assert_eq!(
        edgejwt_core::choose_issuer(&for_other, &pools),
        Err(Error::UnsupportedAlgorithm)
    );
    // Exact match only: case and a trailing slash make another issuer.
    for iss in [ISSUER.to_uppercase(), format!("{ISSUER}/")] {
        let near = signed_claims(&with(access_claims(), json!({ "iss": iss })));
        assert_eq!(
            edgejwt_core::choose_issuer(&near, &pools),
            Err(Error::IssuerMismatch)
        );
    }
    // A non-string iss, and none at all.
    let numeric = signed_claims(&with(access_claims(), json!({ "iss": 7 })));
    assert_eq!(
        edgejwt_core::choose_issuer(&numeric, &pools),
        Err(Error::InvalidClaim)
    );
    let none = signed_claims(&with(access_claims(), json!({ "iss": null })));
    assert!(edgejwt_core::choose_issuer(&none, &pools).is_err());
}

#[test]
fn a_malformed_token_is_malformed_whatever_issuers_are_configured() {
    let pools = two_pools();
    let payload = b64(access_claims().to_string());
    for token in [
        "only.two".to_owned(),
        format!("{}.{payload}.c2ln", b64("not json")),
        format!("{}.{payload}.c2ln", b64("[1]")),
        format!("{}.{}.c2ln", b64(HEADER), b64("[1]")),
    ] {
        assert_eq!(
            edgejwt_core::choose_issuer(&token, &pools),
            Err(Error::Malformed),
            "{token}"
        );
    }
}
