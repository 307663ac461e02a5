//! Attacks on the good path: each test is named after what it stops.

use super::*;

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
