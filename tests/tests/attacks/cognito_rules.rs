//! Attacks on Cognito rules: each test is named after what it stops.

use super::*;

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
