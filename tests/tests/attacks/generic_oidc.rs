//! Attacks on generic OIDC: each test is named after what it stops.

use super::*;

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
