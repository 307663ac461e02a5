//! Attacks on time claims: each test is named after what it stops.

use super::*;

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
