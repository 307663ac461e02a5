//! What a rejection says beyond its code: the claim and the compared values
//! (`Policy::failed_assertion`, `Policy::reason`), the decoded token only when its
//! signature verified (`decode_if_signature_valid`), and the explicit opt-outs.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod common;

use common::{
    access_claims, access_policy, id_claims, keyset_a, with, TestKey, CLIENT, ISSUER, NOW, POOL,
};
use edgejwt_core::{Algorithm, ConfigError, Error, FailedAssertion, Policy, Reason, TokenUse};
use serde_json::json;

fn assertion(policy: &Policy, claims: serde_json::Value) -> (Error, Option<FailedAssertion>) {
    let token = TestKey::a().token("k1", &claims);
    let error = policy.verify(&token, &keyset_a(), NOW).unwrap_err();
    (error, policy.failed_assertion(&token, error))
}

fn failed(claim: &'static str, actual: Option<&str>, expected: &[&str]) -> Option<FailedAssertion> {
    Some(FailedAssertion {
        claim,
        actual: actual.map(str::to_owned),
        expected: expected.iter().map(|s| s.to_string()).collect(),
    })
}

#[test]
fn mismatches_name_the_claim_the_actual_and_the_expected_values() {
    let policy = Policy::cognito(POOL, TokenUse::Access)
        .client_id(CLIENT)
        .client_id("second")
        .group("admins")
        .scope("orders/write")
        .build()
        .unwrap();
    let cases = [
        (
            json!({"iss": "https://evil.example"}),
            Error::IssuerMismatch,
            failed("iss", Some("\"https://evil.example\""), &[ISSUER]),
        ),
        (
            json!({"token_use": "id"}),
            Error::TokenUseMismatch,
            failed("token_use", Some("\"id\""), &["access"]),
        ),
        (
            json!({"client_id": "other"}),
            Error::ClientIdMismatch,
            failed("client_id", Some("\"other\""), &[CLIENT, "second"]),
        ),
        (
            json!({"cognito:groups": ["users"]}),
            Error::GroupMismatch,
            failed("cognito:groups", Some("[\"users\"]"), &["admins"]),
        ),
        (
            json!({"cognito:groups": ["admins"], "scope": "orders/read"}),
            Error::ScopeMismatch,
            failed("scope", Some("\"orders/read\""), &["orders/write"]),
        ),
        (
            json!({"cognito:groups": ["admins"], "scope": null}),
            Error::ScopeMismatch,
            failed("scope", None, &["orders/write"]),
        ),
        (
            json!({"exp": NOW - 5}),
            Error::Expired,
            failed("exp", Some(&(NOW - 5).to_string()), &[]),
        ),
        (
            json!({"nbf": NOW + 50}),
            Error::NotYetValid,
            failed("nbf", Some(&(NOW + 50).to_string()), &[]),
        ),
    ];
    for (changes, code, expected) in cases {
        let (error, got) = assertion(&policy, with(access_claims(), changes.clone()));
        assert_eq!(error, code, "{changes}");
        assert_eq!(got, expected, "{changes}");
    }
    // OIDC audiences; id tokens compare aud with the client ids.
    let oidc = Policy::oidc(ISSUER).audience("api").build().unwrap();
    let (_, got) = assertion(
        &oidc,
        with(access_claims(), json!({"aud": ["web", "mobile"]})),
    );
    assert_eq!(got, failed("aud", Some("[\"web\",\"mobile\"]"), &["api"]));
    let (_, got) = assertion(
        &common::id_policy(),
        with(id_claims(), json!({"aud": "other"})),
    );
    assert_eq!(got, failed("aud", Some("\"other\""), &[CLIENT]));
    // The algorithm allow-list.
    let token = TestKey::a().sign_text(
        "RS256",
        r#"{"alg":"PS256","kid":"k1"}"#,
        &access_claims().to_string(),
    );
    let error = access_policy()
        .verify(&token, &keyset_a(), NOW)
        .unwrap_err();
    assert_eq!(
        access_policy().failed_assertion(&token, error),
        failed("alg", Some("\"PS256\""), &["RS256"])
    );
    // Codes without a comparison have none.
    assert_eq!(
        access_policy().failed_assertion(&token, Error::BadSignature),
        None
    );
}

#[test]
fn invalid_claims_name_the_claim() {
    let policy = access_policy();
    for (claim, value) in [
        ("exp", json!("tomorrow")),
        ("iss", json!(7)),
        ("sub", json!(["a"])),
        ("cognito:groups", json!("admins")),
    ] {
        let token = TestKey::a().token("k1", &with(access_claims(), json!({ claim: value })));
        let error = policy.verify(&token, &keyset_a(), NOW).unwrap_err();
        assert_eq!(error, Error::InvalidClaim, "{claim}");
        assert_eq!(
            policy.reason(&token, &keyset_a(), error),
            Reason::InvalidClaim(claim)
        );
    }
}

#[test]
fn the_decoded_token_is_handed_out_only_when_its_signature_verified() {
    let policy = access_policy();
    let expired = TestKey::a().token("k1", &with(access_claims(), json!({"exp": NOW - 5})));
    let decoded = policy
        .decode_if_signature_valid(&expired, &keyset_a())
        .unwrap();
    assert!(decoded.payload_json.contains("\"exp\""));
    assert!(decoded.header_json.contains("RS256"));
    // Signed by another key (a forgery): nothing.
    let forged = TestKey::b().token("k1", &with(access_claims(), json!({"exp": NOW - 5})));
    assert!(policy
        .decode_if_signature_valid(&forged, &keyset_a())
        .is_none());
    // A flipped signature bit: nothing.
    let mut bytes = expired.into_bytes();
    let last = bytes.len() - 3;
    bytes[last] = if bytes[last] == b'A' { b'B' } else { b'A' };
    assert!(policy
        .decode_if_signature_valid(std::str::from_utf8(&bytes).unwrap(), &keyset_a())
        .is_none());
}

/// A host's backend (or an awaited check through `contents_check`) decides as the core's
/// own arithmetic does: a forged token's contents never come out of any of them, and a
/// backend that says "invalid" is believed.
#[test]
fn a_host_backend_never_hands_out_a_forged_tokens_contents() {
    let policy = access_policy();
    let core = |alg: Algorithm, key: &edgejwt_core::PublicKey, message: &[u8], signature: &[u8]| {
        key.verify_signature(alg, message, signature).is_ok()
    };
    let refuse = |_: Algorithm, _: &edgejwt_core::PublicKey, _: &[u8], _: &[u8]| false;
    let expired = TestKey::a().token("k1", &with(access_claims(), json!({"exp": NOW - 5})));
    let forged = TestKey::b().token("k1", &with(access_claims(), json!({"exp": NOW - 5})));
    let keys = keyset_a();
    let with_core = policy.decode_if_signature_valid_with(&expired, &keys, &core);
    assert_eq!(
        with_core.map(|t| t.payload_json),
        policy
            .decode_if_signature_valid(&expired, &keys)
            .map(|t| t.payload_json)
    );
    assert!(policy
        .decode_if_signature_valid_with(&forged, &keys, &core)
        .is_none());
    assert!(policy
        .decode_if_signature_valid_with(&expired, &keys, &refuse)
        .is_none());
    // The two halves, as an awaiting host uses them.
    let check = policy.contents_check(&forged, &keys).unwrap();
    let valid = check.verify_with(&core);
    assert!(!valid);
    assert!(policy.contents_if_valid(check, valid).is_none());
    let check = policy.contents_check(&expired, &keys).unwrap().into_owned();
    assert!(policy.contents_if_valid(check, true).is_some());
    assert!(policy.contents_check("x.y.z", &keys).is_none());
}

#[test]
fn leaving_a_required_check_out_is_an_error_and_only_the_explicit_opt_out_skips_it() {
    assert_eq!(
        Policy::cognito(POOL, TokenUse::Access).build().unwrap_err(),
        ConfigError::NoClientIds
    );
    assert_eq!(
        Policy::oidc(ISSUER).build().unwrap_err(),
        ConfigError::NoAudiences
    );
    assert_eq!(
        Policy::cognito(POOL, TokenUse::Access)
            .client_id("a")
            .any_client()
            .build()
            .unwrap_err(),
        ConfigError::ValuesAndOptOut
    );
    assert_eq!(
        Policy::oidc(ISSUER)
            .audience("a")
            .any_audience()
            .build()
            .unwrap_err(),
        ConfigError::ValuesAndOptOut
    );
    // any_client: another client's token passes; token_use is still checked.
    let any_client = Policy::cognito(POOL, TokenUse::Access)
        .any_client()
        .build()
        .unwrap();
    let other = TestKey::a().token(
        "k1",
        &with(access_claims(), json!({"client_id": "someone-else"})),
    );
    assert!(any_client.verify(&other, &keyset_a(), NOW).is_ok());
    let id_token = TestKey::a().token("k1", &id_claims());
    assert_eq!(
        any_client.verify(&id_token, &keyset_a(), NOW).unwrap_err(),
        Error::TokenUseMismatch
    );
    // any_audience: aud is not read; iss still is.
    let any_aud = Policy::oidc(ISSUER).any_audience().build().unwrap();
    assert!(any_aud.verify(&other, &keyset_a(), NOW).is_ok());
    let elsewhere = TestKey::a().token(
        "k1",
        &with(access_claims(), json!({"iss": "https://evil.example"})),
    );
    assert_eq!(
        any_aud.verify(&elsewhere, &keyset_a(), NOW).unwrap_err(),
        Error::IssuerMismatch
    );
    // any_issuer: iss is not read; the keys alone decide; exp still is.
    let any_iss = Policy::oidc("")
        .any_issuer()
        .audience("aud-1")
        .build()
        .unwrap();
    assert!(!any_iss.checks_issuer());
    let token = TestKey::a().token(
        "k1",
        &with(
            access_claims(),
            json!({"iss": "https://x.example", "aud": "aud-1"}),
        ),
    );
    assert!(any_iss.verify(&token, &keyset_a(), NOW).is_ok());
    let expired = TestKey::a().token(
        "k1",
        &with(access_claims(), json!({"aud": "aud-1", "exp": NOW - 1})),
    );
    assert_eq!(
        any_iss.verify(&expired, &keyset_a(), NOW).unwrap_err(),
        Error::Expired
    );
    // ...and it can never be picked by a token's iss among several issuers.
    assert_eq!(
        edgejwt_core::choose_issuer(&token, [&any_iss]),
        Err(Error::IssuerMismatch)
    );
}

#[test]
fn oidc_policies_require_a_scope_when_asked() {
    let policy = Policy::oidc(ISSUER)
        .audience("api")
        .scope("orders/read")
        .algorithms(&[Algorithm::RS256])
        .build()
        .unwrap();
    let with_scope = TestKey::a().token(
        "k1",
        &with(
            access_claims(),
            json!({"aud": "api", "scope": "openid orders/read"}),
        ),
    );
    assert!(policy.verify(&with_scope, &keyset_a(), NOW).is_ok());
    let without = TestKey::a().token(
        "k1",
        &with(access_claims(), json!({"aud": "api", "scope": "openid"})),
    );
    assert_eq!(
        policy.verify(&without, &keyset_a(), NOW).unwrap_err(),
        Error::ScopeMismatch
    );
    let none = TestKey::a().token(
        "k1",
        &with(access_claims(), json!({"aud": "api", "scope": null})),
    );
    assert_eq!(
        policy.verify(&none, &keyset_a(), NOW).unwrap_err(),
        Error::ScopeMismatch
    );
}

#[test]
fn any_token_use_still_requires_id_or_access_and_checks_the_client_claim_it_names() {
    let policy = Policy::cognito(POOL, TokenUse::Access)
        .any_token_use()
        .client_id(CLIENT)
        .build()
        .unwrap();
    let keys = keyset_a();
    assert!(policy
        .verify(&TestKey::a().token("k1", &access_claims()), &keys, NOW)
        .is_ok());
    assert!(policy
        .verify(&TestKey::a().token("k1", &id_claims()), &keys, NOW)
        .is_ok());
    for (changes, code) in [
        (json!({"token_use": "refresh"}), Error::TokenUseMismatch),
        (json!({"token_use": null}), Error::MissingClaim),
        (
            json!({"token_use": "id", "aud": "other"}),
            Error::ClientIdMismatch,
        ),
        (json!({"client_id": "other"}), Error::ClientIdMismatch),
    ] {
        let token = TestKey::a().token("k1", &with(access_claims(), changes.clone()));
        let error = policy.verify(&token, &keys, NOW).unwrap_err();
        assert_eq!(error, code, "{changes}");
    }
    let token = TestKey::a().token(
        "k1",
        &with(access_claims(), json!({"token_use": "id", "aud": "other"})),
    );
    assert_eq!(
        policy
            .failed_assertion(&token, Error::ClientIdMismatch)
            .unwrap()
            .claim,
        "aud"
    );
}

#[test]
fn an_absent_compared_claim_names_what_it_had_to_match() {
    let policy = access_policy();
    let mut claims = access_claims();
    claims.as_object_mut().unwrap().remove("client_id");
    let token = TestKey::a().token("k1", &claims);
    let error = policy.verify(&token, &keyset_a(), NOW).unwrap_err();
    assert_eq!(error, Error::MissingClaim);
    assert_eq!(
        policy.failed_assertion(&token, error),
        failed("client_id", None, &[CLIENT])
    );
    claims.as_object_mut().unwrap().remove("iss");
    let token = TestKey::a().token("k1", &claims);
    assert_eq!(
        policy.failed_assertion(&token, Error::MissingClaim),
        failed("iss", None, &[ISSUER])
    );
    claims.as_object_mut().unwrap().remove("exp");
    let token = TestKey::a().token("k1", &claims);
    assert_eq!(policy.failed_assertion(&token, Error::MissingClaim), None);
}
